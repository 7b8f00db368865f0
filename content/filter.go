package content

import (
	"maps"
	"math/bits"
)

// Filter returns the articles that carry any of the topic ids (a union), in
// corpus order. No ids means every article. Unknown ids match nothing.
func (c *Corpus) Filter(topics []string) []*Article {
	return c.FilterBy(topics, nil)
}

// FilterBy returns, in corpus order, the articles that carry any of the
// topic ids and any of the "Who it's for" ids: OR within a group, AND across
// the two. An empty group sets no condition, so no ids at all means every
// article. Unknown ids match nothing. The corpus must not change after the
// first call (see facets).
func (c *Corpus) FilterBy(topics, forIDs []string) []*Article {
	if len(topics) == 0 && len(forIDs) == 0 {
		return c.Articles
	}
	set := c.facets().match(topics, forIDs) // not nil: a group is chosen
	n := 0
	for _, w := range set {
		n += bits.OnesCount64(w)
	}
	out := make([]*Article, 0, n)
	for i, w := range set {
		for ; w != 0; w &= w - 1 {
			out = append(out, c.Articles[i*64+bits.TrailingZeros64(w)])
		}
	}
	return out
}

// Counts returns how many articles carry each topic id and each "Who it's
// for" id (the ids are unique across the two groups).
func (c *Corpus) Counts() map[string]int {
	return maps.Clone(c.facets().counts)
}

// facets is which articles carry each topic and "Who it's for" id, as a
// set of bits over Corpus.Articles, and how many carry each: what the
// filter's every toggle asks, worked out once per corpus. A toggle then
// ORs and ANDs a few sets of len(Articles)/64 words (157 at 10,000
// articles) where it compared every article's ids as strings, and counted
// every article's ids into a map, on each render (3 to 4 ms of a toggle
// at 10,000 articles in the wasm's CPU profile). Article.Matches stays the
// definition, one article at a time, that the sets are tested against.
type facets struct {
	words  int                 // the length of each set
	topics map[string][]uint64 // topic id: the articles carrying it
	forIDs map[string][]uint64 // "Who it's for" id: the articles carrying it
	counts map[string]int
}

// facets returns the corpus's facets, made the first time they are asked
// for, like Index: a corpus is not changed once loaded.
func (c *Corpus) facets() *facets {
	c.facetsOnce.Do(func() {
		f := &facets{
			words:  (len(c.Articles) + 63) / 64,
			topics: map[string][]uint64{},
			forIDs: map[string][]uint64{},
			counts: map[string]int{},
		}
		mark := func(sets map[string][]uint64, id string, i int) {
			s := sets[id]
			if s == nil {
				s = make([]uint64, f.words)
				sets[id] = s
			}
			if s[i/64]&(1<<(i%64)) == 0 {
				s[i/64] |= 1 << (i % 64)
				f.counts[id]++
			}
		}
		for i, a := range c.Articles {
			for _, t := range a.Topics {
				mark(f.topics, t, i)
			}
			for _, t := range a.For {
				mark(f.forIDs, t, i)
			}
		}
		c.facetSet = f
	})
	return c.facetSet
}

// match is the set of articles carrying any of topics and any of forIDs,
// an empty group setting no condition (see FilterBy); nil when neither
// group sets one. It is a new slice.
func (f *facets) match(topics, forIDs []string) []uint64 {
	t, fo := f.union(f.topics, topics), f.union(f.forIDs, forIDs)
	switch {
	case t == nil:
		return fo
	case fo == nil:
		return t
	}
	for i := range t {
		t[i] &= fo[i]
	}
	return t
}

// union is the set of articles carrying any of ids in sets, as a new
// slice; nil for no ids (no condition).
func (f *facets) union(sets map[string][]uint64, ids []string) []uint64 {
	if len(ids) == 0 {
		return nil
	}
	u := make([]uint64, f.words)
	for _, id := range ids {
		for i, w := range sets[id] {
			u[i] |= w
		}
	}
	return u
}
