package app

import (
	"errors"
	"net/url"
	"regexp"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// The pages' addresses are named once, in content (content/site.go: the
// articles are checked against them too), and built with its functions
// (content.ArticlePath, ...). Every href the app renders is such a
// root-relative path, and every place that reads the current page's
// address goes through pagePath.

// pagePath is the path of the page an address shows: the one function
// that reads a page's path from a URL, so that hosting the site under a
// path prefix has one place to take it off.
func pagePath(u *url.URL) string { return u.Path }

// idPattern is the route of the pages under prefix: one path segment after
// it (/articles/<slug>).
func idPattern(prefix string) string { return "^" + regexp.QuoteMeta(prefix) + "[^/]+$" }

// routed is the corpus the routes were registered with (see Route).
var routed struct {
	sync.Mutex
	corpus *content.Corpus
}

// Route registers every page, each built with the corpus c. Call it before
// app.RunWhenOnBrowser in the wasm, and before pre-rendering on the server,
// so both route the same way.
//
// go-app's router is one table per process (app.Route replaces a path, but
// app.RouteWithRegexp appends, so registering twice would leave the first
// registration winning): the routes, and so the corpus the pages are built
// with, are per process too. Route registers them once; called again with
// the same corpus it does nothing, and with another one it refuses rather
// than serve a corpus other than the one the caller holds.
func Route(c *content.Corpus) error {
	if c == nil {
		return errors.New("app: Route needs a corpus")
	}
	routed.Lock()
	defer routed.Unlock()
	switch routed.corpus {
	case c:
		return nil
	case nil:
	default:
		return errors.New("app: the routes already serve another corpus (go-app's router is one per process)")
	}
	routed.corpus = c
	app.Route(content.HomePath, func() app.Composer { return &home{corpus: c} })
	app.Route(content.HelpPath, func() app.Composer { return &help{corpus: c} })
	app.Route(content.AboutPath, func() app.Composer { return &about{corpus: c} })
	app.Route(content.SavedPath, func() app.Composer { return &saved{corpus: c} })
	app.RouteWithRegexp(idPattern(content.ArticlesPrefix), func() app.Composer { return &articlePage{corpus: c} })
	app.RouteWithRegexp(idPattern(content.TopicsPrefix), func() app.Composer { return &topicPage{corpus: c} })
	app.RouteWithRegexp(idPattern(content.ForPrefix), func() app.Composer { return &topicPage{corpus: c} })
	// Everything else gets our not-found page, in the browser too (go-app's
	// own would otherwise replace the pre-rendered one once the wasm runs).
	app.RouteWithRegexp(`^/`, func() app.Composer { return &notFound{corpus: c} })
	return nil
}
