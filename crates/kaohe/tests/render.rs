//! The one card renderer: for every single-card case of the vector corpus, the text table and the
//! HTML fragment each show every fact of the card, in Chinese and in English. The Python and WASM
//! tests check their `explain`, `_repr_html_` and `render` against the same facts.

use kaohe::render::{card_html, card_text, escape_html, Lang};
use kaohe::ScoreCard;

use crate::corpus::*;

/// What a reader must find on a card, in one language.
fn facts(card: &ScoreCard, lang: Lang) -> Vec<String> {
    let mut facts = vec![card.total.to_string(), card.full_marks.to_string()];
    for section in &card.sections {
        facts.push(lang.pick(&section.title, &section.title_en).to_owned());
        if section.zeroed {
            facts.push(lang.pick("本部分计零", "the section scores zero").to_owned());
        }
        for item in &section.items {
            facts.push(lang.pick(&item.title, &item.title_en).to_owned());
            facts.push(item.score.to_string());
            facts.extend(item.effects.iter().map(|e| lang.pick(&e.message.zh, &e.message.en).to_owned()));
            for (holds, zh, en) in [
                (item.floored, "扣完为止", "floored"),
                (item.capped, "已达上限", "capped"),
                (item.zeroed && item.effects.is_empty(), "本项计零", "the item scores zero"),
            ] {
                if holds {
                    facts.push(lang.pick(zh, en).to_owned());
                }
            }
        }
    }
    if card.total_zeroed {
        facts.push(lang.pick("一票否决", "vetoed").to_owned());
    }
    if let Some(grade) = &card.grade {
        facts.push(lang.pick(&grade.label, &grade.label_en).to_owned());
        let consequence = if lang == Lang::Zh { &grade.consequence } else { &grade.consequence_en };
        facts.extend(consequence.clone());
    }
    facts.extend(card.flags.iter().map(|f| lang.pick(&f.label, &f.label_en).to_owned()));
    facts
}

#[test]
fn text_and_html_show_every_fact_of_every_corpus_card() {
    let mut shown = 0;
    let mut markers = [0; 3];
    for (file_name, file) in corpus() {
        let ruleset = load(&file.ruleset).unwrap();
        for case in file.case.iter().filter(|c| c.period.is_none() && c.units.is_none()) {
            let inputs = inputs_of(&file.base, case);
            // Explained, and scored without a trace (no messages: the markers carry the facts).
            for card in [ruleset.explain(&inputs), ruleset.score(&inputs)].into_iter().flatten() {
                markers[0] += usize::from(card.items().any(|(_, i)| i.floored));
                markers[1] += usize::from(card.items().any(|(_, i)| i.capped));
                markers[2] += usize::from(card.items().any(|(_, i)| i.zeroed && i.effects.is_empty()));
                for lang in [Lang::Zh, Lang::En] {
                    let (text, html) = (card_text(&card, lang), card_html(&card, lang));
                    for fact in facts(&card, lang) {
                        assert!(
                            text.contains(&fact),
                            "{file_name} {}: text lacks {fact:?}\n{text}",
                            case.name
                        );
                        assert!(
                            html.contains(&escape_html(&fact)),
                            "{file_name} {}: html lacks {fact:?}",
                            case.name
                        );
                    }
                }
                shown += 1;
            }
        }
    }
    assert!(shown > 50, "only {shown} corpus cards");
    // The corpus reaches the markers the text must show besides messages.
    assert!(markers.iter().all(|n| *n > 0), "floored, capped, zeroed without a trace: {markers:?}");
}

#[test]
fn a_card_reads_as_a_table() {
    // ningbo/district with two late arrivals: 100 − 2 × 1 = 98 (the crate's front-page example).
    let ruleset = kaohe::builtin::load("ningbo/district").unwrap();
    let mut month = kaohe::Inputs::new();
    for (name, value) in [
        ("grid_cells", "300"),
        ("inspectors", "20"),
        ("operators", "15"),
        ("inspector_online_rate", "72%"),
        ("reported_items", "1000"),
        ("valid_cases", "800"),
        ("daily_valid_collections", "300"),
        ("on_time_closure_rate", "91%"),
        ("closure_rate", "97%"),
        ("rework_rate", "1%"),
        ("superior_satisfaction", "95%"),
        ("partner_satisfaction", "90%"),
        ("community_satisfaction", "88%"),
        ("late_arrivals", "2"),
    ] {
        month.insert(name, value);
    }
    let text = card_text(&ruleset.explain(&month).unwrap(), Lang::En);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Item") && lines[0].ends_with("Reasons"), "{text}");
    assert!(text.contains("\nTotal 98 / 100\n"), "{text}");
    // One reason per line: the late arrivals' deduction sits on its item's line.
    let late = lines.iter().find(|l| l.contains("2 × 1")).unwrap_or_else(|| panic!("{text}"));
    assert!(late.trim_start().starts_with(|c: char| c.is_alphabetic()), "{late}");
}
