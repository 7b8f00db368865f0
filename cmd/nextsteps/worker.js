// Next Steps service worker. Generated: VERSION and RESOURCES below are
// filled in by the build, which also checks that every listed URL exists.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

// Install precaches every page and asset in one atomic step: if any request
// fails, install fails, this version is discarded, and the previous version
// keeps serving. Only then is the worker allowed to take over.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    try {
      await cache.addAll(resourcesToCache.map((url) => new Request(url, { cache: "reload" })));
    } catch (err) {
      await caches.delete(cacheName); // leave nothing half-filled behind
      throw err;
    }
    await self.skipWaiting();
  })());
});

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
// origins are left alone and never cached.
self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) {
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
  const page = await cache.match(path, { ignoreSearch: true });
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

async function cacheFirst(req) {
  const hit = await caches.match(req, { ignoreSearch: true });
  if (hit) {
    return hit;
  }
  return fetch(req);
}
