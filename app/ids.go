package app

// Element ids that more than one part of the reader names: a component and
// its label or link, the Go code that looks the element up, or cmd/nextsteps/boot.js
// (which gets them from BootConstants, never as literals). web/app.css
// styles by class and names none of them; a stylesheet cannot read Go, so
// should it ever select one, it must spell it as here. The article page's
// ids are content's (content/site.go), since the rendered articles link to
// them.
const (
	mainID             = "main"              // the page's main content: the skip link's target
	searchID           = "search"            // the header's search field: its label, and the "/" shortcut
	regionsID          = "regions"           // /help: the crisis lines by region, reordered by boot.js
	emergencyNumbersID = "emergency-numbers" // /help: the emergency numbers, reordered by boot.js
	regionChoiceID     = "region-choice"     // /help: the "Show first" chooser, set by boot.js
	// go-app's, not ours: the "Starting the app" notice, which go-app
	// writes last in every page, after the app's (its http.go), and
	// removes once the app runs. boot.js takes it as the sign that the
	// page is all parsed (part 13), and as the app's failure if it is still
	// there once the app should run (part 6).
	loaderID = "app-wasm-loader"
)

// chipRowClass is the class of a row of filter toggles (app/home.go): on a
// phone it scrolls sideways (web/app.css), and cmd/nextsteps/boot.js keeps
// its focused and chosen toggles in view.
const chipRowClass = "chips"

// savingCountClass is the class of the footer's place for the count of
// articles saved while the service worker installs (offlineStatus):
// cmd/nextsteps/boot.js writes the worker's count into it.
const savingCountClass = "saving-count"

// The mark that every article is saved on this device: when the service
// worker says so, cmd/nextsteps/boot.js (part 10) sets data-stored on
// <html> (savedFlag, as a dataset key) and fires savedEvent on window, and
// offlineStatus says "Saved". When the worker has saved what it could but
// some articles failed to download (a file broken on the server, the
// connection lost), boot.js sets data-unsaved to how many (unsavedFlag)
// and fires the same event, and offlineStatus says so; data-unsavedsearch
// (unsavedSearchFlag) when part of the search index failed.
const (
	savedFlag         = "stored"
	unsavedFlag       = "unsaved"
	unsavedSearchFlag = "unsavedsearch"
	savedEvent        = "nextsteps-stored"
)
