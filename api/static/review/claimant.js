// The claimant's phone page: upload from the camera or files with instant feedback, then
// follow the reading of each document (the page works without JavaScript too).
(function () {
  "use strict";
  var card = document.getElementById("status");
  if (!card) { return; }
  var stateUrl = card.getAttribute("data-state-url");

  function setSlot(slot, info) {
    var li = document.getElementById("slot-" + slot);
    if (!li || !info) { return; }
    var pill = li.querySelector("[data-role=status]");
    if (pill) {
      pill.className = "pill status-" + info.status;
      pill.textContent = info.words.id + " / " + info.words.en;
    }
    var msg = li.querySelector("[data-role=message]");
    if (msg) {
      if (info.message && info.status !== "accepted") {
        msg.textContent = "";
        msg.appendChild(document.createTextNode(info.message.id));
        msg.appendChild(document.createElement("br"));
        var small = document.createElement("small");
        small.textContent = info.message.en;
        msg.appendChild(small);
        msg.hidden = false;
      } else {
        msg.hidden = true;
      }
    }
  }

  function feedback(form, ok, message) {
    var el = form.querySelector("[data-role=feedback]");
    if (!el) { return; }
    el.textContent = "";
    var span = document.createElement("span");
    span.className = ok ? "ok" : "bad";
    span.appendChild(document.createTextNode(message.id));
    span.appendChild(document.createElement("br"));
    var small = document.createElement("small");
    small.textContent = message.en;
    span.appendChild(small);
    el.appendChild(span);
  }

  var polling = null;
  function poll() {
    fetch(stateUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        var reading = false;
        Object.keys(state.slots).forEach(function (slot) {
          setSlot(slot, state.slots[slot]);
          if (state.slots[slot].status === "reading") { reading = true; }
        });
        if (state.status !== card.getAttribute("data-claim-status")) { window.location.reload(); return; }
        if (!reading && polling) { clearInterval(polling); polling = null; }
      })
      .catch(function () { /* the next tick tries again */ });
  }
  function startPolling() { if (!polling) { polling = setInterval(poll, 2000); } }

  document.querySelectorAll("form.upload input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.files || !input.files.length) { return; }
      var form = input.form;
      var body = new FormData();
      body.append("file", input.files[0]);
      feedback(form, true, { id: "Mengunggah\u2026", en: "Uploading\u2026" });
      fetch(form.action, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json().catch(function () { return { ok: false, message: { id: "Gagal mengunggah.", en: "Upload failed." } }; }); })
        .then(function (res) {
          feedback(form, !!res.ok, res.message || { id: "Gagal mengunggah.", en: "Upload failed." });
          if (res.ok) { startPolling(); poll(); }
          input.value = "";
        })
        .catch(function () {
          feedback(form, false, { id: "Koneksi terputus. Coba lagi.", en: "The connection dropped. Try again." });
        });
    });
  });
  if (document.querySelector(".pill.status-reading") || /^(submitted|processing)$/.test(card.getAttribute("data-claim-status"))) {
    startPolling();
  }
})();
