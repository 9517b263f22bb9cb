package io.github.kaohe;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared corpora as the Java tests read them: tests/vectors and tests/hostile/library.toml,
 * written as JSON by {@code bindings/java/examples/corpus_json.rs} into the folder the system
 * property {@code kaohe.corpus} names; their rulesets' TOML files are read from the repository
 * ({@code kaohe.repo}).
 */
final class Corpus {
    private Corpus() {}

    static final Path REPO = Path.of(System.getProperty("kaohe.repo", "../.."));
    static final Path JSON = Path.of(System.getProperty("kaohe.corpus", "../../target/java/corpus"));

    static Map<String, Object> read(String name) throws IOException {
        return Fields.asObject(Json.parse(Files.readString(JSON.resolve(name + ".json"))));
    }

    static String text(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    static Map<String, Object> object(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value == null ? Map.of() : Fields.asObject(value);
    }

    /** {@code base} with {@code changes} laid over it. */
    static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.putAll(changes);
        return out;
    }

    /** A decimal as the corpus writes it (a string or a number), compared by value. */
    static BigDecimal dec(Object value) {
        return value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
    }

    static boolean same(Object expected, BigDecimal found) {
        return found != null && dec(expected).compareTo(found) == 0;
    }
}
