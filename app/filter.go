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
// the "Who it's for" entries and the search, its query in encodeQuery's
// order. Written directly, not through url.Values: every chip's link is
// one, and the filter draws them all again at each tap.
func homeURL(topics, forIDs []string, q string) string {
	var b strings.Builder
	b.WriteString(content.HomePath)
	add := func(key, value string) {
		if b.Len() == len(content.HomePath) {
			b.WriteByte('?')
		} else {
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
	return b.String()
}

// encodeQuery writes topics first, then the "Who it's for" entries, then
// the search, then how many entries are shown, in a stable order.
func encodeQuery(v url.Values) string {
	var parts []string
	for _, k := range []string{"topic", "for"} {
		if ids := (url.Values{k: v[k]}).Encode(); ids != "" {
			parts = append(parts, ids)
		}
	}
	for _, k := range []string{"q", "show"} {
		if v.Get(k) != "" {
			parts = append(parts, url.Values{k: {v.Get(k)}}.Encode())
		}
	}
	return strings.Join(parts, "&")
}
