//! The Ningbo district scheme (rulesets/ningbo/district.toml) scored by a hand-written function:
//! typed fields in, straight-line decimal arithmetic, no checking of inputs, no card. It is the
//! limit a rules engine can approach, so the benchmarks time kaohe against it; `check_corpus`
//! first proves both give the numbers of the hand-computed vector corpus.
#![allow(dead_code)] // the test uses the check, the benchmark also the scorer
#![allow(clippy::arithmetic_side_effects)] // the unchecked limit an engine is timed against

use kaohe::{Decimal, Inputs};
use rust_decimal::prelude::*;

/// One district month, as a program that scores Ningbo and nothing else would hold it.
#[derive(Clone, Default)]
pub struct Month {
    pub grid_cells: Decimal,
    pub inspectors: Decimal,
    pub operators: Decimal,
    pub structure_incomplete: bool,
    pub no_leader_in_charge: bool,
    pub hotline_not_co_located: bool,
    pub funding_deduction: Decimal,
    pub no_emergency_plans: bool,
    pub no_emergency_duty_log: bool,
    pub major_event_support_weak: bool,
    pub incomplete_ledgers: Decimal,
    pub staff_rules_incomplete: bool,
    pub rules_not_posted: bool,
    pub no_24h_duty: bool,
    pub clock_not_aligned: Decimal,
    pub inspectors_off_hours: Decimal,
    pub office_untidy: Decimal,
    pub no_staff_photos: bool,
    pub uniform_breaches: Decimal,
    pub inspector_online_rate: Decimal,
    pub late_arrivals: Decimal,
    pub no_patrol_plan: bool,
    pub rude_calls: Decimal,
    pub inaccurate_call_records: Decimal,
    pub slack_discipline: Decimal,
    pub no_entry_register: bool,
    pub entry_register_incomplete: Decimal,
    pub server_outages: Decimal,
    pub machine_room_accident: bool,
    pub no_inspection_system: bool,
    pub inspection_system_weak: Decimal,
    pub improper_computer_use: Decimal,
    pub external_network_outage: bool,
    pub unreported_failures: Decimal,
    pub base_data_missing: Decimal,
    pub no_contact_person: bool,
    pub late_periodic_reports: Decimal,
    pub late_other_reports: Decimal,
    pub unreported_major_events: Decimal,
    pub reported_items: Decimal,
    pub valid_cases: Decimal,
    pub filing_spot_check_failures: Decimal,
    pub daily_valid_collections: Decimal,
    pub collection_spot_check_failures: Decimal,
    pub on_time_closure_rate: Decimal,
    pub closure_rate: Decimal,
    pub sampled_cases_noncompliant: Decimal,
    pub late_supervised_cases: Decimal,
    pub rework_rate: Decimal,
    pub false_case_records: Decimal,
    pub designated_poorly_handled: Decimal,
    pub designated_late: Decimal,
    pub superior_satisfaction: Decimal,
    pub partner_satisfaction: Decimal,
    pub community_satisfaction: Decimal,
}

/// The item ids of the ruleset, in the order `Scores::items` holds them.
pub const ITEMS: [&str; 20] = [
    "organisation_structure",
    "funding",
    "emergency_plans",
    "ledgers",
    "staffing",
    "working_hours",
    "daily_management",
    "equipment",
    "reporting",
    "filing_rate",
    "collection",
    "on_time_closure",
    "closure",
    "supervised_cases",
    "rework",
    "false_information",
    "designated_cases",
    "superior_opinion",
    "partner_opinion",
    "community_opinion",
];

pub struct Scores {
    pub total: Decimal,
    pub items: [Decimal; 20],
    pub loses_award_eligibility: bool,
}

fn pct(whole: i64) -> Decimal {
    Decimal::new(whole, 2)
}

fn when(condition: bool, amount: i64) -> Decimal {
    if condition {
        Decimal::from(amount)
    } else {
        Decimal::ZERO
    }
}

