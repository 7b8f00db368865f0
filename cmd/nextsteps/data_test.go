//go:build !wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"nextsteps/content"
)

// wire counts what a server sends, per path: requests, statuses and body
// bytes (as encoded on the wire). It sees what a page's own Resource Timing
// does not: the service worker's requests.
type wire struct {
	mu    sync.Mutex
	reqs  map[string]int
	bytes map[string]int
	codes map[string][]int
}

func (c *wire) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(cw, r)
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.reqs == nil {
			c.reqs, c.bytes, c.codes = map[string]int{}, map[string]int{}, map[string][]int{}
		}
		c.reqs[r.URL.Path]++
		c.bytes[r.URL.Path] += cw.n
		c.codes[r.URL.Path] = append(c.codes[r.URL.Path], cw.code)
	})
}

func (c *wire) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reqs, c.bytes, c.codes = nil, nil, nil
}

// bytesSent is every body byte sent since the last reset.
func (c *wire) bytesSent() int {
	n, _ := c.total()
	return n
}

// total is every body byte sent, and a table of them for the log.
func (c *wire) total() (int, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	paths := make([]string, 0, len(c.reqs))
	n := 0
	for p := range c.reqs {
		paths = append(paths, p)
		n += c.bytes[p]
	}
	sort.Slice(paths, func(i, j int) bool { return c.bytes[paths[i]] > c.bytes[paths[j]] })
	var b strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&b, "  %8d B  %v  %s\n", c.bytes[p], c.codes[p], p)
	}
	return n, b.String()
}

type countingWriter struct {
	http.ResponseWriter
	code, n int
}

func (w *countingWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}

// TestUpdateDownloadsWhatChanged: an update whose articles did not change
// (version 2 changes the stylesheet) brings the stylesheet, the worker and
// revalidations, not app.wasm or app.js again (a 304) and not the articles' data
// file (the worker keeps its stored copy: same name, same bytes); counted
// at the server. Afterwards the new version runs offline with the same
// articles.
func TestUpdateDownloadsWhatChanged(t *testing.T) {
	v1 := testSite(t)
	files, err := v1.corpus.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	data := files[0].Path
	sw := &swappable{}
	sw.deploy(testServer(t))
	var seen wire
	srv := startHandler(t, seen.wrap(sw))
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "visit version 1", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(offlineReady))
	if n, _ := seen.total(); n < 1<<20 {
		t.Fatalf("the first visit sent only %d bytes: app.wasm was never downloaded, so nothing below can fail", n)
	}

	seen.reset()
	v2 := siteV2(t)
	sw.deploy(newServer(v2))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](checkForUpdate, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "the update is installed",
		waitJS(`(document.querySelector(".banner")||{textContent:""}).textContent.includes("Updated articles are ready.")`))
	n, table := seen.total()
	t.Logf("the update sent %d bytes:\n%s", n, table)
	seen.mu.Lock()
	wasmBytes, wasmCodes, dataReqs, cssBytes := seen.bytes["/web/app.wasm"], seen.codes["/web/app.wasm"], seen.reqs[data], seen.bytes["/web/app.css"]
	appJSBytes := seen.bytes["/app.js"]
	seen.mu.Unlock()
	if appJSBytes > 0 {
		t.Errorf("app.js, the same but for the version, was sent again: %d bytes (cmd/trimgoapp, versionlessAppJS)", appJSBytes)
	}
	if len(wasmCodes) == 0 || wasmBytes > 0 {
		t.Errorf("app.wasm, unchanged, was sent again: %d bytes, statuses %v (want a 304)", wasmBytes, wasmCodes)
	}
	if dataReqs > 0 {
		t.Errorf("the articles' data file, unchanged, was asked for %d times: the worker should keep its copy", dataReqs)
	}
	if cssBytes == 0 {
		t.Error("the changed stylesheet was not downloaded")
	}
	if n > 50<<10 {
		t.Errorf("an update that changed one stylesheet sent %d bytes (want under 50 KB)", n)
	}

	do(t, ctx, "reload into version 2", chromedp.Click(chromedp.CSS(".banner button")), appRunning(),
		waitJS(fmt.Sprintf(`caches.keys().then((k) => JSON.stringify(k) === JSON.stringify(["app-%s"]))`, v2.version)))

	// The next update, with the browser's HTTP cache emptied (as a phone
	// short of space does): the data file still comes from the worker's
	// stored copy, not the network.
	if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	seen.reset()
	sw.deploy(testServer(t)) // version 1 again: a new version to this reader
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](checkForUpdate, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "the next update is installed",
		waitJS(fmt.Sprintf(`caches.keys().then((k) => k.includes("app-%s"))`, v1.version)),
		waitJS(`(document.querySelector(".banner")||{textContent:""}).textContent.includes("Updated articles are ready.")`))
	seen.mu.Lock()
	dataReqs, wasmBytes = seen.reqs[data], seen.bytes["/web/app.wasm"]
	seen.mu.Unlock()
	if wasmBytes == 0 {
		t.Fatal("app.wasm was not downloaded with the HTTP cache emptied: the cache was not emptied, so nothing here can fail")
	}
	if dataReqs > 0 {
		t.Errorf("with the HTTP cache emptied, the unchanged data file was asked for %d times: the worker should keep its stored copy", dataReqs)
	}
	srv.stop()
	slug := v1.corpus.Articles[0].Slug
	do(t, ctx, "version 2 offline, cold", chromedp.Navigate(srv.URL+"/articles/"+slug), appRunning())
	if h, _ := heading(ctx); h != v1.corpus.Articles[0].Title {
		t.Errorf("offline after the update: heading %q, want %q", h, v1.corpus.Articles[0].Title)
	}
}

