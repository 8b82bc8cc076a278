// Home-programme builder (tools/home-programme.md). Everything it shows comes from the JSON block
// the site build writes into the page (ptref/kinds/exercises/builder.py). Nothing is fetched or
// sent. The programme (exercise ids, doses, notes) lives in the URL hash and, when asked, in
// localStorage; the patient's and therapist's names live only in their inputs and the sheet.
// The sheet's language is part of the programme ("@es" in the link and the kept programme): its
// text comes from data/translations/, English where a field has no translation, and while any
// field on the sheet is unreviewed the sheet prints the review line in both languages, at the top
// of every printed page.
(function () {
  "use strict";
  var KEY = "ptref-home-programme";
  var FIELDS = ["sets", "reps", "hold", "times"];
  var LABELS = { sets: "Sets", reps: "Repetitions", hold: "Hold (seconds)", times: "Times a day" };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function escaped(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function num(v) { var n = parseInt(v, 10); return isNaN(n) || n < 0 ? "" : String(Math.min(n, 999)); }

  function init(root) {
    var data = JSON.parse(document.getElementById("ptref-hp-data").textContent);
    var byId = {};
    data.exercises.forEach(function (x) { byId[x.id] = x; });
    var items = [];
    var lang = "en";
    var $ = function (id) { return document.getElementById(id); };

    function encode() {
      var parts = items.map(function (i) {
        return [i.id, i.sets, i.reps, i.hold, i.times, encodeURIComponent(i.note)].join(",");
      });
      if (lang !== "en" && parts.length) parts.unshift("@" + lang);
      return parts.join(";");
    }
    // The programme in a link or the kept copy: "@es" (its language), "starter=<condition>"
    // (a condition's starter programme), then id,sets,reps,hold,times,note for each exercise.
    function decode(text) {
      var out = [];
      lang = "en";
      (text || "").split(";").forEach(function (part) {
        if (part.charAt(0) === "@") { if (data.lang[part.slice(1)]) lang = part.slice(1); return; }
        if (part.indexOf("starter=") === 0) {
          (data.starters[part.slice(8)] || []).forEach(function (id) {
            if (!out.some(function (i) { return i.id === id; })) out.push(blank(id));
          });
          return;
        }
        var f = part.split(",");
        if (!byId[f[0]] || out.some(function (i) { return i.id === f[0]; })) return;
        var note = "";
        try { note = decodeURIComponent(f[5] || ""); } catch (e) { note = ""; }
        out.push({ id: f[0], sets: num(f[1]), reps: num(f[2]), hold: num(f[3]), times: num(f[4]), note: note.slice(0, 300) });
      });
      return out;
    }
    function blank(id) { return { id: id, sets: "", reps: "", hold: "", times: "", note: "" }; }

    function syncHash() {
      var h = encode();
      var url = location.href.split("#")[0] + (h ? "#" + h : "");
      try { history.replaceState(null, "", url); } catch (e) { /* some file:// setups refuse */ }
      $("ptref-hp-link").value = url;
    }
    function said(text) { $("ptref-hp-said").textContent = text; }
    // The sheet's words and an exercise's or notice's text in the chosen language.
    function L() { return lang !== "en" ? data.lang[lang] : null; }
    function word(k) { var l = L(); return (l && l.words[k]) || data.words[k]; }
    function tr(x, k) { var l = L(), t = l && l.exercises[x.id]; return t && t[k] !== undefined ? t[k] : x[k]; }
    function notice(name, k) { var l = L(), t = l && l[name]; return t && t[k] !== undefined ? t[k] : data[name][k]; }
    function needsReview() {
      var l = L();
      return !!l && (l.words_review || l.safety.review || l.net.review ||
        items.some(function (i) { return l.exercises[i.id].review; }));
    }

    // ---- the list to choose from
    function renderChoices() {
      var f = {};
      root.querySelectorAll("[data-hp-filter]").forEach(function (s) { f[s.getAttribute("data-hp-filter")] = s.value; });
      var list = $("ptref-hp-choices");
      list.textContent = "";
      var shown = data.exercises.filter(function (x) {
        return (!f.condition || x.conditions.indexOf(f.condition) >= 0) && (!f.set || x.set === f.set) &&
          (!f.position || x.position === f.position) && (!f.equipment || x.equipment.indexOf(f.equipment) >= 0);
      });
      shown.forEach(function (x) {
        var li = el("li", { "class": "ptref-hp-choice" });
        var id = "ptref-hp-pick-" + x.id;
        var box = el("input", { type: "checkbox", id: id, "data-hp-pick": x.id });
        box.checked = items.some(function (i) { return i.id === x.id; });
        var label = el("label", { "for": id });
        label.appendChild(el("span", { "class": "ptref-hp-choice__name" }, x.name));
        label.appendChild(el("span", { "class": "ptref-hp-choice__set" }, " · " + x.set_label + " · " + data.positions[x.position]));
        var fig = el("div", { "class": "ptref-hp-choice__fig", "aria-hidden": "true" });
        fig.innerHTML = x.svg.split("fig-" + x.id).join("pick-fig-" + x.id);  // ids stay unique
        li.appendChild(box); li.appendChild(label); li.appendChild(fig);
        list.appendChild(li);
      });
      $("ptref-hp-count").textContent = shown.length + " of " + data.exercises.length + " exercises shown";
    }

    // ---- the chosen exercises, with their doses
    function renderChosen(focusSelector) {
      var list = $("ptref-hp-chosen");
      list.textContent = "";
      $("ptref-hp-empty").hidden = items.length > 0;
      items.forEach(function (item, n) {
        var x = byId[item.id];
        var li = el("li", { "class": "ptref-hp-item-edit", "data-hp-item": item.id });
        li.appendChild(el("h3", {}, x.name));
        li.appendChild(el("p", { "class": "ptref-hp-usual" }, "Usual dose: " + x.dosage));
        var row = el("div", { "class": "ptref-hp-dose" });
        FIELDS.forEach(function (k) {
          var id = "ptref-hp-" + k + "-" + item.id;
          var wrap = el("span");
          wrap.appendChild(el("label", { "for": id }, LABELS[k]));
          var input = el("input", { id: id, type: "number", min: "0", max: "999", inputmode: "numeric", "data-hp-field": k });
          input.value = item[k];
          wrap.appendChild(input);
          row.appendChild(wrap);
        });
        li.appendChild(row);
        var noteId = "ptref-hp-note-" + item.id;
        li.appendChild(el("label", { "for": noteId }, "Note for the patient"));
        var note = el("input", { id: noteId, type: "text", maxlength: "300", "data-hp-field": "note", autocomplete: "off" });
        note.value = item.note;
        li.appendChild(note);
        var buttons = el("div", { "class": "ptref-hp-move" });
        [["up", "Move up"], ["down", "Move down"], ["remove", "Remove"]].forEach(function (b) {
          var button = el("button", { type: "button", "class": "md-button", "data-hp-move": b[0] }, b[1]);
          button.appendChild(el("span", { "class": "ptref-hp-vh" }, ": " + x.name));
          if ((b[0] === "up" && n === 0) || (b[0] === "down" && n === items.length - 1)) button.disabled = true;
          buttons.appendChild(button);
        });
        li.appendChild(buttons);
        list.appendChild(li);
      });
      if (focusSelector) {
        var target = list.querySelector(focusSelector);
        if (target) target.focus();
      }
    }

    // ---- the sheet that prints
    function doseLine(i) {
      var parts = [];
      parts.push(i.sets ? i.sets + " " + word(i.sets === "1" ? "set_one" : "set_many") : word("sets") + " ____");
      parts.push(i.reps ? i.reps + " " + word(i.reps === "1" ? "rep_one" : "rep_many") : word("reps") + " ____");
      if (i.hold) parts.push(word("hold").split("{n}").join(i.hold));
      parts.push(i.times ? i.times + " " + word(i.times === "1" ? "time_one" : "time_many") : word("times") + " ____");
      return parts.join(" · ");
    }
    function renderSheet() {
      var c = data.clinic;
      var clinic = $("ptref-hp-clinic");
      clinic.textContent = "";
      if (c) {
        clinic.appendChild(el("b", {}, c.name));
        if (c.contacts.length) clinic.appendChild(document.createTextNode(" · " + c.contacts.join(" · ")));
      }
      var patient = $("ptref-hp-patient").value.trim(), therapist = $("ptref-hp-therapist").value.trim();
      $("ptref-hp-who").textContent = word("name") + ": " + (patient || "________________") + " · " + word("therapist") +
        ": " + (therapist || "________________") + " · " + word("date") + ": " + new Date().toISOString().slice(0, 10);
      document.querySelector(".ptref-hp-title").textContent = word("title");
      $("ptref-hp-sheet").setAttribute("lang", lang);
      var review = $("ptref-hp-review");
      review.hidden = !needsReview();
      review.closest("thead").hidden = review.hidden;
      review.textContent = review.hidden ? "" : word("unreviewed") + " / " + data.words.unreviewed;
      var net = $("ptref-hp-net");
      net.textContent = "";
      net.appendChild(el("p", {}, notice("safety", "text")));
      var p = el("p", {});
      p.appendChild(el("b", {}, notice("net", "title") + ". "));
      p.appendChild(document.createTextNode(notice("net", "text")));
      net.appendChild(p);
      var ul = el("ul", {});
      notice("net", "points").forEach(function (t) { ul.appendChild(el("li", {}, t)); });
      net.appendChild(ul);
      var box = $("ptref-hp-items");
      box.textContent = "";
      items.forEach(function (i) {
        var x = byId[i.id];
        // A drawing much wider than tall (lying down, on hands and knees) spans the sheet above
        // the text; in the side column it would print a few millimetres high.
        var vb = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(x.svg);
        var wide = vb && Number(vb[1]) / Number(vb[2]) >= 3.5;
        var sec = el("section", { "class": "ptref-hp-item" + (wide ? " ptref-hp-item--wide" : "") });
        var fig = el("div", { "class": "ptref-hp-item__fig" });
        // The drawing's frame labels in the sheet's language (only the default ones).
        fig.innerHTML = x.svg.split(">" + data.words.fig_start + "</text>").join(">" + escaped(word("fig_start")) + "</text>")
          .split(">" + data.words.fig_end + "</text>").join(">" + escaped(word("fig_end")) + "</text>");
        var text = el("div", { "class": "ptref-hp-item__text" });
        text.appendChild(el("h2", {}, "☐ " + tr(x, "name")));
        text.appendChild(el("p", { "class": "ptref-hp-item__dose" }, doseLine(i)));
        if (i.note) text.appendChild(el("p", { "class": "ptref-hp-item__note" }, word("note") + ": " + i.note));
        text.appendChild(el("p", {}, word("why") + ": " + tr(x, "purpose")));
        text.appendChild(el("p", {}, word("start") + ": " + tr(x, "start")));
        var ol = el("ol", {});
        tr(x, "steps").forEach(function (s) { ol.appendChild(el("li", {}, s)); });
        text.appendChild(ol);
        if (x.stop_if) text.appendChild(el("p", { "class": "ptref-hp-item__stop" }, word("stop_if") + ": " + tr(x, "stop_if")));
        sec.appendChild(fig); sec.appendChild(text);
        box.appendChild(sec);
      });
    }

    function changed(focusSelector) {
      $("ptref-hp-lang").value = lang === "en" ? "" : lang;
      renderChosen(focusSelector); renderSheet(); syncHash();
    }

    root.addEventListener("change", function (e) {
      var t = e.target;
      if (t.id === "ptref-hp-lang") {
        lang = data.lang[t.value] ? t.value : "en";
        changed();
        said(t.value ? "The sheet is in " + data.languages[lang] + "." : "The sheet is in English.");
        return;
      }
      if (t.hasAttribute("data-hp-filter")) { renderChoices(); return; }
      var pick = t.getAttribute("data-hp-pick");
      if (pick) {
        if (t.checked) { if (!items.some(function (i) { return i.id === pick; })) items.push(blank(pick)); }
        else items = items.filter(function (i) { return i.id !== pick; });
        changed();
        said(byId[pick].name + (t.checked ? " added." : " removed.") + " " + items.length + " in the programme.");
      }
    });
    root.addEventListener("input", function (e) {
      var t = e.target, field = t.getAttribute("data-hp-field");
      if (t.id === "ptref-hp-patient" || t.id === "ptref-hp-therapist") { renderSheet(); return; }
      if (!field) return;
      var li = t.closest("[data-hp-item]"), id = li.getAttribute("data-hp-item");
      items.forEach(function (i) { if (i.id === id) i[field] = field === "note" ? t.value.slice(0, 300) : num(t.value); });
      renderSheet(); syncHash();
    });
    root.addEventListener("click", function (e) {
      var t = e.target.closest("button");
      if (!t) return;
      var move = t.getAttribute("data-hp-move");
      if (move) {
        var id = t.closest("[data-hp-item]").getAttribute("data-hp-item");
        var n = items.findIndex(function (i) { return i.id === id; });
        if (move === "remove") {
          items.splice(n, 1);
          renderChoices();
          changed();
          said(byId[id].name + " removed.");
          return;
        }
        var m = move === "up" ? n - 1 : n + 1;
        if (m < 0 || m >= items.length) return;
        var tmp = items[n]; items[n] = items[m]; items[m] = tmp;
        changed('[data-hp-item="' + id + '"] [data-hp-move="' + move + '"]:not([disabled])');
        said(byId[id].name + " moved to place " + (m + 1) + ".");
      } else if (t.hasAttribute("data-hp-starter")) {
        var c = $("ptref-hp-starter").value;
        if (!c) { said("Choose a condition first."); return; }
        items = data.starters[c].map(blank);
        renderChoices(); changed();
        said("Starter programme for " + data.conditions[c] + ": " + items.length + " exercises.");
      } else if (t.hasAttribute("data-hp-print")) {
        renderSheet();
        window.print();
      } else if (t.hasAttribute("data-hp-save")) {
        try { localStorage.setItem(KEY, encode()); said("Kept in this browser (without the names)."); }
        catch (err) { said("This browser does not let the page keep it; use the link instead."); }
      } else if (t.hasAttribute("data-hp-open")) {
        var kept = null;
        try { kept = localStorage.getItem(KEY); } catch (err) { kept = null; }
        if (!kept) { said("No programme is kept in this browser."); return; }
        items = decode(kept); renderChoices(); changed();
        said("Opened the kept programme: " + items.length + " exercises.");
      } else if (t.hasAttribute("data-hp-clear")) {
        items = []; renderChoices(); changed(); said("Cleared.");
      }
    });
    window.addEventListener("hashchange", function () {
      if (location.hash.slice(1) !== encode()) { items = decode(location.hash.slice(1)); renderChoices(); changed(); }
    });

    // The review line heads the sheet in the header of a layout table, which print repeats at
    // the top of every page (Chromium repeats a real <thead>, not a CSS table-header-group): a
    // patient may keep only page 2. On screen the table's parts are plain blocks.
    var sheet = $("ptref-hp-sheet");
    var frame = el("table", { "class": "ptref-hp-frame", role: "presentation" });
    var head = frame.appendChild(el("thead", { "class": "ptref-hp-repeat" })).appendChild(el("tr")).appendChild(el("td"));
    var body = frame.appendChild(el("tbody")).appendChild(el("tr")).appendChild(el("td"));
    head.appendChild($("ptref-hp-review"));
    while (sheet.firstChild) body.appendChild(sheet.firstChild);
    sheet.appendChild(frame);

    items = decode(location.hash.slice(1));
    renderChoices(); changed();
  }

  function start() { var root = document.getElementById("ptref-hp"); if (root) init(root); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
