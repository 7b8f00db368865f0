package content

// This file holds the crisis lines as the app reads them (it builds for the
// wasm too: no YAML here). They come from crisis-lines.yaml, read and
// checked by loadCrisis (crisis_load.go), and reach the wasm in the bundle.

import (
	"strings"
	"time"
)

// CrisisFile is the crisis lines' file inside the corpus.
const CrisisFile = "crisis-lines.yaml"

// Crisis is every crisis line the app lists: one Region per country (or
// group of countries), in the file's order, which is the order shown when
// the reader's region is unknown, and the directory shown last, for
// everywhere else.
type Crisis struct {
	Regions   []Region `json:"regions"`
	Directory *Service `json:"directory,omitempty"`
}

// Region is a country or group of countries: its code (ISO 3166-1 alpha-2,
// or EU), its name, its emergency numbers and its crisis lines.
type Region struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Emergency Emergency `json:"emergency"`
	Services  []Service `json:"services"`
	// Countries are more ISO codes whose readers this region serves (for
	// EU, its member states): a browser language tag with one of them
	// puts the region first.
	Countries []string `json:"countries,omitempty"`
}

// Emergency is a region's emergency numbers and where they were confirmed.
type Emergency struct {
	Numbers []string  `json:"numbers"` // digits as dialled: "999", "112"
	Note    string    `json:"note,omitempty"`
	Source  string    `json:"source"`
	Checked time.Time `json:"checked"`
}

// Service is one crisis line: who runs it, who it is for, when it answers,
// how to reach it, and the page (the service's own or a government page)
// that confirmed it on the day it was checked.
type Service struct {
	Name    string    `json:"name"`
	Area    string    `json:"area,omitempty"` // part of the region it serves, such as "Scotland"
	For     string    `json:"for"`
	Hours   string    `json:"hours"`
	Note    string    `json:"note,omitempty"`
	Actions []Action  `json:"actions"`
	Source  string    `json:"source"`
	Checked time.Time `json:"checked"`
}

// Action is one way to reach a service: a label ("Call 116 123") and its
// address: tel: or sms: with digits (and a leading +) only, or https:.
type Action struct {
	Label string `json:"label"`
	Href  string `json:"href"`
}

// Kind is "call", "text" or "web", from the action's address.
func (a Action) Kind() string {
	switch {
	case strings.HasPrefix(a.Href, "tel:"):
		return "call"
	case strings.HasPrefix(a.Href, "sms:"):
		return "text"
	}
	return "web"
}

// SafeHref returns the action's address if it is one the checker accepts
// (tel: or sms: with digits, https: without quotes or spaces), else "". So
// even data that never went through check cannot put a javascript: address
// on a page.
func (a Action) SafeHref() string {
	if validHref(a.Href) == "" {
		return a.Href
	}
	return ""
}

// validHref explains what is wrong with an action's address, or returns "".
func validHref(h string) string {
	switch {
	case strings.HasPrefix(h, "tel:") || strings.HasPrefix(h, "sms:"):
		n := h[4:]
		if n == "" {
			return "has no number"
		}
		for i, r := range n {
			if !(r >= '0' && r <= '9') && !(r == '+' && i == 0) {
				return "must be digits only (a leading + allowed): write the spaced form in the label"
			}
		}
		return ""
	case strings.HasPrefix(h, "https://") && len(h) > len("https://"):
		if strings.ContainsAny(h, " \"'<>\\") {
			return "must not contain spaces, quotes or angle brackets"
		}
		return ""
	}
	return "must start with tel:, sms: or https://"
}

// Region returns the region with the code, or nil.
func (c *Crisis) Region(code string) *Region {
	if c == nil {
		return nil
	}
	for i := range c.Regions {
		if c.Regions[i].Code == code {
			return &c.Regions[i]
		}
	}
	return nil
}

// RegionFor returns the code of the region that serves a browser language
// tag's region ("en-CA" → "CA", "en-GB" → "GB", "de-AT" → "EU" when EU
// lists AT), or "" when the tag names no region the data covers. "UK" is
// read as GB. Script subtags are skipped ("zh-Hant-TW" → TW).
func (c *Crisis) RegionFor(tag string) string {
	if c == nil {
		return ""
	}
	parts := strings.FieldsFunc(tag, func(r rune) bool { return r == '-' || r == '_' })
	var country string
	for _, p := range parts[min(1, len(parts)):] {
		if len(p) == 2 && isLetters(p) {
			country = strings.ToUpper(p)
			break
		}
	}
	if country == "" {
		return ""
	}
	if country == "UK" {
		country = "GB"
	}
	for _, r := range c.Regions {
		if r.Code == country {
			return r.Code
		}
	}
	for _, r := range c.Regions {
		for _, cc := range r.Countries {
			if cc == country {
				return r.Code
			}
		}
	}
	return ""
}

func isLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// Ordered returns the regions with the one whose code is first leading and
// the others in the file's order. An unknown or empty code gives the file's
// order. The data is not changed.
func (c *Crisis) Ordered(first string) []Region {
	if c == nil {
		return nil
	}
	out := make([]Region, 0, len(c.Regions))
	for _, r := range c.Regions {
		if r.Code == first {
			out = append(out, r)
		}
	}
	for _, r := range c.Regions {
		if r.Code != first {
			out = append(out, r)
		}
	}
	return out
}
