//go:build !wasm

package main

// Browser tests: Debian's Chromium, driven with chromedp, against the real
// server and against the real static build. "Offline" means the server is
// stopped, not emulated.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// webDir is the web folder, with app.wasm built by `make wasm`.
const webDir = "../../web"

// chromiumPath finds Chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	return findBrowser(t, "Chromium", "CHROMIUM", "chromium", "chromium", "chromium-browser")
}

// findBrowser returns the first of $env and names found on the PATH (or as
// a path). Outside CI a missing browser skips the test; under CI it fails
// it, so a missing install step cannot pass unnoticed.
func findBrowser(t *testing.T, what, env, pkg string, names ...string) string {
	t.Helper()
	for _, p := range append([]string{os.Getenv(env)}, names...) {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed: `make test` installs it with apt-get (package %s)", what, pkg)
	}
	t.Skipf("%s not found; install the %s package or set %s (required under CI)", what, pkg, env)
	return ""
}

// sharedSite is built once: loading the corpus and compressing app.wasm is
// the slow part, and every test can read the same site.
var sharedSite = sync.OnceValues(func() (*site, error) {
	if _, err := os.Stat(filepath.Join(webDir, "app.wasm")); err != nil {
		return nil, fmt.Errorf("web/app.wasm is missing: run `make wasm` (make test does)")
	}
	return newSite(webDir, "")
})

func testSite(t *testing.T) *site {
	t.Helper()
	s, err := sharedSite()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sharedServer compresses the assets once for every test.
var sharedServer = sync.OnceValues(func() (*server, error) {
	s, err := sharedSite()
	if err != nil {
		return nil, err
	}
	return newServer(s), nil
})

// running is a server on a loopback port that a test can stop.
type running struct {
	URL  string
	stop func()
}

// startReal serves the site with the real server handler and timeouts.
func startReal(t *testing.T) *running {
	t.Helper()
	srv, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	return startHandler(t, srv)
}

// startStatic serves the static build the way a static host does
// (/a/b → a/b.html, .br/.gz copies not used).
func startStatic(t *testing.T) *running {
	t.Helper()
	return startHandler(t, staticHost(staticDir(t)))
}

// staticTmp holds the shared static build once written; TestMain removes it.
var staticTmp string

// sharedStatic is the static build, written once into a temporary folder
// (compressing app.wasm at brotli 11 takes seconds) and only read after.
var sharedStatic = sync.OnceValues(func() (string, error) {
	s, err := sharedSite()
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "nextsteps-static-")
	if err != nil {
		return "", err
	}
	staticTmp = tmp
	dir := filepath.Join(tmp, "dist")
	if _, err := writeSite(s, dir); err != nil {
		return "", err
	}
	return dir, nil
})

func staticDir(t *testing.T) string {
	t.Helper()
	dir, err := sharedStatic()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMain removes the shared static build after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if staticTmp != "" {
		os.RemoveAll(staticTmp)
	}
	os.Exit(code)
}

// staticHost imitates GitHub Pages: a file, else the same path + ".html",
// else 404.html with status 404.
func staticHost(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			files.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == "/" {
			files.ServeHTTP(w, r)
			return
		}
		if _, err := os.Stat(p + ".html"); err == nil {
			http.ServeFile(w, r, p+".html")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		b, _ := os.ReadFile(filepath.Join(dir, "404.html"))
		w.Write(b)
	})
}

func startHandler(t *testing.T, h http.Handler) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntil(ctx, ln, h) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("server: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	// "localhost" is a secure context, so the service worker may register.
	return &running{URL: "http://localhost:" + fmt.Sprint(ln.Addr().(*net.TCPAddr).Port), stop: stop}
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// tab context of the given size.
func newBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	ctx, _ := newBrowserIn(t, t.TempDir(), width, height)
	return ctx
}

// newBrowserIn is newBrowser on the profile kept in dir, so that a second
// browser started on it later finds what the first stored, as a reader's
// browser does when it is opened again. stop closes the browser before
// the test ends (the test's cleanup closes it otherwise).
func newBrowserIn(t *testing.T, dir string, width, height int) (ctx context.Context, stop func()) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(dir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	stop = func() { cancelTimeout(); cancelCtx(); cancelAlloc() }
	t.Cleanup(stop)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx, stop
}

// step is a browser action that returns nothing.
type step = chromedp.Action[chromedp.Void]

// do runs browser steps and fails the test with what was being done.
func do(t *testing.T, ctx context.Context, what string, steps ...step) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates JavaScript and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript expression until it is true, for at most a
// minute. A navigation under way (a reload the test just caused) restarts
// the wait on the new page instead of failing it.
func waitJS(expr string) step { return waitJSWithin(expr, 60*time.Second) }

