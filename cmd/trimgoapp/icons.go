package main

// ownIcons: go-app's own icons stand in for an app's only when the app
// names none, and an icon the app leaves out is left out of the manifest.
//
// go-app filled Icon.SVG with its own logo (on GitHub) whenever the app
// gave no SVG, even an app that named its own PNG icons: such an app had
// go-app's logo as its favicon and in its manifest, from another host. An
// app that cannot give an SVG, or chooses not to, now gets its Default
// PNG as its favicon (which http.go already falls back to) and no SVG in
// its manifest. Next Steps chooses not to: in Chromium every SVG drawn as
// an image (a favicon, the manifest's icon the browser checks for
// installing) is a document of its own, built on the page's thread while
// it loads; on a phone-speed CPU each took a task of 50-100 ms
// (cmd/nextsteps, TestNoImageDocumentsAtLoad).
//
// The manifest's icons skip an empty field rather than resolve it: the
// resolver makes "" the root, "/", which went into the manifest as an
// image (an app with no Large icon listed "/" as its 512x512 PNG).
var ownIcons = []edit{{file: "http.go",
	old: []string{`		h.Icon.Large = "https://raw.githubusercontent.com/maxence-charriere/go-app/master/docs/web/icon.png"
	}
`, `
	if h.Icon.SVG == "" {
		h.Icon.SVG = "https://raw.githubusercontent.com/maxence-charriere/go-app/master/docs/web/icon.svg"
	}
`, `	if iconURL := h.Resources.Resolve(h.Icon.Maskable); iconURL != "" {`,
		`	if iconURL := h.Resources.Resolve(h.Icon.SVG); iconURL != "" {`,
		`	if iconURL := h.Resources.Resolve(h.Icon.Large); iconURL != "" {`},
	new: []string{`		h.Icon.Large = "https://raw.githubusercontent.com/maxence-charriere/go-app/master/docs/web/icon.png"
		// go-app's logo only for an app that names no icon of its own.
		if h.Icon.SVG == "" {
			h.Icon.SVG = "https://raw.githubusercontent.com/maxence-charriere/go-app/master/docs/web/icon.svg"
		}
	}
`, `
`, `	if iconURL := h.resolveIcon(h.Icon.Maskable); iconURL != "" {`,
		`	if iconURL := h.resolveIcon(h.Icon.SVG); iconURL != "" {`,
		`	if iconURL := h.resolveIcon(h.Icon.Large); iconURL != "" {`}},
	{file: "icon.go", new: []string{`//go:build !wasm

package app

// resolveIcon is an icon's URL, or "" for an icon the app left out (the
// resolver would make "" the site's root).
func (h *Handler) resolveIcon(location string) string {
	if location == "" {
		return ""
	}
	return h.Resources.Resolve(location)
}
`}},
	{file: "icon_internal_test.go", new: []string{`//go:build !wasm

package app

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandlerOwnIconsOnly(t *testing.T) {
	serve := func(h *Handler, path string) string {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Body.String()
	}
	// An app with its own PNG icon and no SVG: no go-app logo anywhere,
	// its PNG as the favicon, and no icon at the root in the manifest.
	h := &Handler{Icon: Icon{Default: "/web/icon.png"}}
	manifest := serve(h, "/manifest.webmanifest")
	page := serve(h, "/")
	if strings.Contains(manifest+page, "githubusercontent") || strings.Contains(manifest, "svg") {
		t.Errorf("go-app's icons join the app's own:\n%s\n%s", manifest, page)
	}
	if strings.Contains(manifest, ` + "`" + `"src":"/"` + "`" + `) {
		t.Errorf("an icon left out is listed as the root:\n%s", manifest)
	}
	if !strings.Contains(page, ` + "`" + `<link rel="icon" href="/web/icon.png">` + "`" + `) && !strings.Contains(page, ` + "`" + `href="/web/icon.png" rel="icon"` + "`" + `) {
		t.Errorf("the favicon is not the app's PNG:\n%s", page)
	}
	// An app that names no icon still gets go-app's, SVG included.
	if m := serve(&Handler{}, "/manifest.webmanifest"); !strings.Contains(m, "docs/web/icon.svg") {
		t.Errorf("an app with no icons lost go-app's SVG:\n%s", m)
	}
	// An app's own SVG is kept.
	if m := serve(&Handler{Icon: Icon{Default: "/web/icon.png", SVG: "/web/icon.svg"}}, "/manifest.webmanifest"); !strings.Contains(m, ` + "`" + `"src":"/web/icon.svg"` + "`" + `) {
		t.Errorf("an app's own SVG is not in its manifest:\n%s", m)
	}
}
`}},
}

