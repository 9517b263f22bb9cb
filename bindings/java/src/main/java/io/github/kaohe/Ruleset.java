package io.github.kaohe;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A loaded, validated assessment scheme. Immutable and safe to share between threads: load it
 * once and score any number of units and months with it. It holds native memory, released by
 * {@link #close()} (or, if never closed, when it is garbage collected).
 *
 * <pre>{@code
 * try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
 *     ScoreCard card = ningbo.explain(Map.of("closure_rate", "94%", "grid_cells", 400));
 *     System.out.println(card.total() + " " + card.grade().label());
 * }
 * }</pre>
 */
public final class Ruleset implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The native handle, freed once: by close() or by the cleaner. */
    private static final class Handle implements Runnable {
        private long value;

        Handle(long value) {
            this.value = value;
        }

        @Override
        public void run() {
            long freed = value;
            value = 0;
            if (freed != 0) {
                Native.free(freed);
            }
        }
    }

    private final Handle handle;
    private final Cleaner.Cleanable cleanable;
    // Calls share the handle; close() waits for them and frees it. A stamped lock keeps no count per
    // thread, which the reentrant one updates on every call (no call takes the lock twice).
    private final StampedLock lock = new StampedLock();
    private final String id;
    private final String defaultKind;
    private final Outline outline;

    private Ruleset(long handle) {
        this.handle = new Handle(handle);
        this.cleanable = CLEANER.register(this, this.handle);
        byte[] describe = Native.describe(handle);
        Map<String, Object> description = Fields.asObject(Json.parse(describe, 0, describe.length));
        this.id = Fields.text(description, "id");
        this.defaultKind = text(Native.defaultKind(handle));
        this.outline = new Outline(description, Native.outline(handle));
    }

    /** A built-in ruleset by id, such as {@code "ningbo/district"}. */
    public static Ruleset builtin(String id) {
        return load(() -> Native.builtin(id));
    }

    /** A ruleset from TOML text; an {@code extends} may name a built-in ruleset. */
    public static Ruleset fromToml(String text) {
        return fromToml(text, "<java>", null);
    }

    /**
     * A ruleset from TOML text, named {@code origin} in its diagnostics. An {@code extends} is
     * looked up with {@code resolver} (a name to TOML text, or null when it does not know it) and
     * then among the built-in rulesets.
     */
    public static Ruleset fromToml(String text, String origin, Function<String, String> resolver) {
        return load(() -> Native.fromToml(text, origin, resolver));
    }

    /** A native call that scores a table of rows. */
    private interface Scorer {
        byte[] score(long handle, byte[] table);
    }

    private interface Loader {
        long load();
    }

    private static Ruleset load(Loader loader) {
        try {
            return new Ruleset(loader.load());
        } catch (NativeFailure failure) {
            throw failure.convert();
        }
    }

    /** The built-in rulesets. */
    public static List<RulesetSummary> catalogue() {
        List<RulesetSummary> out = new ArrayList<>();
        for (Object entry : (List<?>) Json.parse(Native.catalogue())) {
            out.add(RulesetSummary.of(Fields.asObject(entry)));
        }
        return Collections.unmodifiableList(out);
    }

    /** The TOML text of a built-in ruleset (to start a variant from), or null. */
    public static String source(String id) {
        return Native.source(id);
    }

    public String id() {
        return id;
    }

    /** The kind a unit that names none is assessed as (the first of the target kinds). */
    public String defaultKind() {
        return defaultKind;
    }

    /** What the ruleset asks for, as the contract's {@code ruleset.json}: metadata, inputs, grades. */
    public String describe() {
        return call(Native::describe);
    }

    /**
     * Scores one unit's month: inputs by name, each a number ({@code BigDecimal}, whole numbers,
     * or a double read by its shortest decimal form), a decimal or percentage string, a boolean,
     * or a list of amounts; a null value is an input not given.
     */
    public ScoreCard score(Map<String, ?> inputs) {
        return one(inputs, Native::card, outline::card);
    }

    /** Scores one unit's month and explains every effect. */
    public ScoreCard explain(Map<String, ?> inputs) {
        return one(inputs, Native::explained, outline::card);
    }

    /** Scores inputs given as a JSON object and returns the card as JSON, for callers who hold JSON. */
    public String scoreJson(String inputs) {
        byte[] json = bytes(inputs);
        return call(h -> Native.score(h, json));
    }

    /** Explains inputs given as a JSON object and returns the card as JSON. */
    public String explainJson(String inputs) {
        byte[] json = bytes(inputs);
        return call(h -> Native.explain(h, json));
    }

    /**
     * Scores many rows in one crossing. Every row is checked: if any cannot be scored, an
     * {@link InputException} lists every problem with its row (from 0) and no card is returned.
     * A batch of 512 rows or more is shared out over the cores: the native side scores runs of
     * at least 256 rows on every core the process may use, and the rows are written and their
     * cards read in runs on the common fork-join pool; the cards keep the rows' order.
     */
    public List<ScoreCard> scoreAll(Collection<? extends Map<String, ?>> rows) {
        return table(rows, Native::cards, outline::card);
    }

    /** As {@link #scoreAll}, each card explained. */
    public List<ScoreCard> explainAll(Collection<? extends Map<String, ?>> rows) {
        return table(rows, Native::explainedAll, outline::card, false);
    }

    /** Every item's id, section by section: the order of {@link ScoreNumbers#itemScores()}. */
    public List<String> itemIds() {
        return outline.itemIds;
    }

    /**
     * The numbers of one unit's month without building the card: the fast path for forms and for
     * callers that only store totals and item scores.
     */
    public ScoreNumbers scoreNumbers(Map<String, ?> inputs) {
        return one(inputs, Native::numbers, outline::numbers);
    }

    /**
     * The numbers of many rows in one crossing. As {@link #scoreAll}, every row is checked and an
     * {@link InputException} lists every problem with its row; nothing is returned partially.
     */
    public List<ScoreNumbers> scoreNumbersAll(Collection<? extends Map<String, ?>> rows) {
        return table(rows, Native::numbersAll, outline::numbers);
    }

    /**
     * Scores rows sent as one table (the input names once, then each row's cells as JSON, empty
     * when not given; bound to the ruleset's inputs once on the native side) to {@code native_},
     * and reads each line of numbers that comes back with {@code read}. A large batch is written
     * and read in runs of rows on the common fork-join pool (the native side scores it on every
     * core too); an explained batch is read in order, as its effects may hold line breaks.
     */
    private <T> List<T> table(Collection<? extends Map<String, ?>> rows, Scorer native_, Function<Line, T> read) {
        return table(rows, native_, read, true);
    }

    /** As above; {@code lineByLine} false when a line may hold a line break (explained effects). */
    private <T> List<T> table(Collection<? extends Map<String, ?>> rows, Scorer native_, Function<Line, T> read,
            boolean lineByLine) {
        Object[] all = rows.toArray();
        StringBuilder table;
        if (all.length == 1) {
            table = oneRow(row(all[0]));
        } else {
            // Each run writes its rows under the names it sees, in the order first seen. Rows nearly
            // always give the same names, so the runs agree and their cells join as they are; a run
            // that saw fewer or other names is written again under all of them.
            List<Run> runs = inRuns(all.length, (from, to) -> {
                java.util.Set<String> seen = new java.util.LinkedHashSet<>();
                for (int r = from; r < to; r++) {
                    seen.addAll(row(all[r]).keySet());
                }
                // Not List.copyOf: a null name is refused by name below, not by a NullPointerException.
                List<String> names = new ArrayList<>(seen);
                return new Run(from, to, names, cells(all, from, to, names));
            });
            java.util.Set<String> union = new java.util.LinkedHashSet<>();
            runs.forEach(run -> union.addAll(run.names()));
            List<String> names = new ArrayList<>(union);
            names.forEach(Ruleset::columnName);
            table = new StringBuilder(256).append(String.join("\t", names)).append('\n');
            for (Run run : runs) {
                table.append(run.names().equals(names) ? run.cells() : cells(all, run.from(), run.to(), names));
            }
        }
        byte[] text = bytes(table.toString());
        byte[] scored = callBytes(h -> native_.score(h, text));
        int[] ends = lineByLine ? lineEnds(scored, all.length) : null;
        List<T> out = new ArrayList<>(all.length);
        if (ends == null) {
            for (Line lines = new Line(scored, 0, scored.length); lines.hasLine();) {
                out.add(read.apply(lines));
            }
        } else {
            for (List<T> run : inRuns(all.length, (from, to) -> {
                List<T> part = new ArrayList<>(to - from);
                Line lines = new Line(scored, from == 0 ? 0 : ends[from - 1] + 1, ends[to - 1] + 1);
                for (int r = from; r < to; r++) {
                    part.add(read.apply(lines));
                }
                return part;
            })) {
                out.addAll(run);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Scores one row, sent as a table of one row, and reads its line with {@code read}. */
    private <T> T one(Map<String, ?> inputs, Scorer native_, Function<Line, T> read) {
        byte[] text = bytes(oneRow(inputs).toString());
        byte[] scored = callBytes(h -> native_.score(h, text));
        Line line = new Line(scored, 0, scored.length);
        T value = read.apply(line);
        line.finished();
        return value;
    }

    /** A table of one row: its own names, in its own order, without gathering them first. */
    private static StringBuilder oneRow(Map<String, ?> inputs) {
        StringBuilder table = new StringBuilder(384);
        StringBuilder cells = new StringBuilder(128);
        int n = 0;
        for (Map.Entry<String, ?> entry : inputs.entrySet()) {
            if (n++ > 0) {
                table.append('\t');
                cells.append('\t');
            }
            table.append(columnName(entry.getKey()));
            if (entry.getValue() != null) {
                Json.write(cells, entry.getValue(), entry.getKey());
            }
        }
        return table.append('\n').append(cells).append('\n');
    }

    /** A run of a batch's rows written as table lines under the names it gives. */
    private record Run(int from, int to, List<String> names, StringBuilder cells) {}

    /** Rows {@code from} to {@code to} (exclusive) as table lines: each row's cell for every name. */
    private static StringBuilder cells(Object[] rows, int from, int to, List<String> names) {
        StringBuilder cells = new StringBuilder((to - from) * 128);
        for (int r = from; r < to; r++) {
            Map<String, ?> row = row(rows[r]);
            int n = 0;
            for (String name : names) {
                if (n++ > 0) {
                    cells.append('\t');
                }
                Object value = row.get(name);
                if (value != null) {
                    Json.write(cells, value, name);
                }
            }
            cells.append('\n');
        }
        return cells;
    }

    /** Rows a run of a large batch holds; a batch of fewer than two runs is one run. */
    private static final int RUN = 256;

    /** {@code run} over runs of {@code rows} rows ({@code from} to {@code to}, exclusive), the results in row order. */
    private static <R> List<R> inRuns(int rows, java.util.function.BiFunction<Integer, Integer, R> run) {
        if (rows < 2 * RUN) {
            return List.of(run.apply(0, rows));
        }
        return java.util.stream.IntStream.range(0, (rows + RUN - 1) / RUN).parallel()
                .mapToObj(k -> run.apply(k * RUN, Math.min(rows, (k + 1) * RUN))).toList();
    }

    /** Where each of {@code rows} lines ends, or null when the lines are not that many. */
    private static int[] lineEnds(byte[] lines, int rows) {
        if (rows < 2 * RUN) {
            return null;
        }
        int[] ends = new int[rows];
        int n = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                if (n == rows) {
                    return null;
                }
                ends[n++] = i;
            }
        }
        return n == rows ? ends : null;
    }

    /** A row of a batch, which must be a map of input names to values. */
    @SuppressWarnings("unchecked")
    private static Map<String, ?> row(Object row) {
        if (!(row instanceof Map)) {
            throw new IllegalArgumentException("a row is a Map of input names to values, not " + row);
        }
        return (Map<String, ?>) row;
    }

    /** An input name as the table carries it: one without a tab or line break (no input has one). */
    private static String columnName(Object name) {
        if (!(name instanceof String)) {
            throw InputException.single(String.valueOf(name), "wrong_type", "input names are strings, not " + name);
        }
        String text = (String) name;
        if (text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0) {
            throw InputException.single(text, "unknown", "no input is named " + Json.write(text)
                    + ": input names hold no tab or line break");
        }
        return text;
    }

    /**
     * Rolls months up to {@code "quarter"}, {@code "half_year"} or {@code "year"}: {@code months}
     * holds each month's inputs in order (null for a month without inputs); {@code periodInputs}
     * the period's own inputs (may be empty).
     */
    public PeriodCard rollUp(String period, List<? extends Map<String, ?>> months, Map<String, ?> periodInputs) {
        byte[] name = bytes(period);
        byte[] monthsJson = bytes(Json.write(months));
        byte[] given = bytes(Json.write(periodInputs == null ? Map.of() : periodInputs));
        return PeriodCard.parse(call(h -> Native.rollUp(h, name, monthsJson, given)));
    }

    /** Ranks units within each kind (ties share a rank), each with this ruleset's grade. */
    public List<Ranking.Ranked> rank(Collection<Ranking.Standing> standings) {
        StringBuilder json = new StringBuilder("[");
        for (Ranking.Standing standing : standings) {
            if (json.length() > 1) {
                json.append(',');
            }
            Json.write(json, Map.of("unit", standing.unit(), "kind", standing.kind(), "total", standing.total()), "");
        }
        byte[] text = bytes(json.append(']').toString());
        List<Ranking.Ranked> out = new ArrayList<>();
        for (Object ranked : (List<?>) Json.parse(call(h -> Native.rank(h, text)))) {
            out.add(Ranking.Ranked.of(Fields.asObject(ranked)));
        }
        return Collections.unmodifiableList(out);
    }

    /** The explained card as people read it: {@code "text"} or {@code "html"}, in {@code "zh"} or {@code "en"}. */
    public String render(Map<String, ?> inputs, String lang, String format) {
        byte[] json = bytes(Json.write(inputs));
        byte[] language = bytes(lang);
        byte[] shape = bytes(format);
        return call(h -> Native.render(h, json, language, shape));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String call(LongFunction<byte[]> native_) {
        return text(callBytes(native_));
    }

    private byte[] callBytes(LongFunction<byte[]> native_) {
        long stamp = lock.readLock();
        try {
            if (handle.value == 0) {
                throw new IllegalStateException("kaohe: ruleset " + id + " is closed");
            }
            return native_.apply(handle.value);
        } catch (NativeFailure failure) {
            throw failure.convert();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Releases the native memory now; later calls throw IllegalStateException. */
    @Override
    public void close() {
        long stamp = lock.writeLock();
        try {
            cleanable.clean();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public String toString() {
        return "Ruleset(" + id + ")";
    }
}
