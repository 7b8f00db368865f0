//go:build !wasm

package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"

	"nextsteps/content"
)

// Brotli levels: level 11 gives the smallest output but takes about 20 s on
// app.wasm here; level 9 takes under a second for a result about 12% larger.
// The static build always uses 11. The server starts with 9 and moves to 11
// in the background (bestBrotliLater).
const (
	buildBrotli = brotli.BestCompression
	serveBrotli = 9
)

// The server compresses at level 11 in the background (bestBrotliLater)
// the assets of bestLaterMin to bestLaterMax bytes (app.wasm; above, a wasm
// with many thousands of articles, that would take many minutes of CPU),
// and the smaller ones, smallest first, up to bestLaterSmall bytes of them
// in all (the data files of a library of a few hundred articles, every one
// of which a first visit downloads).
const (
	bestLaterMin   = 1 << 20
	bestLaterMax   = 32 << 20
	bestLaterSmall = 8 << 20
)

// revalidate is the caching rule of every response but the data files:
// browsers check with the server each time (the ETag makes that cheap),
// and the service worker keeps the copy that readers use offline. The
// static build's _headers gives static hosts the same rules
// (staticHeaders).
const revalidate = "no-cache"

// immutable is the caching rule of the data files (content.DataPrefix):
// each is named by a hash of its bytes, so its URL never shows other bytes
// and a copy, once had, is good for ever.
const immutable = "public, max-age=31536000, immutable"

// cacheRule is the Cache-Control for a URL path.
func cacheRule(p string) string {
	if strings.HasPrefix(p, content.DataPrefix) {
		return immutable
	}
	return revalidate
}

// securityHeaders go on every response. The CSP allows wasm to compile
// ('wasm-unsafe-eval') without allowing JavaScript eval; go-app's pages
// carry no inline script but do set inline style attributes. It names only
// directives that every engine we test knows: WebKit logs an error for each
// one it does not (manifest-src, say, which default-src covers anyway), and
// Chromium does the same for an unknown Permissions-Policy feature.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "no-referrer",
	"Permissions-Policy":     "camera=(), microphone=(), geolocation=()",
	"X-Frame-Options":        "DENY",
}

// setSecurityHeaders puts securityHeaders into h.
func setSecurityHeaders(h http.Header) {
	for k, v := range securityHeaders {
		h.Set(k, v)
	}
}

// encoded is an asset with its precompressed copies and validator. The
// brotli copy can be replaced while serving (by a smaller one), so it is
// read and written atomically.
type encoded struct {
	file
	br   atomic.Pointer[[]byte]
	gz   []byte
	etag string
}

// brotli returns the brotli copy, or nil when there is none.
func (e *encoded) brotli() []byte {
	if p := e.br.Load(); p != nil {
		return *p
	}
	return nil
}

// encodePage prepares a rendered page for serving, as encode does an
// asset, but compressing afresh: compress would remember every page ever
// rendered (each search's), while the page cache keeps a bounded number.
func encodePage(body []byte) *encoded {
	e := &encoded{file: file{body: body, ctype: "text/html; charset=utf-8"}, etag: etagOf(body)}
	e.gz = squeeze(body, gzipLevel)
	br := squeeze(body, serveBrotli)
	e.br.Store(&br)
	return e
}

// etagOf is a strong validator for body: a hash of its bytes.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// compressible reports whether a type gains from compression (images such
// as PNG are already compressed).
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "wasm") || strings.Contains(ctype, "svg")
}

// gzipLevel stands for gzip among the brotli levels in compress.
const gzipLevel = -1

// compressed remembers results by content and level: a process that builds
// or serves more than once (the tests do) compresses app.wasm once, and
// callers asking at the same time wait for the one result.
var compressed sync.Map // compressKey -> *compressResult

type compressKey struct {
	sum   [32]byte
	level int
}

type compressResult struct {
	once sync.Once
	out  []byte
}

// compress returns b compressed with brotli at level, or with gzip at its
// best for gzipLevel, remembered (see compressed).
func compress(b []byte, level int) []byte {
	v, _ := compressed.LoadOrStore(compressKey{sha256.Sum256(b), level}, &compressResult{})
	r := v.(*compressResult)
	r.once.Do(func() { r.out = squeeze(b, level) })
	return r.out
}

