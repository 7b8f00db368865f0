// Command trimgoapp writes the copy of go-app that every build of Next
// Steps uses: app.wasm, the server, the static build, the tests and vet.
// It holds only our small edits to go-app, applied to go-app as published
// (the module cache's copy) each time it runs, never committed.
//
// The edits, each written so it could be proposed upstream:
//
//   - net/http out of the browser build, which makes app.wasm a fifth
//     smaller (measured: 1.60 MB -> 1.27 MB with brotli -q 11). go-app v10
//     links net/http into the wasm only because two of its files serve
//     HTTP: http.go (the server's Handler) and resource.go (LocalDir embeds
//     an http.FileServer). Neither runs in the browser. The copy puts
//     http.go behind `//go:build !wasm`, gives LocalDir's file server a
//     browser stand-in, and drops the browser's GenerateStaticWebsite stub
//     (which names Handler). Native builds behave as before.
//   - app.js reads app.wasm from the Cache Storage when it is there, and
//     does not report a download cut short because the reader left the
//     page (see wasmFromStorage and leavingIsNotFailure); it removes its
//     loader when the first page is mounted, not when the program first
//     waits (startedWhenMounted, mountedCall).
//   - The server's HTML encoder (node.go), which writes the pre-rendered
//     pages, writes what the components mean: attribute values
//     HTML-escaped, not Go-quoted (htmlEscapedAttributes); "true" bare and
//     "false" left out only for HTML boolean attributes, every other value
//     (aria-checked="true") kept (booleanAttributes); attributes in name
//     order, so two renders of a page are byte-identical (sortedAttributes).
//   - A link whose click a handler prevented is not followed
//     (preventedLinks).
//   - Routes may be matched by a function (RouteFunc), and the router
//     holds functions, not regular expressions, so an app that does not
//     call RouteWithRegexp links no regexp package: app.wasm 7% smaller
//     (1,353,987 -> 1,260,993 bytes with brotli -q 11), and no Unicode
//     script tables built at start-up (routeFuncs, routes.go).
//   - The frame after an event is drawn at once when the engine has
//     drawn none for a frame's duration, not a frame (8.3 ms) later, and
//     a frame that drew nothing (an update prevented) does not count
//     (framesAfterEvents, frames.go).
//   - The first page adopts the pre-rendered one, node for node where the
//     two agree, rather than being built again and put in its place; the
//     encoder writes no indentation, which the parser kept as text nodes
//     go-app's tree does not have (hydrate.go).
//   - A tree of plain elements and texts is mounted from one markup
//     string through the browser's HTML parser, not node by node through
//     syscall/js, and siblings added together (a list's new entries) from
//     one string for all of them (mountFromMarkup, markup.go). An
//     element's children are matched from both ends, so a part shown on a
//     condition does not rebuild every child after it (keptChildren,
//     children.go).
//   - The app's start hands the browser its thread between its parts: the
//     program runs in a task of its own after the instantiation, the
//     first page's hydration yields every 30 ms between components, and
//     Yield is there for the app's own parts (startInSlices, slices.go).
//   - app.js instantiates a module the page compiled already, in a worker
//     that ran the start while the reader read, rather than compiling
//     app.wasm again, or runs an instance the page made of it while it
//     waited (compiledModule, warm.go).
//   - The engine reads GOAPP_INTERNAL_URLS once, and does not decode it
//     when there are none: the start then calls no JSON decoder, which
//     the browser would compile on its thread (internalURLsOnce).
//   - FormatString formats one string, bool or int as "%v" without
//     fmt, which the generated Aria and DataSet setters called for every
//     value (formatWithoutFmt, format.go).
//   - The attribute and text writes of an update are made together, by
//     one call to a script in app.js, not each by its own calls through
//     syscall/js (writesTogether, writes.go).
//   - A navigation writes the destination's address into the history
//     before it builds the destination's page, whose components read it
//     (historyFirst, history.go).
//   - The browser build links no crypto package: the random IDs come from
//     the browser's generator, not github.com/google/uuid, and built with
//     -tags goapp_nocrypto Encrypt and Decrypt are left out (app.wasm 5%
//     smaller; noCryptoInBrowser, crypto.go).
//   - In the browser, Getenv reads each variable from app.js's environment
//     once, not through three calls into JavaScript every time: the engine
//     calls it on every navigation (envOnce, env.go).
//   - A site hosted under a path (PrefixedLocation, GitHubPages) keeps it
//     everywhere: only the site's own paths get the prefix, never "#main"
//     or "tel:" (prefixOnlyPaths); the root is the prefix's folder, inside
//     the worker's scope (rootPrefixEnv); links the app renders in the
//     browser get it too (clientPrefix); and a form's action is resolved
//     like a link (resolvedFormActions).
//   - go-app's own icons stand in only for an app that names none: an
//     app with its own PNG icons and no SVG is not given go-app's SVG
//     logo as its favicon and in its manifest, and an icon left out is
//     not listed as the site's root (ownIcons, icons.go).
//   - An app names the icon iOS and iPadOS put on the home screen
//     (Icon.AppleTouch); go-app wrote the maskable one there, whose safe
//     zone shows as a border where nothing is cropped (appleTouchIcon,
//     icons.go).
//
// It writes DIR/go-app (go-app's go.mod, LICENSE and pkg/, edited) and
// DIR/nextsteps.mod and DIR/nextsteps.sum (this module's go.mod with a
// replace directive to that copy, and its go.sum), for `go -modfile`. The
// edits are exact: if go-app's files are not what they expect (a new
// version), it fails and says which, rather than build something else.
// The Makefile runs it first and passes -modfile to every go command:
//
//	go run ./cmd/trimgoapp -out .cache/goapp
//	GOOS=js GOARCH=wasm go build -modfile .cache/goapp/nextsteps.mod ...
//	go test -modfile .cache/goapp/nextsteps.mod ./...
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const module = "github.com/maxence-charriere/go-app/v10"

