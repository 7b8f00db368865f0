//go:build !wasm

package content

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
)

// Files is the corpus as shipped: the taxonomy and every article, read by
// the server, the static build and `nextsteps bundle`. The wasm never links
// it: it embeds the bundle made from it (see Corpus.Bundle), so nothing is
// fetched at run time either way.
//
//go:embed topics.yaml crisis-lines.yaml compare.yaml articles
var Files embed.FS

// The files Load reads from its fs.FS, named as in Files: the taxonomy,
// the crisis lines (CrisisFile), the comparison (CompareFile) and the
// articles.
const (
	TopicsFile   = "topics.yaml"
	ArticlesGlob = "articles/*.md"
)

// IsSource reports whether name, a slash-separated path within a content
// folder, is a file Load reads: a change to it can change the corpus, and
// a change to anything else (an editor's backup, a Go file) cannot.
func IsSource(name string) bool {
	switch name {
	case TopicsFile, CrisisFile, CompareFile:
		return true
	}
	ok, _ := path.Match(ArticlesGlob, name)
	return ok
}

// SourceFiles is every file of fsys that Load reads, sorted (see IsSource).
func SourceFiles(fsys fs.FS) ([]string, error) {
	articles, err := fs.Glob(fsys, ArticlesGlob)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range []string{TopicsFile, CrisisFile, CompareFile} {
		if _, err := fs.Stat(fsys, n); err == nil {
			names = append(names, n)
		}
	}
	names = append(names, articles...)
	sort.Strings(names)
	return names, nil
}

// MaxArticleBytes bounds one article file. The longest planned article is
// about 15 KB; the limit keeps a runaway or hostile file from costing the
// build (or the checker) unbounded time and memory.
const MaxArticleBytes = 256 << 10

// Problem is one thing wrong with the corpus, located at a file and line.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems is every problem found; as an error it prints one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Options tune Load.
type Options struct {
	// Today enables the date checks that depend on the calendar (review date
	// in the future, next review already past). Zero skips them, as the app
	// does: a reader's clock must never hide an article.
	Today time.Time
	// Base is the path the site is hosted under ("/next-steps" for
	// https://example.org/next-steps/), empty at a domain root. Links in
	// article bodies to the site's own pages ("/articles/x") are rendered
	// under it; check reads them as written.
	Base string
}

// Load parses, validates and renders the corpus in fsys (topics.yaml and
// articles/*.md). It returns the corpus and, if anything is wrong, a
// Problems error listing every problem at once. The corpus is returned even
// with problems, holding what could be read.
func Load(fsys fs.FS, opt Options) (*Corpus, error) {
	var probs Problems
	c := &Corpus{Base: strings.TrimRight(opt.Base, "/")}

	topics, tp := parseTopics(fsys, TopicsFile)
	probs = append(probs, tp...)
	crisis, cp := loadCrisis(fsys, opt)
	probs = append(probs, cp...)
	c.Crisis = crisis
	known := map[string]Topic{} // drafts too: an article may name one
	for _, t := range topics {
		known[t.ID] = t
		switch {
		case t.Draft:
		case t.Group == ForGroup:
			c.For = append(c.For, t)
		default:
			c.Topics = append(c.Topics, t)
		}
	}
	cmp, mp := loadCompare(fsys, opt, known, c.Topics)
	probs = append(probs, mp...)
	c.Compare = cmp

	files, err := fs.Glob(fsys, ArticlesGlob)
	if err != nil {
		probs = append(probs, Problem{File: "articles", Msg: err.Error()})
	}
	sort.Strings(files)
	if len(files) == 0 {
		probs = append(probs, Problem{File: "articles", Msg: "no articles found (expected articles/*.md)"})
	}

	slugs := map[string]string{} // slug -> first file
	for _, name := range files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: name, Msg: err.Error()})
			continue
		}
		if len(src) > MaxArticleBytes {
			probs = append(probs, Problem{File: name, Line: 1, Msg: fmt.Sprintf("file is %d bytes: an article may be at most %d", len(src), MaxArticleBytes)})
			continue
		}
		a, ap := parseArticle(name, src, known, opt, crisis)
		probs = append(probs, ap...)
		if a == nil {
			continue
		}
		if first, dup := slugs[a.Slug]; dup {
			probs = append(probs, Problem{File: name, Line: 1, Msg: fmt.Sprintf("duplicate slug %q (also %s)", a.Slug, first)})
			continue
		}
		slugs[a.Slug] = name
		c.Articles = append(c.Articles, a)
	}

	// Sorted before anything reads the corpus as a whole: what is worked
	// out from it is kept with it (Corpus.Counts, Corpus.Index).
	sort.SliceStable(c.Articles, func(i, j int) bool {
		a, b := c.Articles[i], c.Articles[j]
		if !a.Reviewed.Equal(b.Reviewed) {
			return a.Reviewed.After(b.Reviewed)
		}
		return a.Title < b.Title
	})
	probs = append(probs, checkLinks(c)...)
	probs = append(probs, unusedTopics(fsys, c)...)
	if len(probs) > 0 {
		sort.SliceStable(probs, func(i, j int) bool {
			if probs[i].File != probs[j].File {
				return probs[i].File < probs[j].File
			}
			return probs[i].Line < probs[j].Line
		})
		// One message per place: an inline tag pair is one problem, not two.
		probs = slices.Compact(probs)
		return c, probs
	}
	return c, nil
}

