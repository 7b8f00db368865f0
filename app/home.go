package app

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// home lists every article, newest review first, with the therapy-type
// filter and the "Who it's for" filter below it. The filter lives in the URL
// (?topic=a&topic=b&for=c): OnNav derives the selection from it, on the
// server and in the browser alike, so a shared or bookmarked link, back and
// forward all show the same list.
type home struct {
	app.Compo
	corpus   *content.Corpus // the articles and topics (from Route)
	pager                    // how much of a long list is shown, from ?show=
	selected []string        // topics; unexported: go-app keeps it across navigations
	forSel   []string        // "Who it's for" entries, from ?for=
	q        string          // the search, from ?q=
	found    *found          // its results (find)
	url      *url.URL
	listed   bool        // the list was shown: a search keeps it, hidden (Render)
	linkQ    string      // the search the filter's links keep (filterChips)
	typed    *url.URL    // the search's address as typed, its results not yet drawn
	chosen   *chipChoice // the filter as tapped, its list not yet drawn
}

// drawTyped has the results of the search typed drawn, if there is one
// not yet drawn, and reports whether there was.
func (h *home) drawTyped(ctx app.Context) bool {
	u := h.typed
	if u == nil {
		return false
	}
	h.typed = nil
	h.read(u)
	h.find(ctx)
	return true
}

func (h *home) OnMount(ctx app.Context) {
	// The header's search box sends each keystroke here, with the
	// page's address as it will be (the box writes it once the reader
	// pauses): the search, from the top of its results.
	//
	// The results are drawn after the key's own frame, not in its task:
	// the letter shows at once, and keys typed before the results are
	// drawn are drawn together, once. Drawn in the key's task, they held
	// back the frame that shows the letter, 100-150 ms at 4x CPU
	// slowdown.
	ctx.Handle(searchAction, func(ctx app.Context, a app.Action) {
		ctx.PreventUpdate()
		if u, ok := a.Value.(*url.URL); ok {
			if h.typed == nil {
				afterPaint(ctx, func(ctx app.Context) {
					if !h.drawTyped(ctx) {
						ctx.PreventUpdate() // drawn already (a chip, Show more)
					}
				})
			}
			h.typed = u
		}
	})
	// The box has written the search's address into the browser's
	// history: the filter's links take it up. A search typed and not yet
	// drawn is left to its frame: the address is written a pause after
	// the last key (laterAddress), and a key that came just before it
	// had its results drawn here, in the frame the key's letter waited
	// for (TestKeyDrawnBeforeItsResults, 1 run in 6-8 under -race). A
	// chip tapped meanwhile draws it first (chipAction); "Show more"
	// shows more of the results on the page.
	ctx.Handle(addressAction, func(ctx app.Context, a app.Action) {
		if u, ok := a.Value.(*url.URL); ok {
			h.linkQ = u.Query().Get("q")
		}
	})
	// A chip tapped, or toggled with Space: the filter changes, and the
	// search typed so far stays, written or not.
	//
	// The chips have drawn the choice already (filterChips.chosen); the
	// list follows after that frame, in a task of its own, as a key's
	// results do. Drawn in the tap's task, the list held back the frame
	// that shows the chip pressed, and the chips were a tenth of the
	// tap's Go: in make bench's filter session at 4x CPU slowdown the
	// worst tap took 144-232 ms (medians of 3, four rounds), 120-168 ms
	// since. Taps made before the list is drawn are drawn together, once.
	ctx.Handle(chipAction, func(ctx app.Context, a app.Action) {
		ctx.PreventUpdate()
		c, ok := a.Value.(chipChoice)
		if !ok {
			return
		}
		if h.chosen == nil {
			afterPaint(ctx, func(ctx app.Context) {
				c := h.chosen
				if c == nil {
					ctx.PreventUpdate() // the page went elsewhere first
					return
				}
				h.chosen = nil
				h.drawTyped(ctx)
				// Under the path the site is hosted at, as go-app writes links.
				ctx.Navigate(ctx.ResolveStaticResource(homeURL(c.Topics, c.For, h.q)))
			})
		}
		h.chosen = &c
	})
	h.onMore = h.find
}

// OnDismount forgets the list: a page opened on a search builds only what
// it shows; and a filter tapped whose list was not drawn, as a navigation
// does (OnNav).
func (h *home) OnDismount() { h.listed, h.chosen = false, nil }

