package main

// framesAfterEvents: the engine draws the frame that follows an event at
// once, when it has drawn none for a frame's duration, rather than a
// frame's duration later.
//
// go-app's event loop draws a frame (processFrame: every component that
// asked for an update is rendered and the DOM patched) only when its
// ticker fires, and a dispatch sets the ticker a whole frame ahead: at
// Start(120), 8.3 ms. So every tap or keystroke waited 8.3 ms, doing
// nothing, before the page changed: half of the 16 ms a frame has on a
// 60 Hz screen, and a task of its own after the event's (a Go timer is a
// setTimeout in the browser). Now, once the dispatches waiting are done,
// the frame is drawn in the same turn when the last one is at least a
// frame's duration old. Dispatches closer together than that still share
// one frame, at the ticker's pace, as before: the frame rate stays a
// limit. The first frame after Start is the ticker's, as before, so an
// app's first page and what its components asked for when mounted are
// still drawn in two turns.
//
// A frame that drew nothing does not count: no component was updated and
// no deferred function ran (processFrame reports it). A key typed in the
// search box is such a frame: its handler prevents the update, and the
// results come in a dispatch of their own once the key's frame is painted
// (app/search.go, afterPaint), about 3 ms later. Counted, it held the
// results back until the ticker's next frame, 8.3 ms after that dispatch:
// in a trace of 10,000 articles the results were drawn in 0.6 ms, at 12
// ms, after 8 ms with nothing to do.
//
// Its test (engine_frame_test.go, run by TestMarkupInGoApp) dispatches to
// an engine at one frame a second: after an idle second the frame comes
// at once, a second dispatch right after it waits for the ticker, and one
// right after a frame that drew nothing does not.
var framesAfterEvents = []edit{
	{file: "engine.go",
		old: []string{`	for {
		select {
		case dispatch := <-e.dispatches:
			if currentFrameDuration != activeFrameDuration {
				frames.Reset(activeFrameDuration)
				currentFrameDuration = activeFrameDuration
			}
			dispatch()

		case <-frames.C:
			e.processFrame()
			frames.Reset(iddleFrameDuration)
			currentFrameDuration = iddleFrameDuration
`,
			"func (e *engineX) processFrame() {\n\te.updates.UpdateForEach(func(c Composer) {\n\t\tif !c.Mounted() {\n\t\t\treturn\n\t\t}\n",
			"\te.executeDefers()\n\te.actions.Cleanup()\n\te.states.Cleanup()\n}\n\nfunc (e *engineX) executeDefers() {\n\tfor {\n\t\tselect {\n\t\tcase defere := <-e.defers:\n\t\t\tdefere()\n\n\t\tdefault:\n\t\t\treturn\n\t\t}\n\t}\n}\n",
		},
		new: []string{`	// lastFrame is when the last frame was drawn. The ticker draws the
	// first at once.
	lastFrame := time.Now()
	for {
		select {
		case dispatch := <-e.dispatches:
			dispatch()
			// The last dispatch waiting, and no frame for a frame's
			// duration: the frame is drawn now, not a frame later.
			if len(e.dispatches) == 0 && time.Since(lastFrame) >= activeFrameDuration {
				if e.processFrame() {
					lastFrame = time.Now()
				}
				frames.Reset(iddleFrameDuration)
				currentFrameDuration = iddleFrameDuration
				continue
			}
			if currentFrameDuration != activeFrameDuration {
				frames.Reset(activeFrameDuration)
				currentFrameDuration = activeFrameDuration
			}

		case <-frames.C:
			if e.processFrame() {
				lastFrame = time.Now()
			}
			frames.Reset(iddleFrameDuration)
			currentFrameDuration = iddleFrameDuration
`,
			`// processFrame draws the components that asked for an update and runs
// the deferred functions, and reports whether it did anything: a frame
// that drew nothing does not hold the next one back (Start).
func (e *engineX) processFrame() (drew bool) {
	e.updates.UpdateForEach(func(c Composer) {
		if !c.Mounted() {
			return
		}
		drew = true
`,
			`	if e.executeDefers() {
		drew = true
	}
	e.actions.Cleanup()
	e.states.Cleanup()
	return drew
}

// executeDefers runs the deferred functions, and reports whether there
// were any.
func (e *engineX) executeDefers() (ran bool) {
	for {
		select {
		case defere := <-e.defers:
			defere()
			ran = true

		default:
			return ran
		}
	}
}
`}},
	{file: "engine_frame_test.go", new: []string{`package app

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type frameTestCompo struct {
	Compo
	renders *atomic.Int32
}

func (c *frameTestCompo) Render() UI {
	c.renders.Add(1)
	return Div()
}

// TestEngineFrameAfterEvent: the frame after an event is drawn at once when
// the engine has drawn none for a frame's duration, and a frame later when
// it has (the frame rate stays a limit); a frame that drew nothing does
// not count.
func TestEngineFrameAfterEvent(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	e := newTestEngine()
	e.ctx = ctx
	c := &frameTestCompo{renders: new(atomic.Int32)}
	require.NoError(t, e.Load(c))
	compoCtx := e.nodes.context(e.baseContext(), c)

	const framerate, frame = 1, time.Second
	stopped := make(chan struct{})
	go func() {
		e.Start(framerate)
		close(stopped)
	}()
	defer func() {
		cancel()
		<-stopped
	}()

	// drawn dispatches an update of c and returns how long it took to be
	// drawn.
	drawn := func() time.Duration {
		before := c.renders.Load()
		sent := time.Now()
		compoCtx.Dispatch(nil)
		for c.renders.Load() == before {
			if time.Since(sent) > 10*frame {
				t.Fatal("the update was never drawn")
			}
			time.Sleep(time.Millisecond)
		}
		return time.Since(sent)
	}

	time.Sleep(frame + frame/10) // no frame for more than a frame's duration
	if d := drawn(); d >= frame/2 {
		t.Errorf("after idle frames, an event's frame came %v later, want at once", d)
	}
	if d := drawn(); d < frame/2 {
		t.Errorf("a second event right after that frame was drawn %v later, want the ticker's frame (%v)", d, frame)
	}

	// After an idle frame, an event whose update is prevented: its frame,
	// drawn at once, draws nothing. The second such event is handled
	// after that frame.
	time.Sleep(frame + frame/10)
	compoCtx.Dispatch(func(ctx Context) { ctx.PreventUpdate() })
	handled := make(chan struct{})
	compoCtx.Dispatch(func(ctx Context) {
		ctx.PreventUpdate()
		close(handled)
	})
	<-handled
	if n := c.renders.Load(); n != 3 {
		t.Fatalf("%d renders, want 3: an update prevented was drawn", n)
	}
	if d := drawn(); d >= frame/2 {
		t.Errorf("right after a frame that drew nothing, an event's frame came %v later, want at once", d)
	}
}
`}},
}
