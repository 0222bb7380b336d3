"""Per-report audit for oversight offices: completeness, failed rules, conflicts, cross-year checks.

``audit(results)`` turns extraction results (``[(name, text, ExtractResult), ...]``) into an
``AuditReport``; ``render_html`` / ``render_md`` render it with the Jinja2 templates in
``service/templates`` (the HTML is one self-contained file: inline CSS and JS, no external URL).

What counts as a finding, and what never does:

- only checks whose status is ``fail`` are findings; ``not_assessable`` checks are listed apart as
  "could not be checked" (无法核验), and passing checks are only counted;
- a section is reported missing only when neither the extractor's sections nor a numbered heading
  naming it ("三、收到和处理政府信息公开申请情况", also when crawler text glued it into a line) is
  found, and it is worded as "not found" (未检出), which is what the audit knows;
- a cross-year carried-over mismatch needs two reports of one unit for consecutive years, both with
  the cells; otherwise it is "could not be checked".
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from service.catalog import Catalog, get_catalog
from service.normalize import Normalized, normalize, normalize_label
from service.schema import Check, Entity, ExtractOptions, ExtractResult, Indicator
from service.sections import section_key

Number = int | float

# --- names and meanings ----------------------------------------------------------------------

TABLE_NAMES: dict[str, str] = {
    "t2": "表二 主动公开政府信息情况",
    "t3": "表三 收到和处理政府信息公开申请情况",
    "t4": "表四 政府信息公开行政复议、行政诉讼情况",
    "general": "统计表（政府信息公开情况统计表）",
}
TABLE_SHORT: dict[str, str] = {"t2": "表二", "t3": "表三", "t4": "表四", "general": "统计表"}

SECTION_NAMES: dict[str, str] = {
    "overview": "总体情况",
    "active_disclosure": "主动公开政府信息情况",
    "requests": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other_matters": "其他需要报告的事项",
}
SIX_SECTIONS = tuple(SECTION_NAMES)
#: 2008 条例 第三十二条: the old reports must state these (an 概述 is customary, not required).
PRE2019_SECTIONS = ("active_disclosure", "requests", "review_litigation", "problems", "other_matters")

#: the forms' rules mean what the catalog says; the audit adds its own two
RULE_MEANINGS: dict[str, str] = {
    **{r.id: r.meaning for r in get_catalog().rules.values()},
    "text_vs_table": "正文所述数字与表格中同一指标的数字一致",
    "cross_year.carried_over": "本年表三“二、上年结转政府信息公开申请数量”总计"
    "等于上一年度报告表三“四、结转下年度继续办理”总计",
}
SOFT_RULES = frozenset(r.id for r in get_catalog().rules.values() if r.soft)

STATUS_NAMES = {"pass": "一致", "fail": "不一致", "not_assessable": "无法核验"}
ROW_REASONS = {
    "not_found": "未检出该行",
    "all_blank": "整行空白或为“/”（见上方空白单元格）",
    "unread": "原文中该行后似有数字，但未能自动读取，请人工核对（不计为问题）",
}

# Main indicators followed from year to year: alternatives in order of preference; an alternative
# with several ids is their sum (行政诉讼 = 未经复议直接起诉 + 复议后起诉).
YOY_SERIES: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...] = (
    ("active", "主动公开政府信息数", (("active.total",),)),
    ("normative", "规范性文件（本年制发 / 新制作）", (("t2.normative_documents.issued",), ("t2.normative_documents.made",))),
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

ENTITY_COLORS = {"HEADING": "#c7d2fe", "METRIC": "#fde68a", "NUMBER": "#bbf7d0"}

_CONTEXT = 40


# --- the model -------------------------------------------------------------------------------


class Evidence(BaseModel):
    """A value with the text it was read from and some text either side (offsets into the report)."""

    id: str | None = None
    label: str | None = None
    value: Number | None = None
    source: str | None = None
    table: str | None = None
    raw: str
    start: int
    end: int
    before: str = ""
    after: str = ""


class SectionStatus(BaseModel):
    key: str
    name: str
    status: Literal["found", "found_in_text", "missing"]
    required: bool = Field(default=True, description="the report's form requires it (a missing one is a finding)")
    heading: str | None = None
    start: int | None = None


class TableStatus(BaseModel):
    key: str
    name: str
    status: Literal["found", "missing", "unread"] = Field(
        description="unread: the table is in the text but its cells could not be read (a finding, never silent)"
    )
    required: bool = Field(default=True, description="the report's form requires it (a missing one is a finding)")
    variant: str | None = Field(default=None, description="form the table follows: 2019 or 2021 (t2/t3)")
    cells: int = 0


class BlankCell(BaseModel):
    id: str
    table: str
    table_name: str
    row: str
    row_label: str
    column: str
    column_label: str
    kind: Literal["blank", "mark"]
    evidence: Evidence


class EmptyRow(BaseModel):
    table: str
    table_name: str
    row: str
    row_label: str
    reason: Literal["not_found", "all_blank", "unread"] = Field(
        description="not_found: the row is not in the text (a finding); all_blank: its cells are blank or '/' "
        "(reported as blank cells); unread: the text seems to have the row with a number the extractor could not read"
    )
    ids: list[str]


class RuleCell(BaseModel):
    id: str
    label: str
    value: Number
    raw: str
    start: int
    end: int
    side: Literal["left", "right"]


class RuleFinding(BaseModel):
    rule: str
    meaning: str
    table: str
    table_name: str
    where: str
    where_label: str
    cells: list[RuleCell] = []
    left: Number | None = None
    right: Number | None = None
    soft: bool = False
    detail: str


class Conflict(BaseModel):
    id: str
    label: str
    text: Evidence
    table: Evidence
    detail: str


class Unchecked(BaseModel):
    rule: str
    meaning: str
    table_name: str
    where_label: str
    reason: str


class ProblemCounts(BaseModel):
    missing_sections: int = 0
    missing_tables: int = 0
    blank_cells: int = 0
    empty_rows: int = 0
    failed_rules: int = 0
    conflicts: int = 0
    cross_year: int = 0

    @property
    def total(self) -> int:
        return sum(self.model_dump().values())


class ReportAudit(BaseModel):
    name: str
    anchor: str
    title: str | None
    organization: str | None
    unit: str
    year: int | None
    template: str
    tagger: str
    sections: list[SectionStatus]
    tables: list[TableStatus]
    missing_sections: list[str]
    missing_tables: list[str]
    blank_cells: list[BlankCell]
    empty_rows: list[EmptyRow]
    failed_rules: list[RuleFinding]
    conflicts: list[Conflict]
    not_assessable: list[Unchecked]
    cross_year: list[CarryCheck] = Field(default=[], description="failed cross-year checks for this year")
    passed_checks: int
    warnings: list[str]
    counts: ProblemCounts
    problems: int

    _text: str = PrivateAttr(default="")
    _entities: list[Entity] = PrivateAttr(default_factory=list)


class CarryCheck(BaseModel):
    rule: str = "cross_year.carried_over"
    meaning: str = RULE_MEANINGS["cross_year.carried_over"]
    unit: str
    from_year: int
    to_year: int
    from_report: str
    to_report: str
    from_anchor: str
    to_anchor: str
    status: Literal["pass", "fail", "not_assessable"]
    carried_forward: Evidence | None = Field(default=None, description="last year's t3.carried_forward.total")
    carried_over: Evidence | None = Field(default=None, description="this year's t3.carried_over.total")
    detail: str


class YoYCell(BaseModel):
    year: int
    report: str
    value: Number | None = None
    id: str | None = None
    source: str | None = None
    approximate: bool = False
    change: Number | None = None
    change_pct: float | None = None
    since: int | None = Field(default=None, description="year of the value the change is against")


class YoYRow(BaseModel):
    key: str
    label: str
    cells: list[YoYCell]


class UnitHistory(BaseModel):
    unit: str
    anchor: str
    names: list[str]
    years: list[int]
    reports: list[str]
    carry_checks: list[CarryCheck]
    yoy: list[YoYRow]
    notes: list[str] = []


class SummaryRow(BaseModel):
    name: str
    anchor: str
    unit: str
    year: int | None
    template: str
    counts: ProblemCounts
    problems: int
    not_assessable: int


class AuditReport(BaseModel):
    schema_version: str = "1"
    generated_at: str
    reports: list[ReportAudit]
    units: list[UnitHistory]
    summary: list[SummaryRow]

    @property
    def problems(self) -> int:
        return sum(r.problems for r in self.reports)


ReportAudit.model_rebuild()
AuditReport.model_rebuild()


class AuditItem(BaseModel):
    text: str = Field(min_length=1, description="Report text exactly as found.")
    name: str | None = Field(default=None, max_length=500, description="File name shown in the audit.")


class AuditRequest(BaseModel):
    items: list[AuditItem] = Field(min_length=1)
    format: Literal["json", "html", "md"] = "json"
    options: ExtractOptions = ExtractOptions()


# --- helpers ---------------------------------------------------------------------------------


def _evidence(text: str, ind: Indicator | None = None, *, start: int = 0, end: int = 0, **kw) -> Evidence:
    if ind is not None:
        start, end = ind.start, ind.end
        kw = {"id": ind.id, "label": ind.label, "value": ind.value, "source": ind.source, "table": ind.table, **kw}
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    return Evidence(
        raw=text[start:end],
        start=start,
        end=end,
        before=before.replace("\n", "↵"),
        after=after.replace("\n", "↵"),
        **kw,
    )


def _first(indicators: Iterable[Indicator], source: str = "table") -> dict[str, Indicator]:
    """First indicator of the report year with a value, per id (what the checks used)."""
    out: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.source == source and ind.period == "year" and ind.value is not None:
            out.setdefault(ind.id, ind)
    return out


def _expected_template(template: str, year: int | None) -> str | None:
    if template in ("pre2019", "2019", "2021"):
        return template
    if year is None:
        return "2021" if template == "mixed" else None
    return get_catalog().template_for_year(year)


# A numbered heading anywhere (crawler text glues "…0000000四、政府信息公开行政复议…" into one line);
# a lookahead, so that one candidate does not swallow the next.
_ORDINAL_HEADING = re.compile(
    r"(?<![（(一二三四五六七八九十])(?=[一二三四五六七八九十]{1,2}[ \t]*[、.．][ \t]*([^。；;，,\n]{2,40}))"
)


def _sections(result: ExtractResult, text: str, norm: Normalized, expected: Sequence[str]) -> list[SectionStatus]:
    tagged = {s.key: s for s in result.sections if s.key}
    in_text: dict[str, tuple[int, int]] = {}
    if any(k not in tagged for k in expected):
        for m in _ORDINAL_HEADING.finditer(norm.text):
            key = section_key(m.group(1)[:25])
            if key and key not in in_text:
                in_text[key] = norm.to_original(m.start(), min(m.end(1), m.start(1) + 25))
    out = []
    for key in expected:
        if key in tagged:
            s = tagged[key]
            out.append(SectionStatus(key=key, name=SECTION_NAMES[key], status="found", heading=s.heading, start=s.start))
        elif key in in_text:
            start, end = in_text[key]
            out.append(
                SectionStatus(key=key, name=SECTION_NAMES[key], status="found_in_text", heading=text[start:end], start=start)
            )
        else:
            out.append(SectionStatus(key=key, name=SECTION_NAMES[key], status="missing"))
    return out


def _variant_ids(catalog: Catalog, table: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"2019": set(), "2021": set()}
    for row in catalog.tables[table].rows:
        for variant, cols in row.columns.items():
            out.setdefault(variant, set()).update(catalog.cell_id(table, row.key, c) for c in cols)
    return out


def _table_variant(catalog: Catalog, table: str, present: set[str], fallback: str | None) -> str:
    ids = _variant_ids(catalog, table)
    only19 = ids["2019"] - ids["2021"]
    only21 = ids["2021"] - ids["2019"]
    a, b = len(present & only19), len(present & only21)
    if a != b:
        return "2019" if a > b else "2021"
    return fallback if fallback in ("2019", "2021") else "2021"


def _row_label(catalog: Catalog, table: str, row: str) -> str:
    return catalog.tables[table].row(row).label


def _column_label(catalog: Catalog, table: str, column: str) -> str:
    label = catalog.tables[table].columns[column]["label"]
    return "法人或其他组织·其他" if (table, column) == ("t3", "other_org") else label


def _cell_label(catalog: Catalog, cid: str) -> tuple[str, str, str, str]:
    """(row key, row label, column key, column label) of a cell id."""
    d = catalog.indicators.get(cid)
    if d is not None and d.table and d.row and d.column:
        return d.row, _row_label(catalog, d.table, d.row), d.column, _column_label(catalog, d.table, d.column)
    label = d.label if d is not None else cid
    return cid, label, "year", "本年"


def _cell_name(catalog: Catalog, cid: str) -> str:
    _, row, _, col = _cell_label(catalog, cid)
    return f"{row} / {col}" if col != "本年" else row


# --- one report ------------------------------------------------------------------------------


def _where(catalog: Catalog, rule: str, where: str) -> tuple[str, str]:
    """(table key, Chinese label) of a check's "where" part ("total column", "review block")."""
    m = re.fullmatch(r"(\w+) (column|row|block)", where)
    if rule.startswith("pre2019."):
        return "general", "按渠道统计的申请数" if rule == "pre2019.channels" else "按类型统计的答复数"
    table = rule.split(".", 1)[0]
    if m is None or table not in ("t3", "t4"):
        return table, where
    key, kind = m.groups()
    try:
        if kind == "column":
            return table, f"“{_column_label(catalog, table, key)}”列"
        return table, f"“{_row_label(catalog, table, key)}”{'栏' if kind == 'block' else '行'}"
    except (KeyError, StopIteration):
        return table, where


