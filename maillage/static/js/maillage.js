// Maillage: small progressive enhancements; every page works without this file (ADR 020).
(function () {
  "use strict";

  // The main menu: a <details> that the wide layout shows whole. Keep its open state true to
  // what is seen (screen readers read it from the summary), and let Escape close it on a phone.
  function setUpMenu() {
    var menu = document.querySelector("[data-site-menu]");
    if (!menu) return;
    var wide = window.matchMedia("(min-width: 50em)");
    function follow() {
      menu.open = wide.matches;
    }
    follow();
    wide.addEventListener("change", follow);
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  // Tables: the frame of a table is a tab stop and says "scroll me" only while the table is
  // wider than it.
  function setUpTables() {
    var frames = document.querySelectorAll("[data-table-scroll]");
    if (!frames.length) return;
    function check(frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      var hint = document.getElementById(frame.getAttribute("aria-labelledby") + "-aide");
      if (scrolls) {
        frame.setAttribute("tabindex", "0");
      } else {
        frame.removeAttribute("tabindex");
      }
      if (hint) hint.hidden = !scrolls;
    }
    frames.forEach(check);
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          check(entry.target);
        });
      });
      frames.forEach(function (frame) {
        observer.observe(frame);
      });
    }
  }

  // The national map: its departments are out of the Tab order (the list below the map is the
  // keyboard path); with this script the map is one tab stop, and the arrow keys go from one
  // department to the next.
  function setUpMap() {
    var map = document.querySelector("[data-map-keys]");
    if (!map) return;
    var links = Array.prototype.slice.call(map.querySelectorAll("a"));
    if (!links.length) return;
    var current = 0;
    function stopAt(index) {
      links[current].setAttribute("tabindex", "-1");
      current = index;
      links[current].setAttribute("tabindex", "0");
    }
    links[0].setAttribute("tabindex", "0");
    var hint = document.getElementById(map.getAttribute("data-map-keys"));
    if (hint) hint.hidden = false;
    map.addEventListener("keydown", function (event) {
      var index = links.indexOf(document.activeElement);
      if (index < 0) return;
      var next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (index + 1) % links.length;
      if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (index - 1 + links.length) % links.length;
      if (event.key === "Home") next = 0;
      if (event.key === "End") next = links.length - 1;
      if (next === null) return;
      event.preventDefault();
      stopAt(next);
      links[next].focus();
    });
    map.addEventListener("focusin", function (event) {
      var index = links.indexOf(event.target);
      if (index >= 0 && index !== current) stopAt(index);
    });
  }

  function start() {
    setUpMenu();
    setUpTables();
    setUpMap();
    // A table that htmx swaps in gets the same treatment.
    document.body.addEventListener("htmx:afterSettle", setUpTables);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
