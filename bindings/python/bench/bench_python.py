"""Scoring a DataFrame of Ningbo district months from Python, side by side:

- kaohe ``score_frame`` on the whole frame, with decimals as Arrow decimal128 columns and as
  ``decimal.Decimal`` objects;
- kaohe row by row, ``Ruleset.score`` on each row's dict: building the same frame as score_frame
  (total, grade, flags, item scores), and keeping only the totals;
- a straightforward pure-Python scorer with ``decimal`` (tests/reference/ningbo_district.py, written
  from the rules without kaohe), fed each row as an analyst would: rates such as "87.5%" parsed;
- ZEN engine (PyPI ``zen-engine``) evaluating the same scheme as a JDM decision graph
  (ningbo_district.jdm.json, beside this file), fed each row with rates as fractions.

Every side first scores the same rows: the kaohe frames must agree cell by cell, the others on the
totals. The frame is the Ningbo example
months repeated, read with pandas' default types (counts as int64, rates as "87.5%" text).

Run: python bindings/python/bench/bench_python.py [--rows N] [--json PATH]
"""

import argparse
import json
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import pandas
import zen

import kaohe

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "bindings" / "python" / "tests"))
from reference import ningbo_district  # noqa: E402  (a test module, not part of the package)

PASSED_THROUGH = ("unit", "month")


def frame_of(rows):
    example = pandas.read_csv(ROOT / "examples" / "ningbo" / "2026-districts.csv")
    copies = -(-rows // len(example))
    frame = pandas.concat([example] * copies, ignore_index=True).iloc[:rows]
    frame["unit"] = [f"{u}-{n // len(example)}" for n, u in enumerate(frame["unit"])]
    return frame


def records(frame):
    return frame.drop(columns=list(PASSED_THROUGH)).to_dict("records")


def fraction(value):
    """What an analyst writes to read a cell: "87.5%" as 0.875, a number as itself."""
    if isinstance(value, str) and value.endswith("%"):
        return Decimal(value[:-1]) / 100
    return Decimal(value)


def kaohe_frame(ruleset, frame, decimals):
    return ruleset.score_frame(frame, decimals=decimals)


def kaohe_rows_frame(ruleset, frame):
    """What score_frame gives, built row by row: each row's card read into a dict, then one frame."""
    rows = []
    for row in records(frame):
        card = ruleset.score(row, trace=False)
        scored = {"total": card.total, "grade": card.grade, "flags": ";".join(card.flags)}
        scored.update((item["id"], item["score"]) for item in card.items)
        rows.append(scored)
    return pandas.concat([frame[list(PASSED_THROUGH)], pandas.DataFrame(rows, index=frame.index)], axis=1)


def kaohe_rows(ruleset, frame):
    return [ruleset.score(row, trace=False).total for row in records(frame)]


def pure_python(frame):
    return [ningbo_district.score({k: fraction(v) for k, v in row.items()})[0] for row in records(frame)]


def zen_engine(decision, frame):
    totals = []
    for row in records(frame):
        result = decision.evaluate({k: float(fraction(v)) for k, v in row.items()})["result"]
        totals.append(Decimal(str(result["total"])))
    return totals


def timed(run, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows for kaohe (default 100,000)")
    parser.add_argument("--slow-rows", type=int, default=10_000, help="rows for pure Python and ZEN (default 10,000)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    ruleset = kaohe.load("ningbo/district")
    decision = zen.ZenEngine().create_decision((HERE / "ningbo_district.jdm.json").read_text())
    frame = frame_of(args.rows)
    sample = frame.iloc[: args.slow_rows]

    # Every side agrees on the sample before anything is timed: the frames cell by cell, the
    # others on the totals.
    frames = [kaohe_frame(ruleset, sample, "arrow"), kaohe_frame(ruleset, sample, "object"),
              kaohe_rows_frame(ruleset, sample)]
    cells = [{name: list(column) for name, column in f.items()} for f in frames]
    assert cells[0] == cells[1] == cells[2], "score_frame and row by row give different frames"
    expected = cells[0]["total"]
    for name, totals in [
        ("kaohe row by row", kaohe_rows(ruleset, sample)),
        ("pure Python", pure_python(sample)),
        ("ZEN engine", zen_engine(decision, sample)),
    ]:
        disagree = [n for n, (a, b) in enumerate(zip(expected, totals)) if a != b]
        assert len(totals) == len(expected) and not disagree, f"{name} disagrees with kaohe at rows {disagree[:5]}"

    # One month as text, called again and again: the native criterion bench scores the same text.
    month = json.loads((HERE.parents[2] / "crates/kaohe/benches/ningbo-month.json").read_text())
    assert ruleset.score(month["inputs"], trace=False).total == Decimal(month["total"]), "score(dict) disagrees"
    calls = args.rows // 10

    sides = [
        ("kaohe score_frame, Arrow decimals", args.rows, timed(lambda: kaohe_frame(ruleset, frame, "arrow"), 7)),
        ("kaohe score_frame, Decimal objects", args.rows, timed(lambda: kaohe_frame(ruleset, frame, "object"), 7)),
        ("kaohe row by row, the same frame", args.rows, timed(lambda: kaohe_rows_frame(ruleset, frame), 3)),
        ("kaohe row by row, totals only", args.rows, timed(lambda: kaohe_rows(ruleset, frame), 3)),
        ("kaohe score(dict) per call, totals only", calls,
         timed(lambda: [ruleset.score(month["inputs"], trace=False).total for _ in range(calls)], 5)),
        ("pure Python (decimal)", args.slow_rows, timed(lambda: pure_python(sample), 3)),
        ("ZEN engine", args.slow_rows, timed(lambda: zen_engine(decision, sample), 3)),
    ]
    results = []
    for name, rows, times in sides:
        per_row = [t / rows * 1e6 for t in times]
        results.append({"name": name, "rows": rows, "median_us_per_row": statistics.median(per_row),
                        "min_us_per_row": min(per_row), "max_us_per_row": max(per_row), "runs": len(times)})
        print(f"{name:24} {rows:>7} rows  median {statistics.median(per_row):8.3f} µs/row  "
              f"(min {min(per_row):.3f}, max {max(per_row):.3f}, {len(times)} runs)")
    frame_speed = results[0]["median_us_per_row"]
    for other in results[1:]:
        print(f"score_frame is {other['median_us_per_row'] / frame_speed:6.1f}x faster per row than {other['name']}")
    if args.json:
        versions = {"python": platform.python_version(), "pandas": pandas.__version__, "pyarrow": _version("pyarrow"),
                    "zen-engine": _version("zen-engine"), "kaohe": _version("kaohe")}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"agreed_rows": len(expected), "versions": versions, "results": results}, indent=2))


def _version(package):
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    main()
