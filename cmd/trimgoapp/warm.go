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
var compiledModule = jsEdit("app.js", []string{
	`    const wasm = await instantiateStreaming(
      fetchWithProgress("{{.Wasm}}", showProgress),
      go.importObject
    );
`,
	`    // A module compiled, and its start-up run, in a worker while the
    // reader read, if the page has one: its functions are compiled.
    const compiled = window.goappCompiledModule;
    const wasm = compiled instanceof WebAssembly.Module
      ? { instance: await WebAssembly.instantiate(compiled, go.importObject) }
      : await instantiateStreaming(
        fetchWithProgress("{{.Wasm}}", showProgress),
        go.importObject
      );
`,
})
