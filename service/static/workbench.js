// The workbench: every number it shows comes from the API (/v1/extract/file, /v1/audit, /v1/forms,
// /v1/export, /v1/annotations); this script only lays the results out and records people's fixes.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const CHECK_BELOW = 0.9; // a value under this confidence is one to check (as the export marks it)
const LABELS = { HEADING: "标题", METRIC: "指标名", NUMBER: "数字" };
const TEMPLATES = { "2019": "2019 年版表式", "2021": "2021 年版表式", pre2019: "2019 年以前（统计表）", unknown: "未识别" };
const STATUS = { pass: "一致", fail: "不一致", not_assessable: "无法核验" };

const state = { forms: null, reports: [], audit: null, current: null, selected: null, sort: ["name", 1] };

// ---------------------------------------------------------------------------------------------- API
async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      message = `${body.error.code}: ${body.error.message}`;
    } catch (_) { /* not JSON: keep the status line */ }
    throw new Error(message);
  }
  return response;
}

function showError(message) {
  const el = $("#error");
  el.textContent = message;
  el.hidden = !message;
}

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const fmt = (v) => (v === null || v === undefined ? "" : String(v));

// ------------------------------------------------------------------------------------------- input
async function addFiles(files) {
  showError("");
  const added = [...files].map((file) => {
    const report = { key: state.reports.length, name: file.name, file, status: "pending", corrected: {} };
    state.reports.push(report);
    return report;
  });
  $("#batch").hidden = false;
  renderSummary();
  for (const report of added) { // one at a time: the server admits a few extractions at once
    try {
      const form = new FormData();
      form.append("file", report.file, report.name);
      const result = await (await api("v1/extract/file", { method: "POST", body: form })).json();
      Object.assign(report, { status: "ok", result, text: result.document.text, spans: disjoint(result.entities) });
    } catch (err) {
      Object.assign(report, { status: "failed", error: err.message });
    }
    renderSummary();
  }
  await runAudit();
}

// The tags as a person edits them and training reads them: one label a character, so of two tags that
// overlap (the lexicon tagger marks a METRIC inside a HEADING) the longer stays.
function disjoint(entities) {
  const kept = [];
  const spans = entities.map((e) => [e.start, e.end, e.label]).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  for (const span of spans) if (!kept.length || kept[kept.length - 1][1] <= span[0]) kept.push(span);
  return kept;
}

