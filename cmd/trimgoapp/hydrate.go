package main

import "slices"

// hydrate: the first page the app shows adopts the page the server
// pre-rendered, where it is what the app would build, instead of building
// its own and putting it in the pre-rendered page's place.
//
// The replacement cost what the reader feels most. The browser styled and
// laid out a whole page again, in the task that mounted it or in the next
// frame: in a trace of a returning reader's session (Chromium, 4x CPU), a
// layout of 101-127 ms right after the mount, forced by focusing the
// search box again, since replacing the page had taken the focus from the
// one the reader tapped (boot.js gave it back). And boot.js had to carry
// over, by label, what the reader did on the page that went.
//
// Adopting needs both trees to agree node for node, so the server's
// encoder writes no indentation (compactMarkup): the spaces and line
// breaks it wrote between elements were text nodes that go-app's tree
// does not have, and between inline elements they showed as spaces that
// the app's own page did not have.
//
// What is compared is what the app would mount, written as markup as the
// encoder writes it (markupWriter.hydrating), against the pre-rendered
// nodes, by one script (goappAdopt, in app.js) per tree of plain elements
// and texts; components, raw HTML and the rest (the holes of
// mountFromMarkup) are adopted one by one. A node that differs (the
// reader's saved articles show another state) is mounted afresh and put in its place, alone: with its start tag
// alike, an element keeps its own node and only its children are compared
// again. DOM properties (value, checked, ...) are then set as mountHTML
// sets them, except none that the markup does not name.
var hydrate = slices.Concat(jsEdit("app.js", []string{
	"// -----------------------------------------------------------------------------\n// Keep Clean Body\n",
	`// -----------------------------------------------------------------------------
// Hydration (hydrate.go)
// -----------------------------------------------------------------------------
// goappAdopt returns node and the nodes under it that markup describes (a
// tree go-app would mount, written by its markupWriter), in document order,
// or null where node is not what markup describes. A hole (<!---->) stands
// for any one node, returned without looking inside it; with startTagOnly,
// only node's tag and attributes are compared. The markup is parsed in a
// template, where nothing it holds loads or runs.
function goappAdopt(node, markup, startTagOnly) {
  const t = document.createElement("template");
  t.innerHTML = markup;
  const want = t.content.firstChild;
  if (!want || want.nextSibling) {
    return null;
  }
  const found = [];
  const same = (w, g) => {
    found.push(g);
    if (w.nodeType === Node.COMMENT_NODE) {
      return true;
    }
    if (w.nodeType !== g.nodeType) {
      return false;
    }
    if (w.nodeType === Node.TEXT_NODE) {
      return w.data === g.data;
    }
    if (w.nodeType !== Node.ELEMENT_NODE || w.namespaceURI !== g.namespaceURI ||
      w.localName !== g.localName || w.attributes.length !== g.attributes.length) {
      return false;
    }
    for (const a of w.attributes) {
      if (g.getAttribute(a.name) !== a.value) {
        return false;
      }
    }
    if (startTagOnly) {
      return true;
    }
    let c = g.firstChild;
    for (let d = w.firstChild; d; d = d.nextSibling, c = c.nextSibling) {
      if (!c || !same(d, c)) {
        return false;
      }
    }
    return c === null;
  };
  return same(want, node) ? found : null;
}

// goappAdoptRaw reports whether node is what go-app mounts for raw HTML:
// the first node it parses to.
function goappAdoptRaw(node, html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  const want = t.content.firstChild;
  return !!want && want.isEqualNode(node);
}

// -----------------------------------------------------------------------------
// Keep Clean Body
`,
}), []edit{compactMarkup, compactMarkupTest, compactDocumentTest, encodedAttributes, componentRoots, htmlChildren, hydratingWriter, hydrateFirstLoad,
	{file: "hydrate.go", new: []string{hydrateGo}}, {file: "hydrate_test.go", new: []string{hydrateTestGo}}})

