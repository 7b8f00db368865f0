//go:build !wasm

package main

// Tests that try to break the reader: hostile content, hostile or slow
// clients, load, storage faults and an interrupted first visit.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"nextsteps/content"
)

// beforeLoad runs a script in every new document before the page's own.
func beforeLoad(t *testing.T, ctx context.Context, script string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		t.Fatal(err)
	}
}

// xss is a payload that, if it ever ran, would leave a mark on window.
const xss = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><svg onload="window.__xss=3">`

// hostileCorpus is a corpus with script payloads in every field an
// article has. Load reports its problems; the renderer must still make
// every payload inert.
func hostileCorpus(t *testing.T) *content.Corpus {
	topics, err := content.Files.ReadFile("topics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	article := `---
title: "Title ` + strings.ReplaceAll(xss, `"`, `\"`) + `"
summary: "Summary &lt;script&gt;window.__xss=4&lt;/script&gt; ` + strings.ReplaceAll(xss, `"`, `\"`) + `"
key_points:
  - "Point ` + strings.ReplaceAll(xss, `"`, `\"`) + `"
  - "[x](javascript:window.__xss=14)"
  - "&lt;script&gt;window.__xss=15&lt;/script&gt;"
topics: [ect]
reviewed: 2026-11-01
next_review: 2027-11-01
sources:
  - authors: "<script>window.__xss=5</script>"
    title: "` + strings.ReplaceAll(xss, `"`, `\"`) + `"
    publisher: "P"
    year: 2020
    url: "javascript:window.__xss=6"
  - authors: "A"
    title: "T"
    publisher: "P"
    year: 2020
    doi: "10.1/x\"><img src=x onerror=window.__xss=7>"
---
Body ` + xss + ` [link](javascript:window.__xss=8) [data](data:text/html,<script>window.__xss=9</script>).[^1][^2]

<iframe src="javascript:window.__xss=10"></iframe>

<a href="javascript:window.__xss=11">x</a> &#60;img src=x onerror=window.__xss=12&#62;

![x](javascript:window.__xss=13)

## Questions to ask your doctor

- ` + xss + `
`
	c, _ := content.Load(fstest.MapFS{
		"topics.yaml":         {Data: topics},
		"articles/hostile.md": {Data: []byte(article)},
	}, content.Options{})
	if c.Article("hostile") == nil {
		t.Fatal("the hostile article did not load at all")
	}
	return c
}

// hostileSite is the site of hostileCorpus. Its test must run in its own
// process (inOwnProcess): the site's routes serve its corpus.
func hostileSite(t *testing.T) *site {
	t.Helper()
	s, err := newSiteOf(hostileCorpus(t), webDir, "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ownProcessEnv names the test that a child test process runs (see
// inOwnProcess).
const ownProcessEnv = "NEXTSTEPS_OWN_PROCESS"

// inOwnProcess reports whether the calling test is in a process of its
// own, and if not runs it in one (this test binary, running only that
// test) and reports the child's result as its own. A test that builds a
// site from a corpus other than the embedded one needs it: go-app's routes
// are one per process, so ui.Route serves one corpus per process.
func inOwnProcess(t *testing.T) bool {
	t.Helper()
	if os.Getenv(ownProcessEnv) == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), ownProcessEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in its own process: %v\n%s", t.Name(), err, out)
	}
	if bytes.Contains(out, []byte("--- SKIP")) {
		t.Skipf("skipped in its own process:\n%s", out)
	}
	t.Logf("passed in its own process:\n%s", out)
	return false
}

// TestXSSInertInChromium serves the hostile corpus through the real
// server's handler (its routing and its Content-Security-Policy, as `serve`
// sends them), in a process of its own (see inOwnProcess), and opens it in
// Chromium (with the wasm held back, so only the pre-rendered page runs):
// no payload runs, none is even blocked by the CSP (it never became
// markup), and no link leads to script.
func TestXSSInertInChromium(t *testing.T) {
	if !inOwnProcess(t) {
		return
	}
	// The real handler; the assets uncompressed (newServer would compress
	// app.wasm, which this test never sends).
	h := serverOf(hostileSite(t), plain)
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/web/app.wasm" {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
	ctx := newBrowser(t, 1280, 800)
	beforeLoad(t, ctx, `window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	for _, p := range []string{"/articles/hostile", "/", "/topics/ect"} {
		// The load event follows every image's error and every inline
		// handler's chance to run; a canary the CSP blocks after it proves
		// that the violations before it have been reported.
		do(t, ctx, "open "+p, chromedp.Navigate(srv.URL+p), waitJS(`document.readyState === "complete"`),
			waitJS(`(fetch("http://canary.invalid/").catch(() => {}), window.__csp.some((v) => v.includes("canary.invalid")))`))
		if v := eval[any](t, ctx, `window.__xss === undefined ? null : window.__xss`); v != nil {
			t.Errorf("%s: payload %v ran", p, v)
		}
		if v := eval[[]any](t, ctx, `window.__csp.filter((v) => !v.includes("canary.invalid"))`); len(v) > 0 {
			t.Errorf("%s: the CSP had to block %v: a payload became markup", p, v)
		}
	}
	do(t, ctx, "open article", chromedp.Navigate(srv.URL+"/articles/hostile"), waitJS(`document.readyState === "complete"`))
	if !eval[bool](t, ctx, `document.querySelector("h1").textContent.includes("<img src=x")`) {
		t.Error("the title's markup is not shown as text")
	}
	hrefs := eval[[]any](t, ctx, `[...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"))`)
	for _, h := range hrefs {
		if s := strings.ToLower(fmt.Sprint(h)); strings.HasPrefix(s, "javascript:") || strings.HasPrefix(s, "data:") {
			t.Errorf("a link to %q reached the page", h)
		}
	}
	if n := eval[float64](t, ctx, `document.querySelectorAll("script:not([src]), iframe, img[onerror], svg").length`); n != 0 {
		t.Errorf("%v script, iframe or handler elements reached the page", n)
	}
}

