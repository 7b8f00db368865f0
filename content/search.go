package content

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Search is a small inverted index, built with the site and run in the
// browser, offline, from data files (shard.go) read as queries need them.
//
// Text is cut into words (runs of letters and digits; any other character
// splits), lower-cased and stripped of Latin accents by fold. Each distinct
// word of two characters or more is a term; terms are kept sorted, so the
// terms a query word is a prefix of are one binary search away. Each term
// lists its postings: the articles it occurs in, the field of most weight
// it occurs in there (title, summary, a key point, a heading, the body),
// and about how often (occurrences). The snippet is cut from the text of
// the block (a key point, a paragraph or list item) that matches best,
// found when the hit is shown (Snippets).
//
// A query word matches a term by prefix (the user is typing), by stem
// ("relapsed" finds "relapse") and, for words of five letters or more, by
// one typing error ("lithum" finds "lithium"). An article must match every
// query word. Its score is the sum, over query words, of the best
// field weight times match quality (see fieldWeight and the quality
// constants).
//
// Measured before choosing (GOOS=js GOARCH=wasm go build -trimpath
// -ldflags="-s -w" ./cmd/nextsteps, November 2026): bleve v2.6.3, the usual
// Go full-text library, does not build for js/wasm (its bbolt store needs
// mmap and flock). This file adds about 108 KB to app.wasm once the app
// calls it, 12 KB brotli-compressed. Each slices.SortFunc instantiation
// would add several more, hence sort.Slice, whose code is linked already.

// Field weights: a query word found in the title counts more than one found
// in a heading, the key points, the summary or the body. The key points are
// the article's own digest, like the summary, and rank just above it. Each
// query word counts once, in its best field.
var fieldWeight = [...]float64{fieldTitle: 8, fieldHeading: 4, fieldKeyPoint: 2.5, fieldSummary: 2, fieldBody: 1}

const (
	fieldTitle uint8 = iota
	fieldSummary
	fieldKeyPoint
	fieldHeading
	fieldBody
)

// Block sections (Index.blockSec) that are not one of the article's
// Sections.
const (
	secNone      = -1 // title and summary
	secKeyPoints = -2 // the key points box
)

// Match qualities: the whole word beats a prefix or another form of the word,
// which beat a typing error.
const (
	qualityExact  = 1.0
	qualityPrefix = 0.9
	qualityStem   = 0.9
	qualityTypo   = 0.5
)

const (
	minWordLen  = 2  // shorter query words are ignored
	minTypoLen  = 5  // query words this long tolerate one typing error
	maxQueryLen = 32 // query words beyond this many are ignored
)

// Snippet length, in characters of article text (the "…" not counted): at
// most snippetTarget, and at least snippetTarget less one word when the text
// is longer, so about 160 to 210.
const (
	snippetTarget = 210
	snippetLead   = 60 // at most this much text before the first match
)

// stopWords are ignored in a query that has other words.
var stopWords = map[string]bool{
	"a": true, "about": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "can": true, "do": true, "does": true, "for": true, "from": true,
	"how": true, "i": true, "if": true, "in": true, "is": true, "it": true, "its": true,
	"me": true, "my": true, "of": true, "on": true, "or": true, "should": true, "so": true,
	"that": true, "the": true, "their": true, "there": true, "this": true, "to": true,
	"was": true, "what": true, "when": true, "where": true, "which": true, "who": true,
	"why": true, "will": true, "with": true, "you": true, "your": true,
}

// Index is a search index over a corpus. It is safe for concurrent use.
//
// Its terms are cut into shards by their first two characters (shardKey),
// so that a search reads only the shards its words need. The server and
// check build every shard at once from the corpus in memory (NewIndex).
// The app gets them as data files, a run of shards each (shard.go),
// written by Corpus.Bundle, and reads a file the first time a query word
// needs one of its shards: a first search at 10,000 articles reads a few
// hundred kilobytes, not every article's file. A term's postings are per article (which, the field of most
// weight it occurs in, how often), which is all that ranking needs.
// Snippets come from the text of the hits shown only (Snippets).
type Index struct {
	c     *Corpus
	arts  []*Article
	files []*shardFile // by first key; nil: every shard is in shards

	mu       sync.Mutex
	shards   map[string]*shard // by key: those read (NewIndex: all)
	scratchs sync.Pool         // *scratch
	folded   sync.Map          // *Article -> *foldedText (see foldedBlocks)
}

// shardFile is a data file of the search index: the shards from its first
// key up to the next file's, read once.
type shardFile struct {
	from, to, path string // to: the next file's first key; "" for the last
	mu             sync.Mutex
	err            error // the file was read and is unreadable: for good
	// read: read, or found unreadable (err). Atomic for Has, which must
	// not wait on mu: a goroutine reading the file holds it while the
	// browser fetches it.
	read atomic.Bool
}

