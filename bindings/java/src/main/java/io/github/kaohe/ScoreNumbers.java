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
        String[] fields = line.split("\t", -1);
        List<String> flags = fields[2].isEmpty() ? List.of() : List.of(fields[2].split(","));
        List<BigDecimal> scores = new ArrayList<>(itemIds.size());
        for (String score : fields[3].split(",")) {
            scores.add(new BigDecimal(score));
        }
        return new ScoreNumbers(new BigDecimal(fields[0]), fields[1].isEmpty() ? null : fields[1], flags, itemIds,
                List.copyOf(scores));
    }
}