// found is a search's results: every hit, the shown ones with their
// snippets, for the search, filter and length of list in key.
type found struct {
	key  string
	q    string
	show int // how many hits have their snippets
	hits []content.Hit
	err  error // a shard of the search index could not be read
}

// searchKey is what the results depend on (see found).
func (h *home) searchKey() string {
	// Quoted parts, so that no two searches share a key. Not fmt's %q on
	// the slices: fmt prints a slice by reflection, code the browser would
	// otherwise compile for this one line.
	quoted := func(ids []string) string {
		q := make([]string, len(ids))
		for i, id := range ids {
			q[i] = strconv.Quote(id)
		}
		return "[" + strings.Join(q, " ") + "]"
	}
	return strconv.Quote(strings.TrimSpace(h.q)) + " " + quoted(h.selected) + " " + quoted(h.forSel) + " " + strconv.Itoa(h.shown(1<<30))
}

// find has the results of the address's search drawn. When the shards of
// the search index the query needs and the shown hits' texts are in memory
// (on the server, always), at once; else they are read in the background
// (content.Index.Find and Snippets read data files), and the list says
// "Searching" until they are, with the previous results kept in view. A
// result that comes back after the reader typed on is dropped.
func (h *home) find(ctx app.Context) {
	if h.findNow() {
		return
	}
	key, ix := h.searchKey(), h.corpus.Index()
	q, selected, forSel, show := strings.TrimSpace(h.q), h.selected, h.forSel, h.shown(1<<30)
	ctx.Async(func() {
		// In three parts, the browser's thread handed back before each
		// (app.Yield): the hits (reading the index's shards), the shown
		// hits' snippets (reading their texts), then the list drawn. On a
		// phone the first search ran the last two as one task, the code
		// of each compiled as it was first called: 200-280 ms at 4x CPU
		// slowdown, with the reader's next key held until it ended. And
		// the first part ran in the key's own task, after its answer
		// ("Searching for ..." drawn), until its first file read.
		app.Yield()
		f, err := ix.FindFor(q, selected, forSel)
		app.Yield()
		f.Snippets(show)
		app.Yield()
		ctx.Dispatch(func(app.Context) {
			if h.searchKey() == key {
				h.found = &found{key: key, q: q, show: show, hits: f.Hits, err: err}
			}
		})
	})
}

// findNow is find's quick way: it sets the results and reports true if
// it could without reading a file, or if there is nothing to search.
func (h *home) findNow() bool {
	q := strings.TrimSpace(h.q)
	if !content.Searchable(q) {
		h.found = nil
		return true
	}
	key, c := h.searchKey(), h.corpus
	if h.found != nil && h.found.key == key {
		return true
	}
	ix := c.Index()
	if !app.IsServer && !ix.Has(q) {
		return false
	}
	f, err := ix.FindFor(q, h.selected, h.forSel)
	hits := f.Hits
	shown := hits[:h.shown(len(hits))]
	for _, hit := range shown {
		if !app.IsServer && !c.HasText(hit.Article) {
			return false
		}
	}
	f.Snippets(len(shown))
	h.found = &found{key: key, q: q, show: len(shown), hits: hits, err: err}
	return true
}

// OnInit gives the page's first render the state of the address. go-app
// renders a component once before calling its OnNav (the server calls
// OnNav first), and that zero state would draw the unfiltered list for a
// frame. A navigation in the app writes the new address before it builds
// the page (cmd/trimgoapp, historyFirst), so this reads the page's own.
func (h *home) OnInit() {
	if app.IsClient {
		h.read(app.Window().URL())
		h.linkQ = h.q
		h.findNow() // a search Prepare read for
	}
}

func (h *home) OnNav(ctx app.Context) {
	h.typed, h.chosen = nil, nil // the address is now another's
	h.read(ctx.Page().URL())
	h.linkQ = h.q // a navigation writes the address at once
	h.find(ctx)
	setPage(ctx, Name, "Plain-language, evidence-based articles on treatment-resistant depression, readable offline.")
}

// read takes the filter, the search and the length of the list from the
// page's address.
func (h *home) read(u *url.URL) {
	u = sitePage(u)
	h.url = u
	h.selected = selectedTopics(u, h.corpus)
	h.forSel = selectedFor(u, h.corpus)
	h.q = u.Query().Get("q")
	h.page = pageFor(h.q)
	h.fromURL(u)
	h.listed = h.listed || h.page == listPage // not a search
}

