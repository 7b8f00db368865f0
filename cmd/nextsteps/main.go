// Command nextsteps is the whole product in one binary.
//
// In the browser (GOOS=js GOARCH=wasm) it only runs the app. Natively it
// has four subcommands:
//
//	nextsteps serve [-addr :8000] [-web web]   serve the reader
//	nextsteps build -out DIR [-web web]        write the static site
//	nextsteps check [DIR]                      validate the articles
//	nextsteps bundle -out FILE                 write the articles, checked and
//	                                           rendered, for app.wasm to embed
//
// The server and generator code is behind the !wasm build tag, so app.wasm
// links none of it.
package main

import (
	"os"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "nextsteps/app"
)

func main() {
	ui.Route()
	app.RunWhenOnBrowser() // never returns in the browser
	os.Exit(run(os.Args[1:]))
}
