"""The rules layer for prose: pair tagged metrics with their numbers, read statements of absence.

Table cells are read by ``service.tables``; this module handles everything outside the tables:
"主动公开政府信息336条，其中政策、规范性文件37条" → active.total = 336; "全年未发生因政府信息公开提起行政
诉讼案件" → litigation.total = 0; counted things that are not standard indicators go to ``unmapped``.
All offsets here are in the normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from service.catalog import Catalog, GeneralDef
from service.linking import Link
from service.normalize import display_width, normalize_label
from service.numbers import CN_CHARS, Quantity, find_quantities, to_unit
from service.tagging import HAN, Span

_CLAUSE_BREAK = re.compile(r"[。；;！？!?\n,，]")
#: a line wrap right before the number ("…行政诉讼数为⏎0 件"): a PDF's line end, or a page's line printed
#: as a paragraph (blank lines between)
_WRAP_BEFORE_NUMBER = re.compile(r"[^。；;！？!?\n,，\d]*?\s*\n\s*")
#: a line's last character where a PDF's line end cut a sentence, not a paragraph's or a list item's end
_WRAPPED_LINE = re.compile(rf"{HAN.pattern}|[\d，,、]")
_CLAUSE_STOPS = "，,。；;\n"
_SENTENCE_STOPS = "。；;！？!?\n"
_SUBCLAUSE = re.compile(r"[^，,。；;！？!?\n|]+")  # a markdown field ends one too
#: a numbered line with no number in its words: a heading ("## 6.其他需要报告的事项"), not a sentence
_HEADING_LINE = re.compile(
    r"[ \t#*]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d))[^\d\n]*\n"
)
_YEARS = re.compile(r"(?:19|20)\d{2}年度?")
#: a heading's number before the words of a clause ("5、因政府信息公开申请行政复议…的情况 全年未被提起行政复议")
_LIST_NUMBER = re.compile(r"(?<![\d.])\d{1,2}[、.．](?=\D)")
#: a statement about some kinds of applicant ("未收到法人或者其他组织…的申请") says nothing of all of them
_SOME_APPLICANTS = re.compile(r"法人|其他组织|企业")
_ALL_APPLICANTS = re.compile(r"公民|自然人|个人|任何|群众|公众")
#: the words between 其中 and a metric, when they qualify it ("其中，疫情防控新闻发布会…151场"): a part
_PART_OF = re.compile(r"其中(?:包\s*括)?[，,:：\s]*([^，,。；;！？!?\d]*)$")
_NOT_A_QUALIFIER = re.compile(r"通过|利用|依托|在|经|由|向|以|按|共|全年|本年|累计|主动|各类")  # how, not what
_SHARE_AFTER = re.compile(r"\s*[，,]\s*(?:约)?占")
#: where a number with no unit was cut: the text's end, a line break before a digit (a wrap at a width), or
#: spaces before a digit or a list marker's dot (a justified line spread apart: "2    1条", "形式1    .门户网站")
_CUT = re.compile(r"\s*$|[ \t\u3000]*\r?\n\s*\d|[ \t\u3000]+(?:\d|[.．、](?!\d))")
_CUT_BEFORE = re.compile(r"\d\s+$")  # a piece after another
_CUT_BEFORE_CN = re.compile(rf"[{CN_CHARS}][ \t\u3000]*\r?\n\s*$")  # in Chinese numerals, cut at a line end
_SINCE = re.compile(r"到目前|截至目前|截止目前|至今|迄今|以来|历年")
_AS_OF = re.compile(r"截[至止](?:\d{4}年)?(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})[日号]|底|末)?")
_YEAR_PART_AFTER = re.compile(r"\s*[，,]\s*(?:其中)?\s*(?:本年度?|今年|当年|全年)新增\s*(?=\d)")
#: 及/和/与 joining two nouns, not inside a word (涉及, 参与, 共和)
_AND = re.compile(r"(?<![涉普危触波推企])及|(?<![共缓温平祥])和|(?<![参给赋授准])与")
_MAX_GAP = 16  # characters between a metric and its number in one clause, a run of spaces counted as one
_SPACES = re.compile(r"\s+")
_PAD = " \t\u3000"  # what a layout text pads its lines with
_BLANK_LINES = re.compile(rf"\n(?:[{_PAD}]*\n)+")
_MIN_LINES = 10  # prose lines, for a text to tell its page's width
_FULL_SLACK = 4  # columns a full line may be narrower or wider: half-width digits, justified spacing
CONF_PROSE = 0.85
CONF_ABSENCE = 0.75
CONF_RESTATED = 0.5  # the prose states one fact with two values: neither is one to take as is
LINK_SURE = 0.8  # the link head's probability from which its decision states a value


@dataclass
class ProseValue:
    id: str
    value: int | float
    start: int
    end: int
    raw: str
    confidence: float
    approximate: bool = False
    others: tuple[int | float, ...] = ()  # other values the prose states for the same fact
    period: str = "year"  # "cumulative": a count since the unit began ("到目前累计主动公开政府信息100条")


@dataclass
class ProseUnmapped:
    metric: str
    value: int | float
    unit: str | None
    start: int
    end: int


def _outside(pos: int, regions: Sequence[tuple[int, int]]) -> bool:
    return not any(s <= pos < e for s, e in regions)


def prose_counts(
    quantities: Sequence[Quantity], body_start: int, regions: Sequence[tuple[int, int]] = ()
) -> list[Quantity]:
    """The counts (of ``find_quantities``) after the title and outside the tables (``regions``) that may
    state an indicator: what the link head decides on."""
    return [q for q in quantities if q.kind == "metric" and q.start >= body_start and _outside(q.start, regions)]


def read_prose(
    text: str,
    spans: Sequence[Span],
    catalog: Catalog,
    table_regions: Sequence[tuple[int, int]],
    body_start: int = 0,
    links: Mapping[int, Link] | None = None,
    quantities: Sequence[Quantity] | None = None,
    tabled: Mapping[str, Collection[int | float]] | None = None,
) -> tuple[list[ProseValue], list[ProseUnmapped]]:
    """links: the link head's decision for counts, by start (``service.linking``); the model's only.
    The aliases pair metrics with their numbers first; a sure link then states what they left.
    quantities: ``find_quantities(text)``, when the caller has it already.
    tabled: the year's values the report's tables give, by indicator id: a link they contradict is a guess
    the tables disprove ("全年共发布信息166条" of one project's news, linked to 主动公开 where the table says
    2122), so it states nothing; an alias that contradicts them is stated and flagged (``text_vs_table``)."""
    metrics = _split_joined(
        text,
        catalog,
        _join_wrapped(
            text,
            [s for s in spans if s.label == "METRIC" and s.start >= body_start and _outside(s.start, table_regions)],
        ),
    )
    numbers = [s for s in spans if s.label == "NUMBER" and s.start >= body_start and _outside(s.start, table_regions)]
    by_start = {  # every reader skips a number the text may have cut
        q.start: q for q in (find_quantities(text) if quantities is None else quantities) if not _cut_off(text, q)
    }
    # an alias naming an indicator next to its number decides; the head links the numbers and facts they leave
    aliased, sums = _aliased(text, catalog, metrics, numbers, by_start)
    values: list[ProseValue] = []
    for pv in aliased:
        _state(values, pv)
    used = {v.start for v in aliased} | sums  # no other rule takes a sum
    found = {v.id for v in values}
    left = {s: link for s, link in (links or {}).items() if s not in used and link.id not in found}
    for pv in _linked(text, catalog, by_start, left, table_regions):
        if pv.value in (tabled or {}).get(pv.id, (pv.value,)):
            _state(values, pv)
    used |= {v.start for v in values}
    found |= {v.id for v in values}
    pairing = _Pairing(text, catalog, by_start, {n.start for n in numbers}, used, found)
    values += _counted(pairing)
    values += _elliptic(pairing, values)
    values += _absences(text, catalog, table_regions, found, body_start)
    unmapped = []
    stated = used - sums  # a sum is stated of no one indicator: it is shown unmapped
    for n in numbers:
        if n.start in stated:
            continue
        q = by_start.get(n.start)
        if q is None or q.kind != "metric" or not q.unit:
            continue
        metric = _noun_before(text, n.start)
        if metric:
            unmapped.append(ProseUnmapped(metric, q.value, q.unit, n.start, n.end))
    return values, unmapped


def _aliased(
    text: str, catalog: Catalog, metrics: Sequence[Span], numbers: Sequence[Span], by_start: Mapping[int, Quantity]
) -> tuple[list[ProseValue], set[int]]:
    """Each metric phrase of the catalog paired with the number that follows it in its clause; and the
    starts of numbers stated of several phrases at once (their sum: no one indicator's)."""
    out: list[ProseValue] = []
    used: set[int] = set()
    paired: dict[int, ProseValue] = {}  # metric index -> its value
    unpaired: dict[int, GeneralDef] = {}  # metric index -> its indicator, where no number followed
    counts_before = {q.end for q in by_start.values() if q.kind == "metric" and q.unit}
    for i, m in enumerate(metrics):
        g = catalog.resolve_prose(text[m.start : m.end], text[max(0, m.start - 8) : m.start])
        if g is None or _vetoed(text, m.start, g.prose_exclude) or _qualified(text, m.start):
            continue
        if m.start in counts_before:
            continue  # "94个查阅点(其中县市22个…)": counted before it (prose_counted), a number after is a part
        if g.prose_after and not _said(text, m, g.prose_after):
            continue  # "行政规范性文件60件" is what was disclosed only in a sentence about 主动公开
        nxt_metric = metrics[i + 1].start if i + 1 < len(metrics) else len(text)
        unpaired[i] = g
        for n in numbers:
            if n.start < m.end or n.start in used:
                continue
            gap = text[m.end : n.start]
            wrapped = bool(_WRAP_BEFORE_NUMBER.fullmatch(gap))
            if (
                n.start >= nxt_metric
                or len(_SPACES.sub(" ", gap)) > _MAX_GAP
                or (_CLAUSE_BREAK.search(gap) and not wrapped)
            ):
                break
            q = by_start.get(n.start)
            if q is None or q.kind != "metric":
                break
            if not g.fits_unit(q.unit):
                break  # "查阅点共接待33人次" counts visitors, not 查阅点 (个)
            if g.id.endswith(".total") and _SHARE_AFTER.match(text, n.end):
                break  # "区直各部门主动公开政府信息1397条，占73%": a part of the total, not the total
            used.add(n.start)
            # "…累计主动公开政府信息3819条，本年度新增295条": the year's part follows a running total
            part = _YEAR_PART_AFTER.match(text, n.end)
            period = "cumulative" if part or _running_total(_sentence_before(text, m.start)) else "year"
            paired[i] = ProseValue(
                g.id, _in_unit(q, g), n.start, n.end, text[n.start : n.end], CONF_PROSE, q.approximate, period=period
            )
            del unpaired[i]
            out.append(paired[i])
            year = next((x for x in numbers if x.start == part.end()), None) if part else None
            if year is not None and (y := by_start.get(year.start)) is not None and g.fits_unit(y.unit):
                used.add(year.start)
                out.append(ProseValue(g.id, _in_unit(y, g), year.start, year.end, text[year.start : year.end],
                                      CONF_PROSE, y.approximate))  # fmt: skip
            break
    # phrases joined by 、 share the number after the last: "行政复议、行政诉讼案件为0件" and "…各2件" are
    # each one's; any other number is their sum, neither one's
    sums: set[int] = set()
    for i in sorted(unpaired, reverse=True):
        nxt, g = paired.get(i + 1), unpaired[i]
        if nxt is None or text[metrics[i].end : metrics[i + 1].start] != "、":
            continue
        if nxt.value == 0 or "各" in text[metrics[i + 1].end : nxt.start]:
            if g.fits_unit(by_start[nxt.start].unit):
                paired[i] = replace(nxt, id=g.id)
                out.append(paired[i])
        else:
            out.remove(nxt)
            sums.add(nxt.start)
    return out, sums


def _in_unit(q: Quantity, g: GeneralDef) -> int | float:
    """The quantity in the indicator's unit (元 → 万元)."""
    if g.unit in ("万元", "元") and q.unit and q.unit.endswith("元"):
        return to_unit(q.value, q.unit, g.unit)
    return q.value


def _linked(
    text: str,
    catalog: Catalog,
    quantities: Mapping[int, Quantity],
    links: Mapping[int, Link],
    regions: Sequence[tuple[int, int]],
) -> list[ProseValue]:
    """The values the link head is sure of (probability ≥ ``LINK_SURE``); one per indicator, and a second,
    different value flags the first, as the rules do."""
    out: list[ProseValue] = []
    for start, link in sorted(links.items()):
        q = quantities.get(start)
        g = catalog.general_by_id.get(link.id or "")
        if q is None or g is None or link.p < LINK_SURE or not _outside(start, regions):
            continue
        if _joined_before(text, start) or _dated_before_year_end(_sentence_before(text, start)):
            continue
        if g.fits_unit(q.unit):
            end = q.number_end or q.end
            _state(out, ProseValue(g.id, _in_unit(q, g), start, end, text[start:end], CONF_PROSE, q.approximate))
    return out


def _dated_before_year_end(before: str) -> bool:
    """Whether the sentence dates its count to a day before the year's end ("截至12月14日，…政务微博共发布
    信息532条"): a running total of that day, not the year's. The head, which knows no period, does not
    state it."""
    m = _AS_OF.search(before)
    return m is not None and (int(m["month"]), int(m["day"] or 31)) < (12, 31)


def _joined_before(text: str, start: int) -> bool:
    """The words just before a number join two nouns ("政策文件及解读10条"): the number counts both."""
    noun = _NOUN.search(text[max(0, start - 12) : start])
    return noun is not None and _AND.search(noun.group()) is not None


def _state(values: list[ProseValue], new: ProseValue) -> None:
    """Add ``new`` to ``values``, one value per fact (a repeated paragraph restates it): a second,
    different value of the same indicator flags the first."""
    first = next((v for v in values if (v.id, v.period) == (new.id, new.period)), None)
    if first is None:
        values.append(new)
    elif new.value != first.value and new.value not in first.others:
        first.others += (new.value,)
        first.confidence = min(first.confidence, CONF_RESTATED)


def _cut_off(text: str, q: Quantity) -> bool:
    """A piece of a number the text may have cut: one with no unit that ends the text, a copied page cut
    there ("…不予公开28" of 28x件), or that ends a line whose next one starts with a digit: a tool that
    wraps lines at a width cut it there (lynx: "依法办结5⏎   7件" of 57件); or one whose digits a tool
    that spreads a justified line's characters apart spaced ("政府信息3    418条" of 3418条: pypdf's
    layout mode; so is a list marker's number it spread from its dot). The pieces after the first are cut
    too: "7件", "418条"; so is a number in Chinese numerals after a line that ends in one (elinks: "举办新闻发布
    会三⏎   十七场" of 三十七场)."""
    if q.unit is None and _CUT.match(text, q.end) is not None:
        return True
    before = text[max(0, q.start - 40) : q.start]
    return _CUT_BEFORE.search(before) is not None or (
        q.raw[0] in CN_CHARS and _CUT_BEFORE_CN.search(before) is not None
    )


def _running_total(before: str) -> bool:
    """Whether the words before a phrase count since the unit began, not the year: 累计 or 历年 with
    到目前/至今/以来/… ("本单位到目前累计主动公开政府信息100条")."""
    return ("累计" in before or "历年" in before) and _SINCE.search(before) is not None


def _join_wrapped(text: str, metrics: list[Span]) -> list[Span]:
    """METRIC pieces with only whitespace between are one phrase: a PDF line wrap ("主动公开各类政⏎府信息")
    or a tagger unsure in mid-phrase ("主动发布各类" + "政府信息")."""
    out: list[Span] = []
    for m in metrics:
        if out and not text[out[-1].end : m.start].strip():
            m = Span(out.pop().start, m.end, m.label, m.score)
        out.append(m)
    return out


def _split_joined(text: str, catalog: Catalog, metrics: list[Span]) -> list[Span]:
    """A METRIC span over phrases joined by 、 that each name an indicator ("行政复议、行政诉讼案件", as a
    tagger may take it whole) is one span a phrase, as the lexicon tags them: they share the number after
    the last (see ``_aliased``), which is not the last one's alone."""
    out: list[Span] = []
    for m in metrics:
        pieces = [(p.start() + m.start, p.end() + m.start) for p in re.finditer(r"[^、]+", text[m.start : m.end])]
        if len(pieces) > 1 and all(catalog.resolve_prose(text[a:b]) for a, b in pieces):
            out += [Span(a, b, m.label, m.score) for a, b in pieces]
        else:
            out.append(m)
    return out


def _vetoed(text: str, pos: int, keywords: Sequence[str]) -> bool:
    """A veto keyword in the metric's sub-clause: "各乡镇主动公开政府信息122条" is a part, not the total.
    A clause a PDF's line end cut reads on over it ("集中公开现行有⏎效行政规范性文件698件")."""
    s = _start_over_wraps(text, max(text.rfind(c, 0, pos) for c in _CLAUSE_STOPS) + 1, _CLAUSE_STOPS)
    e = min((i for i in (text.find(c, pos) for c in _CLAUSE_STOPS) if i >= 0), default=len(text))
    clause = normalize_label(text[s:e])
    return any(k in clause for k in keywords)


def _sentence_before(text: str, pos: int) -> str:
    return text[max(text.rfind(c, 0, pos) for c in _SENTENCE_STOPS) + 1 : pos]


def _last_before(text: str, pos: int) -> str:
    """The character before ``pos`` past a layout text's padding."""
    while pos > 0 and text[pos - 1] in _PAD:
        pos -= 1
    return text[pos - 1 : pos]


def _full_width(text: str) -> int | None:
    """The width of a full line, where the text's prose lines were cut at a page's width (a PDF's, or a
    text browser's): a tenth of them are wider, and a quarter are within 4 columns of it. None where the
    lines are the paragraphs (HTML and Word texts)."""
    widths = sorted(
        display_width(line) for line in map(str.strip, text.split("\n")) if HAN.search(line) and "  " not in line
    )
    if len(widths) < _MIN_LINES:
        return None
    full = widths[len(widths) * 9 // 10]
    return full if sum(abs(w - full) <= _FULL_SLACK for w in widths) * 4 >= len(widths) else None


def _wrap(text: str, end: int, start: int, full: int | None) -> bool:
    """Whether the break between a line ending at ``end`` and the next starting at ``start`` cut a line."""
    gap = text[end:start]
    if gap == "\n":
        return True
    if full is None or not _BLANK_LINES.fullmatch(gap):
        return False
    line = text[text.rfind("\n", 0, end) + 1 : end].strip()
    return abs(display_width(line) - full) <= _FULL_SLACK


def _start_over_wraps(text: str, start: int, stops: str) -> int:
    """Where a sentence or clause that starts at ``start`` starts when it reads back over the line ends
    a PDF's wrap put in it (a line ending in a character, not a heading's), to the previous of ``stops``."""
    while start > 1 and text[start - 1] == "\n" and _WRAPPED_LINE.match(_last_before(text, start - 1)):
        if _HEADING_LINE.match(text, text.rfind("\n", 0, start - 1) + 1):
            break  # a heading's line ends with a character too
        start = max(text.rfind(c, 0, start - 1) for c in stops) + 1
    return start


def _said(text: str, metric: Span, words: Sequence[str]) -> bool:
    """Does the metric's sentence, up to the metric's end, state one of ``words``? A sentence opening
    with 其中 reads on from the one before ("全年公开各类信息165条。其中，行政规范性文件0条"); one a
    PDF's line end cut reads on over it ("发布政府信息 393 件，其中包⏎括：行政规范性文件 13 件")."""
    start = _start_over_wraps(text, metric.start - len(_sentence_before(text, metric.start)), _SENTENCE_STOPS)
    sentence = text[start : metric.start].replace("\n", "")  # the wraps' line ends, the only ones in it
    if sentence.lstrip().startswith("其中"):
        sentence = _sentence_before(text, metric.start - len(sentence) - 1) + sentence
    sentence += normalize_label(text[metric.start : metric.end])
    return any(w in sentence for w in words)


def _qualified(text: str, pos: int) -> bool:
    """The metric at ``pos`` counts less than its phrase says: joined to another noun ("区和部门文件及政策解读
    519篇" counts both), or a part after 其中 ("…新闻发布活动。其中，疫情防控新闻发布会累计举行151场")."""
    if pos > 0 and _AND.match(text, pos - 1, pos):
        return True
    part = _PART_OF.search(_sentence_before(text, pos))
    words = re.sub(r"\s", "", part.group(1)) if part else ""
    return HAN.match(words) is not None and not _NOT_A_QUALIFIER.match(words)


def _absences(
    text: str, catalog: Catalog, regions: Sequence[tuple[int, int]], found: set[str], body_start: int
) -> list[ProseValue]:
    out: list[ProseValue] = []
    for start, end in _clauses(text, body_start):
        if not _outside(start, regions):
            continue
        clause = normalize_label(text[start:end])
        neg = catalog.negation.search(clause)
        if not neg or re.search(r"\d", _YEARS.sub("", _LIST_NUMBER.sub("", clause))):
            continue
        if _SOME_APPLICANTS.search(clause) and not _ALL_APPLICANTS.search(clause):
            continue
        for g in catalog.general:
            if g.id in found or not g.absence:
                continue
            if any(x in clause for x in g.absence_exclude):
                continue
            if any(all(k in clause[neg.start() :] for k in keys) for keys in g.absence):
                found.add(g.id)
                out.append(ProseValue(g.id, 0, start, end, text[start:end], CONF_ABSENCE))
    return out


def _clauses(text: str, start: int) -> Iterator[tuple[int, int]]:
    """The clauses of ``text`` from ``start``. A line break before an ideograph, after one (or a digit,
    or 、) is a PDF's wrap inside a clause ("未收到有关政⏎府信息公开的申请", "行政复议、⏎提起行政诉讼的申请"),
    unless the line before it is a heading ("6.其他需要报告的事项").
    So are blank lines after a line as wide as the page's (``_full_width``): a tool that prints each line
    as a paragraph (pdfminer), or a page's end ("行⏎\f政复议")."""
    cur: tuple[int, int] | None = None
    full = _full_width(text)
    for m in _SUBCLAUSE.finditer(text, start):
        if cur is not None and _wrap(text, cur[1], m.start(), full) and _WRAPPED_LINE.match(_last_before(text, cur[1])):
            heading = _HEADING_LINE.match(text, text.rfind("\n", 0, cur[1]) + 1)
            if HAN.match(m.group().lstrip(_PAD)) and not heading:
                cur = (cur[0], m.end())
                continue
        if cur is not None:
            yield cur
        cur = (m.start(), m.end())
    if cur is not None:
        yield cur


_FILLERS = re.compile(r"^(?:其中|另|共计|共|累计|目前|已|均|全部|及时|依法依规|依法|按时|予以|了)+")
#: what a counted noun is about, between the number and the noun: "1份有关政府信息公开行政复议申请"
_ABOUT = r"(?P<about>(?:有关|涉及|关于)[^，,。；;！？!?\d]{0,14}?)?"
_SENTENCE_END = re.compile(r"[。！？!?]")
_LINE_END = re.compile(r"[ \t\u3000]*(?:\n|$)")
_PIECE = re.compile(r"[^，,、。；;！？!?]+")


@dataclass
class _Pairing:
    """What the prose readers share: the numbers the tagger marked, and what is already taken."""

    text: str
    catalog: Catalog
    quantities: dict[int, Quantity]
    spans_at: set[int]  # starts of the tagger's NUMBER spans
    used: set[int]  # numbers already given to a fact
    found: set[str]  # indicators already given a value

    def take(self, g: GeneralDef, q: Quantity) -> ProseValue:
        self.used.add(q.start)
        self.found.add(g.id)
        end = q.number_end or q.end
        return ProseValue(g.id, q.value, q.start, end, self.text[q.start : end], CONF_PROSE, q.approximate)


def _counted(p: _Pairing) -> list[ProseValue]:
    """A number before the noun it counts, after a counting verb: "全区共收到70件申请" (verb*noun in
    ``prose_counted``; see ``_counts``)."""
    out: list[ProseValue] = []
    for start, q in p.quantities.items():
        if start in p.used or start not in p.spans_at or q.kind != "metric" or not q.unit:
            continue
        before = re.sub(r"\s", "", p.text[max(0, start - 10) : start])
        after = re.sub(r"\s", "", p.text[q.end : q.end + 32])
        g = next(
            (
                g
                for g in p.catalog.general
                if g.id not in p.found
                and g.fits_unit(q.unit)
                and any(
                    re.search(re.escape(verb) + r"(?:了|共|共计|各类)?$", before) and _counts(after, noun, g)
                    for verb, noun in g.prose_counted
                )
            ),
            None,
        )
        if g is not None:
            out.append(p.take(g, q))
    return out


def _counts(after: str, noun: str, g: GeneralDef) -> bool:
    """Whether the words after a number (spaces out) name the noun it counts. The noun must end there:
    70件申请人 counts people, not applications. What it is about may stand between ("1份有关政府信息公开
    行政复议申请") if it names none of the indicator's ``prose_exclude`` (that 申请 is a 行政复议's) and
    the noun is not itself what something is about ("3件涉及行政复议的申请" are applications)."""
    m = re.match(_ABOUT + re.escape(noun) + r"(?![人书表材])", after)
    if m is None:
        return False
    about = m["about"]
    return not about or (not after.startswith("的", m.end()) and not any(w in about for w in g.prose_exclude))


def _elliptic(p: _Pairing, values: list[ProseValue]) -> list[ProseValue]:
    """Facts a sentence states about the fact it just named, without naming it again: "共收到申请154件，
    共办结148件", "行政复议351件，其中结果维持72件，结果纠正64件" (``prose_under``). Read up to the next
    fact of another group (a fact of the same group goes on about the same things: "…申请21件，其中网上
    申请20件，已办结18"), and into the next sentence of the paragraph while it opens with such a fact
    ("…申请42件，申请内容主要集中在…方面。依法办结35件")."""
    out: list[ProseValue] = []
    for parent in values:
        children = p.catalog.prose_children.get(parent.id)
        if not children:
            continue
        group = parent.id.partition(".")[0]
        last = parent.end
        for piece in _PIECE.finditer(p.text, parent.end, _paragraph_end(p.text, parent.end)):
            q = next((p.quantities[i] for i in range(piece.start(), piece.end()) if i in p.quantities), None)
            if q is None or q.kind != "metric" or q.start not in p.spans_at:
                continue
            new_sentence = _SENTENCE_END.search(p.text, last, piece.start()) is not None
            last = piece.end()
            head = re.sub(r"\s", "", p.text[piece.start() : q.start])
            # the phrase before the number ("予以公开的7件": 的 aside), or after it when only fillers stand
            # before ("其中3件维持")
            said = _FILLERS.sub("", head).removesuffix("的") or normalize_label(p.text[q.end : piece.end()])
            child = next((g for phrase, g in children if said == phrase), None)
            if child is None:
                named = p.catalog.resolve_prose(head) if head else None
                if new_sentence or (named is not None and named.group != group):
                    break  # the text has moved on
                continue
            if q.start not in p.used and child.id not in p.found and child.fits_unit(q.unit):
                out.append(p.take(child, q))
    return out


def _paragraph_end(text: str, pos: int) -> int:
    """The end of the paragraph at ``pos``: the first sentence end (。) a line break follows. Lines a PDF
    wrapped inside a sentence are one paragraph."""
    for m in _SENTENCE_END.finditer(text, pos):
        if _LINE_END.match(text, m.end()):
            return m.start()
    return len(text)


_NOUN = re.compile(r"[\u4e00-\u9fff“”\"]{2,12}$")
_LEADING_VERBS = re.compile(
    r"^(?:全年|本年度|本年|今年|共计|共|累计|其中|发布|公开|受理|收到|办理|编发|制作|发送|推送|开展|举办|组织)+"
)


def _noun_before(text: str, pos: int) -> str | None:
    m = _NOUN.search(text[max(0, pos - 12) : pos])
    if not m:
        return None
    noun = _LEADING_VERBS.sub("", m.group())
    return noun if len(noun) >= 2 else None
