#!/usr/bin/env python3
"""Writes a synthetic year of case records (案卷) for Ningbo's six district bureaus, with the
patterns the schemes' counts look for: repeats at the same place, late handling and closing,
reworks, extensions in counted and excluded sub-classes, supervised cases, void cases, public
complaints with follow-up satisfaction. Made up, but shaped like a platform's export.

    python3 examples/cases/generate.py                      # the example year (about 11k cases)
    python3 examples/cases/generate.py --per-month 20000 --out /tmp/cases.csv   # 1.4M cases
    python3 examples/cases/generate.py --export             # Chinese headers, for mappings/

Deterministic: the same arguments write the same file (fixed seed)."""

import argparse
import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
YEAR = 2026
DISTRICTS = {"海曙区": 0.8, "江北区": 0.5, "镇海区": 0.9, "北仑区": 0.3, "鄞州区": 0.7, "奉化区": 0.6}
# (sub-class, category, kind, handling days)
SUBCLASSES = [
    ("暴露垃圾", "市容环境", "event", 1),
    ("乱堆物堆料", "市容环境", "event", 2),
    ("占道经营", "街面秩序", "event", 1),
    ("非法小广告", "宣传广告", "event", 2),
    ("道路破损", "市容环境", "event", 7),
    ("违章挖掘", "施工管理", "event", 7),
    ("道路积水", "突发事件", "event", 1),
    ("井盖", "公用设施", "component", 3),
    ("路灯", "公用设施", "component", 3),
    ("交通标志牌", "交通设施", "component", 7),
    ("公交站亭", "交通设施", "component", 7),
    ("绿化护栏", "园林绿化", "component", 3),
]
ROAD_CLASSES = ["main", "key_area", "secondary", "back_lane"]
SOURCES = [("inspector", 0.70), ("public", 0.15), ("hotline", 0.10), ("video", 0.03), ("assigned", 0.02)]
SATISFACTION = [("satisfied", 0.80), ("basically_satisfied", 0.12), ("dissatisfied", 0.05), ("invalid", 0.03)]
COLUMNS = ["case_id", "unit", "source", "kind", "category", "subclass", "place", "road_class", "reported_at",
           "filed_at", "dispatched_at", "deadline", "handled_at", "closed_at", "returns", "reworks",
           "extensions", "supervised", "forced_closure", "void", "satisfaction"]
# The platform export seen in public code, and how mappings/platform-export.toml reads it.
EXPORT = ["案件号", "问题来源", "问题类型", "大类名称", "小类名称", "小类明细", "街道", "上报时间", "立案时间",
          "首次派遣时间", "处置截止时间", "处置结束时间", "结案时间", "强制结案时间", "延期类型", "当前阶段"]
EXPORT_SOURCE = {"inspector": "监督员上报", "public": "公众举报", "hotline": "12319热线", "video": "视频监控",
                 "assigned": "领导交办"}


def pick(rng, weighted):
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


def stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def cases(per_month, seed):
    rng = random.Random(seed)
    serial = 0
    for unit, quality in DISTRICTS.items():
        places = [(f"{unit}网格{n:03d}", rng.choice(ROAD_CLASSES)) for n in range(60)]
        # A few hot spots where the same problem keeps coming back.
        hot = places[:6]
        for month in range(1, 13):
            start = datetime(YEAR, month, 1)
            days = ((start.replace(day=28) + timedelta(days=4)).replace(day=1) - start).days
            for _ in range(round(per_month * rng.uniform(0.8, 1.2))):
                serial += 1
                subclass, category, kind, handling_days = rng.choice(SUBCLASSES)
                place, road = rng.choice(hot) if rng.random() < 0.15 else rng.choice(places)
                source = pick(rng, SOURCES)
                reported = start + timedelta(seconds=rng.randrange(days * 86400))
                filed = dispatched = deadline = handled = closed = None
                if rng.random() < (0.72 + 0.2 * quality if source == "inspector" else 0.97):
                    filed = reported + timedelta(minutes=rng.randint(5, 180))
                    dispatched = filed + timedelta(minutes=rng.randint(5, 90))
                    deadline = dispatched + timedelta(days=handling_days)
                    if rng.random() < 0.97:
                        on_time = rng.random() < 0.78 + 0.2 * quality
                        span = (deadline - dispatched).total_seconds()
                        handled = dispatched + timedelta(seconds=rng.uniform(0.1, 1.0) * span) if on_time \
                            else deadline + timedelta(hours=rng.randint(1, 96))
                        if rng.random() < 0.96 + 0.03 * quality:
                            closed = handled + timedelta(hours=rng.randint(2, 30))
                returns = 1 if filed and rng.random() < 0.02 else 0
                reworks = (2 if rng.random() < 0.2 else 1) if closed and rng.random() < 0.03 - 0.02 * quality else 0
                extensions = 1 if filed and rng.random() < 0.04 else 0
                satisfaction = pick(rng, SATISFACTION) if closed and source in ("public", "hotline") else ""
                yield {
                    "case_id": f"NB{YEAR}{serial:07d}",
                    "unit": unit,
                    "source": source,
                    "kind": kind,
                    "category": category,
                    "subclass": subclass,
                    "place": place,
                    "road_class": road,
                    "reported_at": stamp(reported),
                    "filed_at": stamp(filed),
                    "dispatched_at": stamp(dispatched),
                    "deadline": stamp(deadline),
                    "handled_at": stamp(handled),
                    "closed_at": stamp(closed),
                    "returns": returns,
                    "reworks": reworks,
                    "extensions": extensions,
                    "supervised": 1 if filed and rng.random() < 0.01 else 0,
                    "forced_closure": 1 if closed and rng.random() < 0.005 else 0,
                    "void": 1 if rng.random() < 0.01 else 0,
                    "satisfaction": satisfaction,
                }


def exported(case):
    """The same case as the platform's export writes it."""
    stage = "[作废]" if case["void"] else ("结案" if case["closed_at"] else "处置")
    return {
        "案件号": case["case_id"],
        "问题来源": EXPORT_SOURCE[case["source"]],
        "问题类型": "事件" if case["kind"] == "event" else "部件",
        "大类名称": case["category"],
        "小类名称": case["subclass"],
        "小类明细": "",
        "街道": case["unit"],
        "上报时间": case["reported_at"],
        "立案时间": case["filed_at"],
        "首次派遣时间": case["dispatched_at"],
        "处置截止时间": case["deadline"],
        "处置结束时间": case["handled_at"],
        "结案时间": case["closed_at"],
        "强制结案时间": case["closed_at"] if case["forced_closure"] else "",
        "延期类型": "一般延期" if case["extensions"] else "",
        "当前阶段": stage,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-month", type=int, default=150, help="cases per district and month (about)")
    parser.add_argument("--seed", type=int, default=YEAR)
    parser.add_argument("--out", type=Path, default=HERE.parent / "ningbo" / f"{YEAR}-cases.csv")
    parser.add_argument("--export", action="store_true", help="the platform export's Chinese headers")
    parser.add_argument("--encoding", default="utf-8", help="utf-8, or gbk as Excel saves it")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = EXPORT if args.export else COLUMNS
    count = 0
    with args.out.open("w", newline="", encoding=args.encoding) as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        for case in cases(args.per_month, args.seed):
            writer.writerow(exported(case) if args.export else case)
            count += 1
    print(f"wrote {args.out} ({count} cases)")


if __name__ == "__main__":
    main()
