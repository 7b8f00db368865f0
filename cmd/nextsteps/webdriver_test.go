//go:build !wasm

package main

// Two small W3C WebDriver clients for the cross-engine smoke tests
// (engines_test.go): WebDriver BiDi over a WebSocket for Firefox, which
// serves it itself (--remote-debugging-port; Debian packages no
// geckodriver), and classic WebDriver over HTTP for WebKitGTK's
// WebKitWebDriver. Both implement the few commands the smoke suite needs
// behind one interface, so each check is written once.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// evaluator runs JavaScript in a tab: all the waits need of a browser.
type evaluator interface {
	// eval evaluates a JavaScript expression in the current tab, waits for
	// it if it is a promise, and stores its JSON value in out (if not nil).
	eval(expr string, out any) error
}

// engine is one browser, one session, one current tab.
type engine interface {
	// navigate starts loading url in the current tab and returns once the
	// new document exists (it may still be loading), with probeJS running
	// in it.
	navigate(url string) error
	// reload reloads the current tab, returning as navigate does.
	reload() error
	// newTab opens a fresh tab (or window) and makes it the current one.
	newTab() error
	evaluator
	// click clicks the first element that matches css, as a pointer does.
	click(css string) error
	// keys types text, key by key, into whatever has the focus, as a
	// keyboard does.
	keys(text string) error
	// resize makes the viewport (the layout width pages see) w by h.
	resize(w, h int) error
	// consoleErrors returns the console errors and uncaught exceptions seen
	// since the last call.
	consoleErrors() []string
	close()
}

// probeJS runs in every document from its start (or as early as the engine
// allows: see engines_test.go) and watches every frame and DOM change for
// what a reader must never see: a card outside the topics in the address,
// the unfiltered home list under a search, or the offline notice while
// online. It also records uncaught errors.
const probeJS = `(() => {
  if (window.__probe) return;
  const p = window.__probe = { bad: [], notice: [], errors: [], checks: 0 };
  const seen = new Set();
  // Each problem is noted once, with the app's state when first seen.
  const note = (list, key, what) => { if (!seen.has(key)) { seen.add(key); list.push(what); } };
  addEventListener("error", (e) => { const m = "uncaught: " + (e.message || (e.target && e.target.src) || e.type); note(p.errors, m, m); }, true);
  addEventListener("unhandledrejection", (e) => { const m = "unhandled rejection: " + (e.reason && (e.reason.stack || e.reason.message) || e.reason); note(p.errors, m, m); });
  if (window.__probeConsole) { // an engine with no console log of its own
    const consoleError = console.error;
    console.error = function (...args) { const m = "console.error: " + args.map(String).join(" "); note(p.errors, m, m); return consoleError.apply(this, args); };
  }
  document.addEventListener("securitypolicyviolation", (e) => { const m = "CSP violation: " + e.violatedDirective + " " + e.blockedURI; note(p.errors, m, m); });
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  // Cards are checked whenever the DOM changes and before every frame: one
  // with a layout box at any moment fails. The notice is checked before
  // every frame, so what counts is a notice that is painted.
  const check = (painting) => {
    p.checks++;
    const params = new URLSearchParams(location.search);
    const topics = params.getAll("topic");
    if (topics.length > 0) {
      for (const li of document.querySelectorAll("main .cards > li.card")) {
        if (!shown(li)) continue;
        const tags = [...li.querySelectorAll("a.tag")].map((a) => a.getAttribute("href").replace("/topics/", ""));
        if (!tags.some((t) => topics.includes(t))) {
          const title = (li.querySelector("h2, h3, a") || li).textContent.trim();
          note(p.bad, "card " + title, "card \"" + title + "\" [" + tags.join(", ") + "] visible with ?" + params + " (app " + document.documentElement.dataset.app + ")");
        }
      }
    }
    if (params.has("q")) {
      for (const li of document.querySelectorAll("main .cards:not(.results) > li.card")) {
        if (shown(li)) {
          note(p.bad, "home list", "the unfiltered home list is visible with ?" + params + " (app " + document.documentElement.dataset.app + ")");
          break;
        }
      }
    }
    const n = document.querySelector(".offline-notice");
    if (painting === true && n && navigator.onLine && shown(n)) {
      note(p.notice, "notice", "\"" + n.textContent.trim() + "\" shown while online on " + location.pathname + location.search + " (app " + document.documentElement.dataset.app + ")");
    }
  };
  const frame = () => { check(true); requestAnimationFrame(frame); };
  new MutationObserver(() => check(false)).observe(document, { childList: true, subtree: true, attributes: true });
  requestAnimationFrame(frame);
  document.addEventListener("readystatechange", () => check(false));
  check(false);
})()`

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// process is a child the test started, stopped with its whole group.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func startProcess(cmd *exec.Cmd) (*process, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		if w, ok := cmd.Stdout.(*io.PipeWriter); ok {
			w.Close() // ends the lineLog reading it
		}
		close(p.done)
	}()
	return p, nil
}

