// Duet's service worker: keeps the app and every bundle file read on this device, so
// what was read once opens again with the network off. Plain JavaScript with no build
// step of its own: `cargo xtask dist` fills in BUILD (xtask/src/offline.rs) and writes
// the result to dist/sw.js. Registered by boot.js, scoped to the app's base path.
//
// The version invariant: BUILD.version is a hash of every file of the build, and every
// cache is named with it. The app shell is served only from its own version's cache,
// and the page itself comes from the network when it can, else from that same cache,
// so old HTML never meets new WebAssembly, nor the reverse. A new deploy installs in
// full beside the old one, then waits until the reader chooses to reload (boot.js
// shows the notice and sends "skip-waiting"); it deletes the old caches as it starts.
"use strict";

// The line below is replaced by `cargo xtask dist`; paths are relative to this file.
const BUILD = {"version":"dev","shell":[],"catalog":"data/catalog.json","offline":"data/offline.json","dataShards":1};

/** The app's base path, such as `/` or `/docs/duet/`. */
const BASE = new URL("./", self.location).pathname;
const DATA = BASE + "data/";
// Caches belong to the whole origin, so their names carry the base path: another
// deployment on the same host keeps its own.
const PREFIX = "duet:" + BASE + ":";
const SHELL_CACHE = PREFIX + "shell:" + BUILD.version;
// Bundle files are kept in BUILD.dataShards caches, `<DATA_PREFIX><n>`, by a hash of
// their path: Chrome refuses `keys()` on a cache of about 20,000 files ("Operation
// too large"), and an archive of 10,000 articles saved whole is 20,000 files.
const DATA_PREFIX = PREFIX + "data:" + BUILD.version + ":";
const INDEX = new URL("index.html", self.location).href;
const SHELL = new Set(BUILD.shell.map((file) => new URL(file, self.location).pathname));
/** The name of this version's cache for the bundle file at `url`. */
function dataCacheName(url) {
  const path = new URL(url, self.location).pathname;
  let hash = 0x811c9dc5;
  for (let index = 0; index < path.length; index++) {
    hash = Math.imul(hash ^ path.charCodeAt(index), 0x01000193) >>> 0;
  }
  return DATA_PREFIX + (hash % Math.max(1, BUILD.dataShards));
}

/** This version's cache for the bundle file at `url`. */
function dataCache(url) {
  return caches.open(dataCacheName(url));
}

/** Whether `name` is a bundle cache of another version of this deployment. */
function earlierData(name) {
  return name.startsWith(PREFIX + "data:") && !name.startsWith(DATA_PREFIX);
}

/** How long a page load waits for the network before it takes the cached page. */
const PATIENCE_MS = 4000;
/** Downloads at once when saving many files. */
const PARALLEL = 4;
/** Kept files checked and copied at once when a new version installs (no network:
 * the browser's storage is the limit). */
const COPIES = 16;
/** Progress reports at most this often while saving (one per file would be 20,000
 * messages, and as many redraws of the page, at 10,000 articles). */
const PROGRESS_MS = 200;

self.addEventListener("install", (event) => {
  event.waitUntil(install());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(activate());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (SHELL.has(url.pathname)) {
    event.respondWith(shellFile(request));
  } else if (url.pathname.startsWith(DATA)) {
    event.respondWith(dataFile(request, url.origin + url.pathname));
  }
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  const reply = (answer) => port && port.postMessage(answer);
  const fail = (error) => reply({ type: "error", error: String((error && error.message) || error) });
  switch (message.type) {
    case "skip-waiting":
      self.skipWaiting();
      break;
    case "version":
      reply({ type: "version", version: BUILD.version });
      break;
    case "keep":
      event.waitUntil(keep(message.urls));
      break;
    case "offline-estimate":
      event.waitUntil(estimate().then(reply, fail));
      break;
    case "save-all":
      event.waitUntil(saveAll(reply).then(reply, fail));
      break;
  }
});

/** Everything this version needs, fetched before it may take over: all or nothing. */
async function install() {
  const shell = await caches.open(SHELL_CACHE);
  // Past the HTTP cache: a stale copy there would file an old file under this version.
  await shell.addAll(BUILD.shell.map((file) => new Request(file, { cache: "no-cache" })));
  // What the reader kept under an earlier version comes along, so it stays
  // readable offline after this deploy and matches this version's app.
  await carryOver();
  const catalog = new URL(BUILD.catalog, self.location).href;
  const data = await dataCache(catalog);
  if (!(await data.match(catalog))) {
    await data.add(new Request(catalog, { cache: "no-cache" }));
  }
}