// pageFor is how many entries a page of the home page's list holds: a
// search's results come searchPage at a time, the articles listPage.
func pageFor(q string) int {
	if content.Searchable(strings.TrimSpace(q)) {
		return searchPage
	}
	return listPage
}

func (h *home) Render() app.UI {
	c := h.corpus
	list := c.FilterBy(h.selected, h.forSel)
	q := strings.TrimSpace(h.q)
	// A query too short to search (the box's first letter) leaves the
	// list as it is, and says why: the page does not turn into "No
	// articles match" for a keystroke, and back at the next.
	searching := content.Searchable(q)
	listStatus := resultText(len(list), len(c.Articles), h.selected, h.forSel, c)
	status := listStatus
	if app.IsServer {
		h.findNow() // every shard and text is in memory there
	}
	f := h.found // while a search is read, the previous one's results
	switch {
	case q != "" && !searching:
		status += " Type two letters or more to search."
	case q == "":
	case f == nil || f.key != h.searchKey():
		status = "Searching for \u201c" + q + "\u201d\u2026"
	case f.err != nil:
		status = "Search cannot answer \u201c" + q + "\u201d yet: part of the search index could not be read on this device. Try again when you are online. (Details: " + f.err.Error() + ".)"
	default:
		status = searchText(q, len(f.hits), h.selected, h.forSel, c)
	}
	var hits []content.Hit // those with their snippets
	total := 0
	if f != nil {
		hits, total = f.hits[:min(f.show, len(f.hits))], len(f.hits)
	}

	filter := &filterChips{Corpus: c, Selected: h.selected, ForSel: h.forSel, Q: h.linkQ, Searching: searching}
	count := func(text string) app.UI {
		return app.P().Class("result-count").Role("status").Aria("live", "polite").Text(text)
	}

	// The page keeps one shape whether it searches or lists: the filter
	// between a slot for the search's results, first so that they are on
	// the first screen of a phone, and one for the list. go-app compares
	// a page with the one before place by place: when the results moved
	// the filter down the page, or the listing moved up in place of
	// "Continue reading", it drew them again from nothing, with their
	// handlers: the keystroke that started a search, and the results'
	// arrival, took 100-150 ms at 4x CPU slowdown.
	//
	// Once drawn (listed), the list stays on the page while the reader
	// searches, hidden: Escape, or the last letter deleted, shows it again
	// as it was, where drawing its cards again took 120-170 ms at 4x CPU
	// slowdown. Its cards are a component (cards) that go-app leaves as it
	// is while the articles and the saved ones are the same, so that a
	// keystroke does not draw them again either.
	found := app.Div().Class("found")
	if searching {
		found = found.Body(
			count(status),
			app.If(f != nil && f.err == nil, func() app.UI {
				return searchResults(c, f.q, hits[:h.shown(len(hits))], len(h.selected)+len(h.forSel) > 0)
			}),
			h.moreLink(h.address(), total),
		)
	}
	// The hidden list is what Escape will show: the address loses ?show=
	// with the search, so its first page, and its own count.
	shown, more, listCount := list[:h.shown(len(list))], h.moreLink(h.address(), len(list)), status
	if searching {
		shown, more, listCount = list[:min(listPage, len(list))], nil, listStatus
	}
	browse := app.Div().Class("browse").Hidden(searching)
	if !searching || h.listed {
		browse = browse.Body(
			count(listCount),
			// At large text on a phone the lead moves here, below the
			// count, so the filter and the count are on the first screen
			// (web/app.css shows one of the two; nothing is lost).
			app.P().Class("lead lead-below").Text(homeLead),
			compareThese(c, h.selected),
			app.If(len(list) == 0, func() app.UI {
				return app.Div().Class("empty").Body(
					app.H2().Text("No articles on this yet"),
					app.P().Text("Nothing here carries everything you picked. More articles are being written and checked against their sources."),
					app.P().Body(
						app.A().Class("btn").Href(content.HomePath).Text("Show all articles"),
					),
					crisisNote(),
				)
			}).Else(func() app.UI {
				return articleList(c, shown)
			}),
			more,
		)
	}
	title := Name
	if searching {
		title = "Search"
	}
	return layout(c,
		app.Section().Class("intro").Body(
			app.H1().Text(title),
			app.If(!searching, func() app.UI {
				return app.P().Class("lead lead-top").Text(homeLead)
			}),
		),
		&continueReading{corpus: c, Hidden: searching},
		listing(h.address(), found, filter, browse),
	)
}

