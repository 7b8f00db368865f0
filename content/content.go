package content

// This file holds the types the app reads. It builds for the wasm too, so it
// must never import goldmark or the YAML parser: parsing, rendering and
// checking live in the files tagged !wasm (load.go, parse.go, render.go,
// links.go, readability.go), and the wasm gets the corpus from a bundle
// (bundle.go).

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// DateLayout is the one date format used in front matter and on pages.
const DateLayout = "2006-01-02"

// KeyPointsID and KeyPointsHeading are the article page's key points box:
// its element id (search results link to it) and its heading (search
// results name it as the section their snippet comes from).
const (
	KeyPointsID      = "key-points"
	KeyPointsHeading = "Key points"
)

// wordsPerMinute sets reading time; 200 is a common figure for screen reading
// of plain-language text.
const wordsPerMinute = 200

// ForGroup is the group name, in topics.yaml, of the "Who it's for"
// entries (`group: for`); the therapy types have no group.
const ForGroup = "for"

// Topic is one entry of topics.yaml: a therapy type, or an entry of the
// "Who it's for" group (Group is ForGroup). Ids are unique across both.
type Topic struct {
	ID          string `yaml:"id" json:"id"`
	Label       string `yaml:"label" json:"label"`
	Description string `yaml:"description" json:"description,omitempty"`
	// Group is "" for a therapy type and ForGroup for a "Who it's for"
	// entry. The corpus keeps the two apart (Corpus.Topics, Corpus.For).
	Group string `yaml:"group" json:"group,omitempty"`
	// Draft entries are not published yet: articles may name them, but
	// check does not ask for an article, and the corpus leaves them out, so
	// they have no toggle, no page and no place in the precache.
	Draft bool `yaml:"draft" json:"-"`
	// ReviewMonths, when set, is how soon after reviewed an article with
	// this topic must be reviewed again: for topics whose evidence moves
	// fast. Only check reads it, so it stays out of the bundle.
	ReviewMonths int `yaml:"review_months" json:"-"`
}

// Source is one numbered reference. Its number is its position in the
// article's sources list, starting at 1.
//
// Year is the year of publication. A web page with no DOI or PMID and no
// date of its own gives Accessed instead: the day it was last checked. So a
// source has a Year, an Accessed date, or both.
type Source struct {
	Authors   string    `yaml:"authors" json:"authors"`
	Title     string    `yaml:"title" json:"title"`
	Publisher string    `yaml:"publisher" json:"publisher"`
	Year      int       `yaml:"year" json:"year,omitempty"`
	Accessed  time.Time `yaml:"-" json:"accessed,omitzero"` // parsed by check, with its line
	DOI       string    `yaml:"doi" json:"doi,omitempty"`
	PMID      string    `yaml:"pmid" json:"pmid,omitempty"`
	URL       string    `yaml:"url" json:"url,omitempty"`
	// Evidence says in a sentence what the source is and how strong: "A
	// randomised trial of 403 people; everyone knew which treatment they
	// had." The comparison requires it; articles may give it.
	Evidence string `yaml:"evidence" json:"evidence,omitempty"`
}

// wellFormedDOI and wellFormedPMID say which DOIs and PMIDs are well
// formed: check enforces them and Link relies on them. A DOI is "10.", a
// registrant code of 4 to 9 digits, "/" and a suffix with no white space
// (what `^10\.\d{4,9}/\S+$` matches); a PMID is 1 to 9 digits. They are
// plain Go rather than regular expressions because Link runs in app.wasm,
// which then links no regexp package (see cmd/trimgoapp's routeFuncs).
func wellFormedDOI(s string) bool {
	rest, ok := strings.CutPrefix(s, "10.")
	if !ok {
		return false
	}
	registrant, suffix, ok := strings.Cut(rest, "/")
	return ok && len(registrant) >= 4 && len(registrant) <= 9 && allDigits(registrant) &&
		suffix != "" && !strings.ContainsAny(suffix, " \t\n\f\r") // \S: not Go regexp's \s
}

func wellFormedPMID(s string) bool { return len(s) >= 1 && len(s) <= 9 && allDigits(s) }

// allDigits reports whether s is ASCII digits only (\d in Go's regexp).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Link returns the best address for the source: the official URL, else the
// DOI resolver, else PubMed. Only well-formed values are used, so even an
// article that never went through check cannot put a javascript: or data:
// address on a page.
func (s Source) Link() string {
	switch {
	case strings.HasPrefix(s.URL, "https://") && !strings.ContainsAny(s.URL, " \"'<>"):
		return s.URL
	case wellFormedDOI(s.DOI) && !strings.ContainsAny(s.DOI, "\"'<>"):
		return "https://doi.org/" + s.DOI
	case wellFormedPMID(s.PMID):
		return "https://pubmed.ncbi.nlm.nih.gov/" + s.PMID + "/"
	}
	return ""
}