// waitJSWithin is waitJS with its own time limit, for the few waits that
// are longer by nature (a library of 10,000 articles saved for offline
// reading).
func waitJSWithin(expr string, limit time.Duration) step {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		deadline := time.Now().Add(limit)
		for {
			_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(time.Until(deadline)), chromedp.WithPollingInterval(50*time.Millisecond))(ctx, tg)
			if err == nil {
				return nil
			}
			msg := err.Error()
			navigating := strings.Contains(msg, "Cannot find context") || strings.Contains(msg, "context was destroyed") ||
				strings.Contains(msg, "Inspected target navigated")
			if !navigating || time.Now().After(deadline) {
				return fmt.Errorf("waiting for %s: %w", expr, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// wasmRunning is true once app.wasm has booted (go-app removes its loader).
const wasmRunning = `document.getElementById("app-wasm-loader") === null && !!document.querySelector(".statusbar")`

// appWaiting is true while a loaded page waits for a reason to start the app
// (cmd/nextsteps/boot.js, part 6).
const appWaiting = `document.readyState === "complete" && document.documentElement.dataset.app === "waiting"`

// appRunning waits until the app runs, starting it the way a reader does
// when the page has not: the page starts it at once only when it needs it,
// otherwise on the first interaction. The interaction is a press of Shift,
// a real key event that changes nothing on the page.
func appRunning() step {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			state, err := chromedp.Evaluate[string](`(`+wasmRunning+`) ? "running" : (`+appWaiting+`) ? "waiting" : "other"`)(ctx, tg)
			switch {
			case err == nil && state == "running":
				return nil
			case err == nil && state == "waiting":
				if err := pressShift(ctx, tg); err != nil {
					return err
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Errorf("the app did not start within 60 s")
	})
}

// pressShift presses and releases Shift.
func pressShift(ctx context.Context, tg *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: "Shift", Code: "ShiftLeft", WindowsVirtualKeyCode: 16}
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
			return err
		}
	}
	return nil
}

// offlineReady is true once the service worker has precached everything.
const offlineReady = `(document.querySelector(".offline-status")||{}).textContent === "\u2713 Saved for offline reading on this device."`

// heading returns the page's h1 text.
func heading(ctx context.Context) (string, error) {
	h, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"), chromedp.NodeVisible))
	return strings.TrimSpace(h), err
}

// screenshot saves a PNG of the viewport, as a reader sees it, to
// $SCREENSHOTS (default: the test's temp folder) and returns its path.
func screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// installabilityErrors asks Chromium why the page could not be installed.
func installabilityErrors(ctx context.Context) ([]string, error) {
	res, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	var out []string
	for _, e := range res.InstallabilityErrors {
		out = append(out, e.ErrorID)
	}
	return out, err
}

// hits counts the requests a test server received, by path, for tests that
// must know a request was made (or not) before they assert.
type hits struct {
	mu sync.Mutex
	n  map[string]int
}

// count wraps h, counting each request for which the filter (nil: all) holds.
func (c *hits) count(h http.Handler, filter func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if filter == nil || filter(r) {
			c.add(r.URL.Path)
		}
		h.ServeHTTP(w, r)
	})
}

func (c *hits) add(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[path]++
}

func (c *hits) of(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[path]
}

// wait waits until the server has had at least n requests for path.
func (c *hits) wait(t *testing.T, path string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for c.of(path) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the server had %d requests for %s in 60 s, want %d", c.of(path), path, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fromPage is true for a request a page made itself, false for one its
// service worker made to precache: the worker asks with cache: "reload"
// (worker.js), which Chromium sends as Cache-Control: no-cache. (Neither
// carries a referrer: the pages send none.)
func fromPage(r *http.Request) bool {
	return r.Header.Get("Cache-Control") != "no-cache"
}

// readHalf scrolls the open article halfway down and waits until the app
// has stored the reader's place there (progressSaved).
func readHalf(slug string) step {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2)`)(ctx, tg); err != nil {
			return err
		}
		_, err := progressSaved(slug, 0.3)(ctx, tg)
		return err
	})
}

// progressSaved nudges the page down a pixel at each poll until the
// article's reading progress is stored beyond p: the app saves at most once
// a second while the reader scrolls, so one scroll may fall in the pause.
func progressSaved(slug string, p float64) step {
	return waitJS(fmt.Sprintf(`(window.scrollBy(0, 1), (JSON.parse(localStorage.getItem("nextsteps.progress.v1") || "{}")[%q] || {}).p > %v)`, slug, p))
}

// watchStart marks, in every page the tab opens, the moment app.js hands
// go-app's start function to web/boot.js (part 6): the page decides then,
// in the same call, whether to start the app. A test that wants the app not
// to have started waits for startOffered rather than for time to pass.
func watchStart(t *testing.T, ctx context.Context) {
	t.Helper()
	beforeLoad(t, ctx, `Object.defineProperty(window, "nextstepsStartWhenNeeded", { configurable: true,
		get() { return this.__startWhenNeeded; },
		set(f) { this.__startWhenNeeded = (start) => { const r = f(start); window.__startOffered = true; return r; }; } });`)
}

// startOffered is true once the page has decided whether to start the app.
const startOffered = `window.__startOffered === true`

// precached is true once the service worker's install has stored app.wasm,
// which it stores last-in-all (addAll commits every file at once): the last
// thing a first visit does by itself.
const precached = `caches.keys().then((k) => k.length === 1 && caches.open(k[0])).then((c) => !!c && c.match("/web/app.wasm")).then((r) => !!r)`

// framesDrawn is true once the page has drawn two more frames: whatever the
// app deferred to the end of its first frames has run.
const framesDrawn = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))`
