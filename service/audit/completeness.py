"""Is everything the report's form asks for there: sections, tables, cells, rows.

Read from the extraction: its sections (and the numbered headings the tagger's sections miss), its
tables (one without cells is in the text but unread), its table cells and its tagged row labels.
The pre-2019 reports had no national form: what is not found there is shown, never a finding.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Literal

from service.audit.models import BlankCell, EmptyRow, Evidence, SectionStatus, TableStatus
from service.audit.names import SECTION_NAMES, TABLE_NAMES, cell_label
from service.catalog import Catalog
from service.extraction import Extraction
from service.tables import Cell

RowReason = Literal["not_found", "all_blank", "unread"]
#: how far after its label (whitespace aside) a row's first number may stand
_ROW_REACH = 40


def expected_template(extraction: Extraction, catalog: Catalog) -> str | None:
    """The form the report should follow: the one it was read as, else its year's."""
    template, year = extraction.report.template, extraction.report.year
    if template in ("pre2019", "2019", "2021"):
        return template
    if year is None:
        return "2021" if template == "mixed" else None
    return catalog.template_for_year(year)


def sections(extraction: Extraction, expected: Sequence[str], required: bool) -> list[SectionStatus]:
    """Each expected section: tagged as a section, else named by a numbered heading the tagger did not
    take as one (found_in_text), else missing."""
    tagged = {s.key: s for s in extraction.sections if s.key}
    numbered = {s.key: s for s in extraction.numbered_headings if s.key}
    out = []
    for key in expected:
        s = tagged.get(key) or numbered.get(key)
        if s is None:
            out.append(SectionStatus(key=key, name=SECTION_NAMES[key], status="missing", required=required))
            continue
        status: Literal["found", "found_in_text"] = "found" if key in tagged else "found_in_text"
        out.append(
            SectionStatus(
                key=key, name=SECTION_NAMES[key], status=status, required=required, heading=s.heading, start=s.start
            )
        )
    return out


def _cells(extraction: Extraction) -> dict[str, list[Cell]]:
    """The cells read, per table."""
    out: dict[str, list[Cell]] = {}
    for t in extraction.tables:
        out.setdefault(t.key, []).extend(t.cells)
    return out


def tables(extraction: Extraction, catalog: Catalog, expected: str | None, required: bool) -> list[TableStatus]:
    """The form's tables, then any other table read: found (with cells), unread (in the text, no cell
    read) or missing."""
    cells = _cells(extraction)
    present = {key: {c.id for c in table} for key, table in cells.items() if table}
    unread = {t.key for t in extraction.tables if not t.cells}
    expected_tables = ["general"] if expected == "pre2019" else ["t2", "t3", "t4"] if expected else sorted(present)
    out = []
    for key in [*expected_tables, *sorted(k for k in present if k not in expected_tables)]:
        ids = present.get(key, set())
        out.append(
            TableStatus(
                key=key,
                name=TABLE_NAMES.get(key, key),
                status="found" if ids else "unread" if key in unread else "missing",
                required=required and key in expected_tables,
                variant=_variant(catalog, key, ids, expected) if key in ("t2", "t3") and ids else None,
                cells=len(cells.get(key, [])),
            )
        )
    return out


def _variant(catalog: Catalog, table: str, present: set[str], fallback: str | None) -> str:
    """The form (2019 or 2021) whose own cells the table has more of."""
    ids: dict[str, set[str]] = {"2019": set(), "2021": set()}
    for row in catalog.tables[table].rows:
        for variant, cols in row.columns.items():
            ids.setdefault(variant, set()).update(catalog.cell_id(table, row.key, c) for c in cols)
    a, b = len(present & (ids["2019"] - ids["2021"])), len(present & (ids["2021"] - ids["2019"]))
    if a != b:
        return "2019" if a > b else "2021"
    return fallback if fallback in ("2019", "2021") else "2021"


def blank_cells(extraction: Extraction, catalog: Catalog) -> list[BlankCell]:
    """Cells printed blank or with a mark ("/", "无"), with their place in the table and their evidence
    in the text as sent (the cell's indicator)."""
    out = []
    for ind in extraction.indicators:
        if ind.source != "table" or not ind.table or ind.value is not None:
            continue
        row, row_label, col, col_label = cell_label(catalog, ind.id)
        if ind.period == "cumulative":
            col, col_label = "cumulative", "历年累计"
        table = ind.table
        out.append(
            BlankCell(
                id=ind.id, table=table, table_name=TABLE_NAMES.get(table, table), row=row, row_label=row_label,
                column=col, column_label=col_label, kind="blank" if not ind.raw.strip() else "mark",
                evidence=Evidence.of(extraction.text, ind),
            )
        )  # fmt: skip
    return out


def empty_rows(
    extraction: Extraction, catalog: Catalog, tables: list[TableStatus], expected: str | None
) -> list[EmptyRow]:
    """Rows of the found 2019/2021 tables with no value: all blank, printed but unread, or not found."""
    cells = _cells(extraction)
    out = []
    for ts in tables:
        if ts.status != "found" or ts.key not in ("t2", "t3", "t4"):
            continue
        variant = ts.variant or (expected if expected in ("2019", "2021") else "2021")
        present = {c.id for c in cells[ts.key]}
        valued = {c.id for c in cells[ts.key] if c.value is not None}
        printed = _printed_rows(extraction, catalog, ts.key)
        for row in catalog.tables[ts.key].rows:
            cols = row.columns.get(variant)
            if not cols:
                continue
            ids = [catalog.cell_id(ts.key, row.key, c) for c in cols]
            if any(i in valued for i in ids):
                continue
            reason: RowReason = (
                "all_blank" if any(i in present for i in ids) else "unread" if row.key in printed else "not_found"
            )
            out.append(
                EmptyRow(table=ts.key, table_name=ts.name, row=row.key, row_label=row.label, reason=reason, ids=ids)
            )
    return out


def _printed_rows(extraction: Extraction, catalog: Catalog, table: str) -> set[str]:
    """Rows of a table whose label the tagger found with a number close after it: the row is printed,
    so one the extractor did not read is not reported as missing from the report."""
    text = extraction.norm.text
    numbers = sorted(s.start for s in extraction.spans if s.label == "NUMBER")
    rows = set()
    for m in extraction.spans:
        if m.label != "METRIC":
            continue
        row = catalog.resolve_row(table, text[m.start : m.end])
        i = bisect_left(numbers, m.end)
        if row is None or i == len(numbers):
            continue
        between = re.sub(r"\s", "", text[m.end : numbers[i]])
        if len(between) <= _ROW_REACH and not re.search(r"[。；]", between):
            rows.add(row.key)
    return rows
