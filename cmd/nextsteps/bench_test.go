//go:build bench

package main

// `make bench` runs TestBench: it measures what issue 5's targets name and
// writes BENCHMARKS.md, with the previous figures beside the new ones.
// Benchmarks report; they never fail on a slow machine. Only a measurement
// that could not be taken at all fails the run.

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"nextsteps/content"
)

// row is one line of the results table.
type row struct {
	measure, target, value, command string
}

type report struct {
	mu   sync.Mutex
	rows []row
	raw  []string // raw outputs worth keeping (go test -bench)
}

func (r *report) add(measure, target, value, command string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rows = append(r.rows, row{measure, target, value, command})
}

// log prints the rows as the table's lines, for a run that writes no
// BENCHMARKS.md (BENCH_ONLY, or a step's own Test function).
func (r *report) log(t *testing.T) {
	for _, row := range r.rows {
		t.Logf("| %s | %s | %s | %s |", row.measure, row.target, row.value, row.command)
	}
}

// medianOfRuns is the median of f over the runs of a session, followed
// by each run's value: "48.0 ms (runs: 44 / 48 / 62 ms)".
func medianOfRuns[R any](runs []R, f func(R) float64) string {
	v := make([]float64, len(runs))
	parts := make([]string, len(runs))
	for i, x := range runs {
		v[i] = f(x)
		parts[i] = fmt.Sprintf("%.0f", v[i])
	}
	sort.Float64s(v)
	return fmt.Sprintf("%s (runs: %s ms)", ms(v[len(v)/2]), strings.Join(parts, " / "))
}

const (
	benchCmd   = "make bench"
	throttling = "Chromium, 4x CPU slowdown, 150 ms RTT, 1.6 Mbit/s down"
)

func TestBench(t *testing.T) {
	r := &report{}
	root, _ := filepath.Abs("../..")
	// BENCH_ONLY=update (a part of the step names below) runs only those
	// steps and prints their rows instead of writing BENCHMARKS.md.
	only := os.Getenv("BENCH_ONLY")
	// Each step is a subtest, so that what it started (browsers, servers)
	// is closed before the next step measures: a browser left open kept
	// its worker and app busy on the machine's two cores.
	step := func(name string, f func(t *testing.T)) {
		if only != "" && !strings.Contains(name, only) {
			return
		}
		start := time.Now()
		t.Run(name, f)
		t.Logf("%s: %v", name, time.Since(start).Round(time.Second))
	}
	step("go benchmarks", func(t *testing.T) { benchGo(t, r, root) })
	step("sizes", func(t *testing.T) { benchSizes(t, r) })
	step("first visit", func(t *testing.T) { benchFirstVisit(t, r) })
	step("reading sessions", func(t *testing.T) { benchSession(t, r) })
	step("engines", func(t *testing.T) { benchEngines(t, r) })
	step("lighthouse", func(t *testing.T) { benchLighthouse(t, r, root) })
	step("load", func(t *testing.T) { benchLoad(t, r) })
	step("server vs nginx", func(t *testing.T) { benchNginx(t, r, root) })
	for _, n := range []int{16, 1000} {
		step(fmt.Sprintf("update %d articles", n), func(t *testing.T) { benchUpdate(t, r, root, n) })
	}
	for _, n := range []int{16, 1000, 10000} {
		// "scale 1000 articles" is not a part of "scale 10000 articles":
		// BENCH_ONLY can pick one.
		step(fmt.Sprintf("scale %d articles", n), func(t *testing.T) {
			if err := benchScale(t, r, root, n); err != nil {
				r.add(fmt.Sprintf("scale, %d articles", n), "", "stopped: "+err.Error(), "")
				t.Logf("scale %d: %v", n, err)
			}
		})
	}

	if only != "" {
		r.log(t)
		return
	}
	if t.Failed() {
		t.Fatal("a step failed: BENCHMARKS.md is left as it was")
	}
	if err := writeBenchmarks(filepath.Join(root, "BENCHMARKS.md"), r); err != nil {
		t.Fatal(err)
	}
}

// articlesLabel names the library a row measured: n articles, or for 16,
// which the steps use for the shipped library, that library by its size
// now (it has grown past the 16 articles it started with).
func articlesLabel(t *testing.T, n int) string {
	if n == 16 {
		return fmt.Sprintf("the %d shipped articles", len(testSite(t).corpus.Articles))
	}
	return fmt.Sprintf("%d articles", n)
}

