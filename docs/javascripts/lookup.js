// Filter and sort for tables wrapped in <div class="ptref-lookup">. Plain JavaScript, shipped
// with the site: it must work offline and from a shared drive.
(function () {
  "use strict";

  function cellText(row, index) {
    return (row.cells[index] ? row.cells[index].textContent : "").trim().toLowerCase();
  }

  function compare(a, b) {
    var na = parseFloat(a), nb = parseFloat(b);
    if (!isNaN(na) && !isNaN(nb) && String(na) === a && String(nb) === b) return na - nb;
    return a.localeCompare(b, undefined, { numeric: true });
  }

  function setUp(wrapper, n) {
    var table = wrapper.querySelector("table");
    if (!table || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "ptref-lookup__status";

    var label = document.createElement("label");
    label.className = "ptref-lookup__filter";
    label.textContent = "Filter the table ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "ptref-filter-" + n;
    input.placeholder = "code, word or system";
    label.setAttribute("for", input.id);
    label.appendChild(input);
    wrapper.insertBefore(status, wrapper.firstChild);
    wrapper.insertBefore(label, status);

    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " rows shown";
    }
    input.addEventListener("input", filter);

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ptref-lookup__sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var result = compare(cellText(a, index), cellText(b, index));
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    filter();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".ptref-lookup"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
