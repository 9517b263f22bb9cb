package io.github.kaohe;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads the fields of parsed contract JSON into the package's records. */
final class Fields {
    private Fields() {}

    static String text(Map<String, Object> json, String key) {
        return (String) json.get(key);
    }

    static String optionalText(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value == null ? null : (String) value;
    }

    static BigDecimal decimal(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value == null ? null : new BigDecimal((String) value);
    }

    static boolean flag(Map<String, Object> json, String key) {
        return Boolean.TRUE.equals(json.get(key));
    }

    static int integer(Map<String, Object> json, String key) {
        return ((Number) json.get(key)).intValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String key) {
        return (Map<String, Object>) json.get(key);
    }

    /** A list of objects read by {@code read}; an absent list is empty. */
    @SuppressWarnings("unchecked")
    static <T> List<T> list(Map<String, Object> json, String key, Function<Map<String, Object>, T> read) {
        Object value = json.get(key);
        if (value == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (Object item : (List<Object>) value) {
            out.add(read.apply((Map<String, Object>) item));
        }
        return Collections.unmodifiableList(out);
    }

    @SuppressWarnings("unchecked")
    static List<Object> values(Map<String, Object> json, String key, java.util.function.UnaryOperator<Object> each) {
        List<Object> out = new ArrayList<>();
        for (Object item : (List<Object>) json.get(key)) {
            out.add(each.apply(item));
        }
        return Collections.unmodifiableList(out);
    }

    /** A list of {name, value} pairs (metrics, a period's values) as a map of decimals, in order. */
    static Map<String, BigDecimal> namedValues(Map<String, Object> json, String key) {
        Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> pair : list(json, key, m -> m)) {
            out.put(text(pair, "name"), decimal(pair, "value"));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A path segment: a name, or a position from 0. */
    static Object segment(Object value) {
        return value instanceof BigDecimal ? (Object) ((BigDecimal) value).intValueExact() : value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        return (Map<String, Object>) value;
    }
}
