package io.github.kaohe;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A quarter, half-year or year rolled up from its months: the contract's {@code period-card.json}.
 * Each month's line has its total (null for a month without inputs), what the formula counted of
 * it and the deficit carried into it; {@code values} are the numbers the formula read.
 */
public record PeriodCard(int format, String ruleset, String rulesetVersion, String period, BigDecimal total,
        ScoreCard.Grade grade, List<RaisedFlag> flags, List<MonthLine> months, BigDecimal carriedOut,
        Map<String, BigDecimal> values, String formula, String basis, String json) {

    /** One month of the period, from 1. */
    public record MonthLine(int month, BigDecimal total, BigDecimal counted, BigDecimal carriedIn) {
        static MonthLine of(Map<String, Object> json) {
            return new MonthLine(Fields.integer(json, "month"), Fields.decimal(json, "total"),
                    Fields.decimal(json, "counted"), Fields.decimal(json, "carried_in"));
        }
    }

    /** A flag the period raised, with the clause it comes from. */
    public record RaisedFlag(ScoreCard.Flag flag, String label, String labelEn, String basis) {
        static RaisedFlag of(Map<String, Object> json) {
            return new RaisedFlag(ScoreCard.Flag.of(Fields.object(json, "flag")), Fields.text(json, "label"),
                    Fields.text(json, "label_en"), Fields.text(json, "basis"));
        }
    }

    static PeriodCard parse(String text) {
        Map<String, Object> json = Fields.asObject(Json.parse(text));
        return new PeriodCard(Fields.integer(json, "format"), Fields.text(json, "ruleset"),
                Fields.text(json, "ruleset_version"), Fields.text(json, "period"), Fields.decimal(json, "total"),
                ScoreCard.Grade.of(Fields.object(json, "grade")), Fields.list(json, "flags", RaisedFlag::of),
                Fields.list(json, "months", MonthLine::of), Fields.decimal(json, "carried_out"),
                Fields.namedValues(json, "values"), Fields.text(json, "formula"), Fields.text(json, "basis"), text);
    }
}