// compactMarkup: the encoder writes no indentation or line breaks. The
// parser keeps them as text nodes, which go-app's tree does not have. The
// depth the encoder carried was for the indentation only, and goes too.
var compactMarkup = edit{file: "node.go",
	old: []string{
		`	m.encode(ctx, w, 0, v)
}

func (m nodeManager) encode(ctx Context, w *bytes.Buffer, depth int, v UI) {
	switch v := v.(type) {
	case *text:
		m.encodeText(w, depth, v)

	case HTML:
		m.encodeHTML(ctx, w, depth, v)

	case Composer:
		m.encodeComponent(ctx, w, depth, v)

	case *raw:
		m.encodeRawHTML(w, depth, v)
	}
}

func (m nodeManager) encodeText(w *bytes.Buffer, depth int, v *text) {
	if v.value != "" {
		m.encodeIndent(w, depth)
		w.WriteString(html.EscapeString(v.value))
	}
}

func (m nodeManager) encodeIndent(w *bytes.Buffer, depth int) {
	for i := 0; i < depth*2; i++ {
		w.WriteByte(' ')
	}
}

func (m nodeManager) encodeHTML(ctx Context, w *bytes.Buffer, depth int, v HTML) {
	m.encodeIndent(w, depth)
	w.WriteByte('<')
`,
		`	children := v.body()
	switch {
	case len(children) > 1:
		w.WriteByte('\n')
		for _, child := range children {
			m.encode(ctx, w, depth+1, child)
			w.WriteByte('\n')
		}
		m.encodeIndent(w, depth)

	case len(children) == 1:
		child := children[0]
		if text, ok := child.(*text); ok {
			m.encodeText(w, 0, text)
		} else {
			w.WriteByte('\n')
			m.encode(ctx, w, depth+1, child)
			w.WriteByte('\n')
			m.encodeIndent(w, depth)
		}
	}
`,
		`func (m nodeManager) encodeComponent(ctx Context, w *bytes.Buffer, depth int, v Composer) {`,
		`		m.encode(ctx, w, depth, root)
`,
		`func (m nodeManager) encodeRawHTML(w *bytes.Buffer, depth int, v *raw) {
	if v.value != "" {
		m.encodeIndent(w, depth)
		w.WriteString(v.value)
	}
}

`,
	},
	new: []string{
		`	m.encode(ctx, w, v)
}

// The encoder writes no indentation or line breaks: the parser would
// keep them as text nodes that go-app's tree does not have (an element's
// children would not be the nodes the browser mounts, and a space showed
// between inline elements where the app's page has none), and the app
// adopts the nodes it finds (hydrate.go).
func (m nodeManager) encode(ctx Context, w *bytes.Buffer, v UI) {
	switch v := v.(type) {
	case *text:
		w.WriteString(html.EscapeString(v.value))

	case HTML:
		m.encodeHTML(ctx, w, v)

	case Composer:
		m.encodeComponent(ctx, w, v)

	case *raw:
		w.WriteString(v.value)
	}
}

func (m nodeManager) encodeHTML(ctx Context, w *bytes.Buffer, v HTML) {
	w.WriteByte('<')
`,
		`	for _, child := range v.body() {
		m.encode(ctx, w, child)
	}
`,
		`func (m nodeManager) encodeComponent(ctx Context, w *bytes.Buffer, v Composer) {`,
		`		m.encode(ctx, w, root)
`,
		``,
	}}

// compactMarkupTest: go-app's tests of the encoder expect no indentation.
var compactMarkupTest = edit{file: "node_test.go",
	old: []string{
		`	t.Run("encode indent with no depth", func(t *testing.T) {
		var m nodeManager
		var b bytes.Buffer

		m.encodeIndent(&b, 0)
		require.Empty(t, b.Bytes())
	})

	t.Run("encode indent with depth", func(t *testing.T) {
		var m nodeManager
		var b bytes.Buffer

		m.encodeIndent(&b, 2)
		require.Equal(t, "    ", b.String())
	})

`,
		`"<div>\n  <span></span>\n</div>"`,
		`"<div>\n  hello\n  <span>\n    <img>\n  </span>\n</div>"`,
		`"<span>\n  <div></div>\n</span>"`,
		`"<div>\n  <img>\n</div>"`,
	},
	new: []string{"", `"<div><span></span></div>"`, `"<div>hello<span><img></span></div>"`, `"<span><div></div></span>"`, `"<div><img></div>"`}}

