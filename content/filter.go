package content

// Filter returns the articles that carry any of the topic ids (a union), in
// corpus order. No ids means every article. Unknown ids match nothing.
func (c *Corpus) Filter(topics []string) []*Article {
	if len(topics) == 0 {
		return c.Articles
	}
	var out []*Article
	for _, a := range c.Articles {
		for _, t := range topics {
			if a.HasTopic(t) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// Counts returns how many articles carry each topic id.
func (c *Corpus) Counts() map[string]int {
	n := make(map[string]int, len(c.Topics))
	for _, a := range c.Articles {
		for _, t := range a.Topics {
			n[t]++
		}
	}
	return n
}
