// Runs before app.js and app.wasm: a blocking script in <head>, so what it
// does is in place before the first paint.
(function () {
  // 1. Storage the browser refuses.
  //
  // When a browser refuses storage (site data blocked, some private modes),
  // merely reading window.localStorage throws. go-app reads it while starting
  // (it tidies its persisted states), and in Go's wasm an exception thrown by
  // a property getter is not recoverable: the app would freeze before showing
  // anything. So if storage is refused, put an in-memory stand-in in its place
  // and say so: the app then keeps working and tells the reader that saving
  // is off (see app/storage.go).
  for (const name of ["localStorage", "sessionStorage"]) {
    try {
      window[name].getItem("nextsteps-probe");
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
        Object.defineProperty(window, name, { value: memory, configurable: true });
      } catch (ignored) {
        // Nothing more can be done; the app will report storage as refused.
      }
      window.nextstepsStorageRefused = true;
    }
  }

  // 2. The reader's text size and theme, applied before anything is drawn,
  // so a page never flashes in the wrong colours or size. The app writes the
  // same attributes when the reader changes them (app/settings.go).
  const root = document.documentElement;
  let settings = {};
  try {
    settings = JSON.parse(localStorage.getItem("nextsteps.settings.v1") || "{}") || {};
  } catch (err) {
    settings = {}; // unreadable: defaults, and the app says so
  }
  if (Number.isInteger(settings.textSize) && settings.textSize >= 0 && settings.textSize <= 4) {
    root.dataset.text = String(settings.textSize);
  }
  if (settings.theme === "light" || settings.theme === "dark") {
    root.dataset.theme = settings.theme;
  }

  // 3. Room for "Continue reading" on the home page, reserved before the
  // first paint so the list does not move when the app fills it in.
  try {
    const progress = JSON.parse(localStorage.getItem("nextsteps.progress.v1") || "{}") || {};
    const open = Object.values(progress).filter((p) => p && p.p > 0.02 && p.p < 0.97).length;
    if (open > 0) {
      root.dataset.continue = String(Math.min(open, 2));
    }
  } catch (err) {
    // unreadable progress: nothing to continue
  }
})();
