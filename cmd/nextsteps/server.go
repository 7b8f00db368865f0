//go:build !wasm

package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/brotli"

	"nextsteps/content"
)

// Brotli levels: level 11 gives the smallest output but takes about 20 s on
// app.wasm here; level 9 takes under a second for a result about 12% larger.
// The static build always uses 11. The server starts with 9 and, for large
// assets (app.wasm), moves to 11 once that is ready, in the background.
const (
	buildBrotli = brotli.BestCompression
	serveBrotli = 9
)

// From bestLaterMin bytes the server compresses an asset at level 11 in the
// background rather than making start-up wait; above bestLaterMax (a wasm
// with many thousands of articles) that would take many minutes of CPU.
const (
	bestLaterMin = 1 << 20
	bestLaterMax = 32 << 20
)

// revalidate is the caching rule of every response: browsers check with
// the server each time (the ETag makes that cheap), and the service worker
// keeps the copy that readers use offline. The static build's _headers
// gives static hosts the same rule (staticHeaders).
const revalidate = "no-cache"

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
// best for gzipLevel.
func compress(b []byte, level int) []byte {
	v, _ := compressed.LoadOrStore(compressKey{sha256.Sum256(b), level}, &compressResult{})
	r := v.(*compressResult)
	r.once.Do(func() {
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
		r.out = buf.Bytes()
	})
	return r.out
}

// server answers HTTP requests from a site: assets from memory (never from
// the file system, so no request path can reach a file outside the site),
// pages pre-rendered by go-app for each request (so /?topic=ect arrives
// already filtered), and every response with the security headers.
type server struct {
	site   *site
	assets map[string]*encoded
}

func newServer(s *site) *server {
	srv := &server{site: s, assets: map[string]*encoded{}}
	for p, f := range s.assets {
		e := &encoded{file: f}
		sum := sha256.Sum256(f.body)
		e.etag = `"` + hex.EncodeToString(sum[:8]) + `"`
		if compressible(f.ctype) {
			e.gz = compress(f.body, gzipLevel)
			br := compress(f.body, serveBrotli)
			e.br.Store(&br)
			if len(f.body) >= bestLaterMin && len(f.body) <= bestLaterMax {
				// The smallest copy replaces it once ready (once per
				// process: compress remembers it).
				go func() {
					best := compress(f.body, buildBrotli)
					e.br.Store(&best)
				}()
			}
		}
		srv.assets[p] = e
	}
	return srv
}

func (srv *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range securityHeaders {
		h.Set(k, v)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if a, ok := srv.assets[r.URL.Path]; ok {
		srv.serveAsset(w, r, a)
		return
	}
	srv.servePage(w, r)
}

// serveAsset sends an asset in the best encoding the client accepts.
func (srv *server) serveAsset(w http.ResponseWriter, r *http.Request, a *encoded) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", revalidate)
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
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// servePage pre-renders a page. Unknown paths get the not-found page with a
// 404 status; the page still boots the app, which offers a way home. The
// not-found page's own address answers 200, as on a static host, so the
// service worker can precache it.
func (srv *server) servePage(w http.ResponseWriter, r *http.Request) {
	status := http.StatusOK
	target := r.URL.RequestURI()
	if !srv.site.corpus.HasPath(r.URL.Path) && r.URL.Path != content.NotFoundPath {
		status = http.StatusNotFound
		target = content.NotFoundPath
	}
	rec := srv.site.render(target)
	if rec.Code != http.StatusOK {
		http.Error(w, "page could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", revalidate)
	h.Set("Vary", "Accept-Encoding")
	body := rec.Body.Bytes()
	if accepts(r.Header.Get("Accept-Encoding"), "gzip") {
		var b bytes.Buffer
		gw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		gw.Write(body)
		gw.Close()
		body = b.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
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
