package main

// historyFirst: a navigation writes the destination's address into the
// browser's history before it loads the destination's page, not after.
//
// go-app's Navigate built the new page first and pushed its address
// after, so a component reading the address as it was built (in OnInit,
// or through Page().URL() in OnMount) read the page being left. Our pages
// read their address in OnInit so that their first render is their own
// (app/home.go, app/article.go): opened by the app, an article drew "Page
// not found" from the previous page's address, and the browser painted
// it for a frame or more before OnNav drew the article
// (TestNavigationDrawsTheNewPage records the frames). The history entry
// is written where the address is already known to be the app's own
// page, so nothing else changes: a navigation to the same address, to a
// mailto: link or outside the app writes no entry, as before.
var historyFirst = []edit{{file: "engine.go",
	old: []string{`	defer func() {
		if updateHistory {
			Window().addHistory(destination)
		}
		e.lastVisitedURL = destination
`},
	new: []string{`	// The address first: the destination's components, built next, read
	// it (OnInit, Page().URL()) as the page they are part of.
	if updateHistory {
		Window().addHistory(destination)
	}
	defer func() {
		e.lastVisitedURL = destination
`}}}
