// Which column holds what: `unit`, `month`, `kind`, or a declared input, matched by its name, its
// Chinese label or its English label; the user can correct any column.
export const RESERVED = [
  { name: "unit", labels: ["unit", "单位", "考核单位", "区"] },
  { name: "month", labels: ["month", "月份", "月", "考核月份"] },
  { name: "kind", labels: ["kind", "类别", "考核对象类别"] },
];

/** For each header, the name it maps to ("" for a column left out). */
export function guess(headers, inputs) {
  const known = new Map();
  for (const r of RESERVED) for (const label of r.labels) known.set(label, r.name);
  for (const input of inputs) for (const label of [input.name, input.label, input.label_en]) known.set(label, input.name);
  const taken = new Set();
  return headers.map((header) => {
    const name = known.get(header) ?? "";
    if (!name || taken.has(name)) return "";
    taken.add(name);
    return name;
  });
}

/** What is wrong with a mapping, in Chinese and English (an empty list when it can score). */
export function problems(mapping) {
  const found = [];
  for (const needed of ["unit", "month"]) {
    if (!mapping.includes(needed)) found.push(`没有“${needed === "unit" ? "单位" : "月份"}”列 · no ${needed} column`);
  }
  return found;
}
