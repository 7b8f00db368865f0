//go:build !wasm

package app

// The tests read the embedded articles with content.Load, which builds
// natively only, so the file does too.

import (
	"fmt"
	htmlesc "html"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"golang.org/x/net/html"

	"nextsteps/content"
)

// embedded is the real corpus, loaded once for every test that reads it:
// as newSite does, each test hands it to the components it builds.
var embedded = sync.OnceValues(func() (*content.Corpus, error) {
	return content.Load(content.Files, content.Options{})
})

func realCorpus(t *testing.T) *content.Corpus {
	t.Helper()
	c, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSelectedTopics(t *testing.T) {
	c := realCorpus(t)
	cases := []struct {
		query string
		want  string
	}{
		{"", ""},
		{"topic=ect", "ect"},
		{"topic=tms&topic=ect", "ect,tms"}, // taxonomy order
		{"topic=ect&topic=ect", "ect"},     // no repeats
		{"topic=nope&topic=tms", "tms"},    // unknown ids dropped
		{"q=x", ""},
	}
	for _, tc := range cases {
		u, _ := url.Parse("/?" + tc.query)
		if got := strings.Join(selectedTopics(u, c), ","); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestToggledAndHomeURL(t *testing.T) {
	c := realCorpus(t)
	cases := []struct {
		selected []string
		toggle   string
		want     string
	}{
		{nil, "ect", "/?topic=ect"},
		{[]string{"ect"}, "tms", "/?topic=ect&topic=tms"},
		{[]string{"tms"}, "ect", "/?topic=ect&topic=tms"},
		{[]string{"ect", "tms"}, "ect", "/?topic=tms"},
		{[]string{"ect"}, "ect", "/"},
	}
	for _, tc := range cases {
		if got := homeURL(toggled(tc.selected, tc.toggle, c.Topics), nil, ""); got != tc.want {
			t.Errorf("toggle %s on %v: %s, want %s", tc.toggle, tc.selected, got, tc.want)
		}
	}
}

func TestHomeURLWithSearch(t *testing.T) {
	cases := []struct {
		topics  []string
		q, want string
	}{
		{nil, "", "/"},
		{nil, "lithium", "/?q=lithium"},
		{[]string{"ect"}, "memory loss", "/?topic=ect&q=memory+loss"},
		{[]string{"ect", "tms"}, "", "/?topic=ect&topic=tms"},
		{nil, "a&b=c", "/?q=a%26b%3Dc"},
	}
	for _, tc := range cases {
		if got := homeURL(tc.topics, nil, tc.q); got != tc.want {
			t.Errorf("homeURL(%v, %q) = %s, want %s", tc.topics, tc.q, got, tc.want)
		}
	}
	if got := searchText("lithium", 1, []string{"augmentation"}, nil, realCorpus(t)); got != "1 article matches \u201clithium\u201d in Add-on medicines (augmentation)." {
		t.Error(got)
	}
}

func TestResultText(t *testing.T) {
	c := realCorpus(t)
	if got := resultText(3, 3, nil, nil, c); got != "Showing all 3 articles." {
		t.Error(got)
	}
	if got := resultText(1, 3, []string{"ect", "tms"}, nil, c); got != "Showing 1 of 3 articles about Electroconvulsive therapy (ECT) or Transcranial magnetic stimulation (TMS)." {
		t.Error(got)
	}
}

// TestPagesRender renders each page as the server does and checks the
// parts the product contract names.
func TestPagesRender(t *testing.T) {
	c := realCorpus(t)
	a := c.Articles[0]
	art := &articlePage{corpus: c, article: a}
	html := app.HTMLString(art)
	for _, want := range []string{
		"<h1>" + htmlesc.EscapeString(a.Title) + "</h1>", htmlesc.EscapeString(a.Summary), "min read", "Last reviewed", "Next review due",
		`id="key-points"`, `id="questions"`, `id="sources"`, `id="src-1"`, "not medical advice", `href="/help"`, `href="/topics/` + a.Topics[0] + `"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if len(a.Headings) >= tocMinHeadings && !strings.Contains(html, "On this page") {
		t.Error("long article has no table of contents")
	}
	home := app.HTMLString(&home{corpus: c, selected: []string{"ect"}})
	if !strings.Contains(home, `id="chip-ect"`) || !strings.Contains(home, "Get help now") {
		t.Error("home page lacks its filter or crisis link")
	}
	for name, ui := range map[string]app.UI{"help": &help{corpus: c}, "about": &about{corpus: c}, "saved": &saved{corpus: c}, "notfound": &notFound{corpus: c}} {
		h := app.HTMLString(ui)
		if !strings.Contains(h, "<h1>") || !strings.Contains(h, `href="/help"`) {
			t.Errorf("%s page lacks a heading or the crisis link", name)
		}
	}
	help := app.HTMLString(&help{corpus: c})
	for _, want := range []string{`href="tel:988"`, `href="sms:988"`, `href="tel:116123"`, `href="tel:08001111"`, "9-8-8: Suicide Crisis Helpline", `href="tel:911"`, `href="tel:999"`, `href="tel:112"`, `href="tel:000"`, `href="tel:111"`, "findahelpline.com"} {
		if !strings.Contains(help, want) {
			t.Errorf("help page lacks %s", want)
		}
	}
}

// TestChipsChecked: every filter chip is a checkbox whose aria-checked
// says whether its entry is chosen: "true" for exactly the chosen ones (or
// the "All" chip of a row with nothing chosen), "false" for every other.
func TestChipsChecked(t *testing.T) {
	c := realCorpus(t)
	if len(c.For) == 0 {
		t.Fatal("no published \"Who it's for\" entry to choose")
	}
	cases := []struct {
		topics, forIDs []string
	}{
		{nil, nil},
		{[]string{"ect"}, nil},
		{[]string{"ect", "tms"}, nil},
		{nil, []string{c.For[0].ID}},
		{[]string{"tms"}, []string{c.For[0].ID}},
	}
	for _, tc := range cases {
		want := map[string]string{"chip-all": "false", "chip-for-all": "false"}
		for _, tp := range c.Topics {
			want["chip-"+tp.ID] = fmt.Sprint(slices.Contains(tc.topics, tp.ID))
		}
		for _, e := range c.For {
			want["chip-"+e.ID] = fmt.Sprint(slices.Contains(tc.forIDs, e.ID))
		}
		if len(tc.topics) == 0 {
			want["chip-all"] = "true"
		}
		if len(tc.forIDs) == 0 {
			want["chip-for-all"] = "true"
		}
		doc := parseHTML(t, app.HTMLString(&home{corpus: c, selected: tc.topics, forSel: tc.forIDs}))
		got := map[string]string{}
		for _, a := range byTag(doc, "a") {
			if attr(a, "class") == "chip" {
				if attr(a, "role") != "checkbox" {
					t.Errorf("%v %v: %s has role %q, want checkbox", tc.topics, tc.forIDs, attr(a, "id"), attr(a, "role"))
				}
				got[attr(a, "id")] = attr(a, "aria-checked")
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("topics %v, for %v: aria-checked\n got %v\nwant %v", tc.topics, tc.forIDs, got, want)
		}
	}
}

// TestHelpFromData: the pre-rendered /help lists every region of
// crisis-lines.yaml in the file's order, with its emergency numbers and
// every service's actions as tel:/sms:/https links and its source, the
// emergency numbers above the lines, and the directory last.
func TestHelpFromData(t *testing.T) {
	corpus := realCorpus(t)
	c := corpus.Crisis
	if c == nil || len(c.Regions) < 6 {
		t.Fatalf("crisis data missing or short: %+v", c)
	}
	page := app.HTMLString(&help{corpus: corpus})
	last := 0
	for _, r := range c.Regions {
		at := strings.Index(page, `id="region-`+strings.ToLower(r.Code)+`"`)
		if at < 0 {
			t.Errorf("help page lacks region %s", r.Code)
			continue
		}
		if at < last {
			t.Errorf("region %s is out of the file's order", r.Code)
		}
		last = at
		for _, n := range r.Emergency.Numbers {
			if !strings.Contains(page, `href="tel:`+n+`"`) {
				t.Errorf("%s: emergency number %s is not a tel: link", r.Code, n)
			}
		}
		for _, s := range r.Services {
			if !strings.Contains(page, htmlesc.EscapeString(s.Name)) {
				t.Errorf("%s: service %q missing", r.Code, s.Name)
			}
			if !strings.Contains(page, `href="`+htmlesc.EscapeString(s.Source)+`"`) {
				t.Errorf("%s: %s does not link its source %s", r.Code, s.Name, s.Source)
			}
			for _, a := range s.Actions {
				if !strings.Contains(page, `href="`+htmlesc.EscapeString(a.Href)+`"`) || !strings.Contains(page, htmlesc.EscapeString(a.Label)) {
					t.Errorf("%s: %s lacks its action %s (%s)", r.Code, s.Name, a.Label, a.Href)
				}
			}
		}
	}
	emergency, lines, directory := strings.Index(page, `id="emergency-numbers"`), strings.Index(page, `id="regions"`), strings.Index(page, "findahelpline.com")
	if emergency < 0 || emergency > lines || directory < last {
		t.Errorf("order on the page: emergency numbers at %d, lines at %d, last region at %d, directory at %d", emergency, lines, last, directory)
	}
	// A chosen region comes first, in the list and among the emergency numbers.
	nz := app.HTMLString(&help{corpus: corpus, ready: true, region: "NZ"})
	if strings.Index(nz, `id="region-nz"`) > strings.Index(nz, `id="region-us"`) ||
		strings.Index(nz, ">111 · New Zealand<") > strings.Index(nz, ">911 · United States<") {
		t.Error("a chosen region is not first")
	}
}

// TestRegionOrder: which region comes first, from a stored choice and the
// browser's language tag, as a pure function of the data.
func TestRegionOrder(t *testing.T) {
	c := realCorpus(t).Crisis
	cases := []struct{ chosen, lang, want string }{
		{"", "en-CA", "CA"},
		{"", "fr-CA", "CA"},
		{"", "en-GB", "GB"},
		{"", "en-UK", "GB"},
		{"", "en-IE", "IE"},
		{"", "en-AU", "AU"},
		{"", "en-NZ", "NZ"},
		{"", "mi-NZ", "NZ"},
		{"", "en-US", "US"},
		{"", "en_US", "US"},
		{"", "de-DE", "EU"},
		{"", "de-AT", "EU"},
		{"", "zh-Hant-TW", ""},
		{"", "en", ""},
		{"", "", ""},
		{"", "es-419", ""},
		{"", "ja-JP", ""},
		{"AU", "en-CA", "AU"}, // a choice beats the language
		{"XX", "en-CA", "CA"}, // a choice the data no longer has is ignored
		{"NZ", "", "NZ"},
	}
	for _, tc := range cases {
		if got := firstRegion(c, tc.chosen, tc.lang); got != tc.want {
			t.Errorf("firstRegion(%q, %q) = %q, want %q", tc.chosen, tc.lang, got, tc.want)
		}
	}
	codes := func(rs []content.Region) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Code)
		}
		return strings.Join(out, " ")
	}
	def := codes(c.Ordered(""))
	if got := codes(c.Ordered("XX")); got != def {
		t.Errorf("unknown region: order %s, want the default %s", got, def)
	}
	ca := codes(c.Ordered("CA"))
	if !strings.HasPrefix(ca, "CA ") || len(ca) != len(def) || strings.Replace(def, "CA ", "", 1) != strings.TrimPrefix(ca, "CA ") {
		t.Errorf("Ordered(CA) = %s from %s: want CA first, the rest in order", ca, def)
	}
}

// fixtureCorpus is a corpus of the tests' own, with fixtureArticle.
func fixtureCorpus() *content.Corpus {
	return &content.Corpus{Topics: []content.Topic{{ID: "ect", Label: "ECT"}}, Articles: []*content.Article{fixtureArticle()}}
}

// fixtureArticle is an article of the tests' own, with key points and a
// next review on 1 November 2027.
func fixtureArticle() *content.Article {
	return &content.Article{
		Slug: "fixture", Title: "A fixture", Summary: "What it covers.", Topics: []string{"ect"},
		Reviewed:   time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		NextReview: time.Date(2027, 11, 1, 0, 0, 0, 0, time.UTC),
		ArticleText: content.ArticleText{
			KeyPoints: []string{"First point & more.", "Second point.", "Third point."},
			Sources: []content.Source{
				{Authors: "A", Title: "Web page", Publisher: "NHS", Accessed: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), URL: "https://www.nhs.uk/"},
			},
			BodyHTML: `<div class="md"><p>Body.</p></div>`, QuestionsHTML: `<div class="md"><ul><li>Q?</li></ul></div>`,
		},
	}
}

// TestKeyPointsRender: the key points are a section labelled by its
// "Key points" heading, with a list, before the body.
func TestKeyPointsRender(t *testing.T) {
	doc := parseHTML(t, app.HTMLString(&articlePage{corpus: fixtureCorpus(), article: fixtureArticle()}))
	sec := byID(doc, content.KeyPointsID)
	if sec == nil || sec.Data != "section" || attr(sec, "class") != "key-points" || attr(sec, "aria-labelledby") != "key-points-label" {
		t.Fatalf("no <section class=key-points aria-labelledby=key-points-label>: %+v", sec)
	}
	if h := byID(sec, "key-points-label"); h == nil || h.Data != "h2" || textOf(h) != "Key points" {
		t.Errorf("key points heading: %+v", h)
	}
	var items []string
	for _, ul := range byTag(sec, "ul") {
		for _, li := range byTag(ul, "li") {
			items = append(items, textOf(li))
		}
	}
	if want := fixtureArticle().KeyPoints; !slices.Equal(items, want) {
		t.Errorf("key points %q, want %q", items, want)
	}
	html := app.HTMLString(&articlePage{corpus: fixtureCorpus(), article: fixtureArticle()})
	if strings.Index(html, "<p>Body.</p>") < strings.Index(html, `id="key-points"`) {
		t.Error("key points come after the body")
	}
	a := fixtureArticle()
	a.KeyPoints = nil
	if html := app.HTMLString(&articlePage{corpus: fixtureCorpus(), article: a}); strings.Contains(html, "Key points") {
		t.Error("an article without key points shows the section")
	}
}

func parseHTML(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// byID is the element under n with the id, or nil.
func byID(n *html.Node, id string) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && attr(d, "id") == id {
			return d
		}
	}
	return nil
}

// byTag is every element under n with the tag name.
func byTag(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			out = append(out, d)
		}
	}
	return out
}

// textOf is n's text (see text), with runs of white space as one space.
func textOf(n *html.Node) string { return strings.Join(strings.Fields(text(n)), " ") }

// TestReviewOverdue: the badge shows from the day after next_review, by the
// clock the page is rendered with.
func TestReviewOverdue(t *testing.T) {
	cases := []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2027, 10, 1, 9, 0, 0, 0, time.UTC), false},
		{time.Date(2027, 11, 1, 23, 0, 0, 0, time.UTC), false},
		{time.Date(2027, 11, 2, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tc := range cases {
		doc := parseHTML(t, app.HTMLString(&articlePage{corpus: fixtureCorpus(), article: fixtureArticle(), now: func() time.Time { return tc.now }}))
		var entry string
		for _, li := range byTag(doc, "li") {
			if strings.HasPrefix(textOf(li), "Next review due") {
				entry = textOf(li)
			}
		}
		want := "Next review due 1 November 2027"
		if tc.want {
			want += ", Review overdue" // ", " for screen readers only
		}
		if entry != want {
			t.Errorf("at %v: %q, want %q", tc.now, entry, want)
		}
		var badges []string
		for _, sp := range byTag(doc, "span") {
			if attr(sp, "class") == "badge overdue" {
				badges = append(badges, textOf(sp))
			}
		}
		if tc.want != (len(badges) == 1 && badges[0] == "Review overdue") {
			t.Errorf("at %v: badges %q", tc.now, badges)
		}
	}
}

func TestSourceText(t *testing.T) {
	accessed := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		s    content.Source
		want string
	}{
		{content.Source{Authors: "Sackeim HA, et al.", Title: "A trial.", Publisher: "Brain Stimul", Year: 2008}, "Sackeim HA, et al. A trial. Brain Stimul, 2008. "},
		{content.Source{Authors: "NHS", Title: "Lithium", Publisher: "NHS website", Accessed: accessed}, "NHS. Lithium. NHS website, accessed 29 November 2026. "},
		{content.Source{Authors: "NICE", Title: "Depression", Publisher: "NICE", Year: 2022, Accessed: accessed}, "NICE. Depression. NICE, 2022, accessed 29 November 2026. "},
	}
	for _, tc := range cases {
		if got := sourceText(tc.s); got != tc.want {
			t.Errorf("sourceText(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
	src := byID(parseHTML(t, app.HTMLString(&articlePage{corpus: fixtureCorpus(), article: fixtureArticle()})), "src-1")
	if src == nil || textOf(src) != "A. Web page. NHS, accessed 29 November 2026. Read the source" {
		t.Errorf("the sources list: %q", textOf(src))
	}
}

// TestOfflineStatusText: the footer's line says what is saved, honestly:
// "Saved" only when every article is, how many could not be when some
// failed, and "Saving…" only while the worker is still at it.
func TestOfflineStatusText(t *testing.T) {
	for _, tc := range []struct {
		o    offlineStatus
		want string
	}{
		{offlineStatus{}, ""},
		{offlineStatus{mounted: true, online: true}, "Saving the articles for offline reading\u2026"},
		{offlineStatus{mounted: true, online: true, ready: true}, "\u2713 Saved for offline reading on this device."},
		{offlineStatus{mounted: true, online: true, unsaved: 1}, "Saved for offline reading on this device, except 1 article that could not be downloaded. It will be tried again the next time you open a page online."},
		{offlineStatus{mounted: true, online: true, unsaved: 3}, "Saved for offline reading on this device, except 3 articles that could not be downloaded. They will be tried again the next time you open a page online."},
		{offlineStatus{mounted: true, ready: true}, "You\u2019re offline. Every article is saved on this device."},
		{offlineStatus{mounted: true, unsaved: 2}, "You\u2019re offline. Everything is saved on this device but 2 articles, which could not be downloaded."},
		{offlineStatus{mounted: true, online: true, unsavedSearch: true}, "Saved for offline reading on this device, except part of the search index that could not be downloaded. It will be tried again the next time you open a page online."},
		{offlineStatus{mounted: true, online: true, unsaved: 1, unsavedSearch: true}, "Saved for offline reading on this device, except 1 article and part of the search index that could not be downloaded. They will be tried again the next time you open a page online."},
		{offlineStatus{mounted: true, unsavedSearch: true}, "You\u2019re offline. Everything is saved on this device but part of the search index, which could not be downloaded."},
		{offlineStatus{mounted: true}, "You\u2019re offline, and this device has not finished saving the articles yet."},
	} {
		if got := tc.o.text(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.o, got, tc.want)
		}
		if saving := tc.o.saving(); saving != (tc.want == "Saving the articles for offline reading\u2026") {
			t.Errorf("%+v: saving() = %v", tc.o, saving)
		}
	}
}

// TestFormatDate: formatDate says a date as t.Format("2 January 2006")
// does, for every day of a leap year and of years of fewer than four
// digits, and says nothing for no date.
func TestFormatDate(t *testing.T) {
	for _, start := range []time.Time{
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(999, 12, 25, 0, 0, 0, 0, time.UTC),
		time.Date(7, 3, 1, 0, 0, 0, 0, time.UTC),
	} {
		for d := start; d.Before(start.AddDate(1, 0, 0)); d = d.AddDate(0, 0, 1) {
			if got, want := formatDate(d), d.Format("2 January 2006"); got != want {
				t.Fatalf("formatDate(%v) = %q, want %q", d, got, want)
			}
		}
	}
	if got := formatDate(time.Time{}); got != "" {
		t.Errorf("formatDate(zero) = %q, want nothing", got)
	}
}

// TestSearchKeyTellsSearchesApart: a search's results are kept under its
// key (home.found), so two searches that differ in their words, topics,
// "Who it's for" entries or length of list have different keys, however
// their parts could run together; and the same search, the same key.
func TestSearchKeyTellsSearchesApart(t *testing.T) {
	searches := []*home{
		{q: "lithium"},
		{q: " lithium "}, // the same search as the first
		{q: "lithium", pager: pager{show: 100}},
		{q: "lithium ect"},
		{q: "lithium", selected: []string{"ect"}},
		{q: "lithium", forSel: []string{"ect"}},
		{q: "lithium", selected: []string{"ect", "tms"}},
		{q: "lithium", selected: []string{"ect tms"}},
		{q: "lithium", selected: []string{"ect"}, forSel: []string{"tms"}},
		{q: `lithium" ["ect"]`},
		{q: "", selected: []string{"ect"}},
		{},
	}
	if a, b := searches[0].searchKey(), searches[1].searchKey(); a != b {
		t.Errorf("%q and %q are the same search but have the keys %q and %q", searches[0].q, searches[1].q, a, b)
	}
	seen := map[string]int{}
	for i, h := range searches {
		if i == 1 {
			continue
		}
		key := h.searchKey()
		if j, ok := seen[key]; ok {
			t.Errorf("searches %d and %d share the key %q", j, i, key)
		}
		seen[key] = i
	}
}

// TestSearchBoxNotSpellChecked: the search box asks the browser not to
// spell-check what is typed in it. Chromium's checker answered a pause
// after each word typed, in a task of 40-80 ms at 4x CPU slowdown on the
// page's thread, to underline medicine names it does not know. The app
// adopts the server's box (TestStartAdoptsThePage), attribute and all.
func TestSearchBoxNotSpellChecked(t *testing.T) {
	box := byID(parseHTML(t, app.HTMLString(&searchBox{corpus: fixtureCorpus(), onHome: true})), searchID)
	if box == nil {
		t.Fatal("no search box")
	}
	if got := attr(box, "spellcheck"); got != "false" {
		t.Errorf("the search box has spellcheck=%q, want \"false\"", got)
	}
}
