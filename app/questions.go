package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// My questions (/questions): a list of questions to take to an
// appointment, added from the articles' "Questions to ask your doctor",
// from three suggested questions, or written by the reader. Like saved
// articles it lives in localStorage, on this device only, and it is
// handled the same way when storage fails: refused or unreadable, the list
// is not shown and nothing is written over it; full, the change is not
// kept, and the page says so.

// questionsKey is where the list lives. Versioned, as savedKey.
const questionsKey = "nextsteps.questions.v1"

// questionsAction tells the components that show the list (the header's
// count, the add buttons, the page) that it changed.
const questionsAction = "nextsteps.questions-changed"

// The longest question and answer note kept: a question list is short
// notes, and the limits keep one page's worth of storage small.
const (
	maxQuestionText = 300
	maxNoteText     = 600
)

// topQuestions is how many questions the "top 3" band holds: the ones to
// ask first if time runs short.
const topQuestions = 3

// coreQuestions are the three questions offered to every reader (Shepherd
// et al. 2011: in a trial with actors presenting depression, asking them
// led doctors to give more information about the options).
var coreQuestions = []string{
	"What are my options?",
	"What are the possible benefits and harms of those options?",
	"How likely are those benefits and harms to happen to me?",
}

// coreSource is where the three questions come from, for the page to cite.
const (
	coreSourceText = "Shepherd HL and others. Three questions that patients can ask to improve the quality of information physicians give about treatment options: a cross-over trial. Patient Education and Counseling, 2011. "
	coreSourceDOI  = "10.1016/j.pec.2011.07.022"
)

// question is one entry of the reader's list.
type question struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Slug  string `json:"slug,omitempty"`  // the article it came from
	Title string `json:"title,omitempty"` // that article's title when added: shown if the article is withdrawn
	Core  bool   `json:"core,omitempty"`  // one of coreQuestions
	Asked bool   `json:"asked,omitempty"`
	Note  string `json:"note,omitempty"` // a short note of the answer
}

// is reports whether q is the question text offered by the article slug
// (or, with core, the suggested question text).
func (q question) is(slug string, core bool, text string) bool {
	return q.Slug == slug && q.Core == core && q.Text == text
}

