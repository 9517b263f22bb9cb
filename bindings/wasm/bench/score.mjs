// One Ningbo month scored through the WASM package in Node, against the native core measured in
// the same run (cargo bench -p kaohe --bench score_month). Both first agree on the total.
// Run from the repository root after building the package: node bindings/wasm/bench/score.mjs
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";

const require = createRequire(import.meta.url);
const kaohe = require("../pkg/node/kaohe_wasm.cjs");

const month = {
  grid_cells: "420", inspectors: "30", operators: "20", inspector_online_rate: "56.5%", late_arrivals: "2",
  reported_items: "5200", valid_cases: "3380", daily_valid_collections: "395", on_time_closure_rate: "86.2%",
  closure_rate: "93.4%", rework_rate: "1.6%", late_supervised_cases: "1", superior_satisfaction: "92%",
  partner_satisfaction: "85%", community_satisfaction: "88.5%",
};

function perCall(calls, run) {
  const runs = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) run();
    runs.push(Number(process.hrtime.bigint() - start) / 1000 / calls);
  }
  return runs.sort((a, b) => a - b)[3];
}

const ruleset = kaohe.Ruleset.load("ningbo/district");
if (ruleset.score(month, false).total !== "90") throw new Error("the WASM package disagrees with the hand-computed 90");
const bare = perCall(20000, () => ruleset.score(month, false));
const traced = perCall(20000, () => ruleset.score(month, true));

const native = execFileSync("cargo", ["bench", "-q", "-p", "kaohe", "--bench", "score_month"], { encoding: "utf8" });
const nativeOf = (name) => Number(native.match(new RegExp(`native ${name}: ([0-9.]+)`))[1]);
console.log(`wasm in node score: ${bare.toFixed(2)} us/call, native ${nativeOf("score").toFixed(2)} us/call, ratio ${(bare / nativeOf("score")).toFixed(2)}x`);
console.log(`wasm in node explain: ${traced.toFixed(2)} us/call, native ${nativeOf("explain").toFixed(2)} us/call, ratio ${(traced / nativeOf("explain")).toFixed(2)}x`);
