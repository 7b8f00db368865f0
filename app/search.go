package app

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// searchAction carries the query from the header's search box to the home
// page while the reader types: the page's address as it will be.
const searchAction = "search"

// addressAction tells the home page that the search box has written the
// search's address (a *url.URL) into the browser's history.
const addressAction = "search-address"

// searchBox is the header's search field. On the home page results follow
// each keystroke (the address follows with ?q=, once the reader pauses);
// elsewhere Enter opens the home page with the results. It is a real GET
// form, so it also works before the wasm has started. "/" focuses it from
// anywhere.
type searchBox struct {
	app.Compo
	corpus  *content.Corpus // for the filter a search from the home page keeps
	q       string
	onHome  bool
	address laterAddress // the search's address, not yet written
	release []func()
	shown   bool // the box has been through a navigation: its text is the app's
}

// OnInit gives the box's first render the search in the address, as
// home.OnInit does its list: the app adopts the server's box, with what
// the reader may have typed in it, only if it draws the same (cmd/trimgoapp,
// hydrate). Drawn empty, the box of a search's page was the one node of
// the page the app replaced.
func (s *searchBox) OnInit() {
	if app.IsClient {
		s.read(app.Window().URL())
	}
}

func (s *searchBox) OnNav(ctx app.Context) {
	s.address.cancel() // the page's address is now another's
	s.read(ctx.Page().URL())
	// A box just mounted needs no more: it was drawn with its page's text
	// (OnInit), or, on the app's first page, adopted from the server's
	// page with it, and the reader may have typed in it before the app
	// ran; boot.js hands that text to the app as an input event
	// (carryOver). Set here, in a frame that may come between the two,
	// the text was lost: the box emptied, then searched for nothing
	// (TestStartAdoptsThePage, under CI's load).
	if !s.shown {
		s.shown = true
		return
	}
	ctx.Defer(func(app.Context) {
		if box := app.Window().GetElementByID(searchID); box.Truthy() && box.Get("value").String() != s.q {
			box.Set("value", s.q)
		}
	})
}

// read takes the search from the page's address: the home page's ?q=.
func (s *searchBox) read(u *url.URL) {
	s.onHome = pagePath(u) == content.HomePath
	s.q = ""
	if s.onHome {
		s.q = u.Query().Get("q")
	}
}

func (s *searchBox) OnMount(ctx app.Context) {
	s.address.written = func(u *url.URL) { ctx.NewActionWithValue(addressAction, u) }
	doc := app.Window().Get("document")
	s.release = append(s.release, onWindowEventFast("keydown", func(e app.Value) {
		if e.Get("key").String() != "/" || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return
		}
		if tag := strings.ToLower(doc.Get("activeElement").Get("tagName").String()); tag == "input" || tag == "textarea" || tag == "select" {
			return
		}
		if input := doc.Call("getElementById", searchID); input.Truthy() {
			e.Call("preventDefault")
			input.Call("focus")
		}
	}))
	// Before anything may read the address or leave the page, it is
	// written: a result or a link opened, "Show more" (which reads it), a
	// key outside the box (Space on a filter chip), the form sent (Enter),
	// the page hidden or closed. A link opened first would otherwise leave
	// the search's history entry without its last letters, where Back
	// returns.
	flush := func(app.Value) { s.address.flush() }
	for _, event := range []string{"click", "submit", "pagehide", "visibilitychange"} {
		s.release = append(s.release, onWindowEventFirst(event, flush))
	}
	s.release = append(s.release, onWindowEventFirst("keydown", func(e app.Value) {
		if e.Get("target").Get("id").String() != searchID {
			s.address.flush()
		}
	}))
}

func (s *searchBox) OnDismount() {
	s.address.cancel()
	releaseAll(&s.release)
}

