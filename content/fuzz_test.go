//go:build !wasm

package content

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// allowedTags is every element goldmark may emit for an article.
var allowedTags = map[string]bool{
	"div": true, "p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true,
	"a": true, "em": true, "strong": true, "code": true, "pre": true, "blockquote": true, "hr": true, "br": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "del": true, "sup": true, "input": true,
}

// hasScheme and safeScheme judge a link as a browser would: after dropping
// whitespace and control characters, a scheme other than these is unsafe.
var (
	hasScheme  = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)
	safeScheme = regexp.MustCompile(`^(https?|mailto|tel):`)
)

func safeURL(u string) bool {
	u = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u))
	return !hasScheme.MatchString(u) || safeScheme.MatchString(u)
}

// unsafeMarkup parses rendered HTML as a browser would and returns the
// first thing in it that could run script: an element outside the allowed
// set, an event-handler or style attribute, or a link with another scheme.
func unsafeMarkup(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !allowedTags[tok.Data] {
				return "element <" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" || a.Key == "src":
					return "attribute " + a.Key
				case (a.Key == "href" || a.Key == "action" || a.Key == "formaction") && !safeURL(a.Val):
					return "link " + a.Val
				}
			}
		}
	}
}

// FuzzLoad feeds arbitrary article files through the whole pipeline: front
// matter, validation and rendering must never panic, never hang, and never
// let markup through. Seeds live in testdata/fuzz/FuzzLoad and below.
// `make fuzz` runs it for longer.
func FuzzLoad(f *testing.F) {
	f.Add(good)
	f.Add(other)
	f.Add("---\ntitle: x\n---\n")
	f.Add("---\n: : :\n---\n[^99999999999]")
	f.Add("---\ntitle: \"<script>alert(1)</script>\"\n---\n<img src=x onerror=alert(1)>")
	f.Add(strings.Repeat("[", 5000))
	f.Add("---\nsources: &a [*a, *a]\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := corpusFS(map[string]string{"x.md": src, "other.md": other})
		done := make(chan *Corpus, 1)
		go func() {
			c, _ := Load(fsys, Options{Today: today})
			done <- c
		}()
		var c *Corpus
		select {
		case c = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Load did not finish within 10 s on %q", src)
		}
		for _, a := range c.Articles {
			for _, html := range []string{a.BodyHTML, a.QuestionsHTML} {
				if m := unsafeMarkup(html); m != "" {
					t.Fatalf("unsafe %s in rendered HTML:\n%s", m, html)
				}
			}
			for _, s := range a.Sources {
				if l := s.Link(); l != "" && !strings.HasPrefix(l, "https://") {
					t.Fatalf("source link %q", l)
				}
			}
		}
	})
}

// TestXSSPayloadsInert renders a table of known payloads in every place an
// article can hold text and checks that none survives as markup.
func TestXSSPayloadsInert(t *testing.T) {
	payloads := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<svg onload=alert(1)>`,
		`<svg><script>alert(1)</script></svg>`,
		`<a href="javascript:alert(1)">x</a>`,
		`[x](javascript:alert(1))`,
		`[x](JaVaScRiPt:alert(1))`,
		`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`[x](vbscript:msgbox(1))`,
		`![x](javascript:alert(1))`,
		`<iframe src="javascript:alert(1)"></iframe>`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`&#60;img src=x onerror=alert(1)&#62;`,
		`<details open ontoggle=alert(1)>`,
		`<<script>script>alert(1)<</script>/script>`,
		"`<script>alert(1)</script>`",
		"```html\n<script>alert(1)</script>\n```",
		`[x](<javascript:alert(1)>)`,
		`<style>body{background:url(javascript:alert(1))}</style>`,
		`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	}
	if unsafeMarkup(`<p><img src=x onerror=alert(1)></p>`) == "" || unsafeMarkup(`<a href="JavaScript:x">`) == "" {
		t.Fatal("the safety check itself misses markup")
	}
	for _, p := range payloads {
		r := renderBody([]byte("Text " + p + " more.\n\n" + p + "\n\n- " + p + "\n"))
		// Code spans and blocks show the payload as text: escaped, so inert.
		if m := unsafeMarkup(r.body); m != "" {
			t.Errorf("payload %q left %s in:\n%s", p, m, r.body)
		}
	}
	src := Source{URL: "javascript:alert(1)", DOI: `10.1/x"><script>`, PMID: "1<2"}
	if l := src.Link(); l != "" {
		t.Errorf("hostile source gave link %q", l)
	}
}
