//go:build wasm

package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime/debug"
	"syscall/js"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "nextsteps/app"
	"nextsteps/content"
)

// run starts the app in the browser; it never returns once the app runs.
// app.wasm carries no articles: boot.js fetches the catalog and the texts
// list, data files named by their hashes (content.Corpus.Bundle, served and
// stored by the worker like any file of the site), and hands them over in
// a window property before this program starts, with a function that
// reads an article's own data file when the app needs its text
// (content.Corpus.Text). So
// app.wasm is the same bytes whatever the library holds, and a correction
// ships data, not code. The corpus was parsed, checked and rendered at
// build time (content.Corpus.Bundle), which keeps goldmark, the YAML
// parser and the checker out of the wasm and Markdown out of its start-up.
//
// A catalog or list that cannot be read (missing, cut short, tampered with: the
// browser checks the bytes against their hash, see boot.js) stops the
// start: the page says the app failed and the pre-rendered page keeps
// working, rather than an app with no articles. An article whose own file
// cannot be read says so on its page (app.articlePage).
//
// The start hands the browser its thread between its parts (app.Yield),
// so that a tap or a key made meanwhile waits for one part, not all: Go's
// runtime and packages are set up in one task, the articles read in the
// next, the routes and the first page prepared in a third, and the page
// mounted from a fourth (pauseBeforeMount), itself cut into slices
// (cmd/trimgoapp's startInSlices). On a first visit V8 compiles each
// function as it is first called, on this thread: these parts were one
// task of 1.6 s at 4x CPU slowdown (a trace of make bench's session).
func run([]string) int {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryLimit)
	if page := os.Getenv(ui.WarmEnv); page != "" {
		return warmUp(page)
	}
	if _, err := prepare(app.Window().URL, app.Yield); err != nil {
		fmt.Fprintf(os.Stderr, "Next Steps cannot start: %v\n", err)
		js.Global().Get("document").Get("documentElement").Get("dataset").Set("app", "failed")
		return 1
	}
	pauseBeforeMount()
	go collectWhenIdle()
	app.RunWhenOnBrowser()
	return 0
}

// prepare is the start up to the mount, the same in the app and in the
// warm-up: the articles read, the routes set and the page at the address
// page gives prepared, with between called before each of the first two.
// A route that cannot be set is logged, and the others serve.
func prepare(page func() *url.URL, between func()) (*content.Corpus, error) {
	between()
	c, err := corpus()
	if err != nil {
		return nil, err
	}
	between()
	if err := ui.Route(c); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	ui.Prepare(c, page())
	return c, nil
}

// warmUp runs the app's start (prepare) in the worker that boot.js
// starts while the reader reads (warm.js, ui.WarmEnv), page being the
// page's address: the worker hands the page the module, whose functions
// the browser has compiled as this called them (see boot.js, part 11),
// and this goes on to what the reader's first moves call, the mount of
// the page included. A worker has no window to yield to, nor a reader to
// yield for. What it does is not kept, and it draws nothing: an error
// only means less was compiled.
func warmUp(page string) int {
	u, err := url.Parse(page)
	var c *content.Corpus
	if err == nil {
		c, err = prepare(func() *url.URL { return u }, func() {})
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "warm-up: %v\n", err)
		return 1
	}
	// The start compiled, the page may have the module (warm.js); then
	// the JSON code of the reader's data, for a first Save or a first
	// place kept (ui.WarmStorage), the functions of a reader's first
	// search: some 170 of them were compiled in the reader's first
	// keystrokes, 135-284 ms at 4x CPU slowdown (traces of make bench's
	// home session), and the app's first look at its heap
	// (collectWhenIdle). Handing the module over only after them made it
	// ready 300-450 ms later.
	if ready := js.Global().Get(ui.WarmReadyGlobal); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	ui.WarmStorage()
	ui.WarmSearch(c)
	collectDue()()
	// Last, go-app mounts the page, on a stand-in for it that the worker
	// provides (ui.WarmPageGlobal): the page's own start compiled some 760
	// functions on its thread without it (go-app's adoption of the
	// pre-rendered page, each kind of element's methods, the components'
	// OnMount, the engine's first frame), about 130 with it (traces of
	// make bench's session, a browser opened again). go-app's engine then
	// runs until the page ends the worker, which it does once go-app says
	// the page is mounted and the engine's first round is over (warm.js).
	if stand := js.Global().Get(ui.WarmPageGlobal); stand.Type() == js.TypeFunction && stand.Invoke().Truthy() {
		app.RunWhenOnBrowser()
	}
	return 0
}