/// Points kept of `points` after `deducted`, never below zero.
fn keep(points: i64, deducted: Decimal) -> Decimal {
    (Decimal::from(points) - deducted).max(Decimal::ZERO)
}

/// Started steps of `step` by which `value` falls short of `threshold`, at least one (reading C).
fn steps_below(value: Decimal, threshold: Decimal, step: Decimal) -> Decimal {
    if value < threshold {
        ((threshold - value) / step).ceil().max(Decimal::ONE)
    } else {
        Decimal::ZERO
    }
}

/// A rate ladder with a bound at or below which (`zero_at_bound`) or below which the item scores
/// nothing.
fn ladder(
    points: i64,
    value: Decimal,
    threshold: i64,
    step: i64,
    (zero_bound, zero_at_bound): (i64, bool),
    other: Decimal,
) -> Decimal {
    if value < pct(zero_bound) || (zero_at_bound && value == pct(zero_bound)) {
        Decimal::ZERO
    } else {
        keep(points, steps_below(value, pct(threshold), pct(step)) + other)
    }
}

/// Scores one month. Division by zero grid cells or reported items panics: the engine refuses
/// such inputs, and the limit does not pay for checking them.
pub fn score(m: &Month) -> Scores {
    let one = Decimal::ONE;
    let spot_check = one; // parameter spot_check_deduction
    let organisation_structure = keep(
        4,
        when(m.structure_incomplete, 1) + when(m.no_leader_in_charge, 1) + when(m.hotline_not_co_located, 2),
    );
    let funding = keep(2, m.funding_deduction);
    let emergency_plans = if m.major_event_support_weak {
        Decimal::ZERO
    } else {
        keep(2, when(m.no_emergency_plans, 1) + when(m.no_emergency_duty_log, 1))
    };
    let ledgers =
        keep(4, m.incomplete_ledgers + when(m.staff_rules_incomplete, 1) + when(m.rules_not_posted, 1));
    let inspector_staffing = m.inspectors * Decimal::from(15) / m.grid_cells;
    let operator_staffing = m.operators * Decimal::from(20) / m.grid_cells;
    let staffing = keep(4, when(inspector_staffing < one, 2) + when(operator_staffing < one, 2));
    let working_hours =
        keep(4, when(m.no_24h_duty, 2) + m.clock_not_aligned + m.inspectors_off_hours * Decimal::from(1));
    let daily_others = m.office_untidy
        + when(m.no_staff_photos, 2)
        + m.uniform_breaches
        + m.late_arrivals
        + when(m.no_patrol_plan, 2)
        + m.rude_calls * Decimal::TWO
        + m.inaccurate_call_records * Decimal::from(2)
        + m.slack_discipline * Decimal::TWO;
    let daily_management = ladder(14, m.inspector_online_rate, 60, 5, (40, true), daily_others);
    let equipment = if m.no_entry_register
        || m.machine_room_accident
        || m.no_inspection_system
        || m.external_network_outage
    {
        Decimal::ZERO
    } else {
        keep(
            8,
            m.entry_register_incomplete * Decimal::from(2)
                + m.server_outages
                + m.inspection_system_weak
                + m.improper_computer_use * Decimal::from(2)
                + m.unreported_failures
                + m.base_data_missing,
        )
    };
    let reporting = keep(
        8,
        when(m.no_contact_person, 1)
            + m.late_periodic_reports * Decimal::TWO
            + m.late_other_reports
            + m.unreported_major_events * Decimal::from(3),
    );
    let filing_rate = m.valid_cases / m.reported_items;
    let filing = ladder(7, filing_rate, 70, 5, (40, false), m.filing_spot_check_failures * spot_check);
    let collection_ratio = m.daily_valid_collections / m.grid_cells;
    let collection =
        ladder(7, collection_ratio, 90, 5, (70, false), m.collection_spot_check_failures * spot_check);
    let on_time_closure = ladder(7, m.on_time_closure_rate, 80, 5, (60, false), Decimal::ZERO);
    let closure =
        keep(7, steps_below(m.closure_rate, pct(95), pct(1)) + m.sampled_cases_noncompliant * spot_check);
    let supervised_cases = keep(5, m.late_supervised_cases);
    let rework = if m.rework_rate > pct(2) {
        keep(4, ((m.rework_rate - pct(2)) / pct(1)).ceil().max(one))
    } else {
        Decimal::from(4)
    };
    let false_information = keep(4, m.false_case_records * Decimal::TWO);
    let designated_cases = keep(4, m.designated_poorly_handled + m.designated_late);
    let above = |rate: Decimal, threshold: i64, points: i64| when(rate > pct(threshold), points);
    let items = [
        organisation_structure,
        funding,
        emergency_plans,
        ledgers,
        staffing,
        working_hours,
        daily_management,
        equipment,
        reporting,
        filing,
        collection,
        on_time_closure,
        closure,
        supervised_cases,
        rework,
        false_information,
        designated_cases,
        above(m.superior_satisfaction, 90, 2),
        above(m.partner_satisfaction, 85, 1),
        above(m.community_satisfaction, 80, 2),
    ];
    let total =
        items.iter().sum::<Decimal>().round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Scores { total, items, loses_award_eligibility: m.unreported_major_events >= Decimal::TWO }
}

