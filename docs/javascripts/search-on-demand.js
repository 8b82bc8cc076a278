/* The search index only when the reader searches.

   Material asks for search/search_index.json (over HTTP) or appends search/search_index.js (from
   file://, where the offline plugin inlines it) as soon as any page loads. It is the largest file
   of the site, and most visits never search. This script runs before Material's bundle
   (overrides/main.html, block libs) and holds that one request back until the reader opens
   the search: focus in the search box, a click on the search icon, or Material's keyboard
   shortcuts (all of which tick the #__search toggle). A page opened from a search result
   (`?h=term`, to highlight the term) wants the index at once. Every other request goes through
   untouched. */
(function () {
  "use strict";
  var wanted = /[?&]h=/.test(window.location.search);
  var waiting = [];
  var INDEX = /(^|\/)search\/search_index\.js(on)?(\?.*)?$/;

  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  // Over HTTP: Material fetches the index with XMLHttpRequest.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.ptrefSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.ptrefSearchIndex && !wanted) {
      waiting.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };

  // From file://: Material appends a <script> for search_index.js to <head>.
  var head = document.head;
  var append = head.appendChild;
  head.appendChild = function (node) {
    if (!wanted && node && node.tagName === "SCRIPT" && INDEX.test(node.src || "")) {
      waiting.push(function () { append.call(head, node); });
      return node;
    }
    return append.call(head, node);
  };

  function isSearch(target) {
    return target && target.nodeType === 1 && (target.id === "__search" || target.closest(".md-search"));
  }
  document.addEventListener("focusin", function (event) { if (isSearch(event.target)) want(); }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) want();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    var target = event.target;
    if (target && target.nodeType === 1 && target.closest("label[for='__search'], .md-search")) want();
  }, true);
})();
