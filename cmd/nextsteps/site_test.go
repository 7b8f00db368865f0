//go:build !wasm

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"image/png"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
	"go.yaml.in/yaml/v3"
	xhtml "golang.org/x/net/html"

	ui "nextsteps/app"
	"nextsteps/content"
)

func get(t *testing.T, h http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func testServer(t *testing.T) *server {
	t.Helper()
	srv, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func TestServerPages(t *testing.T) {
	srv := testServer(t)
	for _, p := range testSite(t).pages() {
		rec := get(t, srv, "GET", p, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", p, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: content type %q", p, ct)
		}
		for k, v := range securityHeaders {
			if rec.Header().Get(k) != v {
				t.Errorf("%s: header %s = %q", p, k, rec.Header().Get(k))
			}
		}
		if !strings.Contains(rec.Body.String(), "<h1") || !strings.Contains(rec.Body.String(), `href="/help"`) {
			t.Errorf("%s: no heading or crisis link", p)
		}
	}
	csp := securityHeaders["Content-Security-Policy"]
	// manifest-src: WebKit logs an error for it on every page (default-src covers the manifest).
	if strings.Contains(csp, "'unsafe-eval'") || !strings.Contains(csp, "'wasm-unsafe-eval'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "manifest-src") {
		t.Errorf("CSP: %s", csp)
	}
}

// nodeAttr is n's attribute key, or "".
func nodeAttr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestServerFilterPrerendered(t *testing.T) {
	srv := testServer(t)
	body := get(t, srv, "GET", "/?topic=ect", nil).Body.String()
	// The chips as a browser reads them, whatever order their attributes
	// are written in: ECT checked (and a link back to "/"), every other
	// chip not.
	doc, err := xhtml.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	c := testSite(t).corpus
	chips := 0
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode || n.Data != "a" || nodeAttr(n, "class") != "chip" {
			continue
		}
		chips++
		id := nodeAttr(n, "id")
		want := fmt.Sprint(id == "chip-ect" || id == "chip-for-all")
		if got := nodeAttr(n, "aria-checked"); got != want || nodeAttr(n, "role") != "checkbox" {
			t.Errorf("/?topic=ect: %s has role %q, aria-checked %q, want checkbox, %s", id, nodeAttr(n, "role"), got, want)
		}
		if id == "chip-ect" && nodeAttr(n, "href") != "/" {
			t.Errorf("the checked ECT chip links to %q, want / (unchecking it)", nodeAttr(n, "href"))
		}
	}
	if want := 2 + len(c.Topics) + len(c.For); chips != want {
		t.Errorf("/?topic=ect pre-renders %d chips, want %d", chips, want)
	}
	if got, want := strings.Count(body, `class="card"`), len(c.Filter([]string{"ect"})); got != want {
		t.Errorf("/?topic=ect pre-renders %d cards, want %d", got, want)
	}
}

// TestForGroupPages: every published "Who it's for" entry has its page,
// routed and pre-rendered with its heading, description and cards, and
// precached by the service worker; a draft entry has none. The home page
// arrives filtered by ?for=, with the chip checked.
func TestForGroupPages(t *testing.T) {
	s := testSite(t)
	srv := testServer(t)
	c := s.corpus
	if len(c.For) == 0 {
		t.Fatal("no published \"Who it's for\" entry")
	}
	worker := s.assets["/app-worker.js"].body
	precached, err := precachedURLs(worker)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.For {
		p := "/for/" + e.ID
		rec := get(t, srv, "GET", p, nil)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, ">"+html.EscapeString(e.Label)+"</h1>") || !strings.Contains(body, html.EscapeString(e.Description)) {
			t.Errorf("%s: status %d, or no heading %q and description", p, rec.Code, e.Label)
		}
		list := c.FilterBy(nil, []string{e.ID})
		if got := strings.Count(body, `class="card"`); got != len(list) || got == 0 {
			t.Errorf("%s: %d cards, want %d (at least one)", p, got, len(list))
		}
		for _, a := range list {
			if !strings.Contains(body, `href="/articles/`+a.Slug+`"`) {
				t.Errorf("%s: no card for %s", p, a.Slug)
			}
		}
		if !slices.Contains(s.pages(), p) || !slices.Contains(precached, p) {
			t.Errorf("%s is not a page of the static build or not precached", p)
		}
	}
	// Drafts, read from the taxonomy itself: no page, no precache.
	src, err := content.Files.ReadFile("topics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var taxonomy []content.Topic
	if err := yaml.Unmarshal(src, &taxonomy); err != nil {
		t.Fatal(err)
	}
	for _, e := range taxonomy {
		if e.Group != content.ForGroup || !e.Draft {
			continue
		}
		p := "/for/" + e.ID
		if rec := get(t, srv, "GET", p, nil); rec.Code != http.StatusNotFound || slices.Contains(precached, p) || slices.Contains(s.pages(), p) {
			t.Errorf("draft %s: status %d, or precached or built", p, rec.Code)
		}
		if body := get(t, srv, "GET", "/", nil).Body.String(); strings.Contains(body, `id="chip-`+e.ID+`"`) {
			t.Errorf("draft %s has a chip on the home page", e.ID)
		}
	}
	if rec := get(t, srv, "GET", "/for/nope", nil); rec.Code != http.StatusNotFound {
		t.Errorf("/for/nope: status %d", rec.Code)
	}

	// The home page pre-rendered for ?for=, alone and with a topic.
	e := c.For[0]
	a := c.FilterBy(nil, []string{e.ID})[0]
	for _, target := range []string{"/?for=" + e.ID, "/?topic=" + a.Topics[0] + "&for=" + e.ID} {
		u, _ := url.Parse(target)
		body := get(t, srv, "GET", target, nil).Body.String()
		if tag := regexp.MustCompile(`<a [^>]*id="chip-` + e.ID + `"[^>]*>`).FindString(body); !strings.Contains(tag, `aria-checked="true"`) || !strings.Contains(tag, `role="checkbox"`) {
			t.Errorf("%s: the chip is not pre-rendered as checked: %q", target, tag)
		}
		if got, want := strings.Count(body, `class="card"`), len(c.FilterBy(u.Query()["topic"], []string{e.ID})); got != want {
			t.Errorf("%s pre-renders %d cards, want %d", target, got, want)
		}
		if !strings.Contains(body, ", for "+html.EscapeString(e.Label)+".") && !strings.Contains(body, " for "+html.EscapeString(e.Label)+".") {
			t.Errorf("%s: the result sentence does not name %q", target, e.Label)
		}
	}
}