/// Full points of each item, for corpus cases that list only the items that lost points.
const POINTS: [i64; 20] = [4, 2, 2, 4, 4, 4, 14, 8, 8, 7, 7, 7, 7, 5, 4, 4, 4, 2, 1, 2];

/// A number from a vector case: a decimal, its text, or a "87.5%" rate as a fraction; 0 when left
/// out (the ruleset's default for every optional number).
pub fn number(inputs: &Inputs, name: &str) -> Decimal {
    match inputs.get(name) {
        None => Decimal::ZERO,
        Some(kaohe::InputValue::Number(n)) => *n,
        Some(kaohe::InputValue::Text(t)) => match t.strip_suffix('%') {
            Some(percent) => percent.trim().parse::<Decimal>().unwrap() / Decimal::ONE_HUNDRED,
            None => t.parse().unwrap(),
        },
        Some(other) => panic!("{name}: {other:?} is not a number"),
    }
}

impl Month {
    /// Reads a vector case's inputs: numbers, "87.5%" rates and flags, with the ruleset's defaults
    /// (0 and false) for what is left out.
    pub fn from_inputs(inputs: &Inputs) -> Month {
        let number = |name: &str| number(inputs, name);
        let flag = |name: &str| matches!(inputs.get(name), Some(kaohe::InputValue::Bool(true)));
        Month {
            grid_cells: number("grid_cells"),
            inspectors: number("inspectors"),
            operators: number("operators"),
            structure_incomplete: flag("structure_incomplete"),
            no_leader_in_charge: flag("no_leader_in_charge"),
            hotline_not_co_located: flag("hotline_not_co_located"),
            funding_deduction: number("funding_deduction"),
            no_emergency_plans: flag("no_emergency_plans"),
            no_emergency_duty_log: flag("no_emergency_duty_log"),
            major_event_support_weak: flag("major_event_support_weak"),
            incomplete_ledgers: number("incomplete_ledgers"),
            staff_rules_incomplete: flag("staff_rules_incomplete"),
            rules_not_posted: flag("rules_not_posted"),
            no_24h_duty: flag("no_24h_duty"),
            clock_not_aligned: number("clock_not_aligned"),
            inspectors_off_hours: number("inspectors_off_hours"),
            office_untidy: number("office_untidy"),
            no_staff_photos: flag("no_staff_photos"),
            uniform_breaches: number("uniform_breaches"),
            inspector_online_rate: number("inspector_online_rate"),
            late_arrivals: number("late_arrivals"),
            no_patrol_plan: flag("no_patrol_plan"),
            rude_calls: number("rude_calls"),
            inaccurate_call_records: number("inaccurate_call_records"),
            slack_discipline: number("slack_discipline"),
            no_entry_register: flag("no_entry_register"),
            entry_register_incomplete: number("entry_register_incomplete"),
            server_outages: number("server_outages"),
            machine_room_accident: flag("machine_room_accident"),
            no_inspection_system: flag("no_inspection_system"),
            inspection_system_weak: number("inspection_system_weak"),
            improper_computer_use: number("improper_computer_use"),
            external_network_outage: flag("external_network_outage"),
            unreported_failures: number("unreported_failures"),
            base_data_missing: number("base_data_missing"),
            no_contact_person: flag("no_contact_person"),
            late_periodic_reports: number("late_periodic_reports"),
            late_other_reports: number("late_other_reports"),
            unreported_major_events: number("unreported_major_events"),
            reported_items: number("reported_items"),
            valid_cases: number("valid_cases"),
            filing_spot_check_failures: number("filing_spot_check_failures"),
            daily_valid_collections: number("daily_valid_collections"),
            collection_spot_check_failures: number("collection_spot_check_failures"),
            on_time_closure_rate: number("on_time_closure_rate"),
            closure_rate: number("closure_rate"),
            sampled_cases_noncompliant: number("sampled_cases_noncompliant"),
            late_supervised_cases: number("late_supervised_cases"),
            rework_rate: number("rework_rate"),
            false_case_records: number("false_case_records"),
            designated_poorly_handled: number("designated_poorly_handled"),
            designated_late: number("designated_late"),
            superior_satisfaction: number("superior_satisfaction"),
            partner_satisfaction: number("partner_satisfaction"),
            community_satisfaction: number("community_satisfaction"),
        }
    }
}