// TestBadDataFile: when the catalog or the texts list (the data files the
// app starts with) is cut short, changed or missing, the app does not start with a broken library: the page says so
// by data-app="failed", the pre-rendered article stays readable with
// working links, and the worker stores nothing (its install fails on the
// file's hash or status).
func TestBadDataFile(t *testing.T) {
	s := testSite(t)
	files, err := s.corpus.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	bundle, texts := files[0].Bytes, files[1].Bytes
	// The texts list with the second article's hash on the first
	// article's line: a list that reads as valid, which only its own hash
	// tells apart. (Its first line is its head; one line per article
	// follows.)
	lines := bytes.Split(texts, []byte("\n"))
	if len(lines) < 3 || bytes.Equal(lines[1], lines[2]) {
		t.Fatalf("the texts list has no two articles' lines to swap:\n%s", texts)
	}
	swapped := bytes.Join(slices.Concat([][]byte{lines[0], lines[2]}, lines[2:]), []byte("\n"))
	real := testServer(t)
	a := s.corpus.Articles[0]
	for _, tc := range []struct {
		name  string
		file  int // of files: the catalog or the texts list
		serve func(w http.ResponseWriter)
	}{
		{"cut short", 0, func(w http.ResponseWriter) { w.Write(bundle[:len(bundle)/2]) }},
		{"changed", 0, func(w http.ResponseWriter) {
			w.Write([]byte(strings.Replace(string(bundle), a.Title, "A different title", 1)))
		}},
		{"missing", 0, func(w http.ResponseWriter) { http.NotFound(w, nil) }},
		{"texts list changed", 1, func(w http.ResponseWriter) { w.Write(swapped) }},
		{"texts list missing", 1, func(w http.ResponseWriter) { http.NotFound(w, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := files[tc.file].Path
			srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == data {
					w.Header().Set("Content-Type", content.CorpusType)
					tc.serve(w)
					return
				}
				real.ServeHTTP(w, r)
			}))
			ctx := newBrowser(t, 390, 844)
			beforeLoad(t, ctx, followWorker)
			do(t, ctx, "open", chromedp.Navigate(srv.URL+"/articles/"+a.Slug), waitJS(appWaiting),
				chromedp.Evaluate[chromedp.Void](`window.nextstepsStartApp()`),
				waitJS(`document.documentElement.dataset.app === "failed"`))
			if h, _ := heading(ctx); h != a.Title {
				t.Errorf("the pre-rendered article is not readable: heading %q", h)
			}
			if !eval[bool](t, ctx, `[...document.querySelectorAll("a[href]")].length > 5 && getComputedStyle(document.querySelector("main")).visibility !== "hidden"`) {
				t.Error("the pre-rendered page's links are not there")
			}
			workerRefused(t, ctx)
		})
	}
}

