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
// links none of it. Each side loads the corpus once and hands it to the
// app's routes (ui.Route): natively newSite loads the embedded articles
// (site.go), and in the browser run decodes the bundle made from them
// (main_wasm.go).
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:])) // in the browser run never returns
}