func (p *process) stop() {
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

// lineLog keeps the lines a child writes, and lets a caller wait for one.
type lineLog struct {
	mu    sync.Mutex
	lines []string
	added chan struct{}
	eof   chan struct{} // closed once the writer is closed and all is read
}

func newLineLog(r io.Reader) *lineLog {
	l := &lineLog{added: make(chan struct{}, 1), eof: make(chan struct{})}
	go func() {
		defer close(l.eof)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			l.mu.Lock()
			l.lines = append(l.lines, sc.Text())
			l.mu.Unlock()
			select {
			case l.added <- struct{}{}:
			default:
			}
		}
	}()
	return l
}

// waitFor returns the first submatch of re in a line, waiting up to d.
func (l *lineLog) waitFor(re *regexp.Regexp, d time.Duration) (string, error) {
	deadline := time.After(d)
	for {
		l.mu.Lock()
		for _, s := range l.lines {
			if m := re.FindStringSubmatch(s); m != nil {
				l.mu.Unlock()
				return m[1], nil
			}
		}
		l.mu.Unlock()
		select {
		case <-l.added:
		case <-deadline:
			return "", fmt.Errorf("no line matching %s within %s; output:\n%s", re, d, l.all())
		}
	}
}

func (l *lineLog) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// ---------------------------------------------------------------------------
// Firefox over WebDriver BiDi.

// firefoxPath finds Firefox, as chromiumPath finds Chromium.
func firefoxPath(t *testing.T) string {
	t.Helper()
	return findBrowser(t, "Firefox", "FIREFOX", "firefox-esr", "firefox-esr", "firefox")
}

// firefoxPrefs go into the fresh profile: no first-run pages, update checks
// or telemetry. Firefox adds its own recommended automation preferences
// when its remote agent starts.
const firefoxPrefs = `user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("app.update.disabledForTesting", true);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.newtabpage.enabled", false);
`

// bidi is a WebDriver BiDi session with Firefox.
type bidi struct {
	proc   *process
	out    *lineLog
	ws     *websocket.Conn
	mu     sync.Mutex
	id     int
	wait   map[int]chan bidiReply
	ctx    string // the current browsing context
	logMu  sync.Mutex
	logs   []string
	closed chan struct{}
}

