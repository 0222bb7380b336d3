"""The reports' own consistency rules (勾稽关系), checked on what was extracted.

The rules are data (``rules`` in ``service/data/tables.yaml``, compiled by the catalog). A rule whose
cells were not all extracted (or are blank) is ``not_assessable``, unless the cells it has already
break it (``_exceeded``). A check keeps the cells it read, each with the value and its evidence, so that
what reports on it (the JSON's ``detail``, the audit) never reads numbers back out of text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from service.catalog import Catalog, RuleInstance, get_catalog
from service.schema import Check, Indicator

Number = int | float
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
            (text,), (table,) = self.left, self.right
            assert text.evidence is not None and text.value is not None and table.value is not None
            return (
                f"{self.where}: text {_fmt(text.value)} ({text.evidence.raw!r} at {text.evidence.start}) "
                f"{'=' if self.status == 'pass' else '≠'} table {_fmt(table.value)}"
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
        missing cell "?"."""
        part = {"column": 1, "row": 2, "block": 2}.get(self.per)
        return " + ".join(
            f"{c.id.split('.')[part] if part else c.id} {'?' if c.value is None else _fmt(c.value)}" for c in cells
        )

    @staticmethod
    def _sum(cells: tuple[CellRef, ...]) -> str:
        """The side's sum; "≥ 14" where a cell is missing (a rule fails so where the rest exceed the other side)."""
        known = _fmt(sum(c.value for c in cells if c.value is not None))
        return f"≥ {known}" if any(c.value is None for c in cells) else known

    def to_schema(self) -> Check:
        return Check(
            rule=self.rule,
            status=self.status,
            detail=self.detail,
            where=self.where,
            left=[c.id for c in self.left],
            right=[c.id for c in self.right],
        )


def year_values(indicators: Iterable[Indicator], source: str = "table") -> dict[str, Indicator]:
    """The value of the report year each id is checked with: its first printed one."""
    v: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.source == source and ind.period == "year" and ind.value is not None:
            v.setdefault(ind.id, ind)
    return v


def evaluate(
    inst: RuleInstance, vals: Mapping[str, Number], evidence: Mapping[str, Indicator] | None = None
) -> RuleCheck:
    """One equation of a rule on the values: pass, fail, or not_assessable when a cell is missing (and
    the others do not already break it)."""
    evidence = evidence or {}
    left = tuple(i for i in inst.left if i in vals) if inst.rule.printed_parts else inst.left

    def refs(ids: Iterable[str]) -> tuple[CellRef, ...]:
        return tuple(CellRef(i, vals.get(i), evidence.get(i)) for i in ids)

    check = RuleCheck(
        inst.rule.id, "not_assessable", inst.where, inst.rule.table, inst.rule.per, refs(left), refs(inst.right)
    )
    if check.missing:
        return replace(check, status="fail") if _exceeded(check) else check
    ok = _eq(sum(vals[i] for i in left), sum(vals[i] for i in inst.right))
    return replace(check, status="pass" if ok else "fail")


def _exceeded(check: RuleCheck) -> bool:
    """Whether the cells one side has already sum above the other side, whole: the equation fails
    whatever the missing cells hold, the rules' cells being counts (a row the text did not let us read
    does not hide that 表三's 总计 row says 0 where its results already make 14)."""
    for part, whole in ((check.left, check.right), (check.right, check.left)):
        known = [c.value for c in part if c.value is not None]
        if (
            all(c.value is not None for c in whole)
            and all(v >= 0 for v in known)
            and sum(known) > sum(c.value or 0 for c in whole) + 1e-6
        ):
            return True
    return False


def check_all(indicators: list[Indicator], catalog: Catalog | None = None) -> list[RuleCheck]:
    catalog = catalog or get_catalog()
    evidence = year_values(indicators)
    vals: dict[str, Number] = {k: ind.value for k, ind in evidence.items() if ind.value is not None}
    # 2019's 表三 has （六）其他处理 where 2021's has three sub-rows
    template = "2019" if any(k.startswith("t3.other_handling.") for k in vals) else "2021"
    checks: list[RuleCheck] = []
    for inst in catalog.rule_instances(template):
        table = inst.rule.table
        if table is not None and not any(k.startswith(f"{table}.") for k in vals):
            continue  # the table is not in the report
        if inst.rule.per == "row" and not any(i in vals for i in (*inst.left, *inst.right)):
            continue  # a row with no value at all: nothing to check
        if inst.rule.printed_parts and not (any(i in vals for i in inst.left) and all(i in vals for i in inst.right)):
            continue  # a customary rule over parts the report does not print
        checks.append(evaluate(inst, vals, evidence))
    return checks + _text_vs_table(indicators, evidence)


def _text_vs_table(indicators: list[Indicator], table: dict[str, Indicator]) -> list[RuleCheck]:
    out = []
    for cid, text in year_values(indicators, "text").items():
        if cid not in table:
            continue
        t = table[cid]
        assert text.value is not None and t.value is not None
        out.append(
            RuleCheck(
                TEXT_VS_TABLE, "pass" if _eq(text.value, t.value) else "fail", cid, None, "once",
                (CellRef(cid, text.value, text),), (CellRef(cid, t.value, t),),
            )
        )  # fmt: skip
    return out
