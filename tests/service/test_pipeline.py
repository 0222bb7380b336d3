"""The pipeline end to end on short synthetic reports: evidence offsets, script, prose rules, and the
JSON result as the serialised ``Extraction``."""

import hashlib

import pytest

from service.documents import read_document
from service.pipeline import Extractor, ModelUnavailable
from service.schema import ExtractOptions
from service.settings import Settings

LEX = ExtractOptions(tagger="lexicon")


def test_offsets_refer_to_the_text_as_sent_even_in_traditional_full_width_script(extractor):
    text = "某縣2017年政府信息公開工作報告\n一、主動公開政府信息情況\n全年主動公開政府信息３３６條，其中政策文件37條。"
    result = extractor.extract(text, LEX)
    assert result.report.script == "traditional" and result.report.year == 2017
    active = next(i for i in result.indicators if i.id == "active.total")
    assert active.value == 336 and active.source == "text" and active.raw == "３３６條"
    assert text[active.start : active.end] == "３３６條"
    for e in result.entities:
        assert text[e.start : e.end] == e.text
    sec = result.sections[0]
    assert sec.key == "active_disclosure" and text[sec.start : sec.end] == sec.heading


def test_prose_pairs_metrics_with_numbers_and_reads_absence(extractor):
    text = (
        "某区2018年度政府信息公开工作的报告\n三、依申请公开政府信息情况\n2018年，全区共受理政府信息公开申请33件，已全部给予公开。\n"
        "五、申请行政复议、提起行政诉讼和申诉的情况\n2018年，全区未发生因政府信息公开而提起的行政复议、诉讼和申诉。\n"
        "四、收费情况\n没有对政府信息公开事务的收费事项。\n电话：0591-23158138，邮编：350400。"
    )
    got = {i.id: i.value for i in extractor.extract(text, LEX).indicators}
    assert got["request.received"] == 33
    assert got["review.total"] == 0 and got["litigation.total"] == 0 and got["complaint.total"] == 0
    assert got["fees.collected"] == 0
    assert 23158138 not in got.values() and 350400 not in got.values()  # phone and postcode are not values


def test_a_statement_of_absence_wrapped_by_a_pdf_line_break_is_read(extractor):
    text = (
        "某区2016年政府信息公开工作年度报告\n三、依申请公开政府信息情况 2016年全区未收到有关政\n"
        "府信息公开的申请。\n四、政府信息公开工作存在的主要问题\n目前仍有不足。\n"
    )
    got = {i.id: i for i in extractor.extract(text, LEX).indicators}
    assert got["request.received"].value == 0
    assert "\n" in got["request.received"].raw  # the clause read over the wrap is the evidence
    # so is a wrap after an enumeration's 、
    text = "某区2017年政府信息公开工作年度报告\n四、复议情况 2017年未收到有关政府信息公开行政复议、\n提起行政诉讼的申请。\n"
    got = {i.id: i for i in extractor.extract(text, LEX).indicators}
    assert got["litigation.total"].value == 0


def test_prose_a_layout_text_pads_with_spaces_is_read_as_prose(extractor):
    # pdfplumber's layout text pads every line to the page's width and spreads a justified line's words
    # apart: a statement wrapped there, and a number 22 spaces after its phrase, were not read
    pad = " " * 30
    text = (
        f"某区2016年政府信息公开工作年度报告\n     三、依申请公开政府信息情况  2016年全区未收到有关政{pad}\n"
        f"     府信息公开的申请。{pad}\n     四、行政复议情况 全年共受理行政复议{' ' * 22}3 件，均已办结。{pad}\n"
    )
    got = {i.id: i for i in extractor.extract(text, LEX).indicators}
    assert got["request.received"].value == 0
    assert got["review.total"].value == 3
    assert text[got["review.total"].start : got["review.total"].end] == "3 件"


