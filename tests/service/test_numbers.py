"""service.numbers: metric values must be told apart from years, dates, phones, document numbers,
list markers and the other look-alikes printed in 政府信息公开工作年度报告."""

import pytest

from service.numbers import Quantity, find_quantities, parse_number, to_unit


def qs(text: str) -> list[Quantity]:
    found = find_quantities(text)
    for q in found:  # offsets are exact for every quantity, whatever its kind
        assert text[q.start : q.end] == q.raw
        assert q.start < q.number_end <= q.end
    return found


def one(text: str, raw: str) -> Quantity:
    """The single quantity whose raw text is ``raw``."""
    hits = [q for q in qs(text) if q.raw == raw]
    assert len(hits) == 1, (raw, qs(text))
    return hits[0]


def metrics(text: str) -> list[tuple[int | float, str | None]]:
    return [(q.value, q.unit) for q in qs(text) if q.kind == "metric"]


# ---------------------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("1,234", 1234),
        ("4.5", 4.5),
        ("-3", -3),
        ("+2", 2),
        ("0", 0),
        ("4.0", 4),
        ("三十六", 36),
        ("两", 2),
        ("一千二百", 1200),
        ("二〇二三", 2023),
        ("十", 10),
        ("零", 0),
        ("3万", 30000),
        ("1.2万", 12000),
        ("1.2亿", 120000000),
        ("百", 100),
        # cn2an's smart mode raises on these two
        ("百分之六点二", 6.2),
        ("二〇二三年", 2023),
        ("81.3%", 81.3),
    ],
)
def test_parse_number(s: str, expected: int | float) -> None:
    value = parse_number(s)
    assert value == expected
    assert type(value) is type(expected)  # int when integral


@pytest.mark.parametrize("s", ["", "  ", "abc", "一些", "统一", "十分", "万一", "点五", "三点", "1.2.3"])
def test_parse_number_rejects_non_numbers(s: str) -> None:
    assert parse_number(s) is None


# ---------------------------------------------------------------------------------------------- to_unit


@pytest.mark.parametrize(
    ("value", "unit", "target", "expected"),
    [
        (251000, "元", "万元", 25.1),
        (75394432.52, "元", "万元", 7539.443252),
        (1.5, "亿元", "万元", 15000),
        (3, "万元", "元", 30000),
        (4068.208, "万元", "万元", 4068.208),
        (5, "件", "万元", 5),
        (5, None, "万元", 5),
    ],
)
def test_to_unit(value: float, unit: str | None, target: str, expected: float) -> None:
    result = to_unit(value, unit, target)
    assert result == expected
    assert type(result) is type(expected)


def test_money_round_trip_from_text() -> None:
    q = one("收取费用251000元。", "251000元")
    assert to_unit(q.value, q.unit, "万元") == 25.1
    q = one("合计75394432.52元", "75394432.52元")
    assert to_unit(q.value, q.unit, "万元") == 7539.443252


# ---------------------------------------------------------------------------------------------- metrics


def test_metric_with_unit_and_offsets() -> None:
    text = "本年度主动公开政府信息336条，受理申请33件。"
    q = one(text, "336条")
    assert (q.value, q.unit, q.kind, q.approximate) == (336, "条", "metric", False)
    assert text[q.start : q.number_end] == "336"
    assert metrics(text) == [(336, "条"), (33, "件")]


def test_chinese_numerals_before_a_unit() -> None:
    assert metrics("收到申请三十六件，召开发布会两次") == [(36, "件"), (2, "次")]


def test_money_keeps_printed_unit() -> None:
    q = one("收费金额4068.208万元", "4068.208万元")
    assert (q.value, q.unit, q.kind) == (4068.208, "万元", "metric")
    assert one("约1.5亿元", "1.5亿元").unit == "亿元"
    assert one("三万元", "三万元").value == 3


def test_multiplier_folds_into_value_for_counts() -> None:
    q = one("浏览量达1.2万", "1.2万")
    assert (q.value, q.unit) == (12000, None)
    q = one("参加3万人次", "3万人次")
    assert (q.value, q.unit) == (30000, "人次")
    assert q.raw[: q.number_end - q.start] == "3万"


