//! Property tests over every built-in ruleset: random inputs within each declared input's kind and
//! bounds must give cards whose parts are consistent, and the Ningbo scheme (deduction only) must
//! never reward a failure. Rollups and ranking also take values at a decimal's edges.

use kaohe::{builtin, Decimal, InputKind, InputValue, Inputs, Ruleset, ScoreCard};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Random inputs for a ruleset: every declared input given a value its declaration allows.
fn inputs_for(ruleset: &Ruleset) -> impl Strategy<Value = Inputs> {
    let strategies: Vec<BoxedStrategy<(String, InputValue)>> = ruleset
        .inputs()
        .iter()
        .map(|input| {
            let name = input.name.to_string();
            let (low, high) = (input.min.unwrap_or(Decimal::ZERO), input.max);
            let hundredths = |low: Decimal, high: Decimal| {
                let (lo, hi) = ((low * Decimal::ONE_HUNDRED).ceil(), (high * Decimal::ONE_HUNDRED).floor());
                let (lo, hi) =
                    (lo.to_string().parse::<i64>().unwrap(), hi.to_string().parse::<i64>().unwrap());
                (lo..=hi.max(lo)).prop_map(|n| Decimal::new(n, 2))
            };
            let value: BoxedStrategy<InputValue> = match input.kind {
                InputKind::Flag => any::<bool>().prop_map(InputValue::Bool).boxed(),
                InputKind::Count => {
                    let high = high.map_or(60, |h| h.to_string().parse::<i64>().unwrap());
                    (low.to_string().parse::<i64>().unwrap()..=high).prop_map(InputValue::from).boxed()
                }
                InputKind::Rate => {
                    hundredths(Decimal::new(30, 2), Decimal::ONE).prop_map(InputValue::Number).boxed()
                }
                InputKind::Amount | InputKind::Score => {
                    hundredths(low, high.unwrap_or(Decimal::from(500))).prop_map(InputValue::Number).boxed()
                }
                InputKind::Occurrences => {
                    let entries = input.max_entries.unwrap_or(3).min(3);
                    proptest::collection::vec(hundredths(low, high.unwrap_or(Decimal::ONE)), 0..=entries)
                        .prop_map(|list| InputValue::List(list.into_iter().map(InputValue::Number).collect()))
                        .boxed()
                }
            };
            value.prop_map(move |v| (name.clone(), v)).boxed()
        })
        .collect();
    // A value limited by another input (`at_most`) is brought within its limit, following
    // chains such as handled_in_time <= handled <= received.
    let limits: Vec<(String, String)> = ruleset
        .inputs()
        .iter()
        .filter_map(|i| Some((i.name.to_string(), i.at_most.as_deref()?.to_owned())))
        .collect();
    strategies.prop_map(move |pairs| {
        let mut inputs: Inputs = pairs.into_iter().collect();
        for _ in 0..limits.len() {
            for (name, limit) in &limits {
                if let (Some(InputValue::Number(value)), Some(InputValue::Number(most))) =
                    (inputs.get(name), inputs.get(limit))
                {
                    let clamped = (*value).min(*most);
                    inputs.insert(name.clone(), InputValue::Number(clamped));
                }
            }
        }
        inputs
    })
}

/// Checks a card's parts against each other and the ruleset's bounds.
fn consistent(ruleset: &Ruleset, card: &ScoreCard) -> Result<(), TestCaseError> {
    let bounds: Vec<_> = ruleset.item_bounds().collect();
    let mut total = Decimal::ZERO;
    for section in &card.sections {
        let mut sum = Decimal::ZERO;
        for item in &section.items {
            let (_, floor, cap) = bounds.iter().find(|(id, _, _)| *id == &*item.id).copied().unwrap();
            if !item.zeroed {
                prop_assert!(floor.is_none_or(|f| item.score >= f), "{} below its floor", item.id);
                prop_assert!(cap.is_none_or(|c| item.score <= c), "{} above its cap", item.id);
            } else {
                prop_assert_eq!(item.score, Decimal::ZERO);
            }
            sum += item.score;
        }
        let expected = if section.zeroed {
            Decimal::ZERO
        } else if section.bonus {
            sum.min(section.points)
        } else {
            sum
        };
        prop_assert_eq!(section.score, expected.normalize(), "section {}", section.id);
        total += section.score;
    }
    let expected = if card.total_zeroed { Decimal::ZERO } else { total };
    // Rounded once, by the ruleset's strategy (items are exact where the scope is the total).
    prop_assert_eq!(card.total, ruleset.meta().rounding.apply(expected));
    // The card's JSON text reads back as the same document, decimals as the same strings.
    let json = serde_json::to_string(card).unwrap();
    let again: serde_json::Value = serde_json::from_str(&json).unwrap();
    prop_assert_eq!(&again, &serde_json::to_value(card).unwrap());
    let total = card.total.to_string();
    prop_assert_eq!(again["total"].as_str(), Some(total.as_str()));
    Ok(())
}