func TestServerNotFoundAndMethods(t *testing.T) {
	srv := testServer(t)
	// The page shell (pages.go) is the server's own: not a page for readers.
	for _, p := range []string{"/nope", "/articles/nope", "/topics/nope", "/web/nope.png", "/articles/", ui.ShellPath} {
		rec := get(t, srv, "GET", p, nil)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Page not found") || !strings.Contains(rec.Body.String(), `href="/"`) {
			t.Errorf("%s: status %d, want the 404 page", p, rec.Code)
		}
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		rec := get(t, srv, m, "/", nil)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d", m, rec.Code)
		}
	}
	if rec := get(t, srv, "HEAD", "/web/app.wasm", nil); rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

// TestServerPathTraversal: assets come from memory, so no spelling of ".."
// can reach a file outside the site.
func TestServerPathTraversal(t *testing.T) {
	srv := testServer(t)
	for _, p := range []string{
		"/web/../go.mod", "/web/..%2fgo.mod", "/web/%2e%2e/go.mod", "/web/%252e%252e/go.mod",
		"/web/..%5cgo.mod", "/..%2f..%2fetc%2fpasswd", "/web/..\\go.mod", "/%2e%2e/cmd/nextsteps/main.go",
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.RawPath = ""
		req.URL.Path = p
		if u, err := req.URL.Parse(p); err == nil {
			req.URL = u
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK || strings.Contains(rec.Body.String(), "module nextsteps") || strings.Contains(rec.Body.String(), "root:") {
			t.Errorf("%s: status %d leaked a file", p, rec.Code)
		}
	}
}

func TestServerCompression(t *testing.T) {
	srv := testServer(t)
	raw := testSite(t).assets["/web/app.wasm"].body
	cases := []struct {
		accept, encoding string
	}{
		{"br, gzip", "br"},
		{"gzip, deflate", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"", ""},
		{"identity", ""},
	}
	for _, tc := range cases {
		rec := get(t, srv, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": tc.accept})
		h := rec.Header()
		if h.Get("Content-Encoding") != tc.encoding || h.Get("Content-Type") != "application/wasm" || h.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: encoding %q, type %q, vary %q", tc.accept, h.Get("Content-Encoding"), h.Get("Content-Type"), h.Get("Vary"))
			continue
		}
		var r io.Reader = rec.Body
		switch tc.encoding {
		case "br":
			r = brotli.NewReader(r)
		case "gzip":
			r, _ = gzip.NewReader(r)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("Accept-Encoding %q: body does not decode to app.wasm (%v)", tc.accept, err)
		}
	}
	// Images are not recompressed; JavaScript and CSS are.
	if get(t, srv, "GET", "/web/icons/icon-512.png", map[string]string{"Accept-Encoding": "br"}).Header().Get("Content-Encoding") != "" {
		t.Error("PNG was compressed")
	}
	for _, p := range []string{"/app.js", "/web/app.css", "/wasm_exec.js", "/manifest.webmanifest", "/app-worker.js"} {
		if get(t, srv, "GET", p, map[string]string{"Accept-Encoding": "br"}).Header().Get("Content-Encoding") != "br" {
			t.Errorf("%s not served with brotli", p)
		}
	}
	// Validators: a repeat request is answered with 304 and no body.
	etag := get(t, srv, "GET", "/app.js", nil).Header().Get("ETag")
	if rec := get(t, srv, "GET", "/app.js", map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", rec.Code)
	}
}

// TestServerBestBrotliLater: a large asset and a small one (a data file)
// are served at once (level 9) and, once the background compression is
// done, as the smallest copy (level 11), always decoding to the same bytes.
func TestServerBestBrotliLater(t *testing.T) {
	var text bytes.Buffer
	for i := 0; text.Len() < bestLaterMin+1000; i++ {
		fmt.Fprintf(&text, "var line%d = %q;\n", i, strings.Repeat(fmt.Sprint(i*7919%104729), 1+i%7))
	}
	big := text.Bytes()
	small := big[:30000]
	srv := newServer(&site{assets: map[string]file{
		"/web/big.js":          {body: big, ctype: "text/javascript"},
		"/data/articles/a.txt": {body: small, ctype: content.CorpusType},
	}})
	for path, raw := range map[string][]byte{"/web/big.js": big, "/data/articles/a.txt": small} {
		fetch := func() []byte {
			body := get(t, srv, "GET", path, map[string]string{"Accept-Encoding": "br"}).Body.Bytes()
			got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
			if err != nil || !bytes.Equal(got, raw) {
				t.Fatalf("%s: the brotli copy does not decode to the asset (%v)", path, err)
			}
			return body
		}
		first := compress(raw, serveBrotli)
		best := compress(raw, buildBrotli)
		deadline := time.Now().Add(2 * time.Minute)
		for !bytes.Equal(fetch(), best) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the level-11 copy never replaced the first one", path)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if len(best) >= len(first) {
			t.Errorf("%s: level 11 (%d bytes) is not smaller than the copy served at first (%d)", path, len(best), len(first))
		}
	}
}

