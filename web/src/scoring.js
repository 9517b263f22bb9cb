// The table scored through the npm package: each row's numbers (a bad row keeps its errors and
// never stops the rest), each period's standings through the core's periods and rollup, the
// ranking through the core's rank, and the scored rows as `kaohe score --format csv` writes them.
import { periodOf } from "kaohe";

/** A row's period key and place in it, or null when its month is not one (YYYY-MM, read by the core). */
export function placeOf(row, period) {
  try {
    return periodOf(row.month, period);
  } catch (error) {
    if (error.name !== "KaoheError") throw error;
    return null;
  }
}

/** The rows with their unit, month, kind and inputs (empty cells left out). */
export function rowsOf(table, mapping) {
  return table.rows.map((cells, n) => {
    const row = { line: n + 2, unit: "", month: "", kind: "", inputs: {}, column: {} };
    mapping.forEach((name, at) => {
      const cell = String(cells[at] ?? "").trim();
      if (!name) return;
      if (name === "unit" || name === "month" || name === "kind") row[name] = cell;
      else {
        row.column[name] = at;
        if (cell !== "") row.inputs[name] = cell;
      }
    });
    return row;
  });
}

/** Each row scored: `{ numbers }`, or `{ errors }` (the core's problems, each with its `loc`). */
export function scoreRows(ruleset, rows) {
  return rows.map((row) => {
    if (!row.unit) return { errors: [{ loc: "unit", kind: "missing", message: "the row has no unit" }] };
    if (!placeOf(row, "month")) {
      return { errors: [{ loc: "month", kind: "wrong_type", message: `month \`${row.month}\` is not a month written as YYYY-MM` }] };
    }
    try {
      return { numbers: ruleset.scoreNumbers(row.inputs) };
    } catch (error) {
      if (error.name !== "KaoheError") throw error;
      return { errors: error.errors.length ? error.errors : [{ loc: error.loc ?? "", kind: error.kind, message: error.message }] };
    }
  });
}

/**
 * Each unit's standing for one period: `{ unit, kind, total, grade, flags, rows, card, error }`.
 * A month reads its row's numbers; a longer period rolls its months up in the core with the
 * period's own inputs (`given`, by unit and period key).
 */
export function standings(ruleset, rows, scored, period, key, given = new Map()) {
  const kinds = ruleset.meta().target_kinds;
  const units = new Map();
  // A row whose month cannot be read belongs to no period: its unit is left out of every one,
  // as the CLI leaves out a unit with an unreadable row.
  const unplaced = new Map();
  rows.forEach((row, n) => {
    const placed = placeOf(row, period);
    if (!placed) {
      if (!unplaced.has(row.unit)) unplaced.set(row.unit, n);
      return;
    }
    const [at, place] = placed;
    if (at !== key) return;
    const kind = row.kind || ruleset.defaultKind;
    const unit = units.get(row.unit) ?? { unit: row.unit, kind, months: [], rows: [] };
    // As the core's rank and rollup refuse them: a kind the scheme does not assess, or a unit whose
    // months in one period name different kinds (never ranked under one of them silently).
    if (!unit.wrongKind && !kinds.includes(kind)) {
      unit.wrongKind = `第 ${row.line} 行的类别“${kind}”不是本办法的考核对象（${kinds.join("、")}） · line ${row.line}: \`${kind}\` is not a target kind of the scheme (${kinds.join(", ")})`;
    } else if (!unit.wrongKind && kind !== unit.kind) {
      unit.wrongKind = `第 ${row.line} 行的类别“${kind}”与同期其他月份的“${unit.kind}”不同 · line ${row.line}: kind \`${kind}\`, but the unit's other months in ${key} are \`${unit.kind}\``;
    }
    // A month given twice is refused for the unit, never one of the two taken silently.
    if (unit.months[place] !== undefined) {
      unit.twice = `${row.month} 重复（第 ${rows[unit.months[place]].line} 行与第 ${row.line} 行） · ${row.month} is given twice (lines ${rows[unit.months[place]].line} and ${row.line})`;
    }
    unit.months[place] = n;
    unit.rows.push(n);
    units.set(row.unit, unit);
  });
  // As many months as the ruleset's rollup takes.
  const length = period === "month" ? 1 : (ruleset.periods().find(([p]) => p === period)?.[1] ?? 0);
  return [...units.values()].map((unit) => {
    if (unit.twice) return { ...unit, error: unit.twice };
    if (unit.wrongKind) return { ...unit, error: unit.wrongKind };
    const bad = unplaced.get(unit.unit) ?? unit.rows.find((n) => scored[n].errors);
    if (bad !== undefined) return { ...unit, error: `第 ${rows[bad].line} 行有错误 · line ${rows[bad].line} has errors` };
    if (unit.months.length > length) {
      return { ...unit, error: `本办法的汇总只计 ${length} 个月 · the scheme's rollup counts ${length} months` };
    }
    if (period === "month") {
      const numbers = scored[unit.rows[0]].numbers;
      return { ...unit, total: numbers.total, grade: numbers.grade, flags: numbers.flags };
    }
    // A month without a row is null.
    const months = Array.from({ length }, (_, i) => (unit.months[i] === undefined ? null : rows[unit.months[i]].inputs));
    try {
      const card = ruleset.rollUp(period, months, given.get(`${unit.unit}\u0000${key}`) ?? {});
      return { ...unit, total: card.total, grade: card.grade?.label ?? null, flags: card.flags.map((f) => f.flag.id), card };
    } catch (error) {
      if (error.name !== "KaoheError") throw error;
      return { ...unit, error: error.message };
    }
  });
}

