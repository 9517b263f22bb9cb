package io.github.kaohe;

import java.math.BigDecimal;
import java.util.Map;

/** Ranking: what goes in ({@link Standing}) and what comes out ({@link Ranked}). */
public final class Ranking {
    private Ranking() {}

    /** A unit's total for a period; units rank only against units of the same kind. */
    public record Standing(String unit, String kind, BigDecimal total) {}

    /** A unit's place within its kind (ties share a rank) and its grade (null when none applies). */
    public record Ranked(String unit, String kind, int rank, BigDecimal total, ScoreCard.Grade grade) {
        static Ranked of(Map<String, Object> json) {
            return new Ranked(Fields.text(json, "unit"), Fields.text(json, "kind"), Fields.integer(json, "rank"),
                    Fields.decimal(json, "total"), ScoreCard.Grade.of(Fields.object(json, "grade")));
        }
    }
}
