package app

import (
	"net/url"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// listPage is how many entries a list of articles shows at first, and how
// many more each "Show more" adds. It keeps every list, and every change
// of filter, quick however large the corpus grows: the cost of a render
// follows what is on the page, not the corpus. A filter tap rewrites every
// entry shown, in place; at 50 entries, those were about a third of the
// tap (1,000 articles, no throttling: 20 ms to the DOM, 14 at 25, an
// interleaved comparison of 3 rounds of 14 taps). Twenty-five are some
// eight screens of a phone.
const listPage = 25

// searchPage is the same for a search's results. Each result carries a
// snippet, and the results are drawn again at every keystroke: a broad
// word's first letters ("li") matched every article, and drawing fifty
// results (some 300 elements) in place of the list made that keystroke
// the slowest of a search, 150-280 ms at 4x CPU slowdown. Ten fill a
// phone's screen three times over; the rest are a tap away.
const searchPage = 10

// shownCount reads how many entries to show from ?show=: a whole number of
// pages of page entries, at least one. Anything unreadable means one page.
func shownCount(u *url.URL, page int) int {
	n, err := strconv.Atoi(u.Query().Get("show"))
	if err != nil || n <= page {
		return page
	}
	if n > 1<<20 {
		n = 1 << 20
	}
	return (n + page - 1) / page * page
}

// withShown is the address u showing n entries.
func withShown(u *url.URL, n int) *url.URL {
	q := u.Query()
	q.Set("show", strconv.Itoa(n))
	v := *u
	v.RawQuery = encodeQuery(q)
	return &v
}

// pager is the "Show more" of a page with a long list; a page embeds it and
// calls fromURL in OnNav.
type pager struct {
	page int // entries a page, listPage when 0
	show int
	// onMore, when set, is called once more entries are to be shown: the
	// search results need the new entries' snippets (home.find).
	onMore func(ctx app.Context)
}

func (p *pager) fromURL(u *url.URL) { p.show = shownCount(u, p.perPage()) }

// perPage is how many entries a page holds.
func (p *pager) perPage() int {
	if p.page > 0 {
		return p.page
	}
	return listPage
}

// shown is how many of total entries to render.
func (p *pager) shown(total int) int {
	if p.show <= 0 {
		p.show = p.perPage()
	}
	return min(p.show, total)
}

// moreLink offers the next page when the list has more than is shown. It
// is a real link to the address with ?show= raised, so it works before
// the app runs (and on the server); the app adds the entries in place.
func (p *pager) moreLink(u *url.URL, total int) app.UI {
	shown := p.shown(total)
	return app.If(shown < total, func() app.UI {
		return app.P().Class("more").Body(
			app.A().Class("btn").Href(withShown(u, shown+p.perPage()).RequestURI()).OnClick(p.more).
				Text("Show "+strconv.Itoa(min(p.perPage(), total-shown))+" more"),
			app.Span().Class("note").Text(strconv.Itoa(shown)+" of "+strconv.Itoa(total)+" shown"),
		)
	})
}

// more shows the next page and moves the focus to its first entry, so a
// keyboard or screen-reader user carries on where the new entries begin.
func (p *pager) more(ctx app.Context, e app.Event) {
	if inNewTab(ctx, e) {
		return // the browser opens the link, the next page's address
	}
	e.PreventDefault()
	first := p.show
	p.show += p.perPage()
	ctx.Page().ReplaceURL(withShown(ctx.Page().URL(), p.show))
	if p.onMore != nil {
		p.onMore(ctx)
	}
	ctx.Defer(func(app.Context) {
		items := app.Window().Get("document").Call("querySelectorAll", "main .cards > li")
		if first < items.Length() {
			if a := items.Index(first).Call("querySelector", "a"); a.Truthy() {
				a.Call("focus")
			}
		}
	})
}
