// eKlaim review pages: progressive enhancements (the pages work without JavaScript).
// No inline scripts or styles (CSP): styles are set through the CSSOM only.
(function () {
  "use strict";

  // -- Check/field rows highlight their box on the page image (and the other way) ----------
  function setActive(field) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    if (!field) { return; }
    var safe = field.replace(/"/g, "");
    document.querySelectorAll('[data-field="' + safe + '"]').forEach(function (el) { el.classList.add("active"); });
    var box = document.querySelector('polygon[data-field="' + safe + '"]');
    if (box && box.scrollIntoView) { box.closest(".page").scrollIntoView({ behavior: "smooth", block: "center" }); }
  }
  document.addEventListener("click", function (ev) {
    var row = ev.target.closest && ev.target.closest("tr[data-field]");
    if (row) { setActive(row.getAttribute("data-field")); }
  });

  // -- Document viewer: zoom, pan, rotate (the SVG boxes move with the image) --------------
  var ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4];
  function Viewer(fig) {
    this.fig = fig;
    this.port = fig.querySelector(".viewport");
    this.wrap = fig.querySelector(".overlay-wrap");
    this.img = this.wrap.querySelector("img");
    this.level = fig.querySelector(".zoom-level");
    this.zoom = 1; this.rot = 0; this.x = 0; this.y = 0;
    var self = this;
    fig.querySelectorAll(".viewer-tools button").forEach(function (b) {
      b.addEventListener("click", function () { self.act(b.getAttribute("data-act")); });
    });
    this.port.addEventListener("keydown", function (ev) {
      var map = { "+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "r": "rotate", "0": "reset" };
      var step = 40;
      if (map[ev.key]) { self.act(map[ev.key]); ev.preventDefault(); ev.stopPropagation(); }
      else if (ev.key.indexOf("Arrow") === 0) {
        var d = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[ev.key];
        self.x += d[0]; self.y += d[1]; self.apply(); ev.preventDefault();
      }
    });
    this.port.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey) { return; }
      ev.preventDefault(); self.act(ev.deltaY < 0 ? "zoom-in" : "zoom-out");
    }, { passive: false });
    var drag = null;
    this.port.addEventListener("pointerdown", function (ev) {
      if (self.zoom <= 1 && self.rot === 0) { return; }
      drag = { px: ev.clientX, py: ev.clientY, x: self.x, y: self.y };
      self.port.setPointerCapture(ev.pointerId); self.port.classList.add("dragging");
    });
    this.port.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      self.x = drag.x + (ev.clientX - drag.px); self.y = drag.y + (ev.clientY - drag.py);
      self.apply();
    });
    function end() { drag = null; self.port.classList.remove("dragging"); }
    this.port.addEventListener("pointerup", end);
    this.port.addEventListener("pointercancel", end);
  }
  Viewer.prototype.act = function (what) {
    var i = ZOOMS.indexOf(this.zoom);
    if (what === "zoom-in" && i < ZOOMS.length - 1) { this.zoom = ZOOMS[i + 1]; }
    else if (what === "zoom-out" && i > 0) { this.zoom = ZOOMS[i - 1]; }
    else if (what === "rotate") { this.rot = (this.rot + 90) % 360; }
    else if (what === "reset") { this.zoom = 1; this.rot = 0; this.x = 0; this.y = 0; }
    if (this.zoom <= 1) { this.x = 0; this.y = 0; }
    this.apply();
  };
  Viewer.prototype.apply = function () {
    var w = this.wrap.offsetWidth, h = this.wrap.offsetHeight;
    var sideways = this.rot % 180 !== 0;
    // A sideways page is fitted into the width it had upright.
    var fit = sideways && h > 0 ? Math.min(1, w / h) : 1;
    var s = this.zoom * fit;
    this.wrap.style.transform = "translate(" + this.x + "px," + this.y + "px) scale(" + s + ") rotate(" + this.rot + "deg)";
    this.port.style.height = (sideways ? Math.round(w * fit * Math.max(1, this.zoom)) : Math.round(h * Math.max(1, this.zoom))) + "px";
    if (sideways) { this.wrap.style.top = Math.round((w * fit * Math.max(1, this.zoom) - h) / 2) + "px"; }
    else { this.wrap.style.top = Math.round((h * Math.max(1, this.zoom) - h) / 2) + "px"; }
    this.wrap.setAttribute("data-zoom", String(this.zoom));
    this.wrap.setAttribute("data-rotation", String(this.rot));
    this.fig.classList.toggle("zoomed", this.zoom !== 1 || this.rot !== 0);
    if (this.level) { this.level.textContent = Math.round(this.zoom * 100) + "% · " + this.rot + "°"; }
  };
  var viewers = [];
  document.querySelectorAll("figure.viewer").forEach(function (fig) { viewers.push(new Viewer(fig)); });

  // -- Decision form: reason codes of the chosen action, confirmation of a non-clear approval --
  var form = document.getElementById("decision-form");
  var dialog = document.getElementById("confirm-dialog");
  function chosenAction() {
    var r = form && form.querySelector("input[name=action]:checked");
    return r ? r.value : "";
  }
  function syncCodes() {
    if (!form) { return; }
    var act = chosenAction();
    var select = form.querySelector("select[name=reason_code]");
    var keep = false;
    select.querySelectorAll("optgroup").forEach(function (g) {
      var on = !act || g.getAttribute("data-action") === act;
      g.hidden = !on; g.disabled = !on;
      if (on && select.selectedOptions.length && select.selectedOptions[0].parentNode === g) { keep = true; }
    });
    if (!keep && act) {
      var first = select.querySelector('optgroup[data-action="' + act + '"] option');
      if (first) { select.value = first.value; }
    }
    var slots = document.getElementById("slots");
    if (slots) { slots.classList.toggle("inactive", act !== "request_correction"); }
  }
  function choose(act, focus) {
    var r = form && form.querySelector('input[name=action][value="' + act + '"]');
    if (!r) { return; }
    r.checked = true; syncCodes();
    var target = document.getElementById(focus || "reason");
    form.scrollIntoView({ block: "nearest" });
    if (target) { target.focus(); }
  }
  if (form) {
    form.addEventListener("change", function (ev) { if (ev.target.name === "action") { syncCodes(); } });
    syncCodes();
    var needsConfirm = form.getAttribute("data-verdict") !== "clear";
    form.addEventListener("submit", function (ev) {
      var act = chosenAction();
      var reason = form.querySelector("textarea[name=reason]");
      var code = form.querySelector("select[name=reason_code]").value;
      if (reason && !reason.value.trim() && (act === "request_correction" || act === "reject" || code === "other" ||
          (act === "approve" && needsConfirm))) {
        ev.preventDefault();
        reason.setCustomValidity("Tuliskan alasan / Give a reason");
        reason.reportValidity();
        reason.addEventListener("input", function () { reason.setCustomValidity(""); }, { once: true });
        return;
      }
      var box = document.getElementById("confirm");
      if (act === "approve" && needsConfirm && box && !box.checked && dialog && dialog.showModal) {
        ev.preventDefault();
        dialog.returnValue = "";
        dialog.showModal();
        document.getElementById("confirm-yes").focus();
      } else if (act === "reject") {
        if (!window.confirm("Tolak klaim ini? / Reject this claim?")) { ev.preventDefault(); }
      }
    });
    if (dialog) {
      dialog.addEventListener("close", function () {
        if (dialog.returnValue === "confirm") {
          document.getElementById("confirm").checked = true;
          form.requestSubmit ? form.requestSubmit() : form.submit();
        }
      });
    }
    form.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  }

  // -- Keyboard: n next claim, a approve, c ask for correction, x reject, / search ----------
  document.addEventListener("keydown", function (ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) { return; }
    if (dialog && dialog.open) { return; }
    if (ev.key === "n") {
      var next = document.getElementById("next-claim");
      if (next) { ev.preventDefault(); window.location.href = next.getAttribute("href"); }
    } else if (ev.key === "a" && form) { ev.preventDefault(); choose("approve"); }
    else if (ev.key === "c" && form) { ev.preventDefault(); choose("request_correction", "slots-first"); }
    else if (ev.key === "x" && form) { ev.preventDefault(); choose("reject"); }
    else if (ev.key === "/") {
      var s = document.getElementById("search");
      if (s) { ev.preventDefault(); s.focus(); }
    }
  });
  var firstSlot = document.querySelector("#slots input[type=checkbox]");
  if (firstSlot) { firstSlot.id = firstSlot.id || "slots-first"; }
})();
