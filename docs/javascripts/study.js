// Study pages (ptref/render/study.py): one question at a time, feedback, a score and spaced
// repetition. The questions travel inside the page as JSON (#ptref-study-data), so the page works
// offline and from file://. Progress stays in this browser's localStorage, one record per question
// id: its box (0 = just missed ... 5 = known well) and when it was last answered. Questions in
// low boxes come first; a missed question goes back to box 0 and returns three questions later.
// Every text from the data is written with textContent, never as markup. Plain JavaScript.
(function () {
  "use strict";

  var STORE = "ptref-study-v1";
  var TOP_BOX = 5;
  var AGAIN_AFTER = 3; // a missed question comes back after this many others

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) {
      return {}; // storage blocked (some file:// setups) or damaged: start afresh
    }
  }

  function save(progress) {
    try { window.localStorage.setItem(STORE, JSON.stringify(progress)); } catch (e) { /* not kept */ }
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function setUp(root, questions) {
    var $ = function (id) { return document.getElementById(id); };
    var form = $("ptref-study-form"), stem = $("ptref-study-stem"), choices = $("ptref-study-choices");
    var feedback = $("ptref-study-feedback"), next = $("ptref-study-next"), progressLine = $("ptref-study-progress");
    var check = $("ptref-study-check"), clear = $("ptref-study-clear");
    var progress = load();
    var score = { right: 0, answered: 0 };
    var queue = [], current = null, answered = false;

    function record(q) { return progress[q.id] || { box: 0, seen: 0 }; }

    // Low boxes first, then the ones answered longest ago, then the page's order.
    function order() {
      queue = questions.slice().sort(function (a, b) {
        var ra = record(a), rb = record(b);
        return (ra.box - rb.box) || (ra.seen - rb.seen) || (questions.indexOf(a) - questions.indexOf(b));
      });
    }

    function known() {
      return questions.filter(function (q) { return record(q).box >= 3; }).length;
    }

    function showProgress() {
      progressLine.textContent = "This session: " + score.right + " right of " + score.answered +
        " answered. Known well on this page: " + known() + " of " + questions.length + ".";
    }

    function show() {
      if (!queue.length) order();
      current = queue.shift();
      answered = false;
      stem.textContent = current.stem;
      choices.textContent = "";
      current.choices.forEach(function (text, i) {
        var id = "ptref-study-choice-" + i;
        var label = el("label", null, "ptref-study__choice");
        label.setAttribute("for", id);
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "ptref-study-choice";
        input.id = id;
        input.value = String(i);
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + String.fromCharCode(65 + i) + ". " + text));
        choices.appendChild(label);
      });
      feedback.textContent = "";
      form.hidden = false;
      check.disabled = false;
      next.hidden = true;
      showProgress();
    }

    function answer(event) {
      event.preventDefault();
      if (answered) return;
      var picked = form.querySelector("input[name=ptref-study-choice]:checked");
      feedback.textContent = "";
      if (!picked) {
        feedback.appendChild(el("p", "Choose an answer first.", "ptref-study__hint"));
        return;
      }
      answered = true;
      var right = Number(picked.value) === current.answer;
      var r = record(current);
      r.seen = Date.now();
      if (right) {
        r.box = Math.min(r.box + 1, TOP_BOX);
      } else {
        r.box = 0;
        queue.splice(Math.min(AGAIN_AFTER, queue.length), 0, current); // sooner, in this session too
      }
      progress[current.id] = r;
      save(progress);
      score.answered += 1;
      if (right) score.right += 1;
      var verdict = right ? "Right." : "Not quite. The answer is " +
        String.fromCharCode(65 + current.answer) + ". " + current.choices[current.answer] + ".";
      feedback.appendChild(el("p", verdict, right ? "ptref-study__right" : "ptref-study__wrong"));
      feedback.appendChild(el("p", current.explanation));
      var more = el("p", "Read more: ");
      var link = el("a", current.link_text);
      link.href = current.link;
      more.appendChild(link);
      feedback.appendChild(more);
      Array.prototype.forEach.call(choices.querySelectorAll("input"), function (input) {
        input.disabled = true;
        if (Number(input.value) === current.answer) input.parentNode.classList.add("ptref-study__choice--answer");
      });
      check.disabled = true;
      next.hidden = false;
      next.focus();
      showProgress();
    }

    form.addEventListener("submit", answer);
    next.addEventListener("click", function () {
      show();
      var first = choices.querySelector("input");
      if (first) first.focus();
    });
    clear.addEventListener("click", function () {
      if (!window.confirm("Forget your progress on this page's questions?")) return;
      questions.forEach(function (q) { delete progress[q.id]; });
      save(progress);
      score = { right: 0, answered: 0 };
      queue = [];
      show();
    });
    order();
    show();
  }

  function init() {
    var root = document.getElementById("ptref-study");
    var data = document.getElementById("ptref-study-data");
    if (!root || !data) return;
    var questions;
    try { questions = JSON.parse(data.textContent); } catch (e) { return; }
    if (!questions.length) return;
    setUp(root, questions);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
