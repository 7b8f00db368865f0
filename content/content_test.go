//go:build !wasm

package content

import (
	"errors"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

const testTopics = `- id: ect
  label: Electroconvulsive therapy (ECT)
  description: About ECT.
- id: tms
  label: Transcranial magnetic stimulation (TMS)
  description: About TMS.
  review_months: 6
`

// good is a valid article; the table below breaks it one way at a time.
const good = `---
title: "A good article"
summary: "It says what it covers."
key_points:
  - "A course takes a few weeks, with two or three sessions a week."
  - "Memory effects are common and mostly fade within weeks."
  - "Plan with your doctor how to stay well afterwards."
topics: [ect]
reviewed: 2026-11-01
next_review: 2027-11-01
sources:
  # 1
  - authors: "Sackeim HA, et al."
    title: "A trial"
    publisher: "Brain Stimul"
    year: 2008
    doi: "10.1016/j.brs.2008.03.001"
  # 2
  - authors: "NICE"
    title: "Depression in adults"
    publisher: "National Institute for Health and Care Excellence"
    accessed: 2026-11-20
    url: "https://www.nice.org.uk/guidance/ng222"
  # 3
  - authors: "Kellner CH, et al."
    title: "CORE"
    publisher: "Arch Gen Psychiatry"
    year: 2006
    doi: "10.1001/archpsyc.63.12.1337"
  # 4
  - authors: "Sackeim HA, et al."
    title: "Continuation pharmacotherapy"
    publisher: "JAMA"
    year: 2001
    doi: "10.1001/jama.285.10.1299"
---
ECT is given under anaesthesia.[^1] Guidance limits its use.[^2] Relapse is common.[^3][^4]

## What does a course involve?

See [TMS](/articles/other) and [help](/help) and [this part](#what-does-a-course-involve).

| a | b |
|---|---|
| 1 | 2 |

## Questions to ask your doctor

- Why now?
- What else could I try?
- How will we know it works?
- What happens after?
`

const other = `---
title: "Other"
summary: "Another article."
key_points: ["One.", "Two.", "Three."]
topics: [tms]
reviewed: 2026-10-01
next_review: 2027-04-01
sources:
  - authors: "A"
    title: "B"
    publisher: "C"
    year: 2020
    pmid: "123456"
  - authors: "D"
    title: "E"
    publisher: "F"
    year: 2021
    pmid: "234567"
  - authors: "G"
    title: "H"
    publisher: "I"
    year: 2022
    pmid: "345678"
  - authors: "J"
    title: "K"
    publisher: "L"
    year: 2023
    pmid: "456789"
---
Text.[^1][^2][^3][^4]

## Questions to ask your doctor

- One?
- Two?
- Three?
- Four?
`

func corpusFS(articles map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"topics.yaml": {Data: []byte(testTopics)}}
	for name, body := range articles {
		fsys["articles/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

func TestLoadGood(t *testing.T) {
	c, err := Load(corpusFS(map[string]string{"good.md": good, "other.md": other}), Options{Today: today})
	if err != nil {
		t.Fatalf("unexpected problems:\n%v", err)
	}
	if len(c.Articles) != 2 || c.Articles[0].Slug != "good" {
		t.Fatalf("articles not sorted newest review first: %v", c.Articles)
	}
	a := c.Article("good")
	if a.Title != "A good article" || a.Summary == "" || a.Reviewed != time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("front matter: %+v", a)
	}
	if want := []string{"A course takes a few weeks, with two or three sessions a week.", "Memory effects are common and mostly fade within weeks.", "Plan with your doctor how to stay well afterwards."}; !slices.Equal(a.KeyPoints, want) {
		t.Errorf("key points: %q", a.KeyPoints)
	}
	if s := a.Sources[1]; s.Year != 0 || s.Accessed != time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) || !a.Sources[0].Accessed.IsZero() {
		t.Errorf("accessed: %+v", a.Sources[:2])
	}
	if len(a.Sources) != 4 || a.Sources[1].Link() != "https://www.nice.org.uk/guidance/ng222" || a.Sources[0].Link() != "https://doi.org/10.1016/j.brs.2008.03.001" {
		t.Errorf("sources: %+v", a.Sources)
	}
	if c.Article("other").Sources[0].Link() != "https://pubmed.ncbi.nlm.nih.gov/123456/" {
		t.Errorf("pmid link: %s", c.Article("other").Sources[0].Link())
	}
	for _, want := range []string{
		`<sup class="cite"><a href="#src-1" aria-label="Source 1">[1]</a></sup>`,
		`<h2 id="what-does-a-course-involve">What does a course involve?</h2>`,
		`<table>`,
		`<a href="/articles/other">TMS</a>`,
	} {
		if !strings.Contains(a.BodyHTML, want) {
			t.Errorf("body lacks %s\n%s", want, a.BodyHTML)
		}
	}
	if strings.Contains(a.BodyHTML, "Questions to ask") || !strings.Contains(a.QuestionsHTML, "<li>Why now?</li>") {
		t.Errorf("questions not split out:\nbody %s\nquestions %s", a.BodyHTML, a.QuestionsHTML)
	}
	if want := []string{"Why now?", "What else could I try?", "How will we know it works?", "What happens after?"}; !slices.Equal(a.Questions, want) {
		t.Errorf("questions as text: %q", a.Questions)
	}
	if !strings.HasPrefix(a.BodyHTML, `<div class="md">`) || !strings.HasPrefix(a.QuestionsHTML, `<div class="md">`) {
		t.Error("rendered HTML must have a single root for go-app's Raw")
	}
	if len(a.Headings) != 1 || a.Headings[0].ID != "what-does-a-course-involve" {
		t.Errorf("headings: %+v", a.Headings)
	}
	if a.Words < 20 || a.ReadingMinutes() != 1 {
		t.Errorf("words %d, minutes %d", a.Words, a.ReadingMinutes())
	}
}

// TestLoadProblems breaks the good article in one way per row and expects
// check to refuse it with the right line and message.
func TestLoadProblems(t *testing.T) {
	const (
		kp1 = "  - \"A course takes a few weeks, with two or three sessions a week.\"\n"
		kp2 = "  - \"Memory effects are common and mostly fade within weeks.\"\n"
		kp3 = "  - \"Plan with your doctor how to stay well afterwards.\"\n"
	)
	cases := []struct {
		name    string
		edit    func(string) string
		line    int
		message string
	}{
		{"no front matter", func(s string) string { return strings.TrimPrefix(s, "---\n") }, 1, "front matter missing"},
		{"unclosed front matter", func(s string) string { return strings.Replace(s, "\n---\nECT", "\nECT", 1) }, 1, "front matter not closed"},
		{"yaml syntax", func(s string) string { return strings.Replace(s, "reviewed: 2026-11-01", "reviewed: : 2026-11-01", 1) }, 9, "YAML syntax: mapping values are not allowed"},
		{"missing title", func(s string) string { return strings.Replace(s, "title: \"A good article\"\n", "", 1) }, 35, `missing field "title"`},
		{"empty summary", func(s string) string { return strings.Replace(s, `"It says what it covers."`, `""`, 1) }, 3, `field "summary" is empty`},
		{"unknown field", func(s string) string { return strings.Replace(s, "topics:", "titel: x\ntopics:", 1) }, 8, `unknown field "titel"`},
		{"duplicate field", func(s string) string { return strings.Replace(s, "topics: [ect]", "topics: [ect]\ntopics: [tms]", 1) }, 9, `field "topics" is given twice`},
		{"unknown topic", func(s string) string { return strings.Replace(s, "[ect]", "[ect, sleep]", 1) }, 8, `unknown topic "sleep"`},
		{"no topics", func(s string) string { return strings.Replace(s, "[ect]", "[]", 1) }, 8, `"topics" is empty`},
		{"bad date", func(s string) string { return strings.Replace(s, "reviewed: 2026-11-01", "reviewed: 1 Nov 2026", 1) }, 9, `"reviewed" must be a date`},
		{"review in future", func(s string) string {
			return strings.Replace(strings.Replace(s, "reviewed: 2026-11-01", "reviewed: 2026-12-24", 1), "2027-11-01", "2027-12-01", 1)
		}, 9, "in the future"},
		{"next review too far", func(s string) string {
			return strings.Replace(s, "next_review: 2027-11-01", "next_review: 2029-11-02", 1)
		}, 10, "more than 3 years"},
		{"next review passed", func(s string) string {
			return strings.Replace(strings.Replace(s, "reviewed: 2026-11-01", "reviewed: 2023-01-01", 1), "2027-11-01", "2025-01-01", 1)
		}, 10, "has passed"},
		{"next before reviewed", func(s string) string {
			return strings.Replace(s, "next_review: 2027-11-01", "next_review: 2026-10-01", 1)
		}, 10, "must come after"},
		{"source without id", func(s string) string { return strings.Replace(s, "    doi: \"10.1016/j.brs.2008.03.001\"\n", "", 1) }, 13, "give at least one of doi, pmid or url"},
		{"source missing authors", func(s string) string { return strings.Replace(s, `authors: "Sackeim HA, et al."`, `authors: ""`, 1) }, 13, "missing authors"},
		{"bad doi", func(s string) string { return strings.Replace(s, `doi: "10.1016`, `doi: "https://doi.org/10.1016`, 1) }, 13, "doi"},
		{"http url", func(s string) string { return strings.Replace(s, "https://www.nice", "http://www.nice", 1) }, 19, "must start with https://"},
		{"bad year", func(s string) string { return strings.Replace(s, "year: 2008", "year: 208", 1) }, 13, "year must be"},
		{"undefined citation", func(s string) string { return strings.Replace(s, "limits its use.[^2]", "limits its use.[^2][^5]", 1) }, 37, "citation [^5] has no source"},
		{"uncited source", func(s string) string { return strings.Replace(s, "limits its use.[^2]", "limits its use.", 1) }, 19, "source 2 is never cited"},
		{"broken internal link", func(s string) string { return strings.Replace(s, "/articles/other", "/articles/nope", 1) }, 41, `broken internal link "/articles/nope"`},
		{"relative link", func(s string) string { return strings.Replace(s, "(/help)", "(help)", 1) }, 41, "is relative"},
		{"bad fragment", func(s string) string { return strings.Replace(s, "#what-does-a-course-involve", "#nowhere", 1) }, 41, "names no heading"},
		{"javascript link", func(s string) string { return strings.Replace(s, "(/help)", "(javascript:alert(1))", 1) }, 41, "uses javascript:"},
		{"autolink of another scheme", func(s string) string { return strings.Replace(s, "(/help)", "(/help) <ms-app:run>", 1) }, 41, "uses ms-app:"},
		{"raw html block", func(s string) string {
			return strings.Replace(s, "## What does", "<script>alert(1)</script>\n\n## What does", 1)
		}, 39, "raw HTML is not allowed"},
		{"raw html inline", func(s string) string {
			return strings.Replace(s, "is given under", "is <b onclick=x>given</b> under", 1)
		}, 37, "raw HTML is not allowed"},
		{"level-1 heading", func(s string) string { return strings.Replace(s, "## What does", "# What does", 1) }, 39, "level-1 heading"},
		{"image", func(s string) string { return strings.Replace(s, "See [TMS]", "![x](/web/x.png) See [TMS]", 1) }, 41, "images are not supported"},
		{"no questions section", func(s string) string {
			return strings.Replace(s, "## Questions to ask your doctor", "## Other questions", 1)
		}, 52, "missing the closing section"},
		{"bad slug", func(s string) string { return strings.Replace(s, "topics:", "slug: Not_A_Slug\ntopics:", 1) }, 1, "slug"},
		{"too few questions", func(s string) string { return strings.Replace(s, "- What happens after?\n", "", 1) }, 47, `has 3 questions: give 4 to 7`},
		{"link in a question", func(s string) string { return strings.Replace(s, "- Why now?", "- Why [now](/help)?", 1) }, 49, "write it without links or citations"},
		{"citation in a question", func(s string) string {
			return strings.Replace(s, "- What else could I try?", "- What else could I try?[^1]", 1)
		}, 50, "write it without links or citations"},
		{"long summary", func(s string) string { return strings.Replace(s, "It says what it covers.", "One. Two. Three.", 1) }, 3, "summary has 3 sentences"},
		{"suicide without crisis link", func(s string) string {
			return strings.Replace(strings.Replace(s, " and [help](/help)", "", 1), "Relapse is common.", "Suicidal thoughts can return.", 1)
		}, 37, "never links to /help"},
		{"too few sources", func(s string) string {
			s = strings.Replace(s, " Relapse is common.[^3][^4]", "", 1)
			return s[:strings.Index(s, "  # 3")] + s[strings.Index(s, "---\nECT"):]
		}, 13, "only 2 sources: an article needs at least 4"},
		{"banned word in body", func(s string) string { return strings.Replace(s, "is given under", "is a cure given under", 1) }, 37, `banned phrase "cure"`},
		{"banned phrase in summary", func(s string) string {
			return strings.Replace(s, "It says what it covers.", "It is completely safe.", 1)
		}, 3, `summary: banned phrase "completely safe"`},
		{"committed suicide", func(s string) string {
			return strings.Replace(s, "- Why now?", "- Why did my friend commit suicide?", 1)
		}, 49, `banned phrase "commit suicide"`},
		{"missing key points", func(s string) string { return strings.Replace(s, "key_points:\n"+kp1+kp2+kp3, "", 1) }, 32, `missing field "key_points"`},
		{"two key points", func(s string) string { return strings.Replace(s, kp3, "", 1) }, 5, "key_points has 2 points: give exactly 3"},
		{"four key points", func(s string) string { return strings.Replace(s, kp3, kp3+"  - \"One more.\"\n", 1) }, 5, "key_points has 4 points: give exactly 3"},
		{"key points not a list", func(s string) string {
			return strings.Replace(s, "key_points:\n"+kp1+kp2+kp3, "key_points: \"One point.\"\n\n\n\n", 1)
		}, 4, `field "key_points" must be a list of 3 points`},
		{"long key point", func(s string) string {
			return strings.Replace(s, kp2, "  - \"Memory effects are common"+strings.Repeat(" and words", 10)+".\"\n", 1)
		}, 6, "key point 2 has 24 words: keep each to at most 20"},
		{"empty key point", func(s string) string { return strings.Replace(s, kp3, "  - \" \"\n", 1) }, 7, "key point 3 is empty"},
		{"key point not text", func(s string) string { return strings.Replace(s, kp3, "  - [a, b]\n", 1) }, 7, "key point 3 must be text"},
		{"link in key point", func(s string) string { return strings.Replace(s, "a few weeks,", "a few [weeks](/help),", 1) }, 5, "key point 1: plain text only"},
		{"citation in key point", func(s string) string { return strings.Replace(s, "a few weeks,", "a few weeks,[^1]", 1) }, 5, "key point 1: plain text only"},
		{"banned phrase in key point", func(s string) string { return strings.Replace(s, kp3, "  - \"It is not a cure.\"\n", 1) }, 7, `key point 3: banned phrase "cure"`},
		{"neither year nor accessed", func(s string) string { return strings.Replace(s, "    accessed: 2026-11-20\n", "", 1) }, 19, "source 2: give year, the year of publication"},
		{"accessed not a date", func(s string) string {
			return strings.Replace(s, "accessed: 2026-11-20", "accessed: 20 November 2026", 1)
		}, 22, "source 2: accessed must be a date like 2026-11-29"},
		{"accessed in the future", func(s string) string { return strings.Replace(s, "accessed: 2026-11-20", "accessed: 2026-11-26", 1) }, 22, "source 2: accessed 2026-11-26 is in the future"},
		{"accessed without url", func(s string) string {
			return strings.Replace(s, "year: 2008\n", "year: 2008\n    accessed: 2026-11-20\n", 1)
		}, 17, "source 1: accessed is the day a web page was checked: give it with the page's url"},
		{"accessed instead of year with a doi", func(s string) string {
			return strings.Replace(s, "year: 2008\n    doi", "accessed: 2026-11-20\n    url: \"https://example.org/\"\n    doi", 1)
		}, 13, "source 1: a source with a doi or pmid has a publication year"},
		{"fast topic reviewed too late", func(s string) string { return strings.Replace(s, "[ect]", "[ect, tms]", 1) }, 10,
			`next_review 2027-11-01 is more than 6 months after reviewed: topic "tms" moves fast (review_months in topics.yaml), so set it by 2027-05-01`},
		{"heading takes the key points id", func(s string) string {
			return strings.Replace(s, "## What does", "## Key points\n\nMore.\n\n## What does", 1)
		}, 39, `heading "Key points" gets the id "key-points"`},
		{"long sentences", func(s string) string {
			return strings.Replace(s, "ECT is given under anaesthesia.", "ECT is given under anaesthesia"+strings.Repeat(" and then more words follow here", 30)+".", 1)
		}, 37, "sentences average"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.edit(good)
			if src == good {
				t.Fatal("the edit changed nothing")
			}
			_, err := Load(corpusFS(map[string]string{"good.md": src, "other.md": other}), Options{Today: today})
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("no problems reported")
			}
			for _, p := range probs {
				if p.File == "articles/good.md" && p.Line == tc.line && strings.Contains(p.Msg, tc.message) {
					return
				}
			}
			t.Errorf("want articles/good.md:%d: ...%s..., got:\n%v", tc.line, tc.message, err)
		})
	}
}

