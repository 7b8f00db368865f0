package main

// mountFromMarkup: the browser mounts a tree of plain HTML elements and
// texts from one string through its HTML parser, instead of go-app making
// one call through syscall/js per element, attribute, text and append.
// Every string passed and node returned is a js.Value with a finalizer,
// and those calls were most of a page's mount: in a V8 CPU profile of the
// app's start (Chromium, 4x CPU), mounting the home page (409 elements,
// 221 texts, 568 attributes) took 240 ms, 160 ms of it in the calls and
// 66 ms in runtime.SetFinalizer. With this edit, go-app's first
// navigation, timed in the page at 4x CPU, took a median 186 ms against
// 305 ms (eight interleaved runs each). Siblings added together, such as
// the entries a filter tap adds to a list, are mounted from one string
// for all of them (mountRunFromMarkup, called by keptChildren's
// updateChildren). The new file says why each kind of node is left to
// the usual mount. Its test
// (mount_markup_test.go, run by TestMarkupInGoApp) checks the markup and
// the holes; TestMountFromMarkup (cmd/nextsteps) checks in Chromium that
// pages are mounted from markup and equal their pre-rendered DOM, and the
// other browser tests use every page.
var mountFromMarkup = []edit{
	{file: "node.go",
		old: []string{"\tjsElement, _ := Window().createElement(v.Tag(), v.XMLNamespace())\n\tv = v.setJSElement(jsElement)\n"},
		new: []string{`	if ok, err := m.mountRunFromMarkup(ctx, depth, []UI{v}); ok {
		return v, err
	}

	jsElement, _ := Window().createElement(v.Tag(), v.XMLNamespace())
	v = v.setJSElement(jsElement)
`}},
	{file: "mount_markup.go", new: []string{`package app

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/errors"
)

// Mounting from markup: a tree of HTML elements and texts is built by the
// browser's HTML parser from one string, instead of by one call through
// syscall/js for each element, attribute, text and append.
//
// Each of those calls costs more than the DOM work it asks for: every
// string passed to JavaScript and every node returned becomes a js.Value
// with a finalizer. Profiled in Chromium at 4x CPU, mounting a page of
// about 400 elements, 220 texts and 560 attributes took 240 ms: 160 ms in
// those calls, 66 ms of it in runtime.SetFinalizer alone. From markup, the
// same tree takes one string, then one call per node to find it
// (firstChild, nextSibling).
//
// The markup says exactly what mountHTML would build: every attribute as
// setJSAttribute sets it, every text as it is. What markup cannot say is
// left a hole, written as an empty comment and then mounted the usual way
// in its place: components, raw HTML, elements in another namespace,
// elements whose content the parser does not read as plain markup
// (script, style, textarea, pre, ...), elements with an attribute go-app
// sets as a DOM property (value, checked, ...) or a name the parser would
// read otherwise, empty texts and a text right after another (the parser
// drops or merges them), and texts or values holding \r or \x00 (which
// the parser rewrites). Before any node is used, the parsed tree is
// checked against the expected one: every node where it should be and no
// element more. A tree the parser built otherwise (it moves a <div> out of
// a <p>) is mounted the usual way instead.

// markupMinSaving is how many calls through syscall/js mounting from
// markup must save (saving) to be used. Parsing costs eight of its own
// (a parent element, its markup, the nodes found, the checks), and the markup
// and the parser cost something too: a tree must save eight calls more
// than that, or it is mounted the usual way (a topic's link in a list
// item, 2 elements, saves 8 and no more).
const markupMinSaving = 16

// mountRunFromMarkup mounts vs, siblings added together (a list's new
// entries, or one element), from one markup string: the browser's HTML
// parser runs once for all of them, where a run mounted one by one runs
// it for each. Setting up a parse costs more than parsing a list's entry:
// in a CPU profile of a filter tap at 4x CPU slowdown, the innerHTML
// setter was a quarter of the mount of each entry. ok is false when it did
// not try (a sibling that is not an HTML element markup can say, or one
// too small to be mounted from markup alone), and vs are then mounted the
// usual way. Mounted siblings are children of a detached element (or of a
// template's content), for the caller to move where they go. mountHTML
// calls it for one element, updateChildren for the children it adds;
// the server, which has no parser, mounts the usual way.
func (m nodeManager) mountRunFromMarkup(ctx Context, depth uint, vs []UI) (ok bool, err error) {
	if !IsClient || len(vs) == 0 {
		return false, nil
	}
	// Every sibling must save enough alone: then a run saves a parse for
	// each after the first. Small siblings (a list's topic links) stay
	// with the usual mount, which is quicker for them than any parse.
	w := markupWriter{resolve: ctx.ResolveStaticResource}
	inTable := false
	for _, v := range vs {
		e, isHTML := v.(HTML)
		before := w.saving()
		if !isHTML || e.Mounted() || !w.writeTop(e) || w.saving()-before < markupMinSaving {
			return false, nil
		}
		inTable = inTable || markupInTable(e.Tag())
	}

	// The parser builds the nodes in the page's document, under a
	// detached <div>: a <template> would build them in its own inert
	// document, and every node would then be adopted into the page's
	// when mounted, and a hole's nodes adopted into the template's first.
	// A table's parts are parsed in the only place the parser keeps them.
	context := "div"
	if inTable {
		context = "template"
	}
	parent, err := Window().createElement(context, "")
	if err != nil {
		return false, nil
	}
	parent.setInnerHTML(w.b.String())
	if inTable {
		parent = parent.Get("content")
	}
	// Checked before any node is used: a node for each sibling, each with
	// the elements and texts written under it, and no element more (the
	// parser moves a <div> out of a <p>, after it).
	if parent.Get("childNodes").Get("length").Int() != len(vs) ||
		parent.Call("querySelectorAll", "*").Get("length").Int() != w.elements {
		return false, nil
	}
	nodes := make([]Value, 0, len(w.holes))
	node := parent.firstChild()
	for i, v := range vs {
		if i > 0 {
			node = node.Get("nextSibling")
		}
		if !isNode(node) || !w.collect(node, v, &nodes) {
			return false, nil
		}
	}
	if len(nodes) != len(w.holes) {
		return false, nil
	}

	next := 0
	for _, v := range vs {
		if err := m.attachMarkup(ctx, depth, v, &w, nodes, &next); err != nil {
			return true, err
		}
	}
	return true, nil
}

// isNode reports whether a node was found: firstChild and nextSibling are
// null where there is none.
func isNode(v Value) bool {
	return v != nil && !v.IsNull() && !v.IsUndefined()
}

// collect appends, in document order, the parsed node of v and of every
// element and text written under it (for a hole, its comment), node being
// v's. It reports false where a node is missing.
func (w *markupWriter) collect(node Value, v UI, nodes *[]Value) bool {
	hole := w.holes[len(*nodes)]
	*nodes = append(*nodes, node)
	e, ok := v.(HTML)
	if hole || !ok {
		return true
	}
	child := node.firstChild()
	for i, c := range e.body() {
		if i > 0 {
			child = child.Get("nextSibling")
		}
		if !isNode(child) || !w.collect(child, c, nodes) {
			return false
		}
	}
	return true
}

// attachMarkup gives v and what was written under it their parsed nodes,
// in the order collect found them, and does the rest of what mountHTML
// does: event handlers, depths, parents, and the holes, each mounted and
// put in the place of its comment.
func (m nodeManager) attachMarkup(ctx Context, depth uint, v UI, w *markupWriter, nodes []Value, next *int) error {
	node := nodes[*next]
	*next++
	switch v := v.(type) {
	case *text:
		v.jsvalue = node
	case HTML:
		ctx = m.context(ctx, v)
		v = v.setJSElement(node)
		m.mountHTMLEventHandlers(ctx, v)
		v = v.setDepth(depth).(HTML)
		children := v.body()
		for i, child := range children {
			var err error
			if w.holes[*next] {
				comment := nodes[*next]
				*next++
				if child, err = m.Mount(ctx, depth+1, child); err != nil {
					return errors.New("mounting child failed").
						WithTag("type", reflect.TypeOf(v)).
						WithTag("tag", v.Tag()).
						WithTag("depth", depth).
						WithTag("index", i).
						Wrap(err)
				}
				node.replaceChild(child, comment)
			} else if err = m.attachMarkup(ctx, depth+1, child, w, nodes, next); err != nil {
				return err
			}
			children[i] = child.setParent(v)
		}
	}
	return nil
}

// markupWriter writes a tree's markup for mountRunFromMarkup.
type markupWriter struct {
	resolve func(string) string // ctx.ResolveStaticResource, for URLs

	b bytes.Buffer
	// holes has an entry for each element, text and hole written, in
	// document order: true for a hole.
	holes []bool
	// elements, texts and attributes count what was written, for saving;
	// the rest of holes' entries are holes.
	elements, texts, attributes int
}

// saving is about how many calls through syscall/js mounting from markup
// saves. The usual mount makes three per element and text (the document,
// the node, the append) and one per attribute and hole (its append); from
// markup, one per node to find it and one more per hole to replace its
// comment.
func (w *markupWriter) saving() int {
	holes := len(w.holes) - w.elements - w.texts
	usual := 3*w.elements + 3*w.texts + w.attributes + holes
	fromMarkup := w.elements + w.texts + 2*holes
	return usual - fromMarkup
}

// writeTop writes v, and reports false if v itself cannot be written.
func (w *markupWriter) writeTop(v HTML) bool {
	if !w.canWrite(v) {
		return false
	}
	w.write(v, false)
	return true
}

// write writes v, or a hole for it, and reports whether it wrote a text;
// afterText is whether the markup before v ends with a text.
func (w *markupWriter) write(v UI, afterText bool) (wroteText bool) {
	switch v := v.(type) {
	case *text:
		if v.value == "" || afterText || !markupSafe(v.value) {
			w.hole()
			return false
		}
		w.holes = append(w.holes, false)
		w.texts++
		markupEscaper.WriteString(&w.b, v.value)
		return true
	case HTML:
		if !w.canWrite(v) {
			w.hole()
			return false
		}
		w.holes = append(w.holes, false)
		w.elements++
		w.b.WriteByte('<')
		w.b.WriteString(v.Tag())
		attrs := v.attrs()
		for _, name := range attrs.sortedNames() {
			value := attrs[name]
			if isSetAsBooleanProperty(name) {
				// Set as DOM properties (setJSAttribute): true when the
				// value parses as true, and then present.
				if b, _ := strconv.ParseBool(value); !b {
					continue
				}
				value = ""
			}
			w.attributes++
			w.b.WriteByte(' ')
			w.b.WriteString(name)
			w.b.WriteString("=\"")
			markupAttrEscaper.WriteString(&w.b, resolveAttributeURLValue(name, value, w.resolve))
			w.b.WriteByte('"')
		}
		w.b.WriteByte('>')
		if v.SelfClosing() {
			return false
		}
		afterText := false
		for _, c := range v.body() {
			afterText = w.write(c, afterText)
		}
		w.b.WriteString("</")
		w.b.WriteString(v.Tag())
		w.b.WriteByte('>')
	default:
		w.hole()
	}
	return false
}

func (w *markupWriter) hole() {
	w.holes = append(w.holes, true)
	w.b.WriteString("<!---->")
}

// canWrite reports whether markup can say what mountHTML builds for v
// itself (its children may still be holes).
func (w *markupWriter) canWrite(v HTML) bool {
	if v.XMLNamespace() != "" || !markupName(v.Tag(), false) || markupOpaque(v.Tag()) {
		return false
	}
	if v.SelfClosing() && len(v.body()) > 0 {
		return false
	}
	for name, value := range v.attrs() {
		switch {
		case !markupName(name, true),
			// Set as DOM properties by setJSAttribute, which the markup
			// cannot say: an attribute is not the same as a property.
			name == "value", name == "contenteditable", name == "ismap", name == "readonly",
			name == "checked", name == "selected", name == "muted",
			!markupSafe(value):
			return false
		}
	}
	return true
}

// isSetAsBooleanProperty reports whether setJSAttribute sets name as a
// boolean DOM property whose attribute is present exactly when it is true
// (checked, selected and muted are not: their attributes are defaults).
func isSetAsBooleanProperty(name string) bool {
	switch name {
	case "async", "autofocus", "autoplay", "default", "defer", "disabled",
		"hidden", "loop", "multiple", "open", "required", "reversed":
		return true
	}
	return false
}

// markupOpaque reports whether the parser reads an element's content as
// something other than plain markup (raw text, a leading newline dropped,
// a document's structure, a template's content, foreign content), or
// the element as another (it reads <image> as <img>).
func markupOpaque(tag string) bool {
	switch tag {
	case "script", "style", "textarea", "title", "xmp", "iframe", "noembed",
		"noframes", "noscript", "plaintext", "pre", "listing", "template",
		"html", "head", "body", "frameset", "frame", "math", "svg", "image":
		return true
	}
	return false
}

// markupInTable reports whether the parser keeps an element only within a
// table (or a select): parsed under a <div>, it would be dropped.
func markupInTable(tag string) bool {
	switch tag {
	case "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr",
		"option", "optgroup":
		return true
	}
	return false
}

// markupName reports whether s is a tag or attribute name that the parser
// reads as it is.
func markupName(s string, attr bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9', c == '-':
			if i == 0 {
				return false
			}
		case attr && (c == '_' || c == ':' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// markupSafe reports whether the parser keeps s as it is once escaped: it
// turns \r and \r\n into \n and replaces \x00.
func markupSafe(s string) bool {
	return !strings.ContainsAny(s, "\r\x00")
}

var (
	markupEscaper     = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	markupAttrEscaper = strings.NewReplacer("&", "&amp;", "\"", "&quot;")
)
`}},
	{file: "mount_markup_test.go", new: []string{`package app

import (
	"reflect"
	"testing"
)

type markupTestComponent struct{ Compo }

func (c *markupTestComponent) Render() UI { return Span() }

// TestMarkupWriter: the markup says what mountHTML builds, and everything
// it cannot say is a hole, in document order.
func TestMarkupWriter(t *testing.T) {
	resolve := func(s string) string { return "/base" + s }
	tests := []struct {
		name   string
		ui     HTML
		ok     bool
		markup string
		holes  []bool
	}{
		{
			name:   "elements, texts and attributes, escaped",
			ui:     Div().Class("a").Title("\"x\" & <y>").Body(H2().Body(A().Href("/p?a=1&b=2").Text("R&D <3")), P().Text("it's")),
			ok:     true,
			markup: "<div class=\"a\" title=\"&quot;x&quot; &amp; <y>\"><h2><a href=\"/base/p?a=1&amp;b=2\">R&amp;D &lt;3</a></h2><p>it's</p></div>",
			holes:  []bool{false, false, false, false, false, false},
		},
		{
			name:   "components, raw HTML, empty and adjacent texts are holes",
			ui:     Div().Body(&markupTestComponent{}, Raw("<b>x</b>"), Text(""), Text("a"), Text("b"), Span()),
			ok:     true,
			markup: "<div><!----><!----><!---->a<!----><span></span></div>",
			holes:  []bool{false, true, true, true, false, true, false},
		},
		{
			name:   "boolean properties bare when true, left out when false",
			ui:     Button().Disabled(true).Hidden(false).Aria("pressed", "false").Body(Img().Src("/i.png")),
			ok:     true,
			markup: "<button aria-pressed=\"false\" disabled=\"\"><img src=\"/base/i.png\"></button>",
			holes:  []bool{false, false},
		},
		{
			name:   "what the parser would read otherwise is a hole",
			ui:     Div().Body(Pre().Text("\ncode"), Script().Text("x"), Input().Value("v"), Input().Checked(true), P().Text("a\r\nb"), Elem("g").XMLNS("http://www.w3.org/2000/svg"), Textarea()),
			ok:     true,
			markup: "<div><!----><!----><!----><!----><p><!----></p><!----><!----></div>",
			holes:  []bool{false, true, true, true, true, false, true, true, true},
		},
		{name: "a top the markup cannot say", ui: Pre().Text("x"), ok: false},
		{name: "an attribute name the parser reads otherwise", ui: Div().Attr("x\"y", "1"), ok: false},
		{name: "a value with a carriage return", ui: Div().Title("a\rb"), ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := markupWriter{resolve: resolve}
			if ok := w.writeTop(tt.ui); ok != tt.ok {
				t.Fatalf("writeTop = %v, want %v", ok, tt.ok)
			}
			if !tt.ok {
				return
			}
			if got := w.b.String(); got != tt.markup {
				t.Errorf("markup\n got %s\nwant %s", got, tt.markup)
			}
			if !reflect.DeepEqual(w.holes, tt.holes) {
				t.Errorf("holes = %v, want %v", w.holes, tt.holes)
			}
		})
	}
}

// TestMarkupSaving: a tree is mounted from markup only when that saves
// calls through syscall/js.
func TestMarkupSaving(t *testing.T) {
	same := func(s string) string { return s }
	for _, small := range []HTML{
		P().Class("summary").Text("one"),
		Li().Body(A().Class("tag").Href("/t").Text("ECT")),
	} {
		w := markupWriter{resolve: same}
		w.writeTop(small)
		if s := w.saving(); s >= markupMinSaving {
			t.Errorf("%s saves %d calls, want fewer than %d", w.b.String(), s, markupMinSaving)
		}
	}
	card := markupWriter{resolve: same}
	card.writeTop(Li().Class("card").Body(H2().Body(A().Href("/a").Text("T")), P().Class("summary").Text("S"), Ul().Class("tags").Body(Li().Body(A().Href("/t").Text("ECT")))))
	if s := card.saving(); s < markupMinSaving {
		t.Errorf("a card saves %d calls, want at least %d", s, markupMinSaving)
	}
}
`}},
}