def test_thousands_separator() -> None:
    assert metrics("公开信息1,234条") == [(1234, "条")]


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("主动公开100多条", "100多条", 100, "条"),
        ("公开1000余条", "1000余条", 1000, "条"),
        ("参训200余人次", "200余人次", 200, "人次"),
        ("节约100余万元", "100余万元", 100, "万元"),
        ("答复二十多件", "二十多件", 20, "件"),
        ("培训近百人", "百人", 100, "人"),
        ("近百", "百", 100, None),
        ("约500条", "500条", 500, "条"),
        ("超过200件", "200件", 200, "件"),
    ],
)
def test_approximate(text: str, raw: str, value: int, unit: str | None) -> None:
    q = one(text, raw)
    assert (q.value, q.unit, q.kind, q.approximate) == (value, unit, "metric", True)


def test_negatives_only_when_printed() -> None:
    q = one("本年增/减 -3", "-3")
    assert (q.value, q.kind) == (-3, "metric")
    assert metrics("比上年减少3项") == [(3, "项")]
    assert one("增/减：+2", "+2").value == 2
    # a hyphen between numbers is never a minus sign
    assert all(q.value > 0 for q in qs("2019-2020年 0377-62378922 1-6月"))


def test_unit_that_starts_another_word_is_not_taken() -> None:
    q = one("本年增/减 12 项目数量", "12")
    assert (q.unit, q.kind) == (None, "metric")


def test_unit_on_the_next_line_before_a_punctuation_mark_is_the_numbers() -> None:
    # a narrow page wrapped its line between a number and its unit: 380 元 is no 380 万元
    (q, _) = find_quantities("收取信息处理费共计380\n元，其中民政局1件")
    assert (q.value, q.unit, q.start, q.number_end) == (380, "元", 9, 12)
    assert find_quantities("公众查阅点共接待人数约33\n人次。")[0].unit == "人次"
    # a unit alone on its line is a table's unit column; one before words may start a row's label
    assert [q.unit for q in find_quantities("主动公开\n5\n条\n6")] == [None, None]
    assert find_quantities("8\n人大代表建议")[0].unit is None
    assert find_quantities("2018\n年。")[0].kind == "year"


# ------------------------------------------------------------------------- conservative Chinese numerals


@pytest.mark.parametrize(
    "text",
    [
        "统一规范",
        "一些问题",
        "一站式服务",
        "十分重视",
        "万一发生",
        "一方面",
        "一次性告知",
        "高效办成一件事",
        "上一年项目数量",
        "数十件",
        "几百人",
        "百姓",
        "千家万户",
        "增强四个意识",
        "行政执法三项制度",
        "最多跑一次",
        "十四五规划",
        "十九届四中全会",
        "统一处理",
        "唯一",
        "进一步加强",
    ],
)
def test_chinese_words_are_not_numbers(text: str) -> None:
    assert qs(text) == []


# ------------------------------------------------------------------------------------------------ years


@pytest.mark.parametrize(
    ("text", "raw", "unit"),
    [
        ("2019年", "2019年", "年"),
        ("2019 年", "2019 年", "年"),
        ("2019年度政府信息公开", "2019年度", "年度"),
        ("二〇一九年", "二〇一九年", "年"),
    ],
)
def test_years(text: str, raw: str, unit: str) -> None:
    q = one(text, raw)
    assert (q.value, q.kind, q.unit) == (2019, "year", unit)


def test_year_ranges() -> None:
    assert [(q.value, q.kind) for q in qs("2019-2020年度")] == [(2019, "year"), (2020, "year")]
    assert [q.kind for q in qs("2015年至2019年")] == ["year", "year"]


def test_an_attachments_number_counts_nothing() -> None:
    assert [(q.value, q.kind) for q in qs("附件1：某县人民政府2013\n年政府信息公开情况统计表")] == [
        (1, "ordinal"),
        (2013, "year"),
    ]
    assert [q.kind for q in qs("附表 2")] == ["ordinal"]


def test_non_calendar_number_before_nian_is_a_duration() -> None:
    q = one("近3年", "3年")
    assert (q.kind, q.unit, q.approximate) == ("metric", "年", True)


# ------------------------------------------------------------------------------------------------ dates


def test_full_date() -> None:
    found = qs("2019年1月1日起施行")
    assert [(q.value, q.kind) for q in found] == [(2019, "year"), (1, "date"), (1, "date")]


@pytest.mark.parametrize("text", ["1月1日", "12月31日", "3月5号"])
def test_month_day(text: str) -> None:
    assert {q.kind for q in qs(text)} == {"date"}


