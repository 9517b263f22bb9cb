package io.github.kaohe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Java API beyond the corpus: errors, exact numbers, extends, threads, batches, closing. */
class ApiTest {
    /** Ningbo's clean month (tests/hostile/library.toml's base): every item at full points, 100. */
    static Map<String, Object> cleanMonth() {
        Map<String, Object> month = new LinkedHashMap<>();
        month.put("grid_cells", 400);
        month.put("inspectors", 30);
        month.put("operators", 20);
        month.put("inspector_online_rate", "80%");
        month.put("reported_items", 1000);
        month.put("valid_cases", 800);
        month.put("daily_valid_collections", 400);
        month.put("on_time_closure_rate", "90%");
        month.put("closure_rate", "98%");
        month.put("rework_rate", "1%");
        month.put("superior_satisfaction", "95%");
        month.put("partner_satisfaction", "90%");
        month.put("community_satisfaction", "90%");
        return month;
    }

    static Map<String, Object> with(String name, Object value) {
        Map<String, Object> month = cleanMonth();
        month.put(name, value);
        return month;
    }

    @Test
    void numbersReadTheirDecimalsAsBigDecimalDoes() {
        // The fast reader of scores, and text it leaves to BigDecimal (too long, exponent, odd forms).
        for (String text : List.of("0", "8", "-3", "2.5", "0.875", "-0.05", "100", "12.3456789012345678",
                "123456789012345678", "1234567890123456789", "99999999999999999999.5", "1E+3", "+4", "0.1000",
                "1.0714285714285714285714285714", "-0.9523809523809523809523809524", "0.0000000000000000000001",
                "79228162514264337593543950335", "123456789012345678901234567890123456",
                "1234567890123456789012345678901234567")) {
            byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
            BigDecimal read = new Line(bytes, 1, text.length() + 1).decimal();
            assertEquals(new BigDecimal(text), read, text);
            assertEquals(new BigDecimal(text).scale(), read.scale(), text);
        }
        assertThrows(IllegalStateException.class, () -> new Line(new byte[] {'-'}, 0, 1).decimal());
    }

