package io.github.kaohe;

import java.util.List;
import java.util.Map;

/**
 * A ruleset that could not be loaded: every problem in file order, each with its stable code, the
 * line and column (from 1) and byte span in the text it is in, as the contract's
 * {@code ruleset-error.json} describes them.
 */
public final class RulesetException extends KaoheException {
    private static final long serialVersionUID = 1L;

    /** One problem: {@code code} such as "syntax", "unknown_ruleset" or "invalid". */
    public record Diagnostic(String code, String message, String hint, int line, int column,
            int spanStart, int spanEnd, String origin) {
        static Diagnostic of(Map<String, Object> json) {
            Map<String, Object> span = Fields.object(json, "span");
            return new Diagnostic(Fields.text(json, "code"), Fields.text(json, "message"),
                    Fields.optionalText(json, "hint"), Fields.integer(json, "line"), Fields.integer(json, "column"),
                    Fields.integer(span, "start"), Fields.integer(span, "end"), Fields.optionalText(json, "origin"));
        }
    }

    private final String origin;
    private final transient List<Diagnostic> diagnostics;

    RulesetException(Map<String, Object> json) {
        super(Fields.text(json, "message"));
        this.origin = Fields.text(json, "origin");
        this.diagnostics = Fields.list(json, "diagnostics", Diagnostic::of);
    }

    @Override
    public String kind() {
        return "ruleset";
    }

    /** The file name given to {@code fromToml}, or {@code builtin:<id>}. */
    public String origin() {
        return origin;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The first problem's line, from 1. */
    public int line() {
        return diagnostics.isEmpty() ? 0 : diagnostics.get(0).line();
    }

    /** The first problem's column, from 1. */
    public int column() {
        return diagnostics.isEmpty() ? 0 : diagnostics.get(0).column();
    }
}