// TestBadArticleFile: when one article's own data file is changed, that
// article's page says its text could not be loaded and why, in place of
// the text; the app keeps running, every other article opens in the app
// with its text, and the worker stores every article but that one (it
// refuses the file on its hash), and the footer says so: not "Saved", and
// not "Saving…" for ever.
func TestBadArticleFile(t *testing.T) {
	s := testSite(t)
	files, err := s.corpus.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	bad, good := s.corpus.Articles[0], s.corpus.Articles[1]
	file := files[2] // bad's
	if !strings.HasPrefix(file.Path, content.DataPrefix+"articles/"+bad.Slug+"-") {
		t.Fatalf("files[2] is %s, not %s's", file.Path, bad.Slug)
	}
	real := testServer(t)
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == file.Path {
			w.Header().Set("Content-Type", content.CorpusType)
			w.Write(bytes.Replace(file.Bytes, []byte("<p>"), []byte("<p>Changed. "), 1))
			return
		}
		real.ServeHTTP(w, r)
	}))
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, followWorker)
	do(t, ctx, "open the article", chromedp.Navigate(srv.URL+"/articles/"+bad.Slug), appRunning(),
		waitJS(`document.querySelector(".text-missing") !== null`))
	if h, _ := heading(ctx); h != bad.Title {
		t.Errorf("heading %q, want %q", h, bad.Title)
	}
	if msg := eval[string](t, ctx, `document.querySelector(".text-missing").textContent`); !strings.Contains(msg, "could not be loaded") || !strings.Contains(msg, "do not match its name") {
		t.Errorf("the notice does not say what and why: %q", msg)
	}
	if eval[bool](t, ctx, `document.body.textContent.includes("Changed.")`) {
		t.Error("the changed text reached the page")
	}
	if eval[bool](t, ctx, `document.querySelector(".article .questions, .article .sources") !== null`) {
		t.Error("the questions or sources section is drawn, empty, without the text")
	}
	do(t, ctx, "to the notice", chromedp.Evaluate[chromedp.Void](`document.querySelector(".text-missing").scrollIntoView({block: "center"})`))
	screenshot(t, ctx, "phone-article-text-missing")
	// In the app, on to another article: its text is read and shown.
	do(t, ctx, "home", chromedp.Click(chromedp.CSS(`a.brand`)), waitJS(`location.pathname === "/"`),
		chromedp.Click(chromedp.CSS(`a[href="/articles/`+good.Slug+`"]`)),
		waitJS(`location.pathname === "/articles/`+good.Slug+`" && document.querySelector("h1").textContent === `+jsString(good.Title)),
		waitJS(`document.querySelector(".article .md p") !== null`))
	if eval[bool](t, ctx, `document.querySelector(".text-missing") !== null || document.documentElement.dataset.app !== "running"`) {
		t.Error("another article shows the notice, or the app stopped")
	}
	// On a first visit the worker takes over with the pages and assets,
	// then saves the articles: every other one, never the changed file;
	// and the footer never says "Saved".
	stored := fmt.Sprintf(`caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.keys()))))
		.then((all) => all.flat().map((r) => new URL(r.url).pathname).filter((p) => p.startsWith(%q)))`, content.DataPrefix+"articles/")
	do(t, ctx, "every other article is saved", waitJS(fmt.Sprintf(`%s.then((ps) => ps.length === %d)`, stored, len(s.corpus.Articles)-1)))
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](stored, chromedp.EvalAwaitPromise)); err != nil || slices.Contains(got, file.Path) {
		t.Errorf("the changed file was stored (%v): %v", err, got)
	}
	if states := eval[[]any](t, ctx, `window.__sw`); !slices.Contains(states, any("activated")) || slices.Contains(states, any("redundant")) {
		t.Errorf("the worker did not take over with the pages and assets: %v", states)
	}
	// The footer says what was saved and what was not, rather than
	// "Saving…" for ever; and again on the next page, which tries again,
	// here with the server gone.
	butOne := `document.querySelector(".offline-status").textContent === ` +
		jsString("Saved for offline reading on this device, except 1 article that could not be downloaded. It will be tried again the next time you open a page online.")
	do(t, ctx, "the footer says one article is not saved", waitJS(butOne))
	do(t, ctx, "to the footer", chromedp.Evaluate[chromedp.Void](`document.querySelector(".offline-status").scrollIntoView({block: "center"})`))
	screenshot(t, ctx, "phone-saved-but-one")
	srv.stop()
	do(t, ctx, "the next page, the server stopped", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(butOne))
}