// shard is the terms that start with one key, sorted, and their postings.
type shard struct {
	terms []string           // sorted
	ids   map[string]int32   // term -> index in terms
	post  []int32            // postings of term t: posts[post[t]:post[t+1]]
	posts []posting          // by term, then article
	stems map[string][]int32 // stem -> terms with that stem
	byLen [][]int32          // terms by length in characters, for typo matching
}

// posting is one article a term occurs in.
type posting struct {
	art   int32 // index in the corpus's Articles
	field uint8 // the field of most weight (fieldWeight) it occurs in
	count int32 // how often, in powers of two (occurrences)
}

// newShard indexes terms (sorted, distinct) and their postings.
func newShard(terms []string, posts [][]posting) *shard {
	sh := &shard{terms: terms, ids: make(map[string]int32, len(terms)), stems: map[string][]int32{}, post: make([]int32, 0, len(terms)+1)}
	for t, w := range terms {
		sh.ids[w] = int32(t)
		sh.post = append(sh.post, int32(len(sh.posts)))
		sh.posts = append(sh.posts, posts[t]...)
		n := utf8.RuneCountInString(w)
		for len(sh.byLen) <= n {
			sh.byLen = append(sh.byLen, nil)
		}
		sh.byLen[n] = append(sh.byLen[n], int32(t))
		if s := stem(w); s != w {
			sh.stems[s] = append(sh.stems[s], int32(t))
		}
	}
	sh.post = append(sh.post, int32(len(sh.posts)))
	return sh
}

// Hit is one matching article.
type Hit struct {
	Article   *Article
	Score     float64
	Section   string // heading text of the section the snippet comes from (KeyPointsHeading for the key points); "" when it comes from the title or summary
	SectionID string // that heading's id (for /articles/<slug>#<id>; KeyPointsID for the key points); "" likewise
	Snippet   []Span // about 160–220 characters of plain text around the best match, cut at word boundaries, with "…" where cut (see Snippets)
}

// Span is a piece of snippet text; Match marks the words that matched the
// query (the UI wraps them in <mark>).
type Span struct {
	Text  string
	Match bool
}

// NewIndex indexes the articles of c, in corpus order, every shard in
// memory. It reads each article's search text (Corpus.Text); an article
// whose text cannot be read is indexed by its title, summary and key
// points.
func NewIndex(c *Corpus) *Index {
	ix := &Index{c: c, shards: map[string]*shard{}}
	if c == nil {
		return ix
	}
	ix.arts = c.Articles
	termPosts := map[string][]posting{}
	var buf []byte
	for i, a := range c.Articles {
		seen := map[string]*posting{}
		var order []string
		eachBlock(a, c.searchText(a), func(field uint8, _ int, text string) {
			buf = eachWord(text, buf, func(w []byte, _, _ int) {
				if utf8.RuneCount(w) < minWordLen {
					return // no query word is this short, nor is a typo's match
				}
				p := seen[string(w)]
				if p == nil {
					p = &posting{art: int32(i), field: field}
					seen[string(w)] = p
					order = append(order, string(w))
				} else if fieldWeight[field] > fieldWeight[p.field] {
					p.field = field
				}
				p.count++
			})
		})
		for _, w := range order {
			p := *seen[w]
			p.count = occurrences(w, p.count)
			termPosts[w] = append(termPosts[w], p)
		}
	}
	byKey := map[string][]string{}
	for w := range termPosts {
		k := shardKey(w)
		byKey[k] = append(byKey[k], w)
	}
	for k, terms := range byKey {
		// sort.Strings rather than slices.Sort: its code is in the app
		// already, where each new slices instantiation adds kilobytes of
		// wasm.
		sort.Strings(terms)
		posts := make([][]posting, len(terms))
		for t, w := range terms {
			posts[t] = termPosts[w]
		}
		ix.shards[k] = newShard(terms, posts)
	}
	return ix
}

// occurrences is how a posting counts n occurrences of term: 1 for one, 2
// for two or three, 3 for four to seven, and so on; 1 for a stop word.
// Ranking wants "more often" (a term's weight in an article grows with the
// log of its count, as in the usual tf-idf), and a count rounded so
// changes less when a sentence is corrected: the search index's files
// holding the sentence's words stay the same bytes, and an installed
// reader does not download them again. A stop word only counts in a query
// of stop words alone, and is in most sentences.
func occurrences(term string, n int32) int32 {
	if stopWords[term] {
		return 1
	}
	return int32(bits.Len32(uint32(n)))
}

