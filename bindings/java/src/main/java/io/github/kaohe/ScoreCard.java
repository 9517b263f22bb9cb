package io.github.kaohe;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One unit's month, scored: the contract's {@code score-card.json} with every number a
 * {@link BigDecimal}. {@code grade} is null when no grade band applies; items carry their effects
 * only when the card was explained. (For the card as JSON text, call {@link Ruleset#scoreJson}.)
 */
public record ScoreCard(int format, String ruleset, String rulesetVersion, BigDecimal total, BigDecimal fullMarks,
        Grade grade, List<Flag> flags, boolean totalZeroed, Map<String, BigDecimal> metrics, List<Section> sections) {

    /** A grade band: {@code min} is null for the lowest band. */
    public record Grade(BigDecimal min, String label, String labelEn, String colour, String consequence,
            String consequenceEn) {
        static Grade of(Map<String, Object> json) {
            return json == null ? null : new Grade(Fields.decimal(json, "min"), Fields.text(json, "label"),
                    Fields.text(json, "label_en"), Fields.optionalText(json, "colour"),
                    Fields.optionalText(json, "consequence"), Fields.optionalText(json, "consequence_en"));
        }
    }

    /** A flag raised on the card (a veto, a warning the scheme names). */
    public record Flag(String id, String label, String labelEn) {
        static Flag of(Map<String, Object> json) {
            return new Flag(Fields.text(json, "id"), Fields.text(json, "label"), Fields.text(json, "label_en"));
        }
    }

    /** A section and its items; a bonus section's points are added on top. */
    public record Section(String id, String title, String titleEn, BigDecimal points, BigDecimal score, boolean bonus,
            boolean zeroed, List<Item> items) {
        static Section of(Map<String, Object> json) {
            return new Section(Fields.text(json, "id"), Fields.text(json, "title"), Fields.text(json, "title_en"),
                    Fields.decimal(json, "points"), Fields.decimal(json, "score"), Fields.flag(json, "bonus"),
                    Fields.flag(json, "zeroed"), Fields.list(json, "items", Item::of));
        }
    }

    /** An item: its points, score, what was deducted and awarded, and (explained) why. */
    public record Item(String id, String title, String titleEn, BigDecimal points, BigDecimal score,
            BigDecimal deducted, BigDecimal awarded, boolean zeroed, boolean floored, boolean capped,
            List<Effect> effects) {
        static Item of(Map<String, Object> json) {
            return new Item(Fields.text(json, "id"), Fields.text(json, "title"), Fields.text(json, "title_en"),
                    Fields.decimal(json, "points"), Fields.decimal(json, "score"), Fields.decimal(json, "deducted"),
                    Fields.decimal(json, "awarded"), Fields.flag(json, "zeroed"), Fields.flag(json, "floored"),
                    Fields.flag(json, "capped"), Fields.list(json, "effects", Effect::of));
        }
    }

    /**
     * What one rule did: its id and kind; its {@code effect} ({@code deduct}, {@code award},
     * {@code set}, {@code item_zero}, {@code section_zero}, {@code total_zero} or {@code flag})
     * with the {@code amount} deducted or awarded or the score set (null for the others) or the
     * {@code flag} raised (else null); the clause it comes from ({@code basis}); a message in
     * Chinese and English; the values it read; and its arithmetic as the contract's JSON object
     * (decimals as strings).
     */
    public record Effect(String rule, String kind, String effect, BigDecimal amount, String flag, String basis,
            String messageZh, String messageEn, Map<String, String> reads, Map<String, Object> arithmetic) {
        static Effect of(Map<String, Object> json) {
            Map<String, Object> message = Fields.object(json, "message");
            Map<String, String> reads = new LinkedHashMap<>();
            for (Map<String, Object> read : Fields.list(json, "reads", m -> m)) {
                reads.put(Fields.text(read, "name"), Fields.text(read, "value"));
            }
            BigDecimal amount = Fields.decimal(json, "amount");
            return new Effect(Fields.text(json, "rule"), Fields.text(json, "kind"), Fields.text(json, "effect"),
                    amount != null ? amount : Fields.decimal(json, "score"), Fields.optionalText(json, "flag"),
                    Fields.text(json, "basis"), Fields.text(message, "zh"), Fields.text(message, "en"),
                    Collections.unmodifiableMap(reads), Collections.unmodifiableMap(Fields.object(json, "arithmetic")));
        }
    }

    static ScoreCard of(Map<String, Object> json) {
        return new ScoreCard(Fields.integer(json, "format"), Fields.text(json, "ruleset"),
                Fields.text(json, "ruleset_version"), Fields.decimal(json, "total"), Fields.decimal(json, "full_marks"),
                Grade.of(Fields.object(json, "grade")), Fields.list(json, "flags", Flag::of),
                Fields.flag(json, "total_zeroed"), Fields.namedValues(json, "metrics"),
                Fields.list(json, "sections", Section::of));
    }

    /** A card from the contract's JSON (as {@code scoreJson} and the CLI's {@code --format json} write it). */
    public static ScoreCard fromJson(String text) {
        return of(Fields.asObject(Json.parse(text)));
    }

    /** The item with this id, or null. */
    public Item item(String id) {
        for (Section section : sections) {
            for (Item item : section.items()) {
                if (item.id().equals(id)) {
                    return item;
                }
            }
        }
        return null;
    }
}
