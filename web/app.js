// The previewer's UI. Every answer (outputs, diagnostics, routes, audit) comes from the
// alertchart core compiled to WebAssembly; this file only draws them.
import init, { preview, routesTest } from "./pkg/alertchart.js";

const $ = (id) => document.getElementById(id);
const editor = $("values");
const state = { result: null, lastGood: null, tab: "stream", revealed: false, renders: [] };
const timings = (window.alertchartTimings = { firstRender: null, renders: state.renders });

// ---- rendering -------------------------------------------------------------------------

function run() {
  const t0 = performance.now();
  const result = preview(editor.value, { maskSecrets: !state.revealed });
  state.result = result;
  if (result.ok) state.lastGood = result;
  drawDiagnostics(result);
  drawTabs();
  drawPanel();
  const ms = performance.now() - t0;
  if (timings.firstRender === null) timings.firstRender = performance.now();
  else state.renders.push(ms);
  $("status").textContent = result.ok ? `rendered in ${ms.toFixed(1)} ms` : "has errors";
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
}

let timer;
editor.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 120);
});

// ---- diagnostics -----------------------------------------------------------------------

function drawDiagnostics(result) {
  const list = $("diagnostics");
  list.replaceChildren();
  if (result.diagnostics.length === 0) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = "No problems.";
    list.append(li);
    return;
  }
  for (const d of result.diagnostics) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.className = d.severity;
    const where = d.line ? `${d.line}:${d.column ?? 1}` : "";
    b.textContent = `${where} ${d.severity}: ${d.path}: ${d.message}`.trim();
    b.dataset.line = d.line ?? "";
    if (d.line) b.addEventListener("click", () => goTo(d.line, d.column ?? 1));
    li.append(b);
    list.append(li);
  }
}

function goTo(line, column) {
  const lines = editor.value.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, column - 1);
  editor.focus();
  editor.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
  editor.scrollTop = Math.max(0, (line - 3) * lineHeight);
  showCaret();
}

function showCaret() {
  const before = editor.value.slice(0, editor.selectionStart).split("\n");
  $("caret").textContent = `Ln ${before.length}, Col ${before[before.length - 1].length + 1}`;
}
for (const ev of ["keyup", "click", "select", "focus"]) editor.addEventListener(ev, showCaret);

// ---- tabs ------------------------------------------------------------------------------

function tabsFor(result) {
  const tabs = [{ id: "stream", label: "Stream" }, { id: "alertmanager.yaml", label: "alertmanager.yaml" }];
  for (const name of Object.keys(result?.output?.files ?? {})) {
    if (name.startsWith("secret-")) tabs.push({ id: name, label: "Secret" });
  }
  for (const name of Object.keys(result?.output?.files ?? {})) {
    if (name.startsWith("prometheusrule-")) tabs.push({ id: name, label: name.slice(15, -5) });
  }
  tabs.push({ id: "routes", label: "Routes" }, { id: "audit", label: "Audit" });
  return tabs;
}

function drawTabs() {
  const tabs = tabsFor(state.lastGood);
  if (!tabs.some((t) => t.id === state.tab)) state.tab = "stream";
  const list = $("tabs");
  list.replaceChildren(
    ...tabs.map((t) => {
      const b = document.createElement("button");
      b.role = "tab";
      b.id = `tab-${t.id}`;
      b.textContent = t.label;
      b.dataset.tab = t.id;
      b.setAttribute("aria-selected", String(t.id === state.tab));
      b.tabIndex = t.id === state.tab ? 0 : -1;
      b.addEventListener("click", () => select(t.id));
      return b;
    }),
  );
}

function select(id, focus = false) {
  state.tab = id;
  drawTabs();
  drawPanel();
  if (focus) $(`tab-${id}`).focus();
}

$("tabs").addEventListener("keydown", (e) => {
  const ids = tabsFor(state.lastGood).map((t) => t.id);
  const i = ids.indexOf(state.tab);
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: ids.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  select(ids[(next + ids.length) % ids.length], true);
});

// ---- panels ----------------------------------------------------------------------------

function drawPanel() {
  const panel = $("panel");
  panel.setAttribute("aria-labelledby", `tab-${state.tab}`);
  panel.replaceChildren();
  const good = state.lastGood;
  if (!state.result.ok && good) {
    const p = document.createElement("p");
    p.className = "stale";
    p.textContent = "The values have errors: showing the last valid output.";
    panel.append(p);
  }
  if (!good) return;
  if (state.tab === "routes") return drawRoutes(panel, good);
  if (state.tab === "audit") return drawAudit(panel, good);
  const [name, text] =
    state.tab === "stream" ? ["manifests.yaml", good.output.manifests] : [state.tab, good.output.files[state.tab]];
  const actions = document.createElement("div");
  actions.className = "file-actions";
  actions.append(
    button("Copy", () => navigator.clipboard.writeText(text)),
    button(`Download ${name}`, () => download(name, new Blob([text], { type: "application/yaml" }))),
  );
  const pre = document.createElement("pre");
  pre.id = "output";
  pre.textContent = text;
  panel.append(actions, pre);
}

