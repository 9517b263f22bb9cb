package io.github.kaohe;

import java.util.List;
import java.util.Map;

/**
 * Inputs that could not be scored: every problem, each with its place ({@code loc} such as
 * {@code closure_rate}, {@code late_arrivals[2]} or {@code months[3].closure_rate}; {@code path}
 * the same as segments), its stable kind ({@code missing}, {@code negative}, {@code out_of_range},
 * {@code wrong_type}...) and a message; in a batch, the row (from 0) it is in.
 */
public final class InputException extends KaoheException {
    private static final long serialVersionUID = 1L;

    /** One problem with the inputs. {@code row} is null outside a batch. */
    public record Problem(Integer row, String loc, List<Object> path, String kind, String message) {
        static Problem of(Map<String, Object> json) {
            Object row = json.get("row");
            return new Problem(row == null ? null : ((Number) row).intValue(), Fields.text(json, "loc"),
                    Fields.values(json, "path", Fields::segment), Fields.text(json, "kind"), Fields.text(json, "message"));
        }
    }

    private final transient List<Problem> problems;

    InputException(String message, List<Problem> problems) {
        super(message);
        this.problems = problems;
    }

    InputException(Map<String, Object> json) {
        this(Fields.text(json, "message"), Fields.list(json, "errors", Problem::of));
    }

    /** A problem found before the inputs reached the core (a value Java cannot send). */
    static InputException single(String loc, String kind, String message) {
        return new InputException(message, List.of(new Problem(null, loc, List.of(loc), kind, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public String kind() {
        return problems.isEmpty() ? "input" : problems.get(0).kind();
    }

    /** The first problem's place. */
    public String loc() {
        return problems.isEmpty() ? "" : problems.get(0).loc();
    }
}