async function runAudit() {
  const ok = state.reports.filter((r) => r.status === "ok");
  if (!ok.length) return;
  try {
    const body = { items: ok.map((r) => ({ name: r.name, text: r.text })), format: "json" };
    const response = await api("v1/audit", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const audit = await response.json();
    ok.forEach((r, i) => { r.audit = audit.reports[i]; });
    state.audit = audit;
  } catch (err) {
    showError(`核查汇总未能生成：${err.message}`);
  }
  renderSummary();
}

// ----------------------------------------------------------------------------------------- summary
function row(r) {
  const low = r.result ? r.result.indicators.filter((i) => i.confidence < CHECK_BELOW).length : 0;
  return {
    name: r.name, unit: r.result?.report.organization || "", year: r.result?.report.year ?? "",
    template: r.result ? TEMPLATES[r.result.report.template] : "", problems: r.audit ? r.audit.problems : "",
    low, corrected: Object.keys(r.corrected).length, status: { pending: "提取中…", ok: "已提取", failed: `失败：${r.error}` }[r.status],
  };
}

function renderSummary() {
  const filter = $("#filter").value.trim();
  const hide = $("#hide-failed").checked;
  const [key, dir] = state.sort;
  const rows = state.reports
    .map((r) => [r, row(r)])
    .filter(([r, v]) => !(hide && r.status === "failed") && (!filter || v.unit.includes(filter) || v.name.includes(filter)))
    .sort(([, a], [, b]) => (a[key] > b[key] ? dir : a[key] < b[key] ? -dir : 0));
  $("#summary tbody").innerHTML = rows.map(([r, v]) => `
    <tr data-key="${r.key}" class="${r.status}${state.current === r ? " current" : ""}">
      <td>${esc(v.name)}</td><td>${esc(v.unit || "（未识别）")}</td><td>${esc(v.year)}</td><td>${esc(v.template)}</td>
      <td class="num${v.problems ? " bad" : ""}">${esc(v.problems)}</td><td class="num${v.low ? " warn" : ""}">${v.low}</td>
      <td class="num">${v.corrected || ""}</td><td>${esc(v.status)}</td>
    </tr>`).join("");
  renderUnits();
}

function renderUnits() {
  const units = state.audit ? state.audit.units : [];
  $("#units").innerHTML = units.length ? `<h3>跨年度核对</h3>` + units.map((u) => `
    <div class="card"><strong>${esc(u.unit)}</strong>（${u.years.join("、")}年）
      <ul>${u.carry_checks.map((c) => `<li class="${c.status}">${STATUS[c.status]}：${esc(c.detail)}</li>`).join("")}
      ${u.notes.map((n) => `<li class="muted">${esc(n)}</li>`).join("")}</ul></div>`).join("") : "";
}

// ------------------------------------------------------------------------------------------ report
function values(report) {
  const out = {};
  const ordered = [...report.result.indicators].sort((a, b) => (a.source === "table" ? 0 : 1) - (b.source === "table" ? 0 : 1));
  for (const ind of ordered) if (ind.period === "year" && !(ind.id in out)) out[ind.id] = ind;
  return out;
}

function openReport(report) {
  state.current = report;
  state.selected = null;
  const info = report.result.report;
  $("#report").hidden = false;
  $("#report-title").textContent = info.title || report.name;
  const page = report.result.document.pages ? `，${report.result.document.pages} 页` : "";
  $("#report-meta").textContent = `${report.name}${page} · ${info.organization || "未识别单位"} · ${info.year ?? "未识别年度"}年 · ${TEMPLATES[info.template]} · 标注：${report.result.model.name} ${report.result.model.version}`;
  const notes = [...report.result.warnings];
  for (const t of report.audit?.tables || []) {
    if (t.status === "unread") notes.unshift(`未能读取：${t.name}（原文有此表，但其单元格未能自动读取，请人工核对）`);
    else if (t.status === "missing" && t.required) notes.unshift(`未检出：${t.name}`);
  }
  $("#warnings").innerHTML = notes.map((w) => `<li>${esc(w)}</li>`).join("");
  $("#evidence").hidden = true;
  renderForms();
  renderText();
  renderSummary();
  loadCorrections(report);
  $("#report").scrollIntoView({ behavior: "instant", block: "start" });
}

function cellHtml(report, cid, found) {
  const ind = found[cid];
  const classes = ["cell"];
  let tip = "";
  if (cid in report.corrected) { classes.push("corrected"); tip = "人工更正"; }
  if (ind) {
    if (ind.failed_rules.length) { classes.push("failed"); tip += ind.failed_rules.map((r) => `不符合：${state.forms.rules[r] || r}`).join("\n"); }
    if (ind.confidence < CHECK_BELOW) { classes.push("low"); tip += `\n置信度 ${ind.confidence}，请核对`; }
  }
  if (state.selected === cid) classes.push("selected");
  return `<td class="${classes.join(" ")}" data-id="${esc(cid)}" title="${esc(tip.trim())}" tabindex="0">${esc(ind ? fmt(ind.value) : "")}</td>`;
}

function renderForms() {
  const report = state.current;
  const found = values(report);
  const template = report.result.report.template;
  const tables = state.forms.templates[template] || state.forms.templates["2021"];
  let html = "";
  for (const table of tables) {
    html += `<h3>${esc(table.title)}${table.unit ? `<span class="muted">（单位：${esc(table.unit)}）</span>` : ""}</h3><table class="form grid">`;
    for (const group of table.groups) {
      html += `<tr><th>${esc(group.title || "")}</th>${group.columns.map((c) => `<th>${esc(c.label)}</th>`).join("")}</tr>`;
      for (const r of group.rows) html += `<tr><th class="label">${esc(r.label)}</th>${r.cells.map((cid) => cellHtml(report, cid, found)).join("")}</tr>`;
    }
    html += "</table>";
  }
  const inForms = new Set(tables.flatMap((t) => t.groups.flatMap((g) => g.rows.flatMap((r) => r.cells))));
  const prose = report.result.indicators.filter((i) => i.source !== "table" && !(found[i.id] === i && inForms.has(i.id)));
  html += `<h3>正文中的数字</h3>` + (prose.length ? `<table class="grid prose"><tr><th>指标</th><th>数值</th><th>原文</th></tr>${prose.map((i) => `
    <tr><td>${esc(i.label)}</td>${cellHtml(report, i.id, { [i.id]: i })}<td class="sentence">${esc(sentence(report.text, i.start, i.end))}</td></tr>`).join("")}</table>` : `<p class="muted">无</p>`);
  const failed = report.result.checks.filter((c) => c.status === "fail");
  html += `<h3>勾稽关系</h3>` + (failed.length ? `<ul class="checks">${failed.map((c) => `
    <li><strong>${esc(state.forms.rules[c.rule] || c.rule)}</strong>${c.where ? `（${esc(c.where)}）` : ""}：${esc(c.detail)}</li>`).join("")}</ul>`
    : `<p class="muted">${report.result.checks.length ? "全部一致" : "没有可核对的勾稽关系"}</p>`);
  $("#forms").innerHTML = html;
}

function sentence(text, start, end) {
  const from = Math.max(text.lastIndexOf("。", start - 1), text.lastIndexOf("\n", start - 1)) + 1;
  const stops = [text.indexOf("。", end), text.indexOf("\n", end)].filter((i) => i >= 0);
  return text.slice(from, stops.length ? Math.min(...stops) + 1 : text.length).trim();
}

// ----------------------------------------------------------------------------------- text and tags
function renderText() {
  const report = state.current;
  const text = report.text;
  const ind = state.selected ? values(report)[state.selected] || report.result.indicators.find((i) => i.id === state.selected) : null;
  const cuts = new Set([0, text.length]);
  for (const [s, e] of report.spans) { cuts.add(s); cuts.add(e); }
  if (ind) { cuts.add(ind.start); cuts.add(ind.end); }
  const points = [...cuts].sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i < points.length - 1; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const span = report.spans.find(([a, b]) => a <= s && e <= b);
    const classes = [];
    if (span) classes.push(`tag-${span[2]}`);
    if (ind && ind.start <= s && e <= ind.end) classes.push("evidence");
    // every piece carries its offset, so a selection maps back onto the text
    html += `<span data-s="${s}"${classes.length ? ` class="${classes.join(" ")}"` : ""}${span ? ` title="${LABELS[span[2]]}"` : ""}>${esc(text.slice(s, e))}</span>`;
  }
  $("#text").innerHTML = html;
  const mark = $("#text .evidence");
  if (mark) mark.scrollIntoView({ block: "center" });
}

