//go:build !wasm

package content

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// forTopics is testTopics (lines 1-7) followed by a "Who it's for" group:
// carers at line 8, older at line 12, the draft young at line 15.
const forTopics = testTopics + `- id: carers
  group: for
  label: Families and carers
  description: For the people close to someone with depression.
- id: older
  group: for
  label: Older adults
- id: young
  group: for
  label: Young people (under 25)
  draft: true
`

// forFS is the fixtures with the group: good is for carers (its for line is
// 9), other for older.
func forFS(goodSrc, otherSrc string) fstest.MapFS {
	fsys := corpusFS(map[string]string{"good.md": goodSrc, "other.md": otherSrc})
	fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(forTopics)}
	return fsys
}

var (
	goodFor  = strings.Replace(good, "topics: [ect]\n", "topics: [ect]\nfor: [carers]\n", 1)
	otherFor = strings.Replace(other, "topics: [tms]\n", "topics: [tms]\nfor: [older]\n", 1)
)

func TestForGroupLoad(t *testing.T) {
	c, err := Load(forFS(goodFor, otherFor), Options{Today: today})
	if err != nil {
		t.Fatalf("unexpected problems:\n%v", err)
	}
	var topicIDs, forIDs []string
	for _, tp := range c.Topics {
		topicIDs = append(topicIDs, tp.ID)
	}
	for _, tp := range c.For {
		forIDs = append(forIDs, tp.ID)
	}
	// The groups are kept apart, in taxonomy order; the draft is left out.
	if !slices.Equal(topicIDs, []string{"ect", "tms"}) || !slices.Equal(forIDs, []string{"carers", "older"}) {
		t.Errorf("topics %v, for %v", topicIDs, forIDs)
	}
	if e := c.ForEntry("carers"); e == nil || e.Label != "Families and carers" || e.Description == "" || e.Group != ForGroup {
		t.Errorf("ForEntry(carers) = %+v", e)
	}
	if c.ForEntry("young") != nil || c.ForEntry("ect") != nil || c.Topic("carers") != nil {
		t.Error("a draft, or an entry of the other group, is found")
	}
	if got := c.Article("good").For; !slices.Equal(got, []string{"carers"}) {
		t.Errorf("good is for %v", got)
	}
	if got := c.Article("other").For; !slices.Equal(got, []string{"older"}) {
		t.Errorf("other is for %v", got)
	}
	if n := c.Counts(); n["carers"] != 1 || n["older"] != 1 || n["ect"] != 1 {
		t.Errorf("counts %v", n)
	}
	// A page per published entry: routed, written and precached; none for a draft.
	paths := c.Paths()
	if !slices.Contains(paths, "/for/carers") || !slices.Contains(paths, "/for/older") || slices.Contains(paths, "/for/young") {
		t.Errorf("paths %v", paths)
	}
	if !c.HasPath("/for/carers") || c.HasPath("/for/young") || c.HasPath("/for/ect") || c.HasPath("/topics/carers") {
		t.Error("HasPath is wrong about /for/ pages")
	}

	// No for field at all is fine: the field is optional.
	if _, err := Load(forFS(goodFor, other), Options{Today: today}); err == nil || !strings.Contains(err.Error(), `topics.yaml:12: "Who it's for" entry "older" has no article`) {
		t.Errorf("an entry without an article: %v", err)
	}
	// An article may name a draft entry; it stays unpublished.
	c, err = Load(forFS(strings.Replace(goodFor, "[carers]", "[carers, young]", 1), otherFor), Options{Today: today})
	if err != nil {
		t.Fatalf("an article naming a draft entry: %v", err)
	}
	if !c.Article("good").IsFor("young") || c.ForEntry("young") != nil {
		t.Error("the draft entry should be carried by the article but not published")
	}
	// Without its draft mark, an entry with no article is refused like a topic.
	fsys := forFS(goodFor, otherFor)
	fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(forTopics, "  draft: true\n", "", 1))}
	if _, err := Load(fsys, Options{Today: today}); err == nil || !strings.Contains(err.Error(), `topics.yaml:15: "Who it's for" entry "young" has no article`) {
		t.Errorf("a published entry without an article: %v", err)
	}
	// Drafts work for therapy types too.
	fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(forTopics + "- id: vns-dbs\n  label: VNS\n  draft: true\n")}
	if c, err := Load(fsys, Options{Today: today}); err != nil || c.Topic("vns-dbs") != nil || slices.Contains(c.Paths(), "/topics/vns-dbs") {
		t.Errorf("a draft topic: %v", err)
	}
}

