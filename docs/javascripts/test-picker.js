/* The post-test probability tool's list of tests (ptref/render/test_picker.py): choosing one
   writes its study's sensitivity and specificity into the calculator's fields, switches the
   calculator to "sensitivity and specificity", and says under the list where the figures come
   from, with a link to the test's page. The calculator itself (probability.js) recalculates on
   the change event, as it does when a reader types. Values are written as field values and
   text, never as markup. */
(function () {
  "use strict";
  function init() {
    var picker = document.getElementById("ptref-test-picker");
    var form = document.getElementById("ptref-probability-form");
    if (!picker || !form) return;
    var source = document.getElementById("ptref-test-picker-source");
    picker.addEventListener("change", function () {
      var option = picker.options[picker.selectedIndex];
      while (source.firstChild) source.removeChild(source.firstChild);
      if (!option || !option.value) return;
      var sn = Number(option.getAttribute("data-sn"));
      var sp = Number(option.getAttribute("data-sp"));
      if (!isFinite(sn) || !isFinite(sp)) return;
      document.getElementById("ptref-probability-sn").value = String(sn);
      document.getElementById("ptref-probability-sp").value = String(sp);
      var snsp = form.querySelector('input[name="ptref-probability-mode"][value="snsp"]');
      snsp.checked = true;
      snsp.dispatchEvent(new Event("change", { bubbles: true }));
      source.appendChild(document.createTextNode(
        "From the study of " + option.getAttribute("data-target") + ", in " +
        option.getAttribute("data-setting") + ". See "));
      var link = document.createElement("a");
      link.href = option.getAttribute("data-href");
      link.textContent = option.getAttribute("data-test");
      source.appendChild(link);
      source.appendChild(document.createTextNode(" for the population, the reference standard and its limits."));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
