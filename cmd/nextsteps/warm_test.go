//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	ui "nextsteps/app"
)

// TestWarmUpInAWorker: a page that waits for the reader runs the app's
// start in a worker meanwhile (boot.js, part 11), and the app then starts
// from the module the worker compiled (cmd/trimgoapp's compiledModule).
// In a browser opened again (a reader back another day, everything
// stored, nothing compiled), the page's own thread compiles none of the
// functions the worker compiled, and little else: the worker mounted the
// page too, on a stand-in for it. On a first visit the warm-up waits for
// the service worker to have stored app.wasm, which is downloaded once.
// Without the worker, or with app.js compiling app.wasm afresh, it fails;
// and the reader's first search compiles little: without the worker's
// search (app.WarmSearch), it fails.
func TestWarmUpInAWorker(t *testing.T) {
	srv, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	var got hits
	url := startHandler(t, got.count(srv, nil)).URL
	// Which module the app was instantiated from, and how many times.
	fromWorker := fmt.Sprintf(`{
		const instantiate = WebAssembly.instantiate;
		window.__instantiations = 0;
		WebAssembly.instantiate = function (m) {
			window.__instantiations++;
			if (m instanceof WebAssembly.Module) window.__fromWorker = m === window[%q];
			return instantiate.apply(this, arguments);
		};
	}`, ui.CompiledModuleGlobal)
	warmed := waitJS(fmt.Sprintf(`window[%q] instanceof WebAssembly.Module`, ui.CompiledModuleGlobal))
	// The worker has also run its first search (app.WarmSearch), after
	// the page had the module: an app started meanwhile may compile a
	// function the worker is compiling too.
	warmedUp := waitJS(`performance.getEntriesByName("nextsteps-warm-done").length > 0`)
	// The page has made an instance of that module (boot.js, part 11).
	instantiated := waitJS(`performance.getEntriesByName("nextsteps-instantiated").length > 0`)

	t.Run("browser opened again", func(t *testing.T) {
		dir := t.TempDir()
		earlier, stop := newBrowserIn(t, dir, 390, 844)
		do(t, earlier, "earlier visit", chromedp.Navigate(url+"/"), appRunning(), waitJS(offlineReady))
		stop()
		ctx, _ := newBrowserIn(t, dir, 390, 844)
		beforeLoad(t, ctx, fromWorker)
		compiled := tracedCompiles(t, ctx, chromedp.Navigate(url+"/"), warmed, warmedUp, instantiated, appRunning())
		if !eval[bool](t, ctx, `window.__fromWorker === true`) {
			t.Error("the app was not instantiated from the module the worker compiled")
		}
		// The page made the instance while it waited, and the app ran
		// it: app.wasm was instantiated once, before the reader's key.
		if n := eval[float64](t, ctx, `window.__instantiations`); n != 1 {
			t.Errorf("app.wasm was instantiated %v times, want once, by the page while it waited", n)
		}
		if !eval[bool](t, ctx, `performance.getEntriesByName("nextsteps-instantiated")[0].startTime < performance.getEntriesByName("nextsteps-app-start")[0].startTime`) {
			t.Error("app.wasm was instantiated after the app was asked to start, want before")
		}
		worker, page := compiled[workerThread], compiled[pageThread]
		if len(worker) < 300 {
			t.Errorf("the worker compiled %d of app.wasm's functions, want the start's (over 300)", len(worker))
		}
		twice := 0
		for f := range page {
			if _, ok := worker[f]; ok {
				twice++
			}
		}
		if twice > 0 {
			t.Errorf("the page's thread compiled %d functions the worker had compiled", twice)
		}
		// The worker also mounted the page, on a stand-in for it (warm.js,
		// standInFor): the app's start on the page compiles little of its
		// own. Without the worker's mount, the page's thread compiled 653
		// functions here; with it, 36.
		if len(page) > maxStartCompiles {
			t.Errorf("the page's thread compiled %d functions to start the app, want go-app's mounting compiled in the worker (at most %d left)", len(page), maxStartCompiles)
		}
		t.Logf("functions compiled: %d in the worker, %d on the page's thread", len(worker), len(page))

		// The worker also ran a search and drew its results
		// (app.WarmSearch): the reader's first search finds most of its
		// functions compiled. Without it the page's thread compiled
		// 171-181 functions in a reader's first keystrokes, 135-284 ms at
		// 4x CPU slowdown; with it, 66-80. With Chromium 156 on a slower
		// machine: 218-220 without, 104-111 with (and 111-124 before the
		// worker also made the app's first look at its heap, collectDue).
		// What is left is the page's side: the events' path, the app's
		// handlers and go-app's mounting of the results' elements, which
		// a worker, having no document, cannot run. The limit sits
		// between the two.
		search := tracedCompiles(t, ctx, chromedp.Click(chromedp.CSS("#search")), chromedp.KeyEvent("lithium"),
			waitJS(`location.search === "?q=lithium" && document.querySelector("main .results mark") !== null`))
		if n := len(search[pageThread]); n > maxFirstSearchCompiles {
			t.Errorf("the page's thread compiled %d functions for the first search, want the search's own compiled in the worker (at most %d left)", n, maxFirstSearchCompiles)
		} else {
			t.Logf("the first search compiled %d functions on the page's thread", n)
		}
	})

	// The reader's first Save on an article, its place saved as it
	// scrolled: the worker also wrote and read back each kind of reader
	// data (app.WarmStorage), so the tap finds encoding/json's code for
	// the saved list compiled. Without it the page's thread compiled 61
	// functions in the tap here, and 31 (18-27 ms of a 94-105 ms task)
	// in traces of make bench's article session at 4x CPU slowdown.
	t.Run("first save on an article", func(t *testing.T) {
		dir := t.TempDir()
		slug := testSite(t).corpus.Articles[0].Slug
		earlier, stop := newBrowserIn(t, dir, 390, 844)
		do(t, earlier, "earlier visit", chromedp.Navigate(url+"/"), appRunning(), waitJS(offlineReady))
		stop()
		ctx, _ := newBrowserIn(t, dir, 390, 844)
		do(t, ctx, "open an article", chromedp.Navigate(url+"/articles/"+slug), warmedUp)
		eval[any](t, ctx, `window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2)`)
		do(t, ctx, "read", appRunning(), progressSaved(slug, 0.1))
		save := tracedCompiles(t, ctx, chromedp.Click(chromedp.CSS(".save button")),
			waitJS(`document.querySelector(".save button").getAttribute("aria-pressed") === "true"`))
		if n := len(save[pageThread]); n > maxFirstSaveCompiles {
			t.Errorf("the page's thread compiled %d functions for the first Save, want the saved list's JSON compiled in the worker (at most %d left)", n, maxFirstSaveCompiles)
		} else {
			t.Logf("the first Save compiled %d functions on the page's thread", n)
		}
	})

	// The reader's first tap on a chip: the worker's app, the page
	// mounted, went to a chip's address and back (boot.js's firstVisits,
	// warm.js's visit), each once the app had drawn the last, so go-app's
	// updating of the list is compiled. Without the visits the page's
	// thread compiled 56-58 functions in the tap here (45-56 ms,
	// unthrottled); with them, 25-30.
	t.Run("first chip tap", func(t *testing.T) {
		dir := t.TempDir()
		earlier, stop := newBrowserIn(t, dir, 390, 844)
		do(t, earlier, "earlier visit", chromedp.Navigate(url+"/"), appRunning(), waitJS(offlineReady))
		stop()
		ctx, _ := newBrowserIn(t, dir, 390, 844)
		do(t, ctx, "open the home page", chromedp.Navigate(url+"/"), warmedUp, appRunning())
		tap := tracedCompiles(t, ctx, chromedp.ScrollIntoView(chromedp.CSS("#chip-ect")), chromedp.Click(chromedp.CSS("#chip-ect")),
			waitJS(`location.search === "?topic=ect" && document.querySelector("#chip-ect").getAttribute("aria-checked") === "true"`))
		if n := len(tap[pageThread]); n > maxFirstChipCompiles {
			t.Errorf("the page's thread compiled %d functions for the first tap on a chip, want go-app's updating of the list compiled in the worker (at most %d left)", n, maxFirstChipCompiles)
		} else {
			t.Logf("the first tap on a chip compiled %d functions on the page's thread", n)
		}
	})

	t.Run("first visit", func(t *testing.T) {
		ctx := newBrowser(t, 390, 844)
		beforeLoad(t, ctx, fromWorker)
		before := got.of("/web/app.wasm")
		do(t, ctx, "first visit", chromedp.Navigate(url+"/"), warmed, appRunning())
		if !eval[bool](t, ctx, `window.__fromWorker === true`) {
			t.Error("the app was not instantiated from the module the worker compiled")
		}
		if n := got.of("/web/app.wasm") - before; n != 1 {
			t.Errorf("app.wasm was downloaded %d times, want once (by the service worker)", n)
		}
	})
}

