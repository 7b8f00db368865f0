package content

// This file names what the articles and the app must agree on: the
// addresses of the site's pages, the article page's element ids and the
// sentence that points to crisis help. They live here, in the package the
// app imports (not the other way round), because check validates the
// articles against them (an internal link must lead to a page, a heading
// must not take a reserved id, an article about suicide needs the crisis
// line) and the app renders them: one definition serves both. It builds for
// the wasm too.

import (
	"net/url"
	"strconv"
	"strings"
)

// The fixed pages.
const (
	HomePath  = "/"
	HelpPath  = "/help" // the crisis lines
	AboutPath = "/about"
	SavedPath = "/saved"
	// ComparePath is the treatment comparison; the options compared are in
	// its query (CompareKey): build addresses with CompareURL.
	ComparePath = "/compare"
	// QuestionsPath is "My questions": the reader's list of questions for
	// an appointment, collected from articles or written by them.
	QuestionsPath = "/questions"
	// NotFoundPath is the not-found page's own address: written as
	// 404.html and served for unknown paths. Articles never link to it.
	NotFoundPath = "/404"
)

// The pages with an id, each under its prefix: /articles/<slug>,
// /topics/<id> and /for/<id>. Build and read them with the functions
// below; the prefixes are exported for the routes' patterns.
const (
	ArticlesPrefix = "/articles/"
	TopicsPrefix   = "/topics/"
	ForPrefix      = "/for/"
)

// DataPrefix is where the site serves its data files (the corpus the app
// reads: CorpusPath). Each is named by a hash of its bytes, so it is served
// as immutable and the worker keeps a stored copy across updates.
const DataPrefix = "/data/"

// Pages are the fixed routes besides articles and topics; internal links in
// articles may point at them.
var Pages = []string{HomePath, HelpPath, AboutPath, SavedPath, QuestionsPath, ComparePath}

// CompareURL is the address of the comparison of the therapy topics ids,
// in the order given: /compare?t=ect&t=tms. With no ids it is the bare
// page, which asks the reader to choose.
func CompareURL(ids ...string) string {
	if len(ids) == 0 {
		return ComparePath
	}
	var b strings.Builder
	b.WriteString(ComparePath)
	for i, id := range ids {
		if i == 0 {
			b.WriteString("?")
		} else {
			b.WriteString("&")
		}
		b.WriteString(CompareKey + "=" + url.QueryEscape(id))
	}
	return b.String()
}

// ArticlePath is the address of the article with the slug.
func ArticlePath(slug string) string { return ArticlesPrefix + slug }

// TopicPath is the address of the therapy type's page.
func TopicPath(id string) string { return TopicsPrefix + id }

// ForPath is the address of the "Who it's for" entry's page.
func ForPath(id string) string { return ForPrefix + id }

// ArticleSlug reads the slug back from an article's address; ok is false
// for any other address.
func ArticleSlug(path string) (slug string, ok bool) { return strings.CutPrefix(path, ArticlesPrefix) }

// TopicID reads the id back from a therapy type's address.
func TopicID(path string) (id string, ok bool) { return strings.CutPrefix(path, TopicsPrefix) }

// ForID reads the id back from a "Who it's for" entry's address.
func ForID(path string) (id string, ok bool) { return strings.CutPrefix(path, ForPrefix) }

// The article page's element ids that the rendered articles and search
// results point at (with KeyPointsID): the questions box, the sources list
// and each source (SourceID, the target of a [N] citation).
const (
	QuestionsID      = "questions"
	QuestionsHeading = "Questions to ask your doctor" // the level-2 heading every article ends with, and the box's
	SourcesID        = "sources"
	TOCLabelID       = "toc-label" // the table of contents' heading
	sourceIDPrefix   = "src-"
)

// SourceID is the element id of the article's nth source (from 1).
func SourceID(n int) string { return sourceIDPrefix + strconv.Itoa(n) }

// LabelID is the id of the heading that labels the element with the id.
func LabelID(id string) string { return id + "-label" }

// The sentence that points to crisis help wherever suicide comes up: in an
// article (CrisisLine, which check asks for) and beside the app's lists and
// pages, where the app links CrisisAction. HelpTitle names the crisis page:
// its heading and the header's link to it.
const (
	CrisisLead   = "If you are thinking about suicide or may act on it, "
	CrisisAction = "get help now"
	CrisisLine   = CrisisLead + CrisisAction + ": see [crisis lines](" + HelpPath + ")."
	HelpTitle    = "Get help now"
)
