package main

import "slices"

// startInSlices: the app's start hands the browser its thread between its
// parts, so that no part holds a tap or a key for long: the program runs
// in a task of its own after the wasm's instantiation (app.js), and the
// first page's hydration yields between components once it has run for a
// slice (yield.go, hydrate.go). Yield is there for the app's own parts
// (cmd/nextsteps/main_wasm.go).
//
// Go's wasm runs on the browser's one thread and gives it back only when
// every goroutine waits, so the start ran as one task from the
// instantiation to the first mount. On a first visit each function is
// compiled when first called, on that thread (V8's lazy compilation,
// 1,600 functions in all), and that task took 1.6 s at 4x CPU slowdown: a
// tap made meanwhile waited for all of it. In make bench's reading
// sessions (4x CPU, medians of 3, two rounds interleaved with the build
// without it), the longest task of a first visit went from 1.08 s and
// 838 ms to 365 and 283 ms, and in a browser opened again from 998 and
// 917 ms to 307 and 337 ms.
//
// A yield is a message to the page itself (MessageChannel), not a timer:
// browsers hold a timer set from a timer's callback back by 4 ms once five
// are nested. Work is cut only where go-app can stop and go on as if it
// had not: between the components it adopts, before any node of the page
// has changed. What the reader does meanwhile waits, as dispatches, for
// the engine's first turn, after the mount.
//
// The engine's turns are not cut, though a first one (every component's
// OnNav and OnMount) can be long: a dispatch often queues the next (a
// navigation's Load, then the new page's OnNav), and the browser must not
// see the state between them. Cut there, a page opened by the app drew
// "Page not found" for a frame before its article (TestXSSInertInTheApp
// caught it under load), and the page said the app was running before it
// had drawn its first frame.
var startInSlices = slices.Concat(jsEdit("app.js", []string{
	"    removeEventListener(\"beforeunload\", onLeave);\n    const mounted = ",
	`    removeEventListener("beforeunload", onLeave);
    // The program starts in a task of its own: the instantiation's,
    // long on a slow phone, ends first. A timer, not scheduler.yield
    // (as goappInSlices): its continuation would go ahead of the tasks
    // the page has queued, and TestStartPausesBeforeMount failed with it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const mounted = `,
}), []edit{
	{file: "yield.go", new: []string{yieldGo}},
})

// yieldGo is go-app's new file yield.go.
const yieldGo = `package app

import "time"

// Go's wasm runs on the browser's one thread and hands it back only when
// every goroutine waits. Long work in the browser (the first page's
// hydration) is cut into slices: go-app hands the browser its thread
// between them, so a tap or a key made meanwhile is answered, and a frame
// drawn, before the rest.

// sliceLength is how long go-app works before it hands the browser its
// thread, where it can cut its work: well under the 50 ms that makes a
// long task, for the part between two places it can cut.
const sliceLength = 30 * time.Millisecond

// sliceStart is when the present slice started.
var sliceStart time.Time

// startSlice starts a slice: the browser had its thread just now.
func startSlice() {
	sliceStart = time.Now()
}

// yieldIfLong hands the browser its thread if the present slice has run
// for sliceLength.
func yieldIfLong() {
	if IsServer || time.Since(sliceStart) < sliceLength {
		return
	}
	Yield()
}

// Yield hands the browser its thread until a task of its own: what waits
// for it (a tap, a key, a frame due) is handled first. Only the calling
// goroutine waits; it must not be one JavaScript called (a FuncOf's
// function), which holds the browser's thread until it returns. On the
// server, Yield returns at once. A new slice starts when it returns.
func Yield() {
	if IsServer {
		return
	}
	done := make(chan struct{})
	next := FuncOf(func(Value, []Value) any {
		close(done)
		return nil
	})
	defer next.Release()
	// A message to the page, not setTimeout(0): browsers hold a timer set
	// from a timer's callback back by 4 ms once five are nested.
	ch := Window().Get("MessageChannel").New()
	port := ch.Get("port1")
	defer port.Call("close")
	port.Set("onmessage", next)
	ch.Get("port2").Call("postMessage", nil)
	<-done
	startSlice()
}
`