// homeLead introduces the reader on the home page.
const homeLead = "Clear, evidence-based articles on treatment-resistant depression: what to try when antidepressants have not helped. Every claim is linked to its source, and everything works with no connection."

// listKeys are the query parameters that choose what a list shows. A page
// answered for an address with any of them may have been rendered for the
// bare address (a static host or the service worker serves one page per
// path): cmd/nextsteps/boot.js, part 5, reads the same keys (from BootConstants).
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
					app.A().Href(content.HomePath).Text("Show all articles"),
					app.Text("."),
				),
			)
		}),
	)
}

// address is the page's current address (set in OnNav; the bare home
// page before).
func (h *home) address() *url.URL {
	if h.url == nil {
		return &url.URL{Path: content.HomePath}
	}
	return h.url
}

// filterChips is the filter: a row of chips for the therapy types, and
// one for "Who it's for" when the library has its entries. Each chip is a
// real link to the address it toggles to, so it works before the app runs
// and opens in a new tab; its links keep the search (Q) as the browser's
// address has it, which the search box writes once the reader pauses
// typing (laterAddress). A component of its own, with the fields its
// chips depend on, so that a keystroke, which draws the home page again,
// leaves the chips as they are: drawing them, each with a link to a new
// address, was a fifth of a keystroke's task at 4x CPU slowdown. A chip
// tapped asks the home page (chipAction), which knows the search typed
// so far.
//
// A chip tapped is drawn pressed at once, from the chips' own record of
// the choice (chosen), and the home page draws the list for it after that
// frame: the next navigation, that one or any other, forgets the record.
type filterChips struct {
	app.Compo
	Corpus    *content.Corpus
	Selected  []string // topics chosen
	ForSel    []string // "Who it's for" entries chosen
	Q         string   // the search in the browser's address
	Searching bool

	chosen *chipChoice // tapped, not yet in the address
}

// chipChoice is the filter as the reader chose it with the chips.
type chipChoice struct{ Topics, For []string }

// choice is the filter the chips show: the reader's latest tap, or the
// address's.
func (f *filterChips) choice() chipChoice {
	if f.chosen != nil {
		return *f.chosen
	}
	return chipChoice{f.Selected, f.ForSel}
}

// OnNav forgets the tapped choice: the address now says what is chosen.
func (f *filterChips) OnNav(ctx app.Context) {
	if f.chosen == nil {
		ctx.PreventUpdate() // the page draws the chips if they change
		return
	}
	f.chosen = nil
}

func (f *filterChips) Render() app.UI {
	c := f.Corpus
	counts := c.Counts()
	sel := f.choice()
	return app.Section().Class("filter").Aria("labelledby", "filter-label").Body(
		app.H2().ID("filter-label").Class("filter-label").Text(filterLabel(f.Searching)),
		app.Div().Role("group").Aria("labelledby", "filter-label").Class(chipRowClass).Body(
			f.chip(sel, chipToggle{}, "All topics", len(c.Articles), len(sel.Topics) == 0),
			app.Range(c.Topics).Slice(func(i int) app.UI {
				t := c.Topics[i]
				return f.chip(sel, chipToggle{ID: t.ID}, t.Label, counts[t.ID], slices.Contains(sel.Topics, t.ID))
			}),
		),
		// "Who it's for": the same chips; a choice here narrows the topics'.
		app.If(len(c.For) > 0, func() app.UI {
			return app.Div().Body(
				app.H3().ID("for-label").Class("filter-label").Text("Who it’s for"),
				app.Div().Role("group").Aria("labelledby", "for-label").Class(chipRowClass).Body(
					f.chip(sel, chipToggle{For: true}, "Everyone", len(c.Articles), len(sel.For) == 0),
					app.Range(c.For).Slice(func(i int) app.UI {
						t := c.For[i]
						return f.chip(sel, chipToggle{For: true, ID: t.ID}, t.Label, counts[t.ID], slices.Contains(sel.For, t.ID))
					}),
				),
			)
		}),
	)
}