// slugOf is the article's default slug: its file name without ".md".
func slugOf(name string) string {
	return strings.TrimSuffix(path.Base(name), ".md")
}

// unusedTopics reports each published topic and "Who it's for" entry that no
// article carries: its toggle would always be empty. Draft entries are not
// in the corpus, so they are not asked for one.
func unusedTopics(fsys fs.FS, c *Corpus) Problems {
	if len(c.Articles) == 0 {
		return nil
	}
	src, _ := fs.ReadFile(fsys, TopicsFile)
	counts := c.Counts()
	var probs Problems
	for _, t := range c.Topics {
		if counts[t.ID] == 0 {
			probs = append(probs, Problem{File: TopicsFile, Line: lineOfID(src, t.ID), Msg: fmt.Sprintf("topic %q has no article: write one, mark the topic draft: true, or remove it", t.ID)})
		}
	}
	for _, t := range c.For {
		if counts[t.ID] == 0 {
			probs = append(probs, Problem{File: TopicsFile, Line: lineOfID(src, t.ID), Msg: fmt.Sprintf("\"Who it's for\" entry %q has no article: add it to an article's for: [...], mark the entry draft: true, or remove it", t.ID)})
		}
	}
	return probs
}

// lineOfID finds the line of "- id: <id>" in the taxonomy.
func lineOfID(src []byte, id string) int {
	for i, l := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "- id:")) == id && strings.Contains(l, "id:") {
			return i + 1
		}
	}
	return 0
}

// ReviewSoonDays is how near next_review may come before check warns.
const ReviewSoonDays = 30

// Warnings returns what check reports without failing: each article whose
// next_review falls within ReviewSoonDays days of today (or is today), so
// the review can be planned before check starts refusing the article. A
// date already past is a problem for Load, not a warning. Only a corpus
// made by Load knows its files' lines; warnings are sorted like problems.
func (c *Corpus) Warnings(today time.Time) Problems {
	today = today.UTC().Truncate(24 * time.Hour)
	soon := today.AddDate(0, 0, ReviewSoonDays)
	var ws Problems
	for _, a := range c.Articles {
		if a.NextReview.IsZero() || a.NextReview.Before(today) || a.NextReview.After(soon) {
			continue
		}
		when := "today"
		if days := int(a.NextReview.Sub(today).Hours() / 24); days == 1 {
			when = "tomorrow"
		} else if days > 1 {
			when = fmt.Sprintf("in %d days", days)
		}
		ws = append(ws, Problem{File: a.File, Line: a.nextReviewLine, Msg: fmt.Sprintf("next_review %s is %s: review the article against its sources and set new dates", a.NextReview.Format(DateLayout), when)})
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].File < ws[j].File })
	return ws
}
