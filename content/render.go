//go:build !wasm

package content

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the one goldmark instance: GFM (tables, autolinks,
// strikethrough, task lists), heading IDs and [^N] citations. The HTML
// renderer keeps goldmark's safe default: raw HTML is replaced by a comment
// and dangerous link schemes (javascript:, data: ...) are dropped. Table
// alignment is written as the align attribute, not inline style, so
// rendered articles carry no style attributes at all.
var markdown = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Linkify, extension.Strikethrough, extension.TaskList,
		Citations, CrisisList,
	),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	// Images are refused by check; should one reach the renderer anyway, it
	// shows as its alt text, never as a request to another host.
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(imageText{}, 100))),
)

// imageText renders an image as its alt text.
type imageText struct{}

func (imageText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(util.EscapeHTML([]byte(plainText(n, src))))
		}
		return ast.WalkSkipChildren, nil
	})
}

// rendered is the result of rendering one article body.
type rendered struct {
	body, questions string
	headings        []Heading
	words           int
	hasQuestions    bool
	questionCount   int      // list items in the questions section
	questionItems   []string // their plain text
	questionsPos    int
	citations       []citeRef
	links           []link
	ids             map[string]bool // heading ids, for #fragment links
	blocks          []textBlock     // paragraphs and list items, for readability
	sections        []Section       // plain text by section, for search
	problems        []posProblem
}

type citeRef struct{ n, pos int }

type posProblem struct {
	pos int
	msg string
}

func renderBody(src []byte) rendered { return renderBodyWith(src, nil, "") }

// renderBodyWith renders a body whose {{crisis-lines}} blocks list crisis
// (the corpus's crisis-lines.yaml; nil when it has none), for a site
// hosted under base (see Options.Base).
func renderBodyWith(src []byte, crisis *Crisis, base string) rendered {
	base = strings.TrimRight(base, "/")
	var r rendered
	doc := markdown.Parser().Parse(text.NewReader(src))

	r.ids = map[string]bool{}
	r.sections = []Section{{}} // the part before the first heading
	var questions []ast.Node
	inQuestions := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 && plainText(h, src) == QuestionsHeading {
			inQuestions, r.hasQuestions = true, true
		}
		if inQuestions {
			questions = append(questions, n)
			if l, ok := n.(*ast.List); ok {
				r.questionCount += l.ChildCount()
				for item := l.FirstChild(); item != nil; item = item.NextSibling() {
					r.questionItems = append(r.questionItems, plainText(item, src))
					if pos, bad := richQuestion(item); bad {
						r.problems = append(r.problems, posProblem{pos, "a question is copied to the reader's list as plain text: write it without links or citations"})
					}
				}
			}
			if len(questions) == 1 {
				r.questionsPos = blockPos(n)
			}
		}
	}

	// Links whose scheme check refuses (linkProblem) are written as their
	// text: goldmark drops only javascript:, vbscript:, file: and most
	// data:, and an article with a problem may still be rendered (make
	// run shows it with its problems).
	var inert []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			ids, _ := id.([]byte)
			r.ids[string(ids)] = true
			if n.Level == 1 {
				r.problems = append(r.problems, posProblem{blockPos(n), "use ## for sections: the title is the page's only level-1 heading"})
			}
			if slices.Contains(reservedIDs, string(ids)) {
				r.problems = append(r.problems, posProblem{blockPos(n), fmt.Sprintf("heading %q gets the id %q, which the page uses for its own part: rephrase the heading", plainText(n, src), ids)})
			}
			if (n.Level == 2 || n.Level == 3) && plainText(n, src) != QuestionsHeading {
				r.headings = append(r.headings, Heading{Level: n.Level, ID: string(ids), Text: plainText(n, src)})
			}
			// Every heading starts a section. The questions heading is not
			// rendered: the page's questions box carries the id instead.
			sec := Section{ID: string(ids), Heading: plainText(n, src)}
			if n.Level == 2 && sec.Heading == QuestionsHeading {
				sec.ID = QuestionsID
			}
			r.sections = append(r.sections, sec)
		case *ast.Paragraph, *ast.TextBlock:
			t := plainText(n, src)
			r.blocks = append(r.blocks, textBlock{blockPos(n), t})
			r.addText(t)
		case *east.TableRow, *east.TableHeader:
			// Not prose, so not in blocks (readability), but searchable:
			// one entry per row, cells apart.
			var cells []string
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t := plainText(c, src); t != "" {
					cells = append(cells, t)
				}
			}
			r.addText(strings.Join(cells, " · "))
		case *ast.HTMLBlock:
			r.problems = append(r.problems, posProblem{blockPos(n), "raw HTML is not allowed in articles: use Markdown"})
		case *ast.RawHTML:
			r.problems = append(r.problems, posProblem{n.Segments.At(0).Start, "raw HTML is not allowed in articles: use Markdown"})
		case *ast.Image:
			r.problems = append(r.problems, posProblem{n.Pos(), "images are not supported in articles"})
		case *ast.Link:
			r.links = append(r.links, link{dest: string(n.Destination), pos: n.Pos()})
			if !allowedScheme(string(n.Destination)) {
				inert = append(inert, n)
			}
			// A path of the site is written under the base, as go-app
			// writes the links of the components.
			if base != "" && bytes.HasPrefix(n.Destination, []byte("/")) && !bytes.HasPrefix(n.Destination, []byte("//")) {
				n.Destination = append([]byte(base), n.Destination...)
			}
		case *ast.AutoLink:
			dest := string(n.URL(src))
			r.links = append(r.links, link{dest: dest, pos: n.Pos()})
			if !allowedScheme(dest) {
				inert = append(inert, n)
			}
		case *Citation:
			r.citations = append(r.citations, citeRef{n.Number, n.Pos()})
		case *CrisisLines:
			n.Data = crisis
			if crisis == nil {
				r.problems = append(r.problems, posProblem{blockPos(n), crisisMarker + " lists " + CrisisFile + ", which this corpus does not have"})
			}
			for _, t := range crisisText(crisis) {
				r.addText(t)
			}
		case *ast.Text:
			r.words += len(strings.Fields(string(n.Value(src))))
		}
		return ast.WalkContinue, nil
	})

	for _, n := range inert {
		asText(n, src)
	}

	if len(r.sections[0].Text) == 0 {
		r.sections = r.sections[1:] // nothing before the first heading
	}

	// Render the questions list apart: move those nodes to their own document.
	qdoc := ast.NewDocument()
	for i, n := range questions {
		if i == 0 {
			doc.RemoveChild(doc, n) // the heading: the page supplies its own
			continue
		}
		qdoc.AppendChild(qdoc, n)
	}
	r.body = "<div class=\"md\">" + renderHTML(doc, src) + "</div>"
	if r.hasQuestions {
		r.questions = "<div class=\"md\">" + renderHTML(qdoc, src) + "</div>"
	}
	return r
}

