"""A year of Ningbo's six districts on Spark, from case records to a ranking:

    python examples/spark/ningbo_year.py [--per-month 150] [--parquet /tmp/ningbo-cases.parquet]

writes the synthetic year of cases (examples/cases/generate.py) as Parquet, then in Spark: counts
the case-based inputs (kaohe.spark.indicators), joins the other monthly inputs
(examples/ningbo/2026-other-inputs.csv), scores every unit-month (kaohe.spark.score), rolls the
year up with the bonus (kaohe.spark.roll_up) and ranks the districts (kaohe.spark.rank).
On a cluster: spark-submit this file with the kaohe wheel installed on the driver and executors."""

import argparse
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main(argv=None, stop=True):
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-month", type=int, default=150)
    parser.add_argument("--parquet", type=Path, default=Path("/tmp/kaohe-ningbo-cases.parquet"))
    args = parser.parse_args(argv)

    import pandas
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from kaohe import spark as kspark

    spec = importlib.util.spec_from_file_location("generate", ROOT / "examples" / "cases" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    pandas.DataFrame(list(generate.cases(args.per_month, 2026)), dtype=str).to_parquet(args.parquet, index=False)

    spark = SparkSession.builder.master("local[2]").appName("kaohe-ningbo").getOrCreate()
    cases = spark.read.parquet(str(args.parquet))
    rates = kspark.indicators(cases, "ningbo/district").where(F.col("month").startswith("2026-"))
    other = spark.read.option("header", True).csv(str(ROOT / "examples" / "ningbo" / "2026-other-inputs.csv"))
    inputs = [c for c in rates.columns if not c.startswith("count_") and c not in ("unit", "month")]
    # The counted rates go over as text, exact: score_frame reads decimals from text.
    months = other.join(rates.select("unit", "month", *[F.col(c).cast("string").alias(c) for c in inputs]),
                        ["unit", "month"])
    scored = kspark.score(months, "ningbo/district")
    bonus = spark.read.option("header", True).csv(str(ROOT / "examples" / "ningbo" / "2026-bonus.csv"))
    year = kspark.rank(kspark.roll_up(months, "ningbo/district", "year", bonus), "ningbo/district", within="period")
    scored.select("unit", "month", "total", "error").orderBy("unit", "month").show(12)
    result = year.select("rank", "unit", "period", "total", "flags", "error").orderBy("rank")
    result.show()
    rows = result.collect()
    if stop:  # a caller sharing the session (the tests) keeps it
        spark.stop()
    return rows


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