// questionID reports whether id can serve as a question's element id:
// 1 to 24 lower-case letters and digits.
func questionID(id string) bool {
	if len(id) < 1 || len(id) > 24 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// loadQuestions reads the list. As loadSaved: an error means storage is
// refused or the stored value unreadable, and callers then write nothing.
// Entries without text are dropped and ids that could not serve as
// element ids (or repeat) are replaced, the same way on every read, so a
// damaged entry never breaks the page; the next change stores the repair.
func loadQuestions() ([]question, error) {
	var qs []question
	if err := getStored(questionsKey, &qs); err != nil {
		return nil, err
	}
	out := qs[:0]
	seen := map[string]bool{}
	for i, q := range qs {
		q.Text = strings.TrimSpace(q.Text)
		if q.Text == "" {
			continue
		}
		if !questionID(q.ID) || seen[q.ID] {
			q.ID = "r" + strconv.Itoa(i)
		}
		seen[q.ID] = true
		out = append(out, q)
	}
	return out, nil
}

// newQuestionID is an id not yet in qs.
func newQuestionID(qs []question) string {
	n := time.Now().UnixMilli()
	for {
		id := "q" + strconv.FormatInt(n, 36)
		if !slices.ContainsFunc(qs, func(q question) bool { return q.ID == id }) {
			return id
		}
		n++
	}
}

// indexOfID is the position of the question with the id, or -1.
func indexOfID(qs []question, id string) int {
	return slices.IndexFunc(qs, func(q question) bool { return q.ID == id })
}

// moveQuestion moves the entry at from to position to.
func moveQuestion(qs []question, from, to int) []question {
	if from < 0 || from >= len(qs) || to < 0 || to >= len(qs) || from == to {
		return qs
	}
	q := qs[from]
	qs = slices.Delete(qs, from, from+1)
	return slices.Insert(qs, to, q)
}

// changeQuestions applies f to the stored list and stores the result. It
// reads the list again first, so a change made in another tab is kept. An
// error leaves storage as it was.
func changeQuestions(ctx app.Context, f func([]question) []question) ([]question, error) {
	qs, err := loadQuestions()
	if err != nil {
		return nil, err
	}
	qs = f(qs)
	if err := setStored(questionsKey, qs); err != nil {
		return nil, err
	}
	ctx.NewAction(questionsAction)
	return qs, nil
}

// questionSource is who a question comes from, in words, for the list and
// its text: the article's title, "" for the reader's own question.
func questionSource(q question, c *content.Corpus) (title string, live bool) {
	switch {
	case q.Core:
		return "Suggested question", false
	case q.Slug == "":
		return "", false
	}
	if a := c.Article(q.Slug); a != nil {
		return a.Title, true
	}
	return q.Title, false
}

// questionsText is the list as plain text, for Share: numbered, top 3
// first, with whether each was asked, the note of its answer and where it
// came from.
func questionsText(qs []question, c *content.Corpus) string {
	var b strings.Builder
	b.WriteString("My questions for my appointment\n")
	for i, q := range qs {
		switch i {
		case 0:
			b.WriteString("\nTop 3\n")
		case topQuestions:
			b.WriteString("\nMore questions\n")
		}
		fmt.Fprintf(&b, "%d. %s\n", i+1, q.Text)
		if q.Asked {
			b.WriteString("   Asked.\n")
		}
		if n := strings.TrimSpace(q.Note); n != "" {
			b.WriteString("   Answer: " + strings.Join(strings.Fields(n), " ") + "\n")
		}
		if title, _ := questionSource(q, c); title != "" && !q.Core {
			b.WriteString("   From: " + title + "\n")
		}
	}
	b.WriteString("\nFrom " + Name + ". General information, not medical advice.\n")
	return b.String()
}

// addList is a list of offered questions, each with a button that adds it
// to My questions and, pressed again, removes it: an article's "Questions
// to ask your doctor", and the suggested questions on /questions.
//
// The pre-rendered buttons say "Add"; when the reader has questions,
// cmd/nextsteps/boot.js hides them until the app has drawn their state.
type addList struct {
	app.Compo
	Slug     string // the article; "" with Core
	Title    string // the article's title
	Core     bool   // the suggested questions
	Items    []string
	IDPrefix string // of each question's element id, for the button's description

	stored []question
	broken bool // storage refused, unreadable or full: nothing is written
}

// OnInit reads the list before the first render, as saveButton does.
func (l *addList) OnInit() {
	if app.IsClient {
		l.read()
	}
}

func (l *addList) OnMount(ctx app.Context) {
	ctx.Handle(questionsAction, func(ctx app.Context, a app.Action) { l.read() })
}

func (l *addList) read() {
	qs, err := loadQuestions()
	l.stored, l.broken = qs, err != nil
}

func (l *addList) has(text string) bool {
	return slices.ContainsFunc(l.stored, func(q question) bool { return q.is(l.Slug, l.Core, text) })
}

func (l *addList) toggle(text string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		added := false
		qs, err := changeQuestions(ctx, func(qs []question) []question {
			if i := slices.IndexFunc(qs, func(q question) bool { return q.is(l.Slug, l.Core, text) }); i >= 0 {
				return slices.Delete(qs, i, i+1)
			}
			added = true
			return append(qs, question{ID: newQuestionID(qs), Text: text, Slug: l.Slug, Title: l.Title, Core: l.Core})
		})
		if err != nil {
			l.broken = true
			return
		}
		l.stored = qs
		if added {
			askPersistence()
		}
	}
}

