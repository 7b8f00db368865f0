//go:build !wasm

package main

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "nextsteps/app"
	"nextsteps/content"
)

// workerTemplate is our service worker (see worker.js for why it replaces
// go-app's default).
//
//go:embed worker.js
var workerTemplate string

// Colours shared by the manifest and the theme-color meta tag; they match
// the icon's background.
const (
	themeColor      = "#0f5e63"
	backgroundColor = "#0f5e63"
)

// goappFiles are the files go-app generates and serves itself.
var goappFiles = []string{"/app.css", "/app.js", "/app-worker.js", "/manifest.webmanifest", "/wasm_exec.js"}

// file is one asset of the site, held in memory.
type file struct {
	body  []byte
	ctype string
}

// site is everything the reader is made of, assembled once: the corpus, the
// go-app handler that pre-renders pages, and every asset (go-app's generated
// files and the web folder, app.wasm included). serve answers from it and
// build writes it out, so both deliver the same bytes.
type site struct {
	corpus  *content.Corpus
	handler *app.Handler
	assets  map[string]file // by URL path, from the site's root (see base)
	version string
	// base is the path the site is hosted under, such as "/next-steps" for
	// https://example.org/next-steps/, or "" at a domain root. The site's
	// own URLs (pages, assets, the keys above) are from its root; go-app
	// writes them under base in every page and script (Resources).
	base string
	// headers go into every page's head after the site's own.
	headers []string
	// data are the corpus's data files, until complete has cut the
	// offline pages' parts, which point into them.
	data []content.DataFile
	// articles composes the article pages from the parts (page).
	articles articlePages
}

// embeddedCorpora are the articles embedded in this program, loaded once
// per base (the links in their bodies depend on it): go-app's routes are
// one table per process, so the corpus that ui.Route hands to the pages is
// one per process too, and every site this process builds (the tests build
// several) shares it.
var embeddedCorpora sync.Map // base → func() (*content.Corpus, error)

func embeddedCorpus(base string) (*content.Corpus, error) {
	load, _ := embeddedCorpora.LoadOrStore(base, sync.OnceValues(func() (*content.Corpus, error) {
		c, err := content.Load(content.Files, content.Options{Base: base})
		if err != nil {
			return nil, fmt.Errorf("content has problems (run `nextsteps check`):\n%w", err)
		}
		return c, nil
	}))
	return load.(func() (*content.Corpus, error))()
}

// newSite loads the embedded corpus and the web folder and prepares the
// handler, for a site hosted under base ("" or "/" for a domain root; see
// cleanBase). webDir must hold app.wasm (built by `make wasm`, for the
// same base).
func newSite(webDir, base string) (*site, error) {
	base, err := cleanBase(base)
	if err != nil {
		return nil, err
	}
	c, err := embeddedCorpus(base)
	if err != nil {
		return nil, err
	}
	return newSiteOf(c, webDir, base)
}

// newSiteOf is newSite for the corpus c, which it hands to the app's routes
// as well as keeping it. A process serves one corpus: ui.Route refuses a
// second one. c must have been loaded for base (content.Options.Base).
func newSiteOf(c *content.Corpus, webDir, base string) (*site, error) {
	s, err := assemble(c, content.Files, webDir, base)
	if err != nil {
		return nil, err
	}
	if err := ui.Route(c); err != nil {
		return nil, err
	}
	if err := s.complete(); err != nil {
		return nil, err
	}
	return s, nil
}

// assemble gathers the site for the corpus c, loaded from the article
// sources in src: its files and its version. What is rendered from its
// pages needs the routes to serve c: newSiteOf routes it, and a live
// server (live.go) reroutes to it when it goes live, then completes it
// (complete). headers go into every page's head after the site's own.
func assemble(c *content.Corpus, src fs.FS, webDir, base string, headers ...string) (*site, error) {
	if c.Base != base {
		return nil, fmt.Errorf("the corpus was rendered for the base %q, not %q", c.Base, base)
	}
	web, data, err := webFiles(webDir, c)
	if err != nil {
		return nil, err
	}
	if _, ok := web["/web/app.wasm"]; !ok {
		return nil, fmt.Errorf("%s: app.wasm is missing: build it first with `make wasm`", filepath.Join(webDir, "app.wasm"))
	}

	program, err := thisProgram()
	if err != nil {
		return nil, err
	}
	v, err := version(web, src, program, base, headers)
	if err != nil {
		return nil, err
	}
	return &site{corpus: c, assets: web, data: data, version: v, base: base, headers: headers}, nil
}

