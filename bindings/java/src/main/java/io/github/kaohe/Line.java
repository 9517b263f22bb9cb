package io.github.kaohe;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the lines of native numbers in order, straight from the UTF-8 bytes the native side
 * returned: each line ended by a line break, its fields separated by tabs, the values within a
 * field by commas (decimals as plain text, positions and marks as whole numbers). An explained
 * line's effects are length-prefixed parts, which may hold any character: lines are therefore
 * read one after another, never split up front.
 */
final class Line {
    /** 10^0 to 10^18: the weight of the high long of a decimal past 18 digits. */
    private static final BigInteger[] POWERS_OF_TEN = new BigInteger[19];

    static {
        for (int n = 0; n < POWERS_OF_TEN.length; n++) {
            POWERS_OF_TEN[n] = BigInteger.TEN.pow(n);
        }
    }

    private final byte[] bytes;
    private final int end;
    private int at;

    /** The lines held in {@code bytes[start, end)}. */
    Line(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.at = start;
        this.end = end;
    }

    /** Whether another line is left to read. */
    boolean hasLine() {
        return at < end;
    }

    /** Whether the current line goes on. */
    boolean more() {
        return at < end && bytes[at] != '\n';
    }

    /** Whether the current field has no (more) values. */
    boolean fieldEnds() {
        return !more() || bytes[at] == '\t';
    }

    /** Steps over the tab that ends the current field. */
    Line nextField() {
        if (!more() || bytes[at] != '\t') {
            throw malformed();
        }
        at++;
        return this;
    }

    /** Steps over the line break that ends the current line, which must have been read whole. */
    void endLine() {
        if (at >= end || bytes[at] != '\n') {
            throw malformed();
        }
        at++;
    }

    BigDecimal decimal() {
        int valueEnd = valueEnd();
        BigDecimal value = decimal(valueEnd);
        skipComma(valueEnd);
        return value;
    }

    int whole() {
        int valueEnd = valueEnd();
        int value = digits(at, valueEnd);
        skipComma(valueEnd);
        return value;
    }

    boolean bit() {
        return whole() != 0;
    }

    /*
     * The effects of an explained line (the native push_effects) are parts: each its length in
     * bytes, a colon and its UTF-8 text.
     */

    /** The length of the part at the reading position, which is then its first byte. */
    private int partLength() {
        int colon = at;
        while (colon < end && bytes[colon] != ':') {
            colon++;
        }
        int length = digits(at, colon);
        if (colon >= end || length > end - colon - 1) {
            throw malformed();
        }
        at = colon + 1;
        return length;
    }

    /** A part as text. */
    String text() {
        int length = partLength();
        String value = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    /** A part's bytes and its text. */
    record Known(byte[] bytes, String text) {}

    /**
     * A part that mostly repeats from call to call (a rule's clause): {@code last} again when the
     * part holds the same bytes, which spares decoding its Chinese text; else the part read afresh.
     */
    Known known(Known last) {
        int length = partLength();
        Known value = last != null && Arrays.equals(bytes, at, at + length, last.bytes(), 0, last.bytes().length)
                ? last
                : new Known(Arrays.copyOfRange(bytes, at, at + length), new String(bytes, at, length, StandardCharsets.UTF_8));
        at += length;
        return value;
    }

    /** The next part, read as lines of its own (one item's effects). */
    Line part() {
        int length = partLength();
        Line part = new Line(bytes, at, at + length);
        at += length;
        return part;
    }

    /**
     * The next {@code parts} parts, copied into lines of their own: what a card keeps to read later
     * holds its own bytes, not a whole batch's.
     */
    Line copyParts(int parts) {
        int from = at;
        for (int n = 0; n < parts; n++) {
            int length = partLength();
            at += length;
        }
        return new Line(Arrays.copyOfRange(bytes, from, at), 0, at - from);
    }

    /** A reader of what is left, from the reading position on; this one is not moved. */
    Line rest() {
        return new Line(bytes, at, end);
    }

    /** Checks that every byte has been read. */
    void finished() {
        if (at != end) {
            throw malformed();
        }
    }

    /** A part holding a count. */
    int count() {
        int length = partLength();
        int value = digits(at, at + length);
        at += length;
        return value;
    }

    /** A part holding JSON. */
    Object json() {
        int length = partLength();
        Object value = Json.parse(bytes, at, at + length);
        at += length;
        return value;
    }

    /** The whole number written in {@code bytes[from, to)}: one to nine digits. */
    private int digits(int from, int to) {
        if (to <= from || to - from > 9) {
            throw malformed();
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                throw malformed();
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    private int valueEnd() {
        int valueEnd = at;
        while (valueEnd < end && bytes[valueEnd] != ',' && bytes[valueEnd] != '\t' && bytes[valueEnd] != '\n') {
            valueEnd++;
        }
        if (valueEnd == at) {
            throw malformed();
        }
        return valueEnd;
    }

    private void skipComma(int valueEnd) {
        at = valueEnd < end && bytes[valueEnd] == ',' ? valueEnd + 1 : valueEnd;
    }

    private IllegalStateException malformed() {
        int from = Math.max(0, at - 80);
        return new IllegalStateException("internal: malformed native numbers at byte " + at + ", after: "
                + new String(bytes, from, Math.min(end, at + 1) - from, StandardCharsets.UTF_8));
    }

    /**
     * The decimal written in {@code bytes[at, valueEnd)}. Plain text of up to 36 digits (what the
     * core writes: a score has a few, a settled quotient up to 29) is read into one or two longs,
     * the second only for digits past the 18th; anything else goes to BigDecimal.
     */
    private BigDecimal decimal(int valueEnd) {
        boolean negative = bytes[at] == '-';
        long high = 0;
        long low = 0;
        int digits = 0;
        int scale = -1;
        for (int i = negative ? at + 1 : at; i < valueEnd; i++) {
            byte c = bytes[i];
            if (c >= '0' && c <= '9' && digits < 36) {
                if (digits < 18) {
                    high = high * 10 + (c - '0');
                } else {
                    low = low * 10 + (c - '0');
                }
                digits++;
                scale = scale < 0 ? scale : scale + 1;
            } else if (c == '.' && scale < 0 && digits > 0 && i + 1 < valueEnd) {
                scale = 0;
            } else {
                return general(valueEnd);
            }
        }
        if (digits == 0) {
            return general(valueEnd);
        }
        scale = Math.max(scale, 0);
        if (digits <= 18) {
            return BigDecimal.valueOf(negative ? -high : high, scale);
        }
        BigInteger unscaled = BigInteger.valueOf(high).multiply(POWERS_OF_TEN[digits - 18])
                .add(BigInteger.valueOf(low));
        return new BigDecimal(negative ? unscaled.negate() : unscaled, scale);
    }

    private BigDecimal general(int valueEnd) {
        try {
            return new BigDecimal(new String(bytes, at, valueEnd - at, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }
}