function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const at = (node, offset) => {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const host = el.closest("[data-s]");
    return host && $("#text").contains(host) ? Number(host.dataset.s) + (node.nodeType === Node.TEXT_NODE ? offset : 0) : null;
  };
  const start = at(range.startContainer, range.startOffset);
  const end = at(range.endContainer, range.endOffset);
  return start === null || end === null || end <= start ? null : [start, end];
}

function retag(label) {
  const report = state.current;
  const picked = selectionOffsets() || state.lastSelection;
  if (!picked) return;
  const [s, e] = picked;
  report.spans = report.spans.filter(([a, b]) => b <= s || e <= a); // a tag never overlaps another
  if (label) report.spans.push([s, e, label]);
  report.spans.sort((a, b) => a[0] - b[0]);
  report.tagsEdited = true;
  $("#span-tools").hidden = true;
  $("#save").disabled = false;
  renderText();
}

// ---------------------------------------------------------------------------------- evidence, fixes
function selectCell(cid) {
  const report = state.current;
  state.selected = cid;
  const ind = values(report)[cid] || report.result.indicators.find((i) => i.id === cid);
  const fix = report.corrected[cid];
  const label = ind ? ind.label : labelOf(cid);
  let html = `<h4>${esc(label)}</h4>`;
  if (ind) {
    const page = ind.page ? `，第 ${ind.page} 页` : "";
    html += `<p>数值 <strong class="value">${esc(fmt(ind.value))}</strong> ${esc(ind.unit)}　置信度 ${ind.confidence}　来源：${ind.source === "table" ? "表格" : "正文"}${page}</p>
      <p class="muted">原文（第 ${ind.start}–${ind.end} 字${page}）：<q class="raw">${esc(report.text.slice(ind.start, ind.end))}</q></p>`;
    for (const r of ind.failed_rules) html += `<p class="bad">不符合：${esc(state.forms.rules[r] || r)}</p>`;
  } else {
    html += `<p class="muted">此格无值（原文空白或未读到）。可在右侧原文中选中依据文字后填写。</p>`;
  }
  if (fix) html += `<p class="ok">人工更正：${esc(fmt(fix.from))} → ${esc(fmt(fix.to))}${fix.author ? `（${esc(fix.author)}）` : ""}</p>`;
  html += `<form id="fix"><label>更正为 <input name="value" inputmode="decimal" placeholder="空白＝无值" value="${esc(ind ? fmt(ind.value) : "")}"></label>
    <button type="submit">更正</button></form>`;
  const box = $("#evidence");
  box.innerHTML = html;
  box.hidden = false;
  $("#fix").addEventListener("submit", (ev) => { ev.preventDefault(); correct(cid, ev.target.value.value.trim()); });
  renderForms();
  renderText();
}

