"""The synthetic report generator (training/synthetic.py): determinism, exact spans, consistent gold."""

from __future__ import annotations

import itertools
import json
import re
import time
from collections import defaultdict
from functools import lru_cache

import pytest

from service.catalog import get_catalog
from service.checks import evaluate
from service.normalize import normalize
from service.numbers import find_quantities
from training.synthetic import (
    BLANK_ZERO_STYLES,
    LABELS,
    STYLES,
    T3_COLUMNS,
    T3_OTHER_2021,
    T3_RESULT_ROWS,
    T3_ROWDEFS,
    TABLE_STYLES,
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
    for f in (
        "mixed_t3",
        "table:fujian",
        "table:national",
        "table:none",
        "crawler_header",
        "page_numbers",
        "image_marker",
        "shanghai_numbering",
        "pdf_wrapped_label",
        "pipe_wrapped_cells",
        "md_detached_labels",
        "md_sectioned",
        "duplicate_paragraph",
        "ocr",
        "approximate",
        "table_section_heading",
        "unnumbered_heading",
        "blank_zeros",
        "spaced_wrapped_label",
        "spaced_group_pieces",
        "crlf",
        "cell_lines_wrapped_label",
        "docx_repeated_values",
        "column_major",
        "flavour:pdfplumber",
        "flavour:pypdfium2",
        "flavour:pymupdf",
        "flavour:bs4",
    ):
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
        n = normalize(r.text)  # "\r\n" (pypdfium2 text) becomes "\n": map the offsets
        for s, e, label in r.spans:
            txt = n.text[n.to_normalized(s) : n.to_normalized(e)]
            if label == "HEADING":
                assert "\n" not in txt and not txt.startswith(("#", "[")), (r.id, txt)
            if label == "METRIC":
                # no list marker / numbering inside a row label
                assert not re.match(
                    r"^(\d+[.、．]|[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|其中)", txt
                ), (r.id, txt)


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


def _cell_getter(r: SyntheticReport, v: dict[tuple[str, str], float]):
    """v[(row, column)]; in a BLANK ZEROS report a cell without gold is a blank zero (and no gold is 0)."""
    if "blank_zeros" not in r.features:
        return lambda a, b: v[(a, b)]
    assert all(x != 0 for x in v.values()), r.id  # a blank cell is no value
    return lambda a, b: v.get((a, b), 0)


def _rules_hold(r, table: str) -> int:
    """Every equation of the catalog's rules for ``table`` holds on the report's gold (blank zeros
    count 0): the generator and the checks share one definition of the forms."""
    v = _table_values(r, table)
    if not v and "blank_zeros" not in r.features:
        return 0
    get = _cell_getter(r, v)
    rows = {a for a, _ in v}
    if table == "t3":
        assert not ("other_handling" in rows and rows & _OTHER_2021), r.id
    template = "2019" if "other_handling" in rows else "2021"
    vals = {f"{table}.{a}.{b}": get(a, b) for a in rows for b in get_catalog().tables[table].columns}
    for inst in get_catalog().rule_instances(template, table):
        ids = inst.left + inst.right
        if inst.rule.per in ("row", "block") and not any(i in vals for i in ids):
            continue
        full = {i: vals.get(i, 0) for i in ids}
        assert evaluate(inst, full).status == "pass", (r.id, inst.rule.id, inst.where)
    return 1


def test_t3_gold_obeys_the_form_rules():
    results = set(get_catalog().rules["t3.results_sum"].left) - {"other_handling"}
    assert {row for row, _ in T3_RESULT_ROWS} == results  # the generator's result rows are the form's
    assert sum(_rules_hold(r, "t3") for r in sample()) >= 20


def test_t4_gold_obeys_the_block_sums():
    assert sum(_rules_hold(r, "t4") for r in sample()) >= 20


_OTHER_2021 = {"other_no_correction", "other_unpaid_fee", "other_other"}
_ONLY_2019_T2 = re.compile(r"\.(made|published|total_public|previous|change)$|^t2\.procurement\.")
_ONLY_2021_T2 = re.compile(r"\.(issued|repealed|in_force)$|^t2\.fees\.amount$")


def test_templates_have_their_tables():
    for r in sample():
        ids = {g["id"] for g in r.gold if g["source"] == "table"}
        if "blank_zeros" in r.features:  # zero cells have no gold: only what a form never has is checked
            t3_2021 = any(i.split(".")[1] in _OTHER_2021 for i in ids if i.startswith("t3."))
            t3_2019 = any(i.startswith("t3.other_handling.") for i in ids)
            if r.template == "2021":
                assert not any(_ONLY_2019_T2.search(i) for i in ids), r.id
                assert not (t3_2021 if "mixed_t3" in r.features else t3_2019), r.id
            elif r.template == "2019":
                assert not any(_ONLY_2021_T2.search(i) for i in ids) and not t3_2021, r.id
            assert ids, r.id
            continue
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
        assert all(x[1] < y[0] for x, y in itertools.pairwise(nums_a)), a.id  # runs never touch
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
    a gold value, or the value right after a METRIC (a 表三 fact such as 上年结转…2件, a copy), or a
    docx_tab copy of a merged value cell."""
    for r in sample()[:40]:
        evid = [ev for ev in r.evidence if ev]
        prev_end = {}
        copies = set()  # docx_tab: the copies of a merged value cell ("行政许可\t4620\t4620\t4620")
        last_metric_end = -100
        prev_number = (0, 0)
        for s, e, label in r.spans:
            if label == "METRIC":
                last_metric_end = e
            elif label == "NUMBER":
                prev_end[(s, e)] = last_metric_end
                ps, pe = prev_number
                if r.style == "docx_tab" and r.text[pe:s] == "\t" and r.text[s:e] == r.text[ps:pe]:
                    copies.add((s, e))
                prev_number = (s, e)
        for (s, e), m_end in prev_end.items():
            has_gold = any(s <= a and b <= e for a, b in evid)
            assert has_gold or (s, e) in copies or 0 <= s - m_end <= 8, (r.id, r.text[max(0, s - 20) : e])


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


def test_varied_phrasing_composes_statements_and_counts_of_other_things():
    """phrasing="varied": statements composed from ACTS and FRAMES (METRIC on the act or the object, the
    gold value at its NUMBER), with counts of things that are no indicator said the same way (O)."""
    from training.synthetic import ACTS, OTHER_COUNTS

    base, varied = generate(30, seed=6), generate(30, seed=6, phrasing="varied")
    assert [r.text for r in base] != [r.text for r in varied]
    catalog = get_catalog()
    composed = others = 0
    for r in varied:
        metrics = [(s, e) for s, e, label in r.spans if label == "METRIC"]
        for g, ev in zip(r.gold, r.evidence):
            if g["source"] != "text" or g["id"] not in ACTS or _label_at(r, *ev) != "NUMBER":
                continue
            s, e = max(((s, e) for s, e in metrics if e <= ev[0]), key=lambda m: m[1])
            metric = r.text[s:e]
            if any(metric.endswith(o) for o in ACTS[g["id"]][1]):
                composed += 1
                resolved = catalog.resolve_prose(metric)
                assert resolved is None or resolved.id.split(".")[0] == g["id"].split(".")[0], (metric, g)
        for t in OTHER_COUNTS:
            word = re.sub(r"\{[A-Z](?::[^}]*)?\}", "", t).split("。")[0][-4:]
            others += word in r.text
    assert composed > 30 and others > 5
    with pytest.raises(ValueError):
        generate(1, 0, phrasing="poetic")


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
    from service.annotations import AnnotationRecord
    from training.bio import normalised_example

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
    print(
        f"\nextractor (lexicon) recovered {hit}/{total} = {share:.1%} of gold values on {len(picked)} synthetic reports"
    )
    for s, (a, b) in sorted(per_style.items()):
        print(f"  {s:18s} {a}/{b} = {a / b:.1%}")
    assert share >= 0.5


# -------------------------------------------------------------------------------------------------
# renderings of users' text tools (../shared/notes/renderings.md) and BLANK ZEROS
# -------------------------------------------------------------------------------------------------


def _first(combo: tuple[str, str, str], pred, seed: int = 21, tries: int = 200) -> SyntheticReport:
    """The first report of ``combo`` (seed ``seed``, simplified script) that satisfies ``pred``."""
    for i in range(tries):
        r = generate_one(seed, i, combo, traditional=False)
        if "ocr" not in r.features and pred(r):
            return r
    raise AssertionError(f"no report of {combo} satisfies the predicate")


def _t3_by_row(r: SyntheticReport) -> dict[str, dict[str, tuple[int, tuple[int, int]]]]:
    """表三 row → column → (gold value, evidence) of its cells that have gold."""
    out: dict[str, dict[str, tuple[int, tuple[int, int]]]] = defaultdict(dict)
    for g, ev in zip(r.gold, r.evidence):
        if g["source"] == "table" and g["id"].startswith("t3."):
            _, row, col = g["id"].split(".")
            out[row][col] = (g["value"], ev)
    return out


def _line_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _has_blank_zero(r: SyntheticReport) -> bool:
    return "blank_zeros" in r.features and any(0 < len(c) < 7 for c in _t3_by_row(r).values())


def test_new_styles_are_table_styles_and_column_major_is_pre2019_only():
    combos = _combos()
    for s in ("spaced", "cell_lines", "browser_tab", "docx_tab", "column_major"):
        assert s in TABLE_STYLES and s in STYLES
    assert TABLE_STYLES[:6] == ("pipe", "tab", "pdf_layout", "one_cell_per_line", "markdown", "flattened")
    assert {(t, k) for t, k, s in combos if s == "column_major"} == {("pre2019", "national"), ("pre2019", "fujian")}
    assert {(t, k) for t, k, s in combos if s == "docx_tab"} == {(t, k) for t, k, s in combos if s == "pipe"}


def test_browser_tab_rows_keep_blank_cells_as_empty_fields():
    r = _first(("2021", "t", "browser_tab"), lambda r: _has_blank_zero(r) and "flavour:html2text" not in r.features)
    empty_fields = 0
    for row, cells in _t3_by_row(r).items():
        ls, le = _line_at(r.text, next(iter(cells.values()))[1][0])
        assert all(ls <= ev[0] and ev[1] <= le for _, ev in cells.values()), (r.id, row)  # a row a line
        fields = r.text[ls:le].split("\t")[-7:]
        assert fields == [str(cells[c][0]) if c in cells else "" for c in T3_COLUMNS], (r.id, r.text[ls:le])
        empty_fields += "" in fields
    assert empty_fields and "\t\t" in r.text  # a blank cell is an empty field between two tabs
    # the rowspan cell 三、本年度办理结果 is printed on its first row only
    assert r.text.count("本年度办理结果") == 1
    ls, le = _line_at(r.text, r.text.index("本年度办理结果"))
    first = r.text[ls:le].split("\t")
    assert first[0].endswith("本年度办理结果") and first[1].endswith("予以公开") and len(first) == 9
    # merged header cells split over the header lines
    assert "\n自然人\t法人或其他组织\t总计\n商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n" in r.text


def test_html2text_flavour_pipes_blank_fields_and_separator_line():
    r = _first(("2021", "t", "browser_tab"), lambda r: _has_blank_zero(r) and "flavour:html2text" in r.features)
    assert "\t" not in r.text and "---|---  \n" in r.text
    for _row, cells in _t3_by_row(r).items():
        ls, le = _line_at(r.text, next(iter(cells.values()))[1][0])
        line = r.text[ls:le]
        assert line.endswith("  "), (r.id, line)
        fields = line[:-2].split("| ")[-7:]
        assert [f.strip() for f in fields] == [str(cells[c][0]) if c in cells else "" for c in T3_COLUMNS], (r.id, line)
    # the extractor reads the same values from it as from the tab rows
    from service.pipeline import Extractor
    from service.settings import Settings

    res = Extractor(Settings(default_tagger="lexicon")).extract(r.text)
    got = {(i.id, i.value) for i in res.indicators if i.value is not None and i.id.startswith("t3.")}
    want = {(g["id"], g["value"]) for g in r.gold if g["id"].startswith("t3.")}
    assert want <= got


def test_docx_tab_repeats_merged_cells_and_labels_every_copy():
    r = _first(("2021", "t", "docx_tab"), lambda r: "blank_zeros" not in r.features and "mixed_t3" not in r.features)
    lines = r.text.split("\n")
    new = next(x for x in lines if "本年新收政府信息公开申请数量\t" in x).split("\t")
    assert len(new) == 10 and new[0] == new[1] == new[2] and new[0].endswith("本年新收政府信息公开申请数量")
    results = [x for x in lines if re.match(r"三、本年度办理结果\t", x)]
    assert len(results) == 22  # （一）… （七）总计, 2021: （六） in three rows; the group cell repeated on each
    assert sum(x.split("\t")[1].endswith("不予公开") for x in results) == 8
    total = next(x for x in results if "总计" in x).split("\t")
    assert total[1] == total[2] and total[1].endswith("总计")  # a label over two grid columns: twice
    metrics = [r.text[s:e] for s, e, label in r.spans if label == "METRIC"]
    # every copy of a label is METRIC (the rules layer takes the last label before the values)
    assert metrics.count("本年度办理结果") == 22 and metrics.count("不予公开") == 8
    assert metrics.count("本年新收政府信息公开申请数量") == 3 and metrics.count("总计") == 2
    # a merged value cell (2021 表二 (五): one value over three grid columns) is repeated; every copy is
    # NUMBER, the gold value is stated by the first
    lic = next(x for x in lines if x.startswith("行政许可\t"))
    f = lic.split("\t")
    assert len(f) == 4 and f[1] == f[2] == f[3]
    s0 = r.text.index(lic + "\n") + len(f[0]) + 1
    k = next(i for i, g in enumerate(r.gold) if g["id"] == "t2.licensing.decisions")
    assert r.evidence[k] == (s0, s0 + len(f[1]))
    nums = {(s, e) for s, e, label in r.spans if label == "NUMBER"}
    w = len(f[1])
    assert {(s0, s0 + w), (s0 + w + 1, s0 + 2 * w + 1), (s0 + 2 * w + 2, s0 + 3 * w + 2)} <= nums
    assert sum(g["id"] == "t2.licensing.decisions" for g in r.gold) == 1


def test_spaced_rows_drop_blank_cells_without_trace():
    r = _first(("2021", "t", "spaced"), _has_blank_zero)
    fewer = 0
    for _row, cells in _t3_by_row(r).items():
        evs = sorted(ev for _, ev in cells.values())
        # the row's values: on one line, single spaces between, in column order, blank cells gone
        assert r.text[evs[0][0] : evs[-1][1]] == " ".join(str(cells[c][0]) for c in T3_COLUMNS if c in cells)
        fewer += len(cells) < 7
    assert fewer  # a row with fewer numbers than the form's cells
    evs = sorted(ev for cells in _t3_by_row(r).values() for _, ev in cells.values())
    region = r.text[_line_at(r.text, evs[0][0])[0] : evs[-1][1]]
    assert "\t" not in region and "  " not in region  # single spaces, no trace of a blank cell


def test_spaced_wrapped_labels_group_labels_and_crlf():
    rs = [generate_one(5, i, ("2021", "t", "spaced"), traditional=False) for i in range(24)]
    full_labels = {lab for _, _, _, lab, _ in T3_ROWDEFS + T3_OTHER_2021}
    inline = after = group_line = group_pieces = crlf = 0
    for r in rs:
        if "\r" in r.text:
            crlf += 1
            assert "crlf" in r.features and "flavour:pypdfium2" in r.features
            assert r.text.count("\r\n") == r.text.count("\n") == r.text.count("\r")
        metrics = [(s, e) for s, e, label in r.spans if label == "METRIC"]
        for (s1, e1), (s2, e2) in itertools.pairwise(metrics):
            between = r.text[e1:s2]
            joined = re.sub(r"\s", "", r.text[s1:e1] + r.text[s2:e2])
            # a wrapped label cut by its values: "（二）部分公开（区分处理的，只计这一 4 0 0 0 0 0 4\n情形，不计其他情形）"
            if joined in full_labels and re.fullmatch(r" [\d ]+\r?\n", between):
                inline += 1
        for s, e in metrics:
            txt = r.text[s:e]
            if "\n" in txt and re.sub(r"\s", "", txt) in full_labels:
                after += 1  # the whole wrapped label one span, its values on the next line
            if re.sub(r"\s", "", txt) in {"本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理"}:
                _ls, le = _line_at(r.text, s)
                rest = r.text[e:le]
                group_line += bool(re.match(r" \S+ [\d ]+\r?$", rest))  # on the line of its first row
                group_pieces += "\n" in txt  # "不\n予公开": one span, only whitespace inside
    assert inline and after and group_line and group_pieces and crlf


def test_cell_lines_one_cell_a_line_blank_cells_gone():
    r = _first(("2021", "t", "cell_lines"), _has_blank_zero)
    for g, ev in zip(r.gold, r.evidence):
        if g["source"] == "table":
            assert _line_at(r.text, ev[0]) == ev, (r.id, g)  # the cell is the whole line
    fewer = 0
    for cells in _t3_by_row(r).values():
        evs = sorted(ev for _, ev in cells.values())
        assert all(r.text[a[1] : b[0]] == "\n" for a, b in itertools.pairwise(evs))  # no line for a blank cell
        fewer += len(cells) < 7
    assert fewer
    mu = _first(("2021", "t", "cell_lines"), lambda r: "flavour:pymupdf" in r.features)
    wrapped = [mu.text[s:e] for s, e, label in mu.spans if label == "METRIC" and "\n" in mu.text[s:e]]
    assert any(re.sub(r"\s", "", w) == "本年度办理结果" for w in wrapped)  # "本年\n度办理结\n果": one span


def _units_and_values_after_labels(r: SyntheticReport) -> tuple[int, list[str], list[str]]:
    """The longest run of label lines (a METRIC, no NUMBER), then the unit entries and the first value
    column that follow it."""
    numbers = [(s, e) for s, e, label in r.spans if label == "NUMBER"]
    lines, pos = [], 0
    for line in r.text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    is_label = [
        any(label == "METRIC" and a <= s and e <= b for s, e, label in r.spans)
        and not any(a <= s and e <= b for s, e in numbers)
        for a, b in lines
    ]
    best, run_end, k = 0, 0, 0
    for i, flag in enumerate(is_label):
        k = k + 1 if flag else 0
        if k > best:
            best, run_end = k, i
    after = [r.text[a:b] for a, b in lines[run_end + 1 :]]
    body = [x for x in after if x not in ("", "单位", "计量单位")]
    return best, body[:best], body[best : 2 * best]


def test_column_major_prints_labels_then_units_then_values():
    for kind in ("national", "fujian"):
        r = _first(("pre2019", kind, "column_major"), lambda r: True)
        assert "blank_zeros" not in r.features and "column_major" in r.features
        n, units, values = _units_and_values_after_labels(r)
        assert n >= 8, r.id
        assert set(units) <= {"条", "件", "次", "篇", "个", "人", "人次", "万元", "元"}, (r.id, units)
        assert all(re.fullmatch(r"\d+(\.\d+)?", v) for v in values), (r.id, values)
        # no blank cells: every row of the form has its value(s); a value stands alone on its line
        table = [(g, ev) for g, ev in zip(r.gold, r.evidence) if g["source"] == "table"]
        assert len({g["id"] for g, _ in table}) >= n
        alone = sum(_line_at(r.text, ev[0]) == ev for _, ev in table)
        assert alone >= len(table) - 8  # all but the few first rows read row by row


def test_blank_zeros_drop_zero_cells_and_their_gold(monkeypatch):
    import training.synthetic as syn

    for style in BLANK_ZERO_STYLES:
        for combo in (("2021", "t", style), ("pre2019", "fujian", style)):
            i = next(i for i in range(40) if "blank_zeros" in generate_one(8, i, combo, False).features)
            r = generate_one(8, i, combo, False)
            assert f"blank_zeros:{style}" in r.features
            table = [g for g in r.gold if g["source"] == "table"]
            assert table and all(g["value"] != 0 for g in table), r.id  # a blank cell is no value
            assert "0" not in {r.text[s:e] for s, e, label in r.spans if label == "NUMBER"}, r.id
            with monkeypatch.context() as m:
                m.setattr(syn, "BLANK_ZERO_P", 0.0)
                plain = generate_one(8, i, combo, False)
            assert "blank_zeros" not in plain.features and plain.text != r.text
            # the same table values, less the zeros (printed blank)
            assert table == [g for g in plain.gold if g["source"] == "table" and g["value"] != 0], r.id
            assert len(table) < len([g for g in plain.gold if g["source"] == "table"])
    rs = sample()
    eligible = [r for r in rs if r.style in BLANK_ZERO_STYLES and "table:none" not in r.features]
    share = sum("blank_zeros" in r.features for r in eligible) / len(eligible)
    assert 0.15 <= share <= 0.6, share
    assert not any("blank_zeros" in r.features for r in rs if r.style not in BLANK_ZERO_STYLES)
