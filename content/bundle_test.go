//go:build !wasm

package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// forApp is a copy of c holding only what the bundle carries: what the app
// reads. File, Readability and the link-checking state are check's alone.
func forApp(c *Corpus) *Corpus {
	out := &Corpus{Base: c.Base, Topics: slices.Clone(c.Topics), For: slices.Clone(c.For), Crisis: c.Crisis, Compare: c.Compare}
	if c.Compare != nil {
		cmp := *c.Compare
		cmp.Readability = Readability{} // check's alone
		out.Compare = &cmp
	}
	for _, a := range c.Articles {
		cp := *a
		cp.File, cp.Readability, cp.links, cp.ids, cp.nextReviewLine = "", Readability{}, nil, nil, 0
		out.Articles = append(out.Articles, &cp)
	}
	for i := range out.Topics {
		out.Topics[i].ReviewMonths = 0 // check's alone too
	}
	return out
}

func TestBundleRoundTrip(t *testing.T) {
	shipped, err := Load(Files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := Synthetic(30)
	if err != nil {
		t.Fatal(err)
	}
	synthetic, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The fixtures have key points and a source with accessed, no year.
	fixtures, err := Load(corpusFS(map[string]string{"good.md": good, "other.md": other}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := fixtures.Article("good"); len(a.KeyPoints) != 3 || a.Sources[1].Accessed.IsZero() || a.Sources[1].Year != 0 {
		t.Fatalf("the fixture lacks key points or an accessed date: %+v", a)
	}
	under, err := Load(Files, Options{Base: "/next-steps"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		c    *Corpus
	}{
		{"shipped", shipped},
		{"under a path", under},
		{"synthetic", synthetic},
		{"fixtures", fixtures},
		{"empty", &Corpus{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.c.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadBundle(b)
			if err != nil {
				t.Fatal(err)
			}
			// The search text is read when the index is first built.
			for _, a := range got.Articles {
				if len(a.Sections) > 0 || (len(a.sections) == 0) {
					t.Fatalf("%s: the search text was read at once, or not carried", a.Slug)
				}
			}
			got.Index()
			got.indexOnce, got.index = sync.Once{}, nil
			if want := forApp(tc.c); !reflect.DeepEqual(got, want) {
				for i := range min(len(got.Articles), len(want.Articles)) {
					g, w := reflect.ValueOf(*got.Articles[i]), reflect.ValueOf(*want.Articles[i])
					for f := range g.NumField() {
						if g.Type().Field(f).IsExported() && !reflect.DeepEqual(g.Field(f).Interface(), w.Field(f).Interface()) {
							t.Errorf("article %d (%s): %s differs after the round trip", i, want.Articles[i].Slug, g.Type().Field(f).Name)
						}
					}
				}
				t.Fatalf("round trip differs: %d/%d topics, %d/%d articles", len(got.Topics), len(want.Topics), len(got.Articles), len(want.Articles))
			}
			// Deterministic, and stable when re-encoded.
			again, _ := tc.c.Bundle()
			re, _ := got.Bundle()
			if !bytes.Equal(b, again) || !bytes.Equal(b, re) {
				t.Error("the same corpus gave different bundles")
			}
			if len(tc.c.Articles) > 0 && (!bytes.Contains(b, []byte("<p>")) || bytes.Contains(b, []byte(`\u003c`))) {
				t.Error("HTML is escaped in the bundle: it should be kept as is")
			}
			// The long texts are out of the JSON, as they are.
			head, _, _ := bytes.Cut(b, []byte("\n"))
			for _, a := range tc.c.Articles {
				if bytes.Contains(head, []byte(a.BodyHTML)) || !bytes.Contains(b, []byte(a.BodyHTML+a.QuestionsHTML)) {
					t.Fatalf("%s: the body is in the JSON, or not in the text part as it is", a.Slug)
				}
			}
		})
	}
	// What the app does with the corpus works on the decoded copy.
	b, _ := shipped.Bundle()
	got, _ := ReadBundle(b)
	if !reflect.DeepEqual(got.Counts(), shipped.Counts()) || got.Article(shipped.Articles[0].Slug) == nil {
		t.Error("Counts or Article differ after the round trip")
	}
	// The "Who it's for" group and the articles' for ids reach the app.
	if len(got.For) == 0 || got.ForEntry("families-carers") == nil || len(got.FilterBy(nil, []string{"families-carers"})) == 0 ||
		!slices.Equal(ids(got.FilterBy(nil, []string{"families-carers"})), ids(shipped.FilterBy(nil, []string{"families-carers"}))) {
		t.Errorf("the \"Who it's for\" group did not survive the round trip: %+v", got.For)
	}
	for _, a := range got.Articles {
		for _, s := range a.Sources {
			if s.Link() == "" {
				t.Errorf("%s: source %q lost its link", a.Slug, s.Title)
			}
		}
	}
}

func ids(as []*Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Slug
	}
	return out
}

// shippedBundle is the shipped corpus and its bundle.
func shippedBundle(t *testing.T) (*Corpus, []byte) {
	t.Helper()
	c, err := Load(Files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	return c, b
}

func TestReadBundleErrors(t *testing.T) {
	_, good := shippedBundle(t)
	head := bytes.IndexByte(good, '\n') // where the JSON part ends
	cases := []struct {
		name string
		data string
		want string // in the error
	}{
		{"empty", "", "unexpected end"},
		{"cut in the JSON", string(good[:head/2]), "unexpected end"},
		{"cut in the texts", string(good[:head+(len(good)-head)/2]), "not where the file says"},
		{"one byte short", string(good[:len(good)-1]), "not where the file says"},
		{"trailing garbage", string(good) + "}", "1 bytes after the last article's texts"},
		{"garbage", "\x00\x01 not json at all", "invalid character"},
		{"null", "null", "format version 0"},
		{"no version", `{"topics":[],"articles":[]}`, "format version 0"},
		{"wrong version", strings.Replace(string(good), `{"version":8,`, `{"version":9,`, 1), "format version 9"},
		{"wrong version, other layout", `{"version":9,"articles":{"a":"b"}}`, "format version 9"},
		{"wrong type", `{"version":8,"topics":[],"articles":"x"}`, "cannot unmarshal"},
		{"null article", `{"version":8,"topics":[],"articles":[null],"text":[{}]}`, "article 1 is null"},
		{"no slug", `{"version":8,"topics":[],"articles":[{"title":"T"}],"text":[{}]}`, "article 1 has no slug"},
		{"repeated slug", `{"version":8,"topics":[],"articles":[{"slug":"a"},{"slug":"a"}],"text":[{},{}]}`, `slug "a" appears twice`},
		{"texts missing", `{"version":8,"topics":[],"articles":[{"slug":"a"}]}`, "1 articles but the texts of 0"},
		{"texts overlap", `{"version":8,"topics":[],"articles":[{"slug":"a"}],"text":[{"body":[0,2],"questions":[0,2]}]}` + "\nabcd", "not where the file says"},
		{"text past the end", `{"version":8,"topics":[],"articles":[{"slug":"a"}],"text":[{"body":[0,9]}]}` + "\nabcd", "not where the file says"},
		{"negative length", `{"version":8,"topics":[],"articles":[{"slug":"a"}],"text":[{"body":[0,-1]}]}` + "\nabcd", "not where the file says"},
		{"topic without id", `{"version":8,"topics":[{"label":"L"}],"articles":[]}`, "topic 1 has no id"},
		{"for entry without id", `{"version":8,"topics":[],"for":[{"id":"a"},{"label":"L"}],"articles":[]}`, `"Who it's for" entry 2 has no id`},
		{"bad date", `{"version":8,"topics":[],"articles":[{"slug":"a","reviewed":"yesterday"}]}`, "cannot parse"},
		{"region without code", `{"version":8,"topics":[],"articles":[],"crisis":{"regions":[{"name":"X"}]}}`, "crisis region 1 has no code"},
		{"repeated region", `{"version":8,"topics":[],"articles":[],"crisis":{"regions":[{"code":"CA"},{"code":"CA"}]}}`, `crisis region "CA" appears twice`},
	}
	if !strings.HasPrefix(string(good), `{"version":8,`) {
		t.Fatalf("the bundle does not start with its version: %.40s", good)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ReadBundle([]byte(tc.data))
			if err == nil || c != nil {
				t.Fatalf("got %v, %v; want an error", c, err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "content bundle: ") {
				t.Errorf("error %q, want it to start with \"content bundle: \" and contain %q", err, tc.want)
			}
		})
	}
}

// TestBase: under a base, the bodies' links to the site's own pages carry
// it, and nothing else changes; the bundle says which base it was made for.
func TestBase(t *testing.T) {
	root, err := Load(Files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	under, err := Load(Files, Options{Base: "/next-steps/"})
	if err != nil {
		t.Fatal(err)
	}
	if under.Base != "/next-steps" || root.Base != "" {
		t.Fatalf("Base %q and %q", root.Base, under.Base)
	}
	internal := 0
	for i, a := range root.Articles {
		internal += strings.Count(a.BodyHTML, `href="/`)
		want := strings.ReplaceAll(a.BodyHTML, `href="/`, `href="/next-steps/`)
		if got := under.Articles[i].BodyHTML; got != want {
			t.Errorf("%s: the body under /next-steps is not the root's with the base before its own links", a.Slug)
		}
	}
	if internal == 0 {
		t.Fatal("no article links to another page: nothing was tested")
	}
	b, err := under.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ReadBundle(b); err != nil || got.Base != "/next-steps" {
		t.Errorf("the bundle read back has base %q (%v), want /next-steps", got.Base, err)
	}
	rb, _ := root.Bundle()
	if bytes.Contains(rb, []byte(`"base":`)) {
		t.Error("a root bundle names a base")
	}
	if CorpusPath(b) == CorpusPath(rb) {
		t.Error("the bundles for two bases share a name")
	}
}

// TestCorpusIntegrity: the data file's name and its integrity value both
// come from the SHA-256 of its bytes, so the browser (which checks the
// integrity value) and the worker (which checks the name) refuse the same
// copies; and a changed word shows why they must: the copy still reads as
// a library, only the hash tells it from the real one.
func TestCorpusIntegrity(t *testing.T) {
	_, b := shippedBundle(t)
	sum := sha256.Sum256(b)
	hash := CorpusHash(b)
	if p := CorpusPath(b); p != DataPrefix+"corpus-"+hash+".txt" || hash != hex.EncodeToString(sum[:8]) {
		t.Fatalf("CorpusPath = %s", p)
	}
	if got, want := CorpusIntegrity(b), "sha256-"+base64.StdEncoding.EncodeToString(sum[:]); got != want {
		t.Fatalf("CorpusIntegrity = %s, want %s", got, want)
	}
	at := bytes.LastIndex(b, []byte("ECT")) // in the text part, as a reader sees it
	if at < bytes.IndexByte(b, '\n') {
		t.Fatal("no article text names ECT")
	}
	tampered := slices.Concat(b[:at], []byte("ETC"), b[at+3:])
	if CorpusIntegrity(tampered) == CorpusIntegrity(b) || CorpusHash(tampered) == hash {
		t.Error("a changed word gives the same hash")
	}
	if _, err := ReadBundle(tampered); err != nil {
		t.Fatalf("the changed copy should read as a library, so only the hash catches it: %v", err)
	}
}
