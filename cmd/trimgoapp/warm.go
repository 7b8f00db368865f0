package main

// compiledModule: app.js instantiates a WebAssembly.Module the page has
// compiled already (window.goappCompiledModule), rather than compiling
// app.wasm again.
//
// Browsers compile each of a module's functions the first time it is
// called, on the thread that calls it, and keep the code in the module,
// which a dedicated worker can hand to the page (postMessage). So a page
// that ran the app's start in a worker while the reader was reading
// (nextsteps's boot.js and warm.js) has a module whose start-up functions
// are compiled; instantiated from it, the app's start on the page's thread
// compiles none of them; nor does it read app.wasm again. Chromium would
// find the worker's compiled code for a freshly compiled app.wasm too (it
// shares a module's code within a process), but Firefox and WebKit keep
// no such cache: instantiating the module itself is what works in all
// three. A page that sets no module loads app.wasm as before.
//
// The page may also have made the instance already, in idle time while
// the reader read (window.goappInstance, a promise of { go, instance }:
// a Go of wasm_exec.js and the instance made with its imports). Then the
// app runs that instance: the instantiation, one task of some 60 ms at
// 4x CPU slowdown, is not in the reader's first swipe or tap. An
// instance that failed to be made is left for a fresh one.
var compiledModule = jsEdit("app.js", []string{
	`    const go = new Go();
    const wasm = await instantiateStreaming(
      fetchWithProgress("{{.Wasm}}", showProgress),
      go.importObject
    );
`,
	`    // An instance the page made already, if any; else a module
    // compiled, and its start-up run, in a worker while the reader read,
    // if the page has one: its functions are compiled.
    const made = await Promise.resolve(window.goappInstance).catch(() => undefined);
    const go = made ? made.go : new Go();
    const compiled = window.goappCompiledModule;
    const wasm = made
      ? { instance: made.instance }
      : compiled instanceof WebAssembly.Module
      ? { instance: await WebAssembly.instantiate(compiled, go.importObject) }
      : await instantiateStreaming(
        fetchWithProgress("{{.Wasm}}", showProgress),
        go.importObject
      );
`,
})
