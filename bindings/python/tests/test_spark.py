"""kaohe.spark in Spark local mode: the ruleset's counts as Spark SQL and the indicators from the
core give, unit-month by unit-month, exactly what the core gives on the same cases."""

import importlib.util
import os
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

import kaohe

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("kaohe-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


def synthetic_year():
    import pandas

    spec = importlib.util.spec_from_file_location("generate", ROOT / "examples" / "cases" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return pandas.DataFrame(list(generate.cases(per_month=40, seed=11)), dtype=str)


@pytest.mark.parametrize("ruleset_id", ["ningbo/district", "templates/municipal-department"])
def test_spark_indicators_equal_the_cores_cell_for_cell(spark, ruleset_id):
    from kaohe import spark as kspark

    cases = synthetic_year()
    ruleset = kaohe.load(ruleset_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ruleset.indicators(cases, counts=True).to_dict("records")
    frame = spark.createDataFrame(cases)
    theirs = [r.asDict() for r in kspark.indicators(frame, ruleset).orderBy("unit", "month").collect()]
    assert [(r["unit"], r["month"]) for r in theirs] == [(r["unit"], r["month"]) for r in ours]
    for mine, row in zip(ours, theirs):
        for name, value in row.items():
            expected = mine[name]
            if isinstance(value, Decimal):
                # Spark's decimal(38, 20) keeps the core's 20 places exactly.
                assert value == expected, (row["unit"], row["month"], name)
            else:
                assert value == expected or (value is None and expected is None), (row["unit"], row["month"], name)


def test_typed_columns_and_a_bad_time_cell(spark):
    from pyspark.sql import functions as F

    from kaohe import spark as kspark

    cases = synthetic_year()
    frame = spark.createDataFrame(cases)
    typed = frame.withColumn("deadline", F.expr("try_cast(deadline AS TIMESTAMP)")).withColumn("reworks", F.col("reworks").cast("int"))
    a = kspark.indicators(typed, "ningbo/district").orderBy("unit", "month").collect()
    b = kspark.indicators(frame, "ningbo/district").orderBy("unit", "month").collect()
    assert a == b
    broken = frame.withColumn("deadline", F.when(F.col("case_id") == cases["case_id"][5], F.lit("2026/13/40")).otherwise(F.col("deadline")))
    with pytest.raises(ValueError, match="column deadline: `2026/13/40` is not a date-time"):
        kspark.indicators(broken, "ningbo/district")


def test_spark_scores_equal_score_frame_and_a_bad_row_keeps_its_place(spark):
    import pandas

    from kaohe import spark as kspark

    rows = pandas.read_csv(ROOT / "examples" / "ningbo" / "2026-districts.csv", dtype=str)
    rows.loc[5, "closure_rate"] = "1.5"  # a rate above 100%: this row alone is refused
    ruleset = kaohe.load("ningbo/district")
    expected = ruleset.score_frame(rows.drop(index=[5]))
    out = kspark.score(spark.createDataFrame(rows), ruleset).collect()
    assert len(out) == len(rows) == 72
    by_place = {(r["unit"], r["month"]): r for r in out}
    bad = by_place[(rows.loc[5, "unit"], rows.loc[5, "month"])]
    assert bad["total"] is None and "closure_rate" in bad["error"]
    for _, row in expected.iterrows():
        got = by_place[(row["unit"], row["month"])]
        assert got["error"] is None
        assert got["total"] == row["total"] and got["grade"] == row["grade"]
        for item_id, _ in ruleset.items:
            assert got[item_id] == row[item_id], (row["unit"], row["month"], item_id)


def test_spark_roll_up_and_rank_equal_the_cores(spark):
    import pandas

    from kaohe import spark as kspark

    rows = pandas.read_csv(ROOT / "examples" / "ningbo" / "2026-districts.csv", dtype=str)
    bonus = pandas.read_csv(ROOT / "examples" / "ningbo" / "2026-bonus.csv", dtype=str)
    # 镇海区 loses its December: its year cannot be rolled up (twelve months are required).
    rows = rows[~((rows.unit == "镇海区") & (rows.month == "2026-12"))]
    ruleset = kaohe.load("ningbo/district")
    cards = kspark.roll_up(spark.createDataFrame(rows), ruleset, "year", spark.createDataFrame(bonus))
    ranked = {r["unit"]: r for r in kspark.rank(cards, ruleset, within="period").collect()}
    assert set(ranked) == set(rows.unit)
    assert ranked["镇海区"]["total"] is None and ranked["镇海区"]["rank"] is None and ranked["镇海区"]["error"]
    standings = []
    for unit, months in rows.groupby("unit"):
        if unit == "镇海区":
            continue
        ordered = [{k: v for k, v in m.items() if k not in ("unit", "month")} for m in months.sort_values("month").to_dict("records")]
        given = {"bonus": bonus[bonus.unit == unit]["bonus"].iloc[0]}
        card = ruleset.roll_up("year", ordered, given)
        assert ranked[unit]["total"] == card["total"], unit
        assert ranked[unit]["flags"] == ";".join(f["flag"]["id"] for f in card["flags"]), unit
        standings.append((unit, "district_bureau", card["total"]))
    for standing in ruleset.rank(standings):
        assert ranked[standing["unit"]]["rank"] == standing["rank"], standing["unit"]
    # A unit given twice within one period would take two places: refused, as the core refuses it.
    with pytest.raises(ValueError, match="'海曙区' is given twice within period '2026'"):
        kspark.rank(cards.unionByName(cards.where(cards.unit == "海曙区")), ruleset, within="period")
    # A repeated row without a total is not ranked, so it is not refused: 镇海区 stays unranked.
    again = kspark.rank(cards.unionByName(cards.where(cards.unit == "镇海区")), ruleset, within="period").collect()
    assert [r["rank"] for r in again if r["unit"] == "镇海区"] == [None, None]


def test_the_example_job_runs_from_parquet_to_a_ranking(spark, tmp_path):
    spec = importlib.util.spec_from_file_location("ningbo_year", ROOT / "examples" / "spark" / "ningbo_year.py")
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    rows = job.main(["--per-month", "30", "--parquet", str(tmp_path / "cases.parquet")], stop=False)
    # Six districts ranked on a whole year each, none refused.
    assert len(rows) == 6 and all(r["error"] is None for r in rows)
    assert sorted(r["rank"] for r in rows)[0] == 1