func TestUnusedTopic(t *testing.T) {
	fsys := corpusFS(map[string]string{"good.md": good, "other.md": other})
	fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(testTopics + "- id: vns-dbs\n  label: VNS\n")}
	_, err := Load(fsys, Options{})
	if err == nil || !strings.Contains(err.Error(), `topics.yaml:8: topic "vns-dbs" has no article`) {
		t.Errorf("unused topic: %v", err)
	}
}

func TestReadabilityAndBanned(t *testing.T) {
	sents := sentences("One two three. Four five? Six, e.g. seven, et al. eight! “Nine.” Ten")
	if len(sents) != 5 {
		t.Errorf("sentences: %q", sents)
	}
	r := readability([]textBlock{{0, "Short one. A much longer sentence with seven words."}, {10, "Three words here."}}, func(p int) int { return p + 1 })
	if r.Sentences != 3 || r.LongestSentence != 7 || r.LongestLine != 1 || r.AverageSentence != 4 {
		t.Errorf("readability: %+v", r)
	}
	cases := map[string]int{
		"ECT is not a cure.": 1,
		"Some clinics promise a “cure” that no trial shows.": 0,
		`Beware of "guaranteed results".`:                    0,
		"Secure, procured, curated and curable words.":       0,
		"He died by suicide.":                                0,
		"She committed  suicide.":                            1,
		"It has NO SIDE EFFECTS, they said.":                 1,
		"A cure-all and a miracle.":                          1, // "cure-all" is not "cure"; "miracle" is
	}
	for text, want := range cases {
		if got := bannedIn(text); len(got) != want {
			t.Errorf("%q: %d banned (%v), want %d", text, len(got), got, want)
		}
	}
}

