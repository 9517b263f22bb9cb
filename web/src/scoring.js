// The table scored through the npm package: each row's numbers (a bad row keeps its errors and
// never stops the rest), each period's standings through the core's rollup, the ranking through
// the core's rank, and the scored rows as `kaohe score --format csv` writes them.

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
    if (!row.unit || !/^\d{4}-\d{2}$/.test(row.month)) {
      return { errors: [{ loc: row.unit ? "month" : "unit", kind: "missing", message: row.unit ? `month \`${row.month}\` is not YYYY-MM` : "the row has no unit" }] };
    }
    try {
      return { numbers: ruleset.scoreNumbers(row.inputs) };
    } catch (error) {
      if (error.name !== "KaoheError") throw error;
      return { errors: error.errors.length ? error.errors : [{ loc: error.loc ?? "", kind: error.kind, message: error.message }] };
    }
  });
}

const MONTHS = { quarter: 3, half_year: 6, year: 12 };

/** The period a month falls in (`2026-03` → `2026-Q1`, `2026-H1`, `2026`) and its place in it. */
export function periodOf(month, period) {
  const [year, m] = [month.slice(0, 4), Number(month.slice(5, 7))];
  if (period === "month") return [month, 0];
  if (period === "quarter") return [`${year}-Q${Math.ceil(m / 3)}`, (m - 1) % 3];
  if (period === "half_year") return [`${year}-H${m <= 6 ? 1 : 2}`, (m - 1) % 6];
  return [year, m - 1];
}

/**
 * Each unit's standing for one period: `{ unit, kind, total, grade, flags, rows, card, error }`.
 * A month reads its row's numbers; a longer period rolls its months up in the core with the
 * period's own inputs (`given`, by unit and period key).
 */
export function standings(ruleset, rows, scored, period, key, given = new Map()) {
  const defaultKind = ruleset.meta().target_kinds[0];
  const units = new Map();
  rows.forEach((row, n) => {
    const [at, place] = periodOf(row.month, period);
    if (at !== key) return;
    const unit = units.get(row.unit) ?? { unit: row.unit, kind: row.kind || defaultKind, months: [], rows: [] };
    unit.months[place] = n;
    unit.rows.push(n);
    units.set(row.unit, unit);
  });
  return [...units.values()].map((unit) => {
    const bad = unit.rows.find((n) => scored[n].errors);
    if (bad !== undefined) return { ...unit, error: `第 ${rows[bad].line} 行有错误 · line ${rows[bad].line} has errors` };
    if (period === "month") {
      const numbers = scored[unit.rows[0]].numbers;
      return { ...unit, total: numbers.total, grade: numbers.grade, flags: numbers.flags };
    }
    const months = Array.from({ length: MONTHS[period] }, (_, i) => (unit.months[i] === undefined ? null : rows[unit.months[i]].inputs));
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
  const defaultKind = ruleset.meta().target_kinds[0];
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

/** A decimal string as an exact [digits, places] pair, and back. */
function exact(text) {
  const [whole, fraction = ""] = String(text).split(".");
  return [BigInt(whole + fraction), fraction.length];
}
function atPlaces([digits, places], wanted) {
  return digits * 10n ** BigInt(wanted - places);
}
function decimalText(digits, places) {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(places + 1, "0");
  const [whole, fraction] = [text.slice(0, text.length - places), text.slice(text.length - places).replace(/0+$/, "")];
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Points lost by item (ruleset order) over the rows of one period: points minus score per row,
 * summed exactly; `lost` is the decimal string (drawn as a number, labelled as written). */
export function pointsLost(ruleset, rows, scored, period, key) {
  const first = rows.findIndex((_, n) => scored[n].numbers);
  if (first < 0) return [];
  const items = ruleset.score(rows[first].inputs, false).sections.flatMap((s) => s.items.map((i) => ({ ...i, bonus: s.bonus })));
  const gaps = items.map(() => []);
  rows.forEach((row, n) => {
    if (!scored[n].numbers || periodOf(row.month, period)[0] !== key) return;
    scored[n].numbers.items.forEach((score, i) => {
      if (!items[i].bonus) gaps[i].push([exact(items[i].points), exact(score)]);
    });
  });
  return items.map((item, i) => {
    const places = Math.max(0, ...gaps[i].flat().map(([, p]) => p));
    const lost = gaps[i].reduce((sum, [points, score]) => {
      const gone = atPlaces(points, places) - atPlaces(score, places);
      return gone > 0n ? sum + gone : sum;
    }, 0n);
    return { id: item.id, title: item.title, title_en: item.title_en, lost: decimalText(lost, places) };
  }).filter((item) => item.lost !== "0");
}