def test_a_statement_of_absence_wrapped_where_each_line_is_a_paragraph_is_read(extractor):
    # pdfminer prints a PDF's lines as paragraphs, and pdftotext a page's end as "\f": blank lines after a
    # line as wide as the page's are a wrap; after a shorter one, a paragraph's end
    filler = "本年度政府信息公开工作稳步推进，各项制度不断完善，公开质量持续提升，" * 2
    page = "\n\n".join([filler[:40]] * 12)
    wrapped = filler[:25] + "本年度全区依法均未收到有关政府"
    assert len(wrapped) == 40
    text = (
        f"某区2016年政府信息公开工作年度报告\n\n{page}\n\n{wrapped}\n\n\f信息公开的申请。\n\n{page}\n\n"
        "各项工作均未发生\n\n行政复议工作稳步推进。\n"
    )
    got = {i.id: i for i in extractor.extract(text, LEX).indicators}
    assert got["request.received"].value == 0
    assert "review.total" not in got  # "…未发生" and "行政复议…" are two paragraphs


def test_a_heading_line_is_no_part_of_the_statement_of_absence_below_it(extractor):
    text = "某区2023年政府信息公开工作年度报告\n## 6.其他需要报告的事项\n本年度依申请提供政府信息未收取信息处理费。\n"
    got = {i.id: i.value for i in extractor.extract(text, LEX).indicators}
    assert got["fees.collected"] == 0


def test_a_statement_of_absence_after_its_numbered_heading_on_its_line_is_read(extractor):
    # the heading's number is no count of the clause's: "5、" kept it from being read
    text = (
        "某区2018年度政府信息公开工作的报告\n4、政府信息公开的收费及减免情况本年度依申请提供政府信息未收取信息处理费。"
        " 5、因政府信息公开申请行政复议、提起行政诉讼的情况 全年未被提起行政复议、行政诉讼。\n"
    )
    got = {i.id: i.value for i in extractor.extract(text, LEX).indicators}
    assert (got["fees.collected"], got["review.total"], got["litigation.total"]) == (0, 0, 0)
    assert "request.received" not in got  # nor a count of the requests it names


def test_a_statement_of_absence_ends_at_a_markdown_field(extractor):
    # pymupdf4llm laid a page of prose out as a markdown table, its columns' lines in fields: "无收取|" ran
    # on over the next fields' pieces, and 在线访谈 three fields on was read as absent
    text = (
        "某区2022年政府信息公开工作年度报告\n五、存在的主要问题\n"
        "|事项2022年|：一是重<br>会、问卷<br>，无收取|大行政决策<br>调查和民意<br>在线访谈、<br>信息处理费|\n"
        "|本年度未收到政府信息公开行政复议申请|\n"
    )
    got = {i.id: i.value for i in extractor.extract(text, LEX).indicators}
    assert "response.online_interviews" not in got and "fees.collected" not in got
    assert got["review.total"] == 0  # a statement in a field of its own is read


def test_unmapped_counts_are_kept(extractor):
    text = "某区2016年信息公开工作年度报告\n主动公开政府信息336条，其中工作动态271条；公告公示8条。"
    result = extractor.extract(text, LEX)
    assert {u.metric for u in result.unmapped} >= {"工作动态", "公告公示"}


def test_the_model_is_never_silently_replaced_by_the_lexicon(tmp_path):
    extractor = Extractor(Settings(default_tagger="model", model_dir=tmp_path / "missing"))
    extractor.load_model()
    assert not extractor.ready
    with pytest.raises(ModelUnavailable) as err:
        extractor.extract("某区2020年政府信息公开工作年度报告")
    assert err.value.status == 503 and err.value.code == "model_unavailable"
    assert extractor.extract("某区2020年政府信息公开工作年度报告", LEX).model.name == "lexicon"


