package io.github.kaohe;

import java.util.Map;

/** Thrown by the native library with the contract's error as JSON; turned into a KaoheException. */
final class NativeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NativeFailure(String json) {
        super(json, null, false, false);
    }

    /** The exception the caller sees. */
    RuntimeException convert() {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(getMessage());
        switch (Fields.text(json, "kind")) {
            case "ruleset": return new RulesetException(json);
            case "input": return new InputException(json);
            default: return new IllegalArgumentException(Fields.text(json, "message"));
        }
    }
}
