package io.github.kaohe;

import java.math.BigDecimal;
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
}
