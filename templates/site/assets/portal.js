/* Accessibility fixes for markup that Material builds in the browser (so no template can fix it).
   Loaded on every page (extra_javascript in mkdocs.yml); document$ is Material's page observable. */
(function () {
  "use strict";

  // Material's search panel is a role="dialog" without a name (axe: aria-dialog-name). Name it
  // after its own search field, whose label Material already translates.
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var field = dialog && dialog.querySelector(".md-search__input");
    if (dialog && field && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.placeholder);
    }
  }

  // Content that scrolls sideways must be reachable by keyboard to be scrolled (WCAG 2.1.1; axe:
  // scrollable-region-focusable): Material wraps wide tables in .md-typeset__scrollwrap, and the
  // timeline scrolls on a phone. Any such scroller in the content gets a tab stop while it scrolls
  // (named after the heading above it, for tables), and loses it when it fits again.
  var FOCUSABLE = "a[href], button, input, select, textarea, iframe, [tabindex]:not([tabindex='-1'])";

  function scrollsSideways(el) {
    var overflow = getComputedStyle(el).overflowX;
    return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
  }

  function headingText(el) {
    for (var node = el; node && !node.classList.contains("md-content__inner"); node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) {
          var copy = prev.cloneNode(true);
          copy.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
          return copy.textContent.trim();
        }
      }
    }
    return "";
  }

  function updateScrollers() {
    // Innermost first, so a scroller holding an already reachable one needs no tab stop of its own.
    Array.prototype.slice.call(document.querySelectorAll(".md-content *")).reverse().forEach(function (el) {
      var ours = el.hasAttribute("data-portal-tabstop");
      if (!ours && (el.hasAttribute("tabindex") || !scrollsSideways(el) || el.querySelector(FOCUSABLE))) {
        return;
      }
      if (ours && scrollsSideways(el)) return;
      if (ours) {
        ["tabindex", "data-portal-tabstop", "role", "aria-label"].forEach(function (name) {
          el.removeAttribute(name);
        });
        return;
      }
      el.setAttribute("tabindex", "0");
      el.setAttribute("data-portal-tabstop", "");
      var name = el.querySelector("table") && headingText(el);
      if (name) {
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", name);
      }
    });
  }

  var pending = 0;
  function later() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(updateScrollers);
  }

  function setUp() {
    nameSearchDialog();
    updateScrollers();
  }

  window.addEventListener("resize", later);
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);  // after Material has mounted its components on each page
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
