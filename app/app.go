// Package app holds the reader's user interface: one go-app component per
// page (home, article, topic and "Who it's for", help, about, saved, not found) and the shell
// they share (header with the crisis link, update banner, install button,
// offline status, footer).
//
// The same code runs twice: on the server (or the static generator) to
// pre-render each page, and in the browser as app.wasm. Both read the same
// embedded corpus (see Corpus), so the pre-rendered HTML and the wasm's DOM
// are the same and nothing is fetched at run time.
package app

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Name is the app's name, used in titles and the manifest.
const Name = "Next Steps"

// Route registers every page. Call it in main before app.RunWhenOnBrowser,
// in both the server and the wasm build, so both route the same way. It is
// safe to call more than once (tests build sites without running main).
var Route = sync.OnceFunc(func() {
	app.Route("/", func() app.Composer { return &home{} })
	app.Route("/help", func() app.Composer { return &help{} })
	app.Route("/about", func() app.Composer { return &about{} })
	app.Route("/saved", func() app.Composer { return &saved{} })
	app.RouteWithRegexp(`^/articles/[^/]+$`, func() app.Composer { return &articlePage{} })
	app.RouteWithRegexp(`^/topics/[^/]+$`, func() app.Composer { return &topicPage{} })
	app.RouteWithRegexp(`^/for/[^/]+$`, func() app.Composer { return &topicPage{} })
	// Everything else gets our not-found page, in the browser too (go-app's
	// own would otherwise replace the pre-rendered one once the wasm runs).
	app.RouteWithRegexp(`^/`, func() app.Composer { return &notFound{} })
})

// sitePage is u with the site's path prefix removed, the address as the
// routes see it: /articles/x for https://example.org/next-steps/articles/x
// when the site is hosted under /next-steps (build -base). Links built from
// it are written with the prefix again by go-app, on the server and in the
// browser alike (see cmd/trimgoapp). Without a prefix it is u as it is.
func sitePage(u *url.URL) *url.URL {
	prefix := app.Getenv("GOAPP_ROOT_PREFIX")
	if prefix == "" || prefix == "/" {
		return u
	}
	rel := *u
	switch {
	case u.Path == prefix:
		rel.Path = "/"
	case strings.HasPrefix(u.Path, prefix+"/"):
		rel.Path = strings.TrimPrefix(u.Path, prefix)
	}
	rel.RawPath = ""
	return &rel
}

// formatDate writes a date the way people say it: "25 November 2026".
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// setPage sets the document title and description for a page, from its
// OnNav, and reveals what boot.js held back.
func setPage(ctx app.Context, title, description string) {
	if title != Name {
		title += " · " + Name
	}
	ctx.Page().SetTitle(title)
	ctx.Page().SetDescription(description)
	// web/boot.js (part 5) hid what the pre-rendered page could not know: a
	// list for the address, the Save and display states. go-app's first
	// render precedes OnNav (and the OnMounts queued before it), so it still
	// shows the bare page's state; the frame after this OnNav shows the right
	// one. Deferred functions run at the end of that frame, in the same task,
	// so the page is revealed with nothing stale ever painted. (In the status
	// bar's OnMount this raced: a frame could run between it and OnNav.)
	ctx.Defer(func(app.Context) {
		app.Window().Get("document").Get("documentElement").Call("removeAttribute", "data-pending")
	})
}
