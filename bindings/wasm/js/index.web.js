// The package for the web and bundlers: the wasm-bindgen glue, guarded (see ../guard.js), with
// Ruleset's score (see ../card.js).
import init, * as glue from "./kaohe_wasm.js";
import { guard } from "../guard.js";
import { withScore } from "../card.js";

let exports;
const api = guard(glue, () => exports);
withScore(glue.Ruleset);

/** Loads the WASM module; call (and await) once before anything else. */
export default async function initKaohe(input) {
  exports = await init(input);
  return exports;
}

export function initSync(module) {
  exports = glue.initSync(module);
  return exports;
}

export const { Ruleset, rulesets, rulesetSource, compareRankings, periodOf } = api;
