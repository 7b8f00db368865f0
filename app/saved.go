package app

import (
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// savedKey is where the saved slugs live in localStorage. It is versioned so
// a future format can migrate instead of misreading old data.
const savedKey = "nextsteps.saved.v1"

// loadSaved reads the saved slugs. An error means the stored value exists
// but cannot be read, or storage is unavailable: callers then turn saving
// off rather than overwrite what the reader had.
func loadSaved() ([]string, error) {
	var slugs []string
	err := getStored(savedKey, &slugs)
	return slugs, err
}

// saveButton saves or unsaves one article on this device, on its page.
// Make one with savedList.button. (A list's entries have a smaller button
// of their own: savedList.compactButton.)
type saveButton struct {
	app.Compo
	Slug string
	// Saved and Broken are what storage said when the page drew the
	// button (savedList): the page reads storage once for all its
	// buttons, where each button read it for itself, up to fifty reads
	// in a filter toggle's one frame.
	Saved, Broken bool

	// The pre-rendered button is enabled: cmd/nextsteps/boot.js presses it again once
	// the app runs. When anything is saved, the app starts at once and
	// boot.js hides the pre-rendered buttons until it has drawn them.
	saved  bool
	broken bool // storage unreadable: saving is off, nothing is written
}

// OnInit takes the saved state before the app's first render of the
// button, so it is never drawn as "Save" for a saved article
// (cmd/nextsteps/boot.js hides the pre-rendered one until the app has
// drawn it). The server renders the default state: it cannot know.
func (b *saveButton) OnInit() { b.saved, b.broken = b.Saved, b.Broken }

// OnUpdate takes the saved state again when go-app gives the button
// another article, or the page read storage again: a filter or a search
// updates a list's entries in place, and an entry's button would
// otherwise show the state of the article shown there before
// (TestSaveStateFollowsTheEntry).
func (b *saveButton) OnUpdate(app.Context) { b.saved, b.broken = b.Saved, b.Broken }

// savedList is what storage says of the saved articles when a page draws
// its save buttons: read once per render (savedNow), whatever the number
// of buttons.
type savedList struct {
	slugs  []string
	broken bool // storage unreadable: saving is off
}

// savedNow reads the saved articles, in the browser; the server renders
// the default state (nothing saved, saving on).
func savedNow() savedList {
	if !app.IsClient {
		return savedList{}
	}
	slugs, err := loadSaved()
	return savedList{slugs: slugs, broken: err != nil}
}

// button is the save button of article a, for its page.
func (s savedList) button(a *content.Article) *saveButton {
	return &saveButton{Slug: a.Slug, Saved: s.has(a.Slug), Broken: s.broken}
}

// has reports whether the article slug is saved.
func (s savedList) has(slug string) bool { return slices.Contains(s.slugs, slug) }

// compactButton is the small save button of a list's entry for article a.
// It is a plain element with no handler of its own: the list takes its
// presses (cards.press), and finds the article in data-slug.
//
// It is a plain element, where the article page's is a component
// (saveButton): go-app builds a list's entry from markup in one piece,
// but a component inside it on its own, and that was a third of the cost
// of each entry a filter tap added (a CPU profile at 4x CPU slowdown). A
// handler of its own was a function made and listened to for each entry
// mounted, and made again for each entry drawn for another article.
// Its state is the list's: the list draws it again after a press.
func (s savedList) compactButton(a *content.Article) app.UI {
	saved := s.has(a.Slug)
	label, text := "Save "+a.Title, "☆ Save"
	if saved {
		label, text = "Remove "+a.Title+" from saved", "★ Saved"
	}
	return app.Button().
		Class("btn small "+compactSaveClass).
		Aria("pressed", saved).
		Aria("label", label).
		Disabled(s.broken).
		DataSet("slug", a.Slug).
		Text(text)
}

// compactSaveClass is a class of compactButton, by which the list finds a
// press of one (cards.press).
const compactSaveClass = "save-compact"

// toggleSaved saves the article slug on this device, or unsaves it if it
// was saved, and returns what storage then says. When storage cannot be
// read or written, nothing is written and the list says broken.
func toggleSaved(slug string) savedList {
	slugs, err := loadSaved()
	if err != nil {
		return savedList{broken: true}
	}
	before := slices.Clone(slugs)
	if i := slices.Index(slugs, slug); i >= 0 {
		slugs = slices.Delete(slugs, i, i+1)
	} else {
		slugs = append(slugs, slug)
	}
	if err := setStored(savedKey, slugs); err != nil {
		return savedList{slugs: before, broken: true}
	}
	if slices.Contains(slugs, slug) {
		askPersistence()
	}
	return savedList{slugs: slugs}
}

func (b *saveButton) toggle(ctx app.Context, e app.Event) {
	if s := toggleSaved(b.Slug); s.broken {
		b.broken = true
	} else {
		b.saved = s.has(b.Slug)
	}
}

func (b *saveButton) Render() app.UI {
	label, other := toggleLabels(b.saved, "Save for later", "Saved ✓ (tap to remove)")
	return app.Div().Class("save").Body(
		app.Button().
			Class("btn").
			Aria("pressed", b.saved).
			Disabled(b.broken).
			OnClick(b.toggle).
			DataSet("other", other).
			Text(label),
		app.If(b.broken, func() app.UI {
			return app.Span().Class("note").Role("status").Text("Saving is off: this browser's storage cannot be used.")
		}),
	)
}

// toggleLabels is a toggle button's label, off or on as pressed says, and
// the label of its other state, which the button keeps room for (app.css,
// [data-other]): it is as wide pressed as not, so a tap moves nothing
// around it. "Saved ✓ (tap to remove)" is wider than "Save for later";
// at 390 px it pushed Share onto a line of its own, and the whole article
// below it moved down 52 px, which the phone then painted again: about
// 30 ms of a 104-128 ms tap at 4x CPU slowdown.
func toggleLabels(pressed bool, off, on string) (label, other string) {
	if pressed {
		return on, off
	}
	return off, on
}

// saved is /saved: the articles saved on this device.
type saved struct {
	app.Compo
	corpus  *content.Corpus
	mounted bool
	broken  bool
	list    []*content.Article
}

func (p *saved) OnNav(ctx app.Context) {
	setPage(ctx, "Saved articles", "Articles you saved on this device.")
}

func (p *saved) OnMount(ctx app.Context) {
	p.mounted = true
	slugs, err := loadSaved()
	p.broken = err != nil
	p.list = nil
	for _, s := range slugs {
		if a := p.corpus.Article(s); a != nil {
			p.list = append(p.list, a)
		}
	}
}

func (p *saved) Render() app.UI {
	return layout(p.corpus,
		app.Section().Class("intro").Body(
			app.H1().Text("Saved articles"),
			app.P().Class("lead").Text("Articles you save stay on this device only. Nothing is sent anywhere."),
		),
		app.If(!p.mounted, func() app.UI {
			return app.P().Class("result-count").Text("Looking for your saved articles…")
		}).ElseIf(p.broken, func() app.UI {
			return app.P().Class("empty").Role("status").Text("Saving is off: this browser's storage cannot be read, so saved articles cannot be shown. Every article can still be read from the home page.")
		}).ElseIf(len(p.list) == 0, func() app.UI {
			return app.Div().Class("empty").Body(
				app.P().Text("You have not saved any articles yet. Open an article and choose \u201cSave for later\u201d to keep it here."),
				app.P().Body(app.A().Class("btn").Href(content.HomePath).Text("Browse articles")),
			)
		}).Else(func() app.UI {
			return articleList(p.corpus, p.list)
		}),
	)
}
