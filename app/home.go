package app

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// home lists every article, newest review first, with the therapy-type
// filter. The filter lives in the URL (?topic=a&topic=b): OnNav derives the
// selection from it, on the server and in the browser alike, so a shared or
// bookmarked link, back and forward all show the same list.
type home struct {
	app.Compo
	pager             // how much of a long list is shown, from ?show=
	selected []string // unexported: go-app keeps it across navigations
	q        string   // the search, from ?q=
	url      *url.URL
}

func (h *home) OnMount(ctx app.Context) {
	// The header's search box sends each keystroke here.
	ctx.Handle(searchAction, func(ctx app.Context, a app.Action) {
		h.q, _ = a.Value.(string)
		h.url = ctx.Page().URL()
		h.show = listPage // a new search starts at the top of its results
	})
}

func (h *home) OnNav(ctx app.Context) {
	h.url = ctx.Page().URL()
	h.selected = selectedTopics(h.url, Corpus())
	h.q = h.url.Query().Get("q")
	h.fromURL(h.url)
	setPage(ctx, Name, "Plain-language, evidence-based articles on treatment-resistant depression, readable offline.")
}

// onKey makes Space toggle a filter chip like the checkbox it announces
// itself as; Enter already follows the link.
func (h *home) onKey(ctx app.Context, e app.Event) {
	if e.Get("key").String() == " " {
		e.PreventDefault()
		ctx.Navigate(e.Get("currentTarget").Get("href").String())
	}
}

func (h *home) Render() app.UI {
	c := Corpus()
	counts := c.Counts()
	list := c.Filter(h.selected)
	q := strings.TrimSpace(h.q)
	var hits []content.Hit
	status := resultText(len(list), len(c.Articles), h.selected, c)
	if q != "" {
		hits = searchIndex().Search(q, h.selected)
		status = searchText(q, len(hits), h.selected, c)
	}

	filter := app.Section().Class("filter").Aria("labelledby", "filter-label").Body(
		app.H2().ID("filter-label").Class("filter-label").Text(filterLabel(q)),
		app.Div().Role("group").Aria("labelledby", "filter-label").Class("chips").Body(
			h.chip(homeURL(nil, h.q), "All topics", len(c.Articles), len(h.selected) == 0, "all"),
			app.Range(c.Topics).Slice(func(i int) app.UI {
				t := c.Topics[i]
				on := slices.Contains(h.selected, t.ID)
				return h.chip(homeURL(toggled(h.selected, t.ID, c), h.q), t.Label, counts[t.ID], on, t.ID)
			}),
		),
	)
	count := app.P().Class("result-count").Role("status").Aria("live", "polite").Text(status)

	if q != "" {
		// Searching: the results come first, so they are on the first
		// screen of a phone; the topics follow, to narrow them.
		return layout(
			app.Section().Class("intro").Body(app.H1().Text("Search")),
			listing(h.address(),
				count,
				searchResults(q, hits[:h.shown(len(hits))], h.selected),
				h.moreLink(h.address(), len(hits)),
				filter,
			),
		)
	}
	return layout(
		app.Section().Class("intro").Body(
			app.H1().Text(Name),
			app.P().Class("lead").Text("Clear, evidence-based articles on treatment-resistant depression: what to try when antidepressants have not helped. Every claim is linked to its source, and everything works with no connection."),
		),
		&continueReading{},
		listing(h.address(),
			filter,
			count,
			app.If(len(list) == 0, func() app.UI {
				return app.Div().Class("empty").Body(
					app.H2().Text("No articles on this yet"),
					app.P().Text("Nothing here carries the topics you picked. More articles are being written and checked against their sources."),
					app.P().Body(
						app.A().Class("btn").Href("/").Text("Show all articles"),
					),
					crisisNote(),
				)
			}).Else(func() app.UI {
				return articleList(list[:h.shown(len(list))])
			}),
			h.moreLink(h.address(), len(list)),
		),
	)
}

