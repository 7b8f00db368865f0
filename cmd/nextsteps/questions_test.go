//go:build !wasm

package main

// Browser tests for My questions (/questions): adding from an article and
// one's own, reordering by keyboard and by drag, marking asked, notes, the
// list after a reload, offline and after an update, print, and storage
// faults.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"nextsteps/content"
)

// questionsKey is the list's storage key (app/questions.go).
const questionsKey = "nextsteps.questions.v1"

// listed is the text of each question on /questions, in order.
const listed = `[...document.querySelectorAll(".q-list .q-text")].map((e) => e.firstChild.textContent)`

// headerCount is the number the header shows beside "My questions".
const headerCount = `document.querySelector(".q-count").textContent.replace(/\D/g, "")`

// storedQuestions is the list as stored.
const storedQuestions = `JSON.parse(localStorage.getItem("` + questionsKey + `") || "[]")`

func texts(t *testing.T, v []any) []string {
	t.Helper()
	out := make([]string, len(v))
	for i, x := range v {
		out[i], _ = x.(string)
	}
	return out
}

// TestQuestions: a reader adds a question from an article (and can take it
// back), writes one of their own, adds a suggested one, puts their own
// first with the keyboard and another back by drag, marks one asked with a
// note of the answer; the list, with where each question came from, is
// the same after a reload and with the server stopped, and the header
// counts it.
func TestQuestions(t *testing.T) {
	srv := startReal(t)
	a := testSite(t).corpus.Articles[0]
	ctx := newBrowser(t, 390, 844)
	addBtn := `document.querySelectorAll("#questions .q-add")[1]`
	do(t, ctx, "article", chromedp.Navigate(srv.URL+content.ArticlePath(a.Slug)), appRunning(), waitJS(offlineReady))
	if n := eval[int](t, ctx, `document.querySelectorAll("#questions .q-add").length`); n != len(a.Questions) {
		t.Fatalf("%d add buttons for %d questions", n, len(a.Questions))
	}
	eval[any](t, ctx, addBtn+`.click()`)
	do(t, ctx, "added", waitJS(addBtn+`.getAttribute("aria-pressed") === "true"`), waitJS(headerCount+` === "1"`))
	eval[any](t, ctx, addBtn+`.click()`)
	do(t, ctx, "removed again", waitJS(addBtn+`.getAttribute("aria-pressed") === "false"`), waitJS(headerCount+` === ""`))
	eval[any](t, ctx, addBtn+`.click()`)
	do(t, ctx, "added again", waitJS(addBtn+`.getAttribute("aria-pressed") === "true"`))

	do(t, ctx, "my questions", chromedp.Click(chromedp.CSS(`.q-more a`)), appRunning(),
		waitJS(`location.pathname === "/questions"`), waitJS(listed+`.length === 1`))
	if from := eval[string](t, ctx, `document.querySelector(".q-from a").getAttribute("href")`); from != content.ArticlePath(a.Slug) {
		t.Errorf("the question links to %q, not its article", from)
	}
	own := "Can my partner come with me?"
	do(t, ctx, "write one's own",
		chromedp.SendKeys(chromedp.CSS("#own-question"), own+"\r"),
		waitJS(listed+`.length === 2`), waitJS(`document.getElementById("own-question").value === ""`))
	eval[any](t, ctx, `document.querySelectorAll(".q-core .q-add")[0].click()`)
	do(t, ctx, "a suggested one", waitJS(listed+`.length === 3`), waitJS(headerCount+` === "3"`))
	want := []string{a.Questions[1], own, "What are my options?"}
	if got := texts(t, eval[[]any](t, ctx, listed)); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("list %q, want %q", got, want)
	}

	// The keyboard: Move up on one's own question, twice, by Enter and
	// by Space; the focus stays with it and each move is announced.
	ownID := eval[string](t, ctx, `document.querySelectorAll(".q-item")[1].id.replace("item-", "")`)
	do(t, ctx, "move up by keyboard",
		chromedp.Focus(chromedp.CSS("#up-"+ownID)), chromedp.KeyEvent("\r"),
		waitJS(listed+`[0] === `+jsString(own)),
		waitJS(`document.activeElement.id === "down-`+ownID+`"`), // Move up is now disabled: the focus moves to its partner
		waitJS(`document.querySelector(".q-status").textContent === "Moved to number 1 of 3."`),
	)
	do(t, ctx, "and down by Space", chromedp.KeyEvent(" "),
		waitJS(listed+`[1] === `+jsString(own)), waitJS(`document.activeElement.id === "down-`+ownID+`"`))
	do(t, ctx, "and up again", chromedp.Focus(chromedp.CSS("#up-"+ownID)), chromedp.KeyEvent("\r"), waitJS(listed+`[0] === `+jsString(own)))
	if top := eval[int](t, ctx, `document.querySelectorAll(".q-top .q-item").length`); top != 3 {
		t.Errorf("the top 3 band holds %d questions", top)
	}

	// Drag: the suggested question, dropped on the first, becomes first.
	do(t, ctx, "drag", waitJS(`(() => {
		const items = document.querySelectorAll(".q-item");
		const dt = new DataTransfer();
		const fire = (el, type) => el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
		fire(items[2].querySelector(".q-handle"), "dragstart");
		fire(items[0], "dragover");
		fire(items[0], "drop");
		fire(items[2].querySelector(".q-handle"), "dragend");
		return true;
	})()`), waitJS(listed+`[0] === "What are my options?"`))
	want = []string{"What are my options?", own, a.Questions[1]}

	// Asked, with a note of the answer.
	note := "Yes, with my consent"
	do(t, ctx, "asked", chromedp.Click(chromedp.CSS(`#item-`+ownID+` .q-asked input`)),
		waitJS(`document.getElementById("item-`+ownID+`").classList.contains("asked")`),
		chromedp.SendKeys(chromedp.CSS(`#note-`+ownID), note),
		waitJS(storedQuestions+`.some((q) => q.asked && q.note === `+jsString(note)+`)`))

	check := func(when string) {
		t.Helper()
		do(t, ctx, when, waitJS(listed+`.length === 3`))
		if got := texts(t, eval[[]any](t, ctx, listed)); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: list %q, want %q", when, got, want)
		}
		if !eval[bool](t, ctx, `document.getElementById("item-`+ownID+`").classList.contains("asked") && document.getElementById("note-`+ownID+`").value === `+jsString(note)) {
			t.Errorf("%s: the asked mark or the note is lost", when)
		}
		if n := eval[string](t, ctx, headerCount); n != "3" {
			t.Errorf("%s: the header counts %q questions", when, n)
		}
	}
	do(t, ctx, "reload", chromedp.Reload(), appRunning())
	check("after a reload")
	eval[any](t, ctx, `window.scrollTo(0, 0)`)
	screenshot(t, ctx, "phone-questions")

	srv.stop()
	// The page itself is precached, not only the app's shell.
	do(t, ctx, "offline, cold", chromedp.Navigate(srv.URL+content.QuestionsPath),
		waitJS(`caches.match("`+content.QuestionsPath+`").then((r) => !!r && r.ok)`), appRunning())
	check("offline")
	do(t, ctx, "offline article", chromedp.Navigate(srv.URL+content.ArticlePath(a.Slug)), appRunning(),
		waitJS(addBtn+`.getAttribute("aria-pressed") === "true"`))
}

