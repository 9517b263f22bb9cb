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
 * scoreJson, explain), and the batch calls, per row. The native side is the criterion benchmark of
 * the same month from the same text (ningbo_month/kaohe_numbers_text, kaohe_score_text,
 * kaohe_explain_text); scripts/bench puts them side by side in BENCHMARKS.md.
 * Run from the repository root: java -cp target/java/kaohe.jar:target/java/bench
 * io.github.kaohe.ScoreBench [results.json]
 */
public final class ScoreBench {
    /** Microseconds per call in each of 7 runs of {@code calls} calls (each of {@code per} rows), after three warm-up runs (the JIT compiles the path). */
    static double[] runs(int calls, int per, Supplier<Object> run) {
        double[] times = new double[10];
        for (int r = 0; r < 10; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                run.get();
            }
            times[r] = (System.nanoTime() - start) / 1000.0 / calls / per;
        }
        double[] kept = Arrays.copyOfRange(times, 3, 10);
        Arrays.sort(kept);
        return kept;
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
            Object[][] results = {
                {"java_numbers", runs(20000, 1, () -> ruleset.scoreNumbers(inputs))},
                {"java_numbers_batch_row", runs(200, 1000, () -> ruleset.scoreNumbersAll(rows))},
                {"java_score", runs(20000, 1, () -> ruleset.score(inputs))},
                {"java_score_json", runs(20000, 1, () -> ruleset.scoreJson(json))},
                {"java_explain", runs(20000, 1, () -> ruleset.explain(inputs))},
                {"java_batch_row", runs(200, 1000, () -> ruleset.scoreAll(rows))},
            };
            List<String> out = new ArrayList<>();
            for (Object[] result : results) {
                double[] t = (double[]) result[1];
                System.out.printf("%s: median %.2f us (min %.2f, max %.2f)%n", result[0], t[3], t[0], t[6]);
                out.add(String.format("{\"name\": \"%s\", \"median_us\": %f, \"min_us\": %f, \"max_us\": %f, \"runs\": 7}",
                        result[0], t[3], t[0], t[6]));
            }
            if (args.length > 0) {
                Files.writeString(Path.of(args[0]), "{\"java\": \"" + System.getProperty("java.version")
                        + "\", \"results\": [" + String.join(", ", out) + "]}\n");
            }
        }
    }
}
