//go:build !wasm

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	ui "nextsteps/app"
	"nextsteps/content"
)

// The offline copies of the article pages.
//
// Every article page is the same header, footer and head around what is
// the article's own: its title and description in the head, its address,
// and its main content, most of which (the body) is in the article's data
// file already. Stored whole, a thousand articles' pages would be a
// thousand copies of that shell and a second copy of every body: 5 MB of
// a first visit's 11 MB, measured. So the service worker stores the page
// shell once (ui.ShellPath, rendered by go-app like any page, with a slot
// wherever an article has something of its own) and, per article, a part:
// the values of those slots, with the body given as the place in the data
// file where it is. worker.js (compose) puts a page back together, byte
// for byte the page the server renders: every part is checked so here,
// when the site is assembled, from the JSON the worker will read.
//
// Servers and static hosts still send the whole pre-rendered page: this
// is what the worker stores, not what it is sent.

// shellFile is the page shell as the worker reads it: the page at
// ui.ShellPath cut at each slot, so a page is Pieces[0], the first slot's
// value, Pieces[1], ..., Pieces[len(Pieces)-1].
type shellFile struct {
	Pieces []string `json:"pieces"`
}

// pagePart is one article page's part: the values of the shell's slots.
// Each value is a list of strings and [from, to] byte ranges of the
// article's data file (Text), written one after the other.
type pagePart struct {
	Shell string  `json:"shell"` // the shell's address, from the site's root
	Text  string  `json:"text"`  // the article's data file, from the site's root
	Slots [][]any `json:"slots"`
}

// pagesPrefix is where the parts are, among the library that a first
// visit saves after the rest (worker.js, isLibrary).
const pagesPrefix = content.DataPrefix + "pages/"

// articlePages is how the site composes article pages (site.page), as
// the worker does: the page shell's pieces, and each article's part, by
// slug, as its path among the site's files.
type articlePages struct {
	shell []string
	parts map[string]string
}

// offlinePages renders the shell and every article's page with render,
// and returns the shell and the parts as data files, named by the hash
// of their bytes like the articles' files, and where they are. data are
// the corpus's data files (content.Corpus.Bundle), which the parts point
// into.
func offlinePages(c *content.Corpus, data []content.DataFile, render func(string) ([]byte, error)) ([]content.DataFile, articlePages, error) {
	page, err := render(ui.ShellPath)
	if err != nil {
		return nil, articlePages{}, fmt.Errorf("the page shell: %w", err)
	}
	pieces := strings.Split(string(page), ui.ShellSlot)
	for _, p := range pieces[1 : len(pieces)-1] {
		if p == "" {
			return nil, articlePages{}, errors.New("the page shell: two slots side by side, so an article's values cannot be told apart")
		}
	}
	shell, err := content.EncodeJSON(shellFile{Pieces: pieces})
	if err != nil {
		return nil, articlePages{}, fmt.Errorf("the page shell: %w", err)
	}
	shellPath := hashedPath(content.DataPrefix+"shell", ".json", shell)

	texts := map[string]content.DataFile{}
	for _, f := range data {
		if f.Slug != "" {
			texts[f.Slug] = f
		}
	}
	shellRel := strings.TrimPrefix(shellPath, "/")
	partOf := func(a *content.Article) (content.DataFile, error) {
		path := content.ArticlePath(a.Slug)
		text, ok := texts[a.Slug]
		if !ok {
			return content.DataFile{}, fmt.Errorf("%s: the article has no data file", path)
		}
		page, err := render(path)
		if err != nil {
			return content.DataFile{}, err
		}
		part, err := cutPage(pieces, page, text)
		if err != nil {
			return content.DataFile{}, fmt.Errorf("%s: %w", path, err)
		}
		part.Shell = shellRel
		b, err := content.EncodeJSON(part)
		if err != nil {
			return content.DataFile{}, fmt.Errorf("%s: %w", path, err)
		}
		// What the worker will compose, from what it will read.
		var read pagePart
		if err := json.Unmarshal(b, &read); err != nil {
			return content.DataFile{}, fmt.Errorf("%s: its part does not read back: %w", path, err)
		}
		got, err := composePage(pieces, read, text.Bytes)
		if err != nil {
			return content.DataFile{}, fmt.Errorf("%s: %w", path, err)
		}
		if !bytes.Equal(got, page) {
			return content.DataFile{}, fmt.Errorf("%s: the page composed from the shell is not the page rendered", path)
		}
		return content.DataFile{Path: hashedPath(pagesPrefix+a.Slug, ".json", b), Bytes: b}, nil
	}

	parts := make([]content.DataFile, len(c.Articles))
	errs := make([]error, len(c.Articles))
	inParallel(len(c.Articles), func(i int) {
		parts[i], errs[i] = partOf(c.Articles[i])
	})
	at := articlePages{shell: pieces, parts: make(map[string]string, len(parts))}
	for i, err := range errs {
		if err != nil {
			return nil, articlePages{}, fmt.Errorf("offline pages: %w", err)
		}
		at.parts[c.Articles[i].Slug] = parts[i].Path
	}
	return append(parts, content.DataFile{Path: shellPath, Bytes: shell}), at, nil
}