// compactDocumentTest: the same for go-app's test of a whole document.
var compactDocumentTest = edit{file: "engine_test.go",
	old: []string{`"<!doctype html>\n<html>\n  <body>\n    <span></span>\n    bye\n  </body>\n</html>"`},
	new: []string{`"<!doctype html>\n<html><body><span></span>bye</body></html>"`}}

// encodedAttributes: which attributes the encoder leaves out or writes
// bare is said once (encodedAttribute), for the encoder and for the
// markup the app compares with the pre-rendered page.
var encodedAttributes = edit{file: "node.go",
	old: []string{`func (m nodeManager) encodeHTMLAttribute(ctx Context, w *bytes.Buffer, name, value string) {
	if value == "" {
		switch name {
		case "id", "class", "title":
			return
		}
	}

	// An HTML boolean attribute is true when present, whatever its value
	// (disabled="false" disables): true is written bare, false left out.
	// Any other attribute keeps its value: a bare aria-checked is not
	// aria-checked="true".
	if isBooleanAttribute(name) {
		switch value {
		case "true":
			value = ""
		case "false":
			return
		}
	}

	w.WriteString(" ")
`},
	new: []string{`func (m nodeManager) encodeHTMLAttribute(ctx Context, w *bytes.Buffer, name, value string) {
	value, ok := encodedAttribute(name, value)
	if !ok {
		return
	}

	w.WriteString(" ")
`}}

// componentRoots: a component's root may be mounted otherwise than by
// Mount (hydrate adopts it), with the rest of mountComponent as it is.
var componentRoots = edit{file: "node.go",
	old: []string{
		"func (m nodeManager) mountComponent(ctx Context, depth uint, v Composer) (UI, error) {\n",
		"\tif root, err = m.Mount(ctx, depth+1, root); err != nil {\n",
	},
	new: []string{
		`func (m nodeManager) mountComponent(ctx Context, depth uint, v Composer) (UI, error) {
	return m.mountComponentWith(ctx, depth, v, m.Mount)
}

// mountComponentWith mounts v, and its root with mountRoot.
func (m nodeManager) mountComponentWith(ctx Context, depth uint, v Composer, mountRoot func(Context, uint, UI) (UI, error)) (UI, error) {
`,
		"\tif root, err = mountRoot(ctx, depth+1, root); err != nil {\n",
	}}

// hydratingWriter: markupWriter writes, when hydrating, attributes as the
// encoder writes them, DOM properties included (the page has them as
// attributes), and, when shallow, an element with every child a hole;
// attachMarkup adopts the node of a hole rather than mounting afresh, and
// sets up an element as adoptElement does (DOM properties included: when
// not hydrating, no element with any is written).
var hydratingWriter = edit{file: "mount_markup.go",
	old: []string{
		"\tresolve func(string) string // ctx.ResolveStaticResource, for URLs\n",
		`			if w.holes[*next] {
				comment := nodes[*next]
				*next++
				if child, err = m.Mount(ctx, depth+1, child); err != nil {
`,
		"\t\t\t\tnode.replaceChild(child, comment)\n",
		"\t\tv = v.setJSElement(node)\n\t\tm.mountHTMLEventHandlers(ctx, v)\n\t\tv = v.setDepth(depth).(HTML)\n",
		`		case !markupName(name, true),
			// Set as DOM properties by setJSAttribute, which the markup
			// cannot say: an attribute is not the same as a property.
			name == "value", name == "contenteditable", name == "ismap", name == "readonly",
			name == "checked", name == "selected", name == "muted",
			!markupSafe(value):
			return false
`,
		`			value := attrs[name]
			if isSetAsBooleanProperty(name) {
`,
		`		for _, c := range v.body() {
			afterText = w.write(c, afterText)
`,
	},
	new: []string{
		`	resolve func(string) string // ctx.ResolveStaticResource, for URLs
	// hydrating writes what the server's encoder wrote, to be compared
	// with the pre-rendered page (hydrate.go); shallow writes an element
	// whose children are all holes.
	hydrating, shallow bool
`,
		`			if w.holes[*next] {
				at := nodes[*next]
				*next++
				if w.hydrating {
					child, err = m.hydrate(ctx, depth+1, child, at)
				} else if child, err = m.Mount(ctx, depth+1, child); err == nil {
					node.replaceChild(child, at)
				}
				if err != nil {
`,
		"",
		"\t\tv = m.adoptElement(ctx, depth, v, node)\n",
		`		case !markupName(name, true), !markupSafe(value):
			return false
		case !w.hydrating && isDOMProperty(name):
			// Set by setJSAttribute as DOM properties, which the markup
			// cannot say: an attribute is not the same as a property.
			return false
`,
		`			value := attrs[name]
			if w.hydrating {
				var ok bool
				if value, ok = encodedAttribute(name, value); !ok {
					continue
				}
			} else if isSetAsBooleanProperty(name) {
`,
		`		for _, c := range v.body() {
			if w.shallow {
				w.hole()
				continue
			}
			afterText = w.write(c, afterText)
`,
	}}

