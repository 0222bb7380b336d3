"""Several years of one unit: the cross-year carried-over check and the year-over-year changes.

This year's 表三 上年结转 must equal last year's 结转下年度继续办理; a failed check is a problem of
this year's report. It needs the reports of two consecutive years, both with the cells; otherwise
it "could not be checked".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Literal, Protocol

from service.audit.models import CarryCheck, Evidence, ReportAudit, UnitHistory, YoYCell, YoYRow
from service.audit.names import Number, fmt_number
from service.checks import year_values
from service.schema import Indicator


class Reported(Protocol):
    """What the cross-year checks read of a report: an ``Extraction``, or a report stored by a corpus run."""

    @property
    def text(self) -> str: ...
    @property
    def indicators(self) -> Sequence[Indicator]: ...


Member = tuple[ReportAudit, Reported]

# Main indicators followed from year to year: alternatives in order of preference; an alternative
# with several ids is their sum (行政诉讼 = 未经复议直接起诉 + 复议后起诉).
YOY_SERIES: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...] = (
    ("active", "主动公开政府信息数", (("active.total",),)),
    (
        "normative",
        "规范性文件（本年制发 / 新制作）",
        (("t2.normative_documents.issued",), ("t2.normative_documents.made",)),
    ),
    ("licensing", "行政许可处理决定数", (("t2.licensing.decisions",),)),
    ("penalty", "行政处罚处理决定数", (("t2.penalty.decisions",),)),
    ("requests", "新收政府信息公开申请数", (("t3.new_received.total",), ("request.received",))),
    ("review", "行政复议（总计）", (("t4.review.total",), ("review.total",))),
    (
        "litigation",
        "行政诉讼（总计）",
        (("t4.litigation_direct.total", "t4.litigation_after_review.total"), ("litigation.total",)),
    ),
)

_GENERIC_SUFFIX = re.compile(r"(人民政府|政府|管理委员会|管委会|办公厅|办公室)$")


def unit_histories(members: list[Member]) -> list[UnitHistory]:
    """The history of every unit with reports of two years or more; each failed carried-over check
    is also recorded on the later report's audit."""
    units: list[UnitHistory] = []
    for unit, group in sorted(_group_units(members).items()):
        history = _history(unit, f"unit-{len(units) + 1}", group)
        if history is not None:
            units.append(history)
    by_anchor = {a.anchor: a for a, _ in members}
    for check in (c for u in units for c in u.carry_checks if c.status == "fail"):
        target = by_anchor[check.to_anchor]
        target.cross_year.append(check)
        target.counts.cross_year += 1
        target.problems = target.counts.total
    return units


def _group_units(members: list[Member]) -> dict[str, list[Member]]:
    """Reports per unit. A name that is the tail of exactly one longer name joins it (洪泽区人民政府 →
    淮安市洪泽区人民政府) when what is left without 人民政府/管委会… still names a place (2+ chars)."""
    names = sorted({a.unit for a, _ in members if a.organization}, key=len, reverse=True)
    canonical = {n: n for n in names}
    for short in names:
        if len(_GENERIC_SUFFIX.sub("", short)) < 2:
            continue
        longer = [n for n in names if len(n) > len(short) and n.endswith(short)]
        if len(longer) == 1:
            canonical[short] = canonical[longer[0]]
    groups: dict[str, list[Member]] = {}
    for m in members:
        groups.setdefault(canonical.get(m[0].unit, m[0].unit), []).append(m)
    return groups


def _has_t3(extraction: Reported) -> bool:
    return any(i.id.startswith("t3.") for i in extraction.indicators)


def _series_value(
    alternatives: tuple[tuple[str, ...], ...], extraction: Reported
) -> tuple[Number, str, str, bool] | None:
    """(value, ids, source, approximate) of a series in one report: a table's cells first, else the text's."""
    table = year_values(extraction.indicators, "table")
    for ids in alternatives:
        if all(i in table for i in ids):
            return sum(table[i].value or 0 for i in ids), "+".join(ids), "table", False
    prose = year_values(extraction.indicators, "text")
    for ids in alternatives:
        if len(ids) == 1 and ids[0] in prose:
            ind = prose[ids[0]]
            assert ind.value is not None
            return ind.value, ids[0], "text", ind.approximate
    return None


