"""The workbench page (``GET /``) and the two routes only it needed: the forms' layout and the export.

The page is one template and one script, served from the package (no CDN, no build step); it calls the
same API as any client: ``/v1/extract/file`` per file, ``/v1/audit`` for the summary and cross-year
checks, ``/v1/annotations`` for people's corrections, ``/v1/export`` for CSV and Excel.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from service.api.responses import JSON_BODY, error_docs
from service.export import ExportRequest, to_csv, to_xlsx
from service.forms import forms

router = APIRouter(tags=["workbench"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def static_files() -> StaticFiles:
    return StaticFiles(directory=str(resources.files("service") / "static"))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page(request: Request) -> HTMLResponse:
    from service.audit.render import environment

    settings = request.app.state.settings
    html = (
        environment()
        .get_template("workbench.html")
        .render(
            version=request.app.version,
            max_upload_mb=round(settings.max_upload_bytes / 2**20),
            max_items=settings.max_batch_items,
        )
    )
    return HTMLResponse(html)


@router.get("/v1/forms")
def form_layouts() -> dict[str, Any]:
    """The official forms as the workbench lays them out: per template, each table's groups of rows
    under one header of columns, each cell named by its indicator id; and every rule's meaning."""
    return forms()


@router.post(
    "/v1/export",
    responses={
        **error_docs(*JSON_BODY),
        200: {"content": {"text/csv": {}, XLSX: {}}, "description": "the file"},
    },
)
def export(body: ExportRequest) -> Response:
    """Results (with people's corrections) as a CSV file (long format: one row per value) or an Excel
    workbook (a sheet per official form, laid out as printed, and the long table)."""
    if body.format == "csv":
        data, media, name = to_csv(body.reports), "text/csv; charset=utf-8", "govreport.csv"
    else:
        data, media, name = to_xlsx(body.reports), XLSX, "govreport.xlsx"
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
