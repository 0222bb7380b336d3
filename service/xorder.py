"""Column order from where ``pdftotext -layout`` starts its text pieces.

``pdftotext -layout`` squeezes a page into a character grid: a piece of text (its words with single
spaces between them) starts at a column that grows with the piece's x on the page, but the grid bends
around long Chinese lines, so a column's values do not stand at one place (a value printed after its
row's long label in the same piece stands far left). What survives is the order: of two pieces on a
page, the one further right on the page starts further right in the text, counting one column a
character. So where the rows of a table lost their blank cells, a value that starts a piece (two
spaces or more before it) is in no column left of a piece of the same page that starts further left,
in any row, the header's included (``商业 科研`` starts in 商业企业's column). On the dev and synthetic
renderings (56 表三 with zero cells left blank) no value that starts a piece broke that order. Where
a piece of values ends counts too: a piece starting on the page right of another's end starts right of
its end in the text (6921 pairs there, none broke it); not so a header word's end, as Chinese text can
end further right on the page than in the text.

Where a row's values are one space apart in a piece, they stand in neighbouring columns: on the same
renderings 190 such pairs did, and none did not, but for the pair ending at the row's 总计, where a
blank 其他 column, narrow, left one space twice in 50 ("38    1      2 41"); in pypdf's layout text 36
pairs did, none did not. That needs no page marks, only a table whose values stand two spaces apart or
more somewhere (``spaced``: a text that keeps its blank columns' width; pdfplumber's text parts all
values by one space whatever stood between them). Where no reading of a row keeps it, the row is read
without it.

A header word bounds less than a value: with a smaller font and wider cells pdftotext printed a 表三
header 2 to 4 characters left of its columns' values (商业企业's 企业 started where, or before,
自然人's values started or ended, and the values went one column right). So a value in the column
left of a header word's starts left of the word or where it does, and where values end is no bound on
where header words start; a value right of a header word's column still starts right of the word.

Used only where the text shows it keeps positions and where its pages end: it has form feeds
(pdftotext ends every page with one; with them removed, a table's second page was read against its
first page's header, the two pages' totals standing 2 characters apart), and each page's row totals
(the last value of every row, always the 总计 column) that start a piece stand within 2 characters of
each other. Or it marks no pages but places its pieces at their x (pypdf's layout mode; lynx, which has
no pages): there a page ends where the totals move (``_unmarked_pages``), and the header counts only
where its 总计 stands over the first row's total. pypdf places every word at its x, not only a piece's
first, but ``pdftotext -layout`` with its form feeds removed, whose totals stand at one place on a page
too, does not: the pieces are what both keep.

A page's header pieces count only where two of them name different columns and all keep the order
among themselves (a header cut by a page break printed its second half left of the first column's
values); a word naming several columns (表四's 维持, once a block) names only those where it keeps the
order with the other words.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from service.digitruns import Split
from service.normalize import display_width

#: how far apart the starts, middles or ends of one page's row totals may stand in a text that keeps x
_ALIGNED = 2

#: a word followed by words one space apart: a piece of ``pdftotext -layout`` text
_PIECE = re.compile(r"\S+(?: \S+)*")


class _Place(NamedTuple):
    """A piece's start on its page and the columns of the form it may be in."""

    page: int
    x: int  # the column in the text where it starts
    lo: int  # the first and last column of the form its first word may be in
    hi: int
    end: int | None  # the column in the text where a piece of values ends (its last value one cell)
    last: int  # the column of the form of the piece's last value
    word: bool = False  # a header word


class _Start(NamedTuple):
    """Where a piece starts (page, column in the text) and ends, and its last word (offset, text)."""

    page: int
    x: int
    end: int
    last: int
    last_word: str


def _before(a: _Place, b: _Place) -> bool:
    """Whether ``a``, in a column right of ``b``'s, keeps the order: it starts right of ``b``'s start
    (a header word over a value: not left of it) and, where ``a``'s columns are right of those of
    ``b``'s last word, right of ``b``'s end too (a piece that starts physically right of where another
    ends starts right of its end in the text), unless ``a`` is a header word."""
    if a.lo > b.hi and (a.x < b.x if a.word and not b.word else a.x <= b.x):
        return False
    return b.end is None or a.word or a.lo <= b.last or a.x >= b.end


