// Next Steps service worker. Generated: VERSION and RESOURCES below are
// filled in by the build, which also checks that every listed URL exists.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

// Install precaches every page and asset in one atomic step: if any request
// fails, install fails, this version is discarded, and the previous version
// keeps serving. Only then is the worker allowed to take over.
//
// A first install (no earlier version to fall back on) stores the core
// first: every page and asset but the library (isLibrary). The worker then
// takes over, so a reader whose connection goes while a large library is
// still downloading can open the site cold, offline: every page but the
// articles not yet saved, which the app says plainly. The library follows,
// asked for by each page (boot.js, part 10, and saveLibrary below). An
// update is stored whole, library included, before it takes over: the old
// version keeps working until the new one is complete.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const first = !(await caches.keys()).some((k) => k.startsWith("app-") && k !== cacheName);
    const cache = await caches.open(cacheName);
    try {
      await storeAll(cache, first ? resourcesToCache.filter((url) => !isLibrary(url)) : resourcesToCache);
      if (!first) await markSaved(cache);
    } catch (err) {
      await caches.delete(cacheName); // leave nothing half-filled behind
      throw err;
    }
    await self.skipWaiting();
  })());
});

// urlOf is a resource's full URL, as the cache keys it; pathOf its path.
const urlOf = (url) => new URL(url, self.location.href);
const pathOf = (url) => urlOf(url).pathname;
// isArticle: an article's data file, what the count counts.
const isArticle = (url) => pathOf(url).startsWith(root + "data/articles/");
// isSearch: a shard of the search index (content/shard.go).
const isSearch = (url) => pathOf(url).startsWith(root + "data/search/");
// isLibrary: an article's data file or its page's part (see compose), or
// a shard of the search index.
const isLibrary = (url) => isArticle(url) || isSearch(url) || pathOf(url).startsWith(root + "data/pages/");

// savedMarker is stored in a version's cache once it holds everything, so
// a page that asks (saveLibrary) hears "all saved" at once. No page has
// this address.
const savedMarker = () => root + "_worker/saved";
const markSaved = (cache) => cache.put(savedMarker(), new Response("saved"));

// saveLibrary stores what this version's cache lacks (after a first
// install, the library), then marks it complete and tells the pages. Pages
// ask for it on every load and when back online, so a download cut short
// (the connection went, the browser stopped the worker) goes on where it
// stopped: a stored file is not fetched again. One runs at a time.
let saving = null;
self.addEventListener("message", (event) => {
  if (!event.data || !event.data.save) return;
  saving = saving || saveLibrary().finally(() => { saving = null; });
  event.waitUntil(saving.catch(() => {})); // a failure waits for the next ask
});

async function saveLibrary() {
  const cache = await caches.open(cacheName);
  const total = resourcesToCache.filter(isArticle).length;
  if (!(await cache.match(savedMarker()))) {
    // The search index's shards and the articles' data files first: they
    // are what the app reads to search and to show an article, which a
    // reader may do meanwhile (the page reads the same files, and finds
    // those already fetched in the browser's HTTP cache); the page parts
    // only serve a cold offline open's first paint.
    const rank = (url) => (isSearch(url) ? 2 : isArticle(url) ? 1 : 0);
    const missing = (await lacking(cache)).sort((a, b) => rank(b) - rank(a));
    try {
      await storeAll(cache, missing, { saved: total - missing.filter(isArticle).length, total, past: true });
    } catch (err) {
      // What could be saved is; the pages say how many articles are not
      // (one whose data file or page part is missing), and whether part
      // of the search index is, rather than "Saving…" for ever. The next
      // page opened online asks again.
      const left = await lacking(cache);
      const failed = new Set(left.filter((url) => !isSearch(url)).map(slugOf)).size;
      await tell({ saving: { saved: total - failed, total, failed, search: left.some(isSearch) } });
      throw err;
    }
    await markSaved(cache);
  }
  await tell({ saving: { saved: total, total } });
}

