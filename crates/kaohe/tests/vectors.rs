//! Runs the shared vector corpus (tests/vectors/*.toml) through the Rust core. The Python and
//! WASM bindings run the same files.

use std::collections::BTreeMap;

use crate::corpus::*;
use kaohe::{Decimal, ScoreCard};

/// Scores `inputs` as one row of columns named after them, through the batch path.
fn scores_of_row(
    ruleset: &kaohe::Ruleset,
    inputs: &kaohe::Inputs,
) -> Result<kaohe::Scores, kaohe::InputErrors> {
    let names: Vec<&str> = inputs.iter().map(|(name, _)| name).collect();
    let columns = ruleset.columns(&names)?;
    let row: Vec<Option<kaohe::InputValue>> = inputs.iter().map(|(_, value)| Some(value.clone())).collect();
    let mut scores = ruleset.new_scores();
    ruleset.score_row_into(&columns, &row, &mut scores)?;
    Ok(scores)
}

fn check_period(card: &kaohe::PeriodCard, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(total) = &expect.total {
        if card.total != decimal(total) {
            problems.push(format!("period total {} != expected {total}", card.total));
        }
    }
    if let Some(flags) = &expect.flags {
        let raised: Vec<&str> = card.flags.iter().map(|f| &*f.flag.id).collect();
        if raised != flags.iter().map(String::as_str).collect::<Vec<_>>() {
            problems.push(format!("flags {raised:?} != expected {flags:?}"));
        }
    }
    if let Some(grade) = &expect.grade {
        let label = card.grade.as_ref().map_or("", |g| g.label.as_str());
        if label != grade {
            problems.push(format!("grade {label:?} != expected {grade:?}"));
        }
    }
    if let Some(counted) = &expect.counted {
        let got: Vec<String> = card
            .months
            .iter()
            .map(|m| m.counted.map_or("-".to_owned(), |c| c.normalize().to_string()))
            .collect();
        let wanted: Vec<String> = counted
            .iter()
            .map(|c| if c == "-" { c.clone() } else { decimal(c).normalize().to_string() })
            .collect();
        if got != wanted {
            problems.push(format!("counted months {got:?} != expected {wanted:?}"));
        }
    }
    if let Some(carried) = &expect.carried_out {
        if card.carried_out != decimal(carried) {
            problems.push(format!("carried out {} != expected {carried}", card.carried_out));
        }
    }
    problems
}

/// Compares one card with what the case expects; items not listed keep their full points (a
/// bonus section's items: zero).
fn check(card: &ScoreCard, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(total) = &expect.total {
        if card.total != decimal(total) {
            problems.push(format!("total {} != expected {total}", card.total));
        }
    }
    for (section, item) in card.items() {
        let unlisted = if section.bonus { Decimal::ZERO } else { item.points };
        let wanted = expect.items.get(&*item.id).map_or(unlisted, |s| decimal(s));
        if item.score != wanted {
            problems.push(format!("item {} scored {} != expected {wanted}", item.id, item.score));
        }
    }
    for id in expect.items.keys() {
        if card.item(id).is_none() {
            problems.push(format!("expected item {id} is not in the ruleset"));
        }
    }
    for (name, wanted) in &expect.metrics {
        match card.metrics.iter().find(|m| &*m.name == name) {
            Some(m) if m.value == decimal(wanted) => {}
            Some(m) => problems.push(format!("metric {name} = {} != expected {wanted}", m.value)),
            None => problems.push(format!("metric {name} is not on the card")),
        }
    }
    if let Some(grade) = &expect.grade {
        let label = card.grade.as_ref().map_or("", |g| g.label.as_str());
        if label != grade {
            problems.push(format!("grade {label:?} != expected {grade:?}"));
        }
    }
    if let Some(flags) = &expect.flags {
        let raised: Vec<&str> = card.flags.iter().map(|f| &*f.id).collect();
        if raised != flags.iter().map(String::as_str).collect::<Vec<_>>() {
            problems.push(format!("flags {raised:?} != expected {flags:?}"));
        }
    }
    problems
}

