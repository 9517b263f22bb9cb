"""score_frame with pandas and polars: the same numbers as scoring row by row, frames of the same
kind back, decimals as Decimal, and every bad row reported."""

import sys
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
        "no_staff_photos": [n % 4 == 0 for n in range(rows)],
    }


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_typed_columns_score_like_their_rows(ningbo, kind):
    columns = typed_columns(72)
    frame = pandas.DataFrame(columns) if kind == "pandas" else polars.DataFrame(columns, strict=False)
    if kind == "pandas":
        assert {str(frame[c].dtype) for c in ("grid_cells", "late_arrivals", "no_staff_photos")} == {"int64", "float64", "bool"}
    scored = ningbo.score_frame(frame)
    for n, total in enumerate(scored["total"]):
        row = {name: values[n] for name, values in columns.items()}
        if row["late_arrivals"] != row["late_arrivals"]:  # NaN: left out
            del row["late_arrivals"]
        card = ningbo.score(row)
        assert total == card.total, f"row {n}"
        daily = next(item for item in card.items if item["id"] == "daily_management")
        assert scored["daily_management"][n] == daily["score"], f"row {n}"


def test_a_frame_naming_a_column_twice_is_refused_by_name(ningbo):
    columns = typed_columns(3)
    # pandas lets two columns share a label: the core refuses an input given twice, as it does in a
    # CSV header, rather than read one of them.
    twice = pandas.DataFrame(columns)
    twice.insert(1, "closure_rate", ["50%"] * 3, allow_duplicates=True)
    with pytest.raises(kaohe.InputError, match="`closure_rate`: is a column twice"):
        ningbo.score_frame(twice)
    unit_twice = pandas.DataFrame(columns).assign(unit="海曙区")
    unit_twice.insert(0, "unit", ["江北区"] * 3, allow_duplicates=True)
    with pytest.raises(ValueError, match="two columns named `unit`"):
        ningbo.score_frame(unit_twice)
    # A label that is not a string is still a column the core names in its refusal.
    numbered = pandas.DataFrame(columns).assign(**{"5": 1}).rename(columns={"5": 5})
    with pytest.raises(kaohe.InputError, match="`5`"):
        ningbo.score_frame(numbered)


def test_a_column_of_text_holding_the_separator_is_read_cell_by_cell(ningbo):
    columns = typed_columns(4)
    columns["partner_satisfaction"][2] = "9\x1f3%"
    # Python strings (object dtype) are the ones handed over joined; Arrow text goes as buffers.
    frame = pandas.DataFrame(columns).astype({"partner_satisfaction": object})
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score_frame(frame)
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


def text_frames():
    """The example months, every column text, in each way a frame can hold text."""
    frame = read("pandas")
    return {
        "object": frame.astype(object),
        "python strings": frame.astype("string[python]"),
        "Arrow strings": frame.astype("string[pyarrow]"),
        "polars": read("polars"),
    }


@pytest.mark.parametrize("storage", ["object", "python strings", "Arrow strings", "polars"])
def test_text_scores_alike_however_it_is_held(ningbo, storage):
    frame = text_frames()[storage]
    # A slice, so Arrow text starts part-way into its buffers.
    part = frame.iloc[10:40] if storage != "polars" else frame.slice(10, 30)
    scored = ningbo.score_frame(part)
    expected = ningbo.score_frame(read("pandas").iloc[10:40].astype(object))
    assert list(scored["total"]) == list(expected["total"])
    assert list(scored["closure"]) == list(expected["closure"])


@pytest.mark.parametrize("storage", ["object", "Arrow strings", "polars"])
def test_a_missing_text_cell_is_an_input_not_given(ningbo, storage):
    frame = text_frames()[storage]
    given = ningbo.score_frame(frame)
    # Row 10 (海曙区 2026-11) gives 2 late arrivals; without the cell the input is not given and
    # takes its default 0, so the 2 points (1 per late arrival) are no longer deducted.
    if storage == "polars":
        frame = frame.with_columns(polars.when(polars.int_range(polars.len()) == 10).then(polars.lit(None))
                                   .otherwise(polars.col("late_arrivals")).alias("late_arrivals"))
        records = frame.to_dicts()
    else:
        frame.loc[10, "late_arrivals"] = None
        records = frame.to_dict("records")
    record = {k: v for k, v in records[10].items() if k not in ("unit", "month") and isinstance(v, str)}
    assert "late_arrivals" not in record
    scored = ningbo.score_frame(frame)
    assert list(scored["total"])[10] == ningbo.score(record).total == list(given["total"])[10] + 2


