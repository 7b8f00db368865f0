package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// help is /help: emergency numbers and crisis lines, one tap from every
// page. Everything it lists comes from content/crisis-lines.yaml (the
// corpus's Crisis): this file only lays it out. Numbers are tel: and sms:
// links, so a phone dials them directly.
//
// The reader's region comes first: the one they chose (remembered under
// regionKey), else the one their browser's language names (en-CA → Canada),
// else the file's order. The pre-rendered page uses the file's order and
// lists every region; cmd/nextsteps/boot.js (part 7) moves the reader's region to the
// top before the page is drawn, and the app's first render draws the same
// order, so nothing moves when it takes over. Choosing another region
// reorders only what is below the chooser.
type help struct {
	app.Compo
	corpus *content.Corpus
	ready  bool   // region worked out (in the browser, on the first render)
	region string // the region shown first; "" for the file's order
	broken bool   // the choice could not be saved
}

// regionKey holds the region the reader chose. cmd/nextsteps/boot.js reads the same
// key before the first paint (BootConstants hands it over).
const regionKey = "nextsteps.region.v1"

func (p *help) OnNav(ctx app.Context) {
	setPage(ctx, content.HelpTitle, "Crisis lines and emergency numbers: who to contact, day or night.")
}

// firstRegion is the region to show first for a stored choice and a
// browser language tag: a choice the data still has wins, else the tag's
// region, else "" (the file's order).
func firstRegion(c *content.Crisis, chosen, language string) string {
	if chosen != "" && c.Region(chosen) != nil {
		return chosen
	}
	return c.RegionFor(language)
}

// initRegion reads the stored choice and the browser's language.
func (p *help) initRegion() {
	p.ready = true
	if app.IsServer {
		return
	}
	var chosen string
	if err := getStored(regionKey, &chosen); err != nil {
		chosen = ""
	}
	lang := ""
	if nav := app.Window().Get("navigator"); nav.Truthy() {
		if l := nav.Get("language"); l.Truthy() {
			lang = l.String()
		}
	}
	p.region = firstRegion(p.corpus.Crisis, chosen, lang)
}

func (p *help) choose(ctx app.Context, e app.Event) {
	code := ctx.JSSrc().Get("value").String()
	if p.corpus.Crisis.Region(code) == nil || code == p.region {
		return
	}
	p.region = code
	if err := setStored(regionKey, code); err != nil {
		p.broken = true
	}
}

func dial(number, label string) app.UI {
	return app.A().Class("btn primary call").Href("tel:" + number).Text(label)
}

// action is one way to reach a service: calls are the primary buttons.
func action(a content.Action) app.UI {
	href := a.SafeHref()
	if href == "" {
		return nil
	}
	link := app.A().Href(href).Text(a.Label)
	switch a.Kind() {
	case "call":
		return link.Class("btn primary call")
	case "text":
		return link.Class("btn")
	}
	return link.Class("btn").Rel("noopener")
}

// line is one service: who, what to press, and what to know.
func line(s content.Service) app.UI {
	title := s.Name
	if s.Area != "" {
		title = s.Area + ": " + s.Name
	}
	actions := make([]app.UI, 0, len(s.Actions))
	for _, a := range s.Actions {
		if ui := action(a); ui != nil {
			actions = append(actions, ui)
		}
	}
	note := s.For + " " + s.Hours
	if s.Note != "" {
		note += " " + s.Note
	}
	return app.Li().Class("line").Body(
		app.H4().Text(title),
		app.P().Class("actions").Body(actions...),
		app.P().Text(note),
		sourceLine(s.Source, s.Checked.IsZero(), formatDate(s.Checked)),
	)
}

// sourceLine links the page that confirmed an entry, with the day.
func sourceLine(url string, undated bool, day string) app.UI {
	if url == "" || undated {
		return nil
	}
	return app.P().Class("note checked").Body(
		app.Text("Checked "+day+" on "),
		app.A().Href(url).Rel("noopener").Text(hostOf(url)),
		app.Text("."),
	)
}

// hostOf is the site an address belongs to, for a short link text.
func hostOf(url string) string {
	h := strings.TrimPrefix(url, "https://")
	if i := strings.IndexByte(h, '/'); i >= 0 {
		h = h[:i]
	}
	return strings.TrimPrefix(h, "www.")
}

