// Runs before app.js and app.wasm (a blocking script in <head>).
//
// When a browser refuses storage (site data blocked, some private modes),
// merely reading window.localStorage throws. go-app reads it while starting
// (it tidies its persisted states), and in Go's wasm an exception thrown by
// a property getter is not recoverable: the app would freeze before showing
// anything. So if storage is refused, put an in-memory stand-in in its place
// and say so: the app then keeps working and tells the reader that saving
// is off (see app/storage.go).
(function () {
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
})();
