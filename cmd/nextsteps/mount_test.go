//go:build !wasm

package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nextsteps/content"
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
// reader sees it (pre-rendered pages are indented); in doc, if given (a
// page the server sent, parsed).
const domShape = `((sel, doc = document) => {
	const walk = (n) => {
		if (n.nodeType === Node.TEXT_NODE) return n.data.trim() === "" ? "" : JSON.stringify(n.data.replace(/\s+/g, " ").trim());
		if (n.nodeType !== Node.ELEMENT_NODE) return "";
		const attrs = [...n.attributes].map((a) => a.name + "=" + JSON.stringify(a.value)).sort().join(" ");
		return "<" + n.localName + (attrs ? " " + attrs : "") + ">" + [...n.childNodes].map(walk).join("") + "</" + n.localName + ">";
	};
	const copy = doc.querySelector(sel).cloneNode(true);
	copy.normalize(); // adjacent texts as one, as the parser reads them
	return walk(copy);
})`

// TestMountFromMarkup: the app builds the DOM of the pages it opens from
// markup, through the browser's HTML parser, not node by node through
// syscall/js; and what it builds is what the server pre-rendered, attribute
// for attribute and text for text. For a reader with nothing stored the
// app's render of these pages equals the server's, so any difference is the
// mount's. The app opens them by its own navigation, from another page:
// the first page it shows is adopted (TestStartAdoptsThePage).
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
		do(t, ctx, p.path+", from /about in the app", chromedp.Navigate(url+"/about"), appRunning(),
			waitJS(`(window.__mount = { createElement: 0, createTextNode: 0, setAttribute: 0, parsed: 0 }, true)`),
			waitJS(fmt.Sprintf(`(goappNav(%q), true)`, p.path)),
			waitJS(fmt.Sprintf(`location.pathname === %q && !!document.querySelector(%q)`, p.path, p.sel)))
		// The app may still fill the page in (an article's text comes from
		// its own data file): wait for the shape the server wrote, and say
		// where it differs if it never comes.
		want, _ := json.Marshal(before)
		_, _ = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf("%s(%q) === %s", domShape, p.sel, want), chromedp.WithPollingTimeout(10*time.Second)))
		if after := eval[string](t, ctx, domShape+fmt.Sprintf("(%q)", p.sel)); before != after {
			t.Errorf("%s: the app's %s differs from the pre-rendered one %s", p.path, p.sel, whereTheyDiffer("pre-rendered", before, "app", after))
		}
		calls := eval[map[string]int](t, ctx, `({...window.__mount, attributes: [...document.querySelector("main").querySelectorAll("*")].reduce((n, e) => n + e.attributes.length, 0)})`)
		t.Logf("%s: %v", p.path, calls)
		if calls["parsed"] == 0 || calls["setAttribute"]*4 > calls["attributes"] {
			t.Errorf("%s: the app mounted node by node: %v calls, want the page from markup (parsed, and setAttribute for fewer than a quarter of the main part's attributes)", p.path, calls)
		}
	}
}

// whereTheyDiffer says at which byte two shapes (domShape) first differ,
// and shows both around it.
func whereTheyDiffer(aName, a, bName, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("at byte %d:\n%-12s ...%s\n%-12s ...%s", i, aName, a[from:min(len(a), i+200)], bName, b[from:min(len(b), i+200)])
}

