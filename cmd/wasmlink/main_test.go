package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestMain runs the test binary as the wrapper when the go command calls
// it so: build copies the running program, here the test binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && filepath.IsAbs(os.Args[1]) {
		os.Exit(toolexec(os.Args[1], os.Args[2:]))
	}
	code := m.Run()
	if linker.dir != "" {
		os.RemoveAll(linker.dir)
	}
	os.Exit(code)
}

// linker is the directory of the linker and wrapper that build writes,
// once for every test that asks (linkerDir); TestMain removes it.
var linker struct {
	once sync.Once
	dir  string
	err  error
}

// linkerDir is linker's directory, built at the first call, or the test
// fails.
func linkerDir(t *testing.T) string {
	linker.once.Do(func() {
		if linker.dir, linker.err = os.MkdirTemp("", "wasmlink-test-"); linker.err == nil {
			linker.err = build(linker.dir)
		}
	})
	if linker.err != nil {
		t.Fatal(linker.err)
	}
	return linker.dir
}

// TestSameMemory builds one program with the toolchain's linker and with
// this one: every section but the data is the same, the memory the data
// section writes holds the same bytes at every address, and this linker's
// has a handful of segments where the other's has thousands, and is
// smaller compressed.
func TestSameMemory(t *testing.T) {
	dir := linkerDir(t)
	wasm := func(toolexec ...string) []byte {
		out := filepath.Join(t.TempDir(), "program.wasm")
		args := append([]string{"build", "-trimpath", "-ldflags=-s -w", "-o", out}, toolexec...)
		cmd := exec.Command("go", append(args, "./testdata/program")...)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", cmd.Args, err, b)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	stock, packed := wasm(), wasm("-toolexec", filepath.Join(dir, "toolexec"))

	stockSecs, err := sections(stock)
	if err != nil {
		t.Fatal("the stock linker's wasm:", err)
	}
	packedSecs, err := sections(packed)
	if err != nil {
		t.Fatal("this linker's wasm:", err)
	}
	if len(stockSecs) != len(packedSecs) {
		t.Fatalf("%d sections, the stock linker's %d", len(packedSecs), len(stockSecs))
	}
	for i, s := range stockSecs {
		p := packedSecs[i]
		if s.id != p.id {
			t.Fatalf("section %d is %d, the stock linker's %d", i, p.id, s.id)
		}
		// The data differ by design; a custom section holds the build ID.
		if s.id != 0 && s.id != dataSection && !bytes.Equal(s.body, p.body) {
			t.Errorf("section %d (id %d) differs from the stock linker's", i, s.id)
		}
	}
	stockMem, stockSegs, err := memory(stockSecs)
	if err != nil {
		t.Fatal("the stock linker's data:", err)
	}
	packedMem, packedSegs, err := memory(packedSecs)
	if err != nil {
		t.Fatal("this linker's data:", err)
	}
	if !bytes.Equal(bytes.TrimRight(stockMem, "\x00"), bytes.TrimRight(packedMem, "\x00")) {
		t.Error("the memory this linker's data section writes is not the stock linker's")
	}
	if packedSegs > 20 || stockSegs < 10*packedSegs {
		t.Errorf("%d data segments, the stock linker's %d: want a handful, where it has thousands", packedSegs, stockSegs)
	}
	if gz(t, packed) >= gz(t, stock) {
		t.Errorf("gzip -9: %d bytes, the stock linker's %d: want fewer", gz(t, packed), gz(t, stock))
	}
	t.Logf("%d -> %d data segments; gzip -9 %d -> %d bytes", stockSegs, packedSegs, gz(t, stock), gz(t, packed))
}

// TestVersionIsThisLinkers: the go command keys its cache by the
// linker's version line, so this linker's names the edit.
func TestVersionIsThisLinkers(t *testing.T) {
	dir := linkerDir(t)
	tools, err := goEnv("GOTOOLDIR")
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(tools, "link")
	stock, err := exec.Command(link, "-V=full").Output()
	if err != nil {
		t.Fatal(err)
	}
	ours, err := exec.Command(filepath.Join(dir, "toolexec"), link, "-V=full").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(ours), strings.TrimSpace(string(stock))+" nextsteps-wasmlink-") {
		t.Errorf("the version line is %q, want the stock linker's (%q) and the edit's name", ours, stock)
	}
}

// TestEditRefusesOtherSource: another toolchain's file is not edited.
func TestEditRefusesOtherSource(t *testing.T) {
	if _, err := edit([]byte("package wasm\n")); err == nil || !strings.Contains(err.Error(), "another Go version") {
		t.Errorf("got %v, want an error naming another Go version", err)
	}
}

const dataSection = 11

type section struct {
	id   byte
	body []byte
}

// sections splits a wasm binary into its sections.
func sections(b []byte) ([]section, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm binary")
	}
	var out []section
	for b = b[8:]; len(b) > 0; {
		id := b[0]
		size, n := binary.Uvarint(b[1:])
		if n <= 0 || uint64(len(b)-1-n) < size {
			return nil, fmt.Errorf("section %d: bad size", len(out))
		}
		out = append(out, section{id, b[1+n : 1+n+int(size)]})
		b = b[1+n+int(size):]
	}
	return out, nil
}

// memory is what the data section's active segments write into a zeroed
// memory, and how many segments there are.
func memory(secs []section) ([]byte, int, error) {
	for _, s := range secs {
		if s.id != dataSection {
			continue
		}
		b := s.body
		count, n := binary.Uvarint(b)
		b = b[n:]
		var mem []byte
		for i := range count {
			// memory 0, i32.const offset, end, then the bytes
			if len(b) < 2 || b[0] != 0 || b[1] != 0x41 {
				return nil, 0, fmt.Errorf("segment %d: not an active segment of memory 0", i)
			}
			offset, n := sleb(b[2:])
			b = b[2+n:]
			if len(b) == 0 || b[0] != 0x0b {
				return nil, 0, fmt.Errorf("segment %d: no end after its offset", i)
			}
			size, n := binary.Uvarint(b[1:])
			b = b[1+n:]
			if offset < 0 || uint64(len(b)) < size {
				return nil, 0, fmt.Errorf("segment %d: bad offset or size", i)
			}
			if end := int(offset) + int(size); end > len(mem) {
				mem = append(mem, make([]byte, end-len(mem))...)
			}
			copy(mem[offset:], b[:size])
			b = b[size:]
		}
		return mem, int(count), nil
	}
	return nil, 0, errors.New("no data section")
}

// sleb reads a signed LEB128 number, as i32.const holds it.
func sleb(b []byte) (int64, int) {
	var v int64
	var shift uint
	for i, c := range b {
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, i + 1
		}
	}
	return 0, len(b)
}

func gz(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}
