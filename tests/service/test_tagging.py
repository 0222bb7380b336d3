"""Span hygiene between any tagger and the rules layer: digit runs stay whole, wrapped labels are one."""

import re

from service.catalog import get_catalog
from service.mapping import read_prose
from service.normalize import normalize
from service.tables import _repair_labels, read_tables
from service.tagging import LexiconTagger, Span, at_column_gaps, short_names_inside_words, whole_digit_runs


def _spans(text: str, *pieces: tuple[str, str]) -> list[Span]:
    out, pos = [], 0
    for piece, label in pieces:
        start = text.index(piece, pos)
        out.append(Span(start, start + len(piece), label))
        pos = start + len(piece)
    return out


def _texts(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(s.label, text[s.start : s.end]) for s in spans]


def test_a_number_span_that_stops_inside_a_flattened_run_is_widened_to_the_run() -> None:
    text = "其中：1、政府网站公开数条3460853762、政府公报公开数条00"
    spans = _spans(
        text, ("政府网站公开数", "METRIC"), ("34608537", "NUMBER"), ("政府公报公开数", "METRIC"), ("00", "NUMBER")
    )
    fixed = whole_digit_runs(text, spans, get_catalog().markers)
    # the "2" of "2、" is the next row's list marker, not a digit of the run
    assert _texts(text, fixed)[1] == ("NUMBER", "346085376")


def test_pieces_of_one_run_become_one_span() -> None:
    text = "行政事业性收费24252.311082三、收到和处理"
    spans = _spans(text, ("行政事业性收费", "METRIC"), ("2425", "NUMBER"), ("311082", "NUMBER"))
    assert _texts(text, whole_digit_runs(text, spans, {})) == [("METRIC", "行政事业性收费"), ("NUMBER", "24252.311082")]


def test_whole_runs_and_prose_numbers_are_left_alone() -> None:
    text = "主动公开政府信息336条，其中 12 条。"
    spans = _spans(text, ("主动公开政府信息", "METRIC"), ("336条", "NUMBER"), ("12 条", "NUMBER"))
    assert whole_digit_runs(text, spans, {}) == spans


def test_a_wrapped_row_label_is_one_label_and_a_swallowed_unit_goes_back_to_its_column() -> None:
    text = normalize(
        "（二）部分公开（区分处理的，只计这一情 形，不\n        计其他情形）\n   9 0 0 0 0 0 9\n政府公报公开数条00"
    ).text
    pieces = _spans(
        text,
        ("部分公开(区分处理的,只计这一情 形,不", "METRIC"),
        ("计其他情形)", "METRIC"),
        ("政府公报公开数条", "METRIC"),
    )
    repaired = _repair_labels(text, pieces, get_catalog())
    assert [t for _, t in _texts(text, repaired)] == [text[pieces[0].start : pieces[1].end], "政府公报公开数"]


def test_two_labels_that_each_name_a_row_stay_apart() -> None:
    text = "予以公开\n不予公开"
    pieces = _spans(text, ("予以公开", "METRIC"), ("不予公开", "METRIC"))
    assert _repair_labels(text, pieces, get_catalog()) == pieces


def test_a_prose_metric_cut_by_a_line_wrap_still_maps() -> None:
    text = "2024年，市政府网站主动公开各类政\n府信息 5500 条，全年新增公开规章 1 件。"
    spans = _spans(text, ("主动公开各类政", "METRIC"), ("府信息", "METRIC"), ("5500 条", "NUMBER"))
    values, _ = read_prose(text, spans, get_catalog(), [])
    assert [(v.id, v.value) for v in values] == [("active.total", 5500)]


def test_a_sum_of_money_never_fills_a_count_cell_when_its_row_label_was_missed() -> None:
    text = (
        "某区2019年政府信息公开工作年度报告\n二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量"
        "本年新公开数量对外公开总数量规章000第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35050"
        "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购12394432.52元\n三、收到和处理政府信息公开申请情况\n"
    )
    text = normalize(text).text
    spans = LexiconTagger(get_catalog()).tag(text)
    missed = [s for s in spans if text[s.start : s.end] != "政府集中采购"]  # a tagger that missed the row label
    assert len(missed) == len(spans) - 1

    def cells(spans: list[Span]) -> dict[str, float | int | None]:
        return {c.id: c.value for t in read_tables(text, spans, get_catalog(), 2019) for c in t.cells if t.key == "t2"}

    assert cells(spans)["t2.procurement.amount"] is not None
    fees = {k: v for k, v in cells(missed).items() if k.startswith("t2.fees")}
    assert fees and all(v is None or v < 100_000 for v in fees.values())  # 35050's cells only
    assert not any(k.startswith("t2.procurement") for k in cells(missed))


