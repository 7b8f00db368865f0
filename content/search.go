package content

import (
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Search is a small in-memory inverted index, built for the corpus shipped in
// the binary and run in the browser, offline.
//
// Text is cut into words (runs of letters and digits; any other character
// splits), lower-cased and stripped of Latin accents by fold. Each distinct
// word is a term; terms are kept sorted, so the terms a query word is a
// prefix of are one binary search away. Each term lists its postings: the
// blocks (title, summary, a heading, or a paragraph or list item of the body)
// it occurs in, and how often. Key points are blocks too, one per point.
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

// pauseEvery is how many blocks or terms newIndex handles between calls to
// its pause: a few milliseconds of work on a phone.
const pauseEvery = 32

// Index is a search index over a corpus, built once (cheap: the corpus is in
// memory). It is safe for concurrent use.
type Index struct {
	arts  []*Article
	first []int32 // first block of each article; first[len(arts)] = len(blocks)

	// Blocks, corpus order, article by article: title, summary, each key
	// point, then each section's heading (if any) and text.
	blockArt   []int32
	blockField []uint8
	blockSec   []int32 // index in the article's Sections; secNone or secKeyPoints
	blockText  []string

	terms    []string           // sorted
	ids      map[string]int32   // term -> index in terms
	post     []int32            // postings of term t: posts[post[t]:post[t+1]]
	posts    []posting          // by term, then block
	stems    map[string][]int32 // stem -> terms with that stem
	byLen    [][]int32          // terms by length in characters, for typo matching
	scratchs sync.Pool          // *scratch
}

type posting struct {
	block int32
	count int32
}

// Hit is one matching article.
type Hit struct {
	Article   *Article
	Score     float64
	Section   string // heading text of the section the snippet comes from (KeyPointsHeading for the key points); "" when it comes from the title or summary
	SectionID string // that heading's id (for /articles/<slug>#<id>; KeyPointsID for the key points); "" likewise
	Snippet   []Span // about 160–220 characters of plain text around the best match, cut at word boundaries, with "…" where cut
}

// Span is a piece of snippet text; Match marks the words that matched the
// query (the UI wraps them in <mark>).
type Span struct {
	Text  string
	Match bool
}

// NewIndex indexes the articles of c, in corpus order.
func NewIndex(c *Corpus) *Index { return newIndex(c, nil) }

// newIndex is NewIndex calling pause, when not nil, between pieces of the
// work (a few dozen blocks of text, or terms): see Corpus.IndexWith.
func newIndex(c *Corpus, pause func()) *Index {
	now := func(i int) {
		if pause != nil && i%pauseEvery == 0 {
			pause()
		}
	}
	ix := &Index{ids: map[string]int32{}, stems: map[string][]int32{}}
	var arts []*Article
	if c != nil {
		arts = c.Articles
	}
	ix.arts = arts
	addBlock := func(art int, field uint8, sec int, text string) {
		ix.blockArt = append(ix.blockArt, int32(art))
		ix.blockField = append(ix.blockField, field)
		ix.blockSec = append(ix.blockSec, int32(sec))
		ix.blockText = append(ix.blockText, text)
	}
	for i, a := range arts {
		ix.first = append(ix.first, int32(len(ix.blockArt)))
		addBlock(i, fieldTitle, secNone, a.Title)
		addBlock(i, fieldSummary, secNone, a.Summary)
		for _, k := range a.KeyPoints {
			addBlock(i, fieldKeyPoint, secKeyPoints, k)
		}
		for s, sec := range a.Sections {
			if sec.Heading != "" {
				addBlock(i, fieldHeading, s, sec.Heading)
			}
			for _, t := range sec.Text {
				addBlock(i, fieldBody, s, t)
			}
		}
	}
	ix.first = append(ix.first, int32(len(ix.blockArt)))

	// Terms in order of first appearance, with their postings; then sorted.
	var (
		termPosts [][]posting
		ids       []int32
		buf       []byte
	)
	for b, text := range ix.blockText {
		now(b)
		ids = ids[:0]
		buf = eachWord(text, buf, func(w []byte, _, _ int) {
			id, ok := ix.ids[string(w)]
			if !ok {
				id = int32(len(ix.terms))
				ix.ids[string(w)] = id
				ix.terms = append(ix.terms, string(w))
				termPosts = append(termPosts, nil)
			}
			ids = append(ids, id)
		})
		slices.Sort(ids)
		for i := 0; i < len(ids); {
			j := i + 1
			for j < len(ids) && ids[j] == ids[i] {
				j++
			}
			termPosts[ids[i]] = append(termPosts[ids[i]], posting{int32(b), int32(j - i)})
			i = j
		}
	}
	order := make([]int32, len(ix.terms))
	for i := range order {
		order[i] = int32(i)
	}
	// sort.Slice rather than slices.SortFunc: its code is in the app
	// already, where each new slices instantiation adds kilobytes of wasm.
	sort.Slice(order, func(i, j int) bool { return ix.terms[order[i]] < ix.terms[order[j]] })
	sorted := make([]string, len(order))
	ix.post = make([]int32, 0, len(order)+1)
	for t, old := range order {
		now(t)
		w := ix.terms[old]
		sorted[t] = w
		ix.ids[w] = int32(t)
		ix.post = append(ix.post, int32(len(ix.posts)))
		ix.posts = append(ix.posts, termPosts[old]...)
		n := utf8.RuneCountInString(w)
		for len(ix.byLen) <= n {
			ix.byLen = append(ix.byLen, nil)
		}
		ix.byLen[n] = append(ix.byLen[n], int32(t))
		if s := stem(w); s != w {
			ix.stems[s] = append(ix.stems[s], int32(t))
		}
	}
	ix.post = append(ix.post, int32(len(ix.posts)))
	ix.terms = sorted
	return ix
}

// qword is one query word and the terms it matches.
type qword struct {
	text    string
	lo, hi  int32          // terms[lo:hi] start with text
	extra   map[int32]bool // terms matched by stem or typo, outside lo:hi
	extraW  map[string]bool
	matches []termMatch
	cost    int // postings to read
}

type termMatch struct {
	term    int32
	quality float64
}

// has reports whether the word matches term t.
func (q *qword) has(t int32) bool {
	return (t >= q.lo && t < q.hi) || q.extra[t]
}

// hasWord reports whether the word matches w, a folded word of the corpus.
func (q *qword) hasWord(w []byte) bool {
	return len(w) >= len(q.text) && string(w[:len(q.text)]) == q.text || len(q.extraW) > 0 && q.extraW[string(w)]
}

// scratch is the per-search state, one slot per article and per block,
// pooled so a search allocates little. Only touched slots are reset.
type scratch struct {
	stamp  []uint32 // article matched every query word up to stamp-base
	score  []float64
	best   []float64 // best score of the current query word
	occ    []int32
	mask   []uint64 // block: query words found in it
	count  []int32  // block: occurrences found in it
	base   uint32
	docs   []int32 // articles touched by the current word
	blocks []int32 // blocks touched
}

// Search returns the articles matching every word of query (AND), best first,
// restricted to articles carrying any of topics (no topics = all). An empty
// or blank query returns nil.
func (ix *Index) Search(query string, topics []string) []Hit {
	return ix.SearchBy(query, topics, nil)
}

// SearchBy is Search restricted like Corpus.FilterBy: to articles carrying
// any of topics and any of the "Who it's for" ids forIDs (an empty group
// sets no condition).
func (ix *Index) SearchBy(query string, topics, forIDs []string) []Hit {
	words := ix.parse(query)
	if len(words) == 0 || len(ix.arts) == 0 {
		return nil
	}
	for i := range words {
		ix.expand(&words[i])
		if len(words[i].matches) == 0 {
			return nil
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
	defer s.reset()
	if s.base > 1<<31 {
		clear(s.stamp)
		s.base = 0
	}
	base := s.base
	s.base += uint32(len(words)) + 1

	var allowed []bool // by article; nil: all
	if len(topics) > 0 || len(forIDs) > 0 {
		allowed = make([]bool, len(ix.arts))
		for d, a := range ix.arts {
			allowed[d] = a.Matches(topics, forIDs)
		}
	}
	for i := range words {
		cur := base + uint32(i) + 1
		bit := uint64(1) << uint(i)
		s.docs = s.docs[:0]
		for _, m := range words[i].matches {
			for _, p := range ix.posts[ix.post[m.term]:ix.post[m.term+1]] {
				d := ix.blockArt[p.block]
				if st := s.stamp[d]; st != cur {
					if i == 0 && allowed != nil && !allowed[d] || i > 0 && st != cur-1 {
						continue
					}
					s.stamp[d] = cur
					s.best[d] = 0
					if i == 0 {
						s.score[d], s.occ[d] = 0, 0
					}
					s.docs = append(s.docs, d)
				}
				s.best[d] = max(s.best[d], fieldWeight[ix.blockField[p.block]]*m.quality)
				s.occ[d] += p.count
				if s.mask[p.block] == 0 {
					s.blocks = append(s.blocks, p.block)
				}
				s.mask[p.block] |= bit
				s.count[p.block] += p.count
			}
		}
		if len(s.docs) == 0 {
			return nil
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
	var sn snipper
	for i, d := range docs {
		a := ix.arts[d]
		b := ix.snippetBlock(s, d)
		h := Hit{Article: a, Score: s.score[d]}
		switch sec := ix.blockSec[b]; {
		case sec >= 0:
			h.Section, h.SectionID = a.Sections[sec].Heading, a.Sections[sec].ID
		case sec == secKeyPoints:
			h.Section, h.SectionID = KeyPointsHeading, KeyPointsID
		}
		h.Snippet = sn.snippet(ix.blockText[b], words)
		hits[i] = h
	}
	return hits
}

func (ix *Index) getScratch() *scratch {
	if s, ok := ix.scratchs.Get().(*scratch); ok {
		return s
	}
	n, nb := len(ix.arts), len(ix.blockArt)
	return &scratch{
		stamp: make([]uint32, n), score: make([]float64, n), best: make([]float64, n), occ: make([]int32, n),
		mask: make([]uint64, nb), count: make([]int32, nb),
	}
}

func (s *scratch) reset() {
	for _, b := range s.blocks {
		s.mask[b], s.count[b] = 0, 0
	}
	s.blocks = s.blocks[:0]
}

// snippetBlock picks the block the snippet of article d comes from: the key
// point or body block matching most query words, counting those its
// section's heading matches; then the one matching most by itself; then most
// occurrences; then the first (so a key point before the body). With no
// match in the key points, the body or a heading, the summary.
func (ix *Index) snippetBlock(s *scratch, d int32) int32 {
	best, bestKey := ix.first[d]+1, [3]int{} // the summary
	var head uint64
	sec := int32(math.MinInt32)
	for b := ix.first[d]; b < ix.first[d+1]; b++ {
		if ix.blockSec[b] != sec {
			sec, head = ix.blockSec[b], 0
		}
		switch ix.blockField[b] {
		case fieldHeading:
			head = s.mask[b]
		case fieldKeyPoint, fieldBody:
			m := s.mask[b]
			key := [3]int{bits.OnesCount64(m | head), bits.OnesCount64(m), int(s.count[b])}
			for k := range key {
				if key[k] != bestKey[k] {
					if key[k] > bestKey[k] {
						best, bestKey = b, key
					}
					break
				}
			}
		}
	}
	return best
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

// expand finds the terms a query word matches and how well.
func (ix *Index) expand(q *qword) {
	w := q.text
	q.lo = int32(sort.SearchStrings(ix.terms, w))
	q.hi = q.lo
	for int(q.hi) < len(ix.terms) && strings.HasPrefix(ix.terms[q.hi], w) {
		quality := qualityPrefix
		if ix.terms[q.hi] == w {
			quality = qualityExact
		}
		q.matches = append(q.matches, termMatch{q.hi, quality})
		q.hi++
	}
	add := func(t int32, quality float64) {
		if q.has(t) {
			return
		}
		if q.extra == nil {
			q.extra = map[int32]bool{}
		}
		q.extra[t] = true
		if q.extraW == nil {
			q.extraW = map[string]bool{}
		}
		q.extraW[ix.terms[t]] = true
		q.matches = append(q.matches, termMatch{t, quality})
	}
	st := stem(w)
	if t, ok := ix.ids[st]; ok && st != w {
		add(t, qualityStem) // "therapies" -> "therapy", itself a stem
	}
	for _, t := range ix.stems[st] {
		add(t, qualityStem)
	}
	if n := utf8.RuneCountInString(w); n >= minTypoLen && !strings.ContainsFunc(w, unicode.IsDigit) {
		qr := []rune(w)
		for l := n - 1; l <= n+1 && l < len(ix.byLen); l++ {
			for _, t := range ix.byLen[l] {
				if !q.has(t) && oneEdit(qr, ix.terms[t]) {
					add(t, qualityTypo)
				}
			}
		}
	}
	for _, m := range q.matches {
		q.cost += int(ix.post[m.term+1] - ix.post[m.term])
	}
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
