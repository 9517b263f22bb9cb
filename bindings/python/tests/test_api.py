"""The Python API: loading, inputs of every Python type, cards, errors with their attributes."""

from decimal import Decimal
from pathlib import Path

import pytest

import kaohe

ROOT = Path(__file__).resolve().parents[3]

CLEAN = {
    "grid_cells": 400,
    "inspectors": 30,
    "operators": 20,
    "inspector_online_rate": "80%",
    "reported_items": 1000,
    "valid_cases": 800,
    "daily_valid_collections": 400,
    "on_time_closure_rate": "90%",
    "closure_rate": "98%",
    "rework_rate": "1%",
    "superior_satisfaction": "95%",
    "partner_satisfaction": "90%",
    "community_satisfaction": "90%",
}


@pytest.fixture(scope="module")
def ningbo():
    return kaohe.load("ningbo/district")


def test_rulesets_lists_every_built_in_with_its_source():
    listed = {r["id"]: r for r in kaohe.rulesets()}
    assert {"ningbo/district", "templates/district-composite", "shenzhen/platform"} <= set(listed)
    assert listed["ningbo/district"]["source"] == "宁波市数字化城市管理工作考核办法（试行）"


def test_the_default_kind_is_the_first_target_kind():
    # shenzhen/regions assesses districts, streets, communities and grid cells, in that order: a
    # unit that names no kind is a district (not "community", the first in alphabetical order).
    assert kaohe.load("shenzhen/regions").default_kind == "district"


def test_inputs_describe_a_form(ningbo):
    inputs = {i["name"]: i for i in ningbo.inputs}
    assert inputs["funding_deduction"]["kind"] == "score"
    assert inputs["funding_deduction"]["max"] == Decimal(2)
    assert inputs["closure_rate"]["label"] == "结案率（考核日系统自动生成）"
    assert ningbo.items[0] == ("organisation_structure", "组织机构")


def test_every_python_number_type_is_exact(ningbo):
    # 0.875 as a float, "87.5%" as text and Decimal("0.875") are the same rate; 2 late arrivals as
    # int, str or Decimal deduct 2.
    for rate in (0.875, "87.5%", Decimal("0.875")):
        for count in (2, "2", Decimal(2)):
            card = ningbo.score({**CLEAN, "on_time_closure_rate": rate, "late_arrivals": count})
            assert card.total == Decimal(98)
            assert isinstance(card.total, Decimal)


def test_a_float_is_read_through_its_shortest_repr():
    # 0.1 + 0.2 as floats would be 0.30000000000000004; 0.3 read as written is exactly 0.3.
    composite = kaohe.load("templates/district-composite")
    card = composite.score(
        {"cases": 40, "baseline": 40, "received": 10, "handled": 3, "handled_in_time": 3, "due": 10,
         "closed": 10, "closed_in_time": 10, "reworked": 0, "proactive": [0.1 + 0.4, 2.0]}
    )
    # handling 3 / 10 = 0.3 × 15 = 4.5; proactive 0.5 + 2 = 2.5.
    items = {i["id"]: i["score"] for i in card.items}
    assert items["handling"] == Decimal("4.5")
    assert items["proactive"] == Decimal("2.5")


def test_none_and_nan_leave_an_input_out(ningbo):
    card = ningbo.score({**CLEAN, "late_arrivals": None, "uniform_breaches": float("nan")})
    assert card.total == Decimal(100)


def test_the_card(ningbo):
    card = ningbo.score({**CLEAN, "late_arrivals": 2, "unreported_major_events": 2})
    # 100 - 2 × 1 - 2 × 3 = 92, and the flag.
    assert card.total == Decimal(92)
    assert card.flags == ["loses_award_eligibility"]
    assert card.grade is None
    data = card.to_dict()
    assert data["total"] == Decimal(92)
    reporting = next(i for s in data["sections"] for i in s["items"] if i["id"] == "reporting")
    effect = reporting["effects"][0]
    assert effect["amount"] == Decimal(6)
    assert effect["reads"] == [{"name": "unreported_major_events", "value": "2"}]
    assert "扣 6 分" in card.explain() and "−6" in card.explain("en")
    assert '"total":"92"' in card.to_json()
    assert card.metrics["filing_rate"] == Decimal("0.8")
    with pytest.raises(ValueError):
        card.explain("fr")