// seedQuestions stores a list of n questions (the three suggested, then
// the first article's, the last one asked with a note) on the site's
// origin, as the app stores it.
func seedQuestions(t *testing.T, ctx context.Context, n int) []string {
	t.Helper()
	a := testSite(t).corpus.Articles[0]
	type q struct {
		ID    string `json:"id"`
		Text  string `json:"text"`
		Slug  string `json:"slug,omitempty"`
		Title string `json:"title,omitempty"`
		Core  bool   `json:"core,omitempty"`
		Asked bool   `json:"asked,omitempty"`
		Note  string `json:"note,omitempty"`
	}
	var qs []q
	var out []string
	core := []string{"What are my options?", "What are the possible benefits and harms of those options?", "How likely are those benefits and harms to happen to me?"}
	for i := range n {
		e := q{ID: fmt.Sprintf("s%d", i)}
		if i < len(core) {
			e.Text, e.Core = core[i], true
		} else {
			e.Text, e.Slug, e.Title = a.Questions[(i-len(core))%len(a.Questions)], a.Slug, a.Title
		}
		qs = append(qs, e)
		out = append(out, e.Text)
	}
	qs[n-1].Asked, qs[n-1].Note = true, "A few weeks, then we review it together."
	b, _ := json.Marshal(qs)
	eval[any](t, ctx, fmt.Sprintf(`localStorage.setItem(%q, %s)`, questionsKey, jsString(string(b))))
	return out
}

