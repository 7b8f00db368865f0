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

	"github.com/andybalholm/brotli"
)

// Brotli levels: the static build can afford the smallest output (level 11
// takes about 20 s on app.wasm here); the server compresses at start-up, where
// level 9 takes under a second for a result about 12% larger.
const (
	buildBrotli = brotli.BestCompression
	serveBrotli = 9
)

// securityHeaders go on every response. The CSP allows wasm to compile
// ('wasm-unsafe-eval') without allowing JavaScript eval; go-app's pages
// carry no inline script but do set inline style attributes.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "no-referrer",
	"Permissions-Policy":     "camera=(), microphone=(), geolocation=(), interest-cohort=()",
	"X-Frame-Options":        "DENY",
}

// encoded is an asset with its precompressed copies and validator.
type encoded struct {
	file
	br, gz []byte
	etag   string
}

// compressible reports whether a type gains from compression (images such
// as PNG are already compressed).
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "wasm") || strings.Contains(ctype, "svg")
}

// compressed remembers results by content and level: a process that builds
// more than once (the tests do) compresses app.wasm once.
var compressed sync.Map // compressKey -> [2][]byte

type compressKey struct {
	sum   [32]byte
	level int
}

// compress returns the brotli (at the level given) and gzip copies of b.
func compress(b []byte, brotliLevel int) (br, gz []byte) {
	key := compressKey{sha256.Sum256(b), brotliLevel}
	if v, ok := compressed.Load(key); ok {
		c := v.([2][]byte)
		return c[0], c[1]
	}
	var bb, gb bytes.Buffer
	bw := brotli.NewWriterLevel(&bb, brotliLevel)
	bw.Write(b)
	bw.Close()
	gw, _ := gzip.NewWriterLevel(&gb, gzip.BestCompression)
	gw.Write(b)
	gw.Close()
	compressed.Store(key, [2][]byte{bb.Bytes(), gb.Bytes()})
	return bb.Bytes(), gb.Bytes()
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
			e.br, e.gz = compress(f.body, serveBrotli)
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
	h.Set("Cache-Control", "no-cache") // revalidate: the ETag makes that cheap
	h.Set("ETag", a.etag)
	if a.br != nil {
		h.Set("Vary", "Accept-Encoding")
	}
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	switch ae := r.Header.Get("Accept-Encoding"); {
	case a.br != nil && accepts(ae, "br"):
		body = a.br
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
	if !srv.site.corpus.HasPath(r.URL.Path) && r.URL.Path != notFoundPath {
		status = http.StatusNotFound
		target = notFoundPath
	}
	rec := srv.site.render(target)
	if rec.Code != http.StatusOK {
		http.Error(w, "page could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
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
