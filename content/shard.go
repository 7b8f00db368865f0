package content

import (
	"bytes"
	"encoding/hex"
	"fmt"
)

// The search index's data files, written by Corpus.Bundle and read by the
// app the first time a query word needs one of their shards (see Index).
// Each holds a run of shards, in key order, up to shardBudget bytes (a
// shard larger than that alone), so that a small library is a few files
// and a large one many, each small unless one key alone is large. A file
// starts with a record (records.go) with the format version, the first
// shard's key (the file holds those up to the next file's) and the
// catalog's length (postings index into it):
//
//	shards	14	"li"	16
//
// then comes one line per term, in order:
//
//	lithium 0b3 4e 12a
//
// the term, then its postings, each the article's index in the catalog
// minus the previous posting's (the first: minus zero), the field of most
// weight the term occurs in as a letter ('a' + fieldTitle, ...), and the
// count (see occurrences) when more than one. Plain text rather than JSON:
// Go's JSON decoder is slow in the wasm, and this is small once compressed
// (1,000 synthetic articles: 119 files, 0.51 MB gzip in all; 10,000: 270
// files, 4.6 MB, the largest 170 KB).

// shardBudget is the size a data file of the search index grows to, about
// 5 KB once compressed: what a correction fetches again for each word it
// changes in the index.
const shardBudget = 16 << 10

// shardsTag is the first record's tag in a search index's data file.
const shardsTag = "shards"

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

// readShards decodes the shards in b, the data file at path, which holds
// those from the key from up to (not including) to ("": to the end), for
// a catalog of arts articles. Anything out of place (another version or
// range, a term out of order or out of range, a posting past the catalog)
// is an error naming the file and the line.
func readShards(path, from, to string, b []byte, arts int) (map[string]*shard, error) {
	// The first line alone: firstRecord makes a string of what it is
	// given, and the terms are read from b.
	first, _, _ := bytes.Cut(b, []byte("\n"))
	r, err := firstRecord(first, shardsTag, 3, path+":")
	if err != nil {
		return nil, err
	}
	switch head, n := r.text(1, "first key"), r.num(2, "number of articles"); {
	case r.err != nil:
		return nil, r.err
	case head != from:
		return nil, fmt.Errorf("%s:1: the shards from %q, not from %q", path, head, from)
	case n != arts:
		return nil, fmt.Errorf("%s:1: made for %d articles, the catalog has %d: the files come from different builds", path, n, arts)
	}
	rest := b[min(len(first)+1, len(b)):] // the lines after the first
	var (
		shards = map[string]*shard{}
		key    string
		terms  []string
		posts  [][]posting
	)
	done := func() {
		if len(terms) > 0 {
			shards[key] = newShard(terms, posts)
		}
		terms, posts = nil, nil
	}
	for ln := 2; len(rest) > 0; ln++ {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		bad := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", path, ln, fmt.Sprintf(format, a...))
		}
		i := bytes.IndexByte(line, ' ')
		if i < 0 {
			i = len(line)
		}
		term := string(line[:i])
		k := shardKey(term)
		switch {
		case term == "":
			return nil, bad("no term")
		case ln == 2 && k != from, k < from, to != "" && k >= to:
			return nil, bad("term %q is not in this file's shards (from %q to %q)", term, from, to)
		case len(terms) > 0 && term <= terms[len(terms)-1], k < key:
			return nil, bad("term %q is out of order", term)
		}
		if k != key {
			done()
			key = k
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
	done()
	if len(shards) == 0 {
		return nil, fmt.Errorf("%s: no term", path)
	}
	return shards, nil
}

// digits reads the decimal number in b from i, returning it and where it
// ends (i when there is none). More than ten digits read as too large.
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
