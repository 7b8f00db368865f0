package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// installDismissedKey remembers that the reader said "not now" to installing.
const installDismissedKey = "nextsteps.install-dismissed.v1"

// statusBar shows what needs the reader's attention: an update ready to
// load, the offer to install (on the home page only, never over the crisis
// lines), and a notice while offline. Its messages are fixed in place, so
// nothing it shows moves the page's text. The update and install messages
// appear once the wasm runs. The offline notice is always in the page, the
// pre-rendered one too, and the stylesheet shows it only while the browser
// is offline (cmd/nextsteps/boot.js keeps data-offline on <html> up to date): so it
// never claims "offline" before the app knows, and needs no app to appear.
type statusBar struct {
	app.Compo

	updatable   bool
	offerable   bool // this page may offer installation
	installable bool
	apple       bool
	appleHelp   bool
	dismissed   bool

	release []func()
}

func (s *statusBar) OnMount(ctx app.Context) {
	s.updatable = ctx.AppUpdateAvailable()
	s.offerable = pagePath(ctx.Page().URL()) == content.HomePath
	s.installState(ctx)
	getStored(installDismissedKey, &s.dismissed) // unreadable: offer again
	s.release = append(s.release,
		onWindowEvent(ctx, "online", func(app.Context) {
			app.TryUpdate() // a reader back from offline gets new articles
		}),
	)
}

func (s *statusBar) OnDismount() { releaseAll(&s.release) }

// OnAppUpdate runs when a new version has been downloaded and cached.
func (s *statusBar) OnAppUpdate(ctx app.Context) { s.updatable = ctx.AppUpdateAvailable() }

// OnAppInstallChange runs when the browser offers or completes installation.
func (s *statusBar) OnAppInstallChange(ctx app.Context) { s.installState(ctx) }

func (s *statusBar) installState(ctx app.Context) {
	s.installable = ctx.IsAppInstallable()
	s.apple = ctx.IsAppleBrowser()
	if app.Window().Call("goappIsAppInstalled").Bool() {
		askPersistence() // an installed reader expects the app to keep its data
	}
}

func (s *statusBar) install(ctx app.Context, e app.Event) {
	if s.apple {
		// Safari has no install prompt: explain the manual steps instead.
		s.appleHelp = !s.appleHelp
		return
	}
	ctx.ShowAppInstallPrompt()
}

func (s *statusBar) dismiss(ctx app.Context, e app.Event) {
	s.dismissed = true
	setStored(installDismissedKey, true) // if it cannot be kept, it is asked again next time
}

func (s *statusBar) Render() app.UI {
	return app.Div().Class("statusbar").Body(
		app.If(s.updatable, func() app.UI {
			return app.Div().Class("banner").Role("status").Body(
				app.Span().Text("Updated articles are ready."),
				app.Button().Class("btn primary").Text("Reload").OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
			)
		}).ElseIf(s.offerable && s.installable && !s.dismissed, func() app.UI {
			return app.Div().Class("banner install").Body(
				app.Span().Text("Install Next Steps to read it any time, even with no signal."),
				app.Button().Class("btn primary").Text("Install").Aria("expanded", s.apple && s.appleHelp).OnClick(s.install),
				app.Button().Class("btn").Text("Not now").OnClick(s.dismiss),
				app.If(s.apple && s.appleHelp, func() app.UI {
					return app.P().Class("apple-help").Text("In Safari, tap the Share button, then \u201cAdd to Home Screen\u201d.")
				}),
			)
		}),
		app.P().Class("offline-notice").Role("status").Text("You\u2019re offline. Every article still opens."),
	)
}

