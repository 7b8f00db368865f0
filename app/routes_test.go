//go:build !wasm

package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRoutesDefinedOnce: the app's code spells no page address itself (they
// are content's: HomePath, ArticlePath, ...) and reads the current page's
// path only through pagePath, so a change of either has one place to go.
// It reads the package's source, so it fails as soon as someone writes
// Href("/help") or u.Path again.
func TestRoutesDefinedOnce(t *testing.T) {
	literal := regexp.MustCompile(`"/(articles|topics|for|help|about|saved|404)\b|Href\("/"\)|Action\("/"\)|Route\("/`)
	readsPath := regexp.MustCompile(`\.URL\(\)\.Path\b|\bu\.Path\b|location\.pathname`)
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			if m := literal.FindString(line); m != "" {
				t.Errorf("%s:%d: the address %s is spelled out: use content's paths", f, i+1, m)
			}
			if m := readsPath.FindString(line); m != "" && f != "routes.go" {
				t.Errorf("%s:%d: %s reads the page's path: use pagePath", f, i+1, m)
			}
		}
	}
}
