//go:build !wasm

package main

// The browser test of /help: the reader's region first, from the browser's
// language before the app runs and after, and a region chosen on the page
// remembered across a reload.

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestHelpRegion: with the browser's language en-CA, /help puts Canada first
// (its lines and its emergency number) before the app runs and keeps it
// there when the app takes over; choosing Australia puts it first without
// moving the chooser, and survives a reload, again before the app runs.
func TestHelpRegion(t *testing.T) {
	srv := startReal(t)
	ctx := newBrowser(t, 390, 844)
	ua := eval[string](t, ctx, `navigator.userAgent`)
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "en-CA"}); err != nil {
		t.Fatal(err)
	}
	const first = `[document.querySelector("#regions > li").dataset.region,
		document.querySelector("#emergency-numbers > span").dataset.region,
		document.getElementById("region-choice").value].join(" ")`

	do(t, ctx, "open /help", chromedp.Navigate(srv.URL+"/help"), waitJS(appWaiting))
	if lang := eval[string](t, ctx, `navigator.language`); lang != "en-CA" {
		t.Fatalf("navigator.language = %q, want en-CA", lang)
	}
	if got := eval[string](t, ctx, first); got != "CA CA CA" {
		t.Errorf("before the app runs, first region (list, emergency, chooser) = %q, want CA", got)
	}
	if n := eval[float64](t, ctx, `document.querySelectorAll("#regions > li").length`); n < 7 {
		t.Errorf("only %v regions listed", n)
	}
	do(t, ctx, "start the app", appRunning())
	if got := eval[string](t, ctx, first); got != "CA CA CA" {
		t.Errorf("with the app running, first region = %q, want CA", got)
	}

	top := eval[float64](t, ctx, `document.getElementById("region-choice").getBoundingClientRect().top`)
	eval[any](t, ctx, `(() => { const s = document.getElementById("region-choice"); s.value = "AU"; s.dispatchEvent(new Event("change", { bubbles: true })); })()`)
	do(t, ctx, "choose Australia", waitJS(`document.querySelector("#regions > li").dataset.region === "AU"`))
	if got := eval[string](t, ctx, first); got != "AU AU AU" {
		t.Errorf("after choosing Australia, first region = %q", got)
	}
	if moved := eval[float64](t, ctx, `document.getElementById("region-choice").getBoundingClientRect().top`) - top; moved > 1 || moved < -1 {
		t.Errorf("the chooser moved %v px when the list reordered", moved)
	}
	if stored := eval[string](t, ctx, `localStorage.getItem("nextsteps.region.v1")`); stored != `"AU"` {
		t.Errorf("stored choice %q, want \"AU\"", stored)
	}

	do(t, ctx, "reload", chromedp.Reload(), waitJS(appWaiting))
	if got := eval[string](t, ctx, first); got != "AU AU AU" {
		t.Errorf("after a reload, before the app runs, first region = %q, want the chosen AU", got)
	}
	do(t, ctx, "start the app again", appRunning())
	if got := eval[string](t, ctx, first); got != "AU AU AU" {
		t.Errorf("after a reload, with the app running, first region = %q, want AU", got)
	}
}
