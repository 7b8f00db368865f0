package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// topicPage is /topics/<id>: a real page per therapy type, pre-rendered so
// that its links work before the wasm starts and offline.
type topicPage struct {
	app.Compo
	pager // how much of a long list is shown, from ?show=
	topic *content.Topic
	url   *url.URL
}

func (p *topicPage) OnNav(ctx app.Context) {
	p.url = ctx.Page().URL()
	p.fromURL(p.url)
	p.topic = Corpus().Topic(strings.TrimPrefix(p.url.Path, "/topics/"))
	if p.topic == nil {
		setNotFound(ctx)
		return
	}
	setPage(ctx, p.topic.Label, p.topic.Description)
}

func (p *topicPage) Render() app.UI {
	t := p.topic
	if t == nil {
		return notFoundBody()
	}
	list := Corpus().Filter([]string{t.ID})
	return layout(
		app.Section().Class("intro").Body(
			app.P().Class("kicker").Body(app.A().Href("/").Text("All articles"), app.Text(" › Topic")),
			app.H1().Text(t.Label),
			app.P().Class("lead").Text(t.Description),
			app.P().Class("result-count").Text(fmt.Sprintf("%d %s", len(list), plural(len(list), "article", "articles"))),
		),
		listing(p.url,
			app.If(len(list) == 0, func() app.UI {
				return app.Div().Class("empty").Body(
					app.P().Text("No article on this topic has been published yet. Articles are added once they have been checked against their sources."),
					app.P().Body(app.A().Class("btn").Href("/").Text("See all articles")),
				)
			}).Else(func() app.UI {
				return articleList(list[:p.shown(len(list))])
			}),
			p.moreLink(p.url, len(list)),
		),
	)
}
