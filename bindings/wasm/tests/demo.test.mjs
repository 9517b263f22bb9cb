// The demo page in headless Chromium (Debian's, driven by playwright-core): served on 127.0.0.1,
// the form filled, the total and grade checked, a ruleset error shown at its line, a screenshot saved.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch } from "./browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, "../../../target/demo-test");

let server;
let browser;
let base;

before(async () => {
  server = await serve(join(here, ".."));
  base = server.base;
  browser = await launch();
  await mkdir(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const problems = [];
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.goto(`${base}/demo/index.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  return { page, problems };
}

test("the form scores an example month and rescores as you type", async () => {
  const { page, problems } = await open();
  assert.ok(await page.locator("#form input").count() > 40, "a field per declared input");
  assert.match(await page.locator("label[for=in-closure_rate]").innerText(), /结案率.*closure rate/s);
  await page.click("#example");
  // The Haishu example month, by hand (rulesets/ningbo/district.toml): operators 20 × 20 = 400 < 420
  // cells -2; online 56.5% (1 started step) -1; 2 late arrivals -2; filing 3380 / 5200 = 65% -1;
  // closure 93.4% (2 steps) -2; 1 late supervised case -1; partner satisfaction exactly 85% -1: 90.
  await page.waitForFunction(() => document.querySelector("#total").textContent.startsWith("90 / 100"));
  assert.match(await page.locator("#total").innerText(), /未设等次/);
  const closure = page.locator("tr[data-item=closure]");
  assert.match(await closure.innerText(), /93\.4% 低于 95%.*扣 2 分/s);
  // Two more late arrivals: 90 - 2 = 88.
  await page.fill("#in-late_arrivals", "4");
  await page.waitForFunction(() => document.querySelector("#total").textContent.startsWith("88 / 100"));
  // A negative count is refused and the field marked.
  await page.fill("#in-late_arrivals", "-1");
  await page.waitForSelector("#in-late_arrivals.bad");
  assert.match(await page.locator("#input-errors").innerText(), /late_arrivals: is -1, a negative count/);
  await page.fill("#in-late_arrivals", "2");
  await page.screenshot({ path: join(shots, "demo-ningbo.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a graded ruleset shows its grade and consequence", async () => {
  const { page } = await open();
  await page.selectOption("#ruleset", "templates/district-composite");
  await page.click("#example");
  // 92.25 by hand: incidence 36 / 40 = 0.9 -> (2 - 0.9) × 15 = 16.5; handling 0.95 × 15 = 14.25;
  // timely 0.85 × 15 = 12.75; closure 0.9 × 15 = 13.5; timely closure 0.8 × 15 = 12; intact 0.95 × 15
  // = 14.25; satisfaction 0.85 × 10 = 8.5; -2 supervised; +2.5 proactive: 91.75 - 2 + 2.5 = 92.25.
  await page.waitForFunction(() => document.querySelector("#total").textContent.startsWith("92.25 / 100"));
  assert.match(await page.locator("#total").innerText(), /优秀 Excellent：返还保证金，并给予一倍奖金奖励/);
  await page.close();
});

test("a pasted ruleset with a built-in's id is marked as custom", async () => {
  const { page } = await open();
  assert.match(await page.locator("#origin").innerText(), /内置规则 Built-in ruleset/);
  await page.click("#edit-current");
  const source = await page.inputValue("#toml");
  await page.fill("#toml", source.replace(/^title = ".*"$/m, 'title = "宁波（改）"'));
  await page.click("#load-toml");
  assert.match(await page.locator("#origin").innerText(), /自定义规则，非内置 Custom ruleset, not a built-in \(id ningbo\/district\)/);
  const chosen = await page.locator("#ruleset option:checked").innerText();
  assert.equal(chosen, "自定义 Custom · ningbo/district · 宁波（改）");
  await page.close();
});

test("a pasted ruleset's errors are shown at their line", async () => {
  const { page } = await open();
  await page.click("#edit-current");
  const source = await page.inputValue("#toml");
  const broken = source.replace('value = "closure_rate"', 'value = "closure_rat"');
  const line = broken.split("\n").indexOf('value = "closure_rat"') + 1;
  await page.fill("#toml", broken);
  await page.click("#load-toml");
  const errors = await page.locator("#toml-errors").innerText();
  assert.match(errors, new RegExp(`line ${line}:9 — unknown input or metric \`closure_rat\`（did you mean \`closure_rate\`\\?）`));
  assert.match(await page.locator("#toml-lines .bad").allInnerTexts().then((t) => t.join("\n")), new RegExp(`${line} \\| value = "closure_rat"`));
  await page.screenshot({ path: join(shots, "demo-toml-error.png"), fullPage: true });
  await page.close();
});
