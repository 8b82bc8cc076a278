// Print buttons on the cards: a real <button>, so it works by keyboard as well as by mouse.
(function () {
  "use strict";
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-ptref-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
