"""The tagger interface and the lexicon tagger.

A tagger labels character spans of the normalised text as HEADING, METRIC or NUMBER. Everything after
it (structure, mapping, checks) reads only these spans and the text, so the fine-tuned model and the
lexicon tagger are interchangeable. The lexicon tagger is the baseline, the weak labeller for training
data and the ``--tagger lexicon`` option.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Protocol

from service.catalog import Catalog, filler_pattern
from service.numbers import Kind, Quantity, find_quantities
from service.sections import find_headings


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # HEADING / METRIC / NUMBER
    score: float = 1.0


class Tagger(Protocol):
    name: str
    version: str

    def tag(self, text: str) -> list[Span]: ...


@dataclass(frozen=True)
class Compact:
    """Text with whitespace removed (but kept, as one space, between two digits) and a map back.

    Row labels wrapped or spaced by PDF layout ("三 、本 年 度办 理 结果") match their aliases here, and
    so do those a Markdown converter cut at a column's edge: a pipe between two Han characters is
    dropped ("|一、本年新收政府|信息公开申请数量|190|", a label cell over the form's two label columns).
    """

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Compact:
        chars: list[str] = []
        origin: list[int] = []
        n = len(text)
        i = 0
        while i < n:
            c = text[i]
            if c.isspace():
                j = i
                while j < n and text[j].isspace():
                    j += 1
                if chars and chars[-1].isdigit() and j < n and text[j].isdigit():
                    chars.append(" ")
                    origin.append(i)
                i = j
                continue
            if c == "|" and chars and HAN.match(chars[-1]) and HAN.match(text, i + 1):
                i += 1
                continue
            chars.append(c)
            origin.append(i)
            i += 1
        return cls("".join(chars), tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1

    def inside_word(self, start: int, end: int) -> bool:
        """Whether Han characters stand right before and after ``text[start:end]``: within a longer word."""
        return start > 0 and bool(HAN.match(self.text, start - 1)) and bool(HAN.match(self.text, end))

    def at(self, offset: int) -> int:
        """The index in ``text`` of the first kept character at or after ``offset`` of the original."""
        return bisect.bisect_left(self.origin, offset)


#: a bracketed note printed after a row label, before its cells
_NOTE = re.compile(r"^[(（][^()（）]{1,20}[)）]")
_CLAUSE_END = re.compile(r"[。；;!?！？\n]")
_MARKER_AFTER = re.compile(r"[.、．]")
#: a Han character
HAN = re.compile(r"[\u4e00-\u9fff]")


class LexiconTagger:
    """Catalog aliases → METRIC, number patterns → NUMBER, heading patterns → HEADING."""

    name = "lexicon"
    version = "1"

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        table_aliases = set(catalog.row_aliases)
        for g in catalog.general:
            table_aliases.update(g.table_aliases)
        prose = {p for g in catalog.general for p in g.prose} - table_aliases
        self.table_aliases = frozenset(a for a in table_aliases if a)
        self.prose_aliases = frozenset(a for a in prose if a)
        alts = sorted(self.table_aliases | self.prose_aliases, key=len, reverse=True)
        # a row label is printed as it is; a sentence may put fillers inside a phrase
        self._alias_re = re.compile(
            "|".join(re.escape(a) if a in self.table_aliases else filler_pattern(a) for a in alts)
        )

    def tag(self, text: str) -> list[Span]:
        spans = [Span(s, e, "HEADING") for s, e in find_headings(text)]
        metrics = self._metrics(text)
        spans += metrics
        spans += self._numbers(text, metrics)
        return sorted(spans, key=lambda s: (s.start, s.end))

    def _metrics(self, text: str) -> list[Span]:
        comp = Compact.of(text)
        out = []
        for m in self._alias_re.finditer(comp.text):
            alias = m.group()
            after = comp.text[m.end() : m.end() + 48]
            stop = _CLAUSE_END.search(after)
            window = after[: stop.start()] if stop else after
            s, e = comp.span(m.start(), m.end())
            if alias in self.table_aliases:
                # A row label is followed by its cells; short generic labels ("其他", "规章") must be
                # followed almost at once, or they are just words of a sentence. A label column (a
                # table printed column by column) is labels alone on their lines, one after another.
                reach = 3 if len(alias) <= 3 else 40
                inside = comp.inside_word(m.start(), m.end())
                column = _in_label_column(text, s, e, self.table_aliases)
                if len(alias) <= 3 and inside and not column:
                    continue  # within a longer word: "…不计其他情形" is no row "其他"
                after = _NOTE.sub("", after, count=1)  # "规章（县级无此项）| 0 | 0 | 0"
                cells_follow = re.search(r"[\d|/—-]", after[:reach]) or re.search(r"\d", window[:reach])
                if not cells_follow and not column:
                    continue
            else:
                if not re.search(r"[\d零一二两三四五六七八九十百千万]", window[:24]):
                    continue
            out.append(Span(s, e, "METRIC"))
        return out

    def _numbers(self, text: str, metrics: list[Span]) -> list[Span]:
        metric_at = {m.start: m for m in metrics}
        label_ends = {m.end for m in metrics}
        out = []
        for q in find_quantities(text):
            # a digit run glued to a row's label is its cells, however like a mobile number it looks
            # ("（七）总计14080000148" is 140/8/0/0/0/0/148): a contact number follows a name, not a label
            glued = q.kind == "phone" and q.start in label_ends and text[q.start : q.end].isdigit()
            if q.kind != "metric" and not glued:
                continue
            cut = _marker_cut(text, q.start, q.number_end, metric_at, self.catalog.markers)
            if q.number_end - cut > q.start:
                out.append(Span(q.start, q.end if cut == 0 else q.number_end - cut, "NUMBER"))
        return out


#: what may stand before a row label on its line: "其中：", "1.", "（一）", "二、"
LIST_PREFIX = re.compile(
    r"(?:其中[:：]?)?\s*(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])?\s*"
)


def without_list_prefix(line: str) -> str:
    line = line.strip()
    return line[LIST_PREFIX.match(line).end() :]  # type: ignore[union-attr]


def _in_label_column(text: str, s: int, e: int, aliases: frozenset[str]) -> bool:
    """The alias fills its line (a list marker aside), and the line of words before or after is
    another alias so printed: a label column of a table printed column by column (pdfminer puts an
    empty line between cells)."""
    ls, le = text.rfind("\n", 0, s) + 1, text.find("\n", e)
    le = len(text) if le < 0 else le
    if without_list_prefix(text[ls:le]) != text[s:e]:
        return False
    before = text[max(0, ls - 400) : ls].rstrip().rsplit("\n", 1)[-1]
    after = text[le : le + 400].lstrip().split("\n", 1)[0]
    return without_list_prefix(before) in aliases or without_list_prefix(after) in aliases


def _marker_cut(text: str, start: int, end: int, metric_at: dict[int, Span], markers: dict[str, str]) -> int:
    """How many trailing digits of ``text[start:end]`` are a list marker glued to them: "00000002.其他法律…"
    → 1 (the digits are 0000000, "2." opens the next row). 0 when no marker and row label follow."""
    if end >= len(text) or not _MARKER_AFTER.match(text, end):
        return 0
    label_start = end + 1
    while label_start < len(text) and text[label_start] in " \t":
        label_start += 1
    label = metric_at.get(label_start)
    if label is None:
        return 0
    marker = markers.get(re.sub(r"\s", "", text[label.start : label.end]), "")
    return len(marker) if marker and text[start:end].endswith(marker) else 1


def _is_digit_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isdigit()


def whole_digit_runs(text: str, spans: list[Span], markers: dict[str, str]) -> list[Span]:
    """The spans, with every NUMBER span widened to the whole run of digits it cuts into.

    Where the cells of a flattened row lie is decided by the rules layer from the form's sums
    (``digitruns``), not by a tagger (docs/annotation.md): a model span that stops inside
    "行政事业性收费24252.311082" or "…数条3460853762、政府公报…" is widened to the run, leaving out a list
    marker glued to its end (the "2" of "2、"). Lexicon spans are whole runs already.
    """
    metric_at = {s.start: s for s in spans if s.label == "METRIC"}
    out: list[Span] = []
    for s in spans:
        if s.label != "NUMBER":
            out.append(s)
            continue
        start, end = s.start, s.end
        if _is_digit_at(text, start):
            while _is_digit_at(text, start - 1) or (text[start - 1 : start] == "." and _is_digit_at(text, start - 2)):
                start -= 1
        if _is_digit_at(text, end - 1):
            run_end = end
            while _is_digit_at(text, run_end) or (
                text[run_end : run_end + 1] == "." and _is_digit_at(text, run_end + 1)
            ):
                run_end += 1
            if run_end > end:
                end = max(end, run_end - _marker_cut(text, start, run_end, metric_at, markers))
        if out and out[-1].label == "NUMBER" and start < out[-1].end:  # two pieces of one run
            prev = out.pop()
            start, end = min(start, prev.start), max(end, prev.end)
            s = Span(start, end, "NUMBER", min(s.score, prev.score))
        out.append(Span(start, end, "NUMBER", s.score))
    return out


def with_spans_of(text: str, spans: list[Span], others: list[Span]) -> list[Span]:
    """``spans`` with the ``others`` that add to them, in text order: the model's spans and the lexicon's.

    What the catalog's aliases name is not lost where the model tagged nothing. Where the model did,
    its spans stand, but for three slips of its METRIC spans that the aliases show: a span inside an
    alias's (the model's "解读类" of "解读类信息": the words it left out name the indicator) or cut
    through its edge ("社会公开各类信" across "门户网站共向社会公开") gives way to the alias's, a span
    that runs two aliases together (labels of a column on successive lines) gives way to them, and a
    span that stops at a line break an alias runs on across (a PDF wrapped "对依申请公开的答⏎复总数3条"
    and the model tagged the first line only) runs on to the alias's end. A HEADING span that ends in an
    alias and runs straight into a count is that alias's METRIC (pdfminer prints each line as a paragraph,
    and the model took "主动公开政府信息4511条…" at a line's start for a heading)."""
    metrics = sorted((o for o in others if o.label == "METRIC"), key=lambda o: o.start)
    metric_starts = [o.start for o in metrics]

    def run_on(m: Span) -> Span:
        within = metrics[bisect.bisect_left(metric_starts, m.start) : bisect.bisect_left(metric_starts, m.end)]
        ends = [o.end for o in within if m.end < o.end and text[m.end : o.end].lstrip(" ").startswith("\n")]
        return Span(m.start, max(ends), m.label, m.score) if m.label == "METRIC" and ends else m

    # a metric or a heading is words: such a span of no Chinese word (the model's "7" of a row's last cell,
    # over a line break from its next label's piece; a markdown 表四's last cell "3" taken for the heading
    # after it) is none, and the lexicon's NUMBER stands there; nor is a metric of one character, which
    # names no row (the model's "其" of "3.其⏎1 0 0 0 0 0 1⏎他", a label wrapped around its values: the row
    # went unread)
    least = {"METRIC": 2, "HEADING": 1}  # Chinese characters a span must hold
    spans = [s for s in spans if s.label == "NUMBER" or len(HAN.findall(text, s.start, s.end)) >= least.get(s.label, 1)]
    ordered = _outside_run_ons(sorted(map(run_on, spans), key=lambda s: (s.start, -s.end)))
    starts = [s.start for s in ordered]
    reach = list(itertools.accumulate((s.end for s in ordered), max))  # the furthest end so far
    dropped: set[int] = set()  # the model's spans that give way
    added: list[Span] = []

    def overlapping(o: Span) -> list[int]:
        hi = bisect.bisect_left(starts, o.end)  # the spans that start before o ends
        lo = bisect.bisect_right(reach, o.start)  # ... and may end after it starts
        return [k for k in range(lo, hi) if ordered[k].end > o.start and k not in dropped]

    counts = {s.start for s in spans if s.label == "NUMBER"}

    def gives_way(o: Span, k: int) -> bool:  # a model METRIC span inside the alias o or cut through its edge
        m = ordered[k]
        if m.label == "HEADING":  # a heading never runs into a count: it is the alias's phrase
            return m.start <= o.start and o.end == m.end and m.end in counts
        return m.label == "METRIC" and not (m.start <= o.start and o.end <= m.end)

    for k, m in enumerate(ordered):  # a METRIC span that runs names together
        if m.label == "METRIC":
            after = metrics[bisect.bisect_left(metric_starts, m.start) : bisect.bisect_left(metric_starts, m.end)]
            held = [o for o in after if o.end <= m.end]
            if len(held) >= 2:
                dropped.add(k)
                added += held
    taken = set(added)
    for o in others:
        if o in taken:
            continue
        over = overlapping(o)
        if not over or (o.label == "METRIC" and all(gives_way(o, k) for k in over)):
            dropped.update(over)
            added.append(o)
    kept = [s for k, s in enumerate(ordered) if k not in dropped]
    return sorted(kept + added, key=lambda s: (s.start, s.end))