/** The standings ranked by the core within each kind; a unit that cannot be scored comes last, unranked. */
export function ranked(ruleset, list) {
  const scored = list.filter((s) => !s.error);
  const ranks = new Map(ruleset.rank(scored.map((s) => [s.unit, s.kind, s.total])).map((r) => [r.unit, r]));
  const out = scored.map((s) => ({ ...s, rank: ranks.get(s.unit).rank, gradeInfo: ranks.get(s.unit).grade }));
  out.sort((a, b) => a.kind.localeCompare(b.kind) || a.rank - b.rank || a.unit.localeCompare(b.unit));
  return [...out, ...list.filter((s) => s.error).map((s) => ({ ...s, rank: null }))];
}

/** A CSV field as the csv crate writes it, guarded as kaohe guards text Excel would run. */
function field(text, guard = false) {
  let value = String(text);
  if (guard && /^[=+\-@\t\r]/.test(value)) value = `'${value}`;
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The scored rows as `kaohe score <ruleset> rows --format csv` writes them (bad rows left out). */
export function scoredCsv(ruleset, rows, scored, lang = "zh") {
  const defaultKind = ruleset.defaultKind;
  let out = "";
  let header = null;
  rows.forEach((row, n) => {
    if (scored[n].errors) return;
    const card = ruleset.score(row.inputs, false);
    const items = card.sections.flatMap((s) => s.items);
    if (!header) {
      header = ["unit", "month", "kind", "total", "grade", "flags", ...items.map((i) => i.id)];
      out += header.map((h) => field(h)).join(",") + "\n";
    }
    // As the CLI writes them: flags in the chosen language, the grade by its label.
    const flags = card.flags.map((f) => (lang === "zh" ? f.label : f.label_en)).join("; ");
    const grade = card.grade?.label ?? "";
    const cells = [field(row.unit, true), row.month, field(row.kind || defaultKind, true), card.total,
      field(grade, true), field(flags, true), ...items.map((i) => i.score)];
    out += cells.join(",") + "\n";
  });
  return out;
}

/** Points lost by item over the rows of one period, as the core counts them (points minus score,
 * never below 0, no bonus item), with each item's titles; items that lost nothing are left out. */
export function pointsLost(ruleset, rows, scored, period, key) {
  const first = rows.findIndex((_, n) => scored[n].numbers);
  if (first < 0) return [];
  const items = ruleset.score(rows[first].inputs, false).sections.flatMap((s) => s.items);
  const cards = [];
  rows.forEach((row, n) => {
    if (scored[n].numbers && placeOf(row, period)?.[0] === key) cards.push(scored[n].numbers.items);
  });
  return ruleset.pointsLost(cards).map((lost, i) => ({ id: items[i].id, title: items[i].title, title_en: items[i].title_en, lost }))
    .filter((item) => item.lost !== "0");
}