// eachBlock calls fn with each block of text of a, in order: title,
// summary, each key point, then each section's heading (if any) and its
// paragraphs and list items (sections, the article's search text). sec is
// the block's index in sections, or secNone or secKeyPoints.
func eachBlock(a *Article, sections []Section, fn func(field uint8, sec int, text string)) {
	fn(fieldTitle, secNone, a.Title)
	fn(fieldSummary, secNone, a.Summary)
	for _, k := range a.KeyPoints {
		fn(fieldKeyPoint, secKeyPoints, k)
	}
	for s, sec := range sections {
		if sec.Heading != "" {
			fn(fieldHeading, s, sec.Heading)
		}
		for _, t := range sec.Text {
			fn(fieldBody, s, t)
		}
	}
}

// shard returns the shard of key, reading its data file the first time
// (nil, without error, when no term starts with key). A file that could not
// be fetched is asked for again next time, as Corpus.Text does.
func (ix *Index) shard(key string) (*shard, error) {
	f := ix.fileOf(key)
	if f == nil {
		ix.mu.Lock()
		defer ix.mu.Unlock()
		return ix.shards[key], nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.read.Load() {
		if ix.c == nil || ix.c.fetch == nil {
			return nil, fmt.Errorf("%s: no way to read the search index's data files", f.path)
		}
		b, err := ix.c.fetch(f.path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		shards, err := readShards(f.path, f.from, f.to, b, len(ix.arts))
		f.err = err
		ix.mu.Lock()
		for k, sh := range shards {
			ix.shards[k] = sh
		}
		ix.mu.Unlock()
		f.read.Store(true)
	}
	if f.err != nil {
		return nil, f.err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.shards[key], nil
}

// fileOf is the data file key's shard would be in: the last whose first
// key is not after it. nil when every shard is in memory, or before the
// first file (no term there).
func (ix *Index) fileOf(key string) *shardFile {
	i := sort.Search(len(ix.files), func(i int) bool { return ix.files[i].from > key })
	if i == 0 {
		return nil
	}
	return ix.files[i-1]
}

// Has reports whether every shard query needs is in memory, so that Find
// answers without reading a file.
func (ix *Index) Has(query string) bool {
	for _, q := range ix.parse(query) {
		for _, k := range q.keys() {
			if f := ix.fileOf(k); f != nil && (!f.read.Load() || f.err != nil) {
				return false
			}
		}
	}
	return true
}

// qword is one query word and the terms it matches.
type qword struct {
	text    string
	extraW  map[string]bool // terms matched by stem or typo, not starting with text
	matches []termMatch
	cost    int // postings to read
}

type termMatch struct {
	sh      *shard
	term    int32
	quality float64
}

// keys are the shards the word's terms can be in: its own, and its stem's.
func (q *qword) keys() []string {
	k, s := shardKey(q.text), shardKey(stem(q.text))
	if s == k {
		return []string{k}
	}
	return []string{k, s}
}

// hasWord reports whether the word matches w, a folded word of the corpus.
func (q *qword) hasWord(w []byte) bool {
	return len(w) >= len(q.text) && string(w[:len(q.text)]) == q.text || len(q.extraW) > 0 && q.extraW[string(w)]
}

// countIn is how many words of block, one of foldedBlocks, the word
// matches (hasWord).
func (q *qword) countIn(block string) int {
	if len(q.extraW) == 0 {
		// The words that start with q.text: a space, then q.text, which
		// holds no space.
		return strings.Count(block, " "+q.text)
	}
	n := 0
	for rest := block; rest != ""; {
		w := rest[1:] // after its space
		if j := strings.IndexByte(w, ' '); j >= 0 {
			w, rest = w[:j], w[j:]
		} else {
			rest = ""
		}
		if strings.HasPrefix(w, q.text) || q.extraW[w] {
			n++
		}
	}
	return n
}

// scratch is the per-search state, one slot per article, pooled so a
// search allocates little.
type scratch struct {
	stamp []uint32 // article matched every query word up to stamp-base
	score []float64
	best  []float64 // best score of the current query word
	occ   []int32
	base  uint32
	docs  []int32 // articles touched by the current word
}

// Search returns the articles matching every word of query (AND), best first,
// restricted to articles carrying any of topics (no topics = all), each
// with its snippet. An empty or blank query returns nil.
func (ix *Index) Search(query string, topics []string) []Hit {
	return ix.SearchBy(query, topics, nil)
}

// SearchBy is Search restricted like Corpus.FilterBy: to articles carrying
// any of topics and any of the "Who it's for" ids forIDs (an empty group
// sets no condition). It is Find, then Snippets for every hit; a shard
// that cannot be read finds nothing (Find says why).
func (ix *Index) SearchBy(query string, topics, forIDs []string) []Hit {
	hits, _ := ix.SearchPage(query, topics, forIDs, -1)
	return hits
}

// Find is SearchBy without the snippets, which cost the hits' texts: a
// list shows the first few dozen hits, and Snippets cuts theirs. It reads
// the shards the query needs, and fails if one cannot be read.
func (ix *Index) Find(query string, topics, forIDs []string) ([]Hit, error) {
	hits, _, err := ix.find(query, topics, forIDs)
	return hits, err
}

// SearchPage is Find, then Snippets for the first n hits (all when n < 0):
// what a list of results shows.
func (ix *Index) SearchPage(query string, topics, forIDs []string, n int) ([]Hit, error) {
	f, err := ix.FindFor(query, topics, forIDs)
	f.Snippets(n)
	return f.Hits, err
}

// Found is what a search found: its hits, with the query's words and the
// terms they match, which the snippets need. A caller that does something
// between finding and cutting snippets (the app hands the browser its
// thread, or checks the texts are in memory) parses and expands the query
// once, as SearchPage does.
type Found struct {
	Hits  []Hit
	ix    *Index
	words []qword
}

// FindFor is Find, keeping what Found.Snippets needs.
func (ix *Index) FindFor(query string, topics, forIDs []string) (Found, error) {
	hits, words, err := ix.find(query, topics, forIDs)
	return Found{Hits: hits, ix: ix, words: words}, err
}

// Snippets cuts the snippets of the first n hits (all when n < 0), as
// Index.Snippets does, reading their texts.
func (f Found) Snippets(n int) {
	if n < 0 || n > len(f.Hits) {
		n = len(f.Hits)
	}
	if n > 0 {
		f.ix.snippets(f.words, f.Hits[:n])
	}
}

// find is Find, and the query's words with the terms they match.
func (ix *Index) find(query string, topics, forIDs []string) ([]Hit, []qword, error) {
	words := ix.parse(query)
	if len(words) == 0 || len(ix.arts) == 0 {
		return nil, nil, nil
	}
	for i := range words {
		if err := ix.expand(&words[i]); err != nil {
			return nil, nil, err
		}
		if len(words[i].matches) == 0 {
			return nil, nil, nil
		}
	}
	// Cheapest word first: later words only look at the articles left.
	// (Insertion sort, stable: there are at most maxQueryLen words.)
	for i := 1; i < len(words); i++ {
		for j := i; j > 0 && words[j].cost < words[j-1].cost; j-- {
			words[j], words[j-1] = words[j-1], words[j]
		}
	}

	s := ix.getScratch()
	defer ix.scratchs.Put(s)
	if s.base > 1<<31 {
		clear(s.stamp)
		s.base = 0
	}
	base := s.base
	s.base += uint32(len(words)) + 1

	allowed := ix.c.facets().match(topics, forIDs) // by article, as bits; nil: all
	for i := range words {
		cur := base + uint32(i) + 1
		s.docs = s.docs[:0]
		for _, m := range words[i].matches {
			for _, p := range m.sh.posts[m.sh.post[m.term]:m.sh.post[m.term+1]] {
				d := p.art
				if st := s.stamp[d]; st != cur {
					if i == 0 && allowed != nil && allowed[d/64]&(1<<(d%64)) == 0 || i > 0 && st != cur-1 {
						continue
					}
					s.stamp[d] = cur
					s.best[d] = 0
					if i == 0 {
						s.score[d], s.occ[d] = 0, 0
					}
					s.docs = append(s.docs, d)
				}
				s.best[d] = max(s.best[d], fieldWeight[p.field]*m.quality)
				s.occ[d] += p.count
			}
		}
		if len(s.docs) == 0 {
			return nil, nil, nil
		}
		for _, d := range s.docs {
			s.score[d] += s.best[d]
		}
	}

	docs := slices.Clone(s.docs)
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		switch {
		case s.score[a] != s.score[b]:
			return s.score[a] > s.score[b]
		case s.occ[a] != s.occ[b]:
			return s.occ[a] > s.occ[b]
		}
		return a < b
	})
	hits := make([]Hit, len(docs))
	for i, d := range docs {
		hits[i] = Hit{Article: ix.arts[d], Score: s.score[d]}
	}
	return hits, words, nil
}

func (ix *Index) getScratch() *scratch {
	if s, ok := ix.scratchs.Get().(*scratch); ok {
		return s
	}
	n := len(ix.arts)
	return &scratch{stamp: make([]uint32, n), score: make([]float64, n), best: make([]float64, n), occ: make([]int32, n)}
}

// Snippets gives each hit of query (from Find) its snippet and the section
// it comes from, reading the hit's text (Corpus.Text) if need be. The
// snippet comes from the key point or body block matching most query
// words, counting those its section's heading matches; then the one
// matching most by itself; then most occurrences; then the first (so a key
// point before the body). With no match in the key points, the body or a
// heading, or no text to read, it is the summary.
func (ix *Index) Snippets(query string, hits []Hit) {
	if len(hits) == 0 {
		return
	}
	words := ix.parse(query)
	for i := range words {
		_ = ix.expand(&words[i]) // the shards Find read: no error now
	}
	ix.snippets(words, hits)
}

// snippets is Snippets for the query's words, expanded.
func (ix *Index) snippets(words []qword, hits []Hit) {
	if len(hits) == 0 {
		return
	}
	if ix.c != nil {
		arts := make([]*Article, len(hits))
		for i, h := range hits {
			arts[i] = h.Article
		}
		ix.c.readTexts(arts)
	}
	var sn snipper
	for i := range hits {
		h := &hits[i]
		a := h.Article
		sections := ix.c.searchText(a)
		folded := ix.foldedBlocks(a, sections)
		best, bestSec, bestKey := a.Summary, secNone, [3]int{}
		var head uint64
		sec, b := math.MinInt, -1
		eachBlock(a, sections, func(field uint8, bsec int, text string) {
			b++
			if bsec != sec {
				sec, head = bsec, 0
			}
			if field == fieldTitle || field == fieldSummary {
				return
			}
			var m uint64
			n := 0
			for k := range words {
				if c := words[k].countIn(folded.block(b)); c > 0 {
					m |= 1 << uint(k)
					n += c
				}
			}
			if field == fieldHeading {
				head = m
				return
			}
			key := [3]int{bits.OnesCount64(m | head), bits.OnesCount64(m), n}
			for k := range key {
				if key[k] != bestKey[k] {
					if key[k] > bestKey[k] {
						best, bestSec, bestKey = text, bsec, key
					}
					break
				}
			}
		})
		h.Section, h.SectionID = "", ""
		switch {
		case bestSec >= 0:
			h.Section, h.SectionID = sections[bestSec].Heading, sections[bestSec].ID
		case bestSec == secKeyPoints:
			h.Section, h.SectionID = KeyPointsHeading, KeyPointsID
		}
		h.Snippet = sn.snippet(best, words)
	}
}

// foldedText is an article's text as foldedBlocks gives it, and the
// sections it was made from.
type foldedText struct {
	sections []Section
	text     string  // every block's folded words, one block after another
	ends     []int32 // where each block ends in text
}

// block is the i-th block of eachBlock's order.
func (f *foldedText) block(i int) string {
	start := int32(0)
	if i > 0 {
		start = f.ends[i-1]
	}
	return f.text[start:f.ends[i]]
}

// foldedBlocks is a's text as its folded words (eachWord), each after a
// space, block by block in eachBlock's order: " lithium is a salt". Every
// keystroke in the search box cuts the snippets of up to a page of hits,
// and folding their texts afresh each time was nearly all of a search's
// cost (on the shipped articles, natively, 2 ms a query against 13 µs for
// finding the hits). So an article's text is folded once, the first time
// a search needs it, into one string, and kept with the index: as much
// memory again as the texts searched, which the app reads only for the
// hits it shows.
func (ix *Index) foldedBlocks(a *Article, sections []Section) *foldedText {
	if v, ok := ix.folded.Load(a); ok {
		// Made from these sections: not from none, for a text that could
		// not be read then and has been since.
		if f := v.(*foldedText); len(f.sections) == len(sections) && (len(sections) == 0 || &f.sections[0] == &sections[0]) {
			return f
		}
	}
	size, blocks := 0, 0
	eachBlock(a, sections, func(_ uint8, _ int, block string) {
		size, blocks = size+len(block)+1, blocks+1 // folded, rarely longer
	})
	f := &foldedText{sections: sections, ends: make([]int32, 0, blocks)}
	var (
		text strings.Builder
		buf  []byte
	)
	text.Grow(size)
	eachBlock(a, sections, func(_ uint8, _ int, block string) {
		buf = eachWord(block, buf, func(w []byte, _, _ int) {
			text.WriteByte(' ')
			text.Write(w)
		})
		f.ends = append(f.ends, int32(text.Len()))
	})
	f.text = text.String()
	ix.folded.Store(a, f)
	return f
}

// Searchable reports whether query has a word that a search looks for:
// one of minWordLen characters or more (Index.parse). A single letter,
// the search box's first keystroke, is not yet a search.
func Searchable(query string) bool {
	ok := false
	eachWord(query, nil, func(w []byte, _, _ int) {
		ok = ok || utf8.RuneCount(w) >= minWordLen
	})
	return ok
}

// parse splits the query into distinct words, dropping short ones and, unless
// nothing else is left, stop words.
func (ix *Index) parse(query string) []qword {
	var all, kept []qword
	seen := map[string]bool{}
	eachWord(query, nil, func(w []byte, _, _ int) {
		if utf8.RuneCount(w) < minWordLen || seen[string(w)] || len(all) >= maxQueryLen {
			return
		}
		seen[string(w)] = true
		q := qword{text: string(w)}
		all = append(all, q)
		if !stopWords[q.text] {
			kept = append(kept, q)
		}
	})
	if len(kept) == 0 {
		return all
	}
	return kept
}

// expand finds the terms a query word matches and how well, reading the
// shards it needs (qword.keys).
func (ix *Index) expand(q *qword) error {
	w := q.text
	q.matches, q.extraW, q.cost = q.matches[:0], nil, 0
	keys := q.keys()
	shards := make([]*shard, len(keys))
	for i, k := range keys {
		sh, err := ix.shard(k)
		if err != nil {
			return err
		}
		shards[i] = sh
	}
	own := shards[0]
	if own != nil {
		for t := int32(sort.SearchStrings(own.terms, w)); int(t) < len(own.terms) && strings.HasPrefix(own.terms[t], w); t++ {
			quality := qualityPrefix
			if own.terms[t] == w {
				quality = qualityExact
			}
			q.matches = append(q.matches, termMatch{own, t, quality})
		}
	}
	add := func(sh *shard, t int32, quality float64) {
		term := sh.terms[t]
		if strings.HasPrefix(term, w) || q.extraW[term] {
			return
		}
		if q.extraW == nil {
			q.extraW = map[string]bool{}
		}
		q.extraW[term] = true
		q.matches = append(q.matches, termMatch{sh, t, quality})
	}
	st := stem(w)
	for _, sh := range shards {
		if sh == nil {
			continue
		}
		if t, ok := sh.ids[st]; ok && st != w {
			add(sh, t, qualityStem) // "therapies" -> "therapy", itself a stem
		}
		for _, t := range sh.stems[st] {
			add(sh, t, qualityStem)
		}
	}
	// A typing error is looked for among the terms of the word's shard:
	// with its first two characters right, like a search engine's fuzzy
	// match with a prefix length of two. Looking further would read every
	// shard for each long word.
	if n := utf8.RuneCountInString(w); own != nil && n >= minTypoLen && !strings.ContainsFunc(w, unicode.IsDigit) {
		qr := []rune(w)
		for l := n - 1; l <= n+1 && l < len(own.byLen); l++ {
			for _, t := range own.byLen[l] {
				if term := own.terms[t]; !strings.HasPrefix(term, w) && !q.extraW[term] && oneEdit(qr, term) {
					add(own, t, qualityTypo)
				}
			}
		}
	}
	for _, m := range q.matches {
		q.cost += int(m.sh.post[m.term+1] - m.sh.post[m.term])
	}
	return nil
}

// oneEdit reports whether term is one insertion, deletion, substitution or
// transposition of adjacent letters away from q.
func oneEdit(q []rune, term string) bool {
	var tb [64]rune
	t := tb[:0]
	for _, r := range term {
		t = append(t, r)
	}
	if len(q) > len(t) {
		q, t = t, q
	}
	if len(t)-len(q) > 1 {
		return false
	}
	i := 0
	for i < len(q) && q[i] == t[i] {
		i++
	}
	if len(q) < len(t) {
		return slices.Equal(q[i:], t[i+1:])
	}
	if i == len(q) {
		return false // equal
	}
	return slices.Equal(q[i+1:], t[i+1:]) ||
		i+1 < len(q) && q[i] == t[i+1] && q[i+1] == t[i] && slices.Equal(q[i+2:], t[i+2:])
}

// snippet cuts about snippetTarget characters of text around its best match
// and marks the matching words. A word is the text between spaces, without
// punctuation at either end; it matches when any of its index words does.
func (sn *snipper) snippet(text string, words []qword) []Span {
	fields := sn.fields[:0]
	defer func() { sn.fields = fields[:0] }()
	runes := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			i += n
			runes++
			continue
		}
		f := field{start: i, runeStart: runes}
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if isSpace(r) {
				break
			}
			i += n
			runes++
		}
		f.end, f.len = i, runes-f.runeStart
		f.mstart, f.mend = -1, -1
		sn.buf = eachWord(text[f.start:f.end], sn.buf, func(w []byte, s, e int) {
			for k := range words {
				if words[k].hasWord(w) {
					f.mask |= 1 << uint(k)
					if f.mstart < 0 {
						f.mstart = f.start + s
					}
					f.mend = f.start + e
				}
			}
		})
		if f.mask != 0 {
			// Mark the whole word: "ECT's", "self-harm", not "ECT", "harm".
			f.mstart, f.mend = f.start+wordStart(text[f.start:f.mstart]), f.mend+wordEnd(text[f.mend:f.end])
		}
		fields = append(fields, f)
	}
	if len(fields) == 0 {
		return nil
	}

	// The window [i, j] of fields: whole text if short enough; else starting
	// near the match that has the most query words within reach.
	i, j := 0, len(fields)-1
	span := func(i, j int) int { return fields[j].runeStart + fields[j].len - fields[i].runeStart }
	if span(i, j) > snippetTarget {
		anchor, bestN := -1, 0
		for a := range fields {
			if fields[a].mask == 0 {
				continue
			}
			var m uint64
			for k := a; k < len(fields) && span(a, k) <= snippetTarget; k++ {
				m |= fields[k].mask
			}
			if n := bits.OnesCount64(m); n > bestN {
				anchor, bestN = a, n
			}
		}
		i = max(anchor, 0)
		// Some context before: from the start of the sentence if it is near,
		// else a few words.
		near := i
		for k := i - 1; k >= 0; k-- {
			before := fields[i].runeStart - fields[k].runeStart
			if before > snippetLead {
				i = near
				break
			}
			if strings.ContainsAny(text[fields[k].end-1:fields[k].end], ".!?:;") {
				i = k + 1
				break
			}
			if before <= snippetLead/2 {
				near = k
			}
			if k == 0 {
				i = 0
			}
		}
		j = i
		for j+1 < len(fields) && span(i, j+1) <= snippetTarget {
			j++
		}
		for j == len(fields)-1 && i > 0 && span(i-1, j) <= snippetTarget {
			i-- // at the end of the text: fill from before
		}
	}

	spans := make([]Span, 0, 8)
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].Match == match {
			spans[n-1].Text += s
			return
		}
		spans = append(spans, Span{s, match})
	}
	if i > 0 {
		add("…", false)
	}
	pos := fields[i].start
	for k := i; k <= j; k++ {
		f := fields[k]
		if f.mask != 0 {
			add(text[pos:f.mstart], false)
			add(text[f.mstart:f.mend], true)
			pos = f.mend
		}
	}
	add(text[pos:fields[j].end], false)
	if j < len(fields)-1 {
		add("…", false)
	}
	return truncateSpans(spans, snippetTarget+10)
}