// followWorker, run before a page loads, notes in window.__sw each state
// of the worker the page registers: its install may fail (and its
// registration go) before a test could look.
const followWorker = `window.__sw = [];
	const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
	navigator.serviceWorker.register = (...args) => register(...args).then((r) => {
		const w = r.installing;
		if (w) { window.__sw.push(w.state); w.addEventListener("statechange", () => window.__sw.push(w.state)); }
		return r;
	});`

// workerRefused waits for the worker's install to fail (see followWorker)
// and checks that nothing of it is kept.
func workerRefused(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "the worker's install fails", waitJS(`window.__sw.includes("redundant")`),
		waitJS(`caches.keys().then((k) => k.length === 0)`))
	if states := eval[[]any](t, ctx, `window.__sw`); slices.Contains(states, any("installed")) {
		t.Errorf("the worker installed with a bad data file: %v", states)
	}
}

// TestSavingProgress: on a first visit the footer says how many articles
// the worker has saved for offline reading, of how many, counting up, and
// says "Saved" only when all are. The count is written into the footer
// without the app redrawing the page, so the reader's typing meanwhile
// stays as typed.
func TestSavingProgress(t *testing.T) {
	n := len(testSite(t).corpus.Articles)
	real := testServer(t)
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, content.DataPrefix+"articles/") {
			// A slow connection: the install takes several seconds.
			select {
			case <-time.After(1500 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
		real.ServeHTTP(w, r)
	}))
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, `window.__saving = [];
		navigator.serviceWorker.addEventListener("message", (e) => e.data.saving && window.__saving.push(e.data.saving));`)
	status := `(document.querySelector(".offline-status")||{}).textContent`
	progress := `/^Saving the articles for offline reading: \d+ of ` + strconv.Itoa(n) + `\u2026$/.test(` + status + `)`
	do(t, ctx, "first visit, the count shows",
		chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(progress))
	// Scrolled to the end, the line is clear of the install offer.
	eval[any](t, ctx, `window.scrollTo(0, document.documentElement.scrollHeight)`)
	screenshot(t, ctx, "phone-saving-progress")
	if !eval[bool](t, ctx, `(() => {
		const r = document.querySelector(".offline-status").getBoundingClientRect();
		const at = document.elementFromPoint(r.left + 10, r.top + r.height / 2);
		return !!at && !!at.closest(".offline-status");
	})()`) {
		t.Error("at the end of the page, the offline status line is under the install offer")
	}
	do(t, ctx, "typing meanwhile", chromedp.SendKeys("#"+"search", "lithium"))
	do(t, ctx, "then Saved", waitJS(offlineReady))
	if v := eval[string](t, ctx, `document.getElementById("search").value`); v != "lithium" {
		t.Errorf("typed %q while the articles were saved; the search box says %q", "lithium", v)
	}
	got := eval[[]map[string]int](t, ctx, `window.__saving`)
	if len(got) < 2 {
		t.Fatalf("%d progress messages, want several: %v", len(got), got)
	}
	for i, m := range got {
		if m["total"] != n || m["saved"] < 1 || (i > 0 && m["saved"] < got[i-1]["saved"]) {
			t.Errorf("message %d of %v: want %d in all, counting up", i, got, n)
		}
	}
	if last := got[len(got)-1]; last["saved"] != n {
		t.Errorf("the last message says %d of %d saved", last["saved"], n)
	}
}

