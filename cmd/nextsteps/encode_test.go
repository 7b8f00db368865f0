//go:build !wasm

package main

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
	"golang.org/x/net/html"
)

// TestEncodeAttributes: go-app's server-side encoder, with our edits
// (cmd/trimgoapp), writes attributes as the HTML the components mean:
// values HTML-escaped, not Go-quoted; ARIA and other non-boolean attributes
// with their value; HTML boolean attributes bare when true and left out
// when false; in name order. Raw HTML (goldmark's articles) passes as it is.
func TestEncodeAttributes(t *testing.T) {
	cases := []struct {
		name string
		ui   app.UI
		want string
	}{
		{"ARIA true keeps its value",
			app.A().Class("chip").Aria("checked", true).Aria("pressed", true).Aria("label", "x").Text("aria-checked text"),
			`<a aria-checked="true" aria-label="x" aria-pressed="true" class="chip">aria-checked text</a>`},
		{"ARIA hidden", app.Img().Src("/web/icons/icon-192.png").Aria("hidden", "true"), `<img aria-hidden="true" src="/web/icons/icon-192.png">`},
		{"a true boolean attribute is bare",
			app.Button().Class("btn").Disabled(true).Text("x"), `<button class="btn" disabled>x</button>`},
		{"a false boolean attribute is left out (disabled=\"false\" would disable)",
			app.Button().Aria("pressed", false).Class("btn").Disabled(false).Hidden(false).Text("x"),
			`<button aria-pressed="false" class="btn">x</button>`},
		{"other booleans", app.Select().Multiple(true).Required(false).Body(app.Option().Selected(true).Value("a").Text("A")),
			`<select multiple><option selected value="a">A</option></select>`},
		{"open and readonly", app.Details().Open(true).Body(app.Input().ReadOnly(true).AutoFocus(false).Value("false")),
			`<details open><input readonly value="false"></details>`},
		{"enumerated true and false are values, not booleans",
			app.Div().ContentEditable(true).Draggable(false).Spellcheck(false).Text("d"),
			`<div contenteditable="true" draggable="false" spellcheck="false">d</div>`},
		{"hidden until found", app.Div().Attr("hidden", "until-found").Text("h"), `<div hidden="until-found">h</div>`},
		{"quotes and markup are escaped: no way out of the attribute",
			app.Meta().Name("description").Content(`A "quote" <script>alert(1)</script> \ & more`),
			`<meta content="A &#34;quote&#34; &lt;script&gt;alert(1)&lt;/script&gt; \ &amp; more" name="description">`},
		{"an injection attempt", app.Meta().Content(`x" onload="alert(1)`), `<meta content="x&#34; onload=&#34;alert(1)">`},
		{"& is escaped: &copy=2 is not ©=2", app.A().Href("/x?a=1&copy=2").Text("t"), `<a href="/x?a=1&amp;copy=2">t</a>`},
		{"a backslash is a backslash", app.A().Title(`a\tb`).Text("t"), `<a title="a\tb">t</a>`},
		{"a value ending in a backslash ends", app.A().Class(`c\`).ID("next").Text("t"), `<a class="c\" id="next">t</a>`},
		{"an apostrophe", app.Span().Aria("label", "Who it\u2019s for, it's").Text("s"), `<span aria-label="Who it’s for, it&#39;s">s</span>`},
		{"goldmark's escaped HTML is left as it was",
			app.Raw(`<p><a href="/a?b=1&amp;copy=2" title="say &quot;hi&quot; a\tb \">t &lt; u</a><!-- raw HTML omitted --><br/>1 &lt; 2</p>`),
			`<p><a href="/a?b=1&amp;copy=2" title="say &quot;hi&quot; a\tb \">t &lt; u</a><!-- raw HTML omitted --><br/>1 &lt; 2</p>`},
	}
	for _, tc := range cases {
		if got := app.HTMLString(tc.ui); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestEncodeAttributeValuesReadBack: whatever a value holds, a browser's
// parser (x/net/html here) reads back exactly that value, and nothing else
// becomes an attribute or markup.
func TestEncodeAttributeValuesReadBack(t *testing.T) {
	for _, v := range []string{
		`say "hi"`, `it's`, `/x?a=1&copy=2`, `&amp; stays &amp;`, `a\tb`, "a\tb", `end\`, `\"`, `x" onload="alert(1)`,
		`</div><script>alert(1)</script>`, `'><img src=x onerror=alert(1)>`, "true", "false", "ECT \u2013 électro", `{"json": [1, 2]}`,
	} {
		out := app.HTMLString(app.Div().Title(v).Aria("label", v).DataSet("v", v).Text("x"))
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var div *html.Node
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "div" && div == nil {
				div = n
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if div == nil {
			t.Errorf("%q: no div in %s", v, out)
			continue
		}
		got := map[string]string{}
		for _, a := range div.Attr {
			got[a.Key] = a.Val
		}
		want := map[string]string{"aria-label": v, "data-v": v, "title": v}
		if len(got) != len(want) || got["title"] != v || got["aria-label"] != v || got["data-v"] != v {
			t.Errorf("%q: written %s, read back %q", v, out, got)
		}
		if div.FirstChild == nil || div.FirstChild.Data != "x" || div.FirstChild.NextSibling != nil {
			t.Errorf("%q: the element's content changed: %s", v, out)
		}
	}
}

// reproducibleTargets is every pre-rendered page and some filtered
// addresses, whose pages hold the most attributes (checked chips).
func reproducibleTargets(s *site) []string {
	return append(s.pages(), "/?topic=ect", "/?topic=ect&topic=tms&for=older-adults", "/?q=lithium", "/help")
}

// TestReproduciblePages: two renders of the same page are byte-identical
// (go-app wrote attributes in Go's random map order: 20 of 20 renders of
// /?topic=ect differed), so a static build is reproducible and an
// unchanged page keeps its ETag.
func TestReproduciblePages(t *testing.T) {
	s := testSite(t)
	for _, p := range reproducibleTargets(s) {
		first, second := s.render(p), s.render(p)
		if first.Code != second.Code || first.Body.String() != second.Body.String() {
			a, b := first.Body.String(), second.Body.String()
			i := 0
			for i < min(len(a), len(b)) && a[i] == b[i] {
				i++
			}
			t.Errorf("%s: two renders differ at byte %d:\n%s\n%s", p, i, a[max(i-80, 0):min(i+80, len(a))], b[max(i-80, 0):min(i+80, len(b))])
		}
	}
}

// TestPagesAttributes: in every pre-rendered page, as a browser parses it,
// no ARIA attribute is bare (a bare aria-checked is not "true"), no HTML
// boolean attribute says "true" or "false" (present means true), and no
// value holds a Go escape (\" from strconv.Quote).
func TestPagesAttributes(t *testing.T) {
	boolean := map[string]bool{}
	for _, name := range strings.Fields("allowfullscreen alpha async autofocus autoplay checked controls default defer disabled " +
		"formnovalidate hidden inert ismap itemscope loop multiple muted nomodule novalidate open playsinline readonly required " +
		"reversed selected shadowrootclonable shadowrootcustomelementregistry shadowrootdelegatesfocus shadowrootserializable") {
		boolean[name] = true
	}
	s := testSite(t)
	aria := 0
	for _, p := range reproducibleTargets(s) {
		doc, err := html.Parse(s.render(p).Body)
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					switch {
					case strings.HasPrefix(a.Key, "aria-"):
						aria++
						if a.Val == "" {
							t.Errorf("%s: <%s %s> has no value", p, n.Data, a.Key)
						}
					case boolean[a.Key] && (a.Val == "true" || a.Val == "false"):
						t.Errorf("%s: <%s %s=%q>: a boolean attribute with a value", p, n.Data, a.Key, a.Val)
					}
					if strings.Contains(a.Val, `\"`) {
						t.Errorf("%s: <%s %s=%q>: a Go escape in an attribute", p, n.Data, a.Key, a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	if aria == 0 {
		t.Error("no ARIA attributes found: the pages were not rendered")
	}
}

// TestPrefixedLocation: with our edits to go-app (cmd/trimgoapp,
// prefixOnlyPaths), a site hosted under a path puts it before the site's
// own paths, and only those: the root becomes the prefix's folder, inside
// the service worker's scope; fragments, other schemes and other hosts stay
// as they are. (Published go-app gave "/repo" for "/", "/repo#main" and
// "/repotel:988".)
func TestPrefixedLocation(t *testing.T) {
	r := app.PrefixedLocation("/repo")
	for in, want := range map[string]string{
		"/":                    "/repo/",
		"/about":               "/repo/about",
		"/?topic=ect&for=x":    "/repo/?topic=ect&for=x",
		"/web/app.css":         "/repo/web/app.css",
		"/articles/x#sources":  "/repo/articles/x#sources",
		"#main":                "#main",
		"tel:988":              "tel:988",
		"sms:741741":           "sms:741741",
		"mailto:a@example.org": "mailto:a@example.org",
		"https://example.org/": "https://example.org/",
		"//example.org/x":      "//example.org/x",
		"?q=x":                 "?q=x",
	} {
		if got := r.Resolve(in); got != want {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, want)
		}
	}
}
