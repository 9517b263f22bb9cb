package io.github.kaohe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One Ningbo month (crates/kaohe/benches/ningbo-month.json) scored through the Java package: a
 * Map of text values in, its numbers (scoreNumbers) or a ScoreCard of BigDecimals out (score,
 * scoreJson, explain; explain again reading every effect, whose records are made when first asked
 * for), and the batch calls, per row. The native side is the criterion benchmark of
 * the same month from the same text (ningbo_month/kaohe_numbers_text, kaohe_score_text,
 * kaohe_explain_text); scripts/bench puts them side by side in BENCHMARKS.md.
 * Run from the repository root: java -cp target/java/kaohe.jar:target/java/bench
 * io.github.kaohe.ScoreBench [results.json]
 */
public final class ScoreBench {
    /** A benchmark: {@code calls} calls of {@code run}, each scoring {@code per} rows. */
    record Case(String name, int calls, int per, Supplier<Object> call) {
        /** Microseconds per row over one run of the calls. */
        double run() {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.get();
            }
            return (System.nanoTime() - start) / 1000.0 / calls / per;
        }
    }

    /**
     * Each case's 7 runs, sorted. Every case is first run three times, so that the JIT has compiled
     * them all before any is timed (on two cores its compiling threads slowed whichever case came
     * first); then each case's runs follow one another, as criterion times the native side.
     */
    static double[][] timed(List<Case> cases) {
        for (int warm = 0; warm < 3; warm++) {
            cases.forEach(Case::run);
        }
        double[][] times = new double[cases.size()][7];
        for (int c = 0; c < cases.size(); c++) {
            for (int r = 0; r < 7; r++) {
                times[c][r] = cases.get(c).run();
            }
            Arrays.sort(times[c]);
        }
        return times;
    }

    /** Reads every effect of the card (its records are made when first asked for): the messages' length. */
    static Object everyEffect(ScoreCard card) {
        int length = 0;
        for (ScoreCard.Section section : card.sections()) {
            for (ScoreCard.Item item : section.items()) {
                for (ScoreCard.Effect effect : item.effects()) {
                    length += effect.messageZh().length() + effect.messageEn().length();
                }
            }
        }
        return length;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> month = Fields.asObject(Json.parse(Files.readString(Path.of("crates/kaohe/benches/ningbo-month.json"))));
        Map<String, Object> inputs = Fields.object(month, "inputs");
        String json = Json.write(inputs);
        String total = (String) month.get("total");
        List<Map<String, Object>> rows = Collections.nCopies(1000, inputs);
        try (Ruleset ruleset = Ruleset.builtin("ningbo/district")) {
            for (ScoreCard card : List.of(ruleset.score(inputs), ruleset.explain(inputs), ruleset.scoreAll(rows).get(999))) {
                if (card.total().compareTo(new java.math.BigDecimal(total)) != 0) {
                    throw new IllegalStateException("the Java package gives " + card.total() + ", the hand-computed total is " + total);
                }
            }
            if (ruleset.scoreNumbers(inputs).total().compareTo(new java.math.BigDecimal(total)) != 0) {
                throw new IllegalStateException("scoreNumbers disagrees with the hand-computed total");
            }
            List<Case> cases = List.of(
                new Case("java_numbers", 20000, 1, () -> ruleset.scoreNumbers(inputs)),
                new Case("java_numbers_batch_row", 200, 1000, () -> ruleset.scoreNumbersAll(rows)),
                new Case("java_score", 20000, 1, () -> ruleset.score(inputs)),
                new Case("java_score_json", 20000, 1, () -> ruleset.scoreJson(json)),
                new Case("java_explain", 20000, 1, () -> ruleset.explain(inputs)),
                new Case("java_explain_read", 20000, 1, () -> everyEffect(ruleset.explain(inputs))),
                new Case("java_batch_row", 200, 1000, () -> ruleset.scoreAll(rows)));
            double[][] times = timed(cases);
            List<String> out = new ArrayList<>();
            for (int c = 0; c < cases.size(); c++) {
                double[] t = times[c];
                String name = cases.get(c).name();
                System.out.printf("%s: median %.2f us (min %.2f, max %.2f)%n", name, t[3], t[0], t[6]);
                out.add(String.format("{\"name\": \"%s\", \"median_us\": %f, \"min_us\": %f, \"max_us\": %f, \"runs\": 7}",
                        name, t[3], t[0], t[6]));
            }
            if (args.length > 0) {
                Files.writeString(Path.of(args[0]), "{\"java\": \"" + System.getProperty("java.version")
                        + "\", \"results\": [" + String.join(", ", out) + "]}\n");
            }
        }
    }
}
