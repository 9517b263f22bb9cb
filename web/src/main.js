// The workbench: a spreadsheet of units and months in, the ranking, each unit's card, the year and
// the scheme's table out, all computed in this page by the npm package (nothing is uploaded).
import init, { Ruleset, compareRankings, rulesets, rulesetSource } from "kaohe";
import * as echarts from "echarts";
import { readTable } from "./table.js";
import { rulesetEditor, setText } from "./editor.js";
import { EXAMPLES } from "./examples.js";
import { guess, problems, RESERVED } from "./mapping.js";
import { rowsOf, scoreRows, placeOf, standings, ranked, scoredCsv, pointsLost } from "./scoring.js";

const $ = (selector) => document.querySelector(selector);
const state = { lang: "zh", unitCard: null, ruleset: null, custom: false, inputs: [], grades: [], flags: new Map(), missing: [], table: null, mapping: [], rows: [], scored: [], given: new Map(), givenFrom: null, view: "ranking", open: null };
const pick = (zh, en) => (state.lang === "zh" ? zh : en);
const escape = (text) => String(text ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const BAND_COLOURS = ["#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a"];
const KIND_WORDS = {
  missing: ["缺少必填数据", "is missing"], unknown: ["不是本办法的输入", "is not an input of this scheme"],
  wrong_type: ["格式不对", "has the wrong type"], negative: ["不能为负数", "cannot be negative"],
  not_integer: ["须为整数", "must be a whole number"], rate_out_of_range: ["比率须在 0 到 100% 之间", "must be a rate from 0 to 100%"],
  out_of_range: ["超出允许范围", "is out of range"], above_limit: ["超过上限", "is above its limit"],
  too_many_places: ["小数位数过多", "has too many decimal places"],
};

function status(text, bad = false) {
  $("#status").textContent = text;
  $("#status").classList.toggle("bad", bad);
}

/** The input's label in the page's language, or the place the core named. */
function labelOf(loc) {
  const name = String(loc).split(/[.[]/)[0];
  const input = state.inputs.find((i) => i.name === name);
  if (input) return pick(input.label, input.label_en);
  const reserved = { unit: ["单位", "unit"], month: ["月份", "month"] }[name];
  return reserved ? pick(...reserved) : loc;
}

/** A problem as people read it: the field's label and what is wrong, in the page's language. */
function say(error) {
  const words = KIND_WORDS[error.kind];
  return words ? `${labelOf(error.loc)}：${pick(words[0], words[1])}` : `${labelOf(error.loc)}：${error.message}`;
}

/** Scores with a built-in ruleset (`id`), or with a custom one (`text` from the editor). */
function loadRuleset(id, text = null) {
  let loaded;
  try {
    loaded = text === null ? Ruleset.load(id) : Ruleset.fromToml(text, "custom.toml");
  } catch (error) {
    status(error.message, true);
    return;
  }
  state.ruleset?.free();
  state.ruleset = loaded;
  state.custom = text !== null;
  $("#custom").hidden = !state.custom;
  const described = state.ruleset.describe();
  state.inputs = described.inputs;
  state.grades = described.grades;
  state.flags = new Map(described.flags.map((f) => [f.id, f]));
  // Values the source leaves to the adopting authority: nothing scores until a variant sets them.
  state.missing = described.parameters.filter((p) => p.value === null);
  $("#scheme").innerHTML = state.ruleset.doc("html", state.lang);
  if (state.table) state.mapping = guess(state.table.headers, state.inputs);
  rescore();
}

function rescore() {
  if (!state.table) {
    renderAll();
    return;
  }
  if (state.missing.length) {
    state.rows = [];
    state.scored = [];
    status(missingText(), true);
    fillPeriods();
    renderAll();
    return;
  }
  const wrong = problems(state.mapping, state.table.headers);
  $("#mapping-problems").textContent = wrong.join("；");
  state.rows = wrong.length ? [] : rowsOf(state.table, state.mapping);
  state.scored = scoreRows(state.ruleset, state.rows);
  const bad = state.scored.filter((s) => s.errors).length;
  status(wrong.length ? wrong.join("；")
    : pick(`已评分 ${state.rows.length - bad} 行` + (bad ? `，${bad} 行有错误（见“数据与错误”）` : ""),
      `${state.rows.length - bad} rows scored` + (bad ? `, ${bad} with errors (see Data and errors)` : "")), bad > 0 || wrong.length > 0);
  fillPeriods();
  renderAll();
}

function fillPeriods() {
  const periods = ["month", ...state.ruleset.periods().map(([period]) => period)];
  const names = { month: ["月度", "month"], quarter: ["季度", "quarter"], half_year: ["半年", "half-year"], year: ["年度", "year"] };
  const current = $("#period").value;
  $("#period").innerHTML = periods.map((p) => `<option value="${p}">${pick(...names[p])}</option>`).join("");
  $("#period").value = periods.includes(current) ? current : "month";
  fillKeys();
}

function fillKeys() {
  const period = $("#period").value;
  const keys = [...new Set(state.rows.map((r) => placeOf(r, period)?.[0]).filter(Boolean))].sort();
  const current = $("#key").value;
  $("#key").innerHTML = keys.map((k) => `<option>${escape(k)}</option>`).join("");
  $("#key").value = keys.includes(current) ? current : (keys.at(-1) ?? "");
}

function renderAll() {
  renderRanking();
  renderMapping();
  // The data view and the form's row list can hold every row, and the what-if scores it all
  // again: each is drawn when shown.
  if (state.view === "data") renderRows();
  if (state.view === "whatif") renderWhatIf();
  if (state.view === "unit") renderUnitForm();
}

/** A raised flag by its label in the page's language. */
function flagLabel(id) {
  const flag = state.flags.get(id);
  return flag ? pick(flag.label, flag.label_en) : id;
}

/** A grade as a coloured badge: the ruleset's colour, or its band's place in the scheme. */
function gradeBadge(info) {
  if (!info) return "";
  const band = state.grades.findIndex((g) => g.label === info.label);
  const colour = info.colour ?? BAND_COLOURS[Math.min(Math.max(band, 0), BAND_COLOURS.length - 1)];
  return `<span class="grade" style="background:${escape(colour)}">${escape(pick(info.label, info.label_en))}</span>`;
}

let chart;
function renderRanking() {
  const head = $("#ranked thead");
  const body = $("#ranked tbody");
  head.innerHTML = `<tr><th>${pick("名次", "Rank")}</th><th>${pick("单位", "Unit")}</th><th>${pick("得分", "Total")}</th><th>${pick("等次", "Grade")}</th><th>${pick("标记", "Flags")}</th></tr>`;
  if (state.missing.length || !state.table || !state.rows.length) {
    const text = state.missing.length ? missingText()
      : pick("请选择数据表（每行一个单位一个月，含“单位”“月份”和各项数据）。", "Choose a table: one row per unit and month, with unit, month and the figures.");
    body.innerHTML = `<tr><td colspan="5">${escape(text)}</td></tr>`;
    $("#card").innerHTML = "";
    return;
  }
  const period = $("#period").value;
  const key = $("#key").value;
  const list = ranked(state.ruleset, standings(state.ruleset, state.rows, state.scored, period, key, state.given));
  // Each target kind is ranked on its own and headed by its name when there are several.
  const kinds = new Set(list.map((s) => s.kind));
  const heading = (s, n) => (kinds.size > 1 && (n === 0 || list[n - 1].kind !== s.kind) ? `<tr class="kind"><th colspan="5">${escape(s.kind)}</th></tr>` : "");
  body.innerHTML = list.map((s, n) => `${heading(s, n)}<tr data-unit="${escape(s.unit)}"${s.unit === state.open ? ' class="open"' : ""}>
    <td class="num">${s.rank ?? "—"}</td><td>${escape(s.unit)}</td><td class="num">${escape(s.total ?? "—")}</td>
    <td>${s.error ? `<span class="error">${escape(s.error)}</span>` : gradeBadge(s.gradeInfo)}</td><td>${escape((s.flags ?? []).map(flagLabel).join("、"))}</td></tr>`).join("");
  body.querySelectorAll("tr[data-unit]").forEach((tr) => tr.addEventListener("click", () => openCard(list.find((s) => s.unit === tr.dataset.unit))));
  const shown = list.filter((s) => !s.error);
  $("#chart").style.height = `${Math.max(160, 24 * shown.length + 40)}px`;
  chart?.dispose();
  chart = echarts.init($("#chart"));
  chart.setOption({
    animation: false,
    grid: { left: 90, right: 40, top: 10, bottom: 24 },
    xAxis: { type: "value", min: (v) => Math.floor(v.min - 5) },
    yAxis: { type: "category", inverse: true, data: shown.map((s) => s.unit) },
    series: [{ type: "bar", data: shown.map((s) => ({ value: Number(s.total), itemStyle: { color: s.gradeInfo?.colour ?? "#546e7a" } })), label: { show: true, position: "right" } }],
  }, true);
  drawLost(period, key);
  drawMonths(key.slice(0, 4));
  const open = list.find((s) => s.unit === state.open);
  if (open) openCard(open);
  else $("#card").innerHTML = `<p>${pick("点击一个单位查看评分表。", "Click a unit to see its card.")}</p>`;
}

const charts = {};
/** An ECharts chart in `selector`, made anew (its height set first: ECharts sizes to its box). */
function chartIn(selector, height) {
  charts[selector]?.dispose();
  $(selector).style.height = `${height}px`;
  charts[selector] = echarts.init($(selector));
  return charts[selector];
}

function drawLost(period, key) {
  const lost = pointsLost(state.ruleset, state.rows, state.scored, period, key);
  $("#chart-lost").dataset.items = lost.map((l) => `${l.id}=${l.lost}`).join(" ");
  chartIn("#chart-lost", Math.max(120, 24 * lost.length + 40)).setOption({
    animation: false,
    grid: { left: 130, right: 50, top: 10, bottom: 24 },
    xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: lost.map((l) => pick(l.title, l.title_en)) },
    series: [{ type: "bar", data: lost.map((l) => Number(l.lost)), itemStyle: { color: "#c62828" },
      label: { show: true, position: "right", formatter: (p) => lost[p.dataIndex].lost } }],
  });
}

/** Each unit's monthly totals through `year`, one line a unit (drawn for up to 50 units). */
function drawMonths(year) {
  const totals = new Map();
  state.rows.forEach((row, n) => {
    if (row.month.startsWith(`${year}-`) && state.scored[n].numbers) {
      const line = totals.get(row.unit) ?? Array(12).fill(null);
      line[Number(row.month.slice(5, 7)) - 1] = Number(state.scored[n].numbers.total);
      totals.set(row.unit, line);
    }
  });
  const series = totals.size > 50 ? []
    : [...totals].map(([unit, data]) => ({ type: "line", name: unit, data, connectNulls: false, symbolSize: 5 }));
  chartIn("#chart-months", 300).setOption({
    animation: false,
    grid: { left: 40, right: 20, top: 30, bottom: 24 },
    legend: { type: "scroll", top: 0 },
    xAxis: { type: "category", data: Array.from({ length: 12 }, (_, m) => `${m + 1}`) },
    yAxis: { type: "value", min: (v) => Math.floor(v.min - 2) },
    series,
    // Too many lines to read: said in the chart rather than drawn as a tangle.
    title: totals.size > 50 ? { text: pick(`${totals.size} 个单位，多于 50 个，不逐一画出`, `${totals.size} units: more than 50 are not drawn one by one`), left: "center", top: "middle", textStyle: { fontSize: 13, color: "#757575" } } : undefined,
  });
}

function openCard(standing) {
  state.open = standing.unit;
  document.querySelectorAll("#ranked tbody tr").forEach((tr) => tr.classList.toggle("open", tr.dataset.unit === standing.unit));
  if (standing.error) {
    $("#card").innerHTML = `<h2>${escape(standing.unit)}</h2><p class="error">${escape(standing.error)}</p>`;
    return;
  }
  if (!standing.card) {
    const row = state.rows[standing.rows[0]];
    $("#card").innerHTML = `<h2>${escape(standing.unit)} · ${escape(row.month)}</h2>` + state.ruleset.render(row.inputs, state.lang, "html");
    return;
  }
  const card = standing.card;
  const lines = card.months.map((m) => `<tr><td>${m.month}</td><td class="num">${escape(m.total ?? "—")}</td><td class="num">${escape(m.counted ?? "—")}</td></tr>`).join("");
  $("#card").innerHTML = `<h2>${escape(standing.unit)} · ${escape($("#key").value)}</h2>
    <p>${pick("得分", "Total")} <b>${escape(card.total)}</b> ${gradeBadge(card.grade)} · <code>${escape(card.formula)}</code> · ${escape(card.basis)}</p>
    ${card.flags.length ? `<p class="error">${card.flags.map((f) => escape(pick(f.label, f.label_en))).join("、")}</p>` : ""}
    <table><thead><tr><th>${pick("月", "Month")}</th><th>${pick("月度得分", "Monthly total")}</th><th>${pick("计入", "Counted")}</th></tr></thead><tbody>${lines}</tbody></table>`;
}

/** What-if: the table under the chosen other scheme beside the current one, for the ranking page's period. */
function renderWhatIf() {
  if (!state.table || !state.rows.length) return;
  const period = $("#period").value;
  const key = $("#key").value;
  const otherId = $("#other").value;
  let other;
  try {
    other = Ruleset.load(otherId);
  } catch (error) {
    $("#compared tbody").innerHTML = `<tr><td class="error">${escape(error.message)}</td></tr>`;
    return;
  }
  const rankingOf = (ruleset, scored) => {
    const list = standings(ruleset, state.rows, scored, period, key, state.given).filter((s) => !s.error);
    return ruleset.rank(list.map((s) => [s.unit, s.kind, s.total]));
  };
  let compared;
  try {
    compared = compareRankings(rankingOf(state.ruleset, state.scored), rankingOf(other, scoreRows(other, state.rows)));
  } catch (error) {
    $("#compared tbody").innerHTML = `<tr><td class="error">${escape(error.message)}</td></tr>`;
    return;
  } finally {
    other.free();
  }
  $("#compared thead").innerHTML = `<tr><th>${pick("单位", "Unit")}</th><th>${pick("现名次", "Rank")}</th><th>${pick("现得分", "Total")}</th><th>${pick("现等次", "Grade")}</th>
    <th>${pick("对比名次", "Rank (other)")}</th><th>${pick("对比得分", "Total (other)")}</th><th>${pick("对比等次", "Grade (other)")}</th><th>${pick("得分变化", "Change")}</th><th>${pick("名次变化", "Places")}</th></tr>`;
  const cell = (place, field) => escape(place?.[field] ?? "—");
  $("#compared tbody").innerHTML = compared.map((c) => {
    const changed = c.change !== "0" || c.moved !== 0 || (c.a?.grade ?? null) !== (c.b?.grade ?? null);
    const move = c.moved > 0 ? `<td class="num up">↑${c.moved}</td>` : c.moved < 0 ? `<td class="num down">↓${-c.moved}</td>` : `<td class="num">${c.moved ?? "—"}</td>`;
    return `<tr${changed ? ' class="changed"' : ""}><td>${escape(c.unit)}</td><td class="num">${cell(c.a, "rank")}</td><td class="num">${cell(c.a, "total")}</td><td>${cell(c.a, "grade")}</td>
      <td class="num">${cell(c.b, "rank")}</td><td class="num">${cell(c.b, "total")}</td><td>${cell(c.b, "grade")}</td><td class="num">${escape(c.change ?? "—")}</td>${move}</tr>`;
  }).join("");
}

/** The one-unit form: fields grouped by the section that reads them, each with its unit and bounds. */
function renderUnitForm() {
  // What was typed stays when the form is drawn again (another language, a new table).
  const typed = new Map([...$("#unit-form").querySelectorAll("input")].map((input) => [input.name, input.value]));
  const byName = new Map(state.inputs.map((i) => [i.name, i]));
  const groups = state.ruleset.sectionInputs().map(([title, titleEn, names]) => [pick(title, titleEn), names]);
  const grouped = new Set(groups.flatMap(([, names]) => names));
  const rest = state.inputs.map((i) => i.name).filter((n) => !grouped.has(n));
  if (rest.length) groups.push([pick("其他", "Other"), rest]);
  const field = (name) => {
    const input = byName.get(name);
    const bounds = [input.min, input.max].some((b) => b !== null && b !== undefined) ? `${input.min ?? ""}–${input.max ?? ""}` : "";
    const hint = [input.unit, bounds, input.kind === "rate" ? "%" : ""].filter(Boolean).join(" ");
    return `<label class="field" data-name="${escape(name)}"><span>${escape(pick(input.label, input.label_en))}</span>
      <input name="${escape(name)}" inputmode="decimal" placeholder="${escape(hint)}"><span class="note"></span></label>`;
  };
  $("#unit-form").innerHTML = groups.filter(([, names]) => names.length)
    .map(([title, names]) => `<fieldset><legend>${escape(title)}</legend>${names.map(field).join("")}</fieldset>`).join("");
  $("#unit-form").querySelectorAll("input").forEach((input) => input.addEventListener("input", scoreUnit));
  const options = state.rows.map((row, n) => `<option value="${n}">${escape(row.unit)} · ${escape(row.month)}</option>`);
  $("#unit-row").innerHTML = `<option value="">${pick("（空白）", "(blank)")}</option>${options.join("")}`;
  const example = state.custom ? null : EXAMPLES.get(state.ruleset.id);
  $("#unit-example").disabled = !example;
  $("#unit-example").title = example ? "" : pick("本办法暂无示例", "no example for this scheme yet");
  $("#unit-card").innerHTML = `<p>${pick("填写数据后显示评分表。", "The card appears as you fill in the figures.")}</p>`;
  state.unitCard = null;
  $("#unit-form").querySelectorAll("input").forEach((input) => { input.value = typed.get(input.name) ?? ""; });
  scoreUnit();
}

/** Scores the form as it stands: the card when it scores; otherwise each problem beside its field
 * (a field not yet filled is only marked as to fill) and the last card that scored, marked. */
function scoreUnit() {
  const inputs = {};
  $("#unit-form").querySelectorAll("input").forEach((input) => {
    if (input.value.trim() !== "") inputs[input.name] = input.value.trim();
  });
  $("#unit-form").querySelectorAll(".field").forEach((f) => { f.classList.remove("bad"); f.querySelector(".note").textContent = ""; });
  if (!Object.keys(inputs).length) return;
  try {
    state.unitCard = state.ruleset.render(inputs, state.lang, "html");
    $("#unit-card").innerHTML = state.unitCard;
  } catch (error) {
    if (error.name !== "KaoheError") throw error;
    const missing = [];
    for (const problem of error.errors) {
      const name = String(problem.loc).split(/[.[]/)[0];
      const field = $(`#unit-form .field[data-name="${CSS.escape(name)}"]`);
      if (problem.kind === "missing") missing.push(name);
      if (!field) continue;
      if (problem.kind === "missing") field.querySelector(".note").textContent = pick("待填", "to fill in");
      else {
        field.classList.add("bad");
        field.querySelector(".note").textContent = say(problem);
      }
    }
    const wrong = error.errors.length - missing.length;
    const said = wrong ? pick(`${wrong} 项有误，见左侧标红处`, `${wrong} fields are wrong (marked in red)`)
      : pick(`还有 ${missing.length} 项待填`, `${missing.length} fields still to fill in`);
    $("#unit-card").innerHTML = `<p class="stale">${escape(said)}${state.unitCard ? escape(pick("；下面是上次有效的评分。", "; below, the last card that scored.")) : ""}</p>${state.unitCard ?? ""}`;
  }
}

function renderMapping() {
  if (!state.table) return;
  const options = [["", pick("（不使用）", "(not used)")], ...RESERVED.map((r) => [r.name, r.name]), ...state.inputs.map((i) => [i.name, `${pick(i.label, i.label_en)} · ${i.name}`])];
  $("#mapping thead").innerHTML = `<tr><th>${pick("表头", "Header")}</th><th>${pick("示例", "Example")}</th><th>${pick("对应", "Maps to")}</th></tr>`;
  $("#mapping tbody").innerHTML = state.table.headers.map((header, at) => `<tr><td>${escape(header)}</td><td>${escape(state.table.rows[0]?.[at] ?? "")}</td>
    <td><select data-at="${at}">${options.map(([v, l]) => `<option value="${escape(v)}"${v === state.mapping[at] ? " selected" : ""}>${escape(l)}</option>`).join("")}</select></td></tr>`).join("");
  $("#mapping tbody").querySelectorAll("select").forEach((select) => select.addEventListener("change", () => {
    state.mapping[Number(select.dataset.at)] = select.value;
    rescore();
  }));
}

function renderRows() {
  if (!state.table) return;
  const headers = state.table.headers;
  $("#rows thead").innerHTML = `<tr><th>${pick("行", "Line")}</th>${headers.map((h) => `<th>${escape(h)}</th>`).join("")}</tr>`;
  $("#rows tbody").innerHTML = state.table.rows.map((cells, n) => {
    const errors = state.scored[n]?.errors ?? [];
    const badAt = new Map();
    for (const error of errors) {
      const name = String(error.loc).split(/[.[]/)[0];
      const at = state.mapping.indexOf(name);
      if (at >= 0) badAt.set(at, say(error));
    }
    const row = `<tr><td class="num">${n + 2}</td>${headers.map((_, at) => `<td${badAt.has(at) ? ` class="bad" title="${escape(badAt.get(at))}"` : ""}>${escape(cells[at] ?? "")}</td>`).join("")}</tr>`;
    return errors.length ? `${row}<tr class="problem"><td></td><td colspan="${headers.length}">${errors.map((e) => escape(say(e))).join("；")}</td></tr>` : row;
  }).join("");
}

async function onTable(file) {
  try {
    state.table = await readTable(file);
  } catch (error) {
    status(error.message, true);
    return;
  }
  state.mapping = guess(state.table.headers, state.inputs);
  state.open = null;
  rescore();
}

async function onPeriodInputs(file) {
  try {
    const table = await readTable(file);
    const unit = table.headers.indexOf("unit");
    const period = table.headers.indexOf("period");
    if (unit < 0 || period < 0) throw new Error(pick("周期输入需要 unit 和 period 两列", "period inputs need unit and period columns"));
    const given = new Map();
    table.rows.forEach((cells, n) => {
      const key = `${cells[unit]}\u0000${cells[period]}`;
      // A unit's period given twice is refused, never one of the two taken silently.
      if (given.has(key)) {
        throw new Error(`${file.name}: 第 ${n + 2} 行 row ${n + 2}: ${cells[unit]} ${cells[period]} ${pick("重复", "is given twice")}`);
      }
      given.set(key, Object.fromEntries(table.headers.map((h, at) => [h, cells[at]]).filter(([h, v]) => h !== "unit" && h !== "period" && v !== "")));
    });
    state.given = given;
    state.givenFrom = file.name;
  } catch (error) {
    status(error.message, true);
    return;
  }
  renderRanking();
}

/** What a ruleset with parameters left to the adopting authority needs before it can score. */
function missingText() {
  const names = state.missing.map((p) => pick(p.label, p.label_en)).join("、");
  return pick(`本办法有 ${state.missing.length} 个参数由采用单位确定（原文未给出）：${names}。请在“编辑办法”中从本办法开始，为它们赋值后评分。`,
    `This scheme leaves ${state.missing.length} values to the adopting authority (the source does not give them): ${names}. In "Edit the scheme", start from it, set them, and score with it.`);
}

/** The core's diagnostics for a ruleset text, `[]` when it loads (the checked ruleset is freed). */
function checkText(text) {
  if (!text.trim()) return [];
  try {
    Ruleset.fromToml(text, "custom.toml").free();
    return [];
  } catch (error) {
    if (error.name === "KaoheError" && error.kind === "ruleset") return error.errors;
    return [{ line: 1, column: 1, message: error.message }];
  }
}

function showDiagnostics(diagnostics, text) {
  $("#use-custom").disabled = diagnostics.length > 0 || !text.trim();
  $("#diagnostics").innerHTML = diagnostics.map((d) => `<li>${escape(pick(`第 ${d.line} 行第 ${d.column} 列`, `line ${d.line}, column ${d.column}`))}：${escape(d.message)}${d.hint ? ` <i>${escape(d.hint)}</i>` : ""}</li>`).join("");
}

/** A variant of the chosen built-in: it extends it, so only the changes are written. */
function variantOf(id) {
  const parent = Ruleset.load(id);
  const { title, title_en } = parent.meta();
  const missing = parent.describe().parameters.filter((p) => p.value === null);
  parent.free();
  // Each value the source leaves open, to be filled in (an empty value is an error until it is).
  const stubs = missing.map((p) => `\n[parameter.${p.name}]\nvalue = ""   # ${p.label}：${p.note.replace(/\n/g, " ")}\nnote = ""\n`).join("");
  return `# ${id} 的变体：只写需要修改的部分，其余沿用原办法 · a variant of ${id}: write only what changes
format = 1
extends = "${id}"
id = "custom/${id.replace("/", "-")}"
title = "${title}（自定）"
title_en = "${title_en} (custom)"
version = "custom"
notes = ["A custom variant of ${id} made in the workbench."]
${stubs}`;
}

function exportCsv() {
  const text = scoredCsv(state.ruleset, state.rows, state.scored, state.lang);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  link.download = `${state.ruleset.id.replace("/", "-")}-scores.csv`;
  link.click();
}

/** The selected year's report, as `kaohe report` writes it, drawn by the core from the rows. */
function exportReport() {
  const year = $("#key").value.slice(0, 4);
  const kind = state.ruleset.defaultKind;
  const rows = state.rows.filter((r) => r.month.startsWith(`${year}-`)).map((r) => [r.unit, r.kind || kind, r.month, r.inputs]);
  const given = [...state.given].map(([key, inputs]) => [...key.split("\u0000"), inputs]).filter(([, period]) => period === year);
  let page;
  try {
    page = state.ruleset.yearReport(rows, given, state.givenFrom ?? null);
  } catch (error) {
    if (error.name !== "KaoheError") throw error;
    status(`${pick("年度报告未生成", "no report written")}：${error.message}`, true);
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([page], { type: "text/html;charset=utf-8" }));
  link.download = `${state.ruleset.id.replace("/", "-")}-${year}-report.html`;
  link.click();
}

function setLang(lang) {
  state.lang = lang;
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-zh]").forEach((el) => { el.textContent = el.dataset[lang]; });
  $("#lang").textContent = lang === "zh" ? "English" : "中文";
  if (state.ruleset) $("#scheme").innerHTML = state.ruleset.doc("html", lang);
  if (state.ruleset) fillPeriods();
  renderAll();
}

await init();
const editor = rulesetEditor($("#code"), checkText, showDiagnostics);
$("#start-variant").addEventListener("click", () => setText(editor, variantOf($("#ruleset").value)));
$("#start-copy").addEventListener("click", () => setText(editor, rulesetSource($("#ruleset").value) ?? ""));
$("#use-custom").addEventListener("click", () => loadRuleset(null, editor.state.doc.toString()));
$("#ruleset").innerHTML = rulesets().map((r) => `<option value="${escape(r.id)}">${escape(r.title)} · ${escape(r.id)}</option>`).join("");
$("#ruleset").value = "ningbo/district";
$("#other").innerHTML = $("#ruleset").innerHTML;
$("#other").addEventListener("change", renderWhatIf);
$("#unit-example").addEventListener("click", () => {
  const example = EXAMPLES.get(state.ruleset.id) ?? {};
  // An occurrence list is written as the row format writes it: amounts separated by ";".
  $("#unit-form").querySelectorAll("input").forEach((input) => {
    const value = example[input.name];
    input.value = Array.isArray(value) ? value.join(";") : (value ?? "");
  });
  scoreUnit();
});
$("#unit-row").addEventListener("change", () => {
  const row = state.rows[Number($("#unit-row").value)];
  $("#unit-form").querySelectorAll("input").forEach((input) => { input.value = row?.inputs[input.name] ?? ""; });
  scoreUnit();
});
$("#ruleset").addEventListener("change", () => loadRuleset($("#ruleset").value));
$("#table").addEventListener("change", (e) => e.target.files[0] && onTable(e.target.files[0]));
$("#period-inputs").addEventListener("change", (e) => e.target.files[0] && onPeriodInputs(e.target.files[0]));
$("#period").addEventListener("change", () => { fillKeys(); renderRanking(); });
$("#key").addEventListener("change", renderRanking);
$("#export").addEventListener("click", exportCsv);
$("#export-report").addEventListener("click", exportReport);
$("#lang").addEventListener("click", () => setLang(state.lang === "zh" ? "en" : "zh"));
document.querySelectorAll("nav button").forEach((button) => button.addEventListener("click", () => {
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("on", b === button));
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== button.dataset.view; });
  state.view = button.dataset.view;
  if (state.view === "data") renderRows();
  if (state.view === "whatif") renderWhatIf();
  if (state.view === "unit") renderUnitForm();
}));
loadRuleset("ningbo/district");
document.body.dataset.ready = "true";