func (l *addList) Render() app.UI {
	return app.Div().Class("q-offer").Body(
		app.Ul().Body(
			app.Range(l.Items).Slice(func(i int) app.UI {
				text := l.Items[i]
				id := l.IDPrefix + strconv.Itoa(i+1)
				added := l.has(text)
				label, other := toggleLabels(added, "+ Add to my questions", "Added ✓ (tap to remove)")
				return app.Li().Body(
					app.Span().ID(id).Text(text),
					app.Text(" "),
					app.Button().
						Class("btn small q-add").
						Aria("pressed", added).
						Aria("describedby", id).
						Disabled(l.broken).
						OnClick(l.toggle(text), app.EventScope(id)).
						DataSet("other", other).
						Text(label),
				)
			}),
		),
		app.If(l.broken, func() app.UI {
			return app.P().Class("note").Role("status").Text("Adding questions is off: this browser's storage cannot be used.")
		}),
	)
}

// questionsLink is the header's link to /questions with the number of
// questions in the list. The pre-rendered link has no number; when there
// are questions, boot.js keeps room for it until the app fills it in.
type questionsLink struct {
	app.Compo
	n int
}

func (l *questionsLink) OnInit() {
	if app.IsClient {
		l.read()
	}
}

func (l *questionsLink) OnMount(ctx app.Context) {
	ctx.Handle(questionsAction, func(ctx app.Context, a app.Action) { l.read() })
}

func (l *questionsLink) read() {
	qs, _ := loadQuestions()
	l.n = len(qs)
}

func (l *questionsLink) Render() app.UI {
	count := ""
	if l.n > 0 {
		count = strconv.Itoa(l.n)
	}
	return app.A().Class("q-link").Href(content.QuestionsPath).Body(
		app.Text("My questions"),
		app.Span().Class("count q-count").Body(
			app.If(count != "", func() app.UI {
				return app.Span().Body(
					app.Span().Class("visually-hidden").Text(" ("),
					app.Text(count),
					app.Span().Class("visually-hidden").Text(")"),
				)
			}),
		),
	)
}

// The element ids of /questions that focus moves to.
const (
	questionsListID = "my-questions"
	ownQuestionID   = "own-question"
)

// questionsPage is /questions.
type questionsPage struct {
	app.Compo
	corpus *content.Corpus

	list   []question
	broken bool   // storage refused or unreadable: the list is not shown
	failed bool   // the last change could not be stored (storage full)
	draft  string // the question being written
	status string // the last change, announced to screen readers
	drag   string // the id of the question being dragged
	over   string // the id of the question it would be dropped on
}

func (p *questionsPage) OnInit() {
	if app.IsClient {
		p.read()
	}
}

func (p *questionsPage) OnNav(ctx app.Context) {
	p.read()
	setPage(ctx, "My questions", "Questions to take to your appointment, kept on this device only.")
}

func (p *questionsPage) OnMount(ctx app.Context) {
	ctx.Handle(questionsAction, func(ctx app.Context, a app.Action) { p.read() })
}

func (p *questionsPage) read() {
	if !app.IsClient {
		return
	}
	qs, err := loadQuestions()
	p.list, p.broken = qs, err != nil
}

// change applies f to the stored list; status is announced when it is kept.
func (p *questionsPage) change(ctx app.Context, status string, f func([]question) []question) bool {
	qs, err := changeQuestions(ctx, f)
	if err != nil {
		// Unreadable storage stays as it was and the list is not shown; a
		// full one keeps the list shown, without the change.
		p.failed, p.status = true, ""
		if _, err := loadQuestions(); err != nil {
			p.broken = true
		}
		return false
	}
	p.list, p.failed, p.status = qs, false, status
	return true
}

