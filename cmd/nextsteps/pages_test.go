//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ui "nextsteps/app"
	"nextsteps/content"
)

// TestOfflinePages: the worker stores the page shell and one part per
// article, and the shell and each part, read as the worker reads them,
// give back the page the server renders, byte for byte.
func TestOfflinePages(t *testing.T) {
	s := testSite(t)
	urls, err := precachedURLs(s.assets["/app-worker.js"].body)
	if err != nil {
		t.Fatal(err)
	}
	var shells, parts []string
	for _, u := range urls {
		switch {
		case strings.HasPrefix(u, content.DataPrefix+"shell-"):
			shells = append(shells, u)
		case strings.HasPrefix(u, pagesPrefix):
			parts = append(parts, u)
		}
	}
	if len(shells) != 1 || len(parts) != len(s.corpus.Articles) {
		t.Fatalf("the worker stores %d shells and %d parts, want 1 and %d", len(shells), len(parts), len(s.corpus.Articles))
	}
	var shell shellFile
	if err := json.Unmarshal(s.assets[shells[0]].body, &shell); err != nil {
		t.Fatal(err)
	}
	if len(shell.Pieces) < 3 || strings.Contains(strings.Join(shell.Pieces, ""), ui.ShellSlot) {
		t.Fatalf("the shell has %d pieces, its slot marker left in: %v", len(shell.Pieces), strings.Contains(strings.Join(shell.Pieces, ""), ui.ShellSlot))
	}
	for _, a := range s.corpus.Articles {
		var path string
		for _, u := range parts {
			if strings.HasPrefix(u, pagesPrefix+a.Slug+"-") && len(u) == len(pagesPrefix+a.Slug+"-0123456789abcdef.json") {
				path = u
			}
		}
		f, ok := s.assets[path]
		if !ok {
			t.Errorf("%s: no part stored (%q)", a.Slug, path)
			continue
		}
		if !strings.Contains(path, "-"+content.CorpusHash(f.body)+".") {
			t.Errorf("%s is not named by its bytes' hash", path)
		}
		var part pagePart
		if err := json.Unmarshal(f.body, &part); err != nil {
			t.Fatal(err)
		}
		text, ok := s.assets["/"+part.Text]
		if !ok || "/"+part.Shell != shells[0] {
			t.Fatalf("%s: names a data file (%s) or a shell (%s) the site does not have", path, part.Text, part.Shell)
		}
		page, err := composePage(shell.Pieces, part, text.body)
		if err != nil {
			t.Fatal(err)
		}
		rec := s.render(content.ArticlePath(a.Slug))
		if rec.Body.String() != string(page) {
			t.Errorf("%s: the composed page is not the page the server renders", a.Slug)
		}
		ranges := 0
		for _, slot := range part.Slots {
			for _, v := range slot {
				if _, ok := v.([]any); ok {
					ranges++
				}
			}
		}
		if ranges != 1 {
			t.Errorf("%s: the part takes %d ranges from the data file, want the body alone", a.Slug, ranges)
		}
	}
}

// TestCutPage: a page that does not fit the shell, or whose data file does
// not hold its body, is an error naming what is wrong, never a part that
// composes another page.
func TestCutPage(t *testing.T) {
	pieces := []string{"<title>", "</title><main>", "</main>"}
	text := content.DataFile{Path: "/data/articles/x-0123456789abcdef.txt", Bytes: []byte(`{"head":1}` + "\n<p>Body</p>rest"), Body: [2]int{11, 22}}
	for _, tc := range []struct {
		name, page, err string
	}{
		{"fits", "<title>X</title><main><h1>X</h1><p>Body</p><p>end</p></main>", ""},
		{"another start", "<!doctype html><title>X</title><main><p>Body</p></main>", "does not start as the page shell does"},
		{"a piece missing", "<title>X</title><div><p>Body</p></div>", `no "</title><main>" after slot 1`},
		{"another end", "<title>X</title><main><p>Body</p></main>\n", `no "</main>" after slot 2`},
		{"no body", "<title>X</title><main><p>Other</p></main>", "does not hold its body as /data/articles/x-0123456789abcdef.txt does"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			part, err := cutPage(pieces, []byte(tc.page), text)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := content.EncodeJSON(part)
			if err != nil {
				t.Fatal(err)
			}
			var read pagePart
			if err := json.Unmarshal(b, &read); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "Body") {
				t.Errorf("the part carries the body itself: %s", b)
			}
			got, err := composePage(pieces, read, text.Bytes)
			if err != nil || string(got) != tc.page {
				t.Errorf("composed %q (%v), want %q", got, err, tc.page)
			}
		})
	}
}

// TestComposePageRefuses: a part that does not match the shell or its data
// file composes nothing.
func TestComposePageRefuses(t *testing.T) {
	pieces := []string{"<title>", "</title>"}
	text := []byte("0123456789")
	for _, tc := range []struct {
		name, part, err string
	}{
		{"too few slots", `{"slots":[]}`, "the part has 0 slots, the shell 1"},
		{"range past the end", `{"slots":[[[2,11]]]}`, "is not a range"},
		{"backwards range", `{"slots":[[[5,2]]]}`, "is not a range"},
		{"a number", `{"slots":[[7]]}`, "neither text nor a range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var part pagePart
			if err := json.Unmarshal([]byte(tc.part), &part); err != nil {
				t.Fatal(err)
			}
			if _, err := composePage(pieces, part, text); err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("error %v, want one saying %q", err, tc.err)
			}
		})
	}
}

// TestArticlePagesComposed: the server and the static build send an
// article's page composed from the page shell and its part, rendered once
// when the site was put together, not rendered again: a part changed
// afterwards shows in both. Any other page is rendered.
func TestArticlePagesComposed(t *testing.T) {
	good := testSite(t)
	s := *good
	s.assets = maps.Clone(good.assets)
	a := s.corpus.Articles[0]
	path := s.articles.parts[a.Slug]
	title, _ := json.Marshal(a.Title)
	marked, _ := json.Marshal("Composed from its part")
	if !bytes.Contains(s.assets[path].body, title) {
		t.Fatalf("%s does not hold the title %s", path, title)
	}
	f := s.assets[path]
	f.body = bytes.ReplaceAll(f.body, title, marked)
	s.assets[path] = f

	const want = "Composed from its part"
	page := get(t, serverOf(&s, plain), "GET", content.ArticlePath(a.Slug), nil)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), want) {
		t.Errorf("serve: the article page (status %d) was not composed from its part", page.Code)
	}
	out := filepath.Join(t.TempDir(), "site")
	if _, err := writeSite(&s, out); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(fileFor(content.ArticlePath(a.Slug))))); err != nil || !strings.Contains(string(b), want) {
		t.Errorf("the static build: the article page was not composed from its part (%v)", err)
	}
	b, err := s.page(content.ArticlePath(a.Slug))
	if err != nil || !strings.Contains(string(b), want) {
		t.Errorf("site.page: the article page was not composed from its part (%v)", err)
	}
	if b, err := s.page(content.HelpPath); err != nil || !strings.Contains(string(b), "Get help now") {
		t.Errorf("site.page: help is not rendered (%v)", err)
	}
}
