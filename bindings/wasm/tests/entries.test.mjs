// The package by its own name, as a user's project imports it: Node ESM gets the Node build with
// the browser build's `init` (a no-op), CommonJS gets the same build by `require`; both score.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

test("Node ESM: the README's import and await init() work", async () => {
  const { default: init, Ruleset, rulesets } = await import("kaohe");
  assert.equal(typeof init, "function");
  await init();
  assert.ok(rulesets().some((r) => r.id === "ningbo/district"));
  assert.equal(Ruleset.load("ningbo/district").id, "ningbo/district");
});

test("Node CommonJS: require gives the same API", () => {
  const { Ruleset } = createRequire(import.meta.url)("kaohe");
  assert.equal(Ruleset.load("ningbo/district").id, "ningbo/district");
});
