package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// bundleVersion is the bundle format. Bump it whenever the json tags of
// Corpus, Article, Topic, Source, Heading or Section change meaning, so an
// old bundle is refused instead of read wrongly. Version 2 added key points,
// a source's accessed date and made its year optional; version 3 the "Who
// it's for" group and each article's for ids; version 4 the crisis lines
// (crisis-lines.yaml), which /help shows; version 5 the treatment
// comparison (compare.yaml), which /compare shows; version 6 each
// article's questions as plain text (Article.Questions), for "My questions";
// version 8 moved the long texts out of the JSON (see bundle).
const bundleVersion = 8

// bundle is the encoded form of a corpus, in two parts. The first is one
// line of JSON: the format version, then the topics, the "Who it's for"
// entries and the articles (newest review first) exactly as Load left
// them, minus what only check reads (see the json tags on Article) and
// minus each article's long texts, for which Text says where they lie in
// the second part. The second part holds those texts one after the other,
// as they are: each body and questions box (HTML), and the search text
// (Sections, as JSON).
//
// The split is for the wasm's start-up on a phone. Go's JSON decoder goes
// through every byte of a string one by one, and the long texts are three
// quarters of the bytes: out of the JSON, the app's start reads only what
// lists, filters and counts need, takes each body with one copy, and
// leaves the search text unread until the first search (Corpus.Index).
type bundle struct {
	Version  int           `json:"version"`
	Base     string        `json:"base,omitempty"`
	Topics   []Topic       `json:"topics"`
	For      []Topic       `json:"for,omitempty"`
	Articles []*Article    `json:"articles"`
	Text     []articleText `json:"text"` // one per article, in the same order
	Crisis   *Crisis       `json:"crisis,omitempty"`
	Compare  *Comparison   `json:"compare,omitempty"`
}

// articleText says where one article's long texts lie in the bundle's
// text part.
type articleText struct {
	Body      span `json:"body"`      // Article.BodyHTML
	Questions span `json:"questions"` // Article.QuestionsHTML
	Sections  span `json:"sections"`  // Article.Sections, as JSON
}

// span is where one text lies in the text part: its offset and its length
// in bytes. The texts follow each other with nothing between them.
type span [2]int

// Bundle encodes the corpus for the app in the browser. The site serves it
// as a data file named by its hash (CorpusPath), the worker stores it, and
// the wasm reads it back with ReadBundle: app.wasm itself carries no
// articles, so it is the same whatever the library holds, and a correction
// ships data, not code. The wasm shows the same pre-rendered articles as
// the server without linking goldmark, the YAML parser or the checker,
// and its start-up does not parse Markdown. The encoding is deterministic:
// the same corpus always gives the same bytes, and so the same name.
func (c *Corpus) Bundle() ([]byte, error) {
	if c == nil {
		return nil, errors.New("content bundle: no corpus")
	}
	var text bytes.Buffer
	add := func(s []byte) span {
		at := text.Len()
		text.Write(s)
		return span{at, len(s)}
	}
	spans := make([]articleText, len(c.Articles))
	for i, a := range c.Articles {
		sections, err := encodeJSON(a.Sections)
		if err != nil {
			return nil, fmt.Errorf("content bundle: %s: %w", a.Slug, err)
		}
		spans[i] = articleText{Body: add([]byte(a.BodyHTML)), Questions: add([]byte(a.QuestionsHTML)), Sections: add(sections)}
	}
	// The JSON part ends with the encoder's newline, the one raw newline
	// in it (JSON writes a newline in a string as \n): the text part
	// starts after it.
	head, err := encodeJSON(bundle{Version: bundleVersion, Base: c.Base, Topics: c.Topics, For: c.For, Articles: c.Articles, Text: spans, Crisis: c.Crisis, Compare: c.Compare})
	if err != nil {
		return nil, fmt.Errorf("content bundle: %w", err)
	}
	return append(head, text.Bytes()...), nil
}

