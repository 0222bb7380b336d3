"""What the checks say, for people: failed rules with their cells, text-vs-table conflicts with both
pieces of evidence, and the rules that could not be checked.

Only a ``fail`` is a finding; a ``not_assessable`` check (a needed cell missing or blank) is listed
apart, and a ``pass`` is only counted. Each check carries the cells it read with their evidence.
"""

from __future__ import annotations

from typing import Literal

from service.audit.models import Conflict, Evidence, RuleCell, RuleFinding, Unchecked
from service.audit.names import RULE_MEANINGS, SOFT_RULES, TABLE_NAMES, cell_name, check_table, where_label
from service.catalog import Catalog
from service.checks import TEXT_VS_TABLE, CellRef, RuleCheck


def _sides(check: RuleCheck) -> tuple[tuple[Literal["left", "right"], tuple[CellRef, ...]], ...]:
    return ("left", check.left), ("right", check.right)


def failed_rule(catalog: Catalog, check: RuleCheck) -> RuleFinding:
    """A failed equation: its table, place, meaning, and each cell with its value and evidence."""
    table = check_table(check)
    cells = [
        RuleCell(id=c.id, label=cell_name(catalog, c.id), value=c.value, raw=c.evidence.raw,
                 start=c.evidence.start, end=c.evidence.end, side=side)
        for side, refs in _sides(check)
        for c in refs
        if c.value is not None and c.evidence is not None
    ]  # fmt: skip
    return RuleFinding(
        rule=check.rule,
        meaning=RULE_MEANINGS.get(check.rule, check.rule),
        table=table,
        table_name=TABLE_NAMES.get(table, table),
        where=check.where,
        where_label=where_label(catalog, check),
        cells=cells,
        left=sum(c.value for c in cells if c.side == "left"),
        right=sum(c.value for c in cells if c.side == "right"),
        soft=check.rule in SOFT_RULES,
        detail=check.detail,
    )


def conflict(catalog: Catalog, text: str, check: RuleCheck) -> Conflict:
    """A value the text states otherwise than the table: both, each in its context."""
    (prose,) = check.left
    assert prose.evidence is not None and all(c.evidence is not None for c in check.right)
    return Conflict(
        id=check.where,
        label=cell_name(catalog, check.where),
        text=Evidence.of(text, prose.evidence),
        table=[Evidence.of(text, c.evidence) for c in check.right if c.evidence is not None],
        table_value=sum(c.value for c in check.right if c.value is not None),
        detail=check.detail,
    )


def unchecked(catalog: Catalog, check: RuleCheck) -> Unchecked:
    """A rule that could not be computed, with the cells it lacked."""
    table = check_table(check)
    names = "、".join(cell_name(catalog, i) for i in check.missing[:4])
    more = f" 等 {len(check.missing)} 项" if len(check.missing) > 4 else ""
    return Unchecked(
        rule=check.rule,
        meaning=RULE_MEANINGS.get(check.rule, check.rule),
        table_name=TABLE_NAMES.get(table, table),
        where_label=where_label(catalog, check),
        reason=f"未读取到或空白：{names}{more}",
        missing=check.missing,
    )


def findings(
    catalog: Catalog, text: str, checks: list[RuleCheck]
) -> tuple[list[RuleFinding], list[Conflict], list[Unchecked]]:
    """The failed rules, the text-vs-table conflicts and the rules that could not be checked."""
    failed = [failed_rule(catalog, c) for c in checks if c.status == "fail" and c.rule != TEXT_VS_TABLE]
    conflicts = [conflict(catalog, text, c) for c in checks if c.status == "fail" and c.rule == TEXT_VS_TABLE]
    return failed, conflicts, [unchecked(catalog, c) for c in checks if c.status == "not_assessable"]