def _rule_finding(catalog: Catalog, check: Check, table_vals: dict[str, Indicator]) -> RuleFinding:
    where = check.where or check.detail.split(":", 1)[0]
    table, where_label = _where(catalog, check.rule, where)
    finding = RuleFinding(
        rule=check.rule,
        meaning=RULE_MEANINGS.get(check.rule, check.rule),
        table=table,
        table_name=TABLE_NAMES.get(table, table),
        where=where,
        where_label=where_label,
        soft=check.rule in SOFT_RULES,
        detail=check.detail,
    )
    sides = (check.left, check.right)
    if not all(i in table_vals for i in sides[0] + sides[1]):
        return finding
    for side, ids in zip(("left", "right"), sides, strict=True):
        for cid in ids:
            ind = table_vals[cid]
            finding.cells.append(
                RuleCell(
                    id=cid, label=_cell_name(catalog, cid), value=ind.value, raw=ind.raw,  # type: ignore[arg-type]
                    start=ind.start, end=ind.end, side=side,  # type: ignore[arg-type]
                )
            )
    finding.left = sum(c.value for c in finding.cells if c.side == "left")
    finding.right = sum(c.value for c in finding.cells if c.side == "right")
    return finding


def _conflict(catalog: Catalog, text: str, check: Check, result: ExtractResult) -> Conflict | None:
    cid = check.where or check.detail.split(":", 1)[0]
    prose = _first(result.indicators, "text").get(cid)
    table = _first(result.indicators, "table").get(cid)
    if prose is None or table is None:
        return None
    return Conflict(
        id=cid,
        label=_cell_name(catalog, cid),
        text=_evidence(text, prose),
        table=_evidence(text, table),
        detail=check.detail,
    )


