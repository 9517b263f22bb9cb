"""score_frame on 100,000 rows against scoring the same rows one by one from Python.

Run: python bindings/python/bench/bench_score_frame.py [rows]. Both sides are first checked to give
identical totals."""

import statistics
import sys
import time
from pathlib import Path

import pandas

import kaohe

ROOT = Path(__file__).resolve().parents[3]


def frame_of(rows):
    example = pandas.read_csv(ROOT / "examples" / "ningbo" / "2026-districts.csv")
    copies = -(-rows // len(example))
    frame = pandas.concat([example] * copies, ignore_index=True).iloc[:rows]
    frame["unit"] = [f"{u}-{n // len(example)}" for n, u in enumerate(frame["unit"])]
    return frame


def row_by_row(rs, frame):
    inputs = frame.drop(columns=["unit", "month"]).to_dict("records")
    return [rs.score(row, trace=False).total for row in inputs]


def timed(run, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rs = kaohe.load("ningbo/district")
    frame = frame_of(rows)
    assert list(rs.score_frame(frame)["total"]) == row_by_row(rs, frame), "both sides must agree"
    batch = timed(lambda: rs.score_frame(frame), 5)
    single = timed(lambda: row_by_row(rs, frame), 3)
    print(f"rows: {rows}")
    print(f"score_frame:  median {batch[0]:.3f} s (min {batch[1]:.3f}, max {batch[2]:.3f}), {batch[0] / rows * 1e6:.2f} µs/row")
    print(f"row by row:   median {single[0]:.3f} s (min {single[1]:.3f}, max {single[2]:.3f}), {single[0] / rows * 1e6:.2f} µs/row")
    print(f"ratio: score_frame is {single[0] / batch[0]:.1f}x faster")


if __name__ == "__main__":
    main()
