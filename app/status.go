package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// statusBar shows what the app knows about itself: an update ready to load,
// the install button, and whether reading offline works. It sits in a fixed
// bar at the bottom so that nothing it shows moves the page's text.
//
// Its state only exists in the browser: the pre-rendered page has an empty
// bar, filled once the wasm runs.
type statusBar struct {
	app.Compo

	mounted      bool
	updatable    bool
	installable  bool
	apple        bool
	appleHelp    bool
	dismissed    bool
	online       bool
	offlineReady bool

	listeners []func() // removes the JS listeners added in OnMount
}

func (s *statusBar) OnMount(ctx app.Context) {
	s.mounted = true
	s.updatable = ctx.AppUpdateAvailable()
	s.installState(ctx)

	win := app.Window()
	nav := win.Get("navigator")
	s.online = nav.Get("onLine").Bool()
	s.listen(ctx, win, "online", func(ctx app.Context) {
		s.online = true
		app.TryUpdate() // a reader back from offline gets new articles
	})
	s.listen(ctx, win, "offline", func(ctx app.Context) { s.online = false })

	// navigator.serviceWorker.ready resolves once a worker is active, and
	// ours only activates after it has precached every page and asset: so
	// this is the honest moment to say the app works offline.
	if sw := nav.Get("serviceWorker"); sw.Truthy() {
		done := app.FuncOf(func(app.Value, []app.Value) any {
			ctx.Dispatch(func(app.Context) { s.offlineReady = true })
			return nil
		})
		sw.Get("ready").Call("then", done)
		s.listeners = append(s.listeners, done.Release)
	}
}

// listen adds a window event listener that updates the bar.
func (s *statusBar) listen(ctx app.Context, win app.Value, event string, f func(app.Context)) {
	fn := app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(f)
		return nil
	})
	win.Call("addEventListener", event, fn)
	s.listeners = append(s.listeners, func() {
		win.Call("removeEventListener", event, fn)
		fn.Release()
	})
}

func (s *statusBar) OnDismount() {
	for _, remove := range s.listeners {
		remove()
	}
	s.listeners = nil
}

// OnAppUpdate runs when a new version has been downloaded and cached.
func (s *statusBar) OnAppUpdate(ctx app.Context) { s.updatable = ctx.AppUpdateAvailable() }

// OnAppInstallChange runs when the browser offers or completes installation.
func (s *statusBar) OnAppInstallChange(ctx app.Context) { s.installState(ctx) }

func (s *statusBar) installState(ctx app.Context) {
	s.installable = ctx.IsAppInstallable()
	s.apple = ctx.IsAppleBrowser()
}

func (s *statusBar) install(ctx app.Context, e app.Event) {
	if s.apple {
		// Safari has no install prompt: explain the manual steps instead.
		s.appleHelp = !s.appleHelp
		return
	}
	ctx.ShowAppInstallPrompt()
}

func (s *statusBar) Render() app.UI {
	return app.Div().Class("statusbar").Body(
		app.If(s.updatable, func() app.UI {
			return app.Div().Class("banner").Role("status").Body(
				app.Span().Text("Updated articles are ready."),
				app.Button().Class("btn primary").Text("Reload").OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
			)
		}),
		app.If(s.installable && !s.dismissed && !s.updatable, func() app.UI {
			return app.Div().Class("banner install").Body(
				app.Span().Text("Add Next Steps to your home screen to read it any time, even with no signal."),
				app.Button().Class("btn primary").Text("Install").Aria("expanded", ariaBool(s.apple && s.appleHelp)).OnClick(s.install),
				app.Button().Class("btn").Text("Not now").OnClick(func(ctx app.Context, e app.Event) { s.dismissed = true }),
				app.If(s.apple && s.appleHelp, func() app.UI {
					return app.P().Class("apple-help").Text("In Safari, tap the Share button, then \u201cAdd to Home Screen\u201d.")
				}),
			)
		}),
		app.If(s.mounted, func() app.UI {
			return app.P().Class("offline-status").Role("status").Text(s.offlineText())
		}),
	)
}

func (s *statusBar) offlineText() string {
	switch {
	case !s.online && s.offlineReady:
		return "You\u2019re offline. Every article still opens."
	case !s.online:
		return "You\u2019re offline."
	case s.offlineReady:
		return "\u2713 Saved for offline reading"
	default:
		return "Saving for offline reading\u2026"
	}
}
