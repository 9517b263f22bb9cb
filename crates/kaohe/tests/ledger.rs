//! The ledger: months of many units in any order, rolled up as each unit's months in order would
//! be, including a deficit carried from month to month (staff-performance 六.1, 结转下月).

use kaohe::{builtin, Decimal, Inputs, Ledger, Period, YearMonth};

fn month(n: u8) -> YearMonth {
    YearMonth { year: 2026, month: n }
}

fn deductions(points: i64) -> Inputs {
    let mut inputs = Inputs::new();
    inputs.insert("deductions", points);
    inputs
}

fn ratings(score: i64) -> Inputs {
    let mut inputs = Inputs::new();
    for group in ["rating_leader", "rating_deputies", "rating_members", "rating_others"] {
        inputs.insert(group, score);
    }
    inputs
}

fn totals(card: &kaohe::PeriodCard) -> Vec<Option<Decimal>> {
    card.months.iter().take(3).map(|m| m.total).collect()
}

#[test]
fn a_deficit_is_carried_however_the_months_arrive() {
    let ruleset = builtin::load("templates/staff-performance").unwrap();
    let mut ledger = Ledger::new(&ruleset, Period::Year, false).unwrap();
    // March and February come before January: they wait for the deficit January leaves.
    ledger.add("张三", "staff", month(3), &deductions(10)).unwrap();
    ledger.add("张三", "staff", month(2), &deductions(0)).unwrap();
    ledger.add("张三", "staff", month(1), &deductions(130)).unwrap();
    let rated = ratings(80);
    let given = |unit: &str, period: kaohe::PeriodKey| {
        (unit == "张三" && period.to_string() == "2026").then_some(&rated)
    };
    let closed: Vec<_> = ledger.close(given).collect();
    let card = closed[0].card.as_ref().unwrap();
    // January 100 − 130 = −30, counted 0, −30 carried; February 100 − 30 = 70; March 100 − 10 = 90.
    assert_eq!(totals(card), [Some(Decimal::from(-30)), Some(Decimal::from(70)), Some(Decimal::from(90))]);
    // Mean of the three months present (0 + 70 + 90) / 3 = 53.33…; 0.4 × 53.33… + 0.6 × 80
    // = 21.33… + 48 = 69.33 at two places.
    assert_eq!(card.total, Decimal::new(6933, 2));
    // Without carry-over inputs kept: no item scores on the month lines.
    assert!(card.months.iter().all(|m| m.items.is_empty()));
}

#[test]
fn a_deficit_crosses_a_missing_month() {
    let ruleset = builtin::load("templates/staff-performance").unwrap();
    let mut ledger = Ledger::new(&ruleset, Period::Year, true).unwrap();
    ledger.add("张三", "staff", month(3), &deductions(10)).unwrap();
    ledger.add("张三", "staff", month(1), &deductions(130)).unwrap();
    let rated = ratings(80);
    let card = ledger.close(|_, _| Some(&rated)).next().unwrap().card.unwrap();
    // January −30 (counted 0); February missing; March 100 − 10 − 30 = 60.
    assert_eq!(totals(&card), [Some(Decimal::from(-30)), None, Some(Decimal::from(60))]);
    // (0 + 60) / 2 = 30; 0.4 × 30 + 0.6 × 80 = 12 + 48 = 60.
    assert_eq!(card.total, Decimal::from(60));
    // Kept item scores: March's base item 100 − 10 − 30 = 60, its bonuses 0.
    assert_eq!(card.months[2].items[..2], [Decimal::from(60), Decimal::ZERO]);
    // Points lost by the base item: January 100 − (−30) = 130, March 100 − 60 = 40: 170 in all;
    // the bonus item loses nothing.
    let lost = ruleset.points_lost(&card).unwrap();
    assert_eq!(lost[..2], [Decimal::from(170), Decimal::ZERO]);
}

