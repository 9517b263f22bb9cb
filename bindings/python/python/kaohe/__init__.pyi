from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union

from typing_extensions import final

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

__version__: str

_InputScalar = Union[int, float, str, Decimal, bool, None]
_InputValue = Union[_InputScalar, Sequence[_InputScalar]]

class RulesetError(Exception):
    """A ruleset that does not load; `errors` (also `diagnostics`) lists every problem."""

    kind: Literal["ruleset"]
    loc: str
    message: Optional[str]
    errors: List[Dict[str, Any]]
    origin: str
    line: Optional[int]
    column: Optional[int]
    hint: Optional[str]
    diagnostics: List[Dict[str, Any]]

class InputError(ValueError):
    """Inputs that cannot be scored; `errors` lists every problem."""

    loc: Union[str, Tuple[int, str]]
    kind: str
    message: str
    errors: List[Dict[str, Any]]

class InternalError(Exception):
    """A bug in kaohe, caught: the library stopped where it should not. Please report it."""

@final
class ScoreCard:
    @property
    def total(self) -> Decimal: ...
    @property
    def full_marks(self) -> Decimal: ...
    @property
    def grade(self) -> Optional[str]: ...
    @property
    def grade_band(self) -> Optional[Dict[str, Any]]: ...
    @property
    def flags(self) -> List[str]: ...
    @property
    def items(self) -> List[Dict[str, Any]]: ...
    @property
    def metrics(self) -> Dict[str, Decimal]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def explain(self, lang: Literal["zh", "en"] = "zh") -> str: ...
    def _repr_html_(self) -> str: ...

@final
class Ruleset:
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def title_en(self) -> str: ...
    @property
    def default_kind(self) -> str:
        """The kind a row that names none is assessed as (the first target kind)."""
    @property
    def meta(self) -> Dict[str, Any]: ...
    @property
    def inputs(self) -> List[Dict[str, Any]]: ...
    @property
    def parameters(self) -> List[Dict[str, Any]]: ...
    @property
    def items(self) -> List[Tuple[str, str]]: ...
    def score(self, inputs: Mapping[str, _InputValue], /, *, trace: bool = True) -> ScoreCard: ...
    def score_frame(self, frame: Any, /, *, decimals: Literal["object", "arrow"] = "object") -> Any: ...
    def indicators(
        self, cases: Any, /, *, mapping: Optional[str] = None, within: Optional[str] = None, counts: bool = False
    ) -> Any: ...
    def _score_columns(
        self, names: Sequence[str], columns: Sequence[Tuple[str, Any]], length: int, decimals: str
    ) -> Dict[str, Any]: ...
    def _roll_up_rows(
        self,
        period: str,
        rows: Sequence[Tuple[str, Optional[str], str, Mapping[str, _InputValue]]],
        given: Sequence[Tuple[str, str, Mapping[str, _InputValue]]],
    ) -> List[Dict[str, Any]]: ...
    def indicators_sql(
        self, dialect: Literal["duckdb", "spark"] = "duckdb", table: str = "cases", columns: Optional[Sequence[str]] = None
    ) -> str: ...
    def indicators_from_counts(
        self, rows: Sequence[Tuple[str, str, Mapping[str, int]]]
    ) -> List[Dict[str, Any]]: ...
    def __reduce__(self) -> Tuple[Any, Tuple[str, ...]]: ...
    def _case_headers(self, headers: Sequence[str], mapping: Optional[str] = None) -> List[str]: ...
    def _count_cases(
        self,
        headers: Sequence[str],
        columns: Sequence[Tuple[int, str, Any]],
        labels: Any,
        mapping: Optional[str],
        within: Optional[str],
    ) -> Dict[str, Any]: ...
    def roll_up(
        self,
        period: Literal["year", "half_year", "quarter"],
        months: Sequence[Optional[Mapping[str, _InputValue]]],
        period_inputs: Optional[Mapping[str, _InputValue]] = None,
    ) -> Dict[str, Any]: ...
    def rank(self, entries: Sequence[Tuple[str, str, Union[Decimal, int, str]]]) -> List[Dict[str, Any]]: ...
    def roll_up_frame(
        self,
        frame: Any,
        /,
        period: Literal["year", "half_year", "quarter"] = "year",
        *,
        period_inputs: Any = None,
    ) -> Any: ...
    def rank_frame(self, frame: Any, /, *, within: str = "period") -> Any: ...

def load(id: str) -> Ruleset: ...
def load_file(path: Union[str, Path]) -> Ruleset: ...
def loads(text: str, origin: str = "<string>") -> Ruleset: ...
def period_of(month: str, period: str) -> Tuple[str, int]: ...
def rulesets() -> List[Dict[str, str]]: ...
