package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// bundleVersion is the data files' format. Bump it whenever a record or a
// line changes meaning, so an old file is refused instead of read wrongly. Version 2
// added key points, a source's accessed date and made its year optional;
// version 3 the "Who it's for" group and each article's for ids; version 4
// the crisis lines (crisis-lines.yaml), which /help shows; version 5 the
// treatment comparison (compare.yaml), which /compare shows; version 6
// each article's questions as plain text (Article.Questions), for "My
// questions"; version 8 moved the long texts out of the JSON; version 9
// gave each article a data file of its own (see catalog); version 10 the
// search index as data files (shard.go), which the texts list names;
// version 11 the catalog's articles as lines of text; version 12 the
// search text too (encodeSections); version 13 the texts list's hashes;
// version 14 every file's head as records rather than JSON (records.go).
const bundleVersion = 14

// catalog is the first data file (Corpus.Bundle). Its first line is a
// record (records.go) with the format version, how many records of the
// head follow, how many articles follow them, and the site's base path:
//
//	catalog	14	120	16	""
//
// The head's records are the topics, the "Who it's for" entries, the
// crisis lines and the comparison (catalogRecords). Then comes one line
// per article (newest review first), as lists, filters and counts need
// it: the catalogFields, separated by tabs, the texts quoted as Go quotes
// them (strconv.QuoteToGraphic: a tab, a line break, a quote or a
// backslash escaped). Each article's text is in a data file of its own,
// which the second file, the texts list, names.
//
// The split is for corrections and for the app's start on a phone. A
// sentence changed in one article changes that article's file and the
// texts list (a few bytes per article), and the worker fetches those two,
// keeping the catalog and every other article's file
// (cmd/nextsteps/worker.js). And the app's start reads the catalog alone:
// the texts, nine tenths of the bytes, are read when an article is opened
// or searched.
//
// The articles are lines of text rather than JSON for the same start:
// Go's JSON decoder, in the wasm, took 200 to 300 ms of a start at 10,000
// articles (a third of it), going through the catalog twice, byte by
// byte, and through reflection for every field. Here the catalog becomes
// one string, of which the fields are parts: a text without escapes (most
// of them) is not copied again. Not encoding/csv, which would do as well
// but adds 26 KB (gzip) to app.wasm, where strconv is linked already. The
// head is records rather than JSON for a first visit (see records.go).
const catalogTag = "catalog"

// catalogFields are an article's fields in its line of the catalog. The
// topics and the "Who it's for" ids are separated by spaces (ids have
// none: check allows letters, digits and hyphens); the dates are
// DateLayout.
var catalogFields = [...]string{"slug", "title", "summary", "topics", "for", "reviewed", "next_review", "reviewer", "minutes"}

// The texts list is the second data file. Its first line is a record
// with the format version, how many articles follow, and the search
// index's shards: for each file of them, the first shard's key and the
// file's hash, which give its name (searchDataPath), all separated by
// spaces:
//
//	texts	14	16	a 0123456789abcdef m fedcba9876543210
//
// Then comes one line per article, in the catalog's order: the hash of
// its data file (CorpusHash), which with the slug gives its name
// (articleDataPath). Lines, not JSON, for the reason the catalog is lines
// (see catalog): the app reads this file at every start, and at 10,000
// articles Go's JSON decoder took 22 ms of it.
const textsTag = "texts"

// An article's data file starts with a record with the format version,
// whose text it is, the lengths in bytes of its body and of its questions
// box, and how many records follow:
//
//	text	14	"ect-basics"	10234	880	24
//
// The records (textRecords) are the key points, the questions, the
// headings and the sources. The body and the questions box (HTML) follow
// them as they are, then the search text (encodeSections) to the end of
// the file.
const textTag = "text"

// textRecords are the records of an article's data file, with the number
// of fields of each.
var textRecords = map[string]int{
	"key":      1, // a key point
	"question": 1,
	"heading":  3, // level, id, text
	"source":   sourceFields,
}

// textFile is where an article's data file is, and whether it was read.
type textFile struct {
	path string
	mu   sync.Mutex
	err  error
	// done: read, or found unreadable (err). Atomic for HasText, which
	// must not wait on mu: Text holds it while the browser fetches the
	// file.
	done atomic.Bool
}

// DataFile is one of the files the app reads its articles from: its
// address on the site (under DataPrefix, named by the hash of its bytes)
// and its bytes.
type DataFile struct {
	Path  string
	Bytes []byte
	// For an article's file: whose it is, and where in Bytes its body
	// (BodyHTML) is, from Body[0] to Body[1]. The service worker composes
	// the article's offline page with the body read from there
	// (cmd/nextsteps/pages.go), so the body travels once.
	Slug string
	Body [2]int
}