type bidiReply struct {
	Type    string          `json:"type"`
	ID      int             `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

var bidiListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// newFirefox starts a headless Firefox on a fresh profile and opens a BiDi
// session to it, subscribed to the console log.
func newFirefox(t *testing.T) *bidi {
	t.Helper()
	bin := firefoxPath(t)
	profile := t.TempDir()
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(firefoxPrefs), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--no-remote", "--profile", profile,
		"--remote-debugging-port", "0", "--remote-allow-origins", "http://localhost", "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	r, w := io.Pipe()
	cmd.Stdout, cmd.Stderr = w, w
	proc, err := startProcess(cmd)
	if err != nil {
		t.Fatalf("starting Firefox: %v", err)
	}
	b := &bidi{proc: proc, out: newLineLog(r), wait: map[int]chan bidiReply{}, closed: make(chan struct{})}
	t.Cleanup(b.close)
	url, err := b.out.waitFor(bidiListening, 60*time.Second)
	if err != nil {
		t.Fatalf("Firefox did not start its WebDriver BiDi server: %v", err)
	}
	ws, err := websocket.Dial(strings.TrimSuffix(url, "/")+"/session", "", "http://localhost")
	if err != nil {
		t.Fatalf("connecting to Firefox's BiDi server: %v", err)
	}
	ws.MaxPayloadBytes = 64 << 20
	b.ws = ws
	go b.read()
	if _, err := b.call("session.new", map[string]any{"capabilities": map[string]any{}}); err != nil {
		t.Fatalf("BiDi session.new: %v", err)
	}
	if _, err := b.call("session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}); err != nil {
		t.Fatalf("BiDi subscribe: %v", err)
	}
	if _, err := b.call("script.addPreloadScript", map[string]any{"functionDeclaration": "() => " + probeJS}); err != nil {
		t.Fatalf("BiDi preload script: %v", err)
	}
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	res, err := b.call("browsingContext.getTree", map[string]any{"maxDepth": 0})
	if err == nil {
		err = json.Unmarshal(res, &tree)
	}
	if err != nil || len(tree.Contexts) == 0 {
		t.Fatalf("BiDi getTree: %v (%s)", err, res)
	}
	b.ctx = tree.Contexts[0].Context
	return b
}

func (b *bidi) read() {
	defer close(b.closed)
	for {
		var msg bidiReply
		if err := websocket.JSON.Receive(b.ws, &msg); err != nil {
			b.mu.Lock()
			for id, ch := range b.wait {
				ch <- bidiReply{Type: "error", Error: "connection closed", Message: err.Error()}
				delete(b.wait, id)
			}
			b.mu.Unlock()
			return
		}
		if msg.Type == "event" {
			if msg.Method == "log.entryAdded" {
				b.logEntry(msg.Params)
			}
			continue
		}
		b.mu.Lock()
		ch := b.wait[msg.ID]
		delete(b.wait, msg.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- msg
		}
	}
}

// logEntry keeps console errors and JavaScript errors (uncaught exceptions,
// and what the engine itself reports as errors: CSP, failed loads).
func (b *bidi) logEntry(params json.RawMessage) {
	var e struct {
		Type       string `json:"type"`
		Level      string `json:"level"`
		Text       string `json:"text"`
		Method     string `json:"method"`
		Source     struct{ Context string }
		StackTrace struct {
			CallFrames []struct {
				URL  string `json:"url"`
				Line int    `json:"lineNumber"`
			} `json:"callFrames"`
		} `json:"stackTrace"`
	}
	if json.Unmarshal(params, &e) != nil || e.Level != "error" {
		return
	}
	s := e.Type + " error: " + e.Text
	if f := e.StackTrace.CallFrames; len(f) > 0 {
		s += fmt.Sprintf(" (%s:%d)", f[0].URL, f[0].Line+1)
	}
	b.logMu.Lock()
	b.logs = append(b.logs, s)
	b.logMu.Unlock()
}

func (b *bidi) call(method string, params any) (json.RawMessage, error) {
	b.mu.Lock()
	b.id++
	id := b.id
	ch := make(chan bidiReply, 1)
	b.wait[id] = ch
	b.mu.Unlock()
	if err := websocket.JSON.Send(b.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		if r.Type == "error" {
			return nil, fmt.Errorf("%s: %s: %s", method, r.Error, r.Message)
		}
		return r.Result, nil
	case <-time.After(90 * time.Second):
		return nil, fmt.Errorf("%s: no answer in 90 s", method)
	}
}

func (b *bidi) navigate(url string) error {
	_, err := b.call("browsingContext.navigate", map[string]any{"context": b.ctx, "url": url, "wait": "interactive"})
	return err
}

func (b *bidi) reload() error {
	_, err := b.call("browsingContext.reload", map[string]any{"context": b.ctx, "wait": "interactive"})
	return err
}

func (b *bidi) newTab() error {
	res, err := b.call("browsingContext.create", map[string]any{"type": "tab"})
	if err != nil {
		return err
	}
	var c struct {
		Context string `json:"context"`
	}
	if err := json.Unmarshal(res, &c); err != nil {
		return err
	}
	b.ctx = c.Context
	return nil
}

func (b *bidi) resize(w, h int) error {
	_, err := b.call("browsingContext.setViewport", map[string]any{"context": b.ctx, "viewport": map[string]int{"width": w, "height": h}})
	return err
}

// eval returns the expression's value serialised by the page itself, as
// JSON, so any value comes back whole.
func (b *bidi) eval(expr string, out any) error {
	res, err := b.call("script.evaluate", map[string]any{
		"expression":   "Promise.resolve(" + expr + ").then((v) => JSON.stringify(v === undefined ? null : v))",
		"target":       map[string]any{"context": b.ctx},
		"awaitPromise": true,
	})
	if err != nil {
		return err
	}
	var r struct {
		Type    string `json:"type"`
		Result  struct{ Value json.RawMessage }
		Details struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return err
	}
	if r.Type == "exception" {
		return fmt.Errorf("evaluating %s: %s", expr, r.Details.Text)
	}
	var s string
	if err := json.Unmarshal(r.Result.Value, &s); err != nil {
		return fmt.Errorf("evaluating %s: %s", expr, r.Result.Value)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal([]byte(s), out)
}

// click moves the pointer to the element's centre and presses it.
func (b *bidi) click(css string) error {
	res, err := b.call("script.evaluate", map[string]any{
		"expression":   fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (e) e.scrollIntoView({block: "center"}); return e; })()`, css),
		"target":       map[string]any{"context": b.ctx},
		"awaitPromise": false,
	})
	if err != nil {
		return err
	}
	var r struct {
		Result struct {
			Type     string `json:"type"`
			SharedID string `json:"sharedId"`
		} `json:"result"`
	}
	if err := json.Unmarshal(res, &r); err != nil || r.Result.Type != "node" {
		return fmt.Errorf("no element %s (%s)", css, res)
	}
	_, err = b.call("input.performActions", map[string]any{"context": b.ctx, "actions": []any{map[string]any{
		"type": "pointer", "id": "mouse", "actions": []any{
			map[string]any{"type": "pointerMove", "x": 0, "y": 0, "origin": map[string]any{"type": "element", "element": map[string]any{"sharedId": r.Result.SharedID}}},
			map[string]any{"type": "pointerDown", "button": 0},
			map[string]any{"type": "pointerUp", "button": 0},
		}}}})
	return err
}

