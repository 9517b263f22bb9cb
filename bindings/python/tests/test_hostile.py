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


def inputs(case):
    values = dict(CORPUS["bases"].get(case.get("base"), {}))
    values.update(case.get("inputs", {}))
    if "nest" in case:
        nested = []
        for _ in range(case["nest"]["depth"]):
            nested = [nested]
        values[case["nest"]["input"]] = nested
    return values


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
        card = ruleset.score(inputs(case))
    except kaohe.InputError as error:
        assert expect.get("error") == "input", error
        if "kind" in expect:
            assert error.kind == expect["kind"], error
        if "loc" in expect:
            assert error.loc == expect["loc"], error
        return
    assert "error" not in expect, card
    assert card.total == Decimal(expect["total"])


def test_a_panic_inside_the_library_is_an_ordinary_exception():
    # pyo3 would raise PanicException, a BaseException that `except Exception` lets through.
    with pytest.raises(kaohe.InternalError, match="a deliberate panic") as excinfo:
        kaohe._kaohe._panic_for_test()
    assert isinstance(excinfo.value, Exception)