// htmlChildren: mountHTML's mounting of an element's children is a
// function of its own, which an element adopted without its children
// (adoptHTML) calls too.
var htmlChildren = edit{file: "node.go",
	old: []string{`	v = v.setDepth(depth).(HTML)
	children := v.body()
	for i, child := range children {
		var err error
		if child, err = m.Mount(ctx, depth+1, child); err != nil {
			return nil, errors.New("mounting child failed").
				WithTag("type", reflect.TypeOf(v)).
				WithTag("tag", v.Tag()).
				WithTag("depth", depth).
				WithTag("index", i).
				Wrap(err)
		}
		child = child.setParent(v)
		children[i] = child
		v.JSValue().appendChild(child)
	}

	return v, nil
}
`},
	new: []string{`	v = v.setDepth(depth).(HTML)
	if err := m.mountHTMLChildren(ctx, depth, v); err != nil {
		return nil, err
	}
	return v, nil
}

// mountHTMLChildren mounts the children of v, at depth, in its element.
func (m nodeManager) mountHTMLChildren(ctx Context, depth uint, v HTML) error {
	children := v.body()
	for i, child := range children {
		var err error
		if child, err = m.Mount(ctx, depth+1, child); err != nil {
			return errors.New("mounting child failed").
				WithTag("type", reflect.TypeOf(v)).
				WithTag("tag", v.Tag()).
				WithTag("depth", depth).
				WithTag("index", i).
				Wrap(err)
		}
		child = child.setParent(v)
		children[i] = child
		v.JSValue().appendChild(child)
	}
	return nil
}
`}}

// hydrateFirstLoad: the engine's first page adopts the pre-rendered one.
var hydrateFirstLoad = edit{file: "engine.go",
	old: []string{"\t\tbody = body.setJSElement(Window().Get(\"document\").Get(\"body\")).(HTMLBody)\n\n"},
	new: []string{`		body = body.setJSElement(Window().Get("document").Get("body")).(HTMLBody)
		if IsClient {
			return e.hydrate(body, v)
		}

`}}

