// One Ningbo month (crates/kaohe/benches/ningbo-month.json) scored through the WASM package in
// Node: a JS object of text values in, the card as a JS object out. The native side of the
// comparison is the criterion benchmark scoring the same month from the same text
// (ningbo_month/kaohe_score_text); scripts/bench puts the two side by side in BENCHMARKS.md.
// Run from the repository root after building the package:
//   node bindings/wasm/bench/score.mjs [results.json]
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const kaohe = require("../pkg/node/index.cjs");
const month = JSON.parse(readFileSync(new URL("../../../crates/kaohe/benches/ningbo-month.json", import.meta.url)));

/** Microseconds per call in each of 7 runs of `calls` calls, after one warm-up run. */
function runs(calls, run) {
  const times = [];
  for (let r = 0; r < 8; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) run();
    times.push(Number(process.hrtime.bigint() - start) / 1000 / calls);
  }
  return times.slice(1).sort((a, b) => a - b);
}

const ruleset = kaohe.Ruleset.load("ningbo/district");
for (const trace of [false, true]) {
  const total = ruleset.score(month.inputs, trace).total;
  if (total !== month.total) throw new Error(`the WASM package gives ${total}, the hand-computed total is ${month.total}`);
}
if (ruleset.scoreNumbers(month.inputs).total !== month.total) throw new Error("scoreNumbers disagrees with the hand-computed total");
const results = [
  ["wasm_numbers", runs(20000, () => ruleset.scoreNumbers(month.inputs))],
  ["wasm_score", runs(20000, () => ruleset.score(month.inputs, false))],
  ["wasm_explain", runs(5000, () => ruleset.score(month.inputs, true))],
].map(([name, times]) => ({ name, median_us: times[3], min_us: times[0], max_us: times[6], runs: times.length }));
for (const r of results) console.log(`${r.name}: median ${r.median_us.toFixed(2)} us (min ${r.min_us.toFixed(2)}, max ${r.max_us.toFixed(2)})`);
// The module's size beside its speed: build.sh records the gzipped bytes of the web build's .wasm.
const gzipBytes = Number(readFileSync(new URL("../pkg/wasm-gzip-bytes.txt", import.meta.url), "utf8"));
console.log(`kaohe_wasm_bg.wasm: ${gzipBytes} bytes gzipped`);
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify({ node: process.version, gzip_bytes: gzipBytes, results }, null, 2));
