"""The grid pass: a table region of any rendering read as a stream of row labels and value groups.

Whatever tool printed the table — pipes and tabs (an empty field is a blank cell, never dropped),
html2text's edge-less pipes, runs of spaces or ``pdftotext -layout`` columns, one cell a line, labels
repeated by merged cells or wrapped into pieces by a narrow column, crawler text whose cells ran
together — the region becomes *events*: a row label (a METRIC span that names a row of the form, or a
wrapped label's pieces joined) or a group of values (NUMBER spans, or the delimited cells of a row,
blanks included), in text order. ``service.tables`` aligns them with the form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import NamedTuple, Protocol

from service.normalize import display_width
from service.tagging import HAN, Span

BLANK_MARKS = frozenset({"", "/", "-", "—", "——", "－", "无", "不适用", "\\"})
UNIT_WORDS = frozenset({"条", "件", "项", "个", "次", "篇", "人", "人次", "元", "万元", "——"})
NUM = re.compile(r"-?\d+(?:\.\d+)?")
_PAGE_NO = re.compile(r"^[ \t]*[-—–][ \t]*\d{1,3}[ \t]*[-—–][ \t]*$", re.M)  # "-2-", "— 5 —"
#: a parent row's number as the forms print it: "（三）", "三、"
_BRACKETED = r"[（(][一二三四五六七八九十]{1,3}[)）]"
PARENT_NUMBER = _BRACKETED + r"|[一二三四五六七八九十]{1,3}、"
#: a row's number at the start of a line: "3.", "（三）", "三、" (not the "3." of a value 3.5), or after a word
#: of a merged parent cell beside it ("不予公 5.属于三类内部事务")
_ROW_NUMBER = re.compile(rf"^[ \t]*(?:[^\s\d]\S*[ \t]+)?(?:{PARENT_NUMBER}|\d{{1,2}}[.．、](?!\d))", re.M)
#: a list marker right before a label ("2.其他", "（六）其他"), not the end of a number glued to it ("…0003.其他")
_MARKER_BEFORE = re.compile(rf"(?:(?<![\d.])[1-9][ \t]*[.．、]|{_BRACKETED})[ \t]*$")
#: a row's number opening a piece of a label, in a line or at its start: "1." "（三）" "三、"
_PIECE_NUMBER = re.compile(rf"(?<!\S)(?:([1-9])[.．、](?!\d)|{PARENT_NUMBER})")
#: the rest of a numbered label in the cell after its number ("|4|.保护第三|")
_LIST_CUT = re.compile(r"[ \t]*[.．、][ \t]*[^\W\d_]")
#: a unit word of a 统计表 row as a regex alternation, longest first (人次 before 人)
UNIT_ALTERNATION = "|".join(sorted(UNIT_WORDS - {"——"}, key=len, reverse=True))
#: a row's unit, after its label or alone, before the row's values on their line
_LABEL_AND_UNIT = re.compile(r"[ \t\f]*(?:(\S.*?)[ \t]+)?(?:" + UNIT_ALTERNATION + r")[ \t]*")
#: a line's words before its values, each opening with a Chinese character, no digit in them
_WORDS_BEFORE = re.compile(rf"[ \t\f]*((?:{HAN.pattern}[^\s\d]*)(?:[ \t]+{HAN.pattern}[^\s\d]*)*)[ \t]+")
#: a unit before a value in one cell
_UNIT_FIRST = re.compile(rf"^(?:{UNIT_ALTERNATION})\s+(?=\d)")
#: a line break and the empty lines after it
_LINE_BREAKS = re.compile(r"\r?\n(?:[ \t]*\r?\n)*")
#: the halves of a number cut at its decimal point into two cells (see _cut_at_the_point)
_CUT_FIRST = re.compile(r"[ \t]*(-?\d+\.?)[ \t]*")
_CUT_SECOND = re.compile(r"[ \t]*(\.?\d+)[ \t]*")
#: a markdown table's rule, or a simple table's (its first column's dashes three at least, any other's one)
_MD_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.M)


def _empty_paragraphs(region: str, start: int) -> dict[int, list[int]]:
    """Where a region prints a cell a paragraph, an empty line between paragraphs (docx2txt), the empty
    cells it prints as empty paragraphs: by the start of the line after them, where each stands. Only
    where every break between two lines of the region is an odd number of empty lines, one empty cell
    for each two after the first (``451⏎⏎⏎⏎⏎⏎451`` are 451, two empty cells, 451); elsewhere an empty
    line parts rows or blocks. The break that ends the region counts where it holds empty cells: the
    table's last ones (表四's 复议后起诉 尚未审结 and 总计), keyed by the region's end."""
    if "|" in region or "\t" in region:
        return {}  # delimited cells show their blanks themselves
    body = region.lstrip("\r\n \t")
    offset = start + len(region) - len(body)
    breaks = list(_LINE_BREAKS.finditer(body))
    if breaks and breaks[-1].end() == len(body) and breaks[-1].group().count("\n") < 4:
        breaks.pop()  # the region ends after its last line, or one empty line after it: no empty cell
    if len(breaks) < 8 or any(m.group().count("\n") % 2 for m in breaks):
        return {}
    out: dict[int, list[int]] = {}
    for m in breaks:
        k = m.group().count("\n") // 2 - 1
        if k:
            newlines = [offset + m.start() + i for i, c in enumerate(m.group()) if c == "\n"]
            out[offset + m.end()] = newlines[1 : 2 * k : 2]
    return out


