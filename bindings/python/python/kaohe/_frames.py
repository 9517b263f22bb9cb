"""DataFrame glue: ``Ruleset.score_frame`` takes each column out of a pandas or polars frame once
(numeric columns and Arrow text as raw buffers), hands the columns to the core, and builds a frame
of the same kind from the results, decimals as Decimal objects or Arrow decimal128 columns;
``roll_up_frame`` and ``rank_frame`` group a frame's rows for the core's rollup and ranking;
``indicators`` hands case records over. No scoring happens here."""

import warnings
from typing import Any, Dict, List, Optional, Tuple

from ._kaohe import RESERVED_COLUMNS, InputError  # type: ignore[import-not-found]  # the native module has no stub of its own

# Columns that are not inputs: carried from the input frame to the output as they are.
PASSED_THROUGH = tuple(RESERVED_COLUMNS)


def _kind(frame: Any) -> str:
    module = type(frame).__module__.split(".")[0]
    if module in ("pandas", "polars"):
        return module
    raise TypeError(f"score_frame takes a pandas or polars DataFrame, not {type(frame).__name__}")


def _column_at(frame: Any, kind: str, at: int) -> Any:
    """The column at a position: a pandas frame may name two columns alike, or not by a string."""
    return frame.iloc[:, at] if kind == "pandas" else frame.to_series(at)


def _carried_over(frame: Any, kind: str, at: int) -> Any:
    """A column passed through to the output as it is held, without a Python object per cell."""
    column = _column_at(frame, kind, at)
    return column.array if kind == "pandas" else column


# Between the cells of a text column handed over as one string.
SEPARATOR = "\x1f"


def _texts_or_values(values: List[Any]) -> Tuple[str, Any]:
    """Text cells joined into one string (one object to hand over instead of one per cell), or the
    values as they are when some cell is not text or holds the separator."""
    try:
        joined = SEPARATOR.join(values)
    except TypeError:
        return "values", values
    if joined.count(SEPARATOR) != max(len(values) - 1, 0):
        return "values", values
    return "text", joined


def _pyarrow_if_installed() -> Any:
    """The pyarrow module, or None: score_frame uses it where it is installed, needs it only for
    decimals="arrow"."""
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return pyarrow


def _arrow_texts(kind: str, column: Any) -> Optional[Tuple[str, Any]]:
    """A text column held in Arrow (pandas strings with pyarrow installed, polars strings) without
    gaps, as its offsets and bytes: no Python object per cell. None for any other column."""
    pyarrow = _pyarrow_if_installed()
    if pyarrow is None:
        return None
    if kind == "pandas":
        if getattr(column.dtype, "storage", None) != "pyarrow":
            return None
        array = pyarrow.array(column.array)
        if array.null_count:  # counted by Arrow, where pandas' hasnans scans the column
            return None
    else:
        import polars

        if column.dtype != polars.String or column.null_count():
            return None
        array = column.to_arrow()
    if isinstance(array, pyarrow.ChunkedArray):
        array = array.combine_chunks()
    array = array.cast(pyarrow.large_string())
    _, offsets, data = array.buffers()
    offsets = offsets.slice(array.offset * 8, (len(array) + 1) * 8).to_pybytes()
    return "utf8", (offsets, b"" if data is None else data.to_pybytes())


def _input_column(frame: Any, kind: str, at: int) -> Tuple[str, Any]:
    """A column as the core reads it: whole numbers, floats (NaN = missing) and booleans as raw
    buffers, Arrow text as offsets and bytes, other text joined into one string, anything else
    (decimals, lists, columns with gaps) as a list of values."""
    column = _column_at(frame, kind, at)
    texts = _arrow_texts(kind, column)
    if texts is not None:
        return texts
    if kind == "pandas":
        dtype = column.dtype
        if dtype.kind == "i" or (dtype.kind == "u" and dtype.itemsize < 8):
            if not column.hasnans:
                return "int64", column.to_numpy(dtype="int64").tobytes()
        elif dtype.kind == "f":
            return "float64", column.to_numpy(dtype="float64", na_value=float("nan")).tobytes()
        elif dtype.kind == "b" and not column.hasnans:
            return "bool", column.to_numpy(dtype="bool").tobytes()
        return _texts_or_values(column.tolist())
    import polars

    dtype = column.dtype
    if column.null_count() == 0:
        if dtype in (polars.Int8, polars.Int16, polars.Int32, polars.Int64, polars.UInt8, polars.UInt16, polars.UInt32):
            return "int64", column.cast(polars.Int64).to_numpy().tobytes()
        if dtype == polars.Boolean:
            return "bool", column.to_numpy().astype("bool").tobytes()
    if dtype in (polars.Float32, polars.Float64):
        return "float64", column.cast(polars.Float64).fill_null(float("nan")).to_numpy().tobytes()
    return _texts_or_values(column.to_list())


