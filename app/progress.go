package app

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// progressKey holds how far each article was read. cmd/nextsteps/boot.js reads it to
// reserve room for "Continue reading" (BootConstants hands it over).
const progressKey = "nextsteps.progress.v1"

// An article counts as "in progress" between these fractions read: a glance
// at the top is not a start, and the sources at the end are not reading.
const (
	progressStarted  = 0.02
	progressFinished = 0.97
	// continueMax is how many articles "Continue reading" lists (boot.js
	// reserves room for the same number).
	continueMax = 2
	// keepProgress bounds how many articles are remembered.
	keepProgress = 50
	// resumeFrom is how far down (in CSS pixels) a place must be for
	// reopening the article to return there (boot.js starts the app for it).
	resumeFrom = 300
)

// position is how far one article was read.
type position struct {
	Y float64 `json:"y"` // scroll offset in CSS pixels
	P float64 `json:"p"` // fraction read, 0 to 1
	T int64   `json:"t"` // when, in Unix milliseconds
}

func (p position) inProgress() bool { return p.P > progressStarted && p.P < progressFinished }

// inProgress lists the slugs of articles started but not finished, most
// recent first, that still exist.
func inProgress(all map[string]position, exists func(string) bool) []string {
	var out []string
	for slug, p := range all {
		if p.inProgress() && exists(slug) {
			out = append(out, slug)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := all[out[i]], all[out[j]]
		if a.T != b.T {
			return a.T > b.T
		}
		return out[i] < out[j]
	})
	return out
}

// prune keeps the most recent keepProgress entries.
func prune(all map[string]position) {
	if len(all) <= keepProgress {
		return
	}
	slugs := make([]string, 0, len(all))
	for s := range all {
		slugs = append(slugs, s)
	}
	sort.Slice(slugs, func(i, j int) bool { return all[slugs[i]].T > all[slugs[j]].T })
	for _, s := range slugs[keepProgress:] {
		delete(all, s)
	}
}

// readingTracker remembers how far the reader got in one article and, when
// they come back, returns them there, with a way back to the top.
type readingTracker struct {
	app.Compo
	Slug string

	resumed  bool // scrolled back to a saved place: offer "back to top"
	broken   bool
	lastSave time.Time
	release  []func()
}

func (r *readingTracker) OnMount(ctx app.Context) {
	all := map[string]position{}
	if err := getStored(progressKey, &all); err != nil {
		r.broken = true // unreadable: never overwrite it
	}
	if p, ok := all[r.Slug]; ok && p.Y > resumeFrom && p.inProgress() && ctx.Page().URL().Fragment == "" {
		y := p.Y
		ctx.Defer(func(app.Context) { app.Window().Call("scrollTo", 0, y) })
		r.resumed = true
	}
	save := func(force bool) {
		if r.broken || (!force && time.Since(r.lastSave) < time.Second) {
			return
		}
		r.lastSave = time.Now()
		r.save()
	}
	r.release = append(r.release,
		onWindowEventFast("scroll", func(app.Value) { save(false) }),
		onWindowEventFast("pagehide", func(app.Value) { save(true) }),
	)
}

func (r *readingTracker) OnDismount() {
	if !r.broken {
		r.save()
	}
	releaseAll(&r.release)
}

// save records the current scroll position of this article.
func (r *readingTracker) save() {
	win := app.Window()
	doc := win.Get("document").Get("documentElement")
	y := win.Get("scrollY").Float()
	height := doc.Get("scrollHeight").Float() - win.Get("innerHeight").Float()
	p := 1.0
	if height > 0 {
		p = math.Min(1, math.Max(0, y/height))
	}
	all := map[string]position{}
	if err := getStored(progressKey, &all); err != nil {
		r.broken = true
		return
	}
	if all == nil {
		all = map[string]position{}
	}
	all[r.Slug] = position{Y: math.Round(y), P: math.Round(p*1000) / 1000, T: time.Now().UnixMilli()}
	prune(all)
	if setStored(progressKey, all) != nil {
		r.broken = true
	}
}