func (s *searchBox) input(ctx app.Context, e app.Event) {
	s.q = ctx.JSSrc().Get("value").String()
	// The box already shows the key: nothing is drawn again for it here.
	// go-app draws again the component of an event's handler, and the
	// page around it: every keystroke drew the whole page it was typed
	// on. The home page draws the results after the key's frame (home,
	// OnMount), and OnNav sets the box's text, which go-app no longer
	// knows.
	ctx.PreventUpdate()
	if !s.onHome {
		return // Enter submits
	}
	u := *ctx.Page().URL()
	q := u.Query()
	if strings.TrimSpace(s.q) == "" {
		q.Del("q")
	} else {
		q.Set("q", s.q)
	}
	q.Del("show") // new results start from the top
	u.RawQuery = encodeQuery(q)
	s.address.set(&u)
	ctx.NewActionWithValue(searchAction, &u)
}

// paintWait is how long afterPaint waits at most for a frame on a page
// the reader can see, should the browser skip drawing it (a window hidden
// while it waits). A hidden page draws no frame, and afterPaint does not
// wait there. At 100 ms, on a machine whose browser drew a frame later
// than that (two cores, browsers of other tests running), the wait ran
// out first and a key's results were drawn before the key's own frame
// (TestKeyDrawnBeforeItsResults, in CI): on a slow phone, the case the
// wait is for.
const paintWait = time.Second

// afterPaint calls f on the UI goroutine once the browser has drawn its
// next frame, in a task of its own: what the reader just did shows first.
// It waits no longer than paintWait. (cmd/nextsteps/boot.js's afterPaint
// waits a frame more, until that frame is shown, before the app's start,
// one long step that would otherwise hold it back.)
//
// Not inlined: each of its callers had its own copy of the goroutine
// below, 4 KB of app.wasm, which the browser compiled at its first use.
//
//go:noinline
func afterPaint(ctx app.Context, f func(app.Context)) {
	ctx.Async(func() {
		if app.Window().Get("document").Get("visibilityState").String() == "hidden" {
			ctx.Dispatch(f)
			return
		}
		// done is called twice, after the frame and at paintWait; neither
		// call waits on the channel.
		painted, calls := make(chan struct{}, 2), 0
		var frame, done app.Func
		done = app.FuncOf(func(app.Value, []app.Value) any {
			painted <- struct{}{}
			if calls++; calls == 2 {
				frame.Release()
				done.Release()
			}
			return nil
		})
		frame = app.FuncOf(func(app.Value, []app.Value) any {
			app.Window().Call("setTimeout", done, 0)
			return nil
		})
		app.Window().Call("requestAnimationFrame", frame)
		app.Window().Call("setTimeout", done, paintWait.Milliseconds())
		<-painted
		ctx.Dispatch(f)
	})
}

// addressPause is how long the reader pauses typing before the search's
// address is written into the browser's history (laterAddress).
const addressPause = 400 * time.Millisecond

// laterAddress is an address for the page not yet written into the
// browser's history: the search's, while the reader types. Writing it
// (history.replaceState) took a fifth of each keystroke's task at 4x CPU
// slowdown, for an address no one reads while typing; it is written
// once, after a pause (addressPause), or at once when flushed. It is
// dropped if the page has left the address it was typed on.
type laterAddress struct {
	mu      sync.Mutex
	from    string // the page's address when the first of them was set
	to      *url.URL
	timer   *time.Timer
	written func(*url.URL) // when set, called with each address written
}

// set has the address u written after the next pause, in place of any
// address still waiting.
func (l *laterAddress) set(u *url.URL) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.to = u
	if l.timer != nil {
		l.timer.Reset(addressPause)
		return
	}
	l.from = app.Window().URL().String()
	l.timer = time.AfterFunc(addressPause, l.flush)
}

// flush writes the address now, if one is waiting.
func (l *laterAddress) flush() {
	l.mu.Lock()
	waiting := l.timer != nil
	if waiting {
		l.timer.Stop()
		l.timer = nil
	}
	write := waiting && app.Window().URL().String() == l.from
	if write {
		app.Window().Get("history").Call("replaceState", nil, "", l.to.String())
	}
	to, written := l.to, l.written
	l.mu.Unlock()
	if write && written != nil {
		written(to)
	}
}

// cancel drops the address waiting, if any.
func (l *laterAddress) cancel() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
}

func (s *searchBox) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	var topics, forIDs []string
	if s.onHome {
		topics = selectedTopics(ctx.Page().URL(), s.corpus)
		forIDs = selectedFor(ctx.Page().URL(), s.corpus)
	}
	// Under the path the site is hosted at, as go-app writes links: at
	// /next-steps/ this went to /?q=..., outside the site.
	ctx.Navigate(ctx.ResolveStaticResource(homeURL(topics, forIDs, strings.TrimSpace(s.q))))
}