// focus moves the focus to the element with the id once it is drawn.
func focus(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

func (p *questionsPage) addOwn(ctx app.Context, e app.Event) {
	text := strings.Join(strings.Fields(p.draft), " ")
	if text == "" {
		p.status = "Write a question first."
		focus(ctx, ownQuestionID)
		return
	}
	if len(text) > maxQuestionText {
		text = text[:maxQuestionText]
	}
	if p.change(ctx, "Added: "+text, func(qs []question) []question {
		return append(qs, question{ID: newQuestionID(qs), Text: text})
	}) {
		p.draft = ""
		// go-app drops an empty value attribute instead of setting it, which
		// would leave the typed text in the field.
		if el := app.Window().GetElementByID(ownQuestionID); el.Truthy() {
			el.Set("value", "")
		}
		askPersistence()
	}
	focus(ctx, ownQuestionID)
}

func (p *questionsPage) onDraft(ctx app.Context, e app.Event) {
	p.draft = ctx.JSSrc().Get("value").String()
}

// addOnEnter adds the draft when Enter is pressed in it.
func (p *questionsPage) addOnEnter(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.addOwn(ctx, e)
}

// move moves a question by delta places and keeps the focus on the button
// pressed (or its partner, when the question reached an end of the list).
func (p *questionsPage) move(id string, delta int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		var to, n int
		ok := p.change(ctx, "", func(qs []question) []question {
			from := indexOfID(qs, id)
			to, n = from+delta, len(qs)
			if from < 0 || to < 0 || to >= n {
				to = from
				return qs
			}
			return moveQuestion(qs, from, to)
		})
		if !ok || to < 0 {
			return
		}
		p.status = fmt.Sprintf("Moved to number %d of %d.", to+1, n)
		btn := "up-" + id
		if delta > 0 && to < n-1 || to == 0 {
			btn = "down-" + id
		}
		focus(ctx, btn)
	}
}

func (p *questionsPage) remove(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		i := indexOfID(p.list, id)
		if i < 0 {
			return
		}
		text := p.list[i].Text
		if p.change(ctx, "Removed: "+text, func(qs []question) []question {
			if j := indexOfID(qs, id); j >= 0 {
				return slices.Delete(qs, j, j+1)
			}
			return qs
		}) {
			focus(ctx, questionsListID)
		}
	}
}

func (p *questionsPage) setAsked(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		asked := ctx.JSSrc().Get("checked").Bool()
		status := "Marked as not asked yet."
		if asked {
			status = "Marked as asked."
		}
		p.change(ctx, status, func(qs []question) []question {
			if j := indexOfID(qs, id); j >= 0 {
				qs[j].Asked = asked
			}
			return qs
		})
	}
}

func (p *questionsPage) setNote(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		note := ctx.JSSrc().Get("value").String()
		if len(note) > maxNoteText {
			note = note[:maxNoteText]
		}
		p.change(ctx, "", func(qs []question) []question {
			if j := indexOfID(qs, id); j >= 0 {
				qs[j].Note = note
			}
			return qs
		})
	}
}

// Drag and drop: the handle starts a drag, and a question dropped on
// another takes its place.
func (p *questionsPage) dragStart(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.drag = id
		if dt := e.Get("dataTransfer"); dt.Truthy() {
			dt.Set("effectAllowed", "move")
			dt.Call("setData", "text/plain", id) // Firefox starts no drag without data
			if li := app.Window().GetElementByID("item-" + id); li.Truthy() {
				dt.Call("setDragImage", li, 16, 16)
			}
		}
	}
}

func (p *questionsPage) dragOver(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if p.drag == "" {
			return
		}
		e.PreventDefault() // allows the drop
		if p.over == id {
			ctx.PreventUpdate()
			return
		}
		p.over = id
	}
}

func (p *questionsPage) dragEnd(ctx app.Context, e app.Event) { p.drag, p.over = "", "" }

