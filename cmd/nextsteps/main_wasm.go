//go:build wasm

package main

import (
	_ "embed"
	"log"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "nextsteps/app"
	"nextsteps/content"
)

// bundle is the corpus, parsed, checked and rendered at build time by
// `nextsteps bundle -out cmd/nextsteps/corpus.bundle.json` (make wasm runs
// it first). Reading it keeps goldmark, the YAML parser and the checker out
// of the wasm, and Markdown parsing out of its start-up.
//
//go:embed corpus.bundle.json
var bundle []byte

// run starts the app in the browser with the bundle's corpus; it never
// returns. A bundle that cannot be read only gets logged: the app then
// shows no articles rather than failing to start.
func run([]string) int {
	c, err := content.ReadBundle(bundle)
	if err != nil {
		log.Printf("content problems:\n%v", err)
		c = &content.Corpus{}
	}
	if err := ui.Route(c); err != nil {
		log.Print(err)
	}
	app.RunWhenOnBrowser()
	return 0
}
