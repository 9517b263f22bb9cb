// A typed use of the package, checked with `tsc --noEmit`: the .d.ts must describe what a web app
// writes. Nothing here runs.
import init, { Ruleset, rulesets, type ScoreCard, type InputDecl, type KaoheError, type PeriodCard, type ScoreNumbers } from "../pkg/web/index.js";

async function main(): Promise<string> {
  await init();
  const ids: string[] = rulesets().map((r) => r.id);
  const ruleset = Ruleset.load(ids[0] ?? "ningbo/district");
  const form: InputDecl[] = ruleset.inputs();
  const kinds: Array<InputDecl["kind"]> = form.map((input) => input.kind);
  try {
    const card: ScoreCard = ruleset.score({ grid_cells: 400, closure_rate: "93.4%", office_untidy: 1 });
    const lost: string[] = card.sections.flatMap((s) => s.items.flatMap((i) => (i.effects ?? []).map((e) => e.message.zh)));
    const year: PeriodCard = ruleset.rollUp("year", [null]);
    const shown: string = ruleset.render({ grid_cells: 400 }, "en", "html");
    const numbers: ScoreNumbers = ruleset.scoreNumbers({ grid_cells: 400 });
    const json: string = ruleset.scoreJson({ grid_cells: 400 }, false);
    return `${card.total} ${card.grade?.label ?? ""} ${lost.length} ${kinds.length} ${year.total} ${shown.length} ${numbers.items.length} ${json.length}`;
  } catch (caught) {
    const error = caught as KaoheError;
    return `${error.kind} ${String(error.loc)} ${error.errors.length}`;
  }
}

/** What the types refuse: a misspelt period, and a month (months roll up, not into a month). */
export function refused(ruleset: Ruleset): void {
  // @ts-expect-error "yaer" is not a period
  ruleset.rollUp("yaer", [null]);
  // @ts-expect-error a rollup is to a quarter, half-year or year
  ruleset.rollUp("month", [null], {});
  // @ts-expect-error the glue's line of numbers is not part of the package's types
  ruleset.scoreLine({}, false);
}

export default main;
