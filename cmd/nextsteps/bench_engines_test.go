//go:build bench && !wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Issue 11's search session in the three engines: Chromium, Firefox and
// WebKit (WebKitGTK, the nearest to an iPhone's Safari this machine has).
// Only Chromium has Long Tasks, and WebKit has no Event Timing either, so
// the sessions of bench_session_test.go cannot be run as they are in the
// others. The measure here is one every engine has: the page's own
// animation frames, and for each input event the time from the event to
// the end of the frame after it. It runs the same in all three, with no
// CPU throttling (only Chromium can slow its CPU down), so the engines are
// compared with one another in one run, not with the 4x rows.

// frameObserver notes every animation frame's time and, for each event of
// a tap or a key, when the frame after it was done: a task posted from
// that frame's callback runs once the frame has been drawn.
const frameObserver = `(() => {
  if (window.__frames) return;
  const s = window.__frames = { frames: [], first: -1, inputs: [] };
  const loop = () => { s.frames.push(performance.now()); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  for (const type of ["pointerdown", "mousedown", "touchstart", "keydown", "wheel", "scroll"]) {
    addEventListener(type, () => { if (s.first < 0) s.first = performance.now(); }, { capture: true, passive: true });
  }
  for (const type of ["pointerdown", "pointerup", "mousedown", "mouseup", "click", "keydown", "keyup", "input"]) {
    addEventListener(type, (e) => {
      const now = performance.now();
      const at = e.timeStamp > 0 && e.timeStamp <= now ? e.timeStamp : now; // the event's own time where the engine gives it
      requestAnimationFrame(() => {
        const c = new MessageChannel();
        c.port1.onmessage = () => s.inputs.push({ type, d: performance.now() - at });
        c.port2.postMessage(0);
      });
    }, { capture: true, passive: true });
  }
})()`

// frameResult is what one session measured from the first interaction on.
type frameResult struct {
	Frames  int     `json:"frames"`  // animation frames after the first interaction
	Longest float64 `json:"longest"` // the longest time between two frames
	Over50  float64 `json:"over50"`  // the sum of (gap - 50 ms) over the gaps longer than 50 ms
	Input   float64 `json:"input"`   // the slowest input event to the end of its next frame
	InputOf string  `json:"inputOf"` // that event's type
}

const frameCollect = `(() => {
  const s = window.__frames;
  if (s.first < 0) return null;
  const before = s.frames.filter((t) => t < s.first), after = s.frames.filter((t) => t >= s.first);
  const times = [before.length ? before[before.length - 1] : s.first, ...after];
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const worst = s.inputs.reduce((w, e) => (!w || e.d > w.d ? e : w), null);
  return {
    frames: after.length,
    longest: Math.max(0, ...gaps),
    over50: gaps.reduce((a, g) => a + Math.max(0, g - 50), 0),
    input: worst ? worst.d : 0,
    inputOf: worst ? worst.type : "",
  };
})()`

// sessionReader is what the session needs of a browser: the Firefox and
// WebKit engines of the smoke tests (webdriver_test.go) have it, and so
// does chromeReader.
type sessionReader interface {
	evaluator
	navigate(url string) error
	click(css string) error
	keys(text string) error
}

// chromeReader is a chromedp tab as a sessionReader, so that Chromium runs
// the very steps the other two do.
type chromeReader struct{ ctx context.Context }

func (c chromeReader) navigate(url string) error { return chromedp.Do(c.ctx, chromedp.Navigate(url)) }
func (c chromeReader) click(css string) error {
	return chromedp.Do(c.ctx, chromedp.Click(chromedp.CSS(css)))
}
func (c chromeReader) keys(text string) error { return chromedp.Do(c.ctx, chromedp.KeyEvent(text)) }
func (c chromeReader) eval(expr string, out any) error {
	s, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](
		"Promise.resolve("+expr+").then((v) => JSON.stringify(v === undefined ? null : v))", chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("evaluating %s: %w", expr, err)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal([]byte(s), out)
}

