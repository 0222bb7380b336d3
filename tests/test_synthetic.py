"""The synthetic report generator (training/synthetic.py): determinism, exact spans, consistent gold."""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from functools import lru_cache

import pytest

from service.normalize import normalize
from service.numbers import find_quantities
from training.synthetic import (
    LABELS,
    STYLES,
    T3_COLUMNS,
    T4_BLOCKS,
    T4_COLUMNS,
    TEMPLATES,
    SyntheticReport,
    _combos,
    generate,
    generate_one,
    to_record,
    write_jsonl,
)


@lru_cache
def sample(n: int = 60, seed: int = 0) -> tuple[SyntheticReport, ...]:
    return tuple(generate(n, seed))


def _snapshot(rs) -> list:
    return [(r.id, r.text, r.spans, r.gold, r.template, r.style, r.script) for r in rs]


# -------------------------------------------------------------------------------------------------
# determinism and coverage
# -------------------------------------------------------------------------------------------------


def test_same_seed_same_reports_other_seed_other_reports():
    a, b = generate(15, seed=3), generate(15, seed=3)
    assert _snapshot(a) == _snapshot(b)
    assert _snapshot(generate(15, seed=4)) != _snapshot(a)
    # report i does not depend on n
    assert _snapshot(generate(5, seed=3)) == _snapshot(a[:5])


def test_every_template_and_style_appears():
    rs = sample()
    assert {r.template for r in rs} == set(TEMPLATES)
    assert {r.style for r in rs} == set(STYLES)
    assert {(r.template, r.style) for r in rs} >= {(t, s) for t, _, s in _combos()}


def test_traditional_reports_exist_and_read_as_traditional():
    rs = sample()
    trad = [r for r in rs if r.script == "traditional"]
    assert 3 <= len(trad) <= 10
    for r in rs[:20]:
        assert normalize(r.text).script == r.script, r.id


