"""A plain-Python reference for the district composite template, written straight from
RULES-DIGEST.md §6 (seed 004, 范文5): six rates weighted 15% and satisfaction 10%, incidence
against a baseline floored at zero, full satisfaction without complaints, -1 per late supervised
case, +0.5..2 per proactive case, four grades. It shares no code with kaohe. Arithmetic is exact
(fractions). The source rounds no term: only the total is rounded half-up to 2 places, as the
ruleset names; an item is compared as its exact value written to 20 places (half-even), which is
how kaohe shows a quotient that does not terminate."""

from decimal import Decimal
from fractions import Fraction
from math import floor

ZERO = Fraction(0)


def half_up(value, places=2):
    """Rounds an exact fraction half away from zero."""
    scale = 10**places
    magnitude = floor(abs(value) * scale + Fraction(1, 2))
    return Decimal(magnitude if value >= 0 else -magnitude) / scale


def to_places(value, places):
    """An exact fraction written to `places` decimal places, halves to even."""
    scale = 10**places
    return Decimal(round(value * scale)) / scale


def score(x):
    n = lambda name: Fraction(str(x.get(name, 0)))
    received, due = n("received"), n("due")
    incidence = n("cases") / n("baseline")
    weight, satisfaction_weight = Fraction(15, 100), Fraction(10, 100)
    terms = {
        "incidence": max((1 - (incidence - 1)) * 100 * weight, ZERO),
        "handling": n("handled") / received * 100 * weight,
        "timely_handling": n("handled_in_time") / received * 100 * weight,
        "closure": n("closed") / due * 100 * weight,
        "timely_closure": n("closed_in_time") / due * 100 * weight,
        "intactness": (1 - n("reworked") / received) * 100 * weight,
        "satisfaction": (n("satisfied") / n("complaints") if n("complaints") > 0 else Fraction(1)) * 100 * satisfaction_weight,
        "supervised": -n("late_supervised"),
        "proactive": sum((Fraction(str(a)) for a in x.get("proactive", [])), ZERO),
    }
    items = {k: to_places(v, 20) for k, v in terms.items()}
    total = half_up(sum(terms.values(), ZERO))
    grade = "优秀" if total >= 90 else "良好" if total >= 80 else "合格" if total >= 60 else "不合格"
    return total, items, grade
