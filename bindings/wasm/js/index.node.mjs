// The package for Node as an ES module: the same guarded glue as the CommonJS entry
// (./index.cjs). Node loads the WASM module with the glue, so `init` has nothing left to do; it
// is kept so that code written for the browser build (`await init()`) runs unchanged.
import { createRequire } from "node:module";

const api = createRequire(import.meta.url)("./index.cjs");

/** Nothing to load in Node: the module is ready when imported. */
export default async function init() {}

export function initSync() {}

export const { Ruleset, rulesets, rulesetSource, compareRankings, periodOf } = api;
