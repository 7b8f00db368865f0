// Command nextsteps is the whole product in one binary.
//
// In the browser (GOOS=js GOARCH=wasm) it only runs the app. Natively it
// has three subcommands:
//
//	nextsteps serve [-addr :8000] [-web web]   serve the reader
//	                [-content DIR]             ... from DIR, following edits (live.go)
//	nextsteps build -out DIR [-web web]        write the static site
//	nextsteps check [DIR]                      validate the articles
//
// The server and generator code is behind the !wasm build tag, so app.wasm
// links none of it. Each side loads the corpus once and hands it to the
// app's routes (ui.Route): natively newSite loads the embedded articles
// (site.go) and serves them, rendered, as a data file named by its hash;
// in the browser run reads that file (main_wasm.go). app.wasm embeds no
// articles.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:])) // in the browser run never returns
}
