"""The reports' own consistency rules (勾稽关系), checked on what was extracted.

The rules are data (``rules`` in ``service/data/tables.yaml``, compiled by the catalog). A rule whose
cells were not all extracted (or are blank) is ``not_assessable``, unless no value of its missing cells
can make it hold: the cells are counts, and the other rules bound what a missing one may be
(``_upper_bounds``). A check keeps the cells it read, each with the value and its evidence, so that
what reports on it (the JSON's ``detail``, the audit) never reads numbers back out of text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from math import inf, isinf
from typing import Literal

from service.catalog import Catalog, RuleInstance, get_catalog
from service.schema import Check, Indicator

Number = int | float
Range = tuple[float, float]
Status = Literal["pass", "fail", "not_assessable"]
TEXT_VS_TABLE = "text_vs_table"


def _fmt(v: Number) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-6


@dataclass(frozen=True)
class CellRef:
    """One cell of a check: its indicator id, the value the check read and where it was read."""

    id: str
    value: Number | None  # None: not extracted, or blank
    evidence: Indicator | None = None
    at_most: float = inf  # of a missing cell: what the other rules leave it

    @property
    def range(self) -> Range:
        return (0, self.at_most) if self.value is None else (self.value, self.value)


@dataclass(frozen=True)
class RuleCheck:
    """One equation of a rule on one report, sum(left) = sum(right); for ``text_vs_table`` the text's
    value (left) against the table's (right)."""

    rule: str
    status: Status
    where: str  # "total column", "review block", "applications by channel"; the id for text_vs_table
    table: str | None  # the form table the rule holds in (None: indicators of any table or of the text)
    per: Literal["column", "row", "block", "once"]  # as the rule holds in its table
    left: tuple[CellRef, ...]
    right: tuple[CellRef, ...]

    @property
    def cells(self) -> tuple[CellRef, ...]:
        return self.left + self.right

    @property
    def missing(self) -> list[str]:
        """Ids of the cells without a value: why a check is not assessable."""
        return [c.id for c in self.cells if c.value is None]

    @property
    def detail(self) -> str:
        """The equation with its values, as the JSON states it."""
        if self.rule == TEXT_VS_TABLE:
            (text,) = self.left
            assert text.evidence is not None and text.value is not None
            # the same id: its value; the form's cells of the same fact: each named, their sum if several
            table = _value(self.right[0]) if [c.id for c in self.right] == [text.id] else self._side(self.right)
            if len(self.right) > 1:
                table += f" = {self._sum(self.right)}"
            return (
                f"{self.where}: text {_fmt(text.value)} ({text.evidence.raw!r} at {text.evidence.start}) "
                f"{'=' if self.status == 'pass' else '≠'} table {table}"
            )
        if self.status == "not_assessable":
            return f"{self.where}: missing {', '.join(self.missing[:4])}"
        lsum, rsum = (self._sum(side) for side in (self.left, self.right))
        return (
            f"{self.where}: {self._side(self.left)} = {lsum} {'=' if self.status == 'pass' else '≠'} "
            f"{self._side(self.right)}" + (f" = {rsum}" if len(self.right) > 1 else "")
        )

    def _side(self, cells: Iterable[CellRef]) -> str:
        """ "new_received 3 + carried_over 1": each cell named by what differs along the equation; a
        missing cell "?", with what the other rules leave it ("? (≤ 3)")."""
        part = {"column": 1, "row": 2, "block": 2}.get(self.per)
        return " + ".join(f"{c.id.split('.')[part] if part else c.id} {_value(c)}" for c in cells)

    @staticmethod
    def _sum(cells: tuple[CellRef, ...]) -> str:
        """The side's sum; "≥ 14" or "1 to 2" where a cell is missing (a rule fails so where no value of
        the missing cells makes it hold)."""
        lo, hi = _side_range(cells)
        if lo == hi:
            return _fmt(lo)
        return f"≥ {_fmt(lo)}" if isinf(hi) else f"{_fmt(lo)} to {_fmt(hi)}"

    def to_schema(self) -> Check:
        return Check(
            rule=self.rule,
            status=self.status,
            detail=self.detail,
            where=self.where,
            left=[c.id for c in self.left],
            right=[c.id for c in self.right],
        )


def _value(c: CellRef) -> str:
    if c.value is not None:
        return _fmt(c.value)
    if isinf(c.at_most):
        return "?"
    return f"? ({'0' if c.at_most == 0 else f'≤ {_fmt(c.at_most)}'})"


def _side_range(cells: Iterable[CellRef]) -> Range:
    ranges = [c.range for c in cells]
    return sum(lo for lo, _ in ranges), sum(hi for _, hi in ranges)


def year_values(indicators: Iterable[Indicator], source: str = "table") -> dict[str, Indicator]:
    """The value of the report year each id is checked with: its first printed one."""
    v: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.source == source and ind.period == "year" and ind.value is not None:
            v.setdefault(ind.id, ind)
    return v


