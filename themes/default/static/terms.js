// Glossary definitions on hover, keyboard focus and tap.
// Progressive enhancement: without this script (or without the Popover API)
// each term is an ordinary link to its glossary page. Meets WCAG 1.4.13:
// the definition stays open while the pointer is over the term or the
// definition, until focus leaves, and Escape dismisses it.
(() => {
  "use strict";
  if (!HTMLElement.prototype.showPopover) return;
  const GAP = 6;
  let shown = null;
  let owner = null;
  let timer = 0;
  let touched = false;
  // Whether the tapped term's definition was open as the finger came down: by
  // the click, the popover has closed itself (a press outside it dismisses it).
  let openAtPress = false;

  const popoverOf = (link) => document.getElementById("term-definition-" + link.dataset.term);

  function place(popover, link) {
    const box = link.getBoundingClientRect();
    const width = Math.min(popover.offsetWidth, window.innerWidth - 2 * GAP);
    const left = Math.max(GAP, Math.min(box.left, window.innerWidth - width - GAP));
    const below = box.bottom + GAP;
    const fitsBelow = below + popover.offsetHeight < window.innerHeight;
    popover.style.left = left + "px";
    popover.style.top = (fitsBelow ? below : Math.max(GAP, box.top - GAP - popover.offsetHeight)) + "px";
  }

  function show(link) {
    const popover = popoverOf(link);
    if (!popover) return;
    clearTimeout(timer);
    if (shown && shown !== popover && shown.matches(":popover-open")) shown.hidePopover();
    if (!popover.matches(":popover-open")) popover.showPopover();
    place(popover, link);
    shown = popover;
    owner = link;
  }

  function hideSoon() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!shown || shown.matches(":hover") || shown.contains(document.activeElement)) return;
      if (owner && (owner.matches(":hover") || owner === document.activeElement)) return;
      if (shown.matches(":popover-open")) shown.hidePopover();
      shown = owner = null;
    }, 300);
  }

  for (const link of document.querySelectorAll("a.term[data-term]")) {
    const popover = popoverOf(link);
    if (!popover) continue;
    link.addEventListener("mouseenter", () => show(link));
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", () => show(link));
    link.addEventListener("blur", hideSoon);
    link.addEventListener("pointerdown", (event) => {
      touched = event.pointerType !== "mouse";
      openAtPress = shown === popover && popover.matches(":popover-open");
    });
    link.addEventListener("click", (event) => {
      // First tap on a touch screen shows the definition; a second tap follows the link.
      if (touched && !openAtPress) {
        event.preventDefault();
        show(link);
      }
    });
    popover.addEventListener("mouseenter", () => clearTimeout(timer));
    popover.addEventListener("mouseleave", hideSoon);
    popover.addEventListener("focusout", hideSoon);
  }
  window.addEventListener("scroll", () => {
    if (shown && owner && shown.matches(":popover-open")) place(shown, owner);
  }, { passive: true });
})();
