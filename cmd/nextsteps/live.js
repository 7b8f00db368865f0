// live.js: what `serve -content` (make run) adds to every page, so an
// author sees an edit without restarting anything (cmd/nextsteps/live.go).
// It listens to the server's stream of states, each the version served and
// the content's problems:
//   - problems are shown over the page, as file:line: problem, until fixed;
//   - a version other than the page's has the service worker fetch it, and
//     starts the app, whose banner then offers "Reload" (app/status.go);
//   - on the problems page, which has no version, any change loads the
//     page again: other problems, or the app's page once they are fixed.
// Readers never get this file: neither `serve` nor the static build has it.
(() => {
  "use strict";
  const events = new EventSource("/_live/events");
  let box = null;

  // pageVersion is the version this page belongs to, which the live server
  // writes into its head ("" on the problems page, which has none). Readers'
  // pages do not carry it, nor does app.js: a correction changes only the
  // files it touches.
  const pageVersion = () => {
    const meta = document.querySelector('meta[name="nextsteps-live-version"]');
    return meta ? meta.content : "";
  };

  function showProblems(problems) {
    if (problems.length === 0) {
      if (box) box.remove();
      box = null;
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.className = "live-problems";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Content problems");
      // Styled here, not in app.css, which readers download.
      Object.assign(box.style, {
        position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
        maxHeight: "50vh", overflow: "auto", margin: "0", padding: "0.75rem 1rem",
        background: "#5c0a0a", color: "#fff", font: "14px/1.4 system-ui, sans-serif",
        boxShadow: "0 -2px 8px rgba(0,0,0,.4)",
      });
      // Outside <body>: go-app keeps the body's children its own.
      document.documentElement.append(box);
    }
    const title = document.createElement("strong");
    title.textContent = "The articles have problems: this is the last version without them. Save a fix and this box goes.";
    const list = document.createElement("ul");
    list.style.margin = "0.5rem 0 0";
    list.style.paddingLeft = "1.25rem";
    for (const p of problems) {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = p;
      code.style.overflowWrap = "anywhere";
      item.append(code);
      list.append(item);
    }
    box.replaceChildren(title, list);
  }

  let first = null;
  events.onmessage = (e) => {
    const shown = pageVersion();
    if (!shown) {
      // The problems page lists the problems it was made with: any other
      // state (other problems, or none and a version) is another page.
      if (first === null) first = e.data;
      else if (e.data !== first) location.reload();
      return;
    }
    const state = JSON.parse(e.data);
    const problems = state.problems || [];
    showProblems(problems);
    if (problems.length > 0 || !state.version || state.version === shown) return;
    if (window.nextstepsStartApp) window.nextstepsStartApp();
    if (navigator.serviceWorker) {
      navigator.serviceWorker.getRegistration().then((r) => r && r.update());
    }
  };
})();