// TestQuestionsPrint: printed, My questions is the list alone, top 3
// first, each question with the article it came from and room to write,
// on one page; on screen the page is photographed for the README.
func TestQuestionsPrint(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 1280, 800)
	do(t, ctx, "a first visit", chromedp.Navigate(srv.URL+"/about"), waitJS(`document.readyState === "complete"`))
	want := seedQuestions(t, ctx, 8)
	do(t, ctx, "my questions", chromedp.Navigate(srv.URL+content.QuestionsPath), appRunning(), waitJS(listed+fmt.Sprintf(`.length === %d`, len(want))))
	screenshot(t, ctx, "desktop-questions")

	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown := func(sel string) string {
		return fmt.Sprintf(`[...document.querySelectorAll(%q)].filter((e) => e.getClientRects().length > 0).length`, sel)
	}
	for _, sel := range []string{".top", ".foot", ".q-tools", ".q-note", ".q-handle", ".q-own", ".q-core", ".q-articles", ".q-actions", ".crisis-note", "#app-wasm-loader"} {
		if n := eval[int](t, ctx, shown(sel)); n > 0 {
			t.Errorf("printed although not part of the list: %s", sel)
		}
	}
	if got := texts(t, eval[[]any](t, ctx, listed)); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("printed list %q, want %q", got, want)
	}
	if n := eval[int](t, ctx, shown(".q-top .q-item")); n != 3 {
		t.Errorf("the printed top 3 band holds %d questions", n)
	}
	title := testSite(t).corpus.Articles[0].Title
	if n := eval[int](t, ctx, fmt.Sprintf(`[...document.querySelectorAll(".q-from")].filter((e) => e.getClientRects().length > 0 && e.textContent.includes(%s)).length`, jsString(title))); n != len(want)-3 {
		t.Errorf("%d printed questions name their article, want %d", n, len(want)-3)
	}
	// Room to write under every question: at least two lines of 10pt.
	if h := eval[float64](t, ctx, `Math.min(...[...document.querySelectorAll(".q-paper")].map((e) => e.getBoundingClientRect().height))`); h < 30 {
		t.Errorf("the space for notes is %.0f px high", h)
	}
	if note := eval[string](t, ctx, `[...document.querySelectorAll(".q-paper")].pop().textContent`); note != "A few weeks, then we review it together." {
		t.Errorf("the printed note is %q", note)
	}
	screenshot(t, ctx, "desktop-print-questions")
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatal(err)
	}
	if pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(res.Data, -1)); pages != 1 || !bytes.HasPrefix(res.Data, []byte("%PDF")) {
		t.Errorf("eight questions print on %d pages, want 1", pages)
	}
}

// TestQuestionsAfterUpdate: questions made on version 1 are on the list
// once version 2 runs.
func TestQuestionsAfterUpdate(t *testing.T) {
	sw := &swappable{}
	sw.deploy(testServer(t))
	srv := startHandler(t, sw)
	ctx := newBrowser(t, 390, 844)
	own := "Is there a waiting list?"
	do(t, ctx, "version 1", chromedp.Navigate(srv.URL+content.QuestionsPath), appRunning(), waitJS(offlineReady),
		chromedp.SendKeys(chromedp.CSS("#own-question"), own+"\r"), waitJS(listed+`.length === 1`))
	v2 := siteV2(t)
	sw.deploy(newServer(v2))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](checkForUpdate, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "update", waitJS(`(document.querySelector(".banner")||{textContent:""}).textContent.includes("Updated articles are ready.")`),
		chromedp.Click(chromedp.CSS(".banner button")), appRunning(),
		waitJS(fmt.Sprintf(`caches.keys().then((k) => JSON.stringify(k) === JSON.stringify(["app-%s"]))`, v2.version)))
	do(t, ctx, "the list on version 2", chromedp.Navigate(srv.URL+content.QuestionsPath), appRunning(),
		waitJS(listed+`.length === 1 && `+listed+`[0] === `+jsString(own)), waitJS(headerCount+` === "1"`))
}