// appleTouchLinks are a page's apple-touch-icon links.
var appleTouchLinks = regexp.MustCompile(`<link[^>]*rel="apple-touch-icon"[^>]*>`)

// TestAppleTouchIcon: every page names one icon for Apple's home screens,
// the one drawn edge to edge at 180x180 px. go-app named the maskable icon
// there, whose safe zone shows as a border where nothing is cropped, and
// our own link beside it made two (cmd/trimgoapp, appleTouchIcon).
func TestAppleTouchIcon(t *testing.T) {
	srv := testServer(t)
	for _, p := range []string{"/", "/articles/" + testSite(t).corpus.Articles[0].Slug, "/help"} {
		links := appleTouchLinks.FindAllString(get(t, srv, "GET", p, nil).Body.String(), -1)
		if len(links) != 1 || !strings.Contains(links[0], `href="/web/icons/apple-touch-icon.png"`) {
			t.Errorf("%s: apple-touch-icon links %q, want one, to /web/icons/apple-touch-icon.png", p, links)
		}
	}
	icon, err := png.DecodeConfig(bytes.NewReader(testSite(t).assets["/web/icons/apple-touch-icon.png"].body))
	if err != nil || icon.Width != 180 || icon.Height != 180 {
		t.Errorf("apple-touch-icon.png: %dx%d (%v), want a 180x180 PNG", icon.Width, icon.Height, err)
	}
}

func TestManifest(t *testing.T) {
	var m struct {
		ID, Name, ShortName, Description, StartURL, Display, Scope, ThemeColor, BackgroundColor string
		Icons                                                                                   []struct{ Src, Sizes, Type, Purpose string }
	}
	body := testSite(t).assets["/manifest.webmanifest"].body
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal(body, &raw)
	m.ShortName, _ = raw["short_name"].(string)
	m.StartURL, _ = raw["start_url"].(string)
	m.ThemeColor, _ = raw["theme_color"].(string)
	m.BackgroundColor, _ = raw["background_color"].(string)
	if m.ID != "/" || m.Name != "Next Steps" || m.ShortName == "" || m.Description == "" || m.StartURL != "/" ||
		m.Display != "standalone" || m.Scope != "/" || m.ThemeColor != themeColor || m.BackgroundColor != backgroundColor {
		t.Errorf("manifest fields: %s", body)
	}
	want := map[string]bool{"/web/icons/icon-192.png": false, "/web/icons/icon-512.png": false, "/web/icons/icon-maskable-512.png": false}
	for _, ic := range m.Icons {
		if _, ok := want[ic.Src]; !ok {
			t.Errorf("unexpected icon %s (no outside hosts allowed)", ic.Src)
		}
		want[ic.Src] = true
		if ic.Purpose != "any" && ic.Purpose != "maskable" {
			t.Errorf("icon %s purpose %q", ic.Src, ic.Purpose)
		}
	}
	for src, seen := range want {
		if !seen {
			t.Errorf("manifest lacks icon %s", src)
		}
		if _, ok := testSite(t).assets[src]; !ok {
			t.Errorf("icon %s is not a file of the site", src)
		}
	}
}

