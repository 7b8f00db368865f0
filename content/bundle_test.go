//go:build !wasm

package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// forApp is a copy of c holding only what the bundle carries: what the app
// reads. File, Words, Readability and the link-checking state are check's
// alone.
func forApp(c *Corpus) *Corpus {
	out := &Corpus{Base: c.Base, Topics: slices.Clone(c.Topics), For: slices.Clone(c.For), Crisis: c.Crisis, Compare: c.Compare}
	if c.Compare != nil {
		cmp := *c.Compare
		cmp.Readability = Readability{} // check's alone
		out.Compare = &cmp
	}
	for _, a := range c.Articles {
		cp := *a
		cp.File, cp.Words, cp.Readability, cp.links, cp.ids, cp.nextReviewLine = "", 0, Readability{}, nil, nil, 0
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
	// Texts with what the catalog's lines must escape.
	odd, err := Load(Files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	odd.Articles[0].Title = "A \"quoted\" title,\twith a tab, a back\\slash and \u2019curly\u2019 quotes"
	odd.Articles[0].Summary = "Two lines:\nthe second\r\n, and \x00 and \u00a0 \\n"
	odd.Articles[1].Reviewer = "Dr Tab\tOn"
	odd.Articles[0].Sections[0].Heading = "A \"quoted\"\theading"
	odd.Articles[0].Sections[0].Text[0] = "#not a heading\n\"quoted\"\\ and\ttabbed"
	odd.Articles[0].Sections = append(odd.Articles[0].Sections, Section{}) // no id, heading or text
	cases := []struct {
		name string
		c    *Corpus
	}{
		{"shipped", shipped},
		{"odd texts", odd},
		{"under a path", under},
		{"synthetic", synthetic},
		{"fixtures", fixtures},
		{"empty", &Corpus{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files, err := tc.c.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			fetch, fetched := fetcherOf(files)
			got, err := ReadBundle(files[0].Bytes, files[1].Bytes, fetch)
			if err != nil {
				t.Fatal(err)
			}
			// The catalog alone is read at first: the texts come with Text.
			for _, a := range got.Articles {
				if a.BodyHTML != "" || a.Sources != nil || len(*fetched) > 0 {
					t.Fatalf("%s: the article's text came with the catalog", a.Slug)
				}
			}
			for _, a := range got.Articles {
				if err := got.Text(a); err != nil {
					t.Fatal(err)
				}
				// The search text is read when the index is first built.
				if len(a.Sections) > 0 || len(a.sections) == 0 {
					t.Fatalf("%s: the search text was read at once, or not carried", a.Slug)
				}
			}
			if len(*fetched) != len(got.Articles) {
				t.Errorf("%d files fetched for %d articles", len(*fetched), len(got.Articles))
			}
			for _, a := range got.Articles {
				got.searchText(a)
			}
			got.indexOnce, got.fetch = sync.Once{}, nil
			got.index, got.searchFiles = nil, nil
			for _, a := range got.Articles {
				a.text = nil
			}
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
			// Deterministic, and stable when re-encoded, read or not.
			again, _ := tc.c.Bundle()
			re, _ := got.Bundle()
			unread, _ := ReadBundle(files[0].Bytes, files[1].Bytes, fetch)
			reUnread, err := unread.Bundle()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(files, again) || !reflect.DeepEqual(files, re) || !reflect.DeepEqual(files, reUnread) {
				t.Error("the same corpus gave different data files")
			}
			if files[0].Path != CorpusPath(files[0].Bytes) || files[1].Path != TextsPath(files[1].Bytes) {
				t.Errorf("the catalog and the texts list are at %s and %s", files[0].Path, files[1].Path)
			}
			for i, f := range files {
				switch n := len(tc.c.Articles); {
				case i > 1 && i < n+2 && f.Path != articleDataPath(tc.c.Articles[i-2].Slug, CorpusHash(f.Bytes)):
					t.Errorf("file %d is %s, not named for its article and hash", i, f.Path)
				case i >= n+2 && !strings.HasPrefix(f.Path, DataPrefix+"search/") || !strings.HasSuffix(f.Path, "-"+CorpusHash(f.Bytes)+".txt"):
					t.Errorf("file %d is %s, not a search shard named by its hash", i, f.Path)
				}
				if bytes.Contains(f.Bytes, []byte(`\u003c`)) {
					t.Errorf("%s: HTML is escaped: it should be kept as is", f.Path)
				}
			}
			// The long texts are out of the JSON and out of the catalog.
			for i, a := range tc.c.Articles {
				head, _, _ := bytes.Cut(files[i+2].Bytes, []byte("\n"))
				if bytes.Contains(head, []byte(a.BodyHTML)) || bytes.Contains(files[0].Bytes, []byte(a.BodyHTML)) || !bytes.Contains(files[i+2].Bytes, []byte(a.BodyHTML+a.QuestionsHTML)) {
					t.Fatalf("%s: the body is in the JSON, or not in the text part as it is", a.Slug)
				}
			}
		})
	}
	// What the app does with the corpus works on the decoded copy.
	got := readShipped(t, shipped)
	if !reflect.DeepEqual(got.Counts(), shipped.Counts()) || got.Article(shipped.Articles[0].Slug) == nil {
		t.Error("Counts or Article differ after the round trip")
	}
	// The "Who it's for" group and the articles' for ids reach the app.
	if len(got.For) == 0 || got.ForEntry("families-carers") == nil || len(got.FilterBy(nil, []string{"families-carers"})) == 0 ||
		!slices.Equal(ids(got.FilterBy(nil, []string{"families-carers"})), ids(shipped.FilterBy(nil, []string{"families-carers"}))) {
		t.Errorf("the \"Who it's for\" group did not survive the round trip: %+v", got.For)
	}
	for _, a := range got.Articles {
		if err := got.Text(a); err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Sources {
			if s.Link() == "" {
				t.Errorf("%s: source %q lost its link", a.Slug, s.Title)
			}
		}
	}
}

// fetcherOf serves the data files from memory, as the site does, and
// notes each path asked for.
func fetcherOf(files []DataFile) (Fetcher, *[]string) {
	var fetched []string
	var mu sync.Mutex
	return func(path string) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		fetched = append(fetched, path)
		for _, f := range files {
			if f.Path == path {
				return f.Bytes, nil
			}
		}
		return nil, fmt.Errorf("HTTP 404")
	}, &fetched
}

// readShipped is c encoded and read back as the app reads it.
func readShipped(t *testing.T, c *Corpus) *Corpus {
	t.Helper()
	files, err := c.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	fetch, _ := fetcherOf(files)
	got, err := ReadBundle(files[0].Bytes, files[1].Bytes, fetch)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func ids(as []*Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Slug
	}
	return out
}

// shippedBundle is the shipped corpus and its data files.
func shippedBundle(t testing.TB) (*Corpus, []DataFile) {
	t.Helper()
	c, err := Load(Files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := c.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	return c, files
}

func TestReadBundleErrors(t *testing.T) {
	shipped, files := shippedBundle(t)
	good, texts := files[0].Bytes, files[1].Bytes
	ver := fmt.Sprintf("catalog\t%d\t", bundleVersion)
	// v is a catalog of n articles, with these records in its head.
	v := func(n int, records ...string) string {
		return fmt.Sprintf("catalog\t%d\t%d\t%d\t\"\"\n", bundleVersion, len(records), n) + strings.Join(append(records, ""), "\n")
	}
	// art is an article's line in the catalog.
	art := func(slug, reviewed, minutes string) string {
		return slug + "\t\"Title\"\t\"Summary\"\tect tms\t\t" + reviewed + "\t2030-01-01\t\"\"\t" + minutes + "\n"
	}
	// tl is a texts list naming n articles, with these lines.
	tl := func(n int, lines ...string) string {
		return fmt.Sprintf("texts\t%d\t%d\t\n", bundleVersion, n) + strings.Join(append(lines, ""), "\n")
	}
	one, two := tl(1, "0123456789abcdef"), tl(2, "0123456789abcdef", "0123456789abcdef")
	tHead, tLines, _ := strings.Cut(string(texts), "\n")
	first, rest, _ := strings.Cut(string(good), "\n")
	var records int
	fmt.Sscanf(first, "catalog\t%d\t%d", new(int), &records)
	head := first
	for range records {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		head += "\n" + l
	}
	lines := rest
	second := strings.Index(lines, "\n") + 1 // where the second article's line starts
	hl := records + 1                        // the head's lines
	region := "region\tCA\t\"Canada\"\t"
	cases := []struct {
		name  string
		data  string
		texts string // the texts list; "" is an empty one, "-" none
		want  string // in the error
	}{
		{"empty", "", "", "catalog line 1: the file is empty"},
		{"first line cut short", first[:len(first)/2], "", "catalog line 1: the catalog record has"},
		{"head cut short", head[:len(head)-len(head)/3], "", "catalog line"},
		{"head cut short between records", first + "\n", "", fmt.Sprintf("catalog line 1: the head was cut short: it has %d records", records)},
		{"cut short between lines", head + "\n" + lines[:second], "", fmt.Sprintf("the catalog was cut short: 1 of its %d articles", len(shipped.Articles))},
		{"cut short in a line", head + "\n" + lines[:second+10], "", fmt.Sprintf("catalog line %d: want 9 fields (slug, title, summary, topics, for, reviewed, next_review, reviewer, minutes), found 1", hl+2)},
		{"an article too many", string(good) + art("extra", "2026-01-01", "3"), "", fmt.Sprintf("catalog line %d: more articles than the %d it names", len(shipped.Articles)+hl+1, len(shipped.Articles))},
		{"trailing garbage", string(good) + "}", "", "more articles than"},
		{"a line of garbage", head + "\n" + "}\n" + lines[second:], "", fmt.Sprintf("catalog line %d: want 9 fields", hl+1)},
		{"garbage", "\x00\x01 not a catalog at all", "", `catalog line 1: "\x00\x01 not a catalog at all" is not a record this file has`},
		{"JSON", `{"topics":[],"articles":0}`, "", "is not a record this file has"},
		{"wrong version", strings.Replace(string(good), ver, "catalog\t99\t", 1), "", "catalog line 1: format version 99, this build reads version"},
		{"wrong version, other layout", "catalog\t8\t1\n", "", "format version 8"},
		{"wrong version, in JSON", `{"version":13,"topics":[],"articles":0}`, "", "catalog line 1: format version 13"},
		{"wrong type", "catalog\t" + fmt.Sprint(bundleVersion) + "\t0\tx\t\"\"\n", "", `catalog line 1: the number of articles "x" is not a number`},
		{"negative count", "catalog\t" + fmt.Sprint(bundleVersion) + "\t0\t-1\t\"\"\n", "", "0 records and -1 articles"},
		{"no slug", v(1) + art("", "2026-01-01", "3"), one, "article 1 has no slug"},
		{"repeated slug", v(2) + art("a", "2026-01-01", "3") + art("a", "2026-01-01", "3"), two, `slug "a" appears twice`},
		{"topic without id", v(0, "topic\t\t\"L\"\t\"\"\t\"\""), "", `catalog line 2: the topic id "" is not an id`},
		{"a record unknown", v(0, "topics\tx"), "", `catalog line 2: "topics" is not a record this file has`},
		{"a record's field unquoted", v(0, "for\ta\tL\t\"\"\t\"\""), "", "catalog line 2: the label L is not a quoted string"},
		{"a field too many", v(0, "for\ta\t\"L\"\t\"\"\t\"\"\t\"\""), "", "catalog line 2: the for record has 5 fields, not 4"},
		{"bad date", v(1) + art("a", "yesterday", "3"), one, `catalog line 2: reviewed "yesterday" is not a date`},
		{"bad minutes", v(1) + art("a", "2026-01-01", "three"), one, `catalog line 2: minutes "three" is not a number`},
		{"a field too few", v(1) + "a\tTitle\n", one, "catalog line 2: want 9 fields (slug, title, summary, topics, for, reviewed, next_review, reviewer, minutes), found 2"},
		{"a quote left open", v(1) + strings.Replace(art("a", "2026-01-01", "3"), `"Title"`, `"Title`, 1), one, `catalog line 2: the title "Title is not a quoted string`},
		{"a text not quoted", v(1) + strings.Replace(art("a", "2026-01-01", "3"), `"Summary"`, `Summary`, 1), one, `catalog line 2: the summary Summary is not a quoted string`},
		{"a text in single quotes", v(1) + strings.Replace(art("a", "2026-01-01", "3"), `""`, "'x'", 1), one, `catalog line 2: the reviewer 'x' is not a quoted string`},
		{"an empty text", v(1) + strings.Replace(art("a", "2026-01-01", "3"), `""`, "", 1), one, `catalog line 2: the reviewer  is not a quoted string`},
		// The crisis lines and the comparison: each record after the one it belongs to.
		{"region outside the crisis lines", v(0, region), "", "catalog line 2: the region record comes before any crisis"},
		{"region without code", v(0, "crisis", `region`+"\t\t\"X\"\t"), "", `catalog line 3: the region code "" is not an id`},
		{"repeated region", v(0, "crisis", region, region), "", `crisis region "CA" appears twice`},
		{"service before its region", v(0, "crisis", "service\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t"), "", "catalog line 3: the service record comes before any region"},
		{"action before its service", v(0, "crisis", region, "action\t\"Call\"\t\"tel:1\""), "", "catalog line 4: the action record comes before any service"},
		{"a bad checked date", v(0, "crisis", region, "emergency\t911\t\"\"\t\"\"\t2026-13-01"), "", `catalog line 4: the checked date "2026-13-01" is not a date`},
		{"finding before its cell", v(0, "compare\t\t\t\"\"\t\"\"\t\"\"", "option\tect\t\"ECT\"\t\"\"", "finding\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t"), "", "catalog line 4: the finding record comes before any cell"},
		{"cites not numbers", v(0, "compare\t\t\t\"\"\t\"\"\t\"\"", "staying\t\"\"\t1 two"), "", `catalog line 3: the cites "1 two" are not numbers`},
		{"option without a cell per row", v(0, "compare\t\t\t\"\"\t\"\"\t\"\"", "option\tect\t\"ECT\"\t\"\""), "", "comparison option 1 has no topic or not one cell per row"},
		// The texts list.
		{"texts list missing", string(good), "-", "the texts list: line 1: the file is empty"},
		{"texts list cut short in its head", string(good), tHead[:len("texts\t14")], "the texts list: line 1: the texts record has 1 fields, not 3"},
		{"texts list cut short between lines", string(good), tHead + "\n" + tLines[:2*17], fmt.Sprintf("the texts list was cut short: 2 of its %d articles", len(shipped.Articles))},
		{"texts list cut short in a line", string(good), tHead + "\n" + tLines[:2*17+5], `the texts list: line 4 (article 3): "` + tLines[2*17:2*17+5] + `" is not a hash`},
		{"texts list of another version", string(good), strings.Replace(string(texts), fmt.Sprintf("texts\t%d\t", bundleVersion), "texts\t8\t", 1), "the texts list: line 1: format version 8"},
		{"texts list too short", string(good), tl(0), fmt.Sprintf("%d articles but 0 in the texts list", len(shipped.Articles))},
		{"texts list naming too few", string(good), fmt.Sprintf("texts\t%d\t1\t%s\n", bundleVersion, strings.SplitN(tHead, "\t", 4)[3]) + tLines, "the texts list: line 3: more articles than the 1 it names"},
		{"texts list negative", string(good), tl(-1), "the texts list: -1 articles"},
		{"texts list's search files unpaired", string(good), fmt.Sprintf("texts\t%d\t0\ta\n", bundleVersion), `the search files "a" are not pairs of a key and a hash`},
		{"texts list's search file not a hash", v(0), fmt.Sprintf("texts\t%d\t0\ta ../x\n", bundleVersion), `search file "a" is "../x"`},
		{"not a hash", v(1) + art("a", "2026-01-01", "3"), tl(1, "../../x"), `line 2 (article 1): "../../x" is not a hash`},
		{"not a hash, upper case", v(1) + art("a", "2026-01-01", "3"), tl(1, "0123456789ABCDEF"), "not a hash"},
		{"not a hash, a space after", v(1) + art("a", "2026-01-01", "3"), tl(1, "0123456789abcdef "), "not a hash"},
	}
	if !strings.HasPrefix(string(good), ver) {
		t.Fatalf("the catalog does not start with its version: %.40s", good)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list := []byte(tc.texts)
			switch tc.texts {
			case "":
				list = []byte(tl(0)) // right for no articles
			case "-":
				list = nil
			}
			c, err := ReadBundle([]byte(tc.data), list, nil)
			if err == nil || c != nil {
				t.Fatalf("got %v, %v; want an error", c, err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "content bundle: ") {
				t.Errorf("error %q, want it to start with \"content bundle: \" and contain %q", err, tc.want)
			}
		})
	}
}

// TestTextErrors: an article's data file that cannot be read gives an
// error naming the file and what is wrong, and leaves the article without
// a text rather than with a wrong one; the other articles read as before.
// A file that could not be fetched is asked for again; one that was
// fetched and is unreadable is not.
func TestTextErrors(t *testing.T) {
	shipped, files := shippedBundle(t)
	file := files[2] // the first article's
	line := bytes.IndexByte(file.Bytes, '\n')
	body := file.Body[0] // where the body starts, after the records
	other := files[3].Bytes
	cases := []struct {
		name  string
		data  []byte
		err   error // from the fetch
		want  string
		again bool // asked for again on the next call
	}{
		{"missing", nil, errors.New("HTTP 404"), "HTTP 404", true},
		{"empty", []byte{}, nil, "line 1: the file is empty", false},
		{"cut in the first line", file.Bytes[:line/2], nil, "line 1: the text record has", false},
		{"cut in the records", file.Bytes[:line+20], nil, "line 2: ", false},
		{"cut in the texts", file.Bytes[:body+100], nil, "not where the file says", false},
		{"another article's", other, nil, "the file holds the text of", false},
		{"another version", slices.Concat([]byte("text\t8\t"), file.Bytes[len(fmt.Sprintf("text\t%d\t", bundleVersion)):]), nil, "line 1: format version 8", false},
		{"another version, in JSON", []byte(`{"version":13,"slug":"x"}`), nil, "line 1: format version 13", false},
		{"a record unknown", []byte(fmt.Sprintf("text\t%d\t%q\t0\t0\t1\nkeys\t\"x\"\n", bundleVersion, shipped.Articles[0].Slug)), nil, `line 2: "keys" is not a record this file has`, false},
		{"records cut short", []byte(fmt.Sprintf("text\t%d\t%q\t0\t0\t2\nkey\t\"x\"\n", bundleVersion, shipped.Articles[0].Slug)), nil, "line 2: the head was cut short: it has 2 records", false},
		{"negative length", []byte(fmt.Sprintf("text\t%d\t%q\t-1\t0\t0\nabc", bundleVersion, shipped.Articles[0].Slug)), nil, "not where the file says", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			c, err := ReadBundle(files[0].Bytes, files[1].Bytes, func(path string) ([]byte, error) {
				calls++
				if path == file.Path {
					return tc.data, tc.err
				}
				fetch, _ := fetcherOf(files)
				return fetch(path)
			})
			if err != nil {
				t.Fatal(err)
			}
			a := c.Articles[0]
			err = c.Text(a)
			if err == nil || !strings.HasPrefix(err.Error(), file.Path+": ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to start with %s: and contain %q", err, file.Path, tc.want)
			}
			if a.BodyHTML != "" || a.Sources != nil {
				t.Error("the article kept a part of the unreadable file")
			}
			if err := c.Text(c.Articles[1]); err != nil || c.Articles[1].BodyHTML == "" {
				t.Errorf("another article: %v", err)
			}
			c.Text(a)
			if again := calls == 3; again != tc.again {
				t.Errorf("%d fetches: asked for again = %v, want %v", calls, again, tc.again)
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
	if got := readShipped(t, under); got.Base != "/next-steps" {
		t.Errorf("the catalog read back has base %q, want /next-steps", got.Base)
	}
	b, _ := under.Bundle()
	rb, _ := root.Bundle()
	if bytes.Contains(rb[0].Bytes, []byte(`"base":`)) {
		t.Error("a root catalog names a base")
	}
	if b[0].Path == rb[0].Path {
		t.Error("the catalogs for two bases share a name")
	}
}

// TestCorpusIntegrity: the data file's name and its integrity value both
// come from the SHA-256 of its bytes, so the browser (which checks the
// integrity value) and the worker (which checks the name) refuse the same
// copies; and a changed word shows why they must: the copy still reads as
// a library, only the hash tells it from the real one.
func TestCorpusIntegrity(t *testing.T) {
	_, files := shippedBundle(t)
	b := files[0].Bytes
	sum := sha256.Sum256(b)
	hash := CorpusHash(b)
	if p := CorpusPath(b); p != DataPrefix+"corpus-"+hash+".txt" || hash != hex.EncodeToString(sum[:8]) || files[0].Path != p {
		t.Fatalf("CorpusPath = %s", p)
	}
	if got, want := CorpusIntegrity(b), "sha256-"+base64.StdEncoding.EncodeToString(sum[:]); got != want {
		t.Fatalf("CorpusIntegrity = %s, want %s", got, want)
	}
	at := bytes.LastIndex(b, []byte("ECT")) // in a title or summary, as a reader sees it
	if at < 0 {
		t.Fatal("the catalog does not name ECT")
	}
	tampered := slices.Concat(b[:at], []byte("ETC"), b[at+3:])
	if CorpusIntegrity(tampered) == CorpusIntegrity(b) || CorpusHash(tampered) == hash {
		t.Error("a changed word gives the same hash")
	}
	if _, err := ReadBundle(tampered, files[1].Bytes, nil); err != nil {
		t.Fatalf("the changed copy should read as a library, so only the hash catches it: %v", err)
	}
}

// FuzzReadCatalog: any bytes as the catalog give a corpus or an error
// that says it is the bundle's, never a panic; and a catalog read is
// written again as the same articles.
func FuzzReadCatalog(f *testing.F) {
	// Two of the shipped articles, not the whole catalog: the fuzzer
	// stalls on a seed as large as that (its crisis lines and comparison).
	shipped, _ := shippedBundle(f)
	two, err := (&Corpus{Topics: shipped.Topics[:2], Articles: shipped.Articles[:2]}).encodeCatalog()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(two)
	f.Add([]byte(fmt.Sprintf("catalog\t%d\t0\t1\t\"\"\n", bundleVersion) + "a\t\"T\\t\"\t\"S\"\tect\t\t2026-01-01\t2030-01-01\t\"\"\t3\n"))
	// A little of each of the head's records.
	f.Add([]byte(fmt.Sprintf("catalog\t%d\t13\t0\t\"/x\"\n", bundleVersion) + `topic	ect	"ECT"	"About \"ECT\""	""
for	older	"Older adults"	""	"for"
crisis
region	CA	"Canada"	FR BE
emergency	911 112	"Note"	"https://a.example"	2026-01-02
service	"Talk"	""	"All"	"24/7"	""	"https://b.example"	2026-01-03
action	"Call 988"	"tel:988"
directory	"Find"	""	"All"	""	""	"https://c.example"	2026-01-04
compare	2026-01-01	2027-01-01	"A"	"F"	"I"
staying	"Stay"	1 2
option	ect	"ECT"	"Covers"
cell	""	3
finding	"T"	"response"	"M"	"after 8 weeks"	"W"	"2"	""	""	1
`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := readCatalog(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "content bundle: ") {
				t.Fatalf("error without its origin: %v", err)
			}
			return
		}
		again, err := c.encodeCatalog()
		if err != nil {
			return // read, but not what Load could make (an id with a space, say)
		}
		c2, err := readCatalog(again)
		if err != nil {
			t.Fatalf("a catalog written again does not read: %v", err)
		}
		if !reflect.DeepEqual(c.Articles, c2.Articles) {
			t.Fatal("a catalog written again reads as other articles")
		}
		if !reflect.DeepEqual([]any{c.Base, c.Topics, c.For, c.Crisis, c.Compare}, []any{c2.Base, c2.Topics, c2.For, c2.Crisis, c2.Compare}) {
			t.Fatal("a catalog written again reads as another head")
		}
	})
}

// TestCatalogRefuses: an article the catalog's lines could not give back
// as it was is an error naming it, not a silent change.
func TestCatalogRefuses(t *testing.T) {
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		edit func(a *Article)
		want string
	}{
		{"a topic id with a space", func(a *Article) { a.Topics = []string{"add on"} }, `a: the topics ids ["add on"] cannot be told apart`},
		{"an empty topic id", func(a *Article) { a.Topics = []string{""} }, `a: the topics ids [""] cannot be told apart`},
		{"a for id with a tab", func(a *Article) { a.For = []string{"x\ty"} }, `a: the for ids`},
		{"a time of day", func(a *Article) { a.Reviewed = day.Add(time.Hour) }, "a: reviewed 2026-01-02 01:00:00 +0000 UTC is not a date in UTC"},
		{"another zone", func(a *Article) { a.NextReview = day.In(time.FixedZone("X", 3600)) }, "a: next_review"},
		{"no slug", func(a *Article) { a.Slug = "" }, `the slug "" cannot be a catalog field`},
		{"a slug with a line break", func(a *Article) { a.Slug = "a\nb" }, "cannot be a catalog field"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := &Article{Slug: "a", Title: "T", Topics: []string{"ect"}, Reviewed: day, NextReview: day.AddDate(1, 0, 0)}
			tc.edit(a)
			_, err := (&Corpus{Articles: []*Article{a}}).encodeCatalog()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestDecodeSectionsErrors: search text that encodeSections did not write
// gives an error naming the line, never a panic or a wrong section.
func TestDecodeSectionsErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"a paragraph first", "\"text\"\n", "line 1: a paragraph before the first section"},
		{"not quoted", "#a\t\"H\"\ntext\n", "line 2: text is not a quoted string"},
		{"an empty line", "#a\t\"H\"\n\n", "line 2:  is not a quoted string"},
		{"a heading not quoted", "#a\tH\n", "line 1: the heading H is not a quoted string"},
		{"no heading", "#a\n", "line 1: the heading  is not a quoted string"},
		{"a quote left open", "#a\t\"H\"\n\"te\n", `line 2: "te is not a quoted string`},
		{"single quotes", "#a\t'H'\n", "the heading 'H' is not"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := decodeSections([]byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, %v; want an error containing %q", s, err, tc.want)
			}
		})
	}
	if _, err := encodeSections([]Section{{ID: "a\tb"}}); err == nil {
		t.Error("a section id with a tab was written")
	}
}

// TestCatalogDate: catalogDate gives what time.Parse(DateLayout, s) gives,
// for every month and day number around the calendar's edges, in leap and
// common years, and for text that is not a date.
func TestCatalogDate(t *testing.T) {
	var inputs []string
	for _, y := range []string{"0001", "0999", "1900", "2000", "2024", "2026", "9999"} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				inputs = append(inputs, fmt.Sprintf("%s-%02d-%02d", y, m, d))
			}
		}
	}
	inputs = append(inputs, "", "2026-1-02", "2026-01-2", "2026/01/02", "20260102", "2026-01-02 ",
		" 2026-01-02", "+026-01-02", "-026-01-02", "2026-0a-02", "2026-01-0x", "２026-01-02", "2026-01-020")
	for _, s := range inputs {
		want, err := time.Parse(DateLayout, s)
		got, ok := catalogDate(s)
		if ok != (err == nil) || !got.Equal(want) || (ok && got.Location() != time.UTC) {
			t.Errorf("catalogDate(%q) = %v, %t; time.Parse gives %v, %v", s, got, ok, want, err)
		}
	}
}
