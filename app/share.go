package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// shareButton shares an article's address: through the system share sheet
// where the browser has one (Web Share API), else by copying the link, with
// a confirmation either way. Given Text, it shares that text instead (My
// questions as plain text).
type shareButton struct {
	app.Compo
	Title string
	Path  string
	Text  string

	status string // what happened, announced to screen readers
	manual string // the link to copy by hand when copying failed
}

func (b *shareButton) share(ctx app.Context, e app.Event) {
	win := app.Window()
	link := win.Get("location").Get("origin").String() + ctx.ResolveStaticResource(b.Path)
	nav := win.Get("navigator")
	b.manual = ""
	if b.Text != "" {
		if nav.Get("share").Truthy() {
			b.await(ctx, nav.Call("share", map[string]any{"title": b.Title, "text": b.Text}), "", "")
		} else if clip := nav.Get("clipboard"); clip.Truthy() {
			b.await(ctx, clip.Call("writeText", b.Text), "Copied as text.", b.Text)
		} else {
			b.manual = b.Text
		}
		return
	}
	if nav.Get("share").Truthy() {
		b.await(ctx, nav.Call("share", map[string]any{"title": b.Title, "url": link}), "", "")
		return
	}
	if clip := nav.Get("clipboard"); clip.Truthy() {
		b.await(ctx, clip.Call("writeText", link), "Link copied.", link)
		return
	}
	b.manual = link
}

// await reports the outcome of a browser promise: ok on success, and on
// failure the link to copy by hand (a cancelled share sheet says nothing).
func (b *shareButton) await(ctx app.Context, promise app.Value, ok, manual string) {
	var done, failed app.Func
	finish := func(status, show string) {
		ctx.Dispatch(func(ctx app.Context) {
			b.status, b.manual = status, show
			if status != "" {
				ctx.After(4*time.Second, func(app.Context) { b.status = "" })
			}
		})
		done.Release()
		failed.Release()
	}
	done = app.FuncOf(func(app.Value, []app.Value) any { finish(ok, ""); return nil })
	failed = app.FuncOf(func(app.Value, []app.Value) any { finish("", manual); return nil })
	promise.Call("then", done, failed)
}

func (b *shareButton) Render() app.UI {
	return app.Span().Class("share").Body(
		app.Button().Class("btn").Text("Share").OnClick(b.share),
		app.Span().Class("note").Role("status").Text(b.status),
		app.If(b.manual != "" && b.Text != "", func() app.UI {
			return app.Label().Class("manual-link").Body(
				app.Span().Text("Copy this text: "),
				app.Input().Type("text").ReadOnly(true).Value(b.manual).OnFocus(func(ctx app.Context, e app.Event) {
					ctx.JSSrc().Call("select")
				}),
			)
		}).ElseIf(b.manual != "", func() app.UI {
			return app.Label().Class("manual-link").Body(
				app.Span().Text("Copy this link: "),
				app.Input().Type("text").ReadOnly(true).Value(b.manual).OnFocus(func(ctx app.Context, e app.Event) {
					ctx.JSSrc().Call("select")
				}),
			)
		}),
	)
}
