//go:build !wasm

package content

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing/fstest"
	"unicode"
	"unicode/utf8"
)

// Synthetic returns a made-up corpus of n valid articles (the real
// taxonomy, about 1,000 words each, three key points, four sources, seven
// sections and five questions), built from the shipped articles' own words so that word
// frequencies are realistic. Benchmarks use it to see how costs grow with
// the number of articles; it is never part of the app (not in the wasm).
func Synthetic(n int) (fstest.MapFS, error) {
	real, err := Load(Files, Options{})
	if err != nil {
		return nil, err
	}
	topics, err := Files.ReadFile(TopicsFile)
	if err != nil {
		return nil, err
	}
	// Vocabulary: every word of the shipped bodies, minus those that would
	// trip the checker (banned phrasings, suicide without a crisis link, an
	// address that would become a link in a question).
	skip := regexp.MustCompile(`(?i)suicid|harm|cure|guarant|miracle|risk-free`)
	var vocab []string
	for _, a := range real.Articles {
		for _, s := range a.Sections {
			for _, t := range s.Text {
				for _, w := range strings.Fields(t) {
					w = strings.Trim(w, ".,;:!?()\"'“”‘’[]*")
					if len(w) > 1 && !skip.MatchString(w) && !strings.ContainsAny(w, "[]()*_`#<>|\\@.") {
						vocab = append(vocab, strings.ToLower(w))
					}
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	sentence := func() string {
		k := 8 + rng.IntN(9) // 8 to 16 words
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[rng.IntN(len(vocab))]
		}
		r, size := utf8.DecodeRuneInString(ws[0]) // a word may start with "—": never split a rune
		ws[0] = string(unicode.ToUpper(r)) + ws[0][size:]
		return strings.Join(ws, " ") + "."
	}
	fsys := fstest.MapFS{TopicsFile: {Data: topics}}
	for i := range n {
		var b strings.Builder
		t1 := real.Topics[i%len(real.Topics)].ID
		// Every other article is for one entry of "Who it's for", in turn.
		forLine := ""
		if len(real.For) > 0 && i%2 == 0 {
			forLine = "for: [" + real.For[(i/2)%len(real.For)].ID + "]\n"
		}
		// Six months between reviews: within every topic's review_months.
		fmt.Fprintf(&b, "---\ntitle: %q\nsummary: %q\nkey_points:\n  - %q\n  - %q\n  - %q\ntopics: [%s]\n%sreviewed: 2026-11-01\nnext_review: 2027-05-01\nsources:\n",
			fmt.Sprintf("Synthetic article %d: %s", i, strings.TrimSuffix(sentence(), ".")), sentence(), sentence(), sentence(), sentence(), t1, forLine)
		for s := 1; s <= 4; s++ {
			fmt.Fprintf(&b, "  - authors: \"Author %d\"\n    title: \"Study %d.%d\"\n    publisher: \"Journal\"\n    year: 2020\n    doi: \"10.1000/syn.%d.%d\"\n", s, i, s, i, s)
		}
		b.WriteString("---\n")
		for sec := 0; sec < 7; sec++ {
			fmt.Fprintf(&b, "\n## %s?\n\n", strings.TrimSuffix(sentence(), "."))
			for p := 0; p < 4; p++ {
				for s := 0; s < 3; s++ {
					b.WriteString(sentence())
					b.WriteString(" ")
				}
				fmt.Fprintf(&b, "[^%d]\n\n", 1+(sec*4+p)%4)
			}
		}
		b.WriteString("\n## Questions to ask your doctor\n\n")
		for q := 0; q < 5; q++ {
			fmt.Fprintf(&b, "- %s?\n", strings.TrimSuffix(sentence(), "."))
		}
		fsys[fmt.Sprintf("articles/synthetic-%05d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys, nil
}
