// Long notes in the margin, shortened so each stays beside its passage.
// On wide screens the notes float beside the text; a note taller than its
// paragraph pushes every later one down, and a report with several long
// notes had its last ones a screen or more below their passages. This shows
// the first lines of a note whose text runs long, with a button that shows
// it whole. A note opens by itself when its number in the text is followed
// (the address names it) and when keyboard focus enters it. Progressive
// enhancement: without this script every note is shown whole; phones (notes
// under their paragraph) and print are never shortened.
(() => {
  "use strict";
  const wide = window.matchMedia("(min-width: 68rem)");
  const notes = [...document.querySelectorAll(".article--annotated .noted > .annotation-group > .annotation")];
  if (!notes.length) return;

  function open(note, isOpen) {
    const button = note.querySelector(":scope > .annotation-more");
    if (!button) return;
    note.classList.toggle("annotation--open", isOpen);
    button.setAttribute("aria-expanded", String(isOpen));
    button.textContent = isOpen ? "Show less" : "Show the whole note";
  }

  function shorten(note) {
    const body = note.querySelector(":scope > .annotation-body");
    if (!body || note.querySelector(":scope > .annotation-more")) return;
    note.classList.add("annotation--clamped");
    // Shortened only when that hides two lines or more: a button to show one
    // more line would cost the space it saves.
    const line = parseFloat(getComputedStyle(body).lineHeight) || 20;
    if (body.scrollHeight - body.clientHeight < 2 * line) {
      note.classList.remove("annotation--clamped");
      return;
    }
    body.id = body.id || note.id + "-body";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "annotation-more";
    button.setAttribute("aria-controls", body.id);
    button.addEventListener("click", () => open(note, !note.classList.contains("annotation--open")));
    body.after(button);
    open(note, false);
  }

  function unshorten(note) {
    note.querySelector(":scope > .annotation-more")?.remove();
    note.classList.remove("annotation--clamped", "annotation--open");
  }

  function openTarget() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && notes.includes(target)) open(target, true);
  }

  function layout() {
    notes.forEach(wide.matches ? shorten : unshorten);
    openTarget();
  }

  window.addEventListener("hashchange", openTarget);
  // A link inside the hidden lines, reached with the keyboard, is shown.
  document.addEventListener("focusin", (event) => {
    const note = event.target.closest && event.target.closest(".annotation--clamped");
    if (note && !note.classList.contains("annotation--open") &&
        !event.target.classList.contains("annotation-more")) open(note, true);
  });
  wide.addEventListener("change", layout);
  layout();
})();