// TestNoCSPViolations opens every route with the app running and records
// Content-Security-Policy violations: there must be none.
func TestNoCSPViolations(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, `window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	for _, r := range routes(t) {
		// Violations are reported in order: once a canary the CSP blocks
		// is reported, every earlier one is too.
		do(t, ctx, "open "+r.path, chromedp.Navigate(srv.URL+r.path), appRunning(),
			waitJS(`(fetch("http://canary.invalid/").catch(() => {}), window.__csp.some((v) => v.includes("canary.invalid")))`))
		if v := eval[[]any](t, ctx, `window.__csp.filter((v) => !v.includes("canary.invalid"))`); len(v) > 0 {
			t.Errorf("%s: CSP violations %v", r.path, v)
		}
	}
}

// TestOversizedHeadersAndSlowClients: a client sending huge headers gets
// 431; one that never finishes its request is disconnected.
func TestOversizedHeadersAndSlowClients(t *testing.T) {
	srv := startReal(t)
	addr := strings.TrimPrefix(srv.URL, "http://")

	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KB of headers: status %d, want 431", res.StatusCode)
	}

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ") // and never finish
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	io.Copy(io.Discard, conn) // returns when the server hangs up
	if waited := time.Since(start); waited > 20*time.Second {
		t.Errorf("a stalled client held its connection for %v", waited)
	}
}

// loadResult is what a load run measured.
type loadResult struct {
	latencies             []time.Duration // sorted
	errors, bytes         int64
	heapBefore, heapAfter uint64 // this process's heap after GC
	heapMid               uint64 // half-way through the run
}

func (r loadResult) percentile(p int) time.Duration { return r.latencies[len(r.latencies)*p/100] }

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// runLoad sends GET requests for paths in turn from conns connections for
// d, on loopback only, and stops by itself. Each request accepts
// encodings, as in "br, gzip".
func runLoad(base string, paths []string, conns int, d time.Duration, encodings string) loadResult {
	r := loadResult{heapBefore: heapInUse()}
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	deadline := time.Now().Add(d)
	var (
		mu           sync.Mutex
		errs, nbytes atomic.Int64
		wg           sync.WaitGroup
	)
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var mine []time.Duration
			for n := i; time.Now().Before(deadline); n++ {
				req, _ := http.NewRequest("GET", base+paths[n%len(paths)], nil)
				req.Header.Set("Accept-Encoding", encodings)
				start := time.Now()
				res, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				k, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				nbytes.Add(k)
				if res.StatusCode != http.StatusOK {
					errs.Add(1)
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			r.latencies = append(r.latencies, mine...)
			mu.Unlock()
		}(i)
	}
	time.Sleep(d / 2)
	r.heapMid = heapInUse()
	wg.Wait()
	tr.CloseIdleConnections()
	r.heapAfter = heapInUse()
	r.errors, r.bytes = errs.Load(), nbytes.Load()
	slices.Sort(r.latencies)
	return r
}

// TestLoad runs a bounded load on loopback against the real server: home,
// an article and app.wasm from 256 connections. It needs zero errors,
// reports p99, and checks that the heap after the run is back near where it
// started. LOAD_SECONDS sets the duration (default 60).
func TestLoad(t *testing.T) {
	seconds := 60
	if v := os.Getenv("LOAD_SECONDS"); v != "" {
		fmt.Sscan(v, &seconds)
	}
	srv := startReal(t)
	// After start-up the server compresses app.wasm at brotli 11 in the
	// background (newServer). That job's working memory is not the load's,
	// and run on its own this test would count it: wait for it to finish
	// (compress returns the same, remembered, result).
	compress(testSite(t).assets["/web/app.wasm"].body, buildBrotli)
	slug := testSite(t).corpus.Articles[0].Slug
	const conns = 256
	r := runLoad(srv.URL, []string{"/", "/articles/" + slug, "/web/app.wasm"}, conns, time.Duration(seconds)*time.Second, "br, gzip")
	if len(r.latencies) == 0 {
		t.Fatal("no request completed")
	}
	t.Logf("load: %d requests in %ds from %d connections (%.0f req/s), %d errors, p50 %v, p99 %v, %.1f MB sent; heap %.1f MB before, %.1f MB after",
		len(r.latencies), seconds, conns, float64(len(r.latencies))/float64(seconds), r.errors,
		r.percentile(50), r.percentile(99), float64(r.bytes)/1e6, float64(r.heapBefore)/1e6, float64(r.heapAfter)/1e6)
	if r.errors != 0 {
		t.Errorf("%d requests failed", r.errors)
	}
	if r.heapAfter > r.heapBefore+r.heapBefore/2+16<<20 {
		t.Errorf("heap grew from %.1f MB to %.1f MB over the run", float64(r.heapBefore)/1e6, float64(r.heapAfter)/1e6)
	}
}

// TestStorageFaults: with localStorage disabled, full, or holding corrupt
// JSON, the reader reads and filters as usual and says plainly that saving
// is off; nothing crashes and nothing the reader had is overwritten.
func TestStorageFaults(t *testing.T) {
	srv := startReal(t)
	slug := testSite(t).corpus.Articles[0].Slug
	faults := map[string]string{
		"disabled": `Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });`,
		"full": `Storage.prototype.setItem = function () { throw new DOMException("full", "QuotaExceededError"); };
			Storage.prototype.getItem = function () { return null; };`,
		// Written once, by the first page (this script runs in every page
		// the tab opens): a later page must find what the app left.
		"corrupt": `try {
			if (!sessionStorage.getItem("corrupted")) {
				sessionStorage.setItem("corrupted", "1");
				localStorage.setItem("nextsteps.saved.v1", "{not json");
				localStorage.setItem("nextsteps.settings.v1", "[[[");
				localStorage.setItem("nextsteps.progress.v1", "{\"x\": ");
			}
		} catch (e) {}`,
	}
	for name, script := range faults {
		t.Run(name, func(t *testing.T) {
			ctx := newBrowser(t, 390, 844)
			beforeLoad(t, ctx, script)
			do(t, ctx, "home reads and filters",
				chromedp.Navigate(srv.URL+"/"), appRunning(),
				chromedp.Click(chromedp.CSS("#chip-ect")),
				waitJS(`location.search === "?topic=ect"`),
				waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, len(testSite(t).corpus.Filter([]string{"ect"})))),
			)
			do(t, ctx, "article", chromedp.Navigate(srv.URL+"/articles/"+slug), appRunning())
			if name == "full" {
				// Reading works; saving fails at the moment of saving.
				do(t, ctx, "save", chromedp.Click(chromedp.CSS(".save button")))
			}
			do(t, ctx, "saving is off", waitJS(`(document.querySelector(".save .note")||{textContent:""}).textContent.startsWith("Saving is off")`))
			do(t, ctx, "saved page", chromedp.Navigate(srv.URL+"/saved"), appRunning())
			if name != "full" {
				do(t, ctx, "saved page says so", waitJS(`document.querySelector("main").textContent.includes("Saving is off")`))
			}
			if name == "corrupt" {
				// Reading an article and scrolling must not overwrite what
				// could not be read.
				// Leaving the page is when the app saves for certain
				// (pagehide): the page notes that it fired.
				do(t, ctx, "read", chromedp.Navigate(srv.URL+"/articles/"+slug), appRunning(),
					chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 2000); addEventListener("pagehide", () => sessionStorage.setItem("left", location.pathname))`))
				do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), appRunning(),
					waitJS(fmt.Sprintf(`sessionStorage.getItem("left") === "/articles/%s"`, slug)))
				for key, want := range map[string]string{"nextsteps.saved.v1": "{not json", "nextsteps.settings.v1": "[[[", "nextsteps.progress.v1": `{"x": `} {
					if v := eval[string](t, ctx, fmt.Sprintf(`localStorage.getItem(%q)`, key)); v != want {
						t.Errorf("unreadable %s was overwritten with %q", key, v)
					}
				}
			}
		})
	}
}

