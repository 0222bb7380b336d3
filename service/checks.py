"""The reports' own consistency rules (勾稽关系), checked on what was extracted.

The rules are data (``rules`` in ``service/data/tables.yaml``, compiled by the catalog). A rule whose
cells were not all extracted (or are blank) is ``not_assessable``, never failed.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.catalog import Catalog, RuleInstance, get_catalog
from service.schema import Check, Indicator

Number = int | float


def _fmt(v: Number) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-6


def _values(indicators: Iterable[Indicator], source: str = "table") -> dict[str, Number]:
    """Values of the report year, first printed value per id."""
    v: dict[str, Number] = {}
    for ind in indicators:
        if ind.source == source and ind.period == "year" and ind.value is not None:
            v.setdefault(ind.id, ind.value)
    return v


def _side(inst: RuleInstance, ids: Iterable[str], vals: dict[str, Number]) -> str:
    """"new_received 3 + carried_over 1": each cell named by what differs along the equation."""
    part = {"column": 1, "row": 2, "block": 2}.get(inst.rule.per)
    return " + ".join(f"{i.split('.')[part] if part else i} {_fmt(vals[i])}" for i in ids)


def evaluate(inst: RuleInstance, vals: dict[str, Number]) -> Check:
    """One equation of a rule on the values: pass, fail, or not_assessable when a cell is missing."""
    left = tuple(i for i in inst.left if i in vals) if inst.rule.printed_parts else inst.left
    cells = [*left, *inst.right]
    missing = [i for i in cells if i not in vals]
    if missing:
        return Check(
            rule=inst.rule.id, status="not_assessable", detail=f"{inst.where}: missing {', '.join(missing[:4])}",
            where=inst.where, left=list(left), right=list(inst.right),
        )  # fmt: skip
    lsum, rsum = sum(vals[i] for i in left), sum(vals[i] for i in inst.right)
    ok = _eq(lsum, rsum)
    return Check(
        rule=inst.rule.id,
        status="pass" if ok else "fail",
        detail=f"{inst.where}: {_side(inst, left, vals)} = {_fmt(lsum)} {'=' if ok else '≠'} "
        f"{_side(inst, inst.right, vals)}" + (f" = {_fmt(rsum)}" if len(inst.right) > 1 else ""),
        where=inst.where,
        left=list(left),
        right=list(inst.right),
    )


def check_all(indicators: list[Indicator], catalog: Catalog | None = None) -> list[Check]:
    catalog = catalog or get_catalog()
    vals = _values(indicators)
    # 2019's 表三 has （六）其他处理 where 2021's has three sub-rows
    template = "2019" if any(k.startswith("t3.other_handling.") for k in vals) else "2021"
    checks: list[Check] = []
    for inst in catalog.rule_instances(template):
        table = inst.rule.table
        if table is not None and not any(k.startswith(f"{table}.") for k in vals):
            continue  # the table is not in the report
        if inst.rule.per == "row" and not any(i in vals for i in (*inst.left, *inst.right)):
            continue  # a row with no value at all: nothing to check
        if inst.rule.printed_parts and not (any(i in vals for i in inst.left) and all(i in vals for i in inst.right)):
            continue  # a customary rule over parts the report does not print
        checks.append(evaluate(inst, vals))
    return checks + _text_vs_table(indicators)


def _text_vs_table(indicators: list[Indicator]) -> list[Check]:
    table = _values(indicators, "table")
    out = []
    seen: set[str] = set()
    for ind in indicators:
        if ind.source != "text" or ind.period != "year" or ind.value is None or ind.id in seen:
            continue
        if ind.id not in table:
            continue
        seen.add(ind.id)
        t = table[ind.id]
        ok = _eq(ind.value, t)
        out.append(
            Check(
                rule="text_vs_table",
                status="pass" if ok else "fail",
                detail=f"{ind.id}: text {_fmt(ind.value)} ({ind.raw!r} at {ind.start}) "
                f"{'=' if ok else '≠'} table {_fmt(t)}",
                where=ind.id,
                left=[ind.id],
                right=[ind.id],
            )
        )
    return out