func TestWorker(t *testing.T) {
	s := testSite(t)
	worker := string(s.assets["/app-worker.js"].body)
	urls, err := precachedURLs([]byte(worker))
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]bool{}
	for _, u := range urls {
		in[u] = true
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			t.Errorf("precached URL %q is not on this origin", u)
		}
	}
	for _, p := range append(s.pages(), "/web/app.wasm", "/app.js", "/wasm_exec.js", "/manifest.webmanifest", "/web/app.css", "/web/icons/icon-192.png", "/web/icons/apple-touch-icon.png") {
		if _, article := content.ArticleSlug(p); article {
			// Composed from the shell and its part (pages.go).
			if in[p] {
				t.Errorf("worker stores the article page %s whole", p)
			}
			continue
		}
		if !in[p] {
			t.Errorf("worker does not precache %s", p)
		}
	}
	for _, want := range []string{`"app-" + "` + s.version + `"`, "event.waitUntil", `cache: "no-cache"`, "crypto.subtle.digest", "ignoreSearch: true", "url.origin !== self.location.origin"} {
		if !strings.Contains(worker, want) {
			t.Errorf("worker lacks %s", want)
		}
	}
	if strings.Contains(worker, "{{") {
		t.Error("worker has unfilled placeholders")
	}
}

// TestVersion: the version comes from the content and the assets, never the
// clock, so two builds of the same inputs agree and a change moves it.
func TestVersion(t *testing.T) {
	web := map[string]file{"/web/a.css": {body: []byte("a")}}
	src := fstest.MapFS{
		"topics.yaml":       {Data: []byte("topics")},
		"articles/a.md":     {Data: []byte("an article")},
		"articles/a.md~":    {Data: []byte("an editor's backup")},
		"articles/notes.go": {Data: []byte("package notes")},
	}
	program := []byte("the server")
	v := func() string {
		t.Helper()
		s, err := version(web, src, program, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	v1 := v()
	if v2 := v(); v1 != v2 {
		t.Errorf("version not deterministic: %s %s", v1, v2)
	}
	for _, tc := range []struct {
		name    string
		change  func()
		changes bool
	}{
		{"the program (a change to the server alone)", func() { program = []byte("the server, changed") }, true},
		{"an asset", func() { web["/web/a.css"] = file{body: []byte("b")} }, true},
		{"an article", func() { src["articles/a.md"] = &fstest.MapFile{Data: []byte("an article, corrected")} }, true},
		{"a new article", func() { src["articles/b.md"] = &fstest.MapFile{Data: []byte("another")} }, true},
		{"the topics", func() { src["topics.yaml"] = &fstest.MapFile{Data: []byte("topics, more")} }, true},
		{"an editor's backup", func() { src["articles/a.md~"] = &fstest.MapFile{Data: []byte("changed")} }, false},
		{"a file that is not content", func() { src["articles/notes.go"] = &fstest.MapFile{Data: []byte("changed")} }, false},
	} {
		before := v()
		tc.change()
		if changed := v() != before; changed != tc.changes {
			t.Errorf("changing %s: version changed %v, want %v", tc.name, changed, tc.changes)
		}
	}
	if withLive, err := version(web, src, program, "", []string{"<script>"}); err != nil || withLive == v() {
		t.Errorf("a page header did not change the version (%v)", err)
	}
	self, err := thisProgram()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := mustReadWeb(t)[bootPath]; !ok {
		t.Errorf("the version does not cover %s", bootPath)
	}
	if again, err := version(mustReadWeb(t), content.Files, self, "", nil); err != nil || testSite(t).version != again {
		t.Errorf("site version differs from a recomputation (%v)", err)
	}
}

func mustReadWeb(t *testing.T) map[string]file {
	web, _, err := webFiles(webDir, testSite(t).corpus)
	if err != nil {
		t.Fatal(err)
	}
	return web
}

func TestWriteSite(t *testing.T) {
	s := testSite(t)
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := writeSite(s, out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "404.html", "help.html", "about.html", "saved.html", "app.js", "app-worker.js",
		"manifest.webmanifest", "wasm_exec.js", "app.css", "web/app.wasm", "web/app.wasm.br", "web/app.wasm.gz", "web/app.css.br"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	for _, a := range s.corpus.Articles {
		b, err := os.ReadFile(filepath.Join(out, "articles", a.Slug+".html"))
		if err != nil || !bytes.Contains(b, []byte(">"+html.EscapeString(a.Title)+"</h1>")) {
			t.Errorf("article page %s: %v", a.Slug, err)
		}
	}
	for _, tp := range s.corpus.Topics {
		if _, err := os.Stat(filepath.Join(out, "topics", tp.ID+".html")); err != nil {
			t.Errorf("topic page %s missing", tp.ID)
		}
	}
	for _, e := range s.corpus.For {
		if b, err := os.ReadFile(filepath.Join(out, "for", e.ID+".html")); err != nil || !bytes.Contains(b, []byte(">"+html.EscapeString(e.Label)+"</h1>")) {
			t.Errorf("\"Who it's for\" page %s: %v", e.ID, err)
		}
	}
	if err := verifySite(s, out); err != nil {
		t.Errorf("a written site fails verification: %v", err)
	}
	// Every page has brotli and gzip copies beside it, for hosts that send
	// them as they are (nginx's gzip_static), holding the same bytes.
	for _, p := range s.pages() {
		page, err := os.ReadFile(filepath.Join(out, fileFor(p)))
		if err != nil {
			t.Fatal(err)
		}
		for ext, open := range map[string]func(io.Reader) (io.Reader, error){
			".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
			".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		} {
			f, err := os.Open(filepath.Join(out, fileFor(p)+ext))
			if err != nil {
				t.Errorf("page %s: %v", p, err)
				continue
			}
			r, err := open(f)
			var got []byte
			if err == nil {
				got, err = io.ReadAll(r)
			}
			f.Close()
			if err != nil || !bytes.Equal(got, page) {
				t.Errorf("page %s: the %s copy does not hold the page (%v)", p, ext, err)
			}
		}
	}

	// Verification catches a missing precached file.
	os.Remove(filepath.Join(out, "help.html"))
	if err := verifySite(s, out); err == nil || !strings.Contains(err.Error(), "precached /help: no file help.html") {
		t.Errorf("verification missed a deleted page: %v", err)
	}
}

// TestWriteSiteFailureKeepsOldSite: a build that fails its checks leaves
// the previous site as it was, and no temporary folder behind.
func TestWriteSiteFailureKeepsOldSite(t *testing.T) {
	good := testSite(t)
	bad := *good
	bad.assets = map[string]file{}
	for k, v := range good.assets {
		bad.assets[k] = v
	}
	w := bad.assets["/app-worker.js"]
	w.body = bytes.Replace(w.body, []byte(`const resourcesToCache = [`), []byte(`const resourcesToCache = ["/web/missing.png",`), 1)
	bad.assets["/app-worker.js"] = w

	parent := t.TempDir()
	out := filepath.Join(parent, "dist")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "marker"), []byte("old"), 0o644)
	_, err := writeSite(&bad, out)
	if err == nil || !strings.Contains(err.Error(), "/web/missing.png") {
		t.Fatalf("want a verification error naming the missing file, got %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "marker")); string(b) != "old" {
		t.Error("the previous site was touched")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("leftovers beside the site: %v", entries)
	}
}

// TestBase: the path a site is hosted under is checked.
func TestBase(t *testing.T) {
	for in, want := range map[string]string{"": "", "/": "", "/next-steps": "/next-steps", "/next-steps/": "/next-steps", "/a/b": "/a/b"} {
		if got, err := cleanBase(in); err != nil || got != want {
			t.Errorf("cleanBase(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"next-steps", "https://example.org/x", "/a/../b", "/a//b", "/a b", `/a"b`, "/a?x=1", "/a#x", "/a%20b"} {
		if got, err := cleanBase(in); err == nil {
			t.Errorf("cleanBase(%q) = %q, want an error", in, got)
		}
	}
}

func TestCheckCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := checkCmd(nil, &out, &errOut); code != 0 {
		t.Fatalf("check of the shipped corpus: exit %d\n%s", code, errOut.String())
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "articles"), 0o755)
	topics, _ := os.ReadFile("../../content/topics.yaml")
	os.WriteFile(filepath.Join(dir, "topics.yaml"), topics, 0o644)
	os.WriteFile(filepath.Join(dir, "articles", "bad.md"), []byte("---\ntitle: x\ntopics: [sleep]\n---\nBody.\n"), 0o644)
	out.Reset()
	errOut.Reset()
	if code := checkCmd([]string{dir}, &out, &errOut); code != 1 {
		t.Errorf("exit %d for a bad corpus", code)
	}
	for _, want := range []string{dir + "/articles/bad.md:3: unknown topic \"sleep\"", dir + "/articles/bad.md:4: missing field \"summary\"", "problem(s)"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, errOut.String())
		}
	}
}

