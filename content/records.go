package content

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The data files' heads (the catalog's topics, crisis lines and
// comparison, the texts list's, a shard file's and an article file's) are
// records: a line each, a tag naming what it holds, then its fields, all
// separated by tabs. Texts are quoted as Go quotes them
// (strconv.QuoteToGraphic, as the catalog's articles), ids and numbers
// are bare and lists of them are separated by spaces, dates are
// DateLayout ("" for none).
//
// Records rather than JSON for the app's start on a phone: the start read
// the catalog's head with encoding/json, and on a first visit Chromium
// compiles each function of app.wasm the first time it is called, on the
// main thread. A trace of a first visit at 4x CPU slowdown spent 464 ms of
// the task that reads the catalog compiling: encoding/json 156 ms,
// reflect 121 ms, time's parser 71 ms (the comparison's dates). Records
// need strconv and strings, which the catalog's articles use already.

// recordWriter writes records. The first field it cannot write (a tab in
// an id, a date not in UTC) is its error; it then writes nothing more.
type recordWriter struct {
	b     []byte
	lines int // the records written
	err   error
}

// record writes a record of tag and fields, each already written by one
// of the methods below.
func (w *recordWriter) record(tag string, fields ...string) {
	if w.err != nil {
		return
	}
	w.b = append(w.b, tag...)
	for _, f := range fields {
		w.b = append(w.b, '\t')
		w.b = append(w.b, f...)
	}
	w.b = append(w.b, '\n')
	w.lines++
}

// text is s as a record's field.
func (w *recordWriter) text(s string) string { return strconv.QuoteToGraphic(s) }

// id is an id, a code or a number as dialled: a field as it is, so it
// must have no space, tab or line break, and not be empty.
func (w *recordWriter) id(what, s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\r") {
		w.fail("the %s %q cannot be a record's field", what, s)
	}
	return s
}

// ids is a list of ids, separated by spaces.
func (w *recordWriter) ids(what string, l []string) string {
	for _, s := range l {
		w.id(what, s)
	}
	return strings.Join(l, " ")
}

// num is n as a record's field.
func (w *recordWriter) num(n int) string { return strconv.Itoa(n) }

// nums is a list of numbers, separated by spaces.
func (w *recordWriter) nums(l []int) string {
	s := make([]string, len(l))
	for i, n := range l {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, " ")
}

// date is t as DateLayout, "" for the zero time. A time of day or a zone
// other than UTC would be lost, and is an error.
func (w *recordWriter) date(what string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	s := t.Format(DateLayout)
	if d, ok := catalogDate(s); !ok || !d.Equal(t) || t.Location() != time.UTC {
		w.fail("the %s %v is not a date in UTC", what, t)
	}
	return s
}

func (w *recordWriter) fail(format string, a ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, a...)
	}
}

// recordReader reads records, one line at a time: next reads a line and
// gives its tag, and the methods below its fields. The first field that
// is not what it should be (or a record with too few or too many) is its
// error, naming the line; from then on fields read as zero.
type recordReader struct {
	lines  string   // what is left to read
	ln     int      // the present line's number in its file
	fields []string // the present record's fields, after its tag
	err    error
	where  string // for errors: "catalog line", "texts list line", ...
}

// next reads the next record, which must be one of tags, each with the
// number of fields given; ok is false at the end or once an error was
// found.
func (r *recordReader) next(tags map[string]int) (tag string, ok bool) {
	if r.err != nil || r.lines == "" {
		return "", false
	}
	var line string
	line, r.lines, _ = strings.Cut(r.lines, "\n")
	r.ln++
	tag, rest, _ := strings.Cut(line, "\t")
	n, known := tags[tag]
	if !known {
		r.fail("%q is not a record this file has", tag)
		return "", false
	}
	r.fields = r.fields[:0]
	if n > 0 {
		for range n - 1 {
			var f string
			f, rest, _ = strings.Cut(rest, "\t")
			r.fields = append(r.fields, f)
		}
		r.fields = append(r.fields, rest)
	}
	if got := strings.Count(line, "\t"); got != n {
		r.fail("the %s record has %d fields, not %d", tag, got, n)
		return "", false
	}
	return tag, true
}

