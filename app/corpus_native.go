//go:build !wasm

package app

import (
	"log"
	"sync"

	"nextsteps/content"
)

// Corpus returns the embedded articles and topics, loaded once. Natively
// (the server, the static build, tests) it parses the Markdown itself; the
// wasm reads the bundle made from the same files instead (corpus_wasm.go).
// The corpus is validated by `check` before every build, so in the app a
// problem only gets logged: a reader always sees whatever could be read.
// Tests may replace it.
var Corpus = sync.OnceValue(func() *content.Corpus {
	c, err := content.Load(content.Files, content.Options{})
	if err != nil {
		log.Printf("content problems:\n%v", err)
	}
	return c
})