// TestCheckWarns: a review due within 30 days is printed as a warning, on
// the next_review line, and check still succeeds (clock injected).
func TestCheckWarns(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "articles"), 0o755)
	os.WriteFile(filepath.Join(dir, "topics.yaml"), []byte("- id: ect\n  label: ECT\n"), 0o644)
	var src strings.Builder
	src.WriteString("---\ntitle: \"Soon\"\nsummary: \"A review is due soon.\"\nkey_points:\n  - \"One.\"\n  - \"Two.\"\n  - \"Three.\"\n" +
		"topics: [ect]\nreviewed: 2026-11-01\nnext_review: 2027-11-01\nsources:\n")
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&src, "  - authors: \"A\"\n    title: \"T%d\"\n    publisher: \"P\"\n    year: 2020\n    pmid: \"%d\"\n", i, i)
	}
	src.WriteString("---\nText.[^1][^2][^3][^4]\n\n## Questions to ask your doctor\n\n- One?\n- Two?\n- Three?\n- Four?\n")
	os.WriteFile(filepath.Join(dir, "articles", "soon.md"), []byte(src.String()), 0o644)
	defer func(c func() time.Time) { checkClock = c }(checkClock)
	cases := []struct {
		today   time.Time
		code    int
		warning string // "" for none
	}{
		{time.Date(2027, 9, 1, 10, 0, 0, 0, time.UTC), 0, ""},
		{time.Date(2027, 10, 20, 10, 0, 0, 0, time.UTC), 0, dir + "/articles/soon.md:10: warning: next_review 2027-11-01 is in 12 days"},
		{time.Date(2027, 11, 2, 10, 0, 0, 0, time.UTC), 1, ""}, // passed: a problem, not a warning
	}
	for _, tc := range cases {
		checkClock = func() time.Time { return tc.today }
		var out, errOut bytes.Buffer
		code := checkCmd([]string{dir}, &out, &errOut)
		if code != tc.code || (tc.warning == "") == strings.Contains(errOut.String(), "warning:") || !strings.Contains(errOut.String(), tc.warning) {
			t.Errorf("at %v: exit %d (want %d), stderr:\n%s", tc.today, code, tc.code, errOut.String())
		}
	}
}

