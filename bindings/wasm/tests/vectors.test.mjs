// The shared vector corpus (tests/vectors/*.toml) through the Node package: the same totals, item
// scores, flags, grades, metrics, rollups, ranks and errors as the Rust and Python runners.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { corpora, entriesOf } from "./corpus.mjs";

const require = createRequire(import.meta.url);
const kaohe = require("../pkg/node/index.cjs");

/** Decimal strings compared by value: "96.50" and "96.5" are the same number. */
function dec(text) {
  let [whole, fraction = ""] = String(text).split(".");
  fraction = fraction.replace(/0+$/, "");
  const value = fraction ? `${whole}.${fraction}` : whole;
  return value === "-0" ? "0" : value;
}

function merged(base, changes) {
  return { ...base, ...changes };
}

/** What a reader must find on a card in one language (the Rust and Python tests list the same). */
function facts(card, lang) {
  const pick = (zh, en) => (lang === "zh" ? zh : en);
  const found = [card.total, card.full_marks];
  for (const section of card.sections) {
    found.push(pick(section.title, section.title_en));
    if (section.zeroed) found.push(pick("本部分计零", "the section scores zero"));
    for (const item of section.items) {
      found.push(pick(item.title, item.title_en), item.score);
      for (const e of item.effects ?? []) found.push(pick(e.message.zh, e.message.en));
      if (item.floored) found.push(pick("扣完为止", "floored"));
      if (item.capped) found.push(pick("已达上限", "capped"));
      // An explained card's effects already say why an item scores zero.
      if (item.zeroed && !item.effects?.length) found.push(pick("本项计零", "the item scores zero"));
    }
  }
  if (card.total_zeroed) found.push(pick("一票否决", "vetoed"));
  if (card.grade) {
    found.push(pick(card.grade.label, card.grade.label_en));
    const consequence = pick(card.grade.consequence, card.grade.consequence_en);
    if (consequence) found.push(consequence);
  }
  for (const f of card.flags) found.push(pick(f.label, f.label_en));
  return found;
}

const escapeHtml = (text) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function expectError(run, wanted) {
  assert.throws(run, (error) => {
    assert.equal(error.name, "KaoheError");
    const found = error.errors.map((e) => `${e.loc}/${e.kind}`);
    assert.ok(found.includes(`${wanted.loc}/${wanted.kind}`), `${found}`);
    return true;
  });
}

const files = corpora(kaohe);
let count = 0;

for (const { file, corpus, ruleset, base } of files) {
  for (const c of corpus.case) {
    count += 1;
    test(`${file} / ${c.name}`, () => {
      const expect = c.expect;
      assert.ok(c.arithmetic.trim());
      if (c.units) {
        const ranks = Object.fromEntries(ruleset.rank(entriesOf(ruleset, base, c.units)).map((r) => [r.unit, r.rank]));
        assert.deepEqual(ranks, { ...expect.ranks });
        return;
      }
      if (c.period) {
        const months = c.months.map((m) => (m === "missing" ? null : merged(base, m)));
        if (expect.error) {
          expectError(() => ruleset.rollUp(c.period, months, c.period_inputs ?? {}), expect.error);
          return;
        }
        const card = ruleset.rollUp(c.period, months, c.period_inputs ?? {});
        if (expect.total !== undefined) assert.equal(dec(card.total), dec(expect.total));
        if (expect.flags) assert.deepEqual(card.flags.map((f) => f.flag.id), expect.flags);
        if (expect.grade !== undefined) assert.equal(card.grade?.label ?? "", expect.grade);
        if (expect.counted) {
          assert.deepEqual(card.months.map((m) => (m.counted === null ? "-" : dec(m.counted))), expect.counted.map((x) => (x === "-" ? x : dec(x))));
        }
        if (expect.carried_out !== undefined) assert.equal(dec(card.carried_out), dec(expect.carried_out));
        return;
      }
      const inputs = merged(base, c.inputs ?? {});
      for (const name of c.remove ?? []) delete inputs[name];
      if (expect.error) {
        expectError(() => ruleset.score(inputs), expect.error);
        return;
      }
      const card = ruleset.score(inputs);
      assert.equal(ruleset.score(inputs, false).total, card.total);
      // The card set together from the outline and a line of numbers (js/card.js) is the card the
      // core writes as JSON, explained or not.
      assert.deepStrictEqual(card, JSON.parse(ruleset.scoreJson(inputs)));
      assert.deepStrictEqual(ruleset.score(inputs, false), JSON.parse(ruleset.scoreJson(inputs, false)));
      // The numbers-first call gives the card's numbers.
      const numbers = ruleset.scoreNumbers(inputs);
      assert.deepEqual(
        [numbers.total, numbers.grade, numbers.items, numbers.flags],
        [card.total, card.grade?.label ?? null, card.sections.flatMap((s) => s.items.map((i) => i.score)), card.flags.map((f) => f.id)],
      );
      // render (text and HTML) shows every fact of the card: one renderer, shared with the CLI.
      for (const lang of ["zh", "en"]) {
        const [text, html] = [ruleset.render(inputs, lang), ruleset.render(inputs, lang, "html")];
        for (const fact of facts(card, lang)) {
          assert.ok(text.includes(fact), `text lacks ${fact}`);
          assert.ok(html.includes(escapeHtml(fact)), `html lacks ${fact}`);
        }
      }
      if (expect.total !== undefined) assert.equal(dec(card.total), dec(expect.total));
      const listed = expect.items ?? {};
      for (const section of card.sections) {
        for (const item of section.items) {
          const wanted = item.id in listed ? listed[item.id] : section.bonus ? "0" : item.points;
          assert.equal(dec(item.score), dec(wanted), `item ${item.id}`);
        }
      }
      if (expect.flags) assert.deepEqual(card.flags.map((f) => f.id), expect.flags);
      if (expect.grade !== undefined) assert.equal(card.grade?.label ?? "", expect.grade);
      for (const [name, value] of Object.entries(expect.metrics ?? {})) {
        assert.equal(dec(card.metrics.find((m) => m.name === name).value), dec(value));
      }
    });
  }
}

test("the corpus is all there", () => {
  assert.ok(files.length >= 10);
  assert.ok(count >= 100, `${count} cases`);
});
