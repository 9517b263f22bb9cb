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
    // The card, its JSON text and the numbers-first call take the same inputs path: all end the
    // same way.
    // A rollup case rolls its months up instead (the last month takes the case's inputs).
    const rollUp = (values) => {
      const months = Array.from({ length: c.roll_up.months - 1 }, () => ({ ...corpus.bases[c.base] }));
      return ruleset.rollUp(c.roll_up.period, [...months, values], c.roll_up.given ?? {});
    };
    const calls = c.roll_up
      ? [rollUp]
      : [
          (values) => ruleset.score(values),
          (values) => JSON.parse(ruleset.scoreJson(values)),
          (values) => ruleset.scoreNumbers(values),
        ];
    for (const score of calls) {
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

// Every call given an argument of the wrong type or shape: a KaoheError naming the argument,
// never a trap reported as internal, and the instance still scores after each. A string
// parameter given a number once trapped inside the glue's string copy.
const ranked = (unit, rank, total) => ({ unit, kind: "district", rank, total, grade: null });
const wrongArguments = [
  ["Ruleset.load(42)", () => kaohe.Ruleset.load(42), "id"],
  ["Ruleset.load({})", () => kaohe.Ruleset.load({}), "id"],
  ["Ruleset.fromToml(42)", () => kaohe.Ruleset.fromToml(42), "text"],
  ["Ruleset.fromToml(text, 42)", () => kaohe.Ruleset.fromToml("", 42), "origin"],
  ["rulesetSource(42)", () => kaohe.rulesetSource(42), "id"],
  ["periodOf(202601, \"year\")", () => kaohe.periodOf(202601, "year"), "month"],
  ["periodOf(\"2026-13\", \"year\")", () => kaohe.periodOf("2026-13", "year"), "month"],
  ["periodOf(\"2026-01\", [])", () => kaohe.periodOf("2026-01", []), "period"],
  ["periodOf(\"2026-01\", \"decade\")", () => kaohe.periodOf("2026-01", "decade"), "period"],
  ["doc(42)", (r) => r.doc(42), "format"],
  ["doc(\"md\", \"fr\")", (r) => r.doc("md", "fr"), "lang"],
  ["render(inputs, 42)", (r) => r.render(corpus.bases.ningbo, 42), "lang"],
  ["render(inputs, \"zh\", {})", (r) => r.render(corpus.bases.ningbo, "zh", {}), "format"],
  ["rollUp(42, [])", (r) => r.rollUp(42, []), "period"],
  ["rollUp(\"year\", 42)", (r) => r.rollUp("year", 42), "months"],
  ["pointsLost(\"nope\")", (r) => r.pointsLost("nope"), null],
  ["pointsLost with a score that is not a decimal", (r) => r.pointsLost([Array(20).fill("x")]), "item score"],
  ["pointsLost with 21 scores for 20 items", (r) => r.pointsLost([Array(21).fill("1")]), "cards[0]"],
  ["pointsLost with 19 scores for 20 items", (r) => r.pointsLost([Array(20).fill("1"), Array(19).fill("1")]), "cards[1]"],
  ["yearReport(42, [], null)", (r) => r.yearReport(42, [], null), null],
  ["yearReport with a month that is not YYYY-MM", (r) => r.yearReport([["海曙区", "district", "2026-13", {}]], [], null), "rows[0] month"],
  ["yearReport with a month given twice", (r) =>
    r.yearReport([["海曙区", "district", "2026-01", corpus.bases.ningbo], ["海曙区", "district", "2026-01", corpus.bases.ningbo]], [], null), "rows[1].month"],
  ["yearReport with period inputs for a quarter", (r) => r.yearReport([], [["海曙区", "2026-Q1", {}]], null), "periodInputs[0] year"],
  ["yearReport with a unit's year given twice", (r) => r.yearReport([], [["海曙区", "2026", {}], ["海曙区", "2026", {}]], null), "periodInputs[1]"],
  ["yearReport with period inputs that match no unit", (r) =>
    r.yearReport([["海曙区", "district", "2026-01", corpus.bases.ningbo]], [["江北区", "2026", { bonus: "1" }]], null), "period_inputs"],
  ["yearReport with a file name that is not a string", (r) => r.yearReport([], [], 42), "periodInputsFrom"],
  ["compareRankings(null, [])", () => kaohe.compareRankings(null, []), null],
  ["compareRankings with a total that is not a decimal", () => kaohe.compareRankings([ranked("a", 1, "abc")], []), "total"],
  ["compareRankings with a unit ranked twice", () => kaohe.compareRankings([ranked("a", 1, "2"), ranked("a", 2, "1")], []), "a[1].unit"],
  ["compareRankings with totals whose change overflows", () =>
    kaohe.compareRankings([ranked("a", 1, "79228162514264337593543950335")], [ranked("a", 1, "-79228162514264337593543950335")]), "a"],
];
for (const [name, call, loc] of wrongArguments) {
  test(`a wrong argument is refused by name: ${name}`, () => {
    const ruleset = kaohe.Ruleset.load("ningbo/district");
    assert.throws(() => call(ruleset), (error) => {
      assert.equal(error.name, "KaoheError", String(error));
      assert.notEqual(error.kind, "internal", error.message);
      assert.equal(error.loc, loc, error.message);
      return true;
    });
    stillScores();
  });
}
