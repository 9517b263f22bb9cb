"""DataFrame glue for ``Ruleset.score_frame``: takes each column out of a pandas or polars frame
once, hands the columns to the core, and builds a frame of the same kind from the results. No
scoring happens here."""

from typing import Any, Dict, List

PASSED_THROUGH = ("unit", "month", "kind")


def _kind(frame: Any) -> str:
    module = type(frame).__module__.split(".")[0]
    if module in ("pandas", "polars"):
        return module
    raise TypeError(f"score_frame takes a pandas or polars DataFrame, not {type(frame).__name__}")


def _column(frame: Any, kind: str, name: str) -> List[Any]:
    column = frame[name]
    return column.tolist() if kind == "pandas" else column.to_list()


def score_frame(ruleset: Any, frame: Any) -> Any:
    kind = _kind(frame)
    names = [str(n) for n in frame.columns]
    inputs = [n for n in names if n not in PASSED_THROUGH]
    columns = [_column(frame, kind, n) for n in inputs]
    scored: Dict[str, List[Any]] = ruleset._score_columns(inputs, columns, len(frame))
    out: Dict[str, List[Any]] = {n: _column(frame, kind, n) for n in names if n in PASSED_THROUGH}
    out.update(scored)
    if kind == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.DataFrame(out, index=frame.index)
    import polars

    # Decimal columns keep their scale as polars Decimals; text columns stay strings.
    return polars.DataFrame(out, strict=False)
