package app

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// comparePage is /compare?t=ect&t=tms: 2 to 4 therapy topics side by side,
// from content/compare.yaml (the corpus's Compare). On a desktop it is a
// table with the options as columns and the same questions as rows; on a
// phone the stylesheet turns each row into a card that lists the chosen
// options. Every cell cites the numbered sources at the end.
//
// The selection lives in the address, which a static host and the service
// worker cannot pre-render: they answer any /compare?t=... with the page
// rendered for /compare. So that page holds every option's column, marked
// "bare" and hidden, and cmd/nextsteps/boot.js (part 8) shows exactly the
// chosen ones before the first paint; the app then draws the same columns.
// A server answering the full address renders only the chosen ones.
type comparePage struct {
	app.Compo
	corpus *content.Corpus
	sel    []string // the chosen options, in the file's order
	ok     bool     // 2 to 4 of them
	asked  int      // how many ?t= values the address gave
}

// OnInit gives the page's first render the address's choice (see home).
func (p *comparePage) OnInit() {
	if app.IsClient {
		p.read(app.Window().URL())
	}
}

func (p *comparePage) OnNav(ctx app.Context) {
	p.read(ctx.Page().URL())
	title := "Compare treatments"
	if p.ok {
		title += ": " + strings.Join(p.names(p.sel), ", ")
	}
	setPage(ctx, title, "Treatments for depression that has not lifted, side by side: how they are given, what trials found, side effects and access.")
	// boot.js marked the bare page's columns for this address; the app
	// draws its own from here on.
	ctx.Defer(func(app.Context) {
		app.Window().Get("document").Get("documentElement").Call("removeAttribute", "data-compare")
	})
}

func (p *comparePage) read(u *url.URL) {
	u = sitePage(u)
	want := u.Query()[content.CompareKey]
	p.asked = len(want)
	p.sel, p.ok = p.corpus.Compare.Selected(want)
}

func (p *comparePage) names(ids []string) []string {
	var out []string
	for _, id := range ids {
		if o := p.corpus.Compare.Option(id); o != nil {
			out = append(out, o.Name)
		}
	}
	return out
}

func (p *comparePage) Render() app.UI {
	c := p.corpus
	cmp := c.Compare
	intro := app.Section().Class("intro").Body(
		app.H1().Text("Compare treatments"),
		app.P().Class("lead").Text("Choose 2 to 4 treatments to see them side by side: how each is given, what trials found, side effects and how to get it. This page does not recommend any option."),
	)
	if cmp == nil {
		return layout(c, intro, app.P().Text("No comparison has been published yet. Comparisons are added once every figure has been checked against its source."))
	}
	// Rendered for an address without a valid choice, the server writes
	// every column, hidden, for boot.js to pick from (see the type).
	bare := !p.ok && app.IsServer
	cols := p.sel
	if bare {
		cols = cmp.Topics()
	}
	return layout(c,
		intro,
		p.chooser(bare),
		app.If(!p.ok, func() app.UI { return p.choose(bare) }),
		app.If(p.ok || bare, func() app.UI { return p.grid(cols, bare) }),
		p.notes(),
	)
}

// chooser is one checkbox link per option: each leads to the address with
// that option added or removed, so it works before the app runs too.
func (p *comparePage) chooser(bare bool) app.UI {
	cmp := p.corpus.Compare
	class := "compare-pick"
	if bare {
		class += " bare"
	}
	return app.Section().Class(class).Aria("labelledby", "compare-pick-label").Body(
		app.H2().ID("compare-pick-label").Class("filter-label").Text("Treatments to compare (2 to 4)"),
		app.Div().Role("group").Aria("labelledby", "compare-pick-label").Class("chips").Body(
			app.Range(cmp.Options).Slice(func(i int) app.UI {
				o := cmp.Options[i]
				on := slices.Contains(p.sel, o.Topic)
				next := toggledIDs(p.sel, o.Topic, cmp.Topics())
				return app.A().Class("chip").ID("pick-"+o.Topic).DataSet("topic", o.Topic).
					Href(content.CompareURL(next...)).Role("checkbox").Aria("checked", on).
					Body(app.Span().Text(o.Name))
			}),
		),
	)
}

// toggledIDs is sel with id added or removed, in the order of all.
func toggledIDs(sel []string, id string, all []string) []string {
	var out []string
	for _, t := range all {
		if on := slices.Contains(sel, t); on != (t == id) {
			out = append(out, t)
		}
	}
	return out
}