// clear empties the box (Escape).
func (s *searchBox) clear(ctx app.Context, e app.Event) {
	if s.q == "" {
		ctx.PreventUpdate() // nothing to empty, nothing to draw
		return
	}
	ctx.JSSrc().Set("value", "")
	s.input(ctx, e)
}

// onlyKey is a keydown handler that calls f for one key, and for every
// other key changes nothing, not even by drawing the page again: go-app
// updates an event handler's component and every component around it
// after each event. The search box's keydown handler so drew the whole
// home page again at every keystroke, as it was: 40-50 ms of each key at
// 4x CPU slowdown (TestKeysThatTypeNothingDrawNothing).
func onlyKey(key string, f app.EventHandler) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if e.Get("key").String() != key {
			ctx.PreventUpdate()
			return
		}
		f(ctx, e)
	}
}

func (s *searchBox) Render() app.UI {
	return app.Form().Class("search").Role("search").Action(content.HomePath).Method("get").OnSubmit(s.submit).Body(
		app.Label().For(searchID).Class("visually-hidden").Text("Search articles"),
		app.Input().
			ID(searchID).
			Type("search").
			Name("q").
			Value(s.q).
			Placeholder("Search articles  ( / )").
			AutoComplete(false).
			// Not spell-checked: the checker's answer came back a pause
			// after the reader typed, as a task of 40-80 ms at 4x CPU
			// slowdown on the page's thread (a key typed then waited for
			// it), to underline the names of medicines it does not know.
			Spellcheck(false).
			Attr("enterkeyhint", "search").
			OnInput(s.input).
			OnKeyDown(onlyKey("Escape", s.clear)),
	)
}

// searchResults renders the hits for a query on the home page.
// filtered says whether topics or "Who it's for" entries narrow the search.
func searchResults(c *content.Corpus, q string, hits []content.Hit, filtered bool) app.UI {
	if len(hits) == 0 {
		return app.Div().Class("empty").Body(
			app.H2().Text("No articles match \u201c"+q+"\u201d"),
			app.P().Text("Try fewer words, another spelling, or a more general word (for example \u201cmemory\u201d instead of \u201camnesia\u201d)."),
			app.If(filtered, func() app.UI {
				return app.P().Body(app.A().Class("btn").Href(homeURL(nil, nil, q)).Text("Search all topics"))
			}),
			app.P().Body(app.A().Class("btn").Href(content.HomePath).Text("Show all articles")),
			crisisNote(),
		)
	}
	return app.Ul().Class("cards results").Body(
		app.Range(hits).Slice(func(i int) app.UI {
			h := hits[i]
			href := content.ArticlePath(h.Article.Slug)
			if h.SectionID != "" {
				href += "#" + h.SectionID
			}
			return app.Li().Class("card").Body(
				app.H2().Body(app.A().Href(href).Text(h.Article.Title)),
				app.If(h.Section != "", func() app.UI {
					return app.P().Class("meta section").Text("In \u201c" + h.Section + "\u201d")
				}),
				app.P().Class("summary snippet").Body(
					app.Range(h.Snippet).Slice(func(j int) app.UI {
						if sp := h.Snippet[j]; sp.Match {
							return app.Mark().Text(sp.Text)
						}
						return app.Text(h.Snippet[j].Text)
					}),
				),
				topicLinks(h.Article.Topics, c),
			)
		}),
	)
}

// searchText is the sentence announced when the results change.
func searchText(q string, n int, selected, forSel []string, c *content.Corpus) string {
	// Not fmt.Sprintf: drawn at each keystroke (as pager's labels).
	s := strconv.Itoa(n) + " " + plural(n, "article", "articles") + " " + plural(n, "matches", "match") + " \u201c" + q + "\u201d"
	if len(selected) > 0 {
		s += " in " + labelsOf(selected, c.Topic)
	}
	if len(forSel) > 0 {
		s += ", for " + labelsOf(forSel, c.ForEntry)
	}
	return s + "."
}