// lacking is what this version's cache does not hold yet.
async function lacking(cache) {
  const have = new Set((await cache.keys()).map((req) => req.url));
  return resourcesToCache.filter((url) => !have.has(urlOf(url).href));
}

// slugOf is the article a library file is for: <root>data/articles/<slug>-<hash>.txt
// or <root>data/pages/<slug>-<hash>.json.
const slugOf = (url) => pathOf(url).replace(/^.*\/([^/]+)-[0-9a-f]{16}\.[a-z]+$/, "$1");

// lanes is how many files the install downloads at once. A browser opens
// about six connections to a site (HTTP/1.1): with a few left free, what
// the reader opens meanwhile (an article's own data file, a page) is
// never queued behind the whole library.
const lanes = 4;

// storeAll stores every URL, lanes at a time, and tells the open pages how
// many articles are saved so far (saved of total: urls may be what is left
// of them): a library of a thousand articles takes a while on a phone's
// connection. boot.js writes the count into the footer (part 10). An
// install quicker than a second says nothing: a count no one would have
// time to read. The last word, all saved, is saveLibrary's, once every page
// is stored too. It stops at the first failure; or, with past (the
// library, after a first install), stores every other file before it
// fails: one article's file broken on the server costs that article only.
async function storeAll(cache, urls, { saved = 0, total = urls.filter(isArticle).length, past = false } = {}) {
  let next = 0;
  let failure = null;
  let told = Date.now() + 750; // the first message after a second
  const lane = async () => {
    while (next < urls.length && (past || !failure)) {
      const url = urls[next++];
      try {
        await store(cache, url);
      } catch (err) {
        failure = failure || err;
        continue;
      }
      if (isArticle(url)) {
        saved++;
        // At most a few messages a second.
        if (saved < total && Date.now() - told > 250) {
          told = Date.now();
          tell({ saving: { saved, total } });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure;
}

// tell posts msg to every open page of the site, controlled by this worker
// or not (on a first visit none is yet).
async function tell(msg) {
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    client.postMessage(msg);
  }
}

// store puts one URL into the new version's cache. Pages and assets keep
// their names across versions, so each is asked for with cache: "no-cache":
// the browser revalidates the copy in its HTTP cache (from the last
// install, or the page's own fetch of app.wasm on a first visit), and the
// server sends only what changed; an unchanged file costs a 304. A data file (the articles: content.DataPrefix) is named by
// the hash of its bytes, so a copy an earlier version stored is the same
// file and is kept instead of downloaded again; and a download is stored
// only if its bytes match that hash, so a cut-short or changed file fails
// the install rather than reach a reader.
async function store(cache, url) {
  const path = pathOf(url);
  if (!path.startsWith(root + "data/")) {
    const res = await fetch(new Request(url, { cache: "no-cache", priority: "low" }));
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return cache.put(url, res);
  }
  const kept = await caches.match(url);
  if (kept) return cache.put(url, kept);
  // The default cache mode: the name is the content, so a copy the browser
  // already has (the page's own fetch of it) is as good as a new one.
  const res = await fetch(url, { priority: "low" });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", await res.clone().arrayBuffer()));
  const hash = [...sum.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
  if (!path.includes(`-${hash}.`)) throw new Error(`${url}: its bytes do not match its name (hash ${hash})`);
  return cache.put(url, res);
}

// Activate removes the caches of older versions (never other caches), and
// takes control only on an update, so the app can offer "Reload".
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((k) => k.startsWith("app-") && k !== cacheName);
    await Promise.all(old.map((k) => caches.delete(k)));
    if (old.length > 0) {
      await self.clients.claim();
    }
  })());
});

