/* The red-flag index (ptref/kinds/red_flags/page.py): show only the flags of one region of pain
   and of the urgencies ticked. A flag tied to no region shows for every region. Groups (the
   urgency headings) with no flag left are hidden too. Without JavaScript the form stays hidden
   and every flag is listed. */
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("[data-ptref-rf-filter]");
    if (!form) return;
    var flags = Array.prototype.slice.call(document.querySelectorAll(".ptref-rf"));
    var count = form.querySelector(".ptref-rf-filter__count");
    function apply() {
      var region = form.elements.region.value;
      var urgencies = Array.prototype.filter.call(form.querySelectorAll("input[name=urgency]"), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; });
      var shown = 0;
      flags.forEach(function (flag) {
        var regions = (flag.getAttribute("data-regions") || "").split(" ").filter(Boolean);
        var ok = urgencies.indexOf(flag.getAttribute("data-urgency")) >= 0 &&
          (!region || regions.length === 0 || regions.indexOf(region) >= 0);
        flag.hidden = !ok;
        if (ok) shown += 1;
      });
      Array.prototype.forEach.call(document.querySelectorAll(".ptref-rf-list"), function (list) {
        var any = list.querySelector(".ptref-rf:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = !any;
      });
      count.textContent = shown + " of " + flags.length + " red flags shown";
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