// edit is one change to a file of go-app's pkg/app: each old text must occur
// exactly once; a file with no old file is new.
type edit struct {
	file     string
	old, new []string
}

var edits = slices.Concat([]edit{
	{file: "http.go", old: []string{"package app\n"}, new: []string{"//go:build !wasm\n\npackage app\n"}},
	{file: "resource.go",
		old: []string{
			"import (\n\t\"net/http\"\n\t\"strings\"\n)",
			"\t\tHandler:   http.FileServer(http.Dir(directory)),\n\t\tdirectory: directory,\n",
			"type localResourceResolver struct {\n\thttp.Handler\n",
		},
		new: []string{
			"import (\n\t\"strings\"\n)",
			"\t\tfileHandler: newFileHandler(directory),\n\t\tdirectory:   directory,\n",
			"type localResourceResolver struct {\n\tfileHandler\n",
		}},
	{file: "wasm.go",
		old: []string{"import (\n\t\"runtime\"\n\n\t\"github.com/maxence-charriere/go-app/v10/pkg/errors\"\n)\n\nfunc GenerateStaticWebsite(dir string, h *Handler, pages ...string) error {\n\tpanic(errors.New(\"unsupported instruction\").\n\t\tWithTag(\"architecture\", runtime.GOARCH))\n}\n"},
		new: []string{"// GenerateStaticWebsite, like Handler, is server-side only (see\n// resource_files.go, added by nextsteps/cmd/trimgoapp).\n"}},
	{file: "resource_files.go", new: []string{`//go:build !wasm

package app

import "net/http"

// fileHandler serves the directory of a LocalDir resolver, which on the
// server is also the handler of static files. The browser never serves
// files: resource_files_wasm.go keeps net/http out of the browser build.
type fileHandler = http.Handler

func newFileHandler(directory string) fileHandler {
	return http.FileServer(http.Dir(directory))
}
`}},
	{file: "resource_files_wasm.go", new: []string{`//go:build wasm

package app

// fileHandler is nothing in the browser: see resource_files.go.
type fileHandler interface{}

func newFileHandler(string) fileHandler { return nil }
`}},
}, jsEdit("app.js", slices.Concat(wasmFromStorage, leavingIsNotFailure, startedWhenMounted)), []edit{
	mountedCall, htmlEscapedAttributes, booleanAttributes, booleanAttributeList, sortedAttributes, sortedAttributeNames,
	prefixOnlyPaths, clientPrefix, clientPrefixCall, clientPrefixTest, rootPrefixEnv, resolvedFormActions,
	preventedLinks, versionlessAppJS, internalURLsOnce, internalURLsOnceTest,
}, mountFromMarkup, routeFuncs, framesAfterEvents, keptChildren, hydrate, startInSlices, compiledModule, formatWithoutFmt, writesTogether, historyFirst, noCryptoInBrowser, envOnce, ownIcons, appleTouchIcon)

