package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// about is /about: who writes the articles and how, the sources policy, and
// the privacy promise.
type about struct {
	app.Compo
	corpus *content.Corpus // for the header's search box
}

func (p *about) OnNav(ctx app.Context) {
	setPage(ctx, "About Next Steps", "How the articles are written and checked, our sources policy, and privacy.")
}

func (p *about) Render() app.UI {
	section := func(id, title string, paras ...string) app.UI {
		return app.Section().Aria("labelledby", id).Body(
			app.H2().ID(id).Text(title),
			app.Range(paras).Slice(func(i int) app.UI { return app.P().Text(paras[i]) }),
		)
	}
	return layout(p.corpus,
		app.Section().Class("intro").Body(
			app.H1().Text("About Next Steps"),
			app.P().Class("lead").Text("Next Steps explains, in plain language, what the evidence says about the options for depression that has not lifted after several treatments."),
		),
		section("who", "Who writes the articles",
			"The articles are written for Next Steps from a fact base in which every fact was checked against its published source, and each article is then read again against those sources before it is published.",
			"No article has yet been reviewed by a named clinician. When one is, the reviewer's name will appear on that article. We will never name a reviewer who did not review it.",
		),
		section("how", "How the articles are written and checked",
			"Each fact comes from a source we can point to: trial papers, systematic reviews, regulators' decisions (such as the US FDA) and clinical guidelines (such as NICE). Every claim carries a numbered citation that links to its source at the end of the article.",
			"Each article shows the date it was last checked against its sources, and the date its next review is due, at most three years later. A publishing check refuses an article whose review date has passed, whose citations do not match its sources, whose links are broken, that rests on fewer than four sources, whose sentences are too long on average, or that uses wording we never use, such as calling a treatment a cure.",
			"We leave out claims we could not confirm in a published source, and we say so when a figure is disputed or comes from a single trial.",
			"Numbers from studies describe the groups of people in those studies. They cannot tell you what will happen to you.",
		),
		section("advice", "Not medical advice",
			"These articles are general information. They are not a substitute for a clinician who knows you. Please do not start, stop or change any medicine or treatment without talking to your prescriber.",
		),
		section("privacy", "Privacy: nothing leaves your device",
			"There are no accounts, no adverts, no tracking and no analytics. The app makes no requests to any other site. The articles you save are kept in this browser on this device only, and you can remove them at any time.",
			"After your first visit, the whole app is stored on your device so that it works with no connection.",
		),
		app.P().Body(app.A().Href(content.HelpPath).Text("Need help now? Crisis lines and emergency numbers.")),
	)
}
