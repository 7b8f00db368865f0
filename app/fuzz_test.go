//go:build !wasm

package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"golang.org/x/net/html"

	"nextsteps/content"
)

// FuzzTitleSummary renders an article's title and summary, whatever they
// hold, through go-app's HTML encoder (with our edits, cmd/trimgoapp) as
// the server does: in text (the heading, the card) and in an attribute (the
// card's Save button's aria-label). content.FuzzLoad checks the body, which
// goldmark writes; these take the encoder's path. Parsed as a browser
// would, the page must have exactly the elements and attributes of the
// same page with a plain title and summary, and give back the text as it
// was written.
func FuzzTitleSummary(f *testing.F) {
	for _, s := range []string{
		`"><script>alert(1)</script>`, `x" onload="alert(1)`, `'><img src=x onerror=alert(1)>`, `</button><svg onload=alert(1)>`,
		`a\"b`, `C:\`, `/x?a=1&copy=2`, `&amp; &lt;b&gt;`, "<!-- x -->", "]]><![CDATA[", "ECT \u2013 électro", "tab\there",
	} {
		f.Add(s, s)
	}
	f.Add("Title", "Summary")
	plain := shape(f, renderTitleSummary("Title", "Summary"))
	f.Fuzz(func(t *testing.T, title, summary string) {
		if !readable(title) || !readable(summary) {
			t.Skip("not text an article's front matter can hold, or blank")
		}
		out := renderTitleSummary(title, summary)
		if got := shape(t, out); !slices.Equal(got, plain) {
			t.Fatalf("title %q, summary %q changed the page's markup:\n got %v\nwant %v", title, summary, got, plain)
		}
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var h1, h2a, sum, save string
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch {
			case n.Data == "h1":
				h1 = text(n)
			case n.Data == "a" && n.Parent != nil && n.Parent.Data == "h2" && strings.HasPrefix(attr(n, "href"), "/articles/"):
				h2a = text(n)
			case n.Data == "p" && attr(n, "class") == "summary":
				sum = text(n)
			case n.Data == "button" && strings.Contains(attr(n, "class"), "save-compact"):
				save = attr(n, "aria-label")
			}
		}
		// go-app trims attribute values: only the Save label's ends may differ.
		if h1 != title || h2a != title || sum != summary || save != strings.TrimSpace("Save "+title) {
			t.Errorf("read back: heading %q, card %q, summary %q, Save label %q; written: title %q, summary %q", h1, h2a, sum, save, title, summary)
		}
	})
}

// renderTitleSummary is an article page and its card, with this title and
// summary, as the server renders them.
func renderTitleSummary(title, summary string) string {
	a := fixtureArticle()
	a.Title, a.Summary = title, summary
	c := fixtureCorpus()
	return app.HTMLString(app.Div().Body(&articlePage{corpus: c, article: a}, articleList(c, []*content.Article{a})))
}

// readable is text YAML front matter can carry to a title (no control
// characters but tab and newline, which HTML parsing would normalise) and
// that is not blank.
func readable(s string) bool {
	if !utf8.ValidString(s) || strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if (r < ' ' && r != '\t' && r != '\n') || r == 0x7f {
			return false
		}
	}
	return true
}

// shape is the page's elements in order, each with its attribute names.
func shape(tb testing.TB, s string) []string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode {
			var keys []string
			for _, a := range n.Attr {
				keys = append(keys, a.Key)
			}
			slices.Sort(keys)
			out = append(out, fmt.Sprintf("<%s %s>", n.Data, strings.Join(keys, " ")))
		}
	}
	return out
}

// text is n's text exactly as parsed.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}