def _row_in_text(compact: str, aliases: Sequence[str]) -> bool:
    """Whether the (whitespace-free) text has a row label followed closely by a number: the row is
    printed, so a row the extractor did not read is not reported as missing from the report."""
    for alias in aliases:
        if len(alias) < 2:
            continue
        for m in re.finditer(re.escape(alias), compact):
            if re.match(r"[^\d。；]{0,40}\d", compact[m.end() : m.end() + 41]):
                return True
    return False


def _unit_name(organization: str | None) -> str | None:
    if not organization:
        return None
    return re.sub(r"\s+", "", organization) or None


def audit_one(name: str, text: str, result: ExtractResult, anchor: str, catalog: Catalog | None = None) -> ReportAudit:
    catalog = catalog or get_catalog()
    info = result.report
    expected = _expected_template(info.template, info.year)

    # completeness: sections and tables. The pre-2019 reports had no national form: their sections and
    # 统计表 are shown for information, and what is not found there is not a finding.
    norm = normalize(text)
    required = expected in ("2019", "2021")  # not for pre-2019 reports, nor when the form is unknown
    section_keys = PRE2019_SECTIONS if expected == "pre2019" else SIX_SECTIONS
    sections = _sections(result, text, norm, section_keys)
    for sec in sections:
        sec.required = required
    table_inds = [i for i in result.indicators if i.source == "table" and i.table]
    present_by_table: dict[str, set[str]] = {}
    for ind in table_inds:
        present_by_table.setdefault(ind.table, set()).add(ind.id)  # type: ignore[arg-type]
    expected_tables = (
        ["general"] if expected == "pre2019" else ["t2", "t3", "t4"] if expected else sorted(present_by_table)
    )
    tables: list[TableStatus] = []
    unread = {w.split(":")[0] for w in result.warnings if w.split(":")[1:2] == [" unread"]}
    for key in [*expected_tables, *sorted(k for k in present_by_table if k not in expected_tables)]:
        present = present_by_table.get(key, set())
        variant = _table_variant(catalog, key, present, expected) if key in ("t2", "t3") and present else None
        tables.append(
            TableStatus(
                key=key,
                name=TABLE_NAMES.get(key, key),
                status="found" if present else "unread" if key in unread else "missing",
                required=required and key in expected_tables,
                variant=variant,
                cells=sum(1 for i in table_inds if i.table == key),
            )
        )

    # blank and "/" cells
    blank_cells = []
    for ind in table_inds:
        if ind.value is not None:
            continue
        row, row_label, col, col_label = _cell_label(catalog, ind.id)
        if ind.period == "cumulative":
            col, col_label = "cumulative", "历年累计"
        blank_cells.append(
            BlankCell(
                id=ind.id, table=ind.table or "", table_name=TABLE_NAMES.get(ind.table or "", ind.table or ""),
                row=row, row_label=row_label, column=col, column_label=col_label,
                kind="blank" if not ind.raw.strip() else "mark",
                evidence=_evidence(text, ind),
            )
        )  # fmt: skip

    # rows of the form with no value at all (2019/2021 tables that were found)
    empty_rows = []
    compact = normalize_label(norm.text)
    for ts in tables:
        if ts.status != "found" or ts.key not in ("t2", "t3", "t4"):
            continue
        tdef = catalog.tables[ts.key]
        variant = ts.variant or (expected if expected in ("2019", "2021") else "2021")
        present = present_by_table.get(ts.key, set())
        valued = {i.id for i in table_inds if i.table == ts.key and i.value is not None}
        for row in tdef.rows:
            cols = row.columns.get(variant)
            if not cols:
                continue
            ids = [catalog.cell_id(ts.key, row.key, c) for c in cols]
            if any(i in valued for i in ids):
                continue
            if any(i in present for i in ids):
                reason = "all_blank"
            elif _row_in_text(compact, row.aliases):
                reason = "unread"
            else:
                reason = "not_found"
            empty_rows.append(
                EmptyRow(table=ts.key, table_name=ts.name, row=row.key, row_label=row.label, reason=reason, ids=ids)
            )

    # checks
    table_vals = _first(result.indicators, "table")
    failed_rules, conflicts, unchecked = [], [], []
    for check in result.checks:
        if check.status == "fail" and check.rule == "text_vs_table":
            conflict = _conflict(catalog, text, check, result)
            if conflict is not None:
                conflicts.append(conflict)
            else:  # the evidence could not be found again: still report the failed check as it is
                failed_rules.append(_rule_finding(catalog, check, table_vals))
        elif check.status == "fail":
            failed_rules.append(_rule_finding(catalog, check, table_vals))
        elif check.status == "not_assessable":
            where = check.where or check.detail.split(":", 1)[0]
            table, where_label = _where(catalog, check.rule, where)
            unchecked.append(
                Unchecked(
                    rule=check.rule, meaning=RULE_MEANINGS.get(check.rule, check.rule),
                    table_name=TABLE_NAMES.get(table, table), where_label=where_label, reason=check.detail,
                )
            )  # fmt: skip

    counts = ProblemCounts(
        missing_sections=sum(1 for s in sections if s.status == "missing" and s.required),
        missing_tables=sum(1 for t in tables if t.status != "found" and (t.required or t.status == "unread")),
        blank_cells=len(blank_cells),
        empty_rows=sum(1 for r in empty_rows if r.reason == "not_found"),  # all-blank rows count as blank cells
        failed_rules=len(failed_rules),
        conflicts=len(conflicts),
    )
    report = ReportAudit(
        name=name,
        anchor=anchor,
        title=info.title,
        organization=info.organization,
        unit=_unit_name(info.organization) or f"（未识别单位：{name}）",
        year=info.year,
        template=info.template,
        tagger=f"{result.model.name} {result.model.version}".strip(),
        sections=sections,
        tables=tables,
        missing_sections=[s.key for s in sections if s.status == "missing" and s.required],
        missing_tables=[t.key for t in tables if t.status != "found" and (t.required or t.status == "unread")],
        blank_cells=blank_cells,
        empty_rows=empty_rows,
        failed_rules=failed_rules,
        conflicts=conflicts,
        not_assessable=unchecked,
        passed_checks=sum(1 for c in result.checks if c.status == "pass"),
        warnings=list(result.warnings),
        counts=counts,
        problems=counts.total,
    )
    report._text = text
    report._entities = list(result.entities)
    return report


