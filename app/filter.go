package app

import (
	"net/url"
	"slices"
	"strings"

	"nextsteps/content"
)

// selectedTopics reads the topic filter from a URL: every ?topic= value that
// names a known topic, in taxonomy order, without repeats. Unknown ids are
// dropped so a stale or mistyped link still shows a sensible list.
func selectedTopics(u *url.URL, c *content.Corpus) []string {
	return selectedIn(u.Query()["topic"], c.Topics)
}

// selectedFor reads the "Who it's for" filter from a URL (?for=) the same
// way: known entries only (a draft is not one), in taxonomy order, once each.
func selectedFor(u *url.URL, c *content.Corpus) []string {
	return selectedIn(u.Query()["for"], c.For)
}

func selectedIn(want []string, group []content.Topic) []string {
	var out []string
	for _, t := range group {
		if slices.Contains(want, t.ID) {
			out = append(out, t.ID)
		}
	}
	return out
}

// toggled returns the selection with id added or removed, in the order of
// group (c.Topics or c.For).
func toggled(selected []string, id string, group []content.Topic) []string {
	var out []string
	for _, t := range group {
		on := slices.Contains(selected, t.ID)
		if t.ID == id {
			on = !on
		}
		if on {
			out = append(out, t.ID)
		}
	}
	return out
}

// homeURL is the shareable address of the home page showing the topics,
// the "Who it's for" entries and the search.
func homeURL(topics, forIDs []string, q string) string {
	if query := listQuery(topics, forIDs, q, ""); query != "" {
		return content.HomePath + "?" + query
	}
	return content.HomePath
}

// encodeQuery writes a list's address query (listQuery) from its values.
func encodeQuery(v url.Values) string {
	return listQuery(v["topic"], v["for"], v.Get("q"), v.Get("show"))
}

// listQuery writes the query of a list's address in a stable order:
// topics first, then the "Who it's for" entries, then the search, then
// how many entries are shown (left out when empty). Written directly, not
// through url.Values, which builds a map and sorts its keys: every chip's
// link is one (homeURL), and the filter draws them all again at each tap.
func listQuery(topics, forIDs []string, q, show string) string {
	var b strings.Builder
	add := func(key, value string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(key)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(value))
	}
	for _, t := range topics {
		add("topic", t)
	}
	for _, t := range forIDs {
		add("for", t)
	}
	if q != "" {
		add("q", q)
	}
	if show != "" {
		add("show", show)
	}
	return b.String()
}
