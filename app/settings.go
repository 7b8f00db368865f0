package app

import (
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// settingsKey holds the reader's display settings. cmd/nextsteps/boot.js reads the
// same key before the first paint (BootConstants hands it over).
const settingsKey = "nextsteps.settings.v1"

// Text sizes run from 0 (smaller) to 4 (largest); 1 is the browser's own.
const (
	minTextSize     = 0
	defaultTextSize = 1
	maxTextSize     = 4
)

// themes are the themes a reader can choose besides "system" (the
// browser's), as boot.js applies them before the first paint.
var themes = []string{"light", "dark"}

// settings are the reader's display choices.
type settings struct {
	TextSize int    `json:"textSize"`
	Theme    string `json:"theme"` // "system", "light" or "dark"
}

func defaultSettings() settings { return settings{TextSize: defaultTextSize, Theme: "system"} }

// valid repairs out-of-range values, so a damaged setting falls back to the
// default instead of breaking the page.
func (s settings) valid() settings {
	if s.TextSize < minTextSize || s.TextSize > maxTextSize {
		s.TextSize = defaultTextSize
	}
	if !slices.Contains(themes, s.Theme) {
		s.Theme = "system"
	}
	return s
}

// apply sets the attributes the stylesheet reads, as cmd/nextsteps/boot.js does.
func (s settings) apply() {
	root := app.Window().Get("document").Get("documentElement")
	if s.TextSize == defaultTextSize {
		root.Call("removeAttribute", "data-text")
	} else {
		root.Call("setAttribute", "data-text", strconv.Itoa(s.TextSize))
	}
	if s.Theme == "system" {
		root.Call("removeAttribute", "data-theme")
	} else {
		root.Call("setAttribute", "data-theme", s.Theme)
	}
}

// displaySettings is the footer's text-size and theme control. Before the
// app runs it shows the defaults, enabled: cmd/nextsteps/boot.js starts the app at once
// when settings were chosen, and presses a button pressed before then again.
type displaySettings struct {
	app.Compo
	loaded bool // read from storage (in the browser only)
	broken bool
	s      settings
}

// OnInit reads the settings before the app's first render of the control,
// so it never shows the defaults in place of the reader's choice (the
// server renders the defaults: it cannot know).
func (d *displaySettings) OnInit() {
	if !app.IsClient {
		return
	}
	d.loaded = true
	d.s = defaultSettings()
	if err := getStored(settingsKey, &d.s); err != nil {
		d.broken = true
		d.s = defaultSettings()
	}
	d.s = d.s.valid()
}

func (d *displaySettings) change(s settings) {
	d.s = s.valid()
	d.s.apply()
	if err := setStored(settingsKey, d.s); err != nil {
		d.broken = true
	}
}

func (d *displaySettings) Render() app.UI {
	s := d.s
	if !d.loaded {
		s = defaultSettings()
	}
	theme := func(value, label string) app.UI {
		return app.Button().
			Class("btn small").
			Aria("pressed", s.Theme == value).
			OnClick(func(ctx app.Context, e app.Event) {
				next := d.s
				next.Theme = value
				d.change(next)
			}, app.EventScope(value)).
			Text(label)
	}
	return app.Div().Class("display").Role("group").Aria("label", "Display").Body(
		app.Span().Class("display-label").Text("Text size"),
		app.Button().ID("text-smaller").Class("btn small").Disabled(s.TextSize <= minTextSize).
			OnClick(func(ctx app.Context, e app.Event) {
				next := d.s
				next.TextSize--
				d.change(next)
			}).Body(app.Text("A\u2212"), app.Span().Class("visually-hidden").Text(" smaller text")),
		app.Button().ID("text-larger").Class("btn small").Disabled(s.TextSize >= maxTextSize).
			OnClick(func(ctx app.Context, e app.Event) {
				next := d.s
				next.TextSize++
				d.change(next)
			}).Body(app.Text("A+"), app.Span().Class("visually-hidden").Text(" larger text")),
		app.Span().Class("display-label").Text("Theme"),
		theme("system", "System"),
		theme("light", "Light"),
		theme("dark", "Dark"),
		app.If(d.broken, func() app.UI {
			return app.Span().Class("note").Role("status").Text("Saving is off: these settings last until you close the page.")
		}),
	)
}
