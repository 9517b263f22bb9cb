// The demo: a form built from the ruleset's declared inputs, scored on every keystroke in the
// browser by the kaohe WebAssembly package. Display only: every number comes from the package.
import init, { Ruleset, rulesets, rulesetSource } from "../pkg/web/index.js";
import { EXAMPLES } from "./examples.js";

const $ = (id) => document.getElementById(id);
let ruleset = null;

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function buildForm() {
  const form = $("form");
  form.replaceChildren();
  for (const input of ruleset.inputs()) {
    const label = document.createElement("label");
    label.htmlFor = `in-${input.name}`;
    label.append(text("span", input.label), text("span", input.label_en, "en"));
    const field = document.createElement("input");
    field.id = `in-${input.name}`;
    field.name = input.name;
    field.dataset.kind = input.kind;
    if (input.kind === "flag") {
      field.type = "checkbox";
      field.checked = input.default === true;
    } else {
      field.type = "text";
      const range = input.min !== null && input.max !== null ? ` ${input.min}–${input.max}` : "";
      field.placeholder = input.default !== null ? `默认 ${[].concat(input.default).join(";") || "无"}` : `必填${range}`;
    }
    field.addEventListener("input", score);
    form.append(label, field);
  }
  $("example").disabled = !(ruleset.id in EXAMPLES);
}

function collect() {
  const inputs = {};
  for (const field of $("form").elements) {
    if (field.dataset.kind === "flag") {
      inputs[field.name] = field.checked;
    } else if (field.value.trim() !== "") {
      inputs[field.name] = field.dataset.kind === "occurrences"
        ? field.value.split(";").map((v) => v.trim()).filter(Boolean)
        : field.value.trim();
    }
  }
  return inputs;
}

function score() {
  for (const field of $("form").elements) field.classList.remove("bad");
  $("input-errors").replaceChildren();
  const body = $("card").tBodies[0];
  try {
    const card = ruleset.score(collect());
    const grade = card.grade;
    const total = $("total");
    total.replaceChildren(text("span", `${card.total} / ${card.full_marks}`));
    total.style.color = grade?.colour ?? "#37474f";
    total.append(text("span", grade ? `${grade.label} ${grade.label_en}${grade.consequence ? "：" + grade.consequence : ""}` : "（未设等次 no grades）", "grade"));
    for (const flag of card.flags) total.append(text("div", `⚑ ${flag.label} · ${flag.label_en}`, "grade"));
    body.replaceChildren();
    for (const section of card.sections) {
      const row = body.insertRow();
      row.className = "section";
      row.append(text("td", `${section.title} ${section.title_en}`), text("td", section.points, "num"), text("td", section.score, "num"), text("td", ""));
      for (const item of section.items) {
        const itemRow = body.insertRow();
        itemRow.dataset.item = item.id;
        if (item.score !== item.points) itemRow.className = "lost";
        const reasons = (item.effects ?? []).map((e) => `${e.message.zh}（${e.basis}）`).join("\n");
        itemRow.append(text("td", item.title), text("td", item.points, "num"), text("td", item.score, "num score"), text("td", reasons));
      }
    }
  } catch (error) {
    $("total").textContent = "—";
    body.replaceChildren();
    for (const problem of error.errors ?? [{ loc: "", message: String(error) }]) {
      $("input-errors").append(text("li", `${problem.loc}: ${problem.message}`));
      const field = $(`in-${problem.loc}`);
      if (field) field.classList.add("bad");
    }
  }
}

function showToml(textValue, badLines) {
  const lines = $("toml-lines");
  lines.replaceChildren();
  textValue.split("\n").forEach((line, n) => {
    if (!badLines.has(n + 1)) return;
    lines.append(text("div", `${String(n + 1).padStart(4)} | ${line}`, "bad"));
  });
}

/** Pasted rulesets, by their option's value. */
const custom = new Map();

function loadToml() {
  const source = $("toml").value;
  $("toml-errors").replaceChildren();
  try {
    const pasted = Ruleset.fromToml(source, "pasted.toml");
    showToml(source, new Set());
    // A pasted ruleset may carry a built-in's id: it is listed and shown as custom, never as the built-in.
    const key = `custom:${custom.size + 1}`;
    custom.set(key, pasted);
    $("ruleset").add(new Option(`自定义 Custom · ${pasted.id} · ${pasted.meta().title}`, key));
    choose(key);
  } catch (error) {
    const bad = new Set();
    for (const d of error.errors ?? []) {
      $("toml-errors").append(text("li", `第 ${d.line} 行，第 ${d.column} 列 line ${d.line}:${d.column} — ${d.message}${d.hint ? "（" + d.hint + "）" : ""}`));
      bad.add(d.line);
    }
    showToml(source, bad);
  }
}

function choose(key) {
  ruleset = custom.get(key) ?? Ruleset.load(key);
  $("ruleset").value = key;
  $("origin").textContent = custom.has(key)
    ? `自定义规则，非内置 Custom ruleset, not a built-in (id ${ruleset.id})`
    : `内置规则 Built-in ruleset: ${ruleset.meta().source.document}`;
  $("origin").className = custom.has(key) ? "custom" : "";
  buildForm();
  score();
}

await init();
for (const summary of rulesets()) $("ruleset").add(new Option(`${summary.id} · ${summary.title}`, summary.id));
$("ruleset").addEventListener("change", (event) => choose(event.target.value));
$("example").addEventListener("click", () => {
  const examples = custom.has($("ruleset").value) ? {} : EXAMPLES[ruleset.id] ?? {};
  for (const [name, value] of Object.entries(examples)) {
    const field = $(`in-${name}`);
    if (field.type === "checkbox") field.checked = Boolean(value);
    else field.value = value;
  }
  score();
});
$("load-toml").addEventListener("click", loadToml);
$("edit-current").addEventListener("click", () => { $("toml").value = rulesetSource(ruleset.id) ?? ""; });
choose("ningbo/district");
document.body.dataset.ready = "true";
