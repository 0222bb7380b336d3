"""The audit's JSON (``AuditReport``) and its request (``AuditRequest``): pydantic models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from service.audit.names import CROSS_YEAR_CARRIED_OVER, RULE_MEANINGS, Number
from service.extraction import Extraction
from service.schema import NOT_BLANK, ExtractOptions, Indicator, RequestModel
from service.settings import MAX_BATCH_ITEMS_CEILING

#: characters of context shown either side of a piece of evidence
CONTEXT = 40


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

    @classmethod
    def of(cls, text: str, ind: Indicator) -> Evidence:
        """An indicator's value with its evidence in ``text`` (the text as sent) and the text around it."""
        return cls(
            id=ind.id, label=ind.label, value=ind.value, source=ind.source, table=ind.table,
            raw=text[ind.start : ind.end], start=ind.start, end=ind.end,
            before=text[max(0, ind.start - CONTEXT) : ind.start].replace("\n", "↵"),
            after=text[ind.end : ind.end + CONTEXT].replace("\n", "↵"),
        )  # fmt: skip


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
    table: list[Evidence] = Field(
        description="the table's cells that state it: one, or those whose sum does (行政诉讼: 表四's two 诉讼 blocks)"
    )
    table_value: Number
    detail: str


class Unchecked(BaseModel):
    rule: str
    meaning: str
    table_name: str
    where_label: str
    reason: str
    missing: list[str] = Field(default=[], description="ids of the cells not extracted or blank")


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


class CarryCheck(BaseModel):
    rule: str = CROSS_YEAR_CARRIED_OVER
    meaning: str = RULE_MEANINGS[CROSS_YEAR_CARRIED_OVER]
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

    _extraction: Extraction | None = PrivateAttr(default=None)  # for the HTML's tagged text


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
    schema_version: str = "2"  # 2: a conflict's table evidence is a list of cells
    generated_at: str
    reports: list[ReportAudit]
    units: list[UnitHistory]
    summary: list[SummaryRow]

    @property
    def problems(self) -> int:
        return sum(r.problems for r in self.reports)


class AuditItem(RequestModel):
    text: str = Field(
        min_length=1, json_schema_extra={"pattern": NOT_BLANK}, description="Report text exactly as found."
    )
    name: str | None = Field(default=None, max_length=500, description="File name shown in the audit.")


class AuditRequest(RequestModel):
    items: list[AuditItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS_CEILING)
    format: Literal["json", "html", "md"] = "json"
    options: ExtractOptions = ExtractOptions()
