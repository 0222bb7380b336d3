"""Per-report audit for oversight offices: completeness, failed rules, conflicts, cross-year checks.

``run_audit`` runs the extractor on each ``(name, text)`` and ``audit`` audits the ``Extraction``s:
each report against its form (``completeness``), what its checks found (``findings``), then the
reports of one unit across years (``history``); ``render_html`` / ``render_md`` render the
``AuditReport`` (``render``). The audit reads the extraction's own objects — sections, tables,
checks with the cells they read — never the JSON result.

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

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

from service.audit import completeness
from service.audit.findings import findings
from service.audit.history import Member, unit_histories
from service.audit.models import AuditItem, AuditReport, AuditRequest, ProblemCounts, ReportAudit, SummaryRow
from service.audit.names import PRE2019_SECTIONS, SIX_SECTIONS
from service.audit.render import render, render_html, render_md, tagged_html
from service.catalog import Catalog, get_catalog
from service.extraction import Extraction
from service.schema import ExtractOptions

__all__ = [
    "AuditItem",
    "AuditReport",
    "AuditRequest",
    "ReportAudit",
    "assemble",
    "audit",
    "audit_one",
    "render",
    "render_html",
    "render_md",
    "run_audit",
    "tagged_html",
]


class Runs(Protocol):
    """What the audit needs of an extractor (service.pipeline.Extractor)."""

    def run(self, text: str, options: ExtractOptions | None = None) -> Extraction: ...


def run_audit(items: Sequence[tuple[str, str]], extractor: Runs, options: ExtractOptions | None = None) -> AuditReport:
    """Extract each ``(name, text)`` with ``extractor`` and audit the extractions."""
    return audit([(name, extractor.run(text, options)) for name, text in items])


def audit(extractions: Sequence[tuple[str, Extraction]]) -> AuditReport:
    """Audit ``[(name, extraction), ...]``, in the order given."""
    catalog = get_catalog()
    audits = [audit_one(name, ex, f"report-{i + 1}", catalog) for i, (name, ex) in enumerate(extractions)]
    return assemble([(a, ex) for a, (_, ex) in zip(audits, extractions, strict=True)])


def assemble(members: Sequence[Member]) -> AuditReport:
    """The audit of reports each audited on its own (``audit_one``; a corpus run stores them): their
    cross-year checks, which need them all, and the summary."""
    units = unit_histories(list(members))
    audits = [a for a, _ in members]
    summary = [
        SummaryRow(name=a.name, anchor=a.anchor, unit=a.unit, year=a.year, template=a.template, counts=a.counts,
                   problems=a.problems, not_assessable=len(a.not_assessable))
        for a in audits
    ]  # fmt: skip
    return AuditReport(
        generated_at=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        reports=audits,
        units=units,
        summary=summary,
    )


def audit_one(name: str, extraction: Extraction, anchor: str, catalog: Catalog | None = None) -> ReportAudit:
    """One report on its own: completeness against its form, and its checks' findings."""
    catalog = catalog or get_catalog()
    info = extraction.report
    expected = completeness.expected_template(extraction, catalog)
    required = expected in ("2019", "2021")  # not for pre-2019 reports, nor when the form is unknown
    sections = completeness.sections(extraction, PRE2019_SECTIONS if expected == "pre2019" else SIX_SECTIONS, required)
    tables = completeness.tables(extraction, catalog, expected, required)
    blank_cells = completeness.blank_cells(extraction, catalog)
    empty_rows = completeness.empty_rows(extraction, catalog, tables, expected)
    failed_rules, conflicts, unchecked = findings(catalog, extraction.text, extraction.checks)
    missing_sections = [s.key for s in sections if s.status == "missing" and s.required]
    missing_tables = [t.key for t in tables if t.status != "found" and (t.required or t.status == "unread")]
    counts = ProblemCounts(
        missing_sections=len(missing_sections),
        missing_tables=len(missing_tables),
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
        tagger=f"{extraction.tagger.name} {extraction.tagger.version}".strip(),
        sections=sections,
        tables=tables,
        missing_sections=missing_sections,
        missing_tables=missing_tables,
        blank_cells=blank_cells,
        empty_rows=empty_rows,
        failed_rules=failed_rules,
        conflicts=conflicts,
        not_assessable=unchecked,
        passed_checks=sum(1 for c in extraction.checks if c.status == "pass"),
        warnings=list(extraction.warnings),
        counts=counts,
        problems=counts.total,
    )
    report._extraction = extraction
    return report


def _unit_name(organization: str | None) -> str | None:
    return re.sub(r"\s+", "", organization or "") or None
