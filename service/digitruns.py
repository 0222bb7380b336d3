"""Cut flattened table digit runs back into cells.

Crawled report text often loses the cell boundaries of an HTML table, so adjacent numbers run
together: ``行政许可3960181`` may be 396 | 0 | 181 or 39 | 60 | 181 or ... . This module lists
every reading the digits allow, ranks the readings with a weak prior, and lets row and table
accounting rules keep the consistent ones. It never chooses between survivors: when more than
one reading survives, the text is ambiguous and the caller must report the alternatives.

Plausibility prior (ranking only, never filtering):

1. cells of similar digit length are preferred (flattened rows of one table tend to hold numbers
   of similar size), scored as minus the variance of the cells' digit counts ('-' and '.' do
   not count, so the total, and hence the mean, is fixed for a given input);
2. as a tie-breaker, fewer "odd" zeros: a ``0`` cell glued between two non-zero cells of the
   same token (``39|0|60``), because such a zero may just as well be a digit of a neighbour.
   Zeros in runs or at a token edge (next to a space or label) are the normal look of sparse
   tables and cost nothing. The weight is small enough never to outweigh a variance step.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

Number = int | float
Token = tuple[str, int]
RowCheck = Callable[[list[Number]], bool]
TableCheck = Callable[[list[list[Number]]], bool]

# Variance steps are multiples of 1/n² and a split has fewer than n/2 odd zeros, so this
# weight keeps the tie-breaker below one variance step for any row of up to ~120 cells.
ODD_ZERO_WEIGHT = 1e-6

_CELL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_TOKEN_CHARS = re.compile(r"[0-9.\-]+")
_INF = float("inf")


#: the readings of a row enumerated at most: past that a row is too ambiguous to check reading by reading
MAX_SPLITS = 20000


class SplitLimitExceeded(ValueError):
    """Raised instead of answering from a truncated search, which could make an ambiguous row
    look unique; callers should report the row as unresolved."""

    def __init__(self, what: str, count: int, limit: int) -> None:
        super().__init__(f"{what}: {count} candidates exceed the limit of {limit}")
        self.count = count
        self.limit = limit


@dataclass(frozen=True)
class Cell:
    """One recovered table cell; start/end (end exclusive) are offsets in the source text,
    so that the caller can point at the exact characters it used."""

    text: str
    value: Number
    start: int
    end: int
    blank: bool = False  # a cell the text left empty (see ``placements``); counts as 0 in rules


@dataclass(frozen=True)
class Split:
    """One reading of a digit run. plausibility is a prior for ordering alternatives only."""

    cells: tuple[Cell, ...]
    plausibility: float

    @property
    def values(self) -> list[Number]:
        return [c.value for c in self.cells]


# --------------------------------------------------------------------------------------------
# one row


class _Space:
    """All readings of one run as a DAG over character positions of the concatenated tokens.

    Concatenating the tokens lets a cell be a span [a, b) that ends at or before the end of the
    token containing a, so token boundaries are respected for free and each token necessarily
    yields at least one cell (every character must be covered).
    """

    def __init__(self, tokens: Sequence[Token], n_cells: int, allow_negative: bool) -> None:
        if n_cells < 1:
            raise ValueError(f"n_cells must be >= 1, got {n_cells}")
        self.n = n_cells
        texts: list[str] = []
        self.offset: list[int] = []  # source offset of each concatenated character
        self.tok_id: list[int] = []
        tok_end: list[int] = []
        for i, (text, start) in enumerate(tokens):
            if not text or not _TOKEN_CHARS.fullmatch(text):
                raise ValueError(f"token {text!r} must be a non-empty run of digits, '.' or '-'")
            base = len(self.offset)
            texts.append(text)
            self.offset.extend(range(start, start + len(text)))
            self.tok_id.extend([i] * len(text))
            tok_end.extend([base + len(text)] * len(text))
        self.s = "".join(texts)
        N = self.N = len(self.s)
        self.n_digits = sum(ch.isdigit() for ch in self.s)
        # ends[a]: every b such that s[a:b] is a valid cell inside a's token
        self.ends: list[list[int]] = []
        for a in range(N):
            ok = []
            for b in range(a + 1, tok_end[a] + 1):
                text = self.s[a:b]
                if text[0] == "-" and not allow_negative:
                    break  # a minus inside a run starts a negative cell, or nothing: never dropped
                if _CELL.fullmatch(text):
                    ok.append(b)
            self.ends.append(ok)
        # best[g][r]: least sum of squared digit lengths covering s[g:] with r cells
        # count[g][r]: number of ways to do so
        self.best = [[_INF] * (n_cells + 1) for _ in range(N + 1)]
        self.count = [[0] * (n_cells + 1) for _ in range(N + 1)]
        self.best[N][0] = 0
        self.count[N][0] = 1
        for a in range(N - 1, -1, -1):
            for b in self.ends[a]:
                d2 = self._digits(a, b) ** 2
                nb, cb = self.best[b], self.count[b]
                ba, ca = self.best[a], self.count[a]
                for r in range(1, n_cells + 1):
                    if cb[r - 1]:
                        ca[r] += cb[r - 1]
                        if d2 + nb[r - 1] < ba[r]:
                            ba[r] = d2 + nb[r - 1]

    def _digits(self, a: int, b: int) -> int:
        return (b - a) - self.s.count("-", a, b) - self.s.count(".", a, b)

    def total(self) -> int:
        return self.count[0][self.n]

    def _is_zero(self, a: int, b: int) -> bool:
        return float(self.s[a:b]) == 0

    def _odd_zero(self, cells: tuple[tuple[int, int], ...], a: int, b: int) -> int:
        """1 if appending cell [a,b) completes the pattern nonzero|0|nonzero inside one token."""
        if len(cells) < 2 or self._is_zero(a, b):
            return 0
        (qa, _), (pa, pb) = cells[-2], cells[-1]
        same = self.tok_id[qa] == self.tok_id[pa] == self.tok_id[a]
        return int(same and self._is_zero(pa, pb) and not self._is_zero(*cells[-2]))

    def _split(self, cells: tuple[tuple[int, int], ...], sq: int, odd: int) -> Split:
        n, D = self.n, self.n_digits
        variance = (n * sq - D * D) / (n * n)
        out = []
        for a, b in cells:
            text = self.s[a:b]
            value: Number = float(text) if "." in text else int(text)
            out.append(Cell(text, value, self.offset[a], self.offset[b - 1] + 1))
        return Split(tuple(out), 0.0 - variance - ODD_ZERO_WEIGHT * odd)

    def ranked(self, limit: int) -> list[Split]:
        """The `limit` most plausible readings, best first; ties in left-to-right cut order,
        so the output is deterministic. Small spaces are enumerated and sorted; larger ones
        are walked best-first (A* whose heuristic `best` is exact for the length cost, so keys
        never decrease along a path and complete readings pop in prior order)."""
        Cells = tuple[tuple[int, int], ...]
        found: list[tuple[int, int, Cells]] = []  # (sum of squared lengths, odd zeros, cells)
        if self.total() <= limit:

            def walk(g: int, r: int, cells: Cells, sq: int, odd: int) -> None:
                if g == self.N:
                    found.append((sq, odd, cells))
                    return
                for b in self.ends[g]:
                    if self.count[b][r - 1]:
                        walk(
                            b, r - 1, (*cells, (g, b)), sq + self._digits(g, b) ** 2, odd + self._odd_zero(cells, g, b)
                        )

            if self.total():
                walk(0, self.n, (), 0, 0)
            found.sort()
        elif limit > 0:
            # (length cost so far + the least still to come, odd zeros, cells, next position, length cost so far)
            heap: list[tuple[float, int, Cells, int, int]] = [(self.best[0][self.n], 0, (), 0, 0)]
            while heap and len(found) < limit:
                _, odd, cells, g, sq = heapq.heappop(heap)
                r = self.n - len(cells)
                if g == self.N:
                    found.append((sq, odd, cells))
                    continue
                for b in self.ends[g]:
                    rest = self.best[b][r - 1]
                    if rest != _INF:
                        c = sq + self._digits(g, b) ** 2
                        odd_b = odd + self._odd_zero(cells, g, b)
                        heapq.heappush(heap, (c + rest, odd_b, (*cells, (g, b)), b, c))
        return [self._split(cells, sq, odd) for sq, odd, cells in found]


def count_splits(tokens: Sequence[Token], n_cells: int, *, allow_negative: bool = False) -> int:
    """Exact number of readings, cheap even when enumerating them is not; lets a caller tell
    whether enumerate_splits was truncated."""
    return _Space(tokens, n_cells, allow_negative).total()


def enumerate_splits(
    tokens: list[tuple[str, int]],
    n_cells: int,
    *,
    allow_negative: bool = False,
    max_splits: int = MAX_SPLITS,
) -> list[Split]:
    """tokens: (digit string, start offset in the source text) as found between a row label and
    the next label, e.g. [("230", 120), ("000023", 124)].

    Return every way to cut the tokens into exactly n_cells numbers: each token yields >= 1
    cell, cells never cross token boundaries (a surviving space is a real boundary), no cell has
    a leading zero unless it is exactly "0" (or "0.x"), a decimal point stays inside one cell
    and a cell cannot start or end with '.', a leading '-' only at a token start when
    allow_negative. Offsets are source offsets (token start + index).

    Ordered most plausible first. If there are more than max_splits readings, only the
    max_splits most plausible are returned (see count_splits to detect this).
    """
    return _Space(tokens, n_cells, allow_negative).ranked(max_splits)


def solve_row(
    tokens: list[tuple[str, int]],
    n_cells: int,
    *,
    check: RowCheck | None = None,
    allow_negative: bool = False,
    max_splits: int = MAX_SPLITS,
) -> list[Split]:
    """Splits consistent with check (e.g. the applicant columns summing to the total), most
    plausible first. All survivors are returned: more than one means the row is ambiguous.

    Raises SplitLimitExceeded when the row has more than max_splits readings, because checking
    only some of them could make an ambiguous row look unique.
    """
    space = _Space(tokens, n_cells, allow_negative)
    if space.total() > max_splits:
        raise SplitLimitExceeded("row", space.total(), max_splits)
    return [s for s in space.ranked(max_splits) if check is None or check(s.values)]


def last_is_sum(values: Sequence[Number]) -> bool:
    """Row rule of t3/t4: the last column (总计) is the sum of the others."""
    return abs(sum(values[:-1]) - values[-1]) <= 1e-6


# --------------------------------------------------------------------------------------------
# whole tables


@dataclass(frozen=True)
class ColumnEquation:
    """sum(coef * table[row][col] for row, coef in terms) == 0 in each column.

    This is the shape of the accounting rules of the report tables (t3.balance,
    t3.results_sum); stating them this way, rather than as an opaque callable, lets solve_rows
    prune on partial sums row by row. columns=None means every column that all its rows have.
    """

    terms: tuple[tuple[int, Number], ...]
    columns: tuple[int, ...] | None = None
    name: str = ""

    @classmethod
    def parts_equal_total(
        cls,
        parts: Sequence[int],
        totals: Sequence[int],
        *,
        columns: Sequence[int] | None = None,
        name: str = "",
    ) -> ColumnEquation:
        """sum of rows `parts` == sum of rows `totals`, per column (e.g. new + carried == total
        + carried_forward)."""
        terms: dict[int, Number] = {}
        for r in parts:
            terms[r] = terms.get(r, 0) + 1
        for r in totals:
            terms[r] = terms.get(r, 0) - 1
        cols = None if columns is None else tuple(columns)
        return cls(tuple(sorted((r, c) for r, c in terms.items() if c)), cols, name)

    def column_indices(self, widths: Sequence[int]) -> tuple[int, ...]:
        if self.columns is not None:
            return self.columns
        return tuple(range(min((widths[r] for r, _ in self.terms), default=0)))

    def holds(self, table: Sequence[Sequence[Number]], tol: float = 1e-6) -> bool:
        cols = self.column_indices([len(row) for row in table])
        return all(abs(sum(c * table[r][col] for r, c in self.terms)) <= tol for col in cols)


@dataclass(frozen=True)
class ColumnRules:
    """A table_check made of ColumnEquations. It is an ordinary callable on a finished table,
    but solve_rows recognises it and checks it incrementally, which is what makes joint solving
    of a 25-row table fast."""

    equations: tuple[ColumnEquation, ...]
    tol: float = 1e-6

    def __call__(self, table: list[list[Number]]) -> bool:
        return all(eq.holds(table, self.tol) for eq in self.equations)


def solve_rows(
    rows: list[list[tuple[str, int]]],
    n_cells: int | list[int],
    *,
    row_check: RowCheck | Sequence[RowCheck | None] | None = None,
    table_check: TableCheck | None = None,
    beam: int = 2000,
    allow_negative: bool = False,
    max_splits: int = MAX_SPLITS,
    max_states: int = 200_000,
    max_combos: int = 1_000_000,
) -> list[list[Split]]:
    """Jointly pick one split per row so that table-level rules hold (e.g. t3.balance and
    t3.results_sum per column), because a row that is ambiguous alone is often fixed by its
    column totals.

    Return the consistent combinations (each a list of one Split per row), most plausible
    first (sum of the rows' plausibility), capped at beam. More than one combination means the
    table is ambiguous. row_check is one check for every row or one per row.

    With table_check=ColumnRules(...) the rules are used while searching: first each
    (equation, column) is solved alone on reachable partial sums, dropping row readings that
    cannot balance that column; then a dynamic programme runs over the rows (unique ones first,
    they only shift the state) whose state is the vector of partial column sums, pruning sums
    the remaining rows can no longer bring to zero and merging partial combinations that reach
    the same state (keeping the beam best, exact since they share every completion). Any
    other callable is tested on whole tables in plausibility order. Search limits raise
    SplitLimitExceeded rather than return a subset that could hide ambiguity.
    """
    if isinstance(n_cells, int):
        widths = [n_cells] * len(rows)
    else:
        widths = list(n_cells)
        if len(widths) != len(rows):
            raise ValueError("n_cells must have one entry per row")
    if row_check is None or callable(row_check):
        checks: list[RowCheck | None] = [row_check] * len(rows)
    else:
        checks = list(row_check)
        if len(checks) != len(rows):
            raise ValueError("row_check must have one entry per row")
    cands = [
        solve_row(toks, w, check=chk, allow_negative=allow_negative, max_splits=max_splits)
        for toks, w, chk in zip(rows, widths, checks)
    ]
    return solve_table(cands, widths, table_check=table_check, beam=beam, max_states=max_states, max_combos=max_combos)


def solve_table(
    cands: list[list[Split]],
    widths: list[int],
    *,
    table_check: TableCheck | None = None,
    beam: int = 2000,
    max_states: int = 200_000,
    max_combos: int = 1_000_000,
) -> list[list[Split]]:
    """``solve_rows`` on readings already listed for each row (digit splits or blank placements)."""
    if beam < 1 or any(not c for c in cands):
        return []
    if isinstance(table_check, ColumnRules):
        return _solve_linear(cands, widths, table_check, beam, max_states)
    out: list[list[Split]] = []
    for n, combo in enumerate(_ranked_product(cands), 1):
        if n > max_combos:
            raise SplitLimitExceeded("table", n, max_combos)
        if table_check is None or table_check([s.values for s in combo]):
            out.append(combo)
            if len(out) >= beam:
                break
    return out


def placements(
    tokens: Sequence[Token], n_cells: int, *, check: RowCheck | None = None, max_splits: int = MAX_SPLITS
) -> list[Split]:
    """Readings of a row whose values the text keeps apart but whose blank cells it dropped
    (``412 18 3 1 434`` for seven cells): every order-keeping way to put the values into the cells,
    the rest blank (0 in the rules). Values are never cut: a number the text separates is a cell,
    and so is a blank cell it prints (``""``)."""
    k = len(tokens)
    if k > n_cells:
        return []
    count = math.comb(n_cells, k)
    if count > max_splits:
        raise SplitLimitExceeded("row placements", count, max_splits)
    out = []
    for slots in itertools.combinations(range(n_cells), k):
        by_slot = dict(zip(slots, tokens))
        cells = []
        for i in range(n_cells):
            if i in by_slot and not by_slot[i][0]:  # a cell the text prints blank stays one
                cells.append(Cell("", 0, by_slot[i][1], by_slot[i][1], blank=True))
            elif i in by_slot:
                text, start = by_slot[i]
                value = float(text)
                cells.append(
                    Cell(
                        text, int(value) if value.is_integer() and "." not in text else value, start, start + len(text)
                    )
                )
            else:
                cells.append(Cell("", 0, -1, -1, blank=True))
        split = Split(tuple(cells), 0.0)
        if check is None or check(split.values):
            out.append(split)
    return out


def _ranked_product(cands: list[list[Split]]) -> Iterator[list[Split]]:
    """Combinations of one candidate per row in decreasing total plausibility (lazy k-best)."""

    def score(idx: tuple[int, ...]) -> float:
        return sum(cands[r][i].plausibility for r, i in enumerate(idx))

    start = (0,) * len(cands)
    heap = [(-score(start), start)]
    seen = {start}
    while heap:
        _, idx = heapq.heappop(heap)
        yield [cands[r][i] for r, i in enumerate(idx)]
        for r in range(len(idx)):
            if idx[r] + 1 < len(cands[r]):
                nxt = (*idx[:r], idx[r] + 1, *idx[r + 1 :])
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (-score(nxt), nxt))


def _solve_linear(
    cands: list[list[Split]], widths: list[int], rules: ColumnRules, beam: int, max_states: int
) -> list[list[Split]]:
    R = len(cands)
    # one constraint per (equation, column): (coefficient by row, column)
    constraints: list[tuple[dict[int, Number], int]] = []
    for eq in rules.equations:
        coefs: dict[int, Number] = {}
        for r, c in eq.terms:
            coefs[r] = coefs.get(r, 0) + c
        coefs = {r: c for r, c in coefs.items() if c}
        if not coefs:
            continue
        if not all(0 <= r < R for r in coefs):
            raise ValueError(f"equation {eq.name or eq.terms} refers to a row outside 0..{R - 1}")
        for col in eq.column_indices(widths):
            if any(not 0 <= col < widths[r] for r in coefs):
                raise ValueError(f"equation {eq.name or eq.terms}: column {col} out of range")
            constraints.append((coefs, col))
    K = len(constraints)
    # contrib[r][i][k]: what candidate i of row r adds to constraint k
    contrib = [
        [tuple(coefs[r] * s.values[col] if r in coefs else 0 for coefs, col in constraints) for s in cands[r]]
        for r in range(R)
    ]
    alive = _column_consistent(contrib, [c[0] for c in constraints], R)
    if any(not a for a in alive):
        return []
    # fixed rows first: they only shift the state; then the totals (rows with a negative coefficient):
    # once chosen they bound every part, which keeps the states of many open parts few
    totals = {r for coefs, _ in constraints for r, c in coefs.items() if c < 0}
    order = sorted(range(R), key=lambda r: (len(alive[r]) > 1, r not in totals, len(alive[r]), r))
    closes_at = [max(order.index(r) for r in coefs) for coefs, _ in constraints]
    # lo[j][k], hi[j][k]: range the rows order[j:] can still add to constraint k
    lo: list[list[Number]] = [[0] * K for _ in range(R + 1)]
    hi: list[list[Number]] = [[0] * K for _ in range(R + 1)]
    for j in range(R - 1, -1, -1):
        for k in range(K):
            vals = [contrib[order[j]][i][k] for i in alive[order[j]]]
            lo[j][k] = lo[j + 1][k] + min(vals)
            hi[j][k] = hi[j + 1][k] + max(vals)
    tol = rules.tol

    def key(sums: tuple[Number, ...]) -> tuple[Number, ...]:
        return tuple(round(x, 9) if isinstance(x, float) else x for x in sums)

    Partial = tuple[float, tuple[int, ...]]  # (summed plausibility, candidate index per row so far)
    states: dict[tuple[Number, ...], tuple[tuple[Number, ...], list[Partial]]]
    states = {key((0,) * K): ((0,) * K, [(0.0, ())])}
    for j, r in enumerate(order):
        nxt: dict[tuple[Number, ...], tuple[tuple[Number, ...], list[Partial]]] = {}
        closing = [k for k in range(K) if closes_at[k] == j]
        for sums, partials in states.values():
            for i in alive[r]:
                new = tuple(a + b for a, b in zip(sums, contrib[r][i]))
                if any(abs(new[k]) > tol for k in closing):
                    continue
                if any(new[k] + lo[j + 1][k] > tol or new[k] + hi[j + 1][k] < -tol for k in range(K)):
                    continue
                p = cands[r][i].plausibility
                slot = nxt.setdefault(key(new), (new, []))
                slot[1].extend((sc + p, (*idx, i)) for sc, idx in partials)
        if len(nxt) > max_states:
            raise SplitLimitExceeded(f"table states after {j + 1} rows", len(nxt), max_states)
        for _, partials in nxt.values():
            partials.sort(key=lambda e: (-e[0], e[1]))
            del partials[beam:]
        states = nxt
    finals = []
    for _, partials in states.values():
        for score, idx in partials:
            by_row = [0] * R
            for j, i in enumerate(idx):
                by_row[order[j]] = i
            finals.append((score, tuple(by_row)))
    finals.sort(key=lambda e: (-e[0], e[1]))
    return [[cands[r][i] for r, i in enumerate(idx)] for _, idx in finals[:beam]]


def _column_consistent(
    contrib: list[list[tuple[Number, ...]]], coefs: list[dict[int, Number]], R: int
) -> list[list[int]]:
    """Candidates of each row that can take part in a solution of every single (equation,
    column) constraint, judged on the reachable partial sums of that column alone and repeated
    to a fixpoint. Sound (it only drops readings that no full solution can use) and cheap, it
    removes most of the choice before the joint search. Constraints with decimal values or too
    many reachable sums are left to the joint search."""
    alive = [list(range(len(contrib[r]))) for r in range(R)]
    changed = True
    while changed:
        changed = False
        for k, rows_coefs in enumerate(coefs):
            rows = sorted(rows_coefs)
            doms = [{contrib[r][i][k] for i in alive[r]} for r in rows]
            if any(isinstance(x, float) for d in doms for x in d):
                continue
            prefix, suffix = _reachable_sums(doms), _reachable_sums(doms[::-1])
            if prefix is None or suffix is None:
                continue
            for j, r in enumerate(rows):
                before, after = prefix[j], suffix[len(rows) - j - 1]
                if len(before) <= len(after):
                    ok = {x for x in doms[j] if any(-(f + x) in after for f in before)}
                else:
                    ok = {x for x in doms[j] if any(-(a + x) in before for a in after)}
                keep = [i for i in alive[r] if contrib[r][i][k] in ok]
                if len(keep) < len(alive[r]):
                    alive[r] = keep
                    changed = True
                    if not keep:
                        return alive
    return alive


def _reachable_sums(doms: list[set[Number]], max_set: int = 20000) -> list[set[Number]] | None:
    """sets[j]: every sum of one value from each of doms[:j]; None once a set grows too big."""
    sets: list[set[Number]] = [{0}]
    for d in doms:
        nxt = {f + x for f in sets[-1] for x in d}
        if len(nxt) > max_set:
            return None
        sets.append(nxt)
    return sets