@pytest.mark.parametrize("trace", [True, False])
def test_items_are_the_cards_items_with_their_section(ningbo, trace):
    card = ningbo.score({**CLEAN, "late_arrivals": 2, "unreported_major_events": 2}, trace=trace)
    from_dict = [dict(i, section=s["id"]) for s in card.to_dict()["sections"] for i in s["items"]]
    assert card.items == from_dict
    reporting = next(i for i in card.items if i["id"] == "reporting")
    # 2 unreported major events × 3 = 6 off the item.
    assert (reporting["deducted"], "effects" in reporting) == (Decimal(6), trace)


def test_the_html_card_shows_the_grade_colour():
    composite = kaohe.load("templates/district-composite")
    base = {"cases": 40, "baseline": 40, "received": 100, "handled": 100, "handled_in_time": 100,
            "due": 100, "closed": 100, "closed_in_time": 100, "reworked": 0}
    html = composite.score(base)._repr_html_()
    assert "<table" in html and "优秀" in html and "100" in html
    source = (ROOT / "rulesets/templates/district-composite.toml").read_text(encoding="utf-8")
    colours = kaohe.loads(source.replace('label = "优秀"', 'label = "优秀"\ncolour = "#2e7d32"', 1), "coloured")
    assert 'style="color:#2e7d32">100 / 100<' in colours.score(base)._repr_html_()


def test_input_errors_name_the_input_and_subclass_value_error(ningbo):
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score({**CLEAN, "late_arivals": 1, "closure_rate": "101%"})
    error = excinfo.value
    assert isinstance(error, ValueError)
    kinds = {(e["loc"], e["kind"]) for e in error.errors}
    assert ("late_arivals", "unknown") in kinds and ("closure_rate", "rate_out_of_range") in kinds
    assert "did you mean `late_arrivals`?" in str(error)


def test_ruleset_errors_carry_the_place_and_a_hint(tmp_path):
    text = (ROOT / "rulesets" / "ningbo" / "district.toml").read_text(encoding="utf-8")
    broken = text.replace('value = "closure_rate"', 'value = "closure_rat"')
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(kaohe.RulesetError) as excinfo:
        kaohe.load_file(path)
    error = excinfo.value
    line = broken.splitlines().index('value = "closure_rat"') + 1
    # `closure_rate` is still read (the on-time rate is declared at_most it), so the typo is the
    # one problem, and the error's place is its own.
    assert (error.origin, error.line, error.column) == (str(path), line, 9)
    typo = next(d for d in error.diagnostics if d["message"] == "unknown input or metric `closure_rat`")
    assert (typo["line"], typo["column"], typo["hint"]) == (line, 9, "did you mean `closure_rate`?")
    # The shape both error classes share: kind, loc, message, errors.
    assert (error.kind, error.loc) == ("ruleset", f"{path}:{line}:9")
    assert error.message == error.errors[0]["message"] and error.errors == error.diagnostics
    with pytest.raises(kaohe.RulesetError, match="no built-in ruleset"):
        kaohe.load("ningbo/distrct")


def test_roll_up_and_rank(ningbo):
    months = [dict(CLEAN) for _ in range(12)]
    months[3]["unreported_major_events"] = 1
    months[9]["unreported_major_events"] = 1
    year = ningbo.roll_up("year", months, {"bonus": 1})
    # (10 × 100 + 2 × 97) / 12 = 99.5; + 1 = 100.5; two events in the year raise the flag.
    assert year["total"] == Decimal("100.5")
    assert [f["flag"]["id"] for f in year["flags"]] == ["loses_award_eligibility"]
    ranked = ningbo.rank([("a", "district_bureau", Decimal(90)), ("b", "district_bureau", 95), ("c", "district_bureau", "90")])
    assert [(r["unit"], r["rank"]) for r in ranked] == [("b", 1), ("a", 2), ("c", 2)]
    # A misspelt kind is refused rather than ranked alone.
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.rank([("a", "district_bureu", 90)])
    assert excinfo.value.loc == "standings[0].kind"