def test_iso_date_and_time() -> None:
    found = qs("发布时间：2020-01-20 15:22")
    assert [(q.value, q.kind) for q in found] == [(2020, "year"), (1, "date"), (20, "date"), (15, "date"), (22, "date")]


def test_chinese_date() -> None:
    found = qs("二〇一九年一月一日")
    assert [(q.value, q.kind) for q in found] == [(2019, "year"), (1, "date"), (1, "date")]
    assert [q.kind for q in qs("十二月三十一日")] == ["date", "date"]


def test_month_range() -> None:
    assert [(q.value, q.kind) for q in qs("2019年1-6月")] == [(2019, "year"), (1, "date"), (6, "date")]


def test_days_within_is_a_duration_not_a_date() -> None:
    assert metrics("在15日内答复，20个工作日") == [(15, "日"), (20, "个工作日")]


# ------------------------------------------------------------------------------------- phones, postcode


def test_phone_with_area_code() -> None:
    q = one("咨询电话：0377-62378922。", "0377-62378922")
    assert q.kind == "phone"
    assert one("地址xx，0377-62378922", "0377-62378922").kind == "phone"  # also without a label


@pytest.mark.parametrize("label", ["电话", "传真", "联系电话"])
def test_phone_after_label(label: str) -> None:
    assert one(f"{label}：23158138", "23158138").kind == "phone"


def test_phone_list_after_label() -> None:
    found = qs("电话：0591-87654321、87654322，咨询电话：（0591）87654321")
    assert [q.kind for q in found] == ["phone", "phone", "phone"]


def test_mobile_and_hotline() -> None:
    assert one("手机13800138000", "13800138000").kind == "phone"
    assert one("联系人13800138000", "13800138000").kind == "phone"
    assert one("拨打12345热线", "12345").kind == "phone"
    assert one("受理12345件", "12345件").kind == "metric"


def test_email_numbers_are_other() -> None:
    found = qs("电子邮箱：24336243@163.com")
    assert [(q.value, q.kind) for q in found] == [(24336243, "other"), (163, "other")]


def test_postal() -> None:
    q = one("邮编：350400", "350400")
    assert (q.value, q.kind) == (350400, "postal")
    assert one("邮政编码 350400", "350400").kind == "postal"


# ------------------------------------------------------------------------------- document numbers, law


@pytest.mark.parametrize(
    ("text", "serial"),
    [("国办公开办函〔2019〕60号", "60号"), ("闽政办便函〔2015〕77号", "77号"), ("岚综管办〔2015〕126号", "126号")],
)
def test_document_numbers(text: str, serial: str) -> None:
    found = qs(text)
    assert [q.kind for q in found] == ["doc_number", "doc_number"]
    assert found[1].raw == serial


def test_decree_and_statute_citations() -> None:
    q = one("《中华人民共和国政府信息公开条例》（国务院令第492号）", "第492号")
    assert (q.value, q.kind) == (492, "doc_number")
    found = qs("依据《条例》第二十条第（一）项的规定")
    assert [(q.raw, q.value, q.kind) for q in found] == [
        ("第二十条", 20, "doc_number"),
        ("第（一）项", 1, "doc_number"),
    ]


# ------------------------------------------------------------------------------- list markers, ordinals


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("1.主动公开情况", "1.", 1),
        ("概述\n2、依申请公开", "2、", 2),
        ("（一）主动公开", "（一）", 1),
        ("(二)依申请公开", "(二)", 2),
        ("一、总体情况", "一、", 1),
        ("一是加强组织领导", "一是", 1),
        ("工作中，三是完善制度", "三是", 3),
        ("（3）其他", "（3）", 3),
        ("情况说明 1. 主动公开", "1.", 1),
        ("②不予公开", "②", 2),
    ],
)
def test_list_markers(text: str, raw: str, value: int) -> None:
    q = one(text, raw)
    assert (q.value, q.kind) == (value, "list_marker")


def test_list_marker_is_not_the_following_metric() -> None:
    found = qs("3.行政复议5件")
    assert [(q.value, q.kind) for q in found] == [(3, "list_marker"), (5, "metric")]


def test_decimal_is_not_a_list_marker() -> None:
    assert metrics("，3.5万元") == [(3.5, "万元")]