# --- several reports of one unit -------------------------------------------------------------

_GENERIC_SUFFIX = re.compile(r"(人民政府|政府|管理委员会|管委会|办公厅|办公室)$")


def _group_units(reports: list[ReportAudit]) -> dict[str, list[ReportAudit]]:
    """Reports per unit. A name that is the tail of exactly one longer name joins it (洪泽区人民政府 →
    淮安市洪泽区人民政府) when what is left without 人民政府/管委会… still names a place (2+ chars)."""
    names = sorted({r.unit for r in reports if r.organization}, key=len, reverse=True)
    canonical = {n: n for n in names}
    for short in names:
        if len(_GENERIC_SUFFIX.sub("", short)) < 2:
            continue
        longer = [n for n in names if len(n) > len(short) and n.endswith(short)]
        if len(longer) == 1:
            canonical[short] = canonical[longer[0]]
    groups: dict[str, list[ReportAudit]] = {}
    for r in reports:
        groups.setdefault(canonical.get(r.unit, r.unit), []).append(r)
    return groups


def _series_value(
    alternatives: tuple[tuple[str, ...], ...], result: ExtractResult
) -> tuple[Number, str, str, bool] | None:
    table = _first(result.indicators, "table")
    for ids in alternatives:
        if all(i in table for i in ids):
            return sum(table[i].value for i in ids), "+".join(ids), "table", False  # type: ignore[misc]
    prose = _first(result.indicators, "text")
    for ids in alternatives:
        if len(ids) == 1 and ids[0] in prose:
            ind = prose[ids[0]]
            return ind.value, ids[0], "text", ind.approximate  # type: ignore[return-value]
    return None