// squeeze compresses b with brotli at level, or with gzip at its best for
// gzipLevel.
func squeeze(b []byte, level int) []byte {
	var buf bytes.Buffer
	if level == gzipLevel {
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
	} else {
		w := brotli.NewWriterLevel(&buf, level)
		w.Write(b)
		w.Close()
	}
	return buf.Bytes()
}

// server answers HTTP requests from a site: assets from memory (never from
// the file system, so no request path can reach a file outside the site),
// pages pre-rendered by go-app for their address (so /?topic=ect arrives
// already filtered), and every response with the security headers. A page
// is rendered and compressed once and then served from memory like an
// asset (see pageCache): the site, and so every page, is fixed for the
// life of the process.
type server struct {
	site   *site
	assets map[string]*encoded
	pages  *pageCache
}

func newServer(s *site) *server {
	srv := serverOf(s, encode)
	go srv.bestBrotliLater()
	return srv
}

// bestBrotliLater replaces the brotli copies that encode made at
// serveBrotli, so that start-up did not wait, with level-11 ones, as the
// static build writes: a first visit at 25 articles, 1.43 MB with its data
// files at level 9, is 1.40 MB so (make bench, "update 16"). One asset at a time, in
// the background: the small ones first (bestLaterSmall), then app.wasm.
// compress remembers each result, so a process that serves several sites
// compresses each file once.
func (srv *server) bestBrotliLater() {
	var queue []*encoded
	for _, e := range srv.assets {
		if e.brotli() != nil && len(e.body) <= bestLaterMax { // compressible, not too large
			queue = append(queue, e)
		}
	}
	// Smallest first: the small ones within their budget, then app.wasm.
	slices.SortFunc(queue, func(a, b *encoded) int { return cmp.Compare(len(a.body), len(b.body)) })
	budget := bestLaterSmall
	for _, e := range queue {
		if n := len(e.body); n < bestLaterMin {
			if budget -= n; budget < 0 {
				continue // past the budget: kept at serveBrotli
			}
		}
		best := compress(e.body, buildBrotli)
		e.br.Store(&best)
	}
}

// serverOf is the server of s with its assets prepared by enc: encode,
// or plain.
func serverOf(s *site, enc func(file) *encoded) *server {
	srv := &server{site: s, assets: map[string]*encoded{}, pages: newPageCache(pageCacheBytes)}
	paths := slices.Collect(maps.Keys(s.assets))
	// One file per core at a time: at a thousand articles, thousands of
	// files, each compressed twice.
	ready := make([]*encoded, len(paths))
	inParallel(len(paths), func(i int) { ready[i] = enc(s.assets[paths[i]]) })
	for i, p := range paths {
		srv.assets[p] = ready[i]
	}
	return srv
}

// plain prepares an asset to be sent as it is, with no compressed copies:
// for a browser on the same machine (the live server, live.go), where
// compressing app.wasm would only delay the first version by seconds
// (minutes under the race detector).
func plain(f file) *encoded { return &encoded{file: f, etag: etagOf(f.body)} }

// encode prepares an asset for serving: its ETag and, for a type that
// gains from it, gzip and brotli copies (remembered by compress, so a
// process that serves several sites compresses app.wasm once).
func encode(f file) *encoded {
	e := &encoded{file: f, etag: etagOf(f.body)}
	if compressible(f.ctype) {
		e.gz = compress(f.body, gzipLevel)
		br := compress(f.body, serveBrotli)
		e.br.Store(&br) // until bestBrotliLater has the smallest
	}
	return e
}

func (srv *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	setSecurityHeaders(h)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if a, ok := srv.assets[r.URL.Path]; ok {
		w.Header().Set("Cache-Control", cacheRule(r.URL.Path))
		srv.serveAsset(w, r, a, http.StatusOK)
		return
	}
	srv.servePage(w, r)
}