def _pyarrow() -> Any:
    pyarrow = _pyarrow_if_installed()
    if pyarrow is None:
        raise ImportError('score_frame(decimals="arrow") needs pyarrow: pip install "kaohe[arrow]"')
    return pyarrow


def _arrow_column(kind: str, column: Tuple[str, int, bytes], rows: int) -> Any:
    """An Arrow decimal128 array over the core's 128-bit integers, as pandas or polars holds it."""
    pyarrow = _pyarrow()
    _, scale, data = column
    array = pyarrow.Array.from_buffers(pyarrow.decimal128(38, scale), rows, [None, pyarrow.py_buffer(data)])
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.arrays.ArrowExtensionArray(array)
    import polars

    return polars.from_arrow(array)


def score_frame(ruleset: Any, frame: Any, decimals: str = "object") -> Any:
    kind = _kind(frame)
    if decimals == "arrow":
        _pyarrow()  # before any work, so a missing pyarrow fails fast
    names = [str(n) for n in frame.columns]
    for name in PASSED_THROUGH:
        if names.count(name) > 1:
            raise ValueError(f"score_frame: the frame has two columns named `{name}`")
    # Inputs go by position, so that the core refuses an input named twice, as it refuses it anywhere.
    inputs = [at for at, name in enumerate(names) if name not in PASSED_THROUGH]
    columns = [_input_column(frame, kind, at) for at in inputs]
    try:
        scored: Dict[str, Any] = ruleset._score_columns([names[at] for at in inputs], columns, len(frame), decimals)
    except InputError as error:
        raise _with_labels(error, frame, kind) from None
    out: Dict[str, Any] = {name: _carried_over(frame, kind, at) for at, name in enumerate(names) if name in PASSED_THROUGH}
    for name, column in scored.items():
        out[name] = _arrow_column(kind, column, len(frame)) if isinstance(column, tuple) else column
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.DataFrame(out, index=frame.index)
    import polars

    # Decimal columns keep their scale as polars Decimals; text columns stay strings.
    return polars.DataFrame(out, strict=False)


def _with_labels(error: Any, frame: Any, kind: str) -> Any:
    """The same error with each bad row also named by its index label (pandas), as people know
    their rows; a frame indexed 0, 1, 2 ... is left as it is."""
    if kind != "pandas":
        return error
    import pandas  # type: ignore[import-untyped,unused-ignore]

    index = frame.index
    if isinstance(index, pandas.RangeIndex) and index.start == 0 and index.step == 1:
        return error
    problems = getattr(error, "errors", [])
    lines = str(error).split("\n")
    if len(lines) != len(problems):
        return error
    for n, problem in enumerate(problems):
        row = problem.get("row")
        if row is None:
            continue
        problem["label"] = index[row]
        prefix = f"row {row}: "
        if lines[n].startswith(prefix):
            lines[n] = f"row {row} (index {index[row]!r}): " + lines[n][len(prefix):]
    labelled = InputError("\n".join(lines))
    for name in ("errors", "loc", "kind", "message"):
        if hasattr(error, name):
            setattr(labelled, name, getattr(error, name))
    return labelled


def _records(frame: Any, kind: str) -> List[Dict[str, Any]]:
    return frame.to_dict("records") if kind == "pandas" else frame.to_dicts()