// Heading is a section heading of an article body, for the table of contents.
type Heading struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// Section is the plain text of one part of an article body: the part before
// the first heading (ID and Heading ""), then one per heading, ending with
// "Questions to ask your doctor" (ID "questions", the questions box). Text
// holds its paragraphs, list items and table rows in order, without markup
// or citation markers. The part before the first heading is left out when
// it has no text.
type Section struct {
	ID      string
	Heading string
	Text    []string
}

// Article is one parsed and rendered article.
//
// What the wasm reads travels in two parts (see Corpus.Bundle): the
// fields from Slug to Minutes (but File) in the catalog, which lists,
// filters and counts read (catalogFields); the ArticleText, as JSON, in
// the article's own data file, read when the article is opened or
// searched. File, Words and Readability are only for check and stay out
// of both.
type Article struct {
	Slug       string
	File       string // path inside the corpus, for messages
	Title      string
	Summary    string
	Topics     []string
	For        []string // "Who it's for" ids; optional
	Reviewed   time.Time
	NextReview time.Time
	Reviewer   string // only ever a real, named reviewer
	// Minutes is the reading time (ReadingMinutes). The catalog carries it
	// rather than Words, which a corrected sentence nearly always changes
	// and the minutes seldom do: so a correction leaves the catalog as it
	// was, and readers do not download it again.
	Minutes int
	Words   int // in the body; check's statistics

	ArticleText // in the article's data file

	Readability Readability

	links          []link          // body links, checked by checkLinks
	ids            map[string]bool // heading ids, for #fragment links
	nextReviewLine int             // file line of next_review, for Warnings

	// text is where the article's data file is and whether it has been
	// read (see Corpus.Text); nil for a corpus that Load made, which has
	// every text from the start.
	text *textFile
}

// ArticleText is what only the article's own page shows, and its search
// text. A corpus the app reads from its data files has these only once
// Corpus.Text has read the article's file: the app's start reads the
// catalog alone, so a correction to one article ships that article's file
// and a new catalog, not the whole library.
type ArticleText struct {
	KeyPoints []string `json:"key_points,omitempty"` // exactly three short plain sentences, shown before the body
	Sources   []Source `json:"sources"`

	// BodyHTML is the rendered body up to "Questions to ask your doctor";
	// QuestionsHTML is that section's list. Both are wrapped in a single root
	// element, as go-app's Raw requires.
	BodyHTML      string `json:"-"` // after the data file's JSON line
	QuestionsHTML string `json:"-"` // after the data file's JSON line
	// Questions are the items of that list as plain text, in order: the
	// page draws them with a button each that adds the question to the
	// reader's own list (/questions), which keeps it as text. check
	// refuses a link or a citation in a question, which would be lost.
	Questions []string  `json:"question_list,omitempty"`
	Headings  []Heading `json:"headings"` // level-2 and level-3 headings of the body
	Sections  []Section `json:"-"`        // the body as plain text, by section, for search (see sections)

	// sections is Sections as the data file carries it (encodeSections),
	// until the search index first needs it (readSections): opening an
	// article does not decode its search text.
	sections []byte
}

// readSections decodes the search text the data file left unread. The
// bytes were written by Corpus.Bundle and checked against the file's hash;
// should they still not decode, the article is searched by its title,
// summary and key points only, rather than the search failing.
func (a *Article) readSections() {
	if a.sections == nil {
		return
	}
	if s, err := decodeSections(a.sections); err == nil {
		a.Sections = s
	}
	a.sections = nil
}

// Readability describes how hard an article is to read.
type Readability struct {
	Sentences       int
	AverageSentence float64 // words per sentence
	LongestSentence int     // words
	LongestLine     int     // file line of the block holding the longest sentence
	Grade           float64 // Flesch–Kincaid grade: the school year a reader needs
	SMOG            float64 // SMOG grade, which counts words of 3 or more syllables
	HardestLine     int     // file line of the block holding the hardest sentence (of 5 words or more)
}

// link is a link in a body, checked once every article is known.
type link struct {
	dest      string
	pos, line int
}

// ReadingMinutes is the reading time, rounded up, at least one minute.
func (a *Article) ReadingMinutes() int { return max(a.Minutes, 1) }

// minutesFor is the reading time of words, rounded up.
func minutesFor(words int) int { return (words + wordsPerMinute - 1) / wordsPerMinute }

