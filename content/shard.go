package content

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// The search index's data files: one per shard (see Index), written by
// Corpus.Bundle and read by the app the first time a query word needs
// them. A file is a line of JSON (shardHead), then one line per term, in
// order:
//
//	lithium 0b3 4e 12a
//
// the term, then its postings, each the article's index in the catalog
// minus the previous posting's (the first: minus zero), the field of most
// weight the term occurs in as a letter ('a' + fieldTitle, ...), and how
// often when more than once. Plain text rather than JSON: Go's JSON
// decoder is slow in the wasm, and this is small once compressed (the 330
// shards of 1,000 synthetic articles: 0.57 MB gzip in all, the largest
// 19 KB).

// shardHead is the first line of a shard's file.
type shardHead struct {
	Version  int    `json:"version"`
	Key      string `json:"key"`
	Articles int    `json:"articles"` // the catalog's length: postings index into it
}

// shardKey is the shard a term is in: its first two characters.
func shardKey(term string) string {
	n := 0
	for i := range term {
		if n == 2 {
			return term[:i]
		}
		n++
	}
	return term
}

// searchDataPath is a shard's address on the site: named for its key (in
// hex, with a "u" before, unless plain ASCII letters and digits, so that
// every static host can name the file) and by the hash of its bytes.
func searchDataPath(key, hash string) string {
	name := key
	for i := 0; i < len(key); i++ {
		if c := key[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			name = "u" + hex.EncodeToString([]byte(key))
			break
		}
	}
	return DataPrefix + "search/" + name + "-" + hash + ".txt"
}

// shardFiles is every shard of ix as a data file, in key order, and the
// hash of each by key (the texts list names them).
func (ix *Index) shardFiles() ([]DataFile, map[string]string, error) {
	keys := make([]string, 0, len(ix.shards))
	for k := range ix.shards {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	files := make([]DataFile, 0, len(keys))
	hashes := make(map[string]string, len(keys))
	for _, k := range keys {
		sh, err := ix.shard(k)
		if err != nil {
			return nil, nil, err
		}
		b, err := EncodeJSON(shardHead{Version: bundleVersion, Key: k, Articles: len(ix.arts)})
		if err != nil {
			return nil, nil, err
		}
		for t, term := range sh.terms {
			b = append(b, term...)
			prev := int32(0)
			for _, p := range sh.posts[sh.post[t]:sh.post[t+1]] {
				b = append(b, ' ')
				b = strconv.AppendInt(b, int64(p.art-prev), 10)
				b = append(b, 'a'+p.field)
				if p.count > 1 {
					b = strconv.AppendInt(b, int64(p.count), 10)
				}
				prev = p.art
			}
			b = append(b, '\n')
		}
		hashes[k] = CorpusHash(b)
		files = append(files, DataFile{Path: searchDataPath(k, hashes[k]), Bytes: b})
	}
	return files, hashes, nil
}

// readShard decodes the shard of key from b, its data file at path, for a
// catalog of arts articles. Anything out of place (another version or key,
// a term out of order or of another shard, a posting past the catalog) is
// an error naming the file and the line.
func readShard(path, key string, b []byte, arts int) (*shard, error) {
	line, rest, _ := bytes.Cut(b, []byte("\n"))
	var head shardHead
	switch err := json.Unmarshal(line, &head); {
	case err != nil:
		return nil, fmt.Errorf("%s:1: %w", path, err)
	case head.Version != bundleVersion:
		return nil, fmt.Errorf("%s:1: %w", path, versionError(head.Version))
	case head.Key != key:
		return nil, fmt.Errorf("%s:1: the shard of %q, not of %q", path, head.Key, key)
	case head.Articles != arts:
		return nil, fmt.Errorf("%s:1: made for %d articles, the catalog has %d: the files come from different builds", path, head.Articles, arts)
	}
	var (
		terms []string
		posts [][]posting
	)
	for ln := 2; len(rest) > 0; ln++ {
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		bad := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", path, ln, fmt.Sprintf(format, a...))
		}
		i := bytes.IndexByte(line, ' ')
		if i < 0 {
			i = len(line)
		}
		term := string(line[:i])
		switch {
		case term == "":
			return nil, bad("no term")
		case shardKey(term) != key:
			return nil, bad("term %q is not in the shard of %q", term, key)
		case len(terms) > 0 && term <= terms[len(terms)-1]:
			return nil, bad("term %q is out of order", term)
		}
		var ps []posting
		art := int64(0)
		for j := i; j < len(line); {
			if line[j] != ' ' {
				return nil, bad("posting %d: a space expected at byte %d", len(ps)+1, j+1)
			}
			j++
			n, k := digits(line, j)
			if k == j || len(ps) > 0 && n == 0 {
				return nil, bad("posting %d: no article", len(ps)+1)
			}
			if art += n; art >= int64(arts) {
				return nil, bad("posting %d: article %d of %d", len(ps)+1, art+1, arts)
			}
			if k == len(line) || line[k] < 'a' || line[k] > 'a'+fieldBody {
				return nil, bad("posting %d: no field", len(ps)+1)
			}
			p := posting{art: int32(art), field: line[k] - 'a', count: 1}
			j = k + 1
			if n, k := digits(line, j); k > j {
				if n < 2 || n > 1<<30 {
					return nil, bad("posting %d: a count of %d", len(ps)+1, n)
				}
				p.count, j = int32(n), k
			}
			ps = append(ps, p)
		}
		if len(ps) == 0 {
			return nil, bad("term %q has no posting", term)
		}
		terms = append(terms, term)
		posts = append(posts, ps)
	}
	return newShard(terms, posts), nil
}

// digits reads the decimal number in b from i, returning it and where it
// ends (i when there is none). More than nine digits read as too large.
func digits(b []byte, i int) (int64, int) {
	var n int64
	j := i
	for j < len(b) && '0' <= b[j] && b[j] <= '9' {
		if j-i < 10 {
			n = n*10 + int64(b[j]-'0')
		} else {
			n = 1 << 40
		}
		j++
	}
	return n, j
}
