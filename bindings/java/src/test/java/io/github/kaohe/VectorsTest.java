package io.github.kaohe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared vector corpus (tests/vectors) through the Java package: the same totals, item scores,
 * flags, grades, metrics, rollups, ranks and errors as the Rust, Python and Node runners.
 */
class VectorsTest {
    static List<String> files() throws IOException {
        try (Stream<java.nio.file.Path> listed = Files.list(Corpus.REPO.resolve("tests/vectors"))) {
            return listed.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".toml")).sorted()
                    .map(f -> f.substring(0, f.length() - 5)).toList();
        }
    }

    static Ruleset load(Map<String, Object> corpus) {
        String ruleset = (String) corpus.get("ruleset");
        return ruleset.endsWith(".toml")
                ? Ruleset.fromToml(Corpus.text(Corpus.REPO.resolve("tests/vectors").resolve(ruleset)))
                : Ruleset.builtin(ruleset);
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : files()) {
            Map<String, Object> corpus = Corpus.read(file);
            Ruleset ruleset = load(corpus);
            Map<String, Object> base = Corpus.object(corpus, "base");
            for (Map<String, Object> c : Corpus.objects(corpus, "case")) {
                tests.add(DynamicTest.dynamicTest(file + " / " + c.get("name"), () -> check(ruleset, base, c)));
            }
        }
        assertTrue(tests.size() >= 100, tests.size() + " cases");
        return tests.stream();
    }

    static void check(Ruleset ruleset, Map<String, Object> base, Map<String, Object> c) {
        assertFalse(((String) c.get("arithmetic")).isBlank());
        Map<String, Object> expect = Corpus.object(c, "expect");
        if (c.containsKey("units")) {
            List<Ranking.Standing> standings = new ArrayList<>();
            for (Map<String, Object> unit : Corpus.objects(c, "units")) {
                ScoreCard card = ruleset.score(Corpus.merged(base, Corpus.object(unit, "inputs")));
                String kind = unit.containsKey("kind") ? (String) unit.get("kind") : ruleset.defaultKind();
                standings.add(new Ranking.Standing((String) unit.get("unit"), kind, card.total()));
            }
            Map<String, Integer> ranks = new HashMap<>();
            for (Ranking.Ranked ranked : ruleset.rank(standings)) {
                ranks.put(ranked.unit(), ranked.rank());
            }
            Map<String, Integer> wanted = new HashMap<>();
            Corpus.object(expect, "ranks").forEach((unit, rank) -> wanted.put(unit, Corpus.dec(rank).intValue()));
            assertEquals(wanted, ranks);
            return;
        }
        if (c.containsKey("period")) {
            List<Map<String, Object>> months = new ArrayList<>();
            for (Object month : (List<?>) c.get("months")) {
                months.add("missing".equals(month) ? null : Corpus.merged(base, Fields.asObject(month)));
            }
            String period = (String) c.get("period");
            Map<String, Object> given = Corpus.object(c, "period_inputs");
            if (expect.containsKey("error")) {
                expectError(() -> ruleset.rollUp(period, months, given), Corpus.object(expect, "error"));
                return;
            }
            PeriodCard card = ruleset.rollUp(period, months, given);
            if (expect.containsKey("total")) {
                assertTrue(Corpus.same(expect.get("total"), card.total()), card.json());
            }
            if (expect.containsKey("flags")) {
                assertEquals(expect.get("flags"), card.flags().stream().map(f -> f.flag().id()).toList());
            }
            if (expect.containsKey("grade")) {
                assertEquals(expect.get("grade"), card.grade() == null ? "" : card.grade().label());
            }
            if (expect.containsKey("counted")) {
                List<?> counted = (List<?>) expect.get("counted");
                for (int i = 0; i < counted.size(); i++) {
                    Object wanted = counted.get(i);
                    PeriodCard.MonthLine line = card.months().get(i);
                    if ("-".equals(wanted)) {
                        assertEquals(null, line.counted());
                    } else {
                        assertTrue(Corpus.same(wanted, line.counted()), "month " + (i + 1));
                    }
                }
            }
            if (expect.containsKey("carried_out")) {
                assertTrue(Corpus.same(expect.get("carried_out"), card.carriedOut()));
            }
            return;
        }
        Map<String, Object> inputs = Corpus.merged(base, Corpus.object(c, "inputs"));
        for (Object name : (List<?>) c.getOrDefault("remove", List.of())) {
            inputs.remove(name);
        }
        if (expect.containsKey("error")) {
            expectError(() -> ruleset.score(inputs), Corpus.object(expect, "error"));
            return;
        }
        ScoreCard card = ruleset.explain(inputs);
        // Explaining changes nothing but the effects; the batch call gives the same cards.
        ScoreCard plain = ruleset.score(inputs);
        assertEquals(card.total(), plain.total());
        assertEquals(plain, ruleset.scoreAll(List.of(inputs)).get(0));
        // The card set from numbers into the ruleset's outline is the card the core writes as JSON,
        // explained or not, alone or in a batch.
        assertEquals(ScoreCard.fromJson(ruleset.scoreJson(Json.write(inputs))), plain);
        assertEquals(ScoreCard.fromJson(ruleset.explainJson(Json.write(inputs))), card);
        assertEquals(card, ruleset.explainAll(List.of(inputs, inputs)).get(1));
        // The numbers-first call gives the card's numbers.
        ScoreNumbers numbers = ruleset.scoreNumbers(inputs);
        assertEquals(0, numbers.total().compareTo(card.total()));
        assertEquals(card.grade() == null ? null : card.grade().label(), numbers.grade());
        assertEquals(card.flags().stream().map(ScoreCard.Flag::id).toList(), numbers.flags());
        List<ScoreCard.Item> items = card.sections().stream().flatMap(s -> s.items().stream()).toList();
        assertEquals(items.stream().map(ScoreCard.Item::id).toList(), numbers.itemIds());
        for (ScoreCard.Item item : items) {
            assertEquals(0, item.score().compareTo(numbers.item(item.id())), item.id());
        }
        if (expect.containsKey("total")) {
            assertTrue(Corpus.same(expect.get("total"), card.total()), card.total() + " vs " + expect.get("total"));
        }
        Map<String, Object> listed = Corpus.object(expect, "items");
        for (ScoreCard.Section section : card.sections()) {
            for (ScoreCard.Item item : section.items()) {
                Object wanted = listed.containsKey(item.id()) ? listed.get(item.id())
                        : section.bonus() ? "0" : item.points();
                assertTrue(Corpus.same(wanted, item.score()), "item " + item.id() + ": " + item.score());
            }
        }
        if (expect.containsKey("flags")) {
            assertEquals(expect.get("flags"), card.flags().stream().map(ScoreCard.Flag::id).toList());
        }
        if (expect.containsKey("grade")) {
            assertEquals(expect.get("grade"), card.grade() == null ? "" : card.grade().label());
        }
        Corpus.object(expect, "metrics").forEach((name, value) ->
                assertTrue(Corpus.same(value, card.metrics().get(name)), "metric " + name));
    }

    static void expectError(Runnable run, Map<String, Object> wanted) {
        InputException error = assertThrows(InputException.class, run::run);
        List<String> found = error.problems().stream().map(p -> p.loc() + "/" + p.kind()).toList();
        assertTrue(found.contains(wanted.get("loc") + "/" + wanted.get("kind")), found.toString());
    }

    @Test
    void theCorpusIsAllThere() throws IOException {
        assertTrue(files().size() >= 10);
    }
}