function button(label, onClick) {
  const b = document.createElement("button");
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function drawAudit(panel, good) {
  const table = document.createElement("table");
  table.id = "audit";
  const head = table.createTHead().insertRow();
  for (const h of ["PrometheusRule", "Alert", "Severity", "Type", "Receivers"]) {
    const th = document.createElement("th");
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of good.audit) {
    const tr = body.insertRow();
    for (const v of [r.rule, r.alert, r.severity, r.type, r.receivers.join(", ") + (r.dropped ? " (dropped)" : "")]) {
      tr.insertCell().textContent = v;
    }
    if (r.dropped) tr.cells[4].className = "dropped";
  }
  panel.append(table);
}

// ---- routes ----------------------------------------------------------------------------

function drawRoutes(panel, good) {
  panel.append($("routes-template").content.cloneNode(true));
  const input = panel.querySelector("#labels");
  input.value = state.labels ?? input.value;
  panel.querySelector("#tester").addEventListener("submit", (e) => {
    e.preventDefault();
    state.labels = input.value;
    testRoute(panel, good);
  });
  testRoute(panel, good);
}

function testRoute(panel, good) {
  const out = panel.querySelector("#receivers");
  let hits = new Set();
  try {
    const r = routesTest(editor.value, state.labels ?? panel.querySelector("#labels").value);
    out.textContent = `Receivers: ${r.line}`;
    out.dataset.receivers = r.line;
    for (const m of r.matches) {
      for (let i = 0; i <= m.path.length; i++) hits.add(m.path.slice(0, i).join("."));
    }
  } catch (e) {
    out.textContent = e.message;
    out.dataset.receivers = "";
  }
  drawTree(panel.querySelector("#tree"), good.tree, hits);
}

const NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function drawTree(host, root, hits) {
  const rows = [];
  (function walk(node, path, depth, parentRow) {
    const row = rows.length;
    rows.push({ node, path: path.join("."), depth, parentRow });
    node.children.forEach((c, i) => walk(c, [...path, i], depth + 1, row));
  })(root, [], 0, -1);
  const rowH = 46, indent = 28, width = Math.max(480, host.clientWidth);
  const s = svg("svg", { width, height: rows.length * rowH + 8, role: "img", "aria-label": "Routing tree" });
  rows.forEach((r, i) => {
    const y = i * rowH + 4, x = r.depth * indent + 4, hit = hits.has(r.path);
    if (r.parentRow >= 0) {
      const p = rows[r.parentRow];
      const px = p.depth * indent + 14, py = r.parentRow * rowH + 4 + 38;
      s.append(svg("path", { class: `edge${hit ? " hit" : ""}`, d: `M${px},${py} V${y + 19} H${x}` }));
    }
    const g = svg("g", { class: `node${hit ? " hit" : ""}`, "data-path": r.path || "root" });
    const n = r.node;
    const title = (n.matchers.length ? `{${n.matchers.join(", ")}}` : "default-route") + (n.continue ? "  continue" : "");
    const meta = `group_by [${n.groupBy.join(", ")}] · wait ${n.groupWait} · interval ${n.groupInterval} · repeat ${n.repeatInterval}`;
    g.append(
      svg("rect", { x, y, width: width - x - 4, height: 38, rx: 4 }),
      svg("text", { x: x + 8, y: y + 15 }, title),
      svg("text", { x: x + 8, y: y + 31, class: "meta" }, ""),
    );
    const line2 = g.lastChild;
    line2.append(svg("tspan", { class: "receiver" }, `→ ${n.receiver}`), svg("tspan", {}, `   ${meta}`));
    s.append(g);
  });
  host.replaceChildren(s);
}

// ---- header actions --------------------------------------------------------------------

$("reveal").addEventListener("click", (e) => {
  state.revealed = !state.revealed;
  e.currentTarget.setAttribute("aria-pressed", String(state.revealed));
  e.currentTarget.textContent = state.revealed ? "Mask secrets" : "Reveal secrets";
  run();
});

$("download-all").addEventListener("click", () => {
  if (!state.lastGood) return;
  const files = { "manifests.yaml": state.lastGood.output.manifests, ...state.lastGood.output.files };
  download("alertchart.tar", tar(files));
});

/** A ustar archive of text files. */
function tar(files) {
  const enc = new TextEncoder();
  const blocks = [];
  for (const [name, text] of Object.entries(files)) {
    const data = enc.encode(text);
    const h = new Uint8Array(512);
    const put = (s, at) => h.set(enc.encode(s), at);
    const oct = (n, len) => n.toString(8).padStart(len - 1, "0") + "\0";
    put(name, 0);
    put(oct(0o644, 8), 100);
    put(oct(0, 8), 108);
    put(oct(0, 8), 116);
    put(oct(data.length, 12), 124);
    put(oct(Math.floor(Date.now() / 1000), 12), 136);
    put("        ", 148);
    put("0", 156);
    put("ustar\u000000", 257);
    put(oct(h.reduce((a, b) => a + b, 0), 7) + " ", 148);
    blocks.push(h, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return new Blob(blocks, { type: "application/x-tar" });
}

// ---- start -----------------------------------------------------------------------------

async function start() {
  await init();
  const index = await (await fetch("data/index.json")).json();
  const examples = $("examples");
  for (const ex of [{ name: "defaults", file: index.defaults }, ...index.examples]) {
    const text = await (await fetch(`data/${ex.file}`)).text();
    if (ex.name === "defaults") editor.value = text;
    examples.append(
      button(ex.name, () => {
        editor.value = text;
        run();
      }),
    );
  }
  run();
}

start();