// encodeCatalog is the catalog's data file (see catalog).
func (c *Corpus) encodeCatalog() ([]byte, error) {
	var head recordWriter
	head.writeHead(c)
	if head.err != nil {
		return nil, head.err
	}
	var w recordWriter
	w.record(catalogTag, w.num(bundleVersion), w.num(head.lines), w.num(len(c.Articles)), w.text(c.Base))
	b := append(w.b, head.b...)
	for _, a := range c.Articles {
		f := [len(catalogFields)]string{a.Slug, strconv.QuoteToGraphic(a.Title), strconv.QuoteToGraphic(a.Summary),
			strings.Join(a.Topics, " "), strings.Join(a.For, " "), a.Reviewed.Format(DateLayout), a.NextReview.Format(DateLayout),
			strconv.QuoteToGraphic(a.Reviewer), strconv.Itoa(a.Minutes)}
		// What Load checked, checked again: a field the line could not
		// give back as it was is an error, not a silent change.
		for i, l := range [][]string{a.Topics, a.For} {
			if !slices.Equal(catalogIDs(f[3+i]), l) || strings.ContainsAny(f[3+i], "\t\n") {
				return nil, fmt.Errorf("%s: the %s ids %q cannot be told apart in the catalog", a.Slug, catalogFields[3+i], l)
			}
		}
		for i, t := range [2]time.Time{a.Reviewed, a.NextReview} {
			if d, ok := catalogDate(f[5+i]); !ok || !d.Equal(t) || t.Location() != time.UTC {
				return nil, fmt.Errorf("%s: %s %v is not a date in UTC", a.Slug, catalogFields[5+i], t)
			}
		}
		if a.Slug == "" || strings.ContainsAny(a.Slug, "\t\n") {
			return nil, fmt.Errorf("the slug %q cannot be a catalog field", a.Slug)
		}
		b = append(b, strings.Join(f[:], "\t")...)
		b = append(b, '\n')
	}
	return b, nil
}

// readCatalog decodes the catalog's data file (see catalog). Its
// articles' texts are not there: see Corpus.Text.
func readCatalog(b []byte) (*Corpus, error) {
	r, err := firstRecord(b, catalogTag, 4, "content bundle: catalog line")
	if err != nil {
		return nil, err
	}
	records, articles, base := r.num(1, "number of the head's records"), r.num(2, "number of articles"), r.text(3, "base path")
	if r.err == nil && (records < 0 || articles < 0) {
		r.fail("%d records and %d articles", records, articles)
	}
	c := &Corpus{Base: base}
	r.readHead(c, records)
	if r.err != nil {
		return nil, r.err
	}
	// One allocation for every article, and one string for every line, of
	// which the fields are parts.
	arts := make([]Article, 0, min(articles, len(r.lines)/len(catalogFields)))
	lines := r.lines
	for ln := r.ln + 1; lines != ""; ln++ {
		var line string
		line, lines, _ = strings.Cut(lines, "\n")
		bad := func(format string, a ...any) error {
			return fmt.Errorf("content bundle: catalog line %d: %s", ln, fmt.Sprintf(format, a...))
		}
		switch n := strings.Count(line, "\t") + 1; {
		case len(arts) == articles:
			return nil, bad("more articles than the %d it names", articles)
		case n != len(catalogFields):
			return nil, bad("want %d fields (%s), found %d", len(catalogFields), strings.Join(catalogFields[:], ", "), n)
		}
		var f [len(catalogFields)]string
		for i := range f {
			f[i], line, _ = strings.Cut(line, "\t")
		}
		a := Article{Slug: f[0], Topics: catalogIDs(f[3]), For: catalogIDs(f[4])}
		var err error
		for _, q := range []struct {
			field int
			s     *string
		}{{1, &a.Title}, {2, &a.Summary}, {7, &a.Reviewer}} {
			v, ok := unquoteField(f[q.field])
			if !ok {
				return nil, bad("the %s %s is not a quoted string", catalogFields[q.field], f[q.field])
			}
			*q.s = v
		}
		for i, d := range []*time.Time{&a.Reviewed, &a.NextReview} {
			var ok bool
			if *d, ok = catalogDate(f[5+i]); !ok {
				return nil, bad("%s %q is not a date", catalogFields[5+i], f[5+i])
			}
		}
		if a.Minutes, err = strconv.Atoi(f[8]); err != nil {
			return nil, bad("minutes %q is not a number", f[8])
		}
		arts = append(arts, a)
	}
	if len(arts) != articles {
		return nil, fmt.Errorf("content bundle: the catalog was cut short: %d of its %d articles", len(arts), articles)
	}
	for i := range arts {
		c.Articles = append(c.Articles, &arts[i])
	}
	return c, nil
}

