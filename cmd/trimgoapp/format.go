package main

// formatWithoutFmt: FormatString formats one string, bool or int as "%v"
// itself, without fmt.Sprintf, which formats them the same.
//
// Every Aria and DataSet setter go-app generates (html_gen.go, 220 of
// them) formats its value with FormatString("%v", v), and Attr does too
// for values it does not know. In a CPU profile of twelve filter taps at
// 10,000 articles (Chromium, no throttling), rendering the list's 50 save
// buttons spent 25 ms of 457 in htmlButton.Aria, nearly all of it in
// fmt: two aria attributes a button, each a pass through fmt's printer
// and a string allocated for "true". Values of other types, a type
// defined on string included, and other formats still go to fmt.
//
// Its test (strings_format_test.go, run by TestMarkupInGoApp) checks that
// the result is fmt's for values of many types, and that a bool or an int
// is formatted with no allocation, which fmt cannot do.
var formatWithoutFmt = []edit{
	{file: "strings.go",
		old: []string{"\tif len(v) == 0 {\n\t\treturn format\n\t}\n\treturn fmt.Sprintf(format, v...)\n"},
		new: []string{`	if len(v) == 0 {
		return format
	}
	// One string, bool or int as "%v", what the generated setters pass
	// (Aria, DataSet): formatted as fmt does, without its printer.
	if format == "%v" && len(v) == 1 {
		switch v := v[0].(type) {
		case string:
			return v
		case bool:
			return strconv.FormatBool(v)
		case int:
			return strconv.Itoa(v)
		}
	}
	return fmt.Sprintf(format, v...)
`}},
	{file: "strings_format_test.go", new: []string{`package app

import (
	"fmt"
	"testing"
)

func TestFormatStringAsFmt(t *testing.T) {
	type label string
	for _, v := range []any{"", "a label", true, false, 0, -42, 7, label("named"), 1.5, int64(3), nil, []int{1}, struct{ A int }{1}} {
		if got, want := FormatString("%v", v), fmt.Sprintf("%v", v); got != want {
			t.Errorf("FormatString(%%v, %#v) = %q, want %q", v, got, want)
		}
	}
	if got := FormatString("%v-%v", 1, true); got != "1-true" {
		t.Errorf("two values: %q", got)
	}
	var s string
	for _, v := range []any{true, 7} {
		if n := testing.AllocsPerRun(100, func() { s = FormatString("%v", v) }); n != 0 {
			t.Errorf("FormatString(%%v, %#v) allocates %v times: fmt formats it", v, n)
		}
	}
	_ = s
}
`}},
}