// page is the page at target. An article's is composed from the page
// shell and its part, as the service worker composes it: complete rendered
// it once, to cut the part, and offlinePages checked that the composed
// page is the rendered one, byte for byte. So an article page is rendered
// once per version, however often the server or the static build needs
// it, and the server holds no second copy of it. Every other page is
// rendered by go-app.
func (s *site) page(target string) ([]byte, error) {
	slug, _ := content.ArticleSlug(target)
	path, ok := s.articles.parts[slug]
	if !ok {
		return s.renderPage(target)
	}
	var part pagePart
	if err := json.Unmarshal(s.assets[path].body, &part); err != nil {
		return nil, fmt.Errorf("%s: its part %s: %w", target, path, err)
	}
	text, ok := s.assets["/"+part.Text]
	if !ok {
		return nil, fmt.Errorf("%s: its part %s names %s, which the site does not have", target, path, part.Text)
	}
	page, err := composePage(s.articles.shell, part, text.body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", target, err)
	}
	return page, nil
}

// cutPage is the part of an article page: the values between the shell's
// pieces, with the body (where the data file text holds it) as a range.
func cutPage(pieces []string, page []byte, text content.DataFile) (pagePart, error) {
	rest, ok := bytes.CutPrefix(page, []byte(pieces[0]))
	if !ok {
		return pagePart{}, errors.New("its page does not start as the page shell does")
	}
	part := pagePart{Text: strings.TrimPrefix(text.Path, "/"), Slots: make([][]any, 0, len(pieces)-1)}
	body := text.Bytes[text.Body[0]:text.Body[1]]
	found := len(body) == 0
	for i, p := range pieces[1:] {
		at := bytes.Index(rest, []byte(p))
		if i == len(pieces)-2 { // the last piece ends the page
			at = len(rest) - len(p)
			if at < 0 || !bytes.HasSuffix(rest, []byte(p)) {
				at = -1
			}
		}
		if at < 0 {
			return pagePart{}, fmt.Errorf("its page does not fit the page shell: no %q after slot %d", clip(p), i+1)
		}
		value := rest[:at]
		rest = rest[at+len(p):]
		if before, after, ok := bytes.Cut(value, body); ok && !found {
			found = true
			part.Slots = append(part.Slots, []any{string(before), text.Body, string(after)})
			continue
		}
		part.Slots = append(part.Slots, []any{string(value)})
	}
	if !found {
		return pagePart{}, fmt.Errorf("its page does not hold its body as %s does", text.Path)
	}
	return part, nil
}

// composePage is a page from the shell's pieces and a part, as worker.js
// composes it (compose there): text is the part's data file.
func composePage(pieces []string, part pagePart, text []byte) ([]byte, error) {
	if len(part.Slots) != len(pieces)-1 {
		return nil, fmt.Errorf("the part has %d slots, the shell %d", len(part.Slots), len(pieces)-1)
	}
	var out bytes.Buffer
	for i, p := range pieces {
		out.WriteString(p)
		if i == len(part.Slots) {
			break
		}
		for _, v := range part.Slots[i] {
			switch v := v.(type) {
			case string:
				out.WriteString(v)
			case []any: // a range, as JSON reads it
				from, ok1 := v[0].(float64)
				to, ok2 := v[len(v)-1].(float64)
				if len(v) != 2 || !ok1 || !ok2 || from < 0 || from > to || int(to) > len(text) {
					return nil, fmt.Errorf("slot %d: %v is not a range of %s", i+1, v, part.Text)
				}
				out.Write(text[int(from):int(to)])
			default:
				return nil, fmt.Errorf("slot %d: %v is neither text nor a range", i+1, v)
			}
		}
	}
	return out.Bytes(), nil
}

// hashedPath is the address of a data file: name, the hash of its bytes
// (content.CorpusHash), ext.
func hashedPath(name, ext string, b []byte) string {
	return name + "-" + content.CorpusHash(b) + ext
}

// clip is the start of a long string, for an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
