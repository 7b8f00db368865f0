//go:build !wasm

package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
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

// Key points: exactly three, each short enough to take in at a glance.
const (
	numKeyPoints     = 3
	maxKeyPointWords = 20
)

// maxTopicReviewGap bounds a topic's review_months: it may only shorten the
// gap every article has.
const maxTopicReviewGap = maxReviewGap * 12 // months

// reservedIDs are the ids the article page gives its own parts: a body
// heading with one of them would make two elements with one id, and links to
// the part would land on the heading.
var reservedIDs = []string{KeyPointsID, LabelID(KeyPointsID), TOCLabelID, QuestionsID, LabelID(QuestionsID), SourcesID, LabelID(SourcesID)}

// markdownInText finds Markdown that plain-text fields would show as is:
// links, citations, emphasis and code.
var markdownInText = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\]\(|\[\^|\*\*|__|` + "`") })

var (
	slugPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })
	// yaml.v3 reports positions as "line N" relative to the YAML text.
	yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+)`) })
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
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
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
		case !slugPattern().MatchString(t.ID):
			f.add(f.at(item), "topic id %q must be lower-case words joined by hyphens", t.ID)
		case t.ReviewMonths < 0 || t.ReviewMonths > maxTopicReviewGap:
			f.add(f.at(item), "topic %q: review_months must be 1 to %d, not %d", t.ID, maxTopicReviewGap, t.ReviewMonths)
		case t.Group != "" && t.Group != ForGroup:
			f.add(f.at(item), "topic %q: group %q is unknown (leave it out for a therapy type, or use group: %s)", t.ID, t.Group, ForGroup)
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
// known is the taxonomy by id.
func parseArticle(name string, src []byte, known map[string]Topic, opt Options, crisis *Crisis) (*Article, Problems) {
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
		case "title", "summary", "key_points", "reviewed", "next_review", "sources", "topics", "for", "reviewer", "slug":
		default:
			f.add(f.at(k), "unknown field %q (known: title, summary, key_points, topics, for, reviewed, next_review, sources, reviewer, slug)", k.Value)
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
	a.KeyPoints = f.keyPoints(fields, endLine)
	a.Reviewer = f.text(fields, "reviewer", endLine, false)
	if s := f.text(fields, "slug", endLine, false); s != "" {
		a.Slug = s
	}
	if !slugPattern().MatchString(a.Slug) {
		f.add(1, "slug %q must be lower-case letters and digits joined by hyphens", a.Slug)
	}
	a.Topics = f.ids(fields, endLine, known, topicsField)
	a.For = f.ids(fields, endLine, known, forField)
	a.Reviewed = f.date(fields, "reviewed", endLine)
	a.NextReview = f.date(fields, "next_review", endLine)
	if n := fields["next_review"]; n != nil {
		a.nextReviewLine = f.at(n)
	}
	f.checkDates(a, fields, opt)
	f.checkTopicReview(a, known)
	a.Sources = f.sources(fields, endLine, opt)

	r := renderBodyWith(body, crisis, opt.Base)
	a.BodyHTML, a.QuestionsHTML, a.Headings, a.Words = r.body, r.questions, r.headings, r.words
	a.Minutes = minutesFor(a.Words)
	a.Questions = r.questionItems
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
		f.add(endLine+bytes.Count(body, []byte("\n")), "missing the closing section %q", "## "+QuestionsHeading)
	} else if r.questionCount < minQuestions || r.questionCount > maxQuestions {
		f.add(lineOf(r.questionsPos), "%q has %d questions: give %d to %d as a bulleted list", QuestionsHeading, r.questionCount, minQuestions, maxQuestions)
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

// keyPoints reads key_points: a list of exactly three plain-text points,
// each at most maxKeyPointWords words and free of banned phrasings, like the
// title and summary.
func (f *front) keyPoints(fields map[string]*yaml.Node, missingLine int) []string {
	n := fields["key_points"]
	if n == nil {
		f.add(missingLine, "missing field %q: give %d short points as a list", "key_points", numKeyPoints)
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.add(f.at(n), "field %q must be a list of %d points, one per line starting with \"- \"", "key_points", numKeyPoints)
		return nil
	}
	if len(n.Content) != numKeyPoints {
		f.add(f.at(n), "key_points has %d points: give exactly %d", len(n.Content), numKeyPoints)
	}
	var out []string
	for i, item := range n.Content {
		num := i + 1
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			f.add(f.at(item), "key point %d must be text", num)
			continue
		}
		v := strings.Join(strings.Fields(item.Value), " ")
		switch words := countWords(v); {
		case words == 0:
			f.add(f.at(item), "key point %d is empty", num)
			continue
		case words > maxKeyPointWords:
			f.add(f.at(item), "key point %d has %d words: keep each to at most %d", num, words, maxKeyPointWords)
		}
		if markdownInText().MatchString(v) {
			f.add(f.at(item), "key point %d: plain text only (no Markdown links, citations, emphasis or code)", num)
		}
		for _, msg := range bannedIn(v) {
			f.add(f.at(item), "key point %d: %s", num, msg)
		}
		out = append(out, v)
	}
	return out
}

// idField is a front-matter list of taxonomy ids, and how its problems are
// worded: topics (the therapy types, required) or for (the "Who it's for"
// group, optional). Both are read by front.ids.
type idField struct {
	key        string // the field
	group      string // the taxonomy group its ids belong to ("" for therapy types)
	required   bool
	noun       string // what one id names
	example    string // a list, for "must be a list, like ..."
	ifEmpty    string // what to do about an empty list
	where      string // where the known ids are
	otherGroup string // format, with the id, for an id of the other group
}

var (
	topicsField = idField{key: "topics", required: true, noun: "topic", example: "[ect, tms]",
		ifEmpty: "name at least one topic", where: "see topics.yaml",
		otherGroup: "%q is a \"Who it's for\" entry, not a topic: list it under for"}
	forField = idField{key: "for", group: ForGroup, noun: "\"Who it's for\" entry", example: "[families-carers]",
		ifEmpty:    "name at least one \"Who it's for\" entry, or leave the field out",
		where:      "see the entries with group: " + ForGroup + " in topics.yaml",
		otherGroup: "%q is a therapy topic, not a \"Who it's for\" entry: list it under topics"}
)

// ids reads one list of taxonomy ids (topics or for): each must be known,
// of the field's group, and listed once.
func (f *front) ids(fields map[string]*yaml.Node, missingLine int, known map[string]Topic, d idField) []string {
	n := fields[d.key]
	if n == nil {
		if d.required {
			f.add(missingLine, "missing field %q", d.key)
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.add(f.at(n), "field %q must be a list, like %s", d.key, d.example)
		return nil
	}
	if len(n.Content) == 0 {
		f.add(f.at(n), "field %q is empty: %s", d.key, d.ifEmpty)
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range n.Content {
		switch {
		case t.Kind != yaml.ScalarNode:
			f.add(f.at(t), "%s must be an id", d.noun)
		case known[t.Value].ID == "":
			f.add(f.at(t), "unknown %s %q (%s)", d.noun, t.Value, d.where)
		case known[t.Value].Group != d.group:
			f.add(f.at(t), d.otherGroup, t.Value)
		case seen[t.Value]:
			f.add(f.at(t), "%s %q is listed twice", d.noun, t.Value)
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

// checkTopicReview holds next_review to the shortest review_months of the
// article's topics (see topics.yaml): evidence on those topics moves fast.
func (f *front) checkTopicReview(a *Article, known map[string]Topic) {
	if a.Reviewed.IsZero() || a.NextReview.IsZero() {
		return
	}
	var strict Topic
	for _, id := range a.Topics {
		if t := known[id]; t.ReviewMonths > 0 && (strict.ReviewMonths == 0 || t.ReviewMonths < strict.ReviewMonths) {
			strict = t
		}
	}
	if strict.ReviewMonths == 0 {
		return
	}
	if limit := addMonths(a.Reviewed, strict.ReviewMonths); a.NextReview.After(limit) {
		f.add(a.nextReviewLine, "next_review %s is more than %d months after reviewed: topic %q moves fast (review_months in topics.yaml), so set it by %s",
			a.NextReview.Format(DateLayout), strict.ReviewMonths, strict.ID, limit.Format(DateLayout))
	}
}

// addMonths adds n months to the date t, keeping to the last day of a
// shorter month: 31 August plus 6 months is 28 (or 29) February, where
// time.AddDate would give 3 March.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
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
	var today time.Time // zero: no calendar checks
	if !opt.Today.IsZero() {
		maxYear = opt.Today.Year() + 1
		today = opt.Today.UTC().Truncate(24 * time.Hour)
	}
	out := make([]Source, 0, len(n.Content))
	for i, item := range n.Content {
		num := i + 1
		var s Source
		if item.Kind != yaml.MappingNode {
			f.add(f.at(item), "source %d must be a mapping with authors, title, publisher, year (or accessed) and a doi, pmid or url", num)
			out = append(out, s)
			continue
		}
		var accessed *yaml.Node
		for j := 0; j+1 < len(item.Content); j += 2 {
			switch k := item.Content[j]; k.Value {
			case "authors", "title", "publisher", "year", "doi", "pmid", "url", "evidence":
			case "accessed":
				accessed = item.Content[j+1]
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
		if accessed != nil {
			s.Accessed = f.accessed(num, accessed, s, today)
		}
		switch {
		case s.Year == 0 && accessed == nil:
			f.add(f.at(item), "source %d: give year, the year of publication (or, for a web page with no date, accessed: the day you checked it)", num)
		case s.Year == 0 && (s.DOI != "" || s.PMID != ""):
			f.add(f.at(item), "source %d: a source with a doi or pmid has a publication year: give year (accessed is for undated web pages)", num)
		case s.Year != 0 && (s.Year < 1900 || s.Year > maxYear):
			f.add(f.at(item), "source %d: year must be a four-digit year, not %d", num, s.Year)
		}
		if s.DOI == "" && s.PMID == "" && s.URL == "" {
			f.add(f.at(item), "source %d: give at least one of doi, pmid or url", num)
		}
		if s.DOI != "" && !wellFormedDOI(s.DOI) {
			f.add(f.at(item), "source %d: doi %q should look like 10.1002/wps.21120 (no https://doi.org/ prefix)", num, s.DOI)
		}
		if s.PMID != "" && !wellFormedPMID(s.PMID) {
			f.add(f.at(item), "source %d: pmid %q must be digits only", num, s.PMID)
		}
		if s.URL != "" && !strings.HasPrefix(s.URL, "https://") {
			f.add(f.at(item), "source %d: url %q must start with https://", num, s.URL)
		}
		out = append(out, s)
	}
	return out
}

// accessed reads a source's accessed date: the day its web page was checked.
// It must be a date, not in the future (when today is known), and belong to
// a source with a url.
func (f *front) accessed(num int, n *yaml.Node, s Source, today time.Time) time.Time {
	d, err := time.Parse(DateLayout, strings.TrimSpace(n.Value))
	if n.Kind != yaml.ScalarNode || err != nil {
		f.add(f.at(n), "source %d: accessed must be a date like 2026-11-29, not %q", num, n.Value)
		return time.Time{}
	}
	if s.URL == "" {
		f.add(f.at(n), "source %d: accessed is the day a web page was checked: give it with the page's url", num)
	}
	if !today.IsZero() && d.After(today) {
		f.add(f.at(n), "source %d: accessed %s is in the future", num, d.Format(DateLayout))
	}
	return d
}

// mentionsSuicide finds text about suicide or self-harm.
var mentionsSuicide = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)suicid|self-harm|harm(ed|ing)? (them|your|him|her)sel(f|ves)`)
})

// checkCrisisLink requires a link to /help in any article that mentions
// suicide or self-harm: crisis contacts must sit next to such content.
func (f *front) checkCrisisLink(r rendered, lineOf func(int) int) {
	for _, l := range r.links {
		if l.dest == HelpPath {
			return
		}
	}
	for _, b := range r.blocks {
		if mentionsSuicide().MatchString(b.text) {
			f.add(lineOf(b.pos), "mentions suicide or self-harm but the article never links to %s: add %q", HelpPath, CrisisLine)
			return
		}
	}
}
