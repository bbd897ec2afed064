// Worksheet rows: keep what the person types when a save cannot reach the server.
//
// htmx saves an existing row after each pause in typing; the server marks a real save
// with the X-Worksheet-Saved header. Until a save is confirmed, the boxes' values are kept
// in this tab's sessionStorage under an opaque key (worksheet and row ids, no words of the
// client in the key), so a session that ended mid-sentence loses nothing: after signing in
// again the words come back into the boxes and are saved. The copy is removed as soon as
// the server has it, and sessionStorage ends with the tab.
(function () {
  "use strict";
  var PREFIX = "alongside-worksheet-draft:";

  function values(form) {
    var kept = {};
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (box) {
      if (box.name !== "csrfmiddlewaretoken" && box.type !== "hidden") kept[box.name] = box.value;
    });
    return kept;
  }

  function keep(key, form) {
    try { sessionStorage.setItem(PREFIX + key, JSON.stringify(values(form))); } catch (e) { /* full or blocked */ }
  }

  function forget(key) {
    try { sessionStorage.removeItem(PREFIX + key); } catch (e) { /* blocked */ }
  }

  function restore(key, form) {
    var raw = null;
    try { raw = sessionStorage.getItem(PREFIX + key); } catch (e) { return false; }
    if (!raw) return false;
    var kept;
    try { kept = JSON.parse(raw); } catch (e) { forget(key); return false; }
    var changed = false;
    Object.keys(kept).forEach(function (name) {
      var box = form.elements.namedItem(name);
      if (box && typeof box.value === "string" && box.value !== kept[name]) {
        box.value = kept[name];
        changed = true;
      }
    });
    if (!changed) forget(key);
    return changed;
  }

  function show(form, which, on) {
    var note = form.querySelector("[data-" + which + "]");
    if (note) note.hidden = !on;
  }

  function setup(form) {
    var key = form.getAttribute("data-draft-key");
    if (!key) return;
    var clear = form.getAttribute("data-clear-key");
    if (clear) forget(clear);
    var autosaves = form.hasAttribute("hx-post");
    var state = form.querySelector("#save-state");

    form.addEventListener("input", function () {
      keep(key, form);
      if (autosaves && state) state.textContent = state.getAttribute("data-typing") || "…";
    });

    if (autosaves) {
      form.addEventListener("htmx:afterRequest", function (event) {
        var xhr = event.detail.xhr;
        if (xhr && xhr.getResponseHeader("X-Worksheet-Saved") === "1") {
          forget(key);
          show(form, "unsaved", false);
          show(form, "restored", false);
        } else if (!xhr || xhr.status !== 422) {
          show(form, "unsaved", true);
        }
      });
    }

    if (restore(key, form)) {
      show(form, "restored", true);
      // Save the restored words now. htmx listens for "input" on the form once it has
      // processed the page, which is done by the window's load event.
      if (autosaves) {
        var save = function () { form.dispatchEvent(new Event("input", { bubbles: true })); };
        if (document.readyState === "complete") save();
        else window.addEventListener("load", save);
      }
    }
  }

  function start() {
    document.querySelectorAll("form[data-draft-key]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
