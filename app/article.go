package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// tocMinHeadings is when an article is long enough to get a table of contents.
const tocMinHeadings = 4

// articlePage is /articles/<slug>.
type articlePage struct {
	app.Compo
	corpus  *content.Corpus
	article *content.Article
	textErr error            // why the article's text could not be read (content.Corpus.Text)
	now     func() time.Time // the clock for "Review overdue"; nil is time.Now (tests set it)
}

// OnInit gives the page's first render the article, as home.OnInit does its
// filter: the zero state would draw "Page not found" for a frame.
func (p *articlePage) OnInit() {
	if app.IsClient {
		p.read(app.Window().URL())
	}
}

func (p *articlePage) OnNav(ctx app.Context) {
	p.read(ctx.Page().URL())
	if p.article == nil {
		setNotFound(ctx)
		return
	}
	setPage(ctx, p.article.Title, p.article.Summary)
}

// read takes the article from the page's address, and its text from its
// data file. In the browser that is a read of the worker's copy, a few
// milliseconds, done here so the page draws once, whole; the app's first
// render finds it read already (Prepare).
func (p *articlePage) read(u *url.URL) {
	slug, _ := content.ArticleSlug(pagePath(u))
	p.article = p.corpus.Article(slug)
	p.textErr = nil
	if p.article != nil {
		p.textErr = p.corpus.Text(p.article)
	}
}

func (p *articlePage) Render() app.UI {
	a := p.article
	if a == nil {
		return notFoundBody(p.corpus)
	}
	c := p.corpus
	now := time.Now
	if p.now != nil {
		now = p.now
	}
	return layout(c,
		app.Article().Class("article").Body(
			app.Header().Class("article-head").Body(
				app.H1().Text(a.Title),
				app.P().Class("lead").Text(a.Summary),
				topicLinks(a.Topics, c),
				forLinks(a.For, c),
				app.Ul().Class("meta meta-list").Body(
					app.Li().Text(fmt.Sprintf("%d min read", a.ReadingMinutes())),
					app.Li().Text("Last reviewed "+formatDate(a.Reviewed)),
					nextReview(a, now()),
					app.If(a.Reviewer != "", func() app.UI {
						return app.Li().Text("Reviewed by " + a.Reviewer)
					}),
				),
				app.Div().Class("actions-row").Body(
					savedNow().button(a),
					&shareButton{Title: a.Title, Path: content.ArticlePath(a.Slug)},
				),
			),
			&readingTracker{Slug: a.Slug},
			app.If(p.textErr != nil, func() app.UI {
				return textMissing(p.textErr)
			}),
			app.If(len(a.KeyPoints) > 0, func() app.UI {
				return app.Section().Class("key-points").ID(content.KeyPointsID).Aria("labelledby", content.LabelID(content.KeyPointsID)).Body(
					app.H2().ID(content.LabelID(content.KeyPointsID)).Text(content.KeyPointsHeading),
					app.Ul().Body(
						app.Range(a.KeyPoints).Slice(func(i int) app.UI {
							return app.Li().Text(a.KeyPoints[i])
						}),
					),
				)
			}),
			app.If(len(a.Headings) >= tocMinHeadings, func() app.UI {
				return app.Nav().Class("toc").Aria("labelledby", content.TOCLabelID).Body(
					app.H2().ID(content.TOCLabelID).Text("On this page"),
					app.Ol().Body(
						app.Range(a.Headings).Slice(func(i int) app.UI {
							h := a.Headings[i]
							if h.Level != 2 {
								return nil
							}
							return app.Li().Body(app.A().Href("#" + h.ID).Text(h.Text))
						}),
						app.Li().Body(app.A().Href("#"+content.QuestionsID).Text(content.QuestionsHeading)),
						app.Li().Body(app.A().Href("#"+content.SourcesID).Text("Sources")),
					),
				)
			}),
			app.Raw(a.BodyHTML),
			compareLink(c, a.Topics),
			app.If(p.textErr == nil, func() app.UI {
				return app.Section().Class("questions").ID(content.QuestionsID).Aria("labelledby", content.LabelID(content.QuestionsID)).Body(
					app.H2().ID(content.LabelID(content.QuestionsID)).Text(content.QuestionsHeading),
					app.If(len(a.Questions) > 0, func() app.UI {
						return app.Div().Body(
							&addList{Slug: a.Slug, Title: a.Title, Items: a.Questions, IDPrefix: "ask-"},
							app.P().Class("q-more").Body(
								app.Text("Added questions go to "),
								app.A().Href(content.QuestionsPath).Text("My questions"),
								app.Text(", a list to take to your appointment, kept on this device."),
							),
						)
					}).Else(func() app.UI {
						return app.Raw(a.QuestionsHTML)
					}),
				)
			}),
			app.If(p.textErr == nil, func() app.UI {
				return app.Section().Class("sources").ID(content.SourcesID).Aria("labelledby", content.LabelID(content.SourcesID)).Body(
					app.H2().ID(content.LabelID(content.SourcesID)).Text("Sources"),
					app.Ol().Body(
						app.Range(a.Sources).Slice(func(i int) app.UI {
							return sourceItem(i+1, a.Sources[i])
						}),
					),
				)
			}),
			app.P().Class("disclaimer").Text("This article is general information, not medical advice. It cannot replace a conversation with your own doctor, who knows your history. Please do not start, stop or change any treatment without them."),
			crisisNote(),
		),
	)
}

