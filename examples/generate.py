#!/usr/bin/env python3
"""Writes the example years used in the README: made-up but plausible monthly inputs for the six
Ningbo district bureaus and for the 25 units of the district composite template.

Run from anywhere: python3 examples/generate.py. The output is deterministic (fixed seed)."""

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent
YEAR = 2026
rng = random.Random(YEAR)


def pct(value):
    return f"{value * 100:.1f}%"


def write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {path.relative_to(HERE.parent)} ({len(rows)} rows)")


def few(mean):
    """A small count of failures, usually none."""
    count = 0
    while rng.random() < mean / (1 + mean):
        count += 1
    return count


def ningbo():
    districts = {"海曙区": 420, "江北区": 310, "镇海区": 280, "北仑区": 520, "鄞州区": 760, "奉化区": 350}
    # 北仑区 fails to report a major event in April and again in October: the year loses eligibility.
    unreported = {("北仑区", 4), ("北仑区", 10)}
    rows = []
    for unit, cells in districts.items():
        quality = rng.uniform(0.0, 1.0)
        for month in range(1, 13):
            reported = rng.randint(3000, 9000)
            rows.append({
                "unit": unit,
                "month": f"{YEAR}-{month:02d}",
                "grid_cells": cells,
                "inspectors": round(cells / 15 * rng.uniform(0.95, 1.15)),
                "operators": round(cells / 20 * rng.uniform(0.93, 1.15)),
                "inspector_online_rate": pct(rng.uniform(0.52, 0.92)),
                "reported_items": reported,
                "valid_cases": round(reported * rng.uniform(0.62, 0.9)),
                "daily_valid_collections": round(cells * rng.uniform(0.84, 1.1)),
                "on_time_closure_rate": pct(on_time := rng.uniform(0.76, 0.97)),
                "closure_rate": pct(closure := rng.uniform(0.925 + 0.02 * quality, 0.998)),
                "rework_rate": pct(rng.uniform(0.004, 0.032 - 0.01 * quality)),
                "superior_satisfaction": pct(rng.uniform(0.87, 0.99)),
                "partner_satisfaction": pct(rng.uniform(0.83, 0.97)),
                "community_satisfaction": pct(rng.uniform(0.8, 0.97)),
                "uniform_breaches": few(0.4),
                "late_arrivals": few(0.8 - 0.5 * quality),
                "server_outages": few(0.2),
                "late_supervised_cases": few(0.5),
                "filing_spot_check_failures": few(0.3),
                "unreported_major_events": 1 if (unit, month) in unreported else 0,
            })
            # A case closed on time is a closed case: the on-time rate stays within the closure rate.
            rows[-1]["on_time_closure_rate"] = pct(min(on_time, closure))
    write(HERE / "ningbo" / f"{YEAR}-districts.csv", rows)
    # The same months without the inputs counted from case records (see cases/generate.py), to
    # score with `kaohe score ningbo/district <this> --cases 2026-cases.csv`.
    counted = {"reported_items", "valid_cases", "on_time_closure_rate", "closure_rate", "rework_rate",
               "late_supervised_cases"}
    write(HERE / "ningbo" / f"{YEAR}-other-inputs.csv",
          [{k: v for k, v in row.items() if k not in counted} for row in rows])
    bonus = [{"unit": unit, "period": str(YEAR), "bonus": b} for unit, b in zip(districts, [1, 0, "0.5", 0, 2, 0])]
    write(HERE / "ningbo" / f"{YEAR}-bonus.csv", bonus)


def composite():
    departments = ["区城管局", "区民政局", "区住建局", "区农水局", "区文体旅游局", "区卫生局", "区环保局", "区人防办",
                   "区安监局", "区教育局", "区商务局", "经济开发区", "市行政执法一大队", "市行政执法二大队", "区环卫处"]
    subdistricts = ["城东街道", "城西街道", "城南街道", "城北街道", "新城街道", "湖滨街道", "东湖镇", "西山镇", "南岭镇", "北塘镇"]
    units = [(u, "responsible_unit") for u in departments] + [(u, "subdistrict") for u in subdistricts]
    rows = []
    for unit, kind in units:
        baseline = rng.randint(20, 120)
        care = rng.uniform(0.0, 1.0)
        for month in range(1, 13):
            cases = max(1, round(baseline * rng.uniform(0.8, 1.2 + 0.6 * (1 - care))))
            handled = round(cases * rng.uniform(0.72 + 0.25 * care, 1.0))
            due = max(1, round(cases * rng.uniform(0.9, 1.05)))
            closed = round(due * rng.uniform(0.68 + 0.3 * care, 1.0))
            complaints = rng.randint(0, 12)
            rows.append({
                "unit": unit,
                "month": f"{YEAR}-{month:02d}",
                "kind": kind,
                "cases": cases,
                "baseline": baseline,
                "received": cases,
                "handled": handled,
                "handled_in_time": round(handled * rng.uniform(0.6 + 0.35 * care, 1.0)),
                "due": due,
                "closed": closed,
                "closed_in_time": round(closed * rng.uniform(0.55 + 0.4 * care, 1.0)),
                "reworked": round(cases * rng.uniform(0.0, 0.05)),
                "complaints": complaints,
                "satisfied": round(complaints * rng.uniform(0.7, 1.0)),
                "late_supervised": few(1.5 * (1 - care)),
                "proactive": ";".join(rng.choice(["0.5", "1", "1.5", "2"]) for _ in range(few(0.3))),
            })
    write(HERE / "templates" / f"{YEAR}-composite.csv", rows)


if __name__ == "__main__":
    ningbo()
    composite()