// benchUpdate measures what an installed reader downloads when the
// publisher corrects one sentence of one article and deploys, for n
// articles (16: the real corpus): two copies of the project, the second
// with the correction, each built and served by its own nextsteps binary
// behind one address; a reader installs the first, the second is deployed,
// and the bytes the server sends until the update is ready are counted.
func benchUpdate(t *testing.T, r *report, root string, n int) {
	before := copyProject(t, root)
	if n != 16 {
		writeSynthetic(t, before, n)
	}
	after := t.TempDir()
	if err := os.CopyFS(after, os.DirFS(before)); err != nil {
		t.Fatal(err)
	}
	// The correction: one sentence added to the first paragraph of the
	// first article's body.
	names, _ := filepath.Glob(filepath.Join(after, "content", "articles", "*.md"))
	slices.Sort(names)
	src, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Index(src[3:], []byte("\n---\n")) + 3 + 5
	para := bytes.Index(src[body:], []byte(".\n")) + body + 1
	edited := append(append(bytes.Clone(src[:para]), []byte(" Ask your doctor what this means for you.")...), src[para:]...)
	if err := os.WriteFile(names[0], edited, 0o644); err != nil {
		t.Fatal(err)
	}

	wasm, err := os.ReadFile(filepath.Join(root, "web", "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	// Each copy builds its own app.wasm, from its own articles: it must be
	// the project's, byte for byte, as it holds no articles.
	wasms := map[string][]byte{}
	serveCopy := func(dir string) http.Handler {
		cmd := exec.Command("make", "--no-print-directory", "check", "server", "wasm")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make check server wasm in %s: %v\n%s", dir, err, out)
		}
		if wasms[dir], err = os.ReadFile(filepath.Join(dir, "web", "app.wasm")); err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		srv := exec.Command(filepath.Join(dir, "bin", "nextsteps"), "serve", "-addr", addr, "-web", filepath.Join(dir, "web"))
		stderr, _ := srv.StderrPipe()
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
		sc := bufio.NewScanner(stderr)
		for sc.Scan() && !strings.Contains(sc.Text(), "serving on") {
		}
		go io.Copy(io.Discard, stderr)
		// As readers meet a server that has been up for a minute: with
		// its level-11 copy of app.wasm, which the static build has too.
		waitBestBrotli(t, "http://"+addr+"/web/app.wasm", 2*time.Minute)
		u, _ := url.Parse("http://" + addr)
		return httputil.NewSingleHostReverseProxy(u)
	}
	v1, v2 := serveCopy(before), serveCopy(after)
	same := "identical bytes"
	if !bytes.Equal(wasms[before], wasm) || !bytes.Equal(wasms[after], wasm) {
		same = "differ"
		t.Errorf("app.wasm built with %s is not the project's, or differs after the correction (%d, %d and %d bytes)",
			articlesLabel(t, n), len(wasm), len(wasms[before]), len(wasms[after]))
	}
	r.add(fmt.Sprintf("app.wasm built from the project with %s, and again after the correction, against the project's own", articlesLabel(t, n)), "identical bytes",
		fmt.Sprintf("%s (%d bytes, sha256 %.6x…)", same, len(wasm), sha256.Sum256(wasm)),
		"make wasm in each copy of the project (-trimpath; the go-app copy at its own path), compared with web/app.wasm")
	sw := &swappable{}
	sw.deploy(v1)
	var sent wire
	front := startHandler(t, sent.wrap(sw))
	ctx := newBrowser(t, 390, 844)
	do(t, ctx, "first visit to version 1, the app at once", chromedp.Navigate(front.URL+"/"), appRunning())
	usable := sent.bytesSent()
	do(t, ctx, "version 1 saved for offline reading", waitJS(offlineReady))
	first := sent.bytesSent()
	_, firstTable := sent.total()
	t.Logf("first visit, %d articles: %d bytes until the app runs, %d in all:\n%s", n, usable, first, firstTable)
	firstTarget := "– / ≤ 1.4 MB"
	if n != 16 {
		firstTarget = "≤ 2 MB / ≤ 10 MB"
	}
	r.add(fmt.Sprintf("first visit, %s: bytes until the app runs / in all, every article saved", articlesLabel(t, n)), firstTarget,
		mb(usable)+" / "+mb(first),
		"nextsteps serve with its level-11 brotli copies ready (bestBrotliLater), Chromium (it asks for br), a key press at once; response bytes counted at the server, the service worker's included, until the app runs / until \"Saved for offline reading\"")
	if n == 16 {
		// The same first visit from a host that sends no brotli (a static
		// host with gzip only): the browser's requests go on without br,
		// and the server answers with its gzip -9 copies, as nginx's
		// gzip_static does from the static build's .gz files.
		var gz wire
		gzFront := startHandler(t, gz.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Set("Accept-Encoding", "gzip, deflate")
			sw.ServeHTTP(w, r)
		})))
		gzCtx, stopGz := newBrowserIn(t, t.TempDir(), 390, 844)
		do(t, gzCtx, "first visit to version 1 from a gzip host, the app at once", chromedp.Navigate(gzFront.URL+"/"), appRunning())
		gzUsable := gz.bytesSent()
		do(t, gzCtx, "version 1 saved for offline reading, gzip", waitJS(offlineReady))
		gzAll := gz.bytesSent()
		stopGz() // closed before the correction is measured: its worker would poll on
		r.add(fmt.Sprintf("first visit, %s, from a host that sends gzip only: bytes until the app runs / in all, every article saved", articlesLabel(t, n)), "– / ≤ 1.9 MB",
			mb(gzUsable)+" / "+mb(gzAll),
			"the same, with br taken out of every request's Accept-Encoding: nextsteps serve answers with its gzip -9 copies (the static build's .gz files are the same)")
	}
	sent.reset()
	sw.deploy(v2)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](checkForUpdate, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "the correction is installed",
		waitJS(`(document.querySelector(".banner")||{textContent:""}).textContent.includes("Updated articles are ready.")`))
	total, table := sent.total()
	bodies := strings.Count(table, "[200")
	t.Logf("correction, %d articles: %d bytes (first visit %d):\n%s", n, total, first, table)
	target := "≤ 30 KB"
	if n != 16 {
		target = "≤ 60 KB"
	}
	r.add(fmt.Sprintf("one-sentence correction, %s: bytes an installed reader downloads", articlesLabel(t, n)), target,
		fmt.Sprintf("%s (%d files sent, the rest 304)", mb(total), bodies),
		"two builds behind one address, Chromium; response bytes counted at the server until the update banner")
}

// writeSynthetic replaces the articles of the project copy in dir with n
// synthetic ones (content.Synthetic).
func writeSynthetic(t *testing.T, dir string, n int) {
	fsys, err := content.Synthetic(n)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "content", "articles"))
	for name, f := range fsys {
		p := filepath.Join(dir, "content", filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, f.Data, 0o644)
	}
}

// benchGo runs the Go benchmarks of the content package.
func benchGo(t *testing.T, r *report, root string) {
	cmd := exec.Command("go", "test", "./content", "-run", "^$", "-bench", "Load|ReadBundle|Filter|Search/articles=[0-9]+$", "-benchmem", "-benchtime", "5x", "-count", "1")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test -bench: %v\n%s", err, out)
	}
	r.raw = append(r.raw, string(out))
	re := regexp.MustCompile(`Benchmark(Load|ReadBundle|Filter|Search)/articles=(\d+)-\d+\s+\d+\s+([\d.]+) ns/op`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		var ns float64
		fmt.Sscan(m[3], &ns)
		what := map[string]string{"Load": "parse + validate + render (native)", "ReadBundle": "decode the wasm's bundle (native)", "Filter": "topic filter (native)", "Search": "search, one query (native): the hits and the first 50 snippets, as the app asks"}[m[1]]
		r.add(fmt.Sprintf("%s, %s articles", what, m[2]), "", human(time.Duration(ns)), "go test ./content -bench "+m[1])
	}
}