/// Scores every single-month case of the Ningbo vector file that kaohe accepts, by hand and by
/// the engine, and checks both against the hand-computed totals, items and flag. Returns the
/// number of cases checked; any disagreement panics with the case's name.
pub fn check_corpus() -> usize {
    let files = crate::corpus::corpus();
    let (_, file) =
        files.iter().find(|(_, f)| f.ruleset == "ningbo/district").expect("the Ningbo vector file");
    let engine = kaohe::builtin::load("ningbo/district").expect("the built-in Ningbo ruleset");
    let mut checked = 0;
    for case in &file.case {
        if case.period.is_some() || case.units.is_some() || case.expect.error.is_some() {
            continue;
        }
        let inputs = crate::corpus::inputs_of(&file.base, case);
        let by_hand = score(&Month::from_inputs(&inputs));
        let card = engine.score(&inputs).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let expected_total = crate::corpus::decimal(case.expect.total.as_deref().expect("a total"));
        assert_eq!(by_hand.total, expected_total, "{}: hand-written total", case.name);
        assert_eq!(card.total, expected_total, "{}: engine total", case.name);
        for ((id, points), got) in ITEMS.iter().zip(POINTS).zip(by_hand.items) {
            let wanted =
                case.expect.items.get(*id).map_or(Decimal::from(points), |s| crate::corpus::decimal(s));
            assert_eq!(got, wanted, "{}: hand-written item {id}", case.name);
            assert_eq!(card.item(id).map(|i| i.score), Some(wanted), "{}: engine item {id}", case.name);
        }
        let engine_flag = card.flags.iter().any(|f| &*f.id == "loses_award_eligibility");
        assert_eq!(by_hand.loses_award_eligibility, engine_flag, "{}: award eligibility flag", case.name);
        if let Some(flags) = &case.expect.flags {
            assert_eq!(by_hand.loses_award_eligibility, !flags.is_empty(), "{}: expected flags", case.name);
        }
        checked += 1;
    }
    checked
}