def _cut_at_the_point(text: str, cells: Sequence[tuple[int, int]]) -> dict[int, Token]:
    """Numbers a converter cut at the decimal point into two cells, by cell index of the first half:
    pymupdf4llm's ``|行政事业性收费|18902.|5767|``, where the PDF prints 18902.5767 in one cell. One token
    over both halves, its evidence the text between them too (the cell edge)."""
    out: dict[int, Token] = {}
    for ci, ((s, e), (s2, e2)) in enumerate(itertools.pairwise(cells)):
        a, b = _CUT_FIRST.fullmatch(text, s, e), _CUT_SECOND.fullmatch(text, s2, e2)
        if a and b and (a.group(1).endswith(".") != b.group(1).startswith(".")) and ci - 1 not in out:
            start, end = a.start(1), b.end(1)
            out[ci] = Token(a.group(1) + b.group(1), start, end, text[start:end], in_cell=True)
    return out


def _label_cell(content: str) -> bool:
    """A cell that may stand before a row's label: empty (covered by a merged label) or a merged label's
    words ("（三）不予公" beside "4.保护第三方合法权益")."""
    return not content.strip() or (bool(HAN.search(content)) and not NUM.search(content))


def _stacked(words: Sequence[tuple[int, float, str]], label: str, near: float = 3) -> list[float]:
    """The x of each place where ``label`` is printed as words in one column of the header, each within
    ``near`` columns of the first: a header cell wrapped in its column ("商业⏎企业"). The next word is
    the nearest such one in any line of the header: OCR puts the lines of a header cell side by side
    or out of order when they sit close ("计  总" for 总⏎计, 社会⏎组织⏎公益 for 社会⏎公益⏎组织)."""
    out = []
    for i, (line, x, word) in enumerate(words):
        if not label.startswith(word):
            continue
        rest, last, xs, used = label[len(word) :], line, [x], {i}
        while rest:
            fits = [
                (abs(ln - last), j) for j, (ln, wx, w) in enumerate(words)
                if j not in used and rest.startswith(w) and abs(wx - x) <= near
            ]  # fmt: skip
            if not fits:
                break
            j = min(fits)[1]
            last, wx, w = words[j]
            rest, xs, used = rest[len(w) :], [*xs, wx], used | {j}
        if not rest:
            out.append(sum(xs) / len(xs))
    return out


@dataclass
class Token:
    """One value slot: a number (possibly a flattened run) or a blank cell."""

    text: str | None  # digits (with '.'/'-'), None for a blank cell
    start: int
    end: int
    raw: str
    unit: str | None = None
    in_cell: bool = False  # a whole pipe cell: never split
    paragraph: bool = False  # an empty cell printed as an empty paragraph (a cell a paragraph: docx2txt)


@dataclass
class Event:
    pos: int
    row: str | None = None  # a label event
    tokens: list[Token] | None = None  # a value group
    bound: bool = False  # values on their label's line, after it
    end: int = 0  # a label event's end
    orphan: bool = False  # values in no row the text names: after a new row's number whose label names
    # no row of the form, or under a wrapped label's last piece
    blank_row: bool = False  # a delimited row of blank cells only, with no label of its own
    joined: bool = False  # a label put together from the pieces of a wrapped label cell
    markdown: bool = False  # a row of a markdown table (its region has a "|---|" rule): an unlabelled
    # one fills the form's next row; rows the same region prints otherwise (a cell a line) do not


class LabelPieces(Protocol):
    """What the form says of pieces of a table's printed row labels (the catalog's, per table)."""

    def continues(self, row: str, words: str) -> bool:
        """Whether ``words`` are a piece of the row's printed label."""
        ...

    def group(self, row: str, word: str) -> bool:
        """Whether ``word`` is the number (and first word) of the merged cell grouping ``row``."""
        ...


class _Layout(NamedTuple):
    """Where the cells of a converter's pipe rows of one width hold no value."""

    first: dict[int, int]  # label cell -> the first cell a value of a row so labelled stands in
    last: int  # the last cell any row's label stands in, where the rows line up (else -1): an
    # unlabelled row's empty cells up to it are label cells
    padding: set[int]  # cells of the converter's: empty in every row


class _Wrapped(NamedTuple):
    """A row label a narrow column wrapped, put back together."""

    text: str  # the label's pieces joined
    start: int
    end: int  # of its first piece
    tail: int  # the end of the line of its last piece