func (b *bidi) keys(text string) error {
	_, err := b.call("input.performActions", map[string]any{"context": b.ctx, "actions": []any{keyActions(text)}})
	return err
}

func (b *bidi) consoleErrors() []string {
	b.logMu.Lock()
	defer b.logMu.Unlock()
	out := b.logs
	b.logs = nil
	return out
}

func (b *bidi) close() {
	if b.ws != nil {
		b.call("browser.close", map[string]any{})
		b.ws.Close()
	}
	b.proc.stop()
}

// ---------------------------------------------------------------------------
// WebKitGTK's MiniBrowser over classic WebDriver (WebKitWebDriver), in Xvfb.

// webkitPaths finds WebKitWebDriver, MiniBrowser and Xvfb; like
// chromiumPath, it skips outside CI and fails under CI when one is missing.
func webkitPaths(t *testing.T) (driver, browser, xvfb string) {
	t.Helper()
	driver, _ = exec.LookPath("WebKitWebDriver")
	xvfb, _ = exec.LookPath("Xvfb")
	browser = os.Getenv("MINIBROWSER")
	if browser == "" {
		matches, _ := filepath.Glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser")
		if len(matches) > 0 {
			browser = matches[len(matches)-1]
		}
	}
	if driver != "" && browser != "" && xvfb != "" {
		return
	}
	msg := fmt.Sprintf("WebKitGTK is not installed (WebKitWebDriver %q, MiniBrowser %q, Xvfb %q): `make test` installs the webkit2gtk-driver and xvfb packages with apt-get", driver, browser, xvfb)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + " (required under CI)")
	return
}

