package content

import (
	"bytes"
	"crypto/sha256"
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
// article's questions as plain text (Article.Questions), for "My questions".
const bundleVersion = 7

// bundle is the encoded form of a corpus: the format version, then the
// topics, the "Who it's for" entries and the articles (newest review first) exactly as Load left them,
// minus what only check reads (see the json tags on Article).
type bundle struct {
	Version  int         `json:"version"`
	Base     string      `json:"base,omitempty"`
	Topics   []Topic     `json:"topics"`
	For      []Topic     `json:"for,omitempty"`
	Articles []*Article  `json:"articles"`
	Crisis   *Crisis     `json:"crisis,omitempty"`
	Compare  *Comparison `json:"compare,omitempty"`
}

// Bundle encodes the corpus for the app in the browser. The site serves it
// as a data file named by its hash (CorpusPath), the worker stores it, and
// the wasm reads it back with ReadCorpusFile: app.wasm itself carries no
// articles, so it is the same whatever the library holds, and a correction
// ships data, not code. The wasm shows the same pre-rendered articles as
// the server without linking goldmark, the YAML parser or the checker,
// and its start-up does not parse Markdown. The encoding is deterministic:
// the same corpus always gives the same bytes, and so the same name.
func (c *Corpus) Bundle() ([]byte, error) {
	if c == nil {
		return nil, errors.New("content bundle: no corpus")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the bodies are HTML: keep < and > as they are
	if err := enc.Encode(bundle{Version: bundleVersion, Base: c.Base, Topics: c.Topics, For: c.For, Articles: c.Articles, Crisis: c.Crisis, Compare: c.Compare}); err != nil {
		return nil, fmt.Errorf("content bundle: %w", err)
	}
	return buf.Bytes(), nil
}

// CorpusHash names a bundle by its bytes: the first 16 hex digits of their
// SHA-256, enough that two versions of a library never share a name.
func CorpusHash(bundle []byte) string {
	sum := sha256.Sum256(bundle)
	return hex.EncodeToString(sum[:8])
}

// CorpusPath is the bundle's address on the site, under DataPrefix: the
// name changes whenever a byte does, so the file never changes under its
// URL and can be cached for good.
func CorpusPath(bundle []byte) string {
	return DataPrefix + "corpus-" + CorpusHash(bundle) + ".json"
}

// ReadCorpusFile is ReadBundle for the data file named by hash: bytes that
// do not match the hash (a truncated or tampered copy) are refused before
// they are read.
func ReadCorpusFile(hash string, b []byte) (*Corpus, error) {
	if got := CorpusHash(b); got != hash {
		return nil, fmt.Errorf("content bundle: the data file for %s holds other bytes (%d bytes, hash %s): it was cut short or changed", hash, len(b), got)
	}
	return ReadBundle(b)
}

// ReadBundle decodes a bundle made by Corpus.Bundle. Malformed or truncated
// data, another format version, or a corpus the app could not show (an
// empty or repeated slug, a topic without an id) give an error, never a
// panic.
func ReadBundle(b []byte) (*Corpus, error) {
	var bd bundle
	if err := json.Unmarshal(b, &bd); err != nil {
		// A bundle of another version may fail on its layout: name the
		// version, the real cause, rather than the field that did not fit.
		var v struct {
			Version int `json:"version"`
		}
		if json.Unmarshal(b, &v) == nil && v.Version != bundleVersion {
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
	slugs := make(map[string]bool, len(c.Articles))
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
	}
	return c, nil
}

func versionError(v int) error {
	return fmt.Errorf("content bundle: format version %d, this build reads version %d: rebuild it with `nextsteps bundle`", v, bundleVersion)
}
