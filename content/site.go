package content

// This file names what the articles and the app must agree on: the
// addresses of the site's pages. They live here, in the package the app
// imports (not the other way round), because check validates the articles
// against them (an internal link must lead to a page) and the app renders
// them: one definition serves both. It builds for the wasm too.

import "strings"

// The fixed pages.
const (
	HomePath  = "/"
	HelpPath  = "/help" // the crisis lines
	AboutPath = "/about"
	SavedPath = "/saved"
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

// Pages are the fixed routes besides articles and topics; internal links in
// articles may point at them.
var Pages = []string{HomePath, HelpPath, AboutPath, SavedPath}

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