// benchSizes measures the shipped app.wasm.
func benchSizes(t *testing.T, r *report) {
	raw, err := os.ReadFile(filepath.Join(webDir, "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	br, gz := sizes(raw)
	r.add("app.wasm, raw", "", mb(len(raw)), "ls -l web/app.wasm (it holds no articles)")
	r.add("app.wasm, gzip -9", "", mb(gz), "gzip -9")
	r.add("app.wasm, brotli 11", "≤ 1.5 MB (stretch 1.2 MB)", mb(br), "brotli -q 11")
}

func sizes(b []byte) (br, gz int) {
	var bb, gb bytes.Buffer
	w := brotli.NewWriterLevel(&bb, 11)
	w.Write(b)
	w.Close()
	g, _ := gzip.NewWriterLevel(&gb, 9)
	g.Write(b)
	g.Close()
	return bb.Len(), gb.Len()
}

// throttle applies the mobile conditions to a tab.
func throttle(t *testing.T, ctx context.Context) {
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Latency: 150, DownloadThroughput: 1.6e6 / 8, UploadThroughput: 750e3 / 8}},
	}); err != nil {
		t.Fatal(err)
	}
}

// vitals collects paint timings, layout shift and long tasks.
const vitals = `new Promise((resolve) => {
	const out = { fcp: 0, lcp: 0, cls: 0, long: 0, tbt: 0, count: 0 };
	for (const e of performance.getEntriesByName("first-contentful-paint")) out.fcp = e.startTime;
	new PerformanceObserver((l) => { for (const e of l.getEntries()) out.lcp = e.startTime; }).observe({ type: "largest-contentful-paint", buffered: true });
	new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) out.cls += e.value; }).observe({ type: "layout-shift", buffered: true });
	for (const e of window.__longtasks || []) { out.count++; out.long += e.duration; out.tbt += Math.max(0, e.duration - 50); }
	// The long frames so far, by cause: each script by its file (boot.js,
	// app.js, ...), the browser's rendering (from renderStart, and the
	// style and layout scripts forced), and the rest: the frame's other
	// work (parsing the page and its stylesheet) and its wait to be drawn.
	out.frames = { count: 0, all: 0, render: 0, scripts: {} };
	for (const f of performance.getEntriesByType("long-animation-frame")) {
		out.frames.count++;
		out.frames.all += f.duration;
		out.frames.render += f.renderStart ? f.startTime + f.duration - f.renderStart : 0;
		for (const x of f.scripts) {
			const file = (x.sourceURL || x.invoker || "other").replace(/^.*\//, "") || "other";
			out.frames.scripts[file] = (out.frames.scripts[file] || 0) + x.duration - x.forcedStyleAndLayoutDuration;
			out.frames.render += x.forcedStyleAndLayoutDuration;
		}
	}
	setTimeout(() => resolve(JSON.stringify(out)), 500);
})`

// longFrames is vitals' account of the long frames, by cause.
type longFrames struct {
	Count   int
	All     float64
	Render  float64
	Scripts map[string]float64
}

// String says where the frames' time went: the scripts, largest first, the
// rendering, and the rest.
func (f longFrames) String() string {
	files := slices.Collect(maps.Keys(f.Scripts))
	slices.SortFunc(files, func(a, b string) int { return cmp.Compare(f.Scripts[b], f.Scripts[a]) })
	var scripts float64
	var each []string
	for _, file := range files {
		scripts += f.Scripts[file]
		each = append(each, file+" "+ms(f.Scripts[file]))
	}
	return fmt.Sprintf("%d frames, %s: scripts %s (%s), rendering %s, the rest %s",
		f.Count, ms(f.All), ms(scripts), strings.Join(each, ", "), ms(f.Render), ms(f.All-scripts-f.Render))
}

