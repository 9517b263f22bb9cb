// The library's hostile corpus (tests/hostile/library.toml) through the Node package: every case
// ends in a KaoheError of the expected kind, or in the exact total, through score and
// scoreNumbers alike; after every case the same
// instance still scores a clean month. Then the guard: calls cut short by a JS stack overflow
// leave the instance usable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";

const require = createRequire(import.meta.url);
const kaohe = require("../pkg/node/index.cjs");
const hostile = join(dirname(fileURLToPath(import.meta.url)), "../../../tests/hostile");
const corpus = parse(readFileSync(join(hostile, "library.toml"), "utf8"));

function load(c) {
  if (c.ruleset) return kaohe.Ruleset.load(c.ruleset);
  if (c.ruleset_file) {
    const text = readFileSync(join(hostile, "rulesets", c.ruleset_file), "utf8");
    return kaohe.Ruleset.fromToml(text + (c.append ?? ""), "hostile.toml");
  }
  const g = c.ruleset_text;
  return kaohe.Ruleset.fromToml(g.head + g.repeat.repeat(g.times) + g.tail);
}

function inputs(c) {
  const values = { ...(corpus.bases[c.base] ?? {}), ...(c.inputs ?? {}) };
  if (c.nest) {
    let nested = [];
    for (let i = 0; i < c.nest.depth; i++) nested = [nested];
    values[c.nest.input] = nested;
  }
  return values;
}

function stillScores() {
  const card = kaohe.Ruleset.load("ningbo/district").score(corpus.bases.ningbo, false);
  assert.equal(card.total, "100");
}

for (const c of corpus.case) {
  test(`hostile: ${c.name}`, () => {
    const expect = c.expect;
    let ruleset;
    try {
      ruleset = load(c);
    } catch (error) {
      assert.equal(error.name, "KaoheError", String(error));
      assert.equal(expect.error, "ruleset", error.message);
      if (expect.diagnostics !== undefined) assert.equal(error.errors.length, expect.diagnostics);
      if (expect.max_message_chars !== undefined) assert.ok([...error.message].length <= expect.max_message_chars);
      stillScores();
      return;
    }
    assert.notEqual(expect.error, "ruleset");
    // The card and the numbers-first call take the same inputs path: both end the same way.
    for (const score of [(values) => ruleset.score(values), (values) => ruleset.scoreNumbers(values)]) {
      try {
        const card = score(inputs(c));
        assert.equal(expect.error, undefined, `scored ${card.total}`);
        assert.equal(card.total, expect.total);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.equal(error.name, "KaoheError", String(error));
        assert.equal(expect.error, "input", error.message);
        if (expect.kind !== undefined) assert.equal(error.kind, expect.kind, error.message);
        if (expect.loc !== undefined) assert.equal(error.loc, expect.loc, error.message);
      }
      stillScores();
    }
  });
}

test("calls cut short by a stack overflow leave the instance usable", () => {
  const stackPointer = () => require("../pkg/node/kaohe_wasm.cjs").__wasm.__wbindgen_add_to_stack_pointer(0);
  const ruleset = kaohe.Ruleset.load("ningbo/district");
  const before = stackPointer();
  let probing = false;
  let leaked = 0;
  // Recurse until the JS stack is gone, then score at each level on the way back until a call
  // succeeds: some of the failing calls overflow inside the wasm frames and leave the shadow
  // stack pointer lowered. Unguarded, 20 such rounds leaked over 1 MB and every later call failed.
  function deep() {
    try {
      deep();
    } catch {
      probing = true;
    }
    if (probing) {
      try {
        ruleset.score(corpus.bases.ningbo, false);
        probing = false;
      } catch (error) {
        assert.ok(error instanceof RangeError, String(error));
        try {
          if (stackPointer() !== before) leaked++;
        } catch {
          // no stack left even to look
        }
      }
    }
  }
  for (let round = 0; round < 20; round++) deep();
  assert.ok(leaked > 0, "no call overflowed inside wasm: the test did not reach the guard");
  assert.equal(stackPointer(), before); // each later call put the pointer back first
  stillScores();
});