// TestOfflineBeforeSaved: a reader whose connection goes (the server
// stops) before the first visit's install has saved the library, and who
// then opens an article in the app, is told plainly that its text could
// not be loaded and will be there when back online; the app keeps
// running. Back online (the server again, at the same address), the same
// article opens with its text.
func TestOfflineBeforeSaved(t *testing.T) {
	s := testSite(t)
	a := s.corpus.Articles[len(s.corpus.Articles)-1]
	real := testServer(t)
	var gone atomic.Bool
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The articles' files wait, so the install is still under way
		// when the connection goes, which cuts them off.
		if strings.HasPrefix(r.URL.Path, content.DataPrefix+"articles/") {
			for !gone.Load() {
				time.Sleep(10 * time.Millisecond)
			}
			panic(http.ErrAbortHandler)
		}
		real.ServeHTTP(w, r)
	}))
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "first visit", chromedp.Navigate(srv.URL+"/"), appRunning(),
		waitJS(`/^Saving/.test((document.querySelector(".offline-status")||{}).textContent)`))
	gone.Store(true)
	srv.stop()
	open := []step{chromedp.Click(chromedp.CSS(`a[href="/articles/` + a.Slug + `"]`)),
		waitJS(`document.querySelector("h1").textContent === ` + jsString(a.Title))}
	do(t, ctx, "open an article offline", append(open, waitJS(`document.querySelector(".text-missing") !== null`))...)
	if msg := eval[string](t, ctx, `document.querySelector(".text-missing").textContent`); !strings.Contains(msg, "when you are back online") {
		t.Errorf("the notice does not say it comes back online: %q", msg)
	}
	if eval[string](t, ctx, `document.documentElement.dataset.app`) != "running" {
		t.Error("the app stopped")
	}

	backOnline(t, srv, real)
	do(t, ctx, "back online, home", chromedp.Click(chromedp.CSS(`a.brand`)), waitJS(`location.pathname === "/"`))
	do(t, ctx, "open it again", append(open, waitJS(`document.querySelector(".article .md p") !== null && document.querySelector(".text-missing") === null`))...)
}

// backOnline serves h again at the stopped server srv's address, until
// the test ends or the server it returns is stopped: the reader's
// connection is back.
func backOnline(t *testing.T, srv *running, h http.Handler) *running {
	t.Helper()
	u, _ := url.Parse(srv.URL)
	ln, err := net.Listen("tcp", "127.0.0.1:"+u.Port())
	if err != nil {
		t.Fatal(err)
	}
	online, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntil(online, ln, h) }()
	var once sync.Once
	stop := func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return &running{URL: srv.URL, stop: stop}
}