// chip is one filter toggle of the choice sel. It announces itself as a
// checkbox so screen readers say whether it is on; Space toggles it like
// one, and Enter, as a link, too.
func (f *filterChips) chip(sel chipChoice, t chipToggle, label string, count int, on bool) app.UI {
	id := t.ID
	switch {
	case id == "" && t.For:
		id = "for-all"
	case id == "":
		id = "all"
	}
	tap := func(ctx app.Context, e app.Event) {
		if inNewTab(ctx, e) {
			return // the browser opens the chip's link
		}
		e.PreventDefault()
		// From the choice as drawn now: a second tap before the list
		// follows the first adds to it.
		c := t.apply(f.choice(), f.Corpus)
		f.chosen = &c
		ctx.NewActionWithValue(chipAction, c)
	}
	next := t.apply(sel, f.Corpus)
	return app.A().
		Class("chip").
		ID("chip-"+id).
		Href(homeURL(next.Topics, next.For, f.Q)).
		Role("checkbox").
		Aria("checked", on).
		OnClick(tap, app.EventScope(id)).
		OnKeyDown(onlyKey(" ", tap), app.EventScope(id)).
		Body(
			app.Span().Text(label),
			app.Span().Class("count").Aria("label", ", "+strconv.Itoa(count)+" "+plural(count, "article", "articles")).Text(strconv.Itoa(count)),
		)
}

// inNewTab reports whether a click asks for its link in a new tab (Ctrl or
// Cmd held), which the browser does itself: a link's own handler then
// leaves it alone, as go-app's handler of every link does, and the page
// is not drawn again.
func inNewTab(ctx app.Context, e app.Event) bool {
	if e.Get("ctrlKey").Truthy() || e.Get("metaKey").Truthy() {
		ctx.PreventUpdate()
		return true
	}
	return false
}

// chipAction asks the home page to apply a chip (a chipToggle).
const chipAction = "chip"

// chipToggle is what a filter chip does: in the topics, or in "Who it's
// for" (For), it toggles the entry ID, or clears the row when ID is "".
type chipToggle struct {
	For bool
	ID  string
}

// apply is the choice sel with the toggle applied.
func (t chipToggle) apply(sel chipChoice, c *content.Corpus) chipChoice {
	switch {
	case t.For && t.ID == "":
		sel.For = nil
	case t.For:
		sel.For = toggled(sel.For, t.ID, c.For)
	case t.ID == "":
		sel.Topics = nil
	default:
		sel.Topics = toggled(sel.Topics, t.ID, c.Topics)
	}
	return sel
}

// resultText is the sentence announced to screen readers when the list
// changes: "Showing 3 of 19 articles about ECT or TMS, for Older adults."
func resultText(shown, total int, selected, forSel []string, c *content.Corpus) string {
	// Not fmt.Sprintf: drawn at each tap of the filter (as pager's labels).
	articles := plural(total, "article", "articles")
	if len(selected) == 0 && len(forSel) == 0 {
		return "Showing all " + strconv.Itoa(total) + " " + articles + "."
	}
	return "Showing " + strconv.Itoa(shown) + " of " + strconv.Itoa(total) + " " + articles + filterText(selected, forSel, c) + "."
}

// filterText names the chosen topics and "Who it's for" entries, for the
// sentences announced with a list: " about ECT or TMS, for Older adults".
func filterText(selected, forSel []string, c *content.Corpus) string {
	var s string
	if len(selected) > 0 {
		s = " about " + labelsOf(selected, c.Topic)
	}
	if len(forSel) > 0 {
		if s != "" {
			s += ","
		}
		s += " for " + labelsOf(forSel, c.ForEntry)
	}
	return s
}

// labelsOf joins the labels of ids with "or": within a group, a choice is
// an alternative.
func labelsOf(ids []string, find func(string) *content.Topic) string {
	labels := make([]string, 0, len(ids))
	for _, id := range ids {
		if t := find(id); t != nil {
			labels = append(labels, t.Label)
		}
	}
	return strings.Join(labels, " or ")
}

// articleList is the list of article cards used by home, topic and saved
// pages, with the saved state of each as storage says now.
func articleList(c *content.Corpus, list []*content.Article) app.UI {
	return &cards{Corpus: c, Articles: list, Saved: savedNow()}
}