// field is the present record's field i, or "" once there is an error.
func (r *recordReader) field(i int) string {
	if r.err != nil {
		return ""
	}
	return r.fields[i]
}

func (r *recordReader) text(i int, what string) string {
	f := r.field(i)
	if r.err != nil {
		return ""
	}
	s, ok := unquoteField(f)
	if !ok {
		r.fail("the %s %s is not a quoted string", what, f)
	}
	return s
}

func (r *recordReader) id(i int, what string) string {
	f := r.field(i)
	if r.err == nil && (f == "" || strings.Contains(f, " ")) {
		r.fail("the %s %q is not an id", what, f)
	}
	return f
}

func (r *recordReader) ids(i int) []string { return catalogIDs(r.field(i)) }

func (r *recordReader) num(i int, what string) int {
	f := r.field(i)
	if r.err != nil {
		return 0
	}
	n, err := strconv.Atoi(f)
	if err != nil {
		r.fail("the %s %q is not a number", what, f)
	}
	return n
}

func (r *recordReader) nums(i int, what string) []int {
	var l []int
	for _, f := range catalogIDs(r.field(i)) {
		n, err := strconv.Atoi(f)
		if err != nil {
			r.fail("the %s %q are not numbers", what, r.field(i))
			return nil
		}
		l = append(l, n)
	}
	return l
}

func (r *recordReader) date(i int, what string) time.Time {
	f := r.field(i)
	if f == "" {
		return time.Time{}
	}
	d, ok := catalogDate(f)
	if !ok {
		r.fail("the %s %q is not a date", what, f)
	}
	return d
}

// fail notes the first error, naming the present line.
func (r *recordReader) fail(format string, a ...any) {
	if r.err == nil {
		sep := " "
		if strings.HasSuffix(r.where, ":") {
			sep = "" // a path: path:3:
		}
		r.err = fmt.Errorf("%s%s%d: %s", r.where, sep, r.ln, fmt.Sprintf(format, a...))
	}
}

// The sources of an article and of the comparison are the same record.
const sourceFields = 9

func (w *recordWriter) source(s Source) {
	w.record("source", w.text(s.Authors), w.text(s.Title), w.text(s.Publisher), w.num(s.Year),
		w.date("accessed date", s.Accessed), w.text(s.DOI), w.text(s.PMID), w.text(s.URL), w.text(s.Evidence))
}

func (r *recordReader) source() Source {
	return Source{Authors: r.text(0, "authors"), Title: r.text(1, "title"), Publisher: r.text(2, "publisher"),
		Year: r.num(3, "year"), Accessed: r.date(4, "accessed date"), DOI: r.text(5, "DOI"), PMID: r.text(6, "PMID"),
		URL: r.text(7, "URL"), Evidence: r.text(8, "evidence")}
}

// catalogRecords are the records of the catalog's head (see catalog),
// with the number of fields of each.
var catalogRecords = map[string]int{
	"topic": 4, "for": 4, // id, label, description, group
	"crisis":    0,
	"region":    3, // code, name, countries
	"emergency": 4, // numbers, note, source, checked
	"service":   7, // name, area, for, hours, note, source, checked
	"directory": 7, // as service
	"action":    2, // label, href
	"compare":   5, // reviewed, next review, author, funding, interests
	"staying":   2, // text, cites
	"option":    3, // topic, name, covers
	"cell":      2, // text, cites
	"finding":   9, // trial, outcome, meaning, after, who, failed, range, note, cites
	"arm":       2, // name, out of 100
	"source":    sourceFields,
}