// snipper makes snippets, reusing its buffers from one to the next.
type snipper struct {
	buf    []byte
	fields []field
}

// field is a word of snippet text.
type field struct {
	start, end     int    // the text between spaces
	mstart, mend   int    // without punctuation at the ends
	mask           uint64 // query words it matches
	runeStart, len int    // position and length in characters
}

// wordStart is how much of s (the text before a word's first match) is
// punctuation to leave unmarked: s is marked from its first letter or digit.
func wordStart(s string) int {
	if i := strings.IndexFunc(s, isWordRune); i >= 0 {
		return i
	}
	return len(s)
}

// wordEnd is how much of s (the text after a word's last match) to mark: up
// to its last letter or digit.
func wordEnd(s string) int {
	if i := strings.LastIndexFunc(s, isWordRune); i >= 0 {
		_, n := utf8.DecodeRuneInString(s[i:])
		return i + n
	}
	return 0
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// truncateSpans cuts spans to at most n characters, ending with "…": only a
// single word longer than the snippet (a long address) needs it.
func truncateSpans(spans []Span, n int) []Span {
	total := 0
	for k := range spans {
		t := spans[k].Text
		c := utf8.RuneCountInString(t)
		if total+c <= n {
			total += c
			continue
		}
		keep := max(n-1-total, 0) // characters of t, leaving room for "…"
		for i := range t {
			if keep == 0 {
				t = t[:i]
				break
			}
			keep--
		}
		spans[k].Text = t
		spans = spans[:k+1]
		if t == "" {
			spans = spans[:k]
		}
		if last := len(spans) - 1; last >= 0 && !spans[last].Match {
			spans[last].Text += "…"
			return spans
		}
		return append(spans, Span{"…", false})
	}
	return spans
}

// eachWord calls fn with each word of s, folded (see fold), and its byte
// offsets in s. buf is reused for the word and returned; fn must not keep w.
func eachWord(s string, buf []byte, fn func(w []byte, start, end int)) []byte {
	start := -1
	w := buf[:0]
	for i, r := range s {
		if r >= 0x300 && r <= 0x36f {
			continue // a combining accent: part of the word, dropped
		}
		n := len(w)
		w = fold(w, r)
		if len(w) > n {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(w, start, i)
			start, w = -1, w[:0]
		}
	}
	if start >= 0 {
		fn(w, start, len(s))
	}
	return w[:0]
}

// fold appends r to w lower-cased and without accents if r is a letter or
// digit, and returns w unchanged otherwise. Latin letters with diacritics
// (Latin-1 and Latin Extended-A, which cover the Western and Central European
// languages) become their base letters, "ß" "ss", "æ" "ae" and so on; other
// letters are lower-cased. A table of 192 letters does this: decomposing
// with golang.org/x/text/unicode/norm and dropping the marks instead added
// 187 KB to app.wasm (37 KB brotli), and leaves ø, ł, æ, ß unfolded.
func fold(w []byte, r rune) []byte {
	switch {
	case r < 0x80:
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return append(w, byte(r))
		case 'A' <= r && r <= 'Z':
			return append(w, byte(r)+'a'-'A')
		}
		return w
	case r >= 0xc0 && r < 0x180:
		f := latinFold[r-0xc0]
		switch f {
		case ' ':
			return w // × and ÷
		case '1':
			return append(w, "ae"...)
		case '2':
			return append(w, "oe"...)
		case '3':
			return append(w, "ss"...)
		case '4':
			return append(w, "th"...)
		case '5':
			return append(w, "ij"...)
		}
		return append(w, f)
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return utf8.AppendRune(w, unicode.ToLower(r))
	}
	return w
}