// listKeys are the query parameters that choose what a list shows. A page
// answered for an address with any of them may have been rendered for the
// bare address (a static host or the service worker serves one page per
// path): web/boot.js, part 5, reads the same keys. Keep the two in step.
var listKeys = []string{"q", "topic", "for", "show"}

// listing holds what the address chooses: the filter, the count, the list
// and "Show more". Rendered for an address without listKeys it is marked
// "bare", and followed by a note: when the reader's address does carry them,
// the stylesheet hides the bare listing and shows the note until the app has
// drawn the right list, so an unfiltered list never shows for a filtered
// address, not even for the moment before the app starts.
func listing(u *url.URL, body ...app.UI) app.UI {
	q := u.Query()
	bare := !slices.ContainsFunc(listKeys, q.Has)
	class := "listing"
	if bare {
		class += " bare"
	}
	return app.Div().Body(
		app.Div().Class(class).Body(body...),
		app.If(bare, func() app.UI {
			return app.P().Class("list-pending").Role("status").Body(
				app.Span().Class("finding").Text("Finding the articles for this address\u2026"),
				app.Span().Class("failed").Body(
					app.Text("This list cannot be shown here, because the app could not start. "),
					app.A().Href("/").Text("Show all articles"),
					app.Text("."),
				),
			)
		}),
	)
}

// address is the page's current address (set in OnNav; "/" before).
func (h *home) address() *url.URL {
	if h.url == nil {
		return &url.URL{Path: "/"}
	}
	return h.url
}

// chip is one filter toggle. It is a real link to the filtered address, so
// it works before the wasm starts and can be opened in a new tab; it
// announces itself as a checkbox so screen readers say whether it is on.
func (h *home) chip(href, label string, count int, on bool, id string) app.UI {
	return app.A().
		Class("chip").
		ID("chip-"+id).
		Href(href).
		Role("checkbox").
		Aria("checked", on).
		OnKeyDown(h.onKey, app.EventScope(id)).
		Body(
			app.Span().Text(label),
			app.Span().Class("count").Aria("label", fmt.Sprintf(", %d %s", count, plural(count, "article", "articles"))).Text(count),
		)
}

// resultText is the sentence announced to screen readers when the list changes.
func resultText(shown, total int, selected []string, c *content.Corpus) string {
	if len(selected) == 0 {
		return fmt.Sprintf("Showing all %d %s.", total, plural(total, "article", "articles"))
	}
	labels := make([]string, len(selected))
	for i, id := range selected {
		labels[i] = c.Topic(id).Label
	}
	return fmt.Sprintf("Showing %d of %d %s about %s.", shown, total, plural(total, "article", "articles"), strings.Join(labels, " or "))
}

// articleList is the list of article cards used by home, topic and saved pages.
func articleList(list []*content.Article) app.UI {
	c := Corpus()
	return app.Ul().Class("cards").Body(
		app.Range(list).Slice(func(i int) app.UI {
			a := list[i]
			return app.Li().Class("card").Body(
				app.H2().Body(app.A().Href("/articles/"+a.Slug).Text(a.Title)),
				app.P().Class("summary").Text(a.Summary),
				topicLinks(a.Topics, c),
				app.Div().Class("card-foot").Body(
					app.P().Class("meta").Text(fmt.Sprintf("%d min read · Reviewed %s", a.ReadingMinutes(), formatDate(a.Reviewed))),
					&saveButton{Slug: a.Slug, Title: a.Title, Compact: true},
				),
			)
		}),
	)
}

// topicLinks links each topic of an article to its topic page.
func topicLinks(ids []string, c *content.Corpus) app.UI {
	return app.Ul().Class("tags").Aria("label", "Topics").Body(
		app.Range(ids).Slice(func(i int) app.UI {
			t := c.Topic(ids[i])
			if t == nil {
				return nil
			}
			return app.Li().Body(app.A().Class("tag").Href("/topics/" + t.ID).Text(t.Label))
		}),
	)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func filterLabel(q string) string {
	if q != "" {
		return "Narrow by therapy type"
	}
	return "Filter by therapy type"
}