// textMissing stands in for an article's text that could not be read: its
// data file missing (a first visit that went offline before the worker
// stored it) or damaged. The rest of the app keeps working, and the next
// visit to the page tries again.
func textMissing(err error) app.UI {
	return app.Div().Class("notice text-missing").Role("alert").Body(
		app.P().Text("This article\u2019s text could not be loaded. If you are offline, it will be here when you are back online; the other pages keep working."),
		app.P().Class("meta").Text("Reason: "+err.Error()),
	)
}

// nextReview is the "Next review due" entry of the article's dates, with a
// "Review overdue" badge once that day has passed on now's calendar: the
// server's clock in the pre-rendered page, the reader's in the app. The
// badge is text, so screen readers say it too.
func nextReview(a *content.Article, now time.Time) app.UI {
	return app.Li().Body(
		app.Text("Next review due "+formatDate(a.NextReview)),
		app.If(a.Overdue(now), func() app.UI {
			return app.Span().Body(
				app.Span().Class("visually-hidden").Text(", "),
				app.Span().Class("badge overdue").Text("Review overdue"),
			)
		}),
	)
}

// sourceText is a reference as the sources list writes it: authors, title,
// publisher, then the year of publication and, for a web page, the day it
// was checked ("accessed 29 November 2026").
func sourceText(s content.Source) string {
	var when []string
	if s.Year != 0 {
		when = append(when, strconv.Itoa(s.Year))
	}
	if !s.Accessed.IsZero() {
		when = append(when, "accessed "+formatDate(s.Accessed))
	}
	return fmt.Sprintf("%s. %s. %s", strings.TrimSuffix(s.Authors, "."), strings.TrimSuffix(s.Title, "."), strings.Join(append([]string{s.Publisher}, when...), ", ")) + ". "
}

// sourceItem is one numbered reference, the target of [N] citations.
func sourceItem(n int, s content.Source) app.UI {
	var ids []string
	if s.DOI != "" {
		ids = append(ids, "doi:"+s.DOI)
	}
	if s.PMID != "" {
		ids = append(ids, "PMID "+s.PMID)
	}
	label := strings.Join(ids, " · ")
	if label == "" {
		label = "Read the source"
	}
	var link app.UI = app.Span().Text(label)
	if href := s.Link(); href != "" {
		link = app.A().Href(href).Rel("noopener").Text(label)
	}
	return app.Li().ID(content.SourceID(n)).Body(
		app.Text(sourceText(s)),
		link,
	)
}
