//! Every rule kind, bound and veto on the example ruleset of rulesets/README.md, with the
//! arithmetic written out.

use kaohe::{Decimal, Inputs, Outcome, Ruleset, ScoreCard};

/// The complete example at the end of rulesets/README.md, so the documentation is what is tested.
fn fixture() -> String {
    let readme = include_str!("../rulesets/README.md");
    let start = readme.rfind("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("the block ends");
    readme[start..end].to_owned()
}

fn ruleset() -> Ruleset {
    Ruleset::from_toml(&fixture(), "rulesets/README.md").unwrap_or_else(|e| panic!("{e}"))
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn score(pairs: &[(&str, kaohe::InputValue)]) -> ScoreCard {
    let inputs: Inputs = pairs.iter().cloned().collect();
    ruleset().explain(&inputs).unwrap_or_else(|e| panic!("{e}"))
}

fn item(card: &ScoreCard, id: &str) -> Decimal {
    card.item(id).unwrap().score
}

fn base() -> Vec<(&'static str, kaohe::InputValue)> {
    vec![("handled_rate", "100%".into()), ("assessed", 20.into())]
}

fn with(extra: &[(&'static str, kaohe::InputValue)]) -> ScoreCard {
    let mut pairs = base();
    pairs.extend(extra.iter().cloned());
    score(&pairs)
}

#[test]
fn proportional_sets_rate_times_points() {
    // 87.5% × 40 = 35; total 35 + 20 + 20 + 20 (ladders: ratio 1 when den = 0) = 95.
    let card = with(&[("handled_rate", "87.5%".into())]);
    assert_eq!(item(&card, "proportional"), d("35"));
    assert_eq!(card.total, d("95"));
    assert_eq!(card.grade.as_ref().unwrap().label, "优秀");
}

#[test]
fn formula_deducts_its_value() {
    // max(7.25 - 5, 0) = 2.25 deducted from 20 = 17.75, rounded half-up to 1 place = 17.8.
    let card = with(&[("over_five", "7.25".into())]);
    assert_eq!(item(&card, "formula"), d("17.8"));
    // Below five the formula gives 0: nothing lost.
    assert_eq!(item(&with(&[("over_five", 3.into())]), "formula"), d("20"));
}

#[test]
fn full_steps_ignore_a_partial_step_and_zero_denominator_uses_its_policy() {
    // den = 0: ratio takes its zero_denominator value 1 (100%), above 90%: no deduction.
    assert_eq!(item(&with(&[]), "ladders"), d("20"));
    // 75/100 = 75%: applies (<= 90%), drop 15 / 10 = 1.5 -> 1 full step × 2 (per_step) = 2 -> 18.
    assert_eq!(item(&with(&[("num", 75.into()), ("den", 100.into())]), "ladders"), d("18"));
    // Exactly 90% applies under "<=": drop 0 -> 0 full steps -> no loss.
    assert_eq!(item(&with(&[("num", 90.into()), ("den", 100.into())]), "ladders"), d("20"));
    // 69/100: drop 21 / 10 = 2.1 -> 2 full steps × 2 = 4 -> 16.
    assert_eq!(item(&with(&[("num", 69.into()), ("den", 100.into())]), "ladders"), d("16"));
}

#[test]
fn proportional_steps_count_fractions() {
    // Rework 3.5% >= 2%: rise 1.5 / 1 = 1.5 steps × 1 = 1.5 -> 18.5.
    assert_eq!(item(&with(&[("rework_rate", "3.5%".into())]), "ladders"), d("18.5"));
    // Exactly 2% applies under ">=" but the rise is 0: 0 steps.
    assert_eq!(item(&with(&[("rework_rate", "2%".into())]), "ladders"), d("20"));
}

#[test]
fn assessor_sets_the_score_and_occurrences_deduct_with_no_floor() {
    // Set to 3, then lapses 0.5 + 1 + 0.8 = 2.3 deducted: 0.7.
    let lapses = kaohe::InputValue::List(vec!["0.5".into(), 1.into(), "0.8".into()]);
    let card = with(&[("assessed", 3.into()), ("lapses", lapses.clone())]);
    assert_eq!(item(&card, "assessed"), d("0.7"));
    // Set to 1, lapses 2.3: 1 - 2.3 = -1.3, and floor = "none" lets it go below zero.
    let card = with(&[("assessed", 1.into()), ("lapses", lapses)]);
    assert_eq!(item(&card, "assessed"), d("-1.3"));
    assert!(!card.item("assessed").unwrap().floored);
}

#[test]
fn an_occurrence_outside_its_range_is_named_by_position() {
    let lapses = kaohe::InputValue::List(vec!["0.5".into(), "1.5".into()]);
    let inputs: Inputs = base().into_iter().chain([("lapses", lapses)]).collect();
    let errors = ruleset().score(&inputs).unwrap_err();
    assert_eq!(errors.0[0].loc, "lapses[1]");
    assert_eq!(errors.0[0].kind.code(), "out_of_range");
    assert!(errors.0[0].message.contains("from 0.1 to 1"), "{}", errors.0[0].message);
}

#[test]
fn section_and_total_vetoes() {
    // Section B zero: 40 + 20 + 0 = 60, still 合格.
    let card = with(&[("section_veto", true.into())]);
    assert!(card.sections[1].zeroed);
    assert_eq!(card.sections[1].score, d("0"));
    assert_eq!(card.total, d("60"));
    assert_eq!(card.grade.as_ref().unwrap().label, "合格");
    // Total zero: whatever the items, the total is 0 and the grade is the lowest band.
    let card = with(&[("total_veto", true.into())]);
    assert!(card.total_zeroed);
    assert_eq!(card.total, d("0"));
    assert_eq!(card.grade.as_ref().unwrap().label, "不合格");
}

#[test]
fn raising_a_flag_costs_no_points() {
    // 4 > 3 × 1 raises `warned`; ratio 400% is above 90%, so the ladder is silent.
    let card = with(&[("num", 4.into()), ("den", 1.into())]);
    assert!(card.has_flag("warned"));
    assert_eq!(card.total, d("100"));
}

#[test]
fn bonus_section_is_capped_by_its_points() {
    // 2 × 1.5 = 3 bonus: 100 + 3 = 103.
    assert_eq!(with(&[("helped", 2.into())]).total, d("103"));
    // 5 × 1.5 = 7.5 for the item (cap 10), the section caps at 5: 105.
    let card = with(&[("helped", 5.into())]);
    assert_eq!(item(&card, "help"), d("7.5"));
    assert_eq!(card.sections[2].score, d("5"));
    assert_eq!(card.total, d("105"));
}

#[test]
fn grade_bands_have_inclusive_lower_bounds() {
    // 75% × 40 = 30: 30 + 20 + 20 + 20 = 90 exactly, and 优秀 starts at 90 inclusive.
    assert_eq!(with(&[("handled_rate", "75%".into())]).grade.unwrap().label, "优秀");
    // 74.75% × 40 = 29.9 -> 89.9: 合格.
    let card = with(&[("handled_rate", "74.75%".into())]);
    assert_eq!(card.total, d("89.9"));
    assert_eq!(card.grade.unwrap().label, "合格");
}

#[test]
fn the_trace_explains_a_ladder() {
    let card = with(&[("num", 69.into()), ("den", 100.into())]);
    let effect = &card.item("ladders").unwrap().effects[0];
    assert_eq!(effect.outcome, Outcome::Deduct { amount: d("4") });
    assert_eq!(
        effect.arithmetic,
        kaohe::Arithmetic::Ladder {
            value: d("0.69"),
            applies_when: kaohe::Comparison::Le,
            threshold: d("0.9"),
            drop: d("0.21"),
            step: d("0.1"),
            steps: d("2"),
            per_step: d("2"),
            counting: kaohe::Counting::Full,
            amount: d("4"),
        }
    );
    let read: Vec<(&str, &str)> = effect.reads.iter().map(|r| (&*r.name, r.value.as_str())).collect();
    assert_eq!(read, vec![("ratio", "0.69"), ("per_step", "2")]);
    assert_eq!(&*effect.basis, "示例 第3条");
    // Every number of the arithmetic in the words of a ladder over a rate: 69% is 21 points
    // under 90%, two full steps of 10 points at 2 each.
    assert_eq!(effect.message.zh, "比率不高于90%：69% 低于或等于 90%，相差 21 个百分点；每 10 个百分点为一档（不足一档不计），共 2 档 × 2 分，扣 4 分");
    assert_eq!(
        effect.message.en,
        "Ratio at or below 90%: 69% is below 90% by 21 percentage points; 2 steps of 10 points (only full steps count) × 2: −4"
    );
    // Without the trace, no effects are built.
    let inputs: Inputs = base().into_iter().chain([("num", 69.into()), ("den", 100.into())]).collect();
    assert!(ruleset().score(&inputs).unwrap().item("ladders").unwrap().effects.is_empty());
}

#[test]
fn cards_serialise_decimals_as_strings() {
    let card = with(&[("handled_rate", "87.5%".into())]);
    let json = serde_json::to_value(&card).unwrap();
    assert_eq!(json["total"], "95");
    assert_eq!(json["sections"][0]["items"][0]["score"], "35");
    assert_eq!(json["sections"][0]["items"][0]["effects"][0]["effect"], "set");
    assert_eq!(json["sections"][0]["items"][0]["effects"][0]["score"], "35");
    assert_eq!(json["grade"]["colour"], "#2e7d32");
}

#[test]
fn a_loaded_ruleset_is_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Ruleset>();
    let ruleset = std::sync::Arc::new(ruleset());
    let inputs: Inputs = base().into_iter().chain([("handled_rate", "87.5%".into())]).collect();
    let expected = ruleset.explain(&inputs).unwrap();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (ruleset, inputs) = (ruleset.clone(), inputs.clone());
            std::thread::spawn(move || ruleset.explain(&inputs).unwrap())
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), expected);
    }
}

#[test]
fn arithmetic_too_large_is_an_input_error_not_a_panic() {
    // 1.5 per occurrence × the largest decimal overflows: the error names the rule.
    let inputs: Inputs =
        base().into_iter().chain([("helped", "79228162514264337593543950335".into())]).collect();
    let errors = ruleset().score(&inputs).unwrap_err();
    assert_eq!(errors.0[0].kind.code(), "overflow");
    assert_eq!(errors.0[0].loc, "help_award");
}

#[test]
fn a_day_is_counted_in_the_rulesets_assessment_month() {
    // templates/staff-performance: months run from the 26th (办法 六.1, 上月26日—当月25日).
    let staff = kaohe::builtin::load("templates/staff-performance").unwrap();
    let month = |y, m| Some(kaohe::YearMonth { year: y, month: m });
    assert_eq!(staff.month_of_day(2026, 3, 25), month(2026, 3));
    assert_eq!(staff.month_of_day(2026, 3, 26), month(2026, 4));
    // ningbo/district keeps calendar months.
    let ningbo = kaohe::builtin::load("ningbo/district").unwrap();
    assert_eq!(ningbo.month_of_day(2026, 3, 26), month(2026, 3));
}