def _carry_check(unit: str, prev: tuple[ReportAudit, ExtractResult], cur: tuple[ReportAudit, ExtractResult]) -> CarryCheck | None:
    (pa, pr), (ca, cr) = prev, cur
    forward = _first(pr.indicators, "table").get("t3.carried_forward.total")
    over = _first(cr.indicators, "table").get("t3.carried_over.total")
    has_t3 = [any(i.id.startswith("t3.") for i in r.indicators) for r in (pr, cr)]
    if not any(has_t3):
        return None  # two old-form reports: the rule does not apply
    base = {
        "unit": unit, "from_year": pa.year, "to_year": ca.year, "from_report": pa.name, "to_report": ca.name,
        "from_anchor": pa.anchor, "to_anchor": ca.anchor,
    }  # fmt: skip
    fwd_ev = _evidence(pa._text, forward) if forward is not None else None
    over_ev = _evidence(ca._text, over) if over is not None else None
    if forward is None or over is None:
        missing = []
        if forward is None:
            missing.append(f"{pa.year}年报告" + ("无表三" if not has_t3[0] else "未检出“结转下年度继续办理”总计"))
        if over is None:
            missing.append(f"{ca.year}年报告" + ("无表三" if not has_t3[1] else "未检出“上年结转政府信息公开申请数量”总计"))
        return CarryCheck(
            **base, status="not_assessable", carried_forward=fwd_ev, carried_over=over_ev, detail="；".join(missing)
        )
    ok = abs(forward.value - over.value) < 1e-6  # type: ignore[operator]
    return CarryCheck(
        **base,
        status="pass" if ok else "fail",
        carried_forward=fwd_ev,
        carried_over=over_ev,
        detail=f"{ca.year}年上年结转 {_fmt(over.value)} {'=' if ok else '≠'} {pa.year}年结转下年度 {_fmt(forward.value)}",
    )