// catalogIDs is a catalog field's ids; nil for none, as Load leaves For.
func catalogIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}

// encodeText is the article's data file (see textHead), and where the
// body is in it.
func (a *Article) encodeText() (b []byte, body [2]int, err error) {
	sections := a.sections // not yet decoded: carried as it came
	if sections == nil {
		if sections, err = encodeSections(a.Sections); err != nil {
			return nil, body, err
		}
	}
	var recs recordWriter
	for _, k := range a.KeyPoints {
		recs.record("key", recs.text(k))
	}
	for _, q := range a.Questions {
		recs.record("question", recs.text(q))
	}
	for _, h := range a.Headings {
		recs.record("heading", recs.num(h.Level), recs.text(h.ID), recs.text(h.Text))
	}
	for _, s := range a.Sources {
		recs.source(s)
	}
	var w recordWriter
	w.record(textTag, w.num(bundleVersion), w.text(a.Slug), w.num(len(a.BodyHTML)), w.num(len(a.QuestionsHTML)), w.num(recs.lines))
	if recs.err != nil {
		return nil, body, recs.err
	}
	head := append(w.b, recs.b...)
	body = [2]int{len(head), len(head) + len(a.BodyHTML)}
	return slices.Concat(head, []byte(a.BodyHTML), []byte(a.QuestionsHTML), sections), body, nil
}

// encodeSections is the search text as an article's data file carries it,
// after the body and the questions box: for each section, a line of '#',
// its id, a tab and its heading, then a line per paragraph; the texts
// quoted as in the catalog (strconv.QuoteToGraphic). Lines of text rather
// than JSON, for the same reason as the catalog's articles: the first
// search reads the search text of every article it shows, and Go's JSON
// decoder was a third of that search's time in the wasm (a profile of
// the first search at 4x CPU: 58 ms of readSections).
func encodeSections(secs []Section) ([]byte, error) {
	var b []byte
	for _, s := range secs {
		if strings.ContainsAny(s.ID, "\t\n") {
			return nil, fmt.Errorf("the section id %q cannot be written in the search text", s.ID)
		}
		b = append(b, '#')
		b = append(b, s.ID...)
		b = append(b, '\t')
		b = strconv.AppendQuoteToGraphic(b, s.Heading)
		b = append(b, '\n')
		for _, t := range s.Text {
			b = strconv.AppendQuoteToGraphic(b, t)
			b = append(b, '\n')
		}
	}
	return b, nil
}

// unquoteField is a text field of the catalog or the search text, written
// by strconv.QuoteToGraphic; ok is false for anything else (a field
// unquoted, in single quotes or back quotes, or cut short).
func unquoteField(s string) (string, bool) {
	t, err := strconv.Unquote(s)
	return t, err == nil && s[0] == '"'
}

// decodeSections reads what encodeSections wrote.
func decodeSections(b []byte) ([]Section, error) {
	var secs []Section
	lines := string(b) // one string, of which the texts without escapes are parts
	for ln := 1; lines != ""; ln++ {
		var line string
		line, lines, _ = strings.Cut(lines, "\n")
		if rest, ok := strings.CutPrefix(line, "#"); ok {
			id, heading, _ := strings.Cut(rest, "\t")
			h, ok := unquoteField(heading)
			if !ok {
				return nil, fmt.Errorf("search text line %d: the heading %s is not a quoted string", ln, heading)
			}
			secs = append(secs, Section{ID: id, Heading: h})
			continue
		}
		t, ok := unquoteField(line)
		switch {
		case !ok:
			return nil, fmt.Errorf("search text line %d: %s is not a quoted string", ln, line)
		case len(secs) == 0:
			return nil, fmt.Errorf("search text line %d: a paragraph before the first section", ln)
		}
		secs[len(secs)-1].Text = append(secs[len(secs)-1].Text, t)
	}
	return secs, nil
}

