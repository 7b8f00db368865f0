//go:build !wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	ui "nextsteps/app"
	"nextsteps/content"
)

// route is one address and the heading it must show.
type route struct{ path, h1 string }

// routes is every route of the product contract with its heading.
func routes(t *testing.T) []route {
	s := testSite(t)
	out := []route{
		{"/", "Next Steps"},
		{"/help", "Get help now"},
		{"/about", "About Next Steps"},
		{"/saved", "Saved articles"},
		{"/questions", "My questions"},
		{"/?topic=ect&topic=tms", "Next Steps"},
		{"/compare", "Compare treatments"},
		{"/compare?t=ect&t=tms", "Compare treatments"},
	}
	for _, a := range s.corpus.Articles {
		out = append(out, route{"/articles/" + a.Slug, a.Title})
	}
	for _, tp := range s.corpus.Topics {
		out = append(out, route{"/topics/" + tp.ID, tp.Label})
	}
	for _, e := range s.corpus.For {
		out = append(out, route{"/for/" + e.ID, e.Label})
		out = append(out, route{"/?for=" + e.ID, "Next Steps"})
	}
	return out
}

// TestOffline visits the site once, stops the server, then opens every
// route cold and reloads it, for both the real server and the static build.
func TestOffline(t *testing.T) {
	for _, mode := range []string{"serve", "static"} {
		t.Run(mode, func(t *testing.T) {
			var srv *running
			if mode == "serve" {
				srv = startReal(t)
			} else {
				srv = startStatic(t)
			}
			ctx := newBrowser(t, 390, 844)
			do(t, ctx, "first visit",
				chromedp.Navigate(srv.URL+"/"),
				appRunning(),
				waitJS(offlineReady),
			)
			errs, err := installabilityErrors(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) > 0 {
				t.Errorf("installability errors: %v", errs)
			}

			srv.stop()

			for _, r := range routes(t) {
				for _, st := range []step{chromedp.Navigate(srv.URL + r.path), chromedp.Reload()} {
					do(t, ctx, "offline "+r.path, st, appRunning())
					h, err := heading(ctx)
					if err != nil || h != r.h1 {
						t.Errorf("offline %s: heading %q (%v), want %q", r.path, h, err, r.h1)
					}
				}
			}

			// The filtered URL is filtered offline too, once the app runs.
			want := len(testSite(t).corpus.Filter([]string{"ect", "tms"}))
			do(t, ctx, "offline filter",
				chromedp.Navigate(srv.URL+"/?topic=ect&topic=tms"),
				appRunning(),
				waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, want)),
			)
			// An unknown address offline still gets a page with a way home.
			do(t, ctx, "offline unknown", chromedp.Navigate(srv.URL+"/no/such/page"), appRunning())
			if h, _ := heading(ctx); h != "Page not found" {
				t.Errorf("offline unknown path: heading %q", h)
			}

			// With the network gone too, the app says so, honestly.
			if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
				t.Fatal(err)
			}
			do(t, ctx, "offline notice",
				chromedp.Navigate(srv.URL+"/help"), appRunning(),
				waitJS(visible(".offline-notice")),
				waitJS(`document.querySelector(".offline-status").textContent === "You\u2019re offline. Every article is saved on this device."`),
			)
		})
	}
}

// TestFilter clicks topic toggles: the list and the URL change together,
// and back restores the previous selection.
func TestFilter(t *testing.T) {
	srv := startReal(t)
	c := testSite(t).corpus
	ctx := newBrowser(t, 1280, 800)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), appRunning())

	cards := func(topics ...string) string {
		return fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, len(c.Filter(topics)))
	}
	url := func(q string) string { return fmt.Sprintf(`location.search === %q`, q) }
	checked := func(id string, on bool) string {
		return fmt.Sprintf(`document.getElementById("chip-%s").getAttribute("aria-checked") === "%t"`, id, on)
	}

	do(t, ctx, "click ECT",
		chromedp.Click(chromedp.CSS("#chip-ect")),
		waitJS(url("?topic=ect")), waitJS(cards("ect")), waitJS(checked("ect", true)), waitJS(checked("all", false)),
	)
	do(t, ctx, "click TMS",
		chromedp.Click(chromedp.CSS("#chip-tms")),
		waitJS(url("?topic=ect&topic=tms")), waitJS(cards("ect", "tms")), waitJS(checked("tms", true)),
	)
	status := eval[string](t, ctx, `document.querySelector(".result-count").textContent`)
	if !strings.Contains(status, "about Electroconvulsive therapy (ECT) or Transcranial magnetic stimulation (TMS)") {
		t.Errorf("result count says %q", status)
	}
	do(t, ctx, "back",
		chromedp.NavigateBack(),
		waitJS(url("?topic=ect")), waitJS(cards("ect")), waitJS(checked("tms", false)), waitJS(checked("ect", true)),
	)
	do(t, ctx, "back again",
		chromedp.NavigateBack(),
		waitJS(url("")), waitJS(cards()), waitJS(checked("all", true)),
	)
	do(t, ctx, "forward",
		chromedp.NavigateForward(),
		waitJS(url("?topic=ect")), waitJS(cards("ect")),
	)
	// Every topic has articles (content.Load refuses one without), but a
	// topic and a "Who it's for" entry narrow each other, so a pair may
	// have none: the list says so, and offers the way back.
	empty := ""
	for _, tp := range c.Topics {
		for _, e := range c.For {
			if empty == "" && len(c.FilterBy([]string{tp.ID}, []string{e.ID})) == 0 {
				empty = "?topic=" + tp.ID + "&for=" + e.ID
			}
		}
	}
	if empty == "" {
		t.Fatal("every topic and entry share an article: no empty list to show")
	}
	do(t, ctx, "empty state",
		chromedp.Navigate(srv.URL+"/"+empty), appRunning(),
		waitJS(`(document.querySelector(".empty h2")||{}).textContent === "No articles on this yet" && document.querySelectorAll(".card").length === 0`),
		waitJS(`document.querySelector(".empty a.btn").getAttribute("href") === "/"`),
	)
}

