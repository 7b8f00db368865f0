package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// topicPage is /topics/<id>, a real page per therapy type, and /for/<id>,
// one per entry of "Who it's for": pre-rendered so that their links work
// before the wasm starts and offline.
type topicPage struct {
	app.Compo
	corpus *content.Corpus
	pager  // how much of a long list is shown, from ?show=
	topic  *content.Topic
	isFor  bool // a "Who it's for" entry: /for/<id>
	url    *url.URL
}

// OnInit gives the page's first render its topic, as home.OnInit
// does its filter: the zero state would draw "Page not found" for a frame.
func (p *topicPage) OnInit() {
	if app.IsClient {
		p.read(app.Window().URL())
	}
}

func (p *topicPage) OnNav(ctx app.Context) {
	p.read(ctx.Page().URL())
	if p.topic == nil {
		setNotFound(ctx)
		return
	}
	setPage(ctx, p.topic.Label, p.topic.Description)
}

// read takes the topic or "Who it's for" entry, and the length of the
// list, from the page's address. Which kind of page comes from the path
// alone: go-app may reuse the component when the reader goes from one kind
// to the other.
func (p *topicPage) read(u *url.URL) {
	u = sitePage(u)
	p.url = u
	p.fromURL(u)
	path := pagePath(u)
	if id, ok := content.ForID(path); ok {
		p.isFor, p.topic = true, p.corpus.ForEntry(id)
	} else {
		id, _ := content.TopicID(path)
		p.isFor, p.topic = false, p.corpus.Topic(id)
	}
}

func (p *topicPage) Render() app.UI {
	t := p.topic
	if t == nil {
		return notFoundBody(p.corpus)
	}
	list := p.corpus.Filter([]string{t.ID})
	// Never empty: content.Load refuses a published topic or entry without
	// an article.
	kicker := " › Topic"
	if p.isFor {
		list = p.corpus.FilterBy(nil, []string{t.ID})
		kicker = " › Who it’s for"
	}
	return layout(p.corpus,
		app.Section().Class("intro").Body(
			app.P().Class("kicker").Body(app.A().Href(content.HomePath).Text("All articles"), app.Text(kicker)),
			app.H1().Text(t.Label),
			app.P().Class("lead").Text(t.Description),
			app.P().Class("result-count").Text(fmt.Sprintf("%d %s", len(list), plural(len(list), "article", "articles"))),
		),
		listing(p.url,
			articleList(p.corpus, list[:p.shown(len(list))]),
			p.moreLink(p.url, len(list)),
		),
	)
}
