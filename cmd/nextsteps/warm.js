// The app's start, run once in a dedicated worker while the reader reads
// (boot.js, part 11), so that the browser compiles the functions the start
// calls off the page's thread. The page sends what to load (nothing is
// spelled here): go-app's wasm_exec.js, the stored app.wasm, the page's
// address and go-app's environment, and the catalog and texts list it read
// (boot.js, part 6). The Go program sees the environment variable it is
// told and runs the start up to the mount (cmd/nextsteps/main_wasm.go,
// warmUp); the compiled module then goes back to the page, whose app
// instantiates it. The program goes on to what the reader's first moves
// call: a search, the reader's data written and read back, and last
// go-app's mount of the page, on a stand-in for it (standInFor), and its
// way to where the reader's first taps lead (visit), after which the page
// ends this worker. Only stored copies are read: a warm-up never
// downloads anything.
onmessage = async (e) => {
  const { root, exec, wasm, env, ready, standIn, drawn, page, visits, global, files, goappEnv } = e.data;
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
    // Last, the Go program mounts the page on a stand-in (standInFor),
    // and goes where the reader's first taps lead (visit). The engine
    // then runs on until the page ends this worker.
    self[standIn] = () => standInFor(page, goappEnv) && visit(page, visits || [], drawn);
    const go = new Go();
    go.env = { [env]: page };
    await go.run(await WebAssembly.instantiate(module, go.importObject));
    post();
    postMessage({ done: true });
  } catch (err) {
    postMessage({ error: String(err) });
  }
};

// visit has the worker's go-app go to each of addresses in turn, as the
// page's app does when the reader taps a chip (a navigation: the page's
// list drawn again, its elements added and removed), and then tells the
// page the warm-up is done. The app says when it has drawn an address
// (self[drawn], ui.WarmDrawnGlobal: at the end of the frame that drew
// it), the page's own first; only then does it go on to the next. A
// timer would not do: go-app's engine draws a frame up to a frame's time
// after a navigation, and on a loaded machine a warm-up ended by one
// (e79117a, reverted) could end before the list was drawn. Should the
// app not say so within stepWait (the mount, on a slow phone, included),
// the warm-up ends there. Here the whole warm-up took about 1.5 s.
const stepWait = 10000;
function visit(page, addresses, drawn) {
  let wanted = new URL(page).href;
  let timer = 0;
  const end = () => {
    clearTimeout(timer);
    delete self[drawn];
    postMessage({ done: true });
  };
  const next = () => {
    const [address, ...rest] = addresses;
    addresses = rest;
    if (address === undefined || typeof self.goappNav !== "function") {
      end();
      return;
    }
    wanted = new URL(address, self.location.href).href;
    self.goappNav(address);
  };
  self[drawn] = (address) => {
    if (new URL(address, self.location.href).href !== wanted) return;
    clearTimeout(timer);
    timer = setTimeout(end, stepWait);
    // Called from the Go program: goappNav waits for go-app's engine,
    // which waits for this call to return, so it goes in a task of its own.
    setTimeout(next, 0);
  };
  timer = setTimeout(end, stepWait);
  return true;
}

// standInFor makes this worker look enough like the page at address page
// for go-app to mount it (cmd/nextsteps/main_wasm.go, warmUp), and reports
// whether it did. Its history moves its address, as the page's does, so
// that a page the app goes to reads its own address.
// The browser compiles each function of app.wasm the first time it is
// called, whatever the objects it is given: mounted on a stand-in, the
// page's start finds its mounting compiled. Nothing is drawn and nothing
// is kept. The stand-in:
//   - the page's address (location) and go-app's environment, which the
//     page sends: the same route is mounted, on a site hosted under a path
//     too;
//   - go-app's scripts (its app.js, cmd/trimgoapp): its adoption of the
//     pre-rendered page finds, for each tree of markup it describes, a
//     node for every element, text and hole in it, in document order (the
//     markup's own tokens); raw HTML and writes do nothing;
//   - the reader's data in memory, empty: a new reader's page;
//   - for the document and every node, and the observers, one
//     placeholder: any property of it is itself, and so is what calling
//     it returns. The values the app reads as numbers, booleans or
//     strings are what an empty page at the top has (a sum of nodes, none
//     checked, nothing found).
// Where the app reads something the stand-in does not give as it
// expects, the Go program panics and ends: the warm-up has then compiled
// less, and the page's start compiles the rest, as before.
function standInFor(page, goappEnv) {
  const numbers = {
    nodeType: 1, length: 0, scrollX: 0, scrollY: 0, scrollTop: 0, scrollLeft: 0, offsetTop: 0, offsetHeight: 0,
    scrollHeight: 844, clientHeight: 844, clientWidth: 390, innerHeight: 844, innerWidth: 390,
  };
  const booleans = {
    onLine: true, matches: false, checked: false, defaultPrevented: false, isConnected: true,
    metaKey: false, ctrlKey: false, altKey: false, shiftKey: false,
  };
  const none = () => null;
  const no = () => false;
  const lookups = { getAttribute: none, querySelector: none, getElementById: none, closest: none, getItem: none };
  const lists = { querySelectorAll: () => [], getElementsByTagName: () => [], getElementsByClassName: () => [] };
  let node;
  node = new Proxy(function () {}, {
    get(_, k) {
      if (typeof k === "symbol" || k === "then") return undefined; // not a promise
      if (k in numbers) return numbers[k];
      if (k in booleans) return booleans[k];
      if (k in lookups) return lookups[k];
      if (k in lists) return lists[k];
      if (k === "visibilityState") return "visible";
      if (/^(has|is)[A-Z]/.test(k) || k === "contains") return no;
      return node;
    },
    apply: () => node,
    construct: () => node,
    set: () => true,
    has: () => true,
    deleteProperty: () => true,
  });
  const memory = new Map();
  const storage = {
    getItem: (k) => (memory.has(k) ? memory.get(k) : null),
    setItem: (k, v) => void memory.set(k, String(v)),
    removeItem: (k) => void memory.delete(k),
    key: () => null,
    clear: () => memory.clear(),
    get length() {
      return memory.size;
    },
  };
  const moveTo = (_, __, address) => {
    Object.defineProperty(self, "location", { value: new URL(address, self.location.href), configurable: true });
  };
  try {
    moveTo(null, "", page);
  } catch (err) {
    return false; // the address cannot be the page's: mount nothing
  }
  Object.assign(self, {
    document: node,
    history: { pushState: moveTo, replaceState: moveTo, back: () => {}, forward: () => {}, go: () => {}, state: null, length: 1 },
    localStorage: storage,
    sessionStorage: storage,
    IntersectionObserver: node,
    ResizeObserver: node,
    MutationObserver: node,
    matchMedia: () => node,
    scrollTo: () => {},
    scrollBy: () => {},
    innerWidth: numbers.innerWidth,
    innerHeight: numbers.innerHeight,
    scrollX: 0,
    scrollY: 0,
    pageYOffset: 0,
    devicePixelRatio: 1,
    goappGetenv: (k) => goappEnv[k],
    goappAdopt: (_, markup, startTagOnly) => startTagOnly
      ? [node]
      : new Array((markup.match(/<!---->|<[a-zA-Z][^>]*>|[^<]+/g) || []).length).fill(node),
    goappAdoptRaw: no,
    goappWrites: () => {},
    goappIsAppInstalled: no,
    goappIsAppInstallable: no,
    goappIsAppleBrowser: no,
    goappKeepBodyClean: () => () => {},
  });
  if (!self.requestAnimationFrame) self.requestAnimationFrame = (f) => setTimeout(() => f(performance.now()), 16);
  return true;
}