// TestAListGrowsInParts: choosing a filter off shows every article again,
// and the frame that answers the tap draws only some of the new cards,
// the list marked aria-busy; the others follow in later frames, until the
// list is whole and no longer busy, the one the app draws for "/" opened
// afresh (app/home.go, cards).
func TestAListGrowsInParts(t *testing.T) {
	srv := startReal(t)
	c := testSite(t).corpus
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(`document.querySelectorAll(".card").length > 0`))
	whole := eval[string](t, ctx, listingShape)
	ect := len(c.Filter([]string{"ect"}))
	do(t, ctx, "ECT", chromedp.Click(chromedp.CSS("#chip-ect")), waitJS(`location.search === "?topic=ect"`),
		waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, ect)))
	// The cards and aria-busy at each frame from before the tap until the
	// list is whole and not busy; the cards each task added (the parts:
	// a mutation observer hears once a task, where frames may be fewer
	// than parts should the browser skip one, as afterPaint goes on
	// without a frame after paintWait); and the markup parsed meanwhile.
	do(t, ctx, "count the frames", waitJS(`(() => {
		window.__parsed = [];
		const inner = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
		Object.defineProperty(Element.prototype, "innerHTML", { ...inner, set(v) { window.__parsed.push(v.slice(0, 60)); inner.set.call(this, v); } });
		window.__parts = [];
		new MutationObserver((ms) => {
			let n = 0;
			for (const m of ms) for (const a of m.addedNodes) if (a instanceof Element && a.matches("li.card")) n++;
			if (n > 0) window.__parts.push(n);
		}).observe(document.querySelector(".cards"), { childList: true });
		window.__frames = [];
		const frame = () => {
			const n = document.querySelectorAll(".cards > li.card").length, busy = document.querySelector(".cards").getAttribute("aria-busy");
			window.__frames.push(n + " " + busy);
			if (n < `+fmt.Sprint(len(c.Articles))+` || busy !== null) requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
		return true;
	})()`),
		// The frame before the tap is counted before the tap: on a busy
		// machine the tap can otherwise run ahead of the first frame.
		waitJS(`window.__frames.length > 0`))
	do(t, ctx, "ECT off", chromedp.Click(chromedp.CSS("#chip-ect")), waitJS(`location.search === ""`),
		waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d && !document.querySelector(".cards[aria-busy]")`, len(c.Articles))),
		// and the frame that shows it whole: on a busy machine the list
		// can be whole before its next frame has run.
		waitJS(fmt.Sprintf(`window.__frames.at(-1) === "%d null"`, len(c.Articles))))
	frames := eval[[]string](t, ctx, `window.__frames`)
	var counts []int
	for _, f := range frames {
		var n int
		var busy string
		fmt.Sscan(f, &n, &busy)
		if len(counts) > 0 && n == counts[len(counts)-1] {
			continue
		}
		if n > ect && n < len(c.Articles) && busy != "true" {
			t.Errorf("a frame drew %d of %d cards, and the list is not marked busy (%q)", n, len(c.Articles), busy)
		}
		counts = append(counts, n)
	}
	if counts[0] != ect || counts[len(counts)-1] != len(c.Articles) || !slices.IsSorted(counts) {
		t.Errorf("the cards drawn, frame by frame, were %v: want %d first, then more, up to %d", counts, ect, len(c.Articles))
	}
	parts := eval[[]int](t, ctx, `window.__parts`)
	added := 0
	for _, n := range parts {
		added += n
	}
	if len(parts) < 2 || added != len(c.Articles)-ect {
		t.Errorf("the cards added, task by task, were %v: want the %d missing cards in parts", parts, len(c.Articles)-ect)
	}
	// Each part's cards are parsed from one markup string (cmd/trimgoapp,
	// mountRunFromMarkup), not one string per card.
	parsed := eval[[]string](t, ctx, `window.__parsed`)
	if n := len(slices.DeleteFunc(slices.Clone(parsed), func(m string) bool { return !strings.HasPrefix(m, `<li class="card">`) })); n > len(parts) {
		t.Errorf("the browser parsed %d strings of cards to add %d cards in %d parts, want one a part; the strings parsed began:\n%s", n, added, len(parts), strings.Join(parsed, "\n"))
	}
	if got := eval[string](t, ctx, listingShape); got != whole {
		t.Errorf("the list drawn in parts is\n%s\nwant, as the app draws it afresh:\n%s", got, whole)
	}
}

// TestFilterKeyboard uses the filter with the keyboard alone: Tab to a
// toggle, Enter or Space to change it.
func TestFilterKeyboard(t *testing.T) {
	srv := startReal(t)
	c := testSite(t).corpus
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), appRunning())

	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 40; i++ {
			do(t, ctx, "tab", chromedp.KeyEvent("\t"))
			if eval[string](t, ctx, `document.activeElement.id`) == id {
				return
			}
		}
		t.Fatalf("Tab never reached #%s", id)
	}
	tabTo("chip-ect")
	do(t, ctx, "Enter on ECT",
		chromedp.KeyEvent("\r"),
		waitJS(`location.search === "?topic=ect"`),
		waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, len(c.Filter([]string{"ect"})))),
	)
	// Focus moves to the re-rendered page; Tab to TMS and press Space.
	eval[any](t, ctx, `document.activeElement.blur(); window.scrollTo(0,0)`)
	tabTo("chip-tms")
	do(t, ctx, "Space on TMS",
		chromedp.KeyEvent(" "),
		waitJS(`location.search === "?topic=ect&topic=tms"`),
		waitJS(`document.getElementById("chip-tms").getAttribute("aria-checked") === "true"`),
	)
	if !eval[bool](t, ctx, `getComputedStyle(document.activeElement).outlineStyle !== "none"`) {
		t.Error("the focused toggle shows no focus outline")
	}
}

// TestForGroupFilter clicks a "Who it's for" toggle: the list and the
// address change; a topic then narrows the list further (AND across the
// groups); back restores each step; and Space toggles the chip by keyboard.
func TestForGroupFilter(t *testing.T) {
	srv := startReal(t)
	c := testSite(t).corpus
	if len(c.For) == 0 {
		t.Fatal("no published \"Who it's for\" entry")
	}
	e := c.For[0].ID
	// A topic whose list the entry narrows, best one that keeps some articles.
	tp := ""
	for _, x := range c.Topics {
		and, only := len(c.FilterBy([]string{x.ID}, []string{e})), len(c.Filter([]string{x.ID}))
		if and < only && (tp == "" || and > 0) {
			tp = x.ID
			if and > 0 {
				break
			}
		}
	}
	if tp == "" {
		t.Fatalf("no topic is narrowed by %s: AND cannot be told from OR", e)
	}
	ctx := newBrowser(t, 1280, 800)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), appRunning())

	cards := func(topics, forIDs []string) string {
		return fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, len(c.FilterBy(topics, forIDs)))
	}
	url := func(q string) string { return fmt.Sprintf(`location.search === %q`, q) }
	checked := func(id string, on bool) string {
		return fmt.Sprintf(`document.getElementById("chip-%s").getAttribute("aria-checked") === "%t"`, id, on)
	}
	only := []string{e}

	do(t, ctx, "click the entry",
		chromedp.Click(chromedp.CSS("#chip-"+e)),
		waitJS(url("?for="+e)), waitJS(cards(nil, only)), waitJS(checked(e, true)), waitJS(checked("for-all", false)), waitJS(checked("all", true)),
	)
	do(t, ctx, "and a topic",
		chromedp.Click(chromedp.CSS("#chip-"+tp)),
		waitJS(url("?topic="+tp+"&for="+e)), waitJS(cards([]string{tp}, only)), waitJS(checked(tp, true)), waitJS(checked(e, true)),
	)
	status := eval[string](t, ctx, `document.querySelector(".result-count").textContent`)
	if want := fmt.Sprintf(", for %s.", c.ForEntry(e).Label); !strings.Contains(status, want) || !strings.Contains(status, "about "+c.Topic(tp).Label) {
		t.Errorf("result count says %q", status)
	}
	do(t, ctx, "back",
		chromedp.NavigateBack(),
		waitJS(url("?for="+e)), waitJS(cards(nil, only)), waitJS(checked(tp, false)), waitJS(checked(e, true)),
	)
	do(t, ctx, "back again",
		chromedp.NavigateBack(),
		waitJS(url("")), waitJS(cards(nil, nil)), waitJS(checked("for-all", true)), waitJS(checked(e, false)),
	)
	// The keyboard: Space on the focused chip toggles it, and again.
	eval[any](t, ctx, fmt.Sprintf(`document.getElementById("chip-%s").focus()`, e))
	do(t, ctx, "Space on the entry",
		chromedp.KeyEvent(" "),
		waitJS(url("?for="+e)), waitJS(checked(e, true)), waitJS(cards(nil, only)),
	)
	eval[any](t, ctx, fmt.Sprintf(`document.getElementById("chip-%s").focus()`, e))
	do(t, ctx, "Space again",
		chromedp.KeyEvent(" "),
		waitJS(url("")), waitJS(checked(e, false)), waitJS(cards(nil, nil)),
	)
}

// TestScreenshots renders the main pages at phone and desktop sizes. Set
// SCREENSHOTS=docs/screenshots to keep them (make screenshots does). Each
// picture must be what a reader sees: the viewport's size, not blank, the
// page's heading (or the part scrolled to) on screen and uncovered, and
// nothing wider than the screen.
func TestScreenshots(t *testing.T) {
	srv := startReal(t)
	c := testSite(t).corpus
	a := c.Articles[0]
	for _, size := range []struct {
		name string
		w, h int
	}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
		ctx := newBrowser(t, size.w, size.h)
		for _, p := range []struct{ name, path, h1 string }{
			{"home", "/", "Next Steps"}, {"filter", "/?topic=ect&topic=tms", "Next Steps"}, {"article", "/articles/" + a.Slug, a.Title},
			{"help", "/help", "Get help now"}, {"topic", "/topics/ect", c.Topic("ect").Label}, {"notfound", "/nope", "Page not found"},
		} {
			do(t, ctx, p.name, chromedp.Navigate(srv.URL+p.path), appRunning())
			if h, err := heading(ctx); err != nil || h != p.h1 {
				t.Errorf("%s %s: heading %q (%v), want %q", size.name, p.path, h, err, p.h1)
			}
			checkScreenshot(t, ctx, size.name+"-"+p.name, "h1", size.w, size.h)
		}
		// Further down an article: the questions box and the sources.
		do(t, ctx, "article sources", chromedp.Navigate(srv.URL+"/articles/"+a.Slug), appRunning())
		eval[any](t, ctx, `document.getElementById("questions").scrollIntoView()`)
		checkScreenshot(t, ctx, size.name+"-article-end", "#questions h2", size.w, size.h)
	}
}

// checkScreenshot takes a screenshot and checks it shows the page as a
// reader sees it: w×h pixels, more than one colour, the element sel on
// screen and not covered, and no sideways scrolling.
func checkScreenshot(t *testing.T, ctx context.Context, name, sel string, w, h int) {
	t.Helper()
	b, err := os.ReadFile(screenshot(t, ctx, name))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", name, err)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Errorf("%s: screenshot is %dx%d, want %dx%d", name, got.X, got.Y, w, h)
	}
	colours := map[color.Color]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y && len(colours) < 3; y += 7 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 7 {
			colours[img.At(x, y)] = true
		}
	}
	if len(colours) < 3 {
		t.Errorf("%s: the screenshot is blank (%d colours)", name, len(colours))
	}
	if !eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false;
		const r = e.getBoundingClientRect(); const x = r.left + Math.min(r.width / 2, 40), y = r.top + r.height / 2;
		return r.height > 0 && y > 0 && y < innerHeight && e.contains(document.elementFromPoint(x, y)); })()`, sel)) {
		t.Errorf("%s: %s is not on screen, or is covered", name, sel)
	}
	if eval[bool](t, ctx, `document.documentElement.scrollWidth > innerWidth`) {
		t.Errorf("%s: the page scrolls sideways (%v px wide at %v)", name,
			eval[float64](t, ctx, `document.documentElement.scrollWidth`), eval[float64](t, ctx, `innerWidth`))
	}
}