def _fmt(v: Number | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:g}"
    return str(v)


def _history(unit: str, anchor: str, members: list[tuple[ReportAudit, ExtractResult]]) -> UnitHistory | None:
    dated = sorted([m for m in members if m[0].year is not None], key=lambda m: m[0].year)  # type: ignore[arg-type, return-value]
    notes = []
    by_year: dict[int, tuple[ReportAudit, ExtractResult]] = {}
    for m in dated:
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
            if any(i.id.startswith("t3.") for i in by_year[b][1].indicators):
                gap = f"{a + 1}年" + (f"至{b - 1}年" if b - 1 > a + 1 else "")
                notes.append(f"没有{gap}的报告：{b}年的上年结转无法与上一年度核对")
            continue
        check = _carry_check(unit, by_year[a], by_year[b])
        if check is not None:
            carry.append(check)
    yoy = []
    for key, label, alternatives in YOY_SERIES:
        cells, last = [], None
        for y in years:
            ra, rr = by_year[y]
            got = _series_value(alternatives, rr)
            cell = YoYCell(year=y, report=ra.name)
            if got is not None:
                cell.value, cell.id, cell.source, cell.approximate = got
                if last is not None:
                    cell.since = last.year
                    cell.change = cell.value - last.value  # type: ignore[operator]
                    if last.value:
                        cell.change_pct = round(100 * cell.change / last.value, 1)  # type: ignore[operator]
                last = cell
            cells.append(cell)
        if any(c.value is not None for c in cells):
            yoy.append(YoYRow(key=key, label=label, cells=cells))
    names = list(dict.fromkeys(m[0].organization or m[0].unit for m in members))
    return UnitHistory(
        unit=unit,
        anchor=anchor,
        names=names,
        years=years,
        reports=[by_year[y][0].name for y in years],
        carry_checks=carry,
        yoy=yoy,
        notes=notes,
    )


