// The package for Node: the wasm-bindgen glue, guarded (see ../guard.cjs), with Ruleset's score
// (see ../card.cjs).
const glue = require("./kaohe_wasm.cjs");
const { guard } = require("../guard.cjs");
const { withScore } = require("../card.cjs");

module.exports = guard(glue, () => glue.__wasm);
withScore(glue.Ruleset);
