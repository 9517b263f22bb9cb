package io.github.kaohe;

import java.util.Map;

/** A built-in ruleset: its id, titles and the source document it follows. */
public record RulesetSummary(String id, String title, String titleEn, String source) {
    static RulesetSummary of(Map<String, Object> json) {
        return new RulesetSummary(Fields.text(json, "id"), Fields.text(json, "title"), Fields.text(json, "title_en"),
                Fields.text(json, "source"));
    }
}