// internalURLsOnce: the engine reads GOAPP_INTERNAL_URLS (JSON) once, and
// not at all when there are none. With none (the Handler's nil list is
// "null") the list stayed nil, so every navigation decoded it again, the
// first page's included. In the browser each of app.wasm's functions is
// compiled the first time it is called, on the main thread, so that first
// decode compiled encoding/json's decoder and the reflection it uses
// inside the app's start, on a first visit, where nothing else there
// decodes JSON (the data files are records: content/records.go).
var internalURLsOnce = edit{file: "engine.go",
	old: []string{"\tif e.internalURLs == nil {\n\t\tjson.Unmarshal([]byte(Getenv(\"GOAPP_INTERNAL_URLS\")), &e.internalURLs)\n\t}\n"},
	new: []string{`	if e.internalURLs == nil {
		e.internalURLs = []string{} // read: not again at the next navigation
		if v := Getenv("GOAPP_INTERNAL_URLS"); v != "" && v != "null" && v != "[]" {
			json.Unmarshal([]byte(v), &e.internalURLs)
		}
	}
`}}

// internalURLsOnceTest is internalURLsOnce's test, run by TestMarkupInGoApp.
var internalURLsOnceTest = edit{file: "engine_internal_test.go", new: []string{`package app

import (
	"net/url"
	"os"
	"testing"
)

func TestEngineInternalURLsOnce(t *testing.T) {
	os.Setenv("GOAPP_INTERNAL_URLS", "null")
	defer os.Unsetenv("GOAPP_INTERNAL_URLS")
	e := newTestEngine()
	destination, _ := url.Parse("https://murlok.io/warrior")
	if e.internalURL(destination) {
		t.Fatal("no internal URLs, yet the destination is one")
	}
	if e.internalURLs == nil {
		t.Fatal("with no internal URLs, the list is read again at every navigation")
	}
	os.Setenv("GOAPP_INTERNAL_URLS", ` + "`" + `["https://murlok.io"]` + "`" + `)
	if e.internalURL(destination) {
		t.Fatal("the list was read again")
	}
	e = newTestEngine()
	if !e.internalURL(destination) {
		t.Fatal("a new engine does not read the list")
	}
}
`}}

// preventedLinks: a click on a link whose default a handler prevented is
// not followed. go-app follows every same-site link clicked, in its
// window-wide click handler, even when the link's own OnClick called
// PreventDefault to do something else, as DOM links do not. Both ran,
// and which came last depended on whether a frame was drawn between them
// (the engine's select picks at random among ready cases): "Show 50 more"
// (app/pager.go) adds the entries in place and raises ?show= itself, and
// a frame in between had go-app then follow the link as re-drawn, to 50
// more again: 100 more, one click in three (make bench, TestShowMore).
var preventedLinks = edit{file: "browser.go",
	old: []string{"\t\tctx.dispatch(func() {\n\t\t\tevent := Event{Value: args[0]}\n\n\t\t\tfor target"},
	new: []string{`		ctx.dispatch(func() {
			event := Event{Value: args[0]}
			if event.Get("defaultPrevented").Bool() {
				return // a handler of the link's own did what the click means
			}

			for target`}}

