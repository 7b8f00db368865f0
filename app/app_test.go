package app

import (
	htmlesc "html"
	"net/url"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestSelectedTopics(t *testing.T) {
	c := Corpus()
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
	c := Corpus()
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
		if got := homeURL(toggled(tc.selected, tc.toggle, c), ""); got != tc.want {
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
		if got := homeURL(tc.topics, tc.q); got != tc.want {
			t.Errorf("homeURL(%v, %q) = %s, want %s", tc.topics, tc.q, got, tc.want)
		}
	}
	if got := searchText("lithium", 1, []string{"augmentation"}, Corpus()); got != "1 article matches \u201clithium\u201d in Add-on medicines (augmentation)." {
		t.Error(got)
	}
}

func TestResultText(t *testing.T) {
	c := Corpus()
	if got := resultText(3, 3, nil, c); got != "Showing all 3 articles." {
		t.Error(got)
	}
	if got := resultText(1, 3, []string{"ect", "tms"}, c); got != "Showing 1 of 3 articles about Electroconvulsive therapy (ECT) or Transcranial magnetic stimulation (TMS)." {
		t.Error(got)
	}
}

// TestPagesRender renders each page as the server does and checks the
// parts the product contract names.
func TestPagesRender(t *testing.T) {
	c := Corpus()
	a := c.Articles[0]
	art := &articlePage{article: a}
	html := app.HTMLString(art)
	for _, want := range []string{
		"<h1>" + htmlesc.EscapeString(a.Title) + "</h1>", htmlesc.EscapeString(a.Summary), "min read", "Last reviewed", "Next review due",
		`id="questions"`, `id="sources"`, `id="src-1"`, "not medical advice", `href="/help"`, `href="/topics/` + a.Topics[0] + `"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if len(a.Headings) >= tocMinHeadings && !strings.Contains(html, "On this page") {
		t.Error("long article has no table of contents")
	}
	home := app.HTMLString(&home{selected: []string{"ect"}})
	if !strings.Contains(home, `id="chip-ect"`) || !strings.Contains(home, `aria-checked="false"`) || !strings.Contains(home, "Get help now") {
		t.Error("home page lacks its filter or crisis link")
	}
	for name, ui := range map[string]app.UI{"help": &help{}, "about": &about{}, "saved": &saved{}, "notfound": &notFound{}} {
		h := app.HTMLString(ui)
		if !strings.Contains(h, "<h1>") || !strings.Contains(h, `href="/help"`) {
			t.Errorf("%s page lacks a heading or the crisis link", name)
		}
	}
	help := app.HTMLString(&help{})
	for _, want := range []string{`href="tel:988"`, `href="sms:988"`, `href="tel:116123"`, `href="tel:08001111"`, "Canada: 9-8-8", `href="tel:911"`, `href="tel:999"`, `href="tel:112"`, "findahelpline.com"} {
		if !strings.Contains(help, want) {
			t.Errorf("help page lacks %s", want)
		}
	}
}
