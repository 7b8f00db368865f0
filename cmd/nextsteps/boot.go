//go:build !wasm

package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	ui "nextsteps/app"
	"nextsteps/content"
)

// bootTemplate is the script that runs before the app (see boot.js). Like
// worker.js it is a template: the build fills in what it shares with the
// Go code, so the two cannot disagree.
//
//go:embed boot.js
var bootTemplate string

// bootPath is the script's address; newSite makes it from bootTemplate (a
// boot.js in the web folder would be replaced).
const bootPath = "/web/boot.js"

// bootConstants is the one place in bootTemplate that the build fills in.
const bootConstants = "{{.Constants}}"

// bootJS is boot.js with the app's constants (ui.BootConstants) for the
// corpus c written in as a JSON object, the same bytes every time. It
// fails if the template no longer has exactly one place for them.
func bootJS(c *content.Corpus) ([]byte, error) {
	if n := strings.Count(bootTemplate, bootConstants); n != 1 {
		return nil, fmt.Errorf("boot.js: %d places for %s, want 1", n, bootConstants)
	}
	b, err := json.Marshal(ui.BootConstants(c))
	if err != nil {
		return nil, fmt.Errorf("boot.js constants: %w", err)
	}
	return []byte(strings.Replace(bootTemplate, bootConstants, string(b), 1)), nil
}

// warmJS is the worker that runs the app's start while the reader reads
// (boot.js, part 11), served at ui.WarmScriptPath. It spells nothing the
// Go code knows: boot.js tells it what to load.
//
//go:embed warm.js
var warmJS string

// corpusScriptPath is the script that names the catalog and the texts
// list (the first two data files) for boot.js, in
// window[ui.CorpusFilesGlobal]: a few hundred bytes that change with each
// correction, while boot.js does not (see ui.CorpusFilesGlobal). Pages load
// it just before boot.js.
const corpusScriptPath = "/web/corpus.js"

// corpusJS is the script at corpusScriptPath for the data files data.
func corpusJS(data []content.DataFile) ([]byte, error) {
	if len(data) < 2 {
		return nil, fmt.Errorf("corpus.js: %d data files, want the catalog and the texts list first", len(data))
	}
	refs := make([]ui.DataRef, 2)
	for i, f := range data[:2] {
		refs[i] = ui.DataRef{Path: f.Path, Integrity: content.CorpusIntegrity(f.Bytes)}
	}
	b, err := json.Marshal(refs)
	if err != nil {
		return nil, fmt.Errorf("corpus.js: %w", err)
	}
	return []byte("// Next Steps: the data files boot.js reads first (cmd/nextsteps/boot.go).\nself." + ui.CorpusFilesGlobal + " = " + string(b) + ";\n"), nil
}
