"""Seeded generator of synthetic 政府信息公开工作年度报告 with exact span labels and gold values.

``generate(n, seed)`` builds ``n`` complete reports (title, preamble, numbered sections, prose with
indicator statements and distractor numbers, tables) and knows, by construction, every HEADING /
METRIC / NUMBER span and every gold value. Same ``(n, seed)`` → the same reports. ``write_jsonl``
stores them in the annotation format used for training.

What is covered
---------------
* Templates: ``2019`` and ``2021`` (表二 / 表三 / 表四; 2021 表三 with （六） split into three rows, 2019
  with one （六）其他处理 row; some 2021 reports mix a 2021 表二 with a 2019-style 表三) and ``pre2019``
  (the national 政府信息公开情况统计表, the Fujian 统计表 with its 历年累计 column → gold period
  ``cumulative``, or prose only). Table values are random but obey the spec's rules: t3 columns sum
  to 总计, new + carried-over = total + carried-forward per column, the results sum to （七）总计,
  t4 blocks sum to their 总计; the pre-2019 sub-items sum to their parents.
* Renderings (``style``): ``pipe`` (pipe rows, a long label's cells sometimes wrapped onto the next
  line), ``tab``, ``pdf_layout`` (``pdftotext -layout`` columns, wrapped row labels, spaced-out group
  labels, page numbers such as "-2-" / "— 3 —", spaces around numbers in prose), ``one_cell_per_line``,
  ``markdown`` (clean tables, per-group ``###`` tables, and rows whose label got separated from its
  values), ``flattened`` (crawler text: a page header, the body on one line, cells run together such as
  "行政许可3960181", list markers glued to the previous digits "00000002.其他法律…"), ``prose``; and what
  users' text tools make of a table (../shared/notes/renderings.md, runs/renderings/*/NAME.<tool>.txt):
  ``spaced`` (pdfplumber / pypdfium2 text: cells joined by single spaces, blank cells gone without trace,
  header cells in pieces, long labels wrapped with the values on one of their lines, between them or
  after them, group labels on the line of their first row or on lines of their own, pypdfium2's "\\r\\n";
  the prose broken into PDF lines), ``cell_lines`` (PyMuPDF / BeautifulSoup: one cell a line, blank
  cells gone; PyMuPDF breaks narrow cells into lines, BeautifulSoup leaves blank lines between rows),
  ``browser_tab`` (browser copy: a row a line, tabs, a blank cell an empty field, a rowspan cell only on
  its first row; or html2text's markdown of the page: the same rows with "| " between cells), ``docx_tab`` (python-docx: tabs, a merged cell repeated in every grid column it covers
  — label and group cells, the one value of a 2021 表二 (五)/(六)/(八) row), ``column_major`` (plain
  pdftotext of a 统计表 without blank cells: the labels one a line, then the units, then each value
  column, header words before or after their column; pre-2019 only).
* BLANK ZEROS: in a third of the reports whose style keeps or drops blank cells (``BLANK_ZERO_STYLES``)
  every table cell whose value is 0 is printed blank (an empty field / pipe cell / gap, or nothing at
  all) and has no gold entry; ``features`` then holds "blank_zeros" and "blank_zeros:<style>". The draw
  has a generator of its own, so the rest of such a report is the report without blank zeros.
* Headings: 一、/ 1、/ 1. / markdown ``##`` / Shanghai-style (prose sections first, the table sections
  numbered again from 一), level-2 （一）headings (own line or run into their paragraph), headings glued
  to "[image: …]" markers, unnumbered headings.
* Prose: several phrasings per general indicator, absence statements (gold 0, METRIC on the phrase, no
  NUMBER), Chinese numerals ("三十六件"), approximate values ("100多条", gold ``approximate: true``),
  money in 元 normalised to 万元 in gold, counts of things that are not indicators (O), distractor numbers
  (years, dates, phone and postal numbers, URLs, document numbers, statute articles, list markers,
  percentages), duplicated paragraphs, OCR-like look-alike characters in labels (never in digits), and
  traditional script (OpenCC s2t, converted piece by piece so that offsets stay exact).

Label conventions (docs/annotation.md and the hand-corrected records in data/annotations/records)
-------------------------------------------------------------------------------------------------
* HEADING: a report section heading, level 1 or 2, numbering included ("二、主动公开政府信息情况",
  "（一）主动公开情况"); without the markdown "##", a glued "[image: …]" marker, or the full stop of a
  run-in heading. The title line, table captions (第二十条第（一）项, "附件：…统计表") are not HEADING;
  a 统计表 that is a numbered section of the report ("七、…政府信息公开情况统计表") is.
* METRIC: a table row label without list marker / numbering / "其中：" ("属于国家秘密", "本年新收政府信息
  公开申请数量", "主动公开政府信息数", "（七）总计" → "总计"), the official bracket of "部分公开（区分处理的，
  …）" included, a printed note that is not part of the label ("（不同渠道和方式公开相同信息计1条）")
  excluded. Group rows are row labels too: "三、本年度办理结果" → "本年度办理结果", "（三）不予公开" → "不予
  公开", 2021 "（六）其他处理", 统计表 "一、主动公开情况"; also when printed as a markdown "###" line or
  spaced out by pdftotext ("本 年 度办 理 结果"). A label wrapped over lines is ONE span, whitespace
  included. Column headers (自然人, 总计, 本年制发件数, 计量单位, 历年累计, 数据1) and the 表四 block titles
  (行政复议, 未经复议直接起诉, 复议后起诉) are not METRIC. In prose: the phrase naming the counted act,
  verb included where the indicator is an act ("主动公开政府信息", "受理政府信息公开申请", "收取信息处理费",
  "上年结转政府信息公开申请"); in an absence statement the indicator phrase only ("全年未收到政府信息公开
  申请" → "政府信息公开申请"; "…提起行政诉讼的案件" → "提起行政诉讼").
  A label whose pieces the row's values cut apart (spaced: "部分公开（区分处理的，只计这一 4 0 … 4\\n情形，
  不计其他情形）") is one METRIC per recognisable piece, a one- or two-character piece O. Every copy of a
  label that python-docx repeats over merged grid columns is METRIC (each is the label of the row it
  stands on; the rules layer takes the last label before the values).
* NUMBER: a table cell value (digits, decimal point, minus sign, a unit glued to it as in
  "394432.52元"); unit cells ("条") and blank marks ("/", "—", "-") are not NUMBER. Cells that ran
  together in crawler text form ONE span per run ("3960181"; "230 000023" is two runs) — the rules
  layer decides where the cells are; ``number_runs="cell"`` gives one span per cell instead (adjacent
  spans, B-NUMBER at every cell). A list marker glued after the digits ("0000000|2.其他…") is outside.
  In prose: digits with the attached unit ("336条", "21 件" in PDF text, "三十六件", "100多条"), only for
  a catalog indicator or a 表三 fact (上年结转/结转下年度 …件, no gold id); counts of other things
  ("整改错链43处", "访问量23人次") are O. Never NUMBER: years, dates, times, phone / postal numbers, URLs,
  document numbers (〔2021〕30号, 国令第711号), statute articles (第二十条), list markers ("1." "（一）"
  "一是"), page numbers ("-2-"), numbers inside a form note ("计1条") or a label ("三类"), percentages
  ("17.46%": a share, not a count the catalog reports). The copies of a merged value cell (docx_tab) are
  NUMBER too, but only the first copy states the gold value.
* Gold: one entry per value the report states: table cells (``source: "table"``, period ``year``;
  Fujian 历年累计 → ``cumulative``; money normalised to the catalog unit, 元 → 万元) and prose statements
  (``source: "text"``; absence → 0; "100多条" → 100 with ``approximate: true``). Blank cells have no
  entry. A fact repeated by a duplicated paragraph is listed once. ``evidence`` (not written to JSONL)
  gives the characters of each value: its cell (inside a run's span) or its METRIC for an absence.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from service.catalog import get_catalog
from service.files import write_atomic
from service.schema import LABELS as LABELS  # the span labels of the generated reports

TEMPLATES = ("pre2019", "2019", "2021")
# New styles are appended at the end (so that existing combos keep their relative order in _combos).
TABLE_STYLES = (
    "pipe",
    "tab",
    "pdf_layout",
    "one_cell_per_line",
    "markdown",
    "flattened",
    "spaced",
    "cell_lines",
    "browser_tab",
    "docx_tab",
    "column_major",
)
STYLES = (*TABLE_STYLES, "prose")
# Styles whose tables keep a blank cell (an empty field / position) or drop it without trace: the ones that
# may print a report's zero cells blank (BLANK ZEROS, see generate_one).
BLANK_ZERO_STYLES = ("spaced", "cell_lines", "browser_tab", "docx_tab", "pipe", "tab", "pdf_layout", "markdown")
BLANK_ZERO_P = 0.35

# the forms' columns and blocks, as the catalog defines them (service/data/tables.yaml)
T3_COLUMNS = tuple(get_catalog().tables["t3"].columns)
T4_BLOCKS = tuple(b.key for b in get_catalog().tables["t4"].rows)
T4_COLUMNS = tuple(get_catalog().tables["t4"].columns)


@dataclass
class SyntheticReport:
    id: str
    text: str
    spans: list[tuple[int, int, str]]
    gold: list[dict]
    template: str  # "pre2019" | "2019" | "2021"
    style: str
    script: str  # "simplified" | "traditional"
    # Not part of the annotation record: what else this report exercises (for tests and sampling),
    # and the (start, end) of the span that states each gold value (parallel to ``gold``).
    features: list[str] = field(default_factory=list)
    evidence: list[tuple[int, int] | None] = field(default_factory=list)


# ==================================================================================================
# Building blocks: labelled text pieces and gold values
# ==================================================================================================


class Part:
    """A piece of the report text with its label (None = outside every span)."""

    __slots__ = ("gold", "label", "text")

    def __init__(self, text: str, label: str | None = None, gold: list[int] | None = None) -> None:
        self.text = text
        self.label = label
        self.gold = gold or []

    def copy(self) -> Part:  # a copy states no gold of its own (duplicated paragraphs)
        return Part(self.text, self.label)


class Gold:
    def __init__(self) -> None:
        self.entries: list[dict] = []

    def add(self, id_: str, value: float | int, *, source: str, period: str = "year", approximate: bool = False) -> int:
        d: dict = {"id": id_, "period": period, "value": value, "source": source}
        if approximate:
            d["approximate"] = True
        self.entries.append(d)
        return len(self.entries) - 1


def plain(text: str) -> Part:
    """Text outside every span (BIO ``O``)."""
    return Part(text)


@dataclass
class Cell:
    text: str
    gid: str | None = None  # gold id of the value (None: a unit cell or a blank mark)
    value: float | int | None = None
    period: str = "year"
    blanked: bool = False  # a zero printed as an empty cell (BLANK ZEROS): no value, no gold

    @property
    def is_number(self) -> bool:
        return self.gid is not None and self.value is not None


@dataclass
class Row:
    label: str  # METRIC text ("" for a row printed without label)
    cells: list[Cell]
    prefix: str = ""  # list marker / numbering before the label (outside the span)
    note: str = ""  # printed note after the label (outside the span)
    group: str = ""  # label of the group this row opens (t3 "（三）不予公开"), outside every span
    is_group: bool = False  # a group row of a 统计表 ("一、主动公开情况 | —— |"): METRIC, no values
    level: int = 0  # indentation level in PDF layout


@dataclass
class Table:
    kind: str  # t2 / t3 / t4 / national / fujian
    caption: str
    header: list[str]
    rows: list[Row]


@dataclass
class Heading:
    text: str  # numbering included
    level: int = 1
    runin: bool = False  # level-2 heading followed by its paragraph on the same line


@dataclass
class Para:
    parts: list[Part]


@dataclass
class Lines:
    """Free lines printed as they are (title, signature, table captions outside tables)."""

    parts: list[Part]


Block = Heading | Para | Table | Lines


# ==================================================================================================
# Numbers
# ==================================================================================================

_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int, rng: random.Random) -> str:
    """1..99 as Chinese numerals (两 sometimes for 2)."""
    if n == 2 and rng.random() < 0.5:
        return "两"
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    s = ("" if tens == 1 else _CN_DIGITS[tens]) + "十"
    return s + (_CN_DIGITS[ones] if ones else "")


def fmt(v: float | int) -> str:
    if isinstance(v, float):
        s = f"{v:.4f}".rstrip("0").rstrip(".")
        return s
    return str(v)


def money(rng: random.Random, lo: float, hi: float, decimals: int = 2) -> float:
    return round(rng.uniform(lo, hi), decimals)


def small(rng: random.Random, p_zero: float, hi: int) -> int:
    return 0 if rng.random() < p_zero else rng.randint(1, max(1, hi))


# ==================================================================================================
# Context of one report
# ==================================================================================================

_PLACES = [
    "云溪", "南岭", "青禾", "临川", "东坪", "西湾", "北梧", "望海", "石门", "长汀", "柳江", "金沙", "白鹭",
    "松原", "沭河", "桃源", "清水", "凤岗", "龙泉", "安平", "新丰", "平溪", "宁远", "梅岭",
]  # fmt: skip
_ORG_KINDS = [
    ("{p}区人民政府", "我区", "办公室", "区"),
    ("{p}县人民政府", "我县", "办公室", "县"),
    ("{p}市人民政府", "我市", "办公室", "市"),
    ("{p}镇人民政府", "我镇", "镇党政办公室", "镇"),
    ("{p}市生态环境局", "我局", "办公室", "市"),
    ("{p}区教育局", "我局", "办公室", "区"),
    ("{p}县交通运输局", "我局", "办公室", "县"),
    ("{p}市科学技术局", "本机关", "办公室", "市"),
    ("{p}区住房和城乡建设局", "我局", "办公室", "区"),
    ("{p}综合实验区管委会", "我区", "办公室", "区"),
    ("{p}经济开发区管理委员会", "我区", "党政办公室", "区"),
    ("{p}县市场监督管理局", "我局", "办公室", "县"),
]
_ROADS = ["人民路", "解放大道", "滨江路", "府前街", "建设路", "朝阳路", "新华路", "文昌路", "湖滨大道"]


class Ctx:
    def __init__(self, rng: random.Random, template: str, style: str, table_kind: str) -> None:
        self.rng = rng
        self.template = template
        self.style = style
        self.table_kind = table_kind  # t / national / fujian / none
        self.gold = Gold()
        self.features: list[str] = []
        if template == "pre2019":
            self.year = rng.randint(2009 if table_kind != "national" else 2015, 2018)
        elif template == "2019":
            self.year = rng.randint(2019, 2020)
        else:
            self.year = rng.randint(2021, 2025)
        place = rng.choice(_PLACES)
        kind, self.we, self.office, self.level = rng.choice(_ORG_KINDS)
        self.org = kind.format(p=place)
        self.place = place
        self.pdf = style == "pdf_layout"
        self.flat = style == "flattened"
        self.md = style == "markdown"
        self.sp = " " if self.pdf and rng.random() < 0.85 else ""  # pdftotext spaces around numbers
        self.cn_p = 0.12 if rng.random() < 0.5 else 0.0  # Chinese numerals in this report's prose
        # Set by generate_one (no draws here, so that the existing styles' reports stay the same):
        self.blank_zeros = False  # zero cells printed blank (BLANK ZEROS)
        self.varied = False  # prose statements composed from ACTS and FRAMES too (phrasing="varied")
        self.flavour = ""  # spaced: "pdfplumber" | "pypdfium2"; cell_lines: "pymupdf" | "bs4"; browser_tab: "html2text"
        self.wrap_prose = False  # prose broken into PDF lines (text of a PDF tool without -layout)

    # ---- prose helpers ------------------------------------------------------------------------
    def year_text(self, y: int | None = None, suffix: str = "年") -> str:
        y = self.year if y is None else y
        return f"{y}{self.sp}{suffix}" if self.sp else f"{y}{suffix}"

    def number(
        self,
        value: int | float,
        unit: str,
        gid: str | None,
        *,
        gold_value=None,
        approx: bool = False,
        cn_ok: bool = True,
    ) -> list[Part]:
        """A NUMBER span for a prose value; registers the gold value when gid is given."""
        rng = self.rng
        if approx:
            text = f"{fmt(value)}{rng.choice(['余', '多'])}{unit}"
        elif (
            cn_ok
            and isinstance(value, int)
            and 0 < value < 100
            and unit not in ("起", "处", "部", "所")
            and rng.random() < self.cn_p
        ):  # 一起 / 一处 read as words, not counts
            text = cn_number(value, rng) + unit
        else:
            text = f"{fmt(value)}{self.sp}{unit}"
        refs = []
        if gid is not None:
            refs.append(
                self.gold.add(gid, value if gold_value is None else gold_value, source="text", approximate=approx)
            )
        out = [Part(" ")] if self.sp and not approx else []
        out.append(Part(text, "NUMBER", refs))
        return out


# ==================================================================================================
# Prose templates
# ==================================================================================================
#
# Slots: {M:phrase} METRIC · {N} the next fact's value (NUMBER; gold unless the fact's id is None) ·
# {Z:phrase} absence of the next fact (METRIC with gold 0) · {C:unit} a count of something that is no
# indicator (O) ·
# {P} a percentage (O) · {Y} the report year ("2023年") · {W} who ("我区") · {O} the organisation ·
# {D} a document number (O).

_SLOT = re.compile(r"\{([A-Z])(?::([^{}]*))?\}")


@dataclass
class F:
    """A fact stated in prose: id, printed value and unit, gold value if it differs (money)."""

    id: str | None  # None: a value of a form row that has no general id (上年结转…2件): NUMBER, no gold
    value: int | float
    unit: str
    gold: int | float | None = None
    approx: bool = False
    cn_ok: bool = True


def render(ctx: Ctx, template: str, *facts: F) -> list[Part]:
    rng = ctx.rng
    out: list[Part] = []
    it = iter(facts)
    pos = 0
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            out.append(plain(template[pos : m.start()]))
        pos = m.end()
        kind, arg = m.group(1), m.group(2)
        if kind == "M":
            out.append(Part(arg, "METRIC"))
        elif kind == "N":
            f = next(it)
            out += ctx.number(f.value, f.unit, f.id, gold_value=f.gold, approx=f.approx, cn_ok=f.cn_ok)
        elif kind == "Z":
            f = next(it)
            assert f.id is not None, template  # a {Z:…} states a gold value: its fact has an id
            out.append(Part(arg, "METRIC", [ctx.gold.add(f.id, 0, source="text")]))
        elif kind == "C":  # a count of something the catalog does not report: O, like the annotations
            v = rng.choice([rng.randint(2, 30), rng.randint(10, 400), rng.randint(100, 9000)])
            out.append(plain(f"{ctx.sp}{v}{ctx.sp}{arg}"))
        elif kind == "P":
            p = rng.choice([f"{rng.randint(60, 100)}%", f"{rng.uniform(1, 99):.2f}%", f"{rng.randint(5, 60)}%"])
            out.append(plain((" " if ctx.sp else "") + p))
        elif kind == "Y":
            out.append(plain(ctx.year_text(ctx.year + int(arg) if arg else None)))
        elif kind == "W":
            out.append(plain(ctx.we))
        elif kind == "O":
            out.append(plain(ctx.org))
        elif kind == "D":  # a document number: 〔2023〕12号
            out.append(
                plain(f"{ctx.place[0]}{rng.choice(['政办发', '政办', '办发'])}〔{ctx.year}〕{rng.randint(1, 120)}号")
            )
    if pos < len(template):
        out.append(plain(template[pos:]))
    return [p for p in out if p.text]


# Statements of one indicator each: id → templates with one {N} (values) or {Z:…} (absence, value 0).
SAY: dict[str, list[str]] = {
    "active.total": [
        "{Y}，{W}{M:主动公开政府信息}{N}，内容涵盖机构职能、政策文件、财政资金、重点项目等方面。",
        "全年通过门户网站、政务新媒体等渠道{M:主动公开各类政府信息}{N}。",
        "本年度共{M:主动公开政府信息}{N}，做到应公开尽公开。",
        "{W}依托门户网站{M:主动发布各类政府信息}{N}，公开及时率保持在{P}。",
        "{Y}全年{M:主动公开信息}{N}。",
        "全年共{M:公布政府信息}{N}，信息更新频率明显提高。",
    ],
    "active.website": [
        "其中通过{M:政府网站公开政府信息}{N}。",
        "通过{M:门户网站发布信息}{N}，网站仍是公开第一平台。",
    ],
    "active.gazette": ["编印政府公报，{M:政府公报公开政府信息}{N}。", "{M:通过政府公报发布信息}{N}。"],
    "active.weibo": ["{M:政务微博发布信息}{N}。", "政务微博账号全年运行平稳，{M:政务微博公开政府信息}{N}。"],
    "active.wechat": ["{M:微信公众号发布信息}{N}。", "{M:政务微信公开政府信息}{N}，关注人数稳步增长。"],
    "active.other_channels": [
        "通过公开栏、电子显示屏等{M:其他方式公开政府信息}{N}。",
        "以{M:便于公众知晓的方式公开信息}{N}。",
    ],
    "active.normative_documents": ["全年{M:主动公开规范性文件}{N}。"],
    "active.normative_documents_issued": ["本年度{M:制发规范性文件}{N}，均按规定向社会公开。"],
    "response.interpretations": [
        "围绕重要政策文件发布{M:政策解读稿件}{N}。",
        "采用图文、视频等形式制作{M:政策解读}{N}。",
        "全年发布{M:解读类信息}{N}，解读与文件同步发布。",
    ],
    "response.press_conferences": ["组织{M:召开新闻发布会}{N}，及时发布权威信息。", "全年{M:举办新闻发布会}{N}。"],
    "response.online_interviews": ["开展{M:在线访谈}{N}，邀请部门负责人解答群众关切。"],
    "response.hotspots": ["及时{M:回应公众关注热点}{N}，引导社会预期。"],
    "request.received": [
        "{Y}，{W}共{M:受理政府信息公开申请}{N}，均在法定期限内答复。",
        "全年{M:收到政府信息公开申请}{N}，所有申请均已按要求办理。",
        "本年度{W}{M:受理信息公开申请}{N}。",
        "{Y}共{M:收到政府信息公开的申请}{N}，已全部依法作出答复。",
    ],
    "request.closed": ["全年{M:办结政府信息公开申请}{N}，办理质量稳步提升。"],
    "review.total": [
        "全年发生{M:政府信息公开行政复议}{N}。",
        "本年度收到{M:行政复议申请}{N}，均已依法答复。",
    ],
    "litigation.total": ["全年涉及{M:政府信息公开行政诉讼}{N}。", "发生{M:行政诉讼案件}{N}。"],
    "fees.collected": [
        "{Y}，{W}严格执行相关管理规定，全年{M:收取信息处理费}{N}。",
        "全年依申请公开共{M:收取信息处理费}{N}。",
        "本年度{M:收取信息公开处理费}共计{N}。",
    ],
    "org.staff": ["现有{M:从事政府信息公开工作人员}{N}。"],
    "org.staff_full_time": ["配备{M:专职人员}{N}。"],
    "org.staff_part_time": ["另有{M:兼职人员}{N}协助开展工作。"],
    "org.dedicated_units": ["设立{M:政府信息公开工作专门机构}{N}。"],
    "org.reading_points": [
        "在档案馆、图书馆等场所设置{M:政府信息公开查阅点}{N}。",
        "共设立{M:公共查阅点}{N}，方便群众就近查阅。",
    ],
    "org.budget": ["安排{M:政府信息公开专项经费}{N}。"],
    "meeting.meetings": ["全年召开{M:政务公开专题会议}{N}，研究部署重点工作。"],
    "meeting.trainings": ["{M:举办培训班}{N}，提升工作人员业务能力。"],
    "meeting.trainees": ["累计{M:参训人员}{N}。"],
    "request.received_online": ["其中{M:网上申请}{N}。"],
    "request.received_letter": ["{M:信函申请}{N}。"],
    "request.received_in_person": ["{M:当面申请}{N}。"],
    "request.answered": ["{M:对申请的答复}共{N}。"],
    "request.answered_granted": ["其中{M:同意公开答复}{N}。"],
}

ABSENT: dict[str, list[str]] = {
    "request.received": [
        "{Y}全年未收到{Z:政府信息公开申请}。",
        "本年度{W}没有收到{Z:政府信息公开的申请}。",
        "{Y}，{W}未收到有关{Z:信息公开申请}。",
    ],
    "review.total": [
        "全年未发生因政府信息公开引起的{Z:行政复议案件}。",
        "本年度未收到有关{Z:政府信息公开行政复议}的申请。",
    ],
    "litigation.total": ["全年未发生因政府信息公开{Z:提起行政诉讼}的案件。", "全年没有发生{Z:政府信息公开行政诉讼}。"],
    "complaint.total": ["未收到有关政府信息公开的{Z:举报投诉}。", "未发生{Z:政府信息公开申诉}事项。"],
    "fees.collected": [
        "{Y}，{W}未{Z:收取信息处理费}。",
        "全年没有{Z:收取信息公开处理费}的情况。",
        "本年度依申请提供政府信息未{Z:收取信息处理费}。",
    ],
    "response.press_conferences": ["本年度未{Z:召开新闻发布会}。"],
    "org.staff_full_time": ["目前尚未配备{Z:专职人员}，相关工作由办公室人员兼顾。"],
}
# Several ids in one statement.
ABSENT_COMBINED = [
    (
        "{Y}，{W}未发生因政府信息公开而提起的{Z:行政复议}、{Z:行政诉讼}和{Z:申诉}。",
        ("review.total", "litigation.total", "complaint.total"),
    ),
    ("全年未收到有关政府信息公开的{Z:行政复议}、{Z:提起行政诉讼}的申请。", ("review.total", "litigation.total")),
    ("全年未被提起{Z:行政复议}、{Z:行政诉讼}。", ("review.total", "litigation.total")),
]


# Varied phrasing (``generate(..., phrasing="varied")``): statements composed from an indicator's acts
# and objects and from sentence frames, so that no phrasing is seen often enough to be learnt by heart.
ACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # id -> (verbs, objects)
    "active.total": (("主动公开", "公开", "发布", "主动发布", "公布", "累计公开"), ("政府信息", "各类政府信息", "各类信息", "政府信息公开内容")),
    "active.website": (("通过政府网站公开", "在门户网站发布", "通过门户网站公开", "依托政府网站发布", "通过部门网站发布"), ("政府信息", "信息", "各类信息")),
    "active.wechat": (("通过政务微信公众号发布", "政务微信发布", "通过微信公众号推送", "利用微信公众号发布"), ("信息", "政府信息")),
    "active.weibo": (("通过政务微博发布", "政务微博发布", "利用政务微博公开"), ("信息", "政府信息")),
    "active.normative_documents": (("主动公开", "公开", "发布"), ("规范性文件", "行政规范性文件")),
    "active.normative_documents_issued": (("制发", "印发", "制定", "新制发"), ("规范性文件", "行政规范性文件")),
    "response.interpretations": (("发布", "制作", "编发", "推出"), ("政策解读", "解读材料", "政策解读稿件", "解读类信息")),
    "response.hotspots": (("回应", "及时回应", "回应处置"), ("公众关注热点", "社会关切", "热点问题", "公众关注热点信息")),
    "request.received": (("受理", "收到", "接收", "新收"), ("政府信息公开申请", "依申请公开申请", "信息公开申请", "政府信息公开申请事项")),
    "request.closed": (("办结", "办理完成", "答复办结", "依法办结"), ("政府信息公开申请", "依申请公开件", "信息公开申请")),
    "review.total": (("发生", "收到", "涉及", "办理"), ("政府信息公开行政复议", "行政复议申请", "行政复议案件", "政府信息公开类行政复议")),
    "litigation.total": (("发生", "涉及", "被提起", "应诉"), ("政府信息公开行政诉讼", "行政诉讼案件", "政府信息公开类行政诉讼")),
    "fees.collected": (("收取", "共收取"), ("信息处理费", "信息公开处理费", "政府信息公开信息处理费")),
}  # fmt: skip
# {A} the act phrase (METRIC), {O} the object alone (METRIC), {L} a lead-in, {N} the value
FRAMES = (
    "{L}{A}{N}。", "{L}共{A}{N}。", "{L}{A}共计{N}。", "{L}{A}达{N}。", "{L}累计{A}{N}，较上年有所增加。",
    "{L}{A}{N}，均在法定期限内完成。", "{L}{O}数量为{N}。", "{L}{O}总数为{N}。", "{L}共有{O}{N}。",
    "{L}{A} {N}，同比增长{P}。",
)  # fmt: skip
LEADS = ("", "{Y}，", "全年", "本年度", "{Y}，{W}", "{W}", "今年以来，", "报告期内，", "{Y}全年")
# counts that are no standard indicator, said the way indicators are (they must stay unmapped)
OTHER_COUNTS = (
    "{L}办理书记、市长信箱留言{C:件}。", "{L}回复网民留言{C:条}，办结率100%。", "{L}网络问政平台受理群众诉求{C:件}。",
    "{L}接听政策咨询电话{C:个}。", "{L}编发政务信息{C:期}。", "{L}办理人大代表建议{C:件}、政协提案{C:件}。",
    "{L}梳理公开政务服务事项{C:项}。", "{L}门户网站累计访问量{C:人次}。", "{L}更新办事指南{C:项}。",
    "{L}信访部门受理群众来信{C:件}。", "{L}开展政务公开日活动{C:场}。", "{L}清理失效信息{C:条}。",
)  # fmt: skip


def _composed(ctx: Ctx, id_: str) -> str:
    verbs, objects = ACTS[id_]
    rng = ctx.rng
    obj = rng.choice(objects)
    frame = rng.choice(FRAMES).replace("{L}", rng.choice(LEADS))
    return frame.replace("{A}", "{M:" + rng.choice(verbs) + obj + "}").replace("{O}", "{M:" + obj + "}")


def say(ctx: Ctx, id_: str, value: int | float, unit: str, *, gold=None, approx: bool = False) -> list[Part]:
    """One prose statement of an indicator (absence phrasing for 0 when there is one)."""
    rng = ctx.rng
    if value == 0 and id_ in ABSENT and rng.random() < 0.85:
        return render(ctx, rng.choice(ABSENT[id_]), F(id_, 0, unit))
    fact = F(id_, value, unit, gold=gold, approx=approx)
    if ctx.varied and id_ in ACTS and rng.random() < 0.7:
        out = render(ctx, _composed(ctx, id_), fact)
        if rng.random() < 0.4:  # a count of something else said the same way, right after
            out += render(ctx, rng.choice(OTHER_COUNTS).replace("{L}", rng.choice(LEADS)))
        return out
    return render(ctx, rng.choice(SAY[id_]), fact)


# Sentences that state no indicator: context, distractor numbers, counts of other things.
FILLER = {
    "overview": [
        "{Y}，{W}坚持把政务公开作为建设法治政府的重要抓手，持续完善信息发布、解读回应和依申请办理等工作机制，公开的规范化水平稳步提高。",
        "{W}进一步健全主要负责同志亲自抓、分管负责同志具体抓、办公室统筹协调的工作格局，层层压实公开责任。",
        "围绕优化营商环境、保障改善民生等重点任务，持续加大决策、执行、管理、服务、结果公开力度，以公开促落实、促规范、促服务。",
        "对照上级年度工作要点，逐项细化任务分工，明确完成时限，按季度调度推进情况。",
        "一是抓好制度落实；二是抓好平台建设；三是抓好重点领域公开，各项任务均按期完成。",
        "年初印发政务公开工作要点（{D}），明确年度重点任务{C:项}，逐项落实责任单位和完成时限。",
    ],
    "manage": [
        "严格落实信息发布前保密审查和合法性审查制度，全年对拟公开文件开展审查{C:件}，未发生泄密事件。",
        "组织开展已公开信息集中清理，下线过期失效信息{C:条}，更新办事指南{C:项}。",
        "动态调整政府信息公开目录，新增二级栏目{C:个}，目录体系更加科学合理。",
        "严格执行“先审后发、三审三校”制度，从源头把好政治关、法律关、保密关、文字关。",
        "主要做法如下：1.完善发布审核流程；2.规范公开目录编制；3.强化日常督查考核。",
        "（1）公文起草时一并写明公开方式；（2）落实发布前审查；（3）做好已公开信息的动态更新。",
    ],
    "platform": [
        "加强对网站和新媒体账号的日常监管，全年开展常态化巡查{C:次}，整改错链断链{C:处}。",
        "关停整合更新缓慢、功能重复的政务新媒体账号{C:个}，集约化水平进一步提升。",
        "门户网站全年访问量达{C:人次}，页面适老化改造后平均打开时间缩短{P}。",
        "优化网站智能检索功能，群众查找信息更加便捷，检索准确率提升至{P}。",
    ],
    "supervise": [
        "将政务公开工作纳入年度绩效考核，考核分值占比{P}，以考核倒逼责任落实。",
        "通过问卷调查收集意见建议{C:条}，群众满意度达{P}。",
        "定期通报各单位公开工作情况，全年发出督办提醒{C:次}，推动问题及时整改。",
        "组织业务骨干参加上级举办的专题业务辅导，依法公开能力进一步提升。",
    ],
    "problems": [
        "{W}政务公开工作虽有进展，离上级要求和公众期望还有距离：一是个别单位主动公开意识不够强；二是解读材料的形式还比较单一；三是工作人员变动较频繁，业务能力有待提升。",
        "下一步，{W}将从以下方面加以改进：一是强化统筹协调，压紧压实公开责任；二是提升解读质量，丰富图解、视频等形式；三是加强队伍建设，定期开展业务交流。",
        "存在的主要问题是部分栏目更新不够及时，基层公开标准化建设仍需深化。针对上述问题，将健全常态化监测机制，推动公开工作提质增效。",
    ],
    "other": [
        "本年度没有需要另行报告的事项。",
        "{W}按要求完成了人大代表建议和政协提案办理结果公开，办理复文均已在网站公布。",
    ],
}


def filler(ctx: Ctx, kind: str, k: int = 1) -> list[Part]:
    out: list[Part] = []
    for t in ctx.rng.sample(FILLER[kind], k=min(k, len(FILLER[kind]))):
        out += render(ctx, t)
    return out


# ==================================================================================================
# Table values (consistent by construction)
# ==================================================================================================

T3_RESULT_ROWS = [
    ("granted", 0.34), ("partial", 0.1),
    ("denied_state_secret", 0.01), ("denied_law_forbidden", 0.015), ("denied_three_safety", 0.01),
    ("denied_third_party", 0.015), ("denied_internal_affairs", 0.02), ("denied_process_info", 0.02),
    ("denied_enforcement_file", 0.01), ("denied_admin_query", 0.03),
    ("unable_not_held", 0.22), ("unable_needs_creation", 0.03), ("unable_unclear", 0.02),
    ("not_processed_petition", 0.04), ("not_processed_repeat", 0.03), ("not_processed_publication", 0.005),
    ("not_processed_massive", 0.005), ("not_processed_confirm", 0.01),
    ("other_no_correction", 0.04), ("other_unpaid_fee", 0.005), ("other_other", 0.04),
]  # fmt: skip


def gen_t3(rng: random.Random) -> dict[str, dict[str, int]]:
    """values[row][column] for every row (2021 rows; other_handling = the sum of the three)."""
    scale = rng.choice([rng.randint(0, 6), rng.randint(3, 40), rng.randint(20, 200), rng.randint(150, 1500)])
    cols = T3_COLUMNS[:-1]
    share = {
        "natural_person": 1.0,
        "commercial": 0.08,
        "research": 0.01,
        "social_welfare": 0.01,
        "legal_service": 0.03,
        "other_org": 0.02,
    }
    active = {
        "natural_person": 1.0,
        "commercial": 0.5,
        "research": 0.1,
        "social_welfare": 0.1,
        "legal_service": 0.3,
        "other_org": 0.25,
    }
    rows = [r for r, _ in T3_RESULT_ROWS]
    weights = [w * rng.uniform(0.2, 1.8) * (0 if rng.random() < 0.25 else 1) for _, w in T3_RESULT_ROWS]
    weights[0] = max(weights[0], 0.05)
    v: dict[str, dict[str, int]] = {
        r: {} for r in [*rows, "new_received", "carried_over", "total", "carried_forward", "other_handling"]
    }
    for c in cols:
        n = 0
        if rng.random() < active[c]:
            n = max(0, round(scale * share[c] * rng.uniform(0.3, 1.5))) if c != "natural_person" else scale
            if c != "natural_person" and n == 0 and rng.random() < 0.5:
                n = rng.randint(1, 3)
        counts = Counter(rng.choices(rows, weights=weights, k=n)) if n else Counter()
        for r in rows:
            v[r][c] = counts.get(r, 0)
        total = n
        forward = rng.randint(0, max(1, total // 8)) if total and rng.random() < 0.35 else 0
        carried = rng.randint(0, min(total + forward, max(1, total // 6))) if rng.random() < 0.35 else 0
        v["total"][c] = total
        v["carried_forward"][c] = forward
        v["carried_over"][c] = carried
        v["new_received"][c] = total + forward - carried
        v["other_handling"][c] = v["other_no_correction"][c] + v["other_unpaid_fee"][c] + v["other_other"][c]
    for r in v:
        v[r]["total"] = sum(v[r][c] for c in cols)
    return v


def gen_t4(rng: random.Random, busy: int) -> dict[str, dict[str, int]]:
    out = {}
    for b, p_zero in zip(T4_BLOCKS, (0.45, 0.7, 0.75)):
        if rng.random() < p_zero:
            vals = [0, 0, 0, 0]
        else:
            hi = max(1, busy // (8 if b == "review" else 25))
            vals = [
                small(rng, 0.3, hi),
                small(rng, 0.6, max(1, hi // 3)),
                small(rng, 0.5, hi),
                small(rng, 0.5, max(1, hi // 2)),
            ]
        out[b] = dict(zip(T4_COLUMNS, [*vals, sum(vals)]))
    return out


# ==================================================================================================
# Table structures
# ==================================================================================================

T3_ROWDEFS = [
    # key, group label opened by the row, prefix, label, level
    ("new_received", "", "一、", "本年新收政府信息公开申请数量", 0),
    ("carried_over", "", "二、", "上年结转政府信息公开申请数量", 0),
    ("granted", "三、本年度办理结果", "（一）", "予以公开", 1),
    ("partial", "", "（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    ("denied_state_secret", "（三）不予公开", "1.", "属于国家秘密", 2),
    ("denied_law_forbidden", "", "2.", "其他法律行政法规禁止公开", 2),
    ("denied_three_safety", "", "3.", "危及“三安全一稳定”", 2),
    ("denied_third_party", "", "4.", "保护第三方合法权益", 2),
    ("denied_internal_affairs", "", "5.", "属于三类内部事务信息", 2),
    ("denied_process_info", "", "6.", "属于四类过程性信息", 2),
    ("denied_enforcement_file", "", "7.", "属于行政执法案卷", 2),
    ("denied_admin_query", "", "8.", "属于行政查询事项", 2),
    ("unable_not_held", "（四）无法提供", "1.", "本机关不掌握相关政府信息", 2),
    ("unable_needs_creation", "", "2.", "没有现成信息需要另行制作", 2),
    ("unable_unclear", "", "3.", "补正后申请内容仍不明确", 2),
    ("not_processed_petition", "（五）不予处理", "1.", "信访举报投诉类申请", 2),
    ("not_processed_repeat", "", "2.", "重复申请", 2),
    ("not_processed_publication", "", "3.", "要求提供公开出版物", 2),
    ("not_processed_massive", "", "4.", "无正当理由大量反复申请", 2),
    ("not_processed_confirm", "", "5.", "要求行政机关确认或重新出具已获取信息", 2),
]
T3_OTHER_2019 = [("other_handling", "", "（六）", "其他处理", 1)]
T3_OTHER_2021 = [
    (
        "other_no_correction",
        "（六）其他处理",
        "1.",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
    ),
    ("other_unpaid_fee", "", "2.", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    ("other_other", "", "3.", "其他", 2),
]
T3_TAIL = [("total", "", "（七）", "总计", 1), ("carried_forward", "", "四、", "结转下年度继续办理", 0)]

T3_HEADER = ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T4_HEADER_WORDS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _marker(rng_style: str, m: str) -> str:
    """List marker variants: 1. / 1、 / 1． / 1. (with space)."""
    if not m or not m[0].isdigit():
        return m
    d = m[:-1]
    return {"dot": d + ".", "comma": d + "、", "wide": d + "．", "space": d + ". "}[rng_style]


def _paren(style: str, m: str) -> str:
    """（一） → (一) in half-width style (the leading numbering only)."""
    return re.sub(r"^（([^（）]*)）", r"(\1)", m) if style == "half" else m


def build_t3(ctx: Ctx, values: dict[str, dict[str, int]], version: str) -> Table:
    rng = ctx.rng
    mstyle = rng.choice(["dot", "dot", "dot", "comma", "wide", "space"])
    pstyle = "half" if rng.random() < 0.2 else "full"
    defs = T3_ROWDEFS + (T3_OTHER_2019 if version == "2019" else T3_OTHER_2021) + T3_TAIL
    rows = []
    for key, group, prefix, label, level in defs:
        cells = [Cell(str(values[key][c]), f"t3.{key}.{c}", values[key][c]) for c in T3_COLUMNS]
        if key == "denied_three_safety" and rng.random() < 0.2:
            label = '危及"三安全一稳定"'
        rows.append(
            Row(label, cells, prefix=_paren(pstyle, _marker(mstyle, prefix)), group=_paren(pstyle, group), level=level)
        )
    return Table("t3", "", T3_HEADER, rows)


def build_t4(ctx: Ctx, values: dict[str, dict[str, int]], split: bool) -> Table:
    cells = [Cell(str(values[b][c]), f"t4.{b}.{c}", values[b][c]) for b in T4_BLOCKS for c in T4_COLUMNS]
    if split:
        names = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
        rows = [Row("", cells[i * 5 : i * 5 + 5], prefix=names[i]) for i in range(3)]
        return Table("t4", "", ["", *T4_HEADER_WORDS], rows)
    return Table("t4", "", [], [Row("", cells)])


def build_t2(ctx: Ctx, version: str) -> list[Table]:
    rng = ctx.rng
    county = ctx.level in ("县", "镇", "区") and rng.random() < 0.5
    blank = lambda: rng.choice(["/", "—", "-", "0"] if county else ["/", "—"])  # noqa: E731
    tables = []
    hdr = "信息内容"

    def cell(id_: str, v) -> Cell:
        return Cell(fmt(v), id_, v)

    def maybe_blank(id_: str, v) -> Cell:
        if county and rng.random() < 0.5:
            b = blank()
            return Cell(b, id_, 0) if b == "0" else Cell(b)
        return cell(id_, v)

    nd_label = "行政规范性文件" if version == "2021" and rng.random() < 0.8 else "规范性文件"
    cap = lambda i: f"第二十条第（{i}）项" if rng.random() < 0.85 else f"第二十条 第（{i}）项"  # noqa: E731

    def regulations(cols: list[str], headers: list[str], reg: list[int], nd: list[int]) -> Table:
        """第二十条第（一）项: 规章 and 规范性文件, in the columns of the form's version."""
        return Table(
            "t2",
            cap("一"),
            [hdr, *headers],
            [
                Row("规章", [maybe_blank(f"t2.regulations.{c}", x) for c, x in zip(cols, reg)]),
                Row(nd_label, [cell(f"t2.normative_documents.{c}", x) for c, x in zip(cols, nd)]),
            ],
        )

    if version == "2019":
        reg = [small(rng, 0.8, 3)]
        reg += [reg[0], reg[0] + small(rng, 0.5, 20)]
        nd = [small(rng, 0.3, 60)]
        nd += [nd[0], nd[0] + small(rng, 0.2, 300)]
        tables.append(
            regulations(
                ["made", "published", "total_public"], ["本年新制作数量", "本年新公开数量", "对外公开总数量"], reg, nd
            )
        )

        def psd():
            prev = small(rng, 0.1, 600)
            ch = rng.randint(-min(prev, 20), 30) if rng.random() < 0.6 else 0
            return [prev, ch, small(rng, 0.1, 50000)]

        cols3 = ["previous", "change", "decisions"]
        h3 = [hdr, "上一年项目数量", "本年增/减", "处理决定数量"]
        tables.append(
            Table(
                "t2",
                cap("五"),
                h3,
                [
                    Row("行政许可", [cell(f"t2.licensing.{c}", x) for c, x in zip(cols3, psd())]),
                    Row("其他对外管理服务事项", [cell(f"t2.other_services.{c}", x) for c, x in zip(cols3, psd())]),
                ],
            )
        )
        tables.append(
            Table(
                "t2",
                cap("六"),
                h3,
                [
                    Row("行政处罚", [cell(f"t2.penalty.{c}", x) for c, x in zip(cols3, psd())]),
                    Row("行政强制", [cell(f"t2.coercion.{c}", x) for c, x in zip(cols3, psd())]),
                ],
            )
        )
        fp = small(rng, 0.3, 40)
        tables.append(
            Table(
                "t2",
                cap("八"),
                [hdr, "上一年项目数量", "本年增/减"],
                [
                    Row(
                        "行政事业性收费",
                        [cell("t2.fees.previous", fp), cell("t2.fees.change", rng.randint(-min(fp, 5), 3))],
                    ),
                ],
            )
        )
        projects = small(rng, 0.2, 3000)
        amount_wan = money(rng, 10, 90000, 2) if projects else 0
        r = rng.random()
        if r < 0.3 and amount_wan:
            yuan = round(amount_wan * 10000, 2)
            amount_cell = Cell(f"{fmt(yuan)}元", "t2.procurement.amount", round(yuan / 10000, 6))
        elif r < 0.45 and amount_wan:
            amount_cell = Cell(f"{fmt(amount_wan)}万元", "t2.procurement.amount", amount_wan)
        else:
            amount_cell = cell("t2.procurement.amount", amount_wan)
        tables.append(
            Table(
                "t2",
                cap("九"),
                [hdr, "采购项目数量", "采购总金额"],
                [
                    Row("政府集中采购", [cell("t2.procurement.projects", projects), amount_cell]),
                ],
            )
        )
    else:
        reg_in = small(rng, 0.6, 40)
        reg = [small(rng, 0.7, 3), small(rng, 0.8, 3), reg_in]
        nd = [small(rng, 0.2, 90), small(rng, 0.4, 40), small(rng, 0.05, 700)]
        tables.append(
            regulations(["issued", "repealed", "in_force"], ["本年制发件数", "本年废止件数", "现行有效件数"], reg, nd)
        )
        dec = lambda hi: small(rng, 0.1, hi)  # noqa: E731
        tables.append(
            Table(
                "t2",
                cap("五"),
                [hdr, "本年处理决定数量"],
                [
                    Row("行政许可", [cell("t2.licensing.decisions", dec(rng.choice([800, 12000, 500000])))]),
                ],
            )
        )
        tables.append(
            Table(
                "t2",
                cap("六"),
                [hdr, "本年处理决定数量"],
                [
                    Row("行政处罚", [cell("t2.penalty.decisions", dec(rng.choice([300, 5000, 900000])))]),
                    Row("行政强制", [cell("t2.coercion.decisions", dec(rng.choice([50, 400, 90000])))]),
                ],
            )
        )
        amt = money(rng, 0, 100000, rng.choice([0, 1, 2, 2, 3, 4])) if rng.random() < 0.85 else 0
        amt = int(amt) if float(amt).is_integer() else amt
        tables.append(
            Table(
                "t2",
                cap("八"),
                [hdr, "本年收费金额（单位：万元）"],
                [
                    Row("行政事业性收费", [cell("t2.fees.amount", amt)]),
                ],
            )
        )
    return tables


