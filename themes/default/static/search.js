// Mounts the Pagefind UI on the search page and runs the query of ?q=
// (the masthead search box sends it). Paths come from data- attributes so the
// page works under any base path.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") {
    return;
  }
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: root.getAttribute("data-bundle"),
    baseUrl: root.getAttribute("data-base"),
    showSubResults: true,
    showImages: false,
    autofocus: true
  });
  // Pagefind's input is named only by its title; label it with the page's heading.
  var input = root.querySelector("input");
  if (input && root.getAttribute("data-label")) {
    input.setAttribute("aria-labelledby", root.getAttribute("data-label"));
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