// latinFold maps U+00C0 to U+017F to base letters; a digit stands for two
// letters (see fold) and a space for a symbol.
const latinFold = "" +
	"aaaaaa1ceeeeiiiidnooooo ouuuuy43" + // U+00C0 À ... ß
	"aaaaaa1ceeeeiiiidnooooo ouuuuy4y" + // U+00E0 à ... ÿ
	"aaaaaaccccccccddddeeeeeeeeeegggg" + // U+0100 Ā ... ğ
	"gggghhhhiiiiiiiiii55jjkkklllllll" + // U+0120 Ġ ... Ŀ
	"lllnnnnnnnnnoooooo22rrrrrrssssss" + // U+0140 ŀ ... ş
	"ssttttttuuuuuuuuuuuuwwyyyzzzzzzs" // U+0160 Š ... ſ

// stem reduces an English word to a stem shared by its inflected and common
// derived forms: "relapse", "relapsed", "relapses" and "relapsing" give
// "relaps"; "augmenting" and "augmentation" give "augment"; "therapies"
// gives "therapy". Stems are only compared with each other, never shown.
//
// Why not Porter2 (github.com/kljensen/snowball/english v0.10.0, the usual
// choice)? Measured: in place of this function it added 128 KB to app.wasm
// (20 KB brotli), about as much as the whole search. Its code is small, but
// its romance package keeps test helpers in a non-test file, which links the
// testing, flag and runtime/trace packages into the app. This light stripper
// is about 3 KB, handles the plain-language text of the corpus, and errs
// towards stripping less: query words also match by prefix and by typo, so
// a missed conflation costs little, while a wrong one shows unrelated
// articles.
func stem(w string) string {
	n := len(w)
	if n < 4 {
		return w
	}
	for i := 0; i < n; i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w // digits or non-ASCII: not an English word to stem
		}
	}
	// Plurals and third person: "therapies", "classes", "relapses".
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		w = w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w = w[:n-1]
	}
	// Past and progressive: "relapsed", "augmenting", "stopped", "studied".
	if strings.HasSuffix(w, "ied") && len(w) > 4 {
		w = w[:len(w)-3] + "y"
	} else if base, ok := cutVerb(w); ok {
		w = base
		switch {
		case len(w) >= 2 && w[len(w)-1] == w[len(w)-2] && strings.IndexByte("bdfgmnprt", w[len(w)-1]) >= 0:
			w = w[:len(w)-1] // "stopp" -> "stop"
		case strings.HasSuffix(w, "at"), strings.HasSuffix(w, "bl"), strings.HasSuffix(w, "iz"):
			w += "e" // "stimulat" -> "stimulate", as the next step expects
		}
	}
	// Derived nouns and adjectives: "augmentation", "depression",
	// "depressive", "stimulate", "sadness".
	for _, s := range [...]string{"ation", "ate", "tive", "sive", "ness"} {
		if strings.HasSuffix(w, s) && len(w)-len(s) >= 3 {
			w = w[:len(w)-len(s)]
			if s == "tive" || s == "sive" {
				w += s[:1] // "depressive" -> "depress", "effective" -> "effect"
			}
			break
		}
	}
	if (strings.HasSuffix(w, "sion") || strings.HasSuffix(w, "tion")) && len(w) >= 7 {
		w = w[:len(w)-3] // "depression" -> "depress", "infection" -> "infect"
	}
	if strings.HasSuffix(w, "e") && len(w) > 3 {
		w = w[:len(w)-1] // "relapse" -> "relaps", as "relapsed"
	}
	return w
}

// cutVerb removes "ed" or "ing" when a syllable of three letters or more is
// left: "relapsed" -> "relaps", but not "bring", "used" or "seed".
func cutVerb(w string) (string, bool) {
	for _, s := range [...]string{"ing", "ed"} {
		if base, ok := strings.CutSuffix(w, s); ok && len(base) >= 3 && strings.ContainsAny(base, "aeiouy") {
			return base, true
		}
	}
	return w, false
}
