// Study pages (ptref/render/study.py): practice one question at a time with feedback and spaced
// repetition; the saved progress by topic and content area on the study index; and a timed,
// mixed block that ends on a results page. The questions travel inside the page as JSON
// (#ptref-study-data), so every page works offline and from file://. Every text from the data is
// written with textContent, never as markup. Plain JavaScript, no server.
//
// Progress stays in this browser's localStorage under "ptref-study-v1", one record per question
// id: {box, seen} (box 0 = missed at the last try ... 5 = known well; seen = when last answered,
// ms). That is the format earlier versions wrote, so old progress reads unchanged: a record means
// the question was answered, box > 0 means the last answer was right, and a question is due when
// it was missed or its box's interval has passed since it was seen. A timed block in progress or
// its results are kept under "ptref-study-exam-v1".
//
// Questions may carry, beyond id/topic/stem/choices/answer/explanation/link/link_text: reasons
// (one per choice), level, system, domain and case (a vignette). All are optional here.
(function () {
  "use strict";

  var STORE = "ptref-study-v1";
  var EXAM_STORE = "ptref-study-exam-v1";
  var TOP_BOX = 5;
  var AGAIN_AFTER = 3; // a missed question comes back after this many others
  var DAY = 24 * 60 * 60 * 1000;
  var INTERVAL_DAYS = [0, 1, 3, 7, 14, 30]; // by box: when a question is due again
  var DOMAINS = {
    "examination": "Examination",
    "evaluation-diagnosis": "Evaluation and diagnosis",
    "intervention": "Intervention",
    "safety-professional": "Safety and professional responsibilities",
    "research-ebp": "Research and evidence-based practice"
  };
  var SYSTEMS = {
    "musculoskeletal": "Musculoskeletal",
    "neuromuscular": "Neuromuscular",
    "cardiovascular-pulmonary": "Cardiovascular and pulmonary",
    "integumentary": "Integumentary",
    "other-systems": "Other systems",
    "non-system": "Non-system (safety, professional, research)"
  };
  var ANNOUNCE_AT = [30, 15, 5, 1]; // minutes left when the timer speaks to screen readers

  // ---- storage -------------------------------------------------------------------------------
  function read(key) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "null");
      return saved && typeof saved === "object" ? saved : null;
    } catch (e) {
      return null; // storage blocked (some file:// setups) or damaged: start afresh
    }
  }

  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* not kept */ }
  }

  function loadProgress() {
    var p = read(STORE) || {};
    Object.keys(p).forEach(function (id) { // damaged records are dropped, good ones kept
      var r = p[id];
      if (!r || typeof r !== "object" || typeof r.box !== "number") delete p[id];
      else if (typeof r.seen !== "number") r.seen = 0;
    });
    return p;
  }

  function isDue(r, now) {
    return r.box <= 0 || now >= r.seen + INTERVAL_DAYS[Math.min(r.box, TOP_BOX)] * DAY;
  }

  // Update one question's record after an answer; returns the record.
  function mark(progress, id, right, now) {
    var r = progress[id] || { box: 0, seen: 0 };
    r.box = right ? Math.min(r.box + 1, TOP_BOX) : 0;
    r.seen = now;
    progress[id] = r;
    return r;
  }

  // Counts over a list of question ids: answered, right at the last try, due now.
  function tally(progress, ids, now) {
    var t = { total: ids.length, answered: 0, right: 0, due: 0 };
    ids.forEach(function (id) {
      var r = progress[id];
      if (!r) return;
      t.answered += 1;
      if (r.box > 0) t.right += 1;
      if (isDue(r, now)) t.due += 1;
    });
    return t;
  }

  // ---- helpers -------------------------------------------------------------------------------
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function letter(i) { return String.fromCharCode(65 + i); }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // (template, entry) from an id like "rf-cues:<flag>" or "case:<case>:3".
  function relatedKey(id) {
    var parts = String(id).split(":");
    return [parts[0], parts.length > 1 ? parts[1] : ""];
  }

  // The patient story a question is built on: the story the data names (q.story: one red-flag
  // vignette asked two ways, whose stems may differ by a sentence), else its case text and its
  // stem without the last sentence (the lead-in). Two questions asking different things of one
  // vignette share it.
  function vignette(q) {
    if (q.story) return "story:" + q.story;
    var stem = String(q.stem), cut = stem.lastIndexOf(". ");
    return (q.case || "") + "\n" + (cut > 0 ? stem.slice(0, cut) : stem);
  }

  // 2: same entry or case; 1: same template; 0: unrelated. Same rule as ptref/render/study.py.
  function clash(a, b) {
    var ka = relatedKey(a.id), kb = relatedKey(b.id);
    if (ka[1] && ka[1] === kb[1]) return 2;
    return ka[0] === kb[0] ? 1 : 0;
  }

  // The list in nearly its order, but no two related questions side by side where a question
  // within the next few avoids it. `before` is the question shown just before the list starts.
  function spread(list, before) {
    var rest = list.slice(), out = [], WINDOW = 12;
    while (rest.length) {
      var prev = out.length ? out[out.length - 1] : before, pick = 0;
      if (prev) {
        var best = 3;
        for (var i = 0; i < Math.min(WINDOW, rest.length); i++) {
          var c = clash(prev, rest[i]);
          if (c < best) { best = c; pick = i; }
          if (c === 0) break;
        }
      }
      out.push(rest.splice(pick, 1)[0]);
    }
    return out;
  }

  function shuffle(list) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = a[i];
      a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  // Content areas of a question: the exam outline's domain (and body system) where the question
  // has them, otherwise its topic.
  function domainOf(q, titles) {
    if (q.domain) return DOMAINS[q.domain] || q.domain;
    return titles[q.topic] || q.topic;
  }

  // A table of rows [label, tally, link?]; `column` names the first column.
  function tallyTable(caption, column, rows, withDue) {
    var table = el("table", null, "ptref-study__table");
    table.appendChild(el("caption", caption));
    var head = el("tr");
    ["", "Questions", "Answered", "Right at the last try"].concat(withDue ? ["Due now"] : []).forEach(function (h, i) {
      var th = el("th", i === 0 ? column : h);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (row) {
      var tr = el("tr"), th = el("th");
      th.scope = "row";
      if (row[2]) { var a = el("a", row[0]); a.href = row[2]; th.appendChild(a); } else th.textContent = row[0];
      tr.appendChild(th);
      var t = row[1];
      [t.total, t.answered, t.right].concat(withDue ? [t.due] : []).forEach(function (n) { tr.appendChild(el("td", String(n))); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  // On a phone a score table may scroll sideways inside itself (ptref.css); one that does is a
  // tab stop, so the keyboard can scroll it too. Checked after each draw and on resize.
  function scrollables() {
    Array.prototype.forEach.call(document.querySelectorAll(".ptref-study__table"), function (t) {
      if (t.scrollWidth > t.clientWidth + 1) t.tabIndex = 0; else t.removeAttribute("tabindex");
    });
  }
  window.addEventListener("resize", scrollables);
  document.addEventListener("toggle", scrollables, true); // a <details> holding tables opened

  // Group questions by a key function; returns [[label, [ids]]] in first-seen order.
  function groupIds(questions, keyOf) {
    var order = [], ids = {};
    questions.forEach(function (q) {
      var k = keyOf(q);
      if (!k) return;
      if (!ids[k]) { ids[k] = []; order.push(k); }
      ids[k].push(q.id);
    });
    return order.map(function (k) { return [k, ids[k]]; });
  }

  function areaTables(box, questions, titles, progress, now, withDue) {
    box.textContent = "";
    var domains = groupIds(questions, function (q) { return domainOf(q, titles); });
    var byDomain = questions.some(function (q) { return q.domain; });
    box.appendChild(tallyTable(byDomain ? "Progress by content area" : "Progress by topic", byDomain ? "Content area" : "Topic",
      domains.map(function (d) { return [d[0], tally(progress, d[1], now)]; }), withDue));
    if (questions.some(function (q) { return q.system; })) {
      var systems = groupIds(questions, function (q) { return q.system && (SYSTEMS[q.system] || q.system); });
      box.appendChild(tallyTable("Progress by body system", "Body system",
        systems.map(function (d) { return [d[0], tally(progress, d[1], now)]; }), withDue));
    }
  }

  // Keys shared by the practice page and the timed block: 1-4 or A-D pick an option (and focus
  // it), Enter on an option submits. They work with the focus in the question or on nothing in
  // particular (the page body); keys with Ctrl, Alt or Meta are left to the browser.
  function optionKeys(root, choices, form) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey || form.hidden || root.hidden) return;
      var target = event.target;
      if (target !== document.body && target !== document.documentElement && !root.contains(target)) return;
      if (form.parentNode && form.parentNode.hidden) return;
      if (target && target.tagName === "INPUT" && target.type !== "radio") return;
      if (target && (target.tagName === "TEXTAREA" || target.isContentEditable)) return;
      var inputs = choices.querySelectorAll("input[type=radio]");
      var key = event.key || "", index = -1;
      if (/^[1-9]$/.test(key)) index = Number(key) - 1;
      else if (/^[a-zA-Z]$/.test(key) && !event.shiftKey) index = key.toLowerCase().charCodeAt(0) - 97;
      if (index >= 0 && index < inputs.length && !inputs[index].disabled) {
        inputs[index].checked = true;
        inputs[index].focus();
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      if (key === "Enter" && target && target.type === "radio" && choices.contains(target)) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    });
  }

  function drawChoices(choices, q, prefix) {
    choices.textContent = "";
    q.choices.forEach(function (text, i) {
      var id = prefix + i;
      var label = el("label", null, "ptref-study__choice");
      label.setAttribute("for", id);
      var input = document.createElement("input");
      input.type = "radio";
      input.name = prefix.replace(/-$/, "");
      input.id = id;
      input.value = String(i);
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + letter(i) + ". " + text));
      choices.appendChild(label);
    });
  }

  function drawCase(box, q, skip) {
    box.textContent = "";
    box.hidden = !q.case || skip;
    if (box.hidden) return;
    String(q.case).split("\n").forEach(function (line) { box.appendChild(el("p", line)); });
  }

  // Why each option is right or wrong, where the question carries reasons.
  function reasonsList(q, picked) {
    if (!q.reasons || q.reasons.length !== q.choices.length) return null;
    var list = el("ol", null, "ptref-study__reasons");
    list.type = "A";
    q.choices.forEach(function (text, i) {
      var li = el("li");
      var head = el("b", text + (i === q.answer ? " (the answer)" : " (wrong)") + (i === picked ? ", your choice" : "") + ": ");
      li.appendChild(head);
      li.appendChild(document.createTextNode(q.reasons[i]));
      if (i === q.answer) li.className = "ptref-study__reason--answer";
      list.appendChild(li);
    });
    return list;
  }

  function readMore(q) {
    var more = el("p", "Read more: ");
    var link = el("a", q.link_text);
    link.href = q.link;
    more.appendChild(link);
    return more;
  }

  // ---- practice page -------------------------------------------------------------------------
  function practice(root, questions) {
    var $ = function (id) { return document.getElementById(id); };
    var form = $("ptref-study-form"), stem = $("ptref-study-stem"), choices = $("ptref-study-choices");
    var feedback = $("ptref-study-feedback"), next = $("ptref-study-next"), progressLine = $("ptref-study-progress");
    var check = $("ptref-study-check"), clear = $("ptref-study-clear"), live = $("ptref-study-live");
    var saved = $("ptref-study-saved"), areas = $("ptref-study-areas"), areasTable = $("ptref-study-areas-table");
    var caseBox = $("ptref-study-case");
    var casePage = root.getAttribute("data-case-page") === "true";
    var titles = {};
    questions.forEach(function (q) { titles[q.topic] = root.getAttribute("data-title") || q.topic; });
    var ids = questions.map(function (q) { return q.id; });
    var progress = loadProgress();
    var score = { right: 0, answered: 0 };
    var queue = [], current = null, answered = false;
    // Unseen questions are spaced evenly by entry: the k-th of an entry's n questions sits at
    // (k + 0.5) / n of the way through, so two on one entry (one of which may give the other
    // away) are as far apart as the page allows, and a missed one put back a few places on
    // rarely lands beside its own entry.
    var slot = {};
    (function () {
      var count = {}, nth = {};
      questions.forEach(function (q) { var k = relatedKey(q.id)[1] || q.id; count[k] = (count[k] || 0) + 1; });
      questions.forEach(function (q) {
        var k = relatedKey(q.id)[1] || q.id;
        nth[k] = (nth[k] || 0) + 1;
        slot[q.id] = (nth[k] - 0.5) / count[k];
      });
    })();

    // Questions that ask different things of one patient story (which red flag? then which
    // action?): the answer to one gives the other away, so an unseen question whose story was
    // answered in the last day waits until every other unseen question has been asked.
    var storyOf = {}, byStory = {};
    questions.forEach(function (q) {
      var v = vignette(q);
      storyOf[q.id] = v;
      (byStory[v] = byStory[v] || []).push(q);
    });
    function storyTold(q, now) {
      if (casePage) return false;
      return byStory[storyOf[q.id]].some(function (x) {
        var r = progress[x.id];
        return x !== q && r && now - r.seen < DAY;
      });
    }

    function rank(q, now) {
      var r = progress[q.id];
      if (!r) return storyTold(q, now) ? 2.5 : 2; // unseen; its story's twin answered: after the rest
      if (r.box <= 0) return 0; // missed at the last try: before anything unseen
      return isDue(r, now) ? 1 : 3; // due for review, or not yet due
    }

    // Missed first (oldest first), then due, then unseen spaced by entry (page order on a case
    // page, which keeps its story's order), then the rest by when they fall due; then spread so
    // related questions do not sit side by side. `after` is the question shown just before.
    function ranked(list, after) {
      var now = Date.now();
      var sorted = list.slice().sort(function (a, b) {
        var ga = rank(a, now), gb = rank(b, now);
        if (ga !== gb) return ga - gb;
        var ra = progress[a.id], rb = progress[b.id];
        if (ra && rb && ra.seen !== rb.seen) return ra.seen - rb.seen;
        if (!ra && !rb && !casePage && slot[a.id] !== slot[b.id]) return slot[a.id] - slot[b.id];
        return questions.indexOf(a) - questions.indexOf(b);
      });
      return casePage ? sorted : spread(sorted, after);
    }

    function order() { queue = ranked(questions, current); }

    function showProgress() {
      var t = tally(progress, ids, Date.now());
      saved.textContent = "Saved in this browser: " + t.answered + " of " + t.total + " answered, " +
        t.right + " right at the last try, " + t.due + " due for review now.";
      progressLine.textContent = "This session: " + score.right + " right of " + score.answered + " answered.";
      // By content area only when there is more than the page's one topic to tell apart.
      areas.hidden = !questions.some(function (q) { return q.domain || q.system; });
      if (!areas.hidden) areaTables(areasTable, questions, titles, progress, Date.now(), true);
      scrollables();
    }

    function show() {
      if (!queue.length) order();
      current = queue.shift();
      answered = false;
      drawCase(caseBox, current, casePage);
      stem.textContent = current.stem;
      drawChoices(choices, current, "ptref-study-choice-");
      feedback.textContent = "";
      live.textContent = "";
      form.hidden = false;
      check.disabled = false;
      next.hidden = true;
      showProgress();
    }

    // A missed question goes back AGAIN_AFTER places on, or later if that would put it next to a
    // question on its own entry. When this round has too few left for that, the next round (the
    // rest of the page, ranked) joins the queue first, so it never comes straight back.
    function requeue(q) {
      function nextRound() {
        var queued = {};
        queue.forEach(function (x) { queued[x.id] = true; });
        var rest = questions.filter(function (x) { return x !== q && !queued[x.id]; });
        queue = queue.concat(ranked(rest, queue.length ? queue[queue.length - 1] : q));
      }
      function place() {
        for (var i = Math.min(AGAIN_AFTER, queue.length); i <= queue.length; i++) {
          var after = queue[i];
          if (clash(queue[i - 1] || q, q) < 2 && (!after || clash(q, after) < 2)) return i;
        }
        return -1;
      }
      if (queue.length < AGAIN_AFTER) nextRound();
      var at = place();
      if (at < 0 && queue.length < questions.length - 1) { nextRound(); at = place(); }
      queue.splice(at < 0 ? Math.min(AGAIN_AFTER, queue.length) : at, 0, q);
    }

    // Unseen questions on the story just answered move behind the other unseen ones still queued.
    function deferTwins(q) {
      if (casePage || byStory[storyOf[q.id]].length < 2) return;
      var now = Date.now(), twins = [], rest = [];
      queue.forEach(function (x) { (!progress[x.id] && storyOf[x.id] === storyOf[q.id] ? twins : rest).push(x); });
      if (!twins.length) return;
      var last = -1;
      rest.forEach(function (x, i) { if (rank(x, now) <= 2) last = i; });
      var head = rest.slice(0, last + 1);
      queue = head.concat(spread(twins.concat(rest.slice(last + 1)), head.length ? head[head.length - 1] : q));
    }

    function answer(event) {
      event.preventDefault();
      if (answered) return;
      var picked = form.querySelector("input[name=ptref-study-choice]:checked");
      feedback.textContent = "";
      if (!picked) {
        feedback.appendChild(el("p", "Choose an answer first.", "ptref-study__hint"));
        live.textContent = "Choose an answer first.";
        return;
      }
      answered = true;
      var choice = Number(picked.value);
      var right = choice === current.answer;
      mark(progress, current.id, right, Date.now());
      deferTwins(current);
      if (!right) requeue(current);
      write(STORE, progress);
      score.answered += 1;
      if (right) score.right += 1;
      var verdict = right ? "Right." : "Not quite. The answer is " +
        letter(current.answer) + ". " + current.choices[current.answer] + ".";
      feedback.appendChild(el("p", verdict, right ? "ptref-study__right" : "ptref-study__wrong"));
      feedback.appendChild(el("p", current.explanation));
      var why = reasonsList(current, choice);
      if (why) {
        feedback.appendChild(el("p", "Why each option is right or wrong:", "ptref-study__why"));
        feedback.appendChild(why);
      }
      feedback.appendChild(readMore(current));
      live.textContent = verdict + " " + current.explanation;
      Array.prototype.forEach.call(choices.querySelectorAll("input"), function (input) {
        input.disabled = true;
        if (Number(input.value) === current.answer) input.parentNode.classList.add("ptref-study__choice--answer");
      });
      check.disabled = true;
      next.hidden = false;
      next.focus();
      showProgress();
    }

    optionKeys(root, choices, form);
    form.addEventListener("submit", answer);
    next.addEventListener("click", function () {
      if (!answered) return;
      show();
      var first = choices.querySelector("input");
      if (first) first.focus();
    });
    clear.addEventListener("click", function () {
      if (!window.confirm("Forget your progress on this page's questions?")) return;
      ids.forEach(function (id) { delete progress[id]; });
      write(STORE, progress);
      score = { right: 0, answered: 0 };
      queue = [];
      current = null;
      show();
    });
    order();
    show();
  }

  // ---- study index: saved progress by topic and content area ---------------------------------
  function overview(box, data) {
    var progress = loadProgress(), now = Date.now(), titles = data.titles, pages = data.pages || {};
    var questions = data.items.map(function (it) { return { id: it[0], topic: it[1], domain: it[2], system: it[3] }; });
    box.textContent = "";
    var all = tally(progress, questions.map(function (q) { return q.id; }), now);
    box.appendChild(el("p", all.answered
      ? "In this browser: " + all.answered + " of " + all.total + " questions answered, " + all.right +
        " right at the last try, " + all.due + " due for review now."
      : "No questions answered in this browser yet. Your progress shows here once you start."));
    var topics = groupIds(questions, function (q) { return q.topic; });
    box.appendChild(tallyTable("Progress by topic", "Topic or case", topics.map(function (t) {
      return [titles[t[0]] || t[0], tally(progress, t[1], now), pages[t[0]]];
    }), true));
    if (questions.some(function (q) { return q.domain; })) {
      var withDomain = questions.filter(function (q) { return q.domain; });
      areaTables(box.appendChild(el("div")), withDomain, titles, progress, now, true);
    }
    scrollables();
  }

  // ---- timed block ---------------------------------------------------------------------------
  function exam(root, questions, titles) {
    var $ = function (id) { return document.getElementById(id); };
    var start = $("ptref-exam-start"), run = $("ptref-exam-run"), results = $("ptref-exam-results");
    var form = $("ptref-exam-form"), stem = $("ptref-exam-stem"), choices = $("ptref-exam-choices");
    var count = $("ptref-exam-count"), timer = $("ptref-exam-timer"), live = $("ptref-exam-live");
    var caseBox = $("ptref-exam-case"), hint = $("ptref-exam-hint");
    var byId = {};
    questions.forEach(function (q) { byId[q.id] = q; });
    var state = null, ticker = null, current = null, spoken = {};

    // A block of n: shares by topic (cases pooled as one), the missed and due first in each
    // share, at most one question on any one patient story (two items built on the same vignette,
    // "which flag?" and "what next?", would give each other away), then shuffled and spread so
    // related questions are not side by side.
    function draw(n) {
      var progress = loadProgress(), now = Date.now();
      var pools = {}, names = [], story = {}, total = 0;
      shuffle(questions).forEach(function (q) {
        var k = q.topic.indexOf("case:") === 0 ? "case" : q.topic;
        if (!pools[k]) { pools[k] = []; names.push(k); }
        pools[k].push(q);
      });
      names.forEach(function (k) {
        pools[k].sort(function (a, b) {
          var ra = progress[a.id], rb = progress[b.id];
          var ga = !ra ? 1 : isDue(ra, now) ? 0 : 2, gb = !rb ? 1 : isDue(rb, now) ? 0 : 2;
          return ga - gb;
        });
        pools[k] = pools[k].filter(function (q) {
          var v = vignette(q);
          if (story[v]) return false;
          story[v] = true;
          return true;
        });
        total += pools[k].length;
      });
      n = Math.min(n, total);
      var quota = {}, given = 0;
      names.forEach(function (k) { quota[k] = Math.floor(n * pools[k].length / total); given += quota[k]; });
      var byRemainder = names.slice().sort(function (a, b) {
        return (n * pools[b].length / total - quota[b]) - (n * pools[a].length / total - quota[a]);
      });
      for (var i = 0; given < n; i = (i + 1) % byRemainder.length) {
        var k = byRemainder[i];
        if (quota[k] < pools[k].length) { quota[k] += 1; given += 1; }
      }
      var picked = [];
      names.forEach(function (k) { picked = picked.concat(pools[k].slice(0, quota[k])); });
      return inCaseOrder(spread(shuffle(picked), null)).map(function (q) { return q.id; });
    }

    // Questions on one case keep the places the spread gave them but are asked in the case's own
    // order: a later question may tell what an earlier one asks (the rash that appeared, the
    // diagnosis the physician made).
    function inCaseOrder(list) {
      var places = {};
      list.forEach(function (q, i) {
        if (q.topic.indexOf("case:") === 0) (places[q.topic] = places[q.topic] || []).push(i);
      });
      var out = list.slice();
      Object.keys(places).forEach(function (topic) {
        var mine = places[topic].map(function (i) { return list[i]; });
        mine.sort(function (a, b) { return questions.indexOf(a) - questions.indexOf(b); });
        places[topic].forEach(function (i, n) { out[i] = mine[n]; });
      });
      return out;
    }

    function save() { write(EXAM_STORE, state); }

    function pending() {
      return state.items.filter(function (id) { return !(id in state.picks) && state.skipped.indexOf(id) < 0; })
        .concat(state.skipped.filter(function (id) { return !(id in state.picks); }));
    }

    function clock(ms) {
      var s = Math.max(0, Math.ceil(ms / 1000)), m = Math.floor(s / 60);
      return m + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
    }

    function tick() {
      if (!state || state.done) return;
      var left = state.ends - Date.now();
      if (left <= 0) { finish("Time is up."); return; }
      timer.textContent = clock(left);
      var minutes = Math.ceil(left / 60000);
      ANNOUNCE_AT.forEach(function (m) {
        if (minutes === m && !spoken[m] && state.minutes > m) {
          spoken[m] = true;
          live.textContent = plural(m, "minute") + " left.";
        }
      });
    }

    function showQuestion() {
      var left = pending();
      if (!left.length) { finish("Every question answered."); return; }
      current = byId[left[0]];
      var done = Object.keys(state.picks).length;
      count.textContent = "Question " + (done + 1) + " of " + state.items.length +
        (state.skipped.indexOf(current.id) >= 0 ? " (skipped before)" : "") + ". Answered: " + done + ".";
      drawCase(caseBox, current, false);
      stem.textContent = current.stem;
      drawChoices(choices, current, "ptref-exam-choice-");
      hint.textContent = "";
    }

    function begin(n, minutes) {
      var now = Date.now();
      state = { items: draw(n), picks: {}, skipped: [], started: now, ends: now + minutes * 60000, minutes: minutes, done: false };
      spoken = {};
      save();
      resume();
      live.textContent = "Block started: " + plural(state.items.length, "question") + " in " + plural(minutes, "minute") + ".";
      var first = choices.querySelector("input");
      if (first) first.focus();
    }

    function resume() {
      start.hidden = true;
      results.hidden = true;
      run.hidden = false;
      ANNOUNCE_AT.forEach(function (m) { if ((state.ends - Date.now()) / 60000 < m) spoken[m] = true; });
      tick();
      if (state.done) return;
      showQuestion();
      if (ticker) window.clearInterval(ticker);
      ticker = window.setInterval(tick, 1000);
    }

    function finish(why) {
      if (ticker) { window.clearInterval(ticker); ticker = null; }
      if (!state.done) {
        state.done = true;
        state.finished = Math.min(Date.now(), state.ends);
        state.why = why;
        var progress = loadProgress();
        Object.keys(state.picks).forEach(function (id) {
          if (byId[id]) mark(progress, id, state.picks[id] === byId[id].answer, state.finished);
        });
        write(STORE, progress);
        save();
      }
      showResults(true);
    }

    function showResults(announce) {
      run.hidden = true;
      start.hidden = true;
      results.hidden = false;
      results.textContent = "";
      var items = state.items.filter(function (id) { return byId[id]; }).map(function (id) { return byId[id]; });
      var right = items.filter(function (q) { return state.picks[q.id] === q.answer; }).length;
      var answeredN = items.filter(function (q) { return q.id in state.picks; }).length;
      var heading = el("h2", "Results");
      heading.id = "ptref-exam-results-heading";
      heading.tabIndex = -1;
      results.appendChild(heading);
      var summary = (state.why ? state.why + " " : "") + "You answered " + answeredN + " of " + items.length +
        " and got " + right + " right (" + Math.round(100 * right / Math.max(1, items.length)) + "% of the block). Time used: " +
        clock(state.finished - state.started) + ".";
      results.appendChild(el("p", summary, "ptref-exam__summary"));
      // Score tables: right out of the questions in the block, per content area and per topic.
      function scoreTable(caption, keyOf) {
        var rows = groupIds(items, keyOf);
        var table = el("table", null, "ptref-study__table");
        table.appendChild(el("caption", caption));
        var head = el("tr");
        [caption.replace("Score by ", ""), "Questions", "Answered", "Right", "Score"].forEach(function (h) {
          var th = el("th", h.charAt(0).toUpperCase() + h.slice(1)); th.scope = "col"; head.appendChild(th);
        });
        var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
        var body = el("tbody");
        rows.forEach(function (row) {
          var qs = row[1].map(function (id) { return byId[id]; });
          var r = qs.filter(function (q) { return state.picks[q.id] === q.answer; }).length;
          var a = qs.filter(function (q) { return q.id in state.picks; }).length;
          var tr = el("tr"), th = el("th", row[0]);
          th.scope = "row";
          tr.appendChild(th);
          [qs.length, a, r, Math.round(100 * r / qs.length) + "%"].forEach(function (v) { tr.appendChild(el("td", String(v))); });
          body.appendChild(tr);
        });
        table.appendChild(body);
        results.appendChild(table);
      }
      scoreTable(items.some(function (q) { return q.domain; }) ? "Score by content area" : "Score by content area (topic)",
        function (q) { return domainOf(q, titles); });
      if (items.some(function (q) { return q.system; })) scoreTable("Score by body system", function (q) { return SYSTEMS[q.system] || q.system || "Not given"; });
      scoreTable("Score by topic", function (q) { return q.topic.indexOf("case:") === 0 ? "Cases: " + (titles[q.topic] || q.topic) : titles[q.topic] || q.topic; });
      // Every question again, with the answer given, the right one and why.
      results.appendChild(el("h2", "Your answers"));
      var list = el("ol", null, "ptref-exam__review");
      items.forEach(function (q) {
        var li = el("li", null, "ptref-exam__item");
        var pick = q.id in state.picks ? state.picks[q.id] : -1;
        li.appendChild(el("p", pick === q.answer ? "Right" : pick < 0 ? "Not answered" : "Wrong",
          pick === q.answer ? "ptref-study__right" : "ptref-study__wrong"));
        if (q.case) String(q.case).split("\n").forEach(function (line) { li.appendChild(el("p", line, "ptref-study__case")); });
        li.appendChild(el("p", q.stem, "ptref-exam__stem"));
        var why = reasonsList(q, pick);
        if (why) li.appendChild(why);
        else {
          var opts = el("ol", null, "ptref-study__reasons");
          opts.type = "A";
          q.choices.forEach(function (text, i) {
            var o = el("li", text + (i === q.answer ? " (the answer)" : "") + (i === pick ? " (your choice)" : ""));
            if (i === q.answer) o.className = "ptref-study__reason--answer";
            opts.appendChild(o);
          });
          li.appendChild(opts);
        }
        li.appendChild(el("p", q.explanation));
        li.appendChild(readMore(q));
        list.appendChild(li);
      });
      results.appendChild(list);
      var again = el("button", "Start a new block", "md-button md-button--primary");
      again.type = "button";
      again.id = "ptref-exam-again";
      again.addEventListener("click", function () {
        results.hidden = true;
        start.hidden = false;
        $("ptref-exam-last").hidden = false;
        $("ptref-exam-begin").focus();
      });
      results.appendChild(el("p")).appendChild(again);
      scrollables();
      if (announce) {
        live.textContent = (state.why ? state.why + " " : "") + "Block ended: " + right + " of " + items.length + " right.";
        heading.focus();
      }
    }

    function commit(event) {
      event.preventDefault();
      if (!state || state.done) return;
      if (Date.now() >= state.ends) { finish("Time is up."); return; }
      var picked = form.querySelector("input[name=ptref-exam-choice]:checked");
      if (!picked) { hint.textContent = "Choose an answer, or skip this question for now."; live.textContent = hint.textContent; return; }
      state.picks[current.id] = Number(picked.value);
      save();
      showQuestion();
      var first = choices.querySelector("input");
      if (first && !state.done) first.focus();
    }

    optionKeys(root, choices, form);
    form.addEventListener("submit", commit);
    $("ptref-exam-skip").addEventListener("click", function () {
      if (!state || state.done) return;
      if (Date.now() >= state.ends) { finish("Time is up."); return; }
      state.skipped = state.skipped.filter(function (id) { return id !== current.id; }).concat([current.id]);
      save();
      showQuestion();
      var first = choices.querySelector("input");
      if (first) first.focus();
    });
    $("ptref-exam-end").addEventListener("click", function () {
      if (!state || state.done) return;
      if (!window.confirm("End the block now? Unanswered questions count as wrong.")) return;
      finish("Ended early.");
    });
    $("ptref-exam-begin").addEventListener("click", function () {
      var size = (root.querySelector("input[name=ptref-exam-size]:checked") || {}).value || "50:60";
      var parts = size.split(":");
      begin(Number(parts[0]), Number(parts[1]));
    });
    $("ptref-exam-last").addEventListener("click", function () { if (state && state.done) showResults(false); });

    // A short block for practice and tests: ?items=5&minutes=6 adds that size and selects it.
    var query = /[?&]items=(\d+)(?:&minutes=(\d+))?/.exec(window.location.search || "");
    if (query) {
      var n = Math.max(1, Number(query[1])), m = Math.max(1, Number(query[2] || Math.ceil(n * 1.2)));
      var label = el("label"), input = document.createElement("input");
      input.type = "radio"; input.name = "ptref-exam-size"; input.value = n + ":" + m; input.checked = true;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + plural(n, "question") + " in " + plural(m, "minute")));
      root.querySelector(".ptref-exam__sizes").appendChild(label);
    }

    state = read(EXAM_STORE);
    if (state && (!state.items || !state.picks || !state.skipped)) state = null;
    if (state && !state.done) {
      if (Date.now() >= state.ends) finish("Time ran out while you were away.");
      else resume();
    } else {
      start.hidden = false;
      $("ptref-exam-last").hidden = !(state && state.done);
    }
  }

  function json(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function init() {
    var root = document.getElementById("ptref-study");
    var questions = json("ptref-study-data");
    if (root && questions && questions.length) practice(root, questions);
    var examRoot = document.getElementById("ptref-exam");
    if (examRoot && questions && questions.length) exam(examRoot, questions, json("ptref-study-titles") || {});
    var box = document.getElementById("ptref-study-overview");
    var data = json("ptref-study-index");
    if (box && data && data.items) overview(box, data);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
