//go:build !wasm

package app

// Tests of the "Who it's for" group on a corpus of the tests' own (content
// builds natively only, so the file is too).

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"golang.org/x/net/html"

	"nextsteps/content"
)

// forCorpus has two topics, two "Who it's for" entries and four articles.
func forCorpus() *content.Corpus {
	a := func(slug string, topics, forIDs []string) *content.Article {
		return &content.Article{Slug: slug, Title: "Article " + slug, Summary: "About " + slug + ".", Topics: topics, For: forIDs,
			ArticleText: content.ArticleText{BodyHTML: `<div class="md"></div>`, QuestionsHTML: `<div class="md"></div>`}}
	}
	return &content.Corpus{
		Topics: []content.Topic{{ID: "ect", Label: "ECT"}, {ID: "tms", Label: "TMS"}},
		For: []content.Topic{
			{ID: "older-adults", Label: "Older adults", Description: "Treatment in later life.", Group: content.ForGroup},
			{ID: "families-carers", Label: "Families and carers", Description: "For the people close to someone.", Group: content.ForGroup},
		},
		Articles: []*content.Article{
			a("a", []string{"ect"}, []string{"older-adults"}),
			a("b", []string{"tms"}, []string{"older-adults", "families-carers"}),
			a("c", []string{"ect", "tms"}, nil),
			a("d", []string{"tms"}, []string{"families-carers"}),
		},
	}
}

// homeAt is the home page of the corpus c as OnNav leaves it for the address.
func homeAt(c *content.Corpus, target string) *home {
	h := &home{corpus: c}
	h.read(mustURL(target))
	return h
}

func TestForURL(t *testing.T) {
	c := forCorpus()
	for _, tc := range []struct{ query, topics, forIDs string }{
		{"", "", ""},
		{"for=older-adults", "", "older-adults"},
		{"for=families-carers&for=older-adults", "", "older-adults,families-carers"}, // taxonomy order
		{"for=older-adults&for=older-adults&for=nope&for=ect", "", "older-adults"},   // no repeats, unknown and other-group ids dropped
		{"topic=tms&for=families-carers&topic=older-adults", "tms", "families-carers"},
	} {
		u := mustURL("/?" + tc.query)
		if got := strings.Join(selectedTopics(u, c), ","); got != tc.topics {
			t.Errorf("%q: topics %q, want %q", tc.query, got, tc.topics)
		}
		if got := strings.Join(selectedFor(u, c), ","); got != tc.forIDs {
			t.Errorf("%q: for %q, want %q", tc.query, got, tc.forIDs)
		}
	}
	// The address keeps a stable order: topic, for, q, show.
	for _, tc := range []struct {
		topics, forIDs []string
		q, want        string
	}{
		{nil, []string{"older-adults"}, "", "/?for=older-adults"},
		{[]string{"ect", "tms"}, []string{"older-adults", "families-carers"}, "memory", "/?topic=ect&topic=tms&for=older-adults&for=families-carers&q=memory"},
		{nil, toggled([]string{"families-carers"}, "older-adults", c.For), "", "/?for=older-adults&for=families-carers"},
		{nil, toggled([]string{"older-adults"}, "older-adults", c.For), "", "/"},
	} {
		if got := homeURL(tc.topics, tc.forIDs, tc.q); got != tc.want {
			t.Errorf("homeURL(%v, %v, %q) = %s, want %s", tc.topics, tc.forIDs, tc.q, got, tc.want)
		}
	}
	v, _ := url.ParseQuery("show=100&q=x&for=older-adults&topic=ect")
	if got := encodeQuery(v); got != "topic=ect&for=older-adults&q=x&show=100" {
		t.Errorf("encodeQuery: %s", got)
	}
	// The sentences name both groups.
	if got := resultText(1, 4, []string{"ect"}, []string{"older-adults"}, c); got != "Showing 1 of 4 articles about ECT, for Older adults." {
		t.Error(got)
	}
	if got := resultText(2, 4, nil, []string{"older-adults", "families-carers"}, c); got != "Showing 2 of 4 articles for Older adults or Families and carers." {
		t.Error(got)
	}
	if got := searchText("memory", 2, []string{"ect", "tms"}, []string{"families-carers"}, c); got != "2 articles match \u201cmemory\u201d in ECT or TMS, for Families and carers." {
		t.Error(got)
	}
}

