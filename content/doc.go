// Package content holds the corpus: the Markdown articles and the topic
// taxonomy embedded in the binary, and the code that parses, validates and
// renders them.
//
// Load is the single entry point. It parses every article's YAML front matter
// (with line numbers, so problems point at file:line), renders the body with
// goldmark (GFM tables and autolinks, heading IDs, numbered [^N] citations,
// raw HTML never passed through) and returns either a Corpus or every
// problem found, each as "file:line: message". Corpus.Warnings lists what
// check reports without failing: reviews due within ReviewSoonDays days.
//
// Rendering is deterministic: the same files always give the same HTML, so
// the server's pre-rendered page and the page the wasm renders are identical.
//
// Load and everything it needs (goldmark, the YAML parser, the checker, the
// embedded Markdown in Files) build natively only (//go:build !wasm). The
// wasm gets the corpus as the data files Corpus.Bundle writes, which the
// site serves: it decodes the catalog and the texts list with ReadBundle,
// and reads an article's own file when it needs its text (Corpus.Text).
//
// NewIndex builds the offline full-text search over a loaded corpus, which
// Bundle writes as data files too (shard.go): the wasm's index
// (Corpus.Index) reads those a query needs. Synthetic (native builds only)
// makes large made-up corpora for benchmarks.
package content