// swappable lets a test deploy a new version on the same address.
type swappable struct{ h atomic.Pointer[http.Handler] }

func (s *swappable) deploy(h http.Handler)                            { s.h.Store(&h) }
func (s *swappable) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.h.Load()).ServeHTTP(w, r) }

// siteV2 builds a second version of the site: the same articles with a
// changed stylesheet, as a publisher's next deploy would be.
func siteV2(t *testing.T) *site {
	t.Helper()
	dir := t.TempDir()
	web, err := readWeb(webDir)
	if err != nil {
		t.Fatal(err)
	}
	for p, f := range web {
		body := f.body
		if p == "/web/app.css" {
			body = append(append([]byte{}, body...), []byte("\n/* version 2 */\n")...)
		}
		name := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/web/")))
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := newSite(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.version == testSite(t).version {
		t.Fatal("version 2 has the same version as version 1")
	}
	return s
}

// checkForUpdate asks the browser to look for a new service worker now,
// as it does by itself on navigation.
const checkForUpdate = `navigator.serviceWorker.getRegistration().then((r) => r.update()).then(() => true)`

// TestUpdate: a reader saves an article on version 1, loses the server for
// a while and keeps reading offline, then comes back after version 2 was
// deployed: the banner appears, Reload runs version 2, and the article the
// reader saved is still saved.
func TestUpdate(t *testing.T) {
	v1 := testServer(t)
	sw := &swappable{}
	sw.deploy(v1)
	srv := startHandler(t, sw)
	slug := testSite(t).corpus.Articles[0].Slug
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "visit version 1",
		chromedp.Navigate(srv.URL+"/articles/"+slug), appRunning(), waitJS(offlineReady),
		chromedp.Click(chromedp.CSS(".save button")),
		waitJS(`document.querySelector(".save button").getAttribute("aria-pressed") === "true"`),
		// Dark theme, and half the article read.
		chromedp.Click(chromedp.CSS(".display button:last-child")),
		waitJS(`document.documentElement.dataset.theme === "dark"`),
	)
	do(t, ctx, "progress saved", readHalf(slug))

	// The server goes away: connections are refused mid-request.
	sw.deploy(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
	}))
	for _, p := range []string{"/", "/help", "/saved", "/articles/" + slug} {
		do(t, ctx, "offline "+p, chromedp.Navigate(srv.URL+p), appRunning())
		if h, _ := heading(ctx); h == "" || h == "Page not found" {
			t.Errorf("offline %s: heading %q", p, h)
		}
	}

	v2 := siteV2(t)
	sw.deploy(newServer(v2))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](checkForUpdate, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "update banner",
		waitJS(`(document.querySelector(".banner")||{textContent:""}).textContent.includes("Updated articles are ready.")`),
	)
	screenshot(t, ctx, "phone-update-banner")
	do(t, ctx, "reload", chromedp.Click(chromedp.CSS(".banner button")), appRunning())
	do(t, ctx, "version 2 runs",
		waitJS(fmt.Sprintf(`caches.keys().then((k) => JSON.stringify(k) === JSON.stringify(["app-%s"]))`, v2.version)),
	)
	css, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("/web/app.css").then((r) => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(css, "version 2") {
		t.Errorf("after Reload the stylesheet is not version 2's (%v)", err)
	}
	do(t, ctx, "saved, progress and settings survive the update",
		chromedp.Navigate(srv.URL+"/saved"), appRunning(),
		waitJS(fmt.Sprintf(`document.querySelector('.card a[href="/articles/%s"]') !== null`, slug)),
		waitJS(`document.documentElement.dataset.theme === "dark"`),
		chromedp.Navigate(srv.URL+"/"), appRunning(),
		waitJS(fmt.Sprintf(`document.querySelector('.continue a[href="/articles/%s"]') !== null`, slug)),
	)
}