// benchFirstVisit loads home and an article on a throttled phone, as a
// first-time reader who only reads, then measures what their first
// interaction costs (it starts the app), then a repeat visit.
func benchFirstVisit(t *testing.T, r *report) {
	srv, err := sharedServer()
	if err != nil {
		t.Fatal(err)
	}
	// Measure the server as it runs after its first seconds: app.wasm at
	// brotli 11 (made in the background after start-up).
	best := len(compress(testSite(t).assets["/web/app.wasm"].body, buildBrotli))
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if get(t, srv, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": "br"}).Body.Len() == best {
			break
		}
	}
	var sent wire
	url := startHandler(t, sent.wrap(srv)).URL
	slug := testSite(t).corpus.Articles[0].Slug
	for _, p := range []struct{ name, path string }{{"home", "/"}, {"article", "/articles/" + slug}} {
		ctx := newBrowser(t, 390, 844)
		// Long tasks are not buffered: observe them from the start.
		beforeLoad(t, ctx, `window.__longtasks = []; new PerformanceObserver((l) => window.__longtasks.push(...l.getEntries())).observe({ type: "longtask" });`)
		throttle(t, ctx)
		sent.reset()
		do(t, ctx, "open "+p.path, chromedp.Navigate(url+p.path), waitJS(appWaiting),
			// Everything is precached once the worker is active.
			chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.ready`, chromedp.EvalAwaitPromise), chromedp.Sleep(time.Second))
		var v struct {
			FCP, LCP, CLS, Long, TBT, Count float64
			Frames                          longFrames
		}
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](vitals, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal([]byte(s), &v)
		r.add(p.name+": first contentful paint", "article text at FCP", ms(v.FCP), throttling)
		r.add(p.name+": largest contentful paint", "", ms(v.LCP), throttling)
		r.add(p.name+": layout shift (CLS)", "≤ 0.01", fmt.Sprintf("%.4f", v.CLS), throttling+"; while loading")
		r.add(p.name+": long tasks (sum over 50 ms, ~TBT)", "≤ 200 ms", fmt.Sprintf("%s (%d tasks, %s in all)", ms(v.TBT), int(v.Count), ms(v.Long)), throttling+"; while loading, no interaction: the app waits")
		r.add(p.name+": long frames while loading, by cause", "", v.Frames.String(), throttling+"; Long Animation Frames (over 50 ms) until the worker is ready and a second more: each script's own time by its file, the browser's rendering (from renderStart, with the style and layout scripts forced), the rest (other work in the frame's tasks, such as parsing the page and its stylesheet, and the wait for the frame to be drawn)")
		r.add(p.name+": bytes on the wire, first visit", "≤ 1.8 MB", mb(sent.bytesSent()), throttling+"; response bytes sent by the server, service worker precache included")

		// The first interaction starts the app (from the worker's cache).
		// Long animation frames (frames over 50 ms) say how much of them
		// was rendering: the frame's own (from renderStart) and the style
		// and layout that scripts forced.
		eval[any](t, ctx, `window.__long = []; new PerformanceObserver((l) => window.__long.push(...l.getEntries())).observe({ type: "longtask" });
			window.__loaf = []; new PerformanceObserver((l) => window.__loaf.push(...l.getEntries())).observe({ type: "long-animation-frame" }); 0`)
		do(t, ctx, "first interaction", appRunning(), chromedp.Sleep(time.Second))
		var first struct{ Start, Long, Max, Render float64 }
		s, err = chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({ start: performance.getEntriesByName("nextsteps-app-running")[0].startTime - performance.getEntriesByName("nextsteps-app-start")[0].startTime,
			long: window.__long.reduce((a, e) => a + e.duration, 0), max: Math.max(0, ...window.__long.map((e) => e.duration)),
			render: window.__loaf.reduce((a, f) => a + (f.renderStart ? f.startTime + f.duration - f.renderStart : 0) + f.scripts.reduce((b, s) => b + s.forcedStyleAndLayoutDuration, 0), 0) })`))
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal([]byte(s), &first)
		r.add(p.name+": first interaction to the app running", "", ms(first.Start), throttling+"; a key press, wasm from the service worker")
		r.add(p.name+": longest task while the app starts", "", fmt.Sprintf("%s (%s of long tasks in all)", ms(first.Max), ms(first.Long)), throttling)
		r.add(p.name+": rendering in long frames while the app starts", "", ms(first.Render), throttling+"; Long Animation Frames from the key press to a second after the app runs: each frame's rendering (from renderStart: frame callbacks, style, layout, paint) and the style and layout its scripts forced")

		// Repeat visit: everything from the service worker.
		sent.reset()
		do(t, ctx, "repeat", chromedp.Navigate(url+p.path), appRunning(), chromedp.Sleep(time.Second))
		r.add(p.name+": bytes on the wire, repeat visit", "none", mb(sent.bytesSent()), throttling+"; response bytes sent by the server")
	}
}