class GridReader:
    """Reads the events of table regions of one text, given its tagged row labels and numbers."""

    def __init__(self, text: str, metrics: Sequence[Span], numbers: Sequence[Span]) -> None:
        self.text = text
        self.metrics = metrics
        self.numbers = numbers
        self.page_lines = [(m.start(), m.end()) for m in _PAGE_NO.finditer(text)]
        # markdown rows stand between pipes ("| a | b |"); html2text's rows (its tables have a "---|---"
        # rule, under their first row, which a table region may start below) only have pipes between
        # cells ("a| b| c|   "): a pipe at the edge of a row is an empty cell
        self.edges = not re.search(r"^-{3,}\|", text, re.M)

    @cached_property
    def rules(self) -> dict[int, str]:
        """A line's start -> the markdown rule (stripped) of the pipe table it is a row of, where the lines
        between have pipes or are blank (read when a pipe row is)."""
        out: dict[int, str] = {}
        rule, pos = None, 0
        for line in self.text.split("\n"):
            if _MD_SEPARATOR.fullmatch(line):
                rule = line.strip()
            elif line.strip() and "|" not in line:
                rule = None
            elif rule is not None:
                out[pos] = rule
            pos += len(line) + 1
        return out

    def events(
        self,
        start: int,
        end: int,
        resolve: Callable[[str], str | None],
        pieces: LabelPieces | None = None,
    ) -> tuple[list[Event], str]:
        """Label and value events of a region, and the rendering seen there; ``pieces``: the form's
        table's labels, where it has one."""
        region = self.text[start:end]
        strict = bool(_MD_SEPARATOR.search(region))
        events: list[Event] = []
        layouts = self._layouts(start, end, resolve)
        blanks = _empty_paragraphs(region, start)
        pos = start
        pipe_lines = 0
        for line in region.splitlines(keepends=True):
            ls, le = pos, pos + len(line)
            pos = le
            lead = self._add_empty_cells(events, blanks.get(ls, []), NUM.match(line) is not None)
            count = len(events)
            if _MD_SEPARATOR.match(line) or any(a <= ls < b for a, b in self.page_lines):
                continue
            body = line.rstrip("\r\n")
            indent = len(body) - len(body.lstrip(" \t\u3000"))
            several = len([f for f in body.split("\t") if f.strip()]) >= 2
            if "|" in line:
                pipe_lines += 1
                events += [
                    replace(ev, markdown=strict)
                    for ev in self._cell_line_events(ls, le, resolve, "|", self.edges, layouts)
                ]
            elif several or "\t" in body[indent:]:  # tab-separated cells, empty fields blank cells; a
                # leading empty field is one too when the row has several cells, else indentation
                events += self._cell_line_events(ls if several else ls + indent, le, resolve, "\t")
            elif "\t" in line:  # one cell after an indenting tab: a cell a line (DOCX → text)
                events += self._free_events(ls + indent, le, resolve)
            else:
                events += self._free_events(ls, le, resolve)
            first = events[count].tokens if len(events) > count else None
            if lead and first is not None:
                first[:0] = lead
        self._add_empty_cells(events, blanks.get(end, []), False)
        rendering = "markdown" if strict else "pipe" if pipe_lines >= 3 else self._free_rendering(region)
        self._mark_orphans(events, start, pieces)
        return self._join_wrapped_labels(events, resolve, start, end), rendering

    @staticmethod
    def _add_empty_cells(events: list[Event], at: list[int], values_next: bool) -> list[Token]:
        """Empty paragraphs (``_empty_paragraphs``) as blank cells: the values' before them, or a row's
        after its label. Before both, only right before a line of values, as its first cells, which are
        returned (表四's one row, under a header whose own empty paragraphs are merged header cells)."""
        empty = [Token(None, pos, pos, "", paragraph=True) for pos in at]
        if not empty:
            return []
        if events and events[-1].tokens is not None:
            events[-1].tokens.extend(empty)
        elif any(ev.row for ev in events):
            events.append(Event(empty[0].start, tokens=empty, bound=events[-1].row is not None))
        elif values_next:
            return empty
        return []

    def _mark_orphans(self, events: list[Event], start: int, pieces: LabelPieces | None = None) -> None:
        """Values not on their label's line, after a line that opens a new numbered row, belong to that
        row, whose label named no row of the form (a label cut into pieces by a narrow column: "3.危⏎
        及"三安 1 1"; plain pdftotext's "不予公 5.属于三类内部事务⏎开⏎2 0 …⏎信息", a merged parent's piece
        first), not to the label or values before them. So do the region's first values after
        its row number ("一、本年新收政府信息公开 64 …⏎申请数量"). But not after a parent's number amid the
        label's wrapped end (``_label_goes_on``). Values on a line under a row's values and its label's
        wrapped end are not that row's either (``_under_label_end``)."""
        first = events[0] if events else None
        if first is not None and first.tokens:
            first.orphan = bool(_ROW_NUMBER.match(self.text, start))
        label: Event | None = None  # the last label
        for prev, ev in itertools.pairwise(events):
            label = prev if prev.row is not None else label
            if ev.tokens is not None and not ev.bound:
                prev_end = prev.tokens[-1].end if prev.tokens else prev.end
                ev.orphan = (
                    (
                        bool(_ROW_NUMBER.search(self.text, prev_end, ev.pos))
                        and not (pieces is not None and self._label_goes_on(prev, ev, pieces))
                    )
                    or (pieces is not None and label is not None and self._under_label_end(label, prev, ev, pieces))
                    or (prev.tokens is not None and self._new_label_before(ev, label, pieces))
                )

    def _label_goes_on(self, label: Event, ev: Event, pieces: LabelPieces) -> bool:
        """Whether the lines between a row's label and the values ``ev`` end in the rest of that label, a
        merged parent cell's number and words beside it: ``pdftotext -layout`` printed a group's "（四）"
        amid its sub-row's wrapped label ("2.没有现成信息需要另⏎（四）  行制作  0 0 …"), pdfplumber the
        group's number and first word alone ("4.保护第三方合法权⏎（三）不 0 0 …⏎益"). The label and the last
        word of each line must be a piece of the row's printed label, or that word the number of the
        row's own group: a new row's words are not."""
        if label.row is None or label.tokens:
            return False
        between = self.text[label.end : ev.pos]
        if any(m.group(1) for m in _PIECE_NUMBER.finditer(between)):
            return False  # a sub-row's number: a row of its own
        lasts = [w[-1] for line in between.split("\n") if (w := line.split())]
        group = [w for w in lasts if pieces.group(label.row, w)]
        words = [w for w in lasts if not _PIECE_NUMBER.fullmatch(w) and w not in group]
        if not words:
            return bool(group)
        return pieces.continues(label.row, self.text[label.pos : label.end] + "".join(words))

    def _under_label_end(self, label: Event, prev: Event, ev: Event, pieces: LabelPieces) -> bool:
        """Whether the values ``ev`` start a line under the values ``prev`` of ``label``'s row and lines of
        only the rest of that label: plain pdftotext printed "3.危及"三安全一稳 0 0 …⏎定"⏎0 0 …", the
        next row's values before its label, the way a narrow label column wraps a label joined from its
        pieces ends its row (``_join_wrapped_labels``)."""
        if label.row is None or not prev.tokens or prev.orphan:
            return False
        between = self.text[prev.tokens[-1].end : ev.pos]
        head, _, line = between.rpartition("\n")
        words = "".join(head.split())
        return (
            not line.strip()
            and bool(words)
            and not NUM.search(words)
            and pieces.continues(label.row, self.text[label.pos : label.end] + words)
        )

    def _join_wrapped_labels(
        self, events: list[Event], resolve: Callable[[str], str | None], start: int, end: int
    ) -> list[Event]:
        """An orphan's label, put back together from the pieces a narrow label column wrapped it into.

        Each line holds a piece of the row's label as its last word before any value (a merged parent
        label, "（四）无⏎法提供", stands to its left); the row begins at the last number of a row before
        its values ("1.本机关⏎不掌握相 22 0 …⏎关政府信⏎息") and ends before the next row's number or a
        line of values, six lines under its values at most. A parent's number after a sub-row's
        ("2.没有现⏎（四）无⏎成信息需") is a piece of the parent, skipped. The joined label must name a row
        the region has not named yet, but by its own pieces under the values: a tagger that found the
        pieces after the values as the row's label ("5.要求行 0 0 …⏎政机关确⏎认或重新⏎出具已获⏎取信息")
        named the row there, with no values after it; that label is this one's end, and dropped.
        """
        out: list[Event] = []
        named: dict[str, list[int]] = {}  # row -> where labels name it
        for ev in events:
            if ev.row:
                named.setdefault(ev.row, []).append(ev.pos)
        pieces: set[int] = set()  # labels that are pieces of a joined one, under its values
        closed = None  # where the last joined label ends, when its pieces go on under its values
        for ev in events:
            if ev.pos in pieces and ev.row is not None:
                continue
            if ev.row is not None:
                closed = None
            elif ev.orphan and ev.tokens and not any(t.in_cell for t in ev.tokens):
                prev = out[-1] if out else None
                prev_end = (prev.tokens[-1].end if prev.tokens else prev.end) if prev else start
                label = self._wrapped_label(prev_end, ev, end) or self._words_before(ev, end)
                row = resolve(label.text) if label else None
                # the row unnamed, or named only by pieces under the values, within the label's lines
                if label and row is not None and all(ev.tokens[-1].end < p < label.tail for p in named.get(row, [])):
                    pieces.update(named.get(row, []))
                    named[row] = [label.start]
                    out.append(Event(label.start, row=row, end=label.end))
                    closed = label.tail if label.tail > ev.tokens[-1].end else None
                    ev = replace(ev, orphan=False, bound=True)
            elif closed is not None and ev.tokens and not ev.bound and ev.pos > closed:
                ev, closed = replace(ev, orphan=True), None  # under the label's end: not its row's
            elif ev.tokens and not ev.bound and not any(t.in_cell for t in ev.tokens):
                ev = self._unit_row(ev, out, named, resolve, (start, end))
            out.append(ev)
        return out

    def _unit_row(
        self,
        ev: Event,
        out: list[Event],
        named: dict[str, list[int]],
        resolve: Callable[[str], str | None],
        span: tuple[int, int],
    ) -> Event:
        """Values after a unit on their line are the row's whose label stands before that unit or on the
        lines of words right above ("召开政府信息公开工作会议或专题   次   3⏎会议数", "…或专题⏎次 3⏎会议数"),
        never the row's above (a label and its unit, its cells left blank). That label, joined, else
        joined with the lines of words under the values, names their row, or none (not read)."""
        start, end = span
        ls = self.text.rfind("\n", 0, ev.pos) + 1
        m = _LABEL_AND_UNIT.fullmatch(self.text, ls, ev.pos)
        if m is None:
            return ev
        last = out[-1] if out and out[-1].row is not None else None
        up: list[tuple[int, str]] = []  # (start, words) of the label's lines above, nearest first
        at = ls
        while at > start and len(up) < 3:
            above = self.text.rfind("\n", 0, at - 1) + 1
            line = self.text[above : at - 1]
            words = line.split()
            if not words or words[-1] in UNIT_WORDS or any(NUM.fullmatch(w) for w in words):
                break  # an empty line, or another row's unit or values
            up.append((above + len(line) - len(line.lstrip()), "".join(line.split())))
            if last is not None and last.pos >= above:
                break  # a row's label begins where a label was found
            at = above
        head = [*(w for _, w in reversed(up)), "".join((m.group(1) or "").split())]
        down: list[str] = []
        le = self.text.find("\n", ev.pos, end)
        while 0 <= le < end and len(down) < 2:  # the label's lines under its values
            nxt = self.text.find("\n", le + 1, end)
            words = self.text[le + 1 : nxt if nxt >= 0 else end].split()
            if not words or any(NUM.fullmatch(w) or w in UNIT_WORDS for w in words):
                break
            down.append("".join(words))
            le = nxt
        begin = up[-1][0] if up else m.start(1)
        if not HAN.search("".join(head)):
            return ev  # no label
        if last is not None and last.pos >= begin:
            # a label found on the row's lines, a piece of it ("同意部分公开答⏎件 4 4⏎复数"): the values are its
            out[-1] = replace(last, joined=True)
            return replace(ev, bound=True)
        for label in ("".join(head), "".join(head + down)):
            row = resolve(label)
            if row is not None and row not in named:
                named[row] = [begin]
                out.append(Event(begin, row=row, end=ev.pos, joined=True))
                return replace(ev, bound=True)
        return replace(ev, orphan=True)

    def _new_label_before(self, ev: Event, label: Event | None, pieces: LabelPieces | None) -> bool:
        """Whether words open the line of the values ``ev``, not ending in a piece of the last label's (a
        label wrapped over its values, "…缴纳费用、行⏎处理 0⏎政机关不再处理其政府信息公开申请 1 0 0 0"; a merged
        parent's piece before it, "（二）部分公开（区分处理的，只⏎38⏎理结果 计这一情形，不计其他情形） 38")."""
        words = self._words_before(ev)
        if words is None:
            return False
        if pieces is None or label is None or label.row is None:
            return True
        last = self.text[words.start : words.end].split()[-1]
        return not (pieces.continues(label.row, words.text) or pieces.continues(label.row, last))

    def _words_before(self, ev: Event, end: int | None = None) -> _Wrapped | None:
        """Words that open the line of the values ``ev`` (no unit), which named no row of the form: after
        another row's values, a label cut where a narrow column wrapped it, its last piece under its values
        ("其他对外管理服务事 250  16571⏎项"), never the row above's. With ``end``, joined with the lines of
        words under the values (two at most)."""
        ls = self.text.rfind("\n", 0, ev.pos) + 1
        m = _WORDS_BEFORE.fullmatch(self.text, ls, ev.pos)
        if m is None or not ev.tokens or m.group(1).split()[-1] in UNIT_WORDS:
            return None
        pieces, tail = ["".join(m.group(1).split())], self.text.find("\n", ev.pos)
        at = tail + 1
        while end is not None and 0 < at < end and len(pieces) < 3:
            le = self.text.find("\n", at, end)
            le = end if le < 0 else le
            words = self.text[at:le].split()
            if not words or not all(HAN.fullmatch(w[0]) and not NUM.search(w) for w in words):
                break
            pieces.append("".join(words))
            tail, at = le, le + 1
        return _Wrapped("".join(pieces), m.start(1), m.end(1), tail)

    def _wrapped_label(self, prev_end: int, ev: Event, end: int) -> _Wrapped | None:
        """The label of the orphan ``ev``, its pieces joined."""
        assert ev.tokens
        markers = list(_PIECE_NUMBER.finditer(self.text, prev_end, ev.pos))
        if not markers:
            return None
        sub = [m for m in markers if m.group(1)]
        first = (sub or markers)[-1]

        def opens_row(word: str) -> bool:  # a number of the row's own level (a parent's is skipped)
            m = _PIECE_NUMBER.match(word)
            return m is not None and (m.group(1) is not None or not sub)

        line_end = self.text.find("\n", first.start(), end)
        head = self.text[first.start() : min(ev.pos, line_end if line_end >= 0 else end)].rstrip()
        pieces = ["".join(head.split())]
        tail = first.start() + len(head)
        values_end = ev.tokens[-1].end
        below = 0
        ls = line_end + 1 if line_end >= 0 else end
        while ls < end and below <= 6:
            le = self.text.find("\n", ls, end)
            le = end if le < 0 else le
            words = self.text[ls : ev.pos if ls <= ev.pos < le else le].split()
            if ls > values_end:  # a line under the values: the label's end, unless another row begins
                below += 1
                if any(NUM.fullmatch(w) for w in words) or (words and opens_row(words[-1])):
                    break  # values or the next row (an empty line may be a page break: read on)
            elif words and opens_row(words[-1]):
                return None  # a row number between the row's own and its values: not one label
            if words and not _PIECE_NUMBER.match(words[-1]):
                pieces.append(words[-1])
                tail = le
            ls = le + 1
        return _Wrapped("".join(pieces), first.start(), first.start() + len(head), tail)

    def _free_rendering(self, region: str) -> str:
        lines = [ln.strip() for ln in region.splitlines() if ln.strip()]
        if "\t" in region:
            return "tab"
        if lines and sum(bool(NUM.fullmatch(ln)) for ln in lines) > len(lines) / 3:
            return "one_cell_per_line"
        if re.search(r"\d{2,} {2,}\d", region):
            return "pdf_layout"
        return "flattened"

    def _labels_in(self, s: int, e: int, resolve: Callable[[str], str | None]) -> list[tuple[Span, str]]:
        out = []
        for m in self.metrics:
            if s <= m.start < e:
                marker = _MARKER_BEFORE.search(self.text, max(0, m.start - 6), m.start)  # its row's number
                row = resolve(self.text[marker.start() if marker else m.start : m.end])
                if row is not None:
                    out.append((m, row))
        return out

    def _numbers_in(self, s: int, e: int) -> list[Span]:
        # Chinese numerals in a table region belong to labels ("三类内部事务信息"), never to cells.
        return [n for n in self.numbers if s <= n.start and n.end <= e and NUM.search(self.text, n.start, n.end)]

    def token(self, n: Span, in_cell: bool = False) -> Token:
        start = n.start
        if self.text[start - 1 : start] == "-" and not self.text[start - 2 : start - 1].isdigit():
            start -= 1  # "行政事业性收费 12 -3": the tagger left the sign of 本年增/减 out
        raw = self.text[start : n.end]
        m = NUM.search(raw)
        digits = m.group() if m else raw
        unit = raw[m.end() :].strip() or None if m else None
        return Token(digits, start, n.end, raw, unit=unit, in_cell=in_cell)

    def _layouts(self, start: int, end: int, resolve: Callable[[str], str | None]) -> dict[int, _Layout]:
        """How the pipe rows of a region lay out their cells, by their number of cells (see ``_Layout``).

        A converter prints a label merged over columns as the label and empty cells (``| 一、本年新收… |
        | 32 | … |`` beside ``| 三、本年度 | （一）予以公开 | 4 | … |``): no blank value cells. Where a
        row's label stands, its values begin where the first value of any row so labelled stands. A
        cell empty in every row of that width (two labelled rows at least) is no column of the form
        either where rows of words stand among them (a header's, or a wrapped label's pieces), or right
        after the last label cell where some rows' labels span more cells than others' (the padding of
        a label spanning columns), unless a row has a value in another row's label columns (pandoc's
        GFM pads some rows' labels and not others: the cells do not line up) — but never a cell that
        words of a row as wide name, above the rows or among them: a form column blank all the way
        down has its name in the header (a markdown 表三 with no 商业企业 all the way down lost that
        column, and its rows their places). A form column left blank all the way down and named in no
        row as wide may so be lost: its rows are then short, placed by the sums."""
        rows: dict[int, list[tuple[list[str], int | None]]] = {}  # width -> (cells, label cell) of each row
        named: dict[int, set[int]] = {}  # width -> the cells a header's words name
        pos = start
        while pos > 0 and "|" in (above := self.text[self.text.rfind("\n", 0, pos - 1) + 1 : pos]):
            pos -= len(above)  # the header's lines above the region (which starts at the first row's label)
        for line in self.text[pos:end].splitlines(keepends=True):
            ls, pos = pos, pos + len(line)
            if "|" not in line or _MD_SEPARATOR.match(line):
                continue
            spans = self._cells(ls, pos, "|", self.edges)
            cells = [self.text[s:e].strip() for s, e in spans]
            if not any(NUM.fullmatch(c) for c in cells):
                named.setdefault(len(cells), set()).update(i for i, c in enumerate(cells) if c)
            if pos <= start:
                continue
            labels = [ev.pos for ev in self._cell_line_events(ls, pos, resolve, "|", self.edges) if ev.row]
            at = next((i for i, (s, e) in enumerate(spans) for p in labels if s <= p < e), None)
            rows.setdefault(len(cells), []).append((cells, at))
        out: dict[int, _Layout] = {}
        for width, group in rows.items():
            label_cells = [at for _, at in group if at is not None]
            if not label_cells:
                continue
            last = max(label_cells)
            first = {  # no further than the cell after the last label cell: a form column may be blank
                at: min(
                    max(at, last) + 1,
                    *(next((i for i in range(at + 1, width) if c[i]), width) for c, a in group if a == at),
                )
                for at in set(label_cells)
            }
            if any(any(c[at + 1 : last + 1]) for c, at in group if at is not None and at < last):
                out[width] = _Layout(first, -1, set())
                continue
            header = [c for c, at in group if at is None and not any(NUM.fullmatch(x) for x in c) and any(c)]
            empty = (
                [i for i in range(last + 1, width) if not any(c[i] for c, _ in group)] if len(label_cells) >= 2 else []
            )
            spanning = len(set(label_cells)) >= 2  # labels over more columns in some rows than in others
            padding = empty if header else empty[:1] if spanning and empty[:1] == [last + 1] else []
            padding = [i for i in padding if i not in named.get(width, set())]
            out[width] = _Layout(first, last, set(padding))
        return out

    def _cells(self, ls: int, le: int, sep: str, edges: bool) -> list[tuple[int, int]]:
        """The (start, end) of each cell of a delimited line."""
        le = ls + len(self.text[ls:le].rstrip("\r\n"))
        cells = []
        cs = ls
        for i in range(ls, le + 1):
            if i == le or self.text[i] == sep:
                cells.append((cs, i))
                cs = i + 1
        if sep == "|" and edges:  # drop the empty pieces before a leading '|' and after a trailing one
            line = self.text[ls:le].strip()
            rule = self.rules.get(self.text.rfind("\n", 0, ls) + 1, "|")  # a region may start amid its first line
            if line.startswith("|"):
                cells = cells[1:]
            if not rule.endswith("|"):
                # no closing pipes: pandoc's simple tables cut a line's trailing spaces, and the blank
                # cells at its end with them, whose pipes are left out
                cells += [(le, le)] * (len(rule.strip("|").split("|")) - len(cells))
            elif line.endswith("|"):
                cells = cells[:-1]
        return cells

    def _cell_line_events(
        self,
        ls: int,
        le: int,
        resolve: Callable[[str], str | None],
        sep: str,
        edges: bool = True,
        layouts: dict[int, _Layout] | None = None,
    ) -> list[Event]:
        """A row whose cells are delimited (pipes, tabs): an empty field is a blank cell, never dropped.

        The row's label is the last label among its leading cells (a merged label printed beside
        several rows, or repeated by python-docx, stands before it; a text browser draws the cells a
        merged label covers as empty ones, or prints a piece of it beside each row); cells before the
        label are label cells, every cell after it a value.
        """
        cells = self._cells(ls, le, sep, edges)
        layout = (layouts or {}).get(len(cells), _Layout({}, -1, set()))
        first = layout.last + 1  # before a label is found: an unlabelled row's label cells
        label: tuple[Span, str] | None = None
        values: list[Token] = []
        unnamed = False
        # a row's number a cell edge cut from its label (pymupdf4llm: "||8|.属于行政<br>查询事项|0|…"): a label cell
        cut = {
            ci
            for ci, (s, e) in enumerate(cells[:-1])
            if re.fullmatch(r"\d{1,2}", self.text[s:e].strip()) and _LIST_CUT.match(self.text, *cells[ci + 1])
        }
        halves, joined = _cut_at_the_point(self.text, cells) if sep == "|" else {}, set()
        for ci, (s, e) in enumerate(cells):
            content = self.text[s:e].strip()
            numbers_seen = any(v.text is not None for v in values)
            if ci - 1 in joined:
                continue  # the second half of a number cut at its decimal point, read with the first
            if ci in halves and label:
                values.append(halves[ci])
                joined.add(ci)
                continue
            # "总计" at the end of a pipe header row is a column, not a row label
            leading = ci <= 1 or (
                ci + 1 < len(cells)
                and all(_label_cell(self.text[a:b]) or j in cut for j, (a, b) in enumerate(cells[:ci]))
            )
            found = self._labels_in(s, e, resolve) if leading or label or sep == "\t" else []
            if found and not numbers_seen:
                # blanks before a label are empty or covered label cells; a cell of a group's label and
                # its first row's ("（六）其他处理 1.申请人无正当理由…") is that row's
                label, values = found[-1], []
                first = layout.first.get(ci, ci + 1)
                # pymupdf4llm ran a row's first value into its label's cell, on a line of its own
                # ("|本年新收政府信息公开申请数量<br>773|42|"; markitdown "| 行政许可 550 |"): a cell of its own
                nums = self._numbers_in(label[0].end, e) if sep == "|" else []
                if len(nums) == 1 and self.text[label[0].end : e].split() == [self.text[nums[0].start : nums[0].end]]:
                    values = [self.token(nums[0], in_cell=True)]
                continue
            if found:
                break  # a second label after values: a new row began (crawler pipes); stop here
            if (ci < first or ci in layout.padding) and not content:
                continue  # a cell of the table's label columns, or of a column the form has not
            if content in UNIT_WORDS and not values:
                continue  # the unit column
            if sep == "|" and not numbers_seen and _label_cell(content) and content:
                values = []  # words with no label in them: the empty cells before were label cells too
                continue
            if content in BLANK_MARKS:
                cpos = s + (len(self.text[s:e]) - len(self.text[s:e].lstrip()))
                values.append(Token(None, cpos, cpos + len(content), content, in_cell=True))
                continue
            if ci in cut:
                continue
            nums = self._numbers_in(s, e)
            # a unit's column may hold the value too ("| 条 818 |  |": markitdown's PDF tables)
            bare = _UNIT_FIRST.sub("", content) if not values else content
            if nums and NUM.fullmatch(re.sub(r"[\s,]", "", bare).rstrip("条件项个次篇人元万")):
                values += [self.token(n, in_cell=len(nums) == 1) for n in nums]
            elif not values and sep == "\t" and re.search(r"[^\W\d_]", content):
                unnamed = True  # a label cell that names no row of the form
        # The values of a row whose label names no row of the form belong to no row (never to the row
        # above); a row of blanks alone may be the row of a label printed above it (see tables._assign)
        if not label and not any(v.text is not None for v in values):
            blank = len(cells) >= 2 and all(self.text[s:e].strip() in BLANK_MARKS for s, e in cells)
            return [Event(values[0].start, tokens=values, blank_row=True)] if blank and values else []
        if not label and unnamed and sep == "\t":
            return []
        events = []
        if label:
            events.append(Event(label[0].start, row=label[1], end=label[0].end))
        if values:
            events.append(Event(values[0].start, tokens=values, bound=label is not None))
        return events

    def _free_events(self, ls: int, le: int, resolve: Callable[[str], str | None]) -> list[Event]:
        items: list[tuple[int, Span | tuple[Span, str]]] = [
            (m.start, (m, r)) for m, r in self._labels_in(ls, le, resolve)
        ]
        label_ends = [m.end for m in self.metrics if ls <= m.start < le]
        for n in self._numbers_in(ls, le):
            # a number inside a parenthetical note after a label ("(… 计1条)") is no cell; a bracket
            # the label opened and a line wrap cut ("部分公开（区分处理的，只计这一 4 0 …", "部分公开(区分处理
            # 1 0 …", the tagger's label "部分公开") does not count: it closes on no later word of the line
            before = self.text[max([ls, *(e for e in label_ends if e <= n.start)]) : n.start]
            if before.count("(") > before.count(")") and ")" in self.text[n.end : le]:
                continue
            items.append((n.start, n))
        events: list[Event] = []
        for pos, item in sorted(items, key=lambda x: x[0]):
            if isinstance(item, Span):
                tok = self.token(item)
                prev = events[-1].tokens if events and events[-1].tokens else None
                glue = self.text[prev[-1].end : tok.start] if prev else None
                if prev and glue in ("", "-") and prev[-1].unit is None and tok.text and prev[-1].text:
                    # a run split by the tagger is still one run: the rules decide where cells are;
                    # a minus inside it ("12-3": 本年增/减 of -3) starts a negative cell, never dropped
                    prev[-1] = Token(
                        prev[-1].text + glue + tok.text,
                        prev[-1].start,
                        tok.end,
                        prev[-1].raw + glue + tok.raw,
                        tok.unit,
                    )
                    continue
                if events and events[-1].tokens is not None:
                    events[-1].tokens.append(tok)
                else:
                    events.append(Event(pos, tokens=[tok], bound=bool(events) and events[-1].row is not None))
            else:
                m, row = item
                events.append(Event(pos, row=row, end=m.end))
        return events

    def x(self, start: int, end: int) -> float:
        """Horizontal position of the middle of a value in its line, in character columns: where the
        text keeps the page's x (``pdftotext -layout``, OCR text), a column's values and its header
        stand in the same place. The line before ``start`` counts one column a character, as those
        tools place a word; the word itself counts its width (a Chinese character is two)."""
        return self.column(start) + display_width(self.text[start:end]) / 2

    def header_columns(self, start: int, end: int, labels: Sequence[str], starts: bool = False) -> list[float] | None:
        """x of each column of a table whose header (``labels``, left to right; a label may come back,
        as 表四's 结果维持…总计 in each block) is printed in ``[start, end)``, a header cell's words
        wrapped over lines under each other ("商业⏎企业", "自⏎然⏎人"). ``None`` unless every column is
        found once, in that order. ``starts``: the column where each name starts (``column``), for a
        text that starts every cell where its column does (a text browser's left-aligned cells)."""
        words = []  # (line, x, word) of the whitespace-separated words of the header
        at = start
        for i, line in enumerate(self.text[start:end].split("\n")):
            words += [
                (i, self.column(at + m.start()) if starts else self.x(at + m.start(), at + m.end()), m.group())
                for m in re.finditer(r"\S+", line)
            ]
            at += len(line) + 1
        found: list[tuple[float, str]] = []
        for label in dict.fromkeys(labels):
            found += [(x, label) for x in _stacked(words, label)]
        found.sort()
        if [label for _, label in found] != list(labels):
            return None
        header = self.text[start:end]
        if not starts and any(f"{a} {b}" in header for a, b in itertools.pairwise(labels)):
            return None  # names one space apart keep no middle (lynx packs "本年制发件数 本年废止件数" so)
        return [x for x, _ in found]

    def column(self, pos: int) -> int:
        """The character column ``pos`` stands in, in its line."""
        return pos - (self.text.rfind("\n", 0, pos) + 1)
