// The workbench in headless Chromium, as an office uses it: the example year's spreadsheet (CSV,
// and the same figures as .xlsx) loaded, the ranking checked against the CLI, a card opened, the
// year with its bonus points, the export compared byte for byte with `kaohe score --format csv`, a
// bad cell shown beside its place in Chinese, grade colours, and the narrow layout without
// horizontal scroll. Screenshots at 1280 and 375 px are kept in target/workbench-test/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { serve, launch } from "../../bindings/wasm/tests/browser.mjs";

const web = fileURLToPath(new URL("..", import.meta.url));
const root = join(web, "..");
const shots = join(root, "target/workbench-test");
const example = join(root, "examples/ningbo/2026-districts.csv");
let server;
let browser;

/** The CLI's output for the same data: the reference every number here is checked against. */
function kaohe(...args) {
  return execFileSync("cargo", ["run", "-q", "-p", "kaohe-cli", "--", ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

function csvRows(text) {
  const [header, ...rows] = text.trim().split("\n").map((line) => line.split(","));
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

before(async () => {
  await build({ root: web, logLevel: "silent" });
  server = await serve(join(web, "dist"));
  browser = await launch();
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.goto(`${server.base}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 20000 });
  return { page, problems };
}

async function rankedRows(page) {
  return page.$$eval("#ranked tbody tr", (rows) => rows.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
}

test("the example year: ranking, card, year with bonus, export as the CLI writes it", async () => {
  const { page, problems } = await open();
  await page.setInputFiles("#table", example);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  // December by default (the last month): each unit's total as `kaohe score` gives it.
  const december = Object.fromEntries(csvRows(kaohe("score", "ningbo/district", example, "--format", "csv"))
    .filter((r) => r.month === "2026-12").map((r) => [r.unit, r.total]));
  const shown = await rankedRows(page);
  assert.equal(shown.length, 6);
  assert.deepEqual(Object.fromEntries(shown.map((r) => [r[1], r[2]])), december);
  const totals = shown.map((r) => Number(r[2]));
  assert.deepEqual(totals, [...totals].sort((a, b) => b - a), "ranked by total");
  // A card, with its items.
  await page.click("#ranked tbody tr:first-child");
  assert.match(await page.textContent("#card"), /组织工作[\s\S]*社会评价/);
  await page.screenshot({ path: join(shots, "ranking-1280.png"), fullPage: true });
  // The year, with the bonus points of 2026-bonus.csv: as `kaohe rollup` gives it.
  await page.setInputFiles("#period-inputs", join(root, "examples/ningbo/2026-bonus.csv"));
  await page.selectOption("#period", "year");
  await page.waitForFunction(() => document.querySelector("#key").value === "2026");
  const year = Object.fromEntries(csvRows(kaohe("rollup", "ningbo/district", example, "--period", "year",
    "--period-inputs", "examples/ningbo/2026-bonus.csv", "--format", "csv")).map((r) => [r.unit, r.total]));
  assert.deepEqual(Object.fromEntries((await rankedRows(page)).map((r) => [r[1], r[2]])), year);
  assert.equal(year["海曙区"], "96.33"); // 1144 / 12 = 95.33 (half up), + 1
  // 北仑区 failed to report major events twice or more: the year carries the flag, by its label.
  assert.equal((await rankedRows(page)).find((r) => r[1] === "北仑区")[4], "取消当年评优资格");
  // The export, byte for byte.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const exported = readFileSync(await download.path(), "utf8");
  assert.equal(exported, kaohe("score", "ningbo/district", example, "--format", "csv"));
  assert.deepEqual(problems, []);
});

test("the same figures as an Excel workbook (rates as percent-formatted numbers) score the same", async () => {
  const { page } = await open();
  await page.setInputFiles("#table", join(root, "examples/ningbo/2026-districts.xlsx"));
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  const csv = (await open()).page;
  await csv.setInputFiles("#table", example);
  await csv.waitForSelector("#ranked tbody tr[data-unit]");
  assert.deepEqual(await rankedRows(page), await rankedRows(csv));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  assert.equal(readFileSync(await download.path(), "utf8"), kaohe("score", "ningbo/district", example, "--format", "csv"));
});

test("a bad cell is shown beside its place in Chinese, and the rest still scores", async () => {
  const lines = readFileSync(example, "utf8").split("\n");
  const header = lines[0].split(",");
  const at = header.indexOf("late_arrivals");
  const cells = lines[12].split(","); // 海曙区 2026-12
  cells[at] = "-1";
  lines[12] = cells.join(",");
  const bad = join(shots, "bad-cell.csv");
  writeFileSync(bad, lines.join("\n"));
  const { page } = await open();
  await page.setInputFiles("#table", bad);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  assert.match(await page.textContent("#status"), /1 行有错误/);
  const rows = await rankedRows(page);
  assert.equal(rows.filter((r) => r[0] !== "—").length, 5, "the other units still rank");
  assert.match(rows.find((r) => r[1] === "海曙区")[3], /第 13 行有错误/);
  await page.click("nav button[data-view=data]");
  const cell = page.locator("#rows td.bad");
  assert.equal(await cell.count(), 1);
  assert.equal(await cell.textContent(), "-1");
  assert.match(await cell.getAttribute("title"), /迟到.*：不能为负数|：不能为负数/);
  await page.click("#lang");
  await page.click("nav button[data-view=data]");
  assert.match(await page.locator("#rows tr.problem").textContent(), /cannot be negative/);
});

test("a row whose month cannot be read leaves its unit out, and the page goes on", async () => {
  // 江北区's first month written 2026-13 and 镇海区's left blank: neither row belongs to a period.
  const lines = readFileSync(example, "utf8").split("\n");
  const month = (n, text) => {
    const cells = lines[n].split(",");
    cells[1] = text;
    lines[n] = cells.join(",");
  };
  const first = (unit) => lines.findIndex((line) => line.startsWith(`${unit},`));
  const [jiangbei, zhenhai] = [first("江北区"), first("镇海区")];
  month(jiangbei, "2026-13");
  month(zhenhai, "");
  const bad = join(shots, "bad-months.csv");
  writeFileSync(bad, lines.join("\n"));
  const { page, problems } = await open();
  await page.setInputFiles("#table", bad);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  assert.match(await page.textContent("#status"), /2 行有错误/);
  const rows = await rankedRows(page);
  assert.equal(rows.filter((r) => r[0] !== "—").length, 4, "the other units still rank");
  assert.match(rows.find((r) => r[1] === "江北区")[3], new RegExp(`第 ${jiangbei + 1} 行有错误`));
  assert.match(rows.find((r) => r[1] === "镇海区")[3], new RegExp(`第 ${zhenhai + 1} 行有错误`));
  assert.deepEqual(problems, []);
});

test("grade colours, the scheme's table, and a narrow screen without horizontal scroll", async () => {
  const { page } = await open(375);
  await page.selectOption("#ruleset", "templates/district-composite");
  await page.setInputFiles("#table", join(root, "examples/templates/2026-composite.csv"));
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  const badges = await page.$$eval("#ranked .grade", (spans) => spans.map((s) => getComputedStyle(s).backgroundColor));
  assert.ok(badges.length > 0 && badges.every((c) => c !== "rgba(0, 0, 0, 0)"), `${badges}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width} px wide at 375`);
  await page.screenshot({ path: join(shots, "ranking-375.png"), fullPage: true });
  await page.click("nav button[data-view=scheme]");
  assert.match(await page.textContent("#scheme"), /评分办法/);
});

test("the editor marks a ruleset error at its line, and a fixed variant scores as a custom scheme", async () => {
  const { page, problems } = await open();
  await page.setInputFiles("#table", example);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  const builtin = Object.fromEntries((await rankedRows(page)).map((r) => [r[1], r[2]]));
  await page.click("nav button[data-view=editor]");
  await page.click("#start-variant");
  await page.waitForFunction(() => !document.querySelector("#use-custom").disabled, null, { timeout: 10000 });
  const write = async (text) => {
    await page.click(".cm-content");
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(text);
  };
  const head = 'format = 1\nextends = "ningbo/district"\nid = "custom/x"\ntitle = "变体"\ntitle_en = "v"\nversion = "1"\nnotes = []\n\n[parameter.spot_check_deduction]\n';
  await write(`${head}value = "abc"\nnote = "x"\n`);
  await page.waitForSelector("#diagnostics li", { timeout: 10000 });
  assert.match(await page.textContent("#diagnostics"), /第 10 行第 9 列：invalid value: string "abc"/);
  assert.ok(await page.locator(".cm-lintRange-error").count() > 0, "the error is marked in the text");
  assert.ok(await page.isDisabled("#use-custom"));
  // Fixed: each failed spot check deducts 3 instead of 1, and the page scores with it, marked custom.
  await write(`${head}value = "3"\nnote = "x"\n`);
  await page.waitForFunction(() => !document.querySelector("#use-custom").disabled, null, { timeout: 10000 });
  assert.equal(await page.locator("#diagnostics li").count(), 0);
  await page.click("#use-custom");
  assert.ok(await page.isVisible("#custom"));
  await page.click("nav button[data-view=ranking]");
  const custom = Object.fromEntries((await rankedRows(page)).map((r) => [r[1], r[2]]));
  const variant = join(shots, "custom-variant.toml");
  writeFileSync(variant, `${head}value = "3"\nnote = "x"\n`);
  const cli = Object.fromEntries(csvRows(kaohe("score", variant, example, "--format", "csv"))
    .filter((r) => r.month === "2026-12").map((r) => [r.unit, r.total]));
  assert.deepEqual(custom, cli);
  assert.notDeepEqual(custom, builtin, "December has failed spot checks, which now cost 3 each");
  assert.deepEqual(problems, []);
});

test("what-if: the year under an edited variant beside the built-in, changes highlighted", async () => {
  const { page, problems } = await open();
  await page.setInputFiles("#table", example);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  await page.click("nav button[data-view=editor]");
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText('format = 1\nextends = "ningbo/district"\nid = "custom/x"\ntitle = "变体"\ntitle_en = "v"\nversion = "1"\nnotes = []\n\n[parameter.spot_check_deduction]\nvalue = "3"\nnote = "x"\n');
  await page.waitForFunction(() => !document.querySelector("#use-custom").disabled, null, { timeout: 10000 });
  await page.click("#use-custom");
  await page.click("nav button[data-view=ranking]");
  await page.selectOption("#period", "year");
  await page.click("nav button[data-view=whatif]");
  await page.selectOption("#other", "ningbo/district");
  const rows = await page.$$eval("#compared tbody tr", (trs) => trs.map((tr) => ({ changed: tr.classList.contains("changed"), cells: [...tr.cells].map((td) => td.textContent.trim()) })));
  const haishu = rows.find((r) => r.cells[0] === "海曙区");
  // Under the variant 海曙区's 3 failed spot checks cost 2 points more each: 1138 / 12 = 94.83;
  // the built-in gives 1144 / 12 = 95.33, a change of +0.5 from the variant to the built-in.
  assert.deepEqual([haishu.cells[2], haishu.cells[5], haishu.cells[7]], ["94.83", "95.33", "0.5"]);
  assert.ok(haishu.changed);
  assert.equal(rows.length, 6);
  assert.deepEqual(problems, []);
});

test("a scheme with values left to the adopting authority says what to supply, and the editor stubs them", async () => {
  const { page, problems } = await open();
  await page.selectOption("#ruleset", "shenzhen/platform");
  assert.match(await page.textContent("#ranked tbody"), /本办法有 \d+ 个参数由采用单位确定/);
  await page.setInputFiles("#table", example);
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("编辑办法"));
  assert.match(await page.textContent("#status"), /请在“编辑办法”中从本办法开始/);
  await page.click("nav button[data-view=editor]");
  await page.click("#start-variant");
  await page.waitForSelector("#diagnostics li", { timeout: 10000 });
  const text = await page.textContent(".cm-content");
  assert.match(text, /\[parameter\.full_marks\]value = ""/);
  assert.ok(await page.isDisabled("#use-custom"), "an empty value is an error until it is filled in");
  assert.deepEqual(problems, []);
});

test("points lost by item in the month, summed exactly over the units", async () => {
  const { page, problems } = await open();
  await page.setInputFiles("#table", example);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  // December's item scores from the CLI: points minus score, summed over the six units.
  const december = csvRows(kaohe("score", "ningbo/district", example, "--format", "csv")).filter((r) => r.month === "2026-12");
  const card = JSON.parse(kaohe("score", "ningbo/district", "examples/ningbo/haishu-2026-03.toml", "--format", "json"));
  const expected = card.sections.filter((s) => !s.bonus).flatMap((s) => s.items).map((item) => {
    const lost = december.reduce((sum, r) => sum + Math.max(0, Number(item.points) - Number(r[item.id])), 0);
    return [item.id, lost];
  }).filter(([, lost]) => lost > 0).map(([id, lost]) => `${id}=${lost}`).join(" ");
  assert.equal(await page.getAttribute("#chart-lost", "data-items"), expected);
  assert.ok(await page.locator("#chart-lost canvas").count() > 0 && await page.locator("#chart-months canvas").count() > 0);
  assert.deepEqual(problems, []);
});

test("one unit's form: grouped by section, a row to start from, the card as you type, a bad field beside itself", async () => {
  const { page, problems } = await open(375);
  await page.setInputFiles("#table", example);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  await page.click("nav button[data-view=unit]");
  const legends = await page.$$eval("#unit-form legend", (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(legends.slice(0, 4), ["组织工作", "内部管理", "工作成效", "社会评价"]);
  // Nothing typed: no errors shown.
  assert.equal(await page.locator("#unit-form .field.bad").count(), 0);
  await page.selectOption("#unit-row", { label: "海曙区 · 2026-03" });
  const march = csvRows(kaohe("score", "ningbo/district", example, "--format", "csv")).find((r) => r.unit === "海曙区" && r.month === "2026-03");
  assert.match(await page.textContent("#unit-card"), new RegExp(`${march.total} / 100`));
  // A negative count: marked at its field in Chinese, and the last card that scored stays.
  await page.fill('#unit-form input[name="late_arrivals"]', "-1");
  const field = page.locator('#unit-form .field[data-name="late_arrivals"]');
  assert.ok(await field.evaluate((f) => f.classList.contains("bad")));
  assert.match(await field.locator(".note").textContent(), /不能为负数/);
  assert.match(await page.textContent("#unit-card"), /1 项有误[\s\S]*上次有效的评分/);
  assert.match(await page.textContent("#unit-card"), new RegExp(`${march.total} / 100`));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the form is ${width} px wide at 375`);
  await page.screenshot({ path: join(shots, "unit-375.png"), fullPage: true });
  assert.deepEqual(problems, []);
});

test("every built-in ruleset with an example month scores it in the form as the CLI does", async () => {
  const { page, problems } = await open();
  // The example files that name a built-in ruleset in their "score <id> <file>" line.
  const files = execFileSync("sh", ["-c", "grep -l -- '-- score [a-z]*/[a-z0-9-]* examples/' examples/*/*.toml"], { cwd: root, encoding: "utf8" }).trim().split("\n");
  let checked = 0;
  for (const file of files) {
    const id = readFileSync(join(root, file), "utf8").match(/-- score ([a-z0-9_-]+\/[a-z0-9_-]+) examples\//)[1];
    await page.selectOption("#ruleset", id);
    await page.click("nav button[data-view=unit]");
    await page.click("#unit-example");
    const card = JSON.parse(kaohe("score", id, file, "--format", "json"));
    assert.match(await page.textContent("#unit-card"), new RegExp(`${card.total} / ${card.full_marks}`), `${id} ${file}`);
    checked += 1;
  }
  assert.ok(checked >= 7, `${checked} examples`);
  await page.selectOption("#ruleset", "templates/municipal-department");
  assert.ok(await page.isDisabled("#unit-example"), "a scheme without an example says so");
  assert.deepEqual(problems, []);
});

test("a month given twice is refused for its unit, never one of the two taken", async () => {
  // The example ends its lines with CRLF, as Excel writes CSV.
  const lines = readFileSync(example, "utf8").trimEnd().split("\r\n");
  const twice = join(shots, "month-twice.csv");
  writeFileSync(twice, [...lines, lines[12]].join("\r\n") + "\r\n"); // 海曙区 2026-12 again, as line 74
  const { page } = await open();
  await page.setInputFiles("#table", twice);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  const rows = await rankedRows(page);
  assert.match(rows.find((r) => r[1] === "海曙区")[3], /2026-12 重复（第 13 行与第 74 行）/);
  assert.equal(rows.filter((r) => r[0] !== "—").length, 5);
});

test("two columns for one input are refused until one is corrected, never one of them read", async () => {
  // The example with a second closure-rate column under its Chinese label, holding other figures.
  const lines = readFileSync(example, "utf8").trimEnd().split("\r\n");
  const header = lines[0].split(",");
  const at = header.indexOf("closure_rate");
  const label = "结案率（考核日系统自动生成）";
  const twice = join(shots, "closure-twice.csv");
  writeFileSync(twice, lines.map((line, n) => `${line},${n === 0 ? label : "50%"}`).join("\r\n") + "\r\n");
  const { page } = await open();
  await page.setInputFiles("#table", twice);
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("都对应"));
  const said = await page.textContent("#status");
  assert.ok(said.includes(`第 ${at + 1} 列“closure_rate”与第 ${header.length + 1} 列“${label}”都对应 closure_rate`), said);
  assert.equal(await page.locator("#ranked tbody tr[data-unit]").count(), 0, "no unit is ranked");
  // With the second column left out, all six districts rank again.
  await page.click("button[data-view=columns]");
  await page.selectOption(`#mapping select[data-at="${header.length}"]`, "");
  await page.waitForSelector("#ranked tbody tr[data-unit]", { state: "attached" });
  assert.ok(at >= 0);
  assert.equal((await rankedRows(page)).filter((r) => r[0] !== "—").length, 6);
});

test("a kind the scheme does not assess is refused for its unit, and the rest are ranked", async () => {
  const lines = readFileSync(example, "utf8").trimEnd().split("\r\n");
  const kinds = join(shots, "kinds.csv");
  // A kind column: every row a district bureau but 海曙区's December (line 13), a street office,
  // which Ningbo's district scheme does not assess (its one target kind is district_bureau).
  const kind = (n) => (n === 0 ? "kind" : n === 12 ? "street_office" : "district_bureau");
  writeFileSync(kinds, lines.map((line, n) => `${line},${kind(n)}`).join("\r\n") + "\r\n");
  const { page, problems } = await open();
  await page.setInputFiles("#table", kinds);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  for (const period of ["month", "year"]) {
    await page.selectOption("#period", period);
    await page.waitForFunction((p) => document.querySelector("#key").value === (p === "year" ? "2026" : "2026-12"), period);
    const rows = await rankedRows(page);
    assert.match(rows.find((r) => r[1] === "海曙区")[3], /第 13 行的类别“street_office”不是本办法的考核对象/, period);
    // The other five are ranked (the kinds' heading rows, one cell each, aside).
    assert.equal(rows.filter((r) => r.length === 5 && r[0] !== "—").length, 5, period);
  }
  assert.deepEqual(problems, []);
});

// A broken workbook, a header without rows, an empty file, a quote left open (on the second row, as
// the spreadsheet numbers it) and a PDF: each is refused naming the file, and the ranking already on
// screen stays.
test("a file that is not a table is refused by name, and the last results stay", async () => {
  const { page, problems } = await open();
  await page.setInputFiles("#table", example);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  const before = await rankedRows(page);
  const bad = [
    ["not-a-workbook.xlsx", "PK\u0003\u0004 these bytes are no zip archive", /not-a-workbook\.xlsx: 不是可读的 Excel 工作簿/],
    ["header-only.csv", "unit,month,kind,grid_cells\r\n", /header-only\.csv: 表头下没有数据行/],
    ["empty.csv", "", /empty\.csv: 表头下没有数据行/],
    ["open-quote.csv", 'unit,month\r\n"海曙区,2026-01\r\n', /open-quote\.csv: 第 2 行 row 2: Quoted field unterminated/],
    ["figures.pdf", "%PDF-1.4", /figures\.pdf: 请选择 \.csv 或 \.xlsx 文件/],
  ];
  for (const [name, content, message] of bad) {
    const path = join(shots, name);
    writeFileSync(path, content);
    await page.setInputFiles("#table", path);
    await page.waitForFunction((file) => document.querySelector("#status").textContent.includes(file), name);
    assert.match(await page.textContent("#status"), message);
    assert.ok(await page.$eval("#status", (s) => s.classList.contains("bad")), name);
    assert.deepEqual(await rankedRows(page), before, `${name} replaced the last results`);
  }
  assert.deepEqual(problems, []);
});

// The report the CLI writes, from the page: the example year with its bonus points, exported as
// HTML and compared byte for byte with `kaohe report` on the same files (run beside them, so that
// both name the period inputs' file alike). A period input given twice is refused by its row.
test("the year's report exports from the page as kaohe report writes it", async () => {
  const { page, problems } = await open();
  await page.setInputFiles("#table", example);
  await page.waitForSelector("#ranked tbody tr[data-unit]");
  await page.setInputFiles("#period-inputs", join(root, "examples/ningbo/2026-bonus.csv"));
  await page.selectOption("#period", "year");
  await page.waitForFunction(() => document.querySelector("#key").value === "2026");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-report")]);
  const exported = readFileSync(await download.path(), "utf8");
  const written = join(shots, "report-cli.html");
  execFileSync("cargo", ["run", "-q", "-p", "kaohe-cli", "--", "report", "ningbo/district", "2026-districts.csv",
    "--period-inputs", "2026-bonus.csv", "-o", written, "--force"], { cwd: join(root, "examples/ningbo"), stdio: "ignore" });
  assert.equal(exported, readFileSync(written, "utf8"));
  assert.match(exported, /年度输入（加分等）取自 period inputs from <code>2026-bonus\.csv<\/code>/);
  // A unit's year given twice in the period inputs: refused with its row, the year unchanged.
  const bonus = readFileSync(join(root, "examples/ningbo/2026-bonus.csv"), "utf8").trimEnd().split(/\r?\n/);
  const twice = join(shots, "bonus-twice.csv");
  writeFileSync(twice, [...bonus, bonus[1]].join("\r\n") + "\r\n");
  const before = await rankedRows(page);
  await page.setInputFiles("#period-inputs", twice);
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("bonus-twice.csv"));
  assert.match(await page.textContent("#status"), new RegExp(`第 ${bonus.length + 1} 行.*重复`));
  assert.deepEqual(await rankedRows(page), before);
  assert.deepEqual(problems, []);
});
