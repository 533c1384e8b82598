/* Gongkai public pages: the large-text / high-contrast mode (remembered in this browser)
   and the phone menu. Loaded in <head> so the chosen mode applies before the first paint. */
(function () {
  "use strict";
  var KEY = "gongkai-mode";
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function remember(mode) {
    try {
      if (mode) { window.localStorage.setItem(KEY, mode); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage refused: the mode lasts for this page only */ }
  }
  function apply(mode) {
    if (mode === "large") { root.setAttribute("data-mode", "large"); } else { root.removeAttribute("data-mode"); }
    var toggle = document.getElementById("mode-toggle");
    if (toggle) { toggle.setAttribute("aria-pressed", mode === "large" ? "true" : "false"); }
  }
  root.classList.add("js");
  apply(stored());

  function setMenu(nav, button, open) {
    nav.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    var toggle = document.getElementById("mode-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var mode = root.getAttribute("data-mode") === "large" ? null : "large";
        remember(mode);
        apply(mode);
      });
    }
    var button = document.getElementById("nav-toggle");
    var nav = document.querySelector("nav.mainnav");
    if (button && nav) {
      button.addEventListener("click", function () {
        setMenu(nav, button, !nav.classList.contains("open"));
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && nav.classList.contains("open")) {
          setMenu(nav, button, false);
          button.focus();
        }
      });
    }
  });
})();
