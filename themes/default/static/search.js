// Mounts the Pagefind UI on the search page and runs the query of ?q=
// (the masthead search box sends it). The index is in parts (shards):
// shards.json lists them, the first one's folder holds Pagefind's script, and
// the UI merges the others into every query (mergeIndex). Paths come from
// data- attributes so the page works under any base path.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") {
    return;
  }
  var bundle = root.getAttribute("data-bundle");
  var base = root.getAttribute("data-base");

  function mount(shards) {
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundle + shards[0] + "/",
      baseUrl: base,
      mergeIndex: shards.slice(1).map(function (shard) {
        return { bundlePath: bundle + shard + "/", baseUrl: base };
      }),
      // Half Pagefind's 300 ms: results follow typing within half a second
      // (docs/performance.md); Pagefind fetches what a term needs meanwhile.
      debounceTimeoutMs: 150,
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
  }

  fetch(bundle + "shards.json")
    .then(function (response) { return response.json(); })
    .then(function (list) {
      if (list.shards && list.shards.length) {
        mount(list.shards);
      }
    });
})();
