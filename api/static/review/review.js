// eKlaim review pages: small progressive enhancements (the pages work without JavaScript).
(function () {
  "use strict";
  // Clicking a check or field row highlights its box on the page image (and the other way).
  function setActive(field) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    if (!field) { return; }
    document.querySelectorAll('[data-field="' + field.replace(/"/g, "") + '"]').forEach(function (el) {
      el.classList.add("active");
    });
    var box = document.querySelector('polygon[data-field="' + field.replace(/"/g, "") + '"]');
    if (box && box.scrollIntoView) { box.closest(".page").scrollIntoView({ behavior: "smooth", block: "center" }); }
  }
  document.addEventListener("click", function (ev) {
    var row = ev.target.closest && ev.target.closest("tr[data-field]");
    if (row) { setActive(row.getAttribute("data-field")); }
  });
  // Correction and rejection need a reason; rejection asks for confirmation.
  document.querySelectorAll(".decision-form button[data-needs-reason]").forEach(function (btn) {
    btn.addEventListener("click", function (ev) {
      var reason = btn.form.querySelector("textarea[name=reason]");
      if (reason && !reason.value.trim()) {
        ev.preventDefault();
        reason.setCustomValidity("Tuliskan alasan / Give a reason");
        reason.reportValidity();
        reason.addEventListener("input", function () { reason.setCustomValidity(""); }, { once: true });
        return;
      }
      var msg = btn.getAttribute("data-confirm");
      if (msg && !window.confirm(msg)) { ev.preventDefault(); }
    });
  });
})();