// readText fills in the ArticleText from the article's data file.
func (a *Article) readText(b []byte) error {
	r, err := firstRecord(b, textTag, 5, "line")
	if err != nil {
		return err
	}
	slug, body, questions, records := r.text(1, "slug"), r.num(2, "body's length"), r.num(3, "questions' length"), r.num(4, "number of records")
	if r.err == nil && slug != a.Slug {
		return fmt.Errorf("the file holds the text of %q", slug)
	}
	var t ArticleText
	for range records {
		tag, ok := r.next(textRecords)
		if !ok {
			r.fail("the head was cut short: it has %d records", records)
			break
		}
		switch tag {
		case "key":
			t.KeyPoints = append(t.KeyPoints, r.text(0, "key point"))
		case "question":
			t.Questions = append(t.Questions, r.text(0, "question"))
		case "heading":
			t.Headings = append(t.Headings, Heading{Level: r.num(0, "level"), ID: r.text(1, "id"), Text: r.text(2, "text")})
		case "source":
			t.Sources = append(t.Sources, r.source())
		}
	}
	if r.err != nil {
		return r.err
	}
	rest := r.lines
	if body < 0 || questions < 0 || body+questions > len(rest) {
		return errors.New("the texts are not where the file says: it was cut short or changed")
	}
	t.BodyHTML = rest[:body]
	t.QuestionsHTML = rest[body : body+questions]
	t.sections = []byte(rest[body+questions:])
	a.ArticleText = t
	return nil
}

// Fetcher reads a data file by its address on the site (DataFile.Path).
// The app's fetcher reads the worker's copy or the network, and refuses
// bytes that do not match the hash in the file's name. It is called from
// several goroutines at once (Index.Snippets reads the shown hits' files sixteen at a time).
type Fetcher func(path string) ([]byte, error)

// Text makes sure the article's ArticleText is there. A corpus made by
// Load has it from the start; one read by ReadBundle reads the article's
// data file on the first call, with the corpus's Fetcher. An error (the
// file missing, cut short or not this article's) names the file: the
// article page says the article cannot be shown and why, and search goes
// on without its text. A file that could not be fetched is asked for
// again next time (the reader may be back online); one that was fetched
// and is unreadable is not. Safe for concurrent use.
func (c *Corpus) Text(a *Article) error {
	t := a.text
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done.Load() {
		return t.err
	}
	if c.fetch == nil {
		return fmt.Errorf("%s: no way to read the articles' data files", t.path)
	}
	b, err := c.fetch(t.path)
	if err != nil {
		return fmt.Errorf("%s: %w", t.path, err)
	}
	t.done.Store(true)
	if err := a.readText(b); err != nil {
		t.err = fmt.Errorf("%s: %w", t.path, err)
	}
	return t.err
}

// articleDataPath is the address of an article's data file on the site:
// named for the article, and by the hash of its bytes (CorpusHash), like
// CorpusPath.
func articleDataPath(slug, hash string) string {
	return DataPrefix + "articles/" + slug + "-" + hash + ".txt"
}

// EncodeJSON is v as one line of JSON and a newline, with HTML kept as it
// is (the texts hold < and >).
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// CorpusType is the data files' media type.
const CorpusType = "text/plain; charset=utf-8"

// ReadBundle decodes the catalog and the texts list made by Corpus.Bundle
// (its first two data files). The articles' texts are read later, with
// fetch, by Corpus.Text. Malformed or truncated data, another format
// version, or a corpus the app could not show (an empty or repeated slug,
// a topic without an id, an article without its data file) give an error,
// never a panic.
func ReadBundle(b, texts []byte, fetch Fetcher) (*Corpus, error) {
	c, err := readCatalog(b)
	if err != nil {
		return nil, err
	}
	c.fetch = fetch
	for i, t := range c.Topics {
		if t.ID == "" {
			return nil, fmt.Errorf("content bundle: topic %d has no id", i+1)
		}
	}
	for i, t := range c.For {
		if t.ID == "" {
			return nil, fmt.Errorf("content bundle: \"Who it's for\" entry %d has no id", i+1)
		}
	}
	if c.Crisis != nil {
		codes := map[string]bool{}
		for i, r := range c.Crisis.Regions {
			switch {
			case r.Code == "":
				return nil, fmt.Errorf("content bundle: crisis region %d has no code", i+1)
			case codes[r.Code]:
				return nil, fmt.Errorf("content bundle: crisis region %q appears twice", r.Code)
			}
			codes[r.Code] = true
		}
	}
	if c.Compare != nil {
		for i, o := range c.Compare.Options {
			if o.Topic == "" || len(o.Cells) != len(CompareRows) {
				return nil, fmt.Errorf("content bundle: comparison option %d has no topic or not one cell per row", i+1)
			}
		}
	}
	search, hashes, err := readTexts(texts)
	if err != nil {
		return nil, err
	}
	if len(hashes) != len(c.Articles) {
		return nil, fmt.Errorf("content bundle: %d articles but %d in the texts list", len(c.Articles), len(hashes))
	}
	slugs := make(map[string]bool, len(c.Articles))
	files := make([]textFile, len(c.Articles)) // one allocation for all
	for i, a := range c.Articles {
		switch {
		case a.Slug == "":
			return nil, fmt.Errorf("content bundle: article %d has no slug", i+1)
		case slugs[a.Slug]:
			return nil, fmt.Errorf("content bundle: slug %q appears twice", a.Slug)
		}
		slugs[a.Slug] = true
		files[i].path = articleDataPath(a.Slug, hashes[i])
		a.text = &files[i]
	}
	for k, h := range search {
		if k == "" || shardKey(k) != k || !isHash(h) {
			return nil, fmt.Errorf("content bundle: the texts list: search file %q is %q, not a key of at most two characters and a hash", k, h)
		}
		c.searchFiles = append(c.searchFiles, &shardFile{from: k, path: searchDataPath(k, h)})
	}
	sort.Slice(c.searchFiles, func(i, j int) bool { return c.searchFiles[i].from < c.searchFiles[j].from })
	for i := 1; i < len(c.searchFiles); i++ {
		c.searchFiles[i-1].to = c.searchFiles[i].from
	}
	return c, nil
}

