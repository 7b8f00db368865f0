//go:build wasm

package main

import (
	"errors"
	"log"
	"syscall/js"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "nextsteps/app"
	"nextsteps/content"
)

// run starts the app in the browser; it never returns once the app runs.
// app.wasm carries no articles: boot.js fetches the corpus, a data file
// named by its hash (content.CorpusPath, served and stored by the worker
// like any file of the site), and hands it over in a window property
// before this program starts. So app.wasm is the same bytes whatever the
// library holds, and a correction ships data, not code. The corpus was
// parsed, checked and rendered at build time (content.Bundle), which keeps
// goldmark, the YAML parser and the checker out of the wasm and Markdown
// out of its start-up.
//
// Articles that cannot be read (missing, cut short, tampered with: the
// browser checks the bytes against their hash, see boot.js) stop the
// start: the page says the app failed and the pre-rendered page keeps
// working, rather than an app with no articles.
func run([]string) int {
	c, err := corpus()
	if err != nil {
		log.Printf("Next Steps cannot start: %v", err)
		js.Global().Get("document").Get("documentElement").Get("dataset").Set("app", "failed")
		return 1
	}
	if err := ui.Route(c); err != nil {
		log.Print(err)
	}
	app.RunWhenOnBrowser()
	return 0
}

// corpus reads the articles boot.js handed over, once: the property is
// deleted, so the bytes live on in Go only.
func corpus() (*content.Corpus, error) {
	v := js.Global().Get(ui.CorpusGlobal)
	if v.IsUndefined() || v.IsNull() {
		return nil, errors.New("no articles were handed over (window." + ui.CorpusGlobal + " is not set: is boot.js served?)")
	}
	js.Global().Delete(ui.CorpusGlobal)
	u8 := v.Get("bytes")
	b := make([]byte, u8.Get("length").Int())
	js.CopyBytesToGo(b, u8)
	return content.ReadBundle(b)
}