def evaluate(
    inst: RuleInstance,
    vals: Mapping[str, Number],
    evidence: Mapping[str, Indicator] | None = None,
    at_most: Mapping[str, float] | None = None,
) -> RuleCheck:
    """One equation of a rule on the values: pass, fail, or not_assessable when a cell is missing (and
    no count up to the missing cells' ``at_most`` can make it hold)."""
    evidence, at_most = evidence or {}, at_most or {}
    left = tuple(i for i in inst.left if i in vals) if inst.rule.printed_parts else inst.left

    def refs(ids: Iterable[str]) -> tuple[CellRef, ...]:
        return tuple(CellRef(i, vals.get(i), evidence.get(i), at_most.get(i, inf)) for i in ids)

    check = RuleCheck(
        inst.rule.id, "not_assessable", inst.where, inst.rule.table, inst.rule.per, refs(left), refs(inst.right)
    )
    if check.missing:
        return replace(check, status="fail") if _exceeded(check) else check
    ok = _eq(sum(vals[i] for i in left), sum(vals[i] for i in inst.right))
    return replace(check, status="pass" if ok else "fail")


def _exceeded(check: RuleCheck) -> bool:
    """Whether the equation fails whatever its missing cells hold, the rules' cells being counts: a row
    the text did not let us read does not hide that 表三's 总计 row says 0 where its results already make
    14, nor, once the total column bounds that row, that a column's results fall short of its 总计."""
    if any(c.value is not None and c.value < 0 for c in check.cells):
        return False
    (llo, lhi), (rlo, rhi) = _side_range(check.left), _side_range(check.right)
    return llo > rhi + 1e-6 or rlo > lhi + 1e-6


def _bounding(insts: Iterable[RuleInstance], vals: Mapping[str, Number]) -> list[RuleInstance]:
    """The equations that bound missing cells: hard rules over counts (no value below zero) with a
    cell missing."""
    return [
        inst
        for inst in insts
        if not inst.rule.soft
        and all(vals.get(i, 0) >= 0 for i in (*inst.left, *inst.right))
        and any(i not in vals for i in (*inst.left, *inst.right))
    ]


def _upper_bounds(insts: Iterable[RuleInstance], vals: Mapping[str, Number]) -> dict[str, float]:
    """The most each missing cell of the equations (``_bounding``) may hold, cells being counts: what
    the rest of an equation leaves it. 表三's total column bounds the 总计 of a row the text did not let
    us read (the column's 总计 less the other rows'), and that 总计 bounds the row's cells; bounds narrow
    from equation to equation until none changes. Upper bounds only: where the report's own slip makes
    the equations disagree, lower bounds forced along them would fail rules the slip is not in. A check
    takes the bounds of the other equations: its own would only restate it."""
    eqs = [(inst.left, inst.right) for inst in insts]
    hi: dict[str, float] = {i: inf for left, right in eqs for i in (*left, *right) if i not in vals}
    for _ in range(len(eqs)):
        changed = False
        for left, right in eqs:
            for side, other in ((left, right), (right, left)):
                # the other side at its most, less what this side already has (its missing cells at 0)
                bound = sum(vals[i] if i in vals else hi[i] for i in other) - sum(vals.get(i, 0) for i in side)
                for i in side:
                    if i in hi and 0 <= bound < hi[i]:
                        hi[i], changed = bound, True
        if not changed:
            break
    return hi


def check_all(indicators: list[Indicator], catalog: Catalog | None = None) -> list[RuleCheck]:
    catalog = catalog or get_catalog()
    evidence = year_values(indicators)
    vals: dict[str, Number] = {k: ind.value for k, ind in evidence.items() if ind.value is not None}
    # 2019's 表三 has （六）其他处理 where 2021's has three sub-rows
    template = "2019" if any(k.startswith("t3.other_handling.") for k in vals) else "2021"
    present = [
        inst
        for inst in catalog.rule_instances(template)
        if inst.rule.table is None or any(k.startswith(f"{inst.rule.table}.") for k in vals)
    ]  # the rules of the tables in the report
    bounding = _bounding(present, vals)
    checks: list[RuleCheck] = []
    for inst in present:
        if inst.rule.per == "row" and not any(i in vals for i in (*inst.left, *inst.right)):
            continue  # a row with no value at all: nothing to check
        if inst.rule.printed_parts and not (any(i in vals for i in inst.left) and all(i in vals for i in inst.right)):
            continue  # a customary rule over parts the report does not print
        bounds = _upper_bounds((other for other in bounding if other is not inst), vals) if inst in bounding else {}
        checks.append(evaluate(inst, vals, evidence, bounds))
    return checks + _text_vs_table(indicators, evidence, catalog)


def _text_vs_table(indicators: list[Indicator], table: dict[str, Indicator], catalog: Catalog) -> list[RuleCheck]:
    """Each prose value against the table's: the same id, or the form's cells that state the same fact
    (2019 on, 收到申请 is 表三's 本年新收 总计), where the table gives every one of them."""
    out = []
    for gid, text in year_values(indicators, "text").items():
        cells = next((ids for ids in catalog.stated_in_tables(gid) if all(i in table for i in ids)), None)
        if cells is None:
            continue
        right = tuple(CellRef(i, table[i].value, table[i]) for i in cells)
        total = sum(c.value for c in right if c.value is not None)
        assert text.value is not None
        status: Status = "pass" if _eq(text.value, total) else "fail"
        out.append(RuleCheck(TEXT_VS_TABLE, status, gid, None, "once", (CellRef(gid, text.value, text),), right))
    return out