// serveAsset sends an asset in the best encoding the client accepts, with
// status (or 304 when the client's copy is current).
func (srv *server) serveAsset(w http.ResponseWriter, r *http.Request, a *encoded, status int) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", revalidate)
	}
	h.Set("ETag", a.etag)
	br := a.brotli()
	if br != nil {
		h.Set("Vary", "Accept-Encoding")
	}
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	switch ae := r.Header.Get("Accept-Encoding"); {
	case br != nil && accepts(ae, "br"):
		body = br
		h.Set("Content-Encoding", "br")
	case a.gz != nil && accepts(ae, "gzip"):
		body = a.gz
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// servePage sends the page for an address, made once (pageCache, site.page).
// Unknown paths get the not-found page with a 404 status; the page still
// boots the app, which offers a way home. The not-found page's own address
// answers 200, as on a static host, so the service worker can precache it.
func (srv *server) servePage(w http.ResponseWriter, r *http.Request) {
	status := http.StatusOK
	target := pageKey(r.URL)
	if !srv.site.corpus.HasPath(r.URL.Path) && r.URL.Path != content.NotFoundPath {
		status = http.StatusNotFound
		target = content.NotFoundPath
	}
	page, err := srv.pages.get(target, func() (*encoded, error) {
		page, err := srv.site.page(target)
		if err != nil {
			return nil, err
		}
		return encodePage(page), nil
	})
	if err != nil {
		http.Error(w, "page could not be rendered", http.StatusInternalServerError)
		return
	}
	srv.serveAsset(w, r, page, status)
}

// pageKey is the address a page is rendered for, written one way: the path
// and the query with its keys in order (url.Values.Encode sorts them), so
// ?topic=ect&q=x and ?q=x&topic=ect share one rendering.
func pageKey(u *url.URL) string {
	q := u.Query()
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}

// pageCacheBytes bounds the memory the rendered pages hold (every
// encoding counted). Each article, topic and fixed page is one entry; query
// variants (a search per word typed, any filter combination) are many, and
// the least recently used go first.
const pageCacheBytes = 64 << 20

// pageCache holds rendered pages by address, up to a number of bytes, least
// recently used out first. A page asked for by many clients at once is
// rendered once: the others wait for that rendering. A failed rendering is
// not kept.
type pageCache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *list.List // of *pageEntry, most recently used first
	byKey map[string]*list.Element
}

type pageEntry struct {
	key   string
	ready chan struct{} // closed once page or err is set
	page  *encoded
	err   error
	size  int
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the page for key, rendering it with render the first time.
func (c *pageCache) get(key string, render func() (*encoded, error)) (*encoded, error) {
	c.mu.Lock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		e := el.Value.(*pageEntry)
		c.mu.Unlock()
		<-e.ready
		return e.page, e.err
	}
	e := &pageEntry{key: key, ready: make(chan struct{})}
	c.byKey[key] = c.order.PushFront(e)
	c.mu.Unlock()

	// A render that panics becomes this page's error: the readers waiting
	// on it get a 500, and the next request tries again, rather than all
	// of them waiting on it for ever.
	func() {
		defer func() {
			if r := recover(); r != nil {
				e.page, e.err = nil, fmt.Errorf("rendering %s: panic: %v", key, r)
			}
			close(e.ready)
		}()
		e.page, e.err = render()
		if e.err == nil {
			e.size = len(e.page.body) + len(e.page.gz) + len(e.page.brotli()) + len(key)
		}
	}()

	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok || el.Value != e {
		return e.page, e.err // evicted meanwhile: serve it, keep nothing
	}
	if e.err != nil {
		c.remove(el)
		return nil, e.err
	}
	c.size += e.size
	for c.size > c.max && c.order.Len() > 1 {
		oldest := c.order.Back()
		if oldest == el {
			break
		}
		c.remove(oldest)
	}
	return e.page, nil
}

// remove drops an entry; callers hold mu.
func (c *pageCache) remove(el *list.Element) {
	e := el.Value.(*pageEntry)
	c.order.Remove(el)
	delete(c.byKey, e.key)
	c.size -= e.size
}

// accepts reports whether an Accept-Encoding header allows the encoding,
// honouring q=0 refusals.
func accepts(header, encoding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(name, encoding) {
			continue
		}
		q := strings.TrimPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		return strings.Trim(q, "0.") != "" || q == ""
	}
	return false
}
