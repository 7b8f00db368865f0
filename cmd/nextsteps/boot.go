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
// corpus c, whose data files the site serves (of which boot.js names the
// first two, the catalog and the texts list), written in as a JSON object,
// the same bytes every time. It fails if the template no longer has
// exactly one place for them.
func bootJS(c *content.Corpus, data []content.DataFile) ([]byte, error) {
	if n := strings.Count(bootTemplate, bootConstants); n != 1 {
		return nil, fmt.Errorf("boot.js: %d places for %s, want 1", n, bootConstants)
	}
	consts := ui.BootConstants(c)
	for _, f := range data[:2] {
		consts.Corpus.Files = append(consts.Corpus.Files, ui.DataRef{Path: f.Path, Integrity: content.CorpusIntegrity(f.Bytes)})
	}
	b, err := json.Marshal(consts)
	if err != nil {
		return nil, fmt.Errorf("boot.js constants: %w", err)
	}
	return []byte(strings.Replace(bootTemplate, bootConstants, string(b), 1)), nil
}