// The server-side HTML encoder (node.go, nodeManager.encodeHTML and
// encodeHTMLAttribute) writes the pre-rendered pages. The next five edits
// make it write what the components mean, and the same bytes every time.
// In the browser go-app sets attributes through the DOM, which these do
// not touch.

// htmlEscapedAttributes: attribute values are HTML-escaped (&, <, >, " and
// ', as html.EscapeString does) instead of written with strconv.Quote. Go
// quoting is not HTML: a " in a value came out as \", which HTML does not
// read as an escape, so the value ended there and the rest became markup (a
// quotation mark in an article summary, in <meta content>, could add
// attributes or script); & went out raw, so href="/x?a=1&copy=2" read as
// "/x?a=1©=2"; and \ and \t went out as Go escapes, read literally.
var htmlEscapedAttributes = edit{file: "node.go",
	old: []string{
		"\t\"reflect\"\n\t\"strconv\"\n\t\"time\"\n",
		"\t\tw.WriteString(\"=\")\n\t\tw.WriteString(strconv.Quote(resolveAttributeURLValue(name, value, ctx.ResolveStaticResource)))\n",
	},
	new: []string{
		"\t\"reflect\"\n\t\"time\"\n",
		`		// HTML escaping, not Go quoting (strconv.Quote): HTML reads no
		// backslash escapes, so a " written as \" would end the value.
		w.WriteString("=\"")
		w.WriteString(html.EscapeString(resolveAttributeURLValue(name, value, ctx.ResolveStaticResource)))
		w.WriteByte('"')
`,
	}}

// booleanAttributes: only an HTML boolean attribute (booleanAttributeList)
// is written bare for "true" and left out for "false". go-app wrote every
// "true" bare and every "false" as ="false": a bare aria-checked means ""
// (no state, not checked) to a screen reader, a bare draggable is not
// draggable="true", and disabled="false" disables, since a boolean
// attribute is true whenever it is present. Every other attribute now
// keeps its value: aria-checked="true", aria-pressed="false".
var booleanAttributes = edit{file: "node.go",
	old: []string{"\tw.WriteString(\" \")\n\tw.WriteString(name)\n\tif value != \"\" && value != \"true\" {\n"},
	new: []string{`	// An HTML boolean attribute is true when present, whatever its value
	// (disabled="false" disables): true is written bare, false left out.
	// Any other attribute keeps its value: a bare aria-checked is not
	// aria-checked="true".
	if isBooleanAttribute(name) {
		switch value {
		case "true":
			value = ""
		case "false":
			return
		}
	}

	w.WriteString(" ")
	w.WriteString(name)
	if value != "" {
`}}

// booleanAttributeList: the HTML boolean attributes, for booleanAttributes,
// next to setJSAttribute (which sets the ones go-app knows as DOM
// properties in the browser).
var booleanAttributeList = edit{file: "attribute.go",
	old: []string{"func setJSAttribute(jsElement Value, name, value string) {\n"},
	new: []string{`// isBooleanAttribute reports whether name is an HTML boolean attribute:
// present means true, whatever its value, and absent means false. These are
// the attributes that the HTML Living Standard's attribute index
// (https://html.spec.whatwg.org/multipage/indices.html#attributes-3) gives
// as "Boolean attribute", and hidden: an enumerated attribute now
// ("until-found", "hidden"), but every value other than "until-found",
// "false" included, hides. Attributes that take "true" and "false" as
// values (aria-*, contenteditable, draggable, spellcheck) are not boolean.
func isBooleanAttribute(name string) bool {
	switch name {
	case "allowfullscreen", "alpha", "async", "autofocus", "autoplay",
		"checked", "controls", "default", "defer", "disabled",
		"formnovalidate", "hidden", "inert", "ismap", "itemscope", "loop",
		"multiple", "muted", "nomodule", "novalidate", "open",
		"playsinline", "readonly", "required", "reversed", "selected",
		"shadowrootclonable", "shadowrootcustomelementregistry",
		"shadowrootdelegatesfocus", "shadowrootserializable":
		return true
	}
	return false
}

func setJSAttribute(jsElement Value, name, value string) {
`}}

