"""Normalisation must never lose the way back to the user's offsets."""

import random
import time

import pytest

from service import normalize as normalize_module
from service.normalize import Normalized, normalize, normalize_label
from tests.paths import SHARED_CORPUS

PLAIN = "一、总体情况\n本年度主动公开政府信息428条，其中规范性文件12件。"
# (piece, untouched): untouched pieces must come back verbatim through to_original.
NOISY_PIECES: list[tuple[str, bool]] = [
    ("\ufeff", False),
    ("标题: 2015年度报告\r\n", False),
    ("<!--[if !supportLists]-->", False),
    ("一、总体情况", True),
    ("<!--[endif]-->\r\n", False),
    ("\u3000\u3000", False),
    ("本年度主动公开", True),
    ("&nbsp;", False),
    ("政府信息", True),
    ("４２８", False),
    ("条", True),
    ("\u200b", False),
    ("（其中", False),
    ("规范性文件12件", True),
    ("）。\r", False),
    ("二、主动公开情况", True),
]


def noisy() -> tuple[str, list[tuple[int, int]]]:
    """The noisy original and the original ranges of its untouched pieces."""
    text, plain, pos = "", [], 0
    for piece, untouched in NOISY_PIECES:
        if untouched:
            plain.append((pos, pos + len(piece)))
        text += piece
        pos += len(piece)
    return text, plain


def all_spans(n: int) -> list[tuple[int, int]]:
    return [(s, e) for s in range(n + 1) for e in range(s, n + 1)]


def test_plain_text_maps_to_itself() -> None:
    n = normalize(PLAIN)
    assert n.text == PLAIN.replace("，", ",")
    assert n.script == "simplified"
    assert n.body_start == 0
    assert all(n.to_original(s, e) == (s, e) for s, e in all_spans(len(n.text)))


def test_every_span_renormalises_to_itself() -> None:
    original, _ = noisy()
    n = normalize(original)
    for s, e in all_spans(len(n.text)):
        os_, oe = n.to_original(s, e)
        assert normalize(original[os_:oe]).text == n.text[s:e], (s, e)


def test_untouched_spans_come_back_verbatim() -> None:
    original, plain = noisy()
    n = normalize(original)
    rng = random.Random(0)
    for ps, pe in plain:
        s = n.to_normalized(ps)
        assert n.text[s : s + pe - ps] == original[ps:pe]
        for _ in range(20):
            a = rng.randrange(s, s + pe - ps)
            b = rng.randrange(a, s + pe - ps + 1)
            os_, oe = n.to_original(a, b)
            assert original[os_:oe] == n.text[a:b]


def test_offset_maps_are_monotonic_and_round_trip() -> None:
    original, _ = noisy()
    n = normalize(original)
    spans = [n.to_original(i, i + 1) for i in range(len(n.text))]
    assert all(s < e for s, e in spans)
    assert spans == sorted(spans)
    assert all(n.to_normalized(s) == i for i, (s, _) in enumerate(spans))
    assert n.to_normalized(len(original)) == len(n.text)


def test_traditional_sample_converted_with_full_width_offsets() -> None:
    original = "高新區政府信息公開工作報告，統計數４２８條"
    n = normalize(original)
    assert n.text == "高新区政府信息公开工作报告,统计数428条"
    assert n.script == "traditional"
    start = n.text.index("428条")
    s, e = n.to_original(start, start + 4)
    assert original[s:e] == "４２８條"


def test_simplified_report_with_variant_chars_is_not_traditional() -> None:
    paragraph = "本年度，我局坚持以人民为中心，主动公开政府信息，全年共发布信息1024条，及时回应社会关切。\n"
    variants = "围绕群衆关切，於门户网站设置专栏，线上线下相结合，热綫电话裏外联动，爲民服务。\n"
    n = normalize("一、总体情况\n" + paragraph * 10 + variants + paragraph * 10)
    assert n.script == "simplified"
    assert "群众" in n.text and "於" not in n.text  # variants are still unified for matching


def test_crlf_and_cr_become_lf() -> None:
    original = "一\r\n二\r三\n"
    n = normalize(original)
    assert n.text == "一\n二\n三\n"
    assert n.to_original(1, 2) == (1, 3)
    assert n.to_original(2, 3) == (3, 4)
    assert n.to_normalized(2) == 1  # the "\n" half of "\r\n"
    assert n.to_normalized(3) == 2


def test_html_comments_removed_and_later_offsets_kept() -> None:
    original = "<!--[if !supportLists]-->一、总体情况<!--[endif]-->\n主动公开信息１２条"
    n = normalize(original)
    assert n.text == "一、总体情况\n主动公开信息12条"
    s, e = n.to_original(0, 6)
    assert original[s:e] == "一、总体情况"
    start = n.text.index("12条")
    s, e = n.to_original(start, start + 3)
    assert original[s:e] == "１２条"