// TestBrokenUpdateKeepsOldVersion deploys a version 2 whose precache list
// names a file that does not exist: install fails as a whole, no banner
// appears, and version 1 keeps working offline.
func TestBrokenUpdateKeepsOldVersion(t *testing.T) {
	v1 := testSite(t)
	sw := &swappable{}
	sw.deploy(testServer(t))
	var seen hits
	srv := startHandler(t, seen.count(sw, nil))
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "visit version 1", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(offlineReady))
	workerFetches := seen.of("/app-worker.js")

	broken := *siteV2(t)
	broken.assets = map[string]file{}
	for k, v := range siteV2(t).assets {
		broken.assets[k] = v
	}
	w := broken.assets["/app-worker.js"]
	w.body = []byte(strings.Replace(string(w.body), "const resourcesToCache = [", `const resourcesToCache = ["/web/missing.png",`, 1))
	broken.assets["/app-worker.js"] = w
	sw.deploy(newServer(&broken))

	// Follow the new worker through its life: the banner comes when one
	// reaches "activated" (go-app's app.js), this one must end "redundant".
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.getRegistration().then((r) => {
		window.__newWorker = [];
		r.addEventListener("updatefound", () => {
			const w = r.installing;
			w.addEventListener("statechange", () => window.__newWorker.push(w.state));
		});
		return true;
	})`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](checkForUpdate, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("checking for the update: %v", err)
	}
	// The broken worker was fetched, tried to precache the missing file,
	// and was thrown away: only then can "no banner" mean anything.
	seen.wait(t, "/app-worker.js", workerFetches+1)
	seen.wait(t, "/web/missing.png", 1)
	do(t, ctx, "the broken worker is discarded", waitJS(`window.__newWorker.includes("redundant")`), waitJS(framesDrawn))
	if states := eval[[]any](t, ctx, `window.__newWorker`); slices.Contains(states, any("activated")) {
		t.Errorf("the broken worker went through %v", states)
	}
	if eval[bool](t, ctx, `document.querySelector(".banner") !== null && document.querySelector(".banner").textContent.includes("Updated")`) {
		t.Error("a failed update showed the update banner")
	}
	do(t, ctx, "only version 1 is cached",
		waitJS(fmt.Sprintf(`caches.keys().then((k) => JSON.stringify(k) === JSON.stringify(["app-%s"]))`, v1.version)),
	)
	srv.stop()
	for _, p := range []string{"/", "/help", "/articles/" + v1.corpus.Articles[0].Slug} {
		do(t, ctx, "offline "+p, chromedp.Navigate(srv.URL+p), appRunning())
		if h, _ := heading(ctx); h == "" || h == "Page not found" {
			t.Errorf("offline %s after a failed update: heading %q", p, h)
		}
	}
}

// TestReadableBeforeWasm: while app.wasm is on its way (here it never
// arrives), the pre-rendered article is readable and its links work:
// go-app's loader does not cover it. The page is made to start the app (as
// a reader's first key press does), so the wasm is really requested, and
// held, while the test reads.
func TestReadableBeforeWasm(t *testing.T) {
	real := testServer(t)
	hold := make(chan struct{})
	t.Cleanup(func() { close(hold) })
	var wasm hits
	srv := startHandler(t, wasm.count(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/web/app.wasm" {
			select { // a very slow connection
			case <-hold:
			case <-r.Context().Done():
			}
			return
		}
		real.ServeHTTP(w, r)
	}), func(r *http.Request) bool { return r.URL.Path == "/web/app.wasm" && fromPage(r) }))
	a := testSite(t).corpus.Articles[0]
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "open article", chromedp.Navigate(srv.URL+"/articles/"+a.Slug), waitJS(appWaiting))
	do(t, ctx, "start the app", chromedp.Func(pressShift), waitJS(`document.documentElement.dataset.app === "starting"`))
	wasm.wait(t, "/web/app.wasm", 1)
	if !eval[bool](t, ctx, `document.getElementById("app-wasm-loader") !== null`) {
		t.Fatal("the wasm loaded although it was held back")
	}
	// While the app starts, its loader says so, and its spinner turns.
	if !eval[bool](t, ctx, `(() => { const l = document.getElementById("app-wasm-loader");
		return getComputedStyle(l).visibility === "visible" && l.getAnimations({ subtree: true }).some((a) => a.playState === "running"); })()`) {
		t.Error("the app is starting and its loader does not show it")
	}
	// The element at the heading's centre is the heading itself.
	if !eval[bool](t, ctx, `(() => { const h = document.querySelector("h1"); const r = h.getBoundingClientRect();
		const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return h.contains(e); })()`) {
		t.Error("the pre-rendered heading is covered")
	}
	if !eval[bool](t, ctx, `(() => { const p = document.querySelector(".md p"); const r = p.getBoundingClientRect();
		return r.top < innerHeight * 3 && getComputedStyle(p).visibility === "visible"; })()`) {
		t.Error("the article body is not visible")
	}
	screenshot(t, ctx, "phone-before-wasm")
	// A link works too: a real click on "Get help now" opens /help.
	do(t, ctx, "follow a link", chromedp.Click(chromedp.CSS(`a[href="/help"]`)), waitJS(`location.pathname === "/help" && document.readyState === "complete"`))
	if h, err := heading(ctx); err != nil || h != "Get help now" {
		t.Errorf("after following the crisis link with the wasm held: heading %q (%v)", h, err)
	}
}

// TestAppStartsWhenNeeded: reading needs no app, so a page starts app.wasm
// only when it needs it or on the reader's first interaction (cmd/nextsteps/boot.js,
// part 6), and nothing the reader does meanwhile is lost.
func TestAppStartsWhenNeeded(t *testing.T) {
	srv := startReal(t)
	arts := testSite(t).corpus.Articles
	running := waitJS(wasmRunning)
	lithium := len(content.NewIndex(testSite(t).corpus).Search("lithium", nil))
	state := func(ctx context.Context) string {
		return eval[string](t, ctx, `document.documentElement.dataset.app`)
	}

	t.Run("scroll", func(t *testing.T) {
		ctx := newBrowser(t, 390, 844)
		watchStart(t, ctx)
		// The page has made its choice, and the first visit has done all it
		// does by itself (the worker's precache): still waiting.
		do(t, ctx, "first visit", chromedp.Navigate(srv.URL+"/articles/"+arts[0].Slug), waitJS(appWaiting), waitJS(startOffered), waitJS(precached))
		if s := state(ctx); s != "waiting" {
			t.Fatalf("with no interaction the app is %q, want waiting", s)
		}
		// Hidden, and still: its spinner runs no animation. It is laid out
		// all the same, so that showing it when the app starts lays out
		// nothing in the reader's first touch (web/app.css).
		loader := `document.getElementById("app-wasm-loader")`
		if !eval[bool](t, ctx, `getComputedStyle(`+loader+`).visibility === "hidden"`) {
			t.Error("the loader shows although nothing is loading")
		}
		if !eval[bool](t, ctx, loader+`.getAnimations({ subtree: true }).every((a) => a.playState === "paused")`) {
			t.Error("the hidden loader's spinner is turning")
		}
		if eval[int](t, ctx, loader+`.getClientRects().length`) == 0 {
			t.Error("the loader is left out of the layout: showing it lays the page out again")
		}
		do(t, ctx, "scroll with the wheel", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseWheel, X: 200, Y: 400, DeltaX: 0.01, DeltaY: 1500}) // DeltaX: CDP wants both, and 0 is left out
			return err
		}), running, waitJS(framesDrawn))
		// The app replaced the pre-rendered page; the reader stays put.
		if y := eval[float64](t, ctx, `scrollY`); y < 1000 {
			t.Errorf("after the app started the page is at %.0f px, want where the wheel took it (1500 px)", y)
		}
	})

	t.Run("link", func(t *testing.T) {
		// A link opens the next page as plain HTML, which waits too.
		ctx := newBrowser(t, 390, 844)
		watchStart(t, ctx)
		do(t, ctx, "open", chromedp.Navigate(srv.URL+"/articles/"+arts[0].Slug), waitJS(appWaiting))
		do(t, ctx, "follow a topic link", chromedp.Click(chromedp.CSS(`.md ~ * a[href^="/topics/"], a.tag`)),
			waitJS(`location.pathname.startsWith("/topics/")`), waitJS(appWaiting), waitJS(startOffered))
		if s := state(ctx); s != "waiting" {
			t.Errorf("after following a link the app is %q, want waiting", s)
		}
	})

	t.Run("button and state", func(t *testing.T) {
		ctx := newBrowser(t, 390, 844)
		slug := arts[1].Slug
		do(t, ctx, "open", chromedp.Navigate(srv.URL+"/articles/"+slug), waitJS(appWaiting))
		// The first tap both starts the app and, once it runs, saves.
		do(t, ctx, "save before the app runs", chromedp.Click(chromedp.CSS(".save button")), running,
			waitJS(`JSON.parse(localStorage.getItem("nextsteps.saved.v1") || "[]").includes(`+strconv.Quote(slug)+`)`),
			waitJS(`document.querySelector(".save button").getAttribute("aria-pressed") === "true"`))
		// Something is saved now, so pre-rendered Save buttons could be stale:
		// pages start the app at once.
		for _, p := range []string{"/", "/articles/" + arts[2].Slug, "/saved"} {
			do(t, ctx, "open "+p, chromedp.Navigate(srv.URL+p), running)
		}
	})

	t.Run("typing", func(t *testing.T) {
		ctx := newBrowser(t, 390, 844)
		do(t, ctx, "open home", chromedp.Navigate(srv.URL+"/"), waitJS(appWaiting))
		do(t, ctx, "type before the app runs", chromedp.Click(chromedp.CSS("#search")), chromedp.SendKeys(chromedp.CSS("#search"), "lithium"), running)
		// The pre-rendered home has cards but no search results: only the
		// app draws these, for what was typed before it ran.
		do(t, ctx, "results", waitJS(`document.getElementById("search").value === "lithium" && document.activeElement === document.getElementById("search")`),
			waitJS(fmt.Sprintf(`location.search === "?q=lithium" && document.querySelectorAll(".results .card").length === %d`, min(lithium, resultsShown))),
			waitJS(`document.querySelector(".result-count").textContent.includes("\u201clithium\u201d")`))
	})

	t.Run("address", func(t *testing.T) {
		ctx := newBrowser(t, 390, 844)
		// A filter or search in the address is applied by the app on a static
		// host, so it starts at once.
		do(t, ctx, "filter", chromedp.Navigate(srv.URL+"/?topic=ect"), running)
		do(t, ctx, "search", chromedp.Navigate(srv.URL+"/?q=tms"), running)
		// A malformed address: deciding when to start throws nothing, and
		// the app still starts.
		beforeLoad(t, ctx, `window.__errors = []; addEventListener("error", (e) => window.__errors.push(e.message));`)
		do(t, ctx, "malformed", chromedp.Navigate(srv.URL+"/articles/%E0"), waitJS(appWaiting))
		if errs := eval[[]any](t, ctx, `window.__errors`); len(errs) > 0 {
			t.Errorf("script errors on a malformed address: %v", errs)
		}
		do(t, ctx, "start", appRunning())
	})
}

// layoutShift sums the layout shifts since the page started loading.
const layoutShift = `new Promise((resolve) => {
	let sum = 0;
	new PerformanceObserver((list) => { for (const e of list.getEntries()) { if (!e.hadRecentInput) sum += e.value; } })
		.observe({ type: "layout-shift", buffered: true });
	setTimeout(() => resolve(sum), 300);
})`

// layoutShifts says what moved in each layout shift since the page started
// loading, for a test's failure message.
const layoutShifts = `new Promise((resolve) => {
	const out = [];
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			const what = e.sources.map((s) => (s.node ? s.node.nodeName + (s.node.className ? "." + s.node.className : "") + " “" + (s.node.textContent || "").trim().slice(0, 30) + "”" : "a removed node") +
				" from " + JSON.stringify(s.previousRect) + " to " + JSON.stringify(s.currentRect));
			out.push(e.value.toFixed(4) + " at " + Math.round(e.startTime) + " ms: " + what.join("; "));
		}
	}).observe({ type: "layout-shift", buffered: true });
	setTimeout(() => resolve(out.join("\n")), 300);
})`

// TestNoLayoutShift: the page does not move when the wasm takes over from
// the pre-rendered HTML (CLS at most 0.01).
func TestNoLayoutShift(t *testing.T) {
	srv := startReal(t)
	for _, p := range []string{"/", "/?topic=ect", "/articles/" + testSite(t).corpus.Articles[0].Slug, "/help"} {
		for _, size := range [][2]int{{390, 844}, {1280, 800}} {
			ctx := newBrowser(t, size[0], size[1])
			// Started by script, not by a key: a shift right after an input
			// would not count, and this test wants to see every shift.
			do(t, ctx, "open "+p, chromedp.Navigate(srv.URL+p), waitJS(`document.readyState === "complete" && !!window.nextstepsStartApp`),
				chromedp.Evaluate[chromedp.Void](`nextstepsStartApp()`), waitJS(wasmRunning), waitJS(framesDrawn))
			cls, err := chromedp.Run(ctx, chromedp.Evaluate[float64](layoutShift, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			if cls > 0.01 {
				what, _ := chromedp.Run(ctx, chromedp.Evaluate[string](layoutShifts, chromedp.EvalAwaitPromise))
				t.Errorf("%s at %dx%d: layout shift %.4f when the wasm took over, want <= 0.01; the shifts:\n%s", p, size[0], size[1], cls, what)
			}
		}
	}
}

// TestNoLayoutShiftWhileParsing: the header does not move while the page
// is still arriving. A slow phone paints what the parser has read so far:
// the name and the search box before the navigation and "Get help now". On
// a desktop the search box stood at the far end of the row until the
// navigation arrived and pulled it left, a layout shift of 0.011; on a
// phone it moved down a row. TestNoLayoutShift met that shift once in a
// few runs, when a busy machine painted mid-parse; here the server stops
// after each of the header's items, so every one of those frames is drawn.
func TestNoLayoutShiftWhileParsing(t *testing.T) {
	srv, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	site := startHandler(t, inPieces(srv, []string{"</span></a>", "</form>", "</nav>"}, 400*time.Millisecond))
	for _, size := range [][2]int{{390, 844}, {1280, 800}} {
		ctx := newBrowser(t, size[0], size[1])
		do(t, ctx, "open /", chromedp.Navigate(site.URL+"/"), waitJS(`document.readyState === "complete"`), waitJS(framesDrawn))
		cls, err := chromedp.Run(ctx, chromedp.Evaluate[float64](layoutShift, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if cls > 0.001 {
			what, _ := chromedp.Run(ctx, chromedp.Evaluate[string](layoutShifts, chromedp.EvalAwaitPromise))
			t.Errorf("at %dx%d: layout shift %.4f while the page arrived, want <= 0.001; the shifts:\n%s", size[0], size[1], cls, what)
		}
	}
}

// inPieces serves h, but sends a page the browser navigates to in pieces,
// uncompressed: it stops for pause after the first of each of marks, so
// that the browser draws what it has read up to there.
func inPieces(h http.Handler, marks []string, pause time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Sec-Fetch-Dest") != "document" {
			h.ServeHTTP(w, r)
			return
		}
		r.Header.Del("Accept-Encoding")
		page := httptest.NewRecorder()
		h.ServeHTTP(page, r)
		for k, v := range page.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(page.Code)
		body := page.Body.String()
		for _, mark := range marks {
			i := strings.Index(body, mark)
			if i < 0 {
				break
			}
			i += len(mark)
			w.Write([]byte(body[:i]))
			w.(http.Flusher).Flush()
			body = body[i:]
			time.Sleep(pause)
		}
		w.Write([]byte(body))
	})
}

// TestDarkMode: the colours follow the system setting.
func TestDarkMode(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	bg := func() string {
		return eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	}
	do(t, ctx, "light", chromedp.Navigate(srv.URL+"/"), appRunning())
	light := bg()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "dark", chromedp.Navigate(srv.URL+"/articles/"+testSite(t).corpus.Articles[0].Slug), appRunning())
	if dark := bg(); dark == light || dark != "rgb(18, 22, 22)" {
		t.Errorf("dark background %s (light %s)", dark, light)
	}
	screenshot(t, ctx, "phone-dark-article")
}

// TestStoredWasmReachesTheCompilerInSlices: a returning reader's app.wasm
// comes from the worker's store, not the network, and reaches
// WebAssembly.instantiateStreaming in slices of at most 256 KB, the page
// yielding to the browser before each (cmd/trimgoapp's goappInSlices;
// make bench's reading sessions show the tasks). Handed the stored
// response whole, Chromium decoded all of app.wasm in one task, 315 ms at
// 4x CPU slowdown, holding every tap and key; and go-app's progress stream,
// which the network path still uses, redrew its label for every chunk.
func TestStoredWasmReachesTheCompilerInSlices(t *testing.T) {
	srv, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	var got hits
	site := startHandler(t, got.count(srv, fromPage))
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "first visit", chromedp.Navigate(site.URL+"/"), appRunning(), waitJS(offlineReady))
	before := got.of("/web/app.wasm")
	// The compiler's copy is read alongside it (a clone), slice by slice.
	beforeLoad(t, ctx, `window.__slices = [];
		const compile = WebAssembly.instantiateStreaming;
		WebAssembly.instantiateStreaming = (source, imports) => Promise.resolve(source).then(async (r) => {
			const reader = r.clone().body.getReader();
			(async () => {
				for (;;) {
					const { done, value } = await reader.read();
					if (done) break;
					window.__slices.push(value.byteLength);
				}
			})();
			return compile(r, imports);
		});`)
	do(t, ctx, "return", chromedp.Navigate(site.URL+"/"), appRunning())
	if n := got.of("/web/app.wasm") - before; n != 0 {
		t.Errorf("a returning reader's page asked the network for app.wasm %d times; want its stored copy", n)
	}
	slices := eval[[]float64](t, ctx, `window.__slices`)
	wasm, err := os.Stat(filepath.Join(webDir, "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, n := range slices {
		total += n
		if n > 256*1024 {
			t.Errorf("a slice of %.0f bytes reached the compiler; want at most 256 KB", n)
		}
	}
	if total != float64(wasm.Size()) {
		t.Errorf("the compiler got %.0f bytes in %d slices; app.wasm has %d", total, len(slices), wasm.Size())
	}
}

// TestRunningMeansMounted: the page counts the app as running (and replays
// what the reader did before, boot.js) only once the app's first page is
// mounted, although the program waits before that for the article's text
// (app.Prepare reads its data file). go-app removed its loader, and so
// started the page's replay, as soon as the program first waited, before
// its page was there (cmd/trimgoapp's startedWhenMounted and mountedCall).
// The app's page is the pre-rendered one, adopted (hydrate): it is there
// once go-app has given its elements their handlers.
func TestRunningMeansMounted(t *testing.T) {
	srv := startReal(t)
	a := testSite(t).corpus.Articles[0]
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, `window.__handlers = 0;
	const add = EventTarget.prototype.addEventListener;
	EventTarget.prototype.addEventListener = function (...args) {
		const main = document.querySelector("main");
		if (main && this instanceof Node && main.contains(this)) window.__handlers++;
		return add.apply(this, args);
	};
	document.addEventListener("DOMContentLoaded", () => {
		new MutationObserver(() => {
			if (document.documentElement.dataset.app === "running" && !window.__atRunning) {
				window.__atRunning = { handlers: window.__handlers, body: document.querySelector(".article .md p") !== null };
			}
		}).observe(document.documentElement, { attributes: true, attributeFilter: ["data-app"] });
	});`)
	do(t, ctx, "open the article", chromedp.Navigate(srv.URL+"/articles/"+a.Slug), appRunning(), waitJS(`window.__atRunning !== undefined`))
	if got := eval[map[string]any](t, ctx, `window.__atRunning`); got["handlers"] == 0.0 || got["body"] != true {
		t.Errorf("when the page said the app was running: %v handlers on the page's main part (want some: the app's), the article body there %v", got["handlers"], got["body"])
	}
}

// TestStartPausesBeforeMount: the app's start hands the browser its thread
// after the program has read the articles and before go-app mounts its page
// on the pre-rendered one (main_wasm.go's pauseBeforeMount, boot.js's
// app.MountGlobal), and a reader who taps the search box and types during
// that pause loses nothing: the app's field has the text and the focus, so
// the next keys go on with it. The tap and the first letters
// come in a task queued as the program pauses, on the pre-rendered page.
func TestStartPausesBeforeMount(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, fmt.Sprintf(`document.addEventListener("DOMContentLoaded", () => { document.querySelector("main").__preRendered = true; });
		let bootsPart;
		Object.defineProperty(window, %[1]q, {
			configurable: true,
			set: (f) => { bootsPart = f; },
			get: () => bootsPart && ((mount) => {
				setTimeout(() => {
					window.__duringPause = { read: !(%[2]q in window), preRendered: !!document.querySelector("main").__preRendered };
					const box = document.getElementById("search");
					box.focus();
					box.value = "lith";
					box.dispatchEvent(new Event("input", { bubbles: true }));
				}, 0);
				return bootsPart(mount);
			}),
		});`, ui.MountGlobal, ui.CorpusGlobal))
	do(t, ctx, "open home", chromedp.Navigate(srv.URL+"/"), waitJS(appWaiting),
		chromedp.Evaluate[chromedp.Void](`nextstepsStartApp()`), waitJS(wasmRunning), waitJS(`window.__duringPause !== undefined`))
	if got := eval[map[string]bool](t, ctx, `window.__duringPause`); !got["read"] || !got["preRendered"] {
		t.Errorf("in a task between the program's start and the mount: articles read %v, the pre-rendered page still there %v; want both", got["read"], got["preRendered"])
	}
	do(t, ctx, "type on", waitJS(`document.activeElement === document.getElementById("search")`),
		chromedp.KeyEvent("ium"), // to whatever has the focus, as a reader's keys go
		waitJS(`location.search === "?q=lithium" && document.getElementById("search").value === "lithium" && !!document.querySelector(".results .card")`))
}

// TestStartAfterTheKeyIsDrawn: the interaction that starts the app is
// answered with a frame, shown, before app.wasm is instantiated (boot.js,
// afterPaint): the next frame has begun. V8 instantiates it in one step,
// some 70 ms at 4x CPU slowdown: run in the first touch's own task, or
// right after its frame's task, it held back the frame that answered the
// touch. Here the key comes once the articles are read and go-app's start
// is handed over, when nothing else delays the start. The same where the
// browser draws its frames late (slowFrames), as a phone's slow graphics
// do: with afterPaint giving up on the frames after 100 ms, the start came
// first.
func TestStartAfterTheKeyIsDrawn(t *testing.T) {
	srv := startReal(t)
	atEitherFrameRate(t, func(t *testing.T, slow bool) {
		ctx := newBrowser(t, 390, 844)
		beforeLoad(t, ctx, `window.__frames = 0; // frames begun since the key
			const count = () => { window.__frames++; requestAnimationFrame(count); };
			addEventListener("keydown", () => requestAnimationFrame(count), { capture: true, once: true });
			// app.js's start, which fetches app.wasm and instantiates it.
			let boots;
			Object.defineProperty(window, "nextstepsStartWhenNeeded", {
				configurable: true,
				set: (f) => { boots = f; },
				get: () => boots && ((start) => {
					window.__handed = true;
					return boots(function (...args) {
						if (window.__framesAtStart === undefined) window.__framesAtStart = window.__frames;
						return start.apply(this, args);
					});
				}),
			});`)
		do(t, ctx, "open home", chromedp.Navigate(srv.URL+"/"), waitJS(appWaiting),
			waitJS(fmt.Sprintf(`window.__handed === true && %q in window`, ui.CorpusGlobal)))
		if slow {
			slowFrames(t, ctx)
		}
		do(t, ctx, "a key", chromedp.KeyEvent("/"), waitJS(wasmRunning))
		// The key's frame, and the next one begun: by then the key's
		// frame is shown.
		if n, ok := eval[any](t, ctx, `window.__framesAtStart`).(float64); !ok || n < 2 {
			t.Errorf("frames begun after the key before app.wasm was fetched and instantiated: %v, want 2 or more", n)
		}
	})
}

// TestStartInSlices: go-app mounts the first page in slices, handing the
// browser its thread between them (cmd/trimgoapp's startInSlices), on a
// phone-speed CPU, and a reader who taps the search box and types while
// it mounts loses nothing. A chain of tasks, started as the mount starts,
// counts those that ran before the app said it was running; the first
// types "lith" in the search box, and the next keys go on with it.
func TestStartInSlices(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, fmt.Sprintf(`window.__tasks = 0;
		const tick = () => {
			if (document.documentElement.dataset.app !== "starting") return;
			if (window.__tasks++ === 0) {
				const box = document.getElementById("search");
				box.focus();
				box.value = "lith";
				box.dispatchEvent(new Event("input", { bubbles: true }));
			}
			next();
		};
		const next = () => {
			const ch = new MessageChannel();
			ch.port1.onmessage = tick;
			ch.port2.postMessage(null);
		};
		let bootsPart;
		Object.defineProperty(window, %q, {
			configurable: true,
			set: (f) => { bootsPart = f; },
			get: () => bootsPart && ((mount) => bootsPart(() => { next(); mount(); })),
		});`, ui.MountGlobal))
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "open home", chromedp.Navigate(srv.URL+"/"), waitJS(appWaiting),
		chromedp.Evaluate[chromedp.Void](`nextstepsStartApp()`), waitJS(wasmRunning))
	n := eval[int](t, ctx, `window.__tasks`)
	t.Logf("%d tasks ran while the app mounted its page", n)
	if n < 2 {
		t.Errorf("%d tasks ran while the app mounted its page at 4x CPU slowdown, want 2 or more: the mount holds the browser's thread", n)
	}
	do(t, ctx, "type on", waitJS(`document.activeElement === document.getElementById("search")`),
		chromedp.KeyEvent("ium"),
		waitJS(`location.search === "?q=lithium" && document.getElementById("search").value === "lithium" && !!document.querySelector(".results .card")`))
}

// TestSearchInParts: a search whose files are not in memory yet (the
// index's shards it needs, the shown hits' texts) is done in parts
// (app/home.go, find), and the browser has its thread between the last
// file read and the results drawn, and between the key and the first
// file asked for. A chain of tasks counts those that ran between each
// two: none did when the snippets and the list were made in the task that
// read the last text, 200-280 ms on a phone at 4x CPU slowdown, with the
// reader's next key held until it ended; nor when the hits were sought in
// the key's own task, after its answer.
func TestSearchInParts(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, fmt.Sprintf(`window.__search = { reads: 0, ticks: 0, atDraw: -1, sinceKey: 0, atFirstAsk: -1 };
		let handed;
		Object.defineProperty(window, %q, {
			configurable: true,
			set: (v) => {
				const read = v.read;
				v.read = (...args) => {
					if (window.__search.atFirstAsk < 0) window.__search.atFirstAsk = window.__search.sinceKey;
					return read(...args).then((bytes) => {
						window.__search.reads++;
						window.__search.ticks = 0;
						return bytes;
					});
				};
				handed = v;
			},
			get: () => handed,
		});
		const tick = () => {
			window.__search.ticks++;
			window.__search.sinceKey++;
			if (window.__search.atDraw < 0) next();
		};
		const next = () => {
			const ch = new MessageChannel();
			ch.port1.onmessage = tick;
			ch.port2.postMessage(null);
		};
		window.__searchNow = (q) => {
			new MutationObserver((_, seen) => {
				if (document.querySelector(".results .card")) {
					window.__search.atDraw = window.__search.ticks;
					seen.disconnect();
				}
			}).observe(document.body, { childList: true, subtree: true });
			next();
			const box = document.getElementById("search");
			box.focus();
			box.value = q;
			box.dispatchEvent(new Event("input", { bubbles: true }));
		};`, ui.CorpusGlobal))
	do(t, ctx, "open home", chromedp.Navigate(srv.URL+"/"), appRunning())
	do(t, ctx, "search", chromedp.Evaluate[chromedp.Void](`__searchNow("lithium")`),
		waitJS(`window.__search.atDraw >= 0`))
	got := eval[map[string]int](t, ctx, `window.__search`)
	if got["reads"] == 0 {
		t.Fatal("the search read no file: its shards and texts were in memory already, and this test measures nothing")
	}
	if got["atDraw"] < 1 {
		t.Errorf("%d tasks ran between the search's last file read and its results drawn (%d files read); want 1 or more: the snippets and the list were made in the task that read the last file", got["atDraw"], got["reads"])
	}
	if got["atFirstAsk"] < 1 {
		t.Errorf("%d tasks ran between the key and the search's first file asked for; want 1 or more: the hits were sought in the key's own task", got["atFirstAsk"])
	}
}

// TestHeldPressShows: a button pressed before the app runs shows the press
// at once (boot.js rings it) while the app starts; the app adopts that very
// button, which keeps the focus, and carries the press out on it, with no
// ring left. If the app cannot start, the ring goes and the press is
// dropped. The
// press is carried out after the start's last task has ended, not inside
// it: the app's answer (Save writes the saved list, in code compiled at
// its first call) made that task the article session's longest, 144-272
// ms at 4x CPU slowdown in make bench against 53-138 ms since.
func TestHeldPressShows(t *testing.T) {
	real := testServer(t)
	hold, fail := make(chan struct{}), make(chan struct{})
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/web/app.wasm" {
			select { // a slow phone: the app is on its way
			case <-hold:
			case <-fail:
			case <-r.Context().Done():
				return
			}
			select {
			case <-fail: // then it cannot be had at all
				http.Error(w, "gone", http.StatusServiceUnavailable)
				return
			default:
			}
		}
		real.ServeHTTP(w, r)
	}))
	slug := testSite(t).corpus.Articles[1].Slug
	const save = `document.querySelector(".save button")`
	ctx := newBrowser(t, 390, 844)
	// The change to "running" is delivered to an observer at the end of
	// the script that made it: a press carried out within that script
	// comes before.
	beforeLoad(t, ctx, `window.__press = { running: false, carried: null };
	document.addEventListener("DOMContentLoaded", () => new MutationObserver(() => {
		if (document.documentElement.dataset.app === "running") window.__press.running = true;
	}).observe(document.documentElement, { attributes: true, attributeFilter: ["data-app"] }));
	document.addEventListener("click", (e) => {
		if (document.documentElement.dataset.app === "running" && e.target.closest(".save")) window.__press.carried = window.__press.running;
	}, true);`)
	do(t, ctx, "open", chromedp.Navigate(srv.URL+"/articles/"+slug), waitJS(appWaiting),
		chromedp.Click(chromedp.CSS(".save button")), waitJS(`document.documentElement.dataset.app === "starting"`))
	if !eval[bool](t, ctx, `document.activeElement === `+save) {
		t.Fatal("the pressed button does not have the focus before the app runs")
	}
	// The ring: an outline and the progress cursor (boot.js, held).
	const ringed = `((b) => getComputedStyle(b).outlineStyle === "solid" && getComputedStyle(b).cursor === "progress")`
	if !eval[bool](t, ctx, ringed+`(`+save+`)`) {
		t.Fatal("a press held for the app does not show")
	}
	eval[any](t, ctx, `window.__pressedButton = `+save+`; 0`)
	screenshot(t, ctx, "phone-press-held")
	close(hold)
	do(t, ctx, "app", waitJS(wasmRunning), waitJS(save+`.getAttribute("aria-pressed") === "true"`))
	if !eval[bool](t, ctx, save+` === window.__pressedButton`) {
		t.Error("the app drew the pressed button afresh rather than adopting it")
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll("button")].filter(`+ringed+`).length`); n != 0 {
		t.Errorf("%d buttons stay ringed once the app runs", n)
	}
	if focused := eval[string](t, ctx, `document.activeElement === `+save+` ? "" : document.activeElement.outerHTML.slice(0, 80)`); focused != "" {
		t.Errorf("the pressed button lost the focus when the app took over the page; it is on %s", focused)
	}
	switch carried := eval[any](t, ctx, `window.__press.carried`); carried {
	case nil:
		t.Error("the press was not carried out as a click on the app's Save button")
	case false:
		t.Error("the press was carried out inside the script that ended the app's start, making its task longer")
	}

	ctx = newBrowser(t, 390, 844)
	close(fail)
	do(t, ctx, "open, the app cannot start", chromedp.Navigate(srv.URL+"/articles/"+testSite(t).corpus.Articles[2].Slug), waitJS(appWaiting),
		chromedp.Click(chromedp.CSS(".save button")), waitJS(`document.documentElement.dataset.app === "failed"`))
	if n := eval[int](t, ctx, `[...document.querySelectorAll("button")].filter(`+ringed+`).length`); n != 0 {
		t.Errorf("%d buttons stay ringed after the app failed to start", n)
	}
}