func TestLoadCorpusProblems(t *testing.T) {
	dup := strings.Replace(other, "topics:", "slug: good\ntopics:", 1)
	_, err := Load(corpusFS(map[string]string{"good.md": good, "zz.md": dup}), Options{Today: today})
	if err == nil || !strings.Contains(err.Error(), `articles/zz.md:1: duplicate slug "good" (also articles/good.md)`) {
		t.Errorf("duplicate slug: %v", err)
	}
	_, err = Load(corpusFS(nil), Options{})
	if err == nil || !strings.Contains(err.Error(), "no articles found") {
		t.Errorf("empty corpus: %v", err)
	}
	fsys := corpusFS(map[string]string{"good.md": good, "other.md": other})
	fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(testTopics + "- id: ect\n  label: again\n")}
	_, err = Load(fsys, Options{})
	if err == nil || !strings.Contains(err.Error(), `topics.yaml:8: duplicate topic id "ect"`) {
		t.Errorf("duplicate topic: %v", err)
	}
}

// TestEveryProblemAtOnce checks that problems in several files are all
// reported in one run, sorted by file and line.
func TestEveryProblemAtOnce(t *testing.T) {
	bad1 := strings.Replace(good, "[ect]", "[nope]", 1)
	bad2 := strings.Replace(other, "pmid: \"123456\"", "pmid: \"12x\"", 1)
	_, err := Load(corpusFS(map[string]string{"a.md": bad1, "b.md": bad2}), Options{Today: today})
	var probs Problems
	if !errors.As(err, &probs) || len(probs) < 2 {
		t.Fatalf("want problems in both files, got %v", err)
	}
	if !sort.SliceIsSorted(probs, func(i, j int) bool { return probs[i].File < probs[j].File }) || probs[0].File != "articles/a.md" {
		t.Errorf("not sorted by file: %v", probs)
	}
	if !strings.Contains(err.Error(), "articles/a.md:8: unknown topic") {
		t.Errorf("message format: %v", err)
	}
}