# ---- pre-2019 statistics tables -----------------------------------------------------------------

# (id or None for a group row, prefix, label, note, unit)
NATIONAL_ROWS = [
    (None, "一、", "主动公开情况", "", ""),
    ("active.total", "（一）", "主动公开政府信息数", "（不同渠道和方式公开相同信息计1条）", "条"),
    ("active.normative_documents", "其中：", "主动公开规范性文件数", "", "条"),
    ("active.normative_documents_issued", "", "制发规范性文件总数", "", "件"),
    (None, "（二）", "通过不同渠道和方式公开政府信息的情况", "", ""),
    ("active.gazette", "1.", "政府公报公开政府信息数", "", "条"),
    ("active.website", "2.", "政府网站公开政府信息数", "", "条"),
    ("active.weibo", "3.", "政务微博公开政府信息数", "", "条"),
    ("active.wechat", "4.", "政务微信公开政府信息数", "", "条"),
    ("active.other_channels", "5.", "其他方式公开政府信息数", "", "条"),
    (None, "二、", "回应解读情况", "", ""),
    ("response.hotspots", "（一）", "回应公众关注热点或重大舆情数", "（不同方式回应同一热点或舆情计1次）", "次"),
    (None, "（二）", "通过不同渠道和方式回应解读的情况", "", ""),
    ("response.press_conferences", "1.", "参加或举办新闻发布会总次数", "", "次"),
    ("response.press_conferences_principal", "其中：", "主要负责同志参加新闻发布会次数", "", "次"),
    ("response.online_interviews", "2.", "政府网站在线访谈次数", "", "次"),
    ("response.online_interviews_principal", "其中：", "主要负责同志参加政府网站在线访谈次数", "", "次"),
    ("response.interpretations", "3.", "政策解读稿件发布数", "", "篇"),
    ("response.weibo_wechat", "4.", "微博微信回应事件数", "", "次"),
    ("response.other", "5.", "其他方式回应事件数", "", "次"),
    (None, "三、", "依申请公开情况", "", ""),
    ("request.received", "（一）", "收到申请数", "", "件"),
    ("request.received_in_person", "1.", "当面申请数", "", "件"),
    ("request.received_fax", "2.", "传真申请数", "", "件"),
    ("request.received_online", "3.", "网络申请数", "", "件"),
    ("request.received_letter", "4.", "信函申请数", "", "件"),
    ("request.closed", "（二）", "申请办结数", "", "件"),
    ("request.closed_on_time", "1.", "按时办结数", "", "件"),
    ("request.closed_extended", "2.", "延期办结数", "", "件"),
    ("request.answered", "（三）", "申请答复数", "", "件"),
    ("request.answered_already_public", "1.", "属于已主动公开范围数", "", "件"),
    ("request.answered_granted", "2.", "同意公开答复数", "", "件"),
    ("request.answered_partial", "3.", "同意部分公开答复数", "", "件"),
    ("request.answered_denied", "4.", "不同意公开答复数", "", "件"),
    ("request.denied_state_secret", "其中：", "涉及国家秘密", "", "件"),
    ("request.denied_commercial_secret", "", "涉及商业秘密", "", "件"),
    ("request.denied_privacy", "", "涉及个人隐私", "", "件"),
    ("request.denied_security", "", "危及国家安全、公共安全、经济安全和社会稳定", "", "件"),
    ("request.denied_not_gov_info", "", "不是《条例》所指政府信息", "", "件"),
    ("request.denied_other", "", "法律法规规定的其他情形", "", "件"),
    ("request.answered_not_this_agency", "5.", "不属于本行政机关公开数", "", "件"),
    ("request.answered_not_exist", "6.", "申请信息不存在数", "", "件"),
    ("request.answered_clarify", "7.", "告知作出更改补充数", "", "件"),
    ("request.answered_other_route", "8.", "告知通过其他途径办理数", "", "件"),
    ("review.total", "四、", "行政复议数量", "", "件"),
    ("review.upheld", "（一）", "维持具体行政行为数", "", "件"),
    ("review.corrected", "（二）", "被依法纠错数", "", "件"),
    ("review.other", "（三）", "其他情形数", "", "件"),
    ("litigation.total", "五、", "行政诉讼数量", "", "件"),
    ("litigation.upheld", "（一）", "维持具体行政行为或者驳回原告诉讼请求数", "", "件"),
    ("litigation.corrected", "（二）", "被依法纠错数", "", "件"),
    ("litigation.other", "（三）", "其他情形数", "", "件"),
    ("complaint.total", "六、", "举报投诉数量", "", "件"),
    ("fees.collected", "七、", "依申请公开信息收取的费用", "", "万元"),
    (None, "八、", "机构建设和保障经费情况", "", ""),
    ("org.dedicated_units", "（一）", "政府信息公开工作专门机构数", "", "个"),
    ("org.reading_points", "（二）", "设置政府信息公开查阅点数", "", "个"),
    ("org.staff", "（三）", "从事政府信息公开工作人员数", "", "人"),
    ("org.staff_full_time", "1.", "专职人员数", "（不包括政府公报及政府网站工作人员数）", "人"),
    ("org.staff_part_time", "2.", "兼职人员数", "", "人"),
    (
        "org.budget",
        "（四）",
        "政府信息公开专项经费",
        "（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
    ),
    (None, "九、", "政府信息公开会议和培训情况", "", ""),
    ("meeting.meetings", "（一）", "召开政府信息公开工作会议或专题会议数", "", "次"),
    ("meeting.trainings", "（二）", "举办各类培训班数", "", "次"),
    ("meeting.trainees", "（三）", "接受培训人员数", "", "人次"),
]


