"""Case records through the Python API: the shared case corpus (tests/cases/*.toml) counted from
pandas and polars frames, and a cross-check against DuckDB running the Ningbo definitions as SQL
written by hand over the synthetic year of cases."""

import importlib.util
import tomllib
import warnings
from decimal import Decimal
from pathlib import Path

import pandas
import polars
import pytest

import kaohe

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases"


def corpus():
    for path in sorted(CASES.glob("*.toml")):
        file = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in file["case"]:
            yield pytest.param(file, case, id=f"{path.stem}/{case['name']}")


def load(name):
    return kaohe.load_file(CASES / name) if name.endswith(".toml") else kaohe.load(name)


def frame(kind, header, rows):
    names = header.split(",")
    data = {n: [r.split(",")[i] or None for r in rows] for i, n in enumerate(names)}
    return pandas.DataFrame(data) if kind == "pandas" else polars.DataFrame(data)


@pytest.mark.parametrize("kind", ["pandas", "polars"])
@pytest.mark.parametrize("file,case", list(corpus()))
def test_case_corpus(file, case, kind):
    ruleset = load(file["ruleset"])
    cases = frame(kind, file["columns"], case["rows"])
    if "error" in case:
        with pytest.raises(kaohe.InputError) as raised:
            ruleset.indicators(cases, counts=True)
        # The frame path names the row by its index label and position, not the file's line.
        expected = case["error"].replace("row 1, ", "")
        assert expected in str(raised.value)
        return
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        out = ruleset.indicators(cases, counts=True)
    rows = out.to_dict("records") if kind == "pandas" else out.to_dicts()
    assert [(r["unit"], r["month"]) for r in rows] == [(e["unit"], e["month"]) for e in case["expect"]]
    count_names = [c for c in out.columns if c.startswith("count_")]
    for row, expect in zip(rows, case["expect"]):
        for name in count_names:
            assert row[name] == expect.get("counts", {}).get(name[len("count_"):], 0), name
        for name, value in expect.get("values", {}).items():
            assert row[name] == Decimal(value), name
        for name in expect.get("empty", []):
            assert row[name] is None, name


def test_left_out_cases_are_reported_in_a_warning():
    ruleset = kaohe.load("ningbo/district")
    file = tomllib.loads((CASES / "ningbo-district.toml").read_text(encoding="utf-8"))
    cases = frame("pandas", file["columns"], file["case"][1]["rows"])
    with pytest.warns(UserWarning) as caught:
        ruleset.indicators(cases)
    message = str(caught[0].message)
    assert "1 cases without a unit left out (rows 2)" in message  # pandas index label 2
    assert "nothing in the denominator" in message


def test_datetime_columns_are_read_as_local_times():
    ruleset = kaohe.load("ningbo/district")
    cases = pandas.DataFrame({
        "case_id": ["T1"],
        "unit": ["海曙区"],
        "source": ["inspector"],
        "reported_at": pandas.to_datetime(["2026-03-02 09:00:00"]),
        "filed_at": pandas.to_datetime(["2026-03-02 10:00:00"]),
        "deadline": pandas.to_datetime(["2026-03-10 18:00:00"]),
        "handled_at": pandas.to_datetime(["2026-03-10 18:00:00"]),
        "closed_at": pandas.to_datetime(["2026-03-11 09:00:00"]),
        "reworks": [0],
        "supervised": [False],
    })
    out = ruleset.indicators(cases)
    # Handled at exactly the deadline is on time: 1 / 1.
    assert out["on_time_closure_rate"].tolist() == [Decimal(1)]


def synthetic_year():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "examples" / "cases" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return pandas.DataFrame(list(generate.cases(per_month=60, seed=7)), dtype=str)


# The Ningbo counts as SQL written by hand from the definitions (shared with the benchmark).
NINGBO_SQL = (ROOT / "bindings" / "python" / "bench" / "ningbo_cases.sql").read_text(encoding="utf-8")


def test_counts_agree_with_duckdb_on_every_unit_and_month():
    import duckdb
    cases = synthetic_year()
    ruleset = kaohe.load("ningbo/district")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ruleset.indicators(cases, counts=True)
    connection = duckdb.connect()
    connection.register("cases", cases)
    theirs = connection.sql(NINGBO_SQL).df()
    names = ["inspector_reports", "inspector_filed", "due", "closed", "closed_on_time", "reworked", "supervised_late"]
    mine = ours[["unit", "month"] + [f"count_{n}" for n in names]]
    mine.columns = ["unit", "month"] + names
    mine = mine.sort_values(["unit", "month"], key=lambda s: s.astype(str)).reset_index(drop=True)
    assert len(mine) == len(theirs) > 6 * 12
    for name in ["unit", "month"] + names:
        assert mine[name].astype(str).tolist() == theirs[name].astype(str).tolist(), name
    # Each rate is the ratio of those counts, settled to 20 places.
    for _, row in ours.iterrows():
        if row["count_due"]:
            exact = Decimal(int(row["count_closed"])) / Decimal(int(row["count_due"]))
            assert row["closure_rate"] == exact.quantize(Decimal("1e-20")).normalize()


# Months of the 26th to the 25th (上月26日—当月25日) and a later assessment day, on Ningbo's counts.
SHIFTED = """format = 1
id = "tests/ningbo-26th"
extends = "ningbo/district"
month_starts_on = 26
[cases]
assessed_days_after = 5
"""


@pytest.mark.parametrize(
    "ruleset_id", ["ningbo/district", "templates/district-composite", "templates/municipal-department", "shifted"]
)
def test_the_generated_sql_counts_as_the_core_does_in_duckdb(ruleset_id):
    import duckdb

    cases = synthetic_year()
    ruleset = kaohe.loads(SHIFTED, "shifted.toml") if ruleset_id == "shifted" else kaohe.load(ruleset_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ruleset.indicators(cases, counts=True)
    connection = duckdb.connect()
    connection.register("cases", cases)
    sql = ruleset.indicators_sql("duckdb", table="cases", columns=list(cases.columns))
    counted = connection.sql(sql).df()
    count_ids = [c for c in counted.columns if c not in ("unit", "month")]
    rows = [(r["unit"], r["month"], {c: int(r[c]) for c in count_ids}) for r in counted.to_dict("records")]
    theirs = ruleset.indicators_from_counts(rows)
    assert len(theirs) == len(ours) > 6 * 12
    for mine, row in zip(ours.to_dict("records"), theirs):
        for name, value in row.items():
            assert mine[name] == value or (mine[name] is None and value is None), (row["unit"], row["month"], name)
    for mine, row in zip(ours.to_dict("records"), rows):
        assert [mine[f"count_{c}"] for c in count_ids] == [row[2][c] for c in count_ids]


def test_a_ruleset_pickles_for_other_processes():
    import pickle

    for ruleset in (kaohe.load("ningbo/district"), kaohe.loads((ROOT / "rulesets" / "ningbo" / "district.toml").read_text(encoding="utf-8"), "x.toml")):
        again = pickle.loads(pickle.dumps(ruleset))
        assert again.id == ruleset.id == "ningbo/district"
