// Each built-in ruleset's example month, from the repository's examples/ (bundled into the page):
// a file names its ruleset in its "kaohe -- score <ruleset id> <file>" line.
import { parse } from "smol-toml";

const files = import.meta.glob("../../examples/*/*.toml", { query: "?raw", import: "default", eager: true });

/** Example inputs by built-in ruleset id. */
export const EXAMPLES = new Map(
  Object.values(files)
    .map((text) => [text.match(/kaohe(?:-cli)? -- score ([a-z0-9_-]+\/[a-z0-9_-]+) examples\//)?.[1], text])
    .filter(([id]) => id)
    .map(([id, text]) => [id, parse(text)]),
);
