"""The form aligner: a table region's events (``service.grid``) mapped onto the form's rows and cells.

The grid pass turns a table of any rendering into a stream of events — row labels and value groups —
and this module assigns the groups to the rows of the form (``service/data/tables.yaml``):

* a group belongs to the label just before it (same row, next line, or glued text); in a delimited
  row the last label among its leading cells heads it (a merged label stands before it);
* in markdown tables whose rows lost their labels (PDF→markdown of Shanghai reports), an unlabelled
  group fills the next row of the form's canonical order that has no values yet (only rows printed
  between pipes: values a line beside a markdown table are read as anywhere else);
* labels one after another followed by exactly one value a label per column are a table printed
  column by column, put back in rows where each row keeps its sum (表三), or row by row where the
  labels are a run of the form's rows in order (a landscape page); any other count, or a row that
  fails it, is refused with a warning;
* a group with fewer values than cells is read with the form's rules: where the values stand apart in
  the text (most rows of 表三 show several numbers; a lone number with space before it is no sign of
  glue) each number is a whole cell and only the blanks the tool dropped are placed — by the printed
  x-positions where the text keeps them, by the order in which ``pdftotext -layout`` starts its pieces
  (``service.xorder``: there values one space apart are neighbours, but before the 总计, whose narrow
  blank 其他 neighbour ``pdftotext -layout`` squeezes) and by the row and table sums; in crawler
  text whose cells ran together a run is split by ``digitruns``, as are the digits of a row printed one
  character a line (pypdfium2 on a narrow label column: its line breaks cut numbers too), where a
  sum cuts them (not a 统计表's two cells). A cell the readings disagree on is never given as certain;
  a group with more numbers than cells is not read (warned).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import cycle, groupby, pairwise, takewhile
from typing import NamedTuple

from service.catalog import Catalog, RowDef
from service.digitruns import (
    MAX_SPLITS,
    ColumnEquation,
    ColumnRules,
    Split,
    SplitLimitExceeded,
    count_splits,
    placements,
    solve_row,
    solve_table,
)
from service.digitruns import Cell as SplitCell
from service.grid import NUM, PARENT_NUMBER, UNIT_ALTERNATION, UNIT_WORDS, Event, GridReader, Token
from service.normalize import normalize_label
from service.numbers import to_unit
from service.tagging import HAN, Compact, Span, without_list_prefix
from service.xorder import XOrder

_WORD = re.compile(r"[^\W\d_]")  # a letter or a Chinese character
_WORD_LINE = re.compile(r"\n[^\d\n]*[^\W\d_][^\d\n]*\n")  # a line of words (letters or Chinese), no digit

CONF_READ = 0.95  # value printed in its own cell next to its label
CONF_SOLVED = 0.9  # digit run with exactly one split consistent with the rules
CONF_SLOT = 0.8  # unlabelled row placed by the form's canonical order
#: a cell that only where the text prints it settles (its columns' x, or the order ``pdftotext -layout``
#: starts its pieces in), not the form's sums: a model of the tool that a page geometry can break (a fresh
#: one had poppler print a 其他 value left of a 法律服务机构 value printed under it)
CONF_PLACED = 0.8
CONF_AMBIGUOUS = 0.5  # several splits remain: the most plausible is output, the others warned


@dataclass
class Cell:
    id: str
    value: int | float | None
    start: int  # normalised offsets; the pipeline maps them to the original text
    end: int
    raw: str
    confidence: float
    table: str
    period: str = "year"
    unit_printed: str | None = None


@dataclass
class Table:
    key: str  # t2 / t3 / t4 / general
    template: str | None
    rendering: str
    start: int
    end: int
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lost_rows: int = 0  # rows whose values fit no placement in their cells or outnumber them


#: what prose has and a table's header or a row's pieces have not
_CLAUSE_MARKS = re.compile(r"[。，；：:]")


class _Columns(NamedTuple):
    """x-positions of a table's columns, and the pages they hold on: ``pdftotext -layout`` lays each page
    out on its own (a page without the header squeezes the same columns further left)."""

    xs: Sequence[float]
    pages: frozenset[int]
    total_last: bool = False  # the last column is the row's total: printed wherever the row has a value
    starts: bool = False  # xs are where the columns' cells start (``GridReader.column``), not their middles


@dataclass(frozen=True)
class _Labels:
    """A table's printed row labels, as the grid pass asks of their pieces (``service.grid.LabelPieces``)."""

    catalog: Catalog
    table: str

    def continues(self, row: str, words: str) -> bool:
        return any(r.key == row for r in self.catalog.piece_owners(self.table, words))

    def group(self, row: str, word: str) -> bool:
        return self.catalog.group_piece(self.table, row, word)


@dataclass(frozen=True)
class _Row:
    """How a row's values are read into its n cells: the form's rule for the row, whether the text
    prints values apart (``whole``: never cut, only dropped blanks are placed) and the x-positions of
    the columns where the text keeps them."""

    n: int
    where: str  # "t3.granted": how warnings name the row
    check: Callable[[list[int | float]], bool] | None = None
    allow_negative: bool = False
    whole: bool = False
    columns: _Columns | None = None
    keep: frozenset[tuple[object, ...]] | None = None  # the readings the table's x-order allows (_reading_key)
    fields_are_columns: bool = True  # a delimited row's fields stand in the form's columns
    # the table prints values apart from their labels elsewhere (表三: some refused as a column printed
    # after its labels; 表四: another's under its title): values over several lines, which break the
    # row's rule, are likely not the row's
    labels_apart: bool = False
    sums: bool = True  # ``check`` is the form's sum; 统计表's is a custom (历年累计 ≥ 本年数) a blank may break
    # the table's text drops blank cells (a row of it printed bare): a run cut in cells may be one value
    # beside a blank, so the cut is unsure whatever the row's rule allows
    blanks_dropped: bool = False

    def by_sums(self) -> _Row:
        """This row read where its fields say nothing of the columns: whole values, placed by the sums."""
        return replace(self, whole=True, columns=None, fields_are_columns=False)


