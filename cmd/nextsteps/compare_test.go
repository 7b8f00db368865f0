//go:build !wasm

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// shownColumns lists the options whose cells show in the comparison's
// first row, in order: what the reader sees, whatever the markup holds.
const shownColumns = `[...document.querySelectorAll("#row-how td[data-topic]")].filter((e) => e.getClientRects().length > 0).map((e) => e.dataset.topic).join(",")`

// brokenCitations lists each citation whose target is not one of the
// listed sources.
const brokenCitations = `[...document.querySelectorAll(".compare-grid .cite a, .compare-notes .cite a")].filter((a) => a.getClientRects().length > 0).filter((a) => { const id = a.getAttribute("href").slice(1); const el = document.getElementById(id); return !el || !el.closest("#sources") || el.tagName !== "LI"; }).map((a) => a.getAttribute("href"))`

// shownCitations counts the citations a reader can see.
const shownCitations = `[...document.querySelectorAll(".compare-grid .cite a")].filter((a) => a.getClientRects().length > 0).length`

// evidenceGaps lists each shown cell whose evidence note does not explain
// exactly the sources the cell cites, or explains one in too few words.
const evidenceGaps = `[...document.querySelectorAll(".compare-grid td[data-topic]")].filter((td) => td.getClientRects().length > 0).flatMap((td) => { const cited = [...new Set([...td.querySelectorAll(".cite a")].map((a) => a.getAttribute("href")))].sort().join(); const notes = [...td.querySelectorAll(".evidence li")]; const noted = [...new Set(notes.map((li) => li.querySelector("a").getAttribute("href")))].sort().join(); return cited === noted && cited !== "" && notes.every((li) => li.textContent.split(" ").length >= 6) ? [] : [td.closest("tr").id + "/" + td.dataset.topic + ": cites " + cited + ", notes " + noted]; })`

// openEvidence taps the first shown evidence note and reports whether it
// opened to show its text: a details element, so no app is needed.
const openEvidence = `(() => { const d = [...document.querySelectorAll(".compare-grid td[data-topic] .evidence")].find((e) => e.getClientRects().length > 0); if (!d) return false; d.querySelector("summary").click(); return d.open && d.querySelector("li").getClientRects().length > 0; })()`

// funding is the comparison's statement of who paid for it and the
// authors' interests, as a reader sees them.
const funding = `[document.querySelector("#compare-funding"), document.querySelector("#compare-interests")].filter((e) => e && e.getClientRects().length > 0 && e.textContent.length > 40).length`

// TestCompareColdOffline: after one visit, with the server stopped, a
// comparison's address opened cold shows exactly its columns at first
// paint, before the app runs (recorded at DOMContentLoaded), and after;
// every citation shown leads to a listed source.
func TestCompareColdOffline(t *testing.T) {
	srv := startStatic(t)
	ctx := newBrowser(t, 1280, 900)
	do(t, ctx, "first visit", chromedp.Navigate(srv.URL+"/"), appRunning(), waitJS(offlineReady))
	srv.stop()

	record := `document.addEventListener("DOMContentLoaded", () => { window.beforeApp = { app: document.documentElement.dataset.app, cols: ` + shownColumns + `, broken: ` + brokenCitations + `.length, cites: ` + shownCitations + `, gaps: ` + evidenceGaps + `, opens: ` + openEvidence + `, funding: ` + funding + ` }; });`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: record}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"/compare?t=ect&t=tms", "ect,tms"},
		{"/compare?t=psychotherapy&t=esketamine-ketamine&t=augmentation&t=ect", "ect,esketamine-ketamine,augmentation,psychotherapy"},
	} {
		do(t, ctx, "offline "+tc.path, chromedp.Navigate(srv.URL+tc.path), waitJS(`!!window.beforeApp`))
		before := eval[map[string]any](t, ctx, `window.beforeApp`)
		if before["app"] == "running" {
			t.Fatalf("%s: the app was already running at DOMContentLoaded", tc.path)
		}
		if before["cols"] != tc.want {
			t.Errorf("%s before the app: columns %v, want %s", tc.path, before["cols"], tc.want)
		}
		if before["broken"].(float64) != 0 || before["cites"].(float64) == 0 {
			t.Errorf("%s before the app: %v broken of %v citations", tc.path, before["broken"], before["cites"])
		}
		if gaps := before["gaps"].([]any); len(gaps) > 0 {
			t.Errorf("%s before the app: cells whose evidence notes do not match their sources: %v", tc.path, gaps)
		}
		if before["opens"] != true || before["funding"] != 2.0 {
			t.Errorf("%s before the app: an evidence note opens: %v; funding and interests shown: %v of 2", tc.path, before["opens"], before["funding"])
		}
		do(t, ctx, "app "+tc.path, appRunning(), waitJS(`!document.documentElement.dataset.pending`))
		if got := eval[string](t, ctx, shownColumns); got != tc.want {
			t.Errorf("%s with the app: columns %s, want %s", tc.path, got, tc.want)
		}
		if broken := eval[[]string](t, ctx, brokenCitations); len(broken) > 0 {
			t.Errorf("%s: citations without a listed source: %v", tc.path, broken)
		}
		if n := eval[float64](t, ctx, shownCitations); n == 0 {
			t.Errorf("%s: no citations shown", tc.path)
		}
		if gaps := eval[[]string](t, ctx, evidenceGaps); len(gaps) > 0 {
			t.Errorf("%s with the app: cells whose evidence notes do not match their sources: %v", tc.path, gaps)
		}
		if !eval[bool](t, ctx, openEvidence) || eval[float64](t, ctx, funding) != 2 {
			t.Errorf("%s with the app: an evidence note does not open, or funding and interests are not shown", tc.path)
		}
		if h, _ := heading(ctx); h != "Compare treatments" {
			t.Errorf("%s: heading %q", tc.path, h)
		}
	}
}