// TestCorpusIsData: the articles reach the app as data files named by
// their hashes: a catalog, a texts list, and one file per article holding
// its text. They
// hold the corpus the server renders, the worker stores every one, and
// they are served as immutable; app.wasm carries none of them, so it is
// the same bytes whatever the library holds. Re-embedding the articles in
// the wasm fails here.
func TestCorpusIsData(t *testing.T) {
	s := testSite(t)
	want, err := s.corpus.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	search := 0
	for _, f := range want {
		if strings.HasPrefix(f.Path, content.DataPrefix+"search/") {
			search++
		}
	}
	if search == 0 || len(want) != 2+len(s.corpus.Articles)+search {
		t.Fatalf("%d data files for %d articles: want the catalog, the texts list, one per article and the search index's (%d)", len(want), len(s.corpus.Articles), search)
	}
	for _, w := range want {
		f, ok := s.assets[w.Path]
		if !ok || !bytes.Equal(f.body, w.Bytes) {
			t.Fatalf("the site does not serve the data file %s", w.Path)
		}
		if !slices.Contains(s.precache(), w.Path) {
			t.Errorf("the worker does not store the data file %s at install", w.Path)
		}
	}
	path := want[0].Path
	c, err := content.ReadBundle(s.assets[path].body, s.assets[want[1].Path].body, func(p string) ([]byte, error) {
		if f, ok := s.assets[p]; ok {
			return f.body, nil
		}
		return nil, fmt.Errorf("%s: not served", p)
	})
	if err != nil || len(c.Articles) != len(s.corpus.Articles) {
		t.Fatalf("the catalog does not hold the site's corpus (%v)", err)
	}
	if err := c.Text(c.Articles[0]); err != nil || c.Articles[0].BodyHTML != s.corpus.Articles[0].BodyHTML {
		t.Fatalf("the first article's data file does not hold its body (%v)", err)
	}

	srv := httptest.NewServer(newServer(s))
	defer srv.Close()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cc := res.Header.Get("Cache-Control"); res.StatusCode != 200 || cc != immutable {
		t.Errorf("%s: status %d, Cache-Control %q; want 200 and %q", path, res.StatusCode, cc, immutable)
	}
	if res, err := http.Get(srv.URL + "/web/app.css"); err == nil {
		res.Body.Close()
		if cc := res.Header.Get("Cache-Control"); cc == immutable {
			t.Error("an unhashed file is served as immutable")
		}
	}

	wasm := s.assets["/web/app.wasm"].body
	for _, a := range s.corpus.Articles[:3] {
		if bytes.Contains(wasm, []byte(a.Title)) || bytes.Contains(wasm, []byte(a.Slug+`"`)) {
			t.Errorf("app.wasm holds the article %q: articles must travel as data", a.Slug)
		}
	}
}