// TestColdOfflineBeforeSaved: on a first visit the worker takes over once
// it has every page and asset, and saves the articles after. A reader
// whose connection goes before that finishes, and who opens the site
// afresh with the server stopped, gets the home page, and an article
// already saved with its text. One not yet saved, opened cold, shows its
// title and says plainly that it is not saved yet: not the browser's error
// page, and not the home page's text it stands in with. Back online, the
// next page picks the saving up where it stopped and ends in "Saved";
// offline again, that article opens too.
func TestColdOfflineBeforeSaved(t *testing.T) {
	s := testSite(t)
	late := s.corpus.Articles[len(s.corpus.Articles)-1]
	early := s.corpus.Articles[0]
	real := testServer(t)
	var gone atomic.Bool
	asked := make(chan struct{})
	var askedOnce sync.Once
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The worker's requests for one article's data file and its
		// page's part wait until the connection goes, which cuts them off.
		mine := strings.HasPrefix(r.URL.Path, pagesPrefix+late.Slug+"-") || strings.HasPrefix(r.URL.Path, content.DataPrefix+"articles/"+late.Slug+"-")
		if mine && r.Header.Get("Sec-Fetch-Dest") != "document" {
			askedOnce.Do(func() { close(asked) })
			for !gone.Load() {
				time.Sleep(10 * time.Millisecond)
			}
			panic(http.ErrAbortHandler)
		}
		real.ServeHTTP(w, r)
	}))
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, `document.addEventListener("DOMContentLoaded", () => { window.__pendingAtLoad = document.documentElement.dataset.pending || ""; });`)
	do(t, ctx, "first visit", chromedp.Navigate(srv.URL+"/"))
	do(t, ctx, "the worker takes over", chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.ready`, chromedp.EvalAwaitPromise))
	select {
	case <-asked:
	case <-time.After(60 * time.Second):
		t.Fatal("the worker never asked for the held article")
	}
	do(t, ctx, "the library is still saving", appRunning(), waitJS(`/^Saving/.test(document.querySelector(".offline-status").textContent)`))
	gone.Store(true)
	srv.stop()

	do(t, ctx, "home, cold and offline", chromedp.Navigate(srv.URL+"/"), waitJS(`document.querySelector("h1") !== null`))
	if p := eval[string](t, ctx, `window.__pendingAtLoad`); strings.Contains(p, "page") {
		t.Errorf("the home page at its own address is held back as a stand-in (data-pending %q)", p)
	}
	do(t, ctx, "a saved article, cold and offline", chromedp.Navigate(srv.URL+content.ArticlePath(early.Slug)),
		waitJS(`document.querySelector("h1").textContent === `+jsString(early.Title)+` && document.querySelector(".article .md p") !== null`))

	do(t, ctx, "the unsaved article, cold and offline", chromedp.Navigate(srv.URL+content.ArticlePath(late.Slug)),
		waitJS(`document.documentElement.dataset.app === "running" && document.querySelector(".text-missing") !== null`))
	screenshot(t, ctx, "phone-offline-not-saved")
	if h := eval[string](t, ctx, `document.querySelector("h1").textContent`); h != late.Title {
		t.Errorf("the unsaved article's page is headed %q, want %q", h, late.Title)
	}
	if p := eval[string](t, ctx, `window.__pendingAtLoad`); !strings.Contains(p, "page") {
		t.Errorf("the home page standing in for the article was not held back (data-pending %q)", p)
	}
	if msg := eval[string](t, ctx, `document.querySelector(".text-missing").textContent`); !strings.Contains(msg, "when you are back online") {
		t.Errorf("the notice does not say it comes back online: %q", msg)
	}
	if v := eval[string](t, ctx, `getComputedStyle(document.querySelector("main")).visibility`); v != "visible" {
		t.Errorf("the app's page is %s", v)
	}

	again := backOnline(t, srv, real)
	do(t, ctx, "back online, the next page saves the rest", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(offlineReady))
	again.stop()
	do(t, ctx, "offline again, the article opens", chromedp.Navigate(srv.URL+content.ArticlePath(late.Slug)),
		waitJS(`document.querySelector("h1").textContent === `+jsString(late.Title)+` && document.querySelector(".article .md p") !== null`))
}

// TestFirstVisitFetchesWasmOnce: a first visit on which the reader starts
// the app at once (a key press) while the worker installs downloads
// app.wasm's bytes once, counted at the server: the worker's copy is a
// revalidation of the page's (304), not a second download (issue 10).
func TestFirstVisitFetchesWasmOnce(t *testing.T) {
	var sent wire
	real := sent.wrap(testServer(t))
	pageGot := make(chan struct{})
	var once sync.Once
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/web/app.wasm" {
			real.ServeHTTP(w, r)
			return
		}
		if strings.HasSuffix(r.Referer(), "/app-worker.js") {
			// The worker's copy waits for the page's: the reader was
			// quicker than the install.
			select {
			case <-pageGot:
			case <-r.Context().Done():
				return
			}
			real.ServeHTTP(w, r)
			return
		}
		real.ServeHTTP(w, r)
		once.Do(func() { close(pageGot) })
	}))
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "first visit, the app at once, then saved", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(offlineReady))
	// The wire notes a response when its handler returns, which on a busy
	// machine can come after the browser has what it needs: wait a little
	// for the second answer rather than read the list at once.
	var codes []int
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		sent.mu.Lock()
		codes = slices.Clone(sent.codes["/web/app.wasm"])
		sent.mu.Unlock()
		if len(codes) >= 2 || time.Now().After(deadline) {
			break
		}
	}
	if n := slices.Index(codes, http.StatusOK); n < 0 || slices.Index(codes[n+1:], http.StatusOK) >= 0 || len(codes) != 2 {
		_, table := sent.total()
		t.Errorf("app.wasm was answered %v, want one 200 (the page's) and one 304 (the worker's):\n%s", codes, table)
	}
}

// TestOfflinePagesComposed: the worker stores no article page whole; it
// composes each from the page shell and the article's part (pages.go).
// With the server stopped, every article page it gives is the page the
// server sends, byte for byte, with the server's security headers, and
// an article opened cold shows its text before the app starts.
func TestOfflinePagesComposed(t *testing.T) {
	s := testSite(t)
	real := testServer(t)
	srv := startHandler(t, real)
	var paths []string
	want := map[string]string{}
	for _, a := range s.corpus.Articles {
		p := content.ArticlePath(a.Slug)
		paths = append(paths, p)
		want[p] = s.render(p).Body.String()
	}
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "first visit, until saved", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(offlineReady))
	stored, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`caches.keys()
		.then((keys) => Promise.all(keys.map((k) => caches.open(k).then((c) => c.keys()))))
		.then((all) => all.flat().map((r) => new URL(r.url).pathname))`, chromedp.EvalAwaitPromise))
	if err != nil || len(stored) == 0 {
		t.Fatalf("reading what the worker stored: %v (%d files)", err, len(stored))
	}
	for _, p := range stored {
		if _, article := content.ArticleSlug(p); article {
			t.Errorf("the worker stored the article page %s whole", p)
		}
	}
	// A first visit's page is not the worker's (it takes over pages on an
	// update only): the next is.
	do(t, ctx, "the next page", chromedp.Navigate(srv.URL+"/help"), waitJS(`navigator.serviceWorker.controller !== null`))
	srv.stop()

	type page struct {
		Status int    `json:"status"`
		CSP    string `json:"csp"`
		Type   string `json:"type"`
		Body   string `json:"body"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]page](fmt.Sprintf(`Promise.all(%s.map((p) => fetch(p).then(async (r) =>
		[p, { status: r.status, csp: r.headers.get("content-security-policy") || "", type: r.headers.get("content-type") || "", body: await r.text() }])))
		.then(Object.fromEntries)`, jsStrings(paths)), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetching the article pages offline: %v", err)
	}
	for _, p := range paths {
		g := got[p]
		switch {
		case g.Status != http.StatusOK:
			t.Errorf("%s offline: status %d", p, g.Status)
		case g.Body != want[p]:
			t.Errorf("%s offline: the composed page (%d bytes) is not the server's (%d bytes)", p, len(g.Body), len(want[p]))
		case g.CSP != securityHeaders["Content-Security-Policy"] || g.Type != "text/html; charset=utf-8":
			t.Errorf("%s offline: Content-Security-Policy %q, Content-Type %q", p, g.CSP, g.Type)
		}
	}

	a := s.corpus.Articles[len(s.corpus.Articles)/2]
	do(t, ctx, "an article opened cold, offline", chromedp.Navigate(srv.URL+content.ArticlePath(a.Slug)), waitJS(appWaiting))
	if h := eval[string](t, ctx, `document.querySelector("h1").textContent + "|" + document.querySelectorAll(".article .md p").length`); h == a.Title+"|0" || !strings.HasPrefix(h, a.Title+"|") {
		t.Errorf("the article opened cold offline, before the app: %q", h)
	}
}

