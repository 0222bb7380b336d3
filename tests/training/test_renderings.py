"""The rendering benchmark's own pipeline on synthetic reports: a report printed as its official forms
(HTML, DOCX) reads back to its gold, as printed and with zero cells left blank. No browser needed."""

import pytest

from service.documents import read_document
from training.renderings import (
    VARIANTS,
    format_scores,
    render,
    synthetic_sources,
    to_html,
    variant_gold,
    write_docx,
)


@pytest.mark.slow
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_synthetic_reports_printed_as_forms_read_back(extractor, tmp_path, variant):
    sources = [s for s in synthetic_sources(12, 3) if any(v.source == "table" for v in s.gold.values)][:3]
    assert sources
    for src in sources:
        gold = variant_gold(src.gold, variant)
        layout = src.layout(extractor)
        blocks = layout.fill(gold)
        write_docx(layout.title, blocks, tmp_path / "r.docx")
        for name, data in (
            ("r.html", to_html(layout.title, blocks).encode()),
            ("r.docx", (tmp_path / "r.docx").read_bytes()),
        ):
            result = extractor.extract_document(read_document(data, name))
            got = {(i.id, i.period): i.value for i in result.indicators if i.source == "table" and i.value is not None}
            want = {(v.id, v.period): v.value for v in gold.values if v.source == "table" and v.value is not None}
            assert {k: got.get(k) for k in want} == want, (src.name, name)
            assert not [k for k in got if k not in want], (src.name, name)  # nothing in a blank cell


def test_format_scores_shows_each_variant_and_the_reports_the_model_never_saw():
    row = {"tp": 9, "fp": 1, "fn": 0, "confident": 9, "confident_right": 9, "blank_guesses": [], "errors": []}
    scores = {
        "tools": ["browser_copy"],
        "report_info": {
            "fujian-pingtan-syq-2016": {"variant": "as_printed", "split": "dev"},
            "fujian-pingtan-syq-2016~bz": {"variant": "blank_zeros", "split": "dev"},
        },
        "reports": {
            "fujian-pingtan-syq-2016": {"browser_copy": row},
            "fujian-pingtan-syq-2016~bz": {"browser_copy": row},
        },
    }
    text = format_scores(scores)
    assert "== as printed ==" in text and "== blank zeros ==" in text
    assert "never trained on" in text and "browser_copy" in text


def test_a_tool_added_to_a_built_set_reads_the_documents_as_built(extractor, tmp_path):
    # build --tools: only the tools' texts, from the documents on disk; a style sheet passed by mistake
    # rewrites no document, so the set's other texts still come from the documents they were read from
    src = next(s for s in synthetic_sources(12, 3) if any(v.source == "table" for v in s.gold.values))
    layout, gold = src.layout(extractor), variant_gold(src.gold, "as_printed")
    made = render(layout, gold, "r", tmp_path, {"html", "docx"})
    assert made[:2] == ["html", "docx"] and (tmp_path / "r.docx_text.txt").is_file()
    (tmp_path / "r.docx_text.txt").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    made = render(layout, gold, "r", tmp_path, {"html", "docx"}, css="body{font-size:20pt}", tools=["docx_text"])
    assert made[0] == "documents as built" and made[1] == "texts changed: docx_text"
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir() if p.name in before} == before
    assert (tmp_path / "r.docx_text.txt").is_file()