/**
 * Brings the bundle files kept under earlier versions into this version's cache: a
 * file whose content is still this build's (its SHA-256 against the list) is copied
 * from the old cache, any other downloaded again. The list is read only when that
 * costs less than downloading every kept file again (a reader who kept a handful of
 * a large archive's articles simply gets them again); its parts kept from the last
 * version are copied, not downloaded (each is named by its content).
 */
async function carryOver() {
  const kept = await keptEarlier();
  const files = [...kept.keys()].filter((url) => !isListPart(url));
  let list = null;
  try {
    const index = await offlineIndex();
    const listCost = index.parts
      .filter(([path]) => !kept.has(new URL(path, self.location).href))
      .reduce((sum, [, bytes]) => sum + bytes, 0);
    const againCost = (files.length * index.bytes) / Math.max(1, index.files);
    if (listCost < againCost) {
      list = await offlineList(kept, index);
    }
  } catch (unlisted) {
    // Without the list nothing can be told unchanged: everything again, as before.
  }
  if (!list) {
    await fetchInto(files, () => {});
    return;
  }
  const hashes = new Map(list.files.map((entry) => [entry.url, entry.hash]));
  const again = [];
  await inTurn(files, COPIES, async (url) => {
    const response = await kept.get(url).match(url);
    const copy = response && hashes.has(url) ? await sameContent(response, hashes.get(url)) : null;
    if (copy) {
      await (await dataCache(url)).put(url, copy);
    } else {
      again.push(url);
    }
  });
  await fetchInto(again, () => {});
}

/** Runs `task` on every item, `parallel` at a time. */
async function inTurn(items, parallel, task) {
  let next = 0;
  async function worker() {
    while (next < items.length) {
      next += 1;
      await task(items[next - 1]);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** `response` when its body's hash is `hash` (the list's: the first 64 bits of
 * SHA-256, in hex), else null. Hashes a copy: the kept response itself goes into the
 * new cache as it is, which the browser can store without copying its bytes. */
async function sameContent(response, hash) {
  const body = await response.clone().arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  let hex = "";
  for (const byte of digest.subarray(0, 8)) {
    hex += byte.toString(16).padStart(2, "0");
  }
  return hex === hash ? response : null;
}

/** Drops this deployment's caches of other versions and takes over open pages. */
async function activate() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== SHELL_CACHE && !name.startsWith(DATA_PREFIX)) {
      await caches.delete(name);
    }
  }
  await self.clients.claim();
}

/** Every route is the app: the network's page when it answers, else this version's. */
async function page(request) {
  const network = fetch(request);
  network.catch(() => {});
  let timer;
  const patience = new Promise((resolve) => {
    timer = setTimeout(resolve, PATIENCE_MS, null);
  });
  try {
    const response = await Promise.race([network, patience]);
    if (response && response.status < 500) {
      return response;
    }
  } catch (offline) {
    // The cached page below.
  } finally {
    clearTimeout(timer);
  }
  const cached = await caches.match(INDEX, { cacheName: SHELL_CACHE });
  return cached || network;
}

/** A file of this version's shell: its names carry content hashes, so the cache first. */
async function shellFile(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true });
  return cached || fetch(request);
}

/** A bundle file: the network first, kept for later; the kept copy when offline. */
async function dataFile(request, key) {
  const cache = await dataCache(key);
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const cached = await cache.match(key, { ignoreVary: true });
    if (cached) {
      return cached;
    }
    throw offline;
  }
  if (response.ok) {
    await cache.put(key, response.clone());
  } else if (response.status === 404) {
    await cache.delete(key);
  } else if (response.status >= 500) {
    return (await cache.match(key, { ignoreVary: true })) || response;
  }
  return response;
}

/** Bundle files the page loaded before this worker controlled it. */
async function keep(urls) {
  const wanted = [];
  for (const url of Array.isArray(urls) ? urls : []) {
    const parsed = new URL(url, self.location);
    const key = parsed.origin + parsed.pathname;
    if (parsed.origin === self.location.origin && parsed.pathname.startsWith(DATA) && !(await (await dataCache(key)).match(key))) {
      wanted.push(key);
    }
  }
  await fetchInto(wanted, () => {});
}

/** Data file URLs in this deployment's caches of other versions, each with a cache
 * holding it. */
