//go:build !wasm

package content

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// The health-content rules a comparison's text must keep, besides the
// banned phrases every article keeps (bannedIn): one number format, "X out
// of 100", everywhere (decision aids must not mix "27%" with "1 in 4" or
// "18 out of 100"); absolute numbers, never relative measures alone; and
// no dosing.
var (
	otherFormat = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\d\s*%|\bper\s*cent\b|\bpercent|\b\d+\s+in\s+\d+\b`)
	})
	relative = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(odds ratio|hazard ratio|relative risk|risk ratio|number needed to|NNT|times (as|more|less) likely|(half|twice|double|halves|doubles) the (risk|chance))\b`)
	})
	dosing = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b\d+(\.\d+)?\s*(mg|mcg|µg|μg|g|ml|mmol|iu|units?)\b|/kg\b|\bper\s+kilogram|\b(once|twice|\d+\s+times)\s+(a|per)\s+day\b|\b(take|taking)\s+\d`)
	})
	hasDigit = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d`) })
)

// contentRules returns what is wrong with a text of the comparison.
func contentRules(text string) []string {
	var out []string
	if m := otherFormat().FindString(text); m != "" {
		out = append(out, fmt.Sprintf("%q: give every number as \"X out of 100\" (one format throughout)", m))
	}
	if m := relative().FindString(text); m != "" {
		out = append(out, fmt.Sprintf("%q is a relative measure: give absolute numbers, \"X out of 100\"", m))
	}
	if m := dosing().FindString(text); m != "" {
		out = append(out, fmt.Sprintf("%q reads as dosing: the comparison never gives doses or how to take a medicine", m))
	}
	return append(out, bannedIn(text)...)
}

// loadCompare reads and checks compare.yaml. A corpus without the file has
// no comparison (nil, no problems): /compare then says none is published.
// known is the taxonomy by id (drafts included); published are the ids of
// the therapy topics the corpus shows.
func loadCompare(fsys fs.FS, opt Options, known map[string]Topic, published []Topic) (*Comparison, Problems) {
	src, err := fs.ReadFile(fsys, CompareFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, Problems{{File: CompareFile, Msg: err.Error()}}
	}
	return parseCompare(src, opt, known, published)
}

