//go:build !wasm

package content

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// regionCode is a region's code: an ISO 3166-1 alpha-2 code, or EU.
var regionCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z]{2}$`) })

// loadCrisis reads and checks crisis-lines.yaml. A corpus without the file
// has no crisis data (nil, no problems): /help then shows only the
// emergency advice and the directory, and an article using {{crisis-lines}}
// is refused. Every entry needs its source (an https page) and the day it
// was checked, not in the future when opt.Today is set.
func loadCrisis(fsys fs.FS, opt Options) (*Crisis, Problems) {
	src, err := fs.ReadFile(fsys, CrisisFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return parseCrisis(src, opt)
}

// parseCrisis parses and checks the crisis lines' YAML.
func parseCrisis(src []byte, opt Options) (*Crisis, Problems) {
	f := &front{file: CrisisFile, first: 1}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		f.yamlError(err)
		return nil, f.probs
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		f.add(1, "expected a mapping with regions: and directory:")
		return nil, f.probs
	}
	var today time.Time
	if !opt.Today.IsZero() {
		today = opt.Today.UTC().Truncate(24 * time.Hour)
	}
	c := &Crisis{}
	top := f.fields(root.Content[0], "the file", "regions", "directory")
	regions := top["regions"]
	switch {
	case regions == nil:
		f.add(1, "missing regions: the list of countries and their crisis lines")
	case regions.Kind != yaml.SequenceNode || len(regions.Content) == 0:
		f.add(f.at(regions), "regions must be a non-empty list")
	default:
		seen := map[string]int{}
		for _, item := range regions.Content {
			r, ok := f.region(item, today)
			if !ok {
				continue
			}
			if line, dup := seen[r.Code]; dup {
				f.add(f.at(item), "duplicate region code %q (also line %d)", r.Code, line)
				continue
			}
			seen[r.Code] = f.at(item)
			c.Regions = append(c.Regions, r)
		}
	}
	if d := top["directory"]; d != nil {
		s := f.service(d, "directory", today)
		c.Directory = &s
	} else {
		f.add(1, "missing directory: the online directory of helplines shown last, for everywhere else")
	}
	return c, f.probs
}

// fields returns a mapping's values by key, reporting keys given twice and
// keys not in known.
func (f *front) fields(n *yaml.Node, what string, known ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		f.add(f.at(n), "%s must be a mapping of fields (%s)", what, strings.Join(known, ", "))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !contains(known, k.Value):
			f.add(f.at(k), "%s: unknown field %q (known: %s)", what, k.Value, strings.Join(known, ", "))
		case out[k.Value] != nil:
			f.add(f.at(k), "%s: field %q is given twice", what, k.Value)
		default:
			out[k.Value] = v
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// str reads a text field; required ones must be present and not empty.
func (f *front) str(fields map[string]*yaml.Node, key, what string, at int, required bool) string {
	n := fields[key]
	if n == nil {
		if required {
			f.add(at, "%s: missing %s", what, key)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		f.add(f.at(n), "%s: %s must be text", what, key)
		return ""
	}
	return strings.Join(strings.Fields(n.Value), " ")
}

// sourceAndChecked reads an entry's source and checked date.
func (f *front) sourceAndChecked(fields map[string]*yaml.Node, what string, at int, today time.Time) (string, time.Time) {
	src := f.str(fields, "source", what, at, true)
	if src != "" && (!strings.HasPrefix(src, "https://") || strings.ContainsAny(src, " \"'<>")) {
		f.add(f.at(fields["source"]), "%s: source %q must be an https:// address: the service's own page or a government page", what, src)
		src = ""
	}
	n := fields["checked"]
	if n == nil {
		f.add(at, "%s: missing checked: the day you confirmed it on the source page, like 2026-11-29", what)
		return src, time.Time{}
	}
	d, err := time.Parse(DateLayout, strings.TrimSpace(n.Value))
	if n.Kind != yaml.ScalarNode || err != nil {
		f.add(f.at(n), "%s: checked must be a date like 2026-11-29, not %q", what, n.Value)
		return src, time.Time{}
	}
	if !today.IsZero() && d.After(today) {
		f.add(f.at(n), "%s: checked %s is in the future", what, d.Format(DateLayout))
	}
	return src, d
}

func (f *front) region(n *yaml.Node, today time.Time) (Region, bool) {
	fields := f.fields(n, "region", "code", "name", "countries", "emergency", "services")
	at := f.at(n)
	r := Region{Code: f.str(fields, "code", "region", at, true)}
	what := "region"
	if r.Code != "" {
		what = "region " + r.Code
		if !regionCode().MatchString(r.Code) {
			f.add(f.at(fields["code"]), "region code %q must be two capital letters (ISO 3166-1, or EU)", r.Code)
			return r, false
		}
	}
	r.Name = f.str(fields, "name", what, at, true)
	if cs := fields["countries"]; cs != nil {
		if cs.Kind != yaml.SequenceNode {
			f.add(f.at(cs), "%s: countries must be a list of two-letter codes", what)
		}
		for _, c := range cs.Content {
			if !regionCode().MatchString(c.Value) {
				f.add(f.at(c), "%s: country %q must be two capital letters", what, c.Value)
				continue
			}
			r.Countries = append(r.Countries, c.Value)
		}
	}
	if e := fields["emergency"]; e == nil {
		f.add(at, "%s: missing emergency: its emergency numbers, source and checked date", what)
	} else {
		ef := f.fields(e, what+" emergency", "numbers", "note", "source", "checked")
		eat := f.at(e)
		nums := ef["numbers"]
		if nums == nil || nums.Kind != yaml.SequenceNode || len(nums.Content) == 0 {
			f.add(eat, "%s emergency: numbers must be a list like [\"999\", \"112\"]", what)
		} else {
			for _, num := range nums.Content {
				if msg := validHref("tel:" + num.Value); msg != "" || num.Kind != yaml.ScalarNode {
					f.add(f.at(num), "%s emergency: number %q must be digits only", what, num.Value)
					continue
				}
				r.Emergency.Numbers = append(r.Emergency.Numbers, num.Value)
			}
		}
		r.Emergency.Note = f.str(ef, "note", what+" emergency", eat, false)
		r.Emergency.Source, r.Emergency.Checked = f.sourceAndChecked(ef, what+" emergency", eat, today)
	}
	if s := fields["services"]; s != nil {
		if s.Kind != yaml.SequenceNode {
			f.add(f.at(s), "%s: services must be a list", what)
		} else {
			for i, item := range s.Content {
				r.Services = append(r.Services, f.service(item, fmt.Sprintf("%s service %d", what, i+1), today))
			}
		}
	}
	return r, r.Code != ""
}

func (f *front) service(n *yaml.Node, what string, today time.Time) Service {
	fields := f.fields(n, what, "name", "area", "for", "hours", "note", "actions", "source", "checked")
	at := f.at(n)
	s := Service{Name: f.str(fields, "name", what, at, true)}
	if s.Name != "" {
		what += " (" + s.Name + ")"
	}
	s.Area = f.str(fields, "area", what, at, false)
	s.For = f.str(fields, "for", what, at, true)
	s.Hours = f.str(fields, "hours", what, at, true)
	s.Note = f.str(fields, "note", what, at, false)
	acts := fields["actions"]
	if acts == nil || acts.Kind != yaml.SequenceNode || len(acts.Content) == 0 {
		f.add(at, "%s: actions must list at least one way to reach it (label and href: tel:, sms: or https://)", what)
	} else {
		for _, item := range acts.Content {
			af := f.fields(item, what+" action", "label", "href")
			a := Action{Label: f.str(af, "label", what+" action", f.at(item), true), Href: f.str(af, "href", what+" action", f.at(item), true)}
			if a.Href != "" {
				if msg := validHref(a.Href); msg != "" {
					f.add(f.at(af["href"]), "%s: href %q %s", what, a.Href, msg)
					continue
				}
			}
			if a.Label != "" && a.Href != "" {
				s.Actions = append(s.Actions, a)
			}
		}
	}
	s.Source, s.Checked = f.sourceAndChecked(fields, what, at, today)
	return s
}