// pauseBeforeMount ends the start's first task: it hands boot.js a
// function to call when the app may mount its first page, and waits for
// it (Go's wasm hands the browser its thread whenever every goroutine
// waits). boot.js calls it from a task of its own, having noted what the
// reader is doing on the page about to be replaced (app.MountGlobal).
// The start was one task from the wasm's instantiation to the page
// mounted, and a tap or key made meanwhile waited for all of it. In the
// reading sessions of make bench (4x CPU, medians of 3, four rounds
// interleaved with the app without the pause), a first visit's longest
// task went from 620-835 ms to 352-438 ms. TestStartPausesBeforeMount
// fails without it. A page without boot.js (none of ours) mounts at once.
func pauseBeforeMount() {
	hook := js.Global().Get(ui.MountGlobal)
	if hook.Type() != js.TypeFunction {
		return
	}
	done := make(chan struct{})
	mount := js.FuncOf(func(js.Value, []js.Value) any {
		close(done)
		return nil
	})
	defer mount.Release()
	hook.Invoke(mount)
	<-done
}

// The app collects its garbage less often than Go's default (GOGC=100):
// its work comes in bursts (the start, a filter, a keystroke) that
// allocate a page's worth of elements each, and a collection inside one
// is time the reader waits. At 1,000 articles a filter toggle took about
// 10% less time to the DOM update (4 of 4 interleaved rounds of 16, in a
// scratch harness). The heap may now grow to five times what is live
// between collections, but never past memoryLimit, where Go collects
// sooner: wasm memory, which never shrinks, stays well under the 100 MB
// that make bench holds the app to at 10,000 articles.
const (
	gcPercent   = 400
	memoryLimit = 64 << 20
)

// corpus reads the catalog and the texts list boot.js handed over, once:
// the property is deleted, so the bytes live on in Go only.
func corpus() (*content.Corpus, error) {
	v := js.Global().Get(ui.CorpusGlobal)
	if v.IsUndefined() || v.IsNull() {
		return nil, errors.New("no articles were handed over (window." + ui.CorpusGlobal + " is not set: is boot.js served?)")
	}
	js.Global().Delete(ui.CorpusGlobal)
	files, read := v.Get("files"), v.Get("read")
	return content.ReadBundle(bytesOf(files.Index(0)), bytesOf(files.Index(1)), func(path string) ([]byte, error) {
		u8, err := await(read.Invoke(path))
		if err != nil {
			return nil, err
		}
		return bytesOf(u8), nil
	})
}

// bytesOf copies a Uint8Array into Go.
func bytesOf(u8 js.Value) []byte {
	b := make([]byte, u8.Get("length").Int())
	js.CopyBytesToGo(b, u8)
	return b
}

// await waits for the promise p. Only the calling goroutine waits: Go's
// wasm hands the browser its thread meanwhile. It must not be called from
// inside a js.FuncOf callback, whose goroutine holds the browser's event
// loop.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{v: args[0]}
		return nil
	})
	defer ok.Release()
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := args[0].Get("message")
		if msg.Type() != js.TypeString {
			msg = js.Global().Get("String").Invoke(args[0])
		}
		done <- result{err: errors.New(msg.String())}
		return nil
	})
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-done
	return r.v, r.err
}