// classic is a classic WebDriver session with WebKitWebDriver.
type classic struct {
	xvfb, driver *process
	display      string   // Xvfb's, for MiniBrowser's console pass
	browser      string   // MiniBrowser
	out          *lineLog // WebKitWebDriver's own output
	base         string   // http://127.0.0.1:port/session/id
	pending      []string // errors the probe saw on pages since left
}

// newWebKit starts Xvfb on a free display (its screen is a 390x844 phone:
// MiniBrowser's window cannot be made narrower than its toolbar, so it runs
// full screen), WebKitWebDriver on a free port and a MiniBrowser session,
// which in automation mode has an ephemeral profile. The page load strategy
// is "none", so navigate returns as soon as the new document exists and
// the probe goes in at once (classic WebDriver has no preload scripts).
func newWebKit(t *testing.T) *classic {
	t.Helper()
	driverBin, browserBin, xvfbBin := webkitPaths(t)
	c := &classic{browser: browserBin}
	t.Cleanup(c.close)

	// Xvfb picks a free display and writes its number to fd 3.
	dr, dw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	xcmd := exec.Command(xvfbBin, "-displayfd", "3", "-screen", "0", "390x844x24", "-nolisten", "tcp")
	xcmd.ExtraFiles = []*os.File{dw}
	if c.xvfb, err = startProcess(xcmd); err != nil {
		t.Fatalf("starting Xvfb: %v", err)
	}
	dw.Close()
	display, err := bufio.NewReader(dr).ReadString('\n')
	dr.Close()
	if err != nil {
		t.Fatalf("Xvfb gave no display: %v", err)
	}
	c.display = ":" + strings.TrimSpace(display)

	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(driverBin, "--port="+strconv.Itoa(port), "--host=127.0.0.1")
	cmd.Env = c.env()
	r, w := io.Pipe()
	cmd.Stdout, cmd.Stderr = w, w
	if c.driver, err = startProcess(cmd); err != nil {
		t.Fatalf("starting WebKitWebDriver: %v", err)
	}
	c.out = newLineLog(r)
	root := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(root + "/status")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("WebKitWebDriver did not answer: %v\n%s", err, c.out.all())
		}
		time.Sleep(50 * time.Millisecond)
	}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"pageLoadStrategy": "none",
		"webkitgtk:browserOptions": map[string]any{
			"binary": browserBin,
			"args":   []string{"--automation", "--full-screen"},
		},
	}}}
	var sess struct {
		SessionID string `json:"sessionId"`
	}
	if err := wdCall(http.MethodPost, root+"/session", caps, &sess); err != nil {
		t.Fatalf("WebKitWebDriver new session: %v\n%s", err, c.out.all())
	}
	c.base = root + "/session/" + sess.SessionID
	return c
}

// wdCall sends one classic WebDriver command and decodes its value.
func wdCall(method, url string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var r struct {
		Value json.RawMessage `json:"value"`
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("%s %s: %s", method, url, data)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		json.Unmarshal(r.Value, &e)
		return fmt.Errorf("%s %s: %s: %s", method, url, e.Error, e.Message)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.Value, out)
}

func (c *classic) cmd(method, path string, body, out any) error {
	return wdCall(method, c.base+path, body, out)
}

