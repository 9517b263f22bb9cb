"""Differential test: kaohe against plain-Python reference implementations written from the rules
digest, on 10,000 random input sets per scheme. The first difference fails with its inputs."""

import random
from decimal import Decimal

import pytest

import kaohe
from reference import district_composite, ningbo_district

CASES = 10_000


def rate(rng, low=0.3):
    return Decimal(rng.randint(int(low * 1000), 1000)) / 1000


def ningbo_inputs(rng):
    cells = rng.randint(100, 900)
    reported = rng.randint(100, 9000)
    x = {
        "grid_cells": cells,
        "inspectors": rng.randint(cells // 20, cells // 12),
        "operators": rng.randint(cells // 26, cells // 16),
        "inspector_online_rate": rate(rng),
        "reported_items": reported,
        "valid_cases": rng.randint(reported // 3, reported),
        "daily_valid_collections": Decimal(rng.randint(cells * 60, cells * 120)) / 100,
        "closure_rate": rate(rng, 0.85),
        "rework_rate": rate(rng, 0.0) / 10,
        "superior_satisfaction": rate(rng, 0.8),
        "partner_satisfaction": rate(rng, 0.8),
        "community_satisfaction": rate(rng, 0.75),
    }
    # A case closed on time is a closed case: the on-time rate stays within the closure rate.
    x["on_time_closure_rate"] = min(rate(rng, 0.5), x["closure_rate"])
    for flag in ("structure_incomplete", "no_leader_in_charge", "hotline_not_co_located", "no_emergency_plans",
                 "no_emergency_duty_log", "major_event_support_weak", "staff_rules_incomplete", "rules_not_posted",
                 "no_24h_duty", "no_staff_photos", "no_patrol_plan", "no_entry_register",
                 "machine_room_accident", "no_inspection_system", "external_network_outage", "no_contact_person"):
        if rng.random() < 0.08:
            x[flag] = True
    for count, most in (("incomplete_ledgers", 4), ("uniform_breaches", 4), ("late_arrivals", 6), ("rude_calls", 3),
                        ("slack_discipline", 3), ("server_outages", 4), ("unreported_failures", 3),
                        ("late_periodic_reports", 3), ("late_other_reports", 4), ("unreported_major_events", 3),
                        ("filing_spot_check_failures", 4), ("collection_spot_check_failures", 4),
                        ("sampled_cases_noncompliant", 10), ("late_supervised_cases", 6), ("false_case_records", 3),
                        ("designated_poorly_handled", 3), ("designated_late", 3), ("clock_not_aligned", 2),
                        ("inspectors_off_hours", 2), ("office_untidy", 3), ("inaccurate_call_records", 2),
                        ("entry_register_incomplete", 2), ("inspection_system_weak", 2), ("improper_computer_use", 2),
                        ("base_data_missing", 2)):
        if rng.random() < 0.3:
            x[count] = rng.randint(0, most)
    if rng.random() < 0.2:
        x["funding_deduction"] = Decimal(rng.randint(0, 20)) / 10
    return x


def composite_inputs(rng):
    received, due, complaints = rng.randint(1, 300), rng.randint(1, 300), rng.randint(0, 30)
    handled = rng.randint(0, received)
    closed = rng.randint(0, due)
    return {
        "cases": rng.randint(0, 400),
        "baseline": Decimal(rng.randint(10, 2000)) / 10,
        "received": received,
        "handled": handled,
        "handled_in_time": rng.randint(0, handled),
        "due": due,
        "closed": closed,
        "closed_in_time": rng.randint(0, closed),
        "reworked": rng.randint(0, received // 5),
        "complaints": complaints,
        "satisfied": rng.randint(0, complaints),
        "late_supervised": rng.randint(0, 4) if rng.random() < 0.3 else 0,
        "proactive": [Decimal(rng.choice(["0.5", "1", "1.5", "2"])) for _ in range(rng.randint(0, 2))],
    }


@pytest.mark.parametrize(
    "ruleset_id, generate, reference",
    [("ningbo/district", ningbo_inputs, ningbo_district.score), ("templates/district-composite", composite_inputs, district_composite.score)],
)
def test_kaohe_agrees_with_the_reference(ruleset_id, generate, reference):
    rs = kaohe.load(ruleset_id)
    rng = random.Random(ruleset_id)
    for case in range(CASES):
        inputs = generate(rng)
        total, items, extra = reference(inputs)
        card = rs.score(inputs, trace=False)
        got = {i["id"]: i["score"] for i in card.items}
        detail = f"case {case} of {ruleset_id}: inputs {inputs}\nreference {total} {items} {extra}\nkaohe {card.total} {got}"
        assert card.total == total, detail
        assert all(got[k] == v for k, v in items.items()), detail
        if isinstance(extra, list):
            assert card.flags == extra, detail
        else:
            assert card.grade == extra, detail
