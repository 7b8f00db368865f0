//go:build wasm

package main

import (
	"runtime"
	"runtime/metrics"
	"syscall/js"
	"time"

	ui "nextsteps/app"
)

// collectWhenIdle collects the garbage while the reader does nothing,
// rather than inside a tap. Go's wasm collects on the page's only thread,
// and all at once: with every goroutine of a tap's work done, its mark
// worker runs until the mark ends, and the browser waits. At 10,000
// articles that was one filter tap in the first dozen taking 60 to 90 ms
// where the others took about 20 (no throttling; a V8 CPU profile put a
// collection of 96 ms in it): the start's garbage, collected by the tap
// that crossed the heap's goal. So every collectEvery it looks at the
// heap (runtime/metrics, a few microseconds), and when a collection is
// near (collectNow) it waits until the reader has been still for
// stillFor (boot.js notes each event's time in ui.LastInputGlobal), then
// asks the browser for an idle period (requestIdleCallback; a timer where
// there is none, as in Safari) and collects then, if the reader is still
// still. A collection costs as much as it did; a tap made during one
// waits for its end, where before the tap that crossed the goal always
// did.
func collectWhenIdle() {
	due := collectDue()
	perf := js.Global().Get("performance")
	untilReaderStill := func() time.Duration {
		last := js.Global().Get(ui.LastInputGlobal)
		if last.Type() != js.TypeNumber {
			return 0
		}
		return untilStill(perf.Call("now").Float(), last.Float())
	}
	idle := make(chan struct{}, 1)
	whenIdle := "requestIdleCallback"
	if js.Global().Get(whenIdle).Type() != js.TypeFunction {
		whenIdle = "setTimeout"
	}
	wake := js.FuncOf(func(js.Value, []js.Value) any {
		idle <- struct{}{}
		return nil
	})
	for {
		time.Sleep(collectEvery)
		if !due() {
			continue
		}
		perf.Call("mark", collectWantedMark)
		for {
			if wait := untilReaderStill(); wait > 0 {
				time.Sleep(wait)
				continue
			}
			js.Global().Call(whenIdle, wake) // a method of the window, called on it
			<-idle
			if untilReaderStill() == 0 {
				break
			}
		}
		if !due() { // Go collected while the reader was busy
			continue
		}
		start := perf.Call("now")
		runtime.GC()
		// For a trace to show when the collection ran and how long, and
		// for TestGarbageCollectedWhenIdle.
		perf.Call("measure", collectedMark, map[string]any{"start": start})
	}
}

// collectDue returns the function collectWhenIdle calls to look at the
// heap: it reads the heap's figures and says whether a collection is near
// (collectNow). The warm-up calls it once too (warmUp): a first read
// builds runtime/metrics' tables, a dozen of the runtime's functions that
// the page's thread compiled a second into the app's life, in the
// reader's first keystrokes as often as not (TestWarmUpInAWorker).
func collectDue() func() bool {
	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}
	return func() bool {
		metrics.Read(samples)
		return collectNow(samples[0].Value.Uint64(), samples[1].Value.Uint64(), samples[2].Value.Uint64())
	}
}
