package io.github.kaohe;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of one scoring without the card: total, grade label (null when no band applies),
 * the ids of the flags raised, and every item's score in {@code itemIds} order (section by
 * section, as the ruleset lists them). For forms that rescore as they type and for batches.
 */
public record ScoreNumbers(BigDecimal total, String grade, List<String> flags, List<String> itemIds,
        List<BigDecimal> itemScores) {

    /** The score of the item with this id, or null. */
    public BigDecimal item(String id) {
        int at = itemIds.indexOf(id);
        return at < 0 ? null : itemScores.get(at);
    }

    /** One line of the native numbers: total, grade, flag ids, item scores, tab-separated. */
    static ScoreNumbers parse(String line, List<String> itemIds) {
        int grade = line.indexOf('\t');
        int flags = line.indexOf('\t', grade + 1);
        int items = line.indexOf('\t', flags + 1);
        List<String> raised = flags + 1 == items ? List.of() : List.of(line.substring(flags + 1, items).split(","));
        BigDecimal[] scores = new BigDecimal[itemIds.size()];
        int n = 0;
        for (int start = items + 1; start <= line.length() && n < scores.length; n++) {
            int end = line.indexOf(',', start);
            end = end < 0 ? line.length() : end;
            scores[n] = decimal(line, start, end);
            start = end + 1;
        }
        if (n != scores.length) {
            throw new IllegalStateException("internal: " + n + " item scores for " + scores.length + " items");
        }
        return new ScoreNumbers(decimal(line, 0, grade), grade + 1 == flags ? null : line.substring(grade + 1, flags),
                raised, itemIds, List.of(scores));
    }

    /**
     * The decimal written in {@code text[start, end)}: plain text of up to 18 digits (what the core
     * writes for a score) is read into an unscaled long directly, anything else by BigDecimal.
     */
    static BigDecimal decimal(String text, int start, int end) {
        boolean negative = start < end && text.charAt(start) == '-';
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        for (int i = negative ? start + 1 : start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && digits < 18) {
                unscaled = unscaled * 10 + (c - '0');
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
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }
}