def test_zero_width_chars_removed() -> None:
    original = "\ufeff政\u200b府\u200d信息"
    n = normalize(original)
    assert n.text == "政府信息"
    assert n.to_original(0, 2) == (1, 4)
    assert n.to_original(2, 4) == (5, 7)


def test_odd_spaces_and_entities_become_spaces() -> None:
    original = "\u3000\u3000一、\xa0总体&nbsp;情况\t2024\u2009年\n"
    n = normalize(original)
    assert n.text == "  一、 总体 情况\t2024 年\n"
    entity = n.text.index(" 情")
    s, e = n.to_original(entity, entity + 1)
    assert original[s:e] == "&nbsp;"


def test_full_width_ascii_becomes_half_width_cjk_punctuation_stays() -> None:
    n = normalize("（一）２０２４年：ＡＢＣ，。、“”《》")
    assert n.text == "(一)2024年:ABC,。、“”《》"


def test_box_drawing_becomes_pipes_and_rules() -> None:
    # w3m -dump: a row between vertical strokes, a rule of junctions and horizontal strokes
    n = normalize("┌──┬──┐\n│规章│3 │\n├──┼──┤\n╞══╪══╡\n└──┴──┘ ╱")
    assert n.text == "|--|--|\n|规章|3 |\n|--|--|\n|--|--|\n|--|--| ╱"


def test_markdown_escapes_are_dropped_but_an_escaped_pipe() -> None:
    original = "2\\.重复申请 \\(一\\) a\\|b"
    n = normalize(original)
    assert n.text == "2.重复申请 (一) a\\|b"  # "\\|" is a pipe in a cell: no cell edge
    s, e = n.to_original(0, 2)
    assert original[s:e] == "2\\."


def test_a_line_break_tag_is_a_space_in_a_markdown_row_and_a_line_end_elsewhere() -> None:
    # Markdown converters of PDFs break a cell's lines with <br>: in a pipe row it parts words (or two
    # values joined in one cell), elsewhere it ends a line, so a heading after it starts one
    original = "|2.其他法律行政法规禁止公<br>开|0<BR/>7|9|\n主动公开<br />二、主动公开政府信息情况"
    n = normalize(original)
    assert n.text == "|2.其他法律行政法规禁止公 开|0 7|9|\n主动公开\n二、主动公开政府信息情况"
    s, e = n.to_original(n.text.index("开|"), n.text.index("开|") + 1)
    assert original[s:e] == "开"


def test_body_start_after_crawler_header() -> None:
    header = "标题: 某区2015年度政府信息公开工作年度报告\r\n发布时间: 2016-01-12 16:08\r\n文号: \r\n"
    header += "原文链接: https://example.gov.cn/a.htm\r\n==================== 正文 ====================\r\n"
    body = "某区2015年度政府信息公开工作年度报告\r\n一、总体情况\r\n"
    n = normalize(header + body)
    assert n.text.startswith("标题: ")  # the header stays in the text
    assert n.text[n.body_start :] == body.replace("\r\n", "\n")
    s, e = n.to_original(n.body_start, n.body_start + 4)
    assert (s, e) == (len(header), len(header) + 4)


def test_body_start_zero_without_separator() -> None:
    assert normalize("正文\n2025 年政府信息公开工作年度报告").body_start == 0


def test_empty_spans_map_between_kept_chars() -> None:
    original = "a<!--x-->b\u200b"
    n = normalize(original)
    assert n.text == "ab"
    assert n.to_original(0, 0) == (0, 0)
    assert n.to_original(1, 1) == (1, 1)
    assert n.to_original(2, 2) == (10, 10)


def test_out_of_range_offsets_rejected() -> None:
    n = normalize("一二三")
    for span in [(-1, 1), (2, 1), (0, 4)]:
        with pytest.raises(ValueError):
            n.to_original(*span)
    with pytest.raises(ValueError):
        n.to_normalized(4)