// TestServeGracefulShutdown runs the real binary, makes a request, sends
// SIGTERM and expects a clean exit.
func TestServeGracefulShutdown(t *testing.T) {
	if _, err := os.Stat(filepath.Join(webDir, "app.wasm")); err != nil {
		t.Fatal("web/app.wasm is missing: run `make wasm`")
	}
	bin := filepath.Join(t.TempDir(), "nextsteps")
	// With our edits to go-app, as every build of the program (make server).
	if out, err := exec.Command("go", "build", "-modfile", "../../.cache/goapp/nextsteps.mod", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-web", webDir)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	addr := ""
	for lines.Scan() {
		if _, after, ok := strings.Cut(lines.Text(), "serving on "); ok {
			addr = after
			break
		}
	}
	if addr == "" {
		t.Fatal("the server never said where it serves")
	}
	res, err := http.Get(addr + "/help")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /help: %v %v", res, err)
	}
	res.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		rest, _ := io.ReadAll(stderr)
		if !strings.Contains(string(rest), "shutting down") {
			t.Errorf("no shutdown message in %q", rest)
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("the server did not stop within 15 s of SIGTERM")
	}
}

// TestStaticHeaders: the static build's _headers gives static hosts every
// header serve sends (and app.wasm's type), and README's nginx block says
// the same, so neither falls behind a change to securityHeaders.
func TestStaticHeaders(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(staticDir(t), "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Cache-Control": revalidate}
	maps.Copy(want, securityHeaders)
	for k, v := range want {
		if !strings.Contains(got, "/*\n") || !strings.Contains(got, "\n  "+k+": "+v+"\n") {
			t.Errorf("_headers lacks %s: %s", k, v)
		}
		if line := fmt.Sprintf("add_header %s %q always;", k, v); !bytes.Contains(readme, []byte(line)) {
			t.Errorf("README's nginx block lacks %s", line)
		}
	}
	if !strings.Contains(got, "/web/app.wasm\n  Content-Type: application/wasm\n") {
		t.Errorf("_headers does not type app.wasm:\n%s", got)
	}
	if data := content.DataPrefix + "*\n  Cache-Control: " + immutable + "\n"; !strings.Contains(got, data) {
		t.Errorf("_headers does not cache the data files for good:\n%s", got)
	}
	if line := fmt.Sprintf("add_header Cache-Control %q always;", immutable); !bytes.Contains(readme, []byte("location "+content.DataPrefix+" {")) || !bytes.Contains(readme, []byte(line)) {
		t.Errorf("README's nginx block lacks the data files' rule: location %s { ... %s }", content.DataPrefix, line)
	}
	// And serve sends the same.
	res := get(t, testServer(t), "GET", "/", nil)
	for k, v := range want {
		if res.Header().Get(k) != v {
			t.Errorf("serve sends %s: %q, _headers %q", k, res.Header().Get(k), v)
		}
	}
}

