//go:build !wasm

package content

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// compareFixture is a small comparison that passes: two options, every
// row, every source cited. Lines are numbered in the comments where the
// cases below point.
func compareFixture() string {
	var b strings.Builder
	b.WriteString(`reviewed: 2026-11-01
next_review: 2027-06-01
author: "The editors."
funding: "No outside money."
interests: "None."
staying:
  text: "Staying is a choice. 22 out of 100 responded."
  cite: [s1]
options:
`)
	for _, topic := range []string{"ect", "tms"} {
		fmt.Fprintf(&b, "  - topic: %s\n    name: %q\n    covers: \"What the numbers are for.\"\n    cells:\n", topic, strings.ToUpper(topic))
		for _, r := range CompareRows {
			if r.ID == ResultsRow {
				b.WriteString(`      results:
        findings:
          - trial: "A trial"
            outcome: response
            meaning: "Symptoms fell by half."
            after: "after 3 weeks"
            who: "40 adults."
            failed: "At least 2."
            arms:
              - {name: "This", per100: 41}
              - {name: "That", per100: 55}
            cite: [s1]
`)
				continue
			}
			fmt.Fprintf(&b, "      %s:\n        text: \"An answer for %s.\"\n        cite: [s1]\n", r.ID, r.ID)
		}
	}
	b.WriteString(`sources:
  s1:
    authors: "A B."
    title: "A trial"
    publisher: "A journal"
    year: 2023
    doi: "10.1000/x1"
    evidence: "A randomised trial of 40 people."
`)
	return b.String()
}

var compareKnown = map[string]Topic{
	"ect":           {ID: "ect", Label: "ECT"},
	"tms":           {ID: "tms", Label: "TMS"},
	"esk":           {ID: "esk", Label: "Esketamine", ReviewMonths: 6},
	"draft":         {ID: "draft", Label: "Draft", Draft: true},
	"older-adults":  {ID: "older-adults", Label: "Older adults", Group: ForGroup},
	"psychotherapy": {ID: "psychotherapy", Label: "Talking"},
}

func comparePublished() []Topic {
	var out []Topic
	for _, t := range compareKnown {
		if !t.Draft && t.Group == "" {
			out = append(out, t)
		}
	}
	return out
}

// lineOf finds the 1-based line of the nth (from 1) occurrence of s.
func lineOf(src, s string, nth int) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, s) {
			if nth--; nth == 0 {
				return i + 1
			}
		}
	}
	return 0
}

func TestCompareFixturePasses(t *testing.T) {
	c, probs := parseCompare([]byte(compareFixture()), Options{Today: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}, compareKnown, comparePublished())
	if len(probs) > 0 {
		t.Fatalf("the fixture should pass:\n%v", probs)
	}
	if len(c.Options) != 2 || len(c.Options[0].Cells) != len(CompareRows) || c.Options[0].Cells[3].Findings[0].Arms[1].Per100 != 55 {
		t.Fatalf("parsed wrongly: %+v", c)
	}
	if got, ok := c.Selected([]string{"tms", "nope", "ect", "tms"}); !ok || strings.Join(got, ",") != "ect,tms" {
		t.Errorf("Selected = %v, %v; want ect,tms in the file's order", got, ok)
	}
	if _, ok := c.Selected([]string{"ect"}); ok {
		t.Error("one option is not a comparison")
	}
}

