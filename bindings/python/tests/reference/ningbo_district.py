"""A plain-Python reference for the Ningbo district scheme, written straight from
RULES-DIGEST.md §1 and the readings recorded in the ruleset's notes (started steps, strict
"below" (低于) for ladders and item-zero bounds but 40%以下 inclusive for the online rate, strict
"above" for satisfaction, 1 point per spot-check failure, repeatable failures counted). It shares no code with kaohe and does not read the TOML."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def started_steps(gap, step):
    """Steps of a ladder that applies: a partial step counts as a whole one, at least one."""
    return max((gap / step).to_integral_value(rounding=ROUND_CEILING), Decimal(1))


def below(value, threshold, step):
    return started_steps(threshold - value, step) if value < threshold else ZERO


def above(value, threshold, step):
    return started_steps(value - threshold, step) if value > threshold else ZERO


def floored(points, lost):
    return max(Decimal(points) - lost, ZERO)


def score(x):
    """Item scores, total and flags for one month; `x` maps input names to Decimal or bool."""
    n = lambda name: Decimal(x.get(name, 0))
    f = lambda name: Decimal(1) if x.get(name, False) else ZERO
    spot = Decimal(1)
    items = {}
    items["organisation_structure"] = floored(4, f("structure_incomplete") + f("no_leader_in_charge") + 2 * f("hotline_not_co_located"))
    items["funding"] = floored(2, n("funding_deduction"))
    items["emergency_plans"] = ZERO if x.get("major_event_support_weak") else floored(2, f("no_emergency_plans") + f("no_emergency_duty_log"))
    items["ledgers"] = floored(4, n("incomplete_ledgers") + f("staff_rules_incomplete") + f("rules_not_posted"))
    cells = n("grid_cells")
    items["staffing"] = floored(4, (2 if n("inspectors") * 15 < cells else 0) + (2 if n("operators") * 20 < cells else 0))
    items["working_hours"] = floored(4, 2 * f("no_24h_duty") + n("clock_not_aligned") + n("inspectors_off_hours"))
    online = n("inspector_online_rate")
    if online <= Decimal("0.4"):
        items["daily_management"] = ZERO
    else:
        lost = (n("office_untidy") + 2 * f("no_staff_photos") + n("uniform_breaches") + below(online, Decimal("0.6"), Decimal("0.05"))
                + n("late_arrivals") + 2 * f("no_patrol_plan") + 2 * n("rude_calls") + 2 * n("inaccurate_call_records") + 2 * n("slack_discipline"))
        items["daily_management"] = floored(14, lost)
    if any(x.get(k) for k in ("no_entry_register", "machine_room_accident", "no_inspection_system", "external_network_outage")):
        items["equipment"] = ZERO
    else:
        items["equipment"] = floored(8, 2 * n("entry_register_incomplete") + n("server_outages") + n("inspection_system_weak")
                                     + 2 * n("improper_computer_use") + n("unreported_failures") + n("base_data_missing"))
    major = n("unreported_major_events")
    items["reporting"] = floored(8, f("no_contact_person") + 2 * n("late_periodic_reports") + n("late_other_reports") + 3 * major)
    filing = n("valid_cases") / n("reported_items")
    items["filing_rate"] = ZERO if filing < Decimal("0.4") else floored(7, below(filing, Decimal("0.7"), Decimal("0.05")) + spot * n("filing_spot_check_failures"))
    collection = n("daily_valid_collections") / cells
    items["collection"] = ZERO if collection < Decimal("0.7") else floored(7, below(collection, Decimal("0.9"), Decimal("0.05")) + spot * n("collection_spot_check_failures"))
    on_time = n("on_time_closure_rate")
    items["on_time_closure"] = ZERO if on_time < Decimal("0.6") else floored(7, below(on_time, Decimal("0.8"), Decimal("0.05")))
    items["closure"] = floored(7, below(n("closure_rate"), Decimal("0.95"), Decimal("0.01")) + spot * n("sampled_cases_noncompliant"))
    items["supervised_cases"] = floored(5, n("late_supervised_cases"))
    items["rework"] = floored(4, above(n("rework_rate"), Decimal("0.02"), Decimal("0.01")))
    items["false_information"] = floored(4, 2 * n("false_case_records"))
    items["designated_cases"] = floored(4, n("designated_poorly_handled") + n("designated_late"))
    items["superior_opinion"] = Decimal(2) if n("superior_satisfaction") > Decimal("0.9") else ZERO
    items["partner_opinion"] = Decimal(1) if n("partner_satisfaction") > Decimal("0.85") else ZERO
    items["community_opinion"] = Decimal(2) if n("community_satisfaction") > Decimal("0.8") else ZERO
    total = sum(items.values(), ZERO).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    flags = ["loses_award_eligibility"] if major >= 2 else []
    return total, items, flags
