"""kaohe (考核): exact, explainable scoring of Chinese digital urban-management (数字城管) assessments.

    >>> import kaohe
    >>> rs = kaohe.load("ningbo/district")
    >>> card = rs.score({...})          # a dict of input names and values
    >>> card.total, card.grade, card.items
    >>> rs.score_frame(df)              # a pandas or polars DataFrame, one row per unit and month

Decimals come back as ``decimal.Decimal``. Inputs accept int, str ("87.5%"), Decimal, bool and
float; a float is read through its shortest repr, so 0.1 is exactly 0.1. None, NaN and pandas' NA
leave an input out.
"""

from pathlib import Path
from typing import Union

from ._kaohe import (
    InputError,
    InternalError,
    Ruleset,
    RulesetError,
    ScoreCard,
    __version__,
    load,
    loads,
    period_of,
    rulesets,
)

__all__ = [
    "InputError",
    "InternalError",
    "Ruleset",
    "RulesetError",
    "ScoreCard",
    "__version__",
    "load",
    "load_file",
    "loads",
    "period_of",
    "rulesets",
]


def load_file(path: Union[str, Path]) -> Ruleset:
    """Loads a ruleset from a TOML file; diagnostics name the file."""
    path = Path(path)
    return loads(path.read_text(encoding="utf-8"), str(path))
