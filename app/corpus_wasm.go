//go:build wasm

package app

import (
	_ "embed"
	"log"
	"sync"

	"nextsteps/content"
)

// bundle is the corpus, parsed, checked and rendered at build time by
// `nextsteps bundle -out app/corpus.bundle.json` (make wasm runs it first).
// Reading it keeps goldmark, the YAML parser and the checker out of the
// wasm, and Markdown parsing out of its start-up.
//
//go:embed corpus.bundle.json
var bundle []byte

// Corpus returns the embedded articles and topics, decoded once from the
// bundle (natively, corpus_native.go parses the same files). A bundle that
// cannot be read only gets logged: the app then shows no articles rather
// than failing to start.
var Corpus = sync.OnceValue(func() *content.Corpus {
	c, err := content.ReadBundle(bundle)
	if err != nil {
		log.Printf("content problems:\n%v", err)
		return &content.Corpus{}
	}
	return c
})