def test_with_spans_of_adds_only_what_overlaps_nothing() -> None:
    from service.tagging import with_spans_of

    model = [Span(0, 4, "METRIC"), Span(10, 14, "NUMBER")]
    lexicon = [Span(2, 6, "NUMBER"), Span(6, 9, "NUMBER"), Span(14, 16, "NUMBER"), Span(12, 13, "NUMBER")]
    merged = with_spans_of("某" * 40, model, lexicon)
    assert [(s.start, s.end) for s in merged] == [(0, 4), (6, 9), (10, 14), (14, 16)]


def test_with_spans_of_takes_an_alias_that_names_more_of_a_metric_than_the_model() -> None:
    from service.tagging import with_spans_of

    model = [Span(0, 3, "METRIC"), Span(5, 8, "NUMBER"), Span(10, 14, "METRIC"), Span(20, 22, "METRIC")]
    model.append(Span(27, 34, "METRIC"))  # the model's "社会公开各类信" across the alias "门户网站共向社会公开"
    lexicon = [Span(0, 5, "METRIC"), Span(4, 9, "METRIC"), Span(11, 13, "METRIC"), Span(19, 23, "NUMBER")]
    lexicon.append(Span(23, 31, "METRIC"))
    merged = with_spans_of("某" * 40, model, lexicon)
    # 0-5 holds the model's 0-3; 4-9 overlaps a NUMBER; 11-13 lies inside the model's; a NUMBER never
    # replaces; 23-31 is cut through by the model's 27-34
    assert [(s.start, s.end) for s in merged] == [(0, 5), (5, 8), (10, 14), (20, 22), (23, 31)]


def test_with_spans_of_splits_a_model_metric_that_runs_two_aliases_together() -> None:
    from service.tagging import with_spans_of

    model = [Span(0, 20, "METRIC"), Span(30, 40, "METRIC")]
    lexicon = [Span(0, 8, "METRIC"), Span(9, 20, "METRIC"), Span(32, 38, "METRIC")]
    merged = with_spans_of("某" * 40, model, lexicon)
    assert [(s.start, s.end) for s in merged] == [(0, 8), (9, 20), (30, 40)]


def test_with_spans_of_runs_a_model_metric_cut_by_a_line_break_on_to_the_aliass_end() -> None:
    from service.tagging import with_spans_of

    # a PDF wrapped 答复 over two lines; the model tagged the first line, the alias runs on across the break
    text = "对依申请公开的答\n复总数3条"
    model = [Span(0, 8, "METRIC"), Span(12, 14, "NUMBER")]
    merged = with_spans_of(text, model, [Span(1, 10, "METRIC")])  # 依申请公开的答⏎复
    assert [(s.start, s.end, s.label) for s in merged] == [(0, 10, "METRIC"), (12, 14, "NUMBER")]
    # within its line, an alias the model's span cuts through (its "答" of 答复) gives way to it
    text = "对依申请公开的答复总数3条"
    merged = with_spans_of(text, [Span(0, 8, "METRIC")], [Span(1, 9, "METRIC")])
    assert [(s.start, s.end) for s in merged] == [(1, 9)]
    # the model tagged the next line's piece too: the span run on over it is the label, the piece none
    # (pdfminer's 统计表 printed a column at a time: "息数" beside the whole label, the table went unread)
    text = "主动公开政府信\n\n息数\n\n政府公报公开政\n\n府信息数"
    model = [Span(0, 7, "METRIC"), Span(9, 11, "METRIC"), Span(13, 20, "METRIC"), Span(22, 26, "METRIC")]
    merged = with_spans_of(text, model, [Span(0, 11, "METRIC"), Span(13, 26, "METRIC")])
    assert [(s.start, s.end) for s in merged] == [(0, 11), (13, 26)]


def test_the_model_path_reads_prose_with_the_lexicon_spans_where_the_model_tagged_nothing() -> None:
    from service.pipeline import Extractor
    from service.schema import ExtractOptions
    from service.settings import Settings

    class Silent:  # a model that tags nothing
        name, version = "silent", "0"

        def tag(self, text: str) -> list[Span]:
            return []

    text = "某区2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息336条。\n"
    options = ExtractOptions(tagger="model", include_entities=True)
    result = Extractor(Settings(), model=Silent()).extract(text, options)
    assert [(i.id, i.value) for i in result.indicators if i.source == "text"] == [("active.total", 336)]
    assert result.entities == []  # the spans output are the model's own


