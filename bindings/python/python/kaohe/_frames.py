"""DataFrame glue for ``Ruleset.score_frame``: takes each column out of a pandas or polars frame
once (numeric columns and Arrow text as raw buffers), hands the columns to the core, and builds a
frame of the same kind from the results, decimals as Decimal objects or Arrow decimal128 columns.
No scoring happens here."""

from typing import Any, Dict, List, Optional, Tuple

from ._kaohe import RESERVED_COLUMNS  # type: ignore[import-not-found]  # the native module has no stub of its own

# Columns that are not inputs: carried from the input frame to the output as they are.
PASSED_THROUGH = tuple(RESERVED_COLUMNS)


def _kind(frame: Any) -> str:
    module = type(frame).__module__.split(".")[0]
    if module in ("pandas", "polars"):
        return module
    raise TypeError(f"score_frame takes a pandas or polars DataFrame, not {type(frame).__name__}")


def _carried_over(frame: Any, kind: str, name: str) -> Any:
    """A column passed through to the output as it is held, without a Python object per cell."""
    return frame[name].array if kind == "pandas" else frame[name]


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
        if getattr(column.dtype, "storage", None) != "pyarrow" or column.hasnans:
            return None
        array = pyarrow.array(column.array)
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


def _input_column(frame: Any, kind: str, name: str) -> Tuple[str, Any]:
    """A column as the core reads it: whole numbers, floats (NaN = missing) and booleans as raw
    buffers, Arrow text as offsets and bytes, other text joined into one string, anything else
    (decimals, lists, columns with gaps) as a list of values."""
    column = frame[name]
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
    inputs = [n for n in names if n not in PASSED_THROUGH]
    columns = [_input_column(frame, kind, n) for n in inputs]
    scored: Dict[str, Any] = ruleset._score_columns(inputs, columns, len(frame), decimals)
    out: Dict[str, Any] = {n: _carried_over(frame, kind, n) for n in names if n in PASSED_THROUGH}
    for name, column in scored.items():
        out[name] = _arrow_column(kind, column, len(frame)) if isinstance(column, tuple) else column
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.DataFrame(out, index=frame.index)
    import polars

    # Decimal columns keep their scale as polars Decimals; text columns stay strings.
    return polars.DataFrame(out, strict=False)


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