// writeHead writes c's topics, "Who it's for" entries, crisis lines and
// comparison as the catalog's head.
func (w *recordWriter) writeHead(c *Corpus) {
	for _, l := range []struct {
		tag    string
		topics []Topic
	}{{"topic", c.Topics}, {"for", c.For}} {
		for _, t := range l.topics {
			w.record(l.tag, w.id("topic id", t.ID), w.text(t.Label), w.text(t.Description), w.text(t.Group))
		}
	}
	if cr := c.Crisis; cr != nil {
		w.record("crisis")
		for _, r := range cr.Regions {
			w.record("region", w.id("region code", r.Code), w.text(r.Name), w.ids("country code", r.Countries))
			e := r.Emergency
			w.record("emergency", w.ids("emergency number", e.Numbers), w.text(e.Note), w.text(e.Source), w.date("checked date", e.Checked))
			for _, s := range r.Services {
				w.service("service", s)
			}
		}
		if cr.Directory != nil {
			w.service("directory", *cr.Directory)
		}
	}
	if cmp := c.Compare; cmp != nil {
		w.record("compare", w.date("reviewed date", cmp.Reviewed), w.date("next review date", cmp.NextReview),
			w.text(cmp.Author), w.text(cmp.Funding), w.text(cmp.Interests))
		w.cell("staying", cmp.Staying)
		for _, o := range cmp.Options {
			w.record("option", w.id("option's topic", o.Topic), w.text(o.Name), w.text(o.Covers))
			for _, cell := range o.Cells {
				w.cell("cell", cell)
			}
		}
		for _, s := range cmp.Sources {
			w.source(s)
		}
	}
}

func (w *recordWriter) service(tag string, s Service) {
	w.record(tag, w.text(s.Name), w.text(s.Area), w.text(s.For), w.text(s.Hours), w.text(s.Note), w.text(s.Source), w.date("checked date", s.Checked))
	for _, a := range s.Actions {
		w.record("action", w.text(a.Label), w.text(a.Href))
	}
}

func (w *recordWriter) cell(tag string, c CompareCell) {
	w.record(tag, w.text(c.Text), w.nums(c.Cite))
	for _, f := range c.Findings {
		w.record("finding", w.text(f.Trial), w.text(f.Outcome), w.text(f.Meaning), w.text(f.After), w.text(f.Who),
			w.text(f.Failed), w.text(f.Range), w.text(f.Note), w.nums(f.Cite))
		for _, a := range f.Arms {
			w.record("arm", w.text(a.Name), w.num(a.Per100))
		}
	}
}

