"""Spark local[2] against kaohe in process and DuckDB, on the same Parquet file of synthetic cases
(the case benchmark's CSV, converted once), and the scoring stage through mapInArrow against
score_frame. Every side must give the same counts before a time is reported.

Usage: python bench_spark.py --json OUT [--cases 10000000]"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
COUNTS = ["inspector_reports", "inspector_filed", "due", "closed", "closed_on_time", "reworked", "supervised_late"]


def timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", required=True)
    parser.add_argument("--cases", type=int, default=10_000_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_cases import cases_file

    import duckdb
    import pandas
    import pyarrow.csv
    import pyarrow.parquet

    import kaohe

    csv_path = cases_file(args.cases)
    parquet = csv_path.with_suffix(".parquet")
    if not parquet.exists():
        table = pyarrow.csv.read_csv(csv_path, convert_options=pyarrow.csv.ConvertOptions(
            column_types={c: pyarrow.string() for c in ["case_id", "unit", "reworks", "supervised", "void"]},
            strings_can_be_null=True))
        pyarrow.parquet.write_table(table, parquet)
        del table
    rs = kaohe.load("ningbo/district")

    def in_process():
        frame = pandas.read_parquet(parquet)
        return rs.indicators(frame, counts=True)

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, ours_seconds = timed(in_process)
    reference = {(r["unit"], r["month"]): [int(r[f"count_{c}"]) for c in COUNTS] for r in ours.to_dict("records")}
    del ours

    sql = (Path(__file__).parent / "ningbo_cases.sql").read_text(encoding="utf-8")
    connection = duckdb.connect(config={"threads": 2})
    connection.sql("SET enable_progress_bar = false")
    # The hand-written SQL reads text columns, as in the CSV benchmark.
    columns = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in ["case_id", "unit", "source", "reported_at", "filed_at",
                                                                  "deadline", "handled_at", "closed_at", "reworks",
                                                                  "supervised", "void"])
    connection.sql(f"CREATE VIEW cases AS SELECT {columns} FROM read_parquet('{parquet}')")
    duck, duck_seconds = timed(lambda: connection.sql(sql).fetchall())
    duck = {(r[0], r[1]): [int(v) for v in r[2:]] for r in duck}

    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    from kaohe import spark as kspark

    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.memory", "4g").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    frame = spark.read.parquet(str(parquet))
    spark_rows, spark_seconds = timed(lambda: kspark.indicators(frame, rs).collect())
    theirs = {(r["unit"], r["month"]): [int(r[f"count_{c}"]) for c in COUNTS] for r in spark_rows}
    if not (reference == duck == theirs):
        sys.exit("kaohe, DuckDB and Spark disagree on the counts")

    # The scoring stage: unit-month rows through mapInArrow against score_frame in process.
    months = pandas.read_csv(ROOT / "examples" / "ningbo" / "2026-districts.csv", dtype=str)
    copies = []
    for n in range(1400):  # about 100k rows: each copy six new districts
        copy = months.copy()
        copy["unit"] = copy["unit"] + str(n)
        copies.append(copy)
    rows = pandas.concat(copies, ignore_index=True)
    expected, frame_seconds = timed(lambda: rs.score_frame(rows, decimals="arrow"))
    spark_months = spark.createDataFrame(rows).cache()
    spark_months.count()
    scored, score_seconds = timed(lambda: kspark.score(spark_months, rs).select("unit", "month", "total").collect())
    totals = {(r["unit"], r["month"]): r["total"] for r in scored}
    if any(totals[(u, m)] != t for u, m, t in zip(rows["unit"], rows["month"], expected["total"])):
        sys.exit("kaohe.spark.score and score_frame disagree")
    spark.stop()

    result = {
        "cases": pyarrow.parquet.ParquetFile(parquet).metadata.num_rows,
        "parquet_mb": parquet.stat().st_size / 1024 / 1024,
        "unit_months": len(reference),
        "kaohe_in_process_seconds": ours_seconds,
        "duckdb_seconds": duck_seconds,
        "spark_seconds": spark_seconds,
        "score_rows": len(rows),
        "score_frame_seconds": frame_seconds,
        "spark_score_seconds": score_seconds,
        "versions": {"duckdb": duckdb.__version__, "pyspark": __import__("pyspark").__version__},
    }
    Path(args.json).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
