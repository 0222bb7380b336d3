"""Results as files people keep: CSV (long format) and Excel (each official form laid out, plus the long
table). Both are views of the results the client holds — people's corrections included — so the
export takes the results, not the texts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, field_validator

from service.forms import layout
from service.schema import ExtractResult, Indicator, RequestModel
from service.settings import MAX_BATCH_ITEMS_CEILING

#: a value under this confidence is one to check (the same threshold the rendering benchmark reports)
CHECK_BELOW = 0.9
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 (so .xlsx) cannot hold
LONG_COLUMNS = (
    "report", "unit", "year", "id", "label", "value", "unit_of_measure", "period", "source", "confidence",
    "evidence", "start", "end", "page", "corrected",
)  # fmt: skip


class ExportReport(RequestModel):
    name: str = Field(min_length=1, max_length=500, description="the report's file name, as the user knows it")
    result: ExtractResult
    corrected: list[str] = Field(default=[], max_length=5000, description="ids of the values a person corrected")

    @field_validator("result", mode="before")
    @classmethod
    def _as_sent(cls, value: Any) -> Any:
        """A result as this service gave it: "5" is no page number (response models coerce; a request must not)."""
        return ExtractResult.model_validate(value, strict=True) if isinstance(value, dict) else value


class ExportRequest(RequestModel):
    format: Literal["csv", "xlsx"]
    reports: list[ExportReport] = Field(min_length=1, max_length=MAX_BATCH_ITEMS_CEILING)


def _safe(value: Any) -> Any:
    """Text a spreadsheet can hold: no control characters (invalid in XML), no lone surrogates (not UTF-8)."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("", value)
    return text.encode("utf-8", "replace").decode("utf-8") if any("\ud800" <= c <= "\udfff" for c in text) else text


def long_rows(reports: Sequence[ExportReport]) -> list[dict[str, Any]]:
    """One row per value: report, unit, year, id, label, value, confidence, evidence and where it is."""
    rows = []
    for r in reports:
        info = r.result.report
        for ind in r.result.indicators:
            rows.append(
                {
                    "report": r.name, "unit": info.organization, "year": info.year, "id": ind.id, "label": ind.label,
                    "value": ind.value, "unit_of_measure": ind.unit, "period": ind.period, "source": ind.source,
                    "confidence": ind.confidence, "evidence": ind.raw, "start": ind.start, "end": ind.end,
                    "page": ind.page, "corrected": ind.id in r.corrected,
                }
            )  # fmt: skip
    return [{k: _safe(v) for k, v in row.items()} for row in rows]


def to_csv(reports: Sequence[ExportReport]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Chinese from a CSV file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LONG_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(long_rows(reports))
    return out.getvalue().encode("utf-8-sig")


def cell_values(result: ExtractResult) -> dict[str, Indicator]:
    """The value shown in a form's cell: the report year's, a table's before the text's."""
    out: dict[str, Indicator] = {}
    for ind in sorted(result.indicators, key=lambda i: i.source != "table"):
        if ind.period == "year":
            out.setdefault(ind.id, ind)
    return out


def to_xlsx(reports: Sequence[ExportReport]) -> bytes:
    """A sheet per official form table (the reports one under another, each laid out as the form), and
    the long table. Yellow: confidence under 0.9; red: in a failed rule; green: corrected by a person."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    fills = {
        "check": PatternFill("solid", fgColor="FFF2CC"),
        "failed": PatternFill("solid", fgColor="F8CBAD"),
        "corrected": PatternFill("solid", fgColor="C6EFCE"),
    }
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    long_sheet = book.active
    assert long_sheet is not None
    long_sheet.title = "指标（长表）"
    long_sheet.append(list(LONG_COLUMNS))
    for row in long_rows(reports):
        long_sheet.append([row[c] for c in LONG_COLUMNS])
    for cell in long_sheet[1]:
        cell.font = bold
    sheets: dict[str, Any] = {}
    for r in reports:
        values = cell_values(r.result)
        info = r.result.report
        for table in layout(info.template):
            sheet = sheets.get(table["key"])
            if sheet is None:
                sheet = sheets[table["key"]] = book.create_sheet(table["title"].split()[0])
                sheet.column_dimensions["A"].width = 48
            heading = _safe(f"{r.name}　{info.organization or '（未识别单位）'}　{info.year or ''}年　{table['title']}")
            sheet.append([heading])
            sheet.cell(sheet.max_row, 1).font = bold
            for group in table["groups"]:
                sheet.append([group.get("title", "项目"), *(c["label"] for c in group["columns"])])
                for cell in sheet[sheet.max_row]:
                    cell.font, cell.alignment = bold, wrap
                for row in group["rows"]:
                    found = [values.get(cid) for cid in row["cells"]]
                    sheet.append([row["label"], *(_safe(i.value) if i is not None else None for i in found)])
                    sheet.cell(sheet.max_row, 1).alignment = wrap
                    for col, (cid, ind) in enumerate(zip(row["cells"], found, strict=True), start=2):
                        if ind is None:
                            continue
                        kind = (
                            "corrected" if cid in r.corrected
                            else "failed" if ind.failed_rules
                            else "check" if ind.confidence < CHECK_BELOW
                            else None
                        )  # fmt: skip
                        if kind:
                            sheet.cell(sheet.max_row, col).fill = fills[kind]
            sheet.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
