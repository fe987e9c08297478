/*!
 * India–Japan 2+2 Tracker — tracker-1.0.0.js
 * Small progressive enhancements. Loaded with `defer` from base.html; no inline scripts anywhere, so
 * a Content-Security-Policy of `script-src 'self'` is enough. Everything works without it.
 *
 * 1. Copy buttons. Any element with
 *      data-copy="text to copy"           copies that text, or
 *      data-copy-target="#css-selector"   copies the value (inputs) or visible text of that element.
 *    The button says "Copied" for two seconds (the original label comes back), and the page's
 *    polite live region (#live-status, in base.html) announces it. Works for content swapped in
 *    by htmx too (one delegated listener). Copy buttons are hidden by CSS until this file adds the
 *    `js` class to <html>.
 * 2. Print URLs. Before printing, internal links get data-print-url="<absolute URL>", which the
 *    print stylesheet prints after the link text.
 * 3. Filter panel. <details data-collapse-below="56rem" open> is closed on load when the screen is
 *    narrower than that, and opened again when it becomes wider.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  root.classList.add("js");

  var COPIED_MS = 2000;

  function announce(message) {
    var region = doc.getElementById("live-status");
    if (!region) return;
    region.textContent = "";
    // A separate task, so that the same message twice is announced twice.
    window.setTimeout(function () {
      region.textContent = message;
    }, 50);
  }

  function textToCopy(el) {
    if (el.hasAttribute("data-copy")) return el.getAttribute("data-copy");
    var selector = el.getAttribute("data-copy-target");
    var target = null;
    try {
      target = selector ? doc.querySelector(selector) : null;
    } catch (err) {
      target = null;
    }
    if (!target) return null;
    if (target.tagName === "INPUT" || target.tagName === "TEXTAREA") return target.value;
    return (target.innerText || target.textContent || "").replace(/\s+\n/g, "\n").trim();
  }

  function legacyCopy(text) {
    var area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed"; // CSSOM, not an inline style attribute: CSP-safe
    area.style.top = "-1000px";
    area.style.opacity = "0";
    doc.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = doc.execCommand("copy");
    } catch (err) {
      ok = false;
    }
    doc.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function writeClipboard(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return legacyCopy(text);
      });
    }
    return legacyCopy(text);
  }

  function labelOf(button) {
    return button.querySelector(".copy-button__label") || button;
  }

  function flash(button, message, copied) {
    var label = labelOf(button);
    if (!button.hasAttribute("data-copy-label")) {
      button.setAttribute("data-copy-label", label.textContent);
    }
    label.textContent = message;
    button.classList.toggle("is-copied", copied);
    window.clearTimeout(button._trackerTimer);
    button._trackerTimer = window.setTimeout(function () {
      label.textContent = button.getAttribute("data-copy-label");
      button.classList.remove("is-copied");
    }, COPIED_MS);
  }

  function selectTarget(button) {
    var selector = button.getAttribute("data-copy-target");
    var target = selector ? doc.querySelector(selector) : null;
    if (!target) return;
    var range = doc.createRange();
    range.selectNodeContents(target);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  doc.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy], [data-copy-target]");
    if (!button) return;
    var text = textToCopy(button);
    if (text === null || text === "") return;
    event.preventDefault();
    writeClipboard(text).then(
      function () {
        flash(button, "Copied", true);
        announce("Copied to the clipboard");
      },
      function () {
        selectTarget(button);
        flash(button, "Press Ctrl+C to copy", false);
        announce("Could not copy automatically; the text is selected, press Ctrl+C");
      }
    );
  });

  function fillPrintUrls() {
    var links = doc.querySelectorAll('a[href^="/"]:not([data-print-url])');
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("data-print-url", links[i].href);
    }
  }

  window.addEventListener("beforeprint", fillPrintUrls);

  function setUpCollapsibles(scope) {
    var panels = (scope || doc).querySelectorAll("details[data-collapse-below]");
    Array.prototype.forEach.call(panels, function (panel) {
      if (panel._trackerMedia) return;
      var query = window.matchMedia("(max-width: " + panel.getAttribute("data-collapse-below") + ")");
      panel._trackerMedia = query;
      if (query.matches) panel.removeAttribute("open");
      var onChange = function (e) {
        if (!e.matches) panel.setAttribute("open", "");
      };
      if (query.addEventListener) query.addEventListener("change", onChange);
      else if (query.addListener) query.addListener(onChange);
    });
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", function () {
      setUpCollapsibles(doc);
    });
  } else {
    setUpCollapsibles(doc);
  }

  // Content swapped in by htmx.
  doc.addEventListener("htmx:load", function (event) {
    setUpCollapsibles(event.detail && event.detail.elt ? event.detail.elt.parentNode || doc : doc);
  });
})();
