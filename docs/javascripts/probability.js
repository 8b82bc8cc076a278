// Post-test probability: the same sums and refusals as ptref/model/probability.py
// (tests/probability_vectors.json is run against both). Percent throughout; odds = p / (1 - p);
// post-test odds = pre-test odds x LR; LR+ = Sn / (1 - Sp), LR- = (1 - Sn) / Sp. Plain JavaScript,
// no network. The form wiring below only acts on a page holding #ptref-probability-form, so the
// file is harmless on every other page. The form's markup comes from ptref/render/probability_form.py
// (the tool page and every test page with diagnostic accuracy data), and with it a JSON block,
// #ptref-probability-rules (rules_json in probability.py): every sentence this file shows, as
// templates, with the decimals of each number, and the headline's decimals. This file holds the
// sums only; numbers are written with the browser's own toFixed and toPrecision.
(function (root) {
  "use strict";

  var rules = null;  // read from the page on first use

  function loadRules() {
    if (rules) return rules;
    var block = typeof document !== "undefined" && document.getElementById("ptref-probability-rules");
    if (!block) throw new Error("no #ptref-probability-rules block on this page");
    rules = JSON.parse(block.textContent);
    return rules;
  }

  // ---- numbers, as the page's rules say ----------------------------------------------------
  // A placeholder is {name}, {name:.Nf} or {name:.Ng}: String(x), x.toFixed(N) or
  // Number(x.toPrecision(N)), the browser's own rounding. number() in probability.py writes the
  // same (tests/test_probability_page.py holds the two to a table of values), so this file keeps
  // no rounding of its own: the decimals are in the rules' templates and rules.headline.
  function written(x, spec) {
    if (!spec) return String(x);
    var m = /^\.(\d+)([fg])$/.exec(spec);
    if (!m) throw new Error("unknown number format " + spec);
    var digits = Number(m[1]);
    return m[2] === "f" ? x.toFixed(digits) : String(Number(x.toPrecision(digits)));
  }

  // A template with {name} and {name:spec} filled from values: the same as fill() in
  // probability.py. Numbers go through written(), other values as they are.
  function fill(template, values) {
    return template.replace(/\{([a-z_]+)(?::([^}]*))?\}/g, function (whole, name, spec) {
      if (!values || !Object.prototype.hasOwnProperty.call(values, name)) throw new Error("no value for " + whole);
      var value = values[name];
      if (typeof value === "number") return written(value, spec);
      if (spec) throw new Error(whole + ": a format needs a number");
      return String(value);
    });
  }

  // rules.wording[key] filled in: say() in probability.py.
  function say(key, values) {
    var wording = loadRules().wording;
    if (!Object.prototype.hasOwnProperty.call(wording, key)) throw new Error("no wording " + key);
    return fill(wording[key], values);
  }

  // ---- the sums ---------------------------------------------------------------------------
  function number(value) { return typeof value === "number" ? value : NaN; }

  function likelihoodRatio(sensitivity, specificity, result) {
    var values = [["sensitivity", number(sensitivity)], ["specificity", number(specificity)]];
    values.forEach(function (pair) {
      if (!(pair[1] >= 0 && pair[1] <= 100)) {
        throw new Error(say("error_range", { name: pair[0], value: pair[1] }));
      }
    });
    var sn = values[0][1] / 100, sp = values[1][1] / 100;
    if (result === "positive") {
      if (sp === 1) throw new Error(say("error_infinite_positive"));
      return sn / (1 - sp);
    }
    if (result === "negative") {
      if (sp === 0) throw new Error(say("error_infinite_negative"));
      return (1 - sn) / sp;
    }
    throw new Error(say("error_result", { given: "'" + String(result) + "'" }));
  }

  function postTest(pretest, lr, lrFrom) {
    pretest = number(pretest);
    lr = number(lr);
    if (!(pretest > 0 && pretest < 100)) {
      throw new Error(say("error_pretest", { pretest: pretest }));
    }
    if (!(lr >= 0) || lr === Infinity) {
      throw new Error(say("error_lr", { lr: lr }));
    }
    var p = pretest / 100;
    var odds = p / (1 - p);
    var postOdds = odds * lr;
    return { pretest: pretest, lr: lr, post_test_probability: 100 * postOdds / (1 + postOdds),
             pretest_odds: odds, post_test_odds: postOdds, lr_from: lrFrom || "given" };
  }

  // The sums, one line each: the same lines as working() in probability.py.
  function working(r) {
    return ["working_pretest_odds", "working_post_test_odds", "working_post_test_probability"].map(function (key) {
      return say(key, r);
    });
  }

  // The headline figure: rules.headline's decimals, more of them near 0% and 100% (HEADLINE and
  // percent() in probability.py say how many and how near).
  function percent(value) {
    var h = loadRules().headline, near = h.near_ends;
    var nearEnd = value > 0 && value < near || value > 100 - near && value < 100;
    return written(value, "." + (nearEnd ? h.decimals_near_ends : h.decimals) + "f") + "%";
  }

  // ---- the Fagan nomogram -----------------------------------------------------------------
  // Pre-test probability on the left axis (log odds, 0.1% at the top), LR on the middle axis
  // (log, half the scale, 1000 at the top), post-test probability on the right (log odds, 99.9%
  // at the top). The middle axis is half-way, so a straight line adds the logs: log post-test
  // odds = log pre-test odds + log LR. The geometry comes from the SVG's data attributes.
  function log10Odds(percentValue) { return Math.log10(percentValue / (100 - percentValue)); }
  function clamp(v, low, high) { return Math.max(low, Math.min(high, v)); }

  function drawNomogram(svg, result) {
    var g = function (name) { return Number(svg.getAttribute("data-" + name)); };
    var k = g("k"), yc = g("yc"), top = g("top"), bottom = g("bottom");
    var xPre = g("x-pre"), xLr = g("x-lr"), xPost = g("x-post");
    var reading = svg.querySelector("#ptref-nomogram-reading");
    var title = svg.querySelector("title");
    if (!result) {
      reading.setAttribute("display", "none");
      svg.setAttribute("aria-label", svg.getAttribute("data-empty-label") || title.textContent);
      title.textContent = svg.getAttribute("aria-label");
      return;
    }
    // Beyond the printed scales the line is drawn as far as the plot goes (logs kept finite for LR 0).
    var preLog = clamp(log10Odds(result.pretest), -6, 6);
    var lrLog = clamp(result.lr > 0 ? Math.log10(result.lr) : -12, -12, 12);
    var yPre = yc + k * preLog;
    var yLr = yc - k / 2 * lrLog;
    var yPost = 2 * yLr - yPre;  // the straight line through both, met at the right axis
    // Keep the drawn part within the plot: clip the segment to the band of the axes.
    var low = top - 8, high = bottom + 8, t0 = 0, t1 = 1;
    if (yPost !== yPre) {
      var ta = (low - yPre) / (yPost - yPre), tb = (high - yPre) / (yPost - yPre);
      t0 = Math.max(0, Math.min(ta, tb));
      t1 = Math.min(1, Math.max(ta, tb));
    }
    var at = function (t) { return [xPre + (xPost - xPre) * t, yPre + (yPost - yPre) * t]; };
    var a = at(t0), b = at(t1);
    var line = svg.querySelector("#ptref-nomogram-line");
    var round = function (v) { return String(Math.round(v * 10) / 10); };
    line.setAttribute("x1", round(a[0]));
    line.setAttribute("y1", round(a[1]));
    line.setAttribute("x2", round(b[0]));
    line.setAttribute("y2", round(b[1]));
    var dot = function (id, x, y) {
      var c = svg.querySelector(id);
      var inside = y >= low && y <= high;
      c.setAttribute("cx", round(x));
      c.setAttribute("cy", round(clamp(y, low, high)));
      c.setAttribute("display", inside ? "inline" : "none");
    };
    dot("#ptref-nomogram-pre", xPre, yPre);
    dot("#ptref-nomogram-lr", xLr, yLr);
    dot("#ptref-nomogram-post", xPost, yPost);
    reading.removeAttribute("display");
    var offScale = result.pretest < 0.1 || result.pretest > 99.9 || result.lr < 0.001 || result.lr > 1000 ||
                   result.post_test_probability < 0.1 || result.post_test_probability > 99.9;
    var label = say("nomogram", { pretest: result.pretest, lr: result.lr,
                                  percent: percent(result.post_test_probability) }) +
                (offScale ? say("nomogram_off_scale") : "");
    svg.setAttribute("aria-label", label);
    title.textContent = label;
  }

  // ---- the form on the tool page ----------------------------------------------------------
  function text(tag, content, className) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (className) el.className = className;
    return el;
  }

  // A field's number, null when empty; NaN for what a number field cannot read.
  function read(input) {
    var raw = input.value.trim();
    if (input.validity && input.validity.badInput) return NaN;
    if (!raw) return null;
    return Number(raw);
  }

  function setUpForm(form) {
    var $ = function (id) { return document.getElementById(id); };
    var output = $("ptref-probability-output");
    var svg = $("ptref-nomogram");
    if (svg && !svg.hasAttribute("data-empty-label")) svg.setAttribute("data-empty-label", svg.getAttribute("aria-label"));
    var groups = { lr: $("ptref-probability-lr-group"), snsp: $("ptref-probability-snsp-group") };

    function mode() {
      var checked = form.querySelector("input[name=ptref-probability-mode]:checked");
      return checked ? checked.value : "lr";
    }

    function showMode() {
      var m = mode();
      groups.lr.hidden = m !== "lr";
      groups.snsp.hidden = m !== "snsp";
    }

    function prompt(message) {
      output.textContent = "";
      output.removeAttribute("data-result");
      output.appendChild(text("p", message, "ptref-probability-prompt"));
      if (svg) drawNomogram(svg, null);
    }

    function calculate() {
      var pretest = read($("ptref-probability-pretest"));
      var m = mode();
      var lr, lrFrom = "given", lrLine = null;
      try {
        if (m === "lr") {
          lr = read($("ptref-probability-lr"));
          if (pretest === null || lr === null) {
            prompt(say("prompt_lr"));
            return;
          }
        } else {
          var sn = read($("ptref-probability-sn")), sp = read($("ptref-probability-sp"));
          if (pretest === null || sn === null || sp === null) {
            prompt(say("prompt_snsp"));
            return;
          }
          var resultInput = form.querySelector("input[name=ptref-probability-result]:checked");
          var testResult = resultInput ? resultInput.value : "";
          lr = likelihoodRatio(sn, sp, testResult);
          lrFrom = testResult + " result";
          lrLine = say(testResult === "positive" ? "lr_positive" : "lr_negative", { sn: sn, sp: sp, lr: lr });
        }
        var result = postTest(pretest, lr, lrFrom);
      } catch (err) {
        output.textContent = "";
        output.removeAttribute("data-result");
        output.appendChild(text("p", say("refusal", { message: err.message }), "ptref-probability-error"));
        if (svg) drawNomogram(svg, null);
        return;
      }
      output.textContent = "";
      var headline = document.createElement("p");
      headline.className = "ptref-probability-answer";
      headline.appendChild(text("strong", say("headline", { percent: percent(result.post_test_probability) })));
      output.appendChild(headline);
      if (lrLine) output.appendChild(text("p", lrLine));
      var ol = document.createElement("ol");
      ol.className = "ptref-probability-working";
      working(result).forEach(function (line) { ol.appendChild(text("li", line)); });
      output.appendChild(ol);
      output.setAttribute("data-result", JSON.stringify(result));
      if (svg) drawNomogram(svg, result);
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); calculate(); });
    form.addEventListener("input", calculate);
    form.addEventListener("change", function (event) {
      if (event.target.name === "ptref-probability-mode") showMode();
      calculate();
    });
    prefill(form);
    showMode();
    calculate();

    // On a test page each study links to the tool page; with the calculator on the page, the
    // link fills it with that study's figures instead (numbers only, written as field values).
    Array.prototype.forEach.call(document.querySelectorAll("a.ptref-probability-use"), function (link) {
      link.addEventListener("click", function (event) {
        var sn = Number(link.getAttribute("data-sn")), sp = Number(link.getAttribute("data-sp"));
        if (!isFinite(sn) || !isFinite(sp)) return;  // follow the link to the tool page
        event.preventDefault();
        form.querySelector('input[name="ptref-probability-mode"][value="snsp"]').checked = true;
        $("ptref-probability-sn").value = String(sn);
        $("ptref-probability-sp").value = String(sp);
        showMode();
        calculate();
        var pretest = $("ptref-probability-pretest");
        if (pretest.scrollIntoView) pretest.scrollIntoView({ block: "center" });
        pretest.focus();
      });
    });
  }

  // A test page links here with its figures in the address (?sn=70&sp=67, or ?lr=2.12):
  // numbers only, each written into its field as a value, never as markup.
  function prefill(form) {
    var params;
    try { params = new URLSearchParams(root.location ? root.location.search : ""); } catch (e) { return; }
    var num = function (name) {
      var v = params.get(name);
      return v !== null && v !== "" && isFinite(Number(v)) ? String(Number(v)) : null;
    };
    var set = function (id, value) { if (value !== null) document.getElementById(id).value = value; };
    set("ptref-probability-pretest", num("pretest"));
    if (num("sn") !== null && num("sp") !== null) {
      form.querySelector('input[name="ptref-probability-mode"][value="snsp"]').checked = true;
      set("ptref-probability-sn", num("sn"));
      set("ptref-probability-sp", num("sp"));
      var result = params.get("result") === "negative" ? "negative" : "positive";
      form.querySelector('input[name="ptref-probability-result"][value="' + result + '"]').checked = true;
    } else {
      set("ptref-probability-lr", num("lr"));
    }
  }

  root.ptrefProbability = { likelihoodRatio: likelihoodRatio, postTest: postTest, working: working,
                            format: { number: written, fill: fill, percent: percent, say: say } };
  if (typeof document !== "undefined") {
    var init = function () {
      var form = document.getElementById("ptref-probability-form");
      if (form) setUpForm(form);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})(typeof window !== "undefined" ? window : globalThis);
