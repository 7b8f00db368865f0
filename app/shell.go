package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// layout is the shell every page shares: a skip link, the header with the
// one-tap crisis link, the page's main content, the footer, and the status
// bar. It is a function rather than a component so that each page stays a
// single component with a single root. c is the page's corpus, which the
// header's search box needs.
func layout(c *content.Corpus, main ...app.UI) app.UI {
	return app.Div().Class("page").Body(
		app.A().Class("skip").Href("#"+mainID).Text("Skip to content"),
		app.Header().Class("top").Body(
			app.Div().Class("bar").Body(
				app.A().Class("brand").Href(content.HomePath).Body(
					app.Img().Src("/web/icons/icon.svg").Role("presentation").Aria("hidden", "true").Width(28).Height(28),
					app.Span().Text(Name),
				),
				&searchBox{corpus: c},
				app.Nav().Aria("label", "Main").Body(
					&questionsLink{},
					app.A().Href(content.SavedPath).Text("Saved"),
					app.A().Href(content.AboutPath).Text("About"),
				),
				// Beside the navigation rather than in it, so that on a
				// phone it shares the first row with the name (web/app.css).
				app.A().Class("help-link").Href(content.HelpPath).Text(content.HelpTitle),
			),
		),
		app.Main().ID(mainID).TabIndex(-1).Body(main...),
		app.Footer().Class("foot").Body(
			app.P().Body(
				app.Text("Next Steps gives general information, not medical advice. Talk to your doctor before changing any treatment. "),
				app.A().Href(content.HelpPath).Text("In a crisis? "+content.HelpTitle+"."),
			),
			app.P().Body(
				app.A().Href(content.HomePath).Text("All articles"),
				app.Text(" · "),
				app.A().Href(content.AboutPath).Text("About and privacy"),
			),
			&displaySettings{},
			&offlineStatus{},
		),
		&statusBar{},
	)
}

// crisisNote is the short pointer to crisis help placed beside content.
func crisisNote() app.UI {
	return app.P().Class("crisis-note").Body(
		app.Text(content.CrisisLead),
		app.A().Href(content.HelpPath).Text(content.CrisisAction+": crisis lines and emergency numbers"),
		app.Text("."),
	)
}