def test_enumeration_inside_a_sentence_is_metric() -> None:
    assert metrics("维持3、纠正2") == [(3, None), (2, None)]


@pytest.mark.parametrize(
    ("text", "raw", "value"), [("第1期", "第1期", 1), ("第二批", "第二批", 2), ("第3季度", "第3季度", 3)]
)
def test_ordinals(text: str, raw: str, value: int) -> None:
    q = one(text, raw)
    assert (q.value, q.kind) == (value, "ordinal")


# ---------------------------------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("占71.3%", "71.3%", 71.3),
        ("比例81.3%", "81.3%", 81.3),
        ("百分之六点二", "百分之六点二", 6.2),
        ("下降-2.5%", "-2.5%", -2.5),
    ],
)
def test_percent(text: str, raw: str, value: float) -> None:
    q = one(text, raw)
    assert (q.value, q.unit, q.kind) == (value, "%", "percent")


def test_percentage_points() -> None:
    q = one("提高3.2个百分点", "3.2个百分点")
    assert (q.kind, q.unit) == ("percent", "个百分点")


# ------------------------------------------------------------------------------------ URLs, addresses


def test_urls_are_other() -> None:
    assert qs("门户网站www.pingtan.gov.cn。") == []
    found = qs("见https://www.gov.cn/zhengce/2019-01/20/content_123.htm。")
    assert found and {q.kind for q in found} == {"other"}


def test_address_is_other() -> None:
    found = qs("地址：平潭县两相路96号3楼")
    assert [(q.raw, q.kind) for q in found] == [("96号", "other"), ("3楼", "other")]


@pytest.mark.parametrize("text", ["H5页面", "5G基站", "ISO9001认证", "COVID-19疫情"])
def test_numbers_glued_to_latin_letters_are_other(text: str) -> None:
    assert {q.kind for q in qs(text)} == {"other"}


# ------------------------------------------------------------------------------------------ a paragraph


def test_report_paragraph() -> None:
    text = (
        "一、总体情况\n"
        "2019年，我县主动公开政府信息336条，其中规范性文件12件。全年收到政府信息公开申请36件，"
        "同比增长12.5%，均在20个工作日内答复。依据《条例》第三十六条第（二）项予以答复。"
        "联系电话：0591-24336243，邮编：350400。"
    )
    found = qs(text)
    assert [(q.value, q.unit) for q in found if q.kind == "metric"] == [
        (336, "条"),
        (12, "件"),
        (36, "件"),
        (20, "个工作日"),
    ]
    kinds = {q.raw: q.kind for q in found}
    assert kinds["一、"] == "list_marker"
    assert kinds["2019年"] == "year"
    assert kinds["12.5%"] == "percent"
    assert kinds["第三十六条"] == "doc_number"
    assert kinds["0591-24336243"] == "phone"
    assert kinds["350400"] == "postal"
    assert [q.start for q in found] == sorted(q.start for q in found)


def test_empty_text() -> None:
    assert find_quantities("") == []


def test_digits_glued_before_a_marker_stay_metric() -> None:
    # crawler text glues a row marker to the previous cells ("…0 02.其他"); the table reader peels
    # the marker off a metric, so a leading-zero run is never taken as a list marker here
    q = one("00000002.其他法律法规", "00000002")
    assert q.kind == "metric"
    assert [q.kind for q in qs("0 0 02.行政规范性文件")] == ["metric", "metric", "metric"]


def test_a_count_range_is_no_count_but_a_minus_or_a_date_range_is_not_one() -> None:
    kinds = lambda t: [(q.value, q.kind) for q in find_quantities(t)]  # noqa: E731
    assert kinds("公开信息300至400条") == [(300, "range"), (400, "range")]
    assert kinds("公开信息300-400条") == [(300, "range"), (400, "range")]
    assert kinds("行政事业性收费 12 -3") == [(12, "metric"), (-3, "metric")]  # 本年增/减 −3
    assert [k for _, k in kinds("1-6月")] == ["date", "date"]


def test_a_run_of_more_digits_than_any_glued_row_is_no_number():
    """200,000 digits in one run once took 80 s (quadratic look-arounds) in every pass over the text."""
    assert find_quantities("共" + "1" * 5000 + "条") == []
    assert [q.value for q in find_quantities("共" + "1" * 100 + "条")] == [int("1" * 100)]