def gen_general(rng: random.Random) -> dict[str, int | float]:
    """Values of the general indicators, sub-items summing to their parents."""
    v: dict[str, int | float] = {}
    chans = {
        k: small(rng, 0.35, rng.choice([30, 300, 3000]))
        for k in ("active.gazette", "active.website", "active.weibo", "active.wechat", "active.other_channels")
    }
    v.update(chans)
    v["active.total"] = max(chans.values()) + small(rng, 0.5, 200)
    v["active.normative_documents"] = small(rng, 0.3, min(80, int(v["active.total"]) or 1))
    v["active.normative_documents_issued"] = v["active.normative_documents"] + small(rng, 0.6, 20)
    for k in (
        "response.hotspots",
        "response.press_conferences",
        "response.online_interviews",
        "response.interpretations",
        "response.weibo_wechat",
        "response.other",
    ):
        v[k] = small(rng, 0.45, 40)
    v["response.press_conferences_principal"] = (
        small(rng, 0.5, int(v["response.press_conferences"])) if v["response.press_conferences"] else 0
    )
    v["response.online_interviews_principal"] = (
        small(rng, 0.5, int(v["response.online_interviews"])) if v["response.online_interviews"] else 0
    )
    busy = rng.random() < 0.6
    ch = {
        k: (small(rng, 0.4, 25) if busy else 0)
        for k in (
            "request.received_in_person",
            "request.received_fax",
            "request.received_online",
            "request.received_letter",
        )
    }
    v.update(ch)
    received = sum(ch.values())
    v["request.received"] = received
    ext = rng.randint(0, received // 5) if received else 0
    v["request.closed"], v["request.closed_on_time"], v["request.closed_extended"] = received, received - ext, ext
    parts = [
        "request.answered_already_public",
        "request.answered_granted",
        "request.answered_partial",
        "request.answered_denied",
        "request.answered_not_this_agency",
        "request.answered_not_exist",
        "request.answered_clarify",
        "request.answered_other_route",
    ]
    cnt = Counter(rng.choices(parts, weights=[2, 6, 1, 1, 2, 2, 1, 1], k=received)) if received else Counter()
    for p in parts:
        v[p] = cnt.get(p, 0)
    v["request.answered"] = received
    subs = [
        "request.denied_state_secret",
        "request.denied_commercial_secret",
        "request.denied_privacy",
        "request.denied_security",
        "request.denied_not_gov_info",
        "request.denied_other",
    ]
    sc = Counter(rng.choices(subs, k=int(v["request.answered_denied"]))) if v["request.answered_denied"] else Counter()
    for s in subs:
        v[s] = sc.get(s, 0)
    for g in ("review", "litigation"):
        parts3 = [small(rng, 0.8, 3), small(rng, 0.9, 2), small(rng, 0.9, 2)]
        v[f"{g}.upheld"], v[f"{g}.corrected"], v[f"{g}.other"] = parts3
        v[f"{g}.total"] = sum(parts3)
    v["complaint.total"] = small(rng, 0.85, 3)
    v["fees.collected"] = 0 if rng.random() < 0.8 else round(rng.randint(1, 90) / 1000, 3)
    v["org.dedicated_units"] = rng.randint(0, 2)
    v["org.reading_points"] = rng.randint(0, 6)
    v["org.staff_full_time"], v["org.staff_part_time"] = small(rng, 0.5, 3), rng.randint(1, 8)
    v["org.staff"] = v["org.staff_full_time"] + v["org.staff_part_time"]
    v["org.budget"] = 0 if rng.random() < 0.6 else round(rng.uniform(0.5, 20), 1)
    v["meeting.meetings"], v["meeting.trainings"] = small(rng, 0.3, 6), small(rng, 0.3, 5)
    v["meeting.trainees"] = v["meeting.trainings"] * rng.randint(10, 60)
    v["fees.waived"] = 0
    for k, x in list(v.items()):
        if isinstance(x, float) and x.is_integer():
            v[k] = int(x)
    return v


def build_national(ctx: Ctx, v: dict) -> Table:
    rng = ctx.rng
    half = rng.random() < 0.5
    rows = []
    for id_, prefix, label, note, unit in NATIONAL_ROWS:
        p = _paren("half" if half else "full", prefix) if prefix.startswith("（") else prefix
        n = _paren("half" if half else "full", note) if note else ""
        if id_ is None:
            if ctx.style == "column_major":  # a form printed without its group rows (no blank cells)
                continue
            rows.append(Row(label, [Cell("——"), Cell("")], prefix=p, is_group=True))
            continue
        rows.append(Row(label, [Cell(unit), Cell(fmt(v[id_]), id_, v[id_])], prefix=p, note=n))
    return Table("national", f"{ctx.org}政府信息公开情况统计表", ["统计指标", "单位", "统计数"], rows)


FUJIAN_ERAS = {
    # rows: (id, prefix, label, unit)
    "early": [
        ("active.total", "", "主动公开信息数", "条"),
        ("active.website", "其中：1.", "网站公开", "条"),
        ("active.gazette", "2.", "政府公报公开", "条"),
        ("request.received", "", "受理依申请公开信息总数", "条"),
        ("request.received_in_person", "其中：1.", "当面申请数", "条"),
        ("request.received_fax", "2.", "传真申请数", "条"),
        ("request.received_email", "3.", "电子邮件申请数", "条"),
        ("request.received_online", "4.", "网上申请数", "条"),
        ("request.received_letter", "5.", "信函申请数", "条"),
        ("request.received_other", "6.", "其它形式申请数", "条"),
        ("request.answered", "", "对申请的答复数", "条"),
        ("request.answered_granted", "其中：1.", "同意公开答复数", "条"),
        ("request.answered_partial", "2.", "同意部分公开答复数", "条"),
        ("request.answered_denied", "3.", "否决公开答复数", "条"),
        ("review.total", "", "行政复议数", "条"),
        ("litigation.total", "", "行政诉讼数", "条"),
        ("complaint.total", "", "行政申诉数", "条"),
    ],
    "late": [
        ("active.total", "", "主动公开文件数", "条"),
        ("active.website", "其中：1、", "政府网站公开数", "条"),
        ("active.gazette", "2、", "政府公报公开数", "条"),
        ("request.received", "", "受理依申请公开信息总数", "条"),
        ("request.received_in_person", "其中：1、", "当面申请数", "条"),
        ("request.received_online", "2、", "网上申请数", "条"),
        ("request.received_letter_fax", "3、", "信函、传真申请数", "条"),
        ("request.answered", "", "对申请的答复总数", "条"),
        ("request.answered_granted", "其中：1、", "同意公开答复数", "条"),
        ("request.answered_partial", "2、", "同意部分公开答复数", "条"),
        ("request.answered_denied", "3、", "不予公开答复数", "条"),
        ("request.answered_other", "4、", "其他类型答复数", "条"),
        ("fees.waived", "", "政府信息公开收费减免金额", "元"),
        ("complaint.total", "", "接受行政诉讼、举报数", "件"),
        ("review.total", "", "行政复议数", "件"),
        ("litigation.total", "", "行政诉讼数", "件"),
    ],
}


def gen_fujian(rng: random.Random, era: str) -> dict[str, tuple[int, int]]:
    """(year, cumulative) per id, sub-items summing to their parents in both columns."""
    out: dict[str, tuple[int, int]] = {}

    def split(total: int, keys: list[str]) -> dict[str, int]:
        c = Counter(rng.choices(keys, k=total)) if total else Counter()
        return {k: c.get(k, 0) for k in keys}

    gaz = small(rng, 0.7, 20)
    web = rng.randint(100, 4000)
    total = web + gaz
    cum_gaz = gaz + small(rng, 0.5, 30)
    cum_web = web + rng.randint(web, web * 30)
    out["active.total"] = (total, cum_web + cum_gaz)
    out["active.website"], out["active.gazette"] = (web, cum_web), (gaz, cum_gaz)
    rec = small(rng, 0.6, 12)
    rec_cum = rec + small(rng, 0.4, 30)
    chan = [r[0] for r in FUJIAN_ERAS[era] if r[0].startswith("request.received_")]
    y, c = split(rec, chan), split(rec_cum - rec, chan)
    out["request.received"] = (rec, rec_cum)
    for k in chan:
        out[k] = (y[k], y[k] + c[k])
    ans = [r[0] for r in FUJIAN_ERAS[era] if r[0].startswith("request.answered_")]
    ya, ca = split(rec, ans), split(rec_cum - rec, ans)
    out["request.answered"] = (rec, rec_cum)
    for k in ans:
        out[k] = (ya[k], ya[k] + ca[k])
    for k in ("review.total", "litigation.total", "complaint.total"):
        a = small(rng, 0.85, 2)
        out[k] = (a, a + small(rng, 0.8, 2))
    out["fees.waived"] = (0, 0)
    return out


def build_fujian(ctx: Ctx, v: dict[str, tuple[int, int]], era: str) -> Table:
    rng = ctx.rng
    rows = []
    missing_cum = rng.random() < 0.15 and ctx.style != "column_major"  # column_major: no blank cells
    for id_, prefix, label, unit in FUJIAN_ERAS[era]:
        y, c = v[id_]
        cum = Cell(str(c), id_, c, "cumulative")
        if missing_cum and id_ == "active.gazette":
            cum = Cell("")
        rows.append(Row(label, [Cell(unit), Cell(str(y), id_, y), cum], prefix=prefix))
    cap = f"{ctx.org}{ctx.year}年政府信息公开情况统计表"
    return Table("fujian", cap, ["指标名称", "计量单位", f"{ctx.year}年度", "历年累计"], rows)


# ==================================================================================================
# Table renderings
# ==================================================================================================


def _cell_part(c: Cell, gold: Gold) -> Part:
    if c.gid is not None and c.value is not None:  # c.is_number
        return Part(c.text, "NUMBER", [gold.add(c.gid, c.value, source="table", period=c.period)])
    return plain(c.text)


def _label_parts(row: Row, label_text: str | None = None) -> list[Part]:
    """Prefix (O) + row label (METRIC; group rows of a 统计表 too) + printed note (O)."""
    lab = row.label if label_text is None else label_text
    return [p for p in (plain(row.prefix), Part(lab, "METRIC"), plain(row.note)) if p.text]


_GROUP = re.compile(r"^((?:[一二三四五六七八九十]+、)|(?:[（(][一二三四五六七八九十]+[)）]))?(.*)$")


def _group_parts(group: str, rng: random.Random | None = None) -> list[Part]:
    """A 表三 group label ("（三）不予公开", "三、本年度办理结果"): numbering O, label METRIC. With rng,
    spaced out as pdftotext prints a vertically centred cell ("三 、本 年 度办 理 结果")."""
    m = _GROUP.match(group)
    assert m
    marker, label = m.group(1) or "", m.group(2)
    if rng is not None:
        marker, label = _spaced(rng, marker), _spaced(rng, label)
        marker = marker + (" " if marker and rng.random() < 0.5 else "")
    return [p for p in (plain(marker), Part(label, "METRIC")) if p.text]


def _disp(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _spaced(rng: random.Random, s: str) -> str:
    """A group label as pdftotext prints a vertically centred cell: '三 、本 年 度办 理 结果'."""
    return "".join(ch + (" " if rng.random() < 0.4 else "") for ch in s).rstrip()


def render_table(ctx: Ctx, t: Table) -> list[Part]:
    fn = {
        "pipe": _render_pipe,
        "tab": _render_tab,
        "pdf_layout": _render_pdf,
        "one_cell_per_line": _render_ocpl,
        "markdown": _render_md,
        "flattened": _render_flat,
        "spaced": _render_spaced,
        "cell_lines": _render_cell_lines,
        "browser_tab": _render_browser_tab,
        "docx_tab": _render_docx_tab,
        "column_major": _render_column_major,
    }[ctx.style]
    if ctx.blank_zeros:
        t = _blank_zeros(ctx, t)
    return fn(ctx, t)


def _blank_zeros(ctx: Ctx, t: Table) -> Table:
    """BLANK ZEROS: every cell whose value is 0 printed as an empty cell. A blank cell is no value: it
    gets no NUMBER span and no gold entry (the renderers print it as they print any blank cell: an empty
    field, an empty pipe cell, a gap, or nothing at all)."""
    rows = []
    blanked = 0
    for row in t.rows:
        cells = []
        for c in row.cells:
            if c.is_number and c.value == 0:
                cells.append(Cell("", blanked=True))
                blanked += 1
            else:
                cells.append(c)
        rows.append(replace(row, cells=cells))
    if blanked:
        ctx.features += ["blank_zeros", f"blank_zeros:{ctx.style}"]
    return replace(t, rows=rows)


def _caption_lines(ctx: Ctx, t: Table, indent: str = "") -> list[Part]:
    return [plain(f"{indent}{t.caption}\n")] if t.caption else []


def _t4_header_lines(ctx: Ctx) -> list[str]:
    rng = ctx.rng
    w = T4_HEADER_WORDS
    if rng.random() < 0.5:
        return [
            "行政复议" + " " * rng.randint(10, 30) + "行政诉讼",
            " " * rng.randint(20, 30) + "未经复议直接起诉" + " " * rng.randint(8, 18) + "复议后起诉",
            "   ".join(w) + "   " + "   ".join(w) + "   " + "   ".join(w),
        ]
    top = "   ".join(x[:2] for x in w)
    bottom = "   ".join(x[2:] for x in w)
    return [
        "行政复议" + " " * rng.randint(10, 30) + "行政诉讼",
        " " * rng.randint(20, 30) + "未经复议直接起诉" + " " * rng.randint(8, 18) + "复议后起诉",
        top + "    " + top + "    " + top,
        bottom + "    " + bottom + "    " + bottom,
    ]


def _t3_header_lines(ctx: Ctx) -> list[str]:
    rng = ctx.rng
    pad = lambda a, b: " " * rng.randint(a, b)  # noqa: E731
    note = T3_NOTE
    k = rng.randint(12, len(note) - 8)
    if rng.random() < 0.5:
        return [
            pad(40, 60) + "申请人情况",
            pad(40, 55) + "法人或其他组织",
            note[:k],
            note[k:],
            pad(30, 45) + "自然人" + pad(6, 10) + "社会 法律" + pad(10, 16) + "总计",
            pad(38, 50) + "商业 科研",
            pad(44, 56) + "公益 服务 其他",
            pad(38, 50) + "企业 机构",
            pad(44, 56) + "组织 机构",
        ]
    return [
        pad(30, 50) + "申请人情况",
        note[:k] + pad(6, 14) + "法人或其他组织",
        note[k:],
        pad(20, 32)
        + "自然人"
        + pad(4, 8)
        + "商业企业  科研机构  社会公益组织  法律服务机构  其他"
        + pad(3, 6)
        + "总计",
    ]


def _render_pipe(ctx: Ctx, t: Table) -> list[Part]:
    rng, gold = ctx.rng, ctx.gold
    lead = rng.random() < 0.4
    out = _caption_lines(ctx, t)
    open_, sep, close = ("| " if lead else ""), " | ", " |"
    if t.kind == "t4" and len(t.rows) == 1:
        out += [plain(line + "\n") for line in _t4_header_lines(ctx)[:2]]
        out.append(plain(open_ + sep.join(T4_HEADER_WORDS * 3) + close + "\n"))
    elif t.header:
        out.append(plain(open_ + sep.join(h or "项目" for h in t.header) + close + "\n"))
    for row in t.rows:
        inline = False
        if row.group and rng.random() < 0.5:
            out.append(plain(open_))
            out += _group_parts(row.group)
            out.append(plain(sep + sep.join([""] * len(row.cells)) + close + "\n"))
            out.append(plain(open_))
        elif row.group:
            out.append(plain(open_))
            out += _group_parts(row.group)
            out.append(plain(rng.choice([" ", "", sep])))
            inline = True
        else:
            out.append(plain(open_))
        out += _label_parts(row)
        # A long label's cells wrapped onto the next line (the cell border stays with the label).
        wrap = len(row.label) + len(row.note) > 18 and rng.random() < 0.35
        bare = not (row.label or row.prefix or inline)  # a row of values only (表四)
        if wrap:
            ctx.features.append("pipe_wrapped_cells")
        for i, c in enumerate(row.cells):
            if not (bare and i == 0):
                out.append(plain(sep if not (wrap and i == 0) else " |\n"))
            if c.text:
                out.append(_cell_part(c, gold))
        out.append(plain(close + "\n"))
    return [p for p in out if p.text]


def _render_tab(ctx: Ctx, t: Table) -> list[Part]:
    rng, gold = ctx.rng, ctx.gold
    out = _caption_lines(ctx, t)
    if t.kind == "t4" and len(t.rows) == 1:
        out += [plain(line + "\n") for line in _t4_header_lines(ctx)]
    elif t.header:
        out.append(plain("\t".join(t.header) + "\n"))
    for row in t.rows:
        if row.group:
            out += _group_parts(row.group)
            out.append(plain("\t" if rng.random() < 0.5 else "\n"))
        out += _label_parts(row)
        for c in row.cells:
            out.append(plain("\t"))
            if c.text:
                out.append(_cell_part(c, gold))
        out.append(plain("\n"))
    return [p for p in out if p.text]


def _render_ocpl(ctx: Ctx, t: Table) -> list[Part]:
    """One cell per line (docx → text): '\\t　　1.政府公报公开政府信息数\\n\\t条\\n\\t0\\n\\n'."""
    rng, gold = ctx.rng, ctx.gold
    tab = "\t" if rng.random() < 0.6 else ""
    ind = rng.choice(["", "　　", "　　　　　", "  "])
    out = _caption_lines(ctx, t)
    header = t.header if t.header else (T4_HEADER_WORDS * 3 if t.kind == "t4" else [])
    if t.kind == "t4" and len(t.rows) == 1:
        out.append(plain(f"{tab}行政复议\n{tab}行政诉讼\n{tab}未经复议直接起诉\n{tab}复议后起诉\n"))
    for h in header:
        if h:
            out.append(plain(f"{tab}{h}\n"))
    out.append(plain("\n"))
    for row in t.rows:
        if row.group:
            out.append(plain(tab))
            out += _group_parts(row.group)
            out.append(plain("\n"))
        out.append(plain(tab + ind))
        out += _label_parts(row)
        out.append(plain("\n"))
        for c in row.cells:
            out.append(plain(tab))
            if c.text:
                out.append(_cell_part(c, gold))
            out.append(plain("\n"))
        if rng.random() < 0.7:
            out.append(plain("\n"))
    return [p for p in out if p.text]


def _md_row(cells: list) -> list[Part]:
    """One markdown row; a cell is a str (O), a Part, or a list of Parts."""
    out: list[Part] = [plain("| ")]
    for i, c in enumerate(cells):
        if i:
            out.append(plain(" | "))
        out += [plain(c)] if isinstance(c, str) else [c] if isinstance(c, Part) else c
    out.append(plain(" |\n"))
    return out


def _md_sep(n: int) -> Part:
    return plain("|" + "---|" * n + "\n")


def _render_md(ctx: Ctx, t: Table) -> list[Part]:
    rng, gold = ctx.rng, ctx.gold
    out: list[Part] = []
    if t.caption:
        out.append(plain(("### " if rng.random() < 0.5 else "") + t.caption + "\n"))
    if t.kind == "t4":
        if len(t.rows) == 3 or rng.random() < 0.5:
            names = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
            cells = t.rows[0].cells if len(t.rows) == 1 else [c for r in t.rows for c in r.cells]
            for i in range(3):
                out.append(plain(f"\n### {names[i]}\n"))
                out += _md_row(T4_HEADER_WORDS)
                out.append(_md_sep(5))
                out += _md_row([_cell_part(c, gold) for c in cells[i * 5 : i * 5 + 5]])
            return [p for p in out if p.text]
        out += [plain(line.strip() + "\n") for line in _t4_header_lines(ctx)[:2]]
        out += _md_row(T4_HEADER_WORDS * 3)
        out.append(_md_sep(15))
        out += _md_row([_cell_part(c, gold) for c in t.rows[0].cells])
        return [p for p in out if p.text]
    ncol = len(t.header)
    sectioned = t.kind == "t3" and rng.random() < 0.3
    if sectioned:
        ctx.features.append("md_sectioned")
    detach_p = 0.0 if sectioned else rng.choice([0.0, 0.0, 0.25])
    if t.kind == "t3" and not sectioned:
        out.append(plain(T3_NOTE + "\n"))
    header = [h or "项目" for h in t.header]
    if not sectioned:
        out += _md_row(header)
        out.append(_md_sep(ncol))
    i = 0
    rows = t.rows
    while i < len(rows):
        row = rows[i]
        if sectioned and (row.group or i == 0 or row.level == 0 or (row.level == 1 and not row.group)):
            # per-group tables under a markdown heading line that repeats the group / row label
            if row.group:
                out.append(plain("\n### "))
                out += _group_parts(row.group)
                out.append(plain("\n"))
            elif row.level < 2:
                out.append(plain("\n### " + row.prefix))
                out.append(Part(row.label, "METRIC"))
                out.append(plain("\n"))
            out += _md_row(["类别"] + [f"数据{k}" for k in range(1, ncol - 1)] + ["总计"])
            out.append(_md_sep(ncol))
        if detach_p and i >= 2 and rng.random() < detach_p:
            # Labels printed as text, then their values as rows without a label (PDF → markdown).
            k = min(len(rows) - i, rng.randint(1, 3))
            ctx.features.append("md_detached_labels")
            out.append(plain("\n"))
            for r in rows[i : i + k]:
                if r.group:
                    out += _group_parts(r.group)
                    out.append(plain(rng.choice(["\n", " "])))
                lab = r.label
                if len(lab) > 8 and rng.random() < 0.6:
                    cut = rng.randint(4, len(lab) - 2)
                    lab = lab[:cut] + "\n" + lab[cut:]
                out += _label_parts(r, lab)
                out.append(plain("\n"))
            for r in rows[i : i + k]:
                out += _md_row([_cell_part(c, gold) for c in r.cells])
                if rng.random() < 0.5:
                    out.append(_md_sep(len(r.cells)))
            i += k
            continue
        label_cell: list[Part] = []
        if row.group and not sectioned:
            if rng.random() < 0.5:
                label_cell += [*_group_parts(row.group), plain(" ")]
            else:
                out += _md_row([_group_parts(row.group)] + [""] * (ncol - 1))
        label_cell += _label_parts(row)
        out.append(plain("| "))
        out += label_cell
        for c in row.cells:
            out.append(plain(" | "))
            if c.text:
                out.append(_cell_part(c, gold))
        out.append(plain(" |\n"))
        i += 1
    return [p for p in out if p.text]


def _render_pdf(ctx: Ctx, t: Table) -> list[Part]:
    rng, gold = ctx.rng, ctx.gold
    out: list[Part] = []
    if t.caption:
        out.append(
            plain(
                " " * rng.randint(10, 40)
                + t.caption.replace("第二十条第", "第二十条第" if rng.random() < 0.7 else "第二十条 第")
                + "\n\n\n"
            )
        )
    if t.kind == "t4":
        out += [plain(line + "\n") for line in _t4_header_lines(ctx)]
        out.append(plain("\n\n"))
        cells = [c for r in t.rows for c in r.cells]
        out.append(plain(" " * rng.randint(0, 2)))
        for i, c in enumerate(cells):
            if i:
                out.append(plain(" " * rng.randint(2, 6)))
            # a blank zero keeps its column's room (but no trailing spaces at the end of the line)
            out.append(plain(" " * 4 if i < len(cells) - 1 else "") if c.blanked else _cell_part(c, gold))
        out.append(plain("\n\n"))
        return [p for p in out if p.text]
    if t.kind == "t3":
        out += [plain(line + "\n") for line in _t3_header_lines(ctx)]
        out.append(plain("\n"))
    elif t.header:
        out.append(plain(" " * rng.randint(4, 8) + (" " * rng.randint(3, 8)).join(t.header) + "\n\n\n"))
    label_w = rng.randint(32, 44) if t.kind in ("t3", "national") else rng.randint(14, 22)
    mid_group: str | None = None
    indents = {0: 0, 1: rng.randint(5, 18)}
    indents[2] = indents[1] + rng.randint(6, 12)
    for idx, row in enumerate(t.rows):
        indent = indents[row.level] + rng.choice([0, 0, 0, 1]) if t.kind == "t3" else 0
        if row.group:
            if row.level == 2 and rng.random() < 0.5:
                mid_group = row.group  # printed after a few rows (vertically centred cell)
            else:
                out.append(plain(" " * max(0, indent - 8)))
                out += _group_parts(row.group, rng if rng.random() < 0.4 else None)
                out.append(plain("\n"))
        lab = row.label
        wrapped_tail = None
        if not row.is_group and len(lab) > 14 and rng.random() < 0.5:
            cut = rng.randint(8, len(lab) - 3)
            lab_text = lab[:cut] + "\n" + " " * indent + lab[cut:]
            # cells on the last label line, or on a line of their own after the label
            wrapped_tail = rng.choice(["last", "after"])
            ctx.features.append("pdf_wrapped_label")
        elif not row.is_group and len(lab) > 5 and rng.random() < 0.08:
            cut = rng.randint(2, len(lab) - 2)
            lab_text = lab[:cut] + " " + lab[cut:]
        else:
            lab_text = lab
        out.append(plain(" " * indent))
        out += _label_parts(row, lab_text)
        last_line = lab_text.split("\n")[-1]
        used = indent + _disp(row.prefix) + _disp(last_line if wrapped_tail else row.prefix + lab_text + row.note)
        if wrapped_tail == "after":
            out.append(plain("\n"))
            used = 0
        out.append(plain(" " * max(2, label_w - used)))
        for i, c in enumerate(row.cells):
            if i:
                out.append(plain(" " * rng.randint(3, 8)))
            if c.text:
                out.append(_cell_part(c, gold))
            elif c.blanked and i < len(row.cells) - 1:
                out.append(plain(" " * 4))  # a blank zero keeps its column's room
        out.append(plain("\n"))
        nxt = t.rows[idx + 1] if idx + 1 < len(t.rows) else None
        if mid_group and (nxt is None or nxt.group or nxt.level < 2 or rng.random() < 0.3):
            out.append(plain(" " * rng.randint(4, 8)))
            out += _group_parts(mid_group)
            out.append(plain("\n"))
            mid_group = None
        if rng.random() < 0.25:
            out.append(plain("\n"))
    if mid_group:
        out += [plain(" " * 6), *_group_parts(mid_group), plain("\n")]
    out.append(plain("\n"))
    return [p for p in out if p.text]


def _render_flat(ctx: Ctx, t: Table) -> list[Part]:
    """Crawler text: the table's cells run together (sometimes one space between cells)."""
    rng, gold = ctx.rng, ctx.gold
    spaced = rng.random() < 0.3
    gap = lambda: " " if (spaced or rng.random() < 0.05) else ""  # noqa: E731
    out: list[Part] = []
    if t.caption:
        out.append(plain(t.caption + gap()))
    if t.kind == "t4":
        out.append(
            plain(
                "行政复议行政诉讼"
                + "".join(T4_HEADER_WORDS)
                + "未经复议直接起诉复议后起诉"
                + "".join(T4_HEADER_WORDS) * 2
            )
        )
        sp = rng.random() < 0.3
        for i, c in enumerate(c for r in t.rows for c in r.cells):
            if sp and i:
                out.append(plain(" "))
            out.append(_cell_part(c, gold))
        return out
    if t.kind == "t3":
        out.append(plain(T3_NOTE + "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"))
    elif t.header:
        out.append(plain(gap().join(t.header) + gap()))
    for row in t.rows:
        if row.group:
            out += _group_parts(row.group)
            out.append(plain(gap()))
        out += _label_parts(row)
        for c in row.cells:
            g = gap()
            if g:
                out.append(plain(g))
            if c.text:
                out.append(_cell_part(c, gold))
        out.append(plain(gap()))
    return [p for p in out if p.text]


# ---- what users' text tools make of a table (../shared/notes/renderings.md) ---------------------------
#
# spaced        pdfplumber / pypdfium2 text: a row is its cells joined by single spaces, blank cells gone
#               without trace; narrow header cells in pieces; long labels wrapped (the values on one of the
#               label's lines, between them, or after the whole label); a merged group label on the line of
#               its first row, on a line of its own, or in pieces on lines of its own.
# cell_lines    PyMuPDF get_text() / BeautifulSoup get_text("\n"): one cell per line, blank cells gone.
# browser_tab   browser copy (innerText): a row per line, tabs between cells, a blank cell an empty field;
#               a cell covered by a rowspan from a row above is absent.
# docx_tab      python-docx: tabs between cells, a merged cell repeated in every grid column it covers.
# column_major  pdftotext (no -layout) on a 统计表: each column's entries one per line, column after column.

T3_APPLICANTS = T3_HEADER[1:]


def _pieces(s: str, w: int) -> list[str]:
    """``s`` cut into pieces of ``w`` characters (the lines of a narrow cell)."""
    return [s[i : i + w] for i in range(0, len(s), max(1, w))]


def _piece_part(text: str) -> Part:
    """Pieces of a row label that cells cut off from the rest: METRIC when recognisable (3+ characters),
    a one- or two-character fragment O (docs/annotation.md, wrapped labels)."""
    return Part(text, "METRIC" if len(re.sub(r"\s", "", text)) >= 3 else None)


def _header_pieces(rng: random.Random, words: list[str]) -> list[list[str]]:
    """Header words as narrow cells print them: pieces of 1–3 characters ("结果" "维持", "总" "计")."""
    return [_pieces(w, rng.choice([2, 2, 3]) if len(w) > 2 else rng.choice([1, 2])) for w in words]


def _t3_header_tool(rng: random.Random, how: str) -> list[str]:
    """表三's merged header as a text tool prints it: "plumber" (pieces of the same height share a line),
    "pieces" (pypdfium2 / PyMuPDF: one piece a line, cell after cell) or "bs4" (one cell a line, the
    whitespace between rows as blank lines)."""
    note = T3_NOTE
    if how == "bs4":
        return [note, "申请人情况", "", "", "自然人", "法人或其他组织", "总计", "", "", *T3_APPLICANTS[1:6], "", ""]
    k = rng.randint(len(note) // 2, len(note) - 4)
    pieces = _header_pieces(rng, T3_APPLICANTS)
    if how == "pieces":
        lines = [note[:k], note[k:], "申请人情况", *pieces[0], "法人或其他组织", *pieces[6]]
        for ps in pieces[1:6]:
            lines += ps
        return lines
    depth = max(len(ps) for ps in pieces)  # ≥ 2: 社会公益组织 has 6 characters
    rows = [" ".join(ps[d] for ps in pieces if d < len(ps)) for d in range(depth)]
    rows[0] = note[:k] + " " + rows[0]
    rows[1] = note[k:] + " " + rows[1]
    return (
        ["申请人情况", "法人或其他组织", *rows]
        if rng.random() < 0.6
        else ["申请人情况", *rows[:1], "法人或其他组织", *rows[1:]]
    )


def _t4_header_tool(rng: random.Random, how: str, sep: str = "\n") -> list[str]:
    """表四's header rows as a text tool prints them (``how`` as for ``_t3_header_tool``); ``sep`` joins
    the block titles that share a line ("行政复议 行政诉讼" in pypdfium2, one a line in PyMuPDF)."""
    w = T4_HEADER_WORDS
    if how == "bs4":
        return ["行政复议", "行政诉讼", "", "", *w, "未经复议直接起诉", "复议后起诉", "", "", *w, *w, "", ""]
    pieces = _header_pieces(rng, w)
    if how == "pieces":
        flat = [p for ps in pieces for p in ps]
        return [
            *f"行政复议{sep}行政诉讼".split("\n"),
            *flat,
            *f"未经复议直接起诉{sep}复议后起诉".split("\n"),
            *flat,
            *flat,
        ]
    depth = max(len(ps) for ps in pieces)
    rows = [" ".join(ps[d] for ps in pieces if d < len(ps)) for d in range(depth)]
    out = ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉"]
    for r in rows:
        out += [r, r + " " + r]
    return out


def _render_spaced(ctx: Ctx, t: Table) -> list[Part]:
    """pdfplumber ``extract_text()`` / pypdfium2 ``get_text_range()``: cells joined by single spaces, a
    blank cell gone without trace (so a row may hold fewer values than the form has cells)."""
    rng, gold = ctx.rng, ctx.gold
    pdfium = ctx.flavour == "pypdfium2"
    out = _caption_lines(ctx, t)
    if t.kind == "t4" and len(t.rows) == 1:
        out += [plain(x + "\n") for x in _t4_header_tool(rng, "pieces" if pdfium else "plumber", " ")]
    elif t.kind == "t3":
        out += [plain(x + "\n") for x in _t3_header_tool(rng, "pieces" if pdfium else "plumber")]
    elif t.header:
        out.append(plain(" ".join(h for h in t.header if h) + "\n"))
    width = rng.randint(13, 20)  # characters of the label column: a longer label wraps
    for row in t.rows:
        cells: list[Part] = []
        for c in row.cells:
            if c.text:  # a blank cell leaves no trace
                if cells:
                    cells.append(plain(" "))
                cells.append(_cell_part(c, gold))
        if row.group:  # a merged (vertically centred) group cell
            m = _GROUP.match(row.group)
            assert m
            marker, glabel = m.group(1) or "", m.group(2)
            mode = rng.choice(["line", "own", "pieces"])
            if mode == "pieces" and len(glabel) > 2:  # "（三）不\n予公开": one span, only whitespace inside
                out += [plain(marker), Part("\n".join(_pieces(glabel, rng.randint(2, 4))), "METRIC"), plain("\n")]
                ctx.features.append("spaced_group_pieces")
            else:
                out += _group_parts(row.group)
                out.append(plain(" " if mode == "line" else "\n"))
        label = row.label
        first = max(3, width - len(row.prefix))
        if not row.note and cells and len(label) > first + 2 and rng.random() < 0.6:
            # a long label wrapped in its cell: the values on one of its lines ("inline"), on a line of
            # their own between its lines ("between"), or after the whole label ("after", pypdfium2)
            pieces = [label[:first], *_pieces(label[first:], width)]
            where = rng.choices(["inline", "between", "after"], weights=[1, 1, 8] if pdfium else [5, 3, 2])[0]
            if row.prefix:
                out.append(plain(row.prefix))
            if where == "after":
                out += [Part("\n".join(pieces), "METRIC"), plain("\n"), *cells, plain("\n")]
            else:  # the values cut the label in two: each recognisable piece is its own METRIC
                j = rng.randint(0, len(pieces) - 2)
                out += [
                    _piece_part("\n".join(pieces[: j + 1])),
                    plain(" " if where == "inline" else "\n"),
                    *cells,
                    plain("\n"),
                    _piece_part("\n".join(pieces[j + 1 :])),
                    plain("\n"),
                ]
            ctx.features.append("spaced_wrapped_label")
            continue
        out += _label_parts(row)
        if cells and (row.label or row.prefix):
            out.append(plain(" "))
        out += cells
        out.append(plain("\n"))
    return [p for p in out if p.text]


def _render_cell_lines(ctx: Ctx, t: Table) -> list[Part]:
    """PyMuPDF ``get_text()`` / BeautifulSoup ``get_text("\\n")``: one cell per line, blank cells gone.
    PyMuPDF prints a narrow cell's lines as lines (a wrapped label: one span with the line breaks in it);
    BeautifulSoup prints the whitespace between rows as blank lines."""
    rng, gold = ctx.rng, ctx.gold
    mu = ctx.flavour == "pymupdf"
    gap = "" if mu else "\n\n"
    out = _caption_lines(ctx, t)
    how = "pieces" if mu else "bs4"
    if t.kind == "t4" and len(t.rows) == 1:
        out += [plain(x + "\n") for x in _t4_header_tool(rng, how)]
    elif t.kind == "t3":
        out += [plain(x + "\n") for x in _t3_header_tool(rng, how)]
    elif t.header:
        out.append(plain("".join(h + "\n" for h in t.header if h) + gap))
    width, gwidth = rng.randint(14, 22), rng.randint(4, 5)
    for row in t.rows:
        if row.group:
            if mu:  # "三、本年\n度办理结\n果": the marker (≤ 3 characters) stays on the first line
                m = _GROUP.match(row.group)
                assert m
                marker = m.group(1) or ""
                lines = "\n".join(_pieces(row.group, gwidth))
                out += [plain(marker), Part(lines[len(marker) :], "METRIC"), plain("\n")]
            else:
                out += [*_group_parts(row.group), plain("\n")]
        first = max(3, width - len(row.prefix))
        if mu and not row.note and len(row.label) > first + 1:
            out.append(plain(row.prefix))
            out.append(Part("\n".join([row.label[:first], *_pieces(row.label[first:], width)]), "METRIC"))
            ctx.features.append("cell_lines_wrapped_label")
        else:
            out += _label_parts(row)
        if row.label or row.prefix:
            out.append(plain("\n"))
        for c in row.cells:
            if c.text:  # a blank cell leaves no line
                out += [_cell_part(c, gold), plain("\n")]
        out.append(plain(gap))
    return [p for p in out if p.text]


def _render_browser_tab(ctx: Ctx, t: Table) -> list[Part]:
    """A browser's copy (``innerText``): a row per line, tabs between cells, a blank cell an EMPTY field
    ("\\t\\t"); a cell covered by a rowspan from a row above is absent (三、本年度办理结果 only on its first
    row); merged header cells split over the header lines.

    Flavour ``html2text`` (markdown of the page): the same rows with "| " between cells (a blank cell an
    empty field, so a row may end in "| |"), "  " before each line end, and a "---|---" line under the
    table's first line."""
    gold = ctx.gold
    md = ctx.flavour == "html2text"
    sep, eol = ("| ", "  \n") if md else ("\t", "\n")
    out = _caption_lines(ctx, t)
    head: list[list[str]] = []
    if t.kind == "t4" and len(t.rows) == 1:
        head = [["行政复议", "行政诉讼"], [*T4_HEADER_WORDS, "未经复议直接起诉", "复议后起诉"], T4_HEADER_WORDS * 2]
    elif t.kind == "t3":
        head = [[T3_NOTE, "申请人情况"], ["自然人", "法人或其他组织", "总计"], list(T3_APPLICANTS[1:6])]
    elif t.header:
        head = [list(t.header)]
    for k, cells in enumerate(head):
        out.append(plain(sep.join(cells) + eol))
        if md and k == 0:
            out.append(plain("|".join(["---"] * len(cells)) + eol))
    for row in t.rows:
        if row.group:  # the rowspan cell, on its first row only
            out += [*_group_parts(row.group), plain(sep)]
        out += _label_parts(row)
        for k, c in enumerate(row.cells):
            if k or row.label or row.prefix:
                out.append(plain(sep))
            if c.text:  # a blank cell stays an empty field
                out.append(_cell_part(c, gold))
        out.append(plain(eol))
    return [p for p in out if p.text]


def _render_docx_tab(ctx: Ctx, t: Table) -> list[Part]:
    """python-docx (paragraphs + table cells joined by tabs): a merged cell is REPEATED in every grid
    column it covers. 表三's label cells span 2–3 grid columns and its group cells span rows, so a row
    reads "三、本年度办理结果\\t（一）予以公开\\t（一）予以公开\\t1288\\t…".

    Every copy of a row label or group label is METRIC: each copy is the label of the row it stands on
    (docs/annotation.md: METRIC marks a row label) and the rules layer takes the last label before the
    values. A merged VALUE cell (the one value of a 2021 表二 (五)/(六)/(八) row spans three grid columns) is
    repeated too: every copy is NUMBER (a cell's digits), only the first states the gold value."""
    gold = ctx.gold
    out: list[Part] = []

    def line(cells: list[str]) -> None:
        out.append(plain("\t".join(cells) + "\n"))

    def copy(c: Cell) -> Part:
        return Part(c.text, "NUMBER") if c.is_number else plain(c.text)

    def values(cells: list[Cell], repeat_last: int = 1) -> None:
        for c in cells:
            out.extend([plain("\t"), _cell_part(c, gold)])
        for _ in range(repeat_last - 1):
            out.extend([plain("\t"), copy(cells[-1])])
        if repeat_last > 1:
            ctx.features.append("docx_repeated_values")

    if t.kind == "t3":
        line([T3_NOTE] * 3 + ["申请人情况"] * 7)
        line([T3_NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"])
        line([T3_NOTE] * 3 + T3_APPLICANTS)
        top = sub = ""  # the group cells (merged down their rows) this row stands in
        for row in t.rows:
            if row.level == 0:
                top = sub = ""
                labels: list[str | None] = [None, None, None]  # None: the row's own label
            elif row.level == 1:
                top, sub = row.group or top, ""
                labels = [top or None, None, None]
            else:
                sub = row.group or sub
                labels = [top or None, sub or None, None]
            for k, g in enumerate(labels):
                if k:
                    out.append(plain("\t"))
                out += _group_parts(g) if g else _label_parts(row)
            values(row.cells)
            out.append(plain("\n"))
        return [p for p in out if p.text]
    if t.kind == "t4" and len(t.rows) == 1:
        line(["行政复议"] * 5 + ["行政诉讼"] * 10)
        line(T4_HEADER_WORDS + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5)
        line(T4_HEADER_WORDS * 3)
        for k, c in enumerate(t.rows[0].cells):
            out += [plain("\t" if k else ""), _cell_part(c, gold)]
        out.append(plain("\n"))
        return [p for p in out if p.text]
    span = 1
    if t.kind == "t2":  # the 表二 forms have a 4-column grid; a one-value form's value cell spans 3
        grid = 4 if len(t.header) in (2, 4) else len(t.header)
        span = grid - len(t.header) + 1
        if t.caption:
            line([t.caption] * grid)
        line(t.header + [t.header[-1]] * (span - 1))
    else:
        out += _caption_lines(ctx, t)
        if t.header:
            line(t.header)
    for row in t.rows:
        out += _label_parts(row)
        values(row.cells, span)
        out.append(plain("\n"))
    return [p for p in out if p.text]


def _render_column_major(ctx: Ctx, t: Table) -> list[Part]:
    """Plain ``pdftotext`` (no -layout) of a 统计表: all row labels one a line, then the unit column's
    entries, then each value column's values, a column's header word printed before (labels, units) or
    after (values) its column, or all header words first; sometimes the first rows read row by row, and a
    long table in page-sized chunks. Only for a table without blank cells (else nothing says where the
    values go)."""
    rng, gold = ctx.rng, ctx.gold
    if t.kind not in ("national", "fujian") or any(not c.text for r in t.rows for c in r.cells):
        raise ValueError("column_major renders a 统计表 without blank cells only")
    out = _caption_lines(ctx, t)
    head = t.header
    ncell = len(t.rows[0].cells)  # unit + values
    top = rng.random() < 0.4
    k = rng.choice([0, 0, 0, 1, 2, 3, 4])  # the first rows read row by row ("主动公开政府信息数\n条 428")
    if top or k:  # all header words first (always before rows read row by row)
        top = True
        out.append(plain("".join(h + "\n" for h in head)))
    for row in t.rows[:k]:
        out += [*_label_parts(row), plain("\n")]
        for j, c in enumerate(row.cells):
            out += [plain(" " if j else ""), _cell_part(c, gold)]
        out.append(plain("\n"))
    rest = t.rows[k:]
    n_chunks = 1 if len(rest) < 24 else rng.randint(1, 3)
    bounds = [0, *sorted(rng.sample(range(8, len(rest) - 8), n_chunks - 1)), len(rest)]
    for ci in range(len(bounds) - 1):
        chunk = rest[bounds[ci] : bounds[ci + 1]]
        named = not top and ci == 0
        out.append(plain("\n" + (head[0] + "\n" if named else "")))
        for row in chunk:
            out += [*_label_parts(row), plain("\n")]
        for j in range(ncell):
            out.append(plain("\n" + (head[1] + "\n" if named and j == 0 else "")))
            for row in chunk:
                out += [_cell_part(row.cells[j], gold), plain("\n")]
            if named and j:
                out.append(plain("\n" + head[1 + j] + "\n"))
    ctx.features.append("column_major")
    return [p for p in out if p.text]


# ==================================================================================================
# Report content
# ==================================================================================================

_CN_ORD = "一二三四五六七八九十"


class Numbering:
    """Level-1 / level-2 numbering of a report's headings."""

    def __init__(self, rng: random.Random) -> None:
        self.l1 = rng.choices(["cn", "cn_space", "arabic", "dot"], weights=[7, 1, 1, 1])[0]
        self.l2 = rng.choices(["full", "half", "arabic_paren"], weights=[7, 2, 1])[0]

    def h1(self, i: int, title: str) -> str:
        return {
            "cn": f"{_CN_ORD[i]}、{title}",
            "cn_space": f"{_CN_ORD[i]}、 {title}",
            "arabic": f"{i + 1}、{title}",
            "dot": f"{i + 1}.{title}",
        }[self.l1]

    def h2(self, i: int, title: str) -> str:
        return {
            "full": f"（{_CN_ORD[i]}）{title}",
            "half": f"({_CN_ORD[i]}){title}",
            "arabic_paren": f"（{i + 1}）{title}",
        }[self.l2]


def preamble(ctx: Ctx) -> list[Part]:
    rng = ctx.rng
    sp = ctx.sp
    doc_no = {"2021": "国办公开办函〔2021〕30号", "2019": "国办公开办函〔2019〕60号"}.get(ctx.template)
    law = "《中华人民共和国政府信息公开条例》" + (
        "（国务院令第492号）"
        if ctx.template == "pre2019" and rng.random() < 0.5
        else "（国令第711号）"
        if ctx.template != "pre2019" and rng.random() < 0.4
        else ""
    )
    y = ctx.year
    parts = [plain(rng.choice(["本报告由", "本年度报告由"]) + f"{ctx.org}{ctx.office}依照{law}")]
    if doc_no and rng.random() < 0.7:
        parts.append(plain(f"及《中华人民共和国政府信息公开工作年度报告格式》（{doc_no}）"))
    parts.append(plain("编写。"))
    if rng.random() < 0.5:
        parts.append(plain("报告共分六部分：总体情况；主动公开；收到和处理申请；复议与诉讼；问题及改进；其他事项。"))
    parts.append(plain(f"所列数据的统计期自{y}{sp}年{sp}1{sp}月{sp}1{sp}日起，至{sp}12{sp}月{sp}31{sp}日止。"))
    abbr = "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(2, 5)))
    if rng.random() < 0.6:
        parts.append(plain(f"电子版可在{ctx.org}门户网站下载，网址为 www.{abbr}.gov.cn。"))
    area = f"0{rng.randint(100, 999)}"
    phone = f"{area}-{rng.randint(10000000, 89999999)}" if rng.random() < 0.8 else str(rng.randint(20000000, 89999999))
    postal = f"{rng.randint(10, 85)}{rng.randint(0, 9)}{rng.randint(0, 9)}00"
    addr = f"{ctx.place}{rng.choice(_ROADS)}{rng.randint(1, 300)}号"
    email = f"电子邮箱：xxgk@{abbr}.gov.cn，" if rng.random() < 0.6 else ""
    parts.append(
        plain(
            f"对报告内容有疑问的，可联系{ctx.org}{ctx.office}（{email}地址：{addr}，邮编：{postal}，电话：{phone}）。"
        )
    )
    return parts


def title_block(ctx: Ctx) -> Lines:
    rng = ctx.rng
    y = ctx.year
    v = rng.randint(0, 3)
    if v == 0:
        t = f"{ctx.org}{y}年政府信息公开工作年度报告"
    elif v == 1:
        t = f"{ctx.org}关于{y}年度政府信息公开工作的报告"
    elif v == 2:
        t = f"{y}年{ctx.org}政府信息公开工作年度报告"
    else:
        t = f"{ctx.org}{y}年度政府信息公开工作年度报告"
    return Lines([plain(t)])


#: a fact of an overview paragraph: gold id, value, unit, keyword arguments of ``say``
Fact = tuple[str, int | float, str, dict[str, Any]]


def overview_paras(ctx: Ctx, facts: list[Fact]) -> list[Part]:
    out: list[Part] = []
    for id_, val, unit, kw in facts:
        out += say(ctx, id_, val, unit, **kw)
    return out


def content_modern(ctx: Ctx, version_t2: str, version_t3: str) -> list[Block]:
    rng = ctx.rng
    num = Numbering(rng)
    shanghai = rng.random() < 0.25
    t3v = gen_t3(rng)
    busy = t3v["total"]["total"]
    t4v = gen_t4(rng, busy)
    blocks: list[Block] = []
    new_total = t3v["new_received"]["total"]
    closed = t3v["total"]["total"]
    lit_total = t4v["litigation_direct"]["total"] + t4v["litigation_after_review"]["total"]

    active_total = rng.choice([rng.randint(30, 900), rng.randint(500, 20000)])
    approx = active_total >= 200 and rng.random() < 0.15
    if approx:
        active_total = active_total // 100 * 100
    active: list[Fact] = [("active.total", active_total, "条", {"approx": approx})]
    if rng.random() < 0.5:
        active.append(("response.interpretations", rng.randint(1, 120), rng.choice(["篇", "条", "个"]), {}))
    if rng.random() < 0.3:
        pc = small(rng, 0.3, 40)
        active.append(("response.press_conferences", pc, rng.choice(["场", "次"]), {}))
    request: list[Fact] = [("request.received", new_total, "件", {})]
    if rng.random() < 0.4 and closed:
        request.append(("request.closed", closed, "件", {}))
    # 表三 facts stated in prose have no general id: METRIC + NUMBER, no gold (as the annotations do)
    t3_prose: list[Part] = []
    if t3v["carried_over"]["total"] and rng.random() < 0.4:
        t3_prose += render(
            ctx,
            rng.choice(["另有{M:上年结转政府信息公开申请}{N}。", "{M:上年结转}申请{N}。"]),
            F(None, t3v["carried_over"]["total"], "件"),
        )
    if t3v["carried_forward"]["total"] and rng.random() < 0.4:
        t3_prose += render(
            ctx,
            rng.choice(["截至年底{M:结转下一年度办理}{N}。", "{M:结转下年度继续办理}{N}。"]),
            F(None, t3v["carried_forward"]["total"], "件"),
        )
    legal: list[Part] = []
    r = rng.random()
    if r < 0.3:
        if t4v["review"]["total"]:
            legal += say(ctx, "review.total", t4v["review"]["total"], rng.choice(["件", "起"]))
        elif rng.random() < 0.5:
            legal += render(ctx, rng.choice(ABSENT["review.total"]), F("review.total", 0, "件"))
        if lit_total:
            legal += say(ctx, "litigation.total", lit_total, "件")
    elif (
        r < 0.45
        and t4v["review"]["corrected"] == 0
        and t4v["litigation_direct"]["corrected"] == 0
        and t4v["litigation_after_review"]["corrected"] == 0
    ):
        legal += render(
            ctx,
            "全年未发生因依申请公开被{Z:行政复议纠错}或{Z:行政诉讼败诉}的情形。",
            F("review.corrected", 0, "件"),
            F("litigation.corrected", 0, "件"),
        )
    yuan = 0 if rng.random() < 0.6 else rng.choice([rng.randint(1, 30) * 10, rng.randint(100, 9000)])

    def fees_parts() -> list[Part]:
        return say(ctx, "fees.collected", yuan, "元", gold=round(yuan / 10000, 6))

    t2 = build_t2(ctx, version_t2)
    t3 = build_t3(ctx, t3v, version_t3)
    t4 = build_t4(ctx, t4v, split=ctx.style in ("tab", "one_cell_per_line") and rng.random() < 0.5)
    if ctx.md and rng.random() < 0.4:
        t4 = build_t4(ctx, t4v, split=True)

    sub = lambda i, title: Heading(num.h2(i, title), 2, runin=rng.random() < 0.45)  # noqa: E731
    if not shanghai:
        titles = [
            "总体情况",
            "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况",
            "其他需要报告的事项",
        ]
        if rng.random() < 0.3:
            titles[4] = "政府信息公开工作存在的主要问题及改进情况"
        blocks.append(Heading(num.h1(0, titles[0])))
        blocks.append(Para(filler(ctx, "overview", rng.randint(1, 2))))
        blocks.append(sub(0, rng.choice(["主动公开情况", "主动公开方面", "主动公开工作情况"])))
        blocks.append(Para(overview_paras(ctx, active) + filler(ctx, "manage", 1)))
        blocks.append(sub(1, rng.choice(["依申请公开情况", "依申请公开方面"])))
        blocks.append(Para(overview_paras(ctx, request) + t3_prose + legal))
        blocks.append(sub(2, rng.choice(["政府信息管理情况", "政府信息管理方面"])))
        blocks.append(Para(filler(ctx, "manage", rng.randint(1, 2))))
        blocks.append(sub(3, "政府信息公开平台建设情况"))
        blocks.append(Para(filler(ctx, "platform", rng.randint(1, 2))))
        blocks.append(sub(4, "监督保障情况"))
        blocks.append(Para(filler(ctx, "supervise", rng.randint(1, 2))))
        blocks.append(Heading(num.h1(1, titles[1])))
        blocks += t2
        blocks.append(Heading(num.h1(2, titles[2])))
        blocks.append(t3)
        blocks.append(Heading(num.h1(3, titles[3])))
        blocks.append(t4)
        blocks.append(Heading(num.h1(4, titles[4])))
        blocks.append(Para(filler(ctx, "problems", rng.randint(1, 2))))
        blocks.append(Heading(num.h1(5, titles[5])))
        blocks.append(Para(fees_parts() + (filler(ctx, "other", 1) if rng.random() < 0.3 else [])))
    else:
        # Shanghai-style: prose sections first, the table sections numbered again from 一.
        blocks.append(Heading(num.h1(0, "总体情况")))
        blocks.append(Para(filler(ctx, "overview", 1) + legal))
        blocks.append(Heading(num.h1(1, "工作机制保障")))
        blocks.append(Para(filler(ctx, "supervise", 1)))
        blocks.append(Heading(num.h1(2, "主动公开工作情况")))
        blocks.append(Para(overview_paras(ctx, active)))
        blocks.append(Heading(num.h1(3, "政府信息公开申请情况")))
        blocks.append(Para(overview_paras(ctx, request) + t3_prose))
        blocks.append(Heading(num.h1(4, "政府信息管理")))
        blocks.append(Para(filler(ctx, "manage", 1)))
        blocks.append(Heading(num.h1(5, "政府信息公开平台建设")))
        blocks.append(Para(filler(ctx, "platform", 2)))
        blocks.append(Heading(num.h1(0, "主动公开政府信息情况")))
        blocks += t2
        blocks.append(Heading(num.h1(1, "收到和处理政府信息公开申请情况")))
        blocks.append(t3)
        blocks.append(Heading(num.h1(2, "政府信息公开行政复议、行政诉讼情况")))
        blocks.append(t4)
        blocks.append(Heading(num.h2(0, "主要问题")))
        blocks.append(Para(filler(ctx, "problems", 1)))
        blocks.append(Heading(num.h2(1, "改进情况")))
        blocks.append(Para(filler(ctx, "problems", 1)))
        blocks.append(Heading(num.h1(4, "其他需要报告的事项")))
        blocks.append(Para(fees_parts()))
        ctx.features.append("shanghai_numbering")
    if version_t2 != version_t3:
        ctx.features.append("mixed_t3")
    return blocks


def content_pre2019(ctx: Ctx) -> list[Block]:
    rng = ctx.rng
    num = Numbering(rng)
    blocks: list[Block] = []
    kind = ctx.table_kind
    if kind == "fujian":
        era = "early" if ctx.year <= 2013 else "late"
        fv = gen_fujian(rng, era)
        v: dict[str, int | float] = {k: y for k, (y, _) in fv.items()}
        table: Table | None = build_fujian(ctx, fv, era)
    else:
        v = gen_general(rng)
        table = build_national(ctx, v) if kind == "national" else None
    titles = [
        rng.choice(["概述", "基本情况"]),
        "主动公开政府信息情况",
        "政府信息依申请公开情况",
        "政府信息公开的收费及减免情况",
        "因政府信息公开申请行政复议、提起行政诉讼的情况",
        "政府信息公开工作存在的主要问题及改进措施",
        "其他需要报告的事项",
    ]
    blocks.append(Heading(num.h1(0, titles[0])))
    blocks.append(Para(filler(ctx, "overview", 2)))
    if rng.random() < 0.15:  # a heading printed without its numbering
        blocks.append(Heading(rng.choice(["主动公开政府信息的情况", "主动公开政府信息情况"])))
        ctx.features.append("unnumbered_heading")
    else:
        blocks.append(Heading(num.h1(1, titles[1])))
    blocks.append(
        Heading(num.h2(0, rng.choice(["主动公开政府信息的数量", "主动公开信息数量"])), 2, runin=rng.random() < 0.4)
    )
    act = say(ctx, "active.total", v["active.total"], "条")
    chan_ids: list[str] = [
        k
        for k in ("active.website", "active.gazette", "active.wechat", "active.weibo", "active.other_channels")
        if k in v and (kind == "none" or rng.random() < 0.5) and (v[k] or rng.random() < 0.2)
    ]
    for k in chan_ids:
        act += say(ctx, k, v[k], "条")
    blocks.append(Para(act))
    if kind != "fujian" and rng.random() < 0.5:
        blocks.append(Heading(num.h2(1, "回应解读情况"), 2, runin=rng.random() < 0.4))
        p: list[Part] = []
        for k, u in (
            ("response.interpretations", "篇"),
            ("response.press_conferences", "次"),
            ("response.online_interviews", "期"),
        ):
            if rng.random() < 0.6:
                p += say(ctx, k, v[k], u)
        p += filler(ctx, "platform", 1)
        blocks.append(Para(p))
    blocks.append(Heading(num.h1(2, titles[2])))
    req = say(ctx, "request.received", v["request.received"], "件")
    if v["request.received"] and kind != "fujian" and rng.random() < 0.5:
        for k in ("request.received_online", "request.received_letter", "request.received_in_person"):
            if v.get(k):
                req += say(ctx, k, v[k], "件")
    if v["request.received"] and rng.random() < 0.4:
        req += say(ctx, "request.answered", v["request.answered"], "件")
        if v.get("request.answered_granted"):
            req += say(ctx, "request.answered_granted", v["request.answered_granted"], "件")
    blocks.append(Para(req))
    blocks.append(Heading(num.h1(3, titles[3])))
    fees_yuan = round(v.get("fees.collected", 0) * 10000)
    blocks.append(Para(say(ctx, "fees.collected", fees_yuan, "元", gold=round(fees_yuan / 10000, 6))))
    blocks.append(Heading(num.h1(4, titles[4])))
    if v["review.total"] == 0 and v["litigation.total"] == 0 and rng.random() < 0.7:
        cands = [(t, ids) for t, ids in ABSENT_COMBINED if all(v.get(i, 0) == 0 for i in ids)]
        t, ids = rng.choice(cands)
        blocks.append(Para(render(ctx, t, *[F(i, 0, "件") for i in ids])))
    else:
        p = say(ctx, "review.total", v["review.total"], "件") + say(
            ctx, "litigation.total", v["litigation.total"], "件"
        )
        blocks.append(Para(p))
    if kind == "none" and rng.random() < 0.6:
        blocks.append(Heading(num.h1(5, "机构建设和保障经费情况")))
        p = say(ctx, "org.staff", v["org.staff"], "人")
        p += say(ctx, "org.staff_full_time", v["org.staff_full_time"], rng.choice(["人", "名"]))
        p += say(ctx, "org.staff_part_time", v["org.staff_part_time"], "人")
        if rng.random() < 0.5:
            p += say(ctx, "meeting.trainings", v["meeting.trainings"], "期") if v["meeting.trainings"] else []
        blocks.append(Para(p))
        shift = 1
    else:
        shift = 0
    blocks.append(Heading(num.h1(5 + shift, titles[5])))
    blocks.append(Para(filler(ctx, "problems", 2)))
    nxt = 6 + shift
    if rng.random() < 0.5:
        blocks.append(Heading(num.h1(nxt, titles[6])))
        blocks.append(Para(filler(ctx, "other", 1)))
        nxt += 1
    if table is not None:
        if rng.random() < 0.35:
            # the 统计表 as a numbered section of the report: its title is a HEADING
            blocks.append(Heading(num.h1(nxt, rng.choice([table.caption, "政府信息公开情况统计表"]))))
            table.caption = ""
            ctx.features.append("table_section_heading")
        else:
            blocks.append(Lines([plain(rng.choice(["附件：", "附件1：", "附表："]))]))
        blocks.append(table)
    return blocks


# ==================================================================================================
# Document layout per style
# ==================================================================================================


def _wrap(parts: list[Part], width: int, indent: str, first_col: int) -> list[Part]:
    """Break lines as a PDF text layer does, never inside a span nor inside an ASCII token."""
    out: list[Part] = []
    col = first_col
    for p in parts:
        if p.label is None:
            buf = []
            prev = ""
            for ch in p.text:
                if ch == "\n":
                    col = 0
                elif (
                    col >= width
                    and not (prev.isascii() and prev.isalnum() and ch.isascii() and ch.isalnum())
                    and ch not in "，。；、）》”"
                ):
                    buf.append("\n" + indent)
                    col = len(indent)
                buf.append(ch)
                col += 1
                prev = ch
            out.append(Part("".join(buf), None, p.gold))
        else:
            if col + len(p.text) > width + 3:
                out.append(plain("\n" + indent))
                col = len(indent)
            out.append(p)
            col += len(p.text)
    return out


def _image_marker(rng: random.Random) -> str:
    return f"[image: {rng.choice(['image', 'img', '图片'])}{rng.randint(1, 9)}]"


def layout(ctx: Ctx, blocks: list[Block], title: Lines) -> list[Part]:
    rng = ctx.rng
    style = ctx.style
    out: list[Part] = []
    flat = ctx.flat
    if flat or (style in ("pipe", "tab", "one_cell_per_line", "prose") and rng.random() < 0.1):
        ttl = "".join(p.text for p in title.parts)
        out.append(
            plain(
                f"标题: {ttl}\n发布时间: {ctx.year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)} "
                f"{rng.randint(8, 17)}:{rng.randint(10, 59)}\n文号: \n发布机构: {ctx.org if rng.random() < 0.6 else ''}\n"
                f"栏目: 政府信息公开年报\n原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/{ctx.year + 1}0{rng.randint(1, 3)}/"
                f"t{ctx.year + 1}0{rng.randint(1, 3)}{rng.randint(10, 28)}_{rng.randint(10000, 99999)}.htm\n"
                "==================== 正文 ====================\n"
            )
        )
        ctx.features.append("crawler_header")
    # title + preamble
    if ctx.pdf:
        ttl = "".join(p.text for p in title.parts)
        if ctx.org in ttl and ttl.startswith(ctx.org) and rng.random() < 0.6:
            out.append(
                plain(
                    " " * rng.randint(8, 16) + ctx.org + "\n" + " " * rng.randint(4, 8) + ttl[len(ctx.org) :] + "\n\n"
                )
            )
        else:
            out.append(plain(" " * rng.randint(4, 10) + ttl + "\n\n"))
    elif ctx.md:
        out.append(plain("# " + "".join(p.text for p in title.parts) + "\n\n"))
    else:
        out += title.parts
        out.append(plain(" " if flat else "\n"))
    if not flat and rng.random() < 0.3:
        out.append(plain(f"（{ctx.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日）\n"))
    pre = preamble(ctx)
    width = rng.randint(28, 36)
    if ctx.pdf:
        out.append(plain("   "))
        out += _wrap(pre, width, "", 3)
        out.append(plain("\n"))
    elif ctx.wrap_prose:
        out += _wrap(pre, width, "", 0)
        out.append(plain("\n"))
    else:
        out += pre
        out.append(plain("" if flat else "\n\n" if ctx.md else "\n"))
    glue_images = style in ("pipe", "tab", "one_cell_per_line", "prose") and rng.random() < 0.3
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(b, Heading):
            pre_h = ""
            if ctx.md:
                pre_h = "## " if b.level == 1 else "### "
            elif ctx.pdf:
                pre_h = " " * rng.randint(2, 6)
            if glue_images and rng.random() < 0.35:
                pre_h = _image_marker(rng) + pre_h
                if "image_marker" not in ctx.features:
                    ctx.features.append("image_marker")
            if pre_h:
                out.append(plain(pre_h))
            out.append(Part(b.text, "HEADING"))
            if flat:
                out.append(plain(rng.choice(["", "", " "])))
            elif b.runin and isinstance(nxt, Para) and not ctx.md:
                out.append(plain(rng.choice(["。", "", "。"])))
            else:
                out.append(plain("\n\n" if ctx.md else "\n"))
        elif isinstance(b, Para):
            parts = b.parts
            prev = blocks[i - 1]
            after_runin = isinstance(prev, Heading) and prev.runin
            if ctx.pdf:
                first = 0 if after_runin else 4
                lead = "" if first == 0 else "    "
                parts = [plain(lead), *_wrap(parts, width, "", first)]
            elif ctx.wrap_prose:
                parts = _wrap(parts, width, "", 0 if after_runin else 2)
            out += parts
            out.append(plain(rng.choice(["", " "]) if flat else "\n\n" if ctx.md else "\n"))
        elif isinstance(b, Lines):
            out += b.parts
            out.append(plain("" if flat else "\n"))
        elif isinstance(b, Table):
            if not flat:
                out.append(plain("\n" if rng.random() < 0.5 else ""))
            out += render_table(ctx, b)
            if flat:
                out.append(plain(rng.choice(["", " "])))
    # signature
    if not flat or rng.random() < 0.5:
        sig = f"{ctx.org}\n{ctx.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日\n"
        out.append(plain(("\n" + " " * 20 if ctx.pdf else "\n") + sig))
    return [p for p in out if p.text]


def _page_numbers(ctx: Ctx, parts: list[Part]) -> list[Part]:
    """Insert page-number lines ('-2-', '— 3 —') every 30–45 lines, outside every span."""
    rng = ctx.rng
    every = rng.randint(30, 45)
    fmt_ = rng.choice(["-{}-", "— {} —", "- {} -"])
    page, lines = 1, 0
    out = []
    for p in parts:
        if p.label is not None or "\n" not in p.text:
            out.append(p)
            continue
        buf = []
        for ch in p.text:
            buf.append(ch)
            if ch == "\n":
                lines += 1
                if lines >= every:
                    buf.append(" " * rng.randint(0, 40) + fmt_.format(page) + "\n")
                    ctx.features.append("page_numbers")
                    page += 1
                    lines = 0
                    every = rng.randint(30, 45)
        out.append(Part("".join(buf), None, p.gold))
    return out


# ==================================================================================================
# Noise: duplicated paragraphs, OCR look-alikes, traditional script
# ==================================================================================================

LOOKALIKE = {
    "沭": "沐", "己": "已", "已": "己", "末": "未", "未": "末", "申": "甲", "理": "埋", "务": "各", "人": "入",
    "日": "曰", "千": "干", "土": "士", "拨": "拔", "候": "侯", "请": "清", "复": "夏", "议": "仪", "息": "恩",
    "结": "给", "计": "汁", "密": "蜜", "处": "外",
}  # fmt: skip


def _ocr(ctx: Ctx, parts: list[Part]) -> None:
    rng = ctx.rng
    cands = [p for p in parts if p.label in ("METRIC", "HEADING") and any(ch in LOOKALIKE for ch in p.text)]
    for p in rng.sample(cands, k=min(len(cands), rng.randint(1, 3))):
        idx = [i for i, ch in enumerate(p.text) if ch in LOOKALIKE]
        i = rng.choice(idx)
        p.text = p.text[:i] + LOOKALIKE[p.text[i]] + p.text[i + 1 :]
    if "沭" in ctx.org:
        for p in parts:
            if p.label is None:
                p.text = p.text.replace("沭", "沐")
    ctx.features.append("ocr")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _to_traditional(parts: list[Part]) -> None:
    cc = _s2t()
    for p in parts:
        t = cc.convert(p.text)
        if len(t) != len(p.text):  # a phrase conversion changed the length: go character by character
            chars = []
            for ch in p.text:
                c = cc.convert(ch)
                chars.append(c if len(c) == 1 else ch)
            t = "".join(chars)
        p.text = t


# ==================================================================================================
# Public API
# ==================================================================================================


def _combos() -> list[tuple[str, str, str]]:
    """(template, table kind, style); 2021 twice, it is the format of every current report."""
    out = []
    for s in TABLE_STYLES:
        if s == "column_major":  # plain pdftotext of a 统计表 only (the modern forms have merged cells)
            out += [("pre2019", "national", s), ("pre2019", "fujian", s)]
            continue
        out.append(("2019", "t", s))
        out.append(("2021", "t", s))
        out.append(("2021", "t", s))
        out.append(("pre2019", "national", s))
        out.append(("pre2019", "fujian", s))
    out.append(("pre2019", "none", "prose"))
    return out


NUMBER_RUNS = ("run", "cell")


def generate_one(
    seed: int,
    i: int,
    combo: tuple[str, str, str],
    traditional: bool,
    *,
    number_runs: str = "run",
    phrasing: str = "base",
) -> SyntheticReport:
    template, table_kind, style = combo
    rng = random.Random(f"govreport-synthetic/{seed}/{i}" + ("" if phrasing == "base" else f"/{phrasing}"))
    ctx = Ctx(rng, template, style, table_kind)
    ctx.varied = phrasing == "varied"
    if style == "spaced":  # pdfplumber, or pypdfium2 (header cells a piece a line, "\r\n" line ends)
        ctx.flavour = "pypdfium2" if rng.random() < 0.4 else "pdfplumber"
    elif style == "cell_lines":  # PyMuPDF (a PDF: narrow cells' lines, prose lines) or BeautifulSoup
        ctx.flavour = "pymupdf" if rng.random() < 0.5 else "bs4"
    elif (  # browser_tab, or html2text's markdown of the page; own generator: the rest stays as it was
        style == "browser_tab" and random.Random(f"govreport-synthetic/{seed}/{i}/flavour").random() < 0.4
    ):
        ctx.flavour = "html2text"
    if ctx.flavour:
        ctx.features.append(f"flavour:{ctx.flavour}")
    ctx.wrap_prose = style in ("spaced", "column_major") or ctx.flavour == "pymupdf"
    # BLANK ZEROS (zero cells printed blank, their gold dropped): drawn from a generator of its own, so that
    # the rest of a report of the existing styles stays as it was.
    ctx.blank_zeros = (
        style in BLANK_ZERO_STYLES
        and table_kind != "none"
        and random.Random(f"govreport-synthetic/{seed}/{i}/blank_zeros").random() < BLANK_ZERO_P
    )
    if template == "pre2019":
        blocks = content_pre2019(ctx)
    else:
        v3 = template
        if template == "2021" and rng.random() < 0.15:
            v3 = "2019"
        blocks = content_modern(ctx, template, v3)
    # duplicated paragraphs (a crawler or a copy-paste slip)
    if rng.random() < 0.12:
        paras = [k for k, b in enumerate(blocks) if isinstance(b, Para)]
        if paras:
            k = rng.choice(paras)
            para = blocks[k]
            assert isinstance(para, Para)
            dup = Para([p.copy() for p in para.parts])
            blocks.insert(k + 1, dup)
            ctx.features.append("duplicate_paragraph")
    parts = layout(ctx, blocks, title_block(ctx))
    if ctx.pdf:
        parts = _page_numbers(ctx, parts)
    if rng.random() < {"markdown": 0.3, "pdf_layout": 0.08}.get(style, 0.04):  # OCR'd scans become markdown
        _ocr(ctx, parts)
    if traditional:
        _to_traditional(parts)
    if ctx.flavour == "pypdfium2" and rng.random() < 0.6:  # its "\r\n" line ends, not converted by the user
        for p in parts:
            p.text = p.text.replace("\n", "\r\n")
        ctx.features.append("crlf")
    # assemble
    text_chunks: list[str] = []
    spans: list[tuple[int, int, str]] = []
    evidence: list[tuple[int, int] | None] = [None] * len(ctx.gold.entries)
    pos = 0
    for p in parts:
        if p.label == "NUMBER" and number_runs == "run" and spans and spans[-1][2] == "NUMBER" and spans[-1][1] == pos:
            spans[-1] = (spans[-1][0], pos + len(p.text), "NUMBER")  # cells run together: one span
        elif p.label is not None:
            spans.append((pos, pos + len(p.text), p.label))
        for g in p.gold:
            evidence[g] = (pos, pos + len(p.text))
        text_chunks.append(p.text)
        pos += len(p.text)
    text = "".join(text_chunks)
    return SyntheticReport(
        id=f"synthetic-{seed}-{i:05d}",
        text=text,
        spans=spans,
        gold=ctx.gold.entries,
        template=template,
        style=style,
        script="traditional" if traditional else "simplified",
        features=sorted(
            set(
                ctx.features
                + ([f"table:{table_kind}"] if table_kind != "t" else [])
                + (["approximate"] if any(g.get("approximate") for g in ctx.gold.entries) else [])
            )
        ),
        evidence=evidence,
    )


def generate(n: int, seed: int, *, number_runs: str = "run", phrasing: str = "base") -> list[SyntheticReport]:
    """``n`` synthetic reports; the same ``(n, seed)`` gives the same reports (and report i does not
    depend on n).

    Args:
        number_runs: "run" (docs/annotation.md): the cells of a flattened run that touch each other
            ("3960181") form ONE NUMBER span; "cell": each cell is its own NUMBER span (adjacent spans,
            B-NUMBER at every cell). Gold ``evidence`` always points at the single cell.
        phrasing: "base": the fixed phrasings of ``SAY``; "varied": most statements composed from
            ``ACTS`` and ``FRAMES``, many followed by a count that is no indicator (``OTHER_COUNTS``);
            other reports than "base" gives for the same seed.
    """
    if number_runs not in NUMBER_RUNS:
        raise ValueError(f"number_runs must be one of {NUMBER_RUNS}, not {number_runs!r}")
    if phrasing not in ("base", "varied"):
        raise ValueError(f"phrasing must be 'base' or 'varied', not {phrasing!r}")
    combos = _combos()
    order = list(range(len(combos)))
    random.Random(f"govreport-synthetic/{seed}/order").shuffle(order)
    trad_offset = seed % 10
    out = []
    for i in range(n):
        combo = combos[order[i % len(order)]]
        trad = (i + trad_offset) % 10 == 0
        out.append(generate_one(seed, i, combo, traditional=trad, number_runs=number_runs, phrasing=phrasing))
    return out


def to_record(r: SyntheticReport) -> dict:
    """The annotation record of a report (``service.annotations.AnnotationRecord``: embedded text,
    ``gold`` is a mapping there, so the gold values go under ``"values"`` as in data/annotations/gold)."""
    return {
        "id": r.id,
        "text": r.text,
        "spans": [list(s) for s in r.spans],
        "gold": {"values": r.gold},
        "split": "train",
        "source": "synthetic",
        "meta": {"template": r.template, "style": r.style, "script": r.script},
    }


def write_jsonl(reports: Iterable[SyntheticReport], path: str | os.PathLike) -> Path:
    """Write the reports as annotation records, one JSON object a line (atomic: temp file + rename)."""
    return write_atomic(path, "".join(json.dumps(to_record(r), ensure_ascii=False) + "\n" for r in reports))


if __name__ == "__main__":  # pragma: no cover
    import argparse

    ap = argparse.ArgumentParser(description="Write synthetic annotated reports as JSONL.")
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    print(write_jsonl(generate(a.n, a.seed), a.out))