// countWrites counts, from when it runs, the attribute and text writes the
// page gets (setAttribute, removeAttribute, a node's value set), and how
// many of them goappWrites made, in how many calls (cmd/trimgoapp,
// writesTogether).
const countWrites = `(() => {
	window.__writes = { calls: 0, together: 0, alone: 0, which: [], head: 0 };
	if (!window.__writesWrapped) {
		window.__writesWrapped = true;
		let inside = false;
		// The page's own nodes; the head's meta tags and the root's marks,
		// which the app writes itself, not through go-app's tree, apart.
		const count = (node, what) => {
			const n = window.__writes;
			if (node.isConnected && !document.body.contains(node)) {
				n.head++;
				return;
			}
			if (inside) {
				n.together++;
			} else if (n.alone++ < 5) {
				n.which.push(what);
			}
		};
		for (const name of ["setAttribute", "removeAttribute"]) {
			const f = Element.prototype[name];
			Element.prototype[name] = function (...args) { count(this, this.localName + " " + name + " " + args.join("=")); return f.apply(this, args); };
		}
		const nv = Object.getOwnPropertyDescriptor(Node.prototype, "nodeValue");
		Object.defineProperty(Node.prototype, "nodeValue", { ...nv, set(v) { count(this, "text " + v); nv.set.call(this, v); } });
		const w = window.goappWrites;
		if (w) {
			window.goappWrites = function (...args) {
				window.__writes.calls++;
				inside = true;
				try { return w.apply(this, args); } finally { inside = false; }
			};
		}
	}
	return true;
})()`

// TestUpdateWritesTogether: the attribute and text writes of an update are
// made together by one script, goappWrites, not each by its own calls
// through syscall/js (cmd/trimgoapp, writesTogether); and the page they
// make is the one the server renders for the address. Filter toggles
// rewrite the list's entries in place: links, titles, summaries, topics,
// the chips' states. (Without the edit, goappWrites makes none and every
// write is a call of its own.)
func TestUpdateWritesTogether(t *testing.T) {
	h := testServer(t)
	url := startHandler(t, h).URL
	steps := []struct{ chip, address string }{
		{"ect", "/?topic=ect"},
		{"tms", "/?topic=ect&topic=tms"},
		{"ect", "/?topic=tms"},
		{"all", "/"},
	}
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(url+"/"), appRunning())
	// What the server renders for each address, as the browser parses it
	// (asked here, not by the page: its service worker answers every
	// address of a path with one page).
	want := map[string]string{}
	for _, s := range steps {
		page, _ := json.Marshal(get(t, h, "GET", s.address, nil).Body.String())
		want[s.address] = eval[string](t, ctx, domShape+`("main", new DOMParser().parseFromString(`+string(page)+`, "text/html"))`)
	}
	for _, s := range steps {
		shape, _ := json.Marshal(want[s.address])
		do(t, ctx, "tap "+s.chip, waitJS(countWrites), waitJS(fmt.Sprintf(`(document.getElementById("chip-%s").click(), true)`, s.chip)),
			waitJS(fmt.Sprintf(`location.pathname + location.search === %q`, s.address)))
		_, _ = chromedp.Run(ctx, chromedp.Poll[bool](domShape+`("main") === `+string(shape), chromedp.WithPollingTimeout(10*time.Second)))
		if got := eval[string](t, ctx, domShape+`("main")`); got != want[s.address] {
			t.Errorf("%s: the page after the tap differs from the server's %s", s.address, whereTheyDiffer("server", want[s.address], "app", got))
		}
		type counts struct {
			Calls, Together, Alone, Head int
			Which                        []string
		}
		n := eval[counts](t, ctx, `window.__writes`)
		t.Logf("%s: %+v", s.address, n)
		if n.Alone > 0 || n.Together == 0 || n.Calls*2 > n.Together {
			t.Errorf("%s: %d writes made alone (%q), %d together in %d calls: want every write of the update made together, more than two a call", s.address, n.Alone, n.Which, n.Together, n.Calls)
		}
		// The title and description stay "Next Steps" and its lead: the
		// app does not write them again (app/app.go, setPage).
		if n.Head > 0 {
			t.Errorf("%s: %d writes to the head and the root for a filter tap, want none", s.address, n.Head)
		}
	}
}

