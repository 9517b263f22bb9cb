"""kaohe on Apache Spark: a ruleset's case counts run as Spark SQL (no Python function per case),
and the few unit-month rows they give turned into indicators by the same exact core, through
``mapInArrow``. Needs pyspark (``pip install "kaohe[spark]"``) and a JVM.

    >>> from kaohe import spark as kspark
    >>> rates = kspark.indicators(cases_df, "ningbo/district")   # a Spark DataFrame

The case DataFrame has the case columns by their English names (rulesets/README.md): times as
timestamps or ISO text (``2026-03-05 14:22:10``), counts as integers, flags as booleans or 1/0.
A time cell that is text but not a time is refused (`ValueError`), never read as empty."""

import uuid
from typing import Any, Iterator, List, Union

from ._kaohe import Ruleset, load  # type: ignore[import-not-found]

# Indicator values keep 20 places (ratios are settled there); 18 whole digits are left.
SCALE = 20


def _ruleset(ruleset: Union[str, Ruleset]) -> Ruleset:
    return ruleset if isinstance(ruleset, Ruleset) else load(ruleset)


def _check_times(cases: Any, view: str, columns: List[str]) -> None:
    """Refuses time cells given as text that do not read as times, naming the column."""
    spark = cases.sparkSession
    from ._kaohe import CASE_TIME_COLUMNS as times  # type: ignore[import-not-found]

    text_times = [c for c, kind in cases.dtypes if c in times and c in columns and kind == "string"]
    for column in text_times:
        bad = spark.sql(
            f"SELECT `{column}` AS cell FROM {view} WHERE `{column}` IS NOT NULL AND trim(`{column}`) <> '' "
            f"AND try_cast(`{column}` AS TIMESTAMP) IS NULL LIMIT 1"
        ).collect()
        if bad:
            raise ValueError(f"column {column}: `{bad[0]['cell']}` is not a date-time such as 2026-03-05 14:22:10")


def indicators(cases: Any, ruleset: Union[str, Ruleset]) -> Any:
    """Counts a Spark DataFrame of cases into each unit-month's indicators. Returns a Spark
    DataFrame: ``unit``, ``month``, one ``DecimalType(38, 20)`` column per indicator (null where a
    ratio's denominator is 0) and one ``count_<id>`` column per count."""
    from pyspark.sql import types as T

    rs = _ruleset(ruleset)
    spark = cases.sparkSession
    view = "kaohe_cases_" + uuid.uuid4().hex
    cases.createOrReplaceTempView(view)
    _check_times(cases, view, list(cases.columns))
    counts = spark.sql(rs.indicators_sql("spark", table=view, columns=list(cases.columns)))
    count_ids = [c for c in counts.columns if c not in ("unit", "month")]
    inputs = [name for name in rs.indicators_from_counts([("-", "2000-01", {c: 1 for c in count_ids})])[0]
              if name not in ("unit", "month")]
    schema = T.StructType(
        [T.StructField("unit", T.StringType()), T.StructField("month", T.StringType())]
        + [T.StructField(name, T.DecimalType(38, SCALE)) for name in inputs]
        + [T.StructField(f"count_{c}", T.LongType()) for c in count_ids]
    )

    def compute(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]

        arrow_schema = pyarrow.schema(
            [("unit", pyarrow.string()), ("month", pyarrow.string())]
            + [(name, pyarrow.decimal128(38, SCALE)) for name in inputs]
            + [(f"count_{c}", pyarrow.int64()) for c in count_ids]
        )
        for batch in batches:
            rows = batch.to_pylist()
            values = rs.indicators_from_counts([(r["unit"], r["month"], {c: r[c] for c in count_ids}) for r in rows])
            for row, value in zip(rows, values):
                for c in count_ids:
                    value[f"count_{c}"] = row[c]
            yield pyarrow.RecordBatch.from_pylist(values, schema=arrow_schema)

    return counts.mapInArrow(compute, schema)