@pytest.mark.parametrize("storage", ["object", "Arrow strings", "polars"])
def test_a_bad_cell_in_chinese_is_quoted_whole(ningbo, storage):
    frame = text_frames()[storage]
    if storage == "polars":
        frame = frame.with_columns(polars.when(polars.int_range(polars.len()) == 3).then(polars.lit("无数据"))
                                   .otherwise(polars.col("closure_rate")).alias("closure_rate"))
    else:
        frame.loc[3, "closure_rate"] = "无数据"
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score_frame(frame)
    [error] = excinfo.value.errors
    assert (error["loc"], error["kind"]) == ((3, "closure_rate"), "wrong_type")
    assert "无数据" in error["message"]


def test_malformed_arrow_text_is_refused(ningbo):
    offsets = b"".join(n.to_bytes(8, "little", signed=True) for n in (0, 3, 2))
    with pytest.raises(ValueError, match="malformed Arrow text"):
        ningbo._score_columns(["closure_rate"], [("utf8", (offsets, b"95%"))], 2, "object")


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_arrow_decimals_hold_the_same_numbers(ningbo, kind):
    frame = read(kind)
    objects = ningbo.score_frame(frame)
    arrow = ningbo.score_frame(frame, decimals="arrow")
    assert list(arrow.columns) == list(objects.columns)
    for name in objects.columns:
        assert list(arrow[name]) == list(objects[name]), name
    if kind == "pandas":
        assert str(arrow["total"].dtype).startswith("decimal128(38, ")
        assert isinstance(arrow["total"].iloc[0], Decimal)
        # Sums stay exact: no float on the way.
        assert arrow["total"].sum() == sum(objects["total"])
    else:
        assert arrow["total"].dtype == polars.Decimal(38, arrow["total"].dtype.scale)


def test_an_arrow_column_takes_its_largest_scale():
    # The composite template's incidence item: (2 - cases / 40) × 15 (tests/vectors/
    # templates-district-composite.toml). Cases 30, 40, 50 give 18.75, 15 and 11.25, totals 103.75,
    # 100 and 96.25 with every rate at 100%: two places, so 15 is held as 15.00.
    composite = kaohe.load("templates/district-composite")
    base = {"baseline": 40, "received": 100, "handled": 100, "handled_in_time": 100, "due": 100,
            "closed": 100, "closed_in_time": 100, "reworked": 0, "complaints": 10, "satisfied": 10}
    frame = pandas.DataFrame([dict(base, cases=cases) for cases in (30, 40, 50)])
    scored = composite.score_frame(frame, decimals="arrow")
    assert str(scored["total"].dtype) == "decimal128(38, 2)[pyarrow]"
    assert list(scored["total"]) == [Decimal("103.75"), Decimal("100"), Decimal("96.25")]
    assert list(scored["incidence"]) == [Decimal("18.75"), Decimal("15"), Decimal("11.25")]
    assert str(scored["incidence"].iloc[1]) == "15.00"
    assert list(scored["grade"]) == ["优秀", "优秀", "优秀"]


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_an_occurrences_column_lists_amounts_separated_by_semicolons(kind):
    # templates/district-composite 四(九): proactive help earns 0.5 to 2 per case, entered per case.
    # "0.5;2" is two cases: 0.5 + 2 = 2.5 on top of 100 = 102.5; an empty cell is no case: 100.
    composite = kaohe.load("templates/district-composite")
    base = {"cases": 40, "baseline": 40, "received": 100, "handled": 100, "handled_in_time": 100,
            "due": 100, "closed": 100, "closed_in_time": 100, "reworked": 0}
    rows = [dict(base, proactive="0.5;2"), dict(base, proactive="")]
    frame = pandas.DataFrame(rows) if kind == "pandas" else polars.DataFrame(rows)
    scored = composite.score_frame(frame)
    assert list(scored["total"]) == [Decimal("102.5"), Decimal("100")]
    assert list(scored["proactive"]) == [Decimal("2.5"), Decimal("0")]


def test_without_pyarrow_text_is_joined_and_arrow_decimals_are_refused(ningbo, monkeypatch):
    frame = read("pandas").astype(object)
    expected = list(ningbo.score_frame(frame)["total"])
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    assert list(ningbo.score_frame(frame)["total"]) == expected
    with pytest.raises(ImportError, match=r"kaohe\[arrow\]"):
        ningbo.score_frame(frame, decimals="arrow")


def test_decimals_must_be_object_or_arrow(ningbo):
    with pytest.raises(ValueError, match='"object" or "arrow"'):
        ningbo.score_frame(read("pandas"), decimals="float")


def test_a_bad_row_is_also_named_by_its_index_label(ningbo):
    frame = read("pandas").iloc[:4].copy()
    frame.index = ["海曙区 1月", "海曙区 2月", "海曙区 3月", "海曙区 4月"]
    frame.loc["海曙区 3月", "late_arrivals"] = "-1"
    with pytest.raises(kaohe.InputError) as excinfo:
        ningbo.score_frame(frame)
    error = excinfo.value
    assert "row 2 (index '海曙区 3月'): input `late_arrivals`" in str(error), str(error)
    assert [(e["row"], e["label"], e["kind"]) for e in error.errors] == [(2, "海曙区 3月", "negative")]
    assert error.loc == (2, "late_arrivals")