/// A scoring's line of numbers (`kaohe::line`) carries every number of its card, in order.
fn numbers_match_the_card(ruleset: &Ruleset, inputs: &Inputs, card: &ScoreCard) -> Result<(), TestCaseError> {
    use kaohe::line::{push_line, Fields};
    let mut scores = ruleset.new_scores();
    ruleset.score_into(inputs, &mut scores).unwrap();
    let (mut numbers, mut line) = (String::new(), String::new());
    push_line(&mut numbers, ruleset, &scores, Fields::Numbers);
    push_line(&mut line, ruleset, &scores, Fields::Card);
    let joined = |values: Vec<String>| values.join(",");
    let bit = |b: bool| if b { "1" } else { "0" };
    let items: Vec<&kaohe::ItemScore> = card.items().map(|(_, item)| item).collect();
    let expected_numbers = [
        card.total.to_string(),
        card.grade.as_ref().map_or(String::new(), |g| {
            ruleset.grades().iter().position(|band| std::sync::Arc::ptr_eq(band, g)).unwrap().to_string()
        }),
        joined(
            card.flags
                .iter()
                .map(|f| {
                    ruleset.flags().iter().position(|x| std::sync::Arc::ptr_eq(x, f)).unwrap().to_string()
                })
                .collect(),
        ),
        joined(items.iter().map(|i| i.score.to_string()).collect()),
    ]
    .join("\t");
    prop_assert_eq!(&numbers, &expected_numbers);
    let marks = |i: &kaohe::ItemScore| u8::from(i.zeroed) + 2 * u8::from(i.floored) + 4 * u8::from(i.capped);
    let expected_card = [
        expected_numbers,
        bit(card.total_zeroed).to_owned(),
        joined(card.metrics.iter().map(|m| m.value.to_string()).collect()),
        joined(card.sections.iter().map(|s| format!("{},{}", s.score, bit(s.zeroed))).collect()),
        joined(items.iter().map(|i| format!("{},{},{}", i.deducted, i.awarded, marks(i))).collect()),
    ]
    .join("\t");
    prop_assert_eq!(line, expected_card);
    Ok(())
}

/// A runner with a fixed seed: the same cases every run (and in the packaged crate), so that a
/// property that needs some cases of a kind (a year that rolls up) cannot pass or fail by chance.
fn runner(cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let rng = proptest::test_runner::TestRng::deterministic_rng(config.rng_algorithm);
    TestRunner::new_with_rng(config, rng)
}

