// Fresh projects using the package as a user gets it, from the tarball `npm pack` writes: Node ESM
// (the README's `await init()`), Node CommonJS, TypeScript under `strict` without `skipLibCheck`
// (and wrong calls refused at compile time), and a Vite app built and opened in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch } from "./browser.mjs";

const here = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(here, "node_modules/typescript/bin/tsc");
let scratch;
let tarball;

// Ningbo's clean month (tests/hostile/library.toml's base): full marks, 100.
const month = `{ grid_cells: 400, inspectors: 30, operators: 20, inspector_online_rate: "80%", reported_items: 1000,
  valid_cases: 800, daily_valid_collections: 400, on_time_closure_rate: "90%", closure_rate: "98%",
  rework_rate: "1%", superior_satisfaction: "95%", partner_satisfaction: "90%", community_satisfaction: "90%" }`;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), "kaohe-projects-"));
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: here, encoding: "utf8" }));
  tarball = join(scratch, packed.filename);
});

after(() => rmSync(scratch, { recursive: true, force: true }));

/** A project folder with these files and the tarball installed (no network: it has no dependencies). */
function project(name, files, type = "module") {
  const dir = join(scratch, name);
  execFileSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
  return dir;
}

const run = (dir, file) => execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" }).trim();

test("a Node ESM project: import, await init(), score", () => {
  const dir = project("esm", {
    "index.mjs": `import init, { Ruleset } from "kaohe";\nawait init();\nconsole.log(Ruleset.load("ningbo/district").score(${month}).total);\n`,
  });
  assert.equal(run(dir, "index.mjs"), "100");
});

test("a Node CommonJS project: require, score", () => {
  const dir = project("cjs", {
    "index.js": `const { Ruleset } = require("kaohe");\nconsole.log(Ruleset.load("ningbo/district").score(${month}).total);\n`,
  }, "commonjs");
  assert.equal(run(dir, "index.js"), "100");
});

test("a strict TypeScript project compiles against the types and refuses wrong calls", () => {
  const dir = project("typescript", {
    "tsconfig.json": JSON.stringify({
      compilerOptions: { strict: true, skipLibCheck: false, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true },
      files: ["index.ts"],
    }),
    "index.ts": `import init, { Ruleset, type ScoreCard } from "kaohe";
await init();
const ningbo = Ruleset.load("ningbo/district");
const card: ScoreCard = ningbo.score(${month});
const total: string = card.total;
ningbo.rollUp("year", Array(12).fill(${month}));
// @ts-expect-error: a period is one of the rollup names, not any string
ningbo.rollUp("yaer", []);
// @ts-expect-error: the total is a decimal string, not a number
const wrong: number = card.total;
console.log(total, wrong);
`,
  });
  // An unused @ts-expect-error fails the build too: both mistakes must be caught.
  execFileSync(process.execPath, [tsc, "-p", "."], { cwd: dir, encoding: "utf8" });
});

test("a Vite app bundles the web build and scores in Chromium", async () => {
  const dir = project("vite", {
    "index.html": `<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>`,
    "main.js": `import init, { Ruleset } from "kaohe";\nawait init();\ndocument.body.dataset.total = Ruleset.load("ningbo/district").score(${month}).total;\n`,
  });
  const { build } = await import(join(here, "node_modules/vite/dist/node/index.js"));
  await build({ root: dir, logLevel: "silent", build: { outDir: join(dir, "dist"), target: "es2022" } });
  const server = await serve(join(dir, "dist"));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(`${server.base}/index.html`);
    await page.waitForSelector("body[data-total]", { state: "attached", timeout: 15000 });
    assert.equal(await page.getAttribute("body", "data-total"), "100");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