// sortedAttributes: an element's attributes are written in name order, not
// in the order of Go's map iteration, which is random: two renders of one
// page differed (20 of 20 renders of one page were all different), so a
// static build was never reproducible, an unchanged page got a new ETag,
// and diffs of pre-rendered pages were noise.
var sortedAttributes = edit{file: "node.go",
	old: []string{"\tfor name, value := range v.attrs() {\n\t\tm.encodeHTMLAttribute(ctx, w, name, value)\n\t}\n"},
	new: []string{`	// In name order, not the map's random one: two renders of one page
	// are then byte-identical.
	attrs := v.attrs()
	for _, name := range attrs.sortedNames() {
		m.encodeHTMLAttribute(ctx, w, name, attrs[name])
	}
`}}

// sortedAttributeNames: the names in order, for sortedAttributes.
var sortedAttributeNames = edit{file: "attribute.go",
	old: []string{"import (\n\t\"strconv\"\n\t\"strings\"\n)\n\ntype attributes map[string]string\n"},
	new: []string{`import (
	"sort"
	"strconv"
	"strings"
)

type attributes map[string]string

// sortedNames returns the attribute names in order, so that encoding an
// element gives the same bytes every time.
func (a attributes) sortedNames() []string {
	names := make([]string, 0, len(a))
	for name := range a {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
`}}

// The next five edits make a site hosted under a path prefix
// (PrefixedLocation("/repo"), GitHubPages("repo"): a GitHub Pages project
// site at https://user.github.io/repo/) work as it does at a domain root.

// prefixOnlyPaths: PrefixedLocation puts the prefix before paths from the
// root only. It put it before every value of href and src, so a skip link
// href="#main" became "/repo#main" (a jump to the home page), and
// "tel:988" became "/repotel:988". And the root itself becomes the
// prefix's folder, "/repo/", not "/repo": a service worker registered from
// /repo/app-worker.js controls /repo/ and below, and "/repo" is outside
// that scope, so a link home opened offline failed.
var prefixOnlyPaths = edit{file: "resource.go",
	old: []string{`func (r prefixedResourceResolver) Resolve(location string) string {
	if remoteLocation(location) {
		return location
	}
	location = r.localResourceResolver.Resolve(location)
	if location == "/" {
		return strings.TrimRight(r.prefix, "/")
	}
	return strings.TrimRight(r.prefix, "/") + location
}
`},
	new: []string{`func (r prefixedResourceResolver) Resolve(location string) string {
	return prefixPath(r.prefix, r.localResourceResolver.Resolve(location))
}

// prefixPath puts prefix before a path from the root ("/", "/web/x.png",
// "/about?x=1"); the root becomes the prefix's folder, "/repo/". Anything
// else is not a path of this site and is left as it is: another origin
// ("https://...", "//host/..."), a fragment ("#main"), a query, a relative
// path, or another scheme ("tel:", "mailto:").
func prefixPath(prefix, location string) string {
	prefix = strings.TrimRight(prefix, "/")
	if prefix == "" || !strings.HasPrefix(location, "/") || strings.HasPrefix(location, "//") {
		return location
	}
	return prefix + location
}
`}}

// clientPrefix: in the browser, paths from the root get the prefix too, as
// they do on the server. Only /web/ resources were resolved, so a link the
// app rendered (A().Href("/about")) lost the prefix: clicking it showed
// the page, but its address, /about, was not the site's, and a reload
// found nothing.
var clientPrefix = edit{file: "resource.go",
	old: []string{`func clientResourceResolver(resourcesLocation string) func(string) string {
	return func(location string) string {
		if remoteLocation(location) || !webLocation(location) {
			return location
		}
`},
	new: []string{`func clientResourceResolver(resourcesLocation, rootPrefix string) func(string) string {
	return func(location string) string {
		if remoteLocation(location) {
			return location
		}
		if !webLocation(location) {
			return prefixPath(rootPrefix, location)
		}
`}}

