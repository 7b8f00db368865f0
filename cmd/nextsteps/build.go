//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"nextsteps/content"
)

// fileFor maps a URL path to the file a static host serves for it:
// / → index.html, /articles/x → articles/x.html, /web/app.css → web/app.css.
// This is the layout GitHub Pages, Netlify, Cloudflare Pages and nginx with
// `try_files $uri $uri.html` all serve.
func fileFor(urlPath string) string {
	switch {
	case urlPath == "/":
		return "index.html"
	case filepath.Ext(urlPath) == "":
		return strings.TrimPrefix(urlPath, "/") + ".html"
	}
	return strings.TrimPrefix(urlPath, "/")
}

// writeSite writes the static site to out. It builds into a temporary
// folder beside out, verifies it, and only then swaps it into place: a
// failure never leaves a half-written site. It returns the number of files.
func writeSite(s *site, out string) (int, error) {
	out = filepath.Clean(out)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return 0, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".building-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed into place

	n := 0
	// write writes the file for urlPath and, for a type that gains from
	// it, its brotli and gzip copies beside it (index.html.br), which a
	// host that can send them (nginx's gzip_static) sends instead of
	// compressing each response itself, at a lower level.
	write := func(urlPath string, body []byte, compressed bool) error {
		name := filepath.Join(tmp, filepath.FromSlash(fileFor(urlPath)))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		files := map[string][]byte{name: body}
		if compressed {
			files[name+".br"], files[name+".gz"] = compress(body, buildBrotli), compress(body, gzipLevel)
		}
		for name, b := range files {
			if err := os.WriteFile(name, b, 0o644); err != nil {
				return err
			}
			n++
		}
		return nil
	}
	for _, p := range s.pages() {
		page, err := s.page(p)
		if err != nil {
			return 0, fmt.Errorf("build: page %w", err)
		}
		if err := write(p, page, true); err != nil {
			return 0, fmt.Errorf("build: %w", err)
		}
	}
	for p, f := range s.assets {
		if err := write(p, f.body, compressible(f.ctype)); err != nil {
			return 0, fmt.Errorf("build: %w", err)
		}
	}
	// Not a URL of the site: the host reads it (fileFor would add .html).
	if err := os.WriteFile(filepath.Join(tmp, "_headers"), staticHeaders(s.base), 0o644); err != nil {
		return 0, fmt.Errorf("build: %w", err)
	}
	n++
	if err := verifySite(s, tmp); err != nil {
		return 0, err
	}

	// Swap: move the old site aside, the new one in, then delete the old.
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return 0, fmt.Errorf("build: moving the previous site aside: %w", err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out) // put the previous site back
		}
		return 0, fmt.Errorf("build: moving the new site into place: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return n, nil
}

// staticHeaders is the static build's _headers file, in the format that
// Netlify and Cloudflare Pages read: the headers serve sends on every
// response (securityHeaders and the revalidate caching rule), and the
// content type of app.wasm, which browsers compile only when it is
// application/wasm. README gives the same for nginx (a test keeps the two
// in step). The paths are under base, where the site is served.
func staticHeaders(base string) []byte {
	var b bytes.Buffer
	b.WriteString(base + "/*\n")
	for _, k := range slices.Sorted(maps.Keys(securityHeaders)) {
		fmt.Fprintf(&b, "  %s: %s\n", k, securityHeaders[k])
	}
	fmt.Fprintf(&b, "  Cache-Control: %s\n", revalidate)
	b.WriteString(base + "/web/app.wasm\n  Content-Type: application/wasm\n")
	// The data files are named by their hash: cached for good. Netlify
	// takes the most specific rule's value; Cloudflare Pages joins both
	// values, and no-cache then wins, which costs a 304 and nothing worse
	// (its "! Cache-Control" detach line would make Netlify refuse the file).
	fmt.Fprintf(&b, "%s%s*\n  Cache-Control: %s\n", base, content.DataPrefix, immutable)
	return b.Bytes()
}

// verifySite checks the written site as a browser would need it: every URL
// the service worker precaches exists (one missing file would make install
// fail), and every page is a real page with its own heading, not a "404
// page not found" stand-in or our not-found page.
func verifySite(s *site, dir string) error {
	var problems []string
	urls, err := precachedURLs(s.assets["/app-worker.js"].body)
	if err != nil {
		return err
	}
	for _, u := range urls {
		// The worker lists URLs under base; the files are from the root.
		u, ok := strings.CutPrefix(u, s.base)
		if !ok || !strings.HasPrefix(u, "/") {
			problems = append(problems, fmt.Sprintf("precached %s: not under the base %q", s.base+u, s.base))
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, fileFor(u))); err != nil {
			problems = append(problems, fmt.Sprintf("precached %s: no file %s", u, fileFor(u)))
		}
	}
	for _, p := range s.pages() {
		body, err := os.ReadFile(filepath.Join(dir, fileFor(p)))
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("page %s: %v", p, err))
		case bytes.Contains(body, []byte("404 page not found")):
			problems = append(problems, fmt.Sprintf("page %s: is a 404 stand-in", p))
		case !bytes.Contains(body, []byte("<h1")):
			problems = append(problems, fmt.Sprintf("page %s: has no heading", p))
		case p != content.NotFoundPath && bytes.Contains(body, []byte(">Page not found</h1>")):
			problems = append(problems, fmt.Sprintf("page %s: rendered as not found", p))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("build: the site failed its own checks:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// precachedURLs reads the URL list out of a generated service worker.
func precachedURLs(worker []byte) ([]string, error) {
	const marker = "const resourcesToCache = "
	_, rest, ok := bytes.Cut(worker, []byte(marker))
	end := bytes.Index(rest, []byte(";\n"))
	if !ok || end < 0 {
		return nil, fmt.Errorf("build: app-worker.js has no precache list")
	}
	var urls []string
	if err := json.Unmarshal(rest[:end], &urls); err != nil {
		return nil, fmt.Errorf("build: app-worker.js precache list: %w", err)
	}
	return urls, nil
}
