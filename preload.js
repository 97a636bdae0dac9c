// Starts fetching the bundle files the first screen needs while the WebAssembly app
// is still downloading and compiling, so data and code arrive together. A separate
// file rather than an inline script, so a strict Content-Security-Policy allows it.
(function () {
  var base = new URL(document.baseURI).pathname;
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
    link.href = href;
    document.head.appendChild(link);
  });
})();
