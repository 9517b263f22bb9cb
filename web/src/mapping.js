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
  return headers.map((header) => known.get(header) ?? "");
}

/** What is wrong with a mapping, in Chinese and English (an empty list when it can score). */
export function problems(mapping, headers) {
  const found = [];
  for (const needed of ["unit", "month"]) {
    if (!mapping.includes(needed)) found.push(`没有“${needed === "unit" ? "单位" : "月份"}”列 · no ${needed} column`);
  }
  // Two columns for one name: which to read would be a guess, so neither is (as the CLI refuses a
  // header naming an input twice).
  const first = new Map();
  mapping.forEach((name, at) => {
    if (!name) return;
    if (!first.has(name)) first.set(name, at);
    else {
      const [a, b] = [first.get(name), at];
      found.push(`第 ${a + 1} 列“${headers[a]}”与第 ${b + 1} 列“${headers[b]}”都对应 ${name}，请在“列映射”中改正其一 · columns ${a + 1} (\`${headers[a]}\`) and ${b + 1} (\`${headers[b]}\`) both map to ${name}: correct one of them under Columns`);
    }
  });
  return found;
}