func (p *questionsPage) drop(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		from, dragged := -1, p.drag
		p.drag, p.over = "", ""
		if dragged == "" {
			return
		}
		e.PreventDefault()
		var to, n int
		if p.change(ctx, "", func(qs []question) []question {
			from, to, n = indexOfID(qs, dragged), indexOfID(qs, id), len(qs)
			if from < 0 || to < 0 {
				return qs
			}
			return moveQuestion(qs, from, to)
		}) && from >= 0 && to >= 0 && from != to {
			p.status = fmt.Sprintf("Moved to number %d of %d.", to+1, n)
		}
	}
}

func (p *questionsPage) print(ctx app.Context, e app.Event) { app.Window().Call("print") }

func (p *questionsPage) Render() app.UI {
	n := len(p.list)
	return layout(p.corpus,
		app.Div().Class("qpage").Body(
			app.Section().Class("intro").Body(
				app.H1().Text("My questions"),
				app.P().Class("lead").Text("A list to take to your next appointment. Put the questions that matter most to you first. It stays on this device only: nothing is sent anywhere."),
			),
			app.Section().Class("q-mine").Aria("labelledby", questionsListID).Body(
				app.H2().ID(questionsListID).TabIndex(-1).Text("Your list"),
				app.Div().Class("q-state").Body(
					app.If(p.broken, func() app.UI {
						return app.P().Class("empty").Role("status").Text("Saving is off: this browser's storage cannot be read, so your questions cannot be shown or kept here. The questions at the end of each article can still be read there.")
					}).ElseIf(n == 0, func() app.UI {
						return app.P().Class("empty").Text("Your list is empty. Add questions from the end of any article, start with the three suggested below, or write your own.")
					}).Else(func() app.UI {
						return app.Div().Body(
							app.P().Class("note").Text("Your top 3 are the ones to ask first if time is short. Drag a question by its handle (⠿), or use Up and Down, to change the order."),
							p.band("Top 3: ask these first", 0, min(n, topQuestions)),
							app.If(n > topQuestions, func() app.UI {
								return p.band("More questions", topQuestions, n)
							}),
							app.Div().Class("actions-row q-actions").Body(
								app.Button().Class("btn").OnClick(p.print).Text("Print"),
								&shareButton{Title: "My questions", Text: questionsText(p.list, p.corpus)},
							),
						)
					}),
					app.If(p.failed, func() app.UI {
						return app.P().Class("note q-failed").Role("alert").Text("That change was not kept: this browser's storage is full or refused.")
					}),
					app.P().Class("visually-hidden q-status").Role("status").Text(p.status),
				),
			),
			app.Section().Class("q-own").Aria("labelledby", "own-label").Body(
				app.H2().ID("own-label").Text("Write your own question"),
				app.P().Class("note").ID("own-hint").Text("Ideas: what you hope a treatment will change, what you have tried before, how long you might wait."),
				app.Div().Class("q-own-row").Body(
					app.Label().For(ownQuestionID).Class("visually-hidden").Text("Your question"),
					app.Input().ID(ownQuestionID).Type("text").Name("question").
						MaxLength(maxQuestionText).AutoComplete(false).
						Aria("describedby", "own-hint").
						Disabled(p.broken).
						Value(p.draft).OnInput(p.onDraft).OnKeyDown(onlyKey("Enter", p.addOnEnter)),
					app.Button().Class("btn primary").Disabled(p.broken).OnClick(p.addOwn).Text("Add question"),
				),
			),
			app.Section().Class("q-core").Aria("labelledby", "core-label").Body(
				app.H2().ID("core-label").Text("Three questions to start with"),
				app.P().Text("These three questions suit any decision about treatment. In one study, doctors gave more information about the options when they were asked them."),
				&addList{Core: true, Items: coreQuestions, IDPrefix: "core-"},
				app.P().Class("note").Body(
					app.Text("Source: "+coreSourceText),
					app.A().Href("https://doi.org/"+coreSourceDOI).Rel("noopener").Text("doi:"+coreSourceDOI),
				),
			),
			app.Section().Class("q-articles").Body(
				app.H2().Text("Questions from the articles"),
				app.P().Body(
					app.Text("Every article ends with questions to ask your doctor. Choose \u201cAdd to my questions\u201d beside any of them. "),
					app.A().Href(content.HomePath).Text("Browse articles"),
				),
				app.P().Class("note").Text("A list can help you remember what you wanted to ask. Studies of question lists found only small effects, so treat it as a reminder, not a script."),
			),
			crisisNote(),
		),
	)
}