// cards is a list of article cards. It is a component so that a page drawn
// again with the same articles in it and the same ones saved leaves it as
// it is: go-app compares a component's exported fields with the ones it
// had, and draws it again only when they differ. The home page draws
// itself at each keystroke of a search, and its 25 to 50 cards each time
// were most of its cost.
//
// A list that grows by more than cardsAtOnce (a filter chosen off, "Show
// more") draws cardsAtOnce new cards in the frame that answers the tap,
// enough for the first screen below the filter, and the rest in parts of
// cardsAtOnce, each after a frame is painted (grow); the list says
// aria-busy until it is whole. Every new card is built by the app and
// the browser (mounted, styled, laid out) before the frame is painted:
// all of them at once, the tap that shows the 25 articles again after a
// filter answered in 250-260 ms at 4x CPU slowdown, where the first
// screen needs three or four cards (Event Timing, the median of eight
// taps, two runs); in parts, in 140-160 ms.
type cards struct {
	app.Compo
	Corpus   *content.Corpus
	Articles []*content.Article
	Saved    savedList

	failed  bool // a press of a save button could not write: saving is off
	drawn   int  // how many cards the last render drew
	limit   int  // how many to draw, while the list grows; 0: all
	growing bool // grow is to run after the next paint
}

// cardsAtOnce is how many cards a list adds in one frame.
const cardsAtOnce = 6

// OnUpdate is called when the page gives the list other articles, or
// other saved ones.
func (l *cards) OnUpdate(ctx app.Context) {
	if len(l.Articles) <= l.drawn+cardsAtOnce {
		l.limit = 0
		return
	}
	l.limit = l.drawn + cardsAtOnce
	if !l.growing {
		l.growing = true
		afterPaint(ctx, l.grow)
	}
}

// grow draws the next cards of a growing list.
func (l *cards) grow(ctx app.Context) {
	l.growing = false
	if l.limit == 0 {
		ctx.PreventUpdate() // drawn whole already: a shorter list came
		return
	}
	if l.limit += cardsAtOnce; l.limit >= len(l.Articles) {
		l.limit = 0
		return
	}
	l.growing = true
	afterPaint(ctx, l.grow)
}

func (l *cards) Render() app.UI {
	list := l.Articles
	if l.limit > 0 && l.limit < len(list) {
		list = list[:l.limit]
	}
	l.drawn = len(list)
	saved := l.Saved
	saved.broken = saved.broken || l.failed
	ul := app.Ul().Class("cards").OnClick(l.press)
	if len(list) < len(l.Articles) {
		ul = ul.Aria("busy", true)
	}
	return ul.Body(
		app.Range(list).Slice(func(i int) app.UI {
			a := list[i]
			return app.Li().Class("card").Body(
				app.H2().Body(app.A().Href(content.ArticlePath(a.Slug)).Text(a.Title)),
				app.P().Class("summary").Text(a.Summary),
				topicLinks(a.Topics, l.Corpus),
				app.Div().Class("card-foot").Body(
					app.P().Class("meta").Text(strconv.Itoa(a.ReadingMinutes())+" min read · Reviewed "+formatDate(a.Reviewed)),
					saved.compactButton(a),
				),
			)
		}),
	)
}

// press takes a click in the list: a press of an entry's save button
// (compactButton) saves or unsaves its article, and the list is drawn
// again with what storage then says; a press that cannot write turns
// saving off in the list. Any other click (a link followed) leaves the
// list as it is.
func (l *cards) press(ctx app.Context, e app.Event) {
	button := e.Get("target").Call("closest", "button."+compactSaveClass)
	if !button.Truthy() {
		ctx.PreventUpdate()
		return
	}
	s := toggleSaved(button.Get("dataset").Get("slug").String())
	l.Saved, l.failed = s, l.failed || s.broken
}

// topicLinks links each topic of an article to its topic page.
func topicLinks(ids []string, c *content.Corpus) app.UI {
	return app.Ul().Class("tags").Aria("label", "Topics").Body(
		app.Range(ids).Slice(func(i int) app.UI {
			t := c.Topic(ids[i])
			if t == nil {
				return nil
			}
			return app.Li().Body(app.A().Class("tag").Href(content.TopicPath(t.ID)).Text(t.Label))
		}),
	)
}

// forLinks links each published "Who it's for" entry of an article to its
// page (nothing when it has none).
func forLinks(ids []string, c *content.Corpus) app.UI {
	var entries []*content.Topic
	for _, id := range ids {
		if e := c.ForEntry(id); e != nil {
			entries = append(entries, e)
		}
	}
	return app.If(len(entries) > 0, func() app.UI {
		return app.Ul().Class("tags").Aria("label", "Who it\u2019s for").Body(
			app.Range(entries).Slice(func(i int) app.UI {
				return app.Li().Body(app.A().Class("tag").Href(content.ForPath(entries[i].ID)).Text(entries[i].Label))
			}),
		)
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func filterLabel(searching bool) string {
	if searching {
		return "Narrow by therapy type"
	}
	return "Filter by therapy type"
}
