export * from "./kaohe_wasm.js";
export { default } from "./kaohe_wasm.js";