// TestBadSearchFile: a data file of the search index changed on the server
// (its bytes no longer match its name) costs the searches that need it,
// which say so plainly, and nothing else: other searches answer, the file
// is never stored, and the footer says that part of the search index
// could not be saved.
func TestBadSearchFile(t *testing.T) {
	s := testSite(t)
	files, err := s.corpus.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	// The file holding the shard of "li" (lithium): the last whose first
	// key, in its name, is not after "li"; and a word in another file.
	var bad content.DataFile
	from := func(f content.DataFile) string {
		name := strings.TrimPrefix(f.Path, content.DataPrefix+"search/")
		return name[:strings.LastIndexByte(name, '-')]
	}
	var search []content.DataFile
	for _, f := range files {
		if strings.HasPrefix(f.Path, content.DataPrefix+"search/") {
			search = append(search, f)
		}
	}
	slices.SortFunc(search, func(a, b content.DataFile) int { return strings.Compare(from(a), from(b)) })
	for _, f := range search {
		if from(f) <= "li" {
			bad = f
		}
	}
	other := ""
	for _, w := range []string{"sleep", "therapy", "weight", "brain", "antidepressant"} {
		i := slices.IndexFunc(search, func(f content.DataFile) bool { return from(f) > w[:2] }) - 1
		if i == -2 {
			i = len(search) - 1
		}
		if i >= 0 && search[i].Path != bad.Path && len(content.NewIndex(s.corpus).Search(w, nil)) > 0 {
			other = w
		}
	}
	if bad.Path == "" || other == "" {
		t.Fatalf("no file for li, or no word elsewhere, in %d files", len(search))
	}
	real := testServer(t)
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == bad.Path {
			w.Header().Set("Content-Type", content.CorpusType)
			w.Write(append(bytes.Clone(bad.Bytes), "zz 0a\n"...))
			return
		}
		real.ServeHTTP(w, r)
	}))
	ctx := newBrowser(t, 390, 844)
	cannot := `(document.querySelector(".result-count")||{textContent:""}).textContent`
	do(t, ctx, "search for lithium", chromedp.Navigate(srv.URL+"/?q=lithium"), appRunning(),
		waitJS(cannot+`.startsWith("Search cannot answer \u201clithium\u201d")`))
	if msg := eval[string](t, ctx, cannot); !strings.Contains(msg, bad.Path) || !strings.Contains(msg, "do not match its name") {
		t.Errorf("the page does not say what failed and why: %q", msg)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".results .card").length`); n != 0 {
		t.Errorf("%d results shown for a search that could not be done", n)
	}
	screenshot(t, ctx, "phone-search-index-missing")
	want := len(content.NewIndex(s.corpus).Search(other, nil))
	do(t, ctx, "another word, in another file", chromedp.Navigate(srv.URL+"/?q="+other), appRunning(),
		waitJS(fmt.Sprintf(`document.querySelectorAll(".results .card").length === %d`, min(want, resultsShown))))
	notSaved := `document.querySelector(".offline-status").textContent === ` +
		jsString("Saved for offline reading on this device, except part of the search index that could not be downloaded. It will be tried again the next time you open a page online.")
	do(t, ctx, "the footer says part of the index is not saved", waitJS(notSaved))
	stored := fmt.Sprintf(`caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.keys()))))
		.then((all) => all.flat().map((r) => new URL(r.url).pathname).filter((p) => p.startsWith(%q)))`, content.DataPrefix+"search/")
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](stored, chromedp.EvalAwaitPromise)); err != nil || slices.Contains(got, bad.Path) || len(got) != len(search)-1 {
		t.Errorf("stored %d of %d search files (%v), the changed one among them or others missing: %v", len(got), len(search), err, got)
	}
	// The next page tries again, here with the server gone (the browser
	// still thinks it is online), and says the same.
	srv.stop()
	do(t, ctx, "the next page, the server stopped", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(notSaved))
}