// TestGarbageCollectedWhenIdle: a reader taps through the filter's
// toggles, a tap every tenth of a second or so, until the app finds a
// collection due (collectWantedMark), and for a few taps more; then stops
// to read. The app must collect (collectWhenIdle, which it measures), and
// only once the reader has been still for stillFor: the idle periods
// between the frames of the taps must not do. (Where Go collected inside
// the taps, as it does when the heap reaches its goal, the reader goes
// on until the app finds a collection due again.)
func TestGarbageCollectedWhenIdle(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), appRunning())
	wanted := `performance.getEntriesByName("` + collectWantedMark + `").length`
	collections := `performance.getEntriesByName("` + collectedMark + `").map((e) => e.startTime)`
	do(t, ctx, "note the taps", waitJS(`(window.__taps = [], true)`))
	// At 25 articles a collection was first due after about 24 taps.
	deadline := time.Now().Add(2 * time.Minute)
	for len(eval[[]float64](t, ctx, collections)) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no collection while the reader was still, after %d taps", eval[int](t, ctx, `window.__taps.length`))
		}
		// Up to ten taps, each answered with the list whole and followed
		// by a tenth of a second of reading; three after a collection
		// comes due.
		seen := eval[int](t, ctx, wanted)
		do(t, ctx, "taps", waitJS(`new Promise((resolve) => {
			let after = 0;
			const tap = (n) => {
				if (`+wanted+` > `+strconv.Itoa(seen)+`) after++;
				if (n === 0 || after > 3) { resolve(true); return; }
				const before = location.search;
				window.__taps.push(performance.now());
				document.getElementById("chip-ect").click();
				const wait = () => location.search !== before && !document.querySelector(".cards[aria-busy]")
					? setTimeout(() => tap(n - 1), 100)
					: requestAnimationFrame(wait);
				requestAnimationFrame(wait);
			};
			tap(10);
		})`))
		if eval[int](t, ctx, wanted) > seen {
			time.Sleep(stillFor + collectEvery) // reading
		}
	}
	taps := eval[[]float64](t, ctx, `window.__taps`)
	for _, c := range eval[[]float64](t, ctx, collections) {
		last := 0.0
		for _, at := range taps {
			if at <= c {
				last = at
			}
		}
		if still := time.Duration((c - last) * float64(time.Millisecond)); last > 0 && still < stillFor {
			t.Errorf("a collection began %v after a tap, want at least %v", still.Round(time.Millisecond), stillFor)
		}
	}
	t.Logf("collected once the reader was still, after %d taps; %d times due", len(taps), eval[int](t, ctx, wanted))
}