def score(rows: Any, ruleset: Union[str, Ruleset]) -> Any:
    """Scores a Spark DataFrame of unit-month rows (``unit``, ``month``, optionally ``kind``, one
    column per input, as ``score_frame`` reads them) through the core, one Arrow batch at a time
    with ``mapInArrow``. Returns those reserved columns, ``total`` as ``DecimalType(38, places)``
    (the ruleset's rounding), ``grade``, ``flags`` (ids joined by ``;``), one ``DecimalType(38,
    20)`` column per item, and ``error``: null, or every problem of a row that could not be scored
    (whose numbers are then null). No row is dropped."""
    from pyspark.sql import types as T

    rs = _ruleset(ruleset)
    places = int(rs.meta["rounding"]["places"])
    passed = [c for c in rows.columns if c in ("unit", "month", "kind")]
    items = [item_id for item_id, _ in rs.items]
    schema = T.StructType(
        [T.StructField(c, T.StringType()) for c in passed]
        + [T.StructField("total", T.DecimalType(38, places)), T.StructField("grade", T.StringType()),
           T.StructField("flags", T.StringType())]
        + [T.StructField(item, T.DecimalType(38, SCALE)) for item in items]
        + [T.StructField("error", T.StringType())]
    )

    def compute(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]

        # Imported here, in the worker: the exception class does not pickle by reference.
        from kaohe import InputError

        arrow_schema = pyarrow.schema(
            [(c, pyarrow.string()) for c in passed]
            + [("total", pyarrow.decimal128(38, places)), ("grade", pyarrow.string()), ("flags", pyarrow.string())]
            + [(item, pyarrow.decimal128(38, SCALE)) for item in items]
            + [("error", pyarrow.string())]
        )
        for batch in batches:
            frame = batch.to_pandas().reset_index(drop=True)
            problems: dict = {}
            try:
                scored = rs.score_frame(frame)
            except InputError as error:
                if any(problem["row"] is None for problem in error.errors):
                    raise  # a problem of the columns, not of a row: the whole frame is refused
                for problem in error.errors:
                    row, name = problem["loc"]
                    problems.setdefault(row, []).append(f"{name}: {problem['message']}")
                good = frame.drop(index=list(problems))
                scored = rs.score_frame(good) if len(good) else None
            columns: dict = {c: [None if v is None else str(v) for v in frame[c].tolist()] for c in passed}
            for name in ["total", "grade", "flags"] + items:
                values = [None] * len(frame)
                if scored is not None:
                    for position, value in zip(scored.index, scored[name].tolist()):
                        values[position] = value
                columns[name] = values
            columns["error"] = ["; ".join(problems[n]) if n in problems else None for n in range(len(frame))]
            yield pyarrow.RecordBatch.from_pydict(columns, schema=arrow_schema)

    return rows.mapInArrow(compute, schema)


def roll_up(rows: Any, ruleset: Union[str, Ruleset], period: str = "year", period_inputs: Any = None) -> Any:
    """Rolls unit-month rows (as ``score`` reads them) up into period cards, one unit at a time
    through the core (``groupBy("unit").applyInPandas``: a Python function per unit, not per
    case). ``period_inputs`` is an optional Spark DataFrame with ``unit``, ``period`` (2026,
    2026-H1, 2026-Q1) and the period's inputs. Returns ``unit``, ``kind``, ``period``, ``total`` as
    ``DecimalType(38, places)``, ``grade``, ``flags`` (ids joined by ``;``), ``months`` (how many
    months the rows gave) and ``error`` (a period that cannot be rolled up, such as one with a month
    given twice or months naming different kinds: its numbers null). The grouping is the core's
    ledger, as in ``roll_up_frame``; period inputs for a unit and period without rows are
    refused."""
    from pyspark.sql import types as T

    rs = _ruleset(ruleset)
    places = int(rs.meta["rounding"]["places"])
    given: dict = {}
    for row in period_inputs.collect() if period_inputs is not None else []:
        values = row.asDict()
        key = (str(values.pop("unit")), str(values.pop("period")))
        given[key] = {k: v for k, v in values.items() if v is not None}
    schema = T.StructType([
        T.StructField("unit", T.StringType()), T.StructField("kind", T.StringType()),
        T.StructField("period", T.StringType()),
        T.StructField("total", T.DecimalType(38, places)), T.StructField("grade", T.StringType()),
        T.StructField("flags", T.StringType()), T.StructField("months", T.IntegerType()),
        T.StructField("error", T.StringType()),
    ])
    if period not in ("year", "half_year", "quarter"):
        raise ValueError(f"period is one of 'year', 'half_year', 'quarter', not {period!r}")

    def per_unit(frame: Any) -> Any:
        import pandas  # type: ignore[import-untyped,unused-ignore]

        from kaohe._frames import ROLLED_UP, roll_up_records

        # Each group is one unit: the periods' own inputs of other units are not its own.
        units = set(frame["unit"].astype(str))
        own = {key: inputs for key, inputs in given.items() if key[0] in units}
        rolled = roll_up_records(rs, frame.to_dict("records"), period, own)
        return pandas.DataFrame(rolled, columns=ROLLED_UP)

    return rows.groupBy("unit").applyInPandas(per_unit, schema)


def rank(scored: Any, ruleset: Union[str, Ruleset], within: str = "month") -> Any:
    """Ranks scored rows (from ``score`` or ``roll_up``) by ``total`` within each ``within``
    value (``month`` or ``period``) and target kind, ties sharing a rank (1, 2, 2, 4) as the core
    ranks; a row without a total gets no rank. A kind the ruleset does not name is refused, and so
    is a unit given twice within one ``within`` value (as the core refuses them)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    rs = _ruleset(ruleset)
    kinds = list(rs.meta["target_kinds"])
    partition = [within]
    if "kind" in scored.columns:
        unknown = scored.select("kind").distinct().where(~F.col("kind").isin(kinds)).limit(1).collect()
        if unknown:
            raise ValueError(f"kind {unknown[0]['kind']!r} is not one of the ruleset's target kinds {kinds}")
        partition.append("kind")
    # Among the rows that are ranked, as rank_frame hands them to the core: a row without a total is not.
    ranked = scored.where(F.col("total").isNotNull())
    twice = ranked.groupBy(within, "unit").count().where(F.col("count") > 1).limit(1).collect()
    if twice:
        unit, at = twice[0]["unit"], twice[0][within]
        raise ValueError(f"unit {unit!r} is given twice within {within} {at!r}; each unit is ranked once")
    order = Window.partitionBy(*partition).orderBy(F.col("total").desc_nulls_last())
    return scored.withColumn("rank", F.when(F.col("total").isNotNull(), F.rank().over(order)))