// offlineStatus is the footer line that says honestly whether the app
// works offline yet. It says "Saved for offline reading" only once the
// service worker has every page, asset and article: on a first visit it
// takes over with the pages and assets, and saves the articles after
// (cmd/nextsteps/worker.js). boot.js hears it from the worker and marks
// the page (savedFlag, savedEvent). The line's height is reserved in the
// pre-rendered page, so filling it in moves nothing.
type offlineStatus struct {
	app.Compo
	mounted bool
	ready   bool
	unsaved int // articles the worker could not save (unsavedFlag)
	// unsavedSearch: part of the search index could not be saved
	// (unsavedSearchFlag).
	unsavedSearch bool
	online        bool
	release       []func()
}

func (o *offlineStatus) OnMount(ctx app.Context) {
	o.mounted = true
	o.online = app.Window().Get("navigator").Get("onLine").Bool()
	o.readSaved()
	o.release = append(o.release,
		onWindowEvent(ctx, "online", func(app.Context) { o.online = true }),
		onWindowEvent(ctx, "offline", func(app.Context) { o.online = false }),
		onWindowEvent(ctx, savedEvent, func(app.Context) { o.readSaved() }),
	)
}

// readSaved reads what boot.js marked <html> with: every article saved,
// or how many could not be.
func (o *offlineStatus) readSaved() {
	html := app.Window().Get("document").Get("documentElement")
	o.ready = html.Call("hasAttribute", "data-"+savedFlag).Bool()
	o.unsaved, _ = strconv.Atoi(html.Call("getAttribute", "data-"+unsavedFlag).String())
	o.unsavedSearch = html.Call("hasAttribute", "data-"+unsavedSearchFlag).Bool()
}

func (o *offlineStatus) OnDismount() { releaseAll(&o.release) }

func (o *offlineStatus) Render() app.UI {
	p := app.P().Class("offline-status").Aria("live", "polite")
	if o.saving() {
		// The installing worker's count ("340 of 1,000") goes into the
		// empty span as it comes, written by cmd/nextsteps/boot.js (part
		// 10), not by this component: each go-app update redraws every
		// ancestor, the whole page, and a redraw four times a second
		// could set back a field the reader is typing in. Screen readers
		// hear the sentence once, not every count.
		return p.Body(
			app.Text("Saving the articles for offline reading"),
			app.Span().Class(savingCountClass).Aria("hidden", true),
			app.Text("\u2026"),
		)
	}
	return p.Text(o.text())
}

// saving reports whether the worker is still saving the site, online.
func (o *offlineStatus) saving() bool {
	return o.mounted && o.online && !o.ready && o.unsaved == 0 && !o.unsavedSearch
}

func (o *offlineStatus) text() string {
	var missing string // what could not be saved
	switch articles := fmt.Sprintf("%d %s", o.unsaved, plural(o.unsaved, "article", "articles")); {
	case o.unsaved > 0 && o.unsavedSearch:
		missing = articles + " and part of the search index"
	case o.unsaved > 0:
		missing = articles
	case o.unsavedSearch:
		missing = "part of the search index"
	}
	// A search without its index's shard says so on the page (home).
	switch {
	case !o.mounted:
		return ""
	case !o.online && o.ready:
		return "You\u2019re offline. Every article is saved on this device."
	case !o.online && missing != "":
		return "You\u2019re offline. Everything is saved on this device but " + missing + ", which could not be downloaded."
	case !o.online:
		return "You\u2019re offline, and this device has not finished saving the articles yet."
	case o.ready:
		return "\u2713 Saved for offline reading on this device."
	case missing != "":
		return "Saved for offline reading on this device, except " + missing + " that could not be downloaded. " +
			plural(o.unsaved+boolInt(o.unsavedSearch), "It", "They") + " will be tried again the next time you open a page online."
	}
	return "Saving the articles for offline reading\u2026"
}

// onWindowEvent calls f on the UI goroutine whenever window fires event.
// It returns the function that removes the listener.
func onWindowEvent(ctx app.Context, event string, f func(app.Context)) func() {
	return listenWindow(event, nil, func(app.Value) { ctx.Dispatch(f) })
}

func releaseAll(fns *[]func()) {
	for _, f := range *fns {
		f()
	}
	*fns = nil
}

// boolInt is 1 for true.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
