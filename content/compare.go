package content

// This file holds the treatment comparison as the app reads it (it builds
// for the wasm too: no YAML here). It comes from compare.yaml, read and
// checked by loadCompare (compare_load.go), and reaches the wasm in the
// bundle. /compare?t=ect&t=tms shows the chosen options side by side.

import (
	"slices"
	"time"
)

// CompareFile is the comparison's file inside the corpus.
const CompareFile = "compare.yaml"

// The comparison's limits: how many options a reader compares at once.
const (
	CompareMin = 2
	CompareMax = 4
)

// CompareKey is the query key that names an option: /compare?t=ect&t=tms.
const CompareKey = "t"

// ResultsRow is the row whose cells hold trial findings, not text.
const ResultsRow = "results"

// CompareRow is one question every option answers, in the order shown.
type CompareRow struct {
	ID       string `json:"id"`
	Question string `json:"question"`
}

// CompareRows are the comparison's rows, patients' questions first ("Will
// it work?" and "How is it given?"). Every option answers every one: check
// refuses an option with a row missing. They are the comparison's shape,
// not its content, so they live here rather than in the data file.
var CompareRows = []CompareRow{
	{"how", "How is it given?"},
	{"onset", "How long until it may help?"},
	{"course", "What does a course involve?"},
	{ResultsRow, "What did trials find?"},
	{"common", "Common side effects"},
	{"serious", "Serious risks"},
	{"caution", "Who should not have it, or needs extra care?"},
	{"access", "Getting it"},
}

// Comparison is compare.yaml: the options a reader can compare, each
// answering every row, with the numbered sources the cells cite, the dates
// it was checked, and who wrote and paid for it. Each source carries its
// Evidence note (what kind of study it is, how many people), which the
// page shows under every cell that cites it.
type Comparison struct {
	Reviewed   time.Time       `json:"reviewed"`
	NextReview time.Time       `json:"next_review"`
	Author     string          `json:"author"`    // who wrote it
	Funding    string          `json:"funding"`   // who paid for it (decision aids must say)
	Interests  string          `json:"interests"` // the authors' conflicts of interest
	Staying    CompareCell     `json:"staying"`   // staying on the current treatment
	Options    []CompareOption `json:"options"`
	Sources    []Source        `json:"sources"` // numbered from 1 in this order

	// Readability is for check -report and stays out of the bundle.
	Readability Readability `json:"-"`
}

// CompareOption is one therapy topic as an option: its name in the
// comparison, which treatments its numbers are about, and one cell per
// row of CompareRows (same order).
type CompareOption struct {
	Topic  string        `json:"topic"` // a therapy topic id of topics.yaml
	Name   string        `json:"name"`
	Covers string        `json:"covers"`
	Cells  []CompareCell `json:"cells"`
}

// CompareCell is one answer: plain text and the numbers of the sources it
// cites; in the results row, trial findings instead of text.
type CompareCell struct {
	Text     string    `json:"text,omitempty"`
	Cite     []int     `json:"cite"`
	Findings []Finding `json:"findings,omitempty"`
}

// Finding is what one trial found, always as "X out of 100" over a stated
// time, for the people it was about.
type Finding struct {
	Trial   string `json:"trial"`
	Outcome string `json:"outcome"` // "response" or "remission"
	Meaning string `json:"meaning"` // what the outcome meant in this trial
	After   string `json:"after"`   // the time frame: "after 8 weeks"
	Who     string `json:"who"`     // who was in the trial
	Failed  string `json:"failed"`  // how many treatments had failed before
	Arms    []Arm  `json:"arms"`    // the first is this option's
	Range   string `json:"range,omitempty"`
	Note    string `json:"note,omitempty"`
	Cite    []int  `json:"cite"`
}

// Arm is one group of a trial and how many out of 100 had the outcome.
type Arm struct {
	Name   string `json:"name"`
	Per100 int    `json:"per100"`
}

// Option returns the option for the topic id, or nil.
func (c *Comparison) Option(topic string) *CompareOption {
	if c == nil {
		return nil
	}
	for i := range c.Options {
		if c.Options[i].Topic == topic {
			return &c.Options[i]
		}
	}
	return nil
}

// Topics are the ids of every option, in the file's order.
func (c *Comparison) Topics() []string {
	if c == nil {
		return nil
	}
	out := make([]string, len(c.Options))
	for i, o := range c.Options {
		out[i] = o.Topic
	}
	return out
}

// Selected reads a choice of options from the ?t= values: the known ones,
// in the file's order, once each. ok is whether there are CompareMin to
// CompareMax of them.
func (c *Comparison) Selected(want []string) (ids []string, ok bool) {
	for _, t := range c.Topics() {
		if slices.Contains(want, t) {
			ids = append(ids, t)
		}
	}
	return ids, len(ids) >= CompareMin && len(ids) <= CompareMax
}
