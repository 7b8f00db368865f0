//go:build !wasm

package content

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// art builds an article for the index: only the fields search reads.
func art(slug, title, summary string, topics []string, sections ...Section) *Article {
	return &Article{Slug: slug, Title: title, Summary: summary, Topics: topics, ArticleText: ArticleText{Sections: sections}}
}

func sec(id, heading string, text ...string) Section {
	return Section{ID: id, Heading: heading, Text: text}
}

func slugs(hits []Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Article.Slug)
	}
	return out
}

// marked is the snippet with matches in [brackets].
func marked(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Match {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func plain(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

var (
	realOnce  sync.Once
	realIndex *Index
	realErr   error
)

// shipped is the index of the corpus as shipped.
func shipped(t testing.TB) *Index {
	t.Helper()
	realOnce.Do(func() {
		var c *Corpus
		c, realErr = Load(Files, Options{})
		realIndex = NewIndex(c)
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realIndex
}

func TestSections(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want []Section
	}{
		{
			name: "intro, headings, lists, table, questions",
			md: "Intro with a citation.[^1] And *emphasis*.\n\n" +
				"## First part\n\n- item one\n- item **two**[^2]\n\nA paragraph\nover two lines.\n\n" +
				"### A sub part\n\nText.\n\n| Dose | When |\n|---|---|\n| 50 mg | daily |\n\n" +
				"## Questions to ask your doctor\n\n- Is it safe?\n- How long?\n",
			want: []Section{
				{ID: "", Heading: "", Text: []string{"Intro with a citation. And emphasis."}},
				{ID: "first-part", Heading: "First part", Text: []string{"item one", "item two", "A paragraph over two lines."}},
				{ID: "a-sub-part", Heading: "A sub part", Text: []string{"Text.", "Dose · When", "50 mg · daily"}},
				{ID: "questions", Heading: "Questions to ask your doctor", Text: []string{"Is it safe?", "How long?"}},
			},
		},
		{
			name: "no text before the first heading",
			md:   "## Only part\n\nLoose list:\n\n- one\n\n- two\n",
			want: []Section{{ID: "only-part", Heading: "Only part", Text: []string{"Loose list:", "one", "two"}}},
		},
		{
			name: "heading without text",
			md:   "Intro.\n\n## Empty\n\n## Full\n\n> Quoted.\n",
			want: []Section{
				{Text: []string{"Intro."}},
				{ID: "empty", Heading: "Empty"},
				{ID: "full", Heading: "Full", Text: []string{"Quoted."}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderBody([]byte(tt.md)).sections
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sections:\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestSectionsShipped(t *testing.T) {
	c, err := Load(Files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Articles {
		if len(a.Sections) == 0 {
			t.Fatalf("%s: no sections", a.Slug)
		}
		last := a.Sections[len(a.Sections)-1]
		if last.ID != "questions" || last.Heading != QuestionsHeading || len(last.Text) < minQuestions {
			t.Errorf("%s: last section %q #%s with %d items, want the questions", a.Slug, last.Heading, last.ID, len(last.Text))
		}
		ids := map[string]bool{}
		for _, h := range a.Headings {
			ids[h.ID] = true
		}
		for i, s := range a.Sections {
			if s.ID != "" && s.ID != "questions" && !ids[s.ID] {
				t.Errorf("%s: section %q has id %q, not a heading id", a.Slug, s.Heading, s.ID)
			}
			if (s.ID == "") != (i == 0) {
				t.Errorf("%s: section %d %q has id %q", a.Slug, i, s.Heading, s.ID)
			}
			for _, p := range s.Text {
				if strings.Contains(p, "[^") || strings.ContainsAny(p, "<>") {
					t.Errorf("%s: markup in section text %q", a.Slug, p)
				}
			}
		}
	}
}

// ranked is a corpus for the ranking tests: "lithium" is in a different
// field of each article.
func ranked() *Index {
	return NewIndex(&Corpus{Articles: []*Article{
		art("body", "Blood tests", "What to expect.", []string{"a"}, sec("", "", "Lithium needs blood tests.")),
		art("summary", "Mood stabilisers", "About lithium.", []string{"b"}, sec("", "", "Text.")),
		art("heading", "Add-on medicines", "Options.", []string{"a"}, sec("lithium", "Lithium", "Text.")),
		art("title", "Lithium", "A summary.", []string{"b"}, sec("", "", "Text.")),
		art("body-twice", "More tests", "What to expect.", []string{"a"}, sec("", "", "Lithium, and more lithium.")),
		art("body-again", "Other tests", "What to expect.", []string{"b"}, sec("", "", "Lithium too.")),
		art("typo-title", "Lithum", "A misspelt title.", []string{"a"}, sec("", "", "Text.")),
	}})
}

func TestSearchRanking(t *testing.T) {
	ix := ranked()
	tests := []struct {
		query string
		want  []string
	}{
		// Title (8) > heading (4) > typo in title (8 × 0.5) by
		// occurrences > summary (2) > body (1); body ties by occurrences,
		// then corpus order.
		{"lithium", []string{"title", "heading", "typo-title", "summary", "body-twice", "body", "body-again"}},
		{"LITHIUM", []string{"title", "heading", "typo-title", "summary", "body-twice", "body", "body-again"}},
		{"lithium blood", []string{"body"}},
		{"blood lithium tests", []string{"body"}},
		{"tests", []string{"body", "body-twice", "body-again"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := ix.Search(tt.query, nil)
			if !slices.Equal(slugs(got), tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, slugs(got), tt.want)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Score > got[i-1].Score {
					t.Errorf("not best first: %v", got)
				}
			}
		})
	}
	scores := map[string]float64{}
	for _, h := range ix.Search("lithium", nil) {
		scores[h.Article.Slug] = h.Score
	}
	want := map[string]float64{"title": 8, "heading": 4, "typo-title": 4, "summary": 2, "body-twice": 1, "body": 1, "body-again": 1}
	if !reflect.DeepEqual(scores, want) {
		t.Errorf("scores %v, want %v", scores, want)
	}
}

// TestSearchKeyPoints: key points are searched, rank just above the
// summary (below a heading), and give the snippet, named "Key points", when
// they match at least as well as any paragraph of the body.
func TestSearchKeyPoints(t *testing.T) {
	withPoints := func(a *Article, points ...string) *Article { a.KeyPoints = points; return a }
	ix := NewIndex(&Corpus{Articles: []*Article{
		art("body", "Blood tests", "What to expect.", nil, sec("", "", "Lithium needs blood tests.")),
		art("summary", "Mood stabilisers", "About lithium.", nil, sec("", "", "Text.")),
		withPoints(art("key-point", "Add-on medicines", "Options.", nil, sec("", "", "Text.")), "Some add a second medicine.", "Lithium is one option.", "Blood tests check the level."),
		art("heading", "Other add-ons", "Options.", nil, sec("lithium", "Lithium", "Text.")),
		withPoints(art("both", "Monitoring", "Options.", nil, sec("levels", "Levels", "Lithium levels need a blood test every few months.")), "Lithium needs blood tests.", "Two.", "Three."),
	}})
	tests := []struct {
		query   string
		want    []string
		snippet map[string]string // slug: section name, then the snippet with [matches]
	}{
		{"lithium", []string{"heading", "both", "key-point", "summary", "body"}, map[string]string{
			"key-point": "Key points: [Lithium] is one option.",
			"both":      "Key points: [Lithium] needs blood tests.", // a tie with the body: the key point
			"summary":   ": About [lithium].",
		}},
		{"lithium months", []string{"both"}, map[string]string{
			"both": "Levels: [Lithium] levels need a blood test every few [months].", // the body matches more words
		}},
		{"second medicine", []string{"key-point"}, map[string]string{"key-point": "Key points: Some add a [second] [medicine]."}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits := ix.Search(tt.query, nil)
			if !slices.Equal(slugs(hits), tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, slugs(hits), tt.want)
			}
			for _, h := range hits {
				checkSnippet(t, h)
				if want, ok := tt.snippet[h.Article.Slug]; ok {
					if got := h.Section + ": " + marked(h.Snippet); got != want {
						t.Errorf("%s: snippet %q, want %q", h.Article.Slug, got, want)
					}
				}
			}
			for _, h := range hits {
				if h.Section == KeyPointsHeading && h.SectionID != KeyPointsID {
					t.Errorf("%s: key points snippet links to #%s", h.Article.Slug, h.SectionID)
				}
			}
		})
	}
	scores := map[string]float64{}
	for _, h := range ix.Search("lithium", nil) {
		scores[h.Article.Slug] = h.Score
	}
	if want := map[string]float64{"heading": 4, "both": 2.5, "key-point": 2.5, "summary": 2, "body": 1}; !reflect.DeepEqual(scores, want) {
		t.Errorf("scores %v, want %v", scores, want)
	}
}

// matcher is a corpus for the matching tests: one article per case.
func matcher() *Index {
	return NewIndex(&Corpus{Articles: []*Article{
		art("sjogren", "Sjögren's syndrome", "Dry eyes and mouth.", nil),
		art("cafe", "Coffee", "At the café.", nil),
		art("decomposed", "Decomposed", "Cafe\u0301 crème written with combining accents.", nil),
		art("strasse", "Street names", "Hauptstraße.", nil),
		art("nordic", "Nordic", "Søren Kierkegaard and Łódź.", nil),
		art("greek", "Greek", "Ψυχιατρική means psychiatry.", nil),
		art("tms", "Magnetic", "Transcranial magnetic stimulation.", nil),
		art("augmentation", "Adding a medicine", "This is called augmentation.", nil),
		art("therapy", "Talking", "Talking therapy helps.", nil),
		art("relapse", "Coming back", "Relapse is common.", nil),
		art("depression", "Low mood", "Depression is an illness.", nil),
		art("lithium", "Mood", "Lithium works.", nil),
		art("ketamine", "Fast", "Ketamine acts fast.", nil),
		art("crisis", "Call", "Call 988 in the US.", nil),
		art("stopwords", "What is it", "The and of.", nil),
		art("selfharm", "Self-harm", "Help after self-harm.", nil),
		art("dose", "Dosing", "The dose (50 mg, twice a day).", nil),
		art("ect", "ECT", "Electroconvulsive therapy, or ECT, is a treatment.", nil),
	}})
}

func TestSearchMatching(t *testing.T) {
	ix := matcher()
	tests := []struct {
		name, query string
		want        []string
	}{
		{"accent in text", "Sjogren", []string{"sjogren"}},
		{"accent in both", "SJÖGREN", []string{"sjogren"}},
		{"accent in query", "sjögren", []string{"sjogren"}},
		{"cafe finds café", "cafe", []string{"cafe", "decomposed"}},
		{"café finds cafe", "café", []string{"cafe", "decomposed"}},
		{"combining accent in query", "cafe\u0301", []string{"cafe", "decomposed"}},
		{"creme", "creme", []string{"decomposed"}},
		{"sharp s", "hauptstrasse", []string{"strasse"}},
		{"sharp s typed", "straße", []string{}}, // a prefix of a word only
		{"sharp s prefix", "hauptstraße", []string{"strasse"}},
		{"o with stroke", "soren", []string{"nordic"}},
		{"l with stroke", "lodz", []string{"nordic"}},
		{"greek lower-cased", "ΨΥΧΙΑΤΡΙΚΉ", []string{"greek"}},
		{"prefix", "stimul", []string{"tms"}},
		{"prefix of title", "magn", []string{"tms"}},
		{"stem ing to ation", "augmenting", []string{"augmentation"}},
		{"stem plural", "therapies", []string{"ect", "therapy"}},
		{"stem past", "relapsed", []string{"relapse"}},
		{"stem adjective", "depressive", []string{"depression"}},
		{"typo insert", "lithum", []string{"lithium"}},
		{"typo transpose", "ketamnie", []string{"ketamine"}},
		{"typo substitute", "lithiun", []string{"lithium"}},
		{"typo delete", "lithiium", []string{"lithium"}},
		{"no typo under five letters", "doze", []string{}},
		{"typo, letter missing", "lithim", []string{"lithium"}},
		{"two edits", "lytheum", []string{}},
		{"number", "988", []string{"crisis"}},
		{"number prefix", "98", []string{"crisis"}},
		{"digits are not typos", "12345", []string{}},
		{"punctuation splits", "self-harm", []string{"selfharm"}},
		{"punctuation splits query", "harm.self", []string{"selfharm"}},
		{"punctuation in text", "50 mg", []string{"dose"}},
		{"stop words only", "the and of", []string{"stopwords"}},
		{"stop words dropped", "what is lithium", []string{"lithium"}},
		{"stop words dropped for an unmatched word", "the zebra", []string{}},
		{"short words ignored", "x lithium", []string{"lithium"}},
		{"AND", "lithium ketamine", []string{}},
		{"AND across fields", "electroconvulsive ect treat", []string{"ect"}},
		{"repeated word", "lithium lithium LITHIUM", []string{"lithium"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slugs(ix.Search(tt.query, nil))
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchEmpty(t *testing.T) {
	ix := matcher()
	for _, q := range []string{"", "   ", "\t\n", "!!! ...", "a", "a b c", "é", "💊", "zzzzzz"} {
		if got := ix.Search(q, nil); got != nil {
			t.Errorf("Search(%q) = %v, want nil", q, slugs(got))
		}
	}
	if got := NewIndex(&Corpus{}).Search("lithium", nil); got != nil {
		t.Errorf("empty corpus: %v", got)
	}
	if got := NewIndex(nil).Search("lithium", nil); got != nil {
		t.Errorf("nil corpus: %v", got)
	}
}

func TestSearchQuality(t *testing.T) {
	// Exact, prefix and stem matches score above typo matches in the same field.
	ix := NewIndex(&Corpus{Articles: []*Article{
		art("typo", "Lithum", "s", nil),
		art("prefix", "Lithiums", "s", nil),
		art("exact", "Lithium", "s", nil),
	}})
	if got := slugs(ix.Search("lithium", nil)); !slices.Equal(got, []string{"exact", "prefix", "typo"}) {
		t.Errorf("got %v", got)
	}
	ix = NewIndex(&Corpus{Articles: []*Article{
		art("typo", "Relapser", "s", nil),
		art("stem", "Relapse", "s", nil),
	}})
	if got := slugs(ix.Search("relapsed", nil)); !slices.Equal(got, []string{"stem", "typo"}) {
		t.Errorf("got %v", got)
	}
}

func TestSearchTopics(t *testing.T) {
	ix := ranked()
	tests := []struct {
		topics []string
		want   []string
	}{
		{nil, []string{"title", "heading", "typo-title", "summary", "body-twice", "body", "body-again"}},
		{[]string{}, []string{"title", "heading", "typo-title", "summary", "body-twice", "body", "body-again"}},
		{[]string{"a"}, []string{"heading", "typo-title", "body-twice", "body"}},
		{[]string{"b"}, []string{"title", "summary", "body-again"}},
		{[]string{"a", "b"}, []string{"title", "heading", "typo-title", "summary", "body-twice", "body", "body-again"}},
		{[]string{"nope"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.topics), func(t *testing.T) {
			if got := slugs(ix.Search("lithium", tt.topics)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSearchShipped(t *testing.T) {
	ix := shipped(t)
	tests := []struct {
		query, first string
		section      string // expected SectionID of the first hit, if not "-"
	}{
		{"988", "crisis-support", "-"},
		{"lithum", "lithium-and-thyroid-augmentation", "-"},
		{"ketamnie", "iv-ketamine-for-depression", "-"},
		{"augmenting", "", "-"}, // found, whatever comes first
		{"therapies", "", "-"},
		{"relapsed", "", "-"},
		{"stimul", "", "-"},
		{"samaritans", "crisis-support", "-"},
		{"St John's wort", "supplements-and-st-johns-wort", "-"},
		{"crisis plan", "crisis-support", "-"},
		{"questions doctor", "", "questions"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits := ix.Search(tt.query, nil)
			if len(hits) == 0 {
				t.Fatalf("Search(%q): no hits", tt.query)
			}
			if tt.first != "" && hits[0].Article.Slug != tt.first {
				t.Errorf("Search(%q) first = %s, want %s", tt.query, hits[0].Article.Slug, tt.first)
			}
			if tt.section != "-" && hits[0].SectionID != tt.section {
				t.Errorf("Search(%q) section = %q, want %q", tt.query, hits[0].SectionID, tt.section)
			}
			for _, h := range hits {
				checkSnippet(t, h)
			}
		})
	}
	// Every article is found first by its own title.
	for _, a := range ix.arts {
		if hits := ix.Search(a.Title, nil); len(hits) == 0 || hits[0].Article != a {
			t.Errorf("Search(%q): first is %v, want %s", a.Title, slugs(hits), a.Slug)
		}
	}
}

// checkSnippet checks what every snippet promises: plain text of bounded
// length, whole words marked, the section named is the article's.
func checkSnippet(t *testing.T, h Hit) {
	t.Helper()
	text := plain(h.Snippet)
	if n := utf8.RuneCountInString(text); n > 222 {
		t.Errorf("%s: snippet of %d characters: %q", h.Article.Slug, n, text)
	}
	if strings.Contains(text, "[^") || strings.ContainsAny(text, "<>") {
		t.Errorf("%s: markup in snippet %q", h.Article.Slug, text)
	}
	for i, s := range h.Snippet {
		if s.Text == "" {
			t.Errorf("%s: empty span", h.Article.Slug)
		}
		if i > 0 && s.Match == h.Snippet[i-1].Match {
			t.Errorf("%s: spans not merged: %q", h.Article.Slug, marked(h.Snippet))
		}
		if s.Match {
			r, _ := utf8.DecodeRuneInString(s.Text)
			l, _ := utf8.DecodeLastRuneInString(s.Text)
			if !isWordRune(r) || !isWordRune(l) {
				t.Errorf("%s: marked %q", h.Article.Slug, s.Text)
			}
		}
	}
	if h.SectionID == KeyPointsID {
		if h.Section != KeyPointsHeading || len(h.Article.KeyPoints) == 0 {
			t.Errorf("%s: snippet from key points it does not have, or named %q", h.Article.Slug, h.Section)
		}
	} else if h.SectionID != "" {
		found := false
		for _, s := range h.Article.Sections {
			found = found || s.ID == h.SectionID && s.Heading == h.Section
		}
		if !found {
			t.Errorf("%s: section %q #%s not in the article", h.Article.Slug, h.Section, h.SectionID)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := "Electroconvulsive therapy is given under a general anaesthetic, with a muscle relaxant, so you sleep through it. " +
		"A course usually has six to twelve sessions, two or three a week. Memory problems are the main side effect. " +
		"Most improve within weeks of the last session, but some people report gaps in memory of events around the course. " +
		"Lithium is sometimes continued, and the dose may be lowered first."
	ix := NewIndex(&Corpus{Articles: []*Article{
		art("a", "ECT", "What happens during a course of ECT.", nil,
			sec("", "", "Short intro about sessions."),
			sec("what-happens", "What happens?", long),
			sec("memory", "Memory and thinking", "Ask about it."),
			sec("questions", "Questions to ask your doctor", "Will I remember the sessions?", "How long is a course?"),
		),
		art("b", "Exact words", "A summary with no match.", nil,
			sec("", "", "Call 988, or text (988lifeline.org). ECT's effects. Self-harm. “Quoted”."),
		),
	}})
	tests := []struct {
		query          string
		slug           string
		section, id    string
		want           string // the whole snippet, matches in [brackets]; "" to skip
		contains       string // or a part of it
		prefix, suffix bool   // "…" expected at either end
		minLen, maxLen int
	}{
		{query: "short intro", slug: "a", want: "[Short] [intro] about sessions."},
		{query: "exact", slug: "b", want: "A summary with no match."}, // title only: the summary, unmarked
		{query: "happens", slug: "a", section: "What happens?", id: "what-happens", prefix: false, suffix: true, minLen: 160, maxLen: 212},
		{query: "lithium", slug: "a", section: "What happens?", id: "what-happens", prefix: true, suffix: false, minLen: 160, maxLen: 212,
			contains: "[Lithium] is sometimes continued, and the dose may be lowered first."},
		{query: "memory gaps", slug: "a", section: "What happens?", id: "what-happens", prefix: true, suffix: true, minLen: 160, maxLen: 212,
			contains: "report [gaps] in [memory]"},
		{query: "remember", slug: "a", section: "Questions to ask your doctor", id: "questions", want: "Will I [remember] the sessions?"},
		{query: "course long", slug: "a", section: "Questions to ask your doctor", id: "questions", want: "How [long] is a [course]?"},
		{query: "thinking", slug: "a", section: "Memory and thinking", id: "memory", want: "Ask about it."}, // heading match: its section
		{query: "988", slug: "b", want: "Call [988], or text ([988lifeline.org]). ECT's effects. Self-harm. “Quoted”."},
		{query: "ect harm quoted", slug: "b", want: "Call 988, or text (988lifeline.org). [ECT's] effects. [Self-harm]. “[Quoted]”."},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits := ix.Search(tt.query, nil)
			var h *Hit
			for i := range hits {
				if hits[i].Article.Slug == tt.slug {
					h = &hits[i]
				}
			}
			if h == nil {
				t.Fatalf("Search(%q) = %v, want %s", tt.query, slugs(hits), tt.slug)
			}
			checkSnippet(t, *h)
			if h.Section != tt.section || h.SectionID != tt.id {
				t.Errorf("section %q #%s, want %q #%s", h.Section, h.SectionID, tt.section, tt.id)
			}
			got := marked(h.Snippet)
			if tt.want != "" && got != tt.want {
				t.Errorf("snippet\n got %q\nwant %q", got, tt.want)
			}
			if tt.contains != "" && !strings.Contains(got, tt.contains) {
				t.Errorf("snippet %q lacks %q", got, tt.contains)
			}
			if tt.maxLen > 0 {
				text := plain(h.Snippet)
				if n := utf8.RuneCountInString(text); n < tt.minLen || n > tt.maxLen {
					t.Errorf("snippet of %d characters, want %d to %d: %q", n, tt.minLen, tt.maxLen, text)
				}
				if strings.HasPrefix(text, "…") != tt.prefix || strings.HasSuffix(text, "…") != tt.suffix {
					t.Errorf("ellipses: %q", text)
				}
				// Cut at word boundaries: the text between the ellipses is
				// whole words of the paragraph.
				inner := strings.TrimSuffix(strings.TrimPrefix(text, "…"), "…")
				if !strings.Contains(" "+long+" ", " "+inner+" ") && !strings.HasPrefix(long, inner) && !strings.HasSuffix(long, inner) {
					t.Errorf("not cut at words: %q", text)
				}
			}
		})
	}
}

func TestTruncateSpans(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		in   []Span
		want []Span
	}{
		{[]Span{{"short", false}}, []Span{{"short", false}}},
		{[]Span{{long, false}}, []Span{{long[:9] + "…", false}}},
		{[]Span{{long, true}}, []Span{{long[:9], true}, {"…", false}}},
		{[]Span{{"abcd", false}, {long, true}}, []Span{{"abcd", false}, {long[:5], true}, {"…", false}}},
		{[]Span{{"abcdefghi", true}, {long, false}}, []Span{{"abcdefghi", true}, {"…", false}}},
	}
	for _, tt := range tests {
		if got := truncateSpans(slices.Clone(tt.in), 10); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("truncateSpans(%.20v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	same := [][]string{
		{"augment", "augments", "augmented", "augmenting", "augmentation", "augmentations"},
		{"therapy", "therapies"},
		{"relapse", "relapses", "relapsed", "relapsing"},
		{"stimulate", "stimulates", "stimulated", "stimulating", "stimulation"},
		{"depress", "depression", "depressed", "depressing", "depressive", "depresses"},
		{"study", "studies", "studied", "studying"},
		{"stop", "stops", "stopped", "stopping"},
		{"dose", "doses", "dosed", "dosing"},
		{"effect", "effects", "effective"},
		{"relate", "related", "relation"},
		{"trouble", "troubled"},
		{"sad", "sadness"},
	}
	for _, family := range same {
		for _, w := range family {
			if stem(w) != stem(family[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q: want the same", w, stem(w), family[0], stem(family[0]))
			}
		}
	}
	for _, w := range []string{"us", "use", "ect", "tms", "988", "b12", "bring", "thing", "used", "seed", "café", "lithium", "analysis", "stimulus"} {
		if s := stem(w); s != w {
			t.Errorf("stem(%q) = %q, want it unchanged", w, s)
		}
	}
	for _, w := range []string{"", "a", "ss", "sss", "ies", "ied", "eds", "ings", "ation", "ssss", "iesies"} {
		stem(w) // no panic on odd input
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"lithum", "lithium", true},   // insertion
		{"lithiium", "lithium", true}, // deletion
		{"lithiun", "lithium", true},  // substitution
		{"ketamnie", "ketamine", true},
		{"iltium", "lithium", false},
		{"lithium", "lithium", false}, // equal is not an edit
		{"lithum", "lithiums", false},
		{"abcde", "badce", false},
		{"sjögren", "sjogren", true},
		{"sjögren", "sjgören", true}, // transposition of non-ASCII letters
		{"sjögren", "sjgörne", false},
		{"abcdef", "abcdfe", true},
		{"abcdef", "bacdef", true},
		{"abcdef", "abcde", true},
		{"abcdef", "bcdef", true},
	}
	for _, tt := range tests {
		if got := oneEdit([]rune(tt.a), tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := oneEdit([]rune(tt.b), tt.a); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sjögren", "sjogren"},
		{"CAFÉ crème", "cafe creme"},
		{"Cafe\u0301", "cafe"},
		{"Straße", "strasse"},
		{"Æther Œuvre", "aether oeuvre"},
		{"Łódź Søren Þór ĳ", "lodz soren thor ij"},
		{"ÀÁÂÃÄÅ àáâãäå ÇçĆćČč", "aaaaaa aaaaaa cccccc"},
		{"Ψυχή", "ψυχή"},
		{"5×3÷2", "5 3 2"},
		{"self-harm, (988) ECT's", "self harm 988 ect s"},
		{"ſ", "s"},
		{"Ÿ ÿ Ž", "y y z"},
	}
	for _, tt := range tests {
		var words []string
		eachWord(tt.in, nil, func(w []byte, start, end int) {
			words = append(words, string(w))
			if start >= end || end > len(tt.in) {
				t.Errorf("%q: bad offsets %d:%d", tt.in, start, end)
			}
		})
		if got := strings.Join(words, " "); got != tt.want {
			t.Errorf("words of %q = %q, want %q", tt.in, got, tt.want)
		}
	}
	if len(latinFold) != 0x180-0xc0 {
		t.Errorf("latinFold has %d entries", len(latinFold))
	}
	// Every entry is a lower-case ASCII letter, a digit standing for two
	// letters, or a space for the two symbols.
	for i := 0; i < len(latinFold); i++ {
		r := rune(0xc0 + i)
		f := latinFold[i]
		switch {
		case f == ' ':
			if unicode.IsLetter(r) {
				t.Errorf("U+%04X %c is a letter, folded to nothing", r, r)
			}
		case f >= '1' && f <= '5', f >= 'a' && f <= 'z':
			if !unicode.IsLetter(r) {
				t.Errorf("U+%04X %c is not a letter", r, r)
			}
			// The base letter of upper and lower case agree.
			if l := unicode.ToLower(r); l != r && l >= 0xc0 && l < 0x180 && latinFold[l-0xc0] != f {
				t.Errorf("U+%04X %c folds to %c, its lower case to %c", r, r, f, latinFold[l-0xc0])
			}
		default:
			t.Errorf("U+%04X: entry %q", r, f)
		}
	}
}

func TestSearchDeterministic(t *testing.T) {
	ix := shipped(t)
	queries := []string{"depression", "the", "lithium", "ect memory", "de", "tr", "ketamnie"}
	want := map[string][]Hit{}
	for _, q := range queries {
		want[q] = ix.Search(q, nil)
	}
	// Concurrent searches share the index (and its pooled scratch space).
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				q := queries[(g+i)%len(queries)]
				if got := ix.Search(q, nil); !reflect.DeepEqual(got, want[q]) {
					t.Errorf("Search(%q) differs from run to run", q)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"", "lithium", "ketamnie", "the and of", "a b c", "988", "Sjögren's", "cafe\u0301", "ß", "\xff\xfe\x00",
		"self-harm", "ÆæŒœ", "st john's wort", strings.Repeat("depression ", 50), strings.Repeat("x", 5000),
		"💊🧠 ψυχή", "lithium\u0301\u0301\u0301",
	} {
		f.Add(s)
	}
	ix := shipped(f)
	f.Fuzz(func(t *testing.T, q string) {
		start := time.Now()
		hits := ix.Search(q, nil)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Search(%.40q) took %v", q, d)
		}
		for i, h := range hits {
			if h.Article == nil || h.Score <= 0 {
				t.Fatalf("hit %d: %+v", i, h)
			}
			if i > 0 && h.Score > hits[i-1].Score {
				t.Fatalf("not best first")
			}
			checkSnippet(t, h)
		}
		if strings.TrimSpace(q) == "" && hits != nil {
			t.Fatalf("blank query %q has hits", q)
		}
	})
}

// synthetic makes n articles of about 1,000 words each, in 7 sections of 5
// paragraphs and a questions section. Words follow Zipf's law, as in real
// text: the shipped corpus's words, most frequent first, then made-up words
// to a vocabulary of 20,000.
func synthetic(tb testing.TB, n int) *Corpus {
	ix := shipped(tb)
	var vocab []string
	freq := map[string]int32{}
	for _, sh := range ix.shards {
		for t, w := range sh.terms {
			vocab = append(vocab, w)
			for _, p := range sh.posts[sh.post[t]:sh.post[t+1]] {
				freq[w] += p.count
			}
		}
	}
	slices.Sort(vocab)
	slices.SortStableFunc(vocab, func(a, b string) int { return int(freq[b] - freq[a]) })
	rng := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "lo", "mi", "ne", "ra", "to", "vu", "si", "de", "pa", "tr", "on", "ex", "st"}
	for len(vocab) < 20000 {
		w := ""
		for k := 2 + rng.IntN(3); k > 0; k-- {
			w += syll[rng.IntN(len(syll))]
		}
		vocab = append(vocab, w)
	}
	// Zipf over ranks, by inverse transform of a precomputed CDF.
	cdf := make([]float64, len(vocab))
	sum := 0.0
	for i := range cdf {
		sum += 1 / float64(i+1)
		cdf[i] = sum
	}
	word := func() string {
		x := rng.Float64() * sum
		i, _ := slices.BinarySearch(cdf, x)
		return vocab[min(i, len(vocab)-1)]
	}
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ") + "."
	}
	c := &Corpus{}
	for i := range n {
		a := art(fmt.Sprintf("a%d", i), words(6), words(25), []string{fmt.Sprintf("t%d", i%12)})
		for s := range 7 {
			var paras []string
			for range 5 {
				paras = append(paras, words(25))
			}
			a.Sections = append(a.Sections, sec(fmt.Sprintf("s%d", s), words(5), paras...))
		}
		a.Sections = append(a.Sections, sec("questions", QuestionsHeading, words(12), words(12), words(12), words(12)))
		c.Articles = append(c.Articles, a)
	}
	return c
}

var benchQueries = []string{
	"depression",             // a common word
	"lithium thyroid",        // two words, AND
	"stimul",                 // a prefix
	"de",                     // the shortest prefix: many terms
	"augmenting",             // a stem
	"ketamnie",               // a typo
	"the",                    // stop word only: the most frequent word
	"treatment resistant de", // typing a third word
}

// searchPage does what the app does for a search (app/home.go, find): the
// hits, and the snippets of the first page of them (app's searchPage). It
// returns how many hits.
func searchPage(ix *Index, q string) int {
	hits, _ := ix.SearchPage(q, nil, nil, 10)
	return len(hits)
}

func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{16, 1000, 10000} {
		c := synthetic(b, n)
		start := time.Now()
		ix := NewIndex(c)
		build := time.Since(start)
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			hits := 0
			i := 0
			for b.Loop() {
				hits += searchPage(ix, benchQueries[i%len(benchQueries)])
				i++
			}
			b.ReportMetric(float64(hits)/float64(i), "hits/op")
			b.ReportMetric(float64(build.Milliseconds()), "build-ms")
		})
		if n == 1000 {
			for _, q := range benchQueries {
				b.Run(fmt.Sprintf("articles=%d/q=%s", n, q), func(b *testing.B) {
					hits := 0
					for b.Loop() {
						hits = searchPage(ix, q)
					}
					b.ReportMetric(float64(hits), "hits/op")
				})
			}
		}
	}
}

// TestIndexFromShards: the app's index, which reads the search index's
// data files as queries need them, finds what the index built in memory
// finds, in the same order, with the same snippets; a search reads only
// the shards of its words, and only the texts of the hits it cuts
// snippets for.
func TestIndexFromShards(t *testing.T) {
	c, files := shippedBundle(t)
	fetch, fetched := fetcherOf(files)
	read, err := ReadBundle(files[0].Bytes, files[1].Bytes, fetch)
	if err != nil {
		t.Fatal(err)
	}
	want, got := NewIndex(c), read.Index()
	if read.Index() != got {
		t.Fatal("Index gives another index the second time")
	}
	if got.Has("lithium") {
		t.Error("Has before any shard was read")
	}
	for _, q := range []string{"lithium", "ketamine nasal", "relapsed", "lithum", "therapies", "memory loss after ect", "the", "zzzz", "électroconvulsive"} {
		*fetched = (*fetched)[:0]
		hits, err := got.Find(q, nil, nil)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for _, p := range *fetched {
			if !strings.HasPrefix(p, DataPrefix+"search/") {
				t.Errorf("%q: Find read %s", q, p)
			}
		}
		if len(*fetched) > 2*len(strings.Fields(q)) {
			t.Errorf("%q: %d shards read: %v", q, len(*fetched), *fetched)
		}
		if !got.Has(q) {
			t.Errorf("%q: not Has after Find", q)
		}
		*fetched = (*fetched)[:0]
		shown := hits[:min(2, len(hits))]
		got.Snippets(q, shown)
		for _, p := range *fetched {
			if !strings.HasPrefix(p, DataPrefix+"articles/") {
				t.Errorf("%q: Snippets read %s", q, p)
			}
		}
		if len(*fetched) > len(shown) {
			t.Errorf("%q: %d files read for %d snippets", q, len(*fetched), len(shown))
		}
		all := want.Search(q, nil)
		if len(all) != len(hits) {
			t.Fatalf("%q: %d hits from the shards, %d in memory", q, len(hits), len(all))
		}
		for i := range hits {
			if hits[i].Article.Slug != all[i].Article.Slug || hits[i].Score != all[i].Score {
				t.Errorf("%q: hit %d is %s (%v), in memory %s (%v)", q, i, hits[i].Article.Slug, hits[i].Score, all[i].Article.Slug, all[i].Score)
			}
		}
		for i := range shown {
			if g, w := shown[i].Section+": "+marked(shown[i].Snippet), all[i].Section+": "+marked(all[i].Snippet); g != w {
				t.Errorf("%q: snippet %d is %q, in memory %q", q, i, g, w)
			}
		}
	}
}

// TestShardRoundTrip: the shards written for the shipped corpus read back
// as they were, a few files of them, none much over shardBudget.
func TestShardRoundTrip(t *testing.T) {
	c, _ := shippedBundle(t)
	ix := NewIndex(c)
	files, hashes, err := ix.shardFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(hashes) != len(files) || len(files) < 2 || len(files) > len(ix.shards)/10 {
		t.Fatalf("%d files, %d hashes for %d shards", len(files), len(hashes), len(ix.shards))
	}
	var froms []string
	for k := range hashes {
		froms = append(froms, k)
	}
	slices.Sort(froms)
	read := map[string]*shard{}
	for i, from := range froms {
		f := files[i]
		if f.Path != searchDataPath(from, hashes[from]) || f.Path != searchDataPath(from, CorpusHash(f.Bytes)) {
			t.Fatalf("file %d is %s, not named for %q and its hash", i, f.Path, from)
		}
		to := ""
		if i+1 < len(froms) {
			to = froms[i+1]
		}
		shards, err := readShards(f.Path, from, to, f.Bytes, len(c.Articles))
		if err != nil {
			t.Fatal(err)
		}
		for k, sh := range shards {
			read[k] = sh
		}
		if len(shards) > 1 && len(f.Bytes) > shardBudget+200 {
			t.Errorf("%s: %d bytes, %d shards", f.Path, len(f.Bytes), len(shards))
		}
	}
	if !reflect.DeepEqual(read, ix.shards) {
		t.Error("the shards read back differ from those written")
	}
}

// TestReadShardErrors: a search index's file that is not what it should
// be gives an error naming the file and the line, never a panic.
func TestReadShardErrors(t *testing.T) {
	head := func(from string, n int) string {
		return fmt.Sprintf("shards\t%d\t%q\t%d\n", bundleVersion, from, n)
	}
	cases := []struct{ name, data, want string }{
		{"no head", "lithium 0a\n", `f.txt:1: "lithium 0a" is not a record this file has`},
		{"empty", "", "f.txt:1: the file is empty"},
		{"a head cut short", "shards\t14\t\"li\"", "f.txt:1: the shards record has 2 fields, not 3"},
		{"a key unquoted", fmt.Sprintf("shards\t%d\tli\t3\n", bundleVersion), "f.txt:1: the first key li is not a quoted string"},
		{"another version", "shards\t1\t\"li\"\t3\n", "f.txt:1: format version 1, this build reads version"},
		{"another version, in JSON", `{"version":13,"from":"li","articles":3}` + "\n", "f.txt:1: format version 13, this build reads version"},
		{"another range", head("ke", 3), `f.txt:1: the shards from "ke", not from "li"`},
		{"another catalog", head("li", 4), "f.txt:1: made for 4 articles, the catalog has 3"},
		{"no term", head("li", 3), "f.txt: no term"},
		{"not starting at from", head("li", 3) + "lo 0a\n", `f.txt:2: term "lo" is not in this file's shards (from "li" to "me")`},
		{"before from", head("li", 3) + "lithium 0a\nka 0a\n", `f.txt:3: term "ka" is not in this file's shards`},
		{"past to", head("li", 3) + "lithium 0a\nmemory 0a\n", `f.txt:3: term "memory" is not in this file's shards`},
		{"out of order", head("li", 3) + "lithium 0a\nlife 1b\n", `f.txt:3: term "life" is out of order`},
		{"shard out of order", head("li", 3) + "lithium 0a\nlo 0a\nlithium2 0a\n", `f.txt:4: term "lithium2" is out of order`},
		{"twice", head("li", 3) + "lithium 0a\nlithium 1b\n", `f.txt:3: term "lithium" is out of order`},
		{"no posting", head("li", 3) + "lithium\n", `f.txt:2: term "lithium" has no posting`},
		{"empty line", head("li", 3) + "\n", "f.txt:2: no term"},
		{"past the catalog", head("li", 3) + "lithium 1a 2e\n", "f.txt:2: posting 2: article 4 of 3"},
		{"a delta of zero", head("li", 3) + "lithium 1a 0e\n", "f.txt:2: posting 2: no article"},
		{"no field", head("li", 3) + "lithium 1\n", "f.txt:2: posting 1: no field"},
		{"bad field", head("li", 3) + "lithium 1z\n", "f.txt:2: posting 1: no field"},
		{"count of one", head("li", 3) + "lithium 1a1\n", "f.txt:2: posting 1: a count of 1"},
		{"huge count", head("li", 3) + "lithium 1a99999999999\n", "f.txt:2: posting 1: a count of"},
		{"huge delta", head("li", 3) + "lithium 99999999999999a\n", "f.txt:2: posting 1: article"},
		{"two spaces", head("li", 3) + "lithium  1a\n", "f.txt:2: posting 1: no article"},
		{"junk after", head("li", 3) + "lithium 1a2x\n", "f.txt:2: posting 2: a space expected"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readShards("f.txt", "li", "me", []byte(tc.data), 3)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	shards, err := readShards("f.txt", "li", "", []byte(head("li", 3)+"life 2b\nlithium 0a3 2e\nlo 1a\n"), 3)
	if err != nil {
		t.Fatal(err)
	}
	li := shards["li"]
	if want := []posting{{2, 1, 1}, {0, 0, 3}, {2, 4, 1}}; len(shards) != 2 || !reflect.DeepEqual(li.posts, want) || !reflect.DeepEqual(li.terms, []string{"life", "lithium"}) {
		t.Errorf("read %v %v", li.terms, li.posts)
	}
}

// TestShardUnreadable: a shard that cannot be fetched fails the search
// that needs it, naming the file, and is asked for again next time; one
// whose bytes are broken fails for good. Searches needing other shards go
// on.
func TestShardUnreadable(t *testing.T) {
	c, files := shippedBundle(t)
	serve, _ := fetcherOf(files)
	offline, broken := true, ""
	var liPath, kePath string
	read, err := ReadBundle(files[0].Bytes, files[1].Bytes, func(path string) ([]byte, error) {
		switch {
		case path == liPath && offline:
			return nil, errors.New("offline")
		case path == kePath:
			b, err := serve(path)
			return append(b[:len(b):len(b)], []byte(broken)...), err
		}
		return serve(path)
	})
	if err != nil {
		t.Fatal(err)
	}
	ix := read.Index()
	// Three words in three files.
	liPath = ix.fileOf("li").path
	var brokenWord, other string
	for _, w := range []string{"antidepressant", "brain", "sleep", "therapy", "weight", "years"} {
		switch p := ix.fileOf(shardKey(w)).path; {
		case p == liPath:
		case kePath == "":
			kePath, brokenWord = p, w
		case p != kePath:
			other = w
		}
	}
	if other == "" {
		t.Fatalf("the shipped index's files are too few for this test: %d", len(ix.files))
	}
	if _, err := ix.Find("lithium", nil, nil); err == nil || !strings.HasPrefix(err.Error(), liPath+": ") || !strings.Contains(err.Error(), "offline") {
		t.Errorf("lithium, offline: %v", err)
	}
	if hits := ix.Search("lithium", nil); hits != nil {
		t.Errorf("Search with its shard unreadable: %d hits", len(hits))
	}
	if hits, err := ix.Find(other, nil, nil); err != nil || len(hits) == 0 {
		t.Errorf("%s, in another file: %d hits, %v", other, len(hits), err)
	}
	offline = false
	if hits, err := ix.Find("lithium", nil, nil); err != nil || len(hits) != len(NewIndex(c).Search("lithium", nil)) {
		t.Errorf("lithium, back online: %d hits, %v", len(hits), err)
	}
	broken = "zzz x\n"
	for range 2 {
		if _, err := ix.Find(brokenWord, nil, nil); err == nil || !strings.HasPrefix(err.Error(), kePath+":") {
			t.Errorf("%s, broken: %v", brokenWord, err)
		}
		broken = "" // read once: the same error for good
	}
}

// TestSnippetsReadTogether: the hits' files are read several at a time
// (readTexts), since in the browser each read is a wait on storage; and
// never more than textReaders at once.
func TestSnippetsReadTogether(t *testing.T) {
	c, files := shippedBundle(t)
	serve, _ := fetcherOf(files)
	var mu sync.Mutex
	inFlight, most := 0, 0
	read, err := ReadBundle(files[0].Bytes, files[1].Bytes, func(path string) ([]byte, error) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond) // storage answers later
		mu.Lock()
		inFlight--
		mu.Unlock()
		return serve(path)
	})
	if err != nil {
		t.Fatal(err)
	}
	hits := read.Index().Search("depression", nil)
	if len(hits) < 4 || most < 2 || most > textReaders {
		t.Errorf("at most %d files read at once for %d hits, want several, up to %d", most, len(hits), textReaders)
	}
	if want := NewIndex(c).Search("depression", nil); !slices.EqualFunc(hits, want, func(a, b Hit) bool {
		return a.Article.Slug == b.Article.Slug && marked(a.Snippet) == marked(b.Snippet)
	}) {
		t.Error("the hits or snippets differ from the index in memory")
	}
}

// TestIndexFromShardsConcurrent: searches at once on an index reading its
// files (as the app's keystrokes and Prepare may) each read what they need
// and agree with the index in memory (run with -race).
func TestIndexFromShardsConcurrent(t *testing.T) {
	c := readShipped(t, func() *Corpus { c, _ := shippedBundle(t); return c }())
	want := NewIndex(c)
	queries := []string{"lithium", "ketamine", "memory loss", "therapies", "depression", "sleep", "lithum"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				q := queries[(g+i)%len(queries)]
				got := c.Index().Search(q, nil)
				if !slices.EqualFunc(got, want.Search(q, nil), func(a, b Hit) bool {
					return a.Article.Slug == b.Article.Slug && marked(a.Snippet) == marked(b.Snippet)
				}) {
					t.Errorf("%q: differs from the index in memory", q)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzReadShards: any bytes as a search index's file give shards or an
// error naming the file, never a panic; and shards read are searchable.
func FuzzReadShards(f *testing.F) {
	c, _ := shippedBundle(f)
	files, hashes, err := NewIndex(c).shardFiles()
	if err != nil {
		f.Fatal(err)
	}
	for k, h := range hashes {
		for _, file := range files {
			if file.Path == searchDataPath(k, h) {
				f.Add(k, file.Bytes)
			}
		}
	}
	f.Add("li", []byte(fmt.Sprintf(`{"version":%d,"from":"li","articles":3}`, bundleVersion)+"\nlithium 0a3 2e\n"))
	f.Fuzz(func(t *testing.T, from string, b []byte) {
		shards, err := readShards("f.txt", from, "", b, len(c.Articles))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt") {
				t.Fatalf("error without the file's name: %v", err)
			}
			return
		}
		ix := &Index{c: c, arts: c.Articles, shards: shards}
		for k, sh := range shards {
			if len(sh.terms) > 0 {
				ix.Search(sh.terms[0], nil)
				ix.Search(k, nil)
			}
		}
	})
}

// TestCountIn: counting a query word's matches in a block folded once
// (foldedBlocks) gives what folding the block's words afresh and matching
// each (eachWord, hasWord) gives: words that start with the query word,
// not words that hold it further in; accents and case folded; the words a
// stem or a typo adds (extraW) matched whole.
func TestCountIn(t *testing.T) {
	texts := []string{
		"Lithium is sometimes continued; lithium-levels are checked.",
		"Electroconvulsive therapy (ECT): ECT's effects, électroconvulsive séances.",
		"lili lil li ilil, LI. Li-li",
		"Ketamine and esketamine; KETAMINE nasal spray.",
		"",
		"   spaces   only   between   ",
		"Straße, Æsir, naïve — œuvre",
	}
	queries := []struct {
		q    qword
		want []int // per text; nil: only compared with the reference
	}{
		{q: qword{text: "lith"}, want: []int{2, 0, 0, 0, 0, 0, 0}},
		{q: qword{text: "li"}, want: []int{2, 0, 6, 0, 0, 0, 0}},
		{q: qword{text: "convul"}, want: []int{0, 0, 0, 0, 0, 0, 0}},
		{q: qword{text: "electro"}, want: []int{0, 2, 0, 0, 0, 0, 0}},
		{q: qword{text: "ect"}, want: []int{0, 2, 0, 0, 0, 0, 0}},
		{q: qword{text: "ketamine"}, want: []int{0, 0, 0, 2, 0, 0, 0}},
		{q: qword{text: "strasse"}, want: []int{0, 0, 0, 0, 0, 0, 1}},
		{q: qword{text: "aesir"}, want: []int{0, 0, 0, 0, 0, 0, 1}},
		{q: qword{text: "naive"}, want: []int{0, 0, 0, 0, 0, 0, 1}},
		{q: qword{text: "continuing", extraW: map[string]bool{"continued": true, "levels": true}}, want: []int{2, 0, 0, 0, 0, 0, 0}},
		{q: qword{text: "esk", extraW: map[string]bool{"ketamine": true}}, want: []int{0, 0, 0, 3, 0, 0, 0}},
		{q: qword{text: "spaces"}, want: []int{0, 0, 0, 0, 0, 1, 0}},
		{q: qword{text: "oeuvre"}},
		{q: qword{text: "s"}},
		{q: qword{text: "e", extraW: map[string]bool{"s": true, "li": true}}},
	}
	ix := &Index{}
	for _, tt := range queries {
		for i, text := range texts {
			a := &Article{Title: "t", Summary: "s", ArticleText: ArticleText{KeyPoints: []string{text}}}
			block := ix.foldedBlocks(a, nil).block(2) // title, summary, the key point
			got := tt.q.countIn(block)
			want := 0
			eachWord(text, nil, func(w []byte, _, _ int) {
				if tt.q.hasWord(w) {
					want++
				}
			})
			if got != want {
				t.Errorf("%q in %q (folded %q): %d, folding afresh %d", tt.q.text, text, block, got, want)
			}
			if tt.want != nil && got != tt.want[i] {
				t.Errorf("%q in %q: %d, want %d", tt.q.text, text, got, tt.want[i])
			}
		}
	}
}

// TestSnippetsAfterTextRead: a hit whose text could not be read has the
// summary for its snippet; once the text is read, the next search cuts its
// snippet from the text (foldedBlocks keeps no fold of the missing text).
func TestSnippetsAfterTextRead(t *testing.T) {
	_, files := shippedBundle(t)
	fetch, _ := fetcherOf(files)
	full, err := ReadBundle(files[0].Bytes, files[1].Bytes, fetch)
	if err != nil {
		t.Fatal(err)
	}
	a := full.Articles[0]
	if err := full.Text(a); err != nil {
		t.Fatal(err)
	}
	// A word of the body that the title and summary do not have.
	var word string
	head := strings.ToLower(a.Title + " " + a.Summary)
	for _, s := range full.searchText(a) {
		for _, p := range s.Text {
			for _, w := range strings.Fields(p) {
				if len(w) >= 8 && strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 && !strings.Contains(head, w) {
					word = w
				}
			}
		}
	}
	if word == "" {
		t.Fatal("no word of the body to search for")
	}
	down := true
	c, err := ReadBundle(files[0].Bytes, files[1].Bytes, func(path string) ([]byte, error) {
		if down && strings.Contains(path, a.Slug) {
			return nil, errors.New("HTTP 503")
		}
		return fetch(path)
	})
	if err != nil {
		t.Fatal(err)
	}
	snippet := func() string {
		t.Helper()
		f, err := c.Index().FindFor(word, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.Snippets(-1)
		for _, h := range f.Hits {
			if h.Article.Slug == a.Slug {
				return marked(h.Snippet)
			}
		}
		t.Fatalf("%q does not find %s", word, a.Slug)
		return ""
	}
	if got := snippet(); strings.Contains(got, "[") {
		t.Fatalf("with its text unread, the snippet %q has a match", got)
	}
	down = false
	if got := snippet(); !strings.Contains(got, "["+word) && !strings.Contains(strings.ToLower(got), "["+word) {
		t.Errorf("once its text is read, the snippet %q does not mark %q", got, word)
	}
}