// TestCompareProblems: each thing check refuses in compare.yaml, at its
// file and line.
func TestCompareProblems(t *testing.T) {
	base := compareFixture()
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		old, new string // replace the first old with new ("" old: none)
		at       string // the line the problem is on: the nth line containing it
		nth      int
		want     string
	}{
		{"number without a source", "      how:\n        text: \"An answer for how.\"\n        cite: [s1]\n",
			"      how:\n        text: \"It takes 3 weeks.\"\n", "It takes 3 weeks", 1, "has a number but no source"},
		{"cell without a source", "      how:\n        text: \"An answer for how.\"\n        cite: [s1]\n",
			"      how:\n        text: \"An answer for how.\"\n", "An answer for how", 1, "cites no source"},
		{"source not listed", "        text: \"An answer for onset.\"\n        cite: [s1]", "        text: \"An answer for onset.\"\n        cite: [s9]",
			"cite: [s9]", 1, `cites "s9", which is not in sources`},
		{"finding without a source", "            cite: [s1]\n", "", "          - trial:", 1, "has a number but no source"},
		{"missing row", "      access:\n        text: \"An answer for access.\"\n        cite: [s1]\n", "", "  - topic: ect", 1, `missing row "access"`},
		{"unknown row", "      access:", "      price:\n        text: \"x\"\n        cite: [s1]\n      access:", "      price:", 1, `unknown field "price"`},
		{"topic not in topics.yaml", "  - topic: tms", "  - topic: magic", "topic: magic", 1, `topic "magic" is not in topics.yaml`},
		{"a Who it's for entry", "  - topic: tms", "  - topic: older-adults", "topic: older-adults", 1, "not a therapy topic"},
		{"a draft topic", "  - topic: tms", "  - topic: draft", "topic: draft", 1, "is a draft"},
		{"a topic twice", "  - topic: tms", "  - topic: ect", "topic: ect", 2, "listed twice"},
		{"dosing", "An answer for course.", "Take 50 mg each morning.", "Take 50 mg", 1, "reads as dosing"},
		{"dosing by weight", "An answer for course.", "It is given at 0.5 mg/kg.", "mg/kg", 1, "reads as dosing"},
		{"cure claim", "An answer for serious.", "It cures depression.", "It cures", 1, `banned phrase "cures"`},
		{"a percentage", "An answer for common.", "27% had it.", "27% had", 1, `give every number as "X out of 100"`},
		{"one in N", "An answer for common.", "1 in 4 had it.", "1 in 4", 1, `give every number as "X out of 100"`},
		{"relative risk alone", "An answer for common.", "Relapse was twice as likely, an odds ratio of 2.", "odds ratio", 1, "relative measure"},
		{"per100 out of range", "per100: 55}", "per100: 155}", "per100: 155", 1, "whole number from 0 to 100"},
		{"outcome unknown", "outcome: response", "outcome: improved", "outcome: improved", 1, "response or remission"},
		{"finding without time frame", "            after: \"after 3 weeks\"\n", "", "          - trial:", 1, "missing after"},
		{"finding without prior failures", "            failed: \"At least 2.\"\n", "", "          - trial:", 1, "missing failed"},
		{"missing review date", "reviewed: 2026-11-01\n", "", "author:", 0, `missing field "reviewed"`},
		{"review in the future", "reviewed: 2026-11-01", "reviewed: 2026-12-01", "reviewed:", 1, "in the future"},
		{"review overdue", "reviewed: 2026-11-01\nnext_review: 2027-06-01", "reviewed: 2025-01-01\nnext_review: 2025-06-01", "next_review:", 1, "has passed"},
		{"next review too late for a fast topic", "  - topic: tms", "  - topic: esk", "next_review:", 1, `topic "esk" moves fast`},
		{"source never cited", "    doi: \"10.1000/x1\"\n", "    doi: \"10.1000/x1\"\n  s2:\n    authors: \"C D.\"\n    title: \"T\"\n    publisher: \"P\"\n    year: 2020\n    doi: \"10.1000/x2\"\n", "  s2:", 1, `source "s2" is never cited`},
		{"source without a link", "    doi: \"10.1000/x1\"\n", "", "    authors: \"A B.\"", 1, "give at least one of doi, pmid or url"},
		{"sentences too long", "An answer for course.", "It goes on " + strings.Repeat("and on ", 500) + "for ever.", "", 0, "sentences average"},
		{"no funding statement", "funding: \"No outside money.\"\n", "", "", 0, "the comparison: missing funding"},
		{"no conflicts of interest", "interests: \"None.\"\n", "", "", 0, "the comparison: missing interests"},
		{"funding with a cure claim", "No outside money.", "Paid for by people it cured.", "funding:", 1, `banned phrase "cured"`},
		{"source without evidence", "    evidence: \"A randomised trial of 40 people.\"\n", "", "  s1:", 1, `source "s1": missing evidence`},
		{"evidence in another number format", "A randomised trial of 40 people.", "A trial in which 40% took part.", "evidence:", 1, `give every number as "X out of 100"`},
		{"above reading grade 8", "An answer for course.", strings.Repeat("Electroconvulsive neuromodulation necessitates comprehensive anaesthetic evaluation. ", 6), "", 0, "reading grade"},
		{"no staying note", "staying:\n  text: \"Staying is a choice. 22 out of 100 responded.\"\n  cite: [s1]\n", "", "", 0, "missing staying"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(base, tc.old, tc.new, 1)
			if src == base {
				t.Fatalf("the case changed nothing: %q not found", tc.old)
			}
			line := 1
			if tc.nth > 0 {
				line = lineOf(src, tc.at, tc.nth)
			}
			_, probs := parseCompare([]byte(src), Options{Today: today}, compareKnown, comparePublished())
			for _, p := range probs {
				if p.File == CompareFile && p.Line == line && strings.Contains(p.Msg, tc.want) {
					return
				}
			}
			t.Errorf("want %s:%d: ...%s...; got:\n%v", CompareFile, line, tc.want, probs)
		})
	}
}

// TestCompareShipped: the shipped comparison passes check, offers the
// therapies issue 14 asks for, and every finding is "X out of 100" with
// its time frame, its people and their past treatments.
func TestCompareShipped(t *testing.T) {
	c, err := Load(Files, Options{Today: crisisToday})
	if err != nil {
		t.Fatal(err)
	}
	cmp := c.Compare
	if cmp == nil {
		t.Fatal("no compare.yaml")
	}
	if cmp.Funding == "" || cmp.Interests == "" {
		t.Error("the comparison must say who paid for it and the authors' interests")
	}
	if cmp.Readability.Grade == 0 || cmp.Readability.Grade > MaxGrade {
		t.Errorf("the comparison reads at grade %.1f; want at most %.0f", cmp.Readability.Grade, MaxGrade)
	}
	for _, id := range []string{"ect", "tms", "esketamine-ketamine", "augmentation", "psychotherapy"} {
		if cmp.Option(id) == nil {
			t.Errorf("the comparison lacks %s", id)
		}
	}
	for _, o := range cmp.Options {
		for i, cell := range o.Cells {
			if len(cell.Cite) == 0 && CompareRows[i].ID != ResultsRow {
				t.Errorf("%s %s cites nothing", o.Topic, CompareRows[i].ID)
			}
			for _, n := range cell.Cite {
				if cmp.Sources[n-1].Evidence == "" {
					t.Errorf("%s %s cites source %d, which has no evidence note", o.Topic, CompareRows[i].ID, n)
				}
			}
			for _, f := range cell.Findings {
				if f.After == "" || f.Who == "" || f.Failed == "" || f.Meaning == "" || len(f.Arms) == 0 || len(f.Cite) == 0 {
					t.Errorf("%s: finding %q is incomplete", o.Topic, f.Trial)
				}
			}
		}
	}
}