const hydrateGo = `package app

import "github.com/maxence-charriere/go-app/v10/pkg/errors"

// Hydration: the first page adopts the nodes of the page the server
// pre-rendered, where they are what mounting it would build, instead of
// building its own and replacing the pre-rendered page with it. The page
// then stays as the reader sees it: nothing is styled or laid out again,
// and the element the reader is typing in keeps its focus and text.
//
// A node that is not what the app would mount (state only the browser
// knows, a script's change) is mounted afresh and put in its place, alone.

// hydrate is the engine's first Load: v adopts the body's first element,
// the pre-rendered page's root.
// The hydration hands the browser its thread between components once it
// has run for a slice (yield.go), the first from here.
func (e *engineX) hydrate(body HTMLBody, v Composer) error {
	startSlice()
	ctx := e.baseContext()
	var root UI
	var err error
	if node := body.JSValue().firstElementChild(); isNode(node) {
		root, err = e.nodes.hydrate(ctx, 1, v, node)
	} else if root, err = e.nodes.Mount(ctx, 1, v); err == nil {
		body.JSValue().appendChild(root)
	}
	if err != nil {
		return errors.New("mounting the first page failed").Wrap(err)
	}
	e.body = body.setBody([]UI{root.setParent(body)}).(HTMLBody)
	for action, handler := range e.asynchronousActionHandlers {
		e.actions.Handle(action, e.body, true, handler)
	}
	return nil
}

// hydrate mounts v on node, which the server wrote for it: node and those
// under it are adopted where they are what mounting v builds; what is not
// is mounted afresh and put in its place. The browser may have its thread
// first: no node of the page has changed yet.
func (m nodeManager) hydrate(ctx Context, depth uint, v UI, node Value) (UI, error) {
	yieldIfLong()
	ctx = m.context(ctx, v)
	switch v := v.(type) {
	case Composer:
		return m.mountComponentWith(ctx, depth, v, func(ctx Context, depth uint, root UI) (UI, error) {
			return m.hydrate(ctx, depth, root, node)
		})

	case HTML:
		if adopted, ok, err := m.adoptHTML(ctx, depth, v, node); ok {
			return adopted, err
		}

	case *text:
		if node.Get("nodeType").Int() == 3 && node.Get("data").String() == v.value {
			v.jsvalue = node
			return v, nil
		}

	case *raw:
		if !v.Mounted() && Window().Call("goappAdoptRaw", node, v.value).Bool() {
			v.jsElement = node
			return v, nil
		}
	}

	mounted, err := m.Mount(ctx, depth, v)
	if err != nil {
		return nil, err
	}
	node.Get("parentNode").Call("replaceChild", mounted, node)
	return mounted, nil
}

// adoptHTML adopts node for v when the markup of v, as the server's
// encoder writes it, describes node. Otherwise, when v's start tag
// describes node, node is adopted for v alone: with as many children, each
// is hydrated on its own; else they are mounted afresh in node. ok is
// false when node is not v's.
func (m nodeManager) adoptHTML(ctx Context, depth uint, v HTML, node Value) (adopted UI, ok bool, err error) {
	w := markupWriter{resolve: ctx.ResolveStaticResource, hydrating: true}
	if !w.writeTop(v) {
		return nil, false, nil
	}
	if nodes := adoptMarkup(node, &w); nodes != nil {
		next := 0
		return v, true, m.attachMarkup(ctx, depth, v, &w, nodes, &next)
	}
	if len(v.body()) != 0 {
		w = markupWriter{resolve: ctx.ResolveStaticResource, hydrating: true, shallow: true}
		w.writeTop(v)
		if nodes := adoptMarkup(node, &w); nodes != nil {
			next := 0
			return v, true, m.attachMarkup(ctx, depth, v, &w, nodes, &next)
		}
	}

	if !isNode(Window().Call("goappAdopt", node, w.b.String(), true)) {
		return nil, false, nil
	}
	v = m.adoptElement(ctx, depth, v, node)
	node.Set("textContent", "")
	if err := m.mountHTMLChildren(ctx, depth, v); err != nil {
		return nil, true, err
	}
	return v, true, nil
}

// adoptMarkup returns node and the nodes under it that w's markup
// describes, one for each of w.holes, or nil if node is not what it
// describes.
func adoptMarkup(node Value, w *markupWriter) []Value {
	found := Window().Call("goappAdopt", node, w.b.String(), false)
	if !isNode(found) || found.Length() != len(w.holes) {
		return nil
	}
	nodes := make([]Value, len(w.holes))
	for i := range nodes {
		nodes[i] = found.Index(i)
	}
	return nodes
}

// adoptElement makes node the element of v, at depth, as mounting v would
// have set it up: its DOM properties and event handlers set. Its other
// attributes are node's already.
func (m nodeManager) adoptElement(ctx Context, depth uint, v HTML, node Value) HTML {
	v = v.setJSElement(node)
	m.setDOMProperties(ctx, v)
	m.mountHTMLEventHandlers(ctx, v)
	return v.setDepth(depth).(HTML)
}

// setDOMProperties sets v's attributes that setJSAttribute sets as DOM
// properties, which the adopted node has only as attributes: a property
// can differ from its attribute (a script chose a select's option).
func (m nodeManager) setDOMProperties(ctx Context, v HTML) {
	for name, value := range v.attrs() {
		if isDOMProperty(name) {
			setJSAttribute(v.JSValue(), name, resolveAttributeURLValue(name, value, ctx.ResolveStaticResource))
		}
	}
}

// isDOMProperty reports whether setJSAttribute sets name as a DOM property
// whose attribute says something else (a default, or nothing).
func isDOMProperty(name string) bool {
	switch name {
	case "value", "contenteditable", "ismap", "readonly", "checked", "selected", "muted":
		return true
	}
	return false
}

// encodedAttribute is value as the server's encoder writes it ("" for a
// bare attribute); ok is false when it leaves the attribute out. An
// empty id, class or title is left out. An HTML boolean attribute is true
// when present, whatever its value (disabled="false" disables): true is
// written bare, false left out. Any other attribute keeps its value: a
// bare aria-checked is not aria-checked="true".
func encodedAttribute(name, value string) (string, bool) {
	if value == "" {
		switch name {
		case "id", "class", "title":
			return "", false
		}
	}
	if isBooleanAttribute(name) {
		switch value {
		case "true":
			return "", true
		case "false":
			return "", false
		}
	}
	return value, true
}
`