// clientPrefixCall passes the root prefix to the browser's resolver.
var clientPrefixCall = edit{file: "app.go",
	old: []string{`clientResourceResolver(Getenv("GOAPP_STATIC_RESOURCES_URL"))`},
	new: []string{`clientResourceResolver(Getenv("GOAPP_STATIC_RESOURCES_URL"), Getenv("GOAPP_ROOT_PREFIX"))`}}

// clientPrefixTest keeps go-app's own test of the resolver compiling.
var clientPrefixTest = edit{file: "resource_test.go",
	old: []string{`clientResourceResolver(u.staticResourcesURL)(u.path)`},
	new: []string{`clientResourceResolver(u.staticResourcesURL, "")(u.path)`}}

// rootPrefixEnv: GOAPP_ROOT_PREFIX, which the browser strips from the
// address to find the route, stays "/repo" (without the slash that the
// root's path now ends with), so that both /repo and /repo/ are the home
// page, and it is empty at a domain root.
var rootPrefixEnv = edit{file: "http.go",
	old: []string{`h.Env["GOAPP_ROOT_PREFIX"] = h.Resources.Resolve("/")`},
	new: []string{`h.Env["GOAPP_ROOT_PREFIX"] = strings.TrimSuffix(h.Resources.Resolve("/"), "/")`}}

// versionlessAppJS: app.js carries the environment without the version.
// Nothing in the browser reads GOAPP_VERSION, and with it app.js changed
// with every version: an update that corrected one sentence sent app.js
// again (2.9 KB of brotli of a 30 KB correction, make bench). The server's
// own environment keeps it.
var versionlessAppJS = edit{file: "http.go",
	old: []string{"\ts = strings.ReplaceAll(s, \"{{.Env}}\", jsonString(h.Env))\n"},
	new: []string{`	browserEnv := make(map[string]string, len(h.Env))
	for k, v := range h.Env {
		if k != "GOAPP_VERSION" { // see nextsteps/cmd/trimgoapp, versionlessAppJS
			browserEnv[k] = v
		}
	}
	s = strings.ReplaceAll(s, "{{.Env}}", jsonString(browserEnv))
`}}

// resolvedFormActions: a form's action (and a button's formaction) is a
// URL like href and is resolved like it, so a search form that works
// before the app starts (action="/") sends the reader to /repo/, not to
// the domain's root.
var resolvedFormActions = edit{file: "attribute.go",
	old: []string{"\tswitch name {\n\tcase \"cite\",\n\t\t\"data\",\n"},
	new: []string{"\tswitch name {\n\tcase \"action\",\n\t\t\"cite\",\n\t\t\"data\",\n\t\t\"formaction\",\n"}}

// wasmFromStorage is an edit of go-app's app.js: app.wasm is read straight
// from the Cache Storage when the service worker has stored it, rather than
// fetched through the worker. It saves the worker's round trip, and in
// Firefox a download through the worker cut short by the reader leaving the
// page logged "A ServiceWorker intercepted the request and encountered an
// unexpected error". Where storage is refused (some private modes), or
// holds no copy yet, the network answers as before, with progress. A
// stored copy shows no progress: go-app's progress stream redrew its label
// for every chunk, which with the stream's own work took about 250 ms of
// the main thread at start-up on a phone-speed CPU (a V8 profile of issue
// 11's session). It goes to the compiler in slices instead (goappInSlices).
var wasmFromStorage = []string{
	"async function fetchWithProgress(url, progess) {\n  const response = await fetch(url);\n",
	`// goappStoredResponse is the copy of url in the Cache Storage, if any.
async function goappStoredResponse(url) {
  try {
    return self.caches ? await caches.match(url) : undefined;
  } catch {
    return undefined; // storage refused: use the network
  }
}

async function fetchWithProgress(url, progess) {
  const stored = await goappStoredResponse(url);
  if (stored) {
    // On the device already: nothing to wait for, so no progress to show.
    progess(100);
    return goappInSlices(stored);
  }
  const response = await fetch(url);
`,
	"function goappCanLoadWebAssembly() {\n",
	`// goappInSlices gives the compiler a stored response a slice at a time,
// each in a task of its own. Given the whole stored app.wasm at once,
// Chromium decoded all of it in one task on the main thread: 315 ms at 4x
// CPU slowdown, with every tap and key held until it ended. In slices the
// browser answers the reader between them. Nothing is lost by it: the
// browser keeps compiled code for a stored response only once it has
// optimised a megabyte of it, which a reading session does not reach (in
// a trace of three visits, each with 15 s of filter toggles, it kept none).
// The slices pass through no other script: no progress label is redrawn.
function goappInSlices(response) {
  const size = 256 * 1024;
  const reader = response.body.getReader();
  let chunk = new Uint8Array(0);
  let at = 0;
  const nextTask = () => self.scheduler && scheduler.yield
    ? scheduler.yield()
    : new Promise((resolve) => setTimeout(resolve, 0));
  const body = new ReadableStream({
    async pull(controller) {
      while (at >= chunk.byteLength) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        chunk = value;
        at = 0;
      }
      await nextTask();
      controller.enqueue(chunk.subarray(at, at + size));
      at += size;
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function goappCanLoadWebAssembly() {
`,
}

