package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// help is /help: crisis lines and emergency numbers, one tap from every page.
// Numbers are links (tel:, sms:) so a phone dials them directly.
type help struct {
	app.Compo
}

func (p *help) OnNav(ctx app.Context) {
	setPage(ctx, "Get help now", "Crisis lines and emergency numbers: who to contact, day or night.")
}

// line is one contact: who, what to press, and what to know.
func line(title string, actions []app.UI, note string) app.UI {
	return app.Li().Class("line").Body(
		app.H3().Text(title),
		app.P().Class("actions").Body(actions...),
		app.P().Text(note),
	)
}

func dial(number, label string) app.UI {
	return app.A().Class("btn primary call").Href("tel:" + number).Text(label)
}

func (p *help) Render() app.UI {
	return layout(
		app.Section().Class("intro help").Body(
			app.H1().Text("Get help now"),
			app.P().Class("lead").Text("If you are thinking about suicide, or you are worried about someone, you do not have to wait. These services are free, and you can contact them at any time of day or night."),
		),
		app.Section().Class("emergency").Aria("labelledby", "emergency-label").Body(
			app.H2().ID("emergency-label").Text("In immediate danger?"),
			app.P().Text("If you might act on thoughts of suicide, or someone is hurt, call your local emergency number now, or go to the nearest emergency department."),
			app.P().Class("actions").Body(
				dial("911", "911 · United States"),
				dial("999", "999 · UK and Ireland"),
				dial("112", "112 · Europe"),
			),
			app.P().Class("note").Text("112 works across the European Union, and also in the UK and Ireland."),
		),
		app.Section().Aria("labelledby", "lines-label").Body(
			app.H2().ID("lines-label").Text("Talk to someone now"),
			app.Ul().Class("lines").Body(
				line("United States: 988 Suicide & Crisis Lifeline", []app.UI{
					dial("988", "Call 988"),
					app.A().Class("btn").Href("sms:988").Text("Text 988"),
					app.A().Class("btn").Href("https://988lifeline.org").Rel("noopener").Text("Chat at 988lifeline.org"),
				}, "Free, confidential and open 24 hours a day, with trained counsellors. The 988 Lifeline is a US service; Canada has its own 9-8-8 line, below."),
				line("Canada: 9-8-8 Suicide Crisis Helpline", []app.UI{
					dial("988", "Call 9-8-8"),
					app.A().Class("btn").Href("sms:988").Text("Text 9-8-8"),
				}, "Open across Canada since 30 November 2023, 24 hours a day, 7 days a week, in English and French."),
				line("UK and Republic of Ireland: Samaritans", []app.UI{
					dial("116123", "Call 116 123"),
					app.A().Class("btn").Href("mailto:jo@samaritans.org").Text("Email jo@samaritans.org"),
				}, "Free from landlines and mobiles, 24 hours a day, even with no credit. Email replies are not instant: for help now, call."),
				line("UK, under 19: Childline", []app.UI{
					dial("08001111", "Call 0800 1111"),
				}, "Free and confidential, 24 hours a day, for children and young people under 19. Run by the NSPCC."),
				line("England: NHS 111, mental health option", []app.UI{
					dial("111", "Call 111, then choose option 2"),
				}, "Trained NHS staff, 24 hours a day, for a mental health crisis. If someone is hurt or their life is at risk, call 999."),
				line("Scotland: NHS 24 on 111", []app.UI{
					dial("111", "Call 111"),
				}, "NHS 24's Mental Health Hub answers through 111, 24 hours a day. If someone is hurt or their life is at risk, call 999."),
				line("Wales: NHS 111 Wales, option 2", []app.UI{
					dial("111", "Call 111, then press 2"),
				}, "Free, 24 hours a day, with local mental health staff. If someone is hurt or their life is at risk, call 999."),
				line("Anywhere else", []app.UI{
					app.A().Class("btn").Href("https://findahelpline.com").Rel("noopener").Text("Find a helpline at findahelpline.com"),
				}, "A directory of free, confidential helplines in many countries. It needs a connection; if you have none, call your local emergency number."),
			),
		),
		app.Section().Aria("labelledby", "plan-label").Body(
			app.H2().ID("plan-label").Text("When the crisis has passed"),
			app.P().Text("Tell your doctor or care team what happened. Ask them to help you write a crisis plan: your warning signs, what helps, and who to call, including out of hours."),
		),
	)
}
