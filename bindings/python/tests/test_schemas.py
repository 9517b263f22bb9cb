"""The JSON contract from Python: every card, period card, ranking and error the vector corpus
produces meets its schema in schemas/ (generated from the core's types; the Rust and Node tests
check the same files)."""

import json
from decimal import Decimal
import tomllib
from pathlib import Path

import jsonschema
import pytest

import kaohe

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"


def schema(name):
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / f"{name}.json").read_text()))


def as_json(value):
    """Python values back to the contract's JSON: decimals as strings."""
    return json.loads(json.dumps(value, default=str))


def meets(name, value, label):
    problems = [f"{e.message} at {list(e.absolute_path)}" for e in schema(name).iter_errors(value)]
    assert not problems, f"{label}: not a {name}: {problems}"


def test_every_corpus_output_meets_its_schema():
    checked = 0
    for path in sorted(VECTORS.glob("*.toml")):
        corpus = tomllib.loads(path.read_text(encoding="utf-8"))
        name = corpus["ruleset"]
        ruleset = kaohe.load_file(VECTORS / name) if name.endswith(".toml") else kaohe.load(name)
        base = corpus.get("base", {})
        for case in corpus["case"]:
            label = f"{path.stem}/{case['name']}"
            if "units" in case:
                entries = [(u["unit"], u.get("kind", ruleset.default_kind),
                            ruleset.score({**base, **u.get("inputs", {})}, trace=False).total)
                           for u in case["units"]]
                meets("ranking", as_json(ruleset.rank(entries)), label)
            elif "period" in case:
                months = [None if m == "missing" else {**base, **m} for m in case["months"]]
                try:
                    card = ruleset.roll_up(case["period"], months, case.get("period_inputs", {}))
                    meets("period-card", as_json(card), label)
                except kaohe.InputError as error:
                    meets("input-errors", as_json([{k: e[k] for k in ("loc", "path", "kind", "message")} for e in error.errors]), label)
            else:
                inputs = {**base, **case.get("inputs", {})}
                for name in case.get("remove", []):
                    inputs.pop(name, None)
                try:
                    meets("score-card", json.loads(ruleset.score(inputs).to_json()), label)
                except kaohe.InputError:
                    continue
            checked += 1
    assert checked > 100
    meets("catalogue", kaohe.rulesets(), "catalogue")


def test_a_value_outside_the_contract_is_refused():
    with pytest.raises(jsonschema.ValidationError):
        schema("score-card").validate({"format": 1, "total": 98})


def test_decimals_follow_the_contract_not_key_names():
    # `value` is a decimal in arithmetic and metrics but text in a reading: the schema decides.
    ningbo = kaohe.load("ningbo/district")
    card = ningbo.score({"grid_cells": 400, "inspectors": 30, "operators": 20, "inspector_online_rate": "56.5%",
                         "reported_items": 1000, "valid_cases": 800, "daily_valid_collections": 400,
                         "on_time_closure_rate": "90%", "closure_rate": "98%", "rework_rate": "1%",
                         "superior_satisfaction": "95%", "partner_satisfaction": "90%",
                         "community_satisfaction": "90%"}).to_dict()
    effect = next(e for s in card["sections"] for i in s["items"] for e in i.get("effects", []))
    assert isinstance(effect["arithmetic"]["value"], Decimal)
    assert all(isinstance(r["value"], str) for r in effect["reads"])
    assert all(isinstance(m["value"], Decimal) for m in card["metrics"])
    assert isinstance(card["total"], Decimal) and isinstance(card["ruleset_version"], str)
