// Runs before app.js and app.wasm: a blocking script in <head>, so what it
// does is in place before the first paint. Served as /web/boot.js.
(function () {
  // The names and numbers this script shares with the Go code (storage
  // keys, addresses, element ids, the list's query keys, data-pending
  // values, reading thresholds), filled in by the build from
  // app.BootConstants (cmd/nextsteps/boot.go). None is spelled out here:
  // a test fails if one is.
  const NS = {{.Constants}};

  // pagePath is the path of the page this address shows, as pagePath in
  // app/routes.go reads it. A site built for a path (build -base
  // /next-steps) has every page under it. This script is always at
  // <root>web/boot.js, so its folder's parent is the site's root: "/", or
  // "/next-steps/".
  const siteRoot = new URL("..", document.currentScript.src).pathname;
  const pagePath = () => {
    const p = location.pathname;
    if (p.startsWith(siteRoot)) return p.slice(siteRoot.length - 1);
    return p === siteRoot.slice(0, -1) ? NS.paths.home : p;
  };

  // 1. Storage the browser refuses.
  //
  // When a browser refuses storage (site data blocked, some private modes),
  // merely reading window.localStorage throws. go-app reads it while starting
  // (it tidies its persisted states), and in Go's wasm an exception thrown by
  // a property getter is not recoverable: the app would freeze before showing
  // anything. So if storage is refused, put an in-memory stand-in in its place
  // and say so: the app then keeps working and tells the reader that saving
  // is off (see app/storage.go). sessionStorage is left as it is: neither
  // go-app nor the app reads it (TestSessionStorageRefused), and its first
  // use in a page waits for the browser to hand over its contents: probed
  // here, it held the page's parsing up by 5-14 ms at 4x CPU slowdown.
  try {
    window.localStorage.getItem("nextsteps-probe");
  } catch (err) {
    const data = new Map();
    const memory = {
      getItem: (k) => (data.has(String(k)) ? data.get(String(k)) : null),
      setItem: (k, v) => { data.set(String(k), String(v)); },
      removeItem: (k) => { data.delete(String(k)); },
      clear: () => { data.clear(); },
      key: (i) => { const keys = [...data.keys()]; return i < keys.length ? keys[i] : null; },
      get length() { return data.size; },
    };
    try {
      Object.defineProperty(window, "localStorage", { value: memory, configurable: true });
    } catch (ignored) {
      // Nothing more can be done; the app will report storage as refused.
    }
    window[NS.storageRefused] = true;
  }

  // 2. The reader's text size and theme, applied before anything is drawn,
  // so a page never flashes in the wrong colours or size. The app writes the
  // same attributes when the reader changes them (app/settings.go).
  const root = document.documentElement;
  let settings = {};
  try {
    settings = JSON.parse(localStorage.getItem(NS.storage.settings) || "{}") || {};
  } catch (err) {
    settings = {}; // unreadable: defaults, and the app says so
  }
  if (Number.isInteger(settings.textSize) && settings.textSize >= NS.textSize.min && settings.textSize <= NS.textSize.max) {
    root.dataset.text = String(settings.textSize);
  }
  if (NS.themes.includes(settings.theme)) {
    root.dataset.theme = settings.theme;
  }

  // 3. Room for "Continue reading" on the home page, reserved before the
  // first paint so the list does not move when the app fills it in.
  // An article counts as started between these fractions read, as in
  // app/progress.go (progressStarted, progressFinished).
  const started = (p) => !!p && p.p > NS.progress.started && p.p < NS.progress.finished;
  let progress = {};
  try {
    progress = JSON.parse(localStorage.getItem(NS.storage.progress) || "{}") || {};
  } catch (err) {
    // unreadable progress: nothing to continue or resume
  }
  const open = Object.values(progress).filter(started).length;
  if (open > 0) {
    root.dataset.continue = String(Math.min(open, NS.progress.continueMax));
  }

  // 4. Whether the browser is offline, before the first paint and whenever
  // it changes. The status bar's notice (app/status.go) is always in the
  // page and shown by the stylesheet only under data-offline, so it tells
  // the truth before the app runs too.
  const markOffline = () => {
    if (navigator.onLine) delete root.dataset.offline;
    else root.dataset.offline = "";
  };
  markOffline();
  addEventListener("online", markOffline);
  addEventListener("offline", markOffline);

  // 5. What the pre-rendered page cannot know, hidden until the app shows it.
  //
  // A static host and the service worker answer /?topic=ect&topic=tms or
  // /?q=lithium with the page rendered for the bare address: its list is the
  // unfiltered one. The app starts at once on such an address (part 6) and
  // draws the right list; until then the stylesheet hides a listing rendered
  // for the bare address (class "bare", app/home.go) and says the right one
  // is on its way; the app lifts data-pending once it has drawn the right
  // one (setPage, app/app.go). A page the server rendered for the address
  // itself carries no "bare" class and shows at once. In the same way, the Save
  // buttons and the display settings are drawn in their default state: when
  // the reader has saved articles or chosen settings, they wait for the app,
  // which knows their real state; so do the "Add to my questions" buttons,
  // the header's count and the list on /questions when the reader has
  // questions (app/questions.go). The keys are the ones app/home.go reads.
  const params = new URLSearchParams(location.search);
  const stored = (key) => {
    try {
      const v = JSON.parse(localStorage.getItem(key) || "null");
      return v !== null && (typeof v !== "object" || Object.keys(v).length > 0);
    } catch (err) {
      return true; // unreadable: the app says so
    }
  };
  const pending = [];
  if (NS.listKeys.some((k) => params.has(k))) pending.push(NS.pending.list);
  if (stored(NS.storage.saved)) pending.push(NS.pending.saved);
  if (stored(NS.storage.settings)) pending.push(NS.pending.settings);
  if (pagePath() === NS.paths.compare && params.has(NS.compare.key)) pending.push(NS.pending.compare);
  if (stored(NS.storage.questions)) pending.push(NS.pending.questions);
  // Offline, the worker answers an address it holds no page for (an
  // article not yet saved, on a first visit) with the home page
  // (worker.js, navigate). Its text is not this address's: it is hidden,
  // and the app starts at once and shows the address's page, or says
  // plainly that the article is not saved yet. go-app writes each page's
  // own address into its og:url, so the home page standing in for another
  // address knows itself.
  const og = document.querySelector('meta[property="og:url"]');
  const normal = (p) => p.replace(/\.html$/, "").replace(/\/index$/, "").replace(/\/$/, "");
  if (og && normal(og.content.replace(/^[a-z]+:\/\/[^/]*/i, "")) === normal(siteRoot) && normal(pagePath()) !== normal(NS.paths.home)) {
    pending.push(NS.pending.page);
  }
  if (pending.length > 0) root.dataset.pending = pending.join(" ");

  // 6. Start the app only when the page needs it.
  //
  // Every page arrives pre-rendered and every link works as plain HTML, so
  // reading needs no app.wasm. Starting Go's wasm blocks the page (a task
  // of about 0.4 s on a phone-speed CPU: see BENCHMARKS.md), so go-app's
  // app.js hands its start function to nextstepsStartWhenNeeded (site.go
  // rewrites the call) and it runs only when there is something to do:
  //  - at once when the page shows what only the app knows: a search,
  //    filter or longer list in the address (a static host serves the bare
  //    page), saved articles, questions or chosen settings, "Continue
  //    reading", a place to return to, and on /saved and /questions;
  //  - otherwise on the reader's first tap, key, wheel or scroll.
  // The app adopts the pre-rendered page where it is what the app would
  // draw (cmd/trimgoapp, hydrate.go), but it has not seen what the reader
  // did meanwhile, so that is carried over: a button they pressed is
  // pressed again in the app, and text typed in a field is kept, focused.
  const resumeHere = () => {
    const path = pagePath();
    if (!path.startsWith(NS.paths.articles) || location.hash) return false;
    let slug;
    try {
      slug = decodeURIComponent(path.slice(NS.paths.articles.length));
    } catch (err) {
      return false; // a malformed address: nothing to resume, and the app must still start
    }
    // The same test as readingTracker.OnMount in app/progress.go.
    const p = progress[slug];
    return started(p) && p.y > NS.progress.resumeFrom;
  };
  const neededNow = () =>
    pending.length > 0 ||
    pagePath() === NS.paths.saved ||
    pagePath() === NS.paths.questions ||
    (pagePath() === NS.paths.home && root.dataset.continue !== undefined) ||
    window[NS.storageRefused] === true ||
    resumeHere();

  const interactions = ["pointerdown", "touchstart", "keydown", "wheel", "scroll"];
  let startFn = null; // go-app's start, once app.js hands it over
  let wanted = false; // asked to start before app.js arrived
  let pressed = null; // the button pressed before the app ran: {el, key}
  let field = null; // the field last used before the app ran: {el, nth, focused, value, selection}
  let rowsAt = []; // each row of filter toggles as the app found it (part 8): {left, shown, chosen}

  // afterLoad runs fn in a task of its own once the page has loaded: work
  // the first paint does without, kept out of the parsing task and out of
  // the task that runs app.js, DOMContentLoaded and, on a fast connection,
  // the load event too.
  const afterLoad = (fn) => addEventListener("load", () => setTimeout(fn, 0), { once: true });
  const keyOf = (b) => (b.getAttribute("aria-label") || b.textContent).trim();
  const fields = () => [...document.querySelectorAll("input, textarea, select")];

  // The articles. app.wasm carries none: they come as data files named by
  // the hash of their bytes, which the service worker stores at install.
  // The catalog and the texts list (content.Corpus.Bundle), which
  // /web/corpus.js names in window[NS.corpus.filesGlobal],
  // are fetched once the page has loaded, or as soon as the app is wanted,
  // and handed to the Go program in window[NS.corpus.global] before the
  // program starts, with readData, which the program calls for an
  // article's own file when it needs the article's text. Every file's
  // bytes are checked against their hash before the wasm sees them: by the
  // browser (the fetch's integrity), by readData, or by the worker before
  // it stored them. If the catalog or the list cannot be had, the app does
  // not start and the pre-rendered page keeps working.
  const dataURL = (path) => new URL(path.slice(1), location.origin + siteRoot);
  // The worker's stored copy is read directly, as app.js reads app.wasm
  // (cmd/trimgoapp): a fetch the worker intercepts makes Firefox log an
  // error when the reader leaves mid-load.
  const storedCopy = (url) => (window.caches ? caches.match(url.href).catch(() => undefined) : Promise.resolve(undefined));
  const readData = async (path) => {
    const url = dataURL(path);
    const res = (await storedCopy(url)) || (await fetch(url));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // As the worker checks a file before it stores it (worker.js).
    const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hash = [...sum.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
    if (!url.pathname.endsWith(`-${hash}.txt`)) throw new Error(`its bytes do not match its name (hash ${hash})`);
    return bytes;
  };
  let corpus = null;
  const loadCorpus = () => {
    if (!corpus) {
      const load = (file) => {
        const url = dataURL(file.path);
        return storedCopy(url)
          .then((hit) => hit || fetch(url, { priority: "low", integrity: file.integrity }))
          .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${url}: HTTP ${r.status}`))))
          .then((buf) => new Uint8Array(buf));
      };
      const refs = window[NS.corpus.filesGlobal];
      corpus = (Array.isArray(refs) && refs.length === 2
        ? Promise.all(refs.map(load))
        : Promise.reject(new Error("the data files are not named: is corpus.js served?"))
      ).then((files) => {
        window[NS.corpus.global] = { files, read: readData };
      });
    }
    return corpus;
  };
  // In a task of its own: on a fast connection the load event comes in the
  // task that runs app.js and DOMContentLoaded, and the fetches' start
  // (2-7 ms unthrottled) made it a long task in Lighthouse's trace.
  afterLoad(() => loadCorpus().catch(() => {}));
  // A reader who leaves mid-load cuts the fetch short: that is not a
  // failure to report (as app.js's own guard, see cmd/trimgoapp).
  let leaving = false;
  addEventListener("beforeunload", () => { leaving = true; });

  // afterPaint resolves once the browser has drawn the frame that answers
  // what the reader just did. The app's start begins with app.wasm's
  // instantiation, one step of some 70 ms at 4x CPU slowdown that V8 runs
  // where it is asked: started in the first touch's own task, it held that
  // touch's frame back, and the reader saw the page freeze as they
  // touched it. Nor is the frame's own task enough: that frame is drawn
  // (composited and shown) after its task, and the instantiation started
  // right after it held it back still. In a session on a phone-sized
  // screen at 4x CPU slowdown the first touch took 104-352 ms to its frame
  // when the start waited for one frame, 72-136 ms when it waits for the
  // next frame to begin, by when the one before is shown.
  // A page the browser does not draw (hidden) goes on at once; one the
  // reader sees waits for those frames however late they come, a second
  // at most, as app/search.go's afterPaint does: a wait of 100 ms ran out
  // first where the frames came late, as on a phone with slow graphics.
  const afterPaint = () => new Promise((resolve) => {
    if (document.visibilityState === "hidden") return resolve();
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)));
    setTimeout(resolve, 1000);
  });

  function startApp() {
    wanted = true;
    if (!startFn || root.dataset.app !== "waiting") return;
    root.dataset.app = "starting";
    performance.mark("nextsteps-app-start"); // for DevTools and make bench
    for (const type of interactions) removeEventListener(type, onInteraction, true);
    loadCorpus().then(afterPaint).then(startFn).then(() => {
      // app.js removes its loader once the Go program has mounted the page;
      // the program says "failed" itself if the articles were unreadable.
      if (document.getElementById(NS.ids.loader) || root.dataset.app === "failed") {
        root.dataset.app = "failed"; // the pre-rendered page keeps working
        held(null); // the press is dropped
        return;
      }
      root.dataset.app = "running"; // the app reveals what part 5 held back (app/app.go)
      performance.mark("nextsteps-app-running");
      carryOver();
    }, (err) => {
      if (leaving || (err && err.name === "AbortError")) return; // the page is going
      root.dataset.app = "failed";
      held(null); // the press is dropped
      console.error("Next Steps could not load its articles; the page keeps working without the app:", err);
    });
  }

  // The Go program calls this once it has read the articles, with the
  // function that goes on with its start: go-app mounts its own page,
  // adopting what it can of the pre-rendered one (main_wasm.go,
  // app.MountGlobal). The start was one task, from
  // the wasm's instantiation to the page mounted, 250-400 ms at 4x CPU
  // slowdown: a tap or key made meanwhile waited for all of it. Cut in
  // two here, the browser handles what came in the first half and draws a
  // frame before the mount. Where the reader is typing, and how far each
  // row of toggles is scrolled, are noted in the mount's own task, just
  // before it (a field the app draws afresh replaces, and so blurs, the
  // reader's): noted any earlier,
  // a tap on the search box during the pause would be missed, and what
  // the reader typed next lost.
  window[NS.mount] = (mount) => setTimeout(() => {
    rowsAt = chipRows().map((row) => ({ left: row.scrollLeft, shown: row.clientWidth > 0, chosen: chosenIn(row) }));
    if (field) noteField({ target: field.el });
    mount();
  }, 0);

  // carryOver gives the app's page what the reader did on the pre-rendered
  // one. It runs in the task where the Go program's mount ends, before any
  // key pressed meanwhile is delivered; a press it repeats reaches the
  // components after what they asked for when mounted. The app adopts the pre-rendered
  // page where it is what the app would draw (hydrate, cmd/trimgoapp), so
  // the field the reader typed in is most often still there, with its text
  // and focus; the app has not seen the text, though. A field the app drew
  // afresh is found by its place among the fields.
  function carryOver() {
    if (field) {
      const adopted = field.el.isConnected;
      // A field the app adopted still has whatever focus the reader gave
      // it. Its text is the one noted (noteField): the app mounts its page
      // in slices, the reader may type meanwhile, and the app, adopting the
      // field, sets its text to the one it draws (cmd/trimgoapp's hydrate).
      if (adopted) field.focused = false;
      const el = adopted ? field.el : fields()[field.nth];
      if (el && el.name === field.el.name && el.type === field.el.type) {
        const changed = el.value !== field.value || (adopted && field.value !== el.defaultValue);
        if (el.value !== field.value) el.value = field.value;
        if (changed) {
          // The app answers the text (a search) in a task of its own, as
          // it does a keystroke: inside this one, which is the app's start
          // and long already, it added 160 ms at 4x CPU slowdown (a trace).
          setTimeout(() => {
            if (el.isConnected) el.dispatchEvent(new Event("input", { bubbles: true }));
          }, 0);
        }
        if (field.focused && document.activeElement !== el) {
          el.focus();
          try {
            el.setSelectionRange(...field.selection);
          } catch (err) {
            // not a text field
          }
        }
      }
    }
    if (pressed) {
      // The app adopts the pressed button (its ring is not a mark on it:
      // see held), which keeps the focus the press gave it, and the press
      // goes to the element the reader pressed. One the app drew afresh
      // or labels otherwise (say "Save" became "Saved": the pre-rendered
      // button showed a stale state) is not pressed: the press is dropped.
      // In a task of its own, as the field's text is: inside this one, the
      // end of the app's start, the press's own work (Save writes the
      // saved list, in code the browser compiles at its first call) made
      // the article's longest task.
      const { el, key } = pressed;
      if (el.isConnected && keyOf(el) === key && !el.disabled) {
        setTimeout(() => {
          if (el.isConnected && !el.disabled) el.click();
          held(null);
        }, 0);
      } else {
        held(null);
      }
    }
    field = pressed = null;
    // The rows of toggles stay where the reader scrolled them; one left
    // alone (or hidden until now, part 5) starts at its chosen toggle.
    // A row that showed its chosen toggle unscrolled needs nothing, and the
    // others are set in the next frame: reading or setting a scroll position
    // here would lay out the whole fresh page inside this task (about 80 ms
    // at 4x CPU slowdown), and the frame lays it out anyway.
    const todo = chipRows().map((row, i) => ({ row, at: rowsAt[i] }))
      .filter(({ row, at }) => !at || at.left > 0 || !at.shown || at.chosen !== chosenIn(row));
    rowsAt = [];
    if (todo.length > 0) {
      requestAnimationFrame(() => todo.forEach(({ row, at }) => {
        if (at && at.left > 0) row.scrollLeft = at.left;
        else showChosen(row);
      }));
    }
  }

  // A press on a link is left alone: the browser opens the next page, and
  // starting the app now would only hold it up. (If the page stays, as for
  // a link within it, the scroll that follows starts the app.)
  const onInteraction = (e) => {
    const press = e.type !== "keydown" || e.key === "Enter";
    if (press && e.target instanceof Element && e.target.closest("a[href]")) return;
    startApp();
  };

  root.dataset.app = "waiting";
  for (const type of interactions) addEventListener(type, onInteraction, { capture: true, passive: true });
  addEventListener("click", (e) => {
    if (root.dataset.app === "running") return;
    const b = e.target instanceof Element && e.target.closest("button");
    if (!b || b.disabled || (b.form && b.type === "submit")) return; // forms submit as HTML
    e.preventDefault();
    e.stopImmediatePropagation();
    pressed = { el: b, key: keyOf(b) };
    // The press shows in the next frame while the app starts (a second or
    // more on a slow phone), and carryOver repeats it on the app's page.
    held(b);
    startApp();
  }, true);
  // held rings the button whose press waits for the app (only the last
  // one pressed: carryOver repeats one press), or none. The ring is a
  // rule of a stylesheet of its own, which names the button by its place
  // in the page, not a mark on the button: the app adopts only what it
  // would draw itself, and a button marked (aria-busy, as it was) it drew
  // afresh, and the press and the focus had to be carried to the new one
  // by its label. The ring is an outline in the accent colour, which the
  // browser paints in the next frame (a change of opacity alone is
  // composited, and a slow phone showed nothing until the app ran).
  // The rule ends in the button's id, or its tag and classes: a stylesheet
  // added or taken away has the browser style again every element its
  // rules might match, which for a rule ending in :nth-child alone is the
  // whole page (a filter toggle's tap before the app ran: 264 ms to its
  // frame at 4x CPU slowdown in make bench's session, 160 ms with the
  // aria-busy mark).
  const ring = document.createElement("style");
  function held(b) {
    ring.remove();
    if (!b) return;
    const steps = [];
    for (let e = b; !b.id && e.parentElement && e !== document.body; e = e.parentElement) {
      const own = e === b ? b.localName + [...b.classList].map((c) => `.${CSS.escape(c)}`).join("") : "";
      steps.unshift(`> ${own}:nth-child(${[...e.parentElement.children].indexOf(e) + 1})`);
    }
    const rule = b.id ? `#${CSS.escape(b.id)}` : `body ${steps.join(" ")}`;
    ring.textContent = `${rule} { outline: 3px solid var(--accent); outline-offset: 2px; cursor: progress; }`;
    document.head.append(ring);
  }
  // noteField notes the field the reader is in, with its text, at each
  // focus and keystroke until the app runs, and once more just before the
  // mount (the reader may have left it since).
  function noteField(e) {
    const el = e.target;
    if (root.dataset.app === "running" || !(el instanceof Element) || !el.matches("input, textarea, select")) return;
    let selection = [];
    try {
      selection = [el.selectionStart, el.selectionEnd];
    } catch (err) {
      // a field without a text selection (a select, a checkbox)
    }
    field = { el, nth: fields().indexOf(el), focused: document.activeElement === el, value: el.value, selection };
  }
  for (const type of ["focusin", "input"]) addEventListener(type, noteField, true);

  // Called by app.js (see site.go) with go-app's start function.
  window.nextstepsStartWhenNeeded = (start) => {
    startFn = start;
    if (wanted || neededNow()) startApp();
  };
  // For tests and tools that need the app without an interaction.
  window.nextstepsStartApp = startApp;

  // 11. The app's start, run once in a worker while the reader reads.
  //
  // Browsers compile each of app.wasm's functions the first time it is
  // called, on the thread that calls it. In a browser opened again, and
  // on a first visit, the app's start compiled some 1,560 functions on the
  // page's thread, inside the reader's first tap or scroll: 460 ms at 4x
  // CPU slowdown, half the time of the long tasks that followed the tap (a
  // trace of make bench's session). So once the page has loaded and is
  // idle, if the app is not running yet, a dedicated worker (warm.js)
  // compiles the stored app.wasm and runs the start up to the mount: Go's
  // runtime and packages, the articles read, the routes and the page
  // prepared (main_wasm.go, warmUp); the page's thread then compiles about
  // 800. The module, those functions compiled, comes back to the page,
  // and app.js instantiates it (NS.warm.module, cmd/trimgoapp's
  // compiledModule) rather than compiling app.wasm again. The worker goes
  // on to run a first search, drawn nowhere (app.WarmSearch): the page's
  // app shares the functions compiled for it, some 100 that the reader's
  // first keystrokes compiled before. Then go-app mounts the page in the
  // worker, on a stand-in for it (warm.js, standInFor): the page's start
  // then compiles about 130 functions where it compiled 760 (a browser
  // opened again), and the worker is ended once the mount is. Only the stored
  // app.wasm is used, so nothing is downloaded twice: on a first visit the
  // warm-up waits for the service worker to have stored it. A warm-up that
  // fails, or ends after the app started, changes nothing.
  // For a returning reader (a page the service worker served), the
  // module's instance is made too, in idle time while the app still
  // waits: app.js runs it (NS.warm.instance, cmd/trimgoapp's
  // compiledModule). Made in the reader's first swipe, as the start's
  // first step, it held the swipe's moves back: one task of some 60 ms
  // at 4x CPU slowdown. It holds app.wasm's memory (some 5 MB) until the
  // page goes, whether the app starts or not. Not on a first visit, whose
  // page is still loading what the worker stores when the module comes:
  // there the task landed in the load (Lighthouse's Total Blocking Time
  // 18-47 ms without it, 51-294 ms with it, three runs each).
  const returning = !!(navigator.serviceWorker && navigator.serviceWorker.controller);
  const instantiate = (module) => {
    if (!returning || root.dataset.app !== "waiting" || typeof Go !== "function" || window[NS.warm.instance]) return;
    const go = new Go();
    window[NS.warm.instance] = WebAssembly.instantiate(module, go.importObject).then((instance) => {
      performance.mark("nextsteps-instantiated"); // for DevTools and the tests
      return { go, instance };
    });
  };
  const warmUp = () => {
    if (root.dataset.app !== "waiting" || !window.Worker || !window.WebAssembly) return;
    let worker;
    try {
      worker = new Worker(new URL(NS.warm.script.slice(1), location.origin + siteRoot));
    } catch (err) {
      return; // workers refused: the app compiles as before
    }
    const done = () => {
      worker.terminate();
      performance.mark("nextsteps-warm-done"); // for DevTools and the tests
    };
    worker.onerror = done;
    worker.onmessage = (e) => {
      if (e.data && e.data.module instanceof WebAssembly.Module) {
        if (root.dataset.app === "waiting") {
          window[NS.warm.module] = e.data.module;
          (window.requestIdleCallback || setTimeout)(() => instantiate(e.data.module));
        }
        return; // the worker goes on to a first search's functions (warm.js)
      }
      done();
    };
    loadCorpus().then(() => root.dataset.app !== "waiting" ? done() : worker.postMessage({
      root: location.origin + siteRoot,
      exec: NS.warm.exec,
      wasm: NS.warm.wasm,
      env: NS.warm.env,
      ready: NS.warm.ready,
      standIn: NS.warm.page,
      drawn: NS.warm.drawn,
      page: location.href,
      visits: firstVisits(),
      global: NS.corpus.global,
      files: window[NS.corpus.global].files,
      // go-app's environment (app.js's goappEnv): the worker's go-app
      // mounts the page's route, on a site hosted under a path too.
      goappEnv: typeof goappEnv === "object" ? goappEnv : {},
    }), done);
  };
  // firstVisits is where the reader's first taps on this page lead, for
  // the worker's app to go there too once it has mounted the page
  // (warm.js, visit): on a list, a chip chosen, then dropped again. The
  // page's app then finds go-app's updating of the list compiled: with
  // the page mounted in the worker, the first tap on a chip still
  // compiled 56-58 functions on the page's thread (45-56 ms unthrottled).
  const firstVisits = () => {
    const chip = document.querySelector(`.${NS.classes.chipRow} a[aria-checked="false"]`);
    return chip ? [chip.href, location.href] : [];
  };
  // On a first visit, app.wasm is stored once the service worker is
  // ready (installed and active: worker.js stores it while installing).
  // Asked after the load, in a task of its own: asked while the page was
  // parsed, it held the parsing up by 8-14 ms at 4x CPU slowdown.
  afterLoad(() => (navigator.serviceWorker ? navigator.serviceWorker.ready : Promise.resolve())
    .then(() => (window.requestIdleCallback || setTimeout)(warmUp)));

  // 7. The reader's region first on /help, before the page is drawn.
  //
  // The pre-rendered /help lists every region in the data's order. The
  // region the reader chose (app/help.go keeps it under the same key) or,
  // failing that, the one their browser's language names (en-CA → CA; a
  // region's data-countries lists more codes, such as the EU's members)
  // moves to the top once the page is parsed, before it is painted, and the
  // chooser shows it. The app's first render draws the same order
  // (firstRegion and Crisis.RegionFor in Go: keep the rules in step), so
  // nothing moves when it takes over.
  if (pagePath() === NS.paths.help) {
    let chosen = "";
    try {
      chosen = JSON.parse(localStorage.getItem(NS.storage.region) || '""');
    } catch (err) {
      chosen = ""; // unreadable: fall back to the browser's language
    }
    const languageRegion = () => {
      const sub = String(navigator.language || "").split(/[-_]/).slice(1).find((x) => /^[A-Za-z]{2}$/.test(x));
      const cc = sub ? sub.toUpperCase() : "";
      return cc === "UK" ? "GB" : cc;
    };
    document.addEventListener("DOMContentLoaded", () => {
      const list = document.getElementById(NS.ids.regions);
      if (!list) return;
      const regions = [...list.children].filter((li) => li.dataset.region);
      const byCode = (c) => regions.find((li) => li.dataset.region === c);
      let first = typeof chosen === "string" && byCode(chosen) ? chosen : "";
      if (!first) {
        const cc = languageRegion();
        const li = cc && (byCode(cc) || regions.find((r) => (r.dataset.countries || "").split(" ").includes(cc)));
        if (li) first = li.dataset.region;
      }
      if (!first) return;
      list.prepend(byCode(first));
      const numbers = document.getElementById(NS.ids.emergencyNumbers);
      const span = numbers && [...numbers.children].find((el) => el.dataset.region === first);
      if (span) numbers.prepend(span);
      const select = document.getElementById(NS.ids.regionChoice);
      if (select) select.value = first;
    });
  }

  // 8. The filter's rows of toggles (app/home.go). On a phone each row is
  // one line that scrolls sideways (web/app.css). Browsers scroll a link
  // that takes the focus into view only when none of it shows, and leave
  // one the row's edge cuts as it is: a toggle reached by Tab is scrolled
  // wholly into view here, clear of the row's fading ends (its
  // scroll-padding). And a row whose first chosen toggle is out of view
  // starts at it, once the page is parsed and when the app takes over
  // (carryOver), so the toggles show what the address chose.
  function chipRows() {
    return [...document.getElementsByClassName(NS.classes.chipRow)];
  }
  function chosenToggle(row) {
    return row.querySelector("[aria-checked=true]");
  }
  function chosenIn(row) {
    const on = chosenToggle(row);
    return on ? on.id : "";
  }
  function showChosen(row) {
    const on = chosenToggle(row);
    // A chosen toggle that is the row's first (All, on most pages) shows
    // with the row unscrolled, and the layout is not read for it: read at
    // DOMContentLoaded, before the first frame has laid the page out, that
    // lays out the whole page inside the task that also runs app.js (44 ms
    // unthrottled in one Lighthouse trace of the home page, a long task
    // at its simulated 4x slowdown).
    if (!on || on === row.firstElementChild) return;
    if (row.scrollWidth <= row.clientWidth) return; // a row that does not scroll (wide screens)
    const style = getComputedStyle(row);
    const r = on.getBoundingClientRect();
    const box = row.getBoundingClientRect();
    if (r.right > box.right - parseFloat(style.scrollPaddingRight)) {
      row.scrollLeft += r.left - box.left - parseFloat(style.scrollPaddingLeft);
    }
  }
  addEventListener("focusin", (e) => {
    const row = e.target instanceof Element && e.target.parentElement && e.target.parentElement.closest("." + NS.classes.chipRow);
    if (row && row.scrollWidth > row.clientWidth) e.target.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, true);
  document.addEventListener("DOMContentLoaded", () => chipRows().forEach(showChosen));

  // 9. The chosen options of the comparison, before the page is drawn.
  //
  // A static host and the service worker answer /compare?t=ect&t=tms with
  // the page rendered for /compare: it holds every option's column, marked
  // "bare" and hidden, and asks the reader to choose (app/compare.go). When
  // the address chooses 2 to 4 options the comparison covers, a rule added
  // here shows the bare columns of those options only, and hides the
  // request to choose, so the page is right at first paint and cold
  // offline. The chooser waits for the app (pending, part 5), which knows
  // which boxes are ticked; the app draws the same columns and lifts the
  // mark (comparePage.OnNav). The rules match Comparison.Selected in Go.
  if (pagePath() === NS.paths.compare) {
    const want = params.getAll(NS.compare.key);
    const chosen = NS.compare.topics.filter((t) => want.includes(t));
    if (chosen.length >= NS.compare.min && chosen.length <= NS.compare.max) {
      root.dataset.compare = chosen.join(" ");
      const hide = NS.compare.topics.filter((t) => !chosen.includes(t))
        .map((t) => `.compare-grid.bare [data-topic="${t}"]`);
      const style = document.createElement("style");
      style.textContent = hide.length > 0 ? `${hide.join(", ")} { display: none; }` : "";
      document.head.append(style);
    }
  }

  // 10. Whether the articles are saved for offline reading, and how many
  // so far (worker.js). Each page asks the active worker to save what it
  // lacks, on load and when back online: after a first visit's install the
  // library downloads then, and a download cut short goes on. The worker
  // answers with counts, and at once with "all saved" when it has
  // everything. A count is written into the footer's place for it
  // (app/status.go): "Saving the articles for offline reading: 340 of
  // 1,000…", changing the text of one span and nothing else, so it never
  // has the app redraw the page. "All saved" marks <html> (NS.saved.flag)
  // and fires NS.saved.event, from which the app says "Saved". A saving
  // that ended with some articles not saved (their files failed to
  // download) marks <html> with how many (NS.saved.unsaved) and fires the
  // same event, and the app says so rather than "Saving…" for ever; the
  // next page opened online tries them again. Part of the search index
  // not saved marks <html> too (NS.saved.search).
  if (navigator.serviceWorker) {
    const sw = navigator.serviceWorker;
    // A count with its thousands marked, "1,000", written out rather
    // than by toLocaleString("en"): the page's first call into the
    // browser's number formatting loads its locale data, 36-63 ms of the
    // page's thread with no throttling, and that call came in the middle
    // of a first visit, with the first count (the handler's time, at
    // 1,000 articles: 50-73 ms over 26 counts, the first 36-63 ms; now
    // 6-11 ms, the longest 1-3 ms).
    const number = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, ",");
    sw.addEventListener("message", (e) => {
      const s = e.data && e.data.saving;
      if (!s) return;
      const marked = (key, value) => {
        if (root.dataset[key] === value) return;
        if (value === undefined) delete root.dataset[key];
        else root.dataset[key] = value;
        dispatchEvent(new Event(NS.saved.event));
      };
      if (s.saved >= s.total && !s.search) {
        marked(NS.saved.unsaved, undefined);
        marked(NS.saved.search, undefined);
        marked(NS.saved.flag, "");
      } else if (s.failed > 0 || s.search) {
        marked(NS.saved.unsaved, s.failed > 0 ? String(s.failed) : undefined);
        marked(NS.saved.search, s.search ? "" : undefined);
      }
      const count = document.querySelector("." + NS.classes.savingCount);
      if (!count) return;
      count.textContent = s.saved < s.total
        ? `: ${number(s.saved)} of ${number(s.total)}`
        : "";
    });
    // Asked in a task of its own after the load, as part 11 asks: asking
    // for the worker while the page is parsed held the parsing up.
    const askToSave = () => sw.ready.then((reg) => reg.active && reg.active.postMessage({ save: true }));
    afterLoad(askToSave);
    addEventListener("online", askToSave);
  }

  // 12. When the reader last did anything, for the app's idle collection
  // (NS.lastInput; cmd/nextsteps/collect_wasm.go), which waits until the
  // reader has been still for a while. One write of a number per event,
  // for as long as the page is open; passive, so a scroll never waits on it.
  for (const type of [...interactions, "click", "input"]) {
    addEventListener(type, (e) => { window[NS.lastInput] = e.timeStamp; }, { capture: true, passive: true });
  }

  // 13. The page's first layout, in the parser's own task.
  //
  // The browser lays a page out at its first frame, or at the load event
  // if none came first. When the page and its scripts are at hand (a
  // fast connection, or the service worker), the parser ends before any
  // frame, and the first layout came at the load event: in the task that
  // runs the deferred app.js and DOMContentLoaded, while app.js starts the
  // service worker on the other core. In Lighthouse's traces of the home
  // page that layout took 36-190 ms unthrottled (median 67), and counted
  // as blocking time (its simulation puts the task after the first paint,
  // once app.js has arrived). Read here, as soon as the parser has written
  // the page, the same layout took 29-87 ms (median 37), ahead of app.js.
  // go-app writes its loader (NS.ids.loader) last, after the page; a
  // mutation observer's callback runs at the end of the parser's task that
  // wrote it.
  const parsed = new MutationObserver(() => {
    if (!document.body) return;
    if (!document.getElementById(NS.ids.loader)) {
      parsed.observe(document.body, { childList: true });
      return;
    }
    parsed.disconnect();
    void root.offsetHeight;
  });
  parsed.observe(root, { childList: true });
})();
