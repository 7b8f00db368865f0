//go:build !wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// subBase is where TestSubPath hosts the site, as a GitHub Pages project
// site is hosted at https://NAME.github.io/REPO/.
const subBase = "/next-steps"

// buildUnder builds what `make static BASE=base` builds, the way it does:
// the static site written by the nextsteps program in its own process (as
// go-app's routes are global to one), from the same app.wasm as every
// other build: the articles' data file is what is rendered for base.
// webExtra adds files to the web folder (a publisher's next deploy). It
// returns the site's folder and its version.
func buildUnder(t *testing.T, base string, webExtra map[string]string) (string, string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	mod := "-modfile=" + filepath.Join(root, ".cache/goapp/nextsteps.mod")
	run := func(env []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	web := filepath.Join(tmp, "web")
	webFolder, err := readWeb(webDir)
	if err != nil {
		t.Fatal(err)
	}
	for p, f := range webFolder {
		name := filepath.Join(web, filepath.FromSlash(strings.TrimPrefix(p, "/web/")))
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, f.body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range webExtra {
		if err := os.WriteFile(filepath.Join(web, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(tmp, "nextsteps")
	run(nil, "go", "build", mod, "-o", bin, "./cmd/nextsteps")
	dist := filepath.Join(tmp, "dist")
	out := run(nil, bin, "build", "-base", base, "-web", web, "-out", dist)
	_, v, ok := strings.Cut(out, "(version ")
	if !ok {
		t.Fatalf("build printed no version: %s", out)
	}
	return dist, strings.TrimSuffix(strings.TrimSpace(v), ")")
}

// pagesHost serves dir at base on the host, as GitHub Pages serves a
// project site: base without its slash redirects to base/, and every other
// path of the host is not found.
func pagesHost(base string, dir string) http.Handler {
	site := http.StripPrefix(base, staticHost(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == base:
			http.Redirect(w, r, base+"/", http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, base+"/"):
			site.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// TestSubPath: `make static BASE=/next-steps` gives a site that works at
// https://example.org/next-steps/: every link stays under it, before and
// after the app starts; it installs with that scope and start URL; it
// opens offline, cold and on reload; and a new deploy reaches the reader.
func TestSubPath(t *testing.T) {
	chromiumPath(t)
	t.Parallel()
	dist, v1 := buildUnder(t, subBase, nil)
	// The publisher's next deploy: one more file in web/.
	dist2, v2 := buildUnder(t, subBase, map[string]string{"deploy.txt": "version 2\n"})
	if v2 == v1 {
		t.Fatal("the second deploy has the first one's version")
	}

	// What a host needs: the manifest and worker under the base.
	var m struct{ ID, Scope, StartURL string }
	mb, err := os.ReadFile(filepath.Join(dist, "manifest.webmanifest"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(mb, &struct {
		ID       *string `json:"id"`
		Scope    *string `json:"scope"`
		StartURL *string `json:"start_url"`
	}{&m.ID, &m.Scope, &m.StartURL})
	if m.ID != subBase+"/" || m.Scope != subBase+"/" || m.StartURL != subBase+"/" {
		t.Errorf("manifest id %q, scope %q, start_url %q: want %s/ for each", m.ID, m.Scope, m.StartURL, subBase)
	}
	index, _ := os.ReadFile(filepath.Join(dist, "index.html"))
	if links := appleTouchLinks.FindAllString(string(index), -1); len(links) != 1 || !strings.Contains(links[0], `href="`+subBase+`/web/icons/apple-touch-icon.png"`) {
		t.Errorf("index.html: apple-touch-icon links %q, want one, to %s/web/icons/apple-touch-icon.png", links, subBase)
	}
	headers, _ := os.ReadFile(filepath.Join(dist, "_headers"))
	if !strings.HasPrefix(string(headers), subBase+"/*\n") {
		t.Errorf("_headers does not start with %s/*:\n%s", subBase, headers)
	}

	sw := &swappable{}
	sw.deploy(pagesHost(subBase, dist))
	srv := startHandler(t, sw)
	site := srv.URL + subBase
	c := testSite(t).corpus
	art := c.Articles[0]
	for _, a := range c.Articles { // one that links to other pages of the site
		if strings.Contains(a.BodyHTML, `href="/`) {
			art = a
			break
		}
	}
	// Every link to a path of the host is under the base, and a few the
	// reader follows are there.
	linksUnderBase := fmt.Sprintf(`(() => {
		const bad = [...document.querySelectorAll("a[href], link[href], script[src], form[action]")]
			.map((e) => e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action"))
			.filter((u) => u.startsWith("/") && !u.startsWith(%[1]q + "/"));
		return bad.length === 0 ? "" : bad.join(" ");
	})()`, subBase)
	checkLinks := func(ctx context.Context, where string) {
		t.Helper()
		if bad := eval[string](t, ctx, linksUnderBase); bad != "" {
			t.Errorf("%s: links outside %s: %s", where, subBase, bad)
		}
	}

	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "home, before the app",
		chromedp.Navigate(site), // without the slash: the host redirects
		waitJS(`document.readyState === "complete"`),
		waitJS(fmt.Sprintf(`location.pathname === %q`, subBase+"/")),
		waitJS(fmt.Sprintf(`document.querySelector('.card a[href=%q]') !== null`, subBase+"/articles/"+art.Slug)),
	)
	checkLinks(ctx, "home, pre-rendered")
	// boot.js knows a page at its own address under the base: it does not
	// take it for the home page standing in for another (part 5).
	ownPage := func(where string) {
		t.Helper()
		if p := eval[string](t, ctx, `document.documentElement.dataset.pending || ""`); strings.Contains(p, "page") {
			t.Errorf("%s: held back as a stand-in (data-pending %q)", where, p)
		}
	}
	ownPage("home")
	do(t, ctx, "an article from a plain link",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.card a[href=%q]`, subBase+"/articles/"+art.Slug))),
		waitJS(fmt.Sprintf(`location.pathname === %q && document.querySelector("h1").textContent === %q`, subBase+"/articles/"+art.Slug, art.Title)),
	)
	checkLinks(ctx, "article, pre-rendered")
	ownPage("article")
	do(t, ctx, "the app starts", appRunning(), waitJS(offlineReady))
	checkLinks(ctx, "article, app running")
	reg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.serviceWorker.getRegistration().then((r) => r ? new URL(r.scope).pathname + " " + new URL(r.active.scriptURL).pathname : "none")`, chromedp.EvalAwaitPromise))
	if want := subBase + "/ " + subBase + "/app-worker.js"; err != nil || reg != want {
		t.Errorf("service worker: scope and script %q (%v), want %q", reg, err, want)
	}
	// In the app: a link it rendered (the header's), then a filter chip,
	// keep the base in the address.
	do(t, ctx, "home from the app's link",
		chromedp.Click(chromedp.CSS("header a.brand")),
		waitJS(fmt.Sprintf(`location.pathname === %q && document.querySelector("h1").textContent === "Next Steps"`, subBase+"/")),
	)
	checkLinks(ctx, "home, app running")
	topic := c.Topics[0]
	want := len(c.Filter([]string{topic.ID}))
	do(t, ctx, "filter in the app",
		chromedp.Click(chromedp.CSS("#chip-"+topic.ID)),
		waitJS(fmt.Sprintf(`location.pathname + location.search === %q && document.querySelectorAll(".card").length === %d`, subBase+"/?topic="+topic.ID, want)),
	)
	checkLinks(ctx, "filtered home, app running")
	// The search box sent from another page opens the home page's
	// results under the base too.
	do(t, ctx, "search from an article",
		chromedp.Click(chromedp.CSS(".card h2 a")),
		waitJS(fmt.Sprintf(`location.pathname.startsWith(%q) && document.querySelector("article") !== null`, subBase+"/articles/")),
		chromedp.SendKeys("#search", "lithium\r"),
		waitJS(fmt.Sprintf(`location.pathname + location.search === %q && document.querySelector("h1").textContent === "Search"`, subBase+"/?q=lithium")),
	)

	// A new deploy (another file in web/) reaches the reader: the banner,
	// and Reload runs it.
	sw.deploy(pagesHost(subBase, dist2))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](checkForUpdate, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "update banner",
		waitJS(`(document.querySelector(".banner")||{textContent:""}).textContent.includes("Updated articles are ready.")`),
		chromedp.Click(chromedp.CSS(".banner button")), appRunning(),
		waitJS(fmt.Sprintf(`caches.keys().then((k) => JSON.stringify(k) === JSON.stringify(["app-%s"]))`, v2)),
	)

	// Offline: the host is gone. Every kind of page opens cold and on reload.
	srv.stop()
	for _, p := range []struct{ path, h1 string }{
		{"/", "Next Steps"},
		{"/articles/" + art.Slug, art.Title},
		{"/topics/" + topic.ID, topic.Label},
		{"/help", "Get help now"},
		{"/?topic=" + topic.ID, "Next Steps"},
		{"/no/such/page", "Page not found"},
	} {
		for _, st := range []step{chromedp.Navigate(site + p.path), chromedp.Reload()} {
			do(t, ctx, "offline "+p.path, st, appRunning())
			h, err := heading(ctx)
			if err != nil || h != p.h1 {
				t.Errorf("offline %s: heading %q (%v), want %q", p.path, h, err, p.h1)
			}
		}
	}
	checkLinks(ctx, "offline")
}