function labelOf(cid) {
  for (const tables of Object.values(state.forms.templates))
    for (const t of tables) for (const g of t.groups) for (const r of g.rows) {
      const i = r.cells.indexOf(cid);
      if (i >= 0) return g.columns.length > 1 ? `${r.label} / ${g.columns[i].label}` : r.label;
    }
  return cid;
}

function correct(cid, raw) {
  const report = state.current;
  const value = raw === "" ? null : Number(raw);
  if (raw !== "" && !Number.isFinite(value)) { showError(`“${raw}”不是数字`); return; }
  showError("");
  const ind = values(report)[cid] || report.result.indicators.find((i) => i.id === cid);
  const picked = state.lastSelection;
  const prior = report.corrected[cid];
  const fix = { id: cid, from: prior ? prior.from : ind ? ind.value : null, to: value, author: $("#author").value.trim() || null };
  if (ind) {
    ind.value = value;
    ind.confidence = 1;
    ind.failed_rules = [];
    fix.start = ind.start; fix.end = ind.end;
  } else if (picked) {
    const [s, e] = picked;
    report.result.indicators.push({ id: cid, label: labelOf(cid), value, unit: "", period: "year", source: "table", raw: report.text.slice(s, e), start: s, end: e, confidence: 1, approximate: false, table: cid.split(".")[0], page: null, failed_rules: [] });
    Object.assign(fix, { start: s, end: e });
  }
  report.corrected[cid] = fix;
  $("#save").disabled = false;
  selectCell(cid);
  renderSummary();
}

function recordId(report) {
  return `workbench-${(report.result.document.sha256 || "").slice(0, 16)}`;
}

async function save() {
  const report = state.current;
  const token = $("#token").value.trim();
  const author = $("#author").value.trim();
  if (!token || !author) { $("#reviewer").open = true; showError("保存更正需要审核人姓名和审核令牌"); return; }
  const fixes = Object.values(report.corrected);
  const record = {
    id: recordId(report), text: report.text, spans: report.spans, source: "corrected",
    gold: { values: fixes.map((f) => ({ id: f.id, period: "year", value: f.to, start: f.start ?? null, end: f.end ?? null })) },
    meta: { author, file: report.name, report_sha256: report.result.document.sha256, corrected: fixes, tags_edited: Boolean(report.tagsEdited), model: report.result.model },
  };
  try {
    await api("v1/annotations", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify({ records: [record] }) });
    $("#save-status").textContent = `已保存（${record.id}，${fixes.length} 处更正）`;
    $("#save").disabled = true;
    showError("");
  } catch (err) {
    showError(`保存失败：${err.message}`);
  }
}

