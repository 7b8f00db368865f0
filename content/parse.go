//go:build !wasm

package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// maxReviewGap is how far ahead next_review may be set after reviewed.
const maxReviewGap = 3 // years

// The questions box holds four to seven questions: enough to prepare a
// visit, few enough to ask in one.
const (
	minQuestions = 4
	maxQuestions = 7
)

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// yaml.v3 reports positions as "line N" relative to the YAML text.
	yamlLine = regexp.MustCompile(`line (\d+)`)
)

// front is a parsed front-matter block: the YAML root mapping and the line of
// the file on which the YAML text starts.
type front struct {
	file  string
	first int // file line of the first YAML line
	probs Problems
}

func (f *front) add(line int, format string, args ...any) {
	f.probs = append(f.probs, Problem{File: f.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// at converts a yaml.Node line (1-based inside the YAML text) to a file line.
func (f *front) at(n *yaml.Node) int { return f.first + n.Line - 1 }

// yamlError turns a yaml.v3 error into a problem at the right file line.
func (f *front) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := f.first
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = f.first + n - 1
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, m[0]), ": ")
	}
	f.add(line, "YAML syntax: %s", msg)
}

// splitFrontMatter separates "---\n<yaml>\n---\n<body>". It returns the YAML,
// the body and the file line on which the body starts.
func splitFrontMatter(src []byte) (yml, body []byte, bodyLine int, err error) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, nil, 0, fmt.Errorf("front matter missing: the file must start with a line '---'")
	}
	rest := src[4:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, " \t")) == "---" {
			if end < 0 {
				return rest[:off], nil, line + 1, nil
			}
			return rest[:off], rest[off+end+1:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, fmt.Errorf("front matter not closed: add a line '---' after it")
}

// parseTopics reads the taxonomy.
func parseTopics(fsys fs.FS, name string) ([]Topic, Problems) {
	f := &front{file: name, first: 1}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		f.add(0, "%v", err)
		return nil, f.probs
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		f.yamlError(err)
		return nil, f.probs
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.SequenceNode {
		f.add(1, "expected a list of topics")
		return nil, f.probs
	}
	var topics []Topic
	seen := map[string]bool{}
	for _, item := range root.Content[0].Content {
		var t Topic
		if err := item.Decode(&t); err != nil {
			f.add(f.at(item), "topic: %v", err)
			continue
		}
		switch {
		case !slugPattern.MatchString(t.ID):
			f.add(f.at(item), "topic id %q must be lower-case words joined by hyphens", t.ID)
		case seen[t.ID]:
			f.add(f.at(item), "duplicate topic id %q", t.ID)
		case strings.TrimSpace(t.Label) == "":
			f.add(f.at(item), "topic %q has no label", t.ID)
		default:
			seen[t.ID] = true
			topics = append(topics, t)
		}
	}
	return topics, f.probs
}

// parseArticle parses one article file. It returns nil when the file cannot
// be read as an article at all; otherwise the article and its problems.
func parseArticle(name string, src []byte, known map[string]bool, opt Options) (*Article, Problems) {
	f := &front{file: name, first: 2}
	yml, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		f.add(1, "%v", err)
		return nil, f.probs
	}
	var root yaml.Node
	if err := yaml.Unmarshal(yml, &root); err != nil {
		f.yamlError(err)
		return nil, f.probs
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		f.add(1, "front matter must be a YAML mapping of fields (title: ..., summary: ...)")
		return nil, f.probs
	}
	m := root.Content[0]

	a := &Article{Slug: slugOf(name), File: name}
	fields := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if _, dup := fields[k.Value]; dup {
			f.add(f.at(k), "field %q is given twice", k.Value)
			continue
		}
		fields[k.Value] = v
		switch k.Value {
		case "title", "summary", "reviewed", "next_review", "sources", "topics", "reviewer", "slug":
		default:
			f.add(f.at(k), "unknown field %q (known: title, summary, topics, reviewed, next_review, sources, reviewer, slug)", k.Value)
		}
	}
	endLine := bodyLine - 1 // the closing '---': where a missing field belongs

	a.Title = f.text(fields, "title", endLine, true)
	a.Summary = f.text(fields, "summary", endLine, true)
	for _, key := range []string{"title", "summary"} {
		if n := fields[key]; n != nil {
			for _, msg := range bannedIn(n.Value) {
				f.add(f.at(n), "%s: %s", key, msg)
			}
		}
	}
	a.Reviewer = f.text(fields, "reviewer", endLine, false)
	if s := f.text(fields, "slug", endLine, false); s != "" {
		a.Slug = s
	}
	if !slugPattern.MatchString(a.Slug) {
		f.add(1, "slug %q must be lower-case letters and digits joined by hyphens", a.Slug)
	}
	a.Topics = f.topics(fields, endLine, known)
	a.Reviewed = f.date(fields, "reviewed", endLine)
	a.NextReview = f.date(fields, "next_review", endLine)
	f.checkDates(a, fields, opt)
	a.Sources = f.sources(fields, endLine, opt)

	r := renderBody(body)
	a.BodyHTML, a.QuestionsHTML, a.Headings, a.Words = r.body, r.questions, r.headings, r.words
	a.Sections = r.sections
	a.links = r.links
	a.ids = r.ids
	lineOf := func(pos int) int { return bodyLine + bytes.Count(body[:pos], []byte("\n")) }
	for _, p := range r.problems {
		f.add(lineOf(p.pos), "%s", p.msg)
	}
	for i := range a.links {
		a.links[i].line = lineOf(a.links[i].pos)
	}
	for _, b := range r.blocks {
		for _, msg := range bannedIn(b.text) {
			f.add(lineOf(b.pos), "%s", msg)
		}
	}
	f.checkCrisisLink(r, lineOf)
	a.Readability = readability(r.blocks, lineOf)
	if a.Readability.AverageSentence > MaxAverageSentence {
		f.add(bodyLine, "sentences average %.1f words (at most %.0f): split long ones; the longest, %d words, is at line %d",
			a.Readability.AverageSentence, MaxAverageSentence, a.Readability.LongestSentence, a.Readability.LongestLine)
	}
	if len(a.Sources) > 0 && len(a.Sources) < MinSources {
		f.add(f.at(fields["sources"]), "only %d sources: an article needs at least %d", len(a.Sources), MinSources)
	}

	cited := map[int]bool{}
	for _, c := range r.citations {
		cited[c.n] = true
		if c.n < 1 || c.n > len(a.Sources) {
			f.add(lineOf(c.pos), "citation [^%d] has no source: the sources list has %d", c.n, len(a.Sources))
		}
	}
	if s := fields["sources"]; s != nil && s.Kind == yaml.SequenceNode {
		for i, item := range s.Content {
			if !cited[i+1] {
				f.add(f.at(item), "source %d is never cited: cite it as [^%d] in the text or remove it", i+1, i+1)
			}
		}
	}
	if !r.hasQuestions {
		f.add(endLine+bytes.Count(body, []byte("\n")), "missing the closing section %q", "## "+questionsHeading)
	} else if r.questionCount < minQuestions || r.questionCount > maxQuestions {
		f.add(lineOf(r.questionsPos), "%q has %d questions: give %d to %d as a bulleted list", questionsHeading, r.questionCount, minQuestions, maxQuestions)
	}
	if n := len(sentences(a.Summary)); n > 2 {
		f.add(f.at(fields["summary"]), "summary has %d sentences: keep it to one or two", n)
	}
	return a, f.probs
}

