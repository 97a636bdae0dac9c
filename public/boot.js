// Runs before the WebAssembly app, as a file rather than an inline script so a strict
// Content-Security-Policy allows it. Three jobs:
// 1. Start fetching the bundle files the first screen needs while the app is still
//    downloading and compiling, so data and code arrive together.
// 2. If the app fails to start (its files missing, WebAssembly unavailable), replace
//    the "Starting…" notice with an error and a way forward, never a blank page.
// 3. Offline: register the service worker (sw.js), show a notice with a Reload
//    button when a new version has been installed, and offer `window.duetOffline`
//    for saving every article (see the end of this file).
(function () {
  // --- Before the first paint -----------------------------------------------------
  // The reader's stored preferences go on <html> now, not when the app starts, so
  // the theme and text size are right from the first frame, and a pre-rendered
  // article page (duet-prerender) shows the view the app will show. Mirrors
  // src/reader/prefs.rs (keys, defaults) and Layout::resolve in src/nav/view_mode.rs.
  var root = document.documentElement;
  function stored(key) {
    try {
      return localStorage.getItem("duet." + key);
    } catch (error) {
      return null;
    }
  }
  function langOf(code) {
    var primary = String(code || "").split(/[-_]/)[0].toLowerCase();
    return primary === "zh" || primary === "en" ? primary : null;
  }
  var browserLangs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  var ui = langOf(stored("ui_lang"));
  for (var i = 0; !ui && i < browserLangs.length; i++) {
    ui = langOf(browserLangs[i]);
  }
  ui = ui || "en";
  var theme = stored("theme");
  var dark = theme === "dark" || (theme !== "light" && window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches);
  var fontStep = parseInt(stored("font_step"), 10);
  var query = new URLSearchParams(location.search);
  var views = ["zh", "en", "side", "inter"];
  var storedLayout = (stored("layout") || "").split(":");
  var fallback = views.indexOf(storedLayout[0]) >= 0 && langOf(storedLayout[1])
    ? { view: storedLayout[0], lead: storedLayout[1] }
    : { view: "side", lead: ui };
  var view = views.indexOf(query.get("view")) >= 0 ? query.get("view") : fallback.view;
  // A one-language view leads with its own language.
  var lead = view === "zh" || view === "en" ? view : langOf(query.get("lead")) || fallback.lead;
  root.lang = ui === "zh" ? "zh-Hans" : "en";
  root.setAttribute("data-theme", dark ? "dark" : "light");
  root.setAttribute("data-font-step", fontStep >= -2 && fontStep <= 4 ? String(fontStep) : "0");
  root.setAttribute("data-pinyin", stored("pinyin") === "on" ? "on" : "off");
  root.setAttribute("data-tones", stored("tones") === "on" ? "on" : "off");
  root.setAttribute("data-ui", ui);
  root.setAttribute("data-view", view);
  root.setAttribute("data-lead", lead);

  // A release build names its base path in <meta name="duet-base"> (the CSP forbids
  // <base>); without one, the document's base URL.
  var declared = document.querySelector("meta[name=duet-base]");
  var base = declared ? declared.content : new URL(document.baseURI).pathname;
  if (base.charAt(base.length - 1) !== "/") {
    base += "/";
  }
  // The one-file edition, opened from disk, carries its bundle inside the page and
  // can have no service worker: nothing to preload, nothing to register.
  var fromDisk = location.protocol === "file:";
  var path = location.pathname.indexOf(base) === 0 ? location.pathname.slice(base.length) : "";
  var files = fromDisk ? [] : ["data/catalog.json"];
  var article = /^a\/([a-z0-9-]+)\/?$/.exec(path);
  if (article) {
    // The same path as duet_core::article_path (stored gzip-compressed).
    files.push("data/articles/" + article[1] + ".json.gz");
  }
  var listPage = !fromDisk && path === "" ? libraryPage(new URLSearchParams(location.search)) : null;
  if (listPage) {
    files.push(listPage);
  }
  // The split build draws the library with a chunk of its own (xtask/src/split.rs
  // names its files): fetched with the page, not after the app has started.
  var libraryChunks = document.querySelector("meta[name=duet-library-chunks]");
  if (!fromDisk && path === "" && libraryChunks) {
    libraryChunks.content.split(" ").filter(Boolean).forEach(function (file) {
      files.push(file);
    });
  }
  files.forEach(function (href) {
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    // The app's fetch() is a CORS-mode request; the preload must match it to be reused.
    link.crossOrigin = "anonymous";
    link.href = base + href;
    document.head.appendChild(link);
  });

  // The list page a library address shows, as duet_core's `ListKey::page_path` and
  // the app's `route::library_list` name it; null for the first page of everything,
  // which the catalog's head holds.
  function libraryPage(query) {
    var page = parseInt(query.get("page") || "1", 10);
    if (!(page >= 1) || String(page) !== (query.get("page") || "1")) {
      page = 1;
    }
    var tag = query.get("tag");
    var level = query.get("level");
    var month = query.get("month");
    var list;
    if (tag) {
      var folder = "";
      for (var character of tag) {
        folder += /^[A-Za-z0-9-]$/.test(character)
          ? character
          : "_" + character.codePointAt(0).toString(16);
      }
      list = "tag/" + folder;
    } else if (level && /^[0-9]+$/.test(level) && Number(level) < 256) {
      list = "level/" + Number(level);
    } else if (month && /^[0-9]{4}-[0-9]{2}$/.test(month)) {
      list = "month/" + month;
    } else if (page > 1) {
      list = "all";
    } else {
      return null;
    }
    return "data/lists/" + list + "/" + page + ".json.gz";
  }

  var started = false;
  addEventListener("TrunkApplicationStarted", function () {
    started = true;
  });
  function showFailure(detail) {
    var boot = document.getElementById("boot");
    if (started || !boot) {
      return;
    }
    // A pre-rendered article page keeps the notice hidden until there is news.
    boot.hidden = false;
    boot.className = "status error";
    boot.setAttribute("role", "alert");
    boot.textContent = "";
    [
      ["zh-Hans", "双读无法启动：" + detail + "。请重新载入页面；如果问题依旧，请联系网站管理员。"],
      ["en", "Duet could not start: " + detail + ". Reload the page; if it keeps happening, tell the site's operator."],
    ].forEach(function (entry) {
      var paragraph = document.createElement("p");
      paragraph.lang = entry[0];
      paragraph.textContent = entry[1];
      boot.appendChild(paragraph);
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "重新载入 · Reload";
    button.addEventListener("click", function () {
      location.reload();
    });
    boot.appendChild(button);
  }
  addEventListener("error", function (event) {
    showFailure(event.message || "a script failed to load");
  });
  addEventListener("unhandledrejection", function (event) {
    showFailure(String(event.reason && event.reason.message ? event.reason.message : event.reason));
  });
  if (typeof WebAssembly !== "object") {
    addEventListener("DOMContentLoaded", function () {
      showFailure("this browser does not support WebAssembly");
    });
  }

  // --- Offline -------------------------------------------------------------------
  // Only a release build (`cargo xtask dist`, which writes sw.js and names its base in
  // <meta name="duet-base">) has a service worker; `trunk serve` does not.
  var worker = navigator.serviceWorker;
  var registered = declared && worker && !fromDisk
    ? new Promise(function (resolve) {
        addEventListener("load", resolve);
      }).then(function () {
        return worker.register(base + "sw.js", { scope: base });
      })
    : Promise.reject(new Error("this page keeps no files for offline use (no service worker)"));
  // Set by the Reload button: the next change of worker reloads the page into it.
  var reloading = false;

  registered.then(function (registration) {
    if (registration.waiting && worker.controller) {
      showUpdate(registration);
    }
    registration.addEventListener("updatefound", function () {
      var installing = registration.installing;
      installing.addEventListener("statechange", function () {
        // With no controller this is the first install, not an update.
        if (installing.state === "installed" && worker.controller) {
          showUpdate(registration);
        }
      });
    });
    // Look for a new deploy when the reader comes back to the page, and hourly.
    function check() {
      registration.update().catch(function () {});
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        check();
      }
    });
    setInterval(check, 60 * 60 * 1000);
  }, function (error) {
    if (declared && worker && !fromDisk) {
      console.warn("Duet: no offline support:", error);
    }
  });

  if (worker && !fromDisk) {
    worker.addEventListener("controllerchange", function () {
      if (reloading) {
        location.reload();
      } else {
        keep(performance.getEntriesByType("resource"));
      }
    });
    // Bundle files loaded while no worker controlled the page (the first visit) are
    // handed to the worker as they arrive, so every article read is kept.
    if (typeof PerformanceObserver === "function") {
      new PerformanceObserver(function (entries) {
        keep(entries.getEntries());
      }).observe({ type: "resource", buffered: true });
    }
  }

  function keep(entries) {
    var data = location.origin + base + "data/";
    var urls = entries
      .map(function (entry) {
        return entry.name;
      })
      .filter(function (url) {
        return url.indexOf(data) === 0;
      });
    if (urls.length && worker.controller) {
      worker.controller.postMessage({ type: "keep", urls: urls });
    }
  }

  // "新版本已就绪 · A new version is ready" with a Reload button that lets the waiting
  // worker take over; the page reloads once it has, so HTML and code stay one version.
  function showUpdate(registration) {
    if (document.getElementById("update-notice")) {
      return;
    }
    var notice = document.createElement("div");
    notice.id = "update-notice";
    notice.className = "update-notice";
    notice.setAttribute("role", "status");
    var text = document.createElement("p");
    [["zh-Hans", "新版本已就绪"], ["", " · "], ["en", "A new version is ready"]].forEach(function (part) {
      var span = document.createElement("span");
      if (part[0]) {
        span.lang = part[0];
      }
      span.textContent = part[1];
      text.appendChild(span);
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "重新载入 · Reload";
    button.addEventListener("click", function () {
      button.disabled = true;
      if (registration.waiting) {
        reloading = true;
        registration.waiting.postMessage({ type: "skip-waiting" });
      } else {
        // Another tab let it take over already.
        location.reload();
      }
    });
    notice.appendChild(text);
    notice.appendChild(button);
    document.body.appendChild(notice);
  }

  // Asks the active worker; resolves with its answer, passes progress to `onProgress`.
  function ask(message, onProgress) {
    return registered
      .then(function () {
        return worker.ready;
      })
      .then(function (registration) {
        return new Promise(function (resolve, reject) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (event) {
            var answer = event.data || {};
            if (answer.type === "progress") {
              onProgress(answer);
              return;
            }
            channel.port1.close();
            if (answer.type === "error") {
              reject(new Error(answer.error));
            } else {
              resolve(answer);
            }
          };
          registration.active.postMessage(message, [channel.port2]);
        });
      });
  }

  // For the app (see ARCHITECTURE.md, "Offline"). Every function returns a Promise
  // that rejects with an Error when this page has no service worker.
  window.duetOffline = Object.freeze({
    // What saving every article takes: {files, bytes, savedFiles, savedBytes, version}.
    estimate: function () {
      return ask({ type: "offline-estimate" });
    },
    // Saves every bundle file not saved yet. Progress goes to `onProgress` (optional)
    // and to window as "duet-offline-progress" events, both with {done, files, bytes,
    // totalBytes}. Resolves with {files, bytes, failed: [paths]}.
    saveAll: function (onProgress) {
      // Asked once, so the browser does not evict what the reader chose to keep.
      if (navigator.storage && navigator.storage.persist) {
        navigator.storage.persist().catch(function () {});
      }
      return ask({ type: "save-all" }, function (progress) {
        if (typeof onProgress === "function") {
          onProgress(progress);
        }
        dispatchEvent(new CustomEvent("duet-offline-progress", { detail: progress }));
      });
    },
    // The version of the build the active worker serves.
    version: function () {
      return ask({ type: "version" }).then(function (answer) {
        return answer.version;
      });
    },
  });
})();