// TestCompareBeforeApp: online, with app.wasm held back, the static host's
// page for /compare shows the address's columns and a sentence asking for
// a choice when there are too few; it never shows every column.
func TestCompareBeforeApp(t *testing.T) {
	srv, release := startStaticGated(t)
	ctx := newBrowser(t, 1280, 900)
	for _, tc := range []struct{ path, cols, choose string }{
		{"/compare?t=tms&t=ect", "ect,tms", ""},
		{"/compare", "", "Choose at least 2"},
		{"/compare?t=ect", "", "Choose at least 2"}, // the app says more once it runs
		{"/compare?t=ect&t=nope", "", "Choose at least 2"},
	} {
		do(t, ctx, "open "+tc.path, chromedp.Navigate(srv.URL+tc.path), waitJS(`document.readyState === "complete" && document.documentElement.dataset.app !== "running"`))
		if got := eval[string](t, ctx, shownColumns); got != tc.cols {
			t.Errorf("%s before the app: columns %q, want %q", tc.path, got, tc.cols)
		}
		shown := eval[bool](t, ctx, visible(".compare-choose"))
		if shown != (tc.choose != "") {
			t.Errorf("%s before the app: the request to choose shows: %v", tc.path, shown)
		}
		if tc.choose != "" && !strings.Contains(eval[string](t, ctx, `document.querySelector(".compare-choose").textContent`), tc.choose) {
			t.Errorf("%s: the request to choose does not say %q", tc.path, tc.choose)
		}
	}
	release()
	do(t, ctx, "one option, with the app", chromedp.Navigate(srv.URL+"/compare?t=ect"), appRunning(),
		waitJS(`(document.querySelector(".compare-choose")||{}).textContent === "You chose 1 treatment (ECT). Choose at least one more above."`))
	if !eval[bool](t, ctx, `document.querySelector("#pick-ect").getAttribute("aria-checked") === "true" && document.querySelector("#pick-tms").getAttribute("href").endsWith("/compare?t=ect&t=tms")`) {
		t.Error("the chooser does not tick ECT or does not offer adding TMS")
	}
	do(t, ctx, "five options", chromedp.Navigate(srv.URL+"/compare?t=ect&t=tms&t=augmentation&t=psychotherapy&t=esketamine-ketamine"), appRunning(),
		waitJS(`/You chose 5 treatments/.test((document.querySelector(".compare-choose")||{}).textContent)`))
	if got := eval[string](t, ctx, shownColumns); got != "" {
		t.Errorf("five options: columns %q shown", got)
	}
}

