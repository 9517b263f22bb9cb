"""The shared vector corpus (tests/vectors/*.toml) through the Python API: the same totals, item
scores, flags, grades, metrics, rollups, ranks and errors as the Rust runner."""

import tomllib
from decimal import Decimal
from html import escape as html_escape
from pathlib import Path

import pytest

import kaohe

VECTORS = Path(__file__).resolve().parents[3] / "tests" / "vectors"
FILES = sorted(VECTORS.glob("*.toml"))


def cases():
    for path in FILES:
        corpus = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in corpus["case"]:
            yield pytest.param(corpus, case, id=f"{path.stem}/{case['name']}")


def merged(base, changes):
    inputs = dict(base)
    inputs.update(changes)
    return inputs


def facts(card, lang):
    """What a reader must find on a card in one language (the Rust and Node tests list the same)."""
    zh = lang == "zh"
    pick = lambda a, b: a if zh else b  # noqa: E731
    found = [str(card["total"]), str(card["full_marks"])]
    for section in card["sections"]:
        found.append(pick(section["title"], section["title_en"]))
        if section["zeroed"]:
            found.append(pick("本部分计零", "the section scores zero"))
        for item in section["items"]:
            found += [pick(item["title"], item["title_en"]), str(item["score"])]
            found += [pick(e["message"]["zh"], e["message"]["en"]) for e in item.get("effects", [])]
            for key, marker_zh, marker_en in [
                ("floored", "扣完为止", "floored"),
                ("capped", "已达上限", "capped"),
                ("zeroed", "本项计零", "the item scores zero"),
            ]:
                # An explained card's effects already say why an item scores zero.
                if item[key] and (key != "zeroed" or not item.get("effects")):
                    found.append(pick(marker_zh, marker_en))
    if card["total_zeroed"]:
        found.append(pick("一票否决", "vetoed"))
    if card["grade"]:
        grade = card["grade"]
        found.append(pick(grade["label"], grade["label_en"]))
        consequence = grade.get("consequence" if zh else "consequence_en")
        if consequence:
            found.append(consequence)
    found += [pick(f["label"], f["label_en"]) for f in card["flags"]]
    return found


def check_error(excinfo, wanted):
    found = [(e["loc"], e["kind"]) for e in excinfo.value.errors]
    assert (wanted["loc"], wanted["kind"]) in found, found


def test_the_corpus_is_there():
    assert len(FILES) >= 10
    assert sum(1 for _ in cases()) >= 100


@pytest.mark.parametrize("corpus, case", list(cases()))
def test_vector(corpus, case):
    name = corpus["ruleset"]  # a built-in id, or a variant's file under tests/vectors
    ruleset = kaohe.load_file(VECTORS / name) if name.endswith(".toml") else kaohe.load(name)
    base = corpus.get("base", {})
    expect = case["expect"]
    assert case["arithmetic"].strip()

    if "units" in case:
        entries = []
        for unit in case["units"]:
            card = ruleset.score(merged(base, unit.get("inputs", {})), trace=False)
            kind = unit.get("kind", ruleset.default_kind)
            entries.append((unit["unit"], kind, card.total))
        ranks = {r["unit"]: r["rank"] for r in ruleset.rank(entries)}
        assert ranks == expect["ranks"]
        return

    if "period" in case:
        months = [None if m == "missing" else merged(base, m) for m in case["months"]]
        if "error" in expect:
            with pytest.raises(kaohe.InputError) as excinfo:
                ruleset.roll_up(case["period"], months, case.get("period_inputs", {}))
            check_error(excinfo, expect["error"])
            return
        card = ruleset.roll_up(case["period"], months, case.get("period_inputs", {}))
        if "total" in expect:
            assert card["total"] == Decimal(expect["total"])
        if "flags" in expect:
            assert [f["flag"]["id"] for f in card["flags"]] == expect["flags"]
        if "grade" in expect:
            assert (card["grade"] or {}).get("label", "") == expect["grade"]
        if "counted" in expect:
            counted = ["-" if m["counted"] is None else m["counted"] for m in card["months"]]
            assert counted == ["-" if c == "-" else Decimal(c) for c in expect["counted"]]
        if "carried_out" in expect:
            assert card["carried_out"] == Decimal(expect["carried_out"])
        return

    inputs = merged(base, case.get("inputs", {}))
    for name in case.get("remove", []):
        inputs.pop(name, None)
    if "error" in expect:
        with pytest.raises(kaohe.InputError) as excinfo:
            ruleset.score(inputs)
        check_error(excinfo, expect["error"])
        return
    card = ruleset.score(inputs)
    # explain and _repr_html_ show every fact of the card (one renderer, shared with the CLI).
    whole = card.to_dict()
    html = card._repr_html_()
    for lang in ["zh", "en"]:
        text = card.explain(lang)
        for fact in facts(whole, lang):
            assert fact in text, (fact, text)
            if lang == "zh":
                assert html_escape(fact, quote=False).replace('"', "&quot;") in html, fact
    bare = ruleset.score(inputs, trace=False)
    assert bare.total == card.total
    if "total" in expect:
        assert card.total == Decimal(expect["total"]), card.explain("en")
    listed = expect.get("items", {})
    sections = {s["id"]: s for s in card.to_dict()["sections"]}
    for item in card.items:
        unlisted = Decimal(0) if sections[item["section"]]["bonus"] else item["points"]
        wanted = Decimal(listed[item["id"]]) if item["id"] in listed else unlisted
        assert item["score"] == wanted, item
    assert set(listed) <= {i["id"] for i in card.items}
    if "flags" in expect:
        assert card.flags == expect["flags"]
    if "grade" in expect:
        assert (card.grade or "") == expect["grade"]
    for name, value in expect.get("metrics", {}).items():
        assert card.metrics[name] == Decimal(value)
