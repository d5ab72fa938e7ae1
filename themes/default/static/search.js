// Mounts the Pagefind UI on the search page and runs the query of ?q=
// (the masthead search box sends it). The index is in parts (shards):
// shards.json lists them, the first one's folder holds Pagefind's script.
//
// The UI's own mergeIndex option loads the shards one after another, and only
// once the box is used: two requests per shard in a row, most of a second
// with two dozen shards (docs/performance.md). So this script loads
// Pagefind's API itself as the page opens and merges every shard at once
// (mergeIndex for all of them before waiting on any). The UI then imports the
// same pagefind.js URL, which a page loads once, so it searches this
// instance, shards merged, and merges nothing of its own.
// Paths come from data- attributes so the page works under any base path.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") {
    return;
  }
  var bundle = root.getAttribute("data-bundle");
  var base = root.getAttribute("data-base");

  // Every shard after the first merged into the primary's instance, at once.
  function merge(pagefind, shards) {
    pagefind.options({ baseUrl: base });
    return Promise.all(shards.slice(1).map(function (shard) {
      return pagefind.mergeIndex(bundle + shard + "/", { baseUrl: base });
    }));
  }

  function mount(shards) {
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundle + shards[0] + "/",
      baseUrl: base,
      // Half Pagefind's 300 ms: results follow typing within half a second
      // (docs/performance.md); Pagefind fetches what a term needs meanwhile.
      debounceTimeoutMs: 150,
      showSubResults: true,
      showImages: false,
      autofocus: true
    });
    var input = root.querySelector("input");
    if (input) {
      // Pagefind's input is named only by its title; label it with the page's heading.
      if (root.getAttribute("data-label")) {
        input.setAttribute("aria-labelledby", root.getAttribute("data-label"));
      }
      // The UI takes up Pagefind when its box gets focus, then polls for it
      // every 50 ms; a focus event now (the box's focus itself unchanged) has
      // it ready before the first key.
      input.dispatchEvent(new FocusEvent("focus"));
    }
    announce(root);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }

  // Pagefind's "5 results for corridor" is not a live region: a status line of
  // our own repeats it, so a screen reader says what a search found.
  function announce(container) {
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    container.parentNode.insertBefore(status, container.nextSibling);
    var said = "";
    new MutationObserver(function () {
      var message = container.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent.trim() : "";
      if (text !== said) {
        said = text;
        status.textContent = text;
      }
    }).observe(container, { childList: true, subtree: true, characterData: true });
  }

  fetch(bundle + "shards.json")
    .then(function (response) { return response.json(); })
    .then(function (list) {
      var shards = list.shards || [];
      if (!shards.length) {
        return null;
      }
      return import(bundle + shards[0] + "/pagefind.js").then(function (pagefind) {
        var merged = merge(pagefind, shards);
        mount(shards);
        return merged;
      });
    })
    .catch(function (error) {
      console.error("Search could not load its index:", error);
    });
})();
