//go:build !wasm

package main

// Cross-engine smoke tests: the same checks in Firefox (Debian's
// firefox-esr, WebDriver BiDi) and in WebKit (WebKitGTK's MiniBrowser with
// WebKitWebDriver, in Xvfb), against the real server and the real static
// build. "Offline" means the server is stopped, as in e2e_test.go. The
// clients are in webdriver_test.go.

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	ui "nextsteps/app"
)

// TestFirefox runs the smoke suite in Firefox.
func TestFirefox(t *testing.T) {
	t.Parallel()
	smoke(t, newFirefox(t))
}

// TestWebKit runs the smoke suite in WebKit.
func TestWebKit(t *testing.T) {
	t.Parallel()
	smoke(t, newWebKit(t))
}

// waitFor polls a JavaScript condition until it is true. Errors while a
// page is being replaced are part of waiting; the last one is reported if
// the condition never holds.
func waitFor(t *testing.T, e evaluator, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		var ok bool
		if last = e.eval(cond, &ok); last == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: waited 60 s for %s (last error: %v)", what, cond, last)
}

// value evaluates an expression and fails the test if that fails.
func value[T any](t *testing.T, e evaluator, expr string) T {
	t.Helper()
	var v T
	if err := e.eval(expr, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// startNow starts the app the way a tool does (cmd/nextsteps/boot.js exports
// nextstepsStartApp), or lets a page that starts it by itself do so, and
// waits until it runs.
func startNow(t *testing.T, e evaluator, what string) {
	t.Helper()
	waitFor(t, e, what, `document.readyState === "complete" && typeof window.nextstepsStartApp === "function"`)
	must(t, what, e.eval(`nextstepsStartApp()`, nil))
	waitFor(t, e, what+": the app runs", `document.documentElement.dataset.app === "running" && !!document.querySelector(".statusbar")`)
}

// probeReport is what probeJS saw on the current page.
type probeReport struct {
	Bad    []string `json:"bad"`
	Notice []string `json:"notice"`
	Errors []string `json:"errors"`
	Checks int      `json:"checks"`
}

func probe(t *testing.T, e engine) probeReport {
	t.Helper()
	return value[probeReport](t, e, `window.__probe || {bad: ["the probe is not running on this page"]}`)
}

// noErrors fails the test with the console errors and uncaught exceptions
// seen since the last check.
func noErrors(t *testing.T, e engine, page string) {
	t.Helper()
	noErrorsBut(t, e, page, nil)
}

// noErrorsBut is noErrors, except that an error browsersOwn (if not nil)
// says is the browser's own, not the page's, is logged instead.
func noErrorsBut(t *testing.T, e engine, page string, browsersOwn func(string) bool) {
	t.Helper()
	for _, err := range e.consoleErrors() {
		if browsersOwn != nil && browsersOwn(err) {
			t.Logf("%s: %s (the browser's own load, not the page's)", page, err)
			continue
		}
		t.Errorf("%s: console error: %s", page, err)
	}
}

// browserIconCutShort tells Firefox's report of its own icon load, cut
// short because the page was left, from the page's errors. Firefox's
// FaviconLoader (browser/modules/FaviconLoader.sys.mjs) fetches the page's
// favicon and its largest "rich" icon (the apple-touch-icon) through the
// service worker once the page has loaded, and cancels both when the page
// is left; the cancelled interception is logged to that page's console as
// a failed load. Nothing on the page asked for them, and a reader sees
// nothing: only these two icons, and only this message, are let through.
func browserIconCutShort(err string) bool {
	if !strings.Contains(err, "A ServiceWorker intercepted the request and encountered an unexpected error") {
		return false
	}
	return strings.Contains(err, "/web/icons/apple-touch-icon.png’") || strings.Contains(err, "/web/icons/icon-192.png’")
}

// noOfflineNotice fails the test if the offline notice was ever displayed
// on the current page while the browser was online.
func noOfflineNotice(t *testing.T, e engine, page string) {
	t.Helper()
	for _, n := range probe(t, e).Notice {
		t.Errorf("%s: false offline notice: %s", page, n)
	}
}

// smoke is the suite each engine runs, in one browser with a fresh profile
// and a 390 px wide viewport: the steps build on each other (the worker
// installed by the first visit serves the later ones).
func smoke(t *testing.T, e engine) {
	start := time.Now()
	t.Cleanup(func() { t.Logf("smoke suite: %s", time.Since(start).Round(time.Second)) })
	srv := startReal(t)
	c := testSite(t).corpus
	must(t, "viewport", e.resize(390, 844))
	h1 := `(document.querySelector("h1") || {textContent: ""}).textContent.trim()`

	t.Run("home renders", func(t *testing.T) {
		must(t, "open /", e.navigate(srv.URL+"/"))
		// Pre-rendered: the heading and the cards are there with the
		// document, before the app (a first visit that only reads never
		// starts it).
		waitFor(t, e, "pre-rendered home", `document.readyState !== "loading"`)
		got := value[[]any](t, e, `[`+h1+`, document.querySelectorAll("main .cards > li.card").length, document.documentElement.dataset.app,
			(() => { const h = document.querySelector("h1"), r = h.getBoundingClientRect(); return h.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)); })()]`)
		if got[0] != "Next Steps" || got[1] != float64(len(c.Articles)) || got[2] == "running" {
			t.Errorf("at first the home page shows heading %q, %v cards, app %v; want \"Next Steps\", %d cards, pre-rendered", got[0], got[1], got[2], len(c.Articles))
		}
		if got[3] != true {
			t.Error("the pre-rendered heading is covered")
		}
	})

	t.Run("service worker", func(t *testing.T) {
		waitFor(t, e, "worker", `navigator.serviceWorker.ready.then((r) => !!r.active && r.active.state === "activated")`)
	})

	t.Run("app starts", func(t *testing.T) {
		startNow(t, e, "home")
		// Everything precached: the footer says so only then.
		waitFor(t, e, "precache", offlineReady)
		noOfflineNotice(t, e, "/")
		noErrors(t, e, "/")
	})

	t.Run("start warmed in a worker", func(t *testing.T) {
		// With app.wasm stored, a page that waits for the reader runs the
		// app's start in a worker meanwhile, and the app then starts from
		// the module the worker compiled (boot.js, part 11). The page,
		// which the service worker served, makes the module's instance
		// while it waits, and the app runs that instance: from then on
		// nothing is instantiated again (cmd/trimgoapp's compiledModule).
		must(t, "open /about", e.navigate(srv.URL+"/about"))
		waitFor(t, e, "the worker's module", fmt.Sprintf(`window[%q] instanceof WebAssembly.Module`, ui.CompiledModuleGlobal))
		waitFor(t, e, "the page's instance of it", fmt.Sprintf(`!!window[%q] && performance.getEntriesByName("nextsteps-instantiated").length === 1`, ui.InstanceGlobal))
		value[any](t, e, `(() => {
			window.__instantiated = 0;
			for (const f of ["instantiate", "instantiateStreaming"]) {
				const made = WebAssembly[f];
				WebAssembly[f] = (...args) => { window.__instantiated++; return made.apply(WebAssembly, args); };
			}
			return 0;
		})()`)
		startNow(t, e, "/about")
		noErrors(t, e, "/about, started from the worker's module")
		if n := value[float64](t, e, `window.__instantiated`); n != 0 {
			t.Errorf("the app instantiated app.wasm again (%v times): it did not run the instance the page made", n)
		}
	})

	t.Run("search typed before the app", func(t *testing.T) {
		// The reader taps the search box of a page whose app waits, which
		// starts it, and types at once. The app adopts the box the reader
		// is typing in (cmd/trimgoapp, hydrate), boot.js hands it the text
		// (carryOver), and the search follows: the same field, still
		// focused, with all the letters.
		must(t, "open /", e.navigate(srv.URL+"/"))
		waitFor(t, e, "home, the app waiting", appWaiting)
		must(t, "mark the box", e.eval(`(document.getElementById("search").__pre = true, window.__typedBefore = 0,
			addEventListener("input", () => { if (document.documentElement.dataset.app !== "running") window.__typedBefore++; }, true))`, nil))
		must(t, "tap the box", e.click("#search"))
		must(t, "type", e.keys("lithium"))
		waitFor(t, e, "the search", `location.search === "?q=lithium" && !!document.querySelector("main .results .card")`)
		got := value[[]any](t, e, `[document.activeElement === document.getElementById("search"), document.getElementById("search").__pre === true, document.getElementById("search").value, window.__typedBefore]`)
		if got[0] != true || got[1] != true || got[2] != "lithium" {
			t.Errorf("after the app started: the box focused %v, the one typed in %v, its text %q; want true, true, \"lithium\"", got[0], got[1], got[2])
		}
		if got[3] == 0.0 {
			t.Error("every letter was typed once the app ran: this checked nothing of the start")
		}
		t.Logf("%v of the 7 letters typed before the app ran", got[3])
		noErrors(t, e, "/?q=lithium")
	})

	t.Run("filter", func(t *testing.T) {
		want := map[string]bool{}
		for _, a := range c.Filter([]string{"ect", "tms"}) {
			want[a.Slug] = true
		}
		static := startStatic(t)
		// The static host (no worker yet) and the real server's worker both
		// answer with the home page; only the right cards may ever show.
		for _, base := range []struct{ name, url string }{{"worker", srv.URL}, {"static host", static.URL}} {
			page := base.name + " /?topic=ect&topic=tms"
			must(t, page, e.navigate(base.url+"/?topic=ect&topic=tms"))
			waitFor(t, e, page, `document.documentElement.dataset.app === "running" && !!document.querySelector(".statusbar")`)
			waitFor(t, e, page, fmt.Sprintf(`document.querySelectorAll("main .cards > li.card").length === %d`, len(want)))
			slugs := value[[]string](t, e, `[...document.querySelectorAll("main .cards > li.card h2 a, main .cards > li.card h3 a")].map((a) => a.getAttribute("href").replace("/articles/", ""))`)
			for _, s := range slugs {
				if !want[s] {
					t.Errorf("%s: lists %s, which is neither ECT nor TMS", page, s)
				}
			}
			p := probe(t, e)
			for _, b := range p.Bad {
				t.Errorf("%s: %s", page, b)
			}
			noOfflineNotice(t, e, page)
			noErrors(t, e, page)
		}
	})

	t.Run("help", func(t *testing.T) {
		// A search in the address starts the app at once; the reader leaves
		// for Get help now while app.wasm is still loading.
		must(t, "open /?q=lithium", e.navigate(srv.URL+"/?q=lithium"))
		waitFor(t, e, "app loading", `document.documentElement.dataset.app === "starting" || document.documentElement.dataset.app === "running"`)
		p := probe(t, e)
		for _, b := range p.Bad {
			t.Errorf("worker /?q=lithium: %s", b)
		}
		noErrors(t, e, "/?q=lithium")
		must(t, "open /help", e.navigate(srv.URL+"/help"))
		waitFor(t, e, "help", h1+` === "Get help now"`)
		for _, n := range []string{"988", "116 123", "111", "911", "999", "112"} {
			if !value[bool](t, e, fmt.Sprintf(`document.querySelector("main").textContent.includes(%q)`, n)) {
				t.Errorf("/help does not show %s", n)
			}
		}
		if n := value[int](t, e, `document.querySelectorAll('main a[href^="tel:"]').length`); n < 3 {
			t.Errorf("/help has %d tel: links, want at least 3", n)
		}
		startNow(t, e, "/help")
		noOfflineNotice(t, e, "/help")
		noErrorsBut(t, e, "leaving /?q=lithium while the app loaded, then /help", browserIconCutShort)
	})

	t.Run("save", func(t *testing.T) {
		a := c.Articles[0]
		page := "/articles/" + a.Slug
		must(t, page, e.navigate(srv.URL+page))
		waitFor(t, e, page, `document.readyState === "complete" && !!document.querySelector(".save button")`)
		must(t, "press Save for later", e.click(".save button"))
		waitFor(t, e, "saved", `document.documentElement.dataset.app === "running" && document.querySelector(".save button").getAttribute("aria-pressed") === "true"`)
		must(t, "reload", e.reload())
		waitFor(t, e, "still saved after a reload", `document.documentElement.dataset.app === "running" && !!document.querySelector(".statusbar") && document.querySelector(".save button").textContent.startsWith("Saved")`)
		noOfflineNotice(t, e, page)
		noErrors(t, e, page)
	})

	t.Run("resume pill", func(t *testing.T) {
		a := c.Articles[2]
		page := "/articles/" + a.Slug
		must(t, page, e.navigate(srv.URL+page))
		startNow(t, e, page)
		// Half way down; the app saves the place at most once a second, on
		// scroll, so nudge until it has.
		must(t, "scroll", e.eval(`window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2)`, nil))
		waitFor(t, e, "progress saved", fmt.Sprintf(`(window.scrollBy(0, 1), (JSON.parse(localStorage.getItem("nextsteps.progress.v1") || "{}")[%q] || {}).p > 0.3)`, a.Slug))
		must(t, "reload", e.reload())
		waitFor(t, e, "resumed", `document.documentElement.dataset.app === "running" && window.scrollY > 300 && !!document.querySelector(".resume span")`)
		// Robust to fonts and to the buttons' height: at least 300 px wide,
		// or its sentence does not wrap onto three lines (the text is under
		// three of its own lines high; one line is the first letter's box).
		got := value[map[string]float64](t, e, `(() => {
			const pill = document.querySelector(".resume"), text = pill.querySelector("span"), r = pill.getBoundingClientRect();
			const range = document.createRange(); range.setStart(text.firstChild, 0); range.setEnd(text.firstChild, 1);
			return {width: r.width, height: r.height, text: text.getBoundingClientRect().height, line: range.getBoundingClientRect().height, viewport: innerWidth};
		})()`)
		if got["viewport"] != 390 {
			t.Errorf("the viewport is %v px wide, want 390", got["viewport"])
		}
		if lines := got["text"] / got["line"]; got["width"] < 300 && lines >= 2.5 {
			t.Errorf("the resume pill is %.0f px wide and %.0f px high, its text on %.0f lines, at a 390 px window: want at least 300 px wide, or its text on at most 2 lines",
				got["width"], got["height"], lines)
		}
		noOfflineNotice(t, e, page)
		noErrors(t, e, page)
	})

	if cp, ok := e.(interface {
		consolePass(t *testing.T, urls ...string) []string
	}); ok {
		// The engine's own console messages, which no script can see.
		t.Run("console", func(t *testing.T) {
			var urls []string
			for _, p := range []string{"/", "/?topic=ect&topic=tms", "/?q=lithium", "/help", "/articles/" + c.Articles[0].Slug} {
				urls = append(urls, srv.URL+p)
			}
			for _, err := range cp.consolePass(t, urls...) {
				t.Errorf("console error: %s", err)
			}
		})
	}

	t.Run("offline cold", func(t *testing.T) {
		srv.stop()
		e.consoleErrors() // a closing server can fail requests in flight
		must(t, "new tab", e.newTab())
		a := c.Articles[3]
		var lithium []string
		for _, a := range c.Articles {
			if strings.Contains(strings.ToLower(a.Title), "lithium") {
				lithium = append(lithium, a.Slug)
			}
		}
		for _, p := range []struct{ path, h1, then string }{
			{"/help", "Get help now", ""},
			{"/articles/" + a.Slug, a.Title, ""},
			{"/?q=lithium", "Search", `document.querySelectorAll("main .cards.results > li.card").length > 0`},
		} {
			must(t, "offline "+p.path, e.navigate(srv.URL+p.path))
			waitFor(t, e, "offline "+p.path, h1+` === `+jsString(p.h1))
			if p.then != "" {
				waitFor(t, e, "offline "+p.path, p.then)
				for _, s := range lithium {
					waitFor(t, e, "offline "+p.path, fmt.Sprintf(`!!document.querySelector('main .cards.results a[href^="/articles/%s"]')`, s))
				}
			}
			// Leave only once nothing is loading (leaving mid-load is
			// checked online, in "help").
			waitFor(t, e, "offline "+p.path, `document.documentElement.dataset.app === "waiting" || (document.documentElement.dataset.app === "running" && !!document.querySelector(".statusbar"))`)
			noErrors(t, e, "offline "+p.path)
		}
	})
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