// TestNavigationDrawsTheNewPage: a page the app opens is its own from its
// first frame. The reader taps an article on the home page, a topic on the
// article, and searches from the topic's page (Enter); every frame is
// recorded with the address and the page's heading. go-app built the new
// page before it wrote its address (cmd/trimgoapp, historyFirst): the
// pages read the address being left, and the browser painted "Page not
// found" on the article's address, 2 and 3 frames in two runs.
func TestNavigationDrawsTheNewPage(t *testing.T) {
	url := startHandler(t, testServer(t)).URL
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(url+"/"), appRunning(), waitJS(`(() => {
		window.__frames = [];
		const frame = () => {
			const h = document.querySelector("main h1");
			window.__frames.push(location.pathname + location.search + " " + (h ? h.textContent : ""));
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
		return true;
	})()`))
	do(t, ctx, "an article", chromedp.Click(chromedp.CSS("main .cards > li.card h2 a")),
		waitJS(`location.pathname.startsWith("/articles/") && !!document.querySelector("main article h1")`))
	do(t, ctx, "its first topic", chromedp.Click(chromedp.CSS("main article .tags a")),
		waitJS(`location.pathname.startsWith("/topics/") && !!document.querySelector("main h1")`))
	do(t, ctx, "a search", chromedp.Click(chromedp.CSS("#search")), chromedp.KeyEvent("lithium\r"),
		waitJS(`location.search === "?q=lithium" && !!document.querySelector("main .results .card")`),
		waitJS(`window.__frames.length > 0 && window.__frames[window.__frames.length - 1].startsWith("/?q=lithium ")`))
	frames := eval[[]string](t, ctx, `window.__frames`)
	var wrong []string
	for _, f := range frames {
		if strings.HasSuffix(f, " Page not found") || f == "/?q=lithium Next Steps" {
			wrong = append(wrong, f)
		}
	}
	if len(wrong) > 0 {
		t.Errorf("%d of %d frames drew another page than their address's: %q", len(wrong), len(frames), wrong)
	}
	if !slices.ContainsFunc(frames, func(f string) bool { return strings.HasPrefix(f, "/topics/") }) {
		t.Errorf("no frame drew the topic's page: %q", slices.Compact(frames))
	}
}

// TestTitleFollowsTheApp: as the reader moves through the app, the
// document's title and description are each page's own, also when a page
// comes back to the title it had before (setPage writes them only when
// they change).
func TestTitleFollowsTheApp(t *testing.T) {
	url := startHandler(t, testServer(t)).URL
	a := testSite(t).corpus.Articles[0]
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(url+"/"), appRunning())
	head := func(title, description string) string {
		return fmt.Sprintf(`document.title === %q && document.querySelector("meta[name=description]").content === %q && document.querySelector("meta[property='og:title']").content === %q`, title, description, title)
	}
	home := head("Next Steps", "Plain-language, evidence-based articles on treatment-resistant depression, readable offline.")
	for _, step := range []struct{ path, head string }{
		{"/articles/" + a.Slug, head(a.Title+" · Next Steps", a.Summary)},
		{"/?topic=ect", home},
		{"/help", head(content.HelpTitle+" · Next Steps", "Crisis lines and emergency numbers: who to contact, day or night.")},
		{"/articles/" + a.Slug, head(a.Title+" · Next Steps", a.Summary)},
		{"/", home},
	} {
		do(t, ctx, step.path, waitJS(fmt.Sprintf(`(goappNav(%q), true)`, step.path)), waitJS(step.head))
	}
}

// markPage marks, before the app starts, every element and text of the
// page (the body's first element and all under it) with a property that
// the DOM does not show, and counts them.
const markPage = `(() => {
	const root = document.body.firstElementChild;
	const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
	const name = (n) => n.nodeType === Node.TEXT_NODE ? JSON.stringify(n.data.slice(0, 40))
		: "<" + n.localName + (n.id ? "#" + n.id : "") + (n.className ? "." + String(n.className).split(" ").join(".") : "") + ">";
	window.__preNodes = [root];
	root.__where = "<body> > " + name(root);
	for (root.__pre = true; w.nextNode(); ) {
		const n = w.currentNode;
		n.__pre = true;
		n.__where = name(n.parentNode) + " > " + name(n);
		window.__preNodes.push(n);
	}
	return window.__preNodes.length;
})()`

// pageKept counts, once the app runs, the page's elements and texts and
// those that were there before it started (markPage), and names the first
// of those that went.
const pageKept = `(() => {
	const root = document.body.firstElementChild;
	const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
	const r = { nodes: 1, kept: root.__pre ? 1 : 0, rootKept: !!root.__pre };
	for (; w.nextNode(); r.nodes++) if (w.currentNode.__pre) r.kept++;
	const gone = window.__preNodes.filter((n) => !root.contains(n));
	r.gone = gone.filter((n) => !gone.includes(n.parentNode)).slice(0, 8).map((n) => n.__where);
	return r;
})()`