def _outside_run_ons(spans: list[Span]) -> list[Span]:
    """The spans but a METRIC one within a METRIC span before it: the model's piece of an alias's next line
    that its first line's span ran on over (pdfminer's "主动公开政府信⏎⏎息数", tagged as two spans; the
    "息数" left standing beside the whole label broke a 统计表 printed column by column)."""
    out: list[Span] = []
    reach = -1
    for s in spans:
        if s.label == "METRIC":
            if s.end <= reach:
                continue
            reach = s.end
        out.append(s)
    return out


#: a run of spaces inside a line that stands between two columns of a layout text
_LAYOUT_GAP = re.compile(r"[ \t\u3000]{3,}")


def at_column_gaps(text: str, spans: list[Span]) -> list[Span]:
    """The spans, a METRIC one cut where a line's run of three or more spaces stands inside it: two cells
    of a layout text, not one label (the model tagged "其他   请人⏎处理" across 表三's group label and its
    first row's)."""
    out = []
    for s in spans:
        cuts = [m.span() for m in _LAYOUT_GAP.finditer(text, s.start, s.end)] if s.label == "METRIC" else []
        if not cuts:
            out.append(s)
            continue
        at = s.start
        for a, b in [*cuts, (s.end, s.end)]:
            if HAN.search(text, at, a):
                out.append(Span(at, a, s.label, s.score))
            at = b
    return out


