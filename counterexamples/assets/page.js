"use strict";
(function () {
  const data = JSON.parse(document.getElementById("timeline").textContent);
  const slider = document.getElementById("step");
  const label = document.getElementById("step-label");
  const title = document.getElementById("state-title");
  const body = document.querySelector("#states tbody");
  const inflight = document.getElementById("inflight");
  const failure = document.getElementById("failure");
  const cursor = document.getElementById("cursor");
  const rows = Array.from(document.querySelectorAll("rect.row"));
  const last = data.frames.length - 1;

  function text(el, s) { el.textContent = s; return el; }

  function show(i) {
    i = Math.max(0, Math.min(last, i));
    const f = data.frames[i];
    slider.value = String(i);
    title.textContent = i === 0 ? "Initial state" : "State after step " + i;
    label.textContent = i === 0 ? "step 0 of " + last + ": initial state" : "step " + i + " of " + last + ": " + f.action;
    body.replaceChildren();
    f.states.forEach(function (s, k) {
      const tr = document.createElement("tr");
      tr.dataset.actor = String(k);
      if (f.changed.indexOf(k) >= 0) tr.className = "changed";
      tr.appendChild(text(document.createElement("th"), data.actors[k]));
      tr.appendChild(text(document.createElement("td"), s)).className = "state-text";
      body.appendChild(tr);
    });
    failure.hidden = !f.failure;
    failure.textContent = f.failure || "";
    inflight.replaceChildren();
    if (f.inflight.length === 0) {
      text(inflight.appendChild(document.createElement("li")), "nothing").className = "none";
    }
    f.inflight.forEach(function (m) { text(inflight.appendChild(document.createElement("li")), m); });
    rows.forEach(function (r) { r.classList.toggle("current", Number(r.dataset.step) === i); });
    document.querySelectorAll(".arrow.selected").forEach(function (a) { a.classList.remove("selected"); });
    document.querySelectorAll('.arrow[data-step="' + i + '"]').forEach(function (a) { a.classList.add("selected"); });
    if (cursor) {
      const y = String(data.top + i * data.rowHeight + data.rowHeight / 2);
      cursor.setAttribute("y1", y);
      cursor.setAttribute("y2", y);
    }
  }

  slider.addEventListener("input", function () { show(Number(slider.value)); });
  document.getElementById("prev").addEventListener("click", function () { show(Number(slider.value) - 1); });
  document.getElementById("next").addEventListener("click", function () { show(Number(slider.value) + 1); });
  rows.forEach(function (r) { r.addEventListener("click", function () { show(Number(r.dataset.step)); }); });
  document.addEventListener("keydown", function (e) {
    if (e.target === slider) return;
    if (e.key === "ArrowLeft") show(Number(slider.value) - 1);
    if (e.key === "ArrowRight") show(Number(slider.value) + 1);
  });
  show(Number(slider.value));
})();