def test_prose_numbers_that_count_something_else_are_no_value(extractor):
    text = (
        "某区2016年政府信息公开工作年度报告\n一、概述\n全区设置政府信息公开查阅点5个。政府信息公众查阅点共接待人数约33人次。"
        "组织新中国成立 70 周年新闻发布会。\n"
    )
    got = [(i.id, i.value) for i in extractor.extract(text, LEX).indicators]
    assert ("org.reading_points", 33) not in got  # visitors (人次), not reading points (个)
    assert not [i for i, v in got if v == 70]  # an anniversary, not a count of press conferences


def test_a_part_stated_with_its_share_is_not_the_total(extractor):
    text = "某区2012年政府信息公开工作年度报告\n一、概述\n我局\n主动公开政府信息1397条，占73%。\n"
    assert not [i for i in extractor.extract(text, LEX).indicators if i.id == "active.total"]


def test_a_fact_the_prose_states_twice_is_given_once_and_two_values_are_flagged(extractor):
    para = "全年主动公开政府信息336条。\n"
    head = "某区2016年政府信息公开工作年度报告\n一、概述\n"
    repeated = extractor.extract(head + para + "二、其他\n" + para, LEX)
    got = [i for i in repeated.indicators if i.id == "active.total"]
    assert [(i.value, i.confidence) for i in got] == [(336, 0.85)]  # a repeated paragraph: one value, as is
    conflict = extractor.extract(head + para + "二、其他\n全年主动公开政府信息363条。\n", LEX)
    got = [i for i in conflict.indicators if i.id == "active.total"]
    assert len(got) == 1 and got[0].value == 336 and got[0].confidence < 0.6
    assert any(w.startswith("active.total: the text states it as 336 and as 363") for w in conflict.warnings)


REPORT = (
    "某区2016年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息336条。\n"
    "附件:政府信息公开情况统计表\n统 计 指 标 | 单位 | 统计数 |\n(一)主动公开政府信息数 | 条 | 517 |\n"
    "其中:主动公开规范性文件数 | 条 | 64 |\n2.政府网站公开政府信息数 | 条 | 517 |\n"
)


def test_the_json_result_is_the_extraction_serialised(extractor):
    extraction = extractor.run(REPORT, LEX)
    assert extraction.text == REPORT and extraction.norm.original == REPORT
    assert extraction.tagger.name == "lexicon" and extraction.report.year == 2016
    assert [t.key for t in extraction.tables] == ["general"] and extraction.tables[0].cells
    [conflict] = [c for c in extraction.checks if c.rule == "text_vs_table"]
    assert (conflict.status, conflict.left[0].value, conflict.right[0].value) == ("fail", 336, 517)
    result = extraction.result()
    assert result == extractor.extract(REPORT, LEX)
    assert [c.model_dump() for c in result.checks] == [c.to_schema().model_dump() for c in extraction.checks]
    assert result.indicators == extraction.indicators and result.sections == extraction.sections
    assert result.entities == extraction.entities() and result.document is None
    assert not extraction.result(include_entities=False).entities
    assert not extractor.extract(REPORT, LEX.model_copy(update={"include_entities": False})).entities


def test_a_document_extraction_keeps_its_file(extractor):
    html = f"<html><body><p>{REPORT.replace(chr(10), '</p><p>')}</p></body></html>".encode()
    doc = read_document(html, "report.html")
    extraction = extractor.run_document(doc, LEX)
    assert extraction.document is doc and extraction.text == doc.text
    result = extractor.extract_document(doc, LEX)
    assert result.document is not None and (result.document.kind, result.document.text) == ("html", doc.text)
    assert result == extraction.result()
    assert result.document.sha256 == hashlib.sha256(html).hexdigest()
    gb = read_document(REPORT.encode("gb18030"), "report.txt")  # a text file's decoded text, which offsets index
    info = extractor.extract_document(gb, LEX).document
    assert info is not None and (info.kind, info.text) == ("text", REPORT)