def _missing(value: Any) -> bool:
    """None, NaN, pandas' NA and NaT: a cell that gives nothing."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the one value unequal to itself
    except (TypeError, ValueError):
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return value is pandas.NA


def _frame_like(kind: str, rows: List[Dict[str, Any]], columns: List[str]) -> Any:
    """A frame of the given kind with these columns, in this order."""
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.DataFrame(rows, columns=columns)
    import polars

    return polars.from_dicts(rows, schema=columns, strict=False, infer_schema_length=None)


ROLLED_UP = ["unit", "kind", "period", "total", "grade", "flags", "months", "error"]


def roll_up_records(
    ruleset: Any, records: List[Dict[str, Any]], period: str, given: Dict[Tuple[str, str], Dict[str, Any]]
) -> List[Dict[str, Any]]:
    """Rolls unit-month records (``unit``, ``month``, optional ``kind``, the inputs) up into one row
    per unit and period through the core's ledger: ``total``, ``grade``, ``flags`` (ids joined by
    ``;``), ``months`` (how many the records gave) and ``error`` (a period that cannot be rolled
    up, a month given twice or a unit's months naming different kinds among the reasons: its
    numbers None). The columns ``score_frame`` writes (``total``, ``grade``, ``flags``, item
    scores), when present beside the inputs, are not inputs and are left out. Shared by
    ``roll_up_frame`` and Spark."""
    declared = {i["name"] for i in ruleset.inputs}
    not_inputs = (SCORED_COLUMNS | {item for item, _ in ruleset.items}) - declared
    rows = []
    for record in records:
        kind = record.get("kind")
        inputs = {
            k: v for k, v in record.items()
            if k not in RESERVED_COLUMNS and k not in not_inputs and not _missing(v)
        }
        rows.append((str(record["unit"]), None if _missing(kind) else str(kind), str(record["month"]), inputs))
    given_rows = [(unit, key, inputs) for (unit, key), inputs in given.items()]
    out = []
    for rolled in ruleset._roll_up_rows(period, rows, given_rows):
        row = {k: rolled[k] for k in ("unit", "kind", "period", "months")}
        card = rolled.get("card")
        if card is None:
            row.update(total=None, grade=None, flags=None, error="\n".join(rolled["errors"]))
        else:
            row.update(total=card["total"], grade=card["grade"]["label"] if card["grade"] else None,
                       flags=";".join(f["flag"]["id"] for f in card["flags"]), error=None)
        out.append(row)
    return out


# What score_frame writes besides the carried columns (item ids are added per ruleset).
SCORED_COLUMNS = {"total", "grade", "flags"}


def roll_up_frame(ruleset: Any, frame: Any, period: str, period_inputs: Any) -> Any:
    kind = _kind(frame)
    for needed in ("unit", "month"):
        if needed not in frame.columns:
            raise ValueError(f"roll_up_frame needs a `{needed}` column (one row per unit and month)")
    given: Dict[Tuple[str, str], Dict[str, Any]] = {}
    if period_inputs is not None:
        for record in _records(period_inputs, _kind(period_inputs)):
            if "unit" not in record or "period" not in record:
                raise ValueError("period_inputs needs `unit` and `period` columns (2026, 2026-H1, 2026-Q1)")
            key = (str(record.pop("unit")), str(record.pop("period")))
            given[key] = {k: v for k, v in record.items() if not _missing(v)}
    rows = roll_up_records(ruleset, _records(frame, kind), period, given)
    failed = [r for r in rows if r["error"]]
    if failed:
        warnings.warn(f"{len(failed)} of {len(rows)} unit-periods could not be rolled up: their totals are "
                      f"empty and `error` says why (first: {failed[0]['unit']} {failed[0]['period']})", stacklevel=3)
    return _frame_like(kind, rows, ROLLED_UP)


def rank_frame(ruleset: Any, frame: Any, within: str) -> Any:
    kind = _kind(frame)
    for needed in ("unit", "total", within):
        if needed not in frame.columns:
            raise ValueError(f"rank_frame needs a `{needed}` column")
    records = _records(frame, kind)
    default_kind = ruleset.default_kind
    groups: Dict[str, List[int]] = {}
    for n, record in enumerate(records):
        if not _missing(record["total"]):
            groups.setdefault(str(record[within]), []).append(n)
    ranks: Dict[int, Tuple[int, Optional[str]]] = {}
    for rows in groups.values():
        entries = []
        for n in rows:
            unit_kind = records[n].get("kind")
            entries.append((str(records[n]["unit"]), default_kind if _missing(unit_kind) else str(unit_kind),
                            records[n]["total"]))
        # The core refuses a kind the ruleset does not assess and a unit given twice.
        units = [e[0] for e in entries]
        ranked = {r["unit"]: r for r in ruleset.rank(entries)}
        for n, unit in zip(rows, units):
            grade = ranked[unit]["grade"]
            ranks[n] = (ranked[unit]["rank"], grade["label"] if grade else None)
    for n, record in enumerate(records):
        record["rank"], record["grade"] = ranks.get(n, (None, record.get("grade")))
    columns = [str(c) for c in frame.columns] + [c for c in ("grade", "rank") if c not in frame.columns]
    return _frame_like(kind, records, columns)


def _case_cells(frame: Any, kind: str, name: str) -> Tuple[str, Any]:
    """A case column as text cells, handed over as Arrow text (offsets and bytes) where pyarrow is
    installed, or else as one joined string or a list: times as 2026-03-05 14:22:10, booleans as
    1/0, an empty cell as "". Converted as a whole column, never cell by cell in Python."""
    column = frame[name]
    pyarrow = _pyarrow_if_installed()
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        if pandas.api.types.is_datetime64_any_dtype(column.dtype):
            column = column.dt.strftime("%Y-%m-%d %H:%M:%S")
        elif pandas.api.types.is_bool_dtype(column.dtype):
            column = column.map({True: "1", False: "0"})
        if pyarrow is not None:
            array = pyarrow.array(column.astype("string").array)
        else:
            return _texts_or_values(column.astype("string").fillna("").tolist())
    else:
        import polars

        if column.dtype in (polars.Datetime, polars.Date) or isinstance(column.dtype, polars.Datetime):
            column = column.dt.strftime("%Y-%m-%d %H:%M:%S")
        elif column.dtype == polars.Boolean:
            column = column.cast(polars.UInt8)
        column = column.cast(polars.String).fill_null("")
        if pyarrow is None:
            return _texts_or_values(column.to_list())
        array = column.to_arrow()
    if isinstance(array, pyarrow.ChunkedArray):
        array = array.combine_chunks()
    # An empty cell and a missing one read alike in the case table.
    array = array.cast(pyarrow.large_string()).fill_null("")
    _, offsets, data = array.buffers()
    offsets = offsets.slice(array.offset * 8, (len(array) + 1) * 8).to_pybytes()
    return "utf8", (offsets, b"" if data is None else data.to_pybytes())


def indicators(ruleset: Any, frame: Any, mapping: Optional[str], within: Optional[str], counts: bool) -> Any:
    import warnings

    kind = _kind(frame)
    headers = [str(n) for n in frame.columns]
    # Only the columns the counts read are converted; the others go over empty.
    read = set(ruleset._case_headers(headers, mapping))
    columns = [(at, *_case_cells(frame, kind, n)) for at, n in enumerate(frame.columns) if str(n) in read]
    # The index is looked up only for a row an error or a warning names.
    labels = frame.index if kind == "pandas" else range(len(frame))
    result = ruleset._count_cases(headers, columns, labels, mapping, within)
    out = {k: v for k, v in result["columns"].items() if counts or not k.startswith("count_")}
    left_out = []
    if result["void_rows"]:
        left_out.append(f"{result['void_rows']} void cases (作废) left out of every count")
    if result["unattributed_rows"]:
        shown = ", ".join(str(r) for r in result["unattributed_rows"][:10])
        more = "" if len(result["unattributed_rows"]) <= 10 else ", ..."
        left_out.append(f"{len(result['unattributed_rows'])} cases without a unit left out (rows {shown}{more})")
    if result["empty"]:
        shown = "; ".join(f"{u} {m} {i}" for u, m, i in result["empty"][:10])
        more = "" if len(result["empty"]) <= 10 else "; ..."
        left_out.append(f"{len(result['empty'])} indicators have no value: nothing in the denominator ({shown}{more})")
    if left_out:
        warnings.warn("kaohe.indicators: " + "; ".join(left_out), stacklevel=3)
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.DataFrame(out)
    import polars

    return polars.DataFrame(out, strict=False)
