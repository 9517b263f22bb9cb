// The JSON contract from JavaScript: every card, period card, ranking and error the vector corpus
// produces meets its schema in schemas/ (generated from the core's types; the Rust and Python tests
// check the same files).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { corpora, entriesOf, vectors } from "./corpus.mjs";

const require = createRequire(import.meta.url);
const kaohe = require("../pkg/node/index.cjs");
const root = join(vectors, "../..");
// schemars writes formats of its own (uint32); the types are what is checked.
const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
const schemas = {};
for (const name of ["score-card", "period-card", "ranking", "input-errors", "catalogue", "ruleset"]) {
  schemas[name] = ajv.compile(JSON.parse(readFileSync(join(root, "schemas", `${name}.json`), "utf8")));
}

function meets(name, value, label) {
  const valid = schemas[name](value);
  assert.ok(valid, `${label}: not a ${name}: ${JSON.stringify(schemas[name].errors)}`);
}

test("every corpus output meets its schema", () => {
  let checked = 0;
  for (const { file, corpus, ruleset, base } of corpora(kaohe)) {
    for (const c of corpus.case) {
      const label = `${file} / ${c.name}`;
      const attempt = (name, run) => {
        try {
          meets(name, run(), label);
        } catch (error) {
          if (error.name !== "KaoheError") throw error;
          meets("input-errors", error.errors, label);
        }
      };
      if (c.units) {
        attempt("ranking", () => ruleset.rank(entriesOf(ruleset, base, c.units)));
      } else if (c.period) {
        const months = c.months.map((m) => (m === "missing" ? null : { ...base, ...m }));
        attempt("period-card", () => ruleset.rollUp(c.period, months, c.period_inputs ?? {}));
      } else {
        const inputs = { ...base, ...(c.inputs ?? {}) };
        for (const name of c.remove ?? []) delete inputs[name];
        attempt("score-card", () => ruleset.score(inputs));
      }
      checked += 1;
    }
  }
  assert.ok(checked > 100, `${checked} cases`);
  meets("catalogue", kaohe.rulesets(), "catalogue");
});

test("a value outside the contract is refused", () => {
  assert.equal(schemas["score-card"]({ format: 1, total: 98 }), false);
});
