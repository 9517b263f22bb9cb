"""score_frame with pandas and polars: the same numbers as scoring row by row, frames of the same
kind back, decimals as Decimal, and every bad row reported."""

from decimal import Decimal
from pathlib import Path

import pandas
import polars
import pytest

import kaohe

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "ningbo" / "2026-districts.csv"


@pytest.fixture(scope="module")
def ningbo():
    return kaohe.load("ningbo/district")


def read(kind):
    # Every column as text, as the file holds it: rates such as "87.5%" stay exact.
    if kind == "pandas":
        return pandas.read_csv(EXAMPLE, dtype=str)
    return polars.read_csv(EXAMPLE, infer_schema=False)


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_a_frame_scores_like_its_rows(ningbo, kind):
    frame = read(kind)
    scored = ningbo.score_frame(frame)
    assert type(scored).__module__.split(".")[0] == kind
    records = frame.to_dict("records") if kind == "pandas" else frame.to_dicts()
    totals = list(scored["total"])
    assert len(totals) == len(records) == 72
    for record, total in zip(records, totals):
        inputs = {k: v for k, v in record.items() if k not in ("unit", "month")}
        assert ningbo.score(inputs).total == Decimal(str(total))
    assert list(scored["unit"])[:2] == list(frame["unit"])[:2]
    columns = list(scored.columns)
    assert columns[:5] == ["unit", "month", "total", "grade", "flags"]
    assert columns[5:] == [item for item, _ in ningbo.items]


def test_pandas_keeps_exact_decimals_and_the_index(ningbo):
    frame = read("pandas").iloc[10:14]
    scored = ningbo.score_frame(frame)
    assert list(scored.index) == [10, 11, 12, 13]
    assert all(isinstance(v, Decimal) for v in scored["total"])
    assert all(isinstance(v, Decimal) for v in scored["closure"])


def test_numpy_numbers_from_a_typed_frame(ningbo):
    frame = pandas.read_csv(EXAMPLE).iloc[:6]
    # pandas parsed the counts as int64; the rates stay text because of their % signs.
    assert str(frame["grid_cells"].dtype) == "int64"
    scored = ningbo.score_frame(frame)
    texts = ningbo.score_frame(read("pandas").iloc[:6])
    assert list(scored["total"]) == list(texts["total"])


def test_the_flag_column(ningbo):
    frame = read("polars")
    scored = ningbo.score_frame(frame)
    flagged = scored.filter(polars.col("flags") != "")
    # No single month of the example has two unreported major events: no monthly flag.
    assert flagged.height == 0


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_every_bad_row_is_reported_with_its_position(ningbo, kind):
    frame = read("pandas").iloc[:5].copy()
    frame.loc[1, "closure_rate"] = "101%"
    frame.loc[3, "late_arrivals"] = "-1"
    if kind == "polars":
        frame = polars.DataFrame({c: frame[c].tolist() for c in frame.columns})
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score_frame(frame)
    error = excinfo.value
    assert [(e["loc"], e["kind"]) for e in error.errors] == [
        ((1, "closure_rate"), "rate_out_of_range"),
        ((3, "late_arrivals"), "negative"),
    ]
    assert error.loc == (1, "closure_rate")
    assert "row 3: input `late_arrivals`" in str(error)


def test_an_unknown_column_is_refused_once(ningbo):
    frame = read("pandas").rename(columns={"closure_rate": "closure_rat"})
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score_frame(frame)
    assert len(excinfo.value.errors) == 1
    assert "did you mean `closure_rate`?" in str(excinfo.value)


def test_only_dataframes(ningbo):
    with pytest.raises(TypeError, match="pandas or polars"):
        ningbo.score_frame([{"grid_cells": 1}])