// complete renders what depends on the pages: the offline pages' shell
// and parts (pages.go), and go-app's own files, the service worker among
// them, which lists the parts. The routes must serve s.corpus: the pages
// are go-app's, built by the routes (ui.Route).
func (s *site) complete() error {
	// The parts are cut from the rendered pages, and the worker's list of
	// what to store (go-app writes it when a handler first serves) names
	// them: so a first handler renders the pages, and the site's own, the
	// same but for that list, is made after. The pages do not hold the
	// list.
	s.handler = s.newHandler(nil)
	pages, articles, err := offlinePages(s.corpus, s.data, s.renderPage)
	if err != nil {
		return err
	}
	s.articles = articles
	for _, f := range pages {
		s.assets[f.Path] = file{body: f.Bytes, ctype: contentType(f.Path)}
	}
	s.data = nil // read: no longer needed
	s.handler = s.newHandler(s.precache())

	for _, p := range goappFiles {
		rec := s.render(p)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("go-app did not generate %s: status %d", p, rec.Code)
		}
		s.assets[p] = file{body: rec.Body.Bytes(), ctype: contentType(p)}
	}
	js, err := deferStart(s.assets["/app.js"].body)
	if err != nil {
		return err
	}
	s.assets["/app.js"] = file{body: js, ctype: contentType("/app.js")}
	m, err := completeManifest(s.assets["/manifest.webmanifest"].body, s.base)
	if err != nil {
		return err
	}
	s.assets["/manifest.webmanifest"] = file{body: m, ctype: "application/manifest+json"}
	return nil
}

// newHandler is the go-app handler that renders the site's pages and
// writes go-app's files, with precache the worker's list of what to store.
func (s *site) newHandler(precache []string) *app.Handler {
	h := &app.Handler{
		Name:            ui.Name,
		ShortName:       ui.Name,
		Title:           ui.Name,
		Description:     "Plain-language, evidence-based articles on treatment-resistant depression, readable offline.",
		Lang:            "en",
		Author:          ui.Name,
		BackgroundColor: backgroundColor,
		ThemeColor:      themeColor,
		LoadingLabel:    "Starting the app… {progress}%",
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/icon-maskable-512.png",
			// Drawn edge to edge: iOS crops nothing, so the maskable
			// icon's safe zone would show as a border on the home screen.
			AppleTouch: "/web/icons/apple-touch-icon.png",
			// No SVG: Chromium builds a document on the page's thread for
			// every SVG it draws as an image, the favicon and the
			// manifest's icon included, each a task of 50-100 ms on a
			// phone-speed CPU while the page loads. The PNGs are drawn
			// from bytes, off that thread (TestNoImageDocumentsAtLoad).
		},
		Styles: []string{"/web/app.css"},
		// Raw, so go-app does not resolve them: written under base here.
		RawHeaders: append([]string{
			// Blocking, so they run before the deferred app.js starts the
			// wasm; the first is a few hundred bytes, fetched beside the
			// second.
			`<script src="` + s.base + corpusScriptPath + `"></script>`,
			`<script src="` + s.base + bootPath + `"></script>`,
		}, s.headers...),
		CacheableResources:    precache,
		Version:               s.version,
		ServiceWorkerTemplate: workerTemplate,
		WasmContentLength:     fmt.Sprint(len(s.assets["/web/app.wasm"].body)),
	}
	if s.base != "" {
		// Every URL in the pages and scripts go-app writes, links included,
		// gets the prefix (with our edits to go-app: cmd/trimgoapp).
		h.Resources = app.PrefixedLocation(s.base)
	}
	return h
}

// cleanBase checks the path a site is hosted under and writes it as the
// site uses it: "/next-steps" (a leading slash, none at the end), or "" for
// a domain root ("" or "/").
func cleanBase(base string) (string, error) {
	b := strings.TrimRight(base, "/")
	if b == "" {
		return "", nil
	}
	u, err := url.Parse(b)
	switch {
	case err != nil || u.Scheme != "" || u.Host != "" || u.RawQuery != "" || u.Fragment != "" || u.Path != b:
		return "", fmt.Errorf("-base %q: give the path the site is served from, such as /next-steps (no host, query or escapes)", base)
	case !strings.HasPrefix(b, "/"):
		return "", fmt.Errorf("-base %q: the path must start with /, as in /next-steps", base)
	case path.Clean(b) != b || strings.ContainsAny(b, ` "'<>\\`):
		return "", fmt.Errorf("-base %q: not a clean path (no //, ., .., spaces or quotes): use something like /next-steps", base)
	}
	return b, nil
}

// goappStart is the line of go-app's app.js that starts the wasm as soon as
// the page loads.
const goappStart = "\ngoappInitWebAssembly();\n"

// deferStart makes app.js hand go-app's start function to cmd/nextsteps/boot.js, which
// calls it only when the page needs the app (see part 6 there): reading a
// pre-rendered page never waits on the wasm's long start-up. Should boot.js
// be missing, the app starts at once as before. It fails if go-app's app.js
// no longer has the line, so an upgrade cannot silently undo this.
func deferStart(appJS []byte) ([]byte, error) {
	if bytes.Count(appJS, []byte(goappStart)) != 1 {
		return nil, fmt.Errorf("go-app's app.js changed: cannot find %q to defer the wasm start", strings.TrimSpace(goappStart))
	}
	return bytes.Replace(appJS, []byte(goappStart),
		[]byte("\n(window.nextstepsStartWhenNeeded || ((start) => start()))(goappInitWebAssembly);\n"), 1), nil
}