// TestHomeForChips: the home page pre-rendered for ?for= has the second
// chip group, checked as the address says, each chip a link to the address
// with that entry toggled, and the list narrowed by both groups.
func TestHomeForChips(t *testing.T) {
	c := forCorpus()
	doc := parseHTML(t, app.HTMLString(homeAt(c, "/?topic=tms&for=older-adults")))
	group := byID(doc, "for-label")
	if group == nil || textOf(group) != "Who it\u2019s for" {
		t.Fatalf("no \"Who it's for\" heading: %+v", group)
	}
	chips := chipsOf(t, doc)
	for id, want := range map[string][3]string{
		"chip-tms":             {"/?for=older-adults", "true", ", 3 articles"},
		"chip-ect":             {"/?topic=ect&topic=tms&for=older-adults", "false", ", 2 articles"},
		"chip-all":             {"/?for=older-adults", "false", ", 4 articles"},
		"chip-for-all":         {"/?topic=tms", "false", ", 4 articles"},
		"chip-older-adults":    {"/?topic=tms", "true", ", 2 articles"},
		"chip-families-carers": {"/?topic=tms&for=older-adults&for=families-carers", "false", ", 2 articles"},
	} {
		if got, ok := chips[id]; !ok || got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	// The second group comes after the topics, in a group of its own.
	html := app.HTMLString(homeAt(c, "/?topic=tms&for=older-adults"))
	if strings.Index(html, `id="chip-older-adults"`) < strings.Index(html, `id="chip-tms"`) || !strings.Contains(html, `aria-labelledby="for-label"`) {
		t.Error("the \"Who it's for\" chips are not a group after the topics")
	}
	// TMS and Older adults: only b.
	if cards := cardSlugs(doc); !slices.Equal(cards, []string{"b"}) {
		t.Errorf("cards %v, want [b]", cards)
	}
	if got := textOf(byClass(doc, "result-count")); got != "Showing 1 of 4 articles about TMS, for Older adults." {
		t.Errorf("result count %q", got)
	}
	// OR within the group.
	if cards := cardSlugs(parseHTML(t, app.HTMLString(homeAt(c, "/?for=older-adults&for=families-carers")))); !slices.Equal(cards, []string{"a", "b", "d"}) {
		t.Errorf("either entry: cards %v", cards)
	}
	// No entry chosen: "Everyone" is checked. With no published entry the group is left out.
	all := chipsOf(t, parseHTML(t, app.HTMLString(homeAt(c, "/"))))
	if got := all["chip-for-all"]; got != [3]string{"/", "true", ", 4 articles"} || all["chip-older-adults"][1] != "false" {
		t.Errorf("with no entry chosen: Everyone %q, Older adults %q", got, all["chip-older-adults"])
	}
	c = forCorpus()
	c.For = nil
	if h := app.HTMLString(homeAt(c, "/")); strings.Contains(h, "for-label") || strings.Contains(h, "chip-for-all") {
		t.Error("a corpus with no published entry shows the group")
	}
}

// TestHomeSearchFor: a search combines with both groups.
func TestHomeSearchFor(t *testing.T) {
	c := forCorpus()
	for _, a := range c.Articles {
		a.Sections = []content.Section{{Text: []string{"Memory after treatment."}}}
	}
	for target, want := range map[string][]string{
		"/?q=memory":                               {"a", "b", "c", "d"},
		"/?for=older-adults&q=memory":              {"a", "b"},
		"/?topic=tms&for=older-adults&q=memory":    {"b"},
		"/?topic=ect&for=families-carers&q=memory": nil,
	} {
		doc := parseHTML(t, app.HTMLString(homeAt(c, target)))
		got := cardSlugs(doc)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: results %v, want %v", target, got, want)
		}
	}
	if got := textOf(byClass(parseHTML(t, app.HTMLString(homeAt(c, "/?topic=tms&for=older-adults&q=memory"))), "result-count")); got != "1 article matches “memory” in TMS, for Older adults." {
		t.Errorf("result count %q", got)
	}
}

// TestForPage: /for/<id> is a page like /topics/<id>: heading, description,
// count and the entry's articles.
func TestForPage(t *testing.T) {
	c := forCorpus()
	p := &topicPage{corpus: c, isFor: true, topic: c.ForEntry("families-carers"), url: mustURL("/for/families-carers")}
	doc := parseHTML(t, app.HTMLString(p))
	if h := byTag(doc, "h1"); len(h) != 1 || textOf(h[0]) != "Families and carers" {
		t.Errorf("heading %v", h)
	}
	for _, want := range []string{"For the people close to someone.", "2 articles", "Who it\u2019s for"} {
		if !strings.Contains(textOf(doc), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if cards := cardSlugs(doc); !slices.Equal(cards, []string{"b", "d"}) {
		t.Errorf("cards %v, want [b d]", cards)
	}
	// An article links to the pages of its entries.
	art := app.HTMLString(&articlePage{corpus: c, article: c.Article("b")})
	if !strings.Contains(art, `href="/for/older-adults"`) || !strings.Contains(art, `href="/for/families-carers"`) || !strings.Contains(art, ">Families and carers</a>") {
		t.Error("the article does not link to its \"Who it's for\" pages")
	}
	if art := app.HTMLString(&articlePage{corpus: c, article: c.Article("c")}); strings.Contains(art, `href="/for/`) {
		t.Error("an article for everyone links to a \"Who it's for\" page")
	}
}

// cardSlugs is the slug of every article card, in order.
func cardSlugs(doc *html.Node) []string {
	var out []string
	for _, li := range byTag(doc, "li") {
		if attr(li, "class") == "card" {
			href := attr(byTag(byTag(li, "h2")[0], "a")[0], "href")
			path, _, _ := strings.Cut(href, "#")
			slug, _ := content.ArticleSlug(path)
			out = append(out, slug)
		}
	}
	return out
}

// byClass is the first element under n with exactly the class, or nil.
func byClass(n *html.Node, class string) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && attr(d, "class") == class {
			return d
		}
	}
	return nil
}