// encodeJSON is v as one line of JSON and a newline, with HTML kept as it
// is (the texts hold < and >).
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// CorpusHash names a bundle by its bytes: the first 16 hex digits of their
// SHA-256, enough that two versions of a library never share a name.
func CorpusHash(bundle []byte) string {
	sum := sha256.Sum256(bundle)
	return hex.EncodeToString(sum[:8])
}

// CorpusPath is the bundle's address on the site, under DataPrefix: the
// name changes whenever a byte does, so the file never changes under its
// URL and can be cached for good. It is text (a line of JSON, then HTML
// and JSON texts), served as CorpusType so that every host compresses it.
func CorpusPath(bundle []byte) string {
	return DataPrefix + "corpus-" + CorpusHash(bundle) + ".txt"
}

// CorpusType is the data file's media type.
const CorpusType = "text/plain; charset=utf-8"

// CorpusIntegrity is the bundle's Subresource Integrity value
// ("sha256-" and the base64 of its SHA-256). The page fetches the data
// file with it, so the browser refuses a copy cut short or changed before
// the wasm sees a byte; the worker checks the name's hash before it stores
// one. The check costs the browser about a millisecond where the wasm's own
// SHA-256 (no assembly in Go's wasm) held the app's start-up for 50 to
// 110 ms on a phone-speed CPU (issue 11).
func CorpusIntegrity(bundle []byte) string {
	sum := sha256.Sum256(bundle)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// ReadBundle decodes a bundle made by Corpus.Bundle. Malformed or truncated
// data, another format version, or a corpus the app could not show (an
// empty or repeated slug, a topic without an id) give an error, never a
// panic.
func ReadBundle(b []byte) (*Corpus, error) {
	head, text, _ := bytes.Cut(b, []byte("\n"))
	var bd bundle
	if err := json.Unmarshal(head, &bd); err != nil {
		// A bundle of another version may fail on its layout: name the
		// version, the real cause, rather than the field that did not fit.
		var v struct {
			Version int `json:"version"`
		}
		if json.Unmarshal(head, &v) == nil && v.Version != bundleVersion {
			return nil, versionError(v.Version)
		}
		return nil, fmt.Errorf("content bundle: %w", err)
	}
	if bd.Version != bundleVersion {
		return nil, versionError(bd.Version)
	}
	c := &Corpus{Base: bd.Base, Topics: bd.Topics, For: bd.For, Articles: bd.Articles, Crisis: bd.Crisis, Compare: bd.Compare}
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
	if len(bd.Text) != len(c.Articles) {
		return nil, fmt.Errorf("content bundle: %d articles but the texts of %d", len(c.Articles), len(bd.Text))
	}
	slugs := make(map[string]bool, len(c.Articles))
	end := 0 // where the next text must start: they follow each other
	take := func(s span) ([]byte, bool) {
		if s[0] != end || s[1] < 0 || s[1] > len(text)-end {
			return nil, false
		}
		end += s[1]
		return text[s[0]:end], true
	}
	for i, a := range c.Articles {
		switch {
		case a == nil:
			return nil, fmt.Errorf("content bundle: article %d is null", i+1)
		case a.Slug == "":
			return nil, fmt.Errorf("content bundle: article %d has no slug", i+1)
		case slugs[a.Slug]:
			return nil, fmt.Errorf("content bundle: slug %q appears twice", a.Slug)
		}
		slugs[a.Slug] = true
		body, ok1 := take(bd.Text[i].Body)
		questions, ok2 := take(bd.Text[i].Questions)
		sections, ok3 := take(bd.Text[i].Sections)
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("content bundle: the texts of article %d (%s) are not where the file says: it was cut short or changed", i+1, a.Slug)
		}
		a.BodyHTML, a.QuestionsHTML, a.sections = string(body), string(questions), bytes.Clone(sections)
	}
	if end != len(text) {
		return nil, fmt.Errorf("content bundle: %d bytes after the last article's texts", len(text)-end)
	}
	return c, nil
}

func versionError(v int) error {
	return fmt.Errorf("content bundle: format version %d, this build reads version %d: the app and its data file come from different builds", v, bundleVersion)
}