@pytest.mark.parametrize(
    ("sentence", "expected", "unmapped"),
    [
        # 其中: the total is the indicator, the part a count of its own
        ("全年主动公开政府信息336条，其中政策文件37条。", {"active.total": (336, False)}, {"政策文件": 37}),
        # a statement of absence is 0, for every fact the clause names
        (
            "全年未发生因政府信息公开提起的行政复议和行政诉讼。",
            {"review.total": (0, False), "litigation.total": (0, False)},
            {},
        ),
        # and no fee taken is none collected; an inability is no negation
        ("依申请提供政府信息暂不收费。", {"fees.collected": (0, False)}, {}),
        ("因系统故障无法统计收费情况。", {}, {}),
        # approximations are values marked approximate
        ("全年主动公开政府信息100多条。", {"active.total": (100, True)}, {}),
        ("全年主动公开政府信息约300条。", {"active.total": (300, True)}, {}),
        # a range is no value at all: neither end is the count
        ("全年主动公开政府信息300至400条。", {}, {}),
        ("全年主动公开政府信息300-400条。", {}, {}),
        # counts that are not standard indicators stay unmapped
        ("收到书记、市长留言板留言123件，网络问政45件。", {}, {"市长留言板留言": 123, "网络问政": 45}),
        # the number before the noun it counts; 申请人 counts people, not applications
        (
            "本年度全区共收到70件申请，及时依法依规办结69件。",
            {"request.received": (70, False), "request.closed": (69, False)},
            {},
        ),
        ("全年共收到12件申请人来电。", {}, {}),
        # a sentence goes on about the fact it named: 办结 and 答复 of the applications, results of the cases
        (
            "全年共受理政府信息公开申请3119件，答\n复3050件（含上年度结转申请34件），均已办结。",
            {"request.received": (3119, False), "request.answered": (3050, False)},
            {"含上年度结转申请": 34},
        ),
        (
            "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；"
            "政府信息公开行政诉讼46件，其中结果维持25件。",
            {
                "review.total": (351, False),
                "review.upheld": (72, False),
                "review.corrected": (64, False),
                "review.other": (178, False),
                "litigation.total": (46, False),
                "litigation.upheld": (25, False),
            },
            {"尚未审结": 37},
        ),
        (
            "因政府信息公开申请引发的行政复议36起，行政诉讼9起。",
            {"review.total": (36, False), "litigation.total": (9, False)},
            {},
        ),
        # without the parent fact, 办结 alone names nothing: 留言 are no applications
        ("全年收到网民留言123件，办结120件。", {}, {"网民留言": 123, "办结": 120}),
        # a line wrap between the phrase and its number is no clause break
        ("通过图文等形式制作政策解读\n21个。", {"response.interpretations": (21, False)}, {}),
        # the answers, not the applications; 诉讼 after 行政复议 is 行政诉讼; 零败诉 is no case lost
        (
            "共受理政府信息公开申请859件；答复政府信息公开申请805件。信息公开类行政复议7件，诉讼9件，"
            "均获维持，继续保持了零败诉的记录。",
            {
                "request.received": (859, False),
                "request.answered": (805, False),
                "review.total": (7, False),
                "litigation.total": (9, False),
                "litigation.corrected": (0, False),
            },
            {},
        ),
        # 予以公开 in a sentence about the applications is the granted answers
        (
            "全年受理政府信息公开申请2件，予以公开2件。",
            {"request.received": (2, False), "request.answered_granted": (2, False)},
            {},
        ),
        # channels after 其中 are channels of the total
        (
            "我乡主动公开政府信息2873条，其中，通过乡政府网站公开政府信息1600条；利用微信公众号公开政府信息450条。",
            {"active.total": (2873, False), "active.website": (1600, False), "active.wechat": (450, False)},
            {},
        ),
        # what a phrase counts with another noun (及) or as a qualified part after 其中 is not the indicator
        ("区和部门文件及政策解读519篇。", {}, {"区和部门文件及政策解读": 519}),
        ("全年涉及政府信息公开行政诉讼3件。", {"litigation.total": (3, False)}, {}),
        (
            "全年共举办19场新闻发布活动。其中，疫情防控新闻发布会累计举行15场。",
            {},
            {"情防控新闻发布会累计举行": 15},
        ),
        # the document types of a sentence about 主动公开; 制发 counts what was issued
        (
            "主动公开规章13件，行政规范性文件60件，其他文件162件。",
            {"active.normative_documents": (60, False)},
            {"主动公开规章": 13, "其他文件": 162},
        ),
        ("本年度制发行政规范性文件5件。", {"active.normative_documents_issued": (5, False)}, {}),
        # a sentence opening with 其中 reads on from the one before
        (
            "全年公开各类信息120条。其中，行政规范性文件3条，其他信息117条。",
            {"active.total": (120, False), "active.normative_documents": (3, False)},
            {"其他信息": 117},
        ),
        # 其中包括 opens the parts as 其中 does; a sentence a PDF's line end cut reads on over it; 发布政府信息
        # is disclosure, 发布 alone of a normative document may be its issuing
        (
            "主动公开政府信息120条，其中包括：行政规范性文件3条。",
            {"active.total": (120, False), "active.normative_documents": (3, False)},
            {},
        ),
        (
            "部门网站当年发布政府信息 393 件，其中包\n括：行政规范性文件 13 件；规划计划文件 2 件。",
            {"active.normative_documents": (13, False)},
            {},
        ),
        ("本年发布行政规范性文件 13 件。", {}, {}),
        ("本年度收到依申请公开件2件。", {"request.received": (2, False)}, {}),
        # news items are not conferences: an event is read from a count of items only where the catalog says
        ("全年新闻发布会83条，举办新闻发布会5次。", {"response.press_conferences": (5, False)}, {"新闻发布会": 83}),
        ("通过政府网站回应社会关注热点信息7条。", {"response.hotspots": (7, False)}, {}),
        # a number before the noun it counts, after a counting verb
        ("本年度共举办12次新闻发布会。", {"response.press_conferences": (12, False)}, {}),
        ("办公室配备了2名兼职工作人员。", {"org.staff_part_time": (2, False)}, {}),
        # a result stated before its word ("其中3件维持"); a request received as 依申请公开
        (
            "發生行政復議4件，其中3件維持，1件纠正。",
            {"review.total": (4, False), "review.upheld": (3, False), "review.corrected": (1, False)},
            {},
        ),
        (
            "全县共收到依申请公开2件，目前已答复2件。",
            {"request.received": (2, False), "request.answered": (2, False)},
            {},
        ),
        # any counting verb of the catalog's (组织开展, 落实, 开辟); a count before its phrase is the phrase's,
        # the numbers after it in a 其中 are parts
        ("全年共组织开展了30次新闻发布会。", {"response.press_conferences": (30, False)}, {}),
        (
            "我办落实1名专职人员，开辟了3个公共查阅点。",
            {"org.staff_full_time": (1, False), "org.reading_points": (3, False)},
            {},
        ),
        (
            "共建立开放94个政府信息公开查阅点（其中县市22个、州直各部门72个）。",
            {"org.reading_points": (94, False)},
            {"县市": 22, "州直各部门": 72},
        ),
        (
            "全年主动公开市政府规章22件、市政府及市政府办公厅行\n政规范性文件 34 件。",
            {"active.normative_documents": (34, False)},
            {"主动公开市政府规章": 22},
        ),
        # disclosure without 主动 is 主动公开 too, unless it is 依申请 or 不予
        (
            "我委公开政府信息728条，门户网站公开39条，微信公众号公开92篇。",
            {"active.total": (728, False), "active.website": (39, False), "active.wechat": (92, False)},
            {},
        ),
        ("依申请公开政府信息3条。", {}, {"依申请公开政府信息": 3}),
        # 行政事业性收费 is a fee of the unit's own work, not the fee for disclosure
        ("2020年未产生行政事业收费。", {}, {}),
        (
            "2020年主动公开政务信息150余条，也未产生减免情况。",
            {"active.total": (150, True), "fees.waived": (0, False)},
            {},
        ),
        # the answers a sentence gives right after its requests, 的 or not
        (
            "共收到政府信息公开申请70件，其中，予以公开的21件，部分公开的0件，不予公开11件。",
            {
                "request.received": (70, False),
                "request.answered_granted": (21, False),
                "request.answered_partial": (0, False),
                "request.answered_denied": (11, False),
            },
            {},
        ),
        ("全年共收到公开申请32件。", {"request.received": (32, False)}, {}),
        ("2019年依申请公开共受理2件。", {"request.received": (2, False)}, {}),
        # 专(兼)职 staff are all the staff; other words for 在线访谈; interpretations counted in 期 or 次
        ("落实专(兼)职工作人员1名。", {"org.staff": (1, False)}, {}),
        ("全省从事政府信息公开工作专兼职人员3980人。", {"org.staff": (3980, False)}, {}),
        (
            "開展線上訪談7期，开展政策解读32期。",
            {"response.online_interviews": (7, False), "response.interpretations": (32, False)},
            {},
        ),
        ("区政府办公室共收到26份政府信息依申请公开件。", {"request.received": (26, False)}, {}),
        # a count of kinds (种, 类) is no count of the things
        ("通过图片解读、在线访谈解读等6种形式。", {}, {"在线访谈解读等": 6}),
        ("全年主动公开政府信息7类。", {}, {"主动公开政府信息": 7}),
        # a number with no unit where the text ends may be cut there (a copied page's end)
        (
            "共收到政府信息公开申请34件，办结33件，其中予以公开7件，不予公开28",
            {"request.received": (34, False), "request.closed": (33, False), "request.answered_granted": (7, False)},
            {},
        ),
        # nor one a tool's line wrap cut (lynx wraps prose at a width, inside a number too)
        (
            "共收到政府信息公开申请58件，依法办结5\n   7件。",
            {"request.received": (58, False)},
            {},
        ),
        # in Chinese numerals too (elinks: "举办新闻发布会三⏎   十七场" of 三十七场)
        (
            "共收到政府信息公开申请五十八件，全年举办新闻发布会三\n   十七场。",
            {"request.received": (58, False)},
            {},
        ),
        # a line wrap right before the number, or a line printed as a paragraph; not a phrase wrapped after
        (
            "通过图片等形式制作政策解读\n\n\n21 个。涉及的行政诉讼数为\n0 件。累计发布政策解读\n短视频近 300 个。",
            {"response.interpretations": (21, False), "litigation.total": (0, False)},
            {},
        ),
        # a number before the noun it counts, with what it is about between; not a noun that is about another
        (
            "本年度未收到有关政府信息公开的申请，收到1份有关政府信息公开行政复议申请，已依法处理。",
            {"review.total": (1, False), "request.received": (0, False)},
            {},
        ),
        (
            "全年收到5件有关政府信息公开的申请，其中3件涉及行政复议的申请。",
            {"request.received": (5, False)},
            {},
        ),
        (
            "受理2件关于征收补偿的行政诉讼，均已审结。本年度制发的规范性文件12件。",
            {"litigation.total": (2, False), "active.normative_documents_issued": (12, False)},
            {},
        ),
        # nor one whose digits a tool spread apart with a justified line (pypdf's layout mode), nor its pieces
        (
            "全年主动公开政府  信息3    418条。全年发布解读  类信息4    5个，共收到政府信息公开申请58件。"
            "主动公开政府信    息的主要    形式1    .门户网站。",
            {"request.received": (58, False)},
            {},
        ),
        # the requests' facts read on past facts of the same group, and into the paragraph's next sentence
        # while it opens with one; not past another group's fact, nor past the paragraph's end
        (
            "共受理政府信息公开申请21件，其中网上申请20件，已办结18件。",
            {"request.received": (21, False), "request.received_online": (20, False), "request.closed": (18, False)},
            {},
        ),
        (
            "共收到政府信息公开申请42件，申请内容主要集中在征地拆迁方面。依法办结35件，结转下年度办理7件。",
            {"request.received": (42, False), "request.closed": (35, False)},
            {"结转下年度办理": 7},
        ),
        (
            "共收到政府信息公开申请10件。主动公开政府信息50条，办结8件。",
            {"request.received": (10, False), "active.total": (50, False)},
            {"办结": 8},
        ),
        ("共收到政府信息公开申请10件。\n办结8件。", {"request.received": (10, False)}, {"办结": 8}),
        # a channel named bare right after the total is that channel's count; one account's posts are not
        (
            "全年主动公开政府信息25214条，其中概况类147条、微博13970条、微信2539条。",
            {"active.total": (25214, False), "active.weibo": (13970, False), "active.wechat": (2539, False)},
            {"概况类": 147},
        ),
        (
            "全年主动公开政府信息672条，“平潭发布”公众号发布信息672条。",
            {"active.total": (672, False)},
            {"平潭发布”公众号发布信息": 672},
        ),
        # fillers inside a phrase (共, 各类) do not change what it counts
        ("区政府门户网站共发布信息18439条。", {"active.website": (18439, False)}, {}),
        ("依托区政府网站公开各类政府信息4051条。", {"active.website": (4051, False)}, {}),
        # 向社会 too: what the portal published, not all the unit published
        ("通过政府门户网站共向社会公开各类信息数量累计1795条。", {"active.website": (1795, False)}, {}),
        ("全年主动向社会公开政府信息3267条。", {"active.total": (3267, False)}, {}),
        # a veto word a PDF's line end cut from the metric's clause still vetoes it (in force, not published)
        ("设立规范性文件库，集中公开现行有\n效行政规范性文件698件。", {}, {"效行政规范性文件": 698}),
        # an absence stated of some kinds of applicant is none of all applications
        ("本年度未收到法人或者其他组织提出的政府信息公开申请。", {}, {}),
        ("本年度未收到公民、法人或者其他组织提出的政府信息公开申请。", {"request.received": (0, False)}, {}),
    ],
)
def test_prose_pairing_cases(extractor, sentence, expected, unmapped):
    result = extractor.extract("某区2016年政府信息公开工作年度报告\n一、概述\n" + sentence + "\n", LEX)
    assert {i.id: (i.value, i.approximate) for i in result.indicators} == expected
    assert {u.metric: u.value for u in result.unmapped} == unmapped


