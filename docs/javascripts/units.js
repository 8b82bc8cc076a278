// Timed-code units calculator: the same algorithm as ptref/model/units.py (tests/units_vectors.json
// is run against both). Plain JavaScript, no network. Everything else comes from the JSON block
// that the site build writes into the page (rules_json in units.py): the code data, the methods,
// the constants (the 15-minute unit, the 8-minute threshold, the minutes in a day, the assistant
// modifier), the Medicare statuses that are never paid, and every sentence of the result and its
// errors (rules.wording), so this file holds no billing wording of its own.
(function (root) {
  "use strict";

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  // rules.wording[key] with each {name} replaced by values[name], else rules.constants[name]:
  // the same pattern and order as say() in units.py.
  function say(rules, key, values) {
    if (!has(rules.wording, key)) throw new Error("no wording " + key);
    return rules.wording[key].replace(/\{([a-z_]+)\}/g, function (whole, name) {
      var value = values && has(values, name) ? values[name] : rules.constants[name];
      if (value === undefined || value === null) throw new Error("no value for " + whole + " in " + key);
      return String(value);
    });
  }

  function medicareUnits(total, constants) {
    var unit = constants.unit_minutes, threshold = constants.threshold_minutes;
    return total < threshold ? 0 : Math.floor((total + unit - threshold) / unit);
  }

  function UnitsError(message) { this.message = message; }

  // An entry is [code, minutes]; minutes is null for an untimed code given alone.
  function check(rules, entries, method) {
    if (rules.methods.indexOf(method) === -1) {
      throw new UnitsError(say(rules, "error_method", { given: "'" + method + "'", choices: rules.methods.join(", ") }));
    }
    if (!entries.length) throw new UnitsError(say(rules, "error_empty"));
    var seen = {}, total = 0;
    entries.forEach(function (e) {
      var code = e[0], minutes = e[1];
      if (!has(rules.codes, code)) {
        throw new UnitsError(say(rules, "error_unknown_code", { code: code, known: Object.keys(rules.codes).sort().join(", ") }));
      }
      if (seen[code]) throw new UnitsError(say(rules, "error_twice", { code: code }));
      if (minutes === null && rules.codes[code].timed) throw new UnitsError(say(rules, "error_needs_minutes", { code: code }));
      if (minutes !== null && minutes < 0) throw new UnitsError(say(rules, "error_negative", { code: code }));
      seen[code] = true;
      if (minutes !== null) total += minutes;
    });
    if (total > rules.constants.minutes_in_a_day) throw new UnitsError(say(rules, "error_too_long"));
  }

  function instead(rules, rule) {
    return rule.medicare_use_instead ? say(rules, "use_instead", { code: rule.medicare_use_instead }) : "";
  }

  function neverPaidReason(rules, rule) {
    if (!has(rules.never_paid, rule.medicare_status)) return null;
    return say(rules, rules.never_paid[rule.medicare_status].reason, { instead: instead(rules, rule) });
  }

  function calculate(rules, entries, method) {
    method = method || "medicare";
    check(rules, entries, method);
    var isMedicare = method === "medicare";
    var reasons = {};
    entries.forEach(function (e) { reasons[e[0]] = isMedicare ? neverPaidReason(rules, rules.codes[e[0]]) : null; });
    var timed = entries.filter(function (e) { return rules.codes[e[0]].timed; });
    var units = {}, explanation = [];
    entries.forEach(function (e) { units[e[0]] = 0; });
    if (isMedicare) {
      medicare(rules, timed.filter(function (e) { return reasons[e[0]] === null; }),
               timed.filter(function (e) { return reasons[e[0]] !== null; }), units, explanation);
    } else {
      perCode(rules, timed, units, explanation);
    }
    entries.forEach(function (e) {
      if (!rules.codes[e[0]].timed) {
        units[e[0]] = 1;
        explanation.push(say(rules, "untimed", { code: e[0] }));
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
          explanation.push(say(rules, "left_out", { code: line.code, units: line.units, reason: line.reason }));
        }
      });
      explanation.push(say(rules, "medicare_total", { billable: billableUnits, total: totalUnits }));
    }
    var timedMinutes = timed.reduce(function (sum, e) { return sum + e[1]; }, 0);
    return { method: method, total_timed_minutes: timedMinutes, total_units: totalUnits,
             billable_units: billableUnits, units: units, lines: lines,
             explanation: explanation, warnings: warnings(rules, entries, method) };
  }

  function medicare(rules, pooled, keptOut, units, explanation) {
    var unit = rules.constants.unit_minutes;
    var total = pooled.reduce(function (sum, e) { return sum + e[1]; }, 0);
    var totalUnits = medicareUnits(total, rules.constants);
    var leftOut = keptOut.reduce(function (sum, e) { return sum + e[1]; }, 0);
    var aside = keptOut.length ? say(rules, "pooled_aside", { minutes: leftOut }) : "";
    explanation.push(say(rules, "pooled", { day_minutes: say(rules, "day_minutes", { total: total }), aside: aside,
                                            units: totalUnits }));
    var remaining = {}, assigned = 0;
    pooled.forEach(function (e) {
      units[e[0]] = Math.floor(e[1] / unit);
      remaining[e[0]] = e[1] % unit;
      assigned += units[e[0]];
      if (units[e[0]]) {
        explanation.push(say(rules, "whole_units", { code: e[0], minutes: e[1], units: units[e[0]],
                                                     remaining: remaining[e[0]] }));
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
      explanation.push(say(rules, "extra_unit", { code: code, remaining: remaining[code] }));
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
        explanation.push(say(rules, "tie", { remaining: r, codes: tied.join(", ") }));
      }
    });
    keptOut.forEach(function (e) { units[e[0]] = medicareUnits(e[1], rules.constants); });
  }

  function perCode(rules, timed, units, explanation) {
    timed.forEach(function (e) {
      units[e[0]] = medicareUnits(e[1], rules.constants);
      explanation.push(say(rules, "per_code", { code: e[0], minutes: e[1], units: units[e[0]] }));
    });
  }

  function warnings(rules, entries, method) {
    var given = entries.map(function (e) { return e[0]; });
    var out = [];
    rules.pairs.forEach(function (p) {
      if (given.indexOf(p.first) !== -1 && given.indexOf(p.second) !== -1) {
        out.push(say(rules, "ncci", { first: p.first, second: p.second, when: p.when }));
      }
    });
    entries.forEach(function (e) {
      if (e[1] !== null && !rules.codes[e[0]].timed) {
        out.push(say(rules, "untimed_minutes", { code: e[0], minutes: e[1] }));
      }
    });
    if (method === "medicare") {
      given.forEach(function (code) {
        var rule = rules.codes[code];
        if (has(rules.never_paid, rule.medicare_status)) {
          out.push(say(rules, rules.never_paid[rule.medicare_status].warning,
                       { code: code, instead: instead(rules, rule) }));
        }
      });
      if (rules.line_modifier) out.push(say(rules, "line_modifier", { modifier: rules.line_modifier }));
      var also = rules.line_modifier ? say(rules, "assistant_also", { modifier: rules.line_modifier }) : "";
      out.push(say(rules, "assistant", { also: also }));
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
        if (bad || !/^-?\d+$/.test(raw)) {
          problem = say(rules, "error_not_whole", { code: code, given: "'" + raw + "'" });
          return;
        }
        entries.push([code, parseInt(raw, 10)]);
      });
      var method = form.querySelector("input[name=method]:checked").value;
      output.textContent = "";
      try {
        if (problem) throw new UnitsError(problem);
        show(rules, output, calculate(rules, entries, method));
      } catch (err) {
        if (!(err instanceof UnitsError)) throw err;
        var p = text("p", "Cannot calculate: " + err.message);
        p.className = "ptref-units-error";
        output.appendChild(p);
      }
    });
  }

  function show(rules, output, result) {
    var medicare = result.method === "medicare";
    var heading = "Result: " + result.billable_units + " unit(s)" + (medicare ? " Medicare may pay" : "");
    if (result.billable_units !== result.total_units) {
      heading += " (" + result.total_units + " counted, " + (result.total_units - result.billable_units) +
                 " never paid by Medicare)";
    }
    output.appendChild(text("h2", heading));
    output.appendChild(text("p", "Method: " + say(rules, medicare ? "method_medicare" : "method_per_code") + ". " +
                                 say(rules, "day_minutes", { total: result.total_timed_minutes }) + "."));
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

  root.ptrefUnits = { calculate: calculate, medicareUnits: medicareUnits, say: say, UnitsError: UnitsError };
  if (typeof document !== "undefined") {
    var init = function () {
      var form = document.getElementById("ptref-units-form");
      if (form) setUpForm(form);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})(typeof window !== "undefined" ? window : globalThis);