// TestReproducibleBuild: two static builds of the same inputs are byte for
// byte the same, every file (issue 12: the version and the ETags can then
// be trusted, and a deploy uploads only what changed).
func TestReproducibleBuild(t *testing.T) {
	first := staticDir(t)
	second := filepath.Join(t.TempDir(), "dist")
	if _, err := writeSite(testSite(t), second); err != nil {
		t.Fatal(err)
	}
	files := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[rel], err = os.ReadFile(p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := files(first), files(second)
	if len(a) != len(b) {
		t.Errorf("the builds hold %d and %d files", len(a), len(b))
	}
	for name, body := range a {
		if !bytes.Equal(body, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestServerPagesFromMemory: a page is rendered once per address and then
// served like an asset: the same address in another query order is the same
// page, with a strong ETag answered by 304, brotli and gzip that decode to
// the identity body, HEAD without a body, and unknown paths as the
// not-found page with 404.
func TestServerPagesFromMemory(t *testing.T) {
	srv := newServer(testSite(t)) // a cache of its own
	rendered := func() int { srv.pages.mu.Lock(); defer srv.pages.mu.Unlock(); return srv.pages.order.Len() }

	a := get(t, srv, "GET", "/?topic=ect&topic=tms&q=lithium", nil)
	b := get(t, srv, "GET", "/?q=lithium&topic=ect&topic=tms", nil)
	if a.Code != http.StatusOK || !bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) || a.Header().Get("ETag") == "" || a.Header().Get("ETag") != b.Header().Get("ETag") {
		t.Fatalf("one address in two query orders: %d, ETags %q and %q", a.Code, a.Header().Get("ETag"), b.Header().Get("ETag"))
	}
	if n := rendered(); n != 1 {
		t.Errorf("%d renderings kept for one address, want 1", n)
	}
	if rec := get(t, srv, "GET", "/?topic=tms&q=lithium&topic=ect", map[string]string{"If-None-Match": a.Header().Get("ETag")}); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match on a page: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	for _, enc := range []string{"br", "gzip"} {
		rec := get(t, srv, "GET", "/help", map[string]string{"Accept-Encoding": enc})
		var r io.Reader = rec.Body
		if enc == "br" {
			r = brotli.NewReader(r)
		} else {
			r, _ = gzip.NewReader(r)
		}
		got, err := io.ReadAll(r)
		plain := get(t, srv, "GET", "/help", nil)
		if rec.Header().Get("Content-Encoding") != enc || rec.Header().Get("Vary") != "Accept-Encoding" || err != nil || !bytes.Equal(got, plain.Body.Bytes()) {
			t.Errorf("/help with %s: encoding %q, vary %q, decodes to the page: %v (%v)", enc, rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"), bytes.Equal(got, plain.Body.Bytes()), err)
		}
	}
	if rec := get(t, srv, "HEAD", "/help", nil); rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD /help: %d, %d bytes, length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	missing := get(t, srv, "GET", "/no/such/page?x=1", nil)
	if missing.Code != http.StatusNotFound || !strings.Contains(missing.Body.String(), ">Page not found</h1>") {
		t.Errorf("unknown path: %d", missing.Code)
	}
	if again := get(t, srv, "GET", "/another/unknown", nil); again.Code != http.StatusNotFound || again.Header().Get("ETag") != missing.Header().Get("ETag") {
		t.Error("two unknown paths did not share the one not-found page")
	}
}

// TestPageCache: many clients asking at once get one rendering; a failed
// rendering is not kept; the cache stays within its bytes, least recently
// used out first.
// waitStarted waits until a rendering of key is under way in the cache.
func (c *pageCache) waitStarted(key string) {
	for {
		c.mu.Lock()
		_, started := c.byKey[key]
		c.mu.Unlock()
		if started {
			return
		}
		runtime.Gosched()
	}
}

func TestPageCache(t *testing.T) {
	page := func(n int) func() (*encoded, error) {
		return func() (*encoded, error) { return encodePage(bytes.Repeat([]byte("x"), n)), nil }
	}
	c := newPageCache(1 << 20)
	var renders atomic.Int32
	var wg sync.WaitGroup
	release := make(chan struct{})
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.get("/a", func() (*encoded, error) {
				renders.Add(1)
				<-release // every other caller arrives meanwhile
				return page(10)()
			})
			if err != nil || len(p.body) != 10 {
				t.Errorf("got %v, %v", p, err)
			}
		}()
	}
	c.waitStarted("/a")
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renderings for 50 concurrent requests, want 1", n)
	}

	if _, err := c.get("/broken", func() (*encoded, error) { return nil, errors.New("boom") }); err == nil {
		t.Error("a failed rendering gave no error")
	}
	if _, err := c.get("/broken", page(5)); err != nil {
		t.Errorf("a failed rendering was kept: %v", err)
	}
	// A rendering that panics (a component meeting data it did not
	// expect) is an error for its waiters, not a wait for ever.
	waiting := make(chan error, 1)
	go func() {
		c.waitStarted("/panics")
		_, err := c.get("/panics", page(1))
		waiting <- err
	}()
	if _, err := c.get("/panics", func() (*encoded, error) { time.Sleep(50 * time.Millisecond); panic("nil crisis lines") }); err == nil || !strings.Contains(err.Error(), "panic") {
		t.Errorf("a panicking rendering gave %v, want an error saying so", err)
	}
	select {
	case <-waiting:
	case <-time.After(10 * time.Second):
		t.Fatal("a request waiting on a panicked rendering never returned")
	}
	if p, err := c.get("/panics", page(3)); err != nil || len(p.body) != 3 {
		t.Errorf("after a panic the page is not rendered again: %v", err)
	}

	// Pages of about 300 KB (each encoding counted) in a cache of 1 MB.
	small := newPageCache(1 << 20)
	for i := range 10 {
		small.get(fmt.Sprint("/p", i), func() (*encoded, error) {
			b := make([]byte, 300<<10)
			for j := range b {
				b[j] = byte(j * i * 7919 >> 3) // poorly compressible
			}
			return encodePage(b), nil
		})
		small.get("/p0", page(1)) // /p0 stays the most recently used
	}
	small.mu.Lock()
	defer small.mu.Unlock()
	if small.size > small.max {
		t.Errorf("cache holds %d bytes, over its %d", small.size, small.max)
	}
	if _, ok := small.byKey["/p0"]; !ok {
		t.Error("the most recently used page was dropped")
	}
	if _, ok := small.byKey["/p1"]; ok {
		t.Error("the least recently used page was kept")
	}
}
