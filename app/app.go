// Package app holds the reader's user interface: one go-app component per
// page (home, article, topic and "Who it's for", help, about, saved, not found) and the shell
// they share (header with the crisis link, update banner, install button,
// offline status, footer).
//
// The same code runs twice: on the server (or the static generator) to
// pre-render each page, and in the browser as app.wasm. Both are handed the
// same corpus by their main (see Route): the server loads the embedded
// articles, the wasm decodes the bundle made from them. So the pre-rendered
// HTML and the wasm's DOM are the same and nothing is fetched at run time.
// Each page holds the corpus it was built with and hands it to the parts
// that need it; this package keeps no corpus of its own.
package app

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Name is the app's name, used in titles and the manifest.
const Name = "Next Steps"

// formatDate writes a date the way people say it: "25 November 2026".
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	// Not t.Format: its layout interpreter, compiled by the browser when
	// first used, cost 25 ms of a start at 4x CPU slowdown (a trace of
	// issue 11's session), for a date this says in three parts.
	// TestFormatDate holds the two to the same answers.
	year := strconv.Itoa(t.Year())
	for len(year) < 4 {
		year = "0" + year // as Format writes 2006: four digits
	}
	return strconv.Itoa(t.Day()) + " " + t.Month().String() + " " + year
}

// written is what setPage last wrote in the browser: a navigation in the
// app writes the page's title and description only when they change, and
// lifts data-pending once (boot.js sets it only before the app starts).
// Each write looked its meta tag up in the head again: about fifteen calls
// into JavaScript, 2.5 ms of each filter tap in a CPU profile at 1,000
// articles, for a title that stays "Next Steps". The server renders every
// page afresh, and writes them each time.
var written struct {
	title, description string
	revealed           bool
}

// setPage sets the document title and description for a page, from its
// OnNav, and reveals what boot.js held back.
func setPage(ctx app.Context, title, description string) {
	if title != Name {
		title += " · " + Name
	}
	if app.IsServer || title != written.title || description != written.description {
		ctx.Page().SetTitle(title)
		ctx.Page().SetDescription(description)
	}
	if app.IsServer {
		return // the server shares no state between requests
	}
	written.title, written.description = title, description
	// In the warm-up worker (cmd/nextsteps/warm.js), the worker learns
	// that this address is drawn, at the end of the frame that drew it,
	// and sends its go-app on. On a page the property is not there.
	if drawn := app.Window().Get(WarmDrawnGlobal); drawn.Truthy() {
		ctx.Defer(func(ctx app.Context) { drawn.Invoke(ctx.Page().URL().String()) })
	}
	if written.revealed {
		return
	}
	written.revealed = true
	// cmd/nextsteps/boot.js (part 5) hid what the pre-rendered page could not know: a
	// list for the address, the Save and display states. go-app's first
	// render precedes OnNav (and the OnMounts queued before it), so it still
	// shows the bare page's state; the frame after this OnNav shows the right
	// one. Deferred functions run at the end of that frame, in the same task,
	// so the page is revealed with nothing stale ever painted. (In the status
	// bar's OnMount this raced: a frame could run between it and OnNav.)
	ctx.Defer(func(app.Context) {
		app.Window().Get("document").Get("documentElement").Call("removeAttribute", "data-pending")
	})
}
