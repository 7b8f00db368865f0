// Command wasmlink is the linker that writes app.wasm: the Go toolchain's
// own cmd/link, built from the toolchain's source with one small edit,
// and a wrapper through which the go command runs it (go build -toolexec).
// The edit is applied each time it runs, never committed, and written so
// it could be proposed upstream:
//
//   - Data segments split only at long runs of zeroes (packedData). The
//     wasm linker splits the data section at every run of 8 or more zero
//     bytes, to save those bytes in the uncompressed binary. app.wasm came
//     out as 82,815 segments, each with a header whose offset differs from
//     every other's; compressed (as every host sends a wasm file) a run of
//     zeroes costs next to nothing and the headers do not. Split only at
//     runs of a kilobyte, app.wasm is 7.5% smaller with brotli -q 11
//     (1,245,805 -> 1,151,797 bytes) and 8% smaller with gzip -9, for
//     0.8 MB more uncompressed. Memory starts with the same bytes at every
//     address: the zeroes are written rather than left to the memory's
//     initial zeroes (TestSameMemory).
//
// It writes DIR/link (cmd/link, built with go build -overlay from the edited
// file) and DIR/toolexec (this program). The Makefile runs it and then
// builds app.wasm through it:
//
//	go run ./cmd/wasmlink -out .cache/wasmlink
//	GOOS=js GOARCH=wasm go build -toolexec "$PWD/.cache/wasmlink/toolexec" ...
//
// Run by the go command as DIR/toolexec TOOL ARGS..., it runs TOOL, but
// for the linker, which it swaps for DIR/link. The linker's version (what
// the go command keys its build cache by) gets the edit's hash, so nothing
// the stock linker wrote is taken for this one's output, and back. The
// edit is exact: if the toolchain's file is not what it expects (another
// Go version), it fails and says so rather than build something else.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// editedFile is the linker's file that packedData changes, from GOROOT/src.
const editedFile = "cmd/link/internal/wasm/asm.go"

// packedData: the old texts of editedFile, each to occur exactly once, and
// what replaces them.
var packedData = []struct{ old, new string }{
	{
		old: `	// Omit blocks of zeroes and instead emit data segments with offsets skipping the zeroes.
	// This reduces the size of the WebAssembly binary. We use 8 bytes as an estimate for the
	// overhead of adding a new segment (same as wasm-opt's memory-packing optimization uses).
	const segmentOverhead = 8
`,
		new: `	// Omit long blocks of zeroes and instead emit data segments with offsets skipping the
	// zeroes. A WebAssembly binary is nearly always sent compressed, and compressed a run of
	// zeroes costs next to nothing while a segment's header does not: its offset differs
	// from every other segment's. Splitting at every run of 8 zeroes (a segment's overhead
	// uncompressed, as wasm-opt's memory-packing optimization counts it) gave one program
	// 82,815 segments and made it 7.5% larger with brotli -q 11, 8% with gzip -9, than
	// splitting only at runs of a kilobyte or more.
	const minSkippedZeroes = 1024
`,
	},
	{
		old: "if zeroEnd-segmentEnd >= segmentOverhead || zeroEnd == dataLen {",
		new: "if zeroEnd-segmentEnd >= minSkippedZeroes || zeroEnd == dataLen {",
	},
}

func main() {
	if len(os.Args) > 1 && filepath.IsAbs(os.Args[1]) {
		os.Exit(toolexec(os.Args[1], os.Args[2:]))
	}
	out := flag.String("out", ".cache/wasmlink", "where to write the linker and the wrapper")
	flag.Parse()
	if err := build(*out); err != nil {
		fmt.Fprintln(os.Stderr, "wasmlink:", err)
		os.Exit(1)
	}
}

// build writes DIR/link and DIR/toolexec.
func build(dir string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	original := filepath.Join(goroot, "src", filepath.FromSlash(editedFile))
	src, err := os.ReadFile(original)
	if err != nil {
		return fmt.Errorf("reading the linker's source: %w", err)
	}
	edited, err := edit(src)
	if err != nil {
		return fmt.Errorf("%s: %w", original, err)
	}
	editedPath := filepath.Join(dir, "asm.go")
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {original: editedPath}})
	if err != nil {
		return err
	}
	overlayPath := filepath.Join(dir, "overlay.json")
	for path, b := range map[string][]byte{editedPath: edited, overlayPath: overlay, filepath.Join(dir, "edit"): []byte(editID(edited))} {
		if err := writeFile(path, b); err != nil {
			return err
		}
	}
	// The linker runs on this machine, whatever GOOS the wasm build sets.
	cmd := exec.Command("go", "build", "-overlay", overlayPath, "-o", filepath.Join(dir, "link"), "cmd/link")
	cmd.Env = append(os.Environ(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH, "GOFLAGS=")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the linker: %v\n%s", err, b)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	b, err := os.ReadFile(self)
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "toolexec"), b)
}

// edit applies packedData to the linker's asm.go.
func edit(src []byte) ([]byte, error) {
	for _, e := range packedData {
		if n := bytes.Count(src, []byte(e.old)); n != 1 {
			return nil, fmt.Errorf("expected %q once, found it %d times: another Go version? (cmd/wasmlink)", firstLine(e.old), n)
		}
		src = bytes.Replace(src, []byte(e.old), []byte(e.new), 1)
	}
	return src, nil
}

// editID names the edited file in the linker's version line.
func editID(edited []byte) string {
	sum := sha256.Sum256(edited)
	return "nextsteps-wasmlink-" + hex.EncodeToString(sum[:8])
}

// toolexec runs tool with args, the edited linker in place of the
// toolchain's, and returns its exit code.
func toolexec(tool string, args []string) int {
	name := strings.TrimSuffix(filepath.Base(tool), ".exe")
	if name != "link" {
		return run(exec.Command(tool, args...), os.Stdout)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmlink:", err)
		return 1
	}
	dir := filepath.Dir(self)
	cmd := exec.Command(filepath.Join(dir, "link"), args...)
	if len(args) != 1 || args[0] != "-V=full" {
		return run(cmd, os.Stdout)
	}
	// "link version go1.26.8 ...": the go command keys its cache by this
	// line, which for a release is the toolchain's version alone; the
	// edit's hash makes it this linker's.
	id, err := os.ReadFile(filepath.Join(dir, "edit"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmlink:", err)
		return 1
	}
	var line bytes.Buffer
	if code := run(cmd, &line); code != 0 {
		return code
	}
	fmt.Printf("%s %s\n", strings.TrimSpace(line.String()), id)
	return 0
}

// run runs cmd with this process's input and error output, and returns
// its exit code.
func run(cmd *exec.Cmd, stdout io.Writer) int {
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmlink:", err)
		return 1
	}
	return 0
}

// goEnv is the value of one go env variable.
func goEnv(name string) (string, error) {
	b, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// writeFile replaces path with b when they differ, through a temporary
// file, so a build never reads half a file; an unchanged file keeps its
// time, and the build cache its entry.
func writeFile(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".wasmlink-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