// parseCompare parses and checks the comparison's YAML.
func parseCompare(src []byte, opt Options, known map[string]Topic, published []Topic) (*Comparison, Problems) {
	f := &front{file: CompareFile, first: 1}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		f.yamlError(err)
		return nil, f.probs
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		f.add(1, "expected a mapping with reviewed, next_review, author, funding, interests, staying, sources and options")
		return nil, f.probs
	}
	top := f.fields(root.Content[0], "the comparison", "reviewed", "next_review", "author", "funding", "interests", "staying", "sources", "options")
	c := &Comparison{}
	c.Author = f.str(top, "author", "the comparison", 1, true)
	c.Reviewed = f.date(top, "reviewed", 1)
	c.NextReview = f.date(top, "next_review", 1)

	// The sources: a mapping from the key cells cite to the reference.
	// They are numbered in the file's order.
	keys := map[string]int{}
	keyLine := map[string]int{}
	if s := top["sources"]; s == nil || s.Kind != yaml.MappingNode || len(s.Content) == 0 {
		f.add(1, "sources must be a mapping from a short key (cited as cite: [key]) to its reference")
	} else {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Line: s.Line}
		for i := 0; i+1 < len(s.Content); i += 2 {
			k := s.Content[i]
			if _, dup := keys[k.Value]; dup {
				f.add(f.at(k), "source %q is given twice", k.Value)
				continue
			}
			keys[k.Value] = len(seq.Content) + 1
			keyLine[k.Value] = f.at(k)
			seq.Content = append(seq.Content, s.Content[i+1])
		}
		c.Sources = f.sources(map[string]*yaml.Node{"sources": seq}, 1, opt)
	}
	cited := map[string]bool{}
	cite := func(n *yaml.Node, what string, at int, number bool) []int {
		if n == nil || n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
			if number {
				f.add(at, "%s has a number but no source: give cite: [key] from sources", what)
			} else {
				f.add(at, "%s cites no source: give cite: [key] from sources", what)
			}
			return nil
		}
		var out []int
		for _, k := range n.Content {
			num, ok := keys[k.Value]
			if !ok {
				f.add(f.at(k), "%s cites %q, which is not in sources", what, k.Value)
				continue
			}
			cited[k.Value] = true
			out = append(out, num)
		}
		return out
	}
	// blocks are the comparison's sentences, with their lines, for the
	// same readability limit as an article's.
	var blocks []textBlock
	text := func(fields map[string]*yaml.Node, key, what string, at int, required bool) string {
		v := f.str(fields, key, what, at, required)
		for _, msg := range contentRules(v) {
			f.add(f.at(fields[key]), "%s: %s", what, msg)
		}
		if v != "" {
			blocks = append(blocks, textBlock{pos: f.at(fields[key]), text: v})
		}
		return v
	}
	// cell reads a text cell: its text and its citations.
	cell := func(n *yaml.Node, what string) CompareCell {
		fields := f.fields(n, what, "text", "cite")
		at := f.at(n)
		t := text(fields, "text", what, at, true)
		return CompareCell{Text: t, Cite: cite(fields["cite"], what, at, hasDigit().MatchString(t))}
	}

	// A decision aid says who paid for it and what ties its authors have
	// (IPDAS): both are required, in plain words like the rest.
	c.Funding = text(top, "funding", "the comparison", 1, true)
	c.Interests = text(top, "interests", "the comparison", 1, true)
	// Every source says what kind of evidence it is, for the note under
	// each cell that cites it.
	if s := top["sources"]; s != nil && s.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(s.Content); i += 2 {
			k := s.Content[i]
			n, ok := keys[k.Value]
			if !ok || n > len(c.Sources) || keyLine[k.Value] != f.at(k) {
				continue // a duplicate key, reported above
			}
			fields := map[string]*yaml.Node{}
			if m := s.Content[i+1]; m.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(m.Content); j += 2 {
					fields[m.Content[j].Value] = m.Content[j+1]
				}
			}
			c.Sources[n-1].Evidence = text(fields, "evidence", fmt.Sprintf("source %q", k.Value), f.at(k), true)
		}
	}

	if s := top["staying"]; s == nil {
		f.add(1, "missing staying: what staying on the current treatment means, with its source")
	} else {
		c.Staying = cell(s, "staying")
	}

	topicIDs := map[string]bool{}
	for _, t := range published {
		topicIDs[t.ID] = true
	}
	opts := top["options"]
	switch {
	case opts == nil:
		f.add(1, "missing options: the therapy topics a reader can compare")
	case opts.Kind != yaml.SequenceNode || len(opts.Content) < CompareMin:
		f.add(f.at(opts), "options must be a list of at least %d therapy topics", CompareMin)
	default:
		seen := map[string]bool{}
		for _, item := range opts.Content {
			fields := f.fields(item, "option", "topic", "name", "covers", "cells")
			at := f.at(item)
			o := CompareOption{Topic: f.str(fields, "topic", "option", at, true)}
			what := "option " + o.Topic
			switch t := known[o.Topic]; {
			case o.Topic == "":
			case t.ID == "":
				f.add(f.at(fields["topic"]), "topic %q is not in topics.yaml", o.Topic)
			case t.Group != "":
				f.add(f.at(fields["topic"]), "topic %q is a \"Who it's for\" entry, not a therapy topic", o.Topic)
			case !topicIDs[o.Topic]:
				f.add(f.at(fields["topic"]), "topic %q is a draft: publish it before comparing it", o.Topic)
			case seen[o.Topic]:
				f.add(f.at(fields["topic"]), "topic %q is listed twice", o.Topic)
			}
			seen[o.Topic] = true
			o.Name = text(fields, "name", what, at, true)
			o.Covers = text(fields, "covers", what, at, true)
			cells := map[string]*yaml.Node{}
			if cs := fields["cells"]; cs == nil || cs.Kind != yaml.MappingNode {
				f.add(at, "%s: cells must be a mapping from each row (%s) to its answer", what, rowIDs())
			} else {
				known := make([]string, len(CompareRows))
				for i, r := range CompareRows {
					known[i] = r.ID
				}
				cells = f.fields(cs, what+" cells", known...)
			}
			for _, r := range CompareRows {
				n := cells[r.ID]
				cw := fmt.Sprintf("%s, row %s", what, r.ID)
				switch {
				case n == nil:
					f.add(at, "%s: missing row %q (%s): every option answers every row", what, r.ID, r.Question)
					o.Cells = append(o.Cells, CompareCell{})
				case r.ID == ResultsRow:
					o.Cells = append(o.Cells, CompareCell{Findings: f.findings(n, cw, text, cite)})
				default:
					o.Cells = append(o.Cells, cell(n, cw))
				}
			}
			c.Options = append(c.Options, o)
		}
	}

	for k, line := range keyLine {
		if !cited[k] {
			f.add(line, "source %q is never cited: cite it or remove it", k)
		}
	}
	r := readability(blocks, func(line int) int { return line })
	if r.AverageSentence > MaxAverageSentence {
		f.add(1, "sentences average %.1f words (at most %.0f): split long ones; the longest, %d words, is at line %d",
			r.AverageSentence, MaxAverageSentence, r.LongestSentence, r.LongestLine)
	}
	if r.Grade > MaxGrade {
		f.add(1, "reading grade %.1f (Flesch–Kincaid) is above %.0f: use shorter words and sentences; the hardest sentence is at line %d",
			r.Grade, MaxGrade, r.HardestLine)
	}
	c.Readability = r
	f.compareDates(c, top, opt, known)
	slices.SortStableFunc(f.probs, func(a, b Problem) int { return a.Line - b.Line })
	return c, f.probs
}