def test_length_changing_conversion_is_aligned(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shipped t2s dictionaries are 1:1; a phrase that changes length must still map back.
    monkeypatch.setattr(normalize_module, "_t2s", lambda s: s.replace("甲乙丙", "丁").replace("戊", "己庚"))
    original = "一二甲乙丙三\r\n戊四"
    n = normalize(original)
    assert n.text == "一二丁三\n己庚四"

    def orig(sub: str) -> str:
        start = n.text.index(sub)
        s, e = n.to_original(start, start + len(sub))
        return original[s:e]

    assert orig("丁") == "甲乙丙"
    assert orig("二丁三") == "二甲乙丙三"
    assert orig("己庚") == "戊"
    assert orig("庚四") == "戊四"
    spans = [n.to_original(i, i + 1) for i in range(len(n.text))]
    assert spans == sorted(spans)


def test_normalize_label_drops_all_whitespace() -> None:
    assert normalize_label("三 、本 年 度办 理 结果") == "三、本年度办理结果"
    assert normalize_label("（一）\u3000予以公開\n") == "(一)予以公开"


def test_normalized_is_frozen() -> None:
    n = normalize("一")
    with pytest.raises(AttributeError):
        n.text = "二"  # type: ignore[misc]
    assert isinstance(n, Normalized)


def test_200k_chars_well_under_a_second() -> None:
    unit = (
        "<!--[if !supportLists]-->（一）主動公開政府信息４２８條，\u3000其中規範性文件12件。\r\n"
        "二、本年度办理结果：予以公开\u200b 186 件；部分公开&nbsp;3件。\r\n"
    )
    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    t0 = time.perf_counter()
    n = normalize(text)
    assert time.perf_counter() - t0 < 1.0
    assert n.script == "traditional"
    start = n.text.index("428条")
    s, e = n.to_original(start, start + 4)
    assert text[s:e] == "４２８條"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared corpus not available")
def test_real_reports() -> None:
    files = sorted(SHARED_CORPUS.glob("raw/*.txt")) + sorted(SHARED_CORPUS.glob("seeds/*.txt"))
    assert files
    for path in files:
        original = path.read_text(encoding="utf-8")
        n = normalize(original)
        expected = "traditional" if path.name.startswith("001_") else "simplified"
        assert n.script == expected, path.name
        assert "<!--" not in n.text and "\r" not in n.text, path.name
        if "==================== 正文" in original:
            assert n.body_start > 0 and n.text[: n.body_start].startswith("标题"), path.name
        spans = [n.to_original(i, i + 1) for i in range(len(n.text))]
        assert spans == sorted(spans), path.name


def test_page_breaks_are_where_the_originals_form_feeds_were():
    norm = normalize("第一页\f第二页\r\n\f第三页")
    assert norm.page_breaks() == [3, 8] and norm.text[3] == "\n" and norm.text[8] == "\n"


def test_a_simple_tables_column_gaps_become_pipes_by_display_width() -> None:
    # pandoc -t plain: a rule of dash runs under the header, the table indented two columns; a Chinese
    # character takes two columns, a full-width bracket too (as sent: its ASCII twin takes one)
    original = "  信息内容   数量\n  ---------- ----\n  （一）公开 2\n  规章       1\n\n不是表格 1"
    n = normalize(original)
    assert n.text == " |信息内容  |数量\n |----------|----\n |(一)公开|2\n |规章      |1\n\n不是表格 1"
    assert len(n.text) == len(original)  # one character for one: the offsets stand
    assert normalize(original.replace("\n", "\r\n")).text == n.text  # pandoc on Windows


def test_a_multiline_table_keeps_its_rows_apart_and_a_text_with_a_word_in_a_gap_is_left_alone() -> None:
    multiline = (
        "  --------------\n  名称     数量\n  -------- -----\n  规章     2\n\n  规范性   3\n  文件\n  --------------\n"
    )
    assert normalize(multiline).text == (
        "  --------------\n |名称    |数量\n |--------|-----\n |规章    |2\n\n |规范性  |3\n |文件\n  --------------\n"
    )
    crowded = "  名称 数量\n  ---- ----\n  规范性文件 3\n"  # a word over the gap: no simple table
    assert normalize(crowded).text == crowded
    flush = "名称 数量\n---- ----\n规章 3\n"  # no edge before the first column: left alone
    assert normalize(flush).text == flush


def test_a_word_tables_cells_joined_by_single_spaces_become_tab_rows_where_a_merged_cell_is_copied() -> None:
    # kreuzberg's DOCX text: python-docx's rows, cells joined by one space, a blank cell empty, a merged
    # cell in every column it covers (本年增/减 spans two): the spaces become tabs, one for one
    table = (
        "第二十条第（八）项 第二十条第（八）项 第二十条第（八）项 第二十条第（八）项\n"
        "信息内容 上一年项目数量 本年增/减 本年增/减\n行政事业性收费  2 2\n"
    )
    prose = "二、主动公开政府信息情况\n本年主动公开 规章 2 件。\n"
    n = normalize(prose + "\n" + table + "\n" + prose)
    tabbed = normalize(table.replace(" ", "\t")).text
    assert n.text == normalize(prose).text + "\n" + tabbed + "\n" + normalize(prose).text
    assert len(n.text) == len(prose + "\n" + table + "\n" + prose)
    assert normalize(table.replace("\n", "\r\n")).text == tabbed  # "\r\n" is "\n" once normalised
    # a narrow header's pieces (pdftotext) are no merged cell's copies; a line of other fields in the
    # block (prose that no blank line parts from it: 4 fields too, by chance), a line of copies among
    # lines of other widths, a block with no number: all left alone
    for alone in (
        prose + table,
        " 结果 结果 其他 尚未 总\n 维持 纠正 结果 审结 计\n 1 2 3 4 5\n",
        "行政复议 行政复议 行政诉讼\n行政许可 12\n",
        "四、结转下年度继续办理 四、结转下年度继续办理 四、结转下年度继续办理\n  \n",
    ):
        assert "\t" not in normalize(alone).text