// arrive waits until the document that replaced the marked one exists and
// puts the probe in it.
func (c *classic) arrive(leave func() error) error {
	c.collect()
	if err := c.cmd(http.MethodPost, "/execute/sync", map[string]any{"script": "window.__leaving = true", "args": []any{}}, nil); err != nil {
		return err
	}
	if err := leave(); err != nil {
		return err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var ok bool
		err := c.cmd(http.MethodPost, "/execute/sync", map[string]any{
			"script": "if (window.__leaving || location.href === 'about:blank') return false; window.__probeConsole = true; " + probeJS + "; return true",
			"args":   []any{}}, &ok)
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the new page did not arrive within 60 s (%v)", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (c *classic) navigate(url string) error {
	return c.arrive(func() error { return c.cmd(http.MethodPost, "/url", map[string]any{"url": url}, nil) })
}

func (c *classic) reload() error {
	return c.arrive(func() error { return c.cmd(http.MethodPost, "/refresh", map[string]any{}, nil) })
}

func (c *classic) newTab() error {
	var w struct {
		Handle string `json:"handle"`
	}
	if err := c.cmd(http.MethodPost, "/window/new", map[string]any{"type": "window"}, &w); err != nil {
		return err
	}
	return c.cmd(http.MethodPost, "/window", map[string]any{"handle": w.Handle}, nil)
}

// resize sets the window so that the viewport is w by h: the window's own
// decorations are measured and added.
func (c *classic) resize(w, h int) error {
	// A window just opened may not have its size yet (its rect or its
	// viewport reads 0, or the two disagree): wait for sizes that make a
	// request the driver accepts, then ask, and check what came of it.
	asked := 0
	for deadline := time.Now().Add(20 * time.Second); asked < 3 && time.Now().Before(deadline); {
		var inner [2]int
		if err := c.cmd(http.MethodPost, "/execute/sync", map[string]any{"script": "return [innerWidth, innerHeight]", "args": []any{}}, &inner); err != nil {
			return err
		}
		if inner[0] == w && inner[1] == h {
			return nil
		}
		var rect struct{ Width, Height int }
		if err := c.cmd(http.MethodGet, "/window/rect", nil, &rect); err != nil {
			return err
		}
		width, height := rect.Width+w-inner[0], rect.Height+h-inner[1]
		if inner[0] <= 0 || inner[1] <= 0 || width <= 0 || height <= 0 {
			time.Sleep(100 * time.Millisecond) // polling: the window is not laid out yet
			continue
		}
		if err := c.cmd(http.MethodPost, "/window/rect", map[string]any{"width": width, "height": height}, nil); err != nil {
			return err
		}
		asked++
	}
	var now [4]int
	c.cmd(http.MethodPost, "/execute/sync", map[string]any{"script": "return [innerWidth, innerHeight, outerWidth, outerHeight]", "args": []any{}}, &now)
	return fmt.Errorf("could not make the viewport %dx%d: it is %dx%d in a window of %dx%d", w, h, now[0], now[1], now[2], now[3])
}

func (c *classic) eval(expr string, out any) error {
	var s string
	err := c.cmd(http.MethodPost, "/execute/async", map[string]any{
		"script": "const done = arguments[arguments.length - 1]; Promise.resolve(" + expr + ").then((v) => done(JSON.stringify(v === undefined ? null : v)), (e) => done(JSON.stringify({__error: String(e)})))",
		"args":   []any{}}, &s)
	if err != nil {
		return fmt.Errorf("evaluating %s: %w", expr, err)
	}
	var e struct {
		Err *string `json:"__error"`
	}
	if json.Unmarshal([]byte(s), &e) == nil && e.Err != nil {
		return fmt.Errorf("evaluating %s: %s", expr, *e.Err)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal([]byte(s), out)
}

func (c *classic) keys(text string) error {
	return c.cmd(http.MethodPost, "/actions", map[string]any{"actions": []any{keyActions(text)}}, nil)
}

// keyActions is a key input source of the W3C actions that types text,
// one key down and up a character: both protocols take it.
func keyActions(text string) map[string]any {
	var actions []any
	for _, r := range text {
		actions = append(actions, map[string]any{"type": "keyDown", "value": string(r)}, map[string]any{"type": "keyUp", "value": string(r)})
	}
	return map[string]any{"type": "key", "id": "keyboard", "actions": actions}
}

func (c *classic) click(css string) error {
	var el map[string]string
	if err := c.cmd(http.MethodPost, "/element", map[string]any{"using": "css selector", "value": css}, &el); err != nil {
		return err
	}
	for _, id := range el {
		return c.cmd(http.MethodPost, "/element/"+id+"/click", map[string]any{}, nil)
	}
	return errors.New("no element " + css)
}

// consoleErrors returns what the probe saw since the last call: uncaught
// exceptions, unhandled rejections, failed loads of elements, console.error
// calls and CSP violations, on the pages left since and on this one. (In
// automation mode MiniBrowser writes no console messages anywhere: see
// consolePass for the engine's own messages.)
func (c *classic) consoleErrors() []string {
	c.collect()
	out := c.pending
	c.pending = nil
	return out
}

// collect takes the errors the probe has noted on the current page.
func (c *classic) collect() {
	var errs []string
	c.cmd(http.MethodPost, "/execute/sync", map[string]any{"script": `const p = window.__probe; if (!p) return [];
		const out = p.errors.slice(p.read || 0); p.read = p.errors.length; return out;`, "args": []any{}}, &errs)
	c.pending = append(c.pending, errs...)
}

func (c *classic) env() []string {
	return append(os.Environ(), "DISPLAY="+c.display, "WAYLAND_DISPLAY=", "GDK_BACKEND=x11",
		"WEBKIT_DISABLE_COMPOSITING_MODE=1", "LIBGL_ALWAYS_SOFTWARE=1", "NO_AT_BRIDGE=1")
}

// consolePass opens each URL in a MiniBrowser of its own, outside
// automation, with a fresh profile (its data and cache folders are new
// temporary ones; --private would drop the console setting) and console
// messages written to stdout, until the page has loaded; and returns the
// console errors: the engine's own (CSP, failed loads) as well as the
// page's. What happens after the load event is not seen here.
func (c *classic) consolePass(t *testing.T, urls ...string) []string {
	t.Helper()
	var out []string
	for _, u := range urls {
		home := t.TempDir()
		cmd := exec.Command(c.browser, "--enable-write-console-messages-to-stdout=true", "--exit-after-load", u)
		cmd.Env = append(c.env(), "HOME="+home, "XDG_DATA_HOME="+home, "XDG_CACHE_HOME="+home, "XDG_CONFIG_HOME="+home)
		r, w := io.Pipe()
		cmd.Stdout, cmd.Stderr = w, w
		proc, err := startProcess(cmd)
		if err != nil {
			t.Fatalf("starting MiniBrowser: %v", err)
		}
		log := newLineLog(r)
		select {
		case <-proc.done:
		case <-time.After(60 * time.Second):
			t.Errorf("MiniBrowser did not finish loading %s within 60 s", u)
			proc.stop()
		}
		w.Close()
		<-log.eof
		for _, l := range strings.Split(log.all(), "\n") {
			if webkitConsoleError.MatchString(l) {
				out = append(out, u+": "+l)
			}
		}
	}
	return out
}

// webkitConsoleError matches WebKit's console lines on stdout,
// "[url:line:column: ]CONSOLE <SOURCE> ERROR <message>".
var webkitConsoleError = regexp.MustCompile(`CONSOLE \S+ ERROR `)

func (c *classic) close() {
	if c.base != "" {
		wdCall(http.MethodDelete, c.base, nil, nil)
	}
	if c.driver != nil {
		c.driver.stop()
	}
	if c.xvfb != nil {
		c.xvfb.stop()
	}
}
