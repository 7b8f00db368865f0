//go:build !wasm

package content

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/jdkato/prose/summarize"
)

// Editorial limits that check enforces on every article.
const (
	// MaxAverageSentence is the longest average sentence, in words, that a
	// tired reader is asked to follow.
	MaxAverageSentence = 20.0
	// MinSources is the fewest numbered sources an article may rest on.
	MinSources = 4
	// MaxGrade is the highest reading grade (Flesch–Kincaid) the
	// comparison may need: patient decision aids aim at grade 8 or below
	// (IPDAS). Articles are measured too (check -report) but not held to
	// it yet: several sit between 8 and 9.5.
	MaxGrade = 8.0
)

// textBlock is a paragraph or list item's plain text and where it starts.
type textBlock struct {
	pos  int
	text string
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = strings.NewReplacer("e.g.", "eg", "i.e.", "ie", "et al.", "et al", "vs.", "vs", "Dr.", "Dr", "approx.", "approx", "No.", "No")

// sentenceEnd splits after ., ! or ? (and any closing quote or bracket)
// followed by a space.
var sentenceEnd = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[.!?]["'”’)\]]*\s+`) })

// sentences splits plain text into sentences.
func sentences(text string) []string {
	text = abbreviations.Replace(strings.TrimSpace(text))
	var out []string
	for _, s := range sentenceEnd().Split(text, -1) {
		if countWords(s) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// countWords counts tokens with at least one letter or digit, so that
// dashes and bullets are not words.
func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// readability measures the blocks; lineOf turns a block position into a
// file line.
func readability(blocks []textBlock, lineOf func(int) int) Readability {
	var r Readability
	var words, syllables, poly int
	hardest := -1.0
	for _, b := range blocks {
		for _, s := range sentences(b.text) {
			n, syl, p := syllableCounts(s)
			words += n
			syllables += syl
			poly += p
			r.Sentences++
			if n > r.LongestSentence {
				r.LongestSentence, r.LongestLine = n, lineOf(b.pos)
			}
			// A sentence of a few words says little about the text.
			if g := fleschKincaid(1, n, syl); n >= 5 && g > hardest {
				hardest, r.HardestLine = g, lineOf(b.pos)
			}
		}
	}
	if r.Sentences > 0 {
		r.AverageSentence = float64(words) / float64(r.Sentences)
		r.Grade = fleschKincaid(r.Sentences, words, syllables)
		r.SMOG = 1.0430*math.Sqrt(float64(poly)*30/float64(r.Sentences)) + 3.1291
	}
	return r
}

// syllableCounts counts a sentence's words (as countWords does), their
// syllables, and the words of three syllables or more (for SMOG). Counting
// English syllables is a heuristic with many exceptions, so it comes from
// prose's summarize package (the counter the Vale linter used), not from
// a rule of our own. A number counts as one syllable.
func syllableCounts(s string) (words, syllables, poly int) {
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			continue
		}
		words++
		n := 1
		if w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }); w != "" {
			n = syllablesOf(w)
		}
		syllables += n
		if n >= 3 {
			poly++
		}
	}
	return words, syllables, poly
}

// syllableCache holds each word's count: prose's counter runs a dozen
// regular expressions per word, and a library repeats its words, so
// counting each spelling once keeps Load of 10,000 articles as fast as
// before it measured grades (18 times slower without).
var syllableCache sync.Map // lower-case word → int

func syllablesOf(word string) int {
	w := strings.ToLower(word)
	if n, ok := syllableCache.Load(w); ok {
		return n.(int)
	}
	n := summarize.Syllables(w)
	syllableCache.Store(w, n)
	return n
}

// fleschKincaid is the Flesch–Kincaid grade: the US school year a reader
// needs, from words per sentence and syllables per word.
func fleschKincaid(sentences, words, syllables int) float64 {
	if sentences == 0 || words == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
}

// Banned is a phrase articles must not use, and why.
type Banned struct {
	Phrase string
	Why    string
}

// BannedPhrases are claims and wordings the app never makes. An occurrence
// inside quotation marks is allowed, so an article can quote a claim in
// order to correct it ("clinics that promise a “cure”").
var BannedPhrases = []Banned{
	{"cure", "no treatment is known to cure treatment-resistant depression: say what the evidence shows"},
	{"cures", "no treatment is known to cure treatment-resistant depression"},
	{"cured", "no treatment is known to cure treatment-resistant depression"},
	{"curing", "no treatment is known to cure treatment-resistant depression"},
	{"guaranteed", "no treatment is guaranteed to work"},
	{"guarantee", "no treatment is guaranteed to work"},
	{"guarantees", "no treatment is guaranteed to work"},
	{"miracle", "an overclaim"},
	{"100% effective", "an overclaim"},
	{"completely safe", "no treatment is without risk"},
	{"risk-free", "no treatment is without risk"},
	{"no side effects", "every treatment has possible side effects"},
	{"committed suicide", `say "died by suicide"`},
	{"commit suicide", `say "die by suicide" or "act on thoughts of suicide"`},
	{"successful suicide", `say "died by suicide"`},
	{"failed suicide", `say "attempted suicide" or "survived a suicide attempt"`},
	{"unsuccessful suicide", `say "attempted suicide"`},
}

// bannedPatterns returns a pattern matching each phrase as whole words, and
// each phrase's first word, lower-cased: a cheap test that skips the regular
// expression for the great majority of text that cannot match. Like every
// regular expression of this package, they are compiled when first used:
// the app links this package but never checks content, and compiling them
// at start-up cost it about 20 ms on a phone-speed CPU.
var bannedPatterns = sync.OnceValues(func() ([]*regexp.Regexp, []string) {
	res := make([]*regexp.Regexp, len(BannedPhrases))
	first := make([]string, len(BannedPhrases))
	for i, b := range BannedPhrases {
		p := regexp.QuoteMeta(b.Phrase)
		p = strings.ReplaceAll(p, " ", `\s+`)
		res[i] = regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}-])(` + p + `)($|[^\p{L}\p{N}-])`)
		first[i], _, _ = strings.Cut(strings.ToLower(b.Phrase), " ")
	}
	return res, first
})

// bannedIn returns a message for each banned phrase in text that is not
// inside quotation marks.
func bannedIn(text string) []string {
	var out []string
	lower := strings.ToLower(text)
	patterns, first := bannedPatterns()
	for i, re := range patterns {
		if !strings.Contains(lower, first[i]) {
			continue
		}
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			if quoted(text, m[4]) {
				continue
			}
			b := BannedPhrases[i]
			out = append(out, fmt.Sprintf("banned phrase %q: %s (quote it only to correct it)", text[m[4]:m[5]], b.Why))
		}
	}
	return out
}

// quoted reports whether position i of text lies inside quotation marks:
// after an odd number of straight double quotes, or after a “ that has not
// been closed by ”.
func quoted(text string, i int) bool {
	before := text[:i]
	if strings.Count(before, `"`)%2 == 1 {
		return true
	}
	return strings.LastIndex(before, "“") > strings.LastIndex(before, "”")
}