// TestForGroupProblems: each mistake with the group is refused at its file
// and line.
func TestForGroupProblems(t *testing.T) {
	cases := []struct {
		name        string
		good, taxon string // edits of goodFor and forTopics; "" keeps it
		file        string
		line        int
		message     string
	}{
		{"unknown entry", strings.Replace(goodFor, "[carers]", "[carers, teens]", 1), "", "articles/good.md", 9, `unknown "Who it's for" entry "teens"`},
		{"a topic under for", strings.Replace(goodFor, "[carers]", "[ect]", 1), "", "articles/good.md", 9, `"ect" is a therapy topic, not a "Who it's for" entry: list it under topics`},
		{"an entry under topics", strings.Replace(goodFor, "topics: [ect]", "topics: [ect, carers]", 1), "", "articles/good.md", 8, `"carers" is a "Who it's for" entry, not a topic: list it under for`},
		{"not a list", strings.Replace(goodFor, "[carers]", "carers", 1), "", "articles/good.md", 9, `field "for" must be a list`},
		{"empty", strings.Replace(goodFor, "[carers]", "[]", 1), "", "articles/good.md", 9, `field "for" is empty`},
		{"twice", strings.Replace(goodFor, "[carers]", "[carers, carers]", 1), "", "articles/good.md", 9, `"Who it's for" entry "carers" is listed twice`},
		{"not an id", strings.Replace(goodFor, "[carers]", "[[carers]]", 1), "", "articles/good.md", 9, `"Who it's for" entry must be an id`},
		{"unused entry", good, "", "topics.yaml", 8, `"Who it's for" entry "carers" has no article`},
		{"unknown group", "", strings.Replace(forTopics, "group: for\n  label: Older", "group: audience\n  label: Older", 1), "topics.yaml", 12, `group "audience" is unknown`},
		{"id in both groups", "", forTopics + "- id: ect\n  group: for\n  label: ECT again\n", "topics.yaml", 19, `duplicate topic id "ect"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := goodFor
			if tc.good != "" {
				src = tc.good
			}
			fsys := forFS(src, otherFor)
			if tc.taxon != "" {
				fsys["topics.yaml"] = &fstest.MapFile{Data: []byte(tc.taxon)}
			}
			_, err := Load(fsys, Options{Today: today})
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("no problems reported")
			}
			for _, p := range probs {
				if p.File == tc.file && p.Line == tc.line && strings.Contains(p.Msg, tc.message) {
					return
				}
			}
			t.Errorf("want %s:%d: ...%s..., got:\n%v", tc.file, tc.line, tc.message, err)
		})
	}
}

// TestFilterBy: OR within a group, AND across the two, in corpus order.
func TestFilterBy(t *testing.T) {
	a := func(slug string, topics, forIDs []string) *Article {
		return &Article{Slug: slug, Topics: topics, For: forIDs}
	}
	c := &Corpus{Articles: []*Article{
		a("a", []string{"ect"}, []string{"carers"}),
		a("b", []string{"tms"}, []string{"older"}),
		a("c", []string{"ect", "tms"}, nil),
		a("d", []string{"ect"}, []string{"carers", "older"}),
		a("e", []string{"psychotherapy"}, []string{"young"}),
	}}
	cases := []struct {
		topics, forIDs []string
		want           string
	}{
		{nil, nil, "a,b,c,d,e"},
		{[]string{"ect"}, nil, "a,c,d"},
		{[]string{"ect", "tms"}, nil, "a,b,c,d"},
		{nil, []string{"carers"}, "a,d"},
		{nil, []string{"carers", "older"}, "a,b,d"},                    // OR within the group
		{[]string{"ect"}, []string{"carers"}, "a,d"},                   // AND across groups
		{[]string{"ect", "tms"}, []string{"older"}, "b,d"},             // both at once
		{[]string{"tms"}, []string{"carers"}, ""},                      // nothing carries both
		{[]string{"psychotherapy"}, []string{"young"}, "e"},            //
		{nil, []string{"nope"}, ""},                                    // unknown ids match nothing
		{[]string{"nope"}, []string{"carers"}, ""},                     //
		{[]string{}, []string{}, "a,b,c,d,e"},                          // empty is no condition
		{[]string{"ect"}, []string{"carers", "nope"}, "a,d"},           //
		{[]string{"tms", "ect"}, []string{"older", "carers"}, "a,b,d"}, // the order of ids does not matter
	}
	for _, tc := range cases {
		var got []string
		for _, x := range c.FilterBy(tc.topics, tc.forIDs) {
			got = append(got, x.Slug)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("FilterBy(%v, %v) = %v, want %s", tc.topics, tc.forIDs, got, tc.want)
		}
	}
	if got := c.Filter([]string{"tms"}); len(got) != 2 {
		t.Errorf("Filter is FilterBy without the group: %d", len(got))
	}
}

// TestSearchBy: a search combines with both groups like FilterBy.
func TestSearchBy(t *testing.T) {
	mk := func(slug string, topics, forIDs []string) *Article {
		x := art(slug, "Lithium "+slug, "About lithium.", topics)
		x.For = forIDs
		return x
	}
	ix := NewIndex(&Corpus{Articles: []*Article{
		mk("a", []string{"augmentation"}, []string{"older"}),
		mk("b", []string{"augmentation"}, nil),
		mk("c", []string{"ect"}, []string{"older", "carers"}),
	}})
	cases := []struct {
		topics, forIDs []string
		want           string
	}{
		{nil, nil, "a,b,c"},
		{nil, []string{"older"}, "a,c"},
		{[]string{"augmentation"}, []string{"older"}, "a"},
		{[]string{"augmentation"}, []string{"carers"}, ""},
		{[]string{"ect", "augmentation"}, []string{"carers"}, "c"},
	}
	for _, tc := range cases {
		got := slugs(ix.SearchBy("lithium", tc.topics, tc.forIDs))
		slices.Sort(got)
		if strings.Join(got, ",") != tc.want {
			t.Errorf("SearchBy(lithium, %v, %v) = %v, want %s", tc.topics, tc.forIDs, got, tc.want)
		}
	}
}

// TestFilterByAsEveryArticleSays: FilterBy and Counts, worked out once as
// sets of bits, say what asking every article (Matches) says, for every
// choice of one or two topics with and without a "Who it's for" entry, on
// a corpus longer than a few 64-article words and not a multiple of 64.
func TestFilterByAsEveryArticleSays(t *testing.T) {
	fsys, err := Synthetic(200)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var topics [][]string
	for i, a := range c.Topics {
		topics = append(topics, []string{a.ID})
		for _, b := range c.Topics[i+1:] {
			topics = append(topics, []string{b.ID, a.ID})
		}
	}
	topics = append(topics, nil, []string{"nope"})
	forIDs := [][]string{nil, {"nope"}}
	for _, e := range c.For {
		forIDs = append(forIDs, []string{e.ID})
	}
	for _, tp := range topics {
		for _, fo := range forIDs {
			var want []*Article
			for _, a := range c.Articles {
				if a.Matches(tp, fo) {
					want = append(want, a)
				}
			}
			if got := c.FilterBy(tp, fo); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Errorf("FilterBy(%v, %v): %d articles, asking each says %d", tp, fo, len(got), len(want))
			}
		}
	}
	want := map[string]int{}
	for _, a := range c.Articles {
		for _, id := range slices.Concat(a.Topics, a.For) {
			want[id]++
		}
	}
	if got := c.Counts(); !maps.Equal(got, want) {
		t.Errorf("Counts() = %v, asking each article says %v", got, want)
	}
	// Counts is the caller's to change: the corpus keeps its own.
	c.Counts()[c.Topics[0].ID] = -1
	if c.Counts()[c.Topics[0].ID] != want[c.Topics[0].ID] {
		t.Error("changing what Counts returned changed the corpus's counts")
	}
}