def test_prose_that_contradicts_the_table_keeps_both_and_flags_the_prose(extractor):
    result = extractor.extract(REPORT, LEX)
    table, prose = (
        next(i for i in result.indicators if i.id == "active.total" and i.source == s) for s in ("table", "text")
    )
    assert (table.value, prose.value) == (517, 336)
    assert prose.failed_rules == ["text_vs_table"] and prose.confidence < 0.9
    assert table.failed_rules == [] and table.confidence >= 0.9
    [check] = [c for c in result.checks if c.rule == "text_vs_table"]
    assert check.status == "fail" and "active.total" in check.left + check.right


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("本单位到目前累计主动公开政府信息100条。", {("active.total", "cumulative"): 100}),
        (
            "全年通过各平台累计主动公开政府信息3819条，本年度新增295条。",
            {("active.total", "cumulative"): 3819, ("active.total", "year"): 295},
        ),
        # 累计 of the year, and a 新增 of something else, are the year's
        ("全年累计主动公开政府信息300条，全年新增公开规章1件。", {("active.total", "year"): 300}),
    ],
)
def test_a_running_total_in_prose_is_cumulative(extractor, sentence, expected):
    result = extractor.extract("某区2016年政府信息公开工作年度报告\n一、概述\n" + sentence + "\n", LEX)
    assert {(i.id, i.period): i.value for i in result.indicators} == expected
