//go:build !wasm

package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nextsteps/content"
)

// TestLiveReload is `make run` as an author uses it, in Chromium: the
// server follows a content folder on disk (serve -content). It starts with
// a problem: the terminal and every page list it as file:line: problem.
// The fix loads the app by itself. An edit has the open app offer "Reload",
// which shows it. A new problem is shown over the open page while the last
// good version keeps serving, and goes once fixed. It runs in a process of
// its own: the live server hands the app's routes each new corpus, and the
// other tests' pages are built from the embedded one.
func TestLiveReload(t *testing.T) {
	if !inOwnProcess(t) {
		return
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, content.Files); err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(content.Files, content.ArticlesGlob)
	if err != nil || len(names) == 0 {
		t.Fatalf("no articles (%v)", err)
	}
	slug := strings.TrimSuffix(filepath.Base(names[0]), ".md")
	file := filepath.Join(dir, filepath.FromSlash(names[0]))
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The edit changes a word of the body (after the front matter's second ---).
	head, body, ok := strings.Cut(strings.TrimPrefix(string(good), "---\n"), "\n---\n")
	if !ok || !strings.Contains(body, " depression") {
		t.Fatalf("%s: no front matter, or no word to edit", file)
	}
	edited := "---\n" + head + "\n---\n" + strings.Replace(body, " depression", " depressionlive", 1)
	// The problem: a date that is not one, on its own line.
	reviewed := regexp.MustCompile(`(?m)^reviewed: .*$`)
	loc := reviewed.FindStringIndex(edited)
	if loc == nil {
		t.Fatalf("%s has no reviewed: line", file)
	}
	line := strings.Count(edited[:loc[0]], "\n") + 1
	problem := fmt.Sprintf(`%s:%d: field "reviewed" must be a date`, file, line)
	breakIt := func(s string) string { return reviewed.ReplaceAllString(s, "reviewed: not a date") }
	write := func(s string) {
		t.Helper()
		// As editors save: a new file renamed over the old one.
		tmp := file + ".tmp"
		if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
	write(breakIt(string(good)))

	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	terminal := newLineLog(pr)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	l, err := newLive(ctx, dir, webDir, pw)
	if err != nil {
		t.Fatal(err)
	}
	srv := startHandler(t, l)
	inTerminal := func(what string, re string) {
		t.Helper()
		if _, err := terminal.waitFor(regexp.MustCompile("("+re+")"), 30*time.Second); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	inTerminal("the problem at start-up", regexp.QuoteMeta(problem))
	get := func(p string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, page := get("/articles/" + slug); code != http.StatusServiceUnavailable || !strings.Contains(html.UnescapeString(page), problem) {
		t.Errorf("with a problem from the start: status %d, page without %q:\n%s", code, problem, page)
	}

	b := newBrowser(t, 390, 844)
	do(t, b, "the page lists the problem",
		chromedp.Navigate(srv.URL+"/articles/"+slug),
		waitJS(`document.body.textContent.includes(`+jsString(problem)+`)`))
	screenshot(t, b, "live-problems-page")

	// waitState waits for the live server's state to be as wanted.
	waitState := func(what string, ok func(liveState) bool) liveState {
		t.Helper()
		deadline := time.After(2 * time.Minute) // a reload under -race, on a busy machine
		for {
			st, changed := l.current()
			if ok(st) {
				return st
			}
			select {
			case <-changed:
			case <-deadline:
				t.Fatalf("%s: the live server's state is still %+v", what, st)
			}
		}
	}

	write(string(good))
	v1 := waitState("the fix", func(st liveState) bool { return st.Version != "" && len(st.Problems) == 0 }).Version
	inTerminal("the fix", `reload: serving version `+v1)
	do(t, b, "the fix loads the app's page by itself",
		waitJS(`typeof goappGetenv === "function"`), appRunning(), waitJS(offlineReady))

	write(edited)
	v2 := waitState("the edit", func(st liveState) bool { return st.Version != v1 }).Version
	inTerminal("the edit", `reload: serving version `+v2)
	do(t, b, "the app offers the edit",
		waitJS(`(document.querySelector(".banner")||{textContent:""}).textContent.includes("Updated articles are ready.")`))
	do(t, b, "Reload shows it",
		chromedp.Click(chromedp.CSS(".banner button")), appRunning(),
		waitJS(`document.body.textContent.includes("depressionlive")`))

	write(breakIt(edited))
	inTerminal("the new problem", `still serving version `+v2)
	do(t, b, "the problem is shown over the page",
		waitJS(`(document.querySelector(".live-problems")||{textContent:""}).textContent.includes(`+jsString(problem)+`)`))
	screenshot(t, b, "live-problems-over-page")
	if code, page := get("/articles/" + slug); code != http.StatusOK || !strings.Contains(page, "depressionlive") {
		t.Errorf("with a new problem, the last good version is not served: status %d", code)
	}

	write(edited)
	do(t, b, "the fix takes the problems away", waitJS(`document.querySelector(".live-problems") === null`))
}
