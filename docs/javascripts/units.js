// Timed-code units calculator: the same rules, wording and warnings as macros/model/units.py
// (tests/units_vectors.json is run against both). Plain JavaScript, no network: the rules come
// from a JSON block that the site build writes into the page from data/.
(function (root) {
  "use strict";

  var METHODS = ["medicare", "per-code"];
  var MINUTES_IN_A_DAY = 24 * 60;

  function medicareUnits(total) {
    return total < 8 ? 0 : Math.floor((total + 7) / 15);
  }

  function UnitsError(message) { this.message = message; }

  function check(rules, entries, method) {
    if (METHODS.indexOf(method) === -1) {
      throw new UnitsError("unknown method '" + method + "'; use one of: " + METHODS.join(", "));
    }
    if (!entries.length) throw new UnitsError("give at least one CODE=MINUTES");
    var seen = {}, total = 0;
    entries.forEach(function (e) {
      if (!Object.prototype.hasOwnProperty.call(rules.codes, e[0])) {
        throw new UnitsError("unknown code " + e[0] + "; known: " + Object.keys(rules.codes).sort().join(", "));
      }
      if (seen[e[0]]) throw new UnitsError(e[0] + " is given twice; add its minutes together");
      if (e[1] < 0) throw new UnitsError("minutes for " + e[0] + " cannot be negative");
      seen[e[0]] = true;
      total += e[1];
    });
    if (total > MINUTES_IN_A_DAY) throw new UnitsError("more than " + MINUTES_IN_A_DAY + " minutes in one day");
  }

  function calculate(rules, entries, method) {
    method = method || "medicare";
    check(rules, entries, method);
    var timed = entries.filter(function (e) { return rules.codes[e[0]].timed; });
    var untimed = entries.filter(function (e) { return !rules.codes[e[0]].timed; });
    var total = timed.reduce(function (sum, e) { return sum + e[1]; }, 0);
    var units = {}, explanation = [];
    entries.forEach(function (e) { units[e[0]] = 0; });
    if (method === "medicare") medicare(timed, total, units, explanation);
    else perCode(timed, units, explanation);
    untimed.forEach(function (e) {
      units[e[0]] = 1;
      explanation.push(e[0] + " is untimed: 1 unit, and its minutes do not count towards timed minutes.");
    });
    var totalUnits = Object.keys(units).reduce(function (sum, c) { return sum + units[c]; }, 0);
    return { method: method, total_timed_minutes: total, total_units: totalUnits, units: units,
             explanation: explanation, warnings: warnings(rules, entries, method) };
  }

  function medicare(timed, total, units, explanation) {
    var totalUnits = medicareUnits(total);
    explanation.push("Total timed minutes: " + total + ", which gives " + totalUnits +
                     " unit(s) under the 8-minute rule.");
    var remaining = {}, assigned = 0;
    timed.forEach(function (e) {
      units[e[0]] = Math.floor(e[1] / 15);
      remaining[e[0]] = e[1] % 15;
      assigned += units[e[0]];
      if (units[e[0]]) {
        explanation.push(e[0] + ": " + e[1] + " min contains " + units[e[0]] + " whole 15-minute unit(s), " +
                         remaining[e[0]] + " min left over.");
      }
    });
    // Stable sort by remaining minutes, most first: on a tie the code listed first wins.
    var order = timed.map(function (e, i) { return [e[0], i]; });
    order.sort(function (a, b) { return (remaining[b[0]] - remaining[a[0]]) || (a[1] - b[1]); });
    order.slice(0, totalUnits - assigned).forEach(function (item) {
      units[item[0]] += 1;
      explanation.push(item[0] + ": 1 more unit for its " + remaining[item[0]] +
                       " remaining min (the most remaining minutes still unassigned).");
    });
  }

  function perCode(timed, units, explanation) {
    timed.forEach(function (e) {
      units[e[0]] = medicareUnits(e[1]);
      explanation.push(e[0] + ": " + e[1] + " min on its own gives " + units[e[0]] +
                       " unit(s) (a unit needs at least 8 minutes: the midpoint of 15).");
    });
  }

  function warnings(rules, entries, method) {
    var given = entries.map(function (e) { return e[0]; });
    var out = [];
    rules.pairs.forEach(function (p) {
      if (given.indexOf(p.first) !== -1 && given.indexOf(p.second) !== -1) {
        out.push("NCCI edit: " + p.first + " with " + p.second + ". " + p.when);
      }
    });
    if (method === "medicare") {
      given.forEach(function (code) {
        var rule = rules.codes[code];
        if (rule.medicare_status === "bundled") {
          out.push("Medicare: " + code + " is bundled (status B) and never paid separately.");
        } else if (rule.medicare_status === "not-recognised") {
          var instead = rule.medicare_use_instead ? "; report " + rule.medicare_use_instead + " instead" : "";
          out.push("Medicare: " + code + " is not recognised" + instead + ".");
        }
      });
      if (rules.line_modifier) {
        out.push("Medicare: add modifier " + rules.line_modifier + " to every line of physical therapy.");
      }
    }
    return out;
  }

  // ---- the form on the calculator page --------------------------------------------------
  function text(tag, content) {
    var el = document.createElement(tag);
    el.textContent = content;
    return el;
  }

  function setUpForm(form) {
    var rules = JSON.parse(document.getElementById("ptref-units-rules").textContent);
    var rows = form.querySelector("[data-units-rows]");
    var template = rows.querySelector("[data-units-row]");
    var output = document.getElementById("ptref-units-output");

    form.querySelector("[data-units-add]").addEventListener("click", function () {
      var row = template.cloneNode(true);
      var n = rows.querySelectorAll("[data-units-row]").length + 1;
      row.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace(/-\d+$/, "-" + n); });
      row.querySelectorAll("label[for]").forEach(function (el) {
        el.setAttribute("for", el.getAttribute("for").replace(/-\d+$/, "-" + n));
      });
      row.querySelector("select").selectedIndex = 0;
      row.querySelector("input").value = "";
      rows.appendChild(row);
      row.querySelector("select").focus();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var entries = [];
      var problem = null;
      rows.querySelectorAll("[data-units-row]").forEach(function (row) {
        var code = row.querySelector("select").value;
        var raw = row.querySelector("input").value.trim();
        if (!code && !raw) return;
        if (!code) { problem = "choose a code for every row with minutes"; return; }
        if (!/^-?\d+$/.test(raw)) { problem = "minutes for " + code + " must be a whole number, got '" + raw + "'"; return; }
        entries.push([code, parseInt(raw, 10)]);
      });
      var method = form.querySelector("input[name=method]:checked").value;
      output.textContent = "";
      try {
        if (problem) throw new UnitsError(problem);
        show(output, calculate(rules, entries, method));
      } catch (err) {
        if (!(err instanceof UnitsError)) throw err;
        var p = text("p", "Cannot calculate: " + err.message);
        p.className = "ptref-units-error";
        output.appendChild(p);
      }
    });
  }

  function show(output, result) {
    output.appendChild(text("h2", "Result: " + result.total_units + " unit(s)"));
    output.appendChild(text("p", "Method: " + (result.method === "medicare" ? "Medicare 8-minute rule" :
                                                 "per-code midpoint rule") +
                                 ". Total timed minutes: " + result.total_timed_minutes + "."));
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    head.appendChild(text("th", "Code"));
    head.appendChild(text("th", "Units"));
    var body = table.createTBody();
    Object.keys(result.units).forEach(function (code) {
      var row = body.insertRow();
      row.appendChild(text("td", code));
      row.appendChild(text("td", String(result.units[code])));
    });
    output.appendChild(table);
    output.appendChild(text("h3", "How it was counted"));
    var ol = document.createElement("ol");
    result.explanation.forEach(function (line) { ol.appendChild(text("li", line)); });
    output.appendChild(ol);
    if (result.warnings.length) {
      output.appendChild(text("h3", "Warnings"));
      var ul = document.createElement("ul");
      ul.className = "ptref-units-warnings";
      result.warnings.forEach(function (line) { ul.appendChild(text("li", line)); });
      output.appendChild(ul);
    }
    output.setAttribute("data-result", JSON.stringify(result));
  }

  root.ptrefUnits = { calculate: calculate, medicareUnits: medicareUnits, UnitsError: UnitsError };
  if (typeof document !== "undefined") {
    var init = function () {
      var form = document.getElementById("ptref-units-form");
      if (form) setUpForm(form);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})(typeof window !== "undefined" ? window : globalThis);