// leavingIsNotFailure is an edit of go-app's app.js: when the reader leaves
// a page while app.wasm is still downloading, the browser cuts the download
// short, and go-app reported that as "loading wasm failed" in the console
// and on its loader. Leaving is not a failure: the page notes that it is
// being left (beforeunload, the first sign; listened to only while loading,
// so the page stays fit for the back-forward cache) and then reports nothing.
var leavingIsNotFailure = []string{
	"async function goappInitWebAssembly() {\n  const loader = document.getElementById(\"app-wasm-loader\");\n",
	`async function goappInitWebAssembly() {
  const loader = document.getElementById("app-wasm-loader");
  let leaving = false;
  const onLeave = () => { leaving = true; };
  addEventListener("beforeunload", onLeave);
`,
	"    go.run(wasm.instance);\n    loader.remove();\n  } catch (err) {\n    loaderIcon.className",
	`    removeEventListener("beforeunload", onLeave);
    go.run(wasm.instance);
    loader.remove();
  } catch (err) {
    removeEventListener("beforeunload", onLeave);
    if (leaving) {
      return; // the reader left the page: nothing failed
    }
    loaderIcon.className`,
}

// startedWhenMounted is an edit of go-app's app.js, with mountedCall: the
// app has started, and the loader goes, once the program has mounted its
// first page, rather than as soon as the program first waits (when
// go.run returns). Go's wasm hands the browser its thread whenever every
// goroutine waits, so a program that reads something before or during its
// first render (a fetch, a timer) returned from go.run with the page still
// the pre-rendered one, and a page that took that for a started app (ours
// replays a press made before the app ran, cmd/nextsteps/boot.js) acted on
// nodes about to be replaced. A program that ends before it mounts a page
// (an error) ends the wait too.
var startedWhenMounted = []string{
	"    removeEventListener(\"beforeunload\", onLeave);\n    go.run(wasm.instance);\n    loader.remove();\n",
	`    removeEventListener("beforeunload", onLeave);
    const mounted = new Promise((resolve) => { window.goappMounted = resolve; });
    const exited = go.run(wasm.instance);
    await Promise.race([mounted, exited]);
    delete window.goappMounted;
    loader.remove();
`,
}

// mountedCall is startedWhenMounted's Go side: RunWhenOnBrowser says when
// the first page is mounted.
var mountedCall = edit{file: "app.go",
	old: []string{"\tengine.Navigate(window.URL(), false)\n\tengine.Start(120)\n"},
	new: []string{`	engine.Navigate(window.URL(), false)
	// The first page is mounted: app.js removes its loader now, not when
	// this program first waits (which a fetch in the first render does).
	if mounted := Window().Get("goappMounted"); mounted.Truthy() {
		mounted.Invoke()
	}
	engine.Start(120)
`}}