func (r *readingTracker) toTop(ctx app.Context, e app.Event) {
	app.Window().Call("scrollTo", 0, 0)
	r.resumed = false
	if h := app.Window().Get("document").Call("querySelector", "h1"); h.Truthy() {
		h.Call("setAttribute", "tabindex", "-1")
		h.Call("focus")
	}
}

func (r *readingTracker) Render() app.UI {
	return app.Div().Class("tracker").Body(
		app.If(r.resumed, func() app.UI {
			return app.Div().Class("resume").Role("status").Body(
				app.Span().Text("Continuing where you left off."),
				app.Button().Class("btn small").Text("Back to the top").OnClick(r.toTop),
				app.Button().Class("btn small").Aria("label", "Dismiss").Text("\u00d7").OnClick(func(ctx app.Context, e app.Event) { r.resumed = false }),
			)
		}),
	)
}

// continueReading lists the articles the reader started, on the home page.
// Its room is reserved before the first paint by cmd/nextsteps/boot.js, so filling it
// in moves nothing.
type continueReading struct {
	app.Compo
	corpus *content.Corpus
	// Hidden keeps the section's place on the page while it is not shown
	// (the home page's search, app/home.go).
	Hidden bool
	list   []position
	arts   []string
}

func (c *continueReading) OnMount(ctx app.Context) {
	all := map[string]position{}
	if getStored(progressKey, &all) != nil {
		return
	}
	corpus := c.corpus
	slugs := inProgress(all, func(s string) bool { return corpus.Article(s) != nil })
	if len(slugs) > continueMax {
		slugs = slugs[:continueMax]
	}
	c.arts = slugs
	c.list = c.list[:0]
	for _, s := range slugs {
		c.list = append(c.list, all[s])
	}
}

func (c *continueReading) Render() app.UI {
	corpus := c.corpus
	return app.Section().Class("continue").Aria("label", "Continue reading").Hidden(c.Hidden).Body(
		app.If(len(c.arts) > 0 && !c.Hidden, func() app.UI {
			return app.Div().Body(
				app.H2().Text("Continue reading"),
				app.Ul().Body(
					app.Range(c.arts).Slice(func(i int) app.UI {
						a := corpus.Article(c.arts[i])
						pct := int(math.Round(c.list[i].P * 100))
						return app.Li().Body(
							app.A().Href(content.ArticlePath(a.Slug)).Text(a.Title),
							app.Progress().Max(100).Value(pct).Aria("label", fmt.Sprintf("%d%% read", pct)),
						)
					}),
				),
			)
		}),
	)
}

// onWindowEventFast calls f with the event directly from the browser, without
// a re-render: for frequent events such as scroll, or ones that must be
// answered at once (preventDefault). f must not touch state that Render
// reads. It returns the function that removes the listener.
func onWindowEventFast(event string, f func(e app.Value)) func() {
	// Scroll listeners are passive, so they never delay scrolling; others
	// (keydown) must stay able to call preventDefault.
	return listenWindow(event, map[string]any{"passive": event == "scroll"}, f)
}

// onWindowEventFirst is onWindowEventFast called before the event reaches
// any element's handler (in its capture phase), and passive.
func onWindowEventFirst(event string, f func(e app.Value)) func() {
	return listenWindow(event, map[string]any{"capture": true, "passive": true}, f)
}

// listenWindow has window call f at each event, with addEventListener's
// options. It returns the function that removes the listener.
func listenWindow(event string, options map[string]any, f func(e app.Value)) func() {
	win := app.Window()
	fn := app.FuncOf(func(_ app.Value, args []app.Value) any {
		f(args[0])
		return nil
	})
	win.Call("addEventListener", event, fn, options)
	return func() {
		win.Call("removeEventListener", event, fn, options)
		fn.Release()
	}
}
