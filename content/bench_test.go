//go:build !wasm

package content

import (
	"fmt"
	"testing"
)

// BenchmarkLoad parses, validates and renders a whole corpus: the cost of
// `check`, of `build` and of the app's start-up, at 16, 1,000 and 10,000
// articles.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{16, 1000, 10000} {
		fsys, err := Synthetic(n)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Load(fsys, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadBundle decodes the catalog the wasm reads at start: the
// corpus part of the app's start-up, now that Markdown is parsed at build
// time and the texts wait in the articles' own files.
func BenchmarkReadBundle(b *testing.B) {
	for _, n := range []int{16, 1000, 10000} {
		files, err := syntheticCorpus(b, n).Bundle()
		if err != nil {
			b.Fatal(err)
		}
		catalog, texts := files[0].Bytes, files[1].Bytes
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(catalog) + len(texts)))
			for b.Loop() {
				if _, err := ReadBundle(catalog, texts, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFilter is one toggle of the topic filter.
func BenchmarkFilter(b *testing.B) {
	for _, n := range []int{16, 1000, 10000} {
		c := syntheticCorpus(b, n)
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			for b.Loop() {
				c.Filter([]string{"ect", "tms"})
				c.Counts()
			}
		})
	}
}

// syntheticCorpus loads n synthetic articles.
func syntheticCorpus(b *testing.B, n int) *Corpus {
	b.Helper()
	fsys, err := Synthetic(n)
	if err != nil {
		b.Fatal(err)
	}
	c, err := Load(fsys, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func TestSyntheticIsValid(t *testing.T) {
	fsys, err := Synthetic(30)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(fsys, Options{Today: today})
	if err != nil {
		t.Fatalf("synthetic corpus has problems:\n%v", err)
	}
	if len(c.Articles) != 30 || c.Articles[0].Words < 700 {
		t.Errorf("%d articles, %d words", len(c.Articles), c.Articles[0].Words)
	}
}