# --- the audit -------------------------------------------------------------------------------


def audit(results: list[tuple[str, str, ExtractResult]]) -> AuditReport:
    """Audit extraction results: ``[(name, text, result), ...]`` in the order they were given."""
    catalog = get_catalog()
    audits = [audit_one(name, text, result, f"report-{i + 1}", catalog) for i, (name, text, result) in enumerate(results)]
    by_audit = {id(a): r for a, (_, _, r) in zip(audits, results, strict=True)}
    units = []
    for unit, members in sorted(_group_units(audits).items()):
        history = _history(unit, f"unit-{len(units) + 1}", [(m, by_audit[id(m)]) for m in members])
        if history is not None:
            units.append(history)
    for history in units:
        for check in history.carry_checks:
            if check.status != "fail":
                continue
            target = next(a for a in audits if a.anchor == check.to_anchor)
            target.cross_year.append(check)
            target.counts.cross_year += 1
            target.problems = target.counts.total
    summary = [
        SummaryRow(
            name=a.name,
            anchor=a.anchor,
            unit=a.unit,
            year=a.year,
            template=a.template,
            counts=a.counts,
            problems=a.problems,
            not_assessable=len(a.not_assessable),
        )
        for a in audits
    ]
    return AuditReport(
        generated_at=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        reports=audits,
        units=units,
        summary=summary,
    )


