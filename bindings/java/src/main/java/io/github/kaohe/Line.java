package io.github.kaohe;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads one line of the native numbers in order: fields separated by tabs, the values within a
 * field by commas (decimals as plain text, positions and marks as whole numbers).
 */
final class Line {
    private final String text;
    private int at;

    Line(String text) {
        this.text = text;
    }

    /** Whether the current field has no (more) values. */
    boolean fieldEnds() {
        return at >= text.length() || text.charAt(at) == '\t';
    }

    /** Steps over the tab that ends the current field. */
    Line nextField() {
        if (at < text.length() && text.charAt(at) != '\t') {
            throw malformed();
        }
        at++;
        return this;
    }

    /** Whether anything is left to read. */
    boolean more() {
        return at < text.length();
    }

    /** Checks that the line has been read to its end. */
    void end() {
        if (at != text.length()) {
            throw malformed();
        }
    }

    BigDecimal decimal() {
        int end = valueEnd();
        BigDecimal value = decimal(text, at, end);
        skipComma(end);
        return value;
    }

    int whole() {
        int end = valueEnd();
        int value;
        try {
            value = Integer.parseInt(text, at, end, 10);
        } catch (NumberFormatException e) {
            throw malformed();
        }
        skipComma(end);
        return value;
    }

    boolean bit() {
        return whole() != 0;
    }

    /** The rest of the current field, as text. */
    String rest() {
        int end = text.indexOf('\t', at);
        end = end < 0 ? text.length() : end;
        String value = text.substring(at, end);
        at = end;
        return value;
    }

    private int valueEnd() {
        int end = at;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '\t') {
            end++;
        }
        if (end == at) {
            throw malformed();
        }
        return end;
    }

    private void skipComma(int end) {
        at = end < text.length() && text.charAt(end) == ',' ? end + 1 : end;
    }

    private IllegalStateException malformed() {
        return new IllegalStateException("internal: malformed native numbers at " + at + ": " + text);
    }

    /**
     * The decimal written in {@code text[start, end)}. Plain text of up to 36 digits (what the core
     * writes: a score has a few, a settled quotient up to 29) is read into one or two longs, the
     * second only for digits past the 18th; anything else goes to BigDecimal.
     */
    static BigDecimal decimal(String text, int start, int end) {
        boolean negative = start < end && text.charAt(start) == '-';
        long high = 0;
        long low = 0;
        int digits = 0;
        int scale = -1;
        for (int i = negative ? start + 1 : start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && digits < 36) {
                if (digits < 18) {
                    high = high * 10 + (c - '0');
                } else {
                    low = low * 10 + (c - '0');
                }
                digits++;
                scale = scale < 0 ? scale : scale + 1;
            } else if (c == '.' && scale < 0 && digits > 0 && i + 1 < end) {
                scale = 0;
            } else {
                return new BigDecimal(text.substring(start, end));
            }
        }
        if (digits == 0) {
            return new BigDecimal(text.substring(start, end));
        }
        scale = Math.max(scale, 0);
        if (digits <= 18) {
            return BigDecimal.valueOf(negative ? -high : high, scale);
        }
        BigInteger unscaled = BigInteger.valueOf(high).multiply(BigInteger.TEN.pow(digits - 18))
                .add(BigInteger.valueOf(low));
        return new BigDecimal(negative ? unscaled.negate() : unscaled, scale);
    }
}
