// Two gaps in Material's markup for keyboard and screen-reader users:
// - its search overlay has role="dialog" but no name, so screen readers announce it unnamed;
// - a wide table sits in a scrolling box (.md-typeset__scrollwrap) that a keyboard cannot reach
//   when the table holds no link; such a box is made focusable and named, so arrow keys scroll it.
(function () {
  "use strict";
  function init() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this site");
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table, scrolls sideways");
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