func (p *help) Render() app.UI {
	if !p.ready {
		p.initRegion()
	}
	c := p.corpus.Crisis
	regions := c.Ordered(p.region)

	var emergency []app.UI
	for _, r := range regions {
		var buttons []app.UI
		for _, n := range r.Emergency.Numbers {
			buttons = append(buttons, dial(n, n+" · "+r.Name))
		}
		emergency = append(emergency, app.Span().Class("region-numbers").DataSet("region", r.Code).Body(buttons...))
	}

	// The chooser keeps the file's order: reordering its options under the
	// reader's finger would change what it shows.
	var choices []app.UI
	for _, r := range c.Ordered("") {
		choices = append(choices, app.Option().Value(r.Code).Selected(r.Code == p.region).Text(r.Name))
	}

	var blocks []app.UI
	for _, r := range regions {
		var services []app.UI
		for _, s := range r.Services {
			services = append(services, line(s))
		}
		var numbers []app.UI
		for i, n := range r.Emergency.Numbers {
			if i > 0 {
				numbers = append(numbers, app.Text(" or "))
			}
			numbers = append(numbers, app.A().Href("tel:"+n).Text(n))
		}
		emergencyText := []app.UI{app.Text("In an emergency, call ")}
		emergencyText = append(emergencyText, numbers...)
		// One text after the last number: two side by side are one text
		// in the pre-rendered page, which the app then could not adopt
		// (cmd/trimgoapp, hydrate).
		end := "."
		if r.Emergency.Note != "" {
			end += " " + r.Emergency.Note
		}
		emergencyText = append(emergencyText, app.Text(end))
		blocks = append(blocks, app.Li().Class("region").ID("region-"+strings.ToLower(r.Code)).
			DataSet("region", r.Code).DataSet("countries", strings.Join(r.Countries, " ")).Body(
			app.H3().Text(r.Name),
			app.P().Body(emergencyText...),
			app.If(len(services) > 0, func() app.UI { return app.Ul().Class("lines").Body(services...) }),
			sourceLine(r.Emergency.Source, r.Emergency.Checked.IsZero(), formatDate(r.Emergency.Checked)),
		))
	}
	var directory app.UI
	if c != nil && c.Directory != nil { // a corpus without crisis lines still gets the emergency advice
		d := c.Directory
		directory = app.Section().Class("directory").Aria("labelledby", "directory-label").Body(
			app.H2().ID("directory-label").Text("Anywhere else"),
			app.Ul().Class("lines").Body(line(*d)),
		)
	}

	return layout(p.corpus,
		app.Section().Class("intro help").Body(
			app.H1().Text(content.HelpTitle),
			app.P().Class("lead").Text("If you are thinking about suicide, or you are worried about someone, you do not have to wait. These services are free, and you can contact them at any time of day or night."),
		),
		app.Section().Class("emergency").Aria("labelledby", "emergency-label").Body(
			app.H2().ID("emergency-label").Text("In immediate danger?"),
			app.P().Text("If you might act on thoughts of suicide, or someone is hurt, call your local emergency number now, or go to the nearest emergency department."),
			app.P().Class("actions").ID(emergencyNumbersID).Body(emergency...),
		),
		app.Section().Aria("labelledby", "lines-label").Body(
			app.H2().ID("lines-label").Text("Talk to someone now"),
			app.If(len(regions) > 1, func() app.UI {
				return app.P().Class("region-choice").Body(
					app.Label().For(regionChoiceID).Text("Show first: "),
					app.Select().ID(regionChoiceID).Name("region").OnChange(p.choose).OnInput(p.choose).Body(choices...),
					app.If(p.broken, func() app.UI {
						return app.Span().Class("note").Role("status").Text(" Saving is off: this choice lasts until you close the page.")
					}),
				)
			}),
			app.Ul().Class("regions").ID(regionsID).Body(blocks...),
		),
		directory,
		app.Section().Aria("labelledby", "plan-label").Body(
			app.H2().ID("plan-label").Text("When the crisis has passed"),
			app.P().Text("Tell your doctor or care team what happened. Ask them to help you write a crisis plan: your warning signs, what helps, and who to call, including out of hours."),
		),
	)
}
