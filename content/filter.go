package content

// Filter returns the articles that carry any of the topic ids (a union), in
// corpus order. No ids means every article. Unknown ids match nothing.
func (c *Corpus) Filter(topics []string) []*Article {
	return c.FilterBy(topics, nil)
}

// FilterBy returns, in corpus order, the articles that carry any of the
// topic ids and any of the "Who it's for" ids: OR within a group, AND across
// the two. An empty group sets no condition, so no ids at all means every
// article. Unknown ids match nothing.
func (c *Corpus) FilterBy(topics, forIDs []string) []*Article {
	if len(topics) == 0 && len(forIDs) == 0 {
		return c.Articles
	}
	var out []*Article
	for _, a := range c.Articles {
		if a.Matches(topics, forIDs) {
			out = append(out, a)
		}
	}
	return out
}

// Counts returns how many articles carry each topic id and each "Who it's
// for" id (the ids are unique across the two groups).
func (c *Corpus) Counts() map[string]int {
	n := make(map[string]int, len(c.Topics)+len(c.For))
	for _, a := range c.Articles {
		for _, t := range a.Topics {
			n[t]++
		}
		for _, t := range a.For {
			n[t]++
		}
	}
	return n
}