// benchScale builds the app with n synthetic articles (16 means the real
// corpus) in a copy of the project, serves it, and measures size, start-up,
// memory, and the filter and search in the wasm.
func benchScale(t *testing.T, r *report, root string, n int) error {
	dir := root
	if n != 16 {
		dir = copyProject(t, root)
		writeSynthetic(t, dir, n)
	}
	bin := filepath.Join(t.TempDir(), "nextsteps")
	wasm := filepath.Join(dir, "web", "app.wasm")
	for _, b := range [][]string{
		// As shipped: the bundle of this copy's articles, then the wasm.
		{"make", "--no-print-directory", "wasm"},
		// With our edits to go-app, as make wasm wrote them into this copy.
		{"go", "build", "-modfile", filepath.Join(dir, ".cache/goapp/nextsteps.mod"), "-o", bin, "./cmd/nextsteps"},
	} {
		cmd := exec.Command(b[0], b[1:]...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", b, err, out)
		}
	}
	raw, _ := os.ReadFile(wasm)
	br, _ := sizes(raw)
	label := articlesLabel(t, n)
	r.add("app.wasm brotli, "+label, "", mb(br)+" ("+mb(len(raw))+" raw)", "make wasm; brotli -q 11")

	// Serve that build with its own binary.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "-addr", addr, "-web", filepath.Join(dir, "web"))
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "serving on") {
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	url := "http://localhost:" + addr[strings.LastIndex(addr, ":")+1:]
	// The server makes its level-11 copy of app.wasm in the background after
	// start-up (server.go); let it finish, so it does not take CPU from the
	// timings below.
	if size := len(raw); size >= bestLaterMin && size <= bestLaterMax {
		waitBestBrotli(t, url+"/web/app.wasm", time.Duration(size>>20)*10*time.Second)
	}
	warmServer(t, url)

	// A tab of its own, with time enough for a very large corpus.
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath(t)), chromedp.UserDataDir(t.TempDir()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(390, 844))
	defer cancelA()
	// A corpus too large to start must not hang the report: after the time
	// limit the browser is closed, and every pending call fails.
	limit := time.AfterFunc(6*time.Minute, cancelA)
	defer limit.Stop()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelT()
	evalE := func(js string) (float64, error) {
		return chromedp.Run(ctx, chromedp.Evaluate[float64](js, chromedp.EvalAwaitPromise))
	}
	beforeLoad(t, ctx, `const i = WebAssembly.instantiateStreaming; WebAssembly.instantiateStreaming = async (...a) => { const r = await i(...a); window.__wasmMemory = r.instance.exports.mem; return r; };`)
	bootCtx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	// The worker's last word, every article saved, as each page of the tab
	// hears it (worker.js, saveLibrary): its time is kept in the tab's
	// storage, as the first-visit taps below reload the page meanwhile.
	beforeLoad(t, ctx, `navigator.serviceWorker && navigator.serviceWorker.addEventListener("message", (e) => {
		const s = e.data && e.data.saving;
		if (s && s.saved === s.total && !s.failed && !localStorage.getItem("__benchSavedAt")) localStorage.setItem("__benchSavedAt", String(Date.now()));
	});`)
	opened := time.Now() // a first visit: the worker starts saving the library
	if err := chromedp.Do(bootCtx, chromedp.Navigate(url+"/"), waitJS(appWaiting)); err != nil {
		return err
	}
	start := time.Now() // the app starts on the first interaction
	if err := chromedp.Do(bootCtx, appRunning()); err != nil {
		r.add("app start-up (no throttling), "+label, "", "did not start within 4 min", "chromedp")
		return nil
	}
	if time.Since(start) > 4*time.Minute {
		r.add("app start-up (no throttling), "+label, "", "did not start within 4 min", "chromedp")
		return nil
	}
	// Timed in the page, between boot.js's marks, rather than around
	// appRunning, which polls every 100 ms over the DevTools protocol.
	if first, err := evalE(startupMarks); err == nil && first >= 0 {
		r.add("app start-up (no throttling), "+label, "", ms(first), startupHow+"; this tab's first start (app.wasm compiled afresh)")
	} else {
		r.add("app start-up (no throttling), "+label, "", human(time.Since(start)), "chromedp: first interaction (a key) to the app running")
	}
	mem, err := evalE(`window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : 0`)
	if err != nil {
		return err
	}
	r.add("wasm memory after start, "+label, "", mb(int(mem)), "WebAssembly.Memory size")

	// Filter: click a toggle, time until the list has changed. The chip
	// shows pressed a frame before (app/home.go, chipAction): the list is
	// timed by its count, which changes with it, in the same task.
	filter := func(chip string) string {
		return `new Promise((resolve) => {
		const count = () => document.querySelector(".browse .result-count").textContent;
		const before = count();
		const t0 = performance.now();
		const mo = new MutationObserver(() => {
			if (count() === before) return;
			mo.disconnect();
			window.__mut = performance.now() - t0;
			requestAnimationFrame(() => resolve(performance.now() - t0));
		});
		mo.observe(document.querySelector("main"), { childList: true, subtree: true, characterData: true });
		document.getElementById("chip-` + chip + `").click();
	})`
	}
	// Search: one keystroke in the box, time until the results have changed.
	// A keystroke is timed to the results of the new query drawn, not to
	// the first change ("Searching for …" while the search reads files).
	search := `new Promise((resolve) => {
		const input = document.getElementById("search");
		const q = input.value + "t";
		const t0 = performance.now();
		const done = () => {
			const c = document.querySelector(".result-count");
			return c && /^\d+ articles? match/.test(c.textContent) && c.textContent.includes("\u201c" + q + "\u201d");
		};
		const mo = new MutationObserver(() => {
			if (!done()) return;
			mo.disconnect();
			window.__mut = performance.now() - t0;
			requestAnimationFrame(() => resolve(performance.now() - t0));
		});
		mo.observe(document.querySelector("main"), { childList: true, subtree: true, characterData: true });
		input.value = q;
		input.dispatchEvent(new Event("input", { bubbles: true }));
	})`
	// All in one page: a navigation would restart the wasm each time.
	// Each measure keeps two times, by what was measured: to the DOM
	// updated (the first change) and to the next frame after it, which is
	// when the reader sees it.
	dom, frame := map[string][]float64{}, map[string][]float64{}
	var failures []string
	measure := func(what, js string) {
		v, err := evalE(js)
		if err != nil {
			failures = append(failures, what+": "+err.Error())
			chromedp.Do(ctx, appRunning()) // a navigation: let the app come back
			return
		}
		frame[what] = append(frame[what], v)
		if m, err := evalE(`window.__mut`); err == nil {
			dom[what] = append(dom[what], m)
		}
	}
	// A first visit's taps: the worker is saving the library meanwhile (at
	// 10,000 articles, 45 s of downloads, hashes and writes; on this
	// machine the server that sends them shares its two cores with the
	// browser).
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/"), appRunning(), chromedp.Sleep(time.Second)); err != nil {
		return err
	}
	for i := 0; i < taps; i++ {
		measure("filter saving", filter("ect"))
		time.Sleep(300 * time.Millisecond)
	}
	saving, savingErr := chromedp.Run(ctx, chromedp.Evaluate[bool](`!(`+offlineReady+`)`))
	// The rest are a returning reader's, the library saved: the page
	// opened again, from the worker.
	if err := chromedp.Do(ctx, waitJSWithin(offlineReady, 5*time.Minute)); err != nil {
		footer, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".offline-status")||{}).textContent`))
		return fmt.Errorf("%s: the library not saved %s after the first visit opened (the page says %q): %w",
			label, human(time.Since(opened)), footer, err)
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem("__benchSavedAt") || ""`))
	if err != nil {
		return fmt.Errorf("%s: reading when the library was saved: %w", label, err)
	}
	if ms, err := strconv.ParseInt(at, 10, 64); err == nil {
		r.add("first visit: the page opened to every article saved for offline reading (no throttling), "+label, "", human(time.UnixMilli(ms).Sub(opened)),
			"chromedp: from the navigation to the worker's message that every article is saved (the page's clock); the worker's downloads, hashes and writes, with the first-visit filter taps below made meanwhile, on a machine whose two cores the server shares")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/"), appRunning(), chromedp.Sleep(time.Second)); err != nil {
		return err
	}
	for i := 0; i < taps; i++ { // toggles on, off, on...
		measure("filter", filter("ect"))
		time.Sleep(300 * time.Millisecond)
	}
	// A second therapy the comparison covers, with ECT chosen: "Compare
	// these" shows above the list, and goes when it is chosen off.
	if err := chromedp.Do(ctx, waitJS(`(document.getElementById("chip-ect").click(), true)`),
		waitJS(`location.search === "?topic=ect" && document.getElementById("chip-ect").getAttribute("aria-checked") === "true"`)); err != nil {
		failures = append(failures, "choose ECT: "+err.Error())
	} else {
		time.Sleep(300 * time.Millisecond)
		for i := 0; i < taps; i++ {
			measure("second", filter("tms"))
			time.Sleep(300 * time.Millisecond)
		}
	}
	// The first search: the app reads the search index's files its word
	// needs and the shown results' texts (app/home.go, find), and the page
	// says "Searching for …" until they are read. Timed from the focus and
	// the first word to the results drawn.
	first, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise((resolve, reject) => {
		const i = document.getElementById("search");
		const t0 = performance.now();
		i.focus();
		i.value = "trea";
		i.dispatchEvent(new Event("input", { bubbles: true }));
		const done = () => {
			const c = document.querySelector(".result-count");
			return c && /^\d+ articles? match/.test(c.textContent) && document.querySelector("main .results") !== null;
		};
		const poll = () => done() ? resolve(performance.now() - t0)
			: performance.now() - t0 > 180000 ? reject(new Error("no results within 3 min: " + (document.querySelector(".result-count")||{}).textContent))
			: requestAnimationFrame(poll);
		poll();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		failures = append(failures, "first search: "+err.Error())
		r.add("first search: focus and a word to the results, in the wasm, "+label, "", "not measured (see the log)", "chromedp, no throttling")
	} else {
		r.add("first search: focus and a word to the results, in the wasm, "+label, "", human(time.Duration(first*float64(time.Millisecond))), "chromedp, no throttling; the app reads the index files the word needs and the shown results' texts, the page says \u201cSearching\u201d meanwhile")
	}
	time.Sleep(300 * time.Millisecond)
	for i := 0; i < taps; i++ { // "treat", "treatt"... each keystroke changes the results
		measure("search", search)
		time.Sleep(300 * time.Millisecond)
	}
	// What searching cost in memory: the index's files the words needed
	// and the shown results' texts, read into the wasm.
	if mem, err := evalE(`window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : 0`); err == nil {
		r.add("wasm memory after the first search and "+fmt.Sprint(taps)+" keystrokes, "+label, "≤ 100 MB", mb(int(mem)), "WebAssembly.Memory size, on the page the filter and search rows ran in")
	}
	// Show more: the next page of the list (25 entries), in place.
	if n > 50 {
		more := `new Promise((resolve) => {
			const a = document.querySelector(".more a");
			const t0 = performance.now();
			const mo = new MutationObserver(() => { mo.disconnect(); window.__mut = performance.now() - t0; requestAnimationFrame(() => resolve(performance.now() - t0)); });
			mo.observe(document.querySelector("main"), { childList: true, subtree: true });
			a.click();
		})`
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"/"), appRunning(), chromedp.Sleep(time.Second)); err != nil {
			return err
		}
		measure("show more", more)
		time.Sleep(500 * time.Millisecond)
		if cards, err := evalE(`document.querySelectorAll("main .cards > li").length`); err != nil || cards != 50 {
			failures = append(failures, fmt.Sprintf("show more: %v cards after one press (%v), want 50", cards, err))
		}
	}
	if len(failures) > 0 {
		t.Logf("%s: %d measurements failed: %v", label, len(failures), failures)
	}
	target := ""
	if n == 1000 {
		target = "≤ 16 ms"
	}
	how := "chromedp, no throttling, the library saved, the page opened again: to the DOM updated / to the next frame after it"
	// timed says what the reader met: the first time, the medians to the
	// DOM and to the next frame, and the slowest to the DOM. The first is
	// read before median sorts the times.
	timed := func(what string) string {
		first := firstOf(dom[what])
		return first + median(dom[what]) + " / " + median(frame[what]) + slowest(dom[what])
	}
	// The list is drawn after the frame that shows the chip pressed, as a
	// key's results are.
	listAfter := "; the list is drawn after the frame that shows the chip pressed (chipAction, app/home.go), so this waits for that frame too"
	r.add("filter toggle to updated list, in the wasm, "+label, target, timed("filter"), "click; "+how+listAfter)
	r.add("filter: a second therapy, \u201cCompare these\u201d shown then gone, to updated list, in the wasm, "+label, target, timed("second"), "click on TMS, ECT chosen; "+how+listAfter)
	r.add("search keystroke to updated list, in the wasm, "+label, target, timed("search"), "input event; "+how+"; the results are drawn after the frame that shows the key (afterPaint, app/search.go), so this waits for that frame too")
	savingHow := "click; chromedp, no throttling, a first visit: the taps made while the worker saves the library"
	switch {
	case savingErr != nil:
		savingHow += " (whether it had finished by the last tap is not known: " + savingErr.Error() + ")"
	case !saving:
		savingHow += " (it had finished by the last tap)"
	}
	firstSaving := firstOf(dom["filter saving"])
	r.add("filter toggle while the library is saved for offline reading (first visit), in the wasm, "+label, "", firstSaving+median(dom["filter saving"])+slowest(dom["filter saving"]), savingHow+"; to the DOM updated")
	if n > 50 {
		r.add("Show more (25 more entries), in the wasm, "+label, "", median(dom["show more"])+" / "+median(frame["show more"]), "click; "+how)
	}
	// A returning reader's start, three times: the page opened again, the
	// app started by a key.
	var again []float64
	for range 3 {
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"/"), waitJS(`document.readyState === "complete"`), appRunning()); err != nil {
			t.Logf("%s: start again: %v", label, err)
			break
		}
		if v, err := evalE(startupMarks); err == nil && v >= 0 {
			again = append(again, v)
		}
	}
	r.add("app start-up again (no throttling), "+label, "", median(again), startupHow+"; the page opened again in the same tab")
	return nil
}

