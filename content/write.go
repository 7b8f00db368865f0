//go:build !wasm

package content

// The data files are written natively, by the build and the server, and
// only read in the browser. What names them, the SHA-256 of their bytes,
// and what assembles them stay out of app.wasm: with them it linked Go's
// crypto packages (SHA-256 and, through the FIPS module they belong to,
// its self-tests, random generator and AES), which nothing in the browser
// runs; the page checks a file's hash with the browser's own
// (CorpusIntegrity), and the worker does the same before it stores one.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Bundle encodes the corpus for the app in the browser as data files: the
// catalog first (CorpusPath), then the texts list (TextsPath), then one
// file per article (articleDataPath), then the search index's shards
// (searchDataPath). The site serves them, the worker
// stores them, and the wasm reads the first two with ReadBundle and an
// article's file with Corpus.Text: app.wasm itself carries no articles, so
// it is the same whatever the library holds, and a correction ships data,
// not code. The wasm shows the same pre-rendered articles as the server
// without linking goldmark, the YAML parser or the checker, and its
// start-up does not parse Markdown. The encoding is deterministic: the
// same corpus always gives the same bytes, and so the same names.
func (c *Corpus) Bundle() ([]DataFile, error) {
	if c == nil {
		return nil, errors.New("content bundle: no corpus")
	}
	files := make([]DataFile, 2, 2+len(c.Articles))
	hashes := make([]string, len(c.Articles))
	for i, a := range c.Articles {
		if err := c.Text(a); err != nil {
			return nil, fmt.Errorf("content bundle: %w", err)
		}
		b, body, err := a.encodeText()
		if err != nil {
			return nil, fmt.Errorf("content bundle: %s: %w", a.Slug, err)
		}
		hashes[i] = CorpusHash(b)
		files = append(files, DataFile{Path: articleDataPath(a.Slug, hashes[i]), Bytes: b, Slug: a.Slug, Body: body})
	}
	ix := c.Index()
	if ix.files != nil {
		ix = NewIndex(c) // every shard, from the texts just read
	}
	shards, search, err := ix.shardFiles()
	if err != nil {
		return nil, fmt.Errorf("content bundle: %w", err)
	}
	files = append(files, shards...)
	head, err := c.encodeCatalog()
	if err != nil {
		return nil, fmt.Errorf("content bundle: %w", err)
	}
	var w recordWriter
	var pairs []string
	for _, k := range slices.Sorted(maps.Keys(search)) {
		pairs = append(pairs, w.id("search key", k), w.id("search file's hash", search[k]))
	}
	w.record(textsTag, w.num(bundleVersion), w.num(len(hashes)), strings.Join(pairs, " "))
	if w.err != nil {
		return nil, fmt.Errorf("content bundle: the texts list: %w", w.err)
	}
	texts := w.b
	for _, h := range hashes {
		texts = append(append(texts, h...), '\n')
	}
	files[0] = DataFile{Path: CorpusPath(head), Bytes: head}
	files[1] = DataFile{Path: TextsPath(texts), Bytes: texts}
	return files, nil
}

// TextsPath is the texts list's address on the site, named like the
// catalog (CorpusPath).
func TextsPath(b []byte) string { return DataPrefix + "texts-" + CorpusHash(b) + ".txt" }

// CorpusHash names a data file by its bytes: the first 16 hex digits of
// their SHA-256, enough that two versions of a file never share a name.
func CorpusHash(bundle []byte) string {
	sum := sha256.Sum256(bundle)
	return hex.EncodeToString(sum[:8])
}

// CorpusPath is the catalog's address on the site, under DataPrefix: the
// name changes whenever a byte does, so the file never changes under its
// URL and can be cached for good. The data files are text (lines of JSON,
// HTML), served as CorpusType so that every host compresses them.
func CorpusPath(bundle []byte) string {
	return DataPrefix + "corpus-" + CorpusHash(bundle) + ".txt"
}

// CorpusIntegrity is the catalog's Subresource Integrity value
// ("sha256-" and the base64 of its SHA-256). The page fetches the catalog
// with it, so the browser refuses a copy cut short or changed before
// the wasm sees a byte; the worker checks the name's hash before it stores
// one. The check costs the browser about a millisecond where the wasm's own
// SHA-256 (no assembly in Go's wasm) held the app's start-up for 50 to
// 110 ms on a phone-speed CPU (issue 11).
func CorpusIntegrity(bundle []byte) string {
	sum := sha256.Sum256(bundle)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// shardFiles is every shard of ix as data files, and the hash of each by
// its first key (the texts list names them).
func (ix *Index) shardFiles() ([]DataFile, map[string]string, error) {
	keys := make([]string, 0, len(ix.shards))
	for k := range ix.shards {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var (
		files  []DataFile
		hashes = map[string]string{}
		body   []byte
		from   string
	)
	flush := func() error {
		if len(body) == 0 {
			return nil
		}
		var w recordWriter
		w.record(shardsTag, w.num(bundleVersion), w.text(from), w.num(len(ix.arts)))
		b := append(w.b, body...)
		hashes[from] = CorpusHash(b)
		files = append(files, DataFile{Path: searchDataPath(from, hashes[from]), Bytes: b})
		body = nil
		return nil
	}
	for _, k := range keys {
		sh := ix.shards[k]
		var lines []byte
		for t, term := range sh.terms {
			lines = append(lines, term...)
			prev := int32(0)
			for _, p := range sh.posts[sh.post[t]:sh.post[t+1]] {
				lines = append(lines, ' ')
				lines = strconv.AppendInt(lines, int64(p.art-prev), 10)
				lines = append(lines, 'a'+p.field)
				if p.count > 1 {
					lines = strconv.AppendInt(lines, int64(p.count), 10)
				}
				prev = p.art
			}
			lines = append(lines, '\n')
		}
		if len(body) > 0 && len(body)+len(lines) > shardBudget {
			if err := flush(); err != nil {
				return nil, nil, err
			}
		}
		if len(body) == 0 {
			from = k
		}
		body = append(body, lines...)
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	return files, hashes, nil
}
