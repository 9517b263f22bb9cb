"""Case records to indicators at scale: `kaohe indicators` against DuckDB running the same counts as
hand-written SQL (ningbo_cases.sql) over the same CSV file, each in its own process, with wall time
and peak memory, and the size of the same table held in Arrow for the memory target. Both sides
must agree on every unit, month and count before any time is reported.

The file: one generated million cases (examples/cases/generate.py) written ten times over with
the units renamed (60 units), so the 10M cases keep the generator's patterns. Kept in target/bench
between runs.

Usage: python bench_cases.py --kaohe target/release/kaohe --json OUT [--cases 10000000]"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SQL = (Path(__file__).parent / "ningbo_cases.sql").read_text(encoding="utf-8")
COUNTS = ["inspector_reports", "inspector_filed", "due", "closed", "closed_on_time", "reworked", "supervised_late"]
DUCKDB_RUN = """
import json, sys, duckdb
path, sql = sys.argv[1], sys.stdin.read()
con = duckdb.connect(config={"threads": 2})
con.sql("SET enable_progress_bar = false")
con.sql(f"CREATE VIEW cases AS SELECT * FROM read_csv('{path}', all_varchar = true, header = true)")
rows = con.sql(sql).fetchall()
json.dump([[str(v) for v in row] for row in rows], sys.stdout)
"""


ARROW_SIZE = """
import sys, pyarrow.csv
table = pyarrow.csv.read_csv(sys.argv[1], convert_options=pyarrow.csv.ConvertOptions(strings_can_be_null=True))
print(table.nbytes / 1024 / 1024)
"""


def cases_file(count):
    base_count = min(count, 1_000_000)
    copies = max(1, count // base_count)
    path = ROOT / "target" / "bench" / f"cases-{base_count * copies}.csv"
    if path.exists():
        return path
    base = path.with_name(f"cases-base-{base_count}.csv")
    if not base.exists():
        subprocess.run([sys.executable, str(ROOT / "examples" / "cases" / "generate.py"),
                        "--per-month", str(round(base_count / 72)), "--out", str(base)], check=True)
    with base.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        header = source.readline()
        lines = source.readlines()
        out.write(header)
        for copy in range(copies):
            for line in lines:
                case_id, unit, rest = line.split(",", 2)
                out.write(f"{case_id}-{copy},{unit}{copy},{rest}")
    return path


def timed(command, stdin=None):
    """Runs a command in its own process: (stdout, seconds, peak MB of that process alone)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as given:
        given.write((stdin or "").encode())
        given.seek(0)
        start = time.perf_counter()
        child = subprocess.Popen(command, stdin=given, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{command[0]} failed with {child.returncode}")
        out.seek(0)
        return out.read().decode(), seconds, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kaohe", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("--cases", type=int, default=10_000_000)
    args = parser.parse_args()
    path = cases_file(args.cases)
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1

    # Measured in a child: the parent stays small, as a forked child's peak counts the parent's
    # memory at the fork.
    arrow_mb = float(subprocess.run([sys.executable, "-c", ARROW_SIZE, str(path)], capture_output=True, text=True,
                                    check=True).stdout)

    out, kaohe_seconds, kaohe_peak = timed([args.kaohe, "indicators", "ningbo/district", str(path), "--format", "jsonl"])
    ours = {}
    for line in out.splitlines():
        record = json.loads(line)
        ours[(record["unit"], record["month"])] = [record["counts"][c] for c in COUNTS]
    out, duck_seconds, duck_peak = timed([sys.executable, "-c", DUCKDB_RUN, str(path)], stdin=SQL)
    theirs = {(r[0], r[1]): [int(v) for v in r[2:]] for r in json.loads(out)}
    if ours != theirs:
        differing = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))[:5]
        sys.exit(f"kaohe and DuckDB disagree: {[(k, ours.get(k), theirs.get(k)) for k in differing]}")
    import duckdb

    result = {
        "cases": rows,
        "file_mb": path.stat().st_size / 1024 / 1024,
        "arrow_mb": arrow_mb,
        "unit_months": len(ours),
        "kaohe": {"seconds": kaohe_seconds, "peak_mb": kaohe_peak},
        "duckdb": {"seconds": duck_seconds, "peak_mb": duck_peak, "version": duckdb.__version__},
    }
    Path(args.json).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