def test_the_model_path_takes_no_year_or_attachment_number_for_a_value() -> None:
    from service.pipeline import Extractor
    from service.schema import ExtractOptions
    from service.settings import Settings

    # kreuzberg printed the 统计表 twice, its title run into the prose line before it; the model tagged
    # the title's 附件1 and 2013 NUMBER, and they were read as the blank last rows' values
    table = (
        "指标名称 计量单位 本年数 历年累计\n主动公开政府信息数 条 1853 5395\n收到申请数 件 7 28\n"
        "申请答复数 件 3 24\n行政复议数量 件\n行政诉讼数量 件\n举报投诉数量 件\n"
    )
    title = "日常化。 某县人民政府 附件1：某县人民政府2013\n年政府信息公开情况统计表\n"
    text = "某县2013年政府信息公开工作年度报告\n" + title + table + "\n" + title + table

    class Eager(LexiconTagger):  # a model that tags every number NUMBER
        name, version = "eager", "0"

        def tag(self, text: str) -> list[Span]:
            spans = [s for s in super().tag(text) if s.label != "NUMBER"]
            spans += [Span(m.start(), m.end(), "NUMBER") for m in re.finditer(r"\d+", text)]
            return sorted(spans, key=lambda s: s.start)

    catalog = get_catalog()
    result = Extractor(Settings(), model=Eager(catalog)).extract(text, ExtractOptions(tagger="model"))
    got = {(i.id, i.value) for i in result.indicators if i.source == "table"}
    assert ("active.total", 1853) in got and ("request.answered", 24) in got
    assert not {k for k, _ in got} & {"review.total", "litigation.total", "complaint.total"}


def test_phrases_joined_by_a_comma_share_the_number_after_the_last() -> None:
    """A tagger may take "行政复议、行政诉讼案件" as one phrase: its number is not 行政诉讼's alone.
    A zero, or a number stated of each (各), is each one's; any other number is their sum."""
    catalog = get_catalog()
    for sentence, second, number, expected in [
        ("本年度行政复议、行政诉讼案件为0件。", "行政诉讼案件", "0件", [("litigation.total", 0), ("review.total", 0)]),
        ("本年度行政复议、行政诉讼各2件。", "行政诉讼", "2件", [("litigation.total", 2), ("review.total", 2)]),
        ("本年度行政复议、行政诉讼案件3件。", "行政诉讼案件", "3件", []),
    ]:
        whole = _spans(sentence, ("行政复议、" + second, "METRIC"), (number, "NUMBER"))
        apart = _spans(sentence, ("行政复议", "METRIC"), (second, "METRIC"), (number, "NUMBER"))
        for spans in (whole, apart):
            values, unmapped = read_prose(sentence, spans, catalog, [])
            assert sorted((v.id, v.value) for v in values) == expected
            assert [u.value for u in unmapped] == ([] if expected else [3])  # a sum is shown, not dropped


def test_a_label_column_with_an_empty_line_between_its_cells_is_tagged() -> None:
    # pdfminer prints a table cell a paragraph: the label column's neighbours are two lines away
    labels = ["主动公开政府信息数", "政府公报公开政府信息数", "政府网站公开政府信息数"]
    for sep in ("\n", "\n\n", "\n \n"):
        text = sep.join(["指标名称", "计量单位", "本年数", "历年累计", *labels]) + sep
        tagged = _texts(text, LexiconTagger(get_catalog()).tag(text))
        assert tagged == [("METRIC", label) for label in labels], repr(sep)


def test_a_short_label_in_a_label_column_is_tagged() -> None:
    # pdfminer's 表二: "规章" alone on its line above "行政规范性文件" is a label of the column, though the
    # two run together with no space between once the lines are joined; its values are printed later
    text = "信息内容\n\n规章\n\n行政规范性文件\n\n36\n\n490846\n\n52\n"
    tagged = _texts(text, LexiconTagger(get_catalog()).tag(text))
    assert [t for t in tagged if t[0] == "METRIC"] == [("METRIC", "规章"), ("METRIC", "行政规范性文件")]
    # within a phrase it is still a word, no label
    text = "制定规章制度3项\n"
    assert not [t for t in _texts(text, LexiconTagger(get_catalog()).tag(text)) if t[0] == "METRIC"]


def test_with_spans_of_takes_an_alias_for_a_model_heading_that_runs_into_a_count() -> None:
    from service.tagging import with_spans_of

    # pdfminer prints each line as a paragraph: the model took a line's opening phrase for a heading
    text = "主动公开政府信息4511条，开展意见征集9期。\n\n二、主动公开政府信息情况\n"
    model = [Span(0, 8, "HEADING"), Span(8, 13, "NUMBER"), Span(25, 37, "HEADING")]
    lexicon = [Span(0, 8, "METRIC"), Span(29, 35, "METRIC")]
    merged = with_spans_of(text, model, lexicon)
    # the heading with no count after it stands
    assert [(s.start, s.end, s.label) for s in merged] == [(0, 8, "METRIC"), (8, 13, "NUMBER"), (25, 37, "HEADING")]


