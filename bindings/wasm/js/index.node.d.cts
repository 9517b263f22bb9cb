export * from "./kaohe_wasm.cjs";
