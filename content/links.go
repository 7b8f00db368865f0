//go:build !wasm

package content

import (
	"fmt"
	"net/url"
	"strings"
)

// checkLinks reports body links that lead nowhere: an internal path that is
// not a page, article or topic; a #fragment that names no heading; a
// relative link (which would break on a different page); or a scheme other
// than https, http, mailto and tel.
func checkLinks(c *Corpus) Problems {
	var probs Problems
	for _, a := range c.Articles {
		for _, l := range a.links {
			if msg := c.linkProblem(a, l.dest); msg != "" {
				probs = append(probs, Problem{File: a.File, Line: l.line, Msg: msg})
			}
		}
	}
	return probs
}

func (c *Corpus) linkProblem(a *Article, dest string) string {
	u, err := url.Parse(dest)
	if err != nil {
		return fmt.Sprintf("link %q is not a valid URL", dest)
	}
	switch {
	case !allowedScheme(dest):
		return fmt.Sprintf("link %q uses %s:, which is not allowed (use https:, mailto: or tel:)", dest, u.Scheme)
	case u.Scheme == "https" || u.Scheme == "http":
		if u.Host == "" {
			return fmt.Sprintf("link %q has no host", dest)
		}
		return ""
	case u.Scheme != "": // mailto: or tel:
		return ""
	case dest == "":
		return "link has no destination"
	case strings.HasPrefix(dest, "#"):
		if !a.ids[u.Fragment] && !strings.HasPrefix(u.Fragment, sourceIDPrefix) {
			return fmt.Sprintf("link %q names no heading in this article", dest)
		}
		return ""
	case !strings.HasPrefix(u.Path, "/"):
		return fmt.Sprintf("link %q is relative: use a site path such as /articles/<slug>", dest)
	}
	if !c.HasPath(u.Path) {
		return fmt.Sprintf("broken internal link %q: no such page, article, topic or \"Who it's for\" entry", dest)
	}
	if slug, ok := ArticleSlug(u.Path); ok && u.Fragment != "" {
		if t := c.Article(slug); t != nil && !t.ids[u.Fragment] {
			return fmt.Sprintf("link %q names no heading in that article", dest)
		}
	}
	return ""
}

// HasPath reports whether path is a page of the app.
func (c *Corpus) HasPath(path string) bool {
	for _, p := range Pages {
		if path == p {
			return true
		}
	}
	if slug, ok := ArticleSlug(path); ok {
		return c.Article(slug) != nil
	}
	if id, ok := TopicID(path); ok {
		return c.Topic(id) != nil
	}
	if id, ok := ForID(path); ok {
		return c.ForEntry(id) != nil
	}
	return false
}

// Paths is every route of the app, in a stable order: the fixed pages, then
// each article, then each topic, then each "Who it's for" entry (drafts are
// not in the corpus, so they have no page). The static build writes each one
// and the service worker precaches each one.
func (c *Corpus) Paths() []string {
	out := append([]string{}, Pages...)
	for _, a := range c.Articles {
		out = append(out, ArticlePath(a.Slug))
	}
	for _, t := range c.Topics {
		out = append(out, TopicPath(t.ID))
	}
	for _, t := range c.For {
		out = append(out, ForPath(t.ID))
	}
	return out
}
