//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	ui "nextsteps/app"
	"nextsteps/content"
)

// TestBootConstantsFromGo: the boot.js the site serves (and the static
// build writes) carries the app's constants, and its template spells none
// of them itself: hard-coding a storage key, an address, an id, a list key,
// a data-pending value or a reading threshold back into boot.js fails here.
func TestBootConstantsFromGo(t *testing.T) {
	data, err := testSite(t).corpus.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	consts := ui.BootConstants(testSite(t).corpus)
	want, err := json.Marshal(consts)
	if err != nil {
		t.Fatal(err)
	}
	served := testSite(t).assets[bootPath].body
	if !bytes.Contains(served, []byte("const NS = "+string(want)+";\n")) {
		t.Fatalf("the served boot.js lacks the constants %s", want)
	}
	if fresh, err := bootJS(testSite(t).corpus); err != nil || !bytes.Equal(fresh, served) {
		t.Errorf("boot.js is not the same bytes each time it is made (%v)", err)
	}
	// corpus.js names the catalog and the texts list, with their
	// integrity, and nothing else.
	refs := []ui.DataRef{
		{Path: content.CorpusPath(data[0].Bytes), Integrity: content.CorpusIntegrity(data[0].Bytes)},
		{Path: content.TextsPath(data[1].Bytes), Integrity: content.CorpusIntegrity(data[1].Bytes)},
	}
	names, _ := json.Marshal(refs)
	script := testSite(t).assets[corpusScriptPath].body
	if !bytes.HasSuffix(script, []byte("\nself."+ui.CorpusFilesGlobal+" = "+string(names)+";\n")) {
		t.Errorf("corpus.js is %q, want it to name %s", script, names)
	}
	for _, f := range refs {
		if _, ok := testSite(t).assets[f.Path]; !ok {
			t.Errorf("corpus.js names the data file %s, which the site does not serve", f.Path)
		}
	}

	// Every string and every number that is not a small count, as boot.js
	// could spell it, must be absent from the template's code (comments
	// may name them).
	var code strings.Builder
	comment := regexp.MustCompile(`(^|\s)//.*$`)
	for _, line := range strings.Split(bootTemplate, "\n") {
		code.WriteString(comment.ReplaceAllString(line, "") + "\n")
	}
	var values map[string]any
	if err := json.Unmarshal(want, &values); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(path+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		case string:
			for _, q := range []string{`"`, `'`, "`"} {
				if strings.Contains(code.String(), q+v+q) {
					t.Errorf("boot.js spells NS%s (%s%s%s) itself", path, q, v, q)
				}
			}
			// An address in a regular expression: /^\/articles\//.
			if len(v) > 1 && strings.HasPrefix(v, "/") && strings.Contains(code.String(), strings.ReplaceAll(v, "/", `\/`)) {
				t.Errorf("boot.js spells the address NS%s (%s) in a pattern", path, v)
			}
		case float64:
			if s := fmt.Sprint(v); len(s) >= 3 && regexp.MustCompile(`\b`+regexp.QuoteMeta(s)+`\b`).MatchString(code.String()) {
				t.Errorf("boot.js spells NS%s (%s) itself", path, s)
			}
		}
	}
	walk("", values)
}
