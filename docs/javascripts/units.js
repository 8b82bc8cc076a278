// Timed-code units calculator: the same rules, wording and warnings as macros/model/units.py
// (tests/units_vectors.json is run against both). Plain JavaScript, no network: the rules come
// from a JSON block that the site build writes into the page from data/.
(function (root) {
  "use strict";

  var METHODS = ["medicare", "per-code"];
  var MINUTES_IN_A_DAY = 24 * 60;
  var ASSISTANT_MODIFIER = "CQ";  // lines furnished in whole or in part by a PTA, paid at 85% since 2022

  function medicareUnits(total) {
    return total < 8 ? 0 : Math.floor((total + 7) / 15);
  }

  function UnitsError(message) { this.message = message; }

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  // An entry is [code, minutes]; minutes is null for an untimed code given without minutes.
  function check(rules, entries, method) {
    if (METHODS.indexOf(method) === -1) {
      throw new UnitsError("unknown method '" + method + "'; use one of: " + METHODS.join(", "));
    }
    if (!entries.length) throw new UnitsError("give at least one CODE=MINUTES");
    var seen = {}, total = 0;
    entries.forEach(function (e) {
      var code = e[0], minutes = e[1];
      if (!has(rules.codes, code)) {
        throw new UnitsError("unknown code " + code + "; known: " + Object.keys(rules.codes).sort().join(", "));
      }
      if (seen[code]) throw new UnitsError(code + " is given twice; add its minutes for the day together");
      if (minutes === null && rules.codes[code].timed) {
        throw new UnitsError(code + " is timed: give its minutes for the day as " + code + "=MINUTES");
      }
      if (minutes !== null && minutes < 0) throw new UnitsError("minutes for " + code + " cannot be negative");
      seen[code] = true;
      if (minutes !== null) total += minutes;
    });
    if (total > MINUTES_IN_A_DAY) throw new UnitsError("more than " + MINUTES_IN_A_DAY + " minutes in one day");
  }

  function neverPaidReason(rule) {
    if (rule.medicare_status === "bundled") return "Medicare bundles it (status B) and never pays it separately";
    if (rule.medicare_status === "not-recognised") {
      return "Medicare does not recognise it" + (rule.medicare_use_instead ? "; report " + rule.medicare_use_instead + " instead" : "");
    }
    if (rule.medicare_status === "not-covered") return "Medicare does not cover it and never pays it";
    return null;
  }

  function calculate(rules, entries, method) {
    method = method || "medicare";
    check(rules, entries, method);
    var isMedicare = method === "medicare";
    var reasons = {};
    entries.forEach(function (e) { reasons[e[0]] = isMedicare ? neverPaidReason(rules.codes[e[0]]) : null; });
    var timed = entries.filter(function (e) { return rules.codes[e[0]].timed; });
    var units = {}, explanation = [];
    entries.forEach(function (e) { units[e[0]] = 0; });
    if (isMedicare) {
      medicare(timed.filter(function (e) { return reasons[e[0]] === null; }),
               timed.filter(function (e) { return reasons[e[0]] !== null; }), units, explanation);
    } else {
      perCode(timed, units, explanation);
    }
    entries.forEach(function (e) {
      if (!rules.codes[e[0]].timed) {
        units[e[0]] = 1;
        explanation.push(e[0] + " is untimed: 1 unit whatever its length; it adds nothing to the timed minutes.");
      }
    });
    var lines = entries.map(function (e) {
      return { code: e[0], minutes: e[1], timed: rules.codes[e[0]].timed, units: units[e[0]],
               billable: reasons[e[0]] === null, reason: reasons[e[0]] };
    });
    var totalUnits = 0, billableUnits = 0;
    lines.forEach(function (line) {
      totalUnits += line.units;
      if (line.billable) billableUnits += line.units;
    });
    if (isMedicare) {
      lines.forEach(function (line) {
        if (!line.billable) {
          explanation.push(line.code + ": " + line.units + " unit(s) left out of the Medicare total. " +
                           line.reason + ".");
        }
      });
      explanation.push("Units Medicare may pay: " + billableUnits + " of " + totalUnits + ".");
    }
    var timedMinutes = timed.reduce(function (sum, e) { return sum + e[1]; }, 0);
    return { method: method, total_timed_minutes: timedMinutes, total_units: totalUnits,
             billable_units: billableUnits, units: units, lines: lines,
             explanation: explanation, warnings: warnings(rules, entries, method) };
  }

  function medicare(pooled, keptOut, units, explanation) {
    var total = pooled.reduce(function (sum, e) { return sum + e[1]; }, 0);
    var totalUnits = medicareUnits(total);
    var leftOut = keptOut.reduce(function (sum, e) { return sum + e[1]; }, 0);
    var aside = keptOut.length ? " (leaving out " + leftOut + " min of codes Medicare never pays)" : "";
    explanation.push("Timed minutes for the day: " + total + aside + ", which gives " + totalUnits +
                     " unit(s) under the 8-minute rule.");
    var remaining = {}, assigned = 0;
    pooled.forEach(function (e) {
      units[e[0]] = Math.floor(e[1] / 15);
      remaining[e[0]] = e[1] % 15;
      assigned += units[e[0]];
      if (units[e[0]]) {
        explanation.push(e[0] + ": " + e[1] + " min contains " + units[e[0]] + " whole 15-minute unit(s), " +
                         remaining[e[0]] + " min left over.");
      }
    });
    // Most remaining minutes first; on equal remainders more minutes in all; then the code listed first.
    var order = pooled.map(function (e, i) { return i; });
    order.sort(function (a, b) {
      return (remaining[pooled[b][0]] - remaining[pooled[a][0]]) || (pooled[b][1] - pooled[a][1]) || (a - b);
    });
    var picked = order.slice(0, totalUnits - assigned);
    var chosen = {};
    picked.forEach(function (i) {
      var code = pooled[i][0];
      chosen[code] = true;
      units[code] += 1;
      explanation.push(code + ": 1 more unit for its " + remaining[code] +
                       " remaining min (the most remaining minutes still unassigned).");
    });
    var rests = [];
    picked.forEach(function (i) {
      var r = remaining[pooled[i][0]];
      if (rests.indexOf(r) === -1) rests.push(r);
    });
    rests.sort(function (a, b) { return b - a; });
    rests.forEach(function (r) {
      var tied = order.filter(function (i) { return remaining[pooled[i][0]] === r; })
                      .map(function (i) { return pooled[i][0]; });
      if (tied.some(function (c) { return !chosen[c]; })) {
        explanation.push("Tie on " + r + " remaining min between " + tied.join(", ") +
                         ": the unit goes to the code with more minutes in all, then to the code listed first.");
      }
    });
    keptOut.forEach(function (e) { units[e[0]] = medicareUnits(e[1]); });
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
    entries.forEach(function (e) {
      if (e[1] !== null && !rules.codes[e[0]].timed) {
        out.push(e[0] + " is untimed: the " + e[1] + " min given are not counted (1 unit whatever its length).");
      }
    });
    if (method === "medicare") {
      given.forEach(function (code) {
        var rule = rules.codes[code];
        if (rule.medicare_status === "bundled") {
          out.push("Medicare: " + code + " is bundled (status B) and never paid separately; " +
                   "it is left out of the units Medicare may pay.");
        } else if (rule.medicare_status === "not-recognised") {
          var instead = rule.medicare_use_instead ? "; report " + rule.medicare_use_instead + " instead" : "";
          out.push("Medicare: " + code + " is not recognised" + instead + ". " +
                   "It is left out of the units Medicare may pay.");
        } else if (rule.medicare_status === "not-covered") {
          out.push("Medicare: " + code + " is not covered, so Medicare never pays it; " +
                   "it is left out of the units Medicare may pay.");
        }
      });
      if (rules.line_modifier) {
        out.push("Medicare: add modifier " + rules.line_modifier + " to every line of physical therapy.");
      }
      var also = rules.line_modifier ? " as well as " + rules.line_modifier : "";
      out.push("Medicare: a line furnished in whole or in part by a physical therapist assistant " +
               "(more than 10% of it) carries modifier " + ASSISTANT_MODIFIER + also +
               ", and is paid at 85% (since 2022).");
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
        var input = row.querySelector("input");
        var raw = input.value.trim();
        var bad = input.validity && input.validity.badInput;  // a number field reports letters as ""
        if (!code && !raw && !bad) return;
        if (!code) { problem = "choose a code for every row with minutes"; return; }
        if (!raw && !bad) {
          // Untimed codes need no minutes; a timed code does.
          if (has(rules.codes, code) && rules.codes[code].timed) {
            problem = "enter the minutes for " + code + ": it is a timed code";
          } else {
            entries.push([code, null]);
          }
          return;
        }
        if (bad || !/^-?\d+$/.test(raw)) { problem = "minutes for " + code + " must be a whole number, got '" + raw + "'"; return; }
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
    var medicare = result.method === "medicare";
    var heading = "Result: " + result.billable_units + " unit(s)" + (medicare ? " Medicare may pay" : "");
    if (result.billable_units !== result.total_units) {
      heading += " (" + result.total_units + " counted, " + (result.total_units - result.billable_units) +
                 " never paid by Medicare)";
    }
    output.appendChild(text("h2", heading));
    output.appendChild(text("p", "Method: " + (medicare ? "Medicare 8-minute rule" : "per-code midpoint rule") +
                                 ". Timed minutes for the day: " + result.total_timed_minutes + "."));
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    ["Code", "Minutes", "Units", medicare ? "Medicare pays" : "Billable"].forEach(function (label) {
      var th = text("th", label);
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    var body = table.createTBody();
    result.lines.forEach(function (line) {
      var row = body.insertRow();
      var th = text("th", line.code);
      th.setAttribute("scope", "row");
      row.appendChild(th);
      row.appendChild(text("td", line.timed ? String(line.minutes) :
                            line.minutes === null ? "untimed" : "untimed (" + line.minutes + " not counted)"));
      row.appendChild(text("td", String(line.units)));
      row.appendChild(text("td", line.billable ? "yes" : "no: " + line.reason));
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