// startupMarks is the time from boot.js's mark of the app's start (the
// first interaction) to its mark of the app running, or -1.
const startupMarks = `(() => {
	const s = performance.getEntriesByName("nextsteps-app-start"), r = performance.getEntriesByName("nextsteps-app-running");
	return s.length > 0 && r.length > 0 ? r[r.length - 1].startTime - s[s.length - 1].startTime : -1;
})()`

// startupHow says how the start-up rows are timed.
const startupHow = "boot.js's performance marks, first interaction (a key) to the app running"

// waitBestBrotli waits until the brotli copy a server sends changes once:
// from the level-9 copy of start-up to the level-11 one.
func waitBestBrotli(t *testing.T, url string, limit time.Duration) {
	size := func() int64 {
		req, _ := http.NewRequest(http.MethodHead, url, nil)
		req.Header.Set("Accept-Encoding", "br")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return -1
		}
		resp.Body.Close()
		return resp.ContentLength
	}
	first := size()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(time.Second) {
		if s := size(); s != first && s > 0 {
			return
		}
	}
	t.Logf("%s: the level-11 copy was not ready within %v", url, limit)
}

func median(v []float64) string {
	if len(v) == 0 {
		return "not measured (see the log)"
	}
	slices.Sort(v)
	return fmt.Sprintf("%s (median of %d)", ms(v[len(v)/2]), len(v))
}

