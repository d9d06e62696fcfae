/*
 * Scarbook's service worker: after one visit, the whole site and its search index stay readable
 * with no network (the runbook for "DNS is down" must open when DNS is down).
 *
 * src/integrations/offline.ts writes it to the built site as `sw.js`, with the list of every
 * built file and a hash of the build in SCARBOOK_OFFLINE above this comment. A rebuild changes
 * the hash, so the browser installs the new worker, which caches the new build and deletes the old.
 *
 * - Names that change with their content (Astro bundles, Pagefind index chunks): cache first.
 * - Everything else (pages, pagefind.js, pagefind-entry.json, wasm): network first, so a rebuild
 *   shows at once; the cached copy when the network fails or takes longer than NETWORK_TIMEOUT_MS.
 */
/* global SCARBOOK_OFFLINE */
const { base, version, urls } = SCARBOOK_OFFLINE;
const HASHED = new RegExp(SCARBOOK_OFFLINE.hashed);
const PREFIX = `scarbook:${base}:`;
const CACHE = PREFIX + version;
const NETWORK_TIMEOUT_MS = 4000;

/** Cache key: no query string (Pagefind asks for `pagefind-entry.json?ts=<now>`), no fragment. */
const keyOf = (url) => {
  const u = new URL(url, self.location.href);
  return u.origin + u.pathname;
};

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        urls.map(async (url) => {
          // A hashed file already cached by the previous build is the same file: no need to fetch it again.
          const previous = HASHED.test(url) ? await caches.match(keyOf(url)) : undefined;
          if (previous) return cache.put(keyOf(url), previous);
          const response = await fetch(url, { cache: 'no-cache' });
          if (!response.ok) throw new Error(`offline copy: ${url} answered ${response.status}`);
          return cache.put(keyOf(url), response);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(base)) return;
  event.respondWith(HASHED.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});

/** The cached copy of a request: also `/runbooks/x` for `/runbooks/x/` and `…/index.html`. */
async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request.url);
  const candidates = [key];
  if (key.endsWith('/index.html')) candidates.push(key.slice(0, -'index.html'.length));
  else if (!key.endsWith('/') && !/\.[a-z0-9]+$/i.test(key)) candidates.push(`${key}/`);
  for (const candidate of candidates) {
    const hit = await cache.match(candidate);
    if (hit) return hit;
  }
  return undefined;
}

async function keep(request, response) {
  // Only whole, same-origin answers: not a 404, not a redirect, not a partial response.
  if (response.ok && response.status === 200 && response.type === 'basic' && !response.redirected) {
    const cache = await caches.open(CACHE);
    await cache.put(keyOf(request.url), response.clone());
  }
  return response;
}

async function cacheFirst(request) {
  return (await fromCache(request)) ?? keep(request, await fetch(request));
}

async function networkFirst(request) {
  const network = fetch(request).then((response) => keep(request, response));
  // The network answer still refreshes the cache when the timeout served the cached copy.
  network.catch(() => {});
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, NETWORK_TIMEOUT_MS, 'timeout')));
  try {
    const first = await Promise.race([network, timeout]);
    if (first !== 'timeout') return first;
  } catch {
    // offline, DNS down, server stopped: fall through to the cached copy
  } finally {
    clearTimeout(timer);
  }
  const cached = await fromCache(request);
  if (cached) return cached;
  try {
    return await network;
  } catch (error) {
    // Offline and never built: the site's own 404 page, as the server would answer.
    const notFound = request.mode === 'navigate' ? await caches.open(CACHE).then((c) => c.match(keyOf(`${base}404.html`))) : undefined;
    if (notFound) return new Response(notFound.body, { status: 404, statusText: 'Not Found', headers: notFound.headers });
    throw error;
  }
}
