package main

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTrimmedBuild: the wasm built against the copy links no net/http, and
// both the wasm and the native program still build with it.
func TestTrimmedBuild(t *testing.T) {
	out := t.TempDir()
	if err := run("../..", out); err != nil {
		t.Fatal(err)
	}
	goCmd := func(wasm bool, args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir = "../.."
		cmd.Env = os.Environ()
		if wasm {
			cmd.Env = append(cmd.Env, "GOOS=js", "GOARCH=wasm")
		}
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, b)
		}
		return string(b)
	}
	mod := "-modfile=" + filepath.Join(out, "nextsteps.mod")
	// The tag make wasm builds with (WASMFLAGS): see crypto.go.
	deps := goCmd(true, "list", mod, "-tags", "goapp_nocrypto", "-deps", "./cmd/nextsteps")
	if !strings.Contains(deps, "github.com/maxence-charriere/go-app/v10/pkg/app\n") {
		t.Fatal("the wasm does not use go-app at all")
	}
	for _, p := range []string{"net/http", "crypto/tls"} {
		if strings.Contains(deps, "\n"+p+"\n") {
			t.Errorf("the wasm still links %s", p)
		}
	}
	// No crypto package at all (noCryptoInBrowser): their init functions
	// link them whether or not they are called.
	for _, p := range strings.Fields(deps) {
		if p == "crypto" || strings.HasPrefix(p, "crypto/") || p == "github.com/google/uuid" {
			t.Errorf("the wasm links %s", p)
		}
	}
	// -trimpath, as make wasm builds: the copy's folder then does not enter
	// the build cache's keys, and an unchanged build is quick.
	// -dumpdep lists what the linker keeps: no regular expression engine
	// (routeFuncs), which go-app's router linked into every app.
	linked := goCmd(true, "build", "-trimpath", "-tags", "goapp_nocrypto", mod, "-ldflags=-dumpdep", "-o", filepath.Join(out, "app.wasm"), "./cmd/nextsteps")
	if !strings.Contains(linked, "-> github.com/maxence-charriere/go-app/v10/pkg/app.(*router).createComponent\n") {
		t.Error("-dumpdep did not list what the wasm links")
	}
	// The packages' init tasks stay (the router still imports regexp for
	// RouteWithRegexp) and cost nothing; the engine and the tables go.
	for _, edge := range strings.Split(linked, "\n") {
		if strings.Contains(edge, "-> regexp.(*Regexp).") || strings.Contains(edge, "-> regexp.compile") ||
			strings.Contains(edge, "-> regexp/syntax.Parse") || strings.HasSuffix(edge, "-> unicode.Scripts") {
			t.Errorf("the wasm links the regexp package: %s", edge)
		}
	}
	goCmd(false, "build", "-trimpath", mod, "-o", filepath.Join(out, "nextsteps"), "./cmd/nextsteps")
}

// TestEditsRefuseAnotherGoApp: files that are not what the edits expect
// (another go-app version) stop the build with the file named.
func TestEditsRefuseAnotherGoApp(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		e     edit
		want  string
	}{
		{"text gone", map[string]string{"http.go": "// package app moved\n"}, edits[0], "http.go: expected text found 0 times"},
		{"text twice", map[string]string{"http.go": "package app\npackage app\n"}, edits[0], "found 2 times"},
		{"new file exists", map[string]string{"resource_files.go": "package app\n"}, edits[3], "go-app now has this file"},
		{"file gone", map[string]string{}, edits[1], "resource.go"},
	}
	for _, tc := range cases {
		dir := t.TempDir()
		for name, body := range tc.files {
			os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
		}
		_, err := apply(dir, tc.e)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	// And the real files take every edit.
	if err := run("../..", t.TempDir()); err != nil {
		t.Errorf("on the go-app this module uses: %v", err)
	}
}

// TestCopyNamedFromTheRoot: the go-app copy, inside the module's root as
// make puts it, is named by a path relative to that root. Go writes the
// replacement's path into every binary's build information: an absolute
// one made app.wasm differ between two checkouts of the same commit, and a
// reader would download it again for a deploy built in another folder.
func TestCopyNamedFromTheRoot(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join("../..", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(root, name), b, 0o644)
	}
	out := filepath.Join(root, ".cache", "goapp")
	if err := run(root, out); err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(out, "nextsteps.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "replace " + module + " => ./.cache/goapp/go-app\n"; !strings.Contains(string(mod), want) {
		t.Fatalf("nextsteps.mod does not name the copy from the root (want %q):\n%s", want, mod)
	}
	// And go finds the copy there.
	cmd := exec.Command("go", "list", "-modfile="+filepath.Join(out, "nextsteps.mod"), "-m", "-f", "{{.Replace.Dir}}", module)
	cmd.Dir = root
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if dir := strings.TrimSpace(string(got)); dir != filepath.Join(out, "go-app") {
		t.Fatalf("go resolves the copy to %q, want %q", dir, filepath.Join(out, "go-app"))
	}
}

