// The package for Node: the wasm-bindgen glue, guarded (see ../guard.cjs).
const glue = require("./kaohe_wasm.cjs");
const { guard } = require("../guard.cjs");

module.exports = guard(glue, () => glue.__wasm);