// taps is how many times each interaction of benchScale is timed. The
// first taps after a start are slower (V8 compiles the code a tap runs
// the first time, and optimises it once it is hot), and this machine's two
// cores are shared with the browser's own threads: six samples gave
// medians that moved by half from one run to the next.
const taps = 12

// firstOf says v's first value, the first time the reader did it: call
// it before median, which sorts v.
func firstOf(v []float64) string {
	if len(v) == 0 {
		return ""
	}
	return "first " + ms(v[0]) + "; "
}

// slowest says the slowest of v to the DOM updated, where a collection of
// the garbage or another stall shows that a median hides.
func slowest(v []float64) string {
	if len(v) == 0 {
		return ""
	}
	return "; slowest to the DOM " + ms(slices.Max(v))
}

// copyProject copies the tracked files of the project to a temporary folder.
func copyProject(t *testing.T, root string) string {
	dir := t.TempDir()
	out, err := exec.Command("git", "-C", root, "ls-files").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range strings.Fields(string(out)) {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree
		}
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, b, 0o644)
	}
	return dir
}

// benchLighthouse runs Lighthouse 13 (installed by make bench under
// .cache/bench, with Node 22 from npm) on home and an article.
func benchLighthouse(t *testing.T, r *report, root string) {
	node := filepath.Join(root, ".cache/bench/node_modules/.bin/node")
	cli := filepath.Join(root, ".cache/bench/node_modules/lighthouse/cli/index.js")
	if _, err := os.Stat(cli); err != nil {
		r.add("Lighthouse", "", "not run: `make bench` installs it (npm: node@22, lighthouse@13)", "")
		return
	}
	srv := startReal(t)
	slug := testSite(t).corpus.Articles[0].Slug
	for _, p := range []struct{ name, path string }{{"home", "/"}, {"article", "/articles/" + slug}} {
		out := filepath.Join(t.TempDir(), "lh.json")
		cmd := exec.Command(node, cli, srv.URL+p.path, "--chrome-path="+chromiumPath(t), "--output=json", "--output-path="+out, "--quiet",
			"--only-categories=performance,accessibility,best-practices,seo",
			"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync")
		if b, err := cmd.CombinedOutput(); err != nil {
			r.add("Lighthouse "+p.name, "", "failed: "+strings.TrimSpace(string(b)), "")
			continue
		}
		var lh struct {
			Categories map[string]struct{ Score float64 }
			Audits     map[string]struct{ NumericValue float64 }
		}
		b, _ := os.ReadFile(out)
		json.Unmarshal(b, &lh)
		cmdline := "lighthouse 13, mobile preset (simulated 4x CPU, slow 4G)"
		r.add("Lighthouse "+p.name+": performance", "≥ 0.95", fmt.Sprintf("%.2f", lh.Categories["performance"].Score), cmdline)
		r.add("Lighthouse "+p.name+": accessibility / best practices / SEO", "1.0 / 1.0 / 1.0",
			fmt.Sprintf("%.2f / %.2f / %.2f", lh.Categories["accessibility"].Score, lh.Categories["best-practices"].Score, lh.Categories["seo"].Score), cmdline)
		r.add("Lighthouse "+p.name+": Total Blocking Time", "≤ 200 ms", ms(lh.Audits["total-blocking-time"].NumericValue), cmdline)
		r.add("Lighthouse "+p.name+": LCP / CLS", "", fmt.Sprintf("%s / %.3f", ms(lh.Audits["largest-contentful-paint"].NumericValue), lh.Audits["cumulative-layout-shift"].NumericValue), cmdline)
	}
}

// benchLoad loads the home page from 128 connections for 60 s.
func benchLoad(t *testing.T, r *report) {
	srv := startReal(t)
	const conns, seconds = 128, 60
	l := runLoad(srv.URL, []string{"/"}, conns, seconds*time.Second, "br, gzip")
	if len(l.latencies) == 0 {
		t.Fatal("no request completed")
	}
	cmd := "in-process Go load generator on loopback, 128 connections, 60 s, GET / (pre-rendered per request)"
	r.add("server: home page requests per second", "report", fmt.Sprintf("%.0f req/s (%d errors)", float64(len(l.latencies))/seconds, l.errors), cmd)
	r.add("server: home page latency p50 / p99", "report", human(l.percentile(50))+" / "+human(l.percentile(99)), cmd)
	r.add("server: heap before / mid-run / after", "flat", fmt.Sprintf("%s / %s / %s", mb(int(l.heapBefore)), mb(int(l.heapMid)), mb(int(l.heapAfter))), cmd+"; runtime.MemStats.HeapAlloc after GC")
}