def records(frame):
    return frame.to_dict("records") if isinstance(frame, pandas.DataFrame) else frame.to_dicts()


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_a_year_rolls_up_and_ranks_as_frames(ningbo, kind):
    months, bonus = read(kind), pandas.read_csv(EXAMPLE.with_name("2026-bonus.csv"), dtype=str)
    if kind == "polars":
        bonus = polars.from_pandas(bonus)
    scored = ningbo.score_frame(months)
    year = ningbo.roll_up_frame(months, "year", period_inputs=bonus)
    assert type(year).__module__.split(".")[0] == kind
    rows = {r["unit"]: r for r in records(year)}
    haishu = [r["total"] for r in records(scored) if r["unit"] == "海曙区"]
    assert haishu == [Decimal(t) for t in "96 99 97 95 97 99 91 97 91 93 95 94".split()]
    # Ningbo's year is the mean of the twelve months plus the bonus (办法 四(二)), rounded half up to
    # 2 places: 1144 / 12 = 95.333... -> 95.33, + 1 (2026-bonus.csv) = 96.33.
    assert rows["海曙区"]["total"] == Decimal("96.33")
    assert (rows["海曙区"]["period"], rows["海曙区"]["months"], rows["海曙区"]["error"]) == ("2026", 12, None)
    # The columns score_frame writes beside the inputs are not inputs: the same year from both.
    beside = scored.drop(["unit", "month"]) if kind == "polars" else scored.drop(columns=["unit", "month"])
    both = (polars.concat([months, beside], how="horizontal") if kind == "polars"
            else pandas.concat([months, beside], axis=1))
    assert records(ningbo.roll_up_frame(both, period_inputs=bonus)) == records(year)
    ranked = {r["unit"]: r["rank"] for r in records(ningbo.rank_frame(year))}
    # Ranked by total, ties sharing a rank (1, 2, 2, 4 ...), as the core ranks.
    totals = sorted((r["total"] for r in rows.values()), reverse=True)
    assert ranked == {unit: 1 + sum(t > r["total"] for t in totals) for unit, r in rows.items()}


def test_a_period_that_cannot_roll_up_says_why_and_is_counted(ningbo):
    months = read("pandas")
    months = months[~((months.unit == "江北区") & (months.month == "2026-05"))]
    with pytest.warns(UserWarning, match="1 of 6 unit-periods could not be rolled up"):
        year = ningbo.roll_up_frame(months)
    jiangbei = year[year.unit == "江北区"].iloc[0]
    assert jiangbei["total"] is None and jiangbei["months"] == 11
    assert "months[5]" in jiangbei["error"], jiangbei["error"]
    ranked = ningbo.rank_frame(year)
    assert ranked[ranked.unit == "江北区"]["rank"].isna().all()


def test_frame_rollups_refuse_what_would_be_silently_wrong(ningbo):
    months = read("pandas")
    # A month given twice, or a unit whose months name different kinds, fails that unit's year
    # (the core's ledger refuses the month), never one of the two taken silently.
    twice = pandas.concat([months, months.iloc[:1]])
    mixed = months.assign(kind=["district_bureau"] * len(months))
    mixed.loc[(mixed.unit == "江北区") & (mixed.month == "2026-07"), "kind"] = "county"
    for frame, unit, why in ((twice, "海曙区", "海曙区 2026-01 is given twice"), (mixed, "江北区", "`county`")):
        with pytest.warns(UserWarning, match="1 of 6 unit-periods could not be rolled up"):
            year = ningbo.roll_up_frame(frame)
        failed = year[year.unit == unit].iloc[0]
        assert failed["total"] is None and why in failed["error"], failed["error"]
        assert year[year.unit != unit]["error"].isna().all()
    with pytest.raises(ValueError, match="match no unit and period"):
        ningbo.roll_up_frame(months, period_inputs=pandas.DataFrame({"unit": ["象山县"], "period": ["2026"], "bonus": [1]}))
    with pytest.raises(ValueError, match="period is one of"):
        ningbo.roll_up_frame(months, "yaer")
    year = ningbo.roll_up_frame(months)
    year["kind"] = "department"
    with pytest.raises(kaohe.InputError, match="department"):
        ningbo.rank_frame(year)
    # A unit twice within one period would take two places: the core refuses it.
    year = ningbo.roll_up_frame(months)
    with pytest.raises(kaohe.InputError, match="ranks `海曙区` a second time"):
        ningbo.rank_frame(pandas.concat([year, year[year.unit == "海曙区"]]))