// readTexts reads the texts list (see textsTag): the search index's
// files by their first shard's key, and the hash of each article's file,
// in the catalog's order. The hashes are parts of one string made of the
// file.
func readTexts(b []byte) (search map[string]string, hashes []string, err error) {
	r, err := firstRecord(b, textsTag, 3, "content bundle: the texts list: line")
	if err != nil {
		return nil, nil, err
	}
	articles, shards := r.num(1, "number of articles"), strings.Fields(r.field(2))
	switch {
	case r.err != nil:
		return nil, nil, r.err
	case articles < 0:
		return nil, nil, fmt.Errorf("content bundle: the texts list: %d articles", articles)
	case len(shards)%2 != 0:
		return nil, nil, fmt.Errorf("content bundle: the texts list: the search files %q are not pairs of a key and a hash", r.field(2))
	}
	search = make(map[string]string, len(shards)/2)
	for i := 0; i < len(shards); i += 2 {
		search[shards[i]] = shards[i+1]
	}
	hashes = make([]string, 0, min(articles, len(r.lines)/17))
	lines := r.lines
	for ln := 2; lines != ""; ln++ {
		var h string
		h, lines, _ = strings.Cut(lines, "\n")
		switch {
		case len(hashes) == articles:
			return nil, nil, fmt.Errorf("content bundle: the texts list: line %d: more articles than the %d it names", ln, articles)
		case !isHash(h):
			return nil, nil, fmt.Errorf("content bundle: the texts list: line %d (article %d): %q is not a hash", ln, len(hashes)+1, h)
		}
		hashes = append(hashes, h)
	}
	if len(hashes) < articles {
		return nil, nil, fmt.Errorf("content bundle: the texts list was cut short: %d of its %d articles", len(hashes), articles)
	}
	return search, hashes, nil
}

// isHash says whether h could be a CorpusHash: 16 lower-case hex digits.
func isHash(h string) bool {
	if len(h) != 16 {
		return false
	}
	for i := range len(h) {
		if c := h[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func versionError(v int) error {
	return fmt.Errorf("format version %d, this build reads version %d: the app and its data file come from different builds", v, bundleVersion)
}

// catalogDate reads a catalog's date, written as DateLayout (2006-01-02), in
// UTC. It is time.Parse(DateLayout, s) for the one layout the catalog uses:
// the app reads the catalog at every start, and in Chromium a function
// runs only once the browser has compiled it, on the main thread, where
// time.Parse's parser took 99 ms of a start at 4x CPU slowdown (a trace of
// issue 11's session). This is a few lines. TestCatalogDate holds the two
// to the same answers.
func catalogDate(s string) (time.Time, bool) {
	if len(s) != len(DateLayout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	n := [3]int{}
	for i, part := range [3]string{s[:4], s[5:7], s[8:]} {
		for _, c := range []byte(part) {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			n[i] = n[i]*10 + int(c-'0')
		}
	}
	d := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	// time.Date moves a day past the month's end into the next month
	// (2026-02-30 is 2 March): such a date is not in the calendar.
	if n[1] < 1 || n[1] > 12 || d.Day() != n[2] {
		return time.Time{}, false
	}
	return d, true
}
