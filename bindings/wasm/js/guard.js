// Keeps the WASM instance usable after a trap. A trap (a bug, or memory exhausted) or a JS stack
// overflow unwinds past the wasm frames without restoring the instance's shadow-stack pointer;
// a few hundred of them leave no stack, and every later call fails. No wasm frame is active when
// a call from JS begins, so each guarded call first puts the pointer back where it rests; a trap
// is thrown as a KaoheError of kind "internal" (a JS stack overflow stays a RangeError).

function internal(cause) {
  const error = new Error(`internal error in kaohe (please report it): ${cause.message}`, { cause });
  error.name = "KaoheError";
  error.kind = "internal";
  error.loc = null;
  error.errors = [];
  return error;
}

/** Guards the glue's API in place (the Ruleset class) and returns it with guarded functions;
 * `wasm` returns the instance's exports. */
export function guard(glue, wasm) {
  let rest;
  function settle() {
    const exports = wasm();
    const now = exports.__wbindgen_add_to_stack_pointer(0);
    rest ??= now;
    if (now !== rest) exports.__wbindgen_add_to_stack_pointer(rest - now);
  }
  function guarded(call) {
    return function (...args) {
      settle();
      try {
        return call.apply(this, args);
      } catch (error) {
        throw error instanceof WebAssembly.RuntimeError ? internal(error) : error;
      }
    };
  }
  const { Ruleset } = glue;
  for (const owner of [Ruleset, Ruleset.prototype]) {
    for (const name of Object.getOwnPropertyNames(owner)) {
      const found = Object.getOwnPropertyDescriptor(owner, name);
      if (name === "constructor" || name === "free" || name.startsWith("__")) continue; // the glue's own
      if (typeof found.value === "function") {
        Object.defineProperty(owner, name, { ...found, value: guarded(found.value) });
      } else if (typeof found.get === "function") {
        Object.defineProperty(owner, name, { ...found, get: guarded(found.get) });
      }
    }
  }
  return {
    Ruleset,
    rulesets: guarded(glue.rulesets),
    rulesetSource: guarded(glue.rulesetSource),
    compareRankings: guarded(glue.compareRankings),
    periodOf: guarded(glue.periodOf),
  };
}
