package main

import "slices"

// startInSlices: the app's start hands the browser its thread between its
// parts, so that no part holds a tap or a key for long: the program runs
// in a task of its own after the wasm's instantiation (app.js), the first
// page's hydration yields between components once it has run for a slice
// (yield.go, hydrate.go), the page is said to be mounted before the
// engine's first turn, and the engine's first turn, which runs what every
// component asked for when mounted (their OnMount), yields between them.
//
// Go's wasm runs on the browser's one thread and gives it back only when
// every goroutine waits, so the start ran as one task from the
// instantiation to the first mount and a second from the mount to the
// first frame. On a first visit each function is compiled when first
// called, on that thread (V8's lazy compilation, 1,600 functions in all),
// and those two tasks took 1.6 s and 0.5 s at 4x CPU slowdown: a tap made
// meanwhile waited for all of either. In make bench's reading sessions
// (4x CPU, medians of 3, two rounds interleaved with the build without
// it), the longest task went from 795 and 931 ms to 278 and 382 ms on a
// first visit, and from 761 and 780 ms to 387 and 314 ms in a browser
// opened again; the main-thread blocking of a first visit from 1.56 and
// 1.77 s to 1.29 and 1.13 s.
//
// A yield is a message to the page itself (MessageChannel), not a timer:
// browsers hold a timer set from a timer's callback back by 4 ms once five
// are nested. Work is cut only where go-app can stop and go on as if it had
// not: between components, and between dispatches. What the reader does
// meanwhile reaches the components as it always did, as dispatches, run
// in order after those already waiting.
var startInSlices = slices.Concat(jsEdit("app.js", []string{
	"    removeEventListener(\"beforeunload\", onLeave);\n    const mounted = ",
	`    removeEventListener("beforeunload", onLeave);
    // The program starts in a task of its own: the instantiation's,
    // long on a slow phone, ends first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const mounted = `,
}), []edit{
	{file: "yield.go", new: []string{yieldGo}},
	{file: "app.go",
		old: []string{"\t\tmounted.Invoke()\n\t}\n\tengine.Start(120)\n"},
		new: []string{`		mounted.Invoke()
		// The page learns it at once, before the engine runs what the
		// components asked for when mounted.
		Yield()
	}
	engine.Start(120)
`}},
	{file: "engine.go",
		old: []string{
			"\tlastFrame := time.Now()\n\tfor {\n\t\tselect {\n\t\tcase dispatch := <-e.dispatches:\n\t\t\tdispatch()\n",
		},
		new: []string{`	lastFrame := time.Now()
	for {
		// Dispatches that were waiting when the loop came round are
		// one burst, cut into slices (yield.go); one that came after
		// the loop waited starts a slice (it most often comes in a task
		// of its own: an event's).
		waited := len(e.dispatches) == 0
		select {
		case dispatch := <-e.dispatches:
			if waited {
				startSlice()
			} else {
				yieldIfLong()
			}
			dispatch()
`}},
})

// yieldGo is go-app's new file yield.go.
const yieldGo = `package app

import "time"

// Go's wasm runs on the browser's one thread and hands it back only when
// every goroutine waits. Long work in the browser (the first page's
// hydration, the burst of what its components asked for when mounted) is
// cut into slices: go-app hands the browser its thread between them, so
// a tap or a key made meanwhile is answered, and a frame drawn, before
// the rest.

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