func TestRenderIsSafeAndDeterministic(t *testing.T) {
	body := []byte("Hello <script>alert(1)</script> [x](javascript:alert(1)) [y](data:text/html,hi) [z](ms-app:run) <ms-app:go> &lt;b&gt;\n\n<img src=x onerror=alert(1)>\n")
	r1, r2 := renderBody(body), renderBody(body)
	if r1.body != r2.body {
		t.Error("rendering is not deterministic")
	}
	for _, bad := range []string{"<script", "javascript:", "data:text", `href="ms-app:`, "onerror", "<img", "<b>"} {
		if strings.Contains(r1.body, bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, r1.body)
		}
	}
}

func TestCitationSyntax(t *testing.T) {
	cases := map[string][]int{
		"a.[^1]":         {1},
		"a.[^1][^12]":    {1, 12},
		"[^x] [^] [^1":   nil,
		"[link](/help)":  nil,
		"a [^2] b [^3].": {2, 3},
	}
	for src, want := range cases {
		r := renderBody([]byte(src))
		var got []int
		for _, c := range r.citations {
			got = append(got, c.n)
		}
		if len(got) != len(want) {
			t.Errorf("%q: citations %v, want %v", src, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: citations %v, want %v", src, got, want)
			}
		}
	}
}

func TestFilter(t *testing.T) {
	c, err := Load(corpusFS(map[string]string{"good.md": good, "other.md": other}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		topics []string
		want   []string
	}{
		{nil, []string{"good", "other"}},
		{[]string{"ect"}, []string{"good"}},
		{[]string{"tms"}, []string{"other"}},
		{[]string{"ect", "tms"}, []string{"good", "other"}},
		{[]string{"nope"}, nil},
	}
	for _, tc := range cases {
		var got []string
		for _, a := range c.Filter(tc.topics) {
			got = append(got, a.Slug)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("Filter(%v) = %v, want %v", tc.topics, got, tc.want)
		}
	}
	if n := c.Counts(); n["ect"] != 1 || n["tms"] != 1 {
		t.Errorf("counts %v", n)
	}
	if !c.HasPath("/topics/ect") || c.HasPath("/topics/nope") || !c.HasPath("/help") || c.HasPath("/articles/") {
		t.Error("HasPath")
	}
}

// TestShippedCorpus checks the real articles, as `check` does.
func TestShippedCorpus(t *testing.T) {
	c, err := Load(Files, Options{Today: time.Now()})
	if err != nil {
		t.Fatalf("the shipped corpus has problems:\n%v", err)
	}
	if len(c.Articles) < 3 {
		t.Errorf("only %d articles", len(c.Articles))
	}
	for _, a := range c.Articles {
		if len(a.Sources) < 4 {
			t.Errorf("%s: %d sources, want at least 4", a.File, len(a.Sources))
		}
	}
}

// TestTopicReviewMonths: a topic's review_months holds next_review closer
// to reviewed, the strictest topic of an article wins, and the message
// names it on the next_review line.
func TestTopicReviewMonths(t *testing.T) {
	topics := `- id: ect
  label: ECT
- id: tms
  label: TMS
  review_months: 12
- id: emerging
  label: Emerging
  review_months: 6
`
	cases := []struct {
		name, topics, reviewed, next string
		want                         string // "" for no problem
	}{
		{"no review_months: three years", "[ect]", "2026-11-01", "2029-11-01", ""},
		{"at the limit", "[tms]", "2026-11-01", "2027-11-01", ""},
		{"a day past the limit", "[tms]", "2026-11-01", "2027-11-02", `articles/good.md:10: next_review 2027-11-02 is more than 12 months after reviewed: topic "tms" moves fast (review_months in topics.yaml), so set it by 2027-11-01`},
		{"strictest topic wins", "[ect, tms, emerging]", "2026-11-01", "2027-06-01", `articles/good.md:10: next_review 2027-06-01 is more than 6 months after reviewed: topic "emerging" moves fast`},
		{"strictest topic, in time", "[tms, emerging]", "2026-11-01", "2027-05-01", ""},
		{"end of a shorter month", "[emerging]", "2026-08-31", "2027-02-28", ""},
		{"after the end of a shorter month", "[emerging]", "2026-08-31", "2027-03-01", "set it by 2027-02-28"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(good, "topics: [ect]", "topics: "+tc.topics, 1)
			src = strings.Replace(src, "reviewed: 2026-11-01", "reviewed: "+tc.reviewed, 1)
			src = strings.Replace(src, "next_review: 2027-11-01", "next_review: "+tc.next, 1)
			fsys := corpusFS(map[string]string{"good.md": src, "other.md": strings.Replace(other, "[tms]", "[ect]", 1)})
			fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(topics)}
			_, err := Load(fsys, Options{}) // unused topics aside, only this rule may complain
			var msgs []string
			var probs Problems
			errors.As(err, &probs)
			for _, p := range probs {
				if !strings.Contains(p.Msg, "has no article") {
					msgs = append(msgs, p.String())
				}
			}
			got := strings.Join(msgs, "\n")
			if tc.want == "" && got != "" || tc.want != "" && (len(msgs) != 1 || !strings.Contains(got, tc.want)) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	fsys := corpusFS(map[string]string{"good.md": good, "other.md": other})
	fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(testTopics + "- id: fast\n  label: Fast\n  review_months: 40\n")}
	if _, err := Load(fsys, Options{}); err == nil || !strings.Contains(err.Error(), `topics.yaml:8: topic "fast": review_months must be 1 to 36, not 40`) {
		t.Errorf("review_months out of range: %v", err)
	}
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from   string
		months int
		want   string
	}{
		{"2026-11-01", 6, "2027-05-01"},
		{"2026-08-31", 6, "2027-02-28"},
		{"2027-08-31", 6, "2028-02-29"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-12-15", 12, "2027-12-15"},
		{"2026-05-31", 36, "2029-05-31"},
	}
	for _, tc := range cases {
		from, _ := time.Parse(DateLayout, tc.from)
		if got := addMonths(from, tc.months).Format(DateLayout); got != tc.want {
			t.Errorf("addMonths(%s, %d) = %s, want %s", tc.from, tc.months, got, tc.want)
		}
	}
}

// TestWarnings: check warns of a next_review within 30 days, on its line,
// without making it a problem; a date already past is a problem instead.
func TestWarnings(t *testing.T) {
	c, err := Load(corpusFS(map[string]string{"good.md": good, "other.md": other}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// good's next_review is 2027-11-01 (line 10); other's 2027-04-01 (line 7).
	cases := []struct {
		today string
		want  string
	}{
		{"2027-09-30", ""},
		{"2027-10-01", ""}, // 31 days ahead
		{"2027-10-02", "articles/good.md:10: next_review 2027-11-01 is in 30 days: review the article against its sources and set new dates"},
		{"2027-10-31", "articles/good.md:10: next_review 2027-11-01 is tomorrow"},
		{"2027-11-01", "articles/good.md:10: next_review 2027-11-01 is today"},
		{"2027-11-02", ""}, // past: Load's problem, not a warning
		{"2027-03-20", "articles/other.md:7: next_review 2027-04-01 is in 12 days"},
	}
	for _, tc := range cases {
		today, _ := time.Parse(DateLayout, tc.today)
		today = today.Add(15 * time.Hour) // any time of the day
		got := c.Warnings(today).Error()
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) || strings.Count(got, "\n") > 0 {
			t.Errorf("today %s: warnings %q, want %q", tc.today, got, tc.want)
		}
		_, err := Load(corpusFS(map[string]string{"good.md": good, "other.md": other}), Options{Today: today})
		if file, _, _ := strings.Cut(tc.want, ":"); tc.want != "" && err != nil && strings.Contains(err.Error(), file) {
			t.Errorf("today %s: a warning became a problem: %v", tc.today, err)
		}
	}
}

// TestOverdue: an article is overdue from the day after next_review, on the
// reader's own calendar.
func TestOverdue(t *testing.T) {
	next := time.Date(2027, 11, 1, 0, 0, 0, 0, time.UTC)
	newYork := time.FixedZone("UTC-5", -5*3600)
	sydney := time.FixedZone("UTC+10", 10*3600)
	cases := []struct {
		name string
		next time.Time
		now  time.Time
		want bool
	}{
		{"the day before", next, time.Date(2027, 10, 31, 12, 0, 0, 0, time.UTC), false},
		{"the day itself, late", next, time.Date(2027, 11, 1, 23, 59, 59, 0, time.UTC), false},
		{"the day after", next, time.Date(2027, 11, 2, 0, 0, 0, 0, time.UTC), true},
		{"years later", next, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"still the day in New York", next, time.Date(2027, 11, 1, 22, 0, 0, 0, newYork), false},
		{"already the next day in Sydney", next, time.Date(2027, 11, 2, 8, 0, 0, 0, sydney), true},
		{"no next_review", time.Time{}, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tc := range cases {
		a := &Article{NextReview: tc.next}
		if got := a.Overdue(tc.now); got != tc.want {
			t.Errorf("%s: Overdue(%v) = %v, want %v", tc.name, tc.now, got, tc.want)
		}
	}
}

// TestWellFormedIdentifiers: wellFormedDOI and wellFormedPMID accept
// exactly what the regular expressions they replaced matched.
func TestWellFormedIdentifiers(t *testing.T) {
	doi := regexp.MustCompile(`^10\.\d{4,9}/\S+$`)
	pmid := regexp.MustCompile(`^\d{1,9}$`)
	for _, s := range []string{
		"", "10.", "10.1016/j.brs.2008.03.001", "10.1016/", "10.101/x", "10.123456789/x", "10.1234567890/x",
		"10.1016/a b", "10.1016/a\tb", "10.1016/a\vb", "10.1016/a\u00a0b", "10.1016/a/b/c", "10.1016//",
		"11.1016/x", "10,1016/x", "10.10a6/x", " 10.1016/x", "10.1016/x\n", "10.1016/\xff", "10.１２３４/x",
		"1", "123456789", "1234567890", "12a", "-1", "１２", "0",
	} {
		if got, want := wellFormedDOI(s), doi.MatchString(s); got != want {
			t.Errorf("wellFormedDOI(%q) = %v, the pattern says %v", s, got, want)
		}
		if got, want := wellFormedPMID(s), pmid.MatchString(s); got != want {
			t.Errorf("wellFormedPMID(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
