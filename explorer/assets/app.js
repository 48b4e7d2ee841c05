// distcheck explore: the page's script. It asks the server for the current state, draws it,
// and sends the user's choices back. Every request carries the page's token.
"use strict";
(function () {
  const token = new URLSearchParams(location.search).get("token") || "";
  const $ = (id) => document.getElementById(id);
  const longState = 160; // states longer than this start collapsed
  let view = null;
  let source = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function say(text, error) {
    const m = $("message");
    m.textContent = text || "";
    m.classList.toggle("error", !!error);
  }

  async function call(method, path, body) {
    const init = { method: method, headers: { "X-Distcheck-Token": token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const r = await fetch(path, init);
    const data = await r.json().catch(() => ({ error: r.status + " " + r.statusText }));
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }

  // act posts an action and draws the view it answers with.
  async function act(path, body) {
    try {
      draw(await call("POST", path, body || {}));
      return true;
    } catch (e) {
      say(e.message, true);
      return false;
    }
  }

  function draw(v) {
    view = v;
    document.body.dataset.step = v.step;
    let params = Object.keys(v.params || {}).sort().map((k) => k + "=" + v.params[k]).join(" ");
    $("model").textContent = v.protocol + (params ? " " + params : "");
    $("step").textContent = "(after step " + v.step + (v.inits > 1 ? ", initial state " + v.init + " of " + v.inits : "") + ")";
    const verdict = $("verdict");
    verdict.className = "verdict-bar " + (v.violated ? "bad" : "ok");
    verdict.textContent = v.violated ? "violated here: " + v.violated : "no always property is violated here";
    verdict.id = "verdict";
    drawActions(v);
    drawProperties(v);
    drawState(v);
    $("diagram").innerHTML = v.svg; // built and escaped by the server
    $("back").disabled = v.step === 0;
    $("minimize").disabled = $("save").disabled = !v.violated;
    if (v.error) say(v.error, true);
  }

  function drawActions(v) {
    const box = $("actions");
    box.replaceChildren();
    if (v.actions.length === 0) box.append(el("div", "none", "nothing is enabled: the path ends here"));
    for (const a of v.actions) {
      const b = el("button", "action" + (a.fault ? " fault" : "") + (a.violates ? " violates" : ""));
      b.type = "button";
      b.dataset.index = a.index;
      b.dataset.label = a.label;
      b.title = a.label + (a.violates ? "\n(leads to a state that violates " + a.violates + ")" : "");
      if (!a.label.startsWith(a.kind + " ")) b.append(el("span", "kind", a.kind), " ");
      b.append(a.label);
      b.addEventListener("click", () => act("api/choose", { step: v.step, action: a.index }).then((ok) => ok && say("")));
      box.append(b);
    }
  }

  function drawProperties(v) {
    const body = $("properties").tBodies[0];
    body.replaceChildren();
    for (const p of v.properties) {
      const tr = el("tr");
      tr.dataset.property = p.name;
      // Only an always property that is false here is violated here; the others are judged
      // over whole behaviours, and their predicate's value now is shown plainly.
      const val = el("td", p.holds ? "yes" : (p.kind === "always" ? "no" : "muted"), p.holds ? "true" : "false");
      val.title = p.kind === "always" ? "in this state" : "the predicate, in this state";
      if (p.then !== undefined && p.then !== null) val.textContent += " → " + p.then;
      tr.append(el("td", "", p.name), el("td", "muted", p.kind), val);
      if (p.error) tr.title = p.error;
      body.append(tr);
    }
  }

  function section(title, brief, open) {
    const d = el("details");
    d.open = open;
    const s = el("summary", "", title + " ");
    if (brief) s.append(el("span", "brief", brief));
    d.append(s);
    return d;
  }

  function list(items) {
    const ul = el("ul");
    for (const i of items) ul.append(el("li", "", i));
    return ul;
  }

  function drawState(v) {
    const box = $("state");
    const was = {};
    for (const d of box.querySelectorAll("details")) was[d.dataset.key] = d.open;
    box.replaceChildren();
    const add = (key, d) => {
      d.dataset.key = key;
      if (key in was) d.open = was[key];
      box.append(d);
    };
    if (v.whole) {
      const d = section("state", "", true);
      d.append(el("pre", "", v.whole));
      add("whole", d);
    }
    for (const a of v.actors) {
      const long = a.state.length > longState;
      const d = section(a.name, long ? a.state.slice(0, 60) + "…" : "", !long);
      if (a.down) d.querySelector("summary").append(el("span", "down", " (down)"));
      d.append(el("pre", "", a.state));
      add("actor:" + a.name, d);
    }
    if (v.actorLayer || v.inflight.length) {
      const inflight = section("In flight", "(" + v.inflight.length + ")", v.inflight.length <= 12);
      inflight.append(v.inflight.length ? list(v.inflight) : el("div", "muted", "nothing"));
      add("inflight", inflight);
    }
    if (v.partition) {
      const d = section("Partition", "", true);
      d.append(el("div", "", v.partition));
      add("partition", d);
    }
    if (v.faults) {
      const d = section("Faults used", v.faults, false);
      add("faults", d);
    }
    if (v.history && v.history.length) {
      const d = section("History", "(" + v.history.length + " operations)", v.history.length <= 12);
      d.append(list(v.history));
      add("history", d);
    }
    if (v.failure) {
      const d = section("Failure", "", true);
      d.append(el("pre", "down", v.failure));
      add("failure", d);
    }
  }

  function search() {
    if (source) source.close();
    const states = $("budget").value || "100000";
    const info = $("searchinfo");
    $("found").replaceChildren();
    info.textContent = "searching…";
    $("search").disabled = true;
    source = new EventSource("api/search?token=" + encodeURIComponent(token) + "&states=" + encodeURIComponent(states));
    const done = () => { source.close(); source = null; $("search").disabled = false; };
    const counts = (p) => p.distinct.toLocaleString() + " states, depth " + p.depth + ", " + p.seconds.toFixed(1) + " s";
    source.addEventListener("progress", (e) => { info.textContent = "searching… " + counts(JSON.parse(e.data)); });
    source.addEventListener("failed", (e) => { done(); info.textContent = "search failed: " + JSON.parse(e.data).error; });
    source.addEventListener("done", (e) => {
      done();
      const r = JSON.parse(e.data);
      info.textContent = (r.exhaustive ? "searched every state reachable from here: " : "stopped (" + r.stopped + "): ") + counts(r) +
        (r.violations.length ? "" : " — no violation");
      for (const f of r.violations) {
        const li = el("li", "", f.property + " after " + f.steps + " steps ");
        const b = el("button", "jump", "jump");
        b.type = "button";
        b.dataset.property = f.property;
        b.addEventListener("click", () => act("api/jump", { index: f.index }).then((ok) => ok && say("jumped to a violation of " + f.property)));
        li.append(b);
        $("found").append(li);
      }
    });
    source.onerror = () => { if (source) { done(); info.textContent = "the search's stream broke off"; } };
  }

  async function loadTraces() {
    try {
      const r = await call("GET", "api/traces");
      const sel = $("traces");
      sel.replaceChildren(el("option", "", "open a saved trace…"));
      sel.firstChild.value = "";
      for (const n of r.traces) {
        const o = el("option", "", n);
        o.value = n;
        sel.append(o);
      }
    } catch (e) { say(e.message, true); }
  }

  $("back").addEventListener("click", () => act("api/back", { step: Math.max(0, view.step - 1) }));
  $("restart").addEventListener("click", () => act("api/restart", { init: view.init }));
  $("search").addEventListener("click", search);
  $("minimize").addEventListener("click", async () => {
    say("minimizing…");
    if (await act("api/minimize")) say("minimized: " + view.step + " steps");
  });
  $("save").addEventListener("click", async () => {
    try {
      const r = await call("POST", "api/save", {});
      say((r.again ? "already saved as " : "saved ") + r.path + " — replay it: " + r.replay);
      $("message").dataset.saved = r.path;
      loadTraces();
    } catch (e) { say(e.message, true); }
  });
  $("traces").addEventListener("change", async (e) => {
    const f = e.target.value;
    if (f && await act("api/open", { file: f })) say("opened " + f);
    e.target.value = "";
  });
  $("quit").addEventListener("click", async () => {
    try { await call("POST", "api/stop", {}); } catch (e) { /* the server is gone */ }
    document.body.replaceChildren(el("p", "message", "The explorer has stopped; close this tab."));
  });
  $("diagram").addEventListener("click", (e) => {
    const row = e.target.closest && e.target.closest("rect.row, text.action");
    if (row && row.dataset.step !== undefined && +row.dataset.step < view.step) act("api/back", { step: +row.dataset.step });
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Backspace" && e.target === document.body && view && view.step > 0) act("api/back", { step: view.step - 1 });
  });
  call("GET", "api/state").then(draw, (e) => say(e.message, true));
  loadTraces();
})();
