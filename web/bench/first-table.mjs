// 10,000 unit-month rows (the Ningbo example year, its six districts copied under new names) loaded
// into the workbench in headless Chromium: the time from choosing the file to the ranked table on
// screen, 5 runs after a warm-up, each checked to rank every unit of the month. Writes JSON for
// scripts/bench_report.py. Run from the repository root after `scripts/test`:
//   node web/bench/first-table.mjs [results.json]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { serve, launch } from "../../bindings/wasm/tests/browser.mjs";

const web = fileURLToPath(new URL("..", import.meta.url));
const root = join(web, "..");
const [header, ...rows] = readFileSync(join(root, "examples/ningbo/2026-districts.csv"), "utf8").trim().split("\n");
const copies = Math.ceil(10000 / rows.length);
const lines = [header];
for (let copy = 0; copy < copies; copy++) for (const row of rows) lines.push(row.replace(/^([^,]+),/, `$1${copy},`));
const table = join(root, "target/bench/workbench-10k.csv");
mkdirSync(join(root, "target/bench"), { recursive: true });
writeFileSync(table, lines.join("\n") + "\n");
const units = copies * 6;

await build({ root: web, logLevel: "silent" });
const server = await serve(join(web, "dist"));
const browser = await launch();
const times = [];
for (let run = 0; run < 6; run++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.base}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  const start = Date.now();
  await page.setInputFiles("#table", table);
  await page.waitForFunction((n) => document.querySelectorAll("#ranked tbody tr[data-unit]").length === n, units, { timeout: 60000 });
  if (run > 0) times.push((Date.now() - start) / 1000);
  await page.close();
}
await browser.close();
server.close();
times.sort((a, b) => a - b);
const result = { rows: lines.length - 1, units, median_s: times[2], min_s: times[0], max_s: times[4], runs: times.length };
console.log(`workbench, ${result.rows} rows: first ranked table in ${result.median_s.toFixed(2)} s (min ${result.min_s.toFixed(2)}, max ${result.max_s.toFixed(2)})`);
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(result, null, 2));
