// Dev only: added to the pages by duet-serve when `cargo xtask serve` watches the
// content (crates/duet-serve/src/live.rs); never part of dist/ or of a deploy.
// Listens to the server's rebuilds: after a good one the page reloads (letting the
// rebuilt service worker take over first, as the reader's Reload button would);
// after a failed one it shows the error, as text, and keeps what it shows.
(function () {
  "use strict";
  var script = document.currentScript;
  var here = new URL(script.src);
  var since = here.searchParams.get("since") || "0";
  var events = new EventSource(new URL("events?since=" + encodeURIComponent(since), here).href);
  var notice = null;

  events.addEventListener("ready", hide);
  events.addEventListener("failed", function (event) {
    show(event.data);
  });
  events.addEventListener("reload", function () {
    events.close();
    reload();
  });

  function reload() {
    var worker = navigator.serviceWorker;
    // Whatever happens below, the page reloads.
    setTimeout(function () {
      location.reload();
    }, 15000);
    if (!worker || !worker.controller) {
      location.reload();
      return;
    }
    worker
      .getRegistration()
      .then(function (registration) {
        if (!registration) {
          location.reload();
          return;
        }
        return registration.update().then(function () {
          var next = registration.installing || registration.waiting;
          if (!next) {
            location.reload();
            return;
          }
          worker.addEventListener("controllerchange", function () {
            location.reload();
          });
          var activate = function () {
            if (next.state === "installed") {
              next.postMessage({ type: "skip-waiting" });
            } else if (next.state === "redundant") {
              location.reload();
            }
          };
          next.addEventListener("statechange", activate);
          activate();
        });
      })
      .catch(function () {
        location.reload();
      });
  }

  // Styles through the CSSOM: the page's policy forbids style attributes and inline
  // <style>, not this, and the release stylesheet stays free of dev-only rules.
  function show(text) {
    hide();
    notice = document.createElement("div");
    notice.id = "duet-live-error";
    notice.setAttribute("role", "alert");
    var style = notice.style;
    style.position = "fixed";
    style.left = "0";
    style.right = "0";
    style.bottom = "0";
    style.zIndex = "1000";
    style.maxHeight = "50vh";
    style.overflow = "auto";
    style.padding = "0.75rem 1rem";
    style.background = "#5c0b0b";
    style.color = "#fff";
    style.fontSize = "0.9rem";
    var title = document.createElement("p");
    title.style.margin = "0 0 0.5rem";
    title.style.fontWeight = "bold";
    title.textContent =
      "构建失败 · The build failed. The last good version is served; fix the file and save, and this page reloads.";
    var detail = document.createElement("pre");
    detail.style.margin = "0";
    detail.style.whiteSpace = "pre-wrap";
    detail.textContent = text;
    notice.appendChild(title);
    notice.appendChild(detail);
    document.body.appendChild(notice);
  }

  function hide() {
    if (notice) {
      notice.remove();
      notice = null;
    }
  }
})();
