package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// notFound is the page for any address the app does not know.
type notFound struct {
	app.Compo
	corpus *content.Corpus
}

func (p *notFound) OnNav(ctx app.Context) { setNotFound(ctx) }

func (p *notFound) Render() app.UI { return notFoundBody(p.corpus) }

func setNotFound(ctx app.Context) {
	setPage(ctx, "Page not found", "This page does not exist.")
}

// notFoundBody is shared by the not-found page and by article and topic
// pages whose slug or id is unknown.
func notFoundBody(c *content.Corpus) app.UI {
	return layout(c,
		app.Section().Class("intro notfound").Body(
			app.H1().Text("Page not found"),
			app.P().Class("lead").Text("There is no page at this address. It may have moved, or the link may be mistyped."),
			app.P().Body(app.A().Class("btn primary").Href(content.HomePath).Text("Go to all articles")),
			crisisNote(),
		),
	)
}