// benchEngines runs the home page's search session (read 3 s, tap the
// search box, type "lithium"), as a returning reader and on a first visit,
// three times each in each engine, and reports the medians.
func benchEngines(t *testing.T, r *report) {
	srv := startReal(t)
	engines := []struct {
		name string
		open func(t *testing.T) sessionReader
	}{
		{"Chromium", func(t *testing.T) sessionReader { return chromeReader{newBrowser(t, 390, 844)} }},
		{"Firefox", func(t *testing.T) sessionReader {
			e := newFirefox(t)
			must(t, "viewport", e.resize(390, 844))
			return e
		}},
		{"WebKit", func(t *testing.T) sessionReader {
			e := newWebKit(t)
			must(t, "viewport", e.resize(390, 844))
			return e
		}},
	}
	for _, eng := range engines {
		for _, returning := range []bool{true, false} {
			var runs []frameResult
			for i := range 3 {
				t.Run(fmt.Sprintf("%s/returning=%v/%d", eng.name, returning, i+1), func(t *testing.T) {
					e := eng.open(t)
					if returning {
						// An earlier visit: the app started and the library saved.
						must(t, "earlier visit", e.navigate(srv.URL+"/"))
						startNow(t, e, "earlier visit")
						waitFor(t, e, "earlier visit", offlineReady)
					}
					must(t, "home", e.navigate(srv.URL+"/"))
					waitFor(t, e, "home", `document.readyState === "complete"`)
					must(t, "observer", e.eval(frameObserver, nil))
					time.Sleep(3 * time.Second) // reading
					must(t, "tap the search box", e.click("#search"))
					// A key every 150 ms or so, a quick typist's pace: typed as
					// fast as the drivers can (a key every 1-40 ms), each key's
					// frame waited on the keys after it, and the engines'
					// different pace of delivery decided the result.
					for _, k := range "lithium" {
						must(t, "type", e.keys(string(k)))
						time.Sleep(150 * time.Millisecond)
					}
					waitFor(t, e, "the results", `location.search === "?q=lithium" && `+wasmRunning)
					time.Sleep(2 * time.Second) // the app's last frames and tasks
					var res *frameResult
					must(t, "collect", e.eval(frameCollect, &res))
					if res == nil {
						t.Fatal("the page saw no interaction")
					}
					// A page that drew no frames measured nothing: say so rather
					// than report a gap of zero.
					if res.Frames < 60 {
						t.Fatalf("only %d animation frames in the 2 s and more after the first interaction: the engine did not draw the page", res.Frames)
					}
					runs = append(runs, *res)
				})
			}
			name := "home, first visit, " + eng.name
			if returning {
				name = "home, returning reader, " + eng.name
			}
			name += ": read 3 s, tap search, type \u201clithium\u201d a key every 150 ms"
			how := eng.name + ", 390x844, no CPU throttling, mouse and keyboard (WebDriver); from the first interaction on, app start included; median of 3"
			if len(runs) == 0 {
				r.add(name, "", "not measured (see the log)", how)
				continue
			}
			of := make([]string, len(runs))
			for i, x := range runs {
				of[i] = x.InputOf
			}
			r.add(name+": longest time between two frames", "report", medianOfRuns(runs, func(x frameResult) float64 { return x.Longest }), how+"; the page's requestAnimationFrame callbacks")
			r.add(name+": frame time over 50 ms (sum)", "report", medianOfRuns(runs, func(x frameResult) float64 { return x.Over50 }), how+"; each gap between frames beyond 50 ms, summed")
			r.add(name+": slowest input event to the end of its next frame", "report", medianOfRuns(runs, func(x frameResult) float64 { return x.Input })+"; the event: "+strings.Join(of, " / "),
				how+"; from the event's time stamp to a task posted from the next frame's callback (run once that frame is drawn): pointer, mouse, click, key and input events")
		}
	}
}

// TestBenchEngines runs only the three engines' sessions and prints their
// rows (make bench runs them within TestBench and writes BENCHMARKS.md).
func TestBenchEngines(t *testing.T) {
	r := &report{}
	benchEngines(t, r)
	r.log(t)
}