#[test]
fn vector_corpus() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (file_name, file) in corpus() {
        let ruleset = load(&file.ruleset).unwrap_or_else(|e| panic!("{file_name}: {e}"));
        for case in &file.case {
            cases += 1;
            let label = format!("{file_name} / {}", case.name);
            assert!(!case.arithmetic.trim().is_empty(), "{label}: every case writes out its arithmetic");
            if let Some(units) = &case.units {
                let standings = standings_of(&ruleset, &file.base, units, &label);
                let got: BTreeMap<String, usize> =
                    ruleset.rank(standings).unwrap().into_iter().map(|r| (r.unit, r.rank)).collect();
                if got != case.expect.ranks {
                    failures.push(format!("{label}: ranks {got:?} != expected {:?}", case.expect.ranks));
                }
                continue;
            }
            if let Some(period) = case.period {
                let months = months_of(&file.base, case.months.as_deref().unwrap_or_default());
                let period_inputs = table_inputs(case.period_inputs.clone());
                match (&case.expect.error, ruleset.roll_up(period, &months, &period_inputs)) {
                    (Some(wanted), Err(errors)) => {
                        if !errors.0.iter().any(|e| e.loc == wanted.loc && e.kind.code() == wanted.kind) {
                            failures.push(format!(
                                "{label}: expected error {}/{}, got {errors}",
                                wanted.loc, wanted.kind
                            ));
                        }
                    }
                    (None, Ok(card)) => {
                        failures.extend(
                            check_period(&card, &case.expect).into_iter().map(|p| format!("{label}: {p}")),
                        );
                    }
                    (_, outcome) => failures.push(format!("{label}: unexpected outcome {outcome:?}")),
                }
                continue;
            }
            let inputs = inputs_of(&file.base, case);
            let numbers = scores_of_row(&ruleset, &inputs);
            match (&case.expect.error, ruleset.score(&inputs), ruleset.explain(&inputs)) {
                (Some(wanted), Err(errors), Err(explained)) => {
                    assert_eq!(errors, explained, "{label}");
                    assert_eq!(numbers, Err(errors.clone()), "{label}: score_row_into and score disagree");
                    if !errors.0.iter().any(|e| e.loc == wanted.loc && e.kind.code() == wanted.kind) {
                        failures.push(format!(
                            "{label}: expected error {}/{}, got {errors}",
                            wanted.loc, wanted.kind
                        ));
                    }
                }
                (None, Ok(card), Ok(explained)) => {
                    for problem in check(&card, &case.expect) {
                        failures.push(format!("{label}: {problem}"));
                    }
                    // The trace changes nothing but the effects.
                    let mut bare = explained.clone();
                    for section in &mut bare.sections {
                        for item in &mut section.items {
                            item.effects.clear();
                        }
                    }
                    assert_eq!(bare, card, "{label}: explain() and score() disagree");
                    // The batch path gives the card's numbers.
                    let numbers = numbers.unwrap_or_else(|e| panic!("{label}: score_row_into refused: {e}"));
                    assert_eq!(numbers.total, card.total, "{label}");
                    assert_eq!(numbers.grade.map(|g| ruleset.grades()[g].clone()), card.grade, "{label}");
                    let items: Vec<Decimal> = card.items().map(|(_, item)| item.score).collect();
                    assert!(numbers.items.iter().map(|i| i.score).eq(items), "{label}: item scores");
                    let raised: Vec<bool> = ruleset.flags().iter().map(|f| card.flags.contains(f)).collect();
                    assert_eq!(numbers.flags, raised, "{label}: flags");
                }
                (_, scored, _) => failures.push(format!("{label}: unexpected outcome {scored:?}")),
            }
        }
    }
    assert!(cases >= 12, "the corpus holds {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} vector cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
