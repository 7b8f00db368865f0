//go:build !wasm

package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// countMountCalls counts, from the page's start, the DOM calls go-app's
// usual mount makes for each element, text and attribute, and the markup
// that mounting from markup has the browser parse (cmd/trimgoapp,
// mountFromMarkup; go-app's raw HTML is parsed so too).
const countMountCalls = `
window.__mount = { createElement: 0, createTextNode: 0, setAttribute: 0, parsed: 0 };
for (const [proto, name] of [[Document.prototype, "createElement"], [Document.prototype, "createTextNode"], [Element.prototype, "setAttribute"]]) {
	const f = proto[name];
	proto[name] = function (...args) {
		window.__mount[name]++;
		return f.apply(this, args);
	};
}
const inner = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
Object.defineProperty(Element.prototype, "innerHTML", { ...inner, set(v) { window.__mount.parsed++; inner.set.call(this, v); } });`

// domShape is the DOM under sel as the reader's browser has it: tags,
// attributes in name order and texts, with white space collapsed as the
// reader sees it (pre-rendered pages are indented).
const domShape = `((sel) => {
	const walk = (n) => {
		if (n.nodeType === Node.TEXT_NODE) return n.data.trim() === "" ? "" : JSON.stringify(n.data.replace(/\s+/g, " ").trim());
		if (n.nodeType !== Node.ELEMENT_NODE) return "";
		const attrs = [...n.attributes].map((a) => a.name + "=" + JSON.stringify(a.value)).sort().join(" ");
		return "<" + n.localName + (attrs ? " " + attrs : "") + ">" + [...n.childNodes].map(walk).join("") + "</" + n.localName + ">";
	};
	const copy = document.querySelector(sel).cloneNode(true);
	copy.normalize(); // adjacent texts as one, as the parser reads them
	return walk(copy);
})`

// TestMountFromMarkup: the app builds its pages' DOM from markup, through
// the browser's HTML parser, not node by node through syscall/js; and what
// it builds is what the server pre-rendered, attribute for attribute and
// text for text. For a reader with nothing stored the app's first render of
// these pages equals the server's, so any difference is the mount's.
// (Without the edit, the usual mount makes a setAttribute call for every
// attribute: 568 on the home page, against 92 from markup.)
func TestMountFromMarkup(t *testing.T) {
	url := startHandler(t, testServer(t)).URL
	slug := testSite(t).corpus.Articles[0].Slug
	for _, p := range []struct{ path, sel string }{
		{"/help", "main"},
		{"/articles/" + slug, "main"},
		{"/", ".cards"},
	} {
		ctx := newBrowser(t, 390, 844)
		beforeLoad(t, ctx, countMountCalls)
		do(t, ctx, p.path, chromedp.Navigate(url+p.path), waitJS(appWaiting))
		before := eval[string](t, ctx, domShape+fmt.Sprintf("(%q)", p.sel))
		do(t, ctx, p.path+", app", appRunning())
		after := eval[string](t, ctx, domShape+fmt.Sprintf("(%q)", p.sel))
		if before != after {
			i := 0
			for i < len(before) && i < len(after) && before[i] == after[i] {
				i++
			}
			from := max(0, i-200)
			t.Errorf("%s: the app's %s differs from the pre-rendered one at byte %d:\npre-rendered ...%s\napp          ...%s", p.path, p.sel, i, before[from:min(len(before), i+200)], after[from:min(len(after), i+200)])
		}
		calls := eval[map[string]int](t, ctx, `({...window.__mount, attributes: [...document.body.querySelectorAll("*")].reduce((n, e) => n + e.attributes.length, 0)})`)
		t.Logf("%s: %v", p.path, calls)
		if calls["parsed"] == 0 || calls["setAttribute"]*4 > calls["attributes"] {
			t.Errorf("%s: the app mounted node by node: %v calls, want the page from markup (parsed, and setAttribute for fewer than a quarter of the page's attributes)", p.path, calls)
		}
	}
}

// TestXSSInertInTheApp: the markup the app mounts from says an article's
// fields as text, whatever they hold. TestXSSInertInChromium checks the
// pre-rendered pages of the same hostile corpus with the app kept out;
// here the app runs and draws them again.
func TestXSSInertInTheApp(t *testing.T) {
	if !inOwnProcess(t) {
		return
	}
	srv := startHandler(t, serverOf(hostileSite(t), plain))
	ctx := newBrowser(t, 1280, 800)
	beforeLoad(t, ctx, countMountCalls+`
window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	for _, p := range []string{"/articles/hostile", "/", "/topics/ect"} {
		do(t, ctx, "open "+p, chromedp.Navigate(srv.URL+p), appRunning(),
			waitJS(`(fetch("http://canary.invalid/").catch(() => {}), window.__csp.some((v) => v.includes("canary.invalid")))`))
		if eval[int](t, ctx, `window.__mount.parsed`) == 0 {
			t.Fatalf("%s: the app mounted nothing from markup", p)
		}
		if v := eval[any](t, ctx, `window.__xss === undefined ? null : window.__xss`); v != nil {
			t.Errorf("%s: payload %v ran", p, v)
		}
		if v := eval[[]any](t, ctx, `window.__csp.filter((v) => !v.includes("canary.invalid"))`); len(v) > 0 {
			t.Errorf("%s: the CSP had to block %v: a payload became markup", p, v)
		}
		if n := eval[float64](t, ctx, `document.querySelectorAll("script:not([src]), iframe, img[onerror], svg").length`); n != 0 {
			t.Errorf("%s: %v script, iframe or handler elements reached the page", p, n)
		}
		if p == "/articles/hostile" && !eval[bool](t, ctx, `document.querySelector("h1").textContent.includes("<img src=x")`) {
			t.Error("with the app running, the title's markup is not shown as text")
		}
	}
}