async function keptEarlier() {
  const kept = new Map();
  for (const name of await caches.keys()) {
    if (earlierData(name)) {
      const cache = await caches.open(name);
      let requests = [];
      try {
        requests = await cache.keys();
      } catch (tooLarge) {
        // A single cache of a whole archive, as versions before the shards kept
        // it: its files are not carried over (saving again fetches them).
      }
      for (const request of requests) {
        if (!kept.has(request.url)) {
          kept.set(request.url, cache);
        }
      }
    }
  }
  return kept;
}

/** Whether `url` is a part of the list of bundle files (`data/offline/<hash>.json`). */
function isListPart(url) {
  return new URL(url).pathname.startsWith(DATA + "offline/");
}

/** Fetches `urls` into this version's caches, a few at a time; `each(url, ok)` after
 * each; the failures. */
async function fetchInto(urls, each) {
  const failed = [];
  await inTurn(urls, PARALLEL, async (url) => {
    try {
      const response = await fetch(url, { cache: "no-cache" });
      if (!response.ok) {
        throw new Error(response.status + " for " + url);
      }
      await (await dataCache(url)).put(url, response);
      each(url, true);
    } catch (error) {
      failed.push(url);
      each(url, false);
    }
  });
  return failed;
}

/** The index of the build's list: `{files, bytes, parts: [[path, bytes]]}`. */
async function offlineIndex() {
  const file = new URL(BUILD.offline, self.location).href;
  const response = (await caches.match(file, { cacheName: SHELL_CACHE })) || (await fetch(file));
  if (!response.ok) {
    throw new Error("the list of files to save could not be loaded (" + response.status + ")");
  }
  return response.json();
}

/**
 * The build's list of bundle files, `{files: [{url, bytes, hash}], bytes}`: each part
 * the index names is read from this version's caches, else taken from `kept`
 * (earlier versions' caches, by URL), else downloaded, and kept.
 */
async function offlineList(kept, index) {
  const files = [];
  const parts = await Promise.all(
    index.parts.map(async ([path]) => {
      const url = new URL(path, self.location).href;
      const data = await dataCache(url);
      let part = await data.match(url);
      if (!part && kept && kept.has(url)) {
        part = await kept.get(url).match(url);
        if (part) {
          await data.put(url, part.clone());
        }
      }
      if (!part) {
        part = await fetch(url, { cache: "no-cache" });
        if (!part.ok) {
          throw new Error("the list of files to save could not be loaded (" + part.status + " for " + path + ")");
        }
        await data.put(url, part.clone());
      }
      return part.json();
    }),
  );
  for (const part of parts) {
    for (const [path, bytes, hash] of part.files) {
      files.push({ url: new URL(path, self.location).href, bytes, hash });
    }
  }
  return { files, bytes: index.bytes };
}

/** The URLs of every bundle file this version keeps. */
async function savedUrls() {
  const saved = new Set();
  for (const name of await caches.keys()) {
    if (name.startsWith(DATA_PREFIX)) {
      for (const request of await (await caches.open(name)).keys()) {
        saved.add(request.url);
      }
    }
  }
  return saved;
}

/** What saving everything takes, and how much of it is saved already. */
async function estimate() {
  const list = await offlineList(null, await offlineIndex());
  const saved = await savedUrls();
  const done = list.files.filter((entry) => saved.has(entry.url));
  return {
    type: "estimate",
    version: BUILD.version,
    files: list.files.length,
    bytes: list.bytes,
    savedFiles: done.length,
    savedBytes: done.reduce((sum, entry) => sum + entry.bytes, 0),
  };
}

/** Saves every bundle file not saved yet, reporting progress; the outcome. */
async function saveAll(report) {
  const list = await offlineList(null, await offlineIndex());
  const saved = await savedUrls();
  const bytesOf = new Map(list.files.map((entry) => [entry.url, entry.bytes]));
  const missing = list.files.filter((entry) => !saved.has(entry.url)).map((entry) => entry.url);
  let done = list.files.length - missing.length;
  let bytes = list.files.filter((entry) => saved.has(entry.url)).reduce((sum, entry) => sum + entry.bytes, 0);
  let reported = 0;
  const failed = await fetchInto(missing, (url, ok) => {
    done += 1;
    bytes += ok ? bytesOf.get(url) : 0;
    const now = Date.now();
    if (now - reported >= PROGRESS_MS || done === list.files.length) {
      reported = now;
      report({ type: "progress", done, files: list.files.length, bytes, totalBytes: list.bytes });
    }
  });
  return {
    type: "saved",
    files: list.files.length,
    bytes: list.bytes,
    failed: failed.map((url) => new URL(url).pathname.slice(BASE.length)),
  };
}
