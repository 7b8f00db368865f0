package main

import "slices"

// writesTogether: the attribute and text writes of an update are made
// together, by one call to a script (goappWrites, in app.js), not one
// call through syscall/js each.
//
// A write was a call with two strings (setAttribute, its name and value)
// or a property set with one (a text's nodeValue). syscall/js passes each
// string to JavaScript by a call of its own, decoded there, and gives the
// value it made a finalizer, which calls JavaScript again to drop it: four
// to five crossings between the wasm and JavaScript for one attribute. A
// filter toggle at 1,000 articles rewrites the list's 50 entries in place
// (their links, titles, summaries, topics, dates and save buttons), and in
// a CPU profile of twelve toggles (Chromium, no throttling) the writes
// were 214 ms of 626.
//
// Now a write is queued (writeBatch, in writes.go: its kind and strings
// in one buffer, its node beside) and the queue is made by one call, with
// the buffer as one string and the nodes as they are (a js.Value passes
// by reference, with no crossing of its own). The queue is made before any
// other call go-app makes to JavaScript (value's Call, Get, Set, ...), so
// that every other call sees the page as if each write had been made at
// once, in the same order; and at the end of every update
// (UpdateComponentRoot, the engine's update of the body), so that the
// browser never gets its thread back with a write not made. A string
// holding a NUL, which ends a string in the buffer, is written at once,
// after the queue. Writes that set a DOM property (value, checked, ...)
// are made at once, as before. Native builds write at once: nothing there
// crosses to JavaScript.
//
// Its test (writes_test.go, run by TestMarkupInGoApp) checks the buffer;
// TestUpdateWritesTogether, in the browser, checks that a filter toggle's
// writes all go through goappWrites, and that the page after it is the
// one the server renders for its address.
var writesTogether = slices.Concat(jsEdit("app.js", []string{
	"// -----------------------------------------------------------------------------\n// Keep Clean Body\n",
	`// -----------------------------------------------------------------------------
// Writes (writes.go)
// -----------------------------------------------------------------------------
// goappWrites makes the attribute and text writes go-app queued: ops holds,
// for each node in turn, a write's kind ("a" set an attribute, "r" remove
// one, "t" set a text's value) and its strings, each ended by a NUL.
function goappWrites(ops, ...nodes) {
  const f = ops.split("\0");
  let i = 0;
  for (const node of nodes) {
    const kind = f[i].charAt(0), s = f[i].slice(1);
    i++;
    if (kind === "a") {
      node.setAttribute(s, f[i++]);
    } else if (kind === "r") {
      node.removeAttribute(s);
    } else {
      node.nodeValue = s;
    }
  }
}

// -----------------------------------------------------------------------------
// Keep Clean Body
`,
}), []edit{
	{file: "writes.go", new: []string{`package app

import "strings"

// writeBatch holds attribute and text writes not made yet, as goappWrites
// (app.js) makes them: one call for all of them, where each was a call
// through syscall/js with a crossing per string it passed.
type writeBatch struct {
	ops   []byte // each write's kind, then its strings, each ended by a NUL
	nodes []any  // each write's node
}

// The kinds of write.
const (
	writeSetAttribute    = 'a' // name, value
	writeRemoveAttribute = 'r' // name
	writeText            = 't' // a text node's value
)

// maxBatchedWrites is how many writes a batch holds before it is made:
// each node is an argument of one call.
const maxBatchedWrites = 1024

// add queues a write to node, and reports whether it could: a string
// holding a NUL, which ends a string in ops, cannot be queued.
func (b *writeBatch) add(node any, kind byte, name, value string) bool {
	if strings.IndexByte(name, 0) >= 0 || strings.IndexByte(value, 0) >= 0 {
		return false
	}
	b.ops = append(b.ops, kind)
	b.ops = append(b.ops, name...)
	b.ops = append(b.ops, 0)
	if kind == writeSetAttribute {
		b.ops = append(b.ops, value...)
		b.ops = append(b.ops, 0)
	}
	b.nodes = append(b.nodes, node)
	return true
}

// take returns the writes queued as goappWrites' arguments, and empties
// the batch, which keeps no node.
func (b *writeBatch) take() []any {
	args := make([]any, 0, len(b.nodes)+1)
	args = append(args, string(b.ops))
	args = append(args, b.nodes...)
	b.ops = b.ops[:0]
	clear(b.nodes)
	b.nodes = b.nodes[:0]
	return args
}

// writeNow makes a write at once.
func writeNow(node Value, kind byte, name, value string) {
	switch kind {
	case writeSetAttribute:
		node.Call("setAttribute", name, value)
	case writeRemoveAttribute:
		node.Call("removeAttribute", name)
	case writeText:
		node.Set("nodeValue", name)
	}
}
`}},
	{file: "writes_wasm.go", new: []string{`package app

import "syscall/js"

// pendingWrites are the writes of the update under way not made yet.
var pendingWrites writeBatch

// queueWrite queues a write to node (writeBatch.add), or makes it at once,
// after those queued, when it cannot be queued.
func queueWrite(node Value, kind byte, name, value string) {
	if !pendingWrites.add(syscalJSValueOf(node), kind, name, value) {
		flushWrites()
		writeNow(node, kind, name, value)
		return
	}
	if len(pendingWrites.nodes) >= maxBatchedWrites {
		flushWrites()
	}
}

// flushWrites makes the writes queued, in one call.
func flushWrites() {
	if len(pendingWrites.nodes) == 0 {
		return
	}
	js.Global().Call("goappWrites", pendingWrites.take()...)
}
`}},
	{file: "writes_nowasm.go", new: []string{`//go:build !wasm

package app

// queueWrite makes the write at once: outside the browser nothing crosses
// to JavaScript, and there is nothing to save.
func queueWrite(node Value, kind byte, name, value string) {
	writeNow(node, kind, name, value)
}

func flushWrites() {}
`}},
	{file: "writes_test.go", new: []string{`package app

import (
	"slices"
	"testing"
)

func TestWriteBatch(t *testing.T) {
	var b writeBatch
	for _, w := range []struct {
		node        any
		kind        byte
		name, value string
	}{
		{1, writeSetAttribute, "href", "/articles/ect?a=1&b=2"},
		{2, writeText, "Électroconvulsive “therapy”", ""},
		{3, writeRemoveAttribute, "aria-busy", ""},
		{4, writeSetAttribute, "aria-label", ""},
	} {
		if !b.add(w.node, w.kind, w.name, w.value) {
			t.Fatalf("add(%v, %c, %q, %q) refused", w.node, w.kind, w.name, w.value)
		}
	}
	if b.add(5, writeText, "a\x00b", "") || b.add(5, writeSetAttribute, "title", "\x00") {
		t.Error("a string holding a NUL was queued: it would end early")
	}
	args := b.take()
	want := []any{"ahref\x00/articles/ect?a=1&b=2\x00tÉlectroconvulsive “therapy”\x00raria-busy\x00aaria-label\x00\x00", 1, 2, 3, 4}
	if !slices.Equal(args, want) {
		t.Errorf("take() = %q, want %q", args, want)
	}
	if len(b.ops) != 0 || len(b.nodes) != 0 || slices.ContainsFunc(b.nodes[:cap(b.nodes)], func(n any) bool { return n != nil }) {
		t.Errorf("the batch keeps %d bytes and nodes %v after take", len(b.ops), b.nodes[:cap(b.nodes)])
	}
	if args := b.take(); !slices.Equal(args, []any{""}) {
		t.Errorf("take() of an empty batch = %q", args)
	}
}
`}},
	{file: "js_wasm.go",
		old: []string{
			"func (v value) Call(m string, args ...any) Value {\n",
			"func (v value) Delete(p string) {\n",
			"func (v value) Get(p string) Value {\n",
			"func (v value) Set(p string, x any) {\n",
			"func (v value) Index(i int) Value {\n",
			"func (v value) InstanceOf(t Value) bool {\n",
			"func (v value) Invoke(args ...any) Value {\n",
			"func (v value) New(args ...any) Value {\n",
			"func (v value) setNodeValue(val string) {\n\tv.Set(\"nodeValue\", val)\n}\n",
		},
		new: []string{
			"func (v value) Call(m string, args ...any) Value {\n\tflushWrites() // every call sees the page with the writes made\n",
			"func (v value) Delete(p string) {\n\tflushWrites()\n",
			"func (v value) Get(p string) Value {\n\tflushWrites()\n",
			"func (v value) Set(p string, x any) {\n\tflushWrites()\n",
			"func (v value) Index(i int) Value {\n\tflushWrites()\n",
			"func (v value) InstanceOf(t Value) bool {\n\tflushWrites()\n",
			"func (v value) Invoke(args ...any) Value {\n\tflushWrites()\n",
			"func (v value) New(args ...any) Value {\n\tflushWrites()\n",
			"func (v value) setNodeValue(val string) {\n\tqueueWrite(v, writeText, val, \"\")\n}\n",
		}},
	{file: "attribute.go",
		old: []string{
			"\tdefault:\n\t\tjsElement.Call(\"setAttribute\", name, value)\n",
			"func deleteJSAttribute(jsElement Value, name string) {\n\tjsElement.Call(\"removeAttribute\", name)\n",
		},
		new: []string{
			"\tdefault:\n\t\tqueueWrite(jsElement, writeSetAttribute, name, value)\n",
			"func deleteJSAttribute(jsElement Value, name string) {\n\tqueueWrite(jsElement, writeRemoveAttribute, name, \"\")\n",
		}},
	{file: "node.go",
		old: []string{"\t\tm.Dismount(root)\n\t}\n\n\treturn v, nil\n}\n\nfunc (m nodeManager) updateRawHTML"},
		new: []string{"\t\tm.Dismount(root)\n\t}\n\n\tflushWrites() // the update's writes made before the browser runs again\n\treturn v, nil\n}\n\nfunc (m nodeManager) updateRawHTML"}},
	{file: "engine.go",
		old: []string{"\tbody, err := e.nodes.Update(e.baseContext(), e.body, Body().privateBody(v))\n"},
		new: []string{"\tbody, err := e.nodes.Update(e.baseContext(), e.body, Body().privateBody(v))\n\tflushWrites() // the update's writes made before the browser runs again\n"}},
})
