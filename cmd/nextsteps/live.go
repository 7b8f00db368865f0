//go:build !wasm

package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	ui "nextsteps/app"
	"nextsteps/content"
)

// liveScript is what a live server adds to every page: it listens to
// livePrefix+"events", shows the content's problems over the page and has
// the page offer the new version after an edit.
//
//go:embed live.js
var liveScript []byte

// livePrefix is where a live server answers for itself: its script and its
// stream of states. Only `serve -content` answers there; the static build
// and `serve` have nothing under it.
const livePrefix = "/_live/"

// liveQuiet is how long the content folder must be left alone before a
// reload: an editor's save, or a git checkout, is many events.
const liveQuiet = 150 * time.Millisecond

// live serves the articles in a folder on disk and follows the author's
// edits: `serve -content DIR`, which `make run` runs. After each change to
// a source (content.IsSource) it loads the folder again. Content without
// problems becomes the new version: a whole new site, served from then on,
// which the open pages offer to load (live.js asks the service worker to
// update, and the app's banner says "Reload"). Content with problems is
// printed as file:line: problem in the terminal and shown over the open
// pages, and the last version without problems keeps serving. Until there
// is one, every page is the list of problems.
type live struct {
	dir, web string    // the content and web folders
	log      io.Writer // the terminal
	done     <-chan struct{}

	srv atomic.Pointer[server] // the last version without problems; nil until one

	mu      sync.Mutex    // one reload at a time; guards state and changed
	state   liveState     // what the pages are told
	changed chan struct{} // closed, and replaced, when state changes
}

// liveState is what a live server tells the open pages.
type liveState struct {
	Version  string   `json:"version,omitempty"`  // the version served
	Problems []string `json:"problems,omitempty"` // file:line: problem, as the terminal shows them
}

// newLive loads the content in dir and starts following it until ctx ends.
// Content with problems does not stop it (see live); a folder it cannot
// watch does.
func newLive(ctx context.Context, dir, web string, log io.Writer) (*live, error) {
	l := &live{dir: dir, web: web, log: log, done: ctx.Done(), changed: make(chan struct{})}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", dir, err)
	}
	for _, d := range []string{dir, filepath.Join(dir, filepath.Dir(content.ArticlesGlob))} {
		if err := w.Add(d); err != nil && !(d != dir && errors.Is(err, os.ErrNotExist)) {
			w.Close()
			return nil, fmt.Errorf("watching %s: %w", d, err)
		}
	}
	l.reload()
	go l.follow(ctx, w)
	return l, nil
}

// follow reloads once the folder has been quiet for liveQuiet after a
// change to a source.
func (l *live) follow(ctx context.Context, w *fsnotify.Watcher) {
	defer w.Close()
	articles := filepath.Join(l.dir, filepath.Dir(content.ArticlesGlob))
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Name == articles && ev.Has(fsnotify.Create) {
				w.Add(articles) // the folder made after the start
			}
			rel, err := filepath.Rel(l.dir, ev.Name)
			if err != nil || !(content.IsSource(filepath.ToSlash(rel)) || ev.Name == articles) {
				continue
			}
			quiet.Reset(liveQuiet)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(l.log, "watching %s: %v\n", l.dir, err)
		case <-quiet.C:
			l.reload()
		}
	}
}

// reload loads the content folder and, if it has no problems and differs
// from the version served, makes it the version served.
func (l *live) reload() {
	l.mu.Lock()
	defer l.mu.Unlock()
	prev := l.srv.Load()
	next := liveState{}
	if prev != nil {
		next.Version = prev.site.version
	}
	s, err := l.load()
	switch {
	case err != nil:
		next.Problems = problemLines(l.dir, err)
		printProblems(l.log, "reload", l.dir, err)
		if prev != nil {
			fmt.Fprintf(l.log, "reload: still serving version %s, the last without problems\n", prev.site.version)
		}
	case prev != nil && s.version == prev.site.version:
		// Saved without a change, or back to the version served: nothing
		// to offer, but the problems are gone.
		if len(l.state.Problems) > 0 {
			fmt.Fprintf(l.log, "reload: no problems; still serving version %s\n", s.version)
		}
	default:
		if prev == nil {
			err = ui.Route(s.corpus)
		} else {
			err = ui.Reroute(prev.site.corpus, s.corpus)
		}
		if err == nil {
			if err = s.complete(); err != nil && prev != nil {
				// Back to the version served, whose pages are the old corpus's.
				ui.Reroute(s.corpus, prev.site.corpus)
			}
		}
		if err != nil {
			next.Problems = []string{err.Error()}
			fmt.Fprintf(l.log, "reload: %v\n", err)
			break
		}
		l.srv.Store(serverOf(s, plain)) // on the author's machine: nothing to compress for
		next.Version = s.version
		fmt.Fprintf(l.log, "reload: serving version %s: %d articles from %s\n", s.version, len(s.corpus.Articles), l.dir)
	}
	l.state = next
	close(l.changed)
	l.changed = make(chan struct{})
}

// load reads the content folder and assembles the site it makes.
func (l *live) load() (*site, error) {
	src := os.DirFS(l.dir)
	c, err := content.Load(src, content.Options{})
	if err != nil {
		return nil, err
	}
	s, err := assemble(c, src, l.web, "", `<script src="`+livePrefix+`live.js" defer></script>`)
	if err != nil {
		return nil, err
	}
	// Each page says its version, for live.js to compare with the one
	// served. The header is made from the version, so the version need not
	// be taken over it.
	s.headers = append(s.headers, `<meta name="nextsteps-live-version" content="`+s.version+`">`)
	return s, nil
}

// current is the state the pages are told, and a channel closed when it
// changes.
func (l *live) current() (liveState, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state, l.changed
}

func (l *live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case livePrefix + "live.js":
		setSecurityHeaders(w.Header())
		w.Header().Set("Content-Type", contentType(r.URL.Path))
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveScript)
		return
	case livePrefix + "events":
		l.events(w, r)
		return
	}
	if srv := l.srv.Load(); srv != nil {
		srv.ServeHTTP(w, r)
		return
	}
	l.problemsPage(w)
}

// events streams the state to a page (server-sent events): now, and after
// every reload, until the page goes or the server stops.
func (l *live) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // the stream outlives the server's write timeout
	h := w.Header()
	setSecurityHeaders(h)
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	for {
		state, changed := l.current()
		b, _ := json.Marshal(state)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-l.done:
			return
		}
	}
}

// problemsPage is every page while no version is without problems: the
// problems, and the live script, which loads the page again once they are
// fixed.
func (l *live) problemsPage(w http.ResponseWriter) {
	state, _ := l.current()
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Content problems · ` + ui.Name + `</title><script src="` + livePrefix + `live.js" defer></script>` +
		`<style>body{font:16px/1.5 system-ui,sans-serif;margin:1rem auto;padding:0 1rem;max-width:46rem}code{overflow-wrap:anywhere}</style></head><body>` +
		`<h1>The articles have problems</h1><p>Nothing is served until they are fixed. Save a fix and this page loads the app by itself.</p><ul>`)
	for _, p := range state.Problems {
		b.WriteString("<li><code>" + html.EscapeString(p) + "</code></li>")
	}
	b.WriteString("</ul></body></html>")
	setSecurityHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, b.String())
}
