// The shared vector corpus (tests/vectors/*.toml) as the Node tests read it: each file with its
// ruleset loaded (a built-in id, or a variant's file under tests/vectors) and its base inputs.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";

export const vectors = join(dirname(fileURLToPath(import.meta.url)), "../../../tests/vectors");

/** Every corpus file, in name order: `{ file, corpus, ruleset, base }`. */
export function corpora(kaohe) {
  return readdirSync(vectors)
    .filter((f) => f.endsWith(".toml"))
    .sort()
    .map((file) => {
      const corpus = parse(readFileSync(join(vectors, file), "utf8"));
      const ruleset = corpus.ruleset.endsWith(".toml")
        ? kaohe.Ruleset.fromToml(readFileSync(join(vectors, corpus.ruleset), "utf8"))
        : kaohe.Ruleset.load(corpus.ruleset);
      return { file, corpus, ruleset, base: corpus.base ?? {} };
    });
}

/** A ranking case's [unit, kind, total] entries: each unit scored from the base with its own inputs. */
export function entriesOf(ruleset, base, units) {
  return units.map((u) => [
    u.unit,
    u.kind ?? ruleset.defaultKind,
    ruleset.score({ ...base, ...(u.inputs ?? {}) }, false).total,
  ]);
}