// TestScriptEditsMatchTheirSource: app.js is edited twice, in gen/app.js and
// in the string go generate makes of it (scripts.go); the two stay equal,
// as if go generate had run on the edited source, and carry the edit.
func TestScriptEditsMatchTheirSource(t *testing.T) {
	out := t.TempDir()
	if err := run("../..", out); err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(out, "go-app", "pkg", "app")
	src, err := os.ReadFile(filepath.Join(app, "gen", "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(app, "scripts.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var generated string
	ast.Inspect(f, func(n ast.Node) bool {
		if v, ok := n.(*ast.ValueSpec); ok && len(v.Names) == 1 && v.Names[0].Name == "appJS" {
			generated, err = strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
		}
		return true
	})
	if err != nil || generated == "" {
		t.Fatalf("no appJS string in scripts.go (%v)", err)
	}
	if generated != string(src) {
		t.Error("scripts.go's appJS differs from gen/app.js after the edits")
	}
	for _, want := range []string{"await goappStoredResponse(url)", "if (leaving) {\n      return;"} {
		if !strings.Contains(generated, want) {
			t.Errorf("app.js lacks %q", want)
		}
	}
}

// TestQuoted: an edit's text as it appears in a Go string written with %q.
func TestQuoted(t *testing.T) {
	for in, want := range map[string]string{
		"a\n":         `a\n`,
		`x = "y";`:    `x = \"y\";`,
		"tab\there\\": `tab\there\\`,
	} {
		if got := quoted(in); got != want {
			t.Errorf("quoted(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestEditedGoFilesAreFormatted: every Go file the edits touch is still
// gofmt's output, as a change proposed upstream would have to be.
func TestEditedGoFilesAreFormatted(t *testing.T) {
	out := t.TempDir()
	if err := run("../..", out); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range edits {
		if !strings.HasSuffix(e.file, ".go") || seen[e.file] {
			continue
		}
		seen[e.file] = true
		body, err := os.ReadFile(filepath.Join(out, "go-app", "pkg", "app", e.file))
		if err != nil {
			t.Fatal(err)
		}
		formatted, err := format.Source(body)
		if err != nil {
			t.Errorf("%s: %v", e.file, err)
		} else if !bytes.Equal(formatted, body) {
			t.Errorf("%s is not gofmt-formatted after the edits", e.file)
		}
	}
	if !seen["node.go"] || !seen["attribute.go"] {
		t.Error("the encoder's edits (node.go, attribute.go) are missing")
	}
}

// TestMarkupInGoApp runs the tests that the edits add to go-app's copy
// (mountFromMarkup's mount_markup_test.go, hydrate's hydrate_test.go,
// routeFuncs' route_func_test.go, framesAfterEvents' engine_frame_test.go,
// keptChildren's node_children_test.go, formatWithoutFmt's
// strings_format_test.go) in that copy.
func TestMarkupInGoApp(t *testing.T) {
	out := t.TempDir()
	if err := run("../..", out); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-modfile="+filepath.Join(out, "nextsteps.mod"), "-count=1", "-run", "^(TestMarkup|TestRouteFunc|TestEngineFrameAfterEvent|TestUpdateKeepsChildren|TestEngineInternalURLsOnce|TestFormatStringAsFmt|TestWriteBatch|TestUUIDV4AsGoogleUUID|TestEnvCacheReadsOnce|TestHandlerOwnIconsOnly|TestHandlerAppleTouchIcon)", "-v", module+"/pkg/app")
	cmd.Dir = "../.."
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test: %v\n%s", err, b)
	}
	for _, test := range []string{"TestMarkupWriter", "TestMarkupHydrating", "TestRouteFunc", "TestEngineFrameAfterEvent", "TestUpdateKeepsChildren", "TestFormatStringAsFmt", "TestWriteBatch", "TestUUIDV4AsGoogleUUID", "TestEnvCacheReadsOnce", "TestHandlerOwnIconsOnly", "TestHandlerAppleTouchIcon"} {
		if !strings.Contains(string(b), "--- PASS: "+test) {
			t.Errorf("go-app's copy ran no %s:\n%s", test, b)
		}
	}
}
