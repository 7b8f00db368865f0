//go:build !wasm

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// route is one address and the heading it must show.
type route struct{ path, h1 string }

// routes is every route of the product contract with its heading.
func routes(t *testing.T) []route {
	s := testSite(t)
	out := []route{
		{"/", "Next Steps"},
		{"/help", "Get help now"},
		{"/about", "About Next Steps"},
		{"/saved", "Saved articles"},
		{"/?topic=ect&topic=tms", "Next Steps"},
	}
	for _, a := range s.corpus.Articles {
		out = append(out, route{"/articles/" + a.Slug, a.Title})
	}
	for _, tp := range s.corpus.Topics {
		out = append(out, route{"/topics/" + tp.ID, tp.Label})
	}
	return out
}

// TestOffline visits the site once, stops the server, then opens every
// route cold and reloads it, for both the real server and the static build.
func TestOffline(t *testing.T) {
	for _, mode := range []string{"serve", "static"} {
		t.Run(mode, func(t *testing.T) {
			var srv *running
			if mode == "serve" {
				srv = startReal(t)
			} else {
				srv = startStatic(t)
			}
			ctx := newBrowser(t, 390, 844)
			do(t, ctx, "first visit",
				chromedp.Navigate(srv.URL+"/"),
				waitJS(wasmRunning),
				waitJS(offlineReady),
			)
			errs, err := installabilityErrors(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) > 0 {
				t.Errorf("installability errors: %v", errs)
			}

			srv.stop()

			for _, r := range routes(t) {
				for _, st := range []step{chromedp.Navigate(srv.URL + r.path), chromedp.Reload()} {
					do(t, ctx, "offline "+r.path, st, waitJS(wasmRunning))
					h, err := heading(ctx)
					if err != nil || h != r.h1 {
						t.Errorf("offline %s: heading %q (%v), want %q", r.path, h, err, r.h1)
					}
				}
			}

			// The filtered URL is filtered offline too, once the app runs.
			want := len(testSite(t).corpus.Filter([]string{"ect", "tms"}))
			do(t, ctx, "offline filter",
				chromedp.Navigate(srv.URL+"/?topic=ect&topic=tms"),
				waitJS(wasmRunning),
				waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, want)),
			)
			// An unknown address offline still gets a page with a way home.
			do(t, ctx, "offline unknown", chromedp.Navigate(srv.URL+"/no/such/page"), waitJS(wasmRunning))
			if h, _ := heading(ctx); h != "Page not found" {
				t.Errorf("offline unknown path: heading %q", h)
			}
		})
	}
}

// TestFilter clicks topic toggles: the list and the URL change together,
// and back restores the previous selection.
func TestFilter(t *testing.T) {
	srv := startReal(t)
	c := testSite(t).corpus
	ctx := newBrowser(t, 1280, 800)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), waitJS(wasmRunning))

	cards := func(topics ...string) string {
		return fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, len(c.Filter(topics)))
	}
	url := func(q string) string { return fmt.Sprintf(`location.search === %q`, q) }
	checked := func(id string, on bool) string {
		return fmt.Sprintf(`document.getElementById("chip-%s").getAttribute("aria-checked") === "%t"`, id, on)
	}

	do(t, ctx, "click ECT",
		chromedp.Click(chromedp.CSS("#chip-ect")),
		waitJS(url("?topic=ect")), waitJS(cards("ect")), waitJS(checked("ect", true)), waitJS(checked("all", false)),
	)
	do(t, ctx, "click TMS",
		chromedp.Click(chromedp.CSS("#chip-tms")),
		waitJS(url("?topic=ect&topic=tms")), waitJS(cards("ect", "tms")), waitJS(checked("tms", true)),
	)
	status := eval[string](t, ctx, `document.querySelector(".result-count").textContent`)
	if !strings.Contains(status, "about Electroconvulsive therapy (ECT) or Transcranial magnetic stimulation (TMS)") {
		t.Errorf("result count says %q", status)
	}
	do(t, ctx, "back",
		chromedp.NavigateBack(),
		waitJS(url("?topic=ect")), waitJS(cards("ect")), waitJS(checked("tms", false)), waitJS(checked("ect", true)),
	)
	do(t, ctx, "back again",
		chromedp.NavigateBack(),
		waitJS(url("")), waitJS(cards()), waitJS(checked("all", true)),
	)
	do(t, ctx, "forward",
		chromedp.NavigateForward(),
		waitJS(url("?topic=ect")), waitJS(cards("ect")),
	)
	// A topic with no article yet shows the helpful empty state.
	empty := ""
	for _, tp := range c.Topics {
		if len(c.Filter([]string{tp.ID})) == 0 {
			empty = tp.ID
			break
		}
	}
	if empty != "" {
		do(t, ctx, "empty state",
			chromedp.Navigate(srv.URL+"/?topic="+empty), waitJS(wasmRunning),
			waitJS(`document.querySelector(".empty h2") !== null && document.querySelectorAll(".card").length === 0`),
		)
	}
}