// jsEdit edits one of go-app's scripts in both places it lives: its source
// in gen/ and the Go string that go generate makes of it in scripts.go
// (written with %q), so the copy stays what go generate would produce.
// pairs holds old and new texts, alternately.
func jsEdit(name string, pairs []string) []edit {
	src := edit{file: "gen/" + name}
	gen := edit{file: "scripts.go"}
	for i := 0; i < len(pairs); i += 2 {
		src.old = append(src.old, pairs[i])
		src.new = append(src.new, pairs[i+1])
		gen.old = append(gen.old, quoted(pairs[i]))
		gen.new = append(gen.new, quoted(pairs[i+1]))
	}
	return []edit{src, gen}
}

// quoted is s as it appears inside a Go string literal written with %q.
func quoted(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

func main() {
	out := flag.String("out", "", "folder for the edited go-app copy, nextsteps.mod and nextsteps.sum")
	root := flag.String("root", ".", "this module's root (where go.mod is)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: trimgoapp -out DIR [-root .]")
		os.Exit(2)
	}
	if err := run(*root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "trimgoapp:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	// go mod download: the module may not be in the cache yet on a fresh
	// machine; it prints where it is once it is.
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = root
	info, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("finding %s: %w", module, err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(info, &m); err != nil || m.Dir == "" {
		return fmt.Errorf("finding %s: no folder in %q", module, info)
	}
	src := m.Dir
	out, err = filepath.Abs(out)
	if err != nil {
		return err
	}
	copyDir := filepath.Join(out, "go-app")
	if err := os.RemoveAll(copyDir); err != nil {
		return err
	}
	// The module's code, not its documentation site.
	for _, name := range []string{"go.mod", "go.sum", "LICENSE", "pkg"} {
		if err := copyTree(filepath.Join(src, name), filepath.Join(copyDir, name)); err != nil {
			return err
		}
	}
	app := filepath.Join(copyDir, "pkg", "app")
	for _, e := range edits {
		body, err := apply(app, e)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(app, e.file), body, 0o644); err != nil {
			return err
		}
	}

	// This module's go.mod and go.sum, pointing go-app at the copy.
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	// The copy is named relative to the module's root, which is where go
	// resolves a relative replacement: the path is written into every
	// binary's build information, app.wasm's included, and an absolute
	// one made app.wasm differ between two checkouts of the same commit
	// (a reader would download it again for a deploy from another folder).
	// A copy outside the root (a test's temporary folder) keeps its
	// absolute path.
	target := copyDir
	if rootDir, err := filepath.Abs(root); err == nil {
		if rel, err := filepath.Rel(rootDir, copyDir); err == nil && filepath.IsLocal(rel) {
			target = "./" + filepath.ToSlash(rel)
		}
	}
	mod = append(mod, fmt.Sprintf("\n// Written by cmd/trimgoapp: every build uses go-app with our edits.\nreplace %s => %s\n", module, target)...)
	if err := os.WriteFile(filepath.Join(out, "nextsteps.mod"), mod, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "nextsteps.sum"), sum, 0o644)
}

// copyTree copies a file or a folder, leaving the copies writable.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, body, 0o644)
	})
}

// apply returns the edited content of one file.
func apply(src string, e edit) ([]byte, error) {
	if e.old == nil {
		if _, err := os.Stat(filepath.Join(src, e.file)); err == nil {
			return nil, fmt.Errorf("%s: go-app now has this file: check the edits in cmd/trimgoapp", e.file)
		}
		return []byte(e.new[0]), nil
	}
	body, err := os.ReadFile(filepath.Join(src, e.file))
	if err != nil {
		return nil, err
	}
	for i, old := range e.old {
		if n := bytes.Count(body, []byte(old)); n != 1 {
			return nil, fmt.Errorf("%s: expected text found %d times, want once (go-app changed? check cmd/trimgoapp): %q", e.file, n, firstLine(old))
		}
		body = bytes.Replace(body, []byte(old), []byte(e.new[i]), 1)
	}
	return body, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