// benchNginx serves the home page two ways on this machine, each as its
// own process: the nextsteps server (serve) and nginx serving the static
// build of the same site (make bench installs nginx-light), then loads
// each in turn from this process with the same generator: 256
// connections, gzip (nginx-light has no brotli; it compresses the pages as
// it sends them, as a usual nginx set-up does, and gzip_static sends the
// build's .gz copies of the assets). The ratio of the two is the figure issue 10 asks
// for; the machine's noise applies to both alike.
func benchNginx(t *testing.T, r *report, root string) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		r.add("server vs nginx", "", "not run: nginx is not installed (make bench installs nginx-light as root)", "")
		return
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "nextsteps")
	cmd := exec.Command("go", "build", "-modfile", filepath.Join(root, ".cache/goapp/nextsteps.mod"), "-o", bin, "./cmd/nextsteps")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dist := filepath.Join(dir, "dist")
	if out, err := exec.Command(bin, "build", "-web", filepath.Join(root, "web"), "-out", dist).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	port := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().String()
	}
	start := func(name string, args ...string) {
		// No pipes for output: nginx's workers would hold them open after
		// their master stops, and Wait would wait for them.
		c := exec.Command(name, args...)
		if err := c.Start(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// SIGTERM: nginx's master stops its workers before it exits.
		t.Cleanup(func() { c.Process.Signal(syscall.SIGTERM); c.Wait() })
	}
	up := func(name, addr string) {
		last := ""
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			res, err := http.Get("http://" + addr + "/")
			if err != nil {
				last = err.Error()
				continue
			}
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
			last = res.Status
		}
		t.Fatalf("%s on %s did not answer with the home page: %s", name, addr, last)
	}

	ours := port()
	start(bin, "serve", "-addr", ours, "-web", filepath.Join(root, "web"))
	theirs := port()
	conf := filepath.Join(dir, "nginx.conf")
	// As root, nginx's workers would run as nobody, who cannot read the
	// test's private temporary folder.
	os.WriteFile(conf, []byte(fmt.Sprintf(`user root;
worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %[1]s/tmp;
  include /etc/nginx/mime.types;
  sendfile on;
  gzip on;
  gzip_static on;
  server {
    listen %[2]s;
    root %[3]s;
    location / { try_files $uri $uri.html $uri/ =404; add_header Cache-Control "no-cache"; }
  }
}
`, dir, theirs, dist)), 0o644)
	start(nginx, "-c", conf, "-g", "daemon off;")
	up("serve", ours)
	up("nginx", theirs)

	const conns, seconds = 256, 20
	how := fmt.Sprintf("in-process Go load generator on loopback, %d connections, %d s each, GET / with Accept-Encoding: gzip; serve and nginx (the static build; gzip on, gzip_static on) as separate processes, one after the other", conns, seconds)
	run := func(addr string) loadResult {
		l := runLoad("http://"+addr, []string{"/"}, conns, seconds*time.Second, "gzip")
		if len(l.latencies) == 0 {
			t.Fatalf("%s: no request completed", addr)
		}
		return l
	}
	a, b := run(ours), run(theirs)
	rate := func(l loadResult) float64 { return float64(len(l.latencies)) / seconds }
	line := func(l loadResult) string {
		return fmt.Sprintf("%.0f req/s, p99 %s, slowest %s, %d errors", rate(l), human(l.percentile(99)), human(l.latencies[len(l.latencies)-1]), l.errors)
	}
	r.add("server: home page, serve", "no request over 1 s", line(a), how)
	r.add("server: home page, nginx on the static build", "", line(b), how)
	r.add("server: serve req/s ÷ nginx req/s", "≥ 0.5", fmt.Sprintf("%.2f", rate(a)/rate(b)), how)
}

func human(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1f µs", float64(d)/1e3)
}

func ms(v float64) string { return human(time.Duration(v * float64(time.Millisecond))) }

func mb(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
}

// writeBenchmarks writes the report, carrying each measure's previous
// value over from the file being replaced.
func writeBenchmarks(path string, r *report) error {
	previous := map[string]string{}
	if old, err := os.ReadFile(path); err == nil {
		for _, l := range strings.Split(string(old), "\n") {
			cells := strings.Split(l, "|")
			if len(cells) >= 6 && !strings.HasPrefix(strings.TrimSpace(cells[1]), "measure") && !strings.HasPrefix(strings.TrimSpace(cells[1]), "---") {
				previous[strings.TrimSpace(cells[1])] = strings.TrimSpace(cells[3])
			}
		}
	}
	var b strings.Builder
	cpu := "unknown"
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`model name\s*:\s*(.*)`).FindSubmatch(info); m != nil {
			cpu = string(m[1])
		}
	}
	chromium, _ := exec.Command(chromiumPathOr("/usr/bin/chromium"), "--version").Output()
	fmt.Fprintf(&b, "# Benchmarks\n\nWritten by `%s` (TestBench in `cmd/nextsteps/bench_test.go`). Benchmarks report; they do not pass or fail.\n\n", benchCmd)
	fmt.Fprintf(&b, "Machine: %d cores (%s), %s, %s/%s, %s.\n\n", runtime.NumCPU(), cpu, runtime.Version(), runtime.GOOS, runtime.GOARCH, strings.TrimSpace(string(chromium)))
	fmt.Fprintf(&b, "This machine is shared and noisy: compare figures from one run, and read single numbers as a range.\n\n")
	b.WriteString("| measure | target | value | previous | how |\n| --- | --- | --- | --- | --- |\n")
	for _, row := range r.rows {
		prev := previous[row.measure]
		if prev == "" {
			prev = "–"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", row.measure, row.target, row.value, prev, row.command)
	}
	b.WriteString("\n## Go benchmarks (benchstat format)\n\n```\n")
	for _, raw := range r.raw {
		b.WriteString(raw)
	}
	b.WriteString("```\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func chromiumPathOr(def string) string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return def
}

// warmServer asks the server at url once for every page and file its
// worker precaches, in the encoding Chromium asks for, four at a time. The
// server renders and compresses a page on its first request (pageCache);
// on this machine that work shares the two cores with the browser, so a
// cold server would be measured as the reader's time. A real reader's
// server has seen the page before, on another machine.
func warmServer(t *testing.T, url string) {
	resp, err := http.Get(url + "/app-worker.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	urls, err := precachedURLs(body)
	if err != nil {
		t.Fatal(err)
	}
	slots := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, u := range urls {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			req, _ := http.NewRequest(http.MethodGet, url+u, nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
			if resp, err := http.DefaultTransport.RoundTrip(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
}