// maxStartCompiles is how many functions the app's start may still
// compile on the page's thread once the worker has mounted the page on its
// stand-in: what only a page runs (36 here, about 130 in make bench's
// session), none of go-app's mounting (653 here without it).
const maxStartCompiles = 300

// maxFirstSearchCompiles is how many functions the reader's first search
// may still compile on the page's thread: go-app's, none of the search's.
const maxFirstSearchCompiles = 160

// maxFirstSaveCompiles is how many functions the reader's first Save may
// still compile on the page's thread: go-app's path for a first event
// handler and the button's own, none of encoding/json's (19-22 with
// app.WarmStorage, 61 without).
const maxFirstSaveCompiles = 35

// maxFirstChipCompiles is how many functions the reader's first tap on a
// chip may still compile on the page's thread: the tap's own path (25-30),
// not go-app's updating of the list (56-58 with it).
const maxFirstChipCompiles = 42

// The threads tracedCompiles tells apart.
const (
	pageThread   = "CrRendererMain"
	workerThread = "DedicatedWorker thread"
)

// traceEvent is an event of a Chromium trace, with the fields the tests
// read.
type traceEvent struct {
	Name string  `json:"name"`
	Ph   string  `json:"ph"`
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
	Ts   float64 `json:"ts"`  // µs
	Dur  float64 `json:"dur"` // µs
	Args struct {
		Name      string `json:"name"`       // a thread's, in its metadata event
		FuncIndex int    `json:"func_index"` // a compiled function's
		Frame     string `json:"frame"`      // a document's, as it starts loading
		Data      struct {
			URL string `json:"url"` // a script's, as it is evaluated
		} `json:"data"`
	} `json:"args"`
}