// TestSessionStorageRefused: nothing reads sessionStorage, so boot.js puts
// no stand-in in its place (part 1; probing it cost the page's parsing
// time). A browser that refuses it still gets the app, which reads,
// filters and saves, and does not say that saving is off. Should go-app or
// the app come to read it, this fails, and a stand-in is needed again.
func TestSessionStorageRefused(t *testing.T) {
	srv := startReal(t)
	slug := testSite(t).corpus.Articles[0].Slug
	ctx := newBrowser(t, 390, 844)
	beforeLoad(t, ctx, `Object.defineProperty(window, "sessionStorage", { configurable: true, get() { throw new DOMException("denied", "SecurityError"); } });`)
	do(t, ctx, "home reads and filters",
		chromedp.Navigate(srv.URL+"/"), appRunning(),
		chromedp.Click(chromedp.CSS("#chip-ect")),
		waitJS(`location.search === "?topic=ect"`),
		waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, len(testSite(t).corpus.Filter([]string{"ect"})))),
	)
	// localStorage works: saving is on, and says nothing of being off.
	do(t, ctx, "article saves", chromedp.Navigate(srv.URL+"/articles/"+slug), appRunning(),
		chromedp.Click(chromedp.CSS(".save button")),
		waitJS(`document.querySelector(".save button").getAttribute("aria-pressed") === "true"`),
		waitJS(`JSON.parse(localStorage.getItem("nextsteps.saved.v1") || "[]").length === 1`))
	if note := eval[string](t, ctx, `(document.querySelector(".save .note") || {textContent: ""}).textContent`); strings.HasPrefix(note, "Saving is off") {
		t.Errorf("with localStorage working the article says %q", note)
	}
}