def run_audit(items: Sequence[tuple[str, str]], extractor, options: ExtractOptions | None = None) -> AuditReport:
    """Extract each ``(name, text)`` with ``extractor`` and audit the results."""
    options = options or ExtractOptions()
    if not options.include_entities:
        options = options.model_copy(update={"include_entities": True})
    return audit([(name, text, extractor.extract(text, options)) for name, text in items])


# --- rendering -------------------------------------------------------------------------------


@lru_cache
def _nlp():
    import spacy

    return spacy.blank("zh")


def tagged_html(text: str, entities: Sequence[Entity]) -> str:
    """The report text with its entities highlighted by displaCy (HTML, escaped by displaCy)."""
    from spacy import displacy
    from spacy.util import filter_spans

    doc = _nlp()(text)
    spans = []
    for ent in entities:
        span = doc.char_span(ent.start, ent.end, label=ent.label, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    doc.ents = filter_spans(spans)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W006\]")  # no entities: the plain text is shown
        return displacy.render(doc, style="ent", page=False, options={"colors": ENTITY_COLORS})


@lru_cache
def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("service", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _fmt
    env.filters["signed"] = lambda v: "—" if v is None else ("+" if v > 0 else "") + _fmt(v)
    env.filters["pct"] = lambda v: "" if v is None else f"{'+' if v > 0 else ''}{v:g}%"
    env.filters["md"] = lambda v: str("" if v is None else v).replace("|", "\\|").replace("\n", " ")
    return env


def _context(report: AuditReport) -> dict:
    return {
        "report": report,
        "table_short": TABLE_SHORT,
        "rule_meanings": RULE_MEANINGS,
        "status_names": STATUS_NAMES,
        "row_reasons": ROW_REASONS,
        "entity_colors": ENTITY_COLORS,
        "total_problems": report.problems,
    }


def render_html(report: AuditReport, *, tagged: bool = True) -> str:
    """One self-contained HTML page (inline CSS/JS); ``tagged`` adds each report's highlighted text."""
    tags = {a.anchor: tagged_html(a._text, a._entities) for a in report.reports if tagged and a._text}
    return _env().get_template("audit.html").render(**_context(report), tagged=tags)


def render_md(report: AuditReport) -> str:
    return _env().get_template("audit.md").render(**_context(report))


def render(report: AuditReport, fmt: str) -> str:
    if fmt == "html":
        return render_html(report)
    if fmt == "md":
        return render_md(report)
    return report.model_dump_json(indent=2)