// Overdue reports whether the article's review is overdue on now's calendar
// day (in now's location, so the reader's own date in the app): from the
// day after next_review. An article without a next_review is never overdue.
func (a *Article) Overdue(now time.Time) bool {
	if a.NextReview.IsZero() {
		return false
	}
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(a.NextReview)
}

// HasTopic reports whether the article carries the topic id.
func (a *Article) HasTopic(id string) bool {
	for _, t := range a.Topics {
		if t == id {
			return true
		}
	}
	return false
}

// IsFor reports whether the article carries the "Who it's for" id.
func (a *Article) IsFor(id string) bool {
	return slices.Contains(a.For, id)
}

// Matches reports whether the article passes a filter: it carries any of
// topics (none: no condition) and any of forIDs (none: no condition). So the
// choices within a group are alternatives, and the two groups narrow each
// other.
func (a *Article) Matches(topics, forIDs []string) bool {
	return (len(topics) == 0 || slices.ContainsFunc(topics, a.HasTopic)) &&
		(len(forIDs) == 0 || slices.ContainsFunc(forIDs, a.IsFor))
}

// Corpus is every published topic, "Who it's for" entry and article,
// articles newest review first. Draft entries of topics.yaml are left out.
type Corpus struct {
	Topics   []Topic // the therapy types, in taxonomy order
	For      []Topic // the "Who it's for" entries, in taxonomy order
	Articles []*Article
	Crisis   *Crisis     // crisis-lines.yaml: /help and {{crisis-lines}}; nil without the file
	Compare  *Comparison // compare.yaml: /compare; nil without the file
	Base     string      // the path the bodies' links are under (Options.Base); "" at a domain root

	// fetch reads the articles' data files for a corpus that ReadBundle
	// made (see Text); nil for one that Load made.
	fetch Fetcher

	// searchFiles are the search index's data files, by first key, for
	// a corpus that ReadBundle made (see Index).
	searchFiles []*shardFile

	// index is the search index over Articles, made on first use (see
	// Index). A corpus is not changed once loaded, so one index serves it
	// for good: every search and every render reads the same one.
	indexOnce sync.Once
	index     *Index

	// facetSet is which articles carry each topic and "Who it's for" id,
	// made on first use like index (see facets).
	facetsOnce sync.Once
	facetSet   *facets
}

// Index returns the corpus's search index, made the first time it is
// asked for and kept with the corpus, so whoever holds the corpus holds
// its index. A corpus made by Load is indexed at once, in memory; one
// made by ReadBundle gets an index that reads the shards of the search
// index's data files as queries need them. Safe for concurrent use. The
// corpus must not change after the first call.
func (c *Corpus) Index() *Index {
	c.indexOnce.Do(func() {
		if c.fetch == nil {
			c.index = NewIndex(c)
			return
		}
		c.index = &Index{c: c, arts: c.Articles, files: c.searchFiles, shards: map[string]*shard{}}
	})
	return c.index
}

// searchText is the article's search text (Sections), its data file read
// (Text) and its JSON decoded the first time; nil if the file cannot be
// read. Safe for concurrent use.
func (c *Corpus) searchText(a *Article) []Section {
	if c.Text(a) != nil {
		return nil
	}
	if t := a.text; t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	a.readSections()
	return a.Sections
}

// textReaders is how many articles' data files readTexts reads at once.
const textReaders = 16

// readTexts reads the articles' data files (Text), textReaders at a time.
// In the browser each read waits on storage or the network, some
// milliseconds that take no CPU: one after another, the fifty snippets of
// a list of results would wait fifty times. A file that cannot be read is
// left for whoever needs it to report.
func (c *Corpus) readTexts(arts []*Article) {
	slots := make(chan struct{}, textReaders)
	var wg sync.WaitGroup
	for _, a := range arts {
		if c.HasText(a) {
			continue
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			_ = c.Text(a)
		}()
	}
	wg.Wait()
}

// HasText reports whether the article's text is in memory: Text then
// returns at once, without reading a file.
func (c *Corpus) HasText(a *Article) bool {
	return a.text == nil || a.text.done.Load()
}

// Article returns the article with the slug, or nil.
func (c *Corpus) Article(slug string) *Article {
	for _, a := range c.Articles {
		if a.Slug == slug {
			return a
		}
	}
	return nil
}

// ForEntry returns the "Who it's for" entry with the id, or nil.
func (c *Corpus) ForEntry(id string) *Topic {
	for i := range c.For {
		if c.For[i].ID == id {
			return &c.For[i]
		}
	}
	return nil
}

// Topic returns the topic with the id, or nil.
func (c *Corpus) Topic(id string) *Topic {
	for i := range c.Topics {
		if c.Topics[i].ID == id {
			return &c.Topics[i]
		}
	}
	return nil
}