// TestHonestOfflineStatus: while the first visit's precache is still
// running, the app does not claim to work offline; once it completes, it
// says so.
func TestHonestOfflineStatus(t *testing.T) {
	real := testServer(t)
	release := make(chan struct{})
	var once, askedOnce sync.Once
	open := func() { once.Do(func() { close(release) }) }
	asked := make(chan struct{})
	t.Cleanup(open)
	srv := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The worker's precache asks for every page; hold one back.
		if r.URL.Path == "/about" && r.Header.Get("Service-Worker") == "" && r.Header.Get("Sec-Fetch-Dest") != "document" {
			askedOnce.Do(func() { close(asked) })
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		real.ServeHTTP(w, r)
	}))
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "first visit", chromedp.Navigate(srv.URL+"/"), appRunning())
	// The precache has reached the page it cannot have, and the app has
	// drawn its footer since.
	select {
	case <-asked:
	case <-time.After(60 * time.Second):
		t.Fatal("the worker never asked for /about")
	}
	do(t, ctx, "app drawn", waitJS(framesDrawn))
	if got := eval[string](t, ctx, `document.querySelector(".offline-status").textContent`); got != "Saving the articles for offline reading\u2026" {
		t.Errorf("with the precache unfinished the footer says %q", got)
	}
	open()
	do(t, ctx, "precache done", waitJS(offlineReady))
}