// TestStartAdoptsThePage: the app's first page is the pre-rendered one,
// adopted node for node (cmd/trimgoapp, hydrate), not a page built again
// and put in its place; and it works as the app's (a press on a filter,
// typed text). For a reader with nothing stored, every node is kept.
// Without the edit none is, the root included. The page is marked as it
// is parsed: on a search's or a filter's address, the app starts at once.
func TestStartAdoptsThePage(t *testing.T) {
	url := startHandler(t, testServer(t)).URL
	slug := testSite(t).corpus.Articles[0].Slug
	// What the server cannot know, the app draws afresh: on /help, which
	// region's emergency number the reader's language points to.
	// (/compare is left out: its pre-rendered page holds every column, and
	// the app draws the chosen ones.)
	for _, p := range []struct {
		path      string
		mayRedraw []string
	}{
		{"/", nil},
		{"/articles/" + slug, nil},
		{"/help", []string{"<select#region-choice> > <option>"}},
		{"/topics/ect", nil},
		{"/about", nil},
		{"/?q=lithium", nil},
		{"/?topic=ect", nil},
	} {
		path := p.path
		ctx := newBrowser(t, 390, 844)
		beforeLoad(t, ctx, `document.addEventListener("DOMContentLoaded", () => { window.__marked = `+markPage+`; });`)
		do(t, ctx, path, chromedp.Navigate(url+path), appRunning())
		n := eval[int](t, ctx, `window.__marked`)
		var kept struct {
			Nodes, Kept int
			RootKept    bool
			Gone        []string
		}
		if err := json.Unmarshal([]byte(eval[string](t, ctx, "JSON.stringify("+pageKept+")")), &kept); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d of the %d nodes kept (%d now); gone: %v", path, kept.Kept, n, kept.Nodes, kept.Gone)
		unexpected := slices.DeleteFunc(slices.Clone(kept.Gone), func(g string) bool { return slices.Contains(p.mayRedraw, g) })
		if !kept.RootKept || len(unexpected) > 0 || kept.Kept < n*9/10 {
			t.Errorf("%s: the app kept %d of the page's %d nodes (root kept: %v); gone: %v", path, kept.Kept, n, kept.RootKept, kept.Gone)
		}
	}

	// The adopted page is the app's: its handlers run, and what the
	// reader typed before the app ran is searched for, in the same field,
	// still focused. Nothing sets the field's text to anything else
	// meanwhile; and the event by which boot.js hands that text to the
	// app comes late, as on a busy phone, after the app's first frames.
	// (The search box's first OnNav emptied the field in one: under CI's
	// load, the search then went on with nothing.)
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, `window.__textSet = [];
		const text = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");
		Object.defineProperty(HTMLInputElement.prototype, "value", { configurable: true, get() { return text.get.call(this); },
			set(v) { if (this.id === "search") window.__textSet.push(String(v)); text.set.call(this, v); } });
		const dispatch = EventTarget.prototype.dispatchEvent;
		EventTarget.prototype.dispatchEvent = function (e) {
			if (e.type !== "input" || this.id !== "search") return dispatch.call(this, e);
			setTimeout(() => dispatch.call(this, e), 100);
			return true;
		};`)
	do(t, ctx, "home", chromedp.Navigate(url+"/"), waitJS(appWaiting), waitJS(`(document.getElementById("search").__pre = true)`),
		chromedp.Click(chromedp.CSS("#search")), chromedp.KeyEvent("lithium"),
		waitJS(wasmRunning), waitJS(`location.search === "?q=lithium"`))
	if !eval[bool](t, ctx, `document.activeElement === document.getElementById("search") && document.activeElement.__pre === true && document.activeElement.value === "lithium"`) {
		t.Errorf("the search box the reader typed in is not the app's, focused, with the text: active %s", eval[string](t, ctx, `document.activeElement.outerHTML`))
	}
	if set := eval[[]string](t, ctx, `window.__textSet`); slices.ContainsFunc(set, func(v string) bool { return v != "lithium" }) {
		t.Errorf("the text the reader typed was set to other texts as the app started: %q", set)
	}
	// A filter chosen in the app, not by loading its address (the
	// window's mark would go).
	do(t, ctx, "a filter", chromedp.Navigate(url+"/"), waitJS(appWaiting), appRunning(), waitJS(`(window.__same = true)`),
		chromedp.Click(chromedp.CSS("#chip-ect")),
		waitJS(`location.search === "?topic=ect" && document.getElementById("chip-ect").getAttribute("aria-checked") === "true"`))
	if !eval[bool](t, ctx, `window.__same === true`) {
		t.Error("choosing a filter on the adopted page loaded its address: the app did not handle it")
	}
}