def _narrowed(words: list[tuple[_Start, list[tuple[int, int]]]]) -> list[_Place]:
    """A page's header words, each with the columns it may name that keep the order against the other
    words (repeated until nothing changes): 表四 prints 维持 over each of its three blocks, and the one
    that starts left of 行政复议 names the first block's. ``[]`` where a word keeps no column."""
    spans = [list(s) for _, s in words]

    def place(i: int, lo: int, hi: int) -> _Place:
        p = words[i][0]
        return _Place(p.page, p.x, lo, hi, None, hi, True)

    def bounds(i: int) -> _Place:
        return place(i, min(a for a, _ in spans[i]), max(b for _, b in spans[i]))

    changed = True
    while changed:
        changed = False
        for i in range(len(words)):
            others = [bounds(j) for j in range(len(words)) if j != i]
            keep = [s for s in spans[i] if XOrder._agree([place(i, *s)], others)]
            if not keep:
                return []
            if len(keep) < len(spans[i]):
                spans[i], changed = keep, True
    return [bounds(i) for i in range(len(words))]


class XOrder:
    """Where the text's pieces start, for the values of one table's rows and its header."""

    def __init__(
        self,
        text: str,
        page_breaks: Sequence[int],
        rows: Sequence[Sequence[tuple[int, int]]],
        header: tuple[int, int],
        labels: Sequence[str],
        groups: Sequence[tuple[str, int, int]] = (),
        ordered: bool | None = None,
    ) -> None:
        """``rows``: (start, end) of each value of each row, in the row's order; ``header``: where the
        table's header is printed, ``labels`` its columns' names, ``groups`` its cells over several
        columns (name, first and last column); ``page_breaks``: where the pages end (the order holds
        within a page); ``ordered``: whether the text keeps the order, where another table showed it
        (表二's and 表四's rows are too few to)."""
        self.text = text
        self._pages = page_breaks
        totals = sorted((s, e) for row in rows if len(row) >= 2 for s, e in row[-1:])
        stands = [] if page_breaks else self._edges(totals)  # where the totals stand, where no page is marked
        unmarked = self._unmarked_pages(stands) if ordered is None and not page_breaks else None
        if unmarked is not None:
            self._pages = unmarked[0]
        self.starts = self._starts(rows)
        self.applies = unmarked is not None or (
            bool(page_breaks) and self._aligned(totals) if ordered is None else ordered
        )
        if not self.applies and ordered is None and page_breaks and (moves := self._moves(totals)):
            self._pages = sorted([*page_breaks, *moves])
            self.starts = self._starts(rows)  # the pieces' pages again, the moves now breaking them
            self.applies = self._aligned(totals)
        # values two spaces apart or more on a line: a text that keeps its blank columns' width
        self.spaced = any(
            text[a:b].strip(" ") == "" and b - a >= 2 for row in rows for (_, a), (b, _) in itertools.pairwise(row)
        )
        self.header = self._header(*header, labels, groups)
        kinds = (unmarked[1],) if unmarked is not None else (0, 1, 2)
        if self.applies and not page_breaks and not self._header_on_first_page(*header, labels[-1], kinds, stands):
            self.header = []

    @property
    def used(self) -> bool:
        """Whether where the text prints its values says anything: the order or the spacing."""
        return self.applies or self.spaced

    def _starts(self, rows: Sequence[Sequence[tuple[int, int]]]) -> dict[int, _Start]:
        return {s: p for row in rows for s, _ in row if (p := self._piece_start(s)) is not None}

    def _piece_start(self, pos: int) -> _Start | None:
        """Where a text that starts a piece of its line (two spaces or more before it, or only spaces)
        stands, and its piece's end and last word."""
        line = self.text.rfind("\n", 0, pos) + 1
        if self.text[max(line, pos - 2) : pos].strip(" "):
            return None
        end = m.end() if (m := _PIECE.match(self.text, pos)) else pos
        last = self.text.rfind(" ", pos, end) + 1 or pos
        return _Start(bisect.bisect_right(self._pages, pos), pos - line, end - line, last, self.text[last:end])

    def _edges(self, totals: list[tuple[int, int]]) -> list[tuple[int, float, float, float]]:
        """Each total that starts a word (a total one space after the row's last value moves with its page
        too): its line's start, and where it starts, its middle and its end."""
        out: list[tuple[int, float, float, float]] = []
        for s, e in totals:
            line = self.text.rfind("\n", 0, s) + 1
            if s == line or self.text[s - 1] == " ":
                out.append((line, s - line, (s + e) / 2 - line, e - line))
        return out

    def _unmarked_pages(self, edges: list[tuple[int, float, float, float]]) -> tuple[list[int], int] | None:
        """Where a table's pages break in a text that marks none (pypdf's layout mode), and which edge
        (0 start, 1 middle, 2 end) its totals align on. Such a text places a piece at its x on the page:
        on one page the totals' cells, aligned alike, print them at one place (over the renderings' 98
        pages of 表三, in no row did a column's value start left of the previous column's end), and the
        next page prints them 2 to 7 characters off. So a page ends where the totals move, on the edge
        they move least on; ``None`` where that is more than three times (the totals stand nowhere in
        particular) or there are fewer than three. ``pdftotext -layout`` with its form feeds removed put
        them at one place a page too in 108 of the read sets' 120 表三."""
        if len(edges) < 3:
            return None
        moves = [
            [edges[i][0] for i in range(1, len(edges)) if abs(edges[i][k + 1] - edges[i - 1][k + 1]) > 0.5]
            for k in range(3)
        ]
        k = min(range(3), key=lambda k: len(moves[k]))
        return (moves[k], k) if len(moves[k]) <= 3 else None

    def _moves(self, totals: list[tuple[int, int]]) -> list[int]:
        """Where, within a marked page, the row totals move more than ``_ALIGNED`` on the edge they move
        least on (the starts of the lines they move on; at most three): ``pdftotext -layout`` printed
        表三's first four rows of a page with right-aligned cells 7 characters left of the rest, whose
        totals stood at one place. The order holds among the rows on each side of such a move, not
        across it; ``[]`` where the totals stand nowhere in particular."""
        edges = self._edges(totals)
        pages = [bisect.bisect_right(self._pages, line) for line, *_ in edges]
        moves = [
            [
                i
                for i in range(1, len(edges))
                if pages[i] == pages[i - 1] and abs(edges[i][k + 1] - edges[i - 1][k + 1]) > _ALIGNED
            ]
            for k in range(3)
        ]
        least = min(moves, key=len)
        # the runs of totals a move parts, three at least each: one row set apart is no run of its own
        runs = Counter((pages[i], sum(m <= i for m in least)) for i in range(len(edges)))
        short = any(n < 3 for (page, _), n in runs.items() if page in {pages[i] for i in least})
        return [edges[i][0] for i in least] if len(least) <= 3 and not short else []

    def _header_on_first_page(
        self, start: int, end: int, last: str, kinds: Sequence[int], stands: list[tuple[int, float, float, float]]
    ) -> bool:
        """Whether a word of the header's last column (``last``: 表三's 总计) stands where the first row
        total that starts a word does (``stands``, from ``_edges``), on an edge of ``kinds`` (0 start,
        1 middle, 2 end; the one the totals align on): the header is on the rows' page. A page break
        between them, which a text with no marks does not show, would put the header's columns off the
        values'."""
        first = stands[:1]
        for m in re.finditer(r"\S+", self.text[start:end]) if first else ():
            if m.group() in last:
                pos = start + m.start()
                x = pos - (self.text.rfind("\n", 0, pos) + 1)
                width = display_width(m.group())
                if any(abs((x, x + width / 2, x + width)[k] - first[0][k + 1]) <= 1 for k in kinds):
                    return True
        return False

    def _aligned(self, totals: list[tuple[int, int]]) -> bool:
        by_page: dict[int, list[tuple[int, int]]] = {}
        for s, e in totals:
            if (p := self.starts.get(s)) is not None:
                by_page.setdefault(p.page, []).append((p.x, p.x + e - s))
        if sum(map(len, by_page.values())) < 3:
            return False
        for spans in by_page.values():
            edges = ([a for a, _ in spans], [(a + b) / 2 for a, b in spans], [b for _, b in spans])
            if min(max(xs) - min(xs) for xs in edges) > _ALIGNED:
                return False
        return True

    def _header(
        self, start: int, end: int, labels: Sequence[str], groups: Sequence[tuple[str, int, int]]
    ) -> list[_Place]:
        """The header's pieces, each with the columns its first word may name: those whose name it is
        part of ("商业"; "机构": 科研机构 or 法律服务机构), or those under a header cell over several
        columns that it names ("法人或其他组织", "复议后起诉"). Such a cell, as wide as its columns, is
        printed whole (all 177 表三 headers of the renderings print 申请人情况 and 法人或其他组织 whole)."""
        by_page: dict[int, list[tuple[_Start, list[tuple[int, int]]]]] = {}
        for m in re.finditer(r"\S+", self.text[start:end]):
            word = m.group()
            spans = [(i, i) for i, label in enumerate(labels) if word in label]
            spans += [(lo, hi) for name, lo, hi in groups if word == name]
            if spans and (p := self._piece_start(start + m.start())) is not None:
                by_page.setdefault(p.page, []).append((p, spans))
        out = []
        for words in by_page.values():
            places = _narrowed(words)
            if places and any(a.hi < b.lo for a in places for b in places) and self._agree(places, places):
                out += places
        return out

    def _placed(self, split: Split) -> list[_Place]:
        """Where the split's cells that start a piece stand, and their column."""
        whole = {(c.start, c.end): i for i, c in enumerate(split.cells) if not c.blank}
        out = []
        for i, c in enumerate(split.cells):
            if not c.blank and (p := self.starts.get(c.start)) is not None:
                last = whole.get((p.last, p.last + len(p.last_word)))  # the piece's last word is one cell
                out.append(_Place(p.page, p.x, i, i, None if last is None else p.end, i if last is None else last))
        return out

    @staticmethod
    def _agree(a: list[_Place], b: list[_Place]) -> bool:
        """Whether, on each page, the pieces keep the order (``_before``) both ways."""
        return all(pa.page != pb.page or (_before(pa, pb) and _before(pb, pa)) for pa, pb in itertools.product(a, b))

    def prune(self, cands: list[list[Split]]) -> list[list[Split]] | None:
        """Each row's readings that agree with the header and with some reading of every other row
        (repeated until nothing changes); ``None`` where a row keeps none: the text does not keep the
        order here."""
        if not self.applies:
            return [[s for s in row if self._abut(s)] or row for row in cands]
        placed = [[self._placed(s) for s in row] for row in cands]
        keep = [[i for i in range(len(row)) if self._agree(placed[r][i], self.header)] for r, row in enumerate(cands)]
        keep = [[i for i in k if self._abut(row[i])] or k for row, k in zip(cands, keep)]
        live = [r for r, row in enumerate(placed) if any(row)]
        changed = True
        while changed:
            changed = False
            for r in live:
                ok = [
                    i for i in keep[r]
                    if all(any(self._agree(placed[r][i], placed[q][j]) for j in keep[q]) for q in live if q != r)
                ]  # fmt: skip
                if not ok:
                    return None
                if len(ok) < len(keep[r]):
                    keep[r], changed = ok, True
        return [[row[i] for i in k] for row, k in zip(cands, keep)]

    def _abut(self, split: Split) -> bool:
        """Whether values one space apart on a line stand in neighbouring columns, but for the pair that
        ends at the row's last value (its 总计: a narrow blank 其他 column before it left one space)."""
        shown = [(i, c) for i, c in enumerate(split.cells) if not c.blank]
        return not self.spaced or all(
            j == i + 1 or self.text[a.end : b.start] != " " for (i, a), (j, b) in itertools.pairwise(shown[:-1])
        )

    def consistent(self, combo: Sequence[Split]) -> bool:
        """Whether one reading of every row keeps the order of all their pieces."""
        if not self.applies:
            return True
        placed = [self._placed(s) for s in combo]
        return all(self._agree(a, b) for a, b in itertools.combinations(placed, 2))