#[test]
fn a_month_twice_another_kind_or_no_rollup_is_refused() {
    let ruleset = builtin::load("templates/staff-performance").unwrap();
    let mut ledger = Ledger::new(&ruleset, Period::Year, false).unwrap();
    ledger.add("张三", "staff", month(1), &deductions(5)).unwrap();
    let twice = ledger.add("张三", "staff", month(1), &deductions(6)).unwrap_err();
    assert!(twice.message.contains("given twice"), "{twice}");
    let kind = ledger.add("张三", "district", month(2), &deductions(0)).unwrap_err();
    assert_eq!(kind.loc, "kind");
    let closed: Vec<_> = ledger.close(|_, _| None).collect();
    assert_eq!(closed.len(), 1);
    // The ratings are missing, so the year is refused, naming them.
    let errors = closed[0].card.as_ref().unwrap_err();
    assert!(errors.0.iter().any(|e| e.loc == "rating_leader"), "{errors:?}");
    assert!(Ledger::new(&ruleset, Period::Quarter, false).is_err());
}

#[test]
fn a_kind_the_scheme_does_not_assess_is_refused() {
    let ruleset = builtin::load("templates/staff-performance").unwrap();
    let mut ledger = Ledger::new(&ruleset, Period::Year, false).unwrap();
    let error = ledger.add("张三", "district", month(1), &deductions(0)).unwrap_err();
    assert_eq!(error.loc, "kind");
    assert!(error.message.contains("not a target kind") && error.message.contains("staff"), "{error}");
    assert_eq!(ledger.close(|_, _| None).count(), 0, "the refused month left the ledger as it was");
}

/// `enter` takes every month; one `add` would refuse fails only its own unit's period.
#[test]
fn an_entered_month_that_is_refused_fails_its_period_only() {
    let ruleset = builtin::load("templates/district-composite").unwrap();
    let mut ledger = Ledger::new(&ruleset, Period::Year, false).unwrap();
    let kinds = ["responsible_unit", "subdistrict"];
    // A month at every rate 100% and incidence at the baseline: 100 (the corpus's first case).
    let mut full = Inputs::new();
    for (name, value) in
        [("cases", 40), ("baseline", 40), ("complaints", 10), ("satisfied", 10), ("reworked", 0)]
    {
        full.insert(name, value);
    }
    for name in ["received", "handled", "handled_in_time", "due", "closed", "closed_in_time"] {
        full.insert(name, 100);
    }
    for n in 1..=12 {
        for unit in ["甲", "乙", "丙", "丁"] {
            // 乙's July names the other kind; 丙 gives January twice; 丁 names a kind not assessed.
            let kind = match (unit, n) {
                ("乙", 7) => kinds[1],
                ("丁", 3) => "street",
                _ => kinds[0],
            };
            ledger.enter(unit, kind, month(n), &full);
        }
    }
    ledger.enter("丙", kinds[0], month(1), &full);
    let closed: Vec<_> = ledger.close(|_, _| None).collect();
    let outcome = |unit: &str| closed.iter().find(|c| c.unit == unit).unwrap();
    let why = |unit: &str| outcome(unit).card.as_ref().unwrap_err().to_string();
    // Twelve months of 100: the year's mean is 100.
    assert_eq!(outcome("甲").card.as_ref().unwrap().total, Decimal::from(100));
    assert!(
        why("乙").contains("`subdistrict`, but 乙's other months in 2026 are `responsible_unit`"),
        "{}",
        why("乙")
    );
    assert!(why("丙").contains("丙 2026-01 is given twice"), "{}", why("丙"));
    assert!(why("丁").contains("`street`"), "{}", why("丁"));
    // The months each period was given, refused ones not counted: 乙 11, 丙 12, 丁 11.
    let months: Vec<usize> = ["甲", "乙", "丙", "丁"].iter().map(|u| outcome(u).months).collect();
    assert_eq!(months, [12, 11, 12, 11]);
}
