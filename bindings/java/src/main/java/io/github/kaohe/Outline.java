package io.github.kaohe;

import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every card of one ruleset shares: the ids, titles and points of its sections and items,
 * its metrics' names, and the grade bands and flags a card may name. Read once when the ruleset
 * is loaded; each scoring then crosses as one line of numbers (see the native {@code numbers})
 * that this reads into records, so no card text is written or parsed per call.
 */
final class Outline {
    private final ScoreCard card;
    private final List<ScoreCard.Grade> grades;
    private final List<ScoreCard.Flag> flags;
    final List<String> itemIds;
    /** Each rule's clause as last read, by rule id: the same bytes are not decoded twice. */
    private final Map<String, Line.Known> clauses = new ConcurrentHashMap<>();

    /** From the ruleset's description and its card with no scoring behind it (both JSON). */
    Outline(Map<String, Object> description, byte[] outline) {
        this.card = ScoreCard.of(Fields.asObject(Json.parse(outline, 0, outline.length)));
        this.grades = Fields.list(description, "grades", ScoreCard.Grade::of);
        this.flags = Fields.list(description, "flags", ScoreCard.Flag::of);
        this.itemIds = card.sections().stream().flatMap(s -> s.items().stream()).map(ScoreCard.Item::id).toList();
    }

    /** The fields every line starts with: total, grade, flags raised, item scores. */
    private final class Head {
        final BigDecimal total;
        final ScoreCard.Grade grade;
        final List<ScoreCard.Flag> raised = new ArrayList<>(0);
        final BigDecimal[] scores = new BigDecimal[itemIds.size()];

        Head(Line line) {
            total = line.decimal();
            grade = line.nextField().fieldEnds() ? null : grades.get(line.whole());
            for (line.nextField(); !line.fieldEnds();) {
                raised.add(flags.get(line.whole()));
            }
            line.nextField();
            for (int n = 0; n < scores.length; n++) {
                scores[n] = line.decimal();
            }
        }
    }

    /** The numbers of the next line, written with numbers only. */
    ScoreNumbers numbers(Line line) {
        Head head = new Head(line);
        line.endLine();
        String[] raised = new String[head.raised.size()];
        for (int n = 0; n < raised.length; n++) {
            raised[n] = head.raised.get(n).id();
        }
        return new ScoreNumbers(head.total, head.grade == null ? null : head.grade.label(), List.of(raised), itemIds,
                List.of(head.scores));
    }

    /** The card of the next line, written with every number of a card, explained or not. */
    ScoreCard card(Line line) {
        Head head = new Head(line);
        boolean totalZeroed = line.nextField().bit();
        Map<String, BigDecimal> metrics = new LinkedHashMap<>();
        line.nextField();
        for (String name : card.metrics().keySet()) {
            metrics.put(name, line.decimal());
        }
        int count = card.sections().size();
        BigDecimal[] sectionScores = new BigDecimal[count];
        boolean[] zeroed = new boolean[count];
        line.nextField();
        for (int s = 0; s < count; s++) {
            sectionScores[s] = line.decimal();
            zeroed[s] = line.bit();
        }
        int items = itemIds.size();
        BigDecimal[] deducted = new BigDecimal[items];
        BigDecimal[] awarded = new BigDecimal[items];
        int[] marks = new int[items];
        line.nextField();
        for (int i = 0; i < items; i++) {
            deducted[i] = line.decimal();
            awarded[i] = line.decimal();
            marks[i] = line.whole();
        }
        // An explained line ends with each item's effects.
        List<List<ScoreCard.Effect>> effects = line.more() ? effects(line.nextField(), items) : null;
        line.endLine();
        List<ScoreCard.Section> sections = new ArrayList<>(count);
        int n = 0;
        for (int s = 0; s < count; s++) {
            ScoreCard.Section section = card.sections().get(s);
            List<ScoreCard.Item> scored = new ArrayList<>(section.items().size());
            for (ScoreCard.Item item : section.items()) {
                List<ScoreCard.Effect> itemEffects = effects == null ? List.of() : effects.get(n);
                scored.add(new ScoreCard.Item(item.id(), item.title(), item.titleEn(), item.points(), head.scores[n],
                        deducted[n], awarded[n], (marks[n] & 1) != 0, (marks[n] & 2) != 0, (marks[n] & 4) != 0,
                        itemEffects));
                n++;
            }
            sections.add(new ScoreCard.Section(section.id(), section.title(), section.titleEn(), section.points(),
                    sectionScores[s], section.bonus(), zeroed[s], Collections.unmodifiableList(scored)));
        }
        return new ScoreCard(card.format(), card.ruleset(), card.rulesetVersion(), head.total, card.fullMarks(),
                head.grade, Collections.unmodifiableList(head.raised), totalZeroed,
                Collections.unmodifiableMap(metrics), Collections.unmodifiableList(sections));
    }

    /**
     * Each item's effects, from the last field of an explained line: one part per item, kept as
     * bytes (the field's own copy) and read into records when the item's effects are first asked
     * for. A caller that reads the total and a few items pays for decoding only those.
     */
    private List<List<ScoreCard.Effect>> effects(Line line, int items) {
        Line parts = line.copyParts(items);
        List<List<ScoreCard.Effect>> all = new ArrayList<>(items);
        for (int n = 0; n < items; n++) {
            // An item without effects has an empty part; else its part starts with their number.
            Line item = parts.part();
            all.add(item.hasLine() ? new Effects(item, item.count()) : List.of());
        }
        parts.finished();
        return all;
    }

    /** One item's effects, read from its part when first asked for; immutable, as the card is. */
    private final class Effects extends AbstractList<ScoreCard.Effect> implements RandomAccess {
        private final Line parts;
        private final int count;
        private volatile List<ScoreCard.Effect> read;

        /** {@code parts}: the item's part after its count of effects. */
        Effects(Line parts, int count) {
            this.parts = parts;
            this.count = count;
        }

        @Override
        public ScoreCard.Effect get(int index) {
            return read().get(index);
        }

        @Override
        public int size() {
            return count;
        }

        /** The records, read once (two threads asking at once may both read; either result serves). */
        private List<ScoreCard.Effect> read() {
            List<ScoreCard.Effect> effects = read;
            if (effects == null) {
                Line line = parts.rest();
                ScoreCard.Effect[] each = new ScoreCard.Effect[count];
                for (int e = 0; e < count; e++) {
                    each[e] = effect(line);
                }
                line.finished();
                effects = List.of(each);
                read = effects;
            }
            return effects;
        }
    }

    private ScoreCard.Effect effect(Line line) {
        String rule = line.text();
        String kind = line.text();
        String effect = line.text();
        String value = line.text();
        boolean flag = effect.equals("flag");
        BigDecimal amount = flag || value.isEmpty() ? null : new BigDecimal(value);
        Map<String, Object> arithmetic = Fields.asObject(line.json());
        Line.Known last = clauses.get(rule);
        Line.Known basis = line.known(last);
        if (basis != last) {
            clauses.put(rule, basis);
        }
        String messageZh = line.text();
        String messageEn = line.text();
        int readings = line.count();
        Map<String, String> reads = new LinkedHashMap<>();
        for (int r = 0; r < readings; r++) {
            reads.put(line.text(), line.text());
        }
        return new ScoreCard.Effect(rule, kind, effect, amount, flag ? value : null, basis.text(), messageZh, messageEn,
                Collections.unmodifiableMap(reads), Collections.unmodifiableMap(arithmetic));
    }
}