def test_with_spans_of_drops_a_model_metric_of_no_words() -> None:
    from service.tagging import with_spans_of

    # the model tagged a row's last cell "7" METRIC (it ran on over a line break into a label's piece):
    # a metric is words, and the lexicon's NUMBER stands there
    text = "（一）予以公开 7 0 7\n年度办"
    model = [Span(3, 7, "METRIC"), Span(8, 9, "NUMBER"), Span(10, 11, "NUMBER"), Span(12, 13, "METRIC")]
    lexicon = [Span(3, 7, "METRIC"), Span(8, 9, "NUMBER"), Span(10, 11, "NUMBER"), Span(12, 13, "NUMBER")]
    merged = with_spans_of(text, model, lexicon)
    assert [(s.start, s.end, s.label) for s in merged][-1] == (12, 13, "NUMBER")


def test_with_spans_of_drops_a_model_heading_of_no_words() -> None:
    from service.tagging import with_spans_of

    # pymupdf4llm's 表四 row "|…|0|3|" before the next section's heading: the model tagged its last cell
    # HEADING, and the row had 14 values for 15 cells
    text = "|0|0|3|\n\n五、存在的主要问题"
    model = [Span(1, 2, "NUMBER"), Span(3, 4, "NUMBER"), Span(5, 6, "HEADING"), Span(9, 18, "HEADING")]
    lexicon = [Span(1, 2, "NUMBER"), Span(3, 4, "NUMBER"), Span(5, 6, "NUMBER"), Span(9, 18, "HEADING")]
    merged = with_spans_of(text, model, lexicon)
    assert [(s.start, s.end, s.label) for s in merged] == [
        (1, 2, "NUMBER"),
        (3, 4, "NUMBER"),
        (5, 6, "NUMBER"),
        (9, 18, "HEADING"),
    ]


def test_a_model_metric_over_a_column_gap_is_cut_there() -> None:
    # pdftotext -layout: 表三's group label （六）其他处理 wrapped beside its first row's label; the model
    # tagged one METRIC across both columns
    text = "（六） 1.申\n其他   请人\n处理   无正\n"
    spans = [*_spans(text, ("其他   请人\n处理", "METRIC")), *_spans(text, ("无正", "METRIC"))]
    assert _texts(text, at_column_gaps(text, spans)) == [
        ("METRIC", "其他"),
        ("METRIC", "请人\n处理"),
        ("METRIC", "无正"),
    ]


def test_a_short_row_name_inside_a_longer_word_is_no_metric() -> None:
    # "其他" of the group label （六）其他处理, wrapped a piece a line, is within the words around it as the
    # lexicon reads them; 3.其他's own label, its values after it, is a row name
    text = "（六） 1.申\n其他   请人\n处理   无正\n3.其他   1   0   1\n"
    group, row = text.index("其他"), text.index("3.其他") + 2
    spans = [Span(group, group + 2, "METRIC"), Span(row, row + 2, "METRIC")]
    kept = short_names_inside_words(text, spans, get_catalog().row_aliases)
    assert [s.start for s in kept] == [row]


def test_a_model_number_span_over_a_line_break_ends_with_its_number() -> None:
    from service.numbers import find_quantities
    from service.tagging import numbers_as_found

    # the model tagged a 统计表 cell with its label's last piece on the next line ("0⏎数"): the table went unread
    text = "政府公报公开政府信息\n条 0\n数\n政府网站公开政府信息\n条 528\n数\n共受理申请412件"
    model = [Span(13, 16, "NUMBER"), Span(30, 35, "NUMBER"), Span(41, 45, "NUMBER")]
    cut = numbers_as_found(text, model, find_quantities(text))
    assert [text[s.start : s.end] for s in cut] == ["0", "528", "412件"]  # a unit on its line stays


def test_with_spans_of_drops_a_model_metric_of_one_character() -> None:
    from service.tagging import with_spans_of

    # markitdown wrapped 3.其他 around its values ("3.其⏎1 0 0 0 0 0 1⏎他"); the model tagged "其" and "他",
    # which name no row, and the values' line between them went unread
    text = "3.其\n1 0 0 0 0 0 1\n他\n(七)总计 5"
    model = [Span(2, 3, "METRIC"), Span(4, 5, "NUMBER"), Span(18, 19, "METRIC"), Span(20, 25, "METRIC")]
    merged = with_spans_of(text, model, [])
    assert [(text[s.start : s.end], s.label) for s in merged] == [("1", "NUMBER"), ("(七)总计", "METRIC")]