// TestComparePhone: at 390 px the comparison reads as one card per
// question listing the chosen options, with no sideways page scroll, even
// with four options; on a desktop it is a table with the options as
// columns. Screenshots for the README.
func TestComparePhone(t *testing.T) {
	srv := startReal(t)
	four := "/compare?t=ect&t=tms&t=esketamine-ketamine&t=psychotherapy"
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "phone", chromedp.Navigate(srv.URL+four), appRunning(), waitJS(`!document.documentElement.dataset.pending`))
	if w := eval[float64](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the page scrolls sideways at 390 px: %v px wide", w)
	}
	cards := eval[map[string]any](t, ctx, `(() => { const r = document.querySelector("#row-how"); const b = r.getBoundingClientRect(); return { display: getComputedStyle(r).display, width: b.width, thead: getComputedStyle(document.querySelector(".compare-table thead")).display, names: [...r.querySelectorAll(".cell-name")].filter((e) => e.getClientRects().length > 0).length, stacked: [...r.querySelectorAll("td")].every((td, i, all) => i === 0 || td.getBoundingClientRect().top >= all[i-1].getBoundingClientRect().bottom - 1) }; })()`)
	if cards["display"] != "block" || cards["thead"] != "none" || cards["names"].(float64) != 4 || cards["stacked"] != true || cards["width"].(float64) > 390 {
		t.Errorf("phone: the rows are not cards listing the four options: %v", cards)
	}
	do(t, ctx, "scroll to the results, one evidence note open", chromedp.Evaluate[chromedp.Void](`document.querySelector("#row-results").scrollIntoView(); document.querySelector("#row-results .evidence summary").click()`))
	screenshot(t, ctx, "phone-compare")

	desk := newBrowser(t, 1280, 900)
	do(t, desk, "desktop", chromedp.Navigate(srv.URL+"/compare?t=ect&t=tms&t=esketamine-ketamine"), appRunning(), waitJS(`!document.documentElement.dataset.pending`))
	layout := eval[map[string]any](t, desk, `({ row: getComputedStyle(document.querySelector("#row-how")).display, cols: document.querySelectorAll(".compare-table thead th[data-topic]").length, scroll: document.documentElement.scrollWidth })`)
	if layout["row"] != "table-row" || layout["cols"].(float64) != 3 || layout["scroll"].(float64) > 1280 {
		t.Errorf("desktop: not a table with three option columns: %v", layout)
	}
	do(t, desk, "scroll to the table", chromedp.Evaluate[chromedp.Void](`document.querySelector(".compare-pick").scrollIntoView()`))
	screenshot(t, desk, "desktop-compare")
}

// TestCompareLinks: home offers "Compare these" for two therapy topics,
// not for one; a therapy article links to the comparison with its topic
// chosen.
func TestCompareLinks(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "two topics", chromedp.Navigate(srv.URL+"/?topic=ect&topic=tms"), appRunning(), waitJS(visible("#compare-these")))
	if href := eval[string](t, ctx, `document.querySelector("#compare-these").getAttribute("href")`); href != "/compare?t=ect&t=tms" {
		t.Errorf("Compare these leads to %q", href)
	}
	do(t, ctx, "follow it", chromedp.Click(chromedp.CSS("#compare-these")), waitJS(fmt.Sprintf(`(%s) === "ect,tms"`, shownColumns)))
	do(t, ctx, "one topic", chromedp.Navigate(srv.URL+"/?topic=ect"), appRunning(), waitJS(`document.querySelectorAll(".card").length > 0`))
	if eval[bool](t, ctx, `!!document.querySelector("#compare-these")`) {
		t.Error("Compare these shows for one topic")
	}
	do(t, ctx, "article", chromedp.Navigate(srv.URL+"/articles/transcranial-magnetic-stimulation-tms"), waitJS(`document.readyState === "complete"`))
	if href := eval[string](t, ctx, `(document.querySelector("#compare-link")||{getAttribute(){return ""}}).getAttribute("href")`); href != "/compare?t=tms" {
		t.Errorf("the TMS article's compare link leads to %q", href)
	}
}

// listingShape is the listing as the reader gets it: every element under
// .listing in document order (tag, id, class) and the texts of the titles
// and of "Compare these".
const listingShape = `JSON.stringify([...document.querySelectorAll(".listing *")].map((e) =>
	e.tagName + "#" + e.id + "." + e.className + (e.matches(".card h2, .compare-these") ? " " + e.textContent : "")))`

// TestChoosingASecondTherapyKeepsTheList: choosing a second therapy the
// comparison covers shows "Compare these" above the list, and choosing it
// off hides it again, without building the list again (go-app's children
// matched from both ends: cmd/trimgoapp, keptChildren); the page is then
// the one the app draws for that address opened afresh.
func TestChoosingASecondTherapyKeepsTheList(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	fresh := func(path string) string {
		do(t, ctx, "open "+path, chromedp.Navigate(srv.URL+path), appRunning(), waitJS(`document.querySelectorAll(".card").length > 0`))
		return eval[string](t, ctx, listingShape)
	}
	both, one := fresh("/?topic=ect&topic=tms"), fresh("/?topic=ect")
	do(t, ctx, "mark the list", waitJS(`(document.querySelector(".cards").dataset.kept = "yes", true)`))
	for _, s := range []struct {
		what, address, want string
		compare             bool
	}{
		{"choose TMS too", "?topic=ect&topic=tms", both, true},
		{"choose TMS off", "?topic=ect", one, false},
	} {
		do(t, ctx, s.what, chromedp.Click(chromedp.CSS("#chip-tms")),
			waitJS(fmt.Sprintf(`location.search === %q && !!document.querySelector("#compare-these") === %v`, s.address, s.compare)))
		if got := eval[string](t, ctx, listingShape); got != s.want {
			t.Errorf("%s: the listing is\n%s\nwant, as the app draws it afresh:\n%s", s.what, got, s.want)
		}
		if eval[string](t, ctx, `document.querySelector(".cards").dataset.kept || ""`) != "yes" {
			t.Errorf("%s: the list was built again", s.what)
		}
	}
}