// Fetch answers same-origin GET requests from the cache. Requests to other
// origins, and to the live server's own addresses, are left alone and never
// cached.
self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith(root + "_live/")) {
    return; // make run's live reload (live.go): never stored, a stream
  }
  if (url.pathname.startsWith(root + "data/")) {
    // The data files: the page reads the stored copy itself first, and
    // asks the network only for one not stored (boot.js, readData). A
    // search reads thousands of them: through this worker, each would
    // wait on a worker busy saving the library.
    return;
  }
  event.respondWith(req.mode === "navigate" ? navigate(url) : cacheFirst(req));
});

// root is the site's own path: "/" at a domain root, "/next-steps/" for a
// site hosted under /next-steps (build -base). The worker is registered
// from there, so it is the worker's scope, and the home page's key.
const root = new URL(self.registration.scope).pathname;

// navigate serves a page: its pre-rendered copy, whatever the query string
// (/?topic=ect is the home page), else the network, else the app shell,
// which routes the address itself.
async function navigate(url) {
  const cache = await caches.open(cacheName);
  let path = url.pathname;
  if (path.endsWith(".html")) {
    path = path.slice(0, -5);
    if (path === root + "index") {
      path = root;
    }
  }
  if (path.length > root.length && path.endsWith("/")) {
    path = path.slice(0, -1);
  }
  const page = (await cache.match(path, { ignoreSearch: true })) || (await compose(path));
  if (page) {
    return page;
  }
  try {
    return await fetch(url.href);
  } catch (err) {
    const shell = await cache.match(root, { ignoreSearch: true });
    if (shell) {
      return shell;
    }
    throw err;
  }
}

// An article's page is not stored whole: a thousand of them would be a
// thousand copies of the same head, header and footer, and a second copy
// of every article's body. The worker stores the page shell once and, per
// article, a part: what goes into each of the shell's slots, with the
// body given as where it is in the article's data file
// (cmd/nextsteps/pages.go, which checks that this gives, byte for byte,
// the page the server renders). parts maps each article page's path to
// its part: <root>data/pages/<slug>-<hash>.json.
const parts = new Map(resourcesToCache
  .filter((url) => pathOf(url).startsWith(root + "data/pages/"))
  .map((url) => [root + "articles/" + slugOf(url), url]));

// compose answers an article's page from the cache: the shell's pieces
// with the part's values between them. It answers null when the path is
// not an article's, or its part, the shell or its data file is not stored
// (a first visit still saving the library): navigate then asks the
// network.
async function compose(path) {
  const url = parts.get(path);
  if (!url) return null; // not an article's page: no cache to open
  const cache = await caches.open(cacheName);
  const stored = await cache.match(url);
  if (!stored) return null;
  const part = await stored.json();
  const [shell, text] = await Promise.all([cache.match(urlOf(part.shell)), cache.match(urlOf(part.text))]);
  if (!shell || !text) return null;
  const { pieces } = await shell.json();
  const bytes = new Uint8Array(await text.arrayBuffer());
  if (part.slots.length !== pieces.length - 1) return null; // cannot be: one build made both
  const out = [pieces[0]];
  part.slots.forEach((values, i) => {
    for (const v of values) out.push(typeof v === "string" ? v : bytes.subarray(v[0], v[1]));
    out.push(pieces[i + 1]);
  });
  // The shell's response headers (the security headers the server or host
  // sent), but for those about the shell's own bytes.
  const headers = new Headers(shell.headers);
  for (const h of ["content-type", "content-length", "content-encoding", "etag", "last-modified", "cache-control", "vary", "age", "date", "expires"]) {
    headers.delete(h);
  }
  headers.set("content-type", "text/html; charset=utf-8");
  return new Response(new Blob(out), { headers });
}

// cacheFirst answers any other request from the cache, an article's page
// fetched rather than opened included (compose), else the network.
async function cacheFirst(req) {
  const hit = (await caches.match(req, { ignoreSearch: true })) || (await compose(new URL(req.url).pathname));
  if (hit) {
    return hit;
  }
  return fetch(req);
}