// chipsOf is every filter chip by id: its href, aria-checked and the
// aria-label of its count.
func chipsOf(t *testing.T, doc *html.Node) map[string][3]string {
	chips := map[string][3]string{}
	for _, a := range byTag(doc, "a") {
		if attr(a, "class") != "chip" {
			continue
		}
		if attr(a, "role") != "checkbox" {
			t.Errorf("%s: role %q", attr(a, "id"), attr(a, "role"))
		}
		label := ""
		for _, sp := range byTag(a, "span") {
			if attr(sp, "class") == "count" {
				label = attr(sp, "aria-label")
			}
		}
		// go-app (with cmd/trimgoapp's edits) writes ARIA values as they
		// are: aria-checked="true", never a bare aria-checked.
		chips[attr(a, "id")] = [3]string{attr(a, "href"), attr(a, "aria-checked"), label}
	}
	return chips
}

// TestHomeTooShortToSearch: a query with no word of two letters or more
// (the search box's first keystroke) is not a search: the page keeps its
// list, under the filter, and its count says what a search needs; at two
// letters the results come.
func TestHomeTooShortToSearch(t *testing.T) {
	c := forCorpus()
	for _, a := range c.Articles {
		a.Sections = []content.Section{{Text: []string{"Memory after treatment."}}}
	}
	all := cardSlugs(parseHTML(t, app.HTMLString(homeAt(c, "/"))))
	for target, want := range map[string]string{
		"/?q=m":                  "Showing all 4 articles. Type two letters or more to search.",
		"/?q=+m+":                "Showing all 4 articles. Type two letters or more to search.",
		"/?q=m&for=older-adults": "Showing 2 of 4 articles for Older adults. Type two letters or more to search.",
		"/?q=me":                 "4 articles match “me”.",
	} {
		doc := parseHTML(t, app.HTMLString(homeAt(c, target)))
		if got := textOf(byClass(doc, "result-count")); got != want {
			t.Errorf("%s: count %q, want %q", target, got, want)
		}
		searching := strings.Contains(want, "match")
		if h1 := textOf(byTag(doc, "h1")[0]); (h1 == "Search") != searching {
			t.Errorf("%s: heading %q", target, h1)
		}
		if !searching && !strings.Contains(target, "for=") && !slices.Equal(cardSlugs(doc), all) {
			t.Errorf("%s: cards %v, want the whole list %v", target, cardSlugs(doc), all)
		}
	}
	for q, want := range map[string]bool{"": false, "m": false, " m ": false, "m.": false, "é": false, "me": true, "m e": false, "m ed": true, "ée": true, "1": false, "12": true} {
		if got := content.Searchable(q); got != want {
			t.Errorf("Searchable(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestChipsDrawTheTappedChoice: chips tapped (chosen) are drawn as the
// reader chose them before the address says so, with links from that
// choice; without one, as the address says.
func TestChipsDrawTheTappedChoice(t *testing.T) {
	c := forCorpus()
	cases := []struct {
		name   string
		chosen *chipChoice
		want   map[string][2]string // chip: link, aria-checked
	}{
		{"as the address says", nil, map[string][2]string{
			"chip-tms":          {"/?for=older-adults", "true"},
			"chip-ect":          {"/?topic=ect&topic=tms&for=older-adults", "false"},
			"chip-older-adults": {"/?topic=tms", "true"},
		}},
		{"TMS tapped off, ECT on", &chipChoice{Topics: []string{"ect"}, For: []string{"older-adults"}}, map[string][2]string{
			"chip-tms":          {"/?topic=ect&topic=tms&for=older-adults", "false"},
			"chip-ect":          {"/?for=older-adults", "true"},
			"chip-older-adults": {"/?topic=ect", "true"},
			"chip-all":          {"/?for=older-adults", "false"},
		}},
		{"every choice tapped off", &chipChoice{}, map[string][2]string{
			"chip-all":     {"/", "true"},
			"chip-for-all": {"/", "true"},
			"chip-tms":     {"/?topic=tms", "false"},
		}},
	}
	for _, tc := range cases {
		f := &filterChips{Corpus: c, Selected: []string{"tms"}, ForSel: []string{"older-adults"}, chosen: tc.chosen}
		chips := chipsOf(t, parseHTML(t, app.HTMLString(f)))
		for id, want := range tc.want {
			if got := chips[id]; got[0] != want[0] || got[1] != want[1] {
				t.Errorf("%s: %s: link %q, checked %q; want %q, %q", tc.name, id, got[0], got[1], want[0], want[1])
			}
		}
	}
}