// richQuestion reports whether a question's list item holds a link or a
// citation, which its plain text (the reader's list keeps only that) would
// drop, and where.
func richQuestion(item ast.Node) (pos int, bad bool) {
	ast.Walk(item, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.Link, *ast.AutoLink, *Citation:
			if entering && !bad {
				pos, bad = max(n.Pos(), blockPos(item)), true
			}
		}
		return ast.WalkContinue, nil
	})
	return pos, bad
}

// addText appends a paragraph, list item or table row to the current section.
func (r *rendered) addText(t string) {
	if t != "" {
		s := &r.sections[len(r.sections)-1]
		s.Text = append(s.Text, t)
	}
}

func renderHTML(n ast.Node, src []byte) string {
	var b bytes.Buffer
	if err := markdown.Renderer().Render(&b, src, n); err != nil {
		// Rendering to a bytes.Buffer cannot fail on I/O; a renderer error
		// here is a bug, shown in place rather than hidden.
		return "<p>" + err.Error() + "</p>"
	}
	return b.String()
}

// plainText is the text of a node's inline content.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// allowedScheme reports whether a link's destination has no scheme (a
// path or a #fragment) or one a link may have: https, http, mailto and
// tel. check refuses the others (linkProblem), and the render writes
// such a link as its text.
func allowedScheme(dest string) bool {
	u, err := url.Parse(dest)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "", "https", "http", "mailto", "tel":
		return true
	}
	return false
}

// asText puts a link's text in the link's place.
func asText(n ast.Node, src []byte) {
	parent := n.Parent()
	if auto, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(auto.Label(src)))
		return
	}
	for c := n.FirstChild(); c != nil; c = n.FirstChild() {
		parent.InsertBefore(parent, n, c)
	}
	parent.RemoveChild(parent, n)
}

// blockPos is the byte offset where a block node starts.
func blockPos(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return max(n.Pos(), 0)
}

// Citation is an inline [^N] reference to source N of the article.
type Citation struct {
	ast.BaseInline
	Number int
}

// KindCitation is the ast.NodeKind of Citation.
var KindCitation = ast.NewNodeKind("Citation")

// Kind implements ast.Node.
func (c *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (c *Citation) Dump(src []byte, level int) {
	ast.DumpHelper(c, src, level, map[string]string{"Number": strconv.Itoa(c.Number)}, nil)
}

// Citations is the goldmark extension for [^N] citations. The sources
// themselves live in the front matter, so unlike footnotes there are no
// definitions in the body.
var Citations goldmark.Extender = citations{}

type citations struct{}

func (citations) Extend(m goldmark.Markdown) {
	// Priority 150 runs before the link parser (200), which also starts at '['.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(citeParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(citeRenderer{}, 500)))
}

type citeParser struct{}

func (citeParser) Trigger() []byte { return []byte{'['} }

func (citeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[1] != '^' {
		return nil
	}
	end := 2
	for end < len(line) && line[end] >= '0' && line[end] <= '9' {
		end++
	}
	if end == 2 || end >= len(line) || line[end] != ']' || end-2 > 4 {
		return nil
	}
	n, _ := strconv.Atoi(string(line[2:end]))
	block.Advance(end + 1)
	c := &Citation{Number: n}
	c.SetPos(seg.Start)
	return c
}

type citeRenderer struct{}

func (citeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			num := n.(*Citation).Number
			fmt.Fprintf(w, `<sup class="cite"><a href="#%s" aria-label="Source %d">[%d]</a></sup>`, SourceID(num), num, num)
		}
		return ast.WalkSkipChildren, nil
	})
}
