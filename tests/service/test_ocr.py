"""Scanned PDFs read by OCR (the ``ocr`` extra): page layout from boxes, values flagged, errors kept."""

import json

import pytest

from service import ocr
from service.common import ServiceError
from service.documents import read_document
from service.pipeline import OCR_CONFIDENCE
from service.schema import ExtractOptions
from tests.paths import FIXTURES
from training.renderings import scanned

DOCUMENTS = FIXTURES / "documents"


def test_boxes_become_lines_with_each_box_at_its_column():
    # a row label and three cells of a table, a cell of the next row under the third cell, a prose line
    boxes = [
        (10, 100, 130, 120, "一、本年新收申请"),  # 8 Chinese characters: 16 columns of 7.5 px
        (300, 101, 315, 121, "12"),
        (450, 99, 457.5, 119, "3"),
        (600, 100, 622.5, 120, "15"),
        (600, 130, 607.5, 150, "7"),
        (10, 200, 160, 220, "全年共受理申请十五件。"),
    ]
    lines = ocr.page_text(boxes).splitlines()
    assert [line.split() for line in lines] == [
        ["一、本年新收申请", "12", "3", "15"],
        ["7"],
        ["全年共受理申请十五件。"],
    ]
    # the columns are the page's: a value under another starts in the same character column
    assert lines[0].index("15") == lines[1].index("7")
    assert ocr.page_text([]) == ""


def test_a_box_stands_at_the_middle_of_its_pixels_with_one_column_width_for_the_document():
    # a lone digit's box is wider than the digit: its middle, not its left edge, is its column's
    header = [(10, 100, 130, 120, "一、本年新收申请"), (585, 100, 615, 120, "总计")]  # 7.5 px a column
    cells = [(10, 130, 130, 150, "二、上年结转申请"), (588, 130, 612, 150, "7")]
    lines = ocr.page_text(header + cells).splitlines()
    middle = [line.index(w) + len(w) * (2 if w == "总计" else 1) / 2 for line, w in zip(lines, ("总计", "7"))]
    assert abs(middle[0] - middle[1]) <= 0.5
    # a table over two pages: the second page's boxes alone would make another column width; the
    # document's keeps the 7 of either page in one column
    page2 = [(10, 100, 250, 120, "全年共受理申请十五件"), (588, 130, 612, 150, "7")]
    own = ocr.page_text(page2).splitlines()[1].index("7")
    unit = ocr.column_unit(header + cells + page2)
    first, second = ocr.page_text(header + cells, unit), ocr.page_text(page2, unit)
    assert own != lines[1].index("7")
    assert first.splitlines()[1].index("7") == second.splitlines()[1].index("7")


def test_a_box_over_the_one_before_it_goes_to_a_line_of_its_own_and_pushes_no_value():
    # the two lines of a wrapped label close enough to be taken for one line: the second line's box
    # stands over the first; pushed right, it would push the 12 under the next column
    boxes = [(10, 100, 250, 118, "1.申请人无正当理由逾期不补正、行"), (12, 104, 250, 122, "政机关不再处理其政府信息公开申请"),
             (420, 102, 435, 120, "12")]  # fmt: skip
    lines = ocr.page_text(boxes, unit=7.5).splitlines()
    assert (
        lines[0].split() == ["1.申请人无正当理由逾期不补正、行", "12"]
        and lines[1].strip() == "政机关不再处理其政府信息公开申请"
    )
    assert lines[0].index("12") == round(427.5 / 7.5 - 1)


def test_a_pdf_without_text_is_refused_when_ocr_is_off_or_finds_nothing(monkeypatch):
    scan = (FIXTURES / "bad" / "scanned-no-text.pdf").read_bytes()  # a grey box, no words
    with pytest.raises(ServiceError) as off:
        read_document(scan, "scan.pdf")  # OCR not asked for
    assert off.value.code == "no_text_layer"
    if ocr.available():
        with pytest.raises(ServiceError) as nothing:
            read_document(scan, "scan.pdf", ocr_pages=5)
        assert nothing.value.code == "no_text_layer" and "OCR found no text" in nothing.value.message
        with pytest.raises(ServiceError) as long:
            read_document(scanned((DOCUMENTS / "syn2019-as-printed.pdf").read_bytes()), "scan.pdf", ocr_pages=1)
        assert long.value.code == "no_text_layer" and "GOVREPORT_OCR_MAX_PAGES" in long.value.message


@pytest.mark.slow
@pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")
def test_a_scanned_report_is_read_and_every_value_is_flagged(extractor):
    doc = read_document(scanned((DOCUMENTS / "syn2019-as-printed.pdf").read_bytes()), "scan.pdf", ocr_pages=10)
    assert doc.ocr and doc.kind == "pdf" and len(doc.page_starts) == 3
    result = extractor.extract_document(doc, ExtractOptions(tagger="lexicon"))
    assert result.document is not None and result.document.ocr
    assert "read by OCR" in result.warnings[0]
    gold = {g["id"]: g["value"] for g in json.loads((DOCUMENTS / "syn2019-as-printed.gold.json").read_text())}
    table = [i for i in result.indicators if i.source == "table" and i.period == "year"]
    right = [i for i in table if gold.get(i.id) == i.value]
    assert len(right) >= 150 and right == table  # no table value wrong
    assert all(i.confidence <= OCR_CONFIDENCE for i in result.indicators)  # each one to check
    assert all(result.document.text[i.start : i.end] == i.raw for i in result.indicators)
