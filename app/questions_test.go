//go:build !wasm

package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"nextsteps/content"
)

// TestQuestionsPrerendered: the pre-rendered /questions (what the server
// and the service worker hand out) is the empty list, the form for one's
// own question and the three suggested questions, each with its button; an
// article's questions each get an "Add to my questions" button described
// by the question, and the header links to the page.
func TestQuestionsPrerendered(t *testing.T) {
	c := realCorpus(t)
	doc := parseHTML(t, app.HTMLString(&questionsPage{corpus: c}))
	if h := byTag(doc, "h1"); len(h) != 1 || textOf(h[0]) != "My questions" {
		t.Fatalf("h1: %v", h)
	}
	if byID(doc, ownQuestionID) == nil {
		t.Error("no field for one's own question")
	}
	var offered []string
	for i := range coreQuestions {
		q := byID(doc, "core-"+string(rune('1'+i)))
		if q == nil {
			t.Fatalf("suggested question %d missing", i+1)
		}
		offered = append(offered, textOf(q))
	}
	if !slices.Equal(offered, coreQuestions) {
		t.Errorf("suggested %q", offered)
	}
	page := app.HTMLString(&questionsPage{corpus: c})
	if !strings.Contains(page, "Your list is empty") || !strings.Contains(page, "doi.org/"+coreSourceDOI) {
		t.Error("the pre-rendered page lacks the empty state or the suggestions' source")
	}

	a := fixtureArticle()
	a.Questions = []string{"Why now?", "What else?"}
	art := parseHTML(t, app.HTMLString(&articlePage{corpus: fixtureCorpus(), article: a}))
	box := byID(art, content.QuestionsID)
	var buttons []string
	for _, b := range byTag(box, "button") {
		d := byID(art, attr(b, "aria-describedby"))
		if d == nil || attr(b, "aria-pressed") != "false" {
			t.Errorf("button %q is not a toggle described by its question", textOf(b))
			continue
		}
		buttons = append(buttons, textOf(d))
	}
	if !slices.Equal(buttons, a.Questions) {
		t.Errorf("add buttons for %q, want %q", buttons, a.Questions)
	}
	if !strings.Contains(app.HTMLString(&articlePage{corpus: fixtureCorpus(), article: a}), `href="`+content.QuestionsPath+`"`) {
		t.Error("no link to My questions")
	}
}

func TestMoveQuestion(t *testing.T) {
	qs := []question{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}
	ids := func(qs []question) string {
		var s []string
		for _, q := range qs {
			s = append(s, q.ID)
		}
		return strings.Join(s, "")
	}
	for _, tc := range []struct {
		from, to int
		want     string
	}{{0, 1, "bacd"}, {3, 0, "dabc"}, {1, 3, "acdb"}, {2, 2, "abcd"}, {0, 4, "abcd"}, {-1, 0, "abcd"}} {
		if got := ids(moveQuestion(slices.Clone(qs), tc.from, tc.to)); got != tc.want {
			t.Errorf("move %d to %d: %s, want %s", tc.from, tc.to, got, tc.want)
		}
	}
}

// TestQuestionsText: Share's plain text numbers the list, top 3 first,
// with the answers noted, whether each was asked, and the article each
// came from.
func TestQuestionsText(t *testing.T) {
	c := realCorpus(t)
	a := c.Articles[0]
	qs := []question{
		{ID: "a", Text: coreQuestions[0], Core: true, Asked: true, Note: "ECT,\n TMS  or a switch"},
		{ID: "b", Text: a.Questions[0], Slug: a.Slug, Title: a.Title},
		{ID: "c", Text: "Can my partner come?"},
		{ID: "d", Text: "Old one?", Slug: "withdrawn", Title: "A withdrawn article"},
	}
	got := questionsText(qs, c)
	want := "My questions for my appointment\n\nTop 3\n" +
		"1. What are my options?\n   Asked.\n   Answer: ECT, TMS or a switch\n" +
		"2. " + a.Questions[0] + "\n   From: " + a.Title + "\n" +
		"3. Can my partner come?\n" +
		"\nMore questions\n4. Old one?\n   From: A withdrawn article\n" +
		"\nFrom Next Steps. General information, not medical advice.\n"
	if got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

// TestQuestionID: the ids a stored question keeps.
func TestQuestionID(t *testing.T) {
	for id, want := range map[string]bool{
		"q1": true, "r0": true, "abcdefghijklmnopqrstuvwx": true,
		"": false, "abcdefghijklmnopqrstuvwxy": false, "Q1": false, "q-1": false, "q 1": false, "é": false, "q1\n": false,
	} {
		if got := questionID(id); got != want {
			t.Errorf("questionID(%q) = %v, want %v", id, got, want)
		}
	}
}