// webFiles is every file the site serves besides its pages and go-app's
// own: the web folder's, boot.js made from its template, the warm-up
// worker's script (warm.js), and the corpus as
// the data files the app reads (content.Corpus.Bundle): the catalog and the
// texts list, which corpus.js names for boot.js, and one file per article
// and the search index's, which the texts list names.
// The version is taken over them, so their bytes are in it like every
// other file's.
func webFiles(dir string, c *content.Corpus) (map[string]file, []content.DataFile, error) {
	web, err := readWeb(dir)
	if err != nil {
		return nil, nil, err
	}
	data, err := c.Bundle()
	if err != nil {
		return nil, nil, err
	}
	for _, f := range data {
		web[f.Path] = file{body: f.Bytes, ctype: content.CorpusType}
	}
	boot, err := bootJS(c)
	if err != nil {
		return nil, nil, err
	}
	web[bootPath] = file{body: boot, ctype: contentType(bootPath)}
	names, err := corpusJS(data)
	if err != nil {
		return nil, nil, err
	}
	web[corpusScriptPath] = file{body: names, ctype: contentType(corpusScriptPath)}
	web[ui.WarmScriptPath] = file{body: []byte(warmJS), ctype: contentType(ui.WarmScriptPath)}
	return web, data, nil
}

// readWeb reads every file of the web folder, keyed by its URL (/web/...).
// Compressed copies (.br, .gz) left by a previous build are skipped.
func readWeb(dir string) (map[string]file, error) {
	out := map[string]file{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		u := "/web/" + filepath.ToSlash(rel)
		out[u] = file{body: body, ctype: contentType(u)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading web folder: %w", err)
	}
	return out, nil
}

// version is a short hash of every byte that the served files come from:
// the web folder's assets (with the boot.js made from Go), the article
// sources in src, any extra page headers, and this program itself,
// which holds the Go code that renders every page and go-app's generated
// files (app.js, the worker, the manifest). The same inputs always give the
// same version, and any change gives a new one, which is what makes
// installed copies update: a change to the server alone does too. It never
// uses the clock.
func version(web map[string]file, src fs.FS, program []byte, base string, headers []string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "base %q\nheaders %q\n", base, headers)
	paths := make([]string, 0, len(web))
	for p := range web {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "%s %d\n", p, len(web[p].body))
		h.Write(web[p].body)
	}
	names, err := content.SourceFiles(src)
	if err != nil {
		return "", fmt.Errorf("listing the article sources for the version: %w", err)
	}
	for _, p := range names {
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return "", fmt.Errorf("reading the article sources for the version: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", p, len(b))
		h.Write(b)
	}
	fmt.Fprintf(h, "program %d\n", len(program))
	h.Write(program)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// thisProgram is the running executable's bytes, for the version. They
// are read once per process: a live server (live.go) assembles a site on
// every edit, and the program does not change while it runs.
var thisProgram = sync.OnceValues(func() ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program for the version: %w", err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		return nil, fmt.Errorf("reading this program for the version: %w", err)
	}
	return b, nil
})

// pages is every pre-rendered page: each route and the not-found page.
func (s *site) pages() []string {
	return append(s.corpus.Paths(), content.NotFoundPath)
}

// precache is every URL the service worker stores at install, besides
// go-app's own files (which it adds itself): every page but the articles'
// (which it composes from the page shell and their parts: pages.go), and
// every asset: the web folder's files, the data files, the shell and the
// parts.
func (s *site) precache() []string {
	pages := slices.DeleteFunc(s.pages(), func(p string) bool {
		_, article := content.ArticleSlug(p)
		return article
	})
	assets := make([]string, 0, len(s.assets))
	for p := range s.assets {
		assets = append(assets, p)
	}
	sort.Strings(assets)
	return append(pages, assets...)
}

// render runs one request through the go-app handler.
func (s *site) render(target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// renderPage is the page at target, which must render.
func (s *site) renderPage(target string) ([]byte, error) {
	rec := s.render(target)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("rendering %s: status %d", target, rec.Code)
	}
	return rec.Body.Bytes(), nil
}

// completeManifest adds what go-app's manifest lacks: a stable id, the
// language, and the scope and start URL spelled out: the site's root, which
// is base + "/" (the service worker's scope; go-app writes "/" whatever the
// base).
func completeManifest(raw []byte, base string) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("manifest.webmanifest from go-app: %w", err)
	}
	m["id"] = base + "/"
	m["lang"] = "en"
	m["scope"] = base + "/"
	m["start_url"] = base + "/"
	m["display"] = "standalone"
	m["orientation"] = "any"
	m["categories"] = []string{"health", "medical", "books"}
	// go-app sends an empty purpose for ordinary icons; "any" is the valid value.
	if icons, ok := m["icons"].([]any); ok {
		for _, ic := range icons {
			if icon, ok := ic.(map[string]any); ok && icon["purpose"] == "" {
				icon["purpose"] = "any"
			}
		}
	}
	return json.MarshalIndent(m, "", "  ")
}

// contentType is the MIME type for a URL path.
func contentType(p string) string {
	switch path.Ext(p) {
	case ".webmanifest":
		return "application/manifest+json"
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".html":
		return "text/html; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}
