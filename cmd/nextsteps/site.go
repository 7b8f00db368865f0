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
	"os"
	"path"
	"path/filepath"
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
	assets  map[string]file // by URL path
	version string
}

// embeddedCorpus is the articles embedded in this program, loaded once:
// go-app's routes are one table per process, so the corpus that ui.Route
// hands to the pages is one per process too, and every site this process
// builds (the tests build several) shares it.
var embeddedCorpus = sync.OnceValues(func() (*content.Corpus, error) {
	c, err := content.Load(content.Files, content.Options{})
	if err != nil {
		return nil, fmt.Errorf("content has problems (run `nextsteps check`):\n%w", err)
	}
	return c, nil
})

// newSite loads the embedded corpus and the web folder and prepares the
// handler. webDir must hold app.wasm (built by `make wasm`).
func newSite(webDir string) (*site, error) {
	c, err := embeddedCorpus()
	if err != nil {
		return nil, err
	}
	return newSiteOf(c, webDir)
}

// newSiteOf is newSite for the corpus c, which it hands to the app's routes
// as well as keeping it. A process serves one corpus: ui.Route refuses a
// second one.
func newSiteOf(c *content.Corpus, webDir string) (*site, error) {
	if err := ui.Route(c); err != nil {
		return nil, err
	}
	web, err := webFiles(webDir)
	if err != nil {
		return nil, err
	}
	wasm, ok := web["/web/app.wasm"]
	if !ok {
		return nil, fmt.Errorf("%s: app.wasm is missing: build it first with `make wasm`", filepath.Join(webDir, "app.wasm"))
	}

	program, err := thisProgram()
	if err != nil {
		return nil, err
	}
	s := &site{corpus: c, assets: web, version: version(web, program)}
	s.handler = &app.Handler{
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
			SVG:      "/web/icons/icon.svg",
		},
		Styles: []string{"/web/app.css"},
		RawHeaders: []string{
			`<link rel="apple-touch-icon" href="/web/icons/apple-touch-icon.png">`,
			// Blocking, so it runs before the deferred app.js starts the wasm.
			`<script src="` + bootPath + `"></script>`,
		},
		CacheableResources:    s.precache(),
		Version:               s.version,
		ServiceWorkerTemplate: workerTemplate,
		WasmContentLength:     fmt.Sprint(len(wasm.body)),
	}

	for _, p := range goappFiles {
		rec := s.render(p)
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("go-app did not generate %s: status %d", p, rec.Code)
		}
		s.assets[p] = file{body: rec.Body.Bytes(), ctype: contentType(p)}
	}
	js, err := deferStart(s.assets["/app.js"].body)
	if err != nil {
		return nil, err
	}
	s.assets["/app.js"] = file{body: js, ctype: contentType("/app.js")}
	m, err := completeManifest(s.assets["/manifest.webmanifest"].body)
	if err != nil {
		return nil, err
	}
	s.assets["/manifest.webmanifest"] = file{body: m, ctype: "application/manifest+json"}
	return s, nil
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

// webFiles is every file served under /web/: the web folder's and boot.js,
// made from its template. The version is taken over them, so boot.js's
// bytes are in it like every other file's.
func webFiles(dir string) (map[string]file, error) {
	web, err := readWeb(dir)
	if err != nil {
		return nil, err
	}
	boot, err := bootJS()
	if err != nil {
		return nil, err
	}
	web[bootPath] = file{body: boot, ctype: contentType(bootPath)}
	return web, nil
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
// the web folder's assets (with the boot.js made from Go), the article sources, and this program itself,
// which holds the Go code that renders every page and go-app's generated
// files (app.js, the worker, the manifest). The same inputs always give the
// same version, and any change gives a new one, which is what makes
// installed copies update: a change to the server alone does too. It never
// uses the clock.
func version(web map[string]file, program []byte) string {
	h := sha256.New()
	paths := make([]string, 0, len(web))
	for p := range web {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "%s %d\n", p, len(web[p].body))
		h.Write(web[p].body)
	}
	fs.WalkDir(content.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := content.Files.ReadFile(p)
			fmt.Fprintf(h, "%s %d\n", p, len(b))
			h.Write(b)
		}
		return nil
	})
	fmt.Fprintf(h, "program %d\n", len(program))
	h.Write(program)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// thisProgram is the running executable's bytes, for the version.
func thisProgram() ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program for the version: %w", err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		return nil, fmt.Errorf("reading this program for the version: %w", err)
	}
	return b, nil
}

// pages is every pre-rendered page: each route and the not-found page.
func (s *site) pages() []string {
	return append(s.corpus.Paths(), content.NotFoundPath)
}

// precache is every URL the service worker stores at install, besides
// go-app's own files (which it adds itself): every page and every file of
// the web folder.
func (s *site) precache() []string {
	pages := s.pages()
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

// completeManifest adds what go-app's manifest lacks: a stable id, the
// language, and the scope and start URL spelled out.
func completeManifest(raw []byte) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("manifest.webmanifest from go-app: %w", err)
	}
	m["id"] = "/"
	m["lang"] = "en"
	m["scope"] = "/"
	m["start_url"] = "/"
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