def _carry_check(unit: str, prev: Member, cur: Member) -> CarryCheck | None:
    (pa, pe), (ca, ce) = prev, cur
    forward = year_values(pe.indicators).get("t3.carried_forward.total")
    over = year_values(ce.indicators).get("t3.carried_over.total")
    has_t3 = [_has_t3(pe), _has_t3(ce)]
    if not any(has_t3):
        return None  # two old-form reports: the rule does not apply
    assert pa.year is not None and ca.year is not None
    status: Literal["pass", "fail", "not_assessable"] = "not_assessable"
    if forward is None or over is None:
        missing = []
        if forward is None:
            missing.append(f"{pa.year}年报告" + ("无表三" if not has_t3[0] else "未检出“结转下年度继续办理”总计"))
        if over is None:
            missing.append(
                f"{ca.year}年报告" + ("无表三" if not has_t3[1] else "未检出“上年结转政府信息公开申请数量”总计")
            )
        detail = "；".join(missing)
    else:
        assert forward.value is not None and over.value is not None
        ok = abs(forward.value - over.value) < 1e-6
        status = "pass" if ok else "fail"
        detail = f"{ca.year}年上年结转 {fmt_number(over.value)} {'=' if ok else '≠'} {pa.year}年结转下年度 {fmt_number(forward.value)}"
    return CarryCheck(
        unit=unit, from_year=pa.year, to_year=ca.year, from_report=pa.name, to_report=ca.name,
        from_anchor=pa.anchor, to_anchor=ca.anchor, status=status,
        carried_forward=Evidence.of(pe.text, forward) if forward is not None else None,
        carried_over=Evidence.of(ce.text, over) if over is not None else None,
        detail=detail,
    )  # fmt: skip


def _history(unit: str, anchor: str, members: list[Member]) -> UnitHistory | None:
    notes = []
    by_year: dict[int, Member] = {}
    for m in sorted((m for m in members if m[0].year is not None), key=lambda m: m[0].year or 0):
        year = m[0].year
        assert year is not None
        if year in by_year:
            notes.append(f"{year}年有多份报告（{by_year[year][0].name}、{m[0].name}），跨年比较只用第一份")
            continue
        by_year[year] = m
    if len(by_year) < 2:
        return None
    years = sorted(by_year)
    carry: list[CarryCheck] = []
    for a, b in itertools.pairwise(years):
        if b != a + 1:
            if _has_t3(by_year[b][1]):
                gap = f"{a + 1}年" + (f"至{b - 1}年" if b - 1 > a + 1 else "")
                notes.append(f"没有{gap}的报告：{b}年的上年结转无法与上一年度核对")
            continue
        check = _carry_check(unit, by_year[a], by_year[b])
        if check is not None:
            carry.append(check)
    return UnitHistory(
        unit=unit,
        anchor=anchor,
        names=list(dict.fromkeys(a.organization or a.unit for a, _ in members)),
        years=years,
        reports=[by_year[y][0].name for y in years],
        carry_checks=carry,
        yoy=_yoy(years, by_year),
        notes=notes,
    )


def _yoy(years: list[int], by_year: dict[int, Member]) -> list[YoYRow]:
    """The main indicators year by year, each with its change since the last year that has it."""
    rows = []
    for key, label, alternatives in YOY_SERIES:
        cells: list[YoYCell] = []
        last: YoYCell | None = None
        for y in years:
            audit, extraction = by_year[y]
            cell = YoYCell(year=y, report=audit.name)
            got = _series_value(alternatives, extraction)
            if got is not None:
                cell.value, cell.id, cell.source, cell.approximate = got
                if last is not None and last.value is not None:
                    cell.since = last.year
                    cell.change = got[0] - last.value
                    if last.value:
                        cell.change_pct = round(100 * cell.change / last.value, 1)
                last = cell
            cells.append(cell)
        if any(c.value is not None for c in cells):
            rows.append(YoYRow(key=key, label=label, cells=cells))
    return rows
