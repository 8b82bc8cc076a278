/* The body map (ptref/kinds/conditions/pathways.py, pathways/body-map.html): selecting a region
   (tap, click, or Enter on a focused region) shows only that region's list, with the flags not
   tied to one region, and moves focus to the list's heading so a screen reader reads it. "Show
   every region" undoes it. Without JavaScript every region's list stays shown and each region
   is a link to its list. */
(function () {
  "use strict";
  function init() {
    var map = document.querySelector("[data-ptref-body-map]");
    if (!map) return;
    var sections = Array.prototype.slice.call(map.querySelectorAll(".ptref-bm__where"));
    var links = Array.prototype.slice.call(map.querySelectorAll("[data-region]"));
    var all = map.querySelector(".ptref-bm__all");
    var hint = map.querySelector(".ptref-bm__hint");
    function select(key, focus) {
      var target = null;
      sections.forEach(function (section) {
        var on = key === null || section.id === "region-" + key;
        section.hidden = !on;
        if (key !== null && on) target = section;
      });
      if (key !== null && target === null) return select(null, false);
      links.forEach(function (link) {
        var on = key !== null && link.getAttribute("data-region") === key;
        link.classList.toggle("is-selected", on);
        if (on) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
      all.hidden = key === null;
      map.classList.toggle("has-selection", key !== null);
      if (history.replaceState) {
        history.replaceState(null, "", key === null ? location.pathname + location.search : "#region-" + key);
      }
      if (target && focus) {
        var heading = target.querySelector("h2");
        heading.focus({ preventScroll: true });
        if (window.matchMedia("(max-width: 59.9375em)").matches) heading.scrollIntoView({ block: "start" });
      }
    }
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        select(link.getAttribute("data-region"), true);
      });
    });
    all.querySelector("button").addEventListener("click", function () {
      select(null, false);
      if (hint) hint.scrollIntoView({ block: "nearest" });
    });
    var start = /^#region-(.+)$/.exec(location.hash);
    if (start) select(start[1], true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