def short_names_inside_words(text: str, spans: list[Span], names: frozenset[str]) -> list[Span]:
    """The spans but a METRIC one that is a short row name ("其他") within a longer word, whitespace
    aside, as the lexicon reads the text: the model tagged "其他" of a layout text's "（六）1.申⏎其他   请人⏎
    处理" (表三's group 其他处理 beside its first row's label), and 3.其他's row took that row's values."""
    comp: Compact | None = None
    out = []
    for s in spans:
        name = re.sub(r"\s", "", text[s.start : s.end])
        if s.label == "METRIC" and len(name) <= 3 and name in names:
            comp = comp or Compact.of(text)
            if comp.inside_word(comp.at(s.start), comp.at(s.end)) and not _in_label_column(text, s.start, s.end, names):
                continue
        out.append(s)
    return out


#: what find_quantities knows to count nothing, whatever a model tagged there
_NO_COUNT: frozenset[Kind] = frozenset({"year", "date", "ordinal", "doc_number", "list_marker", "postal", "other"})


def numbers_as_found(text: str, spans: list[Span], quantities: list[Quantity]) -> list[Span]:
    """The spans, the model's NUMBER spans as ``find_quantities`` reads the numbers: none on a number the
    rules know counts nothing, whatever the model tagged there (a year, a date, an attachment's number: the
    model tagged "附件1：…人民政府2013⏎年…统计表" above a 统计表, and the two were read as a blank row's
    values), and one that runs on over a line break past the number it starts with ends with that number:
    a cell is on its line (the model tagged "0⏎数", a cell and its label's last piece on the next line, and
    the 统计表 beside went unread)."""
    no_count = {i for q in quantities if q.kind in _NO_COUNT for i in range(q.start, q.number_end)}
    ends = {q.start: q.end for q in quantities}
    out = []
    for s in spans:
        if s.label == "NUMBER":
            if s.start in no_count:
                continue
            end = ends.get(s.start, s.end)
            if end < s.end and "\n" in text[end : s.end]:
                s = Span(s.start, end, s.label, s.score)
        out.append(s)
    return out


#: an image's placeholder that a converter printed in the text ("[image: 图片4]", "![img](media/image2.png)")
_IMAGE = re.compile(r"\[image:[^\]\n]*\]|!\[[^\]\n]*\]\([^)\n]*\)")


def outside_images(text: str, spans: list[Span]) -> list[Span]:
    """The spans but the numbers inside images' placeholders: a file's name or number, never a value (the
    4 of "[image: 图片4]" after 表四's last row was read as a sixteenth cell, and the row went unread)."""
    images = [m.span() for m in _IMAGE.finditer(text)]
    if not images:
        return spans
    return [s for s in spans if s.label != "NUMBER" or not any(a <= s.start < b for a, b in images)]