// TestFocusKeptWhenTheAppStarts: a keyboard reader who tabs to a filter
// toggle while the app is still on its way keeps the focus on it once the
// app has started: the app adopts that very toggle (hydrate), so nothing
// needs to carry the focus over (boot.js once did, for what the app drew
// afresh). Left on the page's body, the focus would send them back to the
// top.
func TestFocusKeptWhenTheAppStarts(t *testing.T) {
	gate := &wasmGate{h: testServer(t), held: make(chan struct{})}
	srv := startHandler(t, gate)
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), waitJS(appWaiting))
	for i := 0; i < 40 && eval[string](t, ctx, `document.activeElement.id`) != "chip-ect"; i++ {
		do(t, ctx, "Tab", chromedp.KeyEvent("\t")) // the first Tab starts the app
	}
	if eval[bool](t, ctx, wasmRunning) || eval[string](t, ctx, `document.activeElement.id`) != "chip-ect" {
		t.Fatal("Tab did not reach the ECT toggle while the app was on its way")
	}
	eval[any](t, ctx, `window.__focused = document.activeElement; 0`)
	close(gate.held)
	do(t, ctx, "the app", waitJS(wasmRunning))
	if !eval[bool](t, ctx, `document.activeElement === window.__focused && window.__focused.isConnected`) {
		t.Errorf("the focus left the toggle when the app took over the page; it is on %s", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
	}
}

// TestXSSInertInTheApp: the markup the app mounts from, or compares the
// page with, says an article's fields as text, whatever they hold.
// TestXSSInertInChromium checks the pre-rendered pages of the same hostile
// corpus with the app kept out; here the app runs, adopts each page opened
// (cmd/trimgoapp, hydrate), and draws it again when it navigates to it.
func TestXSSInertInTheApp(t *testing.T) {
	if !inOwnProcess(t) {
		return
	}
	srv := startHandler(t, serverOf(hostileSite(t), plain))
	ctx := newBrowser(t, 1280, 800)
	beforeLoad(t, ctx, countMountCalls+`
window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	for _, path := range []string{"/articles/hostile", "/", "/topics/ect"} {
		for _, drawn := range []bool{false, true} {
			p, open := path+", opened", []step{chromedp.Navigate(srv.URL + path), appRunning()}
			if drawn {
				p, open = path+", drawn by the app", []step{chromedp.Navigate(srv.URL + "/about"), appRunning(),
					waitJS(fmt.Sprintf(`(window.__mount.parsed = 0, goappNav(%q), true)`, path)),
					waitJS(fmt.Sprintf(`location.pathname === %q && !!document.querySelector("main h1")`, path))}
			}
			do(t, ctx, p, append(open,
				waitJS(`(fetch("http://canary.invalid/").catch(() => {}), window.__csp.some((v) => v.includes("canary.invalid")))`))...)
			if drawn && eval[int](t, ctx, `window.__mount.parsed`) == 0 {
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
			if path == "/articles/hostile" && !eval[bool](t, ctx, `document.querySelector("h1").textContent.includes("<img src=x")`) {
				t.Errorf("%s: with the app running, the title's markup is not shown as text: the title reads %q", p, eval[string](t, ctx, `document.querySelector("h1").textContent`))
			}
		}
	}
}