// TestFilterKeyboard uses the filter with the keyboard alone: Tab to a
// toggle, Enter or Space to change it.
func TestFilterKeyboard(t *testing.T) {
	srv := startReal(t)
	c := testSite(t).corpus
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home", chromedp.Navigate(srv.URL+"/"), waitJS(wasmRunning))

	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 40; i++ {
			do(t, ctx, "tab", chromedp.KeyEvent("\t"))
			if eval[string](t, ctx, `document.activeElement.id`) == id {
				return
			}
		}
		t.Fatalf("Tab never reached #%s", id)
	}
	tabTo("chip-ect")
	do(t, ctx, "Enter on ECT",
		chromedp.KeyEvent("\r"),
		waitJS(`location.search === "?topic=ect"`),
		waitJS(fmt.Sprintf(`document.querySelectorAll(".card").length === %d`, len(c.Filter([]string{"ect"})))),
	)
	// Focus moves to the re-rendered page; Tab to TMS and press Space.
	eval[any](t, ctx, `document.activeElement.blur(); window.scrollTo(0,0)`)
	tabTo("chip-tms")
	do(t, ctx, "Space on TMS",
		chromedp.KeyEvent(" "),
		waitJS(`location.search === "?topic=ect&topic=tms"`),
		waitJS(`document.getElementById("chip-tms").getAttribute("aria-checked") === "true"`),
	)
	if !eval[bool](t, ctx, `getComputedStyle(document.activeElement).outlineStyle !== "none"`) {
		t.Error("the focused toggle shows no focus outline")
	}
}

// TestScreenshots renders the main pages at phone and desktop sizes. Set
// SCREENSHOTS=docs/screenshots to keep them (make screenshots does).
func TestScreenshots(t *testing.T) {
	srv := startReal(t)
	slug := testSite(t).corpus.Articles[0].Slug
	for _, size := range []struct {
		name string
		w, h int
	}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
		ctx := newBrowser(t, size.w, size.h)
		for _, p := range []struct{ name, path string }{
			{"home", "/"}, {"filter", "/?topic=ect&topic=tms"}, {"article", "/articles/" + slug},
			{"help", "/help"}, {"topic", "/topics/ect"}, {"notfound", "/nope"},
		} {
			do(t, ctx, p.name, chromedp.Navigate(srv.URL+p.path), waitJS(wasmRunning))
			screenshot(t, ctx, size.name+"-"+p.name)
		}
		// Further down an article: the questions box and the sources.
		do(t, ctx, "article sources", chromedp.Navigate(srv.URL+"/articles/"+slug), waitJS(wasmRunning))
		eval[any](t, ctx, `document.getElementById("questions").scrollIntoView()`)
		screenshot(t, ctx, size.name+"-article-end")
	}
}