def test_traditional_version_has_the_same_spans_and_gold():
    combos = _combos()
    for i, combo in enumerate(combos[:: max(1, len(combos) // 6)]):
        s = generate_one(9, i, combo, traditional=False)
        t = generate_one(9, i, combo, traditional=True)
        assert (s.spans, s.gold, len(s.text)) == (t.spans, t.gold, len(t.text))
        assert s.text != t.text


def test_variants_are_exercised():
    feats = defaultdict(int)
    for r in generate(100, seed=0):
        for f in r.features:
            feats[f] += 1
    for f in ("mixed_t3", "table:fujian", "table:national", "table:none", "crawler_header", "page_numbers",
              "image_marker", "shanghai_numbering", "pdf_wrapped_label", "pipe_wrapped_cells", "md_detached_labels",
              "md_sectioned", "duplicate_paragraph", "ocr", "approximate", "table_section_heading",
              "unnumbered_heading"):
        assert feats[f] > 0, f


def test_generation_is_fast():
    t = time.perf_counter()
    generate(100, seed=11)
    assert time.perf_counter() - t < 5


# -------------------------------------------------------------------------------------------------
# spans
# -------------------------------------------------------------------------------------------------


def test_spans_are_valid_and_do_not_overlap():
    for r in sample():
        prev_end = 0
        for s, e, label in r.spans:
            assert label in LABELS
            assert 0 <= prev_end <= s < e <= len(r.text), (r.id, s, e)
            txt = r.text[s:e]
            assert txt.strip(), (r.id, s, e)
            assert txt == txt.strip(), (r.id, label, txt)  # no leading / trailing whitespace
            prev_end = e
        labels = {label for _, _, label in r.spans}
        assert {"HEADING", "NUMBER"} <= labels, r.id


def test_number_spans_hold_values_never_distractors():
    for r in sample():
        for s, e, label in r.spans:
            if label != "NUMBER":
                continue
            txt = normalize(r.text[s:e]).text
            assert re.search(r"[\d一二两三四五六七八九十]", txt), (r.id, txt)
            assert "%" not in txt and "年" not in txt and "〔" not in txt, (r.id, txt)
            assert not re.fullmatch(r"\d{3,4}-\d{7,8}", txt), (r.id, txt)  # a phone number


def test_headings_and_metrics_look_right():
    for r in sample()[:30]:
        norm = normalize(r.text).text  # same length for these reports' characters
        for s, e, label in r.spans:
            txt = norm[s:e]
            if label == "HEADING":
                assert "\n" not in txt and not txt.startswith(("#", "[")), (r.id, txt)
            if label == "METRIC":
                # no list marker / numbering inside a row label
                assert not re.match(r"^(\d+[.、．]|[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|其中)", txt), (r.id, txt)


# -------------------------------------------------------------------------------------------------
# gold
# -------------------------------------------------------------------------------------------------


def _table_values(r: SyntheticReport, prefix: str) -> dict[tuple[str, str], float]:
    out = {}
    for g in r.gold:
        if g["source"] == "table" and g["id"].startswith(prefix + "."):
            _, a, b = g["id"].split(".")
            out[(a, b)] = g["value"]
    return out


def test_t3_gold_obeys_the_form_rules():
    seen = 0
    for r in sample():
        v = _table_values(r, "t3")
        if not v:
            continue
        seen += 1
        rows = {a for a, _ in v}
        results = [x for x in rows if x.startswith(("denied_", "unable_", "not_processed_"))] + ["granted", "partial"]
        assert len([x for x in rows if x.startswith("denied_")]) == 8
        other = ["other_handling"] if "other_handling" in rows else ["other_no_correction", "other_unpaid_fee", "other_other"]
        assert set(other) <= rows and not ({"other_handling", "other_other"} <= rows)
        for c in T3_COLUMNS:
            assert v[("new_received", c)] + v[("carried_over", c)] == v[("total", c)] + v[("carried_forward", c)], (r.id, c)
            assert sum(v[(x, c)] for x in results + other) == v[("total", c)], (r.id, c)
        for row in rows:
            assert sum(v[(row, c)] for c in T3_COLUMNS[:-1]) == v[(row, "total")], (r.id, row)
    assert seen >= 20


def test_t4_gold_obeys_the_block_sums():
    seen = 0
    for r in sample():
        v = _table_values(r, "t4")
        if not v:
            continue
        seen += 1
        assert len(v) == 15
        for b in T4_BLOCKS:
            assert sum(v[(b, c)] for c in T4_COLUMNS[:-1]) == v[(b, "total")], (r.id, b)
    assert seen >= 20


def test_templates_have_their_tables():
    for r in sample():
        ids = {g["id"] for g in r.gold if g["source"] == "table"}
        if r.template == "2021":
            assert "t2.regulations.issued" in ids or "t2.normative_documents.issued" in ids
            assert "t3.total.total" in ids and "t4.review.total" in ids
            assert ("t3.other_other.total" in ids) != ("mixed_t3" in r.features)
        elif r.template == "2019":
            assert "t2.licensing.previous" in ids and "t3.other_handling.total" in ids
        elif "table:none" in r.features:
            assert not ids
        else:
            assert "active.total" in ids
        if "table:fujian" in r.features:
            assert any(g["period"] == "cumulative" for g in r.gold)


def _parse(txt: str) -> tuple[float, bool]:
    """Value of a NUMBER span as the spec reads it (money in 元 → 万元 is left to the caller)."""
    qs = find_quantities(normalize(txt).text)
    assert len(qs) == 1, txt
    return float(qs[0].value), qs[0].approximate


def _label_at(r: SyntheticReport, start: int, end: int) -> str | None:
    """Label of the span that contains [start, end), if any."""
    for s, e, label in r.spans:
        if s <= start and end <= e:
            return label
    return None


def test_gold_values_are_stated_at_their_spans():
    checked = 0
    for r in sample():
        assert len(r.evidence) == len(r.gold)
        exact = {(s, e): label for s, e, label in r.spans}
        for g, ev in zip(r.gold, r.evidence):
            assert ev is not None, (r.id, g)
            txt = r.text[ev[0] : ev[1]]
            if exact.get(ev) == "METRIC":  # an absence statement
                assert g["source"] == "text" and g["value"] == 0, (r.id, g, txt)
                continue
            # a cell is a NUMBER span of its own, or part of one (cells run together)
            assert _label_at(r, *ev) == "NUMBER", (r.id, g, txt)
            if re.fullmatch(r"-?\d+", txt) or (g["source"] == "table" and re.fullmatch(r"-?\d+(\.\d+)?", txt)):
                assert float(txt) == pytest.approx(g["value"]), (r.id, g, txt)
            else:
                value, approx = _parse(txt)
                if normalize(txt).text.endswith("元") and not normalize(txt).text.endswith("万元"):
                    value /= 10000
                assert value == pytest.approx(g["value"]), (r.id, g, txt)
                assert approx == bool(g.get("approximate")), (r.id, g, txt)
            checked += 1
    assert checked > 5000


def test_flattened_runs_are_one_span_or_one_span_per_cell():
    runs = generate(40, seed=2)
    cells = generate(40, seed=2, number_runs="cell")
    merged = 0
    for a, b in zip(runs, cells):
        assert (a.text, a.gold, a.evidence) == (b.text, b.gold, b.evidence)
        nums_a = [(s, e) for s, e, label in a.spans if label == "NUMBER"]
        nums_b = {(s, e) for s, e, label in b.spans if label == "NUMBER"}
        assert all(x[1] < y[0] for x, y in zip(nums_a, nums_a[1:])), a.id  # runs never touch
        for g, ev in zip(b.gold, b.evidence):
            if g["source"] == "table":
                assert ev in nums_b, (b.id, g)  # "cell": every cell is its own span
        merged += len(nums_b) - len(nums_a)
        # the same characters are NUMBER either way
        assert sum(e - s for s, e in nums_a) == sum(e - s for s, e in nums_b)
    assert merged > 100
    with pytest.raises(ValueError):
        generate(1, 0, number_runs="digits")


def test_prose_numbers_belong_to_a_named_fact():
    """Prose counts of things the catalog does not report are O; every NUMBER is a table cell,
    a gold value, or the value right after a METRIC (a 表三 fact such as 上年结转…2件, a copy)."""
    for r in sample()[:40]:
        evid = [ev for ev in r.evidence if ev]
        prev_end = {}
        last_metric_end = -100
        for s, e, label in r.spans:
            if label == "METRIC":
                last_metric_end = e
            elif label == "NUMBER":
                prev_end[(s, e)] = last_metric_end
        for (s, e), m_end in prev_end.items():
            has_gold = any(s <= a and b <= e for a, b in evid)
            assert has_gold or 0 <= s - m_end <= 8, (r.id, r.text[max(0, s - 20) : e])


def test_prose_statements_and_absences_are_present():
    rs = sample()
    text_gold = [g for r in rs for g in r.gold if g["source"] == "text"]
    assert len({g["id"] for g in text_gold}) >= 15
    assert sum(g["value"] == 0 for g in text_gold) >= 20
    assert any(g.get("approximate") for g in text_gold)
    # Chinese numerals in some prose values
    assert any(
        label == "NUMBER" and re.search("[一二两三四五六七八九十]", r.text[s:e]) for r in rs for s, e, label in r.spans
    )


# -------------------------------------------------------------------------------------------------
# JSONL
# -------------------------------------------------------------------------------------------------


def test_write_jsonl_records(tmp_path):
    rs = generate(4, seed=5)
    path = write_jsonl(rs, tmp_path / "sub" / "synthetic.jsonl")
    assert sorted(p.name for p in path.parent.iterdir()) == ["synthetic.jsonl"]  # no temp file left
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 4
    for rec, r in zip(recs, rs):
        assert set(rec) == {"id", "text", "spans", "gold", "split", "source", "meta"}
        assert rec["split"] == "train" and rec["source"] == "synthetic"
        assert rec["meta"] == {"template": r.template, "style": r.style, "script": r.script}
        assert rec["text"] == r.text and [tuple(s) for s in rec["spans"]] == r.spans
        assert rec["gold"] == {"values": r.gold}
        assert all(set(g) <= {"id", "period", "value", "source", "approximate"} for g in rec["gold"]["values"])
    assert path.stat().st_mode & 0o777 == 0o644
    # rewriting replaces the file atomically
    write_jsonl(rs[:1], path)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_records_load_as_annotation_records_and_normalise():
    from service.annotations import AnnotationRecord, normalised_example

    rs = [r for r in sample() if r.script == "traditional"][:2] + list(sample()[:4])
    for r in rs:
        rec = AnnotationRecord.model_validate(to_record(r))
        text, spans = normalised_example(rec)
        assert len(spans) == len(r.spans)
        for (s, e, label), (ns, ne, nlabel) in zip(r.spans, spans):
            assert label == nlabel and normalize(r.text[s:e]).text == text[ns:ne]


# -------------------------------------------------------------------------------------------------
# the project's extractor on synthetic reports (a loose floor: this checks the texts are readable
# reports, not the extractor's quality)
# -------------------------------------------------------------------------------------------------


def test_extractor_recovers_most_gold_values():
    from service.pipeline import Extractor
    from service.settings import Settings

    ex = Extractor(Settings(default_tagger="lexicon"))
    picked: dict[tuple[str, str], SyntheticReport] = {}
    for r in sample():
        picked.setdefault((r.template, r.style), r)
    hit = total = 0
    per_style: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in picked.values():
        res = ex.extract(r.text)
        got = {(i.id, i.period, round(float(i.value), 6)) for i in res.indicators if i.value is not None}
        for g in r.gold:
            ok = (g["id"], g["period"], round(float(g["value"]), 6)) in got
            hit += ok
            total += 1
            per_style[r.style][0] += ok
            per_style[r.style][1] += 1
    share = hit / total
    print(f"\nextractor (lexicon) recovered {hit}/{total} = {share:.1%} of gold values on {len(picked)} synthetic reports")
    for s, (a, b) in sorted(per_style.items()):
        print(f"  {s:18s} {a}/{b} = {a / b:.1%}")
    assert share >= 0.5
