//go:build !wasm

package app

import (
	htmlesc "html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
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

// TestReroute: the routes serve one corpus; another is refused, except
// from Reroute by the holder of the one routed, and the pages built after
// it (here pre-rendered by go-app's handler) show the new one.
func TestReroute(t *testing.T) {
	first := realCorpus(t)
	fsys, err := content.Synthetic(40) // enough for every topic to have an article
	if err != nil {
		t.Fatal(err)
	}
	next, err := content.Load(fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := &app.Handler{Name: Name}
	page := func(c *content.Corpus) string {
		t.Helper()
		a := c.Articles[len(c.Articles)-1]
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, content.ArticlePath(a.Slug), nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", a.Slug, rec.Code)
		}
		return rec.Body.String()
	}
	for _, tc := range []struct {
		name string
		do   func() error
		ok   bool
	}{
		{"route a corpus", func() error { return Route(first) }, true},
		{"route it again", func() error { return Route(first) }, true},
		{"route another", func() error { return Route(next) }, false},
		{"reroute from one not routed", func() error { return Reroute(next, first) }, false},
		{"reroute from nothing", func() error { return Reroute(nil, next) }, false},
		{"reroute to nothing", func() error { return Reroute(first, nil) }, false},
	} {
		if err := tc.do(); (err == nil) != tc.ok {
			t.Errorf("%s: error %v, want success %v", tc.name, err, tc.ok)
		}
	}
	title := next.Articles[len(next.Articles)-1].Title
	if strings.Contains(page(first), htmlesc.EscapeString(title)) {
		t.Fatalf("the first corpus's page has the next one's title %q: nothing below can fail", title)
	}
	if err := Reroute(first, next); err != nil {
		t.Fatal(err)
	}
	if p := page(next); !strings.Contains(p, htmlesc.EscapeString(title)) {
		t.Errorf("after Reroute, the page does not show the new corpus's article %q", title)
	}
	if err := Route(next); err != nil {
		t.Errorf("Route with the corpus now routed: %v", err)
	}
}

// TestUnder: a page under a prefix is one path segment after it.
func TestUnder(t *testing.T) {
	articles := under(content.ArticlesPrefix)
	for path, want := range map[string]bool{
		content.ArticlePath("ect"):                      true,
		content.ArticlesPrefix + "a b%20c":              true,
		content.ArticlesPrefix:                          false,
		strings.TrimSuffix(content.ArticlesPrefix, "/"): false,
		content.ArticlePath("ect") + "/":                false,
		content.ArticlePath("ect") + "/more":            false,
		content.TopicsPrefix + "ect":                    false,
		"/x" + content.ArticlePath("ect"):               false,
	} {
		if got := articles(path); got != want {
			t.Errorf("under(%q)(%q) = %v, want %v", content.ArticlesPrefix, path, got, want)
		}
	}
}