// TestQuestionsWaitForTheirState: before the app runs, a reader who has
// questions sees no "Add" on a question already added, no empty list on
// /questions, and the header keeps room for the count; the app then shows
// the real state.
func TestQuestionsWaitForTheirState(t *testing.T) {
	srv, release := startStaticGated(t)
	ctx := newBrowser(t, 390, 844)
	a := testSite(t).corpus.Articles[0]
	do(t, ctx, "nothing stored", chromedp.Navigate(srv.URL+content.ArticlePath(a.Slug)), waitJS(appWaiting))
	if !eval[bool](t, ctx, visible("#questions .q-add")) {
		t.Fatal("with nothing stored, the add buttons should show before the app")
	}
	width := eval[float64](t, ctx, `document.querySelector(".q-link").getBoundingClientRect().width`)
	seedQuestions(t, ctx, 4) // the fourth is this article's first question
	do(t, ctx, "stored, app held", chromedp.Reload(), waitJS(`document.readyState === "complete"`))
	if eval[bool](t, ctx, visible("#questions .q-add")) {
		t.Error("the pre-rendered \"Add\" shows for a question already added")
	}
	if w := eval[float64](t, ctx, `document.querySelector(".q-link").getBoundingClientRect().width`); w <= width {
		t.Error("the header keeps no room for the count")
	}
	do(t, ctx, "my questions, app held", chromedp.Navigate(srv.URL+content.QuestionsPath), waitJS(`document.readyState === "complete"`))
	if eval[bool](t, ctx, visible(".q-state .empty")) {
		t.Error("the pre-rendered empty list shows to a reader who has questions")
	}
	release()
	do(t, ctx, "app", appRunning(), waitJS(listed+`.length === 4`), waitJS(visible(".q-state")), waitJS(headerCount+` === "4"`),
		chromedp.Navigate(srv.URL+content.ArticlePath(a.Slug)), appRunning(), waitJS(visible("#questions .q-add")))
	if got := eval[string](t, ctx, `document.querySelector("#questions .q-add").getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("with the app running, the added question's button is aria-pressed=%s", got)
	}
}

// TestQuestionsStorageFaults: with storage disabled, full or holding an
// unreadable list, articles still read, the add buttons and the page say
// plainly that the list cannot be kept, and an unreadable list is never
// overwritten.
func TestQuestionsStorageFaults(t *testing.T) {
	srv := startReal(t)
	a := testSite(t).corpus.Articles[0]
	faults := map[string]string{
		"disabled": `Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });`,
		"full": `Storage.prototype.setItem = function () { throw new DOMException("full", "QuotaExceededError"); };
			Storage.prototype.getItem = function () { return null; };`,
		"corrupt": `try { localStorage.setItem("` + questionsKey + `", "[{not json"); } catch (e) {}`,
	}
	for name, script := range faults {
		t.Run(name, func(t *testing.T) {
			ctx := newBrowser(t, 390, 844)
			beforeLoad(t, ctx, script)
			do(t, ctx, "article", chromedp.Navigate(srv.URL+content.ArticlePath(a.Slug)), appRunning())
			if name == "full" {
				eval[any](t, ctx, `document.querySelector("#questions .q-add").click()`)
			}
			do(t, ctx, "adding is off", waitJS(`(document.querySelector(".q-offer .note")||{textContent:""}).textContent.startsWith("Adding questions is off")`),
				waitJS(`document.querySelector("#questions .q-add").disabled`))
			do(t, ctx, "my questions", chromedp.Navigate(srv.URL+content.QuestionsPath), appRunning())
			if name == "full" {
				do(t, ctx, "add one's own", chromedp.SendKeys(chromedp.CSS("#own-question"), "Will it work?\r"),
					waitJS(`(document.querySelector(".q-failed")||{textContent:""}).textContent.startsWith("That change was not kept")`))
				return
			}
			do(t, ctx, "the page says so", waitJS(`document.querySelector(".q-state .empty").textContent.startsWith("Saving is off")`),
				waitJS(`document.getElementById("own-question").disabled`))
			if name == "corrupt" {
				if v := eval[string](t, ctx, `localStorage.getItem("`+questionsKey+`")`); v != "[{not json" {
					t.Errorf("the unreadable list was overwritten with %q", v)
				}
			}
		})
	}
}