// traceThread is a thread of a trace: its process's id and its own.
type traceThread struct{ pid, tid int }

// traced runs steps with a trace of the given categories and returns the
// events named in keep, in the order the browser sent them, and the name
// of each thread.
func traced(t *testing.T, ctx context.Context, categories, keep []string, steps ...step) ([]traceEvent, map[traceThread]string) {
	t.Helper()
	var mu sync.Mutex
	names := map[traceThread]string{}
	var events []traceEvent
	done := make(chan struct{})
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			defer mu.Unlock()
			for _, v := range e.Value {
				var ev traceEvent
				if json.Unmarshal(v, &ev) != nil {
					continue
				}
				switch {
				case ev.Ph == "M" && ev.Name == "thread_name":
					names[traceThread{ev.Pid, ev.Tid}] = ev.Args.Name
				case slices.Contains(keep, ev.Name):
					events = append(events, ev)
				}
			}
		case *tracing.EventTracingComplete:
			// A listener stays for the tab's life: a later trace's end
			// reaches this one too.
			mu.Lock()
			defer mu.Unlock()
			select {
			case <-done:
			default:
				close(done)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: append(categories, "__metadata")}}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "traced steps", steps...)
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	<-done
	mu.Lock()
	defer mu.Unlock()
	return events, names
}

// tracedCompiles runs steps with a trace of V8's WebAssembly events and
// returns the functions of app.wasm that V8 compiled as they were first
// called (lazy compilation), by the name of the thread that called them,
// each with the time it took in ms.
func tracedCompiles(t *testing.T, ctx context.Context, steps ...step) map[string]map[int]float64 {
	t.Helper()
	compiles, names := traced(t, ctx, []string{"v8.wasm"}, []string{"wasm.CompileLazy"}, steps...)
	out := map[string]map[int]float64{}
	for _, c := range compiles {
		name := names[traceThread{c.Pid, c.Tid}]
		if out[name] == nil {
			out[name] = map[int]float64{}
		}
		out[name][c.Args.FuncIndex] += c.Dur / 1000
	}
	return out
}