class TableReader:
    def __init__(
        self,
        text: str,
        spans: Sequence[Span],
        catalog: Catalog,
        year: int | None,
        page_breaks: Sequence[int] = (),
        positions: bool = True,
    ) -> None:
        self.text = text
        self.spans = spans
        self.page_breaks = page_breaks
        self.catalog = catalog
        self.year = year
        self.metrics = _repair_labels(text, [s for s in spans if s.label == "METRIC"], catalog)
        self.numbers = [s for s in spans if s.label == "NUMBER"]
        self.headings = [s for s in spans if s.label == "HEADING"]
        self.compact = Compact.of(text)
        self.apart: bool | None = None  # whether the tool printed cells apart, as 表三 shows (see _separated)
        self.keeps_order = False  # whether the text keeps the page's order of pieces, as 表三 shows (XOrder)
        self.positions = positions  # whether cells may be placed by where the text prints them
        self.placed = False  # whether some were
        self.labels_apart = False  # whether the last _assign refused values printed apart from their labels
        self.printed_apart = False  # whether any did: the tool prints some table's values apart from its labels
        self.columns_moved = False  # whether the last _assign met a column it could not put back in rows
        self.orphans = 0  # the groups of values the last _assign found in no row, or not read that fit none
        self.grid = GridReader(text, self.metrics, self.numbers)

    # -- public --------------------------------------------------------------------------------
    def read(self) -> list[Table]:
        tables: list[Table] = []
        t3 = self._region_t3()
        t2_start = self._t2_start()
        t2_end = t3[0] if t3 else self._find_title("t3", t2_start or 0)
        t3_table = self._read_t3(*t3) if t3 else None  # first: its 26 rows tell how the tool printed cells
        if t3 is None:
            t3, t3_table = self._t3_apart(t2_start)
        if t2_start is not None:
            end = t2_end if t2_end and t2_end > t2_start else min(len(self.text), t2_start + 3000)
            tables.append(self._read_t2(t2_start, end))
        if t3_table:
            tables.append(t3_table)
        # the forms come in order: 表四 is after 表三 or 表二, not an overview naming the sections
        t4_start = self._find_title("t4", t3[1] if t3 else t2_start or 0)
        if t4_start is not None and (t3 or t2_start is not None):
            tables.append(self._read_t4(t4_start, self._next_heading_after(self._title_end("t4", t4_start))))
        general = self._read_general([(t.start, t.end) for t in tables if t.cells])
        if general:
            tables.append(general)
        unread = None if t3 else self._unread_t3(t4_start)
        if unread is not None:
            tables.append(Table("t3", None, "unknown", *unread))
        if self.placed:
            self._cap_placed(tables)
        for t in tables:
            _cap_cut(t)
        for t in tables:
            if not t.cells:
                name = self.catalog.tables[t.key].title if t.key in self.catalog.tables else "统计表"
                # a table whose zeros are printed blank shows no number at all: not a table misread
                shown = any(t.start <= s.start < t.end for s in self.numbers)
                t.warnings.append(
                    f"{t.key}: unread: the table {name} is in the text but none of its cells could be read"
                    if shown
                    else f"{t.key}: unread: the table {name} is in the text but shows no number: its cells are "
                    "blank, or the text lost them"
                )
        return tables

    def _cap_placed(self, tables: list[Table]) -> None:
        """Cells that the text's positions settled and the form's sums alone do not (the tables read
        again without positions) are given at ``CONF_PLACED``, with a warning."""
        plain = TableReader(self.text, self.spans, self.catalog, self.year, self.page_breaks, positions=False)
        settled = {
            (c.id, c.period, c.value, c.start) for t in plain.read() for c in t.cells if c.confidence >= CONF_SOLVED
        }
        for t in tables:
            if capped := _capped(c for c in t.cells if (c.id, c.period, c.value, c.start) not in settled):
                t.warnings.append(
                    f"{t.key}: {len(capped)} cells placed by where the text prints them (its columns' positions, "
                    f"or the order its pieces start in), not by the form's sums: confidence {CONF_PLACED}"
                )

    def _t3_apart(self, after: int | None) -> tuple[tuple[int, int] | None, Table | None]:
        """表三 where no row's label heads its cells: plain pdftotext printed a landscape page's labels,
        then its header, then each row's values ("71⏎3⏎0⏎0⏎0 0 74⏎1⏎…"). Read from its title to 表四's,
        and kept where cells were read and no row's values fit none of its placements (``_assign`` puts
        rows back only where each keeps its sum; a table cut into column blocks leaves rows that fit none)."""
        if self.catalog.template_for_year(self.year) == "pre2019":  # no 表三: its 统计表 is read as such
            return None, None
        span = self._unread_t3(self._find_title("t4", after or 0))
        if span is None:
            return None, None
        # tried by a reader of its own: what a read tells of how the tool prints cells (values apart from
        # their labels) must not reach 表四's read where 表三 stays unread
        trial = TableReader(self.text, self.spans, self.catalog, self.year, self.page_breaks, self.positions)
        table = trial._read_t3(*span)
        return (span, self._read_t3(*span)) if table.cells and not table.lost_rows else (None, None)

    def _unread_t3(self, t4_start: int | None) -> tuple[int, int] | None:
        """Where 表三 stands when its rows were not found as a table (printed column by column): from
        the last of its titles before its first row's label (an overview names it earlier) to 表四's
        title, else to its last row's label. Its numbers are no prose."""
        title = self._find_title("t3", 0)
        if title is None:
            return None
        spec = self.catalog.tables["t3"]
        rows = [self._find_row(key, title) for key in ("new_received", "carried_forward")]
        header = all(self._find(name, title) is not None for name in spec.header_groups)
        if None in rows and not header:
            return None  # neither its rows nor its header: a mention of its name
        first = rows[0] if rows[0] is not None else len(self.text)
        while (nxt := self._find_title("t3", title + 1)) is not None and nxt < first:
            title = nxt
        if t4_start is not None and t4_start > title:
            return title, t4_start
        return title, max(title, rows[1] or title)

    def _apart(self, own: bool) -> bool:
        """Whether a small table's values stand apart: as 表三 of the same text shows, else its own rows."""
        return own if self.apart is None else self.apart

    # -- regions -------------------------------------------------------------------------------
    def _find(self, needle: str, start: int) -> int | None:
        j = self.compact.text.find(normalize_label(needle), self.compact.at(start))
        return self.compact.origin[j] if j >= 0 else None

    def _find_row(self, key: str, start: int) -> int | None:
        """Where 表三's row ``key`` is first printed from ``start``, by any of its aliases."""
        spec = self.catalog.tables["t3"].row(key)
        return min((h for a in spec.aliases if (h := self._find(a, start)) is not None), default=None)

    def _value_on_line(self, label: Span) -> bool:
        """Whether a number follows ``label`` on its line."""
        return NUM.search(self.text, label.end, _eol(self.text, label.end)) is not None

    def _find_all(self, needle: str, start: int, end: int) -> list[int]:
        out: list[int] = []
        while (at := self._find(needle, out[-1] + 1 if out else start)) is not None and at < end:
            out.append(at)
        return out

    def _find_item(self, start: int) -> int | None:
        """The next "第二十条第（五）项" (also printed "第二十条(五)项"): a sub-table of 表二."""
        m = _ITEM.search(self.compact.text, self.compact.at(start))
        return self.compact.origin[m.start()] if m else None

    def _t2_start(self) -> int | None:
        """Where 表二 starts: its first item, or the header of its first sub-table where the text lost
        that item's line ("信息内容本年新制作数量…⏎规章000⏎…第二十条(五)项")."""
        spec = self.catalog.tables["t2"]
        heads = {a for cols in spec.rows[0].columns.values() for a in spec.columns[cols[0]]["aliases"]}
        first = [self._find_item(0), *(self._find(a, 0) for a in heads)]
        return min((h for h in first if h is not None), default=None)

    def _find_title(self, table: str, start: int) -> int | None:
        hits = [h for a in self.catalog.tables[table].title_aliases if (h := self._find(a, start)) is not None]
        return min(hits) if hits else None

    def _title_end(self, table: str, start: int) -> int:
        """The end of the title found at ``start``: one printed a character a line spans lines, and
        its pieces may look like headings ("行⏎政⏎诉⏎讼⏎情")."""
        j = self.compact.at(start)
        names = (normalize_label(a) for a in self.catalog.tables[table].title_aliases)
        n = max((len(a) for a in names if self.compact.text.startswith(a, j)), default=0)
        return self.compact.origin[j + n - 1] + 1 if n else start

    def _next_heading_after(self, pos: int) -> int:
        line_end = self.text.find("\n", pos)
        # past the title's line; flattened text is one long line: past the title itself
        after = line_end if 0 <= line_end - pos < 200 else pos
        for h in self.headings:
            if h.start > after:
                return h.start
        return min(len(self.text), pos + 2500)

    def _row_labels(self, table: str, start: int = 0, end: int | None = None) -> list[tuple[Span, RowDef]]:
        end = len(self.text) if end is None else end
        out = []
        for m in self.metrics:
            if start <= m.start < end:
                row = self.catalog.resolve_row(table, self.text[m.start : m.end])
                if row is not None:
                    out.append((m, row))
        return out

    def _heads_table_row(self, label: Span) -> bool:
        """A label followed by its row of cells, not a sentence ("收到申请 34 件" has one number + unit;
        "收到申请8件，……。2012年……" ends where its sentence does). The 200 characters it looks at
        count a run of spaces once (see ``_squeezed``)."""
        nxt = next((m.start for m in self.metrics if m.start >= label.end), len(self.text))
        window = _SPACES.sub(" ", self.text[label.end : min(nxt, label.end + 4000)])[:200].split("。")[0]
        first = NUM.search(window)
        if first and _UNIT_AFTER.match(window, first.end()):
            return False  # a count with its unit: the form's cells are bare numbers
        nums = NUM.findall(window)
        return len(nums) >= 2 or any(len(n) >= 7 for n in nums)

    def _region_t3(self) -> tuple[int, int] | None:
        title = self._find_title("t3", 0)
        labels = self._row_labels("t3")
        starts = [m for m, r in labels if r.key == "new_received" and self._heads_table_row(m)]
        # a prose sentence before the table's title ("收到政府信息公开申请75件，涉及自然人72件…") is not its row
        starts = [m for m in starts if title is None or m.start >= title] or starts
        start = starts[0].start if starts else self._wrapped_first_row()
        if start is None:
            start = self._first_row_found(title, labels)
        if start is None:
            return None
        ends = [m for m, r in labels if r.key == "carried_forward" and m.start > start and self._heads_table_row(m)]
        if ends:
            # a heading that names the row ("### 四、结转下年度继续办理") may stand right above it
            near = [m for m in ends if m.start - ends[0].start < 300 and self._value_on_line(m)]
            label = (near or ends)[0]
            # the carried-forward row's cells: up to seven numbers/blank cells on its line(s), not a
            # header's ("| 类别 | 数据1 |…" under a heading that names the row), not past a line of words
            # (plain pdftotext prints the next column's header, then its values, below the row)
            nums = [
                n
                for n in self.numbers
                if n.start == label.end or (n.start > label.end and not _WORD.match(self.text, n.start - 1))
            ]
            end = label.end
            line_end = self.text.find("\n", label.end)
            for n in nums[:7]:
                if _squeezed(self.text[end : n.start]) > 80 or (
                    end > label.end and _WORD_LINE.search(self.text, end, n.start)
                ):
                    break
                end = n.end
            end = max(end, line_end if line_end >= 0 and _squeezed(self.text[label.end : line_end]) < 200 else end)
            t4 = self._find_title("t4", label.end)
            if t4 is not None:
                end = min(end, t4)
        else:
            end = self._find_title("t4", start) or min(len(self.text), start + 4000)
        return start, end

    def _first_row_found(self, title: int | None, labels: list[tuple[Span, RowDef]]) -> int | None:
        """Where 表三 starts when its first row's label is not found (a typo that a tagger knowing labels
        only whole misses: "一、本年新收政府信息公开申清数量"): its first row label after its title, where
        ten of its rows or more have values on their label's line before 表四's title (not a table printed
        column by column, whose labels stand apart from their values)."""
        if title is None:
            return None
        end = self._find_title("t4", title) or len(self.text)
        rows = [(m.start, r.key) for m, r in labels if title < m.start < end and self._value_on_line(m)]
        return rows[0][0] if len({key for _, key in rows}) >= 10 else None

    def _wrapped_first_row(self) -> int | None:
        """The start of 表三's first row whose label a narrow column wrapped, its values on the label's
        first line or the next ("一、本年新收政府信息公开    64  0 …⏎申请数量", "…公开申⏎64 0 …⏎请数量"),
        within 20 lines under a title of the table, blank ones not counted (pypdf's layout mode puts one
        between each two of a header's; a header printed a character a line takes a dozen): a tagger
        that knows labels only whole finds no label there. The line's words before any value begin an
        alias of the row."""
        aliases = self.catalog.tables["t3"].row("new_received").aliases
        title = self._find_title("t3", 0)
        while title is not None:
            at = self.text.find("\n", title) + 1
            lines = 0
            while lines < 20:
                end = self.text.find("\n", at)
                line = self.text[at : end if end >= 0 else None]
                lines += bool(line.strip())
                first = NUM.search(line)
                label = normalize_label(without_list_prefix(line[: first.start()] if first else line))
                below = self.text[end + 1 : self.text.find("\n", end + 1)] if end >= 0 and not first else line
                if len(label) >= 6 and len(NUM.findall(below)) >= 2 and any(a.startswith(label) for a in aliases):
                    return at
                if end < 0:
                    return None
                at = end + 1
            title = self._find_title("t3", title + 1)
        return None

    # -- assignment ------------------------------------------------------------------------------
    def _assign(
        self,
        events: list[Event],
        order: list[str],
        width: int | None = None,
        warnings: list[str] | None = None,
        breaks: Sequence[int] = (),
        row_check: Callable[[list[int | float]], bool] | None = None,
        table: str | None = None,
        unsure: list[str] | None = None,
        named_around: Callable[[int], str | None] | None = None,
    ) -> list[tuple[str, list[Token], bool]]:
        """(row, tokens, slot_filled) for each value group, following the rules of the module doc.
        ``unsure`` (default: ``warnings``) gets the notes on rows read but unsure, which refuse nothing.

        With ``width`` (every row has that many cells), more values than that after three labels or
        more, or on lines of their own after two, are never the last label's: a table printed column
        by column (plain ``pdftotext``: all the labels, then each column's values) or row by row is
        put back in its rows, three or more, when each column has exactly one value a label and every
        row put back keeps ``row_check`` (the labels may not be the rows the columns run over: a
        tagger that took a wrapped label's pieces for labels; see ``_put_back``); otherwise its values
        are refused with a warning.
        Values on lines of their own after two labels or more, an empty line among them, are refused
        too: the last label's (the rows before it blank, their blanks dropped) or a column printed
        after the labels, the text does not say. A group never continues past one of
        ``breaks`` (where a sub-table's header starts), nor is it the label's before one (pdfminer
        prints 表二's labels, then each sub-table's title with its values). An unlabelled markdown row
        beside pieces of labels of ``table`` that name rows, the form's next one not among them, is
        not read; with ``named_around`` (a table whose rows have no one order: the 统计表), it is the row
        that the words around it name, or none.
        """
        notes = warnings if unsure is None else unsure
        self.labels_apart = self.columns_moved = False
        self.orphans = 0
        filled: dict[str, int] = {}
        out: list[tuple[str, list[Token], bool]] = []
        last_label: str | None = None
        label_at = 0
        merged: list[Event] = []

        def apart(ev: Event, last: Event, header_between: bool) -> bool:
            return (
                ev.bound
                or ev.orphan
                or ev.markdown
                or last.markdown
                or header_between
                or ev.blank_row
                or last.blank_row
            )

        goes_on = False
        for ev in events:  # a value group continued on the next line (no label between) is one group
            prev = merged[-1].tokens if merged else None
            if prev and ev.row is not None and self._label_goes_on(merged[-2:], ev):
                goes_on = True  # the group's label printed on: its row's values go on after it
                continue
            if goes_on and prev and ev.tokens and ev.bound and not ev.orphan:
                prev.extend(ev.tokens)
                goes_on = False
                continue
            goes_on = False
            header_between = prev is not None and any(prev[-1].end <= b < ev.pos for b in breaks)
            if ev.tokens is not None and prev is not None and not apart(ev, merged[-1], header_between):
                delimited_row = all(t.in_cell for t in prev)  # ends on its line: "联系电话: 0377-…" is not its
                if not delimited_row or any(t.in_cell for t in ev.tokens):
                    prev.extend(ev.tokens)
                    continue
            merged.append(replace(ev, tokens=list(ev.tokens) if ev.tokens is not None else None))
        merged = _place_blank_rows(merged, order, warnings)
        groups = [e.bound for e in merged if e.tokens and not e.markdown]
        bound_rows = 2 * sum(groups) > len(groups)  # the rows' values stand on their labels' lines
        pending: list[Event] = []  # the labels since the last value group
        loose: list[str] = []  # the labels printed on lines of their own above a run of unlabelled markdown rows
        alone = False  # one such label on one line, above one row
        drawn = False  # the last values stood before a label a merged cell drew below them
        for i, ev in enumerate(merged):
            header_row = False
            labels = [p.row for p in pending if p.row is not None]
            above = [p.row for p in pending if p.row is not None and not p.markdown]
            if ev.row is not None and pending and pending[-1].row == ev.row:
                continue  # one row's label twice in a row: a merged label cell printed again (docx2python)
            if ev.row is not None:
                if pending and pending[-1].row not in order:
                    pending.pop()  # no row of this form's (2021's （六）其他处理: its sub-rows' merged cell)
                pending.append(ev)
            elif (blocks := self._in_blocks(pending, ev, order, filled, width, row_check)) is not None:
                for r, row_tokens in blocks:
                    filled[r] = order.index(r)
                    out.append((r, row_tokens, True))
                pending, last_label = [], None
                continue
            elif (
                width
                and len(ev.tokens or []) > width
                and (
                    len(labels) >= 3
                    or (len(labels) == 2 and not ev.markdown and all(self._line_breaks(ev.tokens or [])))
                )
            ):
                rows = [r for r in labels if r in order and r not in filled]
                tokens = ev.tokens or []
                # words after the last label, a label's first pieces: the text prints its lines top to bottom,
                # the values among a wrapped label's lines ("8.属⏎于行⏎政查⏎105⏎0…⏎询事⏎项"), and they are the
                # rows' from that label on, not the labels' before them (a header between is no such piece)
                between = "".join(w for w in self.text[pending[-1].end : tokens[0].start].split() if HAN.search(w))
                cut_in = table is not None and bool(self.catalog.piece_owners(table, between))
                # after labels printed one character a line (pypdfium2), "1⏎8⏎6" may be one number
                if _one_char_lines(self.text, tokens[0].start):
                    if warnings is not None:
                        values = " ".join(t.raw for t in tokens)
                        warnings.append(
                            f"{labels[-1]}: the text prints one character a line here; whose values '{values}' "
                            "are, and whether they are digits of one number, it does not say: not read"
                        )
                elif (
                    len(rows) == len(labels) >= 3  # two rows' sums kept by chance are too likely
                    and len(tokens) == width * len(rows)
                    and all(t.text for t in tokens)
                    and (kept := self._put_back(tokens, len(rows), width, row_check, _in_order(rows, order), cut_in))
                    is not None
                ):
                    for r, row_tokens in zip(rows, kept, strict=True):
                        filled[r] = order.index(r)
                        out.append((r, row_tokens, True))
                else:
                    self.labels_apart = self.printed_apart = self.columns_moved = True
                    if warnings is not None:
                        warnings.append(
                            f"{labels[-1]}: the table is printed column by column ({len(labels)} labels, then "
                            f"{len(tokens)} values for {width} columns); its values could not be put back in rows"
                            + (", a label's first piece standing before them" if cut_in else "")
                        )
                pending, last_label = [], None
                continue
            elif (
                not ev.markdown
                and not ev.bound
                and sum(not any(p.pos < b < ev.pos for b in breaks) for p in pending) >= 2  # in its sub-table
                and self._apart_from_label(ev, pending[-1].end)
                and not self._blank_cells_shown(pending[-2], pending[-1], ev)
                and not (header_row := self._after_header_row(table, pending[0].pos, ev))
            ):
                self.labels_apart = self.printed_apart = True
                name = self._column_name_before(table, pending[-1].pos, ev)
                self.columns_moved |= bool(name)
                self.orphans += not self._one_row(ev.tokens or [], width, row_check)
                if warnings is not None:
                    values = " ".join(t.raw for t in ev.tokens or [])
                    warnings.append(
                        f"{labels[-1]}: {len(labels)} labels, then {name} and '{values}' {_LINES_APART} "
                        "(a column printed after the labels under its name); not read"
                        if name
                        else f"{labels[-1]}: {len(labels)} labels, then '{values}' {_LINES_APART} (a column "
                        "printed after its labels, or rows left blank); not read"
                    )
                pending, last_label = [], None
                continue
            else:
                pending = []
            if ev.row is not None:
                last_label = ev.row if ev.row in order else None
                label_at = ev.pos
                loose = []
                continue
            assert ev.tokens is not None
            was_drawn, drawn = drawn, False
            target: str | None = None
            slot = False
            if last_label is not None and any(label_at < b < ev.pos for b in breaks):
                if warnings is not None and any(t.text is not None for t in ev.tokens):
                    values = " ".join(t.raw for t in ev.tokens)
                    warnings.append(
                        f"{last_label}: '{values}' stands after the next sub-table's title or a column's name: "
                        "not its; not read"
                    )
            elif ev.orphan and not ev.markdown:  # markdown rows are whole rows: they fill the form's order
                # not read, yet they may be the next row's, its label drawn below them: then so may the
                # values after that label be the row's after it
                drawn = _label_after_other_text(self.text, merged, i, was_drawn) is not None
                self.orphans += any(t.text is not None for t in ev.tokens)
                if warnings is not None:
                    values = " ".join(t.raw for t in ev.tokens)
                    warnings.append(
                        f"'{values}' stands in no row a label of the form names (the label on its row names "
                        "none, or the values stand under a wrapped label's end); not read"
                    )
            elif last_label is not None and last_label not in filled and (ev.bound or not ev.markdown):
                target = last_label
                other = (
                    self._other_row_named(table, target, order, ev.tokens[0].start)
                    if ev.markdown and table and any(t.text is not None for t in ev.tokens)
                    else None
                )
                if other is not None:
                    # a converter ran a row into the next, label cells and all ("|（七）总|3.其他<br>计|260|16|276|",
                    # "|5.属于三类内部事<br>务信息<br>6.属于四类过程性<br>信息|1|…"): where seen, the earlier row was
                    # blank and the values the later row's, but the text does not say so
                    earlier, last = sorted((target, other), key=order.index)
                    target, slot = (last, True) if last not in filled else (None, False)
                    if warnings is not None:
                        values = " ".join(t.raw for t in ev.tokens if t.text is not None)
                        warnings.append(
                            f"{last}: '{values}' stands in a row whose label cells hold {earlier}'s label too (a "
                            "converter ran two rows into one): "
                            + (f"read as the later row's, {last}, unsure" if target else "not read")
                        )
                elif not ev.bound:
                    # values on lines of their own where the table's rows have theirs beside their labels:
                    # plain pdftotext prints a merged group's rows' values before their labels, and
                    # pdftotext -layout a row's values a line below the next (blank) row's label
                    why = None
                    if bound_rows and (nxt := _values_before_labels(merged, i, width)) is not None:
                        why = (
                            f"after values no row took before its label, and {nxt}'s label next with none on its "
                            "line: the rows' values may stand before their labels"
                        )
                    elif bound_rows and len(labels) >= 3 and _values_after(self.text, ev.tokens[-1].end):
                        # a run of labels, then a run of rows of values (plain pdftotext printed a page's
                        # last labels, then their rows' values): the first values are the first label's
                        # as likely as the last's
                        if warnings is not None:
                            values = " ".join(t.raw for t in ev.tokens)
                            warnings.append(
                                f"{target}: '{values}' and the rows of values after it stand after {len(labels)} "
                                "labels with none on their lines: the text prints labels apart from their values "
                                "here; not read"
                            )
                        target = None
                    elif bound_rows and len(labels) >= 2:
                        why = f"after the labels of {labels[-2]} and {target}, none with values on its line"
                    elif header_row:  # mammoth's paragraphs, or pdfminer's columns printed after the labels
                        why = (
                            f"after the labels of {labels[-2]} and {target}, under the header printed a cell a line "
                            "like them: its row's (the rows a cell a line), or columns printed after the labels"
                        )
                    elif (nxt := _label_after_other_text(self.text, merged, i, was_drawn)) is not None:
                        why = (
                            f"before {nxt}'s label, printed after a merged cell's text on its line with no values: "
                            "that cell may have drawn the label below its row's values"
                        )
                        drawn = True
                    if why:
                        slot = True
                        if notes is not None:
                            values = " ".join(t.raw for t in ev.tokens)
                            notes.append(
                                f"{target}: '{values}' stands on lines of its own {why}: whose they are the text "
                                f"does not say; read as {target}'s, unsure"
                            )
            elif last_label is not None and last_label in filled and (ev.bound or not ev.markdown):
                values = " ".join(t.raw for t in ev.tokens)
                if (
                    ev.markdown
                    and _blank_first_line(out, last_label, filled)
                    and any(t.text is not None for t in ev.tokens)
                ):
                    # a wrapped label cell's first line printed with its row's cells empty, the piece with the
                    # values named the row again (markitdown's PDF tables): the values are the row's
                    target, slot = last_label, True
                    out = [o for o in out if o[0] != target]
                    if warnings is not None:
                        warnings.append(
                            f"{target}: '{values}' after its label's last piece, its first line's cells empty: "
                            "read as its"
                        )
                elif any(t.text is not None for t in ev.tokens):
                    self.orphans += not self._one_row(ev.tokens, width, row_check)
                    if warnings is not None:
                        warnings.append(
                            f"{last_label}: '{values}' after its label again, its values read before; not read"
                        )
            elif ev.markdown and not ev.bound:
                last_idx = max(filled.values(), default=-1)
                free = [r for r in order if r not in filled]
                after = [r for r in free if order.index(r) > last_idx]
                target = (after or free)[0] if free else None
                slot = True
                values = " ".join(t.raw for t in ev.tokens if t.text is not None)
                # the words before its first value: the row starts at a field of words where other rows of its
                # width hold values there (markitdown printed a wrapped label's middle piece in such a field)
                first = next((t.start for t in ev.tokens if t.text is not None), ev.pos)
                own = self._own_piece_owners(table, first) if table and target else []
                if len(above) >= 2 and above[-1] in own:
                    # labels printed whole on lines of their own, then the row inside the last one's
                    # (markitdown: "5.要求行政机关确认…⏎1.申请人无正当理由逾期不补正、⏎| | ⾏政机 | 72 |…⏎关不再处理…")
                    own = [above[-1]]
                owners = self._owners_beside(table, ev.pos) if table and target and not own else set()
                if own:  # the row stands inside a wrapped label: that label's row, if the form has it next
                    blank = [
                        r
                        for r, toks, _ in out
                        if r in own and filled[r] == last_idx and all(t.text is None for t in toks)
                    ]
                    if blank:  # the label's first line printed with its row's cells empty: its values are here
                        target = blank[0]
                        out = [o for o in out if o[0] != target]
                    elif target not in own:
                        later = [r for r in own if r in free and order.index(r) > last_idx]
                        target = own[0] if len(own) == 1 and later else None
                    note = f"inside the wrapped label of {', '.join(own)}: " + (
                        f"read as {target}'s" if target else "whose row it is the text does not say; not read"
                    )
                elif owners and target not in owners:
                    note = (
                        f"beside words of the labels of {', '.join(sorted(owners))}: whose values they are the text "
                        f"does not say (the form's next row is {target}); not read"
                    )
                    target = None
                elif above or loose:
                    # labels on lines of their own, then rows with none (a converter put a merged label
                    # column apart): a row is the form's next one only where a label above names it, or
                    # the one label on the one line above its one row
                    if above:
                        run = len(list(takewhile(lambda e: e.row is None and e.markdown and not e.bound, merged[i:])))
                        since = max((t.end for e in merged[:i] if e.tokens for t in e.tokens), default=0)
                        lines = [ln for ln in self.text[since : ev.pos].splitlines() if ln.strip() and "|" not in ln]
                        loose, alone = above, len(above) == len(lines) == run == 1
                    target = target if target in loose else loose[0] if alone and loose[0] in free else None
                    note = (
                        f"under labels printed on lines of their own, read as {target}'s"
                        if target
                        else f"under labels printed on lines of their own ({', '.join(loose)}), the "
                        f"form's next row not among them: not read"
                    )
                elif named_around is not None:  # rows in no one order: the words around it name its row, or none
                    named = named_around(ev.pos)
                    target = named if named in free else None
                    note = (
                        f"between the pieces of {target}'s label: read as its"
                        if target
                        else "the words around it name no row of the table left: not read"
                    )
                else:
                    note = f"read as the form's next row, {target}"
                if warnings is not None and values and (target or own or owners or loose or named_around):
                    warnings.append(f"'{values}' stands in a row with no label, {note}")
            last_label = None
            if target is None:
                continue
            filled[target] = order.index(target)
            out.append((target, ev.tokens, slot))
        return out

    def _own_piece_owners(self, table: str, pos: int) -> list[str]:
        """The rows whose label a markdown row with no label sits in: a label a converter wrapped
        (markitdown's PDF tables), its row's values on its middle line. The words in the row's last
        cell of words before its values ("| | 理的，只计这一情形，不 | 2 | 0 |…" is （二）部分公开's), else (none,
        or a parent's piece too short to name a row: "| | 提供 | | 1 |") the words on the line right above
        the row and on the one right below it, or the one after or before (a parent's piece between: "办理结果",
        a group's "予处理"), put together
        ("8.属于行政⏎| | 5 | 5 |⏎查询事项", "| | 1.信访举报 | |⏎| | | 2 | 2 |⏎| | 投诉类申请 | |",
        "| 三、本年度 | | 1.本机关不掌握相关政 |⏎| | | | 9 | 9 |⏎办理结果⏎府信息")."""
        ls = self.text.rfind("\n", 0, pos) + 1
        le = _eol(self.text, pos)

        def owners(words: str) -> list[RowDef]:
            # a cell may hold a parent's piece beside its child's ("| 他处理 ⽤、⾏政机关不再处理其政府信息公开申 |")
            return self.catalog.piece_owners(table, words) or self.catalog.piece_owners(table, words.rpartition(" ")[2])

        words = _last_words(self.text[ls:pos])
        own = owners(words)
        if not own:
            above = [line for line in self.text[max(0, ls - 400) : ls].split("\n")[:-1] if not _RULE.fullmatch(line)]
            below = [line for line in self.text[le + 1 : le + 400].split("\n")[:-1] if not _RULE.fullmatch(line)]
            if len(above) > 1 and self.catalog.in_group_label(table, _last_words(above[-1])):
                above.pop()  # a parent's piece between the label's first line and the values ("予处理")
            head = _last_words(above[-1]) if above else ""
            if head and words:  # the label's first line above, its last piece beside the values ("信息")
                own = owners(head + words)
            for line in below[:2] if head and not own else []:  # a parent's piece may stand between ("办理结果")
                if not (tail := _last_words(line)) or (own := owners(head + tail)):
                    break
        return [r.key for r in own]

    def _other_row_named(self, table: str, row: str, order: list[str], first: int) -> str | None:
        """Another row of the form (``order``) whose numbered label opens a piece of the words before a
        markdown row's first value (the label cells of ``row``; its group's merged cell aside), if any."""
        ls = self.text.rfind("\n", 0, first) + 1
        for piece, owner in self._numbered_pieces(table, self.text[ls:first]):
            if owner.key != row and owner.key in order and not self.catalog.group_piece(table, row, piece):
                return owner.key
        return None

    def _numbered_pieces(self, table: str, words: str) -> Iterator[tuple[str, RowDef]]:
        """The pieces of ``words`` (pipes and whitespace left out) that open with a row's number, each
        with the one row of ``table`` whose printed label holds it."""
        squeezed = "".join(words.replace("|", " ").split())
        cuts = [m.start() for m in _PIECE_START.finditer(squeezed)]
        for a, b in zip(cuts, [*cuts[1:], len(squeezed)]):
            if (owner := self.catalog.piece_owner(table, squeezed[a:b])) is not None:
                yield squeezed[a:b], owner

    def _owners_beside(self, table: str, pos: int) -> set[str]:
        """The rows that the words printed around a markdown row with no label name: a converter's
        pieces of wrapped labels, each opening with its row's number, on the lines of words since the
        table's last row and in the row's own leading cells ("6.属于四类⏎过程性信息⏎7.属于⾏政⏎|  |  | 6 |")."""
        ls = self.text.rfind("\n", 0, pos) + 1
        lines = [self.text[ls:pos]]
        at = ls
        while at > 0 and len(lines) < 10:
            above = self.text.rfind("\n", 0, at - 1) + 1
            line = self.text[above : at - 1]
            if "|" in line:
                break
            lines.append(line)
            at = above
        return {owner.key for line in lines for _, owner in self._numbered_pieces(table, line)}

    def _in_blocks(
        self,
        pending: list[Event],
        ev: Event,
        order: list[str],
        filled: dict[str, int],
        width: int | None,
        check: Callable[[list[int | float]], bool] | None,
    ) -> list[tuple[str, list[Token]]] | None:
        """The rows of two labels or more, one a line, whose values follow in blocks of as many lines, an
        empty line before each: plain pdftotext prints rows that stand close on the page as one block
        of text a column, "规章⏎行政规范性文件⏎⏎0⏎88⏎⏎0⏎55⏎⏎0⏎698" (each block a column, a line a row).
        Each row gets a value of each block, where every block is full and each row keeps ``check``;
        else ``None``."""
        rows = [p.row for p in pending if p.row is not None]
        tokens = ev.tokens or []
        k = len(rows)
        if (
            k < 2
            or len(set(rows)) < k
            or any(r not in order or r in filled for r in rows)
            or not tokens
            or len(tokens) % k
            or (width is not None and len(tokens) != k * width)
            or not all(t.text for t in tokens)
            or any(self.text.count("\n", a.end, b.pos) != 1 for a, b in pairwise(pending))
        ):
            return None
        ends = [pending[-1].end, *(t.end for t in tokens[:-1])]
        breaks = [self.text[e : t.start] for e, t in zip(ends, tokens, strict=True)]
        # the rows' units may stand between, a block of their own (a 统计表's "条⏎条")
        breaks[0] = re.sub(rf"^\s*\n((?:[ \t]*(?:{UNIT_ALTERNATION})[ \t]*\n){{{k}}})(?=[ \t]*\n)", "\n", breaks[0])
        if any(b.strip() or b.count("\n") != (2 if i % k == 0 else 1) for i, b in enumerate(breaks)):
            return None
        put = [tokens[i::k] for i in range(k)]
        return list(zip(rows, put, strict=True)) if self._rows_keep_rule(put, check) else None

    def _put_back(
        self,
        tokens: list[Token],
        k: int,
        width: int,
        check: Callable[[list[int | float]], bool] | None,
        in_order: bool,
        cut_in: bool,
    ) -> list[list[Token]] | None:
        """The values of ``k`` rows printed after all their labels, put back in rows that each keep their
        rule: column by column (plain pdftotext: column j holds tokens[j*k : (j+1)*k]), else row by row
        (plain pdftotext of a landscape page: "71⏎3⏎0⏎0⏎0 0 74⏎1⏎…") where the labels are a run of the
        form's rows in its order and the values follow the last one (not ``cut_in``: a label's first piece
        between): read so, each row keeps its sum whatever label it is given, and a wrapped label's
        pieces taken for labels would shift every row. None if neither."""
        columns = [tokens[i::k] for i in range(k)]
        if self._rows_keep_rule(columns, check):
            return columns
        rows = [tokens[i * width : (i + 1) * width] for i in range(k)]
        return rows if in_order and not cut_in and check is not None and self._rows_keep_rule(rows, check) else None

    @staticmethod
    def _rows_keep_rule(rows: list[list[Token]], check: Callable[[list[int | float]], bool] | None) -> bool:
        if check is None:
            return True
        try:
            return all(check([float(t.text or "") for t in row]) for row in rows)
        except ValueError:  # a value no plain number ("1,234"): the rule cannot tell
            return False

    def _label_goes_on(self, last: list[Event], ev: Event) -> bool:
        """Whether the label ``ev``, on the line after the values of ``last`` = [label, values], is the
        next piece of that same label: a label cell wrapped beside its row's values, both pieces tagged
        ("（二）部分公开（区分处理的，只计这一情 99 0 0 0⏎形，不计其他情形） 2 0 101"); the values on its
        line go on the row's. (Values on lines of their own after it are the next row's: plain
        ``pdftotext`` prints a label's last piece after its values.)"""
        if len(last) < 2 or last[0].row != ev.row or last[0].tokens is not None or not last[1].bound:
            return False
        values = last[1].tokens or []
        return (
            bool(values) and not any(t.in_cell for t in values) and self.text.count("\n", values[-1].end, ev.pos) == 1
        )

    def _apart_from_label(self, ev: Event, label_end: int) -> bool:
        """Whether each value of the group stands on a line of its own and an empty line parts them
        from the label or from each other (plain ``pdftotext`` ends a column so: "行政强制⏎⏎170⏎325⏎⏎29");
        values right under their label, one a line, are its row (BeautifulSoup's "行政规范性文件⏎64⏎12⏎530")."""
        tokens = ev.tokens or []

        def alone(t: Token) -> bool:
            line_end = self.text.find("\n", t.end)
            line = self.text[self.text.rfind("\n", 0, t.start) + 1 : line_end if line_end >= 0 else None]
            return line.strip() == self.text[t.start : t.end].strip()

        return (
            bool(tokens)
            and all(map(alone, tokens))
            and re.search(r"\n[ \t]*\n", self.text[label_end : tokens[-1].start]) is not None
        )

    def _column_name_before(self, table: str | None, label: int, ev: Event) -> str | None:
        """The name of one of ``table``'s columns, bare, as the last label before the values (pdfminer:
        "7.属于行政执法案卷⏎⏎总⏎⏎计⏎⏎8⏎⏎2", 总计 taken for （七）总计's label): a column printed after the
        labels. A row's own label keeps its mark ("（七）总计")."""
        line = self.text.rfind("\n", 0, label) + 1
        if table not in self.catalog.column_aliases or not ev.tokens or self.text[line:label].strip():
            return None  # "3.其他" is a row's label, its mark before it
        name = Compact.of(self.text[label : ev.tokens[0].start]).text
        return name if name in self.catalog.column_aliases[table] else None

    def _after_header_row(self, table: str | None, pos: int, ev: Event) -> bool:
        """Whether the labels from ``pos`` on, and the values ``ev`` after them, follow their table's
        header printed row by row, every cell parted from the next alike: mammoth's paragraphs
        ("信息内容⏎⏎本年制发件数⏎⏎…⏎⏎现行有效件数⏎⏎规章⏎⏎行政规范性文件⏎⏎64⏎⏎12⏎⏎530"), the first label's
        cells blank. A column printed on its own has its header cell before its first label (pdfminer's
        "…现行有效件数⏎⏎信息内容⏎⏎规章⏎⏎行政规范性文件⏎⏎36⏎⏎490846"), and plain ``pdftotext`` parts the
        columns it prints after the labels by an empty line (the header row printed before them)."""
        if table not in self.catalog.column_aliases or not ev.tokens:
            return False
        ls = self.text.rfind("\n", 0, pos) + 1
        header = self.text[:ls].rstrip()
        hs = header.rfind("\n") + 1
        gaps = set(re.findall(r"\n\s*", self.text[hs : ev.tokens[-1].start]))
        return normalize_label(header[hs:]) in self.catalog.column_aliases[table] and len(gaps) == 1

    def _blank_cells_shown(self, before: Event, label: Event, ev: Event) -> bool:
        """Whether the text prints a cell a paragraph, blank ones too, so that the label before
        ``label`` is a row of blanks and the values under ``label`` its own: docx2txt's
        "规章⏎⏎⏎⏎⏎⏎⏎⏎行政规范性文件⏎⏎88⏎⏎55⏎⏎698". pdfminer's labels-then-values ("规章⏎⏎行政规范性文件⏎⏎88…")
        part every cell alike, and plain ``pdftotext`` ends a column with an empty line: neither is."""
        tokens = ev.tokens or []
        gaps = [self.text[label.end : tokens[0].start]] + [self.text[a.end : b.start] for a, b in pairwise(tokens)]
        between = self.text[before.end : label.pos]
        return (
            not between.strip()
            and all(g == gaps[0] and not g.strip() for g in gaps)
            and between.count("\n") > gaps[0].count("\n")
        )

    def _candidates(self, tokens: list[Token], row: _Row, warnings: list[str]) -> tuple[list[Split], str]:
        """The row's readings into n cells, most plausible first, and how they were found
        ("read", "unread": the text does not say which cells its values are, "lost": no placement of
        them fits the row's cells, or they outnumber them, so the text lost or moved cells, "checked" by the
        row's rule, "unchecked", "joined": digits printed one a line, cut as one run, "placed": read in
        the one other order or place of its values, or the one cut of values the text ran together, that
        keeps the row's sum).

        Cells the text delimits (pipes, tabs) are read as they stand, but for a row short of cells,
        whose values are placed as whole cells. Values the text separates (``whole``) are never cut:
        only where the blanks it dropped go is open. A glued run is split by ``digitruns``. The row's
        rule keeps the readings it allows.
        """
        n, where, check = row.n, row.where, row.check
        if not row.fields_are_columns:
            tokens = [t for t in tokens if t.text is not None]
        # a run the text glued with a minus inside ("152-140": 本年增/减 of −140) is no whole value
        glued = any(t.text is not None and not NUM.fullmatch(t.text) for t in tokens)
        # values on lines of their own were not glued by a crawler, whatever the table's other rows show
        gaps = self._line_breaks(tokens)
        apart = len(tokens) >= 2 and all(gaps)
        whole = (row.whole or apart) and not glued
        if apart and self._one_a_line(tokens):
            # a tool that printed every character on a line of its own ("收⏎到⏎…⏎件⏎3⏎0") split numbers
            # too: its digits are one glued run, cut by the row's sum where it has one
            if not all(t.text is not None and t.text.isdigit() for t in tokens):
                warnings.append(
                    f"{where}: the text prints one character a line here; whether "
                    f"{' '.join(t.raw for t in tokens)!r} are digits of one number or cells it does not say: not read"
                )
                return [], "unread"
            digits = " ".join(t.raw for t in tokens)
            try:
                splits = _one_run(tokens, n, check)
            except SplitLimitExceeded:
                warnings.append(f"{where}: the digits {digits!r}, printed one a line, can be cut too many ways")
                return [], "unread"
            if not splits:
                warnings.append(f"{where}: no cut of the digits {digits!r}, printed one a line, fits the row's sum")
            return splits, "joined"
        if (len(tokens) >= n and not glued) or not any(t.text is not None for t in tokens):
            if len(tokens) <= n:
                split = _padded(tokens, n)
                if (
                    check is not None
                    and len(tokens) == n
                    and row.labels_apart
                    and any(gaps)
                    and not check(split.values)
                ):
                    # elsewhere a row that breaks its sum is the report's slip, kept and flagged; here the
                    # text prints values apart from their labels (pdfminer printed 表三 column by column:
                    # 结转下年度's label took '96⏎3⏎2417 38⏎…', the next column's values, and 表四 took
                    # 表三's last columns)
                    warnings.append(
                        f"{where}: '{' '.join(t.raw for t in tokens)}', on lines apart in a table that prints "
                        "values apart from their labels, break the row's sum: whose values they are the text "
                        "does not say; not read"
                    )
                    return [], "unread"
                if check is not None and len(tokens) == n and not check(split.values):
                    turned = self._turned(tokens, check)
                    if turned is not None:
                        warnings.append(
                            f"{where}: '{' '.join(t.raw for t in tokens)}' stand in pieces around words of its "
                            f"label and break the row's sum in the text's order; read in the one order of the "
                            f"pieces that keeps it: confidence {CONF_PLACED}"
                        )
                        return [turned], "placed"
                    moved = _moved_right(tokens, check) if row.sums else None
                    if moved is not None:
                        warnings.append(
                            f"{where}: '{' '.join(t.raw or '_' for t in tokens)}' break the row's sum where they "
                            f"stand and keep it a cell to the right (a converter printed a merged label in a cell "
                            f"fewer and padded the row at its end); read so: confidence {CONF_PLACED}"
                        )
                        return [moved], "placed"
                    if row.where == "t4" and (broken := self._blocks_broken(tokens, check)):
                        # pdfminer printed 表三's last columns among 表四's values, one a line, and a column's
                        # name among them ("37⏎37⏎8⏎1⏎3⏎12⏎11⏎26⏎37⏎…⏎714⏎总⏎计⏎11"), fifteen values by chance
                        warnings.append(
                            f"{where}: '{' '.join(t.raw for t in tokens)}', one a line or most, break the sums of "
                            f"{', '.join(broken)} read in the text's order: the text printed other values among "
                            "them; not read"
                        )
                        return [], "unread"
                    if len(self._pieces(tokens)) >= 3 and any(gaps):
                        # not a report's slip: values on lines of their own among the words of three labels
                        # or more (pdfminer's 表四 printed column by column, its values beside their columns'
                        # names), none of whose orders keeps the row's sum alone
                        warnings.append(
                            f"{where}: '{' '.join(t.raw for t in tokens)}' stand in pieces among words, and no "
                            "one order of the pieces keeps the row's sum: whose cells they are the text does not say; "
                            "not read"
                        )
                        return [], "unread"
                if row.where == "t4" and len(tokens) == n and self._blocks_printed_two_ways(tokens, n // 3):
                    warnings.append(
                        f"{where}: '{' '.join(t.raw for t in tokens)}', one a line, stand some beside their "
                        "columns' names and some apart from any: which block holds which the text's order does "
                        "not say; not read"
                    )
                    return [], "unread"
                return [split], "read"
            line = self.text.rfind("\n", 0, tokens[0].start) + 1
            # an empty paragraph after a label is the row's cell, not a label cell left blank
            lead = not self.text[line : tokens[0].start].strip() and not tokens[0].paragraph
            windows = _windows(tokens, n, lead=lead, copies=self._merged_copies(tokens, n))
            if len(windows) > 1 and check is not None:
                windows = [w for w in windows if check(w.values)]
            values = [t for t in tokens if t.text is not None]
            if not windows and len(values) == n and not any(t.paragraph for t in tokens):
                # a value in every cell, the other fields empty: a column's name cut over several fields
                # (pymupdf4llm: "|行政事业性收费|||30570.1|" under "|信息内容|本年|收费金额（单位：万元|）|");
                # not an empty paragraph, a cell of its own (docx2python's "行政事业性收费⏎⏎⏎⏎2⏎⏎2": a blank
                # and a merged cell's two copies)
                windows = [w for w in [_padded(values, n)] if check is None or check(w.values)]
            if len(windows) != 1:
                # more numbers than cells (empty fields before them and copies of a merged last cell
                # aside), or several ways to drop the extra fields that the row's rule allows: the text
                # does not say which are the row's (a scrambled PDF reading order, a column the form has not)
                shown = " ".join(t.raw or "_" for t in tokens)
                warnings.append(
                    f"{where}: {len(tokens)} values for {n} cells ({shown!r}); which are the row's the text does not say: not read"
                )
                return [], "lost"
            return windows, "read"
        if any(t.text is None or t.in_cell for t in tokens):
            # a delimited row short of cells (a PDF→markdown converter dropped a column): which cells
            # are missing the cells do not say, any more than a row whose blanks a tool dropped
            whole = True
        runs = [(t.text or "", t.start) for t in tokens]
        shown = " ".join(t.raw for t in tokens)

        # numbers a space parts from their label, in a table whose other rows run cells together, may be
        # whole cells with blanks dropped as well as runs (kreuzberg's PDF text: "（一）予以公开591262" and
        # "一、本年新收… 935 28 20 983"): both readings stand, and where they differ no value is sure
        both = (
            not whole
            and self.text[tokens[0].start - 1 : tokens[0].start] in (" ", "\t")
            and all(_WHOLE.fullmatch(r) for r, _ in runs)
        )

        def read(chk: Callable[[list[int | float]], bool] | None) -> list[Split]:
            if not whole:
                splits = solve_row(runs, n, check=chk, allow_negative=row.allow_negative)
                # whole cells too, as the row's rule allows them, or all where the row has none (unchecked,
                # a row with a rule asks whether its runs fit without it: a lone value always would as a cell)
                return (
                    splits + placements(runs, n, check=chk) if both and (chk is not None or check is None) else splits
                )
            return placements(runs, n, check=chk)

        try:
            splits, how = _distinct(read(check)), "checked" if check is not None else "unchecked"
            if not splits and whole:
                # a layout text runs cells of a line together; values on lines of their own are whole
                cut = None if any(gaps) else _cells_run_together(tokens, runs, n, check)
                if cut is not None:
                    warnings.append(
                        f"{where}: no placement of the values {shown!r} in {n} cells fits the table's rules, and "
                        f"one reading that cuts values in two does ({'/'.join(c.text for c in cut.cells)}: cells "
                        f"the text ran together); read so: confidence {CONF_PLACED}"
                    )
                    return [cut], "placed"
                warnings.append(f"{where}: no placement of the values {shown!r} in {n} cells fits the table's rules")
                return [], "lost"
            if not splits and check is not None and read(None):
                # no cut keeps the row's rule: blanks the text dropped, or the report's own slip; any cut
                # is a guess (kreuzberg's "（七）总计2171218", 217 / 1 / 218, cut a digit a cell)
                warnings.append(f"{where}: no reading of {shown!r} satisfies the table's rules: not read")
                return [], "lost"
        except SplitLimitExceeded:
            warnings.append(f"{where}: {shown!r} can be read too many ways to recover its cells")
            return [], "unchecked"
        if not splits:
            warnings.append(f"{where}: could not {'place' if whole else 'split'} {shown!r} into {n} cells")
        elif whole and row.columns and len(splits) > 1 and {self._page(t.start) for t in tokens} <= row.columns.pages:
            splits = self._nearest_columns(splits, row.columns)
            how = "checked" if len(splits) == 1 else how  # where the values are printed decides
        if row.keep is not None and len(splits) > 1:
            splits = [s for s in splits if _reading_key(s) in row.keep]
            if not splits:
                warnings.append(f"{where}: the order of {shown!r} in the text contradicts where its columns stand")
        return splits, how

    @staticmethod
    def _one_row(tokens: list[Token], width: int | None, check: Callable[[list[int | float]], bool] | None) -> bool:
        """Whether values left unread may be one row's, its other cells blank: "1 1" after ten labels
        of a 表三 whose zeros are blank may be the last row's; "71 29 4" is no row's, but values the text
        moved from the rows above."""
        values = [(t.text, t.start) for t in tokens if t.text is not None]
        if not values or width is None or check is None:
            return True
        try:
            return bool(placements(values, width, check=check))
        except SplitLimitExceeded:
            return True

    def _one_a_line(self, tokens: list[Token]) -> bool:
        """Whether the tokens are characters printed one a line, on lines one after another (not a
        value, a label the tagger missed, then another value), after a label so printed."""
        return (
            all(len(t.raw) == 1 for t in tokens)
            and all(not self.text[a.end : b.start].strip() for a, b in pairwise(tokens))
            and _one_char_lines(self.text, tokens[0].start)
        )

    def _nearest_columns(self, splits: list[Split], columns: _Columns) -> list[Split]:
        """The placements whose values sit nearest the columns, and those within 2 characters of it.

        Where every placement puts the row's last value in a last column that is the row's total, the
        row is measured from it: a layout text squeezes each line its own way (pypdf's layout mode put a
        总计 row's values 3 characters left of the header's columns, its 法律服务机构 value nearer
        社会公益组织's header), and the total's column is the one a row's place is sure of."""
        x = {c.start: self._x(c, columns) for c in splits[0].cells if not c.blank}  # every reading, same values
        xs = columns.xs
        lasts = {-1 if s.cells[-1].blank else s.cells[-1].start for s in splits}
        shift = xs[-1] - x[lasts.pop()] if columns.total_last and len(lasts) == 1 and -1 not in lasts else 0.0
        costs = [sum(abs(x[c.start] + shift - xs[i]) for i, c in enumerate(s.cells) if not c.blank) for s in splits]
        return [s for s, cost in zip(splits, costs) if cost - min(costs) < 2]

    def _page(self, pos: int) -> int:
        return bisect.bisect_right(self.page_breaks, pos)

    def _columns(self, rows: list[list[Token]], n: int) -> _Columns | None:
        """x-positions of the n columns, from the rows that show all n values, when the text keeps
        positions: three or more such rows, each column within 4 characters; they hold on the pages of
        those rows. Otherwise ``None``. (Clusters of the values of partial rows are no evidence: a
        column may be blank all the way down, and the jitter of a wide column can look like two.)"""
        full = [toks for toks in rows if len(toks) == n and all(t.text for t in toks)]
        if (
            not self.positions
            or len(full) < 3
            or all(_one_space_before(self.text, t.start) for toks in full for t in toks)
        ):
            return None  # values one space apart keep no x: rows whose labels are as wide line up by chance
        cols = [sorted(xs) for xs in zip(*([self.grid.x(t.start, t.end) for t in toks] for toks in full))]
        if any(c[-1] - c[0] > 4 for c in cols):
            return None
        centers = [c[len(c) // 2] for c in cols]
        pages = frozenset(self._page(t.start) for toks in full for t in toks)
        if not all(a < b for a, b in pairwise(centers)):
            return None
        self.placed = True
        return _Columns(centers, pages)

    def _header_columns(self, start: int, end: int, labels: Sequence[str], rows: list[list[Token]]) -> _Columns | None:
        """x-positions of the columns from the table's header printed in ``[start, end)``, where the text
        keeps them: the headers' middles stand 4 characters apart or more, and every value of every row
        on the header's page within 3 characters of one (OCR text does; ``pdftotext -layout`` squeezes
        the columns of lines with many Chinese characters, and its values fail this). Where the middles
        cannot tell the columns (names one space apart: a text browser packs a header so, and starts
        each cell where its column starts), where the names start, if every value starts right where
        one does, or within one character where the names start 3 characters apart or more (lynx printed
        a 表三's 总计, a name over two header rows, one character right of its column's values). They
        hold on the header's page. Otherwise ``None``."""
        if not self.positions:
            return None
        page = self._page(max(start, end - 1))
        rows = [toks for toks in rows if toks and all(self._page(t.start) == page for t in toks)]
        for starts in (False, True):
            xs = self.grid.header_columns(start, end, labels, starts)
            apart = min((b - a for a, b in pairwise(xs or [])), default=0)
            if xs is not None and (starts or apart >= 4):
                columns = _Columns(xs, frozenset({page}), starts=starts)
                near = (1.0 if apart >= 3 else 0.0) if starts else 3.0
                return columns if self._under_columns(rows, columns, near) else None
        return None

    def _under_columns(self, rows: list[list[Token]], columns: _Columns, near: float) -> bool:
        """Whether every value of ``rows`` stands within ``near`` of a column, one a column, in order
        (``_ordered_columns``), and three values or more under two columns or more: one value under a
        header is no evidence that the text keeps the page's x (pdftotext -layout put a lone 286,
        对外公开总数量, under the squeezed header's 本年新公开数量)."""
        used = set[int]()
        for toks in rows:
            at = _ordered_columns(columns.xs, [self._x(t, columns) for t in toks], near)
            if at is None:
                return False
            used.update(at)
        ok = len(used) >= 2 and sum(map(len, rows)) >= 3
        self.placed |= ok
        return ok

    def _x(self, tok: Token | SplitCell, columns: _Columns) -> float:
        """Where a value stands, measured as ``columns`` are."""
        return self.grid.column(tok.start) if columns.starts else self.grid.x(tok.start, tok.end)

    def _cells_for(self, tokens: list[Token], row: _Row, table: Table) -> list[tuple[Token | None, float]]:
        """n cells (``None``: a blank the text dropped, so no value) with a confidence each."""
        splits, how = self._candidates(tokens, row, table.warnings)
        table.lost_rows += how == "lost"
        if how in ("read", "placed"):
            conf = CONF_READ if how == "read" else CONF_PLACED
            return [(_token_of(c, tokens), conf) for c in splits[0].cells]
        if not splits:
            return []
        # in a table printed apart from its labels, a row's first value beside its label and the rest on lines
        # apart came from two places in the tool's order, and may be some of its values only (pdfminer printed
        # "1.信访举报投诉类申请 1⏎⏎1", its total 2 elsewhere): a lost value is no blank either
        apart = ""
        values = sum(t.text is not None for t in tokens)
        if row.labels_apart and self._on_label_line(tokens) and any(self._line_breaks(tokens)):
            apart = f"stands on lines apart in a table printed apart from its labels, with {_MAY_BE_LOST}"
        elif row.where == "t4" and values < row.n and all(self._line_breaks(tokens)) and len(self._pieces(tokens)) >= 2:
            # pdfminer printed 表四 column by column, its values one a line among its columns' names, in an
            # order not always the table's ("…尚⏎未⏎审⏎结⏎1⏎1⏎2⏎1⏎1⏎1⏎结⏎果⏎维⏎持⏎…⏎总⏎计⏎1⏎1⏎总⏎计⏎3"): every
            # placement in that order agreed on two 总计 values, swapped; so with one value among the names,
            # the rest after them ("维⏎持⏎纠⏎正⏎1⏎结⏎果⏎…⏎审⏎结⏎1⏎2⏎1⏎1⏎1⏎3⏎1⏎1⏎2", seed 71). Read in that
            # order at 0.8, five of seven values were wrong (seed 71): with blanks dropped as well, not read
            table.warnings.append(
                f"{row.where}: '{' '.join(t.raw for t in tokens)}' stands one a line in pieces among words, in an "
                "order that may not be the table's, with fewer values than cells: where its blanks go in the "
                "table's order the text does not say; not read"
            )
            return []
        cells = _agreed(
            splits, how in ("checked", "joined"), tokens, row.where, table.warnings, guess=how != "joined", apart=apart
        )
        if row.blanks_dropped and how == "checked" and sum(not c.blank for c in splits[0].cells) > values:
            # kreuzberg's PDF text ran a 统计表's unit and cells together and printed blank rows bare
            # ("当面申请数件18⏎传真申请数件"): 18 may be 历年累计's alone as well as 1 and 8
            table.warnings.append(
                f"{row.where}: '{' '.join(t.raw for t in tokens)}' is cut in cells, in a table whose text drops "
                f"blank cells: it may be one value beside a blank; confidence {CONF_PLACED}"
            )
            cells = [(t, min(conf, CONF_PLACED)) for t, conf in cells]
        return cells

    def _merged_copies(self, tokens: list[Token], n: int) -> bool:
        """Whether values one a line, all alike, more than a row's ``n`` cells, end in the copies of one
        merged cell: the text prints a name above, within 400 characters, as many times in a row, a
        paragraph each (docx2python's "本年处理决定数量⏎⏎本年处理决定数量⏎⏎本年处理决定数量⏎⏎行政许可⏎⏎
        4529⏎⏎4529⏎⏎4529": one cell over the form's three columns)."""
        texts = {t.text for t in tokens}
        if len(tokens) < 2 or len(texts) != 1 or None in texts or not all(self._line_breaks(tokens)):
            return False
        lines = [ln.strip() for ln in self.text[max(0, tokens[0].start - 400) : tokens[0].start].split("\n")]
        names = [ln for ln in lines if ln]
        runs = [(name, len(list(group))) for name, group in groupby(names)]
        return any(count == len(tokens) - n + 1 and not NUM.search(name) for name, count in runs)

    def _line_breaks(self, tokens: list[Token]) -> list[bool]:
        """Whether a line break stands between each two values."""
        return ["\n" in self.text[a.end : b.start] for a, b in pairwise(tokens)]

    def _turned(self, tokens: list[Token], check: Callable[[list[int | float]], bool]) -> Split | None:
        """The row's values in the one order of their pieces (values between words of a label) that keeps
        its sum, where the text's order breaks it: plain pdftotext printed a row's last cells beside its
        label's first line and its first cells beside the label's end ("…缴纳费用、行⏎处理⏎0⏎0 13⏎
        政机关不再处理其政府信息公开申请 13 0 0 0"). Not where the order is one of several at the lines
        between values too: pdfminer printed 表四 column by column, some columns' values beside their
        names and the rest together after them ("…总⏎计⏎20⏎72⏎64…"), and each block keeps its sum
        whichever block the values after the words begin."""

        def turns(lines: bool) -> list[Split]:
            pieces = self._pieces(tokens, lines)
            return [
                split
                for k in range(1, len(pieces))
                if check((split := _padded([t for p in pieces[k:] + pieces[:k] for t in p], len(tokens))).values)
            ]

        by_words = turns(lines=False)
        return by_words[0] if len(by_words) == 1 and len(turns(lines=True)) == 1 else None

    def _blocks_printed_two_ways(self, tokens: list[Token], width: int) -> bool:
        """Whether 表四's values stand a block of them one by one beside their columns' names, then a block
        with none: pdfminer printed a 表四 over two pages so, "结果维持⏎0⏎结果纠正⏎0⏎…总计⏎19⏎2⏎1⏎3⏎1⏎7",
        行政复议's values last, after the other blocks'. A block with no names first, right after its names
        ("总计⏎0⏎0⏎0⏎0⏎0⏎未经复议直接起诉⏎…结果维持⏎0⏎…"), stands where the table has it."""
        beside = False
        for size, same in groupby(len(p) for p in self._pieces(tokens)):
            if size == 1 and sum(1 for _ in same) >= width:
                beside = True
            elif beside and size >= width:
                return True
        return False

    def _pieces(self, tokens: list[Token], lines: bool = False) -> list[list[Token]]:
        """The row's values in pieces that words (and, with ``lines``, line breaks) part."""
        pieces: list[list[Token]] = [[tokens[0]]]
        for a, b in pairwise(tokens):
            if HAN.search(self.text, a.end, b.start) or (lines and "\n" in self.text[a.end : b.start]):
                pieces.append([])
            pieces[-1].append(b)
        return pieces

    def _make_cell(
        self, cid: str, tok: Token, conf: float, table: str, period: str = "year", slot: bool = False
    ) -> Cell:
        """A cell of ``tok``; one of a row placed by the form's order (``slot``) at most ``CONF_SLOT``."""
        conf = min(conf, CONF_SLOT) if slot else conf
        value: int | float | None = None
        if tok.text is not None:
            v = float(tok.text)
            value = int(v) if v.is_integer() and "." not in tok.text else v
        # the text its offsets point at: digits printed one a line span their line breaks ("3⏎7")
        return Cell(cid, value, tok.start, tok.end, self.text[tok.start : tok.end], conf, table, period, tok.unit)

    # -- 表二 ------------------------------------------------------------------------------------
    def _read_t2(self, start: int, end: int) -> Table:
        spec = self.catalog.tables["t2"]
        region = normalize_label(self.text[start:end])
        votes = {
            t: sum(a in region for c in spec.columns.values() if c["templates"] == [t] for a in c["aliases"])
            for t in ("2019", "2021")
        }
        template = max(votes, key=lambda t: votes[t]) if any(votes.values()) else self._year_template()
        rows = [r for r in spec.rows if template in r.columns]
        order = [r.key for r in rows]
        events, rendering = self.grid.events(
            start, end, lambda s: _row_key(self.catalog.resolve_row("t2", s)), _Labels(self.catalog, "t2")
        )
        table = Table("t2", template, rendering, start, end)
        # "第二十条第（六）项": a row's values do not run on into the next sub-table (plain pdftotext)
        breaks: list[int] = []
        while (at := self._find_item(breaks[-1] + 1 if breaks else start)) is not None and at < end:
            breaks.append(at)
        # a column's name after a row's label: its values, after the name, are not the row's (plain
        # pdftotext printed "行政事业性收费⏎现行有效件数⏎101": 行政规范性文件's, read as the fee at 0.95)
        names = [
            at
            for a in self.catalog.column_aliases["t2"]
            for at in self._find_all(a, start, end)
            if not any(ev.row and ev.pos <= at < ev.end for ev in events)  # not inside a row's label
        ]
        stops = sorted(breaks + names)
        assigned = self._assign(events, order, warnings=table.warnings, breaks=stops, table="t2")
        # a row's values before its own item's title: the text printed the form out of its order, its
        # sub-tables' titles after their rows (plain pdftotext, pdfminer), and the values after a label may
        # be another row's (pdfminer: "行政事业性收费⏎20325⏎39256⏎第二十条第（八）项", 处理决定数量 of 行政处罚
        # and 行政强制, read as the fee's at 0.95)
        early_rows = [r for r, toks, _ in assigned if toks and self._before_own_item(spec.row(r), toks[0].start, end)]
        if early_rows:
            table.warnings.append(
                f"t2: values before their own item's title ({', '.join(early_rows)}): the text prints the form out "
                f"of order, and they may be another row's; confidence {CONF_SLOT}"
            )
            assigned = [(r, toks, slot or r in early_rows) for r, toks, slot in assigned]
        if breaks and (early := self._t2_label_before(breaks[0])):
            # a row's label on a line of its own right before the first sub-table's title: the text prints
            # the labels apart from their columns (pdfminer: "规章⏎第二十条第（一）项⏎…⏎行政规范性文件⏎21⏎40⏎
            # 75", 75 行政许可's), so values on lines of their own after a label may be another row's: read
            # as the label's, unsure; not read where rows are labelled after them and none shows values (the
            # values may be those rows')
            apart = {
                r: any(ev.row for ev in events if ev.pos > toks[-1].end)
                and not any(t.start > toks[-1].end for _, ts, _ in assigned for t in ts)
                for r, toks, _ in assigned
                if not self._on_label_line(toks) and self._before_title(toks, stops)
            }
            if apart:
                unread = [r for r, theirs in apart.items() if theirs]
                table.warnings.append(
                    f"t2: the label {early} stands before the first item's title: values on lines of their own "
                    "after a label may be another row's; "
                    + (
                        f"not read ({', '.join(unread)}): rows labelled after them show no values"
                        if unread
                        else "read as the label's, unsure"
                    )
                )
                assigned = [(r, toks, slot or r in apart) for r, toks, slot in assigned if r not in unread]
        whole = self._apart(
            _separated(self.text, ((toks, len(spec.row(r).columns[template])) for r, toks, _ in assigned))
        )
        columns = {}
        keep: dict[str, frozenset[tuple[object, ...]]] = {}
        off_columns = self._t2_fields_off_columns(events, breaks, start, assigned, template)
        if off_columns and (
            unsure := [
                r
                for r, toks, slot in assigned
                if r not in off_columns and not slot and any(t.text is None for t in toks) and any(t.text for t in toks)
            ]
        ):
            # the tool that put one sub-table's values off its header's columns made the others' columns the
            # same way (markitdown's PDF tables: ``| 行政许可 | 2140 | |`` under ``| 信息内容 | | 本年处理决定数量 |
            # |``, and 规章's one value under 本年制发件数, the first of three columns, though it was 现行有效件数's):
            # where their fields show blank cells, the values' places are unsure
            table.warnings.append(
                f"t2: a sub-table's values stand off its header's columns ({', '.join(sorted(off_columns))}): "
                f"the other rows' values placed by their fields among blank ones are unsure ({', '.join(unsure)}); "
                f"confidence {CONF_SLOT}"
            )
            assigned = [(r, toks, slot or r in unsure) for r, toks, slot in assigned]
        if shared := self._t2_after_a_named_header(events, assigned, names, breaks):
            table.warnings.append(
                f"t2: values on lines of their own after the label of {', '.join(b for _, b in shared)}, the label "
                f"before it ({', '.join(a for a, _ in shared)}) with none, the columns' names between: the text "
                f"prints labels apart from their cells, and some may be that row's; confidence {CONF_SLOT}"
            )
            assigned = [(r, toks, slot or r in {b for _, b in shared}) for r, toks, slot in assigned]
        if moved := self._t2_rows_values_may_have_moved(assigned, template):
            table.warnings.append(
                f"t2: values on lines of their own, a row of their sub-table short of cells ({', '.join(moved)}): "
                f"the text dropped blank cells and may have moved values between its rows; confidence {CONF_SLOT}"
            )
            assigned = [(r, toks, slot or r in moved) for r, toks, slot in assigned]
        for cols in {r.columns[template] for r in rows}:
            in_group = [a for a in assigned if spec.row(a[0]).columns[template] == cols]
            group = [toks for _, toks, _ in in_group]
            columns[cols] = self._columns(group, len(cols))
            heads = [ev.pos for ev in events if ev.row and spec.row(ev.row).columns[template] == cols]
            if whole and len(cols) > 1 and heads:
                # the sub-table's header: after its "第二十条第（一）项", above its first row
                line = self.text.rfind("\n", 0, heads[0]) + 1
                above = max([start, *(b for b in breaks if b < line)])
                labels = [spec.columns[c]["label"] for c in cols]
                if columns[cols] is None:
                    columns[cols] = self._header_columns(above, line, labels, group)
                values = [[(t.start, t.end) for t in toks if t.text] for toks in group]
                xorder = (
                    XOrder(self.text, self.page_breaks, values, (above, line), labels, ordered=self.keeps_order)
                    if self.positions
                    else None
                )
                if xorder is not None and xorder.used:
                    self.placed = True
                    bare = _Row(len(cols), "t2", _t2_check(cols), "change" in cols, whole)  # no header columns
                    # rows whose fields stand off the header's columns: where they stand says nothing
                    keep |= self._x_narrowed([a for a in in_group if a[0] not in off_columns], bare, xorder)
        for row_key, tokens, slot in assigned:
            row = spec.row(row_key)
            cols = row.columns[template]
            if not {"amount", "procurement_amount"} & set(cols):
                # a sum of money is not a count: it is the cell of a row whose label was not found
                tokens = [t for t in tokens if not t.raw.rstrip().endswith("元")]
            check = _t2_check(cols)
            allow_neg = "change" in cols
            shown = [t.text for t in tokens if t.text is not None]
            if not allow_neg and len(shown) <= len(cols) and any(v.startswith("-") for v in shown):
                # pdfminer printed 行政事业性收费's "34⏎-5" after 政府集中采购's label, its own values further on
                table.warnings.append(
                    f"t2.{row_key}: '{' '.join(t.raw for t in tokens)}' holds a value below zero, which only "
                    "本年增/减 may be: another row's values; not read"
                )
                continue
            spec_row = _Row(
                len(cols),
                f"t2.{row_key}",
                check,
                allow_neg,
                whole,
                columns[cols],
                keep.get(row_key),
                row_key not in off_columns,
            )
            cells = self._cells_for(tokens, spec_row, table)
            for (tok, conf), col in zip(cells, cols):
                if tok is None:
                    continue
                cell = self._make_cell(self.catalog.cell_id("t2", row_key, col), tok, conf, "t2", slot=slot)
                if col in ("procurement_amount", "amount") and cell.value is not None:
                    cell.value = to_unit(
                        cell.value, tok.unit or ("元" if "元" in tok.raw and "万元" not in tok.raw else "万元"), "万元"
                    )
                table.cells.append(cell)
        return table

    def _t2_fields_off_columns(
        self,
        events: list[Event],
        breaks: list[int],
        start: int,
        assigned: list[tuple[str, list[Token], bool]],
        template: str,
    ) -> set[str]:
        """The rows of the sub-tables whose pipe fields stand off the form's columns (``_fields_off_columns``
        of the sub-table's header: after its "第二十条第（一）项", above its first row)."""
        spec = self.catalog.tables["t2"]
        heads = sorted(ev.pos for ev in events if ev.row)
        by_start: dict[int, list[tuple[str, list[Token]]]] = {}
        for r, toks, _ in assigned:
            # a row found inside another's wrapped label has no label event: its values say where it is
            at = next((ev.pos for ev in events if ev.row == r), toks[0].start if toks else None)
            if at is not None:
                by_start.setdefault(max([start, *(b for b in breaks if b < at)]), []).append((r, toks))
        off: set[str] = set()
        for above, in_sub in by_start.items():
            surplus = any(len(toks) > len(spec.row(r).columns[template]) for r, toks in in_sub)
            rows = [self._line_at(toks[0].start) for _, toks in in_sub if toks]
            first = next((p for p in heads if p >= above), None)  # none: the sub-table's rows have no label
            if first is not None and self._pipe_fields_off(first, above, surplus, rows):
                off |= {r for r, _ in in_sub}
        return off

    def _t2_label_before(self, title: int) -> str | None:
        """A 表二 row's label printed whole on one of the three lines of words right before ``title``."""
        lines = [line.strip() for line in self.text[max(0, title - 200) : title].splitlines() if line.strip()]
        aliases = {a for r in self.catalog.tables["t2"].rows for a in r.aliases}  # normalised already
        return next((line for line in lines[-3:] if normalize_label(line) in aliases), None)

    def _before_own_item(self, row: RowDef, pos: int, end: int) -> bool:
        """Whether the title of the row's own item of 第二十条 ("第二十条第（八）项") follows ``pos`` in 表二."""
        at = self._find_item(pos)
        while at is not None and at < end:
            m = _ITEM.match(self.compact.text, self.compact.at(at))
            if m and m.group(1) == row.item:
                return True
            at = self._find_item(at + 1)
        return False

    def _before_title(self, tokens: list[Token], stops: list[int]) -> bool:
        """Whether a sub-table's title or a column's name (``stops``) follows a row's values next."""
        end = tokens[-1].end
        at = bisect.bisect_left(stops, end)
        return at < len(stops) and not self.text[end : stops[at]].strip()

    def _t2_after_a_named_header(
        self, events: list[Event], assigned: list[tuple[str, list[Token], bool]], names: list[int], breaks: list[int]
    ) -> list[tuple[str, str]]:
        """The rows (before, after) of 表二 whose labels stand either side of the columns' names, the first
        with no values, the second with values on lines of their own: pdfminer printed "规章⏎本年制发件数⏎
        本年废止件数⏎现行有效件数⏎行政规范性文件⏎3⏎36⏎463", 36 规章's 现行有效件数 where its blank cells were
        dropped. The first label is a line of its own since the sub-table's title (a tagger may leave a
        short one untagged)."""
        values = {r: toks for r, toks, _ in assigned if any(t.text for t in toks)}
        out = []
        for ev in events:
            if ev.row is None or ev.row not in values or self._on_label_line(values[ev.row]):
                continue
            since = max((b for b in breaks if b < ev.pos), default=0)
            named = [n for n in names if since <= n < ev.pos]
            if not named:
                continue
            for line in self.text[since : min(named)].splitlines():
                row = self.catalog.resolve_row("t2", line) if line.strip() else None
                if row is not None and row.key != ev.row and row.key not in values:
                    out.append((row.key, ev.row))
        return out

    def _t2_rows_values_may_have_moved(self, assigned: list[tuple[str, list[Token], bool]], template: str) -> list[str]:
        """The rows of a 表二 sub-table whose values stand on lines of their own, each row's after its label,
        where a row of the sub-table so printed shows fewer values than cells: the other rows' values, as
        many as their cells, may hold the short row's (pdfminer: "行政处罚⏎16⏎行政强制⏎26⏎17379⏎12474", 17379
        行政处罚's, read as 行政强制's 本年增/减 at 0.95)."""
        spec = self.catalog.tables["t2"]
        apart: dict[str | None, list[tuple[str, int, int]]] = {}  # item -> (row, cells shown, cells)
        for r, toks, _ in assigned:  # a blank the text shows (an empty paragraph) is a cell shown: not short
            if (
                toks
                and not any(t.in_cell for t in toks)
                and not self._on_label_line(toks)
                and all(self._line_breaks(toks))
            ):
                row = spec.row(r)
                apart.setdefault(row.item, []).append((r, len(toks), len(row.columns[template])))
        return [r for group in apart.values() if any(k < n for _, k, n in group) for r, k, n in group if k >= n]

    def _on_label_line(self, tokens: list[Token]) -> bool:
        """Whether a row's first value stands on a line with words before it (its label's)."""
        first = next((t for t in tokens if t.text is not None), None)
        return first is None or bool(self.text[self.text.rfind("\n", 0, first.start) + 1 : first.start].strip(" \t|"))

    def _line_at(self, pos: int) -> str:
        return self.text[self.text.rfind("\n", 0, pos) + 1 : _eol(self.text, pos)]

    def _pipe_fields_off(self, first: int, above: int, surplus: bool, rows: Sequence[str] = ()) -> bool:
        """Whether a table whose first row's label is at ``first``, a pipe row, has its fields off the
        form's columns (``_fields_off_columns`` of its header, printed from ``above`` to that row)."""
        line = self.text.rfind("\n", 0, first) + 1
        return "|" in self._line_at(first) and _fields_off_columns(self.text[above:line], surplus, rows)

    # -- 表三 ------------------------------------------------------------------------------------
    def _read_t3(self, start: int, end: int) -> Table:
        spec = self.catalog.tables["t3"]
        events, rendering = self.grid.events(
            start, end, lambda s: _row_key(self.catalog.resolve_row("t3", s)), _Labels(self.catalog, "t3")
        )
        seen = {ev.row for ev in events if ev.row}
        compact = normalize_label(self.text[start:end]).replace("|", "")
        words = self.catalog.template_words("t3", "2021")
        template = (
            "2021" if seen & {"other_no_correction", "other_unpaid_fee"} or any(w in compact for w in words) else "2019"
        )
        order = [r.key for r in spec.rows if template in r.templates]
        table = Table("t3", template, rendering, start, end)
        t3_columns = tuple(spec.columns)
        n = len(t3_columns)
        unsure: list[str] = []
        check = _row_check(self.catalog, "t3")
        assigned = self._assign(events, order, n, table.warnings, row_check=check, table="t3", unsure=unsure)
        assigned = self._lent_to_next_row(assigned, _Row(n, "t3", check), table.warnings)
        whole = _separated(self.text, ((toks, n) for _, toks, _ in assigned))
        # cells the text delimits (pipes, tabs) say nothing of whether it glues values elsewhere
        free = [a for a in assigned if any(not t.in_cell for t in a[1])]
        self.apart = whole if len(free) >= 10 else None
        columns = None
        # the header: the lines above the first row, after the title
        line = self.text.rfind("\n", 0, start) + 1
        title = self._find_title("t3", 0)
        above = max(title if title is not None and title < line else 0, _lines_back(self.text, line, 10, blank=False))
        labels = [c["label"] for c in spec.columns.values()]
        if whole:
            rows = [toks for _, toks, _ in assigned]
            columns = self._columns(rows, n) or self._header_columns(above, line, labels, rows)
            columns = columns._replace(total_last=True) if columns else None
        row = _Row(n, "t3", check, whole=whole, columns=columns, labels_apart=self.labels_apart)
        # a row whose label stands with no value before the next one is blank all the way (its zero cells
        # left blank), where the values stand apart and nothing in the table was refused
        empty = (
            self._empty_rows(order, seen, {r for r, _, _ in assigned}, start, end)
            if whole and not table.warnings
            else set()
        )
        table.warnings += unsure
        values = [[(t.start, t.end) for t in toks if t.text] for _, toks, _ in assigned]
        groups = [(name, t3_columns.index(a), t3_columns.index(b)) for name, (a, b) in spec.header_groups.items()]
        xorder = XOrder(self.text, self.page_breaks, values, (above, line), labels, groups)
        self.keeps_order = xorder.applies and self.positions
        positioned = xorder.used and self.positions  # the order its pieces start in, or its spacing
        self.placed |= positioned
        keep = self._x_narrowed(assigned, row, xorder) if whole and positioned else {}
        renamed = self._fields_renamed("t3", above, line)
        joined = self._fields_joined("t3", above, end) or renamed
        joint = (
            {}
            if joined  # its fields' places say nothing: placed by the sums below
            else self._solve_t3_jointly(
                assigned + [(r, [], False) for r in empty], order, row, table.warnings, keep, xorder
            )
        )
        if joined or (not joint and self._positions_break_sums(assigned, order, row)):
            by_sums_row = row.by_sums()
            notes: list[str] = []  # the rows the sums leave open
            dropped, by_sums = self._placed_by_sums(
                assigned, order, by_sums_row, xorder, notes, fields=bool(joined) and not renamed
            )
            if joined or by_sums:
                assigned, joint, row, keep = dropped, by_sums, by_sums_row, {}
                why = (
                    joined or "where the text puts them breaks the table's column sums, which they fit placed otherwise"
                )
                table.warnings += [_placed_by_sums_warning("t3", why), *notes]
        piped = sum(bool(toks) and all(t.in_cell for t in toks) for _, toks, _ in assigned)
        for row_key, tokens, slot in assigned:
            if row_key in joint:
                cells = joint[row_key]
            else:
                spec_row = replace(row, where=f"t3.{row_key}", keep=keep.get(row_key))
                if piped == 1 and self._lone_pipe_row(tokens):
                    spec_row = spec_row.by_sums()
                    shown = " | ".join(t.raw or "" for t in tokens)
                    table.warnings.append(
                        f"t3.{row_key}: its values stand in a markdown table of that one row with no label, the "
                        f"table's only row in fields ('{shown}'): the fields say nothing of the form's columns; "
                        "placed by the row's sum"
                    )
                cells = self._cells_for(tokens, spec_row, table)
            for (tok, conf), col in zip(cells, t3_columns):
                if tok is None:
                    continue
                table.cells.append(self._make_cell(f"t3.{row_key}.{col}", tok, conf, "t3", slot=slot))
        # a row whose label the text does not hold at all (a typo: "…申清数量"); a blank row's label may
        # stand past the region (the region ends at the last row with values)
        found = seen | {r for r, _, _ in assigned} | empty
        after = start if title is None else min(title, start)
        lost = [spec.row(r).label for r in order if r not in found and self._find_row(r, after) is None]
        self._where_rows_fit_none(table, assigned, n, check, self.orphans + len(lost))
        if lost:
            table.warnings.append(f"t3: no label found for {', '.join(lost)}: those rows are not read")
        return table

    def _lent_to_next_row(
        self, assigned: list[tuple[str, list[Token], bool]], row: _Row, warnings: list[str]
    ) -> list[tuple[str, list[Token], bool]]:
        """A row's last value, alone on the line right above the next row's label, is the next row's first
        where the next row's own values fit no placement and both rows fit theirs with it moved: plain
        pdftotext printed a wrapped label's first value above its label ("3.危及…稳定" 1⏎1⏎2⏎（三）不予
        4.保护第三方合法权益 2"). Both rows are then unsure (``CONF_SLOT``)."""
        out = list(assigned)
        scratch: list[str] = []

        def fits(tokens: list[Token]) -> bool:
            splits, how = self._candidates(tokens, row, scratch)
            return bool(splits) and how != "unread"

        for i in range(len(out) - 1):
            (a, ta, _), (b, tb, _) = out[i], out[i + 1]
            if len(ta) < 2 or not tb or any(t.text is None for t in ta + tb):
                continue
            last = ta[-1]
            alone = self._line_at(last.start).strip() == last.raw.strip()
            above = self.text.count("\n", last.end, tb[0].start) == 1 and HAN.search(self.text, last.end, tb[0].start)
            if alone and above and not fits(tb) and fits(ta[:-1]) and fits([last, *tb]):
                out[i], out[i + 1] = (a, ta[:-1], True), (b, [last, *tb], True)
                warnings.append(
                    f"t3.{b}: '{last.raw}', alone above its label, is its first value (its own fit no placement, "
                    f"and both rows fit theirs so); confidence {CONF_SLOT}"
                )
        return out

    def _where_rows_fit_none(
        self,
        table: Table,
        assigned: list[tuple[str, list[Token], bool]],
        n: int,
        check: Callable[[list[int | float]], bool],
        unplaced: int = 0,
    ) -> None:
        """Where three rows or more fit no placement or show more values than cells, the text lost or moved
        cells (plain pdftotext printed 表三's total column apart, or a row's cells out of order); so it did
        where it printed a block of rows column by column that could not be put back, or a column's name and
        its values on lines of their own after the labels of several rows (pdfminer: "总⏎计⏎8⏎2", so that
        "一、本年新收…⏎4⏎4" of 自然人 4 and 商业企业 4 was read as one cell 4 and 总计 4). Then:
        表四 is read as a table printed apart from its labels (``printed_apart``); a row of seven values over
        several lines that breaks its sum took another column's ("四、结转下年度继续办理⏎25 511⏎⏎18⏎87⏎…") and
        is not read; a row of fewer values than cells may fit its sum by chance ("3.其他⏎1 1" as 自然人 and
        总计; "5.要求行政机关确认…⏎1⏎0 0 0⏎1", its 总计 2 printed elsewhere): its cells are capped at
        ``CONF_PLACED``, with a warning. So is it where three rows or more went astray, counting those whose
        label is not found (``unplaced``: with the values found in no row): plain pdftotext printed a
        row's values under the next group's first label ("（五）1.信访举报投诉类申请⏎2⏎2", 本机关不掌握's), the
        labels of a wrapped group's rows in pieces the reader did not find, and a row's values under none."""
        moved = table.lost_rows >= 3 or self.columns_moved
        if not moved and table.lost_rows + unplaced < 3:
            return
        if moved:
            self.printed_apart = True
            for r, toks, _ in assigned:
                printed = [t for t in toks if t.text is not None]
                cells = [c for c in table.cells if c.id.startswith(f"t3.{r}.")]
                full = len(printed) == len(cells) == n
                if full and any(self._line_breaks(printed)) and not check([c.value or 0 for c in cells]):
                    table.cells = [c for c in table.cells if c not in cells]
                    table.warnings.append(
                        f"t3.{r}: '{' '.join(t.raw for t in printed)}', over several lines where the text moved cells, "
                        "break the row's sum: whose values they are the text does not say; not read"
                    )
        # where the text moved cells, a row's fields may be off its columns too (markitdown's PDF tables);
        # elsewhere the blank fields a row shows are no blanks dropped
        short = {r for r, toks, _ in assigned if (sum(t.text is not None for t in toks) if moved else len(toks)) < n}
        if capped := _capped(c for c in table.cells if c.id.split(".")[1] in short):
            rows = ", ".join(sorted({c.id.split(".")[1] for c in capped}))
            table.warnings.append(
                f"t3: rows of fewer values than cells ({rows}) fit their sums where the text moved cells: by "
                f"chance, maybe; confidence {CONF_PLACED}"
            )

    def _positions_break_sums(self, assigned: list[tuple[str, list[Token], bool]], order: list[str], row: _Row) -> bool:
        """Whether 表三's delimited cells, read where they stand, break its column sums (rows with no
        value shown as blank). markitdown lays each PDF page's columns out anew from where its words
        start, so a page may print every value a column right of where the page before has them; the
        rows' own sums hold either way. A row that is open alone (its blanks dropped: "7 7") is taken in
        each of its readings: the delimited cells break the sums where no reading of those keeps them
        (markitdown put right-aligned values a field right, under the next column's name)."""
        if not any(t.text is None for _, toks, _ in assigned for t in toks):
            return False  # no blank cell shown: nothing placed by position alone
        scratch: list[str] = []
        shown = {r: self._candidates(toks, row, scratch) for r, toks, _ in assigned}
        fixed = {r for r, (splits, how) in shown.items() if how == "read" and len(splits) == 1}
        unread = {r for r, (splits, how) in shown.items() if how in ("unread", "lost") or not splits}
        rules = self._t3_rules(order, without=unread)  # a row the text does not say checks nothing
        if not fixed or not rules.equations:
            return False
        blank = Split(tuple(SplitCell("", 0, -1, -1, blank=True) for _ in range(row.n)), 1.0)
        cands = [shown[r][0] if r in shown and r not in unread else [blank] for r in order]
        try:
            return not solve_table(cands, [row.n] * len(order), table_check=rules, beam=1)
        except SplitLimitExceeded:
            return False

    def _placed_by_sums(
        self,
        assigned: list[tuple[str, list[Token], bool]],
        order: list[str],
        row: _Row,
        xorder: XOrder,
        warnings: list[str],
        fields: bool = False,
    ) -> tuple[list[tuple[str, list[Token], bool]], dict[str, list[tuple[Token | None, float]]]]:
        """The rows with their blank fields dropped, and the reading of them the sums settle ({} if none);
        ``row`` reads whole values, no column taken from where a field stands. fields: the table's header
        names the form's columns, field by field: a row printed in all its fields then keeps where its
        values stand, if the sums hold so (pymupdf4llm printed a page's rows field by field and the next
        page's values of a row in one field, "|3<br>3<br>3<br>9|")."""
        dropped = [(r, [t for t in toks if t.text is not None], slot) for r, toks, slot in assigned]
        # rows with no value shown are blank: the sums, holding over every row, check that too
        empty: list[tuple[str, list[Token], bool]] = [
            (r, [], False) for r in order if not any(toks for k, toks, _ in dropped if k == r)
        ]
        dropped = [a for a in dropped if a[1]]
        kept = self._in_their_fields(assigned, row) if fields else {}
        solved = kept and self._solve_t3_jointly(dropped + empty, order, row, warnings, kept, xorder)
        return dropped, solved or self._solve_t3_jointly(dropped + empty, order, row, warnings, {}, xorder)

    def _in_their_fields(
        self, assigned: list[tuple[str, list[Token], bool]], row: _Row
    ) -> dict[str, frozenset[tuple[object, ...]]]:
        """The reading (as ``_Row.keep`` holds it) of each row printed in one field a cell: its n fields on
        one line, each with one value or none."""
        out: dict[str, frozenset[tuple[object, ...]]] = {}
        for r, toks, _ in assigned:
            between = [self.text[a.end : b.start] for a, b in pairwise(toks)]
            if (
                len(toks) == row.n
                and all(t.in_cell for t in toks)
                and all(g.count("|") == 1 and "\n" not in g for g in between)
            ):
                out[r] = frozenset({_reading_key(_padded(toks, row.n))})
        return out

    def _fields_joined(self, table: str, start: int, end: int) -> str | None:
        """What shows that a converter joined two of a table's columns in one field of a pipe row: two
        values (``| 29 2 |``) or the words of two columns' names (``| 商业 科研 |``) in one cell; None if
        nothing."""
        names = self.catalog.column_labels[table]
        for line in self.text[start:end].splitlines():
            if "|" not in line:
                continue
            for cell in _pipe_fields(line):
                words = cell.split()
                if len(words) >= 2 and all(NUM.fullmatch(w) for w in words):
                    return f"a cell holds two values ('{cell.strip()}')"
                named = [{i for i, nm in enumerate(names) if normalize_label(w) in nm} for w in words]
                if len(words) >= 2 and all(named) and len(set().union(*named)) >= 2 and not set.intersection(*named):
                    return f"a cell holds the names of two columns ('{cell.strip()}')"
        return None

    def _fields_renamed(self, table: str, start: int, end: int) -> str | None:
        """What shows that a pipe header's fields are not the form's columns: one field of header rows of
        one width names two columns (markitdown's PDF tables printed 自然 and, a row further, 商业 in one
        field, and a row's values in fields counted from its label); None if nothing. A row that holds a
        piece of a name over several columns that no column's name holds names no column: its pieces are
        cut anyhow (pymupdf4llm's "|申<br>法|请人情况<br>人或其他组|织|": 法 and 织 of 法人或其他组织)."""
        names = self.catalog.column_labels[table]
        groups = self.catalog.tables[table].header_groups
        seen: dict[tuple[int, int], tuple[str, set[int]]] = {}
        for line in self.text[start:end].splitlines():
            if "|" not in line or _RULE.fullmatch(line):
                continue
            fields = [[(w, normalize_label(w)) for w in cell.split()] for cell in _pipe_fields(line)]
            if any(any(w in g for g in groups) and not any(w in nm for nm in names) for f in fields for _, w in f):
                continue  # a row of the names over several columns
            for i, cell in enumerate(fields):
                for w, word in cell:
                    named = {k for k, nm in enumerate(names) if word in nm}
                    if not named:
                        continue
                    first, before = seen.setdefault((len(fields), i), (w, named))
                    if not before & named:
                        return f"one field of its header names two columns ('{first}', '{w}')"
                    seen[(len(fields), i)] = (first, before & named)
        return None

    def _empty_rows(self, order: list[str], seen: set[str], filled: set[str], start: int, end: int) -> set[str]:
        """Rows of 表三 printed with no value: their label came with none, or is a line of the region
        of its own, with no digit (a tagger may leave a label with nothing after it untagged: "3.其他")."""
        spec = self.catalog.tables["t3"]
        lines = {normalize_label(without_list_prefix(line)) for line in self.text[start:end].splitlines()}
        lines = {line for line in lines if line and not re.search(r"\d", line)}
        out = set()
        for key in order:
            aliases = {normalize_label(a) for a in spec.row(key).aliases}
            if key not in filled and (key in seen or aliases & lines):
                out.add(key)
        return out

    def _x_narrowed(
        self, assigned: list[tuple[str, list[Token], bool]], row: _Row, xorder: XOrder
    ) -> dict[str, frozenset[tuple[object, ...]]]:
        """Each row's readings that keep the order in which the text starts its pieces
        (``service.xorder``), where the text keeps it; ``{}`` where no reading of some row does."""
        scratch: list[str] = []
        cands = {r: self._candidates(toks, row, scratch)[0] for r, toks, _ in assigned}
        cands = {r: c for r, c in cands.items() if c}
        pruned = xorder.prune(list(cands.values()))
        if pruned is None:
            return {}
        return {r: frozenset(map(_reading_key, c)) for r, c in zip(cands, pruned)}

    def _solve_t3_jointly(
        self,
        assigned: list[tuple[str, list[Token], bool]],
        order: list[str],
        row: _Row,
        warnings: list[str],
        keep: dict[str, frozenset[tuple[object, ...]]],
        xorder: XOrder,
    ) -> dict[str, list[tuple[Token | None, float]]]:
        """表三 whose rows are open alone (glued runs, dropped blanks): the column rules (t3.balance,
        t3.results_sum) often fix them. Returns the rows so read, a cell certain only where every
        consistent table agrees; the rest are read row by row.

        Where dropped blanks stay open, the sums often cannot tell a table from the same table shifted
        a column right. No column is assumed filled: the synthetic reports have 表三 whose 自然人 column
        is empty all the way down, and placing by that assumption gave wrong values there.
        """
        rows = {r: toks for r, toks, _ in assigned}
        if set(order) - set(rows) or all(len(toks) >= row.n and not self._one_a_line(toks) for toks in rows.values()):
            return {}  # every row's cells are there: nothing the sums could add
        cands, joined, placed, notes = [], set(), set(), []
        for r in order:
            scratch: list[str] = []  # row-by-row warnings are given by the row reader if this fails
            splits, how = self._candidates(rows[r], replace(row, keep=keep.get(r), where=f"t3.{r}"), scratch)
            if how == "unread" or not splits:
                return {}
            cands.append(splits)
            joined |= {r} if how == "joined" else set()
            if how == "placed":  # a guess of the row's own (two cells run together, an order turned): said
                placed.add(r)
                notes += scratch
        rules = self._t3_rules(order)
        beam = 256
        try:
            combos = solve_table(cands, [row.n] * len(order), table_check=rules, beam=beam)
        except SplitLimitExceeded:
            return {}
        if keep:
            combos = [c for c in combos if xorder.consistent(c)]
        if not combos or (len(combos) >= beam and row.whole):
            return {}
        if len(combos) == 1:
            warnings += notes
            return {
                r: [(_token_of(c, rows[r]), CONF_PLACED if r in placed else CONF_SOLVED) for c in split.cells]
                for r, split in zip(order, combos[0])
            }
        if not row.whole:
            return {}
        warnings += notes
        out = {}
        for i, r in enumerate(order):
            # the row's own readings, once each, so that the warning names them
            readings = _distinct(combo[i] for combo in combos)
            out[r] = _agreed(readings, True, rows[r], f"t3.{r}", warnings, guess=r not in joined)
        return out

    def _t3_rules(self, order: list[str], without: Collection[str] = ()) -> ColumnRules:
        """表三's column rules (t3.balance, t3.results_sum) over the rows of ``order``, but those that hold a
        row of ``without``."""
        idx = {r: i for i, r in enumerate(order)}
        return ColumnRules(
            tuple(
                ColumnEquation.parts_equal_total(
                    [idx[r] for r in rule.left if r in idx], [idx[r] for r in rule.right if r in idx], name=rule.id
                )
                for rule in self.catalog.rules.values()
                if rule.table == "t3" and rule.per == "column" and not set(without) & {*rule.left, *rule.right}
            )
        )

    # -- 表四 ------------------------------------------------------------------------------------
    def _read_t4(self, start: int, end: int) -> Table:
        events, rendering = self.grid.events(start, end, lambda s: None)
        table = Table("t4", None, rendering, start, end)
        spec = self.catalog.tables["t4"]
        # a row of blank cells says nothing here, but for a block's five beside delimited rows of values
        # (markdown prints each block as a table)
        block = len(spec.columns)
        groups = [ev.tokens for ev in events if ev.tokens and (not ev.blank_row or len(ev.tokens) == block)]
        # its cells stand under its header: values between its title and the first block's name are
        # another table's (plain pdftotext printed 表三's last columns there, before 行政复议)
        names = "|".join(re.escape(a) for r in spec.rows for a in r.aliases + tuple(spec.header_groups))
        title_end = start + max(map(len, spec.title_aliases))  # the title names 行政复议 too
        header = re.compile(names).search(self.text, title_end, end)
        under = header.start() if header else start
        # so are values between the blocks' names and the columns' (plain pdftotext printed 表三's last
        # columns between 行政复议 and 行政诉讼, 表四's values after 结果⏎维持…); not values after a
        # column's name (pdfminer prints the table column by column: 结果⏎维持⏎3⏎结果⏎纠正⏎1…)
        names_at = self._columns_line("t4", under, end)
        if any(g[0].start > names_at for g in groups):
            under = max(under, names_at)
        if before := [t.raw for g in groups if g[0].start < under for t in g if t.text is not None]:
            table.warnings.append(
                f"t4: values before its header or its columns' names ('{' '.join(before)}') are not its cells: not read"
            )
        groups = [g for g in groups if g[0].start > under]
        # values in delimited cells are the table's; numbers in free text after them are not, nor is a
        # count with its unit ("…6725元"): the form's cells are bare numbers
        delimited = [g for g in groups if all(t.in_cell for t in g)]
        if not any(t.text is not None for g in delimited for t in g):
            delimited = []  # blank rows alone
        valued = [g for g in groups if any(t.text is not None for t in g)]
        tokens = [t for g in (delimited or valued) for t in g if t.unit is None]
        ids = [f"t4.{b.key}.{c}" for b in spec.rows for c in spec.columns]  # its one row: the three blocks
        if not tokens:
            tokens = self._t4_block_rows(start, end, under)
        whole = self._apart(sum(t.text is not None and not t.in_cell for t in tokens) >= 2)
        check = _row_check(self.catalog, "t4")
        labels = [c["label"] for _ in spec.rows for c in spec.columns.values()]
        columns = self._header_columns(start, tokens[0].start, labels, [tokens]) if whole and tokens else None
        # 表三's values printed under its title are values printed apart from their labels (pdfminer), and
        # so are 表四's where the tool printed 表二's or 表三's so: 表三's last column then ran on into 表四's
        # loose values and made its fifteen cells with them
        apart = bool(before) or self.printed_apart
        row = _Row(len(ids), "t4", check, whole=whole, columns=columns, labels_apart=apart)
        # markitdown's PDF tables: "| 42 7 | | 0 8 | 57 |", or a pipe row of 19 fields for the form's 15
        # cells (a tab row's extra fields are a docx copy's: an empty label cell, a merged cell repeated)
        piped = [g for g in delimited if "|" in self._line_at(g[0].start)]
        if joined := self._fields_joined("t4", start, end) or _fields_counted(piped, len(ids)):
            row = row.by_sums()
            table.warnings.append(_placed_by_sums_warning("t4", joined))
        if self.positions and whole and tokens:  # the blocks' names stand over their five columns
            n = len(spec.columns)
            blocks = [r.key for r in spec.rows]
            spans = [(a, n * i, n * i + n - 1) for i, r in enumerate(spec.rows) for a in r.aliases]
            spans += [
                (name, n * blocks.index(a), n * blocks.index(b) + n - 1) for name, (a, b) in spec.header_groups.items()
            ]
            values = [[(t.start, t.end) for t in tokens if t.text]]
            xorder = XOrder(
                self.text, self.page_breaks, values, (start, tokens[0].start), labels, spans, self.keeps_order
            )
            if xorder.used:
                self.placed = True
                row = replace(row, keep=self._x_narrowed([("t4", tokens, False)], row, xorder).get("t4"))
        named = self._named_otherwise(tokens, under, len(ids)) if not delimited else None
        if named:
            table.warnings.append(
                f"t4: {named}: the values may not stand in the form's order; read so, confidence {CONF_SLOT}"
            )
        for (tok, conf), cid in zip(self._cells_for(tokens, row, table), ids):
            if tok is not None:
                table.cells.append(self._make_cell(cid, tok, conf, "t4", slot=bool(named)))
        return table

    def _blocks_broken(self, tokens: list[Token], check: Callable[[list[int | float]], bool]) -> list[str]:
        """The blocks of 表四 whose sums its values, one for each of its cells, most one a line and in
        pieces among words, break in the text's order, where two blocks or more do; else none. (A report's
        slips may break two: a DOCX's cells one a line, all after the header, are read as they stand.)
        Plain pdftotext printed some of them two a line among the columns' names, in no block's order
        ("结⏎维⏎纠⏎…⏎172 0⏎0⏎0⏎0⏎1⏎0⏎113 58")."""
        rows, n = self.catalog.tables["t4"].rows, len(self.catalog.tables["t4"].columns)
        cells = len(rows) * n
        if (
            len(tokens) != cells
            or not all(t.text for t in tokens)
            or 2 * sum(self._line_breaks(tokens)) <= len(tokens) - 1
            or len(self._pieces(tokens)) < 2
        ):
            return []
        values = _padded(tokens, cells).values
        broken = [r.key for i, r in enumerate(rows) if not check(values[i * n : (i + 1) * n])]
        return broken if len(broken) >= 2 else []

    def _named_otherwise(self, tokens: list[Token], under: int, cells: int) -> str | None:
        """Where 表四's values stand among its columns' names (pdfminer prints it column by column,
        "结果⏎维持⏎3⏎结果⏎纠正⏎1…"), a value printed right after one column's name, not the one the form's
        order gives it (pdfminer printed 结果纠正 and its 0 before 结果维持 and its 14). Values after several
        names, or their pieces ("结果维⏎结果纠⏎…⏎持⏎正⏎…⏎总⏎计⏎1"), say nothing of theirs."""
        if len(tokens) != cells:
            return None
        names = self.catalog.column_labels["t4"]
        prev = under
        for tok, own in zip(tokens, cycle(names)):
            said = normalize_label(self.text[prev : tok.start])
            if said in names and said != own:
                return f"'{tok.raw}' stands after the name {said}, where the form has {own}"
            prev = tok.end
        return None

    def _columns_line(self, table: str, start: int, end: int) -> int:
        """Where the first line of ``table``'s columns' names cut into pieces by a PDF tool ("结果 结果
        其他…", no digit) between ``start`` and ``end`` starts; ``start`` if none (whole names may head
        each of several blocks printed one after another)."""
        names = self.catalog.column_labels[table]
        at = start
        for line in self.text[start:end].splitlines(keepends=True):
            words = line.split()
            if words and not re.search(r"\d", line) and all(any(w in nm for nm in names) for w in words):
                return at if any(w not in names for w in words) else start
            at += len(line)
        return start

    def _t4_block_rows(self, start: int, end: int, under: int) -> list[Token]:
        """表四 printed a block a row, each row labelled with its block's name and delimited by tabs
        (``行政复议⏎结果维持…`` turned on its side): the blocks' cells in the form's order. ``[]`` unless
        each block's row stands once, with a value or blank for each of its columns."""
        spec = self.catalog.tables["t4"]
        events, _ = self.grid.events(
            start,
            end,
            lambda s: r.key if (r := self.catalog.resolve_row("t4", s)) else None,
            _Labels(self.catalog, "t4"),
        )
        rows: dict[str, list[Token]] = {}
        for label, ev in pairwise([Event(start), *events]):
            if ev.tokens is None:
                continue
            if label.row is None or not ev.bound or label.row in rows or label.pos < under:
                return []
            rows[label.row] = ev.tokens
        if set(rows) != {b.key for b in spec.rows} or any(len(v) != len(spec.columns) for v in rows.values()):
            return []
        return [t for b in spec.rows for t in rows[b.key]]

    # -- pre-2019 统计表 -------------------------------------------------------------------------
    def _general_rows(self) -> list[Span]:
        """METRIC spans naming a 统计表 row and followed by its cells (not prose "…528条")."""
        rows = []
        # a table printed column by column (label columns) reads its blocks so too
        blocks = set() if self._label_columns else self._label_blocks()
        for m in self.metrics:
            if not self.catalog.resolve_general_label(self.text[m.start : m.end]):
                continue
            after = self.text[m.end : m.end + 160]
            after = re.sub(r"\([^()]*\)", "", after)  # "(不同渠道和方式公开相同信息计1条)"
            if _BLANK_GENERAL_ROW.match(after):
                # its cells stand in delimited fields, or after its unit (on its line or the next) all blank
                rows.append(m)
                continue
            if m.start in blocks:
                rows.append(m)  # a block of rows printed a column at a time (see ``_in_blocks``)
                continue
            mm = re.match(
                r"[\s|:：]*(?:(条|件|项|个|次|篇|人次|人|万元|元|——)[\s|]*)?(-?\d+(?:\.\d+)?|[/—－-]+(?=[ \t]*\|))",
                after,
            )
            if not mm:
                continue
            if "\n" in after[: mm.start(2)] and re.match(r"\d{1,2}[.、．][^\d\s]", after[mm.start(2) :]):
                continue  # the list marker of the next line ("⏎2.传真申请数"), not a cell
            if _UNITS_COLUMN.match(after, mm.end(2)):
                continue  # a column of units follows: the number heads a column printed after its labels
            unit_before = bool(mm.group(1)) or bool(re.search(r"[|\n\t]", after[: mm.start(2)]))
            tail = after[mm.end(2) : mm.end(2) + 2]
            unit_after = bool(re.match(r"\s?(条|件|项|个|次|篇|人|元|万元|家)", tail))
            if unit_before and not unit_after:
                rows.append(m)
        return rows

    def _label_blocks(self) -> set[int]:
        """The starts of 统计表 labels printed one a line in runs of two to four, each line holding a label
        alone: plain pdftotext prints rows that stand close on the page as one block a column, their
        labels first ("政府公报公开政府信息数⏎政府网站公开政府信息数⏎⏎条⏎条⏎⏎0⏎3460⏎⏎0⏎85376"). Five or more
        are label columns (``_label_columns``)."""
        runs: list[list[Span]] = [[]]
        for m in self.metrics:
            ls = self.text.rfind("\n", 0, m.start) + 1
            alone = self.text[ls : _eol(self.text, m.end)].strip() == self.text[m.start : m.end]
            if not alone or not self.catalog.resolve_general_label(self.text[m.start : m.end]):
                runs.append([])
                continue
            if runs[-1] and self.text.count("\n", runs[-1][-1].end, m.start) != 1:
                runs.append([])
            runs[-1].append(m)
        return {m.start for run in runs if 2 <= len(run) < 5 for m in run}

    @cached_property
    def _label_columns(self) -> list[list[Span]]:
        """统计表 row labels printed one a line with nothing else on it, five or more in a row: the
        label columns of a table that plain ``pdftotext`` printed column by column."""
        runs: list[list[Span]] = [[]]
        for m in self.metrics:
            ls = self.text.rfind("\n", 0, m.start) + 1
            le = self.text.find("\n", m.end)
            alone = without_list_prefix(self.text[ls : le if le >= 0 else None]) == self.text[m.start : m.end]
            if alone and self.catalog.resolve_general_label(self.text[m.start : m.end]):
                if runs[-1] and without_list_prefix(self.text[runs[-1][-1].end : m.start]):
                    runs.append([])
                runs[-1].append(m)
            elif runs[-1]:
                runs.append([])
        return [run for run in runs if len(run) >= 5]

    def _label_missed_beside(self, run: list[Span]) -> bool:
        """Whether the line of words right before or after a label column names a row of the 统计表
        too: a label the tagger did not find, so the column's values would be read a row off."""
        above = self.text[: run[0].start].rstrip().rsplit("\n", 1)[-1]
        below = self.text[run[-1].end :].lstrip().split("\n", 1)[0]
        return any(
            line.strip() and not NUM.search(line) and self.catalog.resolve_general_label(line.strip())
            for line in (above, below)
        )

    def _read_general(self, read: list[tuple[int, int]]) -> Table | None:
        """The 统计表, of its rows outside the form tables ``read`` (表四 printed a block a row names
        行政复议 and 行政诉讼 as the 统计表 does)."""
        rows = [m for m in self._general_rows() if not any(a <= m.start < b for a, b in read)]
        # docx2python prints 表四's merged 行政复议 once for each column it covers: no label column
        label_columns = [run for run in self._label_columns if not any(a <= run[0].start < b for a, b in read)]
        columns = [run for run in label_columns if not rows or run[0].start > rows[-1].start]
        if len(rows) + sum(map(len, columns)) < 3:
            return None
        surplus = None
        if columns:  # the values follow each label column: up to two per label
            # the values one after another, units and headers between them at most, the first one before
            # any sentence: a sentence after the table ("…共受理政府信息公开申请33件") is none of its cells
            after: list[Span] = []
            for num in (n for n in self.numbers if n.start >= columns[-1][-1].end):
                if not (
                    _COLUMN_GAP.fullmatch(self.text, after[-1].end, num.start)
                    if after
                    else not re.search("[。；，]", self.text[columns[-1][-1].end : num.start])
                ):
                    break
                after.append(num)
            nums = after[: 2 * len(columns[-1])]
            following = after[len(nums)] if len(after) > len(nums) else None
            if following:
                # more values run on than the labels have cells: a label the tagger missed; which value
                # belongs to which label is then open, and a shifted column would be confidently wrong
                surplus = f"{len(columns[-1])} labels, then more than {len(nums)} values"
            missed = next((run for run in columns if self._label_missed_beside(run)), None)
            if missed:  # a label the tagger missed next to a column: its values would be read a row off
                surplus = f"a row label next to {self.text[missed[0].start : missed[0].end]}… not found"
            rows += [m for run in columns for m in run]
            start, end = rows[0].start, nums[-1].end if nums else rows[-1].end
            below = self.text[start : min(len(self.text), end + 40)]  # a header printed after its columns
        else:
            start = self._general_header_end(rows[0].start)
            last = rows[-1]
            # the last row's cells follow it with nothing but its unit between ("行政申诉数 条⏎<signature>
            # ⏎…⏎10" is a blank row, and 10 a value of a column printed further down)
            nums = []
            for num in [m for m in self.numbers if m.start >= last.end][:3]:
                if not _CELL_GAP.fullmatch(self.text, nums[-1].end if nums else last.end, num.start):
                    break
                nums.append(num)
            end = nums[0].end if nums else last.end
            # up to its two cells, and a third bare value right after them: more values than the row has
            # cells, other rows' printed after it (plain pdftotext: "举报投诉数量⏎⏎件⏎⏎1⏎⏎3⏎2"), so that it
            # is not read as its first two
            for num in nums[1:]:
                if num.start - end >= 12 or not re.match(r"\s|$", self.text[num.end : num.end + 1]):
                    break
                end = num.end
            line_end = self.text.find("\n", last.end)
            if 0 <= line_end - last.end < 160:  # the last row's cells, blank ones included
                end = max(end, line_end)
            below = self.text[start:end]  # a header printed among the rows (plain pdftotext: after the labels)
        # the header: within 300 characters before the rows, a run of whitespace counted once
        # (pdfplumber's layout text pads every line, blank ones too, to the page's width)
        above = _SPACES.sub(" ", self.text[max(0, start - 6000) : start])[-300:]
        periods = ["year", "cumulative"] if "历年累计" in normalize_label(above + below) else ["year"]
        order = [g.id for g in self.catalog.general]
        row_starts = {m.start for m in rows}
        last_index = [-1]

        def resolve(label: str) -> str | None:
            cands = self.catalog.resolve_general_label(label)
            if not cands:
                return None
            later = [g for g in cands if self.catalog.general_index(g.id) > last_index[0]]
            g = (later or cands)[0]
            last_index[0] = self.catalog.general_index(g.id)
            return g.id

        events, rendering = self.grid.events(start, end, resolve)
        # keep only labels that really head a table row (not a word inside another cell), or open a line whose
        # values follow them (pypdf's layout text: " 同意部分公开答   件   4   4⏎    复数", the piece no row's start)
        events = [
            ev
            for k, ev in enumerate(events)
            if ev.row is None or ev.pos in row_starts or ev.joined or self._opens_row_line(ev, events[k + 1 : k + 2])
        ]
        table = Table("general", "pre2019", rendering, start, end)
        for run in label_columns:
            if run not in columns:  # rows with their cells follow: these labels' values are elsewhere
                table.warnings.append(
                    f"general: {len(run)} row labels printed one a line ({self.text[run[0].start : run[0].end]}…), "
                    "their values not beside them: not read"
                )
        if surplus is not None:
            table.warnings.append(f"general: the table is printed column by column ({surplus}); not read")
            return table
        n = len(periods)
        # a column printed after its labels is put back only where every row's 历年累计 is at least its 本年数:
        # pdfminer orders a column's first cells before the other column's ("425⏎7⏎418⏎1516⏎7⏎1509⏎0…"), and
        # nothing else in the text tells that order from a column's
        keeps_order = (lambda v: v[1] >= v[0]) if n == 2 else None
        assigned = self._assign(
            events, order, n, table.warnings, row_check=keeps_order, named_around=self._general_named_around
        )
        whole = _separated(self.text, ((toks, n) for _, toks, _ in assigned))
        # markitdown's PDF tables: 本年数's 0 in a nameless field before 历年累计's was read as 历年累计's
        off = self._pipe_fields_off(start, _lines_back(self.text, self.text.rfind("\n", 0, start) + 1, 3), False)
        # 历年累计 is at least 本年数, when it is given: where the text dropped a blank (0 to the rules), or
        # its fields are off its columns, a blank 历年累计 is as likely as a blank 本年数
        check = (lambda v: v[1] >= v[0] or ((whole or off) and v[1] == 0)) if n == 2 else None
        keep = self._fields_down_the_table(assigned) if off and n == 2 and self.positions else {}
        if n == 2 and whole and not off and self.positions:
            keep |= self._columns_of_neighbours(assigned)
        self.placed |= bool(keep)
        # rows that show more values than cells, or labels whose values could not be put back in rows: the
        # text moved values between rows (plain pdftotext printed rows' values after the next rows' labels),
        # and a row's values on lines of their own may be another row's
        many = sum(len([t for t in toks if t.text is not None]) > n for _, toks, _ in assigned)
        moved = many >= 2 or self.columns_moved or (not columns and self._short_unit_block(start, end, n))
        apart = {gid for gid, toks, _ in assigned if not self._on_label_line(toks)}
        # a row printed bare, its label and unit and nothing after them on their line: the text drops blanks
        bare = any(
            _BARE_ROW.fullmatch(self.text, m.end, _eol(self.text, m.end)) for m in rows if start <= m.start < end
        )
        for gid, tokens, slot in assigned:
            g = next(x for x in self.catalog.general if x.id == gid)
            unit = _unit_before(self.text, tokens[0].start) if tokens else None
            if not g.fits_unit(unit):  # another row's cells, paired with this label by the layout
                values = " ".join(t.raw for t in tokens if t.text)
                table.warnings.append(
                    f"general: {g.label}: its values '{values}' follow the unit {unit}, not one it is counted in "
                    f"({g.unit}): not read"
                )
                continue
            spec_row = _Row(
                n, gid, check, whole=whole or off, fields_are_columns=not off, keep=keep.get(gid), sums=False,
                blanks_dropped=bare,
            )  # fmt: skip
            for (tok, conf), period in zip(self._cells_for(tokens, spec_row, table), periods):
                if tok is None:
                    continue
                cell = self._make_cell(gid, tok, conf, "general", period, slot)
                if cell.value is not None and g.unit == "万元":
                    cell.value = to_unit(cell.value, tok.unit or g.unit, "万元")
                table.cells.append(cell)
        if capped := _capped(c for c in table.cells if moved and c.id in apart):
            ids = ", ".join(dict.fromkeys(c.id for c in capped))
            table.warnings.append(
                f"general: rows show more values than cells, values not put back in rows, or a block of rows' "
                f"units with fewer values than cells, so the text moved "
                f"values between rows: the values of {ids} stand on lines of their own and may be another "
                f"row's; confidence {CONF_PLACED}"
            )
        return table

    def _opens_row_line(self, label: Event, after: list[Event]) -> bool:
        """Whether the label opens its line and the values bound to a row right after it stand on that line."""
        line = self.text.rfind("\n", 0, label.pos) + 1
        values = after[0] if after else None
        return (
            not self.text[line : label.pos].strip()
            and values is not None
            and values.row is None
            and values.bound
            and bool(values.tokens)
            and "\n" not in self.text[label.pos : values.pos]
        )

    def _short_unit_block(self, start: int, end: int, n: int) -> bool:
        """Whether the 统计表 prints the units of several rows together, then fewer values than those rows
        have cells: a block of rows printed a column at a time whose blank cells were dropped, so the values
        left stand in no known row, and those after it may be moved too (plain pdftotext:
        "政务微博公开政府信息⏎数⏎条⏎条⏎条⏎428⏎政务微信…", 网站's 428 after 微博's row, 微信's 196 after the
        page's last row)."""
        for m in _UNIT_BLOCK.finditer(self.text, start, end):
            units = len(re.findall(UNIT_ALTERNATION, self.text[m.start() : m.start(1)]))
            if len(m.group(1).split()) < units * n:
                return True
        return False

    def _general_header_end(self, first: int) -> int:
        """Where a 统计表's rows begin: right after its header ("指标名称 计量单位 本年数 历年累计") where only
        pieces of labels and lines of a unit and values stand between it and ``first``, the first row found
        (pdfplumber of a narrow label column: "主动公开政府信⏎条 1111 17429⏎息数", a label no alias names
        whole); else ``first``."""
        at = self.text.rfind("\n", 0, first) + 1
        for _ in range(12):
            if at == 0:
                break
            ls = self.text.rfind("\n", 0, at - 1) + 1
            line = normalize_label(self.text[ls : at - 1])
            if _CLAUSE_MARKS.search(line) or len(line) > 24:
                break  # prose, or a title: no header right above the rows
            if "单位" in line and any(w in line for w in ("本年", "统计数", "累计")):
                return at
            at = ls
        return first

    def _general_named_around(self, pos: int) -> str | None:
        """The 统计表 row that the words on the lines right above and below a markdown row with no label
        name, put together or the line above alone (markitdown's PDF tables print a wrapped label's
        pieces around its row's cells: "政府网站公开政府信⏎| | 条 | | 275 | 2659 |⏎|---|…⏎息数"); its rows
        differ by province, so the catalog's order says nothing of whose row it is."""
        ls = self.text.rfind("\n", 0, pos) + 1
        above = self._line_at(ls - 1) if ls else ""
        below = ""
        for line in self.text[_eol(self.text, pos) + 1 :].split("\n", 3)[:3]:
            if not _RULE.fullmatch(line):
                below = line
                break
        for words in (above + below, above):
            if "|" in words or not words.strip():
                continue
            named = {g.id for g in self.catalog.resolve_general_label(words.strip(), cutoff=1.0)}
            if len(named) == 1:
                return named.pop()
        return None

    def _fields_down_the_table(
        self, assigned: list[tuple[str, list[Token], bool]]
    ) -> dict[str, frozenset[tuple[object, ...]]]:
        """The reading of each 统计表 row with one value whose field, counted from the row's end, is where
        every other row of its pipe table with both values has 本年数's or 历年累计's: markitdown's fields
        stand off their header's names (its columns come from where words start on the page) but keep a
        column down one table (本年数's 4 alone in the field of the 本年数 above and below it)."""
        blocks: dict[int, list[tuple[str, list[Token], list[int]]]] = {}
        for gid, tokens, _ in assigned:
            if not tokens or not all(t.in_cell for t in tokens):
                continue
            at = [len(tokens) - 1 - i for i, t in enumerate(tokens) if t.text is not None]
            blocks.setdefault(self._pipe_block(tokens[0].start), []).append((gid, tokens, at))
        out = {}
        for rows in blocks.values():
            both = {tuple(at) for _, _, at in rows if len(at) == 2}
            if len(both) != 1 or sum(len(at) == 2 for _, _, at in rows) < 2:
                continue
            fields = both.pop()
            for gid, tokens, at in rows:
                if len(at) == 1 and at[0] in fields:
                    value = next(t for t in tokens if t.text is not None)
                    period = fields.index(at[0])
                    out[gid] = _alone_in(value, period)
        return out

    def _columns_of_neighbours(
        self, assigned: list[tuple[str, list[Token], bool]]
    ) -> dict[str, frozenset[tuple[object, ...]]]:
        """The reading of each 统计表 row with one value, in a text that keeps x, whose value stands under
        one column of the rows with both values right above and right below it, or, where the text marks
        its pages, of two or more such rows on its page, where those rows put each column at one place:
        ``pdftotext -layout`` printed "政府公报公开政府信息数 条 [blank] 7" between "1853 5395" and "1713
        5017", the 7 under 5395. The rows must agree, and share the value's page: a text with no page
        marks shifts a page's columns (pypdf's layout mode printed a second page's 历年累计 where the
        first page's 本年数 stood), so there the rows on both sides stand for the page. Every value must
        start a piece of the line (two spaces or more before it): values one space apart keep no x."""
        values = [[t for t in toks if t.text is not None] for _, toks, _ in assigned]
        full = [i for i, vals in enumerate(values) if len(vals) == 2 and not self._line_breaks(vals)[0]]
        out = {}
        for i, vals in enumerate(values):
            if len(vals) != 1 or _one_space_before(self.text, vals[0].start):
                continue  # values one space apart keep no x (pdfplumber parts every value so)
            above, below = [j for j in full if j < i][-1:], [j for j in full if j > i][:1]
            page = self._page(vals[0].start)
            on_page = [j for j in full if self._page(values[j][0].start) == page] if self.page_breaks else []
            x = self.grid.x(vals[0].start, vals[0].end)
            for refs in ([*above, *below] if above and below else [], on_page):
                if len(refs) < 2 or any(_one_space_before(self.text, t.start) for j in refs for t in values[j]):
                    continue
                cols = [[self.grid.x(t.start, t.end) for t in values[j]] for j in refs]
                if any(max(c) - min(c) > 1.5 for c in zip(*cols)):
                    continue  # the rows do not agree where the columns stand
                near = [abs(x - c) for c in cols[0]]
                if min(near) <= 2 and max(near) >= 4:
                    out[assigned[i][0]] = _alone_in(vals[0], near.index(min(near)))
                    break
        return out

    def _lone_pipe_row(self, tokens: list[Token]) -> bool:
        """Whether the row's fields, with no word, are a markdown table of their own of that one row: where
        no other row of the table stands in fields, a converter that made a table of one line of a PDF gave
        it fields of that line's own (markitdown: "|  |  | 4 | 2 |  |  | 6 |" under 结转下年度继续's label,
        the label outside the table, 4 and 2 自然人's and 商业企业's), not the form's columns."""
        if not tokens or not all(t.in_cell for t in tokens):
            return False
        at, rows = self._pipe_block(tokens[0].start), []
        while at < len(self.text) and self.text[at:].lstrip(" ").startswith("|"):
            end = _eol(self.text, at)
            if not _RULE.fullmatch(self.text, at, end):
                rows.append(self.text[at:end])
            at = end + 1
        return len(rows) == 1 and not HAN.search(rows[0])

    def _pipe_block(self, pos: int) -> int:
        """Where the run of pipe lines that holds ``pos`` starts: one markdown table."""
        line = self.text.rfind("\n", 0, pos) + 1
        while line > 0:
            before = self.text.rfind("\n", 0, line - 1) + 1
            if not self.text[before:line].lstrip().startswith("|"):
                break
            line = before
        return line

    def _year_template(self) -> str:
        return "2021" if self.catalog.template_for_year(self.year) in ("2021", None) else "2019"


def _place_blank_rows(events: list[Event], order: list[str], warnings: list[str] | None) -> list[Event]:
    """Where rows of blanks with no label of their own are: between two labelled rows, the labels
    and unlabelled rows printed apart ("1.属于国家秘密⏎2.其他法律行政法规禁止公开⏎| | |⏎| 5 | 5 |").
    As many labels as rows, labels first: each row is its label's, in order. In a markdown table
    whose rows there fill exactly the form's rows between the two labelled ones: they
    are those rows, in the form's order (placed as its unlabelled rows are); with any other count,
    which rows they are is not in the text, and they are not read (warned). Elsewhere a row of
    blanks says nothing and is left out, as before."""

    def anchored(i: int) -> bool:  # a label with its values on its line
        return events[i].row is not None and i + 1 < len(events) and events[i + 1].bound

    out: list[Event] = []
    i = 0
    while i < len(events):
        if anchored(i) or events[i].bound:
            out.append(events[i])
            i += 1
            continue
        j = i
        while j < len(events) and not anchored(j) and not events[j].bound:
            j += 1
        run, i = events[i:j], j
        labels = [ev for ev in run if ev.row is not None]
        rows = [ev for ev in run if ev.tokens is not None]
        open_rows = any(ev.blank_row for ev in rows) and not any(ev.orphan for ev in rows)
        if open_rows and labels and len(labels) == len(rows) and run[: len(labels)] == labels:
            for label, row in zip(labels, rows):
                out += [label, replace(row, bound=True)]
        elif not (open_rows and all(ev.markdown for ev in rows)):
            out += [ev for ev in run if not ev.blank_row]
        else:  # the form's rows between the labelled rows before and after the run
            before = next((ev.row for ev in reversed(out) if ev.row in order), None)
            after = events[j].row if j < len(events) and events[j].row in order else None
            gap = order[order.index(before) + 1 if before else 0 : order.index(after) if after else len(order)]
            if len(gap) == len(rows) and {ev.row for ev in labels} <= set(gap):
                out += rows
                continue
            if warnings is not None and any(not ev.blank_row for ev in rows):
                warnings.append(
                    f"{len(rows)} rows printed apart from their labels ({len(labels)} labels, {len(gap)} rows "
                    "of the form between the labelled ones): which rows they are the text does not say; not read"
                )
            out += labels
    return out


def _values_before_labels(merged: list[Event], i: int, width: int | None) -> str | None:
    """The row of the next label when the values at ``merged[i]``, on lines of their own after a bare
    label, may be its, printed before it: the label's own line is preceded by values no row took (an
    orphan group, or more than one row's), and the next label's line has no values either.
    Plain ``pdftotext`` prints the rows of a merged group cell ("（四）无法提供") so, values first."""
    label = next((k for k in range(i - 1, -1, -1) if merged[k].row is not None), None)
    nxt = next((k for k in range(i + 1, len(merged)) if merged[k].row is not None), None)
    if not label or nxt is None or (nxt + 1 < len(merged) and merged[nxt + 1].bound):
        return None
    before = merged[label - 1].tokens
    if before is None:
        return None
    # empty paragraphs past a row's cells are the next row's merged label cells (docx2txt), no values
    more = bool(width) and any(not t.paragraph for t in before[width:])
    if not (merged[label - 1].orphan or more):
        return None
    return merged[nxt].row


def _label_after_other_text(text: str, merged: list[Event], i: int, drawn: bool) -> str | None:
    """The row of the next label when it stands, with no values after it on its line, after the first
    piece of a merged group cell ("（四）无法 1.本机关…"), or after any piece where the values before were
    so drawn already ("提供 2.没有现成…"): plain ``pdftotext`` joins a group cell's wrapped text with the
    labels of the rows beside it, and may print such lines after their rows' values. A later piece
    alone says nothing ("度办理结 （二）部分公开…" printed after 予以公开's values), nor do values inside
    their own label's lines (a wrapped piece of it after them)."""
    nxt = next((k for k in range(i + 1, len(merged)) if merged[k].row is not None), None)
    tokens = merged[i].tokens
    if nxt is None or (nxt + 1 < len(merged) and merged[nxt + 1].bound) or not tokens:
        return None
    line_start = text.rfind("\n", 0, merged[nxt].pos) + 1
    if text[tokens[-1].end : line_start].strip():
        return None
    piece = _AFTER_OTHER_TEXT.match(text, line_start, merged[nxt].end)
    return merged[nxt].row if piece and (drawn or _GROUP_MARK.match(piece.group(1))) else None


def _ordered_columns(xs: Sequence[float], values: Sequence[float], near: float) -> list[int] | None:
    """The columns, one a value and in the values' order, nearest the values (summed), each within ``near``
    of its value; ``None`` if there are none. A value halfway between two columns goes where the values
    around it leave room (pdfplumber's layout text put 表四's 复议后起诉 结果维持 value 2.5 columns from
    its own header and from 未经复议直接起诉 总计's, whose value stood right before it)."""
    best: dict[int, tuple[float, list[int]]] = {-1: (0.0, [])}  # the last column taken -> cost, columns
    for v in values:
        nxt: dict[int, tuple[float, list[int]]] = {}
        for last, (cost, cols) in best.items():
            for i in range(last + 1, len(xs)):
                d = abs(xs[i] - v)
                if d <= near and (i not in nxt or cost + d < nxt[i][0]):
                    nxt[i] = (cost + d, [*cols, i])
        if not nxt:
            return None
        best = nxt
    return min(best.values())[1]


def _in_order(rows: Sequence[str], order: Sequence[str]) -> bool:
    """Whether ``rows`` are a run of the form's rows, one after another in its ``order``."""
    at = order.index(rows[0]) if rows and rows[0] in order else -1
    return at >= 0 and list(order[at : at + len(rows)]) == list(rows)


def _fields_counted(rows: Sequence[Sequence[Token]], cells: int) -> str | None:
    """What shows that pipe rows' fields are not a table's cells: more or fewer of them than the form
    has cells (markitdown laid 表四's fifteen out in nineteen, its values under no column's name)."""
    fields = sum(map(len, rows))
    return f"{fields} fields for its {cells} cells" if rows and fields != cells else None


def _placed_by_sums_warning(table: str, why: str) -> str:
    return (
        f"{table}: its fields are not the form's columns ({why}: a converter laid a page's columns out anew): "
        "its values are placed by the sums"
    )


def _separated(text: str, rows: Iterable[tuple[list[Token], int]]) -> bool:
    """Whether the table's values stand apart in the text: more of its rows of several cells show
    several numbers with space between than show one run glued to its label, or no row is glued and
    some show a lone number with space before it. Then every number is a whole cell and only blanks
    can be missing. Crawler text that glued the cells shows one run a row touching its label (a stray
    space does not count); a lone spaced number alone does not outweigh glued rows (the tool may have
    dropped that row's blanks), but where nothing is glued, cutting it would be a guess."""
    counts = [
        (sum(t.text is not None and not t.in_cell for t in toks), text[toks[0].start - 1 : toks[0].start].isspace())
        for toks, n in rows
        if n > 1 and toks
    ]
    glued = sum(c == 1 and not spaced for c, spaced in counts)
    lone = sum(c == 1 and spaced for c, spaced in counts)
    return sum(c >= 2 for c, _ in counts) > glued or (not glued and lone > 0)


#: a number as a form's cell prints it whole: no leading zero ("000" is zeros run together)
_WHOLE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
#: a row's label after another cell's text on its line: "（四）无法 1.本机关不掌握…", "公开 2.其他…"
_AFTER_OTHER_TEXT = re.compile(r"\s*([^\s\d]\S*)\s+(?:\d+[.．、]|[（(][一二三四五六七八九十]+[）)])")
#: the first piece of a group cell: its number
_GROUP_MARK = re.compile(r"[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、")

_LINES_APART = "on lines of their own: whose values they are the text does not say"

#: three lines or more that each hold a unit alone: a 统计表's unit column
_UNITS_COLUMN = re.compile(rf"(?:\s*\n[ \t]*(?:{UNIT_ALTERNATION})[ \t]*(?=\n)){{3}}")

#: a markdown table's rule line ("| --- | :-: |")
_RULE = re.compile(r"[\s|:-]*")


def _fields_off_columns(header: str, surplus: bool, rows: Sequence[str] = ()) -> bool:
    """Whether a sub-table's pipe fields may stand off the form's columns: its pipe header leaves a
    column nameless between named ones (``| 信息内容 | 上一年项目数量 | | 本年增/减 | |``), a row holds a
    value under no name (``| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 | |`` over ``| 行政规范性文件 |
    | 0 | 5 | 5 |``), or its rows show more fields than the form has cells (``surplus``) and no pipe
    header names them. markitdown's PDF tables take their columns from where words start on the page,
    and put a value under its neighbour's name (本年增/减's 3 under 上一年项目数量; 0 | 5 | 5 read as blank,
    0 and 5), or print the header as words off its columns."""
    lines = [line for line in header.splitlines() if re.search(r"[|\t]", line) and not _RULE.fullmatch(line)]
    if not lines:
        return surplus
    named = ["".join("x" if c.strip() else "_" for c in _pipe_fields(line)) for line in lines]
    if any(re.search(r"x_+x", n) for n in named):
        return True
    names = {i for n in named for i, c in enumerate(n) if c == "x"}
    return any(i not in names and NUM.search(f) for row in rows for i, f in enumerate(_pipe_fields(row)))


def _pipe_fields(line: str) -> list[str]:
    """The fields of a pipe (or tab) row, its edge pipes dropped."""
    return re.split(r"[|\t]", line.strip().strip("|"))


def _last_words(line: str) -> str:
    """The last cell of words on a line of a markdown table, or the last words of a line of words
    (a parent's and a child's label pieces side by side: "（三）不予 方合法权益"), where no cell holds a
    number ("" where one does: a row of values is no piece of a label)."""
    cells = [c.strip() for c in line.split("|") if c.strip()]
    if any(NUM.fullmatch(c) for c in cells) or not cells:
        return ""
    return cells[-1] if "|" in line else cells[-1].split()[-1]


def _squeezed(s: str) -> int:
    """A text's length with each run of whitespace one character: pandoc pads a markdown table's cells
    to the widest, so a row's cells stand hundreds of spaces apart."""
    return len(_SPACES.sub(" ", s))


def _one_char_lines(text: str, pos: int, words: int = 6) -> bool:
    """Whether ``pos`` starts a line and the nearest lines of words before it hold one character each
    but for one in six: a label printed down the page ("予⏎以公⏎开"). Lines of digits or units do
    not count: a column of values or units printed one a line is not one."""
    *before, own = text[max(0, pos - 400) : pos].split("\n")
    near = [w for line in reversed(before) if (w := line.strip()) and not w.isdigit() and w not in UNIT_WORDS]
    near = near[:words]
    return not own.strip() and len(near) == words and sum(len(w) == 1 for w in near) >= words - 1


def _one_space_before(text: str, pos: int) -> bool:
    return text[pos - 1 : pos] == " " and text[pos - 2 : pos - 1] not in (" ", "")


def _one_run(tokens: list[Token], n: int, check: Callable[[list[int | float]], bool] | None) -> list[Split]:
    """The readings of digits printed one a line as one glued run, each cell's offsets those of its
    first and last digit in the text. A 统计表's two cells have no sum: there the run may also be one
    number beside a blank (3⏎0: 3 | 0, 30 | _ or _ | 30; 0⏎1⏎3 only 0 | 13). Where no cut into every
    cell keeps the row's sum, the zero cells were left blank too: cuts into fewer numbers, placed."""
    at = [t.start for t in tokens]
    base = at[0]
    run = [("".join(t.raw for t in tokens), base)]
    splits = solve_row(run, n, check=check)
    if n == 2 and solve_row(run, 1):
        splits += placements(run, n)
    elif not splits and check is not None:
        # its zero cells left blank too ("2⏎2" of seven cells): the run cut into fewer numbers, each
        # a whole cell, the row's sum deciding; as many readings as a row's placements at most (表四's
        # fifteen cells, its zeros blank, printed a digit a line: minutes of cutting and placing)
        sizes = range(2, min(n, len(tokens) + 1))
        ways = sum(count_splits(run, k) * math.comb(n, k) for k in sizes)
        if ways > MAX_SPLITS:
            raise SplitLimitExceeded("cuts placed", ways, MAX_SPLITS)
        for k in sizes:
            for cut in solve_row(run, k):
                splits += placements([(c.text, c.start) for c in cut.cells], n, check=check)

    def placed(c: SplitCell) -> SplitCell:
        return c if c.blank else replace(c, start=at[c.start - base], end=at[c.end - 1 - base] + 1)

    return [replace(s, cells=tuple(map(placed, s.cells))) for s in splits]


def _capped(cells: Iterable[Cell]) -> list[Cell]:
    """The cells above ``CONF_PLACED``, lowered to it: the ones a table's warning names."""
    capped = [c for c in cells if c.confidence > CONF_PLACED]
    for c in capped:
        c.confidence = CONF_PLACED
    return capped


def _cap_cut(table: Table) -> None:
    """A number read whole from two cells a converter cut it into at its decimal point (its evidence
    spans the cell edge) is a reconstruction: ``CONF_PLACED`` at most, and a warning."""
    cut = [c for c in table.cells if "|" in c.raw]
    for c in cut:
        c.confidence = min(c.confidence, CONF_PLACED)
    if cut:
        shown = ", ".join(f"{c.id} {c.raw!r}" for c in cut)
        table.warnings.append(
            f"{table.key}: {shown}: a number the text cuts at its decimal point into two cells, read whole: "
            f"confidence {CONF_PLACED}"
        )


def _reading_key(s: Split) -> tuple[object, ...]:
    """What tells one reading of a row from another: its cells' values and where they were printed (a
    blank cell is blank wherever the text shows it)."""
    return tuple((True, 0, -1) if c.blank else (False, c.value, c.start) for c in s.cells)


def _alone_in(value: Token, period: int) -> frozenset[tuple[object, ...]]:
    """The reading (as ``_Row.keep`` holds it) of a 统计表 row whose one value is in ``period``, the other blank."""
    reading = next(s for s in placements([(value.text or "", value.start)], 2) if not s.cells[period].blank)
    return frozenset({_reading_key(reading)})


def _distinct(splits: Iterable[Split]) -> list[Split]:
    """The readings once each, in order (a row's reading recurs in many readings of its table)."""
    return list({_reading_key(s): s for s in splits}.values())


def _windows(tokens: list[Token], n: int, lead: bool, copies: bool = False) -> list[Split]:
    """The readings of more fields than n cells as n fields in a row: the fields after them empty or
    copies of a merged last cell (python-docx's fields; ``copies``: the values one a line are such),
    and, where the row starts its line (``lead``: no label before it), the fields before them empty
    (a label cell left blank); readings that give every cell the same value counted once."""
    out: dict[tuple[object, ...], Split] = {}
    for i in range(len(tokens) - n + 1 if lead else 1):
        last = tokens[i + n - 1]
        copied = copies or all(t.in_cell for t in tokens[i + n - 1 :])
        if all(t.text is None for t in tokens[:i]) and all(
            t.text is None or (copied and t.text == last.text) for t in tokens[i + n :]
        ):
            split = _padded(tokens[i : i + n], n)
            out.setdefault(tuple((c.blank, c.value) for c in split.cells), split)
    return list(out.values())


def _blank_first_line(out: list[tuple[str, list[Token], bool]], row: str, filled: dict[str, int]) -> bool:
    """Whether ``row`` is the last row read and was read from empty cells only."""
    last = [toks for r, toks, _ in out if r == row]
    return bool(last) and filled[row] == max(filled.values()) and all(t.text is None for t in last[-1])


def _moved_right(tokens: list[Token], check: Callable[[list[int | float]], bool]) -> Split | None:
    """A delimited row's cells a cell to the right, where its last field is empty and that keeps the
    row's sum: pandoc's GFM writer prints a label merged over k columns in k-1 cells and pads the row
    at its end (a 表三 row "| 一、本年新收… | | | 2 | | | | 3 | 5 | |" is 商业企业 2, 其他 3, 总计 5),
    which only the sum shows where the column left of the values is blank all the way down."""
    if tokens[-1].text is not None or tokens[-1].raw or not all(t.in_cell or t.text is None for t in tokens):
        return None
    moved = Split((SplitCell("", 0, -1, -1, blank=True), *map(_split_cell, tokens[:-1])), 0.0)
    return moved if check(moved.values) else None


def _padded(tokens: list[Token], n: int) -> Split:
    """The tokens as one reading of n cells; cells the row did not print are blanks it dropped."""
    cells = [_split_cell(t) for t in tokens] + [SplitCell("", 0, -1, -1, blank=True)] * (n - len(tokens))
    return Split(tuple(cells), 0.0)


def _split_cell(t: Token) -> SplitCell:
    if t.text is None:
        return SplitCell("", 0, t.start, t.end, blank=True)
    v = float(t.text)
    return SplitCell(t.text, int(v) if v.is_integer() and "." not in t.text else v, t.start, t.end)


def _token_of(c: SplitCell, tokens: list[Token]) -> Token | None:
    """The token a reading's cell came from (keeping its printed unit), or a new one for a piece of
    a run; ``None`` for a blank the text dropped."""
    if c.blank and c.start < 0:
        return None
    for t in tokens:
        if t.start == c.start and (t.text == c.text or (c.blank and t.text is None)):
            return t
    return Token(c.text, c.start, c.end, c.text)


def _eol(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _cells_run_together(
    tokens: list[Token], runs: list[tuple[str, int]], n: int, check: Callable[[list[int | float]], bool] | None
) -> Split | None:
    """The one reading of a row one or two values short of its cells that cuts values in two, where no
    placement of a blank keeps the row's rule and exactly one such reading does: a layout text may run
    two cells together (pypdf's layout mode printed 表三's "3001" and "53" as "300153 0 0 61 4 3119", and
    "147 1 0 0 0 0 148" as "1471 0 0 0 0148"); or a row that is one run of as many digits as cells or
    more (kreuzberg's PDF text ran some rows' cells together, "1000001", among rows it spaced). Not in
    delimited cells, which the text keeps apart."""
    one_run = len(tokens) == 1 and len(tokens[0].text or "") >= n
    if check is None or not (1 <= n - len(tokens) <= 2 or one_run):
        return None
    if any(t.in_cell or not (t.text or "").isdigit() for t in tokens):
        return None
    cuts = solve_row(runs, n, check=check)
    return cuts[0] if len(cuts) == 1 else None


def _agreed(
    splits: list[Split],
    rule_checked: bool,
    tokens: list[Token],
    where: str,
    warnings: list[str],
    guess: bool = True,
    apart: str = "",
) -> list[tuple[Token | None, float]]:
    """The most plausible reading; a cell is certain only when every reading the rules allow gives
    it the same value (the total of ``412 18 3 1 434`` is 434 wherever the blanks go).

    Where the readings place dropped blanks, nothing ranks them (which applicant column a number
    belongs to is not in the text), so a cell they disagree on gets no value; the splits of a glued
    run are ranked by the digit-length prior, and its best reading is given at low confidence, but
    for digits printed one a line (not ``guess``), where the prior of a crawler's runs says nothing.
    ``apart`` says why the row's values may be some of its values only, or out of order.
    """
    best = splits[0]
    dropped = any(c.blank and c.start < 0 for s in splits for c in s.cells)
    withheld = not guess or dropped
    # a row that prints its zeros and still shows fewer values than cells may have lost a value, not a
    # blank: the rules read the missing cell as 0, a guess (pdfminer lost 表四's last 总计 with its header)
    zeros = dropped and any(t.text is not None and float(t.text) == 0 for t in tokens)
    sure = rule_checked and not (zeros or (dropped and apart))
    out: list[tuple[Token | None, float]] = []
    for i, c in enumerate(best.cells):
        same = all((s.cells[i].blank, s.cells[i].value) == (c.blank, c.value) for s in splits)
        tok = _token_of(c, tokens) if same or not withheld else None
        conf = (CONF_SOLVED if sure else CONF_PLACED) if same and rule_checked else CONF_AMBIGUOUS
        out.append((tok, conf))
    if len(splits) > 1:
        alts = ["/".join(x.text or "_" for x in s.cells) for s in splits[:5]]
        more = f" and {len(splits) - 5} more" if len(splits) > 5 else ""
        what = (
            "the cells that differ have no value"
            if withheld
            else f"chose {alts[0]} (most plausible); the cells that differ are uncertain"
        )
        warnings.append(
            f"{where}: {' '.join(t.raw for t in tokens)!r} is ambiguous ({len(splits)} readings: "
            f"{', '.join(alts)}{more}); {what}"
        )
    if rule_checked and not sure:
        why = f"prints zeros and {_MAY_BE_LOST}" if zeros else apart
        warnings.append(f"{where}: '{' '.join(t.raw for t in tokens)}' {why}; confidence {CONF_PLACED}")
    return out


#: what follows a row label printed with no cells: its unit alone
_BARE_ROW = re.compile(rf"[ \t]*(?:{UNIT_ALTERNATION})[ \t]*")
#: the units of several rows one a line after another, then the values that follow them
_UNIT_BLOCK = re.compile(rf"(?:^[ \t]*(?:{UNIT_ALTERNATION})[ \t]*\n\s*){{2,}}((?:[-\d.,]+\s+)*)", re.M)
#: why a row's values placed by the rules are not certain where the text may have lost one
_MAY_BE_LOST = (
    "fewer values than cells: a value may be lost, not a blank cell, and the rules that place them read it as 0"
)
#: where a piece of a row's label opens with the row's number, in words run together ("（四）无2.没有现成")
_PIECE_START = re.compile(rf"(?<![\d.])[1-9][.．、](?!\d)|{PARENT_NUMBER}")
#: an item of 第二十条 in the whitespace-free text, the head of a sub-table of 表二
_ITEM = re.compile(r"第二十条第?\(([一二三四五六七八九十]+)\)")
#: what stands between a label column and its values, or between two values of a column printed after
#: it: headers ("计量单位", "本年数") and units
_COLUMN_GAP = re.compile(rf"(?:[\s本年历累计数度量单位]|{UNIT_ALTERNATION})*")
#: what may stand between a 统计表 row's label and its cells, or between its cells: units, blank marks
_CELL_GAP = re.compile(r"[\s|:：/—－-]*(?:(?:条|件|项|个|次|篇|人次|人|万元|元)[\s|/—－-]*)?")
#: a unit in a cell of its own, right before a row's first value on its line ("| 万元 | 7.6 |", "会议数 次 3")
_UNIT_CELL = re.compile(r"(?:^|[\s|])(" + UNIT_ALTERNATION + r")[ \t\f|]*$", re.M)


def _values_after(text: str, end: int) -> bool:
    """Whether the next line with words after ``end`` holds numbers only: another row's values, no label."""
    eol = _eol(text, end)
    words = next((ln.split() for ln in text[eol : eol + 200].splitlines() if ln.strip()), [])
    return bool(words) and all(NUM.fullmatch(w.replace(",", "")) for w in words)


def _unit_before(text: str, pos: int) -> str | None:
    m = _UNIT_CELL.search(text, text.rfind("\n", 0, pos) + 1, pos)
    return m.group(1) if m else None


_SPACES = re.compile(r"\s+")
#: the words right before a label on its line of its cell: no space, cell edge or number between
_WORDS_BEFORE = re.compile(r"[^\s|\d.、．]+$")
_UNIT_AFTER = re.compile(r"\s*(?:条|件|项|个|次|篇|人)")
_UNIT_SUFFIX = re.compile(r"(?:条|件|项|个|次|篇|人次|人|万元|元)$")


def _repair_labels(text: str, metrics: list[Span], catalog: Catalog) -> list[Span]:
    """Row labels as docs/annotation.md defines them, whatever the tagger.

    A label cut where it wrapped (an open bracket or a trailing comma, then only whitespace) is joined
    with the next piece ("部分公开（区分处理的，只计这一情 形，不⏎计其他情形）"), and so is a piece that, with
    the words before it, is one row's printed label ("部分公开（区分处理的，只计这一情形，不计其他": no row
    其他, where a narrow cell wrapped the label there); a unit-column word swallowed by the label
    ("政府公报公开数条") goes back to its column. A row's alias that a word of another row's label
    runs on from ("其他处", the first line of （六）其他处理, holds 3.其他's alias) is no label, nor is a
    column's name right after the name of the column before it (表三's header "…法律服务机构⏎其他⏎总计").
    """
    out: list[Span] = []
    for m in _within_cells(text, metrics):
        label = text[m.start : m.end]
        if _inside_another_label(text, m, catalog) or _column_name(text, m, catalog):
            continue
        if out:
            gap = text[out[-1].end : m.start]
            if gap.strip():  # words between, no cell, within a label's length: one row's printed label?
                words = len(gap) < 40 and not re.search(r"\d", gap)
                join = words and any(catalog.piece_owners(t, text[out[-1].start : m.end]) for t in catalog.tables)
            else:  # the first piece unfinished
                first = text[out[-1].start : out[-1].end]
                join = first.count("(") > first.count(")") or first.rstrip()[-1:] in (",", "、")
            if join:
                m = Span(out.pop().start, m.end, m.label, m.score)
                label = text[m.start : m.end]
        unit = _UNIT_SUFFIX.search(label)
        if unit and not catalog.is_alias(label) and catalog.is_alias(label[: unit.start()]):
            m = Span(m.start, m.start + unit.start(), m.label, m.score)
        out.append(m)
    return out


def _within_cells(text: str, metrics: list[Span]) -> Iterator[Span]:
    """Each span cut at the cell separators it runs over: a label is one cell's (the model tagged
    "理结果 | 只计这一情形，不计其他情形）", a parent's piece and the next cell's, as one label)."""
    for m in metrics:
        for piece in re.finditer(r"[^|\t]+", text[m.start : m.end]):
            words = piece.group().strip()
            if words:
                start = m.start + piece.start() + piece.group().index(words)
                yield Span(start, start + len(words), m.label, m.score)


def _inside_another_label(text: str, m: Span, catalog: Catalog) -> bool:
    """Whether the label ``m`` names a row only as a piece of a word of other rows' labels, the
    character after it taken in, or the words before it in its cell (``Catalog.runs_on_into``): the
    tagger saw the alias, not the word ("其他情", or "不计其他" of 部分公开's label wrapped in a cell)."""
    before = _WORDS_BEFORE.search(text, max(0, m.start - 20), m.start)
    pieces = [text[m.start : m.end + 1]] if HAN.match(text, m.end) else []
    if before:
        pieces.append(text[before.start() : m.end])
    if not pieces:
        return False
    label = text[m.start : m.end]
    return any(
        (row := catalog.resolve_row(table, label)) is not None
        and any(catalog.runs_on_into(table, row, normalize_label(p)) for p in pieces)
        for table in catalog.tables
    )


def _column_name(text: str, m: Span, catalog: Catalog) -> bool:
    """Whether ``m`` is a column's name printed right after the previous column's (pdfminer printed
    表三's header a word a line, "法律服⏎务机构⏎其他⏎总计", and 其他 and 总计 name rows too)."""
    label = normalize_label(text[m.start : m.end])
    previous = [
        names[k - 1] for names in catalog.column_labels.values() for k in range(1, len(names)) if names[k] == label
    ]
    if not previous:  # most labels name no column: the words before them need no look
        return False
    before = normalize_label(text[max(0, m.start - 40) : m.start].replace("|", ""))
    return any(before.endswith(name) for name in previous)


def _row_check(catalog: Catalog, table: str) -> Callable[[list[int | float]], bool]:
    """The table's per-row rules (t3.columns_sum, t4.block_sum) as a check on a row's values in the
    form's column order; 表四's one printed row holds its three blocks one after another."""
    cols = list(catalog.tables[table].columns)
    eqs = [
        ([cols.index(c) for c in rule.left], [cols.index(c) for c in rule.right])
        for rule in catalog.rules.values()
        if rule.table == table and rule.per in ("row", "block")
    ]
    n = len(cols)

    def check(v: list[int | float]) -> bool:
        blocks = [v[k : k + n] for k in range(0, len(v), n)]
        return all(
            abs(sum(b[i] for i in left) - sum(b[i] for i in right)) <= 1e-6 for b in blocks for left, right in eqs
        )

    return check


def _row_key(row: RowDef | None) -> str | None:
    return row.key if row else None


def _t2_check(cols: tuple[str, ...]) -> Callable[[list[int | float]], bool] | None:
    """表二 has no rule of its own; in the 2019 columns nothing is published beyond the total public
    (when the total is given: many reports leave it blank, and a blank is 0 to the rules), and only
    本年增/减 may be negative."""
    if cols == ("made", "published", "total_public"):
        return lambda v: v[2] == 0 or (v[1] <= v[2] and v[0] <= v[2])
    if "change" in cols:
        others = [i for i, c in enumerate(cols) if c != "change"]
        return lambda v: all(v[i] >= 0 for i in others)
    return None


#: after a 统计表 row's label, its cells in delimited fields, or its unit (on its line or the next) and no
#: value; or its unit and empty paragraphs, a cell each (docx2txt)
_BLANK_GENERAL_ROW = re.compile(
    r" *[\t|]|[ \t]*\n?[ \t]*(?:{u})[ \t]*\n|\n[ \t]*\n[ \t]*(?:{u})(?:[ \t]*\n){{4}}".format(
        u="条|件|项|个|次|篇|人次|人|万元|元"
    )
)


def _lines_back(text: str, pos: int, n: int, blank: bool = True) -> int:
    """Where the line ``n`` lines above the one at ``pos`` starts; lines of whitespace not counted
    without ``blank`` (pdfplumber's layout text puts one between each two of a header's)."""
    while n > 0:
        if pos <= 0:
            return 0
        end, pos = pos, text.rfind("\n", 0, pos - 1) + 1
        n -= blank or bool(text[pos:end].strip())
    return pos


def read_tables(
    text: str, spans: Sequence[Span], catalog: Catalog, year: int | None, page_breaks: Sequence[int] = ()
) -> list[Table]:
    """Every form table found, in text order of reading; one whose cells could not be read has none
    and says so in its warnings (a table is never dropped in silence). ``page_breaks``: where the
    pages of a PDF's text end."""
    return TableReader(text, spans, catalog, year, page_breaks).read()