func rowIDs() string {
	ids := make([]string, len(CompareRows))
	for i, r := range CompareRows {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

// findings reads the results row: a list of trial findings, each with its
// outcome, what it meant, the time frame, who was in the trial, how many
// treatments had failed before, and each arm as "X out of 100".
func (f *front) findings(n *yaml.Node, what string,
	text func(map[string]*yaml.Node, string, string, int, bool) string,
	cite func(*yaml.Node, string, int, bool) []int) []Finding {
	fields := f.fields(n, what, "findings")
	list := fields["findings"]
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		f.add(f.at(n), "%s: give findings: a list of trial results as \"X out of 100\"", what)
		return nil
	}
	var out []Finding
	for i, item := range list.Content {
		fw := fmt.Sprintf("%s, finding %d", what, i+1)
		ff := f.fields(item, fw, "trial", "outcome", "meaning", "after", "who", "failed", "arms", "range", "note", "cite")
		at := f.at(item)
		r := Finding{
			Trial:   text(ff, "trial", fw, at, true),
			Outcome: f.str(ff, "outcome", fw, at, true),
			Meaning: text(ff, "meaning", fw, at, true),
			After:   text(ff, "after", fw, at, true),
			Who:     text(ff, "who", fw, at, true),
			Failed:  text(ff, "failed", fw, at, true),
			Range:   text(ff, "range", fw, at, false),
			Note:    text(ff, "note", fw, at, false),
		}
		if r.Outcome != "" && r.Outcome != "response" && r.Outcome != "remission" {
			f.add(f.at(ff["outcome"]), "%s: outcome must be response or remission, not %q", fw, r.Outcome)
		}
		arms := ff["arms"]
		if arms == nil || arms.Kind != yaml.SequenceNode || len(arms.Content) == 0 {
			f.add(at, "%s: arms must list each group as {name: ..., per100: N}, this option's first", fw)
		} else {
			for _, a := range arms.Content {
				af := f.fields(a, fw+" arm", "name", "per100")
				arm := Arm{Name: text(af, "name", fw+" arm", f.at(a), true)}
				p := af["per100"]
				if p == nil || p.Kind != yaml.ScalarNode || p.Decode(&arm.Per100) != nil || arm.Per100 < 0 || arm.Per100 > 100 {
					f.add(f.at(a), "%s: per100 must be a whole number from 0 to 100 (how many out of 100)", fw)
				}
				r.Arms = append(r.Arms, arm)
			}
		}
		r.Cite = cite(ff["cite"], fw, at, true)
		out = append(out, r)
	}
	return out
}

// compareDates checks reviewed and next_review like an article's: next
// review after the review, at most three years later, and no later than
// the strictest review_months of the compared topics; with a today, not
// reviewed in the future and not overdue.
func (f *front) compareDates(c *Comparison, top map[string]*yaml.Node, opt Options, known map[string]Topic) {
	if c.Reviewed.IsZero() || c.NextReview.IsZero() {
		return
	}
	next := f.at(top["next_review"])
	limit := c.Reviewed.AddDate(maxReviewGap, 0, 0)
	why := fmt.Sprintf("%d years", maxReviewGap)
	for _, o := range c.Options {
		if t := known[o.Topic]; t.ReviewMonths > 0 {
			if l := addMonths(c.Reviewed, t.ReviewMonths); l.Before(limit) {
				limit, why = l, fmt.Sprintf("%d months: topic %q moves fast", t.ReviewMonths, t.ID)
			}
		}
	}
	switch {
	case !c.NextReview.After(c.Reviewed):
		f.add(next, "next_review %s must come after reviewed %s", c.NextReview.Format(DateLayout), c.Reviewed.Format(DateLayout))
	case c.NextReview.After(limit):
		f.add(next, "next_review %s is more than %s after reviewed: set it by %s", c.NextReview.Format(DateLayout), why, limit.Format(DateLayout))
	}
	if opt.Today.IsZero() {
		return
	}
	today := opt.Today.UTC().Truncate(24 * time.Hour)
	if c.Reviewed.After(today) {
		f.add(f.at(top["reviewed"]), "reviewed %s is in the future", c.Reviewed.Format(DateLayout))
	}
	if c.NextReview.Before(today) {
		f.add(next, "next_review %s has passed: review the comparison against its sources and set new dates", c.NextReview.Format(DateLayout))
	}
}
