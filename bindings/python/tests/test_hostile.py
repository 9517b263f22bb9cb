"""The library's hostile corpus (tests/hostile/library.toml) through the Python API: every case
ends in kaohe's own exception of the expected kind, or in the exact total; never a panic."""

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import kaohe

HOSTILE = Path(__file__).resolve().parents[3] / "tests" / "hostile"
CORPUS = tomllib.loads((HOSTILE / "library.toml").read_text(encoding="utf-8"))


def load(case):
    if "ruleset" in case:
        return kaohe.load(case["ruleset"])
    if "ruleset_file" in case:
        text = (HOSTILE / "rulesets" / case["ruleset_file"]).read_text(encoding="utf-8")
        return kaohe.loads(text + case.get("append", ""), "hostile.toml")
    generated = case["ruleset_text"]
    return kaohe.loads(generated["head"] + generated["repeat"] * generated["times"] + generated["tail"])


def base(case):
    return dict(CORPUS["bases"].get(case.get("base"), {}))


def inputs(case):
    values = base(case)
    values.update(case.get("inputs", {}))
    if "nest" in case:
        nested = []
        for _ in range(case["nest"]["depth"]):
            nested = [nested]
        values[case["nest"]["input"]] = nested
    return values


def total(ruleset, case):
    """One month's total, or the case's months rolled up (the last month takes the case's inputs)."""
    if "roll_up" not in case:
        return ruleset.score(inputs(case)).total
    roll_up = case["roll_up"]
    months = [base(case) for _ in range(roll_up["months"] - 1)] + [inputs(case)]
    return ruleset.roll_up(roll_up["period"], months, roll_up.get("given", {}))["total"]


@pytest.mark.parametrize("case", CORPUS["case"], ids=[c["name"] for c in CORPUS["case"]])
def test_hostile_case(case):
    expect = case["expect"]
    try:
        ruleset = load(case)
    except kaohe.RulesetError as error:
        assert expect.get("error") == "ruleset", error
        if "diagnostics" in expect:
            assert len(error.diagnostics) == expect["diagnostics"]
        if "max_message_chars" in expect:
            assert len(str(error)) <= expect["max_message_chars"]
        return
    assert expect.get("error") != "ruleset"
    try:
        scored = total(ruleset, case)
    except kaohe.InputError as error:
        assert expect.get("error") == "input", error
        if "kind" in expect:
            assert error.kind == expect["kind"], error
        if "loc" in expect:
            assert error.loc == expect["loc"], error
        return
    assert "error" not in expect, scored
    assert scored == Decimal(expect["total"])


def test_a_panic_inside_the_library_is_an_ordinary_exception():
    # pyo3 would raise PanicException, a BaseException that `except Exception` lets through.
    with pytest.raises(kaohe.InternalError, match="a deliberate panic") as excinfo:
        kaohe._kaohe._panic_for_test()
    assert isinstance(excinfo.value, Exception)