async function loadCorrections(report) {
  const token = $("#token").value.trim();
  $("#save-status").textContent = "";
  $("#save").disabled = !(Object.keys(report.corrected).length || report.tagsEdited);
  if (!token || report.loadedCorrections) return;
  report.loadedCorrections = true;
  try {
    const record = await (await api(`v1/annotations/${recordId(report)}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    if (record.text !== undefined && record.text !== null && record.text !== report.text) return;
    for (const fix of record.meta.corrected || []) if (!(fix.id in report.corrected)) {
      report.corrected[fix.id] = fix;
      const ind = report.result.indicators.find((i) => i.id === fix.id && i.period === "year");
      if (ind) Object.assign(ind, { value: fix.to, confidence: 1, failed_rules: [] });
    }
    if (state.current === report) { renderForms(); renderSummary(); }
  } catch (_) { /* no earlier corrections of this report */ }
}

// ---------------------------------------------------------------------------------------- exports
async function exportAs(kind) {
  const ok = state.reports.filter((r) => r.status === "ok");
  if (!ok.length) return;
  const reports = ok.map((r) => ({ name: r.name, result: { ...r.result, entities: [], document: null }, corrected: Object.keys(r.corrected) }));
  try {
    if (kind === "json") {
      download(new Blob([JSON.stringify(reports, null, 1)], { type: "application/json" }), "govreport.json");
    } else if (kind === "audit") {
      const body = { items: ok.map((r) => ({ name: r.name, text: r.text })), format: "html" };
      const response = await api("v1/audit", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      download(await response.blob(), "govreport-audit.html");
    } else {
      const response = await api("v1/export", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ format: kind, reports }) });
      download(await response.blob(), `govreport.${kind}`);
    }
  } catch (err) {
    showError(`导出失败：${err.message}`);
  }
}

// ------------------------------------------------------------------------------------------- wiring
function main() {
  const drop = $("#drop");
  $("#files").addEventListener("change", (ev) => { addFiles(ev.target.files); ev.target.value = ""; });
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => { ev.preventDefault(); drop.classList.remove("over"); addFiles(ev.dataTransfer.files); });
  $("#paste-go").addEventListener("click", () => {
    const text = $("#paste").value;
    if (!text.trim()) return;
    addFiles([new File([text], `粘贴文本-${state.reports.length + 1}.txt`, { type: "text/plain" })]);
    $("#paste").value = "";
  });
  $("#filter").addEventListener("input", renderSummary);
  $("#hide-failed").addEventListener("change", renderSummary);
  $("#summary thead").addEventListener("click", (ev) => {
    const key = ev.target.dataset.sort;
    if (key) { state.sort = [key, state.sort[0] === key ? -state.sort[1] : 1]; renderSummary(); }
  });
  $("#summary tbody").addEventListener("click", (ev) => {
    const tr = ev.target.closest("tr");
    const report = tr && state.reports[Number(tr.dataset.key)];
    if (report && report.status === "ok" && state.forms) openReport(report);
  });
  $("#forms").addEventListener("click", (ev) => {
    const cell = ev.target.closest("td[data-id]");
    if (cell) selectCell(cell.dataset.id);
  });
  $("#forms").addEventListener("keydown", (ev) => {
    const cell = ev.target.closest("td[data-id]");
    if (cell && ev.key === "Enter") selectCell(cell.dataset.id);
  });
  $("#text").addEventListener("mouseup", () => {
    const picked = selectionOffsets();
    if (picked) state.lastSelection = picked;
    $("#span-tools").hidden = !picked;
  });
  $("#span-tools").addEventListener("click", (ev) => { if ("label" in ev.target.dataset) retag(ev.target.dataset.label); });
  $("#save").addEventListener("click", save);
  document.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", () => exportAs(b.dataset.export)));
  api("v1/forms")
    .then((response) => response.json())
    .then((forms) => { state.forms = forms; document.body.dataset.ready = "1"; })
    .catch((err) => showError(`服务不可用：${err.message}`));
}

main();
