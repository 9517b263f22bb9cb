package io.github.kaohe;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text that crosses to the native library: a small reader (objects keep their order,
 * numbers become {@link BigDecimal}) and a writer of inputs. The contract writes every decimal as a
 * string, so nothing here rounds. The reader works on UTF-8 bytes as the native side returns them,
 * decoding only the strings it keeps: the whole text is never decoded first.
 */
final class Json {
    private final byte[] text;
    private final int end;
    private int at;

    private Json(byte[] text, int start, int end) {
        this.text = text;
        this.at = start;
        this.end = end;
    }

    /** Reads one JSON value: a Map, List, String, BigDecimal, Boolean or null. */
    static Object parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length);
    }

    /** Reads the JSON value held in the UTF-8 bytes {@code text[start, end)}. */
    static Object parse(byte[] text, int start, int end) {
        Json json = new Json(text, start, end);
        Object value = json.value();
        json.space();
        if (json.at != end) {
            throw json.bad("end of text");
        }
        return value;
    }

    private IllegalStateException bad(String expected) {
        return new IllegalStateException("kaohe: malformed JSON at byte " + at + ": expected " + expected);
    }

    private void space() {
        while (at < end && text[at] >= 0 && text[at] <= ' ') {
            at++;
        }
    }

    private Object value() {
        space();
        if (at >= end) {
            throw bad("a value");
        }
        byte c = text[at];
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default: return number();
        }
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (at + i >= end || text[at + i] != word.charAt(i)) {
                throw bad(word);
            }
        }
        at += word.length();
        return value;
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        space();
        if (at < end && text[at] == '}') {
            at++;
            return map;
        }
        while (true) {
            space();
            String key = string();
            space();
            expect(':');
            map.put(key, value());
            space();
            if (at < end && text[at] == ',') {
                at++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        at++;
        space();
        if (at < end && text[at] == ']') {
            at++;
            return list;
        }
        while (true) {
            list.add(value());
            space();
            if (at < end && text[at] == ',') {
                at++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private void expect(char c) {
        if (at >= end || text[at] != c) {
            throw bad("'" + c + "'");
        }
        at++;
    }

    private String string() {
        expect('"');
        // Most strings have no escape: one scan and one decoding of their bytes.
        int run = at;
        StringBuilder out = null;
        while (at < end) {
            byte c = text[at];
            if (c == '"' || c == '\\') {
                String plain = new String(text, run, at - run, StandardCharsets.UTF_8);
                at++;
                if (c == '"') {
                    return out == null ? plain : out.append(plain).toString();
                }
                out = (out == null ? new StringBuilder() : out).append(plain).append(escaped());
                run = at;
            } else {
                at++;
            }
        }
        throw bad("a closing quote");
    }

    /** The character a backslash escape stands for; {@code at} is past the backslash. */
    private char escaped() {
        if (at >= end) {
            throw bad("an escape");
        }
        byte c = text[at++];
        switch (c) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'u':
                if (at + 4 > end) {
                    throw bad("four hex digits");
                }
                try {
                    char unit = (char) Integer.parseInt(new String(text, at, 4, StandardCharsets.US_ASCII), 16);
                    at += 4;
                    return unit;
                } catch (NumberFormatException e) {
                    throw bad("four hex digits");
                }
            default: return (char) c;
        }
    }

    private BigDecimal number() {
        int start = at;
        while (at < end) {
            byte c = text[at];
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                break;
            }
            at++;
        }
        if (start == at) {
            throw bad("a value");
        }
        return new BigDecimal(new String(text, start, at - start, StandardCharsets.US_ASCII));
    }

    /**
     * Writes inputs as JSON: maps with string keys, lists, strings, booleans, null, and numbers.
     * A {@link BigDecimal} (and a double or float, by its shortest decimal form) goes as a string,
     * so the core reads every digit; whole numbers go as JSON integers.
     *
     * @param where the place named in an error (an input's name)
     */
    static void write(StringBuilder out, Object value, String where) {
        write(out, value, where, 0);
    }

    /** Deeper than any input the contract has (months of inputs holding lists of amounts). */
    private static final int MAX_DEPTH = 16;

    private static void write(StringBuilder out, Object value, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw InputException.single(where, "wrong_type",
                    where + ": nested more than " + MAX_DEPTH + " deep; inputs are values or lists of amounts");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            quote(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal) {
            quote(out, ((BigDecimal) value).toPlainString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw InputException.single(where, "wrong_type", where + ": " + d + " is not a finite number");
            }
            // The shortest decimal that reads back as the same float or double: 0.94f is 0.94.
            quote(out, new BigDecimal(value.toString()).toPlainString());
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (entry.getValue() == null) {
                    continue; // an input not given
                }
                if (!(entry.getKey() instanceof String)) {
                    throw InputException.single(where, "wrong_type",
                            "input names are strings, not " + entry.getKey());
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                String key = (String) entry.getKey();
                quote(out, key);
                out.append(':');
                write(out, entry.getValue(), where.isEmpty() ? key : where + "." + key, depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection) {
            out.append('[');
            int n = 0;
            for (Object item : (Collection<?>) value) {
                if (n > 0) {
                    out.append(',');
                }
                write(out, item, where + "[" + n + "]", depth + 1);
                n++;
            }
            out.append(']');
        } else {
            throw InputException.single(where, "wrong_type", where + ": a " + value.getClass().getSimpleName()
                    + " is not an input value (numbers, decimal strings, booleans or lists of amounts)");
        }
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.toString();
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        int plain = 0;
        while (plain < text.length() && text.charAt(plain) >= 0x20 && text.charAt(plain) != '"'
                && text.charAt(plain) != '\\') {
            plain++;
        }
        // Nearly every text needs no escape: it is appended whole, the rest char by char.
        out.append(text, 0, plain);
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