// hydrateTestGo is go-app's test of what the app compares with the
// pre-rendered page (run by TestMarkupInGoApp); TestStartAdoptsThePage
// (cmd/nextsteps) checks the adoption in Chromium.
const hydrateTestGo = `package app

import (
	"bytes"
	"reflect"
	"testing"
)

// TestMarkupHydrating: when hydrating, the markup has the attributes the
// server's encoder writes (DOM properties too, empty ids left out), so the
// browser parses it to what it parsed from the page; shallow, an element's
// children are holes.
func TestMarkupHydrating(t *testing.T) {
	resolve := func(s string) string { return s }
	tests := []struct {
		name            string
		ui              HTML
		shallow         bool
		markup, encoded string
		holes           []bool
	}{
		{
			name:    "attributes as the encoder writes them",
			ui:      Div().ID("").Class("a").Body(Input().Type("checkbox").Value("v").Checked(true).Disabled(false), Option().Value("GB").Selected(false).Text("UK")),
			markup:  "<div class=\"a\"><input checked=\"\" type=\"checkbox\" value=\"v\"><option value=\"GB\">UK</option></div>",
			encoded: "<div class=\"a\"><input checked type=\"checkbox\" value=\"v\"><option value=\"GB\">UK</option></div>",
			holes:   []bool{false, false, false, false},
		},
		{
			name:    "shallow: every child a hole",
			ui:      Ul().Class("tags").Body(Li().Text("a"), Li().Text("b")),
			shallow: true,
			markup:  "<ul class=\"tags\"><!----><!----></ul>",
			encoded: "<ul class=\"tags\"><li>a</li><li>b</li></ul>",
			holes:   []bool{false, true, true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := markupWriter{resolve: resolve, hydrating: true, shallow: tt.shallow}
			if !w.writeTop(tt.ui) {
				t.Fatal("writeTop = false")
			}
			if got := w.b.String(); got != tt.markup {
				t.Errorf("markup\n got %s\nwant %s", got, tt.markup)
			}
			if !reflect.DeepEqual(w.holes, tt.holes) {
				t.Errorf("holes = %v, want %v", w.holes, tt.holes)
			}
			var b bytes.Buffer
			var m nodeManager
			m.Encode(makeTestContext(), &b, tt.ui)
			if got := b.String(); got != tt.encoded {
				t.Errorf("encoded\n got %s\nwant %s", got, tt.encoded)
			}
		})
	}
}
`