// band is one part of the list, from its question from to before to: the
// top 3, then the rest, numbered on from there.
func (p *questionsPage) band(title string, from, to int) app.UI {
	cls := "q-band"
	if from == 0 {
		cls += " q-top"
	}
	return app.Div().Class(cls).Body(
		app.H3().Text(title),
		app.Ol().Class("q-list").Start(from+1).Body(
			app.Range(p.list[from:to]).Slice(func(i int) app.UI {
				return p.item(from + i)
			}),
		),
	)
}

// item is one question of the list with its tools.
func (p *questionsPage) item(i int) app.UI {
	q, n := p.list[i], len(p.list)
	id := q.ID
	// go-app keeps an element's handler when the new one comes from the
	// same function literal: the scope tells it the question changed.
	sc := app.EventScope(id)
	textID := "text-" + id
	cls := "q-item"
	if q.Asked {
		cls += " asked"
	}
	if p.over == id && p.drag != id {
		cls += " drop-here"
	}
	var from app.UI
	switch title, live := questionSource(q, p.corpus); {
	case live:
		from = app.Span().Body(app.Text("From "), app.A().Href(content.ArticlePath(q.Slug)).Text(title))
	case q.Core:
		from = app.Text("One of the three suggested questions")
	case title != "":
		from = app.Text("From \u201c" + title + "\u201d, no longer published")
	default:
		from = app.Text("Your own question")
	}
	return app.Li().ID("item-"+id).Class(cls).
		OnDragOver(p.dragOver(id), sc).OnDrop(p.drop(id), sc).Body(
		app.Div().Class("q-row").Body(
			app.Span().Class("q-handle").Draggable(true).Aria("hidden", "true").
				Title("Drag to change the order").
				OnDragStart(p.dragStart(id), sc).OnDragEnd(p.dragEnd).Text("⠿"),
			app.Div().Class("q-body").Body(
				app.P().Class("q-text").ID(textID).Body(
					app.Text(q.Text),
					app.If(q.Asked, func() app.UI {
						return app.Span().Class("badge asked-badge").Text("Asked")
					}),
				),
				app.P().Class("q-from").Body(from),
			),
		),
		app.Div().Class("q-tools").Body(
			app.Label().Class("q-asked").Body(
				app.Input().Type("checkbox").Checked(q.Asked).Aria("describedby", textID).OnChange(p.setAsked(id), sc),
				app.Text(" Asked"),
			),
			app.Button().ID("up-"+id).Class("btn small").Aria("describedby", textID).
				Aria("label", "Move up").Disabled(i == 0).OnClick(p.move(id, -1), sc).Text("↑ Up"),
			app.Button().ID("down-"+id).Class("btn small").Aria("describedby", textID).
				Aria("label", "Move down").Disabled(i == n-1).OnClick(p.move(id, 1), sc).Text("↓ Down"),
			app.Button().Class("btn small").Aria("describedby", textID).
				OnClick(p.remove(id), sc).Text("Remove"),
		),
		app.Label().Class("q-note").Body(
			app.Span().Text("Note of the answer (optional)"),
			app.Input().ID("note-"+id).Type("text").MaxLength(maxNoteText).AutoComplete(false).
				Value(q.Note).OnInput(p.setNote(id), sc),
		),
		// On paper: the note, then room to write.
		app.Div().Class("q-paper").Text(q.Note),
	)
}
