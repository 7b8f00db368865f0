//go:build !wasm

package main

// What a page says before the app runs must be true. These tests hold
// app.wasm back (or break it), so the pre-rendered page, with cmd/nextsteps/boot.js
// and the stylesheet, is all the reader has: the state every reader sees
// at first paint, and for good when the app cannot start.

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// wasmGate serves a site with app.wasm held back until open is called;
// with broken set, app.wasm is answered with a 404 instead, so the app
// fails to start.
type wasmGate struct {
	h    http.Handler
	held chan struct{}
}

func (g *wasmGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/web/app.wasm" {
		select {
		case <-g.held:
		case <-r.Context().Done():
			return
		}
	}
	g.h.ServeHTTP(w, r)
}

// startStaticGated serves the static build, as a static host would, with
// app.wasm held back until the returned function is called.
func startStaticGated(t *testing.T) (*running, func()) {
	t.Helper()
	dir := staticDir(t)
	g := &wasmGate{h: staticHost(dir), held: make(chan struct{})}
	srv := startHandler(t, g)
	var released bool
	release := func() {
		if !released {
			released = true
			close(g.held)
		}
	}
	t.Cleanup(release)
	return srv, release
}

// visible is true when the element has a box on screen.
func visible(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility === "visible"; })()`, sel)
}

// visibleCardsOutside counts the list entries shown that carry none of the
// topics (by their topic links).
func visibleCardsOutside(topics ...string) string {
	var hrefs []string
	for _, id := range topics {
		hrefs = append(hrefs, fmt.Sprintf(`a.tag[href="/topics/%s"]`, id))
	}
	return fmt.Sprintf(`[...document.querySelectorAll(".card")].filter((c) => c.getClientRects().length > 0 && !c.querySelector(%q)).length`, strings.Join(hrefs, ", "))
}

// visibleCards counts the list entries shown.
const visibleCards = `[...document.querySelectorAll(".card")].filter((c) => c.getClientRects().length > 0).length`

// TestOfflineNoticeOnlyOffline: online, no page says "You're offline",
// before the app runs or after; offline, the notice shows before the app
// runs too. (It used to show on every page until the app started.)
func TestOfflineNoticeOnlyOffline(t *testing.T) {
	srv, release := startStaticGated(t)
	ctx := newBrowser(t, 390, 844)
	for _, p := range []string{"/help", "/", "/articles/" + testSite(t).corpus.Articles[0].Slug} {
		do(t, ctx, "open "+p, chromedp.Navigate(srv.URL+p), waitJS(appWaiting))
		if eval[bool](t, ctx, visible(".offline-notice")) {
			t.Errorf("%s: the offline notice shows while online, before the app runs", p)
		}
	}
	screenshot(t, ctx, "phone-article-before-app")

	// The network goes: the notice appears, with the app still held back.
	offline := network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, offline); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "notice offline", waitJS(visible(".offline-notice")))
	width := eval[float64](t, ctx, `document.querySelector(".offline-notice").getBoundingClientRect().width`)
	if width < 250 {
		t.Errorf("the offline notice is %.0f px wide at 390 px: squeezed", width)
	}
	online := network.OverrideNetworkStateParams{Offline: false, DownloadThroughput: -1, UploadThroughput: -1}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, online); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "notice gone online", waitJS("!"+visible(".offline-notice")))

	release()
	do(t, ctx, "app", chromedp.Navigate(srv.URL+"/help"), appRunning())
	if eval[bool](t, ctx, visible(".offline-notice")) {
		t.Error("/help: the offline notice shows while online, with the app running")
	}
}

// TestFilteredAddressNeverShowsWrongList: a static host serves
// /?topic=ect&topic=tms and /?q=lithium with the page rendered for "/".
// Before the app has drawn the right list, none of that page's unfiltered
// list shows; once it has, exactly the right entries do. If the app cannot
// start, the page says so instead of showing the wrong list.
func TestFilteredAddressNeverShowsWrongList(t *testing.T) {
	c := testSite(t).corpus
	srv, release := startStaticGated(t)
	ctx := newBrowser(t, 390, 844)

	filtered := "/?topic=ect&topic=tms"
	do(t, ctx, "filtered, app held", chromedp.Navigate(srv.URL+filtered), waitJS(`document.readyState === "complete"`))
	if n := eval[int](t, ctx, visibleCards); n != 0 {
		t.Errorf("%s before the app: %d entries of the unfiltered list show", filtered, n)
	}
	if !eval[bool](t, ctx, visible(".list-pending .finding")) {
		t.Errorf("%s before the app: no word that the list is on its way", filtered)
	}
	screenshot(t, ctx, "phone-filter-before-app")
	do(t, ctx, "searched, app held", chromedp.Navigate(srv.URL+"/?q=lithium"), waitJS(`document.readyState === "complete"`))
	if n := eval[int](t, ctx, visibleCards+` + document.querySelectorAll(".results li").length`); n != 0 {
		t.Errorf("/?q=lithium before the app: %d entries show", n)
	}
	// The bare address itself shows its list at once.
	do(t, ctx, "bare", chromedp.Navigate(srv.URL+"/"), waitJS(`document.readyState === "complete"`))
	if n := eval[int](t, ctx, visibleCards); n != len(c.Articles) {
		t.Errorf("/ before the app: %d entries show, want %d", n, len(c.Articles))
	}

	release()
	want := len(c.Filter([]string{"ect", "tms"}))
	do(t, ctx, "filtered, app", chromedp.Navigate(srv.URL+filtered), appRunning(),
		waitJS(fmt.Sprintf(visibleCards+` === %d`, want)))
	if n := eval[int](t, ctx, visibleCardsOutside("ect", "tms")); n != 0 {
		t.Errorf("%s: %d entries without ECT or TMS show", filtered, n)
	}
	do(t, ctx, "searched, app", chromedp.Navigate(srv.URL+"/?q=lithium"), appRunning(),
		waitJS(`document.querySelectorAll(".results li").length > 0`))
	if !eval[bool](t, ctx, `!document.querySelector(".list-pending") || document.querySelector(".list-pending").getClientRects().length === 0`) {
		t.Error("the 'finding' note still shows with the app running")
	}
	// In the app, going back to the bare address shows every entry.
	do(t, ctx, "all topics", chromedp.Click(chromedp.CSS(".brand")), waitJS(`location.search === ""`),
		waitJS(fmt.Sprintf(visibleCards+` === %d`, len(c.Articles))))

	// An app that cannot start: the page says why, and shows no wrong list.
	broken := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/web/app.wasm" {
			http.NotFound(w, r)
			return
		}
		staticHost(staticDir(t)).ServeHTTP(w, r)
	}))
	bctx := newBrowser(t, 390, 844)
	do(t, bctx, "app fails", chromedp.Navigate(broken.URL+filtered),
		waitJS(`document.documentElement.dataset.app === "failed"`), waitJS(visible(".list-pending .failed")))
	if n := eval[int](t, bctx, visibleCards); n != 0 {
		t.Errorf("%s with the app failed: %d entries of the unfiltered list show", filtered, n)
	}
	if eval[bool](t, bctx, visible(".list-pending .finding")) {
		t.Error("with the app failed, the page still says it is finding the list")
	}
}

// TestPrerenderedButtonsWaitForTheirState: Save buttons and the display
// settings are drawn in their default state before the app runs; when the
// reader has saved an article or chosen settings, that default would be
// wrong, so they stay hidden until the app shows the real state.
func TestPrerenderedButtonsWaitForTheirState(t *testing.T) {
	srv, release := startStaticGated(t)
	ctx := newBrowser(t, 390, 844)
	a := testSite(t).corpus.Articles[0]
	do(t, ctx, "nothing stored", chromedp.Navigate(srv.URL+"/articles/"+a.Slug), waitJS(appWaiting))
	if !eval[bool](t, ctx, visible(".save .btn")) || !eval[bool](t, ctx, visible(".display")) {
		t.Fatal("with nothing stored, Save and the display settings should show before the app")
	}
	eval[any](t, ctx, fmt.Sprintf(`localStorage.setItem("nextsteps.saved.v1", JSON.stringify([%q])); localStorage.setItem("nextsteps.settings.v1", JSON.stringify({textSize: 1, theme: "dark"}))`, a.Slug))
	do(t, ctx, "stored, app held", chromedp.Reload(), waitJS(`document.readyState === "complete"`))
	if eval[bool](t, ctx, visible(".save .btn")) {
		t.Errorf("the pre-rendered %q shows for a saved article", eval[string](t, ctx, `document.querySelector(".save .btn").textContent`))
	}
	if eval[bool](t, ctx, visible(".display")) {
		t.Error("the pre-rendered display settings (System pressed) show although Dark was chosen")
	}
	release()
	do(t, ctx, "app", appRunning(), waitJS(visible(".save .btn")), waitJS(visible(".display")))
	if got := eval[string](t, ctx, `document.querySelector(".save .btn").getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("with the app running, Save is aria-pressed=%s for a saved article", got)
	}
}
