"""Find and classify the numbers printed in a 政府信息公开工作年度报告.

Reports are full of numbers that are not indicator values: years, dates, phone numbers, postcodes,
document numbers (〔2019〕60号), statute citations (第二十条), list markers (1. / （一） / 一是),
percentages, URLs and street addresses. The prose mapper and the lexicon tagger only want counts and
amounts, so every number found here carries a ``kind`` and only ``kind == "metric"`` is a candidate
indicator value.

Input is already normalised (simplified script, half-width ASCII); Chinese punctuation may remain.
Strategy: structured look-alikes that span several numbers (URLs, e-mails, phones, postcodes, document
numbers, ISO dates, times, 第N…, list markers, 百分之…) are claimed first; every remaining number is then
classified from its unit and immediate context. Chinese numerals are read conservatively: only when
directly followed by a counting unit, so words such as 统一 / 一些 / 一站式 / 十分 never become numbers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

Kind = Literal[
    "metric", "year", "date", "phone", "postal", "doc_number", "list_marker", "percent", "ordinal", "range", "other"
]

__all__ = ["Kind", "Quantity", "find_quantities", "parse_number", "to_unit"]


@dataclass(frozen=True)
class Quantity:
    """One number found in a text, with its printed unit and what kind of number it is."""

    value: int | float  # int when integral
    start: int  # offsets into the string passed to find_quantities
    end: int  # covers the number and, when present, its unit ("336条", "4068.208万元", "100多条")
    raw: str  # text[start:end]
    unit: str | None  # printed unit (条 件 项 … 元 万元 亿元 %) or None
    kind: Kind
    approximate: bool = False  # "100多条", "1000余条", "近百"
    number_end: int = 0  # end offset of the number part only (before the unit)


# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

_CN_DIGITS = "零〇一二两三四五六七八九"
CN_CHARS = _CN_DIGITS + "十百千万亿"  # a number in Chinese numerals
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_CN_SINGLE_MULTIPLIER = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_MULTIPLIER = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10000), "亿": Decimal(100000000)}

# Counting / amount units a metric may carry. Matched longest first.
_COUNT_UNITS = [
    "人次", "件次", "条次", "家次", "户次", "场次", "期次", "篇次", "批次", "个工作日", "工作日", "个月", "个百分点", "百分点", "小时", "分钟", "万元",
    "亿元", "千元", "元", "平方米", "公里", "条", "件", "项", "个", "次", "篇", "人", "家", "期", "场", "份", "部", "批", "类", "种", "户", "名",
    "位", "处", "所", "台", "套", "本", "册", "张", "页", "幅", "组", "支", "起", "宗", "例", "天", "年度", "年", "周", "倍", "座", "辆",
    "卷", "盒", "封", "轮", "亩", "吨", "季度", "%", "‰",
]  # fmt: skip
# Units that classify the number as something other than a metric (dates, addresses).
_CONTEXT_UNITS = ["月份", "月", "日", "号楼", "号", "楼", "层", "室", "栋", "幢", "单元"]
_ALL_UNITS = sorted(set(_COUNT_UNITS + _CONTEXT_UNITS), key=len, reverse=True)
# After a Chinese numeral these are too often part of an ordinary word (一起, 一种, 一部分, 统一处理, 一所有).
_CN_EXCLUDED_UNITS = {"起", "种", "部", "所", "处", "日", "号", "号楼", "楼", "层", "室", "栋", "幢", "单元", "月", "月份"}  # fmt: skip
_PERCENT_UNITS = {"%", "‰", "个百分点", "百分点"}
_ADDRESS_UNITS = {"号楼", "号", "楼", "层", "室", "栋", "幢", "单元"}
_MONEY_FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

# A unit immediately followed by these characters is really the first half of another word
# ("12项目", "一次性", "3条件") — the unit is then not taken.
_UNIT_BLOCKERS: dict[str, str] = {
    "项": "目", "条": "件例款", "人": "员民", "期": "间限", "场": "所景地", "批": "准复", "名": "单称义",
    "户": "籍口", "组": "织成", "类": "别型似", "种": "类子植", "处": "理罚置室分", "所": "有属在以", "次": "性",
    "份": "额", "本": "级单部年", "张": "贴", "台": "账", "元": "化", "位": "置于", "支": "持付出",
    "例": "如", "天": "然", "家": "庭属长", "部": "分署", "周": "年边", "个": "性体",
}  # fmt: skip

# Idioms and slogans whose numerals are not counts; Chinese numerals inside them are ignored.
_CN_IDIOMS = (
    "一件事", "一条龙", "一张网", "一张图", "一张蓝图", "一次办", "跑一次", "一次性", "千家万户", "两个维护",
    "两个确立", "四个意识", "四个自信", "四个全面", "三个代表", "三项制度", "一把手", "一盘棋", "五位一体",
    "三会一课", "两学一做", "一网通办", "一门式", "一窗受理", "零件", "零部件",
)  # fmt: skip
# A Chinese numeral preceded by one of these is not a count (数十件, 几百人, 每万人, 第一…).
_CN_BLOCK_BEFORE = set("数几若每某第星周初")
# "一" after these is part of a word (统一, 唯一, 同一, 之一, 上一年, 进一步, 逐一 …).
_CN_BLOCK_BEFORE_ONE = set("统唯同单之逐划不专合归如其任另上下进看试再")
_APPROX_PREFIXES = ("将近", "接近", "大约", "超过", "近", "约", "逾", "超")
_CN_APPROX_PREFIXES = (*_APPROX_PREFIXES, "上")  # 上百 / 上千 / 上万 only
_APPROX_SUFFIX = "多余"

_CJK = "\u4e00-\u9fff"
_YEAR = r"(?:19|20)\d{2}"
_RANGE_SEP = r"[-~～—–至到]"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT_ALT = "|".join(re.escape(u) for u in _ALL_UNITS)
_CN_NUM = rf"[{CN_CHARS}]+(?:点[{_CN_DIGITS}]+)?"
_BOUNDARY = r"(?:^|(?<=[\n\r。；;！？!?：:，,|\s\u3000]))"

# --------------------------------------------------------------------------------------------------
# Compiled patterns (module level: find_quantities runs on every report)
# --------------------------------------------------------------------------------------------------

_ARABIC_FULL_RE = re.compile(rf"([+\-−]?)({_ARABIC})([百千万亿]?)")
_CN_FULL_RE = re.compile(rf"负?[{CN_CHARS}]+(?:点[{_CN_DIGITS}]+)?")
_MIXED_FULL_RE = re.compile(rf"[0-9.{CN_CHARS}点]+")
_DIGIT_RUN_RE = re.compile(r"\d+")

_URL_RE = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@&+=%]+"
    r"|(?<![A-Za-z0-9.@])[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:gov\.cn|com\.cn|org\.cn|net\.cn|cn|com|net|org)"
    r"(?:/[A-Za-z0-9\-._~/?#=&%]*)?(?![A-Za-z0-9])"
)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_QQ_RE = re.compile(r"(?:QQ|qq|微信)(?:群|号)?\s*[:：]?\s*\d{5,}")

_PHONE_TOKEN = (
    r"(?:[(（]0\d{2,3}[)）]\s*|0\d{2,3}\s*[-—]?\s*)?\d{7,8}(?:\s*(?:-|转)\s*\d{1,5})?"
    r"|1[3-9]\d{9}|[48]00[-\s]?\d{3}[-\s]?\d{4}|12\d{3}"
)
_PHONE_LABEL_RE = re.compile(
    rf"(?:电话号码|联系方式|电话|传真|热线|手机|Tel|TEL|tel|Fax|FAX)\s*[:：]?\s*"
    rf"(?P<phones>(?:{_PHONE_TOKEN})(?:\s*(?:[、,，/;；]|或|和|及)\s*(?:{_PHONE_TOKEN}))*)(?!\d)"
)
_PHONE_TOKEN_RE = re.compile(rf"(?<!\d)(?:{_PHONE_TOKEN})(?!\d)")
_PHONE_BARE_RE = re.compile(
    r"(?<!\d)(?:[(（]0\d{2,3}[)）]\s*\d{7,8}|0\d{2,3}[-—]\d{7,8})(?:\s*(?:-|转)\s*\d{1,5})?(?!\d)"
    # a bare 11-digit run is a mobile number only outside tables: crawler text glues table cells into
    # such runs ("15130000154" = 151/3/0/0/0/0/154), so it needs a word, not a digit, before it (one
    # glued to a row's label is that row's cells all the same: the lexicon tagger's ``_numbers``)
    r"|(?<![\d.|\t])1[3-9]\d{9}(?!\d)(?![.、])"
    r"|(?<!\d)[48]00-\d{3}-\d{4}(?!\d)"
    r"|(?<=拨打)12\d{3}(?!\d)"
    r"|(?<!\d)12\d{3}(?!\d)(?=[\"”’」]?\s*(?:政务|热线|服务|便民|市民|专线|平台|电话|举报|投诉))"
)
_POSTAL_RE = re.compile(r"(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})(?!\d)")

_DOC_BRACKET_RE = re.compile(
    rf"[〔\[【［]\s*(?P<year>{_YEAR})\s*[〕\]】］]\s*(?:第\s*)?(?:(?P<serial>\d+)\s*(?P<hao>号)?)?"
    rf"|[(（]\s*(?P<pyear>{_YEAR})\s*[)）]\s*(?:第\s*)?(?P<pserial>\d+)\s*(?P<phao>号)"
)
_ORDINAL_UNITS = sorted(
    set(_COUNT_UNITS) | {"条", "款", "项", "目", "章", "节", "号", "届", "部分"}, key=len, reverse=True
)
_ORDINAL_RE = re.compile(
    rf"第\s*(?:(?P<a>\d+)|(?P<c>[{CN_CHARS}]+)|[（(]\s*(?P<p>[一二三四五六七八九十]+|\d+)\s*(?P<pc>[)）]))"
    rf"\s*(?P<unit>{'|'.join(re.escape(u) for u in _ORDINAL_UNITS)})?"
)
_DOC_ORDINAL_UNITS = {"条", "款", "项", "目", "章", "节", "号"}

_ISO_DATE_RE = re.compile(rf"(?<![\d.])(?P<y>{_YEAR})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d.])")
_TIME_RE = re.compile(r"(?<![\d.:])(?P<h>[01]?\d|2[0-4]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?![\d.:])")
_HOUR_RE = re.compile(r"(?<![\d.小])(?P<h>[01]?\d|2[0-4])\s*(?:时|点)(?:\s*(?P<mi>[0-5]?\d)\s*分)(?!钟)")
_CN_YEAR_RE = re.compile(r"(?P<y>[〇零一二三四五六七八九]{4})\s*(?P<u>年度|年)")

_LIST_ARABIC_RE = re.compile(
    rf"{_BOUNDARY}(?P<n>[1-9]\d?)[ \t]*(?:[.．](?=[ \t\u3000]*[{_CJK}A-Za-z（(“\"《])|[、)）](?!\d))"
    rf"|{_BOUNDARY}(?P<n2>[1-9]\d?)[.．](?={_YEAR}\s*年)"
    rf"|(?<![\d.,])(?P<n3>[1-9]\d?)[.．](?=[{_CJK}])"
)
_LIST_PAREN_RE = re.compile(r"(?<!第)[（(]\s*(?P<n>[一二三四五六七八九十]{1,3}|[1-9]\d?)\s*[)）]")
_LIST_CN_RE = re.compile(rf"{_BOUNDARY}(?P<n>[一二三四五六七八九十]{{1,3}})(?P<p>、|是)")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_RE = re.compile(f"[{_CIRCLED}]")

_CN_PERCENT_RE = re.compile(rf"百分之(?P<n>{_CN_NUM}|\d+(?:\.\d+)?)")
_CN_IDIOM_RE = re.compile("|".join(sorted(_CN_IDIOMS, key=len, reverse=True)))

_ARABIC_SCAN_RE = re.compile(
    rf"(?:(?<![A-Za-z0-9.])(?P<sign>[+\-−]))?(?<!\d)(?P<num>{_ARABIC})(?!\d)"
    rf"(?P<a1>[{_APPROX_SUFFIX}])?(?P<mult>[千万亿])?(?P<a2>[{_APPROX_SUFFIX}])?"
    rf"(?:[ \t]?(?P<unit>{_UNIT_ALT}))?"
)
_CN_SCAN_RE = re.compile(rf"(?P<num>{_CN_NUM})(?P<a1>[{_APPROX_SUFFIX}])?(?P<unit>{_UNIT_ALT})?")

_YEAR_RANGE_AFTER_RE = re.compile(rf"\s*{_RANGE_SEP}\s*{_YEAR}(?!\d)")
_YEAR_RANGE_BEFORE_RE = re.compile(rf"(?<!\d){_YEAR}\s*{_RANGE_SEP}\s*$")
_MONTH_RANGE_AFTER_RE = re.compile(rf"\s*{_RANGE_SEP}\s*\d{{1,2}}\s*月")
_DAY_RANGE_AFTER_RE = re.compile(rf"\s*{_RANGE_SEP}\s*\d{{1,2}}\s*[日号]")
# a count range ("300至400条", "300-400条"): both ends stand before one counting unit; "12 -3" (a minus) is not
_COUNT_RANGE_SEP = r"(?:\s*[~～至到]\s*|[-—–])"
_RANGE_AFTER_RE = re.compile(rf"{_COUNT_RANGE_SEP}{_ARABIC}\s*(?:{_UNIT_ALT})")
_RANGE_BEFORE_RE = re.compile(rf"\d{_COUNT_RANGE_SEP}$")
_WITHIN_RE = re.compile(r"(?:内|以内|之内)")
_ROAD_BEFORE_RE = re.compile(r"(?:路|街|道|巷|弄|大道|大街|村|组|院)\s*$")
_CN_DAY_AFTER_RE = re.compile(r"[一二三四五六七八九十]{1,3}[日号]")
_CN_YEAR_BEFORE_RE = re.compile(r"(?:年|年度)\s*$")
_ANNIVERSARY_RE = re.compile(r"\s*周年")
#: what names a document's attachment by its number ("附件1：…统计表"): the 1 counts nothing
_ATTACHMENT_BEFORE_RE = re.compile(r"附[件表]\s*$")
_WRAPPED_YEAR_RE = re.compile(r"[ \t]*\n[ \t]*年")  # "2018⏎年": a PDF line wrapped inside the date
# a counting unit at the start of the next line, a punctuation mark after it: a page's line wrapped
# between a number and its unit ("共接待人数约33⏎人次。", "信息处理费共计380⏎元，"); a unit alone on its line
# is a table's unit column, and one before words may be a row label's first character ("人大…")
_WRAPPED_UNIT_RE = re.compile(rf"[ \t]*\n[ \t]*(?P<unit>{_UNIT_ALT})(?=[，。；、,;：:）)])")
_DATE_UNITS = frozenset({"年", "年度", "月", "月份", "日", "号"})


# --------------------------------------------------------------------------------------------------
# parse_number / to_unit
# --------------------------------------------------------------------------------------------------


def _as_number(d: Decimal | float | int) -> int | float:
    """int when integral (counts print as 336, not 336.0), float otherwise, float noise rounded away."""
    if isinstance(d, Decimal):
        return int(d) if d == d.to_integral_value() else float(d)
    f = round(float(d), 6)
    return int(f) if f.is_integer() else f


@functools.cache
def _cn2an() -> Callable[[str, str], int | float]:
    """cn2an, imported when a text first needs it: its import compiles patterns for 0.2 s, a fifth of a
    one-file ``govreport extract``."""
    import cn2an

    return cn2an.cn2an  # type: ignore[no-any-return]


def _parse_chinese(t: str) -> int | float | None:
    """Chinese numeral string to a number; cn2an first, then the cases it rejects."""
    neg = t.startswith("负")
    body = t[1:] if neg else t
    if not body or body.startswith("点") or body.endswith("点"):
        return None
    value: int | float | None = None
    if len(body) > 1 and all(c in _CN_DIGIT_VALUE for c in body):  # 二〇二三: digit by digit
        value = int("".join(str(_CN_DIGIT_VALUE[c]) for c in body))
    elif body in _CN_SINGLE_MULTIPLIER:  # 近百 / 上千 / 逾万 — cn2an rejects a bare multiplier
        value = _CN_SINGLE_MULTIPLIER[body]
    else:
        for mode in ("smart", "normal"):
            try:
                value = _cn2an()(body, mode)
                break
            except (ValueError, KeyError, IndexError, TypeError):
                continue
    if value is None:
        return None
    return _as_number(-value if neg else value)


def parse_number(s: str) -> int | float | None:
    """Read one printed number: Arabic ("1,234", "4.5", "-3", "+2"), Chinese ("三十六", "两", "二〇二三"),
    mixed ("3万", "1.2万" -> 12000) or a percentage ("百分之六点二" / "6.2%" -> 6.2); None when not a number.

    Wraps cn2an, whose smart mode raises on inputs such as 百分之六点二 and 二〇二三年: those are caught and
    handled here so a caller never sees an exception for odd text.
    """
    if not isinstance(s, str):
        return None
    t = s.strip()
    if t.startswith("百分之"):
        t = t[3:]
    elif t.endswith(("%", "％")):
        t = t[:-1].rstrip()
    if t.endswith("年度"):
        t = t[:-2]
    elif t.endswith("年"):
        t = t[:-1]
    t = t.strip()
    if not t:
        return None
    m = _ARABIC_FULL_RE.fullmatch(t)
    if m:
        try:
            d = Decimal(m.group(2).replace(",", ""))
        except InvalidOperation:
            return None
        if m.group(3):
            d *= _MULTIPLIER[m.group(3)]
        if m.group(1) in ("-", "−"):
            d = -d
        return _as_number(d)
    if _CN_FULL_RE.fullmatch(t):
        return _parse_chinese(t)
    if _MIXED_FULL_RE.fullmatch(t) and any(c.isdigit() for c in t):  # 3万5千
        try:
            return _as_number(_cn2an()(t, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    return None


def to_unit(value: float | int, printed_unit: str | None, target_unit: str) -> float | int:
    """Convert a money amount between 元 / 千元 / 万元 / 亿元 so indicators compare in one unit
    (the report forms use 万元); any other unit pair is returned unchanged."""
    if printed_unit == target_unit or printed_unit not in _MONEY_FACTOR or target_unit not in _MONEY_FACTOR:
        return value
    d = Decimal(str(value)) * _MONEY_FACTOR[printed_unit] / _MONEY_FACTOR[target_unit]
    return _as_number(round(float(d), 6))


# --------------------------------------------------------------------------------------------------
# find_quantities
# --------------------------------------------------------------------------------------------------


class _Finder:
    """One pass over one text: claimed character map plus the quantities found so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = bytearray(len(text))
        self.out: list[Quantity] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def claim(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def add(
        self,
        value: int | float | None,
        start: int,
        end: int,
        unit: str | None,
        kind: Kind,
        number_end: int | None = None,
        approximate: bool = False,
    ) -> None:
        if value is None:
            return
        self.out.append(
            Quantity(
                value=value,
                start=start,
                end=end,
                raw=self.text[start:end],
                unit=unit,
                kind=kind,
                approximate=approximate,
                number_end=end if number_end is None else number_end,
            )
        )

    def digit_runs(self, start: int, end: int, kind: Kind) -> None:
        """Every digit run inside an already-recognised non-metric span (URL, e-mail, QQ)."""
        for m in _DIGIT_RUN_RE.finditer(self.text, start, end):
            self.add(int(m.group()), m.start(), m.end(), None, kind)
        self.claim(start, end)

    def before(self, pos: int, width: int = 6) -> str:
        return self.text[max(0, pos - width) : pos]


def _digits_value(s: str) -> int:
    return int("".join(_DIGIT_RUN_RE.findall(s)))


def _claim_structures(f: _Finder) -> None:
    """Claim the multi-number look-alikes before single numbers are classified."""
    text = f.text
    for rx in (_EMAIL_RE, _URL_RE, _QQ_RE):
        for m in rx.finditer(text):
            end = m.start() + len(m.group().rstrip(".:?&#-"))  # sentence punctuation after a URL
            if f.free(m.start(), end):
                f.digit_runs(m.start(), end, "other")

    for m in _PHONE_LABEL_RE.finditer(text):
        s, e = m.span("phones")
        for t in _PHONE_TOKEN_RE.finditer(text, s, e):
            if f.free(t.start(), t.end()):
                f.add(_digits_value(t.group()), t.start(), t.end(), None, "phone")
                f.claim(t.start(), t.end())
    for m in _PHONE_BARE_RE.finditer(text):
        if f.free(m.start(), m.end()):
            f.add(_digits_value(m.group()), m.start(), m.end(), None, "phone")
            f.claim(m.start(), m.end())
    for m in _POSTAL_RE.finditer(text):
        if f.free(*m.span(1)):
            f.add(int(m.group(1)), *m.span(1), None, "postal")
            f.claim(*m.span(1))

    for m in _DOC_BRACKET_RE.finditer(text):
        if not f.free(m.start(), m.end()):
            continue
        y = "year" if m.group("year") else "pyear"
        f.add(int(m.group(y)), *m.span(y), None, "doc_number")
        serial = "serial" if m.group("year") else "pserial"
        if m.group(serial):
            hao = "hao" if m.group("year") else "phao"
            end = m.end(hao) if m.group(hao) else m.end(serial)
            f.add(
                int(m.group(serial)), m.start(serial), end, "号" if m.group(hao) else None, "doc_number", m.end(serial)
            )
        f.claim(m.start(), m.end())

    for m in _ORDINAL_RE.finditer(text):
        if not f.free(m.start(), m.end()):
            continue
        g = "a" if m.group("a") else "c" if m.group("c") else "p"
        value = parse_number(m.group(g))
        if value is None:
            continue
        unit = m.group("unit")
        doc = g == "p" or unit in _DOC_ORDINAL_UNITS
        end = m.end("unit") if unit else m.end("pc") if g == "p" else m.end(g)
        f.add(value, m.start(), end, unit, "doc_number" if doc else "ordinal", m.end(g))
        f.claim(m.start(), end)

    for m in _ISO_DATE_RE.finditer(text):
        if f.free(m.start(), m.end()) and 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31:
            f.add(int(m.group("y")), *m.span("y"), None, "year")
            f.add(int(m.group("m")), *m.span("m"), None, "date")
            f.add(int(m.group("d")), *m.span("d"), None, "date")
            f.claim(m.start(), m.end())
    for rx in (_TIME_RE, _HOUR_RE):
        for m in rx.finditer(text):
            if f.free(m.start(), m.end()):
                for g in ("h", "mi", "s"):
                    if g in m.groupdict() and m.group(g):
                        f.add(int(m.group(g)), *m.span(g), None, "date")
                f.claim(m.start(), m.end())
    for m in _CN_YEAR_RE.finditer(text):
        if f.free(m.start(), m.end()):
            f.add(parse_number(m.group("y")), m.start(), m.end(), m.group("u"), "year", m.end("y"))
            f.claim(m.start(), m.end())

    for m in _CN_PERCENT_RE.finditer(text):
        if f.free(m.start(), m.end()):
            f.add(parse_number(m.group("n")), m.start(), m.end(), "%", "percent")
            f.claim(m.start(), m.end())

    for m in _LIST_ARABIC_RE.finditer(text):
        g = "n" if m.group("n") else "n2" if m.group("n2") else "n3"
        end = m.end() if g == "n" else m.end(g) + 1
        if f.free(m.start(g), end):
            f.add(int(m.group(g)), m.start(g), end, None, "list_marker", m.end(g))
            f.claim(m.start(g), end)
    for rx in (_LIST_PAREN_RE, _LIST_CN_RE):
        for m in rx.finditer(text):
            if f.free(m.start(), m.end()):
                f.add(parse_number(m.group("n")), m.start(), m.end(), None, "list_marker", m.end("n"))
                f.claim(m.start(), m.end())
    for m in _CIRCLED_RE.finditer(text):
        if f.free(m.start(), m.end()):
            f.add(_CIRCLED.index(m.group()) + 1, m.start(), m.end(), None, "list_marker")
            f.claim(m.start(), m.end())


def _take_unit(text: str, unit: str | None, unit_end: int) -> str | None:
    """Drop a unit that is really the first character of a longer word (12项目, 一次性)."""
    if unit is None:
        return None
    nxt = text[unit_end : unit_end + 1]
    if nxt and nxt in _UNIT_BLOCKERS.get(unit, ""):
        return None
    return unit


def _approx_before(f: _Finder, pos: int, prefixes: tuple[str, ...] = _APPROX_PREFIXES) -> bool:
    return f.before(pos, 3).rstrip().endswith(prefixes)


def _classify_arabic(f: _Finder, m: re.Match[str], value: int | float, unit: str | None, is_int: bool) -> Kind:
    """Kind of a free-standing Arabic number from its unit and neighbours."""
    text = f.text
    num = m.group("num")
    s, e = m.span("num")
    prev = text[s - 1 : s]
    nxt = text[m.end() : m.end() + 1] if unit is None else ""
    before2 = text[max(0, s - 2) : s]
    glued = (prev.isascii() and prev.isalpha()) or (nxt.isascii() and nxt.isalpha())
    if glued or (prev != "" and prev in "@_/#") or re.fullmatch(r"[A-Za-z][-_]", before2):
        return "other"  # H5, 5G, ISO9001, COVID-19, file names
    if unit in _PERCENT_UNITS:
        return "percent"
    four_digit_year = is_int and not m.group("sign") and re.fullmatch(_YEAR, num) is not None
    if four_digit_year and (
        unit in ("年", "年度")
        or _WRAPPED_YEAR_RE.match(text, e)
        or _YEAR_RANGE_AFTER_RE.match(text, e)
        or _YEAR_RANGE_BEFORE_RE.search(f.before(s, 12))
    ):
        return "year"
    if unit in ("月", "月份"):
        return "date" if is_int and 1 <= value <= 12 else "other"
    if unit is None and is_int and 1 <= value <= 12 and _MONTH_RANGE_AFTER_RE.match(text, e):
        return "date"  # 1-6月
    if unit is None and is_int and 1 <= value <= 31 and _DAY_RANGE_AFTER_RE.match(text, e):
        return "date"  # 1日至15日
    if unit in ("日", "号") and f.before(s, 2).rstrip().endswith("月"):
        return "date"
    if unit == "日":
        return "metric" if _WITHIN_RE.match(text, m.end()) else "date"  # 15日内 is a duration
    if unit in _ADDRESS_UNITS or _ROAD_BEFORE_RE.search(f.before(s, 3)):
        return "other"
    if unit == "季度" or _ANNIVERSARY_RE.match(text, e) or _ATTACHMENT_BEFORE_RE.search(f.before(s, 3)):
        return "ordinal"  # 第三季度; 新中国成立 70 周年; 附件1
    if (unit is None and _RANGE_AFTER_RE.match(text, e)) or (
        unit is not None and _RANGE_BEFORE_RE.search(f.before(s, 12))
    ):
        return "range"  # 300至400条: neither end is the count
    return "metric"


def _scan_arabic(f: _Finder) -> None:
    text = f.text
    for m in _ARABIC_SCAN_RE.finditer(text):
        start = m.start("sign") if m.group("sign") else m.start("num")
        if not f.free(start, m.end("num")):
            continue
        try:
            d = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:
            continue
        if m.group("sign") in ("-", "−"):
            d = -d
        unit = m.group("unit")
        unit_end = m.end("unit") if unit else -1
        if unit and not f.free(m.start("unit"), unit_end):
            unit = None
        wrapped = None if unit else _WRAPPED_UNIT_RE.match(text, m.end())
        if wrapped and wrapped["unit"] not in _DATE_UNITS and f.free(wrapped.start("unit"), wrapped.end("unit")):
            unit, unit_end = wrapped["unit"], wrapped.end("unit")
        unit = _take_unit(text, unit, unit_end)
        mult = m.group("mult")
        approx = bool(m.group("a1") or m.group("a2")) or _approx_before(f, start)
        number_end = m.end("num")
        if mult and unit == "元" and mult in "万亿":
            unit = mult + "元"  # 4068.208万元 stays in 万元
        elif mult:
            d *= _MULTIPLIER[mult]  # 1.2万 -> 12000, 3万人次 -> 30000 人次
            number_end = m.end("mult")
        # without a unit the span still covers an eaten multiplier / 多 / 余 ("1.2万", "100多")
        end = unit_end if unit else max(m.end(g) for g in ("num", "a1", "mult", "a2") if m.group(g))
        is_int = d == d.to_integral_value() and "." not in m.group("num")
        value = _as_number(d)
        kind = _classify_arabic(f, m, value, unit, is_int)
        f.add(value, start, end, unit, kind, number_end, approx)
        f.claim(start, end)


def _scan_chinese(f: _Finder) -> None:
    """Chinese numerals, conservatively: only before a counting unit (or 近百 / 上千 style approximations)."""
    text = f.text
    idiom = bytearray(len(text))
    for m in _CN_IDIOM_RE.finditer(text):
        idiom[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _CN_SCAN_RE.finditer(text):
        s, e = m.span("num")
        num = m.group("num")
        if not f.free(s, e) or any(idiom[s:e]):
            continue
        prev = text[s - 1 : s]
        if prev in _CN_BLOCK_BEFORE or (num[0] == "一" and prev in _CN_BLOCK_BEFORE_ONE):
            continue
        unit = m.group("unit")
        unit_end = m.end("unit") if unit else -1
        approx = bool(m.group("a1")) or _approx_before(f, s)
        # dates written in Chinese: 二〇一九年一月一日, 十二月三十一日
        if unit in ("月", "月份") and (
            _CN_YEAR_BEFORE_RE.search(f.before(s, 2)) or _CN_DAY_AFTER_RE.match(text, unit_end)
        ):
            value = parse_number(num)
            if value is not None and 1 <= value <= 12:
                f.add(value, s, unit_end, unit, "date", e)
                f.claim(s, unit_end)
            continue
        if unit in ("日", "号") and f.before(s, 1) == "月":
            value = parse_number(num)
            if value is not None and 1 <= value <= 31:
                f.add(value, s, unit_end, unit, "date", e)
                f.claim(s, unit_end)
            continue
        if unit in _CN_EXCLUDED_UNITS or not f.free(s, max(unit_end, e)):
            unit = None
        unit = _take_unit(text, unit, unit_end)
        bare = num in _CN_SINGLE_MULTIPLIER and num != "十"
        if bare and _approx_before(f, s, _CN_APPROX_PREFIXES):
            approx = True
        elif bare and not m.group("a1"):
            continue  # bare 百/千/万 is a word (百姓, 千人计划), not a count, unless 近百 / 上千 / 百余
        if unit is None:
            if bare:
                value = parse_number(num)
                end = m.end("a1") if m.group("a1") else e
                f.add(value, s, end, None, "metric", e, True)
                f.claim(s, end)
            continue
        value = parse_number(num)
        if value is None:
            continue
        kind: Kind = "metric"
        if unit in _MONEY_FACTOR and len(num) > 1 and num[-1] in "万亿" and unit == "元":
            unit = num[-1] + "元"
            value = parse_number(num[:-1])
            e -= 1
            if value is None:
                continue
        elif unit in _PERCENT_UNITS:
            kind = "percent"
        elif unit == "季度":
            kind = "ordinal"
        f.add(value, s, unit_end, unit, kind, e, approx)
        f.claim(s, unit_end)


_LONG_RUN = re.compile(r"\d{120,}")


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its unit and kind, sorted by position.

    Used by the prose mapper (which keeps ``kind == "metric"`` / ``"percent"``) and by the lexicon tagger
    (which turns metric spans into NUMBER entities). Offsets index ``text`` exactly.
    """
    if not text:
        return []
    # a run of more digits than any table row glues together is no number of ours, and the scanners'
    # look-arounds would make it cost quadratic time (200,000 digits: 80 s); its digits are masked
    text = _LONG_RUN.sub(lambda m: "#" * len(m.group()), text)
    f = _Finder(text)
    _claim_structures(f)
    _scan_arabic(f)
    _scan_chinese(f)
    return sorted(f.out, key=lambda q: (q.start, q.end))
