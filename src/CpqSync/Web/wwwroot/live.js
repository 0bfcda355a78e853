// Refreshes the parts of a page marked data-refresh="URL" without reloading it: fetches the fragment every
// data-interval milliseconds and swaps it in. A 401 means the session ended: reload, which leads to the login page.
(function () {
  "use strict";
  document.querySelectorAll("[data-refresh]").forEach(function (region) {
    var url = region.getAttribute("data-refresh");
    var interval = parseInt(region.getAttribute("data-interval") || "5000", 10);
    function refresh() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (response.status === 401) { window.location.reload(); return null; }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          // Leave the region alone while someone is using a control inside it.
          if (html !== null && !region.contains(document.activeElement)) {
            region.innerHTML = html;
            region.setAttribute("data-refreshed", new Date().toISOString());
          }
        })
        .catch(function () { /* offline for a moment: try again next time */ });
    }
    window.setInterval(refresh, interval);
  });
})();