// appleTouchIcon: an app names the icon Apple's systems put on the home
// screen (Icon.AppleTouch); one that names none gets its maskable icon
// there, as before.
//
// go-app wrote the maskable icon as the page's apple-touch-icon. A
// maskable icon keeps its drawing inside a safe zone, a margin that
// Android's masks crop away; iOS and iPadOS crop nothing, so the drawing
// came out small in a wide border. An app that wrote its own link beside
// go-app's (as Next Steps did) gave Safari two apple-touch-icons of
// unstated size, and which one it took was up to Safari. The icon named
// is precached like the others, for an install made offline.
var appleTouchIcon = []edit{{file: "http.go",
	old: []string{`	// If not specified, Icon.Default is used as a fallback. Specifying a maskable
	// icon enhances user experience on platforms supporting adaptive icons.
	Maskable string
}
`, `	if h.Icon.Maskable == "" {
		h.Icon.Maskable = h.Icon.Default
	}
`, `	setResources(h.Icon.Default, h.Icon.Large, h.Icon.Maskable)
`, `					Rel("apple-touch-icon").
					Href(h.Icon.Maskable),
`},
	new: []string{`	// If not specified, Icon.Default is used as a fallback. Specifying a maskable
	// icon enhances user experience on platforms supporting adaptive icons.
	Maskable string

	// AppleTouch specifies the path or URL to the icon iOS and iPadOS show
	// on the home screen: a square image/png file of 180x180 pixels, drawn
	// edge to edge (those systems round its corners and crop nothing, so a
	// maskable icon's safe zone shows as a border).
	//
	// If not specified, Icon.Maskable is used.
	AppleTouch string
}
`, `	if h.Icon.Maskable == "" {
		h.Icon.Maskable = h.Icon.Default
	}
	if h.Icon.AppleTouch == "" {
		h.Icon.AppleTouch = h.Icon.Maskable
	}
`, `	setResources(h.Icon.Default, h.Icon.Large, h.Icon.Maskable, h.Icon.AppleTouch)
`, `					Rel("apple-touch-icon").
					Href(h.Icon.AppleTouch),
`}},
	{file: "icon_apple_internal_test.go", new: []string{`//go:build !wasm

package app

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandlerAppleTouchIcon(t *testing.T) {
	serve := func(h *Handler, path string) string {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Body.String()
	}
	link := func(href string) []string {
		return []string{` + "`" + `<link href="` + "`" + ` + href + ` + "`" + `" rel="apple-touch-icon">` + "`" + `, ` + "`" + `<link rel="apple-touch-icon" href="` + "`" + ` + href + ` + "`" + `">` + "`" + `}
	}
	for _, c := range []struct {
		icon Icon
		want string
	}{
		{Icon{Default: "/web/icon.png", Maskable: "/web/maskable.png", AppleTouch: "/web/apple.png"}, "/web/apple.png"},
		// No icon of its own for Apple: the maskable one, as before.
		{Icon{Default: "/web/icon.png", Maskable: "/web/maskable.png"}, "/web/maskable.png"},
	} {
		h := &Handler{Icon: c.icon}
		page := serve(h, "/")
		if n := strings.Count(page, ` + "`" + `rel="apple-touch-icon"` + "`" + `); n != 1 {
			t.Errorf("%+v: %d apple-touch-icon links, want 1:\n%s", c.icon, n, page)
		}
		if l := link(c.want); !strings.Contains(page, l[0]) && !strings.Contains(page, l[1]) {
			t.Errorf("%+v: the apple-touch-icon is not %s:\n%s", c.icon, c.want, page)
		}
		if worker := serve(h, "/app-worker.js"); !strings.Contains(worker, ` + "`" + `"` + "`" + `+c.want+` + "`" + `"` + "`" + `) {
			t.Errorf("%+v: the worker does not precache %s:\n%s", c.icon, c.want, worker)
		}
	}
}
`}},
}