#[test]
fn every_built_in_ruleset_gives_consistent_cards() {
    for id in builtin::ids() {
        let ruleset = builtin::load(id).unwrap();
        if ruleset.missing_parameters().next().is_some() {
            continue; // shenzhen/platform cannot score; shenzhen/example-weights covers it.
        }
        let scored = std::cell::Cell::new(0);
        runner(200)
            .run(&inputs_for(&ruleset), |inputs| {
                match ruleset.explain(&inputs) {
                    Ok(card) => {
                        scored.set(scored.get() + 1);
                        consistent(&ruleset, &card)?;
                        prop_assert_eq!(ruleset.score(&inputs).unwrap().total, card.total);
                        numbers_match_the_card(&ruleset, &inputs, &card)?;
                    }
                    // Random counts may break an `at_most` relation or a zero denominator: an
                    // input error, never a panic.
                    Err(errors) => prop_assert!(!errors.0.is_empty()),
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(scored.get() > 0, "{id}: no random inputs scored");
    }
}

fn ningbo_failure_counts(ruleset: &Ruleset) -> Vec<String> {
    ruleset
        .inputs()
        .iter()
        .filter(|i| i.kind == InputKind::Count && i.default.is_some())
        .map(|i| i.name.to_string())
        .collect()
}

#[test]
fn in_a_deduction_only_scheme_more_failures_never_raise_a_score() {
    let ruleset = builtin::load("ningbo/district").unwrap();
    let counts = ningbo_failure_counts(&ruleset);
    let strategy = (inputs_for(&ruleset), 0..counts.len());
    runner(300)
        .run(&strategy, |(inputs, which)| {
            let Ok(before) = ruleset.score(&inputs) else { return Ok(()) };
            let name = &counts[which];
            let current = match inputs.get(name) {
                Some(InputValue::Number(n)) => *n,
                _ => Decimal::ZERO,
            };
            let mut worse = inputs.clone();
            worse.insert(name.clone(), InputValue::Number(current + Decimal::ONE));
            if let Ok(after) = ruleset.score(&worse) {
                prop_assert!(after.total <= before.total, "one more {name} raised the total");
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn in_a_deduction_only_scheme_a_better_rate_never_lowers_a_score() {
    let ruleset = builtin::load("ningbo/district").unwrap();
    // Rates where higher is better (the rework rate is the one where lower is better).
    let rates = [
        "inspector_online_rate",
        "on_time_closure_rate",
        "closure_rate",
        "superior_satisfaction",
        "partner_satisfaction",
        "community_satisfaction",
    ];
    runner(300)
        .run(&(inputs_for(&ruleset), 0..rates.len(), 1..20i64), |(inputs, which, gain)| {
            let Ok(before) = ruleset.score(&inputs) else { return Ok(()) };
            let name = rates[which];
            let Some(InputValue::Number(rate)) = inputs.get(name) else { return Ok(()) };
            let better = (*rate + Decimal::new(gain, 2)).min(Decimal::ONE);
            let mut improved = inputs.clone();
            improved.insert(name, InputValue::Number(better));
            let after = match ruleset.score(&improved) {
                Ok(after) => after,
                // A better on-time rate may pass the closure rate it is part of: refused, not scored.
                Err(errors) if errors.0.iter().all(|e| e.kind == kaohe::InputErrorKind::AboveLimit) => {
                    return Ok(())
                }
                Err(errors) => panic!("{errors}"),
            };
            prop_assert!(after.total >= before.total, "a better {name} lowered the total");
            // And a lower rework rate never lowers it either.
            let mut less_rework = inputs.clone();
            less_rework.insert("rework_rate", InputValue::Number(Decimal::ZERO));
            prop_assert!(ruleset.score(&less_rework).unwrap().total >= before.total);
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_ruleset_written_back_to_toml_scores_identically() {
    for id in builtin::ids() {
        let source = builtin::source(id).unwrap();
        let table: toml::Table = source.parse().unwrap();
        let rewritten = toml::to_string(&table).unwrap();
        let (original, reloaded) = (builtin::load(id).unwrap(), Ruleset::from_toml(&rewritten, id).unwrap());
        if original.missing_parameters().next().is_some() {
            continue;
        }
        runner(50)
            .run(&inputs_for(&original), |inputs| {
                prop_assert_eq!(original.explain(&inputs), reloaded.explain(&inputs));
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

/// Values at a decimal's edges, for any input kind: most are refused, none may panic.
fn extreme_value() -> impl Strategy<Value = InputValue> {
    prop_oneof![
        Just(InputValue::Number(Decimal::MAX)),
        Just(InputValue::Number(Decimal::MIN)),
        Just(InputValue::Text("0.0000000000000000000000000001".into())),
        Just(InputValue::Text("-79000000000000000000000000000".into())),
        Just(InputValue::Text("99.9999999999999999999999999".into())),
        Just(InputValue::Number(Decimal::ZERO)),
        Just(InputValue::Bool(true)),
        (0i64..1000).prop_map(InputValue::from),
        any::<i64>().prop_map(InputValue::from),
    ]
}

#[test]
fn rollups_take_extreme_months_without_a_panic() {
    for id in builtin::ids() {
        let ruleset = builtin::load(id).unwrap();
        let names: Vec<String> = ruleset.inputs().iter().map(|i| i.name.to_string()).collect();
        for period in [kaohe::Period::Year, kaohe::Period::HalfYear, kaohe::Period::Quarter] {
            let months = proptest::collection::vec(
                proptest::option::weighted(
                    0.9,
                    proptest::collection::vec((0..names.len(), extreme_value()), 0..6),
                ),
                0..13,
            );
            runner(40)
                .run(&months, |months| {
                    // Each month: some inputs set to extremes, the rest left to their defaults.
                    let months: Vec<Option<Inputs>> = months
                        .into_iter()
                        .map(|month| {
                            month.map(|changes| {
                                let mut inputs = Inputs::new();
                                for (index, value) in changes {
                                    inputs.insert(names[index].clone(), value);
                                }
                                inputs
                            })
                        })
                        .collect();
                    match ruleset.roll_up(period, &months, &Inputs::new()) {
                        // A period card is never made over a month that does not score alone.
                        Ok(_) => {
                            for month in months.iter().flatten() {
                                prop_assert!(ruleset.score(month).is_ok(), "{:?}", month);
                            }
                        }
                        Err(errors) => prop_assert!(!errors.0.is_empty()),
                    }
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("{id} {period:?}: {e}"));
        }
    }
}

#[test]
fn ranks_count_the_better_units_of_the_same_kind_at_any_total() {
    let total = prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
        (-3i64..3).prop_map(Decimal::from),
    ];
    // shenzhen/regions ranks districts, streets and communities apart; grades do not touch ranks.
    const KINDS: [&str; 3] = ["district", "street", "community"];
    let regions = builtin::load("shenzhen/regions").unwrap();
    let standings = proptest::collection::vec((0u8..3, total), 0..40);
    runner(300)
        .run(&standings, |entries| {
            let standings: Vec<kaohe::rank::Standing> = entries
                .iter()
                .enumerate()
                .map(|(n, (kind, total))| kaohe::rank::Standing {
                    unit: n.to_string(),
                    kind: KINDS[*kind as usize].to_owned(),
                    total: *total,
                })
                .collect();
            let ranked = regions.rank(standings).unwrap();
            prop_assert_eq!(ranked.len(), entries.len());
            for r in &ranked {
                // 1 + the units of the same kind with a strictly higher total (ties share a rank).
                let better =
                    entries.iter().filter(|(k, t)| KINDS[*k as usize] == r.kind && *t > r.total).count();
                prop_assert_eq!(r.rank, better + 1, "{:?}", r);
            }
            Ok(())
        })
        .unwrap();
}

/// A ledger fed one unit's months in any order makes the card `roll_up` makes from them in order,
/// or refuses with the same errors.
#[test]
fn a_ledger_rolls_months_in_any_order_up_as_roll_up_does() {
    for id in builtin::ids() {
        let ruleset = builtin::load(id).unwrap();
        let Some(rollup) = ruleset.rollup(kaohe::Period::Year) else { continue };
        if ruleset.missing_parameters().next().is_some() {
            continue;
        }
        // The rollup fills the carried deficit itself.
        let carried = rollup.carry_input.as_deref().map(str::to_owned);
        let months = proptest::collection::vec(proptest::option::weighted(0.8, inputs_for(&ruleset)), 12);
        let order = Just((0..12).collect::<Vec<usize>>()).prop_shuffle();
        // Each period input at its least allowed value (a flag unset).
        let given: Inputs = rollup
            .inputs
            .iter()
            .map(|i| match i.kind {
                InputKind::Flag => (i.name.to_string(), InputValue::Bool(false)),
                _ => (i.name.to_string(), InputValue::Number(i.min.unwrap_or(Decimal::ZERO))),
            })
            .collect();
        let rolled = std::cell::Cell::new(0);
        runner(60)
            .run(&(months, order, any::<bool>()), |(mut months, order, only_scoring)| {
                for month in months.iter_mut().flatten() {
                    if let Some(name) = &carried {
                        month.remove(name);
                    }
                }
                // Half the years keep only months that score alone, so that most of them roll up
                // (random counts often break a relation between inputs); the rest keep every month.
                if only_scoring {
                    for month in months.iter_mut() {
                        if month.as_ref().is_some_and(|inputs| ruleset.score(inputs).is_err()) {
                            *month = None;
                        }
                    }
                }
                let expected = ruleset.roll_up(kaohe::Period::Year, &months, &given);
                let mut ledger = kaohe::Ledger::new(&ruleset, kaohe::Period::Year, true).unwrap();
                for &n in &order {
                    if let Some(inputs) = &months[n] {
                        let month = kaohe::YearMonth { year: 2026, month: n as u8 + 1 };
                        ledger.add("单位甲", &ruleset.meta().target_kinds[0], month, inputs).unwrap();
                    }
                }
                let closed: Vec<kaohe::Closed> = ledger.close(|_, _| Some(&given)).collect();
                match (expected, closed.as_slice()) {
                    (_, []) => prop_assert!(months.iter().all(Option::is_none)),
                    (Ok(card), [one]) => {
                        rolled.set(rolled.get() + 1);
                        prop_assert_eq!(Ok(&card), one.card.as_ref());
                    }
                    (Err(errors), [one]) => {
                        let locs = |e: &kaohe::InputErrors| {
                            let mut locs: Vec<String> = e.0.iter().map(|e| e.loc.clone()).collect();
                            locs.sort();
                            locs
                        };
                        prop_assert_eq!(locs(&errors), locs(one.card.as_ref().unwrap_err()));
                    }
                    (_, more) => prop_assert!(false, "{} periods for one unit's year", more.len()),
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(rolled.get() > 0, "{id}: no random year rolled up");
    }
}
