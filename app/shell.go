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
					app.Img().Src("/web/icons/icon-192.png").Role("presentation").Aria("hidden", "true").Width(28).Height(28),
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

// The page shell: every page's layout, with a slot (ShellSlot) wherever an
// article page has something of its own: its title and description in
// the head, its address, and its main content. The server renders it at
// ShellPath, a route only the server has (it is never linked, and the
// server answers that address from outside with the not-found page), so
// that the service worker can keep one shell and compose each article's
// offline page from it and the article's own parts, rather than store a
// thousand copies of the same header and footer (cmd/nextsteps/pages.go).
const (
	// ShellSlot marks a slot: plain letters, which every escaping leaves
	// as they are, and which no page's text has (the build checks).
	ShellSlot = "nextstepsshellslot"
	// ShellPath is the shell's address: the slot itself, so that the
	// page's own address in its head (og:url) is a slot too.
	ShellPath = "/" + ShellSlot
)

// pageShell is the page at ShellPath.
type pageShell struct {
	app.Compo
	corpus *content.Corpus
}

func (p *pageShell) OnNav(ctx app.Context) { setPage(ctx, ShellSlot, ShellSlot) }

func (p *pageShell) Render() app.UI { return layout(p.corpus, app.Text(ShellSlot)) }
