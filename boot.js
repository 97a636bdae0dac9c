// Runs before the WebAssembly app, as a file rather than an inline script so a strict
// Content-Security-Policy allows it. Two jobs:
// 1. Start fetching the bundle files the first screen needs while the app is still
//    downloading and compiling, so data and code arrive together.
// 2. If the app fails to start (its files missing, WebAssembly unavailable), replace
//    the "Starting…" notice with an error and a way forward, never a blank page.
(function () {
  // A release build names its base path in <meta name="duet-base"> (the CSP forbids
  // <base>); without one, the document's base URL.
  var declared = document.querySelector("meta[name=duet-base]");
  var base = declared ? declared.content : new URL(document.baseURI).pathname;
  if (base.charAt(base.length - 1) !== "/") {
    base += "/";
  }
  var path = location.pathname.indexOf(base) === 0 ? location.pathname.slice(base.length) : "";
  var files = ["data/catalog.json"];
  var article = /^a\/([a-z0-9-]+)\/?$/.exec(path);
  if (article) {
    files.push("data/articles/" + article[1] + ".json");
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

  var started = false;
  addEventListener("TrunkApplicationStarted", function () {
    started = true;
  });
  function showFailure(detail) {
    var boot = document.getElementById("boot");
    if (started || !boot) {
      return;
    }
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
})();
