"""Column order from where ``pdftotext -layout`` starts its text pieces.

``pdftotext -layout`` squeezes a page into a character grid: a piece of text (its words with single
spaces between them) starts at a column that grows with the piece's x on the page, but the grid bends
around long Chinese lines, so a column's values do not stand at one place (a value printed after its
row's long label in the same piece stands far left). What survives is the order: of two pieces on a
page, the one further right on the page starts further right in the text, counting one column a
character. So where the rows of a table lost their blank cells, a value that starts a piece (two
spaces or more before it) is in a column left of any piece of the same page that starts further right,
in any row, the header's included (``商业 科研`` starts in 商业企业's column). On the dev and synthetic
renderings (56 表三 with zero cells left blank) no value that starts a piece broke that order.

Used only where the text shows it keeps positions: each page's row totals (the last value of every
row, always the 总计 column) that start a piece stand within 2 characters of each other. A page's
header pieces count only where they name two columns or more and keep the order among themselves (a
header cut by a page break printed its second half where no column is).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from service.digitruns import Split

#: how far apart the starts, middles or ends of one page's row totals may stand in a text that keeps x
_ALIGNED = 2

_Place = tuple[int, int, int]  # (page, column in the text, column of the form)


class XOrder:
    """Where the text's pieces start, for the values of one table's rows and its header."""

    def __init__(
        self,
        text: str,
        page_breaks: Sequence[int],
        rows: Sequence[Sequence[tuple[int, int]]],
        header: tuple[int, int],
        labels: Sequence[str],
    ) -> None:
        """``rows``: (start, end) of each value of each row, in the row's order; ``header``: where the
        table's header is printed, ``labels`` its columns' names; ``page_breaks``: where the pages end
        (the order holds within a page)."""
        self.text = text
        self._pages = page_breaks
        self.starts = {s: p for row in rows for s, _ in row if (p := self._piece_start(s)) is not None}
        totals = [(s, e) for row in rows if len(row) >= 2 for s, e in row[-1:]]
        self.applies = self._aligned(totals)
        self.header = self._header(*header, labels)

    def _piece_start(self, pos: int) -> tuple[int, int] | None:
        """(page, column) of a text that starts a piece of its line: two spaces or more before it."""
        line = self.text.rfind("\n", 0, pos) + 1
        if pos - line < 2 or self.text[pos - 2 : pos] != "  ":
            return None
        return bisect.bisect_right(self._pages, pos), pos - line

    def _aligned(self, totals: list[tuple[int, int]]) -> bool:
        by_page: dict[int, list[tuple[int, int]]] = {}
        for s, e in totals:
            if (p := self.starts.get(s)) is not None:
                by_page.setdefault(p[0], []).append((p[1], p[1] + e - s))
        if sum(map(len, by_page.values())) < 3:
            return False
        for spans in by_page.values():
            edges = ([a for a, _ in spans], [(a + b) / 2 for a, b in spans], [b for _, b in spans])
            if min(max(xs) - min(xs) for xs in edges) > _ALIGNED:
                return False
        return True

    def _header(self, start: int, end: int, labels: Sequence[str]) -> list[_Place]:
        """The header's pieces whose first word is part of one column's name only ("商业", "务机构";
        not "机构", "法人或其他组织")."""
        by_page: dict[int, list[_Place]] = {}
        for m in re.finditer(r"\S+", self.text[start:end]):
            names = [i for i, label in enumerate(labels) if m.group() in label]
            if len(names) == 1 and (p := self._piece_start(start + m.start())) is not None:
                by_page.setdefault(p[0], []).append((*p, names[0]))
        return [
            place
            for places in by_page.values()
            if len({c for _, _, c in places}) >= 2 and self._agree(places, places)
            for place in places
        ]

    def _placed(self, split: Split) -> list[_Place]:
        """(page, column in the text, column of the form) of the split's cells that start a piece."""
        return [(*self.starts[c.start], i) for i, c in enumerate(split.cells) if not c.blank and c.start in self.starts]

    @staticmethod
    def _agree(a: list[_Place], b: list[_Place]) -> bool:
        """Whether, on each page, the piece further left in the text is in a column further left."""
        return all(
            pa != pb or ca == cb or (xa < xb if ca < cb else xa > xb)
            for (pa, xa, ca), (pb, xb, cb) in itertools.product(a, b)
        )

    def prune(self, cands: list[list[Split]]) -> list[list[Split]] | None:
        """Each row's readings that agree with the header and with some reading of every other row
        (repeated until nothing changes); ``None`` where a row keeps none: the text does not keep the
        order here."""
        placed = [[self._placed(s) for s in row] for row in cands]
        keep = [[i for i in range(len(row)) if self._agree(placed[r][i], self.header)] for r, row in enumerate(cands)]
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

    def consistent(self, combo: Sequence[Split]) -> bool:
        """Whether one reading of every row keeps the order of all their pieces."""
        placed = [self._placed(s) for s in combo]
        return all(self._agree(a, b) for a, b in itertools.combinations(placed, 2))
