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


def typed_columns(rows):
    """Ningbo months in every column type score_frame hands over: whole numbers, floats with gaps,
    booleans, text, Decimal objects."""
    base = read("pandas").iloc[:rows].reset_index(drop=True)
    return {
        "grid_cells": [int(v) for v in base["grid_cells"]],
        "inspectors": [int(v) for v in base["inspectors"]],
        "operators": [int(v) for v in base["operators"]],
        "reported_items": [int(v) for v in base["reported_items"]],
        "valid_cases": [int(v) for v in base["valid_cases"]],
        "daily_valid_collections": [float(v) for v in base["daily_valid_collections"]],
        # A float rate goes through its shortest repr: 0.957 is exactly 0.957.
        "closure_rate": [float(Decimal(v.rstrip("%")) / 100) for v in base["closure_rate"]],
        "rework_rate": [Decimal(v.rstrip("%")) / 100 for v in base["rework_rate"]],
        "inspector_online_rate": list(base["inspector_online_rate"]),
        "on_time_closure_rate": list(base["on_time_closure_rate"]),
        "superior_satisfaction": list(base["superior_satisfaction"]),
        "partner_satisfaction": list(base["partner_satisfaction"]),
        "community_satisfaction": list(base["community_satisfaction"]),
        # NaN is a missing cell, so the input's default (none found) applies.
        "late_arrivals": [float("nan") if n % 3 == 0 else float(n % 2) for n in range(rows)],
        "office_untidy": [n % 4 == 0 for n in range(rows)],
    }


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_typed_columns_score_like_their_rows(ningbo, kind):
    columns = typed_columns(72)
    frame = pandas.DataFrame(columns) if kind == "pandas" else polars.DataFrame(columns, strict=False)
    if kind == "pandas":
        assert {str(frame[c].dtype) for c in ("grid_cells", "late_arrivals", "office_untidy")} == {"int64", "float64", "bool"}
    scored = ningbo.score_frame(frame)
    for n, total in enumerate(scored["total"]):
        row = {name: values[n] for name, values in columns.items()}
        if row["late_arrivals"] != row["late_arrivals"]:  # NaN: left out
            del row["late_arrivals"]
        card = ningbo.score(row)
        assert total == card.total, f"row {n}"
        daily = next(item for item in card.items if item["id"] == "daily_management")
        assert scored["daily_management"][n] == daily["score"], f"row {n}"


def test_a_column_of_text_holding_the_separator_is_read_cell_by_cell(ningbo):
    columns = typed_columns(4)
    columns["partner_satisfaction"][2] = "9\x1f3%"
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score_frame(pandas.DataFrame(columns))
    assert [(e["loc"], e["kind"]) for e in excinfo.value.errors] == [((2, "partner_satisfaction"), "wrong_type")]


def test_rows_split_between_threads_keep_their_positions(ningbo):
    frame = pandas.concat([read("pandas")] * 30, ignore_index=True)  # 2,160 rows
    frame.loc[5, "closure_rate"] = "-3%"
    frame.loc[2100, "valid_cases"] = "99999"
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score_frame(frame)
    assert [(e["loc"], e["kind"]) for e in excinfo.value.errors] == [
        ((5, "closure_rate"), "rate_out_of_range"),
        ((2100, "valid_cases"), "above_limit"),
    ]
    scored = ningbo.score_frame(frame.drop(index=[5, 2100]))
    assert list(scored.index)[:6] == [0, 1, 2, 3, 4, 6]
    # Row n and row n + 72 are the same month of the same district.
    assert list(scored.loc[6:71, "total"]) == list(scored.loc[78:143, "total"])
    assert list(scored.loc[2040:2099, "total"]) == list(scored.loc[1968:2027, "total"])
