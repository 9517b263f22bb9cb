"""DataFrame glue for ``Ruleset.score_frame``: takes each column out of a pandas or polars frame
once (numeric columns as raw buffers), hands the columns to the core, and builds a frame of the
same kind from the results. No scoring happens here."""

from typing import Any, Dict, List, Tuple

PASSED_THROUGH = ("unit", "month", "kind")


def _kind(frame: Any) -> str:
    module = type(frame).__module__.split(".")[0]
    if module in ("pandas", "polars"):
        return module
    raise TypeError(f"score_frame takes a pandas or polars DataFrame, not {type(frame).__name__}")


def _column(frame: Any, kind: str, name: str) -> List[Any]:
    column = frame[name]
    return column.tolist() if kind == "pandas" else column.to_list()


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


def _input_column(frame: Any, kind: str, name: str) -> Tuple[str, Any]:
    """A column as the core reads it: whole numbers, floats (NaN = missing) and booleans as raw
    buffers, text joined into one string, anything else (decimals, lists, columns with gaps) as a
    list of values."""
    column = frame[name]
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


def score_frame(ruleset: Any, frame: Any) -> Any:
    kind = _kind(frame)
    names = [str(n) for n in frame.columns]
    inputs = [n for n in names if n not in PASSED_THROUGH]
    columns = [_input_column(frame, kind, n) for n in inputs]
    scored: Dict[str, List[Any]] = ruleset._score_columns(inputs, columns, len(frame))
    out: Dict[str, List[Any]] = {n: _column(frame, kind, n) for n in names if n in PASSED_THROUGH}
    out.update(scored)
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.DataFrame(out, index=frame.index)
    import polars

    # Decimal columns keep their scale as polars Decimals; text columns stay strings.
    return polars.DataFrame(out, strict=False)