// text reads a required or optional single-line string field.
func (f *front) text(fields map[string]*yaml.Node, key string, missingLine int, required bool) string {
	n := fields[key]
	if n == nil {
		if required {
			f.add(missingLine, "missing field %q", key)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		f.add(f.at(n), "field %q must be text", key)
		return ""
	}
	v := strings.TrimSpace(n.Value)
	if v == "" {
		f.add(f.at(n), "field %q is empty", key)
	}
	return v
}

func (f *front) topics(fields map[string]*yaml.Node, missingLine int, known map[string]bool) []string {
	n := fields["topics"]
	if n == nil {
		f.add(missingLine, "missing field %q", "topics")
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.add(f.at(n), "field %q must be a list, like [ect, tms]", "topics")
		return nil
	}
	if len(n.Content) == 0 {
		f.add(f.at(n), "field %q is empty: name at least one topic", "topics")
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range n.Content {
		switch {
		case t.Kind != yaml.ScalarNode:
			f.add(f.at(t), "topic must be an id")
		case !known[t.Value]:
			f.add(f.at(t), "unknown topic %q (see topics.yaml)", t.Value)
		case seen[t.Value]:
			f.add(f.at(t), "topic %q is listed twice", t.Value)
		default:
			seen[t.Value] = true
			out = append(out, t.Value)
		}
	}
	return out
}

func (f *front) date(fields map[string]*yaml.Node, key string, missingLine int) time.Time {
	n := fields[key]
	if n == nil {
		f.add(missingLine, "missing field %q", key)
		return time.Time{}
	}
	d, err := time.Parse(DateLayout, strings.TrimSpace(n.Value))
	if n.Kind != yaml.ScalarNode || err != nil {
		f.add(f.at(n), "field %q must be a date like 2026-11-25, not %q", key, n.Value)
		return time.Time{}
	}
	return d
}

func (f *front) checkDates(a *Article, fields map[string]*yaml.Node, opt Options) {
	if a.Reviewed.IsZero() || a.NextReview.IsZero() {
		return
	}
	next := f.at(fields["next_review"])
	if !a.NextReview.After(a.Reviewed) {
		f.add(next, "next_review %s must come after reviewed %s", a.NextReview.Format(DateLayout), a.Reviewed.Format(DateLayout))
	}
	if limit := a.Reviewed.AddDate(maxReviewGap, 0, 0); a.NextReview.After(limit) {
		f.add(next, "next_review %s is more than %d years after reviewed (at most %s)", a.NextReview.Format(DateLayout), maxReviewGap, limit.Format(DateLayout))
	}
	if opt.Today.IsZero() {
		return
	}
	today := opt.Today.UTC().Truncate(24 * time.Hour)
	if a.Reviewed.After(today) {
		f.add(f.at(fields["reviewed"]), "reviewed %s is in the future", a.Reviewed.Format(DateLayout))
	}
	if a.NextReview.Before(today) {
		f.add(next, "next_review %s has passed: review the article against its sources and set new dates", a.NextReview.Format(DateLayout))
	}
}

func (f *front) sources(fields map[string]*yaml.Node, missingLine int, opt Options) []Source {
	n := fields["sources"]
	if n == nil {
		f.add(missingLine, "missing field %q", "sources")
		return nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		f.add(f.at(n), "field %q must be a non-empty list of references", "sources")
		return nil
	}
	maxYear := time.Now().Year() + 1
	if !opt.Today.IsZero() {
		maxYear = opt.Today.Year() + 1
	}
	out := make([]Source, 0, len(n.Content))
	for i, item := range n.Content {
		num := i + 1
		var s Source
		if item.Kind != yaml.MappingNode {
			f.add(f.at(item), "source %d must be a mapping with authors, title, publisher, year and a doi, pmid or url", num)
			out = append(out, s)
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			switch k := item.Content[j]; k.Value {
			case "authors", "title", "publisher", "year", "doi", "pmid", "url":
			default:
				f.add(f.at(k), "source %d: unknown field %q", num, k.Value)
			}
		}
		if err := item.Decode(&s); err != nil {
			f.add(f.at(item), "source %d: %s", num, strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "))
		}
		for _, req := range []struct{ name, v string }{{"authors", s.Authors}, {"title", s.Title}, {"publisher", s.Publisher}} {
			if strings.TrimSpace(req.v) == "" {
				f.add(f.at(item), "source %d: missing %s", num, req.name)
			}
		}
		if s.Year < 1900 || s.Year > maxYear {
			f.add(f.at(item), "source %d: year must be a four-digit year, not %d", num, s.Year)
		}
		if s.DOI == "" && s.PMID == "" && s.URL == "" {
			f.add(f.at(item), "source %d: give at least one of doi, pmid or url", num)
		}
		if s.DOI != "" && !doiPattern.MatchString(s.DOI) {
			f.add(f.at(item), "source %d: doi %q should look like 10.1002/wps.21120 (no https://doi.org/ prefix)", num, s.DOI)
		}
		if s.PMID != "" && !pmidPattern.MatchString(s.PMID) {
			f.add(f.at(item), "source %d: pmid %q must be digits only", num, s.PMID)
		}
		if s.URL != "" && !strings.HasPrefix(s.URL, "https://") {
			f.add(f.at(item), "source %d: url %q must start with https://", num, s.URL)
		}
		out = append(out, s)
	}
	return out
}

// mentionsSuicide finds text about suicide or self-harm.
var mentionsSuicide = regexp.MustCompile(`(?i)suicid|self-harm|harm(ed|ing)? (them|your|him|her)sel(f|ves)`)

// checkCrisisLink requires a link to /help in any article that mentions
// suicide or self-harm: crisis contacts must sit next to such content.
func (f *front) checkCrisisLink(r rendered, lineOf func(int) int) {
	for _, l := range r.links {
		if l.dest == "/help" {
			return
		}
	}
	for _, b := range r.blocks {
		if mentionsSuicide.MatchString(b.text) {
			f.add(lineOf(b.pos), "mentions suicide or self-harm but the article never links to /help: add %q", crisisLine)
			return
		}
	}
}

// crisisLine is the sentence articles use to point to the crisis page.
const crisisLine = "If you are thinking about suicide or may act on it, get help now: see [crisis lines](/help)."