// choose says plainly why nothing is compared yet.
func (p *comparePage) choose(bare bool) app.UI {
	msg := fmt.Sprintf("Choose at least %d treatments above to compare them.", content.CompareMin)
	switch n := len(p.sel); {
	case n > content.CompareMax:
		msg = fmt.Sprintf("You chose %d treatments. Choose at most %d, so they fit side by side: untick some above.", n, content.CompareMax)
	case n == 1:
		msg = fmt.Sprintf("You chose 1 treatment (%s). Choose at least one more above.", p.names(p.sel)[0])
	case n == 0 && p.asked > 0:
		msg = fmt.Sprintf("This address names no treatment this comparison covers. Choose %d to %d above.", content.CompareMin, content.CompareMax)
	}
	class := "compare-choose"
	if bare {
		class += " bare"
	}
	return app.P().Class(class).Role("status").Text(msg)
}

// grid is the comparison: a table whose rows turn into cards on a phone.
func (p *comparePage) grid(cols []string, bare bool) app.UI {
	cmp := p.corpus.Compare
	var opts []content.CompareOption
	for _, id := range cols {
		if o := cmp.Option(id); o != nil {
			opts = append(opts, *o)
		}
	}
	class := "compare-grid"
	if bare {
		class += " bare"
	}
	head := []app.UI{app.Td().Class("corner")}
	for _, o := range opts {
		head = append(head, app.Th().Scope("col").DataSet("topic", o.Topic).Body(
			app.A().Href(content.TopicPath(o.Topic)).Text(o.Name),
			app.Span().Class("covers").Text(o.Covers),
		))
	}
	rows := make([]app.UI, 0, len(content.CompareRows))
	for r, row := range content.CompareRows {
		cells := []app.UI{app.Th().Scope("row").Text(row.Question)}
		for _, o := range opts {
			cell := o.Cells[r]
			cells = append(cells, app.Td().DataSet("topic", o.Topic).Body(
				app.Span().Class("cell-name").Text(o.Name),
				p.cell(cell),
			))
		}
		rows = append(rows, app.Tr().ID("row-"+row.ID).Body(cells...))
	}
	return app.Div().Class(class).Body(
		app.Table().Class("compare-table").Body(
			app.Caption().Class("visually-hidden").Text("The chosen treatments (columns) answering the same questions (rows)"),
			app.THead().Body(app.Tr().Body(head...)),
			app.TBody().Body(rows...),
		),
	)
}

func (p *comparePage) cell(c content.CompareCell) app.UI {
	sources := p.corpus.Compare.Sources
	if len(c.Findings) == 0 {
		return app.Div().Body(
			app.P().Body(app.Text(c.Text+" "), cites(c.Cite)),
			evidence(c.Cite, sources),
		)
	}
	var out []app.UI
	for _, f := range c.Findings {
		out = append(out, finding(f, sources))
	}
	return app.Div().Class("findings").Body(out...)
}

// evidence is a cell's evidence note, folded away: what kind of study each
// cited source is and how many people it covered (each source's Evidence
// in compare.yaml), so a reader can judge a number without leaving the
// cell. It is a native details element, so it opens before the app runs.
func evidence(nums []int, sources []content.Source) app.UI {
	items := make([]app.UI, 0, len(nums))
	for _, n := range nums {
		if n < 1 || n > len(sources) {
			continue
		}
		items = append(items, app.Li().Body(
			app.A().Href("#"+content.SourceID(n)).Aria("label", fmt.Sprintf("source %d", n)).Text(fmt.Sprintf("[%d]", n)),
			app.Text(" "+sources[n-1].Evidence),
		))
	}
	return app.Details().Class("evidence").Body(
		app.Summary().Text("What this rests on"),
		app.Ul().Body(items...),
	)
}

// finding is one trial's result: each arm as "X out of 100" with an icon
// array of 100 and the other way round ("59 did not"), then what the
// outcome meant, who was in the trial and what had failed before.
func finding(f content.Finding, sources []content.Source) app.UI {
	verb := map[string]string{"response": "responded", "remission": "reached remission"}[f.Outcome]
	var arms []app.UI
	for _, a := range f.Arms {
		arms = append(arms, app.Div().Class("arm").Body(
			iconArray(a.Per100),
			app.P().Body(
				app.Strong().Text(fmt.Sprintf("%d out of 100", a.Per100)),
				app.Text(fmt.Sprintf(" %s with %s; %d did not.", verb, lowerFirst(a.Name), 100-a.Per100)),
			),
		))
	}
	return app.Div().Class("finding").Body(
		app.P().Class("trial").Body(app.Strong().Text(f.Trial), app.Text(", "+f.After+": "), cites(f.Cite)),
		app.Div().Class("arms").Body(arms...),
		app.P().Class("meta").Body(app.Strong().Text(strings.ToUpper(f.Outcome[:1])+f.Outcome[1:]+": "), app.Text(f.Meaning)),
		app.P().Class("meta").Body(app.Strong().Text("Who: "), app.Text(f.Who)),
		app.P().Class("meta").Body(app.Strong().Text("Not helped before by: "), app.Text(f.Failed)),
		app.If(f.Range != "", func() app.UI {
			return app.P().Class("meta").Body(app.Strong().Text("Uncertainty: "), app.Text(f.Range))
		}),
		app.If(f.Note != "", func() app.UI { return app.P().Class("meta").Text(f.Note) }),
		evidence(f.Cite, sources),
	)
}

