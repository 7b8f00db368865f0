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
	want := u.Query()["topic"]
	var out []string
	for _, t := range c.Topics {
		if slices.Contains(want, t.ID) {
			out = append(out, t.ID)
		}
	}
	return out
}

// toggled returns the selection with id added or removed, in taxonomy order.
func toggled(selected []string, id string, c *content.Corpus) []string {
	var out []string
	for _, t := range c.Topics {
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

// homeURL is the shareable address of the home page showing the topics
// and the search.
func homeURL(topics []string, q string) string {
	v := url.Values{}
	for _, t := range topics {
		v.Add("topic", t)
	}
	if q != "" {
		v.Set("q", q)
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + encodeQuery(v)
}

// encodeQuery writes topics first, then the search, then how many entries
// are shown, in a stable order.
func encodeQuery(v url.Values) string {
	var parts []string
	if topics := (url.Values{"topic": v["topic"]}).Encode(); topics != "" {
		parts = append(parts, topics)
	}
	for _, k := range []string{"q", "show"} {
		if v.Get(k) != "" {
			parts = append(parts, url.Values{k: {v.Get(k)}}.Encode())
		}
	}
	return strings.Join(parts, "&")
}