// readHead reads n records of the catalog's head (writeHead) into c.
func (r *recordReader) readHead(c *Corpus, n int) {
	var (
		inDirectory bool // actions are the directory's
		inOption    bool // cells and findings are the last option's
	)
	service := func() *Service {
		switch {
		case inDirectory:
			return c.Crisis.Directory
		case c.Crisis == nil || len(c.Crisis.Regions) == 0 || len(c.Crisis.Regions[len(c.Crisis.Regions)-1].Services) == 0:
			return nil
		}
		reg := &c.Crisis.Regions[len(c.Crisis.Regions)-1]
		return &reg.Services[len(reg.Services)-1]
	}
	cell := func() *CompareCell {
		switch {
		case c.Compare == nil:
			return nil
		case !inOption:
			return &c.Compare.Staying
		}
		o := &c.Compare.Options[len(c.Compare.Options)-1]
		if len(o.Cells) == 0 {
			return nil
		}
		return &o.Cells[len(o.Cells)-1]
	}
	for range n {
		tag, ok := r.next(catalogRecords)
		if !ok {
			if r.err == nil {
				r.fail("the head was cut short: it has %d records", n)
			}
			return
		}
		// Each record goes after the one it belongs to: a service after
		// its region, a finding after its cell, and so on.
		out := func(after string) { r.fail("the %s record comes before any %s", tag, after) }
		switch tag {
		case "topic", "for":
			t := Topic{ID: r.id(0, "topic id"), Label: r.text(1, "label"), Description: r.text(2, "description"), Group: r.text(3, "group")}
			if tag == "topic" {
				c.Topics = append(c.Topics, t)
			} else {
				c.For = append(c.For, t)
			}
		case "crisis":
			c.Crisis = &Crisis{}
		case "region":
			if c.Crisis == nil || inDirectory {
				out("crisis")
				break
			}
			c.Crisis.Regions = append(c.Crisis.Regions, Region{Code: r.id(0, "region code"), Name: r.text(1, "name"), Countries: r.ids(2)})
		case "emergency":
			if c.Crisis == nil || len(c.Crisis.Regions) == 0 {
				out("region")
				break
			}
			c.Crisis.Regions[len(c.Crisis.Regions)-1].Emergency = Emergency{Numbers: r.ids(0), Note: r.text(1, "note"), Source: r.text(2, "source"), Checked: r.date(3, "checked date")}
		case "service", "directory":
			s := Service{Name: r.text(0, "name"), Area: r.text(1, "area"), For: r.text(2, "for"), Hours: r.text(3, "hours"),
				Note: r.text(4, "note"), Source: r.text(5, "source"), Checked: r.date(6, "checked date")}
			switch {
			case c.Crisis == nil || (tag == "service" && (inDirectory || len(c.Crisis.Regions) == 0)):
				out("region")
			case tag == "directory" && c.Crisis.Directory != nil:
				r.fail("a second directory")
			case tag == "directory":
				c.Crisis.Directory, inDirectory = &s, true
			default:
				reg := &c.Crisis.Regions[len(c.Crisis.Regions)-1]
				reg.Services = append(reg.Services, s)
			}
		case "action":
			s := service()
			if s == nil {
				out("service")
				break
			}
			s.Actions = append(s.Actions, Action{Label: r.text(0, "label"), Href: r.text(1, "href")})
		case "compare":
			if c.Compare != nil {
				r.fail("a second comparison")
				break
			}
			c.Compare = &Comparison{Reviewed: r.date(0, "reviewed date"), NextReview: r.date(1, "next review date"),
				Author: r.text(2, "author"), Funding: r.text(3, "funding"), Interests: r.text(4, "interests")}
		case "staying", "cell":
			cl := CompareCell{Text: r.text(0, "text"), Cite: r.nums(1, "cites")}
			switch {
			case c.Compare == nil:
				out("compare")
			case tag == "staying" && inOption:
				out("option") // in reverse: staying comes first
			case tag == "staying":
				c.Compare.Staying = cl
			case !inOption:
				out("option")
			default:
				o := &c.Compare.Options[len(c.Compare.Options)-1]
				o.Cells = append(o.Cells, cl)
			}
		case "option":
			if c.Compare == nil {
				out("compare")
				break
			}
			c.Compare.Options = append(c.Compare.Options, CompareOption{Topic: r.id(0, "option's topic"), Name: r.text(1, "name"), Covers: r.text(2, "covers")})
			inOption = true
		case "finding":
			cl := cell()
			if cl == nil {
				out("cell")
				break
			}
			cl.Findings = append(cl.Findings, Finding{Trial: r.text(0, "trial"), Outcome: r.text(1, "outcome"), Meaning: r.text(2, "meaning"),
				After: r.text(3, "after"), Who: r.text(4, "who"), Failed: r.text(5, "failed"), Range: r.text(6, "range"), Note: r.text(7, "note"), Cite: r.nums(8, "cites")})
		case "arm":
			cl := cell()
			if cl == nil || len(cl.Findings) == 0 {
				out("finding")
				break
			}
			f := &cl.Findings[len(cl.Findings)-1]
			f.Arms = append(f.Arms, Arm{Name: r.text(0, "name"), Per100: r.num(1, "out of 100")})
		case "source":
			if c.Compare == nil {
				out("compare")
				break
			}
			c.Compare.Sources = append(c.Compare.Sources, r.source())
		}
	}
}

// firstRecord reads a data file's first record: tag with n fields, the
// first the format version. where starts its errors ("catalog line", or a
// file's path and a colon). A file of another version is an error naming
// the version, whatever its layout: before version 14 the first line was
// JSON ({"version":13,...).
func firstRecord(b []byte, tag string, n int, where string) (*recordReader, error) {
	r := &recordReader{lines: string(b), where: where}
	line, _, _ := strings.Cut(r.lines, "\n")
	v := bundleVersion
	if rest, ok := strings.CutPrefix(line, tag+"\t"); ok {
		f, _, _ := strings.Cut(rest, "\t")
		if n, err := strconv.Atoi(f); err == nil {
			v = n
		}
	} else if rest, ok := strings.CutPrefix(line, `{"version":`); ok {
		v, _ = strconv.Atoi(rest[:len(rest)-len(strings.TrimLeft(rest, "0123456789"))])
	}
	if v != bundleVersion {
		r.ln = 1
		r.fail("%v", versionError(v))
		return nil, r.err
	}
	if _, ok := r.next(map[string]int{tag: n}); !ok {
		if r.err == nil {
			r.ln = 1
			r.fail("the file is empty")
		}
		return nil, r.err
	}
	return r, nil
}
