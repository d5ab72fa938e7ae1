// Long notes in the margin, shortened so each stays beside its passage.
// On wide screens the notes float beside the text; a note taller than its
// paragraph pushes every later one down, and a report with several long
// notes had its last ones a screen or more below their passages. This shows
// the first lines of a note whose text runs long, with a button that shows
// it whole. A note opens by itself when its number in the text is followed
// (the address names it), when keyboard focus reaches a link in its hidden
// lines, and when anything scrolls its hidden lines into view (find in page).
// Progressive enhancement: without this script every note is shown whole;
// phones (notes under their paragraph) and print are never shortened.
(() => {
  "use strict";
  const wide = window.matchMedia("(min-width: 68rem)");
  const notes = [...document.querySelectorAll(".article--annotated .noted > .annotation-group > .annotation")];
  if (!notes.length) return;
  const bodyOf = (note) => note.querySelector(":scope > .annotation-body");
  const buttonOf = (note) => note.querySelector(":scope > .annotation-more");
  const lineOf = (body) => parseFloat(getComputedStyle(body).lineHeight) || 20;

  function open(note, isOpen) {
    const button = buttonOf(note);
    if (!button) return;
    const before = button.getBoundingClientRect().top;
    note.classList.toggle("annotation--open", isOpen);
    bodyOf(note).scrollTop = 0;
    button.setAttribute("aria-expanded", String(isOpen));
    button.textContent = isOpen ? "Show less" : "Show the whole note";
    // Closing a note from its foot keeps the button where the reader is.
    if (!isOpen && note.classList.contains("annotation--clamped")) {
      window.scrollBy(0, button.getBoundingClientRect().top - before);
    }
  }

  function prepare(note) {
    const body = bodyOf(note);
    if (!body) return;
    body.id = body.id || note.id + "-body";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "annotation-more";
    button.setAttribute("aria-controls", body.id);
    const label = note.getAttribute("aria-labelledby");
    if (label) button.setAttribute("aria-describedby", label);  // which note
    button.addEventListener("click", () => open(note, !note.classList.contains("annotation--open")));
    body.after(button);
    // Hidden lines scrolled into view (find in page, a link to a text) open it.
    body.addEventListener("scroll", () => {
      if (body.scrollTop > 0 && note.classList.contains("annotation--clamped")) open(note, true);
    });
    open(note, false);
  }

  // Shortened only when that hides two lines or more: a button to show one
  // more line would cost the space it saves. Measured shut, then as it was.
  function measure(note) {
    const body = bodyOf(note);
    if (!body) return;
    const wasOpen = note.classList.contains("annotation--open");
    note.classList.remove("annotation--open");
    note.classList.add("annotation--clamped");
    const hidden = body.scrollHeight - body.clientHeight;
    note.classList.toggle("annotation--clamped", wide.matches && hidden >= 2 * lineOf(body));
    note.classList.toggle("annotation--open", wasOpen);
  }

  function openTarget() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && notes.includes(target)) open(target, true);
  }

  notes.forEach(prepare);
  const layout = () => notes.forEach(measure);
  layout();
  openTarget();
  wide.addEventListener("change", layout);
  window.addEventListener("hashchange", openTarget);
  // A number followed again (the address unchanged, so no hashchange).
  document.querySelectorAll(".annotation-ref a").forEach((link) =>
    link.addEventListener("click", () => setTimeout(openTarget)));
  // Keyboard focus on a link in a shut note's hidden lines shows them; a
  // click (no visible focus) or a link in sight leaves the note as it is.
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    const note = target.closest && target.closest(".annotation--clamped:not(.annotation--open)");
    if (!note || !target.matches(":focus-visible")) return;
    const body = bodyOf(note);
    if (!body.contains(target)) return;
    const limit = body.getBoundingClientRect().bottom - 2.4 * lineOf(body);
    if (target.getBoundingClientRect().bottom > limit) {
      open(note, true);
      target.scrollIntoView({ block: "nearest" });
    }
  });
})();