    @Test
    void numbersAreExactWhateverJavaTypeCarriesThem() {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            // 结案率 94%: one full point below 95% -> 1 step of 1 point: closure 7 - 1 = 6, total 99.
            for (Object rate : List.of("94%", new BigDecimal("0.94"), 0.94, 0.94f)) {
                ScoreCard card = ningbo.score(with("closure_rate", rate));
                assertEquals(new BigDecimal("99"), card.total().stripTrailingZeros(), rate.getClass().toString());
                assertEquals(0, card.item("closure").score().compareTo(new BigDecimal(6)));
            }
        }
    }

    @Test
    void badInputsNameTheirPlaceAndKind() {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            InputException error = assertThrows(InputException.class, () -> ningbo.score(with("late_arrivals", -1)));
            assertEquals("late_arrivals", error.loc());
            assertEquals("negative", error.kind());
            assertNull(error.problems().get(0).row());
            error = assertThrows(InputException.class, () -> ningbo.scoreNumbers(with("late_arrivals", -1)));
            assertEquals("negative", error.kind());
            assertNull(error.problems().get(0).row());
            error = assertThrows(InputException.class,
                    () -> ningbo.scoreNumbersAll(List.of(cleanMonth(), with("late_arrivals", -1))));
            assertEquals(1, error.problems().get(0).row());
            error = assertThrows(InputException.class, () -> ningbo.score(with("closure_rate", Double.NaN)));
            assertEquals("wrong_type", error.kind());
            assertEquals("closure_rate", error.loc());
            error = assertThrows(InputException.class, () -> ningbo.score(with("closure_rate", new Object())));
            assertTrue(error.getMessage().contains("not an input value"), error.getMessage());
            // A name holding a tab would split the table's columns: "closure_rate" would take its value.
            for (String name : List.of("closure_rate\tgrid_cells", "closure_rate\n")) {
                error = assertThrows(InputException.class, () -> ningbo.scoreNumbers(with(name, "94%")));
                assertEquals("unknown", error.kind());
                assertEquals(name, error.loc());
                error = assertThrows(InputException.class,
                        () -> ningbo.scoreAll(List.of(cleanMonth(), with(name, "94%"))));
                assertEquals("unknown", error.kind());
            }
        }
    }

    @Test
    void aBatchScoresEveryRowOrListsEveryBadOne() {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            List<ScoreCard> cards = ningbo.scoreAll(List.of(cleanMonth(), with("closure_rate", "94%")));
            assertEquals(List.of(new BigDecimal("100"), new BigDecimal("99")),
                    cards.stream().map(c -> c.total().stripTrailingZeros().setScale(0)).toList());
            InputException error = assertThrows(InputException.class, () -> ningbo.scoreAll(
                    List.of(cleanMonth(), with("late_arrivals", -1), with("late_arrivals", -2))));
            assertEquals(List.of(1, 2), error.problems().stream().map(InputException.Problem::row).toList());
            assertTrue(error.getMessage().startsWith("row 1: "), error.getMessage());
            assertEquals(List.of(), ningbo.scoreAll(List.of()));
            List<ScoreNumbers> numbers = ningbo.scoreNumbersAll(List.of(cleanMonth(), with("closure_rate", "94%")));
            assertEquals(List.of(new BigDecimal("100"), new BigDecimal("99")), numbers.stream().map(ScoreNumbers::total).toList());
            assertEquals(new BigDecimal("6"), numbers.get(1).item("closure"));
            error = assertThrows(InputException.class, () -> ningbo.scoreNumbersAll(List.of(with("late_arrivals", -1))));
            assertEquals(List.of(0), error.problems().stream().map(InputException.Problem::row).toList());
            // Rows need not give the same inputs; a null is an input not given, in either path.
            Map<String, Object> without = cleanMonth();
            without.put("late_arrivals", null);
            List<ScoreNumbers> mixed = ningbo.scoreNumbersAll(List.of(without, with("late_arrivals", 2)));
            // 2 late arrivals x 1 point: 100 - 2 = 98.
            assertEquals(List.of(new BigDecimal("100"), new BigDecimal("98")), mixed.stream().map(ScoreNumbers::total).toList());
            assertEquals(new BigDecimal("100"), ningbo.score(without).total().stripTrailingZeros().setScale(0));
            error = assertThrows(InputException.class, () -> ningbo.scoreNumbers(with("late_arrivels", 1)));
            assertTrue(error.getMessage().contains("late_arrivals"), error.getMessage());
        }
    }

    @Test
    void aLargeBatchIsScoredAcrossCoresInRowOrder() {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            // Row k has k % 7 late arrivals at 1 point each: total 100 - k % 7.
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            for (int k = 0; k < 2000; k++) {
                rows.add(with("late_arrivals", k % 7));
            }
            List<ScoreCard> cards = ningbo.scoreAll(rows);
            List<ScoreNumbers> numbers = ningbo.scoreNumbersAll(rows);
            for (int k = 0; k < rows.size(); k++) {
                BigDecimal expected = BigDecimal.valueOf(100 - k % 7);
                assertEquals(0, expected.compareTo(cards.get(k).total()), "row " + k);
                assertEquals(0, expected.compareTo(numbers.get(k).total()), "row " + k);
            }
            // Rows from 1500 on also give a server outage (1 point of equipment's 8), named first: the
            // runs of rows name their inputs in different orders, and every row must still line up.
            for (int k = 1500; k < rows.size(); k++) {
                Map<String, Object> outage = new java.util.LinkedHashMap<>();
                outage.put("server_outages", 1);
                outage.putAll(rows.get(k));
                rows.set(k, outage);
            }
            List<ScoreNumbers> mixed = ningbo.scoreNumbersAll(rows);
            for (int k = 0; k < rows.size(); k++) {
                BigDecimal expected = BigDecimal.valueOf(100 - k % 7 - (k >= 1500 ? 1 : 0));
                assertEquals(0, expected.compareTo(mixed.get(k).total()), "row " + k);
            }
            // What a large batch cannot write is refused by name as in a small one, from any run.
            List<Map<String, Object>> odd = new java.util.ArrayList<>(rows);
            odd.set(1700, with("closure_rate", new Object()));
            InputException unwritable = assertThrows(InputException.class, () -> ningbo.scoreAll(odd));
            assertTrue(unwritable.getMessage().contains("not an input value"), unwritable.getMessage());
            Map<String, Object> nullName = new java.util.HashMap<>(cleanMonth());
            nullName.put(null, 1);
            odd.set(1700, nullName);
            unwritable = assertThrows(InputException.class, () -> ningbo.scoreNumbersAll(odd));
            assertTrue(unwritable.getMessage().contains("input names are strings"), unwritable.getMessage());
            rows.set(5, with("late_arrivals", -1));
            rows.set(1999, with("late_arrivals", -1));
            InputException error = assertThrows(InputException.class, () -> ningbo.scoreNumbersAll(rows));
            assertEquals(List.of(5, 1999), error.problems().stream().map(InputException.Problem::row).toList());
        }
    }

    @Test
    void aBrokenRulesetIsRefusedAtItsLineAndColumn() {
        String text = Ruleset.source("ningbo/district").replace("value = \"closure_rate\"", "value = \"closure_rat\"");
        RulesetException error = assertThrows(RulesetException.class, () -> Ruleset.fromToml(text, "mine.toml", null));
        assertEquals("mine.toml", error.origin());
        assertEquals("ruleset", error.kind());
        String line = text.lines().toList().get(error.line() - 1);
        assertTrue(line.contains("closure_rat"), line);
        assertTrue(error.column() >= 1);
        error = assertThrows(RulesetException.class, () -> Ruleset.builtin("nowhere/none"));
        assertEquals("unknown_ruleset", error.diagnostics().get(0).code());
    }

    @Test
    void explainedTextCrossesWhateverItHolds() {
        // Tabs, line breaks, backslashes, digits before a colon and a character beyond the BMP in
        // a clause and a label: the explained card still equals the one read from the core's JSON.
        String odd = "附件3\t结案率\n12:34 \\ 😀";
        String text = Ruleset.source("ningbo/district")
                .replace("basis = \"附件3 工作成效·结案率·评分办法1\"", "basis = \"" + odd.replace("\\", "\\\\")
                        .replace("\t", "\\t").replace("\n", "\\n") + "\"")
                .replace("label = \"结案率低于95%\"", "label = \"结案率\\t低于95%\\\\\"");
        try (Ruleset odds = Ruleset.fromToml(text, "odd.toml", null)) {
            ScoreCard card = odds.explain(with("closure_rate", "94%"));
            ScoreCard.Effect effect = card.item("closure").effects().get(0);
            assertEquals(odd, effect.basis());
            assertTrue(effect.messageZh().startsWith("结案率\t低于95%\\"), effect.messageZh());
            assertEquals("deduct", effect.effect());
            // 结案率 94%: one point under 95%, one started 1-point step x 1 point = 1 deducted.
            assertEquals(new BigDecimal("1"), effect.amount());
            assertEquals(card, ScoreCard.fromJson(odds.explainJson(Json.write(with("closure_rate", "94%")))));
        }
    }

    @Test
    void extendsIsResolvedByTheCallerThenAmongTheBuiltIns() {
        String parent = Ruleset.source("ningbo/district");
        String variant = "extends = \"company/parent\"\nid = \"company/variant\"\ntitle = \"变体\"\n";
        try (Ruleset loaded = Ruleset.fromToml(variant, "variant.toml", name -> name.equals("company/parent") ? parent : null)) {
            assertEquals("company/variant", loaded.id());
            assertEquals(0, loaded.score(cleanMonth()).total().compareTo(new BigDecimal(100)));
        }
        // Without the resolver's answer the built-ins are searched, and a miss names the ruleset.
        RulesetException error = assertThrows(RulesetException.class, () -> Ruleset.fromToml(variant, "variant.toml", name -> null));
        assertTrue(error.getMessage().contains("company/parent"), error.getMessage());
        // The resolver's own exception reaches the caller as it was thrown.
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Ruleset.fromToml(variant, "variant.toml", name -> { throw new IllegalStateException("no database"); }));
        assertEquals("no database", thrown.getMessage());
    }

    @Test
    void eightThreadsShareOneRulesetAndGetTheSequentialResults() throws Exception {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            List<Map<String, Object>> months = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                months.add(with("closure_rate", new BigDecimal(90 + i % 10) + "." + (i % 7) + "%"));
            }
            List<BigDecimal> sequential = months.stream().map(m -> ningbo.explain(m).total()).toList();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<BigDecimal>>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> months.stream().map(m -> ningbo.explain(m).total()).toList()));
                }
                for (Future<List<BigDecimal>> result : results) {
                    assertEquals(sequential, result.get());
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(sequential.stream().distinct().count() > 3, "the months differ: " + sequential);
        }
    }

    /** Every effect of a card, item by item. */
    static List<ScoreCard.Effect> effectsOf(ScoreCard card) {
        List<ScoreCard.Effect> all = new ArrayList<>();
        card.sections().forEach(s -> s.items().forEach(i -> all.addAll(i.effects())));
        return all;
    }

    @Test
    void effectsAreReadWhenFirstAskedForFromAnyThread() throws Exception {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            Map<String, Object> month = with("closure_rate", "93.4%");
            month.put("late_arrivals", 2);
            month.put("inspector_online_rate", "56.5%");
            // The card read from the core's JSON is read eagerly: the one to match.
            List<ScoreCard.Effect> expected = effectsOf(ScoreCard.fromJson(ningbo.explainJson(Json.write(month))));
            assertTrue(expected.size() >= 3, "effects: " + expected);
            // Eight threads ask for the same unread effects at once, card after card; each gets them whole.
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int round = 0; round < 50; round++) {
                    ScoreCard card = ningbo.explain(month);
                    List<Future<List<ScoreCard.Effect>>> results = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        results.add(pool.submit(() -> {
                            start.await();
                            return effectsOf(card);
                        }));
                    }
                    for (Future<List<ScoreCard.Effect>> result : results) {
                        assertEquals(expected, result.get());
                    }
                }
            } finally {
                pool.shutdown();
            }
            List<ScoreCard.Effect> closure = ningbo.explain(month).item("closure").effects();
            assertThrows(UnsupportedOperationException.class, () -> closure.add(closure.get(0)));
            // A large batch (read in runs on the fork-join pool): each card reads its own row's effects.
            List<Map<String, Object>> months = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                months.add(with("closure_rate", (90 + i % 9) + "%"));
            }
            List<ScoreCard> cards = ningbo.explainAll(months);
            for (int i = 0; i < months.size(); i += 37) {
                assertEquals(effectsOf(ningbo.explain(months.get(i))), effectsOf(cards.get(i)), "row " + i);
            }
        }
    }

    @Test
    void aClosedRulesetRefusesCallsAndClosesOnce() {
        Ruleset ningbo = Ruleset.builtin("ningbo/district");
        ningbo.close();
        ningbo.close();
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> ningbo.score(cleanMonth()));
        assertTrue(error.getMessage().contains("closed"));
    }

    @Test
    void theDefaultKindIsTheFirstTargetKind() {
        // shenzhen/regions: districts, streets, communities, grid cells; not "community", first by letter.
        try (Ruleset regions = Ruleset.builtin("shenzhen/regions")) {
            assertEquals("district", regions.defaultKind());
        }
    }

    @Test
    void theCatalogueDescriptionAndRenderingComeFromTheCore() {
        List<RulesetSummary> catalogue = Ruleset.catalogue();
        assertTrue(catalogue.stream().anyMatch(r -> r.id().equals("ningbo/district")));
        assertTrue(catalogue.size() >= 10);
        assertNull(Ruleset.source("nowhere/none"));
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            assertTrue(ningbo.describe().contains("\"closure_rate\""));
            String text = ningbo.render(with("closure_rate", "94%"), "zh", "text");
            assertTrue(text.contains("结案率"), text);
            String html = ningbo.render(with("closure_rate", "94%"), "en", "html");
            assertTrue(html.contains("<table"), html);
            assertThrows(IllegalArgumentException.class, () -> ningbo.render(cleanMonth(), "fr", "text"));
            ScoreCard card = ningbo.explain(with("closure_rate", "94%"));
            assertEquals(card, ScoreCard.fromJson(ningbo.explainJson(Json.write(with("closure_rate", "94%")))));
            assertNotNull(card.item("closure").effects().get(0).arithmetic().get("form"));
        }
    }

    @Test
    void rankingGradesAndSharesTies() {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            List<Ranking.Ranked> ranked = ningbo.rank(List.of(
                    new Ranking.Standing("海曙区", "district_bureau", new BigDecimal("96.5")),
                    new Ranking.Standing("江北区", "district_bureau", new BigDecimal("98")),
                    new Ranking.Standing("北仑区", "district_bureau", new BigDecimal("96.50"))));
            assertEquals(List.of("江北区/1", "海曙区/2", "北仑区/2"),
                    ranked.stream().map(r -> r.unit() + "/" + r.rank()).toList());
            assertThrows(InputException.class, () -> ningbo.rank(List.of(new Ranking.Standing("x", "nowhere", BigDecimal.ONE))));
            // A unit given twice would take two places: refused where it repeats.
            InputException twice = assertThrows(InputException.class, () -> ningbo.rank(List.of(
                    new Ranking.Standing("海曙区", "district_bureau", new BigDecimal("98")),
                    new Ranking.Standing("海曙区", "district_bureau", new BigDecimal("90")))));
            assertEquals(List.of("standings[1].unit"), twice.problems().stream().map(InputException.Problem::loc).toList());
        }
    }
}
