// The app's start, run once in a dedicated worker while the reader reads
// (boot.js, part 11), so that the browser compiles the functions the start
// calls off the page's thread. The page sends what to load (nothing is
// spelled here): go-app's wasm_exec.js, the stored app.wasm, the page's
// address, and the catalog and texts list it read (boot.js, part 6). The
// Go program sees the environment variable it is told, runs its start up
// to the mount and ends (cmd/nextsteps/main_wasm.go, warmUp). The
// compiled module then goes back to the page, whose app instantiates it.
// Only stored copies are read: a warm-up never downloads anything.
onmessage = async (e) => {
  const { root, exec, wasm, env, ready, page, global, files } = e.data;
  try {
    importScripts(new URL(exec.slice(1), root).href);
    const stored = self.caches ? await caches.match(new URL(wasm.slice(1), root).href) : undefined;
    if (!stored) throw new Error("app.wasm is not stored yet");
    const module = await WebAssembly.compileStreaming(stored);
    // An article's own file, when the page the start prepares is an
    // article (boot.js's readData reads the same, for the page).
    const read = async (path) => {
      const hit = await caches.match(new URL(path.slice(1), root).href);
      if (!hit) throw new Error(`${path} is not stored`);
      return new Uint8Array(await hit.arrayBuffer());
    };
    self[global] = { files, read };
    // The module goes to the page once the start has run (the Go program
    // calls ready), or when the program ends, whichever comes first: the
    // program goes on to a first search, whose functions, compiled here,
    // the page's app shares (V8 keeps one copy of a module's code).
    let posted = false;
    const post = () => {
      if (!posted) postMessage({ module });
      posted = true;
    };
    self[ready] = post;
    const go = new Go();
    go.env = { [env]: page };
    await go.run(await WebAssembly.instantiate(module, go.importObject));
    post();
    postMessage({ done: true });
  } catch (err) {
    postMessage({ error: String(err) });
  }
};
