//go:build !wasm

package content

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// crisisMarker is the line an article writes, alone in its paragraph, to
// show every crisis line of crisis-lines.yaml as a list: the same data as
// /help, so the two can never disagree.
const crisisMarker = "{{crisis-lines}}"

// CrisisLines is the block {{crisis-lines}}. Data is set after parsing, from
// the corpus's crisis-lines.yaml (see renderBodyWith).
type CrisisLines struct {
	ast.BaseBlock
	Data *Crisis
}

// KindCrisisLines is the ast.NodeKind of CrisisLines.
var KindCrisisLines = ast.NewNodeKind("CrisisLines")

// Kind implements ast.Node.
func (n *CrisisLines) Kind() ast.NodeKind { return KindCrisisLines }

// Dump implements ast.Node.
func (n *CrisisLines) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// CrisisList is the goldmark extension for {{crisis-lines}}.
var CrisisList goldmark.Extender = crisisList{}

type crisisList struct{}

func (crisisList) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(crisisParser{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(crisisRenderer{}, 500)))
}

type crisisParser struct{}

func (crisisParser) Trigger() []byte { return []byte{'{'} }

func (crisisParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if string(bytes.TrimSpace(line)) != crisisMarker {
		return nil, parser.NoChildren
	}
	n := &CrisisLines{}
	n.Lines().Append(text.NewSegment(seg.Start, seg.Stop))
	reader.Advance(len(line))
	return n, parser.NoChildren
}

func (crisisParser) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (crisisParser) Close(ast.Node, text.Reader, parser.Context)                 {}
func (crisisParser) CanInterruptParagraph() bool                                 { return true }
func (crisisParser) CanAcceptIndentedLine() bool                                 { return false }

type crisisRenderer struct{}

func (crisisRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCrisisLines, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(crisisHTML(n.(*CrisisLines).Data))
		}
		return ast.WalkSkipChildren, nil
	})
}

// crisisHTML renders the crisis lines as a list: each region with its
// emergency numbers and its lines, then the directory. Every entry links
// the page that confirmed it and says when.
func crisisHTML(c *Crisis) string {
	if c == nil {
		return ""
	}
	e := html.EscapeString
	var b strings.Builder
	link := func(a Action) {
		if h := a.SafeHref(); h != "" {
			b.WriteString(`<a href="` + e(h) + `">` + e(a.Label) + `</a>`)
		}
	}
	source := func(url string, s Service) {
		if url != "" {
			b.WriteString(` <span class="checked">(<a href="` + e(url) + `">source</a>, checked ` + e(s.Checked.Format("2 January 2006")) + `)</span>`)
		}
	}
	service := func(s Service) {
		b.WriteString(`<li><strong>`)
		if s.Area != "" {
			b.WriteString(e(s.Area) + ": ")
		}
		b.WriteString(e(s.Name) + `</strong>. `)
		for i, a := range s.Actions {
			if i > 0 {
				b.WriteString(" · ")
			}
			link(a)
		}
		b.WriteString(`. ` + e(s.For) + ` ` + e(s.Hours) + `.`)
		if s.Note != "" {
			b.WriteString(" " + e(s.Note))
		}
		source(s.Source, s)
		b.WriteString("</li>")
	}
	b.WriteString(`<ul class="crisis-lines">`)
	for _, r := range c.Regions {
		b.WriteString(`<li><strong>` + e(r.Name) + `</strong>: in an emergency, call `)
		for i, n := range r.Emergency.Numbers {
			if i > 0 {
				b.WriteString(" or ")
			}
			link(Action{Label: n, Href: "tel:" + n})
		}
		b.WriteString(".")
		if r.Emergency.Note != "" {
			b.WriteString(" " + e(r.Emergency.Note))
		}
		source(r.Emergency.Source, Service{Checked: r.Emergency.Checked})
		if len(r.Services) > 0 {
			b.WriteString(`<ul>`)
			for _, s := range r.Services {
				service(s)
			}
			b.WriteString(`</ul>`)
		}
		b.WriteString("</li>")
	}
	if d := c.Directory; d != nil {
		service(*d)
	}
	b.WriteString(`</ul>`)
	return b.String()
}

// crisisText is the list as plain text, one entry per region and line, for
// search.
func crisisText(c *Crisis) []string {
	if c == nil {
		return nil
	}
	var out []string
	add := func(s Service) {
		var labels []string
		for _, a := range s.Actions {
			labels = append(labels, a.Label)
		}
		name := s.Name
		if s.Area != "" {
			name = s.Area + ": " + name
		}
		out = append(out, name+". "+strings.Join(labels, " · ")+". "+s.For+" "+s.Hours+".")
	}
	for _, r := range c.Regions {
		out = append(out, r.Name+": in an emergency, call "+strings.Join(r.Emergency.Numbers, " or ")+".")
		for _, s := range r.Services {
			add(s)
		}
	}
	if c.Directory != nil {
		add(*c.Directory)
	}
	return out
}
