// What `npm pack` would publish: the built package, its README and both licenses, and no
// source, test or demo file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));

test("the published package carries its README and licenses", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: here, encoding: "utf8" }));
  const files = packed.files.map((f) => f.path);
  for (const wanted of ["README.md", "LICENSE-MIT", "LICENSE-APACHE", "package.json", "pkg/web/index.js", "pkg/node/index.cjs"]) {
    assert.ok(files.includes(wanted), `${wanted} is not packed: ${files.join(", ")}`);
  }
  assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("tests/") || f.startsWith("demo/")), files.join(", "));
});
