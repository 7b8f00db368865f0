package app

import (
	"errors"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// The pages' addresses are named once, in content (content/site.go: the
// articles are checked against them too), and built with its functions
// (content.ArticlePath, ...). Every href the app renders is such a
// root-relative path, and every place that reads the current page's
// address goes through pagePath.

// pagePath is the path of the page an address shows, as the routes see it
// (see sitePage): the one function that reads a page's path from a URL.
func pagePath(u *url.URL) string { return sitePage(u).Path }

// sitePage is u with the path the site is hosted under taken off: the
// address as the routes see it, /articles/x for
// https://example.org/next-steps/articles/x when the site is built with
// -base /next-steps. Links built from it are written under the base again
// by go-app, on the server and in the browser alike (cmd/trimgoapp). At a
// domain root, and on the server (which renders /articles/x), it is u.
func sitePage(u *url.URL) *url.URL {
	prefix := app.Getenv("GOAPP_ROOT_PREFIX")
	if prefix == "" || prefix == "/" {
		return u
	}
	rel := *u
	switch {
	case u.Path == prefix:
		rel.Path = content.HomePath
	case strings.HasPrefix(u.Path, prefix+"/"):
		rel.Path = strings.TrimPrefix(u.Path, prefix)
	default:
		return u
	}
	rel.RawPath = ""
	return &rel
}

// under matches the paths of the pages under prefix: one path segment
// after it (/articles/<slug>). Routes are matched by functions, not regular
// expressions, so app.wasm links no regexp package (cmd/trimgoapp's
// routeFuncs: go-app's RouteFunc).
func under(prefix string) func(path string) bool {
	return func(path string) bool {
		id, ok := strings.CutPrefix(path, prefix)
		return ok && id != "" && !strings.Contains(id, "/")
	}
}

// anyPath matches every path: the not-found page's route, tried last.
func anyPath(path string) bool { return strings.HasPrefix(path, "/") }

// routed is the corpus the routes build their pages with (see Route).
var routed struct {
	sync.Mutex // held while registering or replacing
	corpus     atomic.Pointer[content.Corpus]
}

// Route registers every page, each built with the corpus c. Call it before
// app.RunWhenOnBrowser in the wasm, and before pre-rendering on the server,
// so both route the same way.
//
// go-app's router is one table per process (app.Route replaces a path, but
// app.RouteFunc appends, so registering twice would leave the first
// registration winning): the routes, and so the corpus the pages are built
// with, are per process too. Route registers them once; called again with
// the same corpus it does nothing, and with another one it refuses rather
// than serve a corpus other than the one the caller holds. Only the holder
// of the routed corpus can replace it, with Reroute.
func Route(c *content.Corpus) error {
	if c == nil {
		return errors.New("app: Route needs a corpus")
	}
	routed.Lock()
	defer routed.Unlock()
	switch routed.corpus.Load() {
	case c:
		return nil
	case nil:
	default:
		return errors.New("app: the routes already serve another corpus (go-app's router is one per process)")
	}
	routed.corpus.Store(c)
	// Each page takes the corpus routed when it is built.
	corpus := routed.corpus.Load
	app.Route(content.HomePath, func() app.Composer { return &home{corpus: corpus()} })
	app.Route(content.HelpPath, func() app.Composer { return &help{corpus: corpus()} })
	app.Route(content.AboutPath, func() app.Composer { return &about{corpus: corpus()} })
	app.Route(content.SavedPath, func() app.Composer { return &saved{corpus: corpus()} })
	app.Route(content.ComparePath, func() app.Composer { return &comparePage{corpus: corpus()} })
	app.Route(content.QuestionsPath, func() app.Composer { return &questionsPage{corpus: corpus()} })
	app.RouteFunc(under(content.ArticlesPrefix), func() app.Composer { return &articlePage{corpus: corpus()} })
	app.RouteFunc(under(content.TopicsPrefix), func() app.Composer { return &topicPage{corpus: corpus()} })
	app.RouteFunc(under(content.ForPrefix), func() app.Composer { return &topicPage{corpus: corpus()} })
	if !app.IsClient {
		// The page shell is the server's alone (shell.go): the app never
		// shows it.
		app.Route(ShellPath, func() app.Composer { return &pageShell{corpus: corpus()} })
	}
	// Everything else gets our not-found page, in the browser too (go-app's
	// own would otherwise replace the pre-rendered one once the wasm runs).
	app.RouteFunc(anyPath, func() app.Composer { return &notFound{corpus: corpus()} })
	return nil
}

// Reroute hands the routes the corpus next in place of old, which must be
// the one they serve: pages built from then on get next. The server does
// so when an author's edit is reloaded (`serve -content`, as `make run`
// runs it); pages already built keep the corpus they were built with.
func Reroute(old, next *content.Corpus) error {
	if next == nil {
		return errors.New("app: Reroute needs a corpus")
	}
	routed.Lock()
	defer routed.Unlock()
	if old == nil || !routed.corpus.CompareAndSwap(old, next) {
		return errors.New("app: Reroute: the routes do not serve the corpus to replace")
	}
	return nil
}

// Prepare reads what the app's first render of the address u needs from
// the corpus's data files (see content.Corpus.Text): the article's text on
// an article page; for a search, the shards of the search index it needs
// and the texts of the hits the list shows. main calls it before go-app
// mounts the page, so that the app's first page is whole: the pre-rendered
// one stays until it is (go-app counts the app as started once its first
// page is mounted, cmd/trimgoapp's startedWhenMounted).
//
// A search waits at most searchBudget: past it, the app starts saying
// "Searching for …" and the home page draws the results once read
// (home.find), rather than holding the start longer.
func Prepare(c *content.Corpus, u *url.URL) {
	u = sitePage(u)
	if slug, ok := content.ArticleSlug(u.Path); ok {
		if a := c.Article(slug); a != nil {
			_ = c.Text(a) // the page says why, if it fails
		}
	}
	if q := strings.TrimSpace(u.Query().Get("q")); u.Path == content.HomePath && q != "" {
		read := make(chan struct{})
		go func() {
			defer close(read)
			c.Index().SearchPage(q, selectedTopics(u, c), selectedFor(u, c), shownCount(u, pageFor(q)))
		}()
		select {
		case <-read:
		case <-time.After(searchBudget):
		}
	}
}

// WarmSearch runs what a reader's first search runs, short of the page:
// the search, its snippets and the home page's tree for its results,
// drawn nowhere. The warm-up worker calls it after the start (boot.js,
// part 11), so that the browser compiles those functions there, off the
// page's thread, and not in the reader's first keystrokes. It searches
// for the first word of the first article's title that can be searched,
// reading only the files the worker has stored; what it finds is not
// kept.
func WarmSearch(c *content.Corpus) {
	if len(c.Articles) == 0 {
		return
	}
	var q string
	for _, w := range strings.Fields(c.Articles[0].Title) {
		if content.Searchable(w) {
			q = w
			break
		}
	}
	u := &url.URL{Path: content.HomePath, RawQuery: url.Values{"q": {q}}.Encode()}
	h := &home{corpus: c}
	h.read(u)
	c.Index().SearchPage(q, h.selected, h.forSel, h.shown(1<<30))
	h.findNow()
	h.Render()
}

// searchBudget is how long Prepare waits for a search's files. The wait
// holds nothing up: the pre-rendered page shows the results meanwhile, its
// links work, and boot.js carries over a press or typing; the browser's
// thread is free (Go's wasm hands it back while it waits). What ends the
// wait early costs the reader: the app's first page, saying "Searching",
// replaces the results shown, which come back once read. At 300 ms, when
// a first search built the whole index (minutes at 10,000 articles), a
// /?q= start on a slow machine (two busy cores, the worker saving the
// library) replaced them in 4 of 6 runs of TestStartAdoptsThePage; at 2 s,
// in none of 4. The index is now read a shard at a time: a search reads
// one shard and the texts of the hits it shows.
const searchBudget = 2 * time.Second
