/** A decimal, always as a string: "98", "87.5", "-2". */
export type DecimalString = string;

/** Input values: numbers, strings such as "87.5%", booleans, lists for occurrences. */
export type InputValue = number | string | boolean | Array<number | string>;
export type Inputs = Record<string, InputValue>;

export interface RulesetSummary {
  id: string;
  title: string;
  title_en: string;
  source: string;
}

export interface InputDecl {
  name: string;
  kind: "count" | "amount" | "rate" | "flag" | "score" | "occurrences";
  label: string;
  label_en: string;
  unit: string | null;
  min: DecimalString | null;
  max: DecimalString | null;
  at_most: string | null;
  places: number | null;
  max_entries: number | null;
  default: InputValue | null;
}

export interface RulesetMeta {
  id: string;
  title: string;
  title_en: string;
  jurisdiction: string;
  version: string;
  source: { document: string; number?: string; in_force?: string; part?: string };
  target_kinds: string[];
  full_marks: DecimalString;
  notes: string[];
}

export interface Grade {
  min: DecimalString | null;
  label: string;
  label_en: string;
  colour: string | null;
  consequence: string | null;
  consequence_en: string | null;
}

export interface Effect {
  rule: string;
  kind: string;
  effect: "deduct" | "award" | "set" | "item_zero" | "section_zero" | "total_zero" | "flag";
  amount?: DecimalString;
  score?: DecimalString;
  flag?: string;
  arithmetic: { form: string } & Record<string, DecimalString | string | number>;
  reads: { name: string; value: string }[];
  basis: string;
  message: { zh: string; en: string };
}

export interface ItemScore {
  id: string;
  title: string;
  title_en: string;
  points: DecimalString;
  score: DecimalString;
  deducted: DecimalString;
  awarded: DecimalString;
  zeroed: boolean;
  floored: boolean;
  capped: boolean;
  effects?: Effect[];
}

export interface SectionScore {
  id: string;
  title: string;
  title_en: string;
  points: DecimalString;
  score: DecimalString;
  bonus: boolean;
  zeroed: boolean;
  items: ItemScore[];
}

export interface ScoreCard {
  ruleset: string;
  total: DecimalString;
  full_marks: DecimalString;
  grade: Grade | null;
  flags: { id: string; label: string; label_en: string }[];
  total_zeroed: boolean;
  metrics: { name: string; value: DecimalString }[];
  sections: SectionScore[];
}

/**
 * Every failure is thrown as an `Error` whose `name` is "KaoheError".
 * For a ruleset: `kind` is "ruleset", `loc` the first diagnostic's place, `errors` every diagnostic.
 * For inputs: `kind` is the first problem's code (such as "negative"), `loc` its input, `errors` all.
 * A trap inside the module (a bug, or memory exhausted) is thrown with `kind` "internal"; the
 * instance stays usable.
 */
export interface KaoheError extends Error {
  name: "KaoheError";
  kind: string;
  loc: string | { origin: string; line: number; column: number } | null;
  errors: Array<{ loc: string; kind: string; message: string } | { message: string; hint: string | null; line: number; column: number }>;
}

export interface PeriodCard {
  ruleset: string;
  period: "quarter" | "half_year" | "year";
  total: DecimalString;
  grade: Grade | null;
  flags: { flag: { id: string; label: string; label_en: string }; label: string; label_en: string; basis: string }[];
  months: { month: number; total: DecimalString | null; counted: DecimalString | null; carried_in: DecimalString }[];
  carried_out: DecimalString;
  values: { name: string; value: DecimalString }[];
  formula: string;
  basis: string;
}

export interface Ranked {
  unit: string;
  kind: string;
  rank: number;
  total: DecimalString;
  grade: Grade | null;
}