func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z') {
		return s // an abbreviation: ECT, SNT, T3
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// iconArray is 100 squares, n of them filled: the same 100 in every panel.
func iconArray(n int) app.UI {
	icons := make([]app.UI, 100)
	for i := range icons {
		if i < n {
			icons[i] = app.B()
		} else {
			icons[i] = app.I()
		}
	}
	return app.Div().Class("icons").Role("img").Aria("label", fmt.Sprintf("%d out of 100", n)).Body(icons...)
}

// cites links a cell's sources: [1][4], each to its entry below.
func cites(nums []int) app.UI {
	links := make([]app.UI, len(nums))
	for i, n := range nums {
		links[i] = app.A().Href("#"+content.SourceID(n)).Aria("label", fmt.Sprintf("source %d", n)).Text(fmt.Sprintf("[%d]", n))
	}
	return app.Sup().Class("cite").Body(links...)
}

// notes are what a reader needs to read the numbers, the staying option,
// who wrote it and when, and the sources.
func (p *comparePage) notes() app.UI {
	cmp := p.corpus.Compare
	return app.Div().Class("compare-notes").Body(
		app.Section().Aria("labelledby", "read-label").Body(
			app.H2().ID("read-label").Text("How to read these numbers"),
			app.Ul().Body(
				app.Li().Text("Every number is how many out of 100 people in a trial had the result, over the time stated. It describes a group, not what will happen to you."),
				app.Li().Text("The numbers come from different trials, with different patients, measured in different ways and over different times. Comparing across columns is not a head-to-head test, except where a trial tested two options against each other: it says so."),
				app.Li().Text("Response means symptoms dropped clearly, usually by half or more. Remission means symptoms had mostly gone. Each result says how its trial measured it."),
				app.Li().Text("This page does not recommend any option. Use it to talk through the choices with your doctor."),
			),
		),
		app.Section().Aria("labelledby", "staying-label").Body(
			app.H2().ID("staying-label").Text("Staying on your current treatment"),
			p.cell(cmp.Staying),
		),
		app.Section().Class("compare-about").Aria("labelledby", "about-label").Body(
			app.H2().ID("about-label").Text("About this comparison"),
			app.P().Text("Who wrote it: "+cmp.Author),
			app.P().ID("compare-funding").Text("Who paid for it: "+cmp.Funding),
			app.P().ID("compare-interests").Text("Conflicts of interest: "+cmp.Interests),
			app.P().Text(fmt.Sprintf("Last reviewed %s. Next review due %s, or sooner if a major trial or guideline changes the picture.", formatDate(cmp.Reviewed), formatDate(cmp.NextReview))),
		),
		app.Section().Class("sources").ID(content.SourcesID).Aria("labelledby", content.LabelID(content.SourcesID)).Body(
			app.H2().ID(content.LabelID(content.SourcesID)).Text("Sources"),
			app.Ol().Body(
				app.Range(cmp.Sources).Slice(func(i int) app.UI { return sourceItem(i+1, cmp.Sources[i]) }),
			),
		),
		app.P().Class("disclaimer").Text("This comparison is general information, not medical advice. Please do not start, stop or change any treatment without your doctor."),
		crisisNote(),
	)
}

// comparable is ids less those the comparison does not cover.
func comparable(c *content.Corpus, ids []string) []string {
	var out []string
	for _, id := range ids {
		if c.Compare.Option(id) != nil {
			out = append(out, id)
		}
	}
	return out
}

// compareThese is home's link to compare the chosen topics, when 2 to 4 of
// them are options of the comparison.
func compareThese(c *content.Corpus, topics []string) app.UI {
	ids := comparable(c, topics)
	if len(ids) < content.CompareMin || len(ids) > content.CompareMax {
		return nil
	}
	return app.P().Class("compare-these").Body(
		app.A().Class("btn").ID("compare-these").Href(content.CompareURL(ids...)).Text("Compare these"),
		app.Text(" side by side: "+strings.Join((&comparePage{corpus: c}).names(ids), ", ")+"."),
	)
}

// compareLink is a therapy article's link to compare its topic with others:
// the comparison with the article's topics chosen, where the reader adds
// the rest.
func compareLink(c *content.Corpus, topics []string) app.UI {
	ids := comparable(c, topics)
	if len(ids) == 0 {
		return nil
	}
	names := strings.Join((&comparePage{corpus: c}).names(ids), " and ")
	text := "Compare " + names + " with other treatments, side by side"
	if len(ids) >= content.CompareMin {
		text = "Compare " + names + " side by side"
	}
	return app.P().Class("compare-link").Body(
		app.A().ID("compare-link").Href(content.CompareURL(ids...)).Text(text),
	)
}
