package io.github.kaohe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The library's hostile corpus (tests/hostile/library.toml) through the Java package: each case
 * ends in the expected exception or the exact total, never a JVM crash, and the library still
 * scores a clean month after it.
 */
class HostileTest {
    static Map<String, Object> corpus;

    static Ruleset load(Map<String, Object> c) {
        if (c.containsKey("ruleset")) {
            return Ruleset.builtin((String) c.get("ruleset"));
        }
        if (c.containsKey("ruleset_file")) {
            String text = Corpus.text(Corpus.REPO.resolve("tests/hostile/rulesets").resolve((String) c.get("ruleset_file")));
            return Ruleset.fromToml(text + c.getOrDefault("append", ""), "hostile.toml", null);
        }
        Map<String, Object> g = Corpus.object(c, "ruleset_text");
        String text = g.get("head") + ((String) g.get("repeat")).repeat(Corpus.dec(g.get("times")).intValueExact())
                + g.get("tail");
        return Ruleset.fromToml(text);
    }

    static Map<String, Object> base(Map<String, Object> c) {
        return Corpus.object(Corpus.object(corpus, "bases"), (String) c.getOrDefault("base", ""));
    }

    static Map<String, Object> inputs(Map<String, Object> c) {
        Map<String, Object> values = Corpus.merged(base(c), Corpus.object(c, "inputs"));
        Map<String, Object> nest = Corpus.object(c, "nest");
        if (!nest.isEmpty()) {
            Object nested = List.of();
            for (int i = 0; i < Corpus.dec(nest.get("depth")).intValueExact(); i++) {
                nested = List.of(nested);
            }
            values.put((String) nest.get("input"), nested);
        }
        return values;
    }

    /** One month's total, or the case's months rolled up (the last month takes the case's inputs). */
    static java.math.BigDecimal total(Ruleset ruleset, Map<String, Object> c) {
        Map<String, Object> rollUp = Corpus.object(c, "roll_up");
        if (rollUp.isEmpty()) {
            return ruleset.score(inputs(c)).total();
        }
        List<Map<String, Object>> months = new ArrayList<>();
        for (int m = 1; m < Corpus.dec(rollUp.get("months")).intValueExact(); m++) {
            months.add(base(c));
        }
        months.add(inputs(c));
        return ruleset.rollUp((String) rollUp.get("period"), months, Corpus.object(rollUp, "given")).total();
    }

    static void stillScores() {
        try (Ruleset ningbo = Ruleset.builtin("ningbo/district")) {
            Map<String, Object> base = Corpus.object(Corpus.object(corpus, "bases"), "ningbo");
            assertEquals(0, ningbo.score(base).total().compareTo(new java.math.BigDecimal(100)));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        corpus = Corpus.read("library");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Corpus.objects(corpus, "case")) {
            tests.add(DynamicTest.dynamicTest("hostile: " + c.get("name"), () -> check(c)));
        }
        assertTrue(tests.size() >= 10);
        return tests.stream();
    }

    static void check(Map<String, Object> c) {
        Map<String, Object> expect = Corpus.object(c, "expect");
        Ruleset ruleset;
        try {
            ruleset = load(c);
        } catch (RulesetException error) {
            assertEquals("ruleset", expect.get("error"), error.getMessage());
            if (expect.containsKey("diagnostics")) {
                assertEquals(Corpus.dec(expect.get("diagnostics")).intValue(), error.diagnostics().size());
            }
            if (expect.containsKey("max_message_chars")) {
                int chars = error.getMessage().codePointCount(0, error.getMessage().length());
                assertTrue(chars <= Corpus.dec(expect.get("max_message_chars")).intValue(), chars + " chars");
            }
            stillScores();
            return;
        }
        assertNotEquals("ruleset", expect.get("error"));
        try (ruleset) {
            java.math.BigDecimal total = total(ruleset, c);
            if (expect.containsKey("error")) {
                fail("scored " + total);
            }
            assertTrue(Corpus.same(expect.get("total"), total), total.toString());
        } catch (InputException error) {
            assertEquals("input", expect.get("error"), error.getMessage());
            if (expect.containsKey("kind")) {
                assertEquals(expect.get("kind"), error.kind(), error.getMessage());
            }
            if (expect.containsKey("loc")) {
                assertEquals(expect.get("loc"), error.loc(), error.getMessage());
            }
        }
        stillScores();
    }
}
