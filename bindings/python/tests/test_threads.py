"""A loaded ruleset scores from many Python threads at once, giving identical cards."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import kaohe

MONTH = {
    "grid_cells": 400, "inspectors": 30, "operators": 20, "inspector_online_rate": "56.5%",
    "reported_items": 1000, "valid_cases": 800, "daily_valid_collections": 400,
    "on_time_closure_rate": "90%", "closure_rate": "93.4%", "rework_rate": "1%",
    "superior_satisfaction": "95%", "partner_satisfaction": "90%", "community_satisfaction": "90%",
}


def test_eight_threads_score_the_same_card():
    rs = kaohe.load("ningbo/district")
    expected = rs.score(MONTH).to_json()
    with ThreadPoolExecutor(max_workers=8) as pool:
        cards = list(pool.map(lambda _: rs.score(MONTH).to_json(), range(400)))
    assert set(cards) == {expected}
    # 100 - 1 (online 56.5%: one started step) - 2 (closure 93.4%: two steps) = 97.
    assert rs.score(MONTH).total == Decimal(97)
