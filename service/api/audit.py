"""``POST /v1/audit``: reports checked for oversight offices, as JSON, HTML or Markdown."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from service.api.deps import ADMITTED, ExtractorDep, SettingsDep
from service.api.responses import BOUNDED, JSON_BODY, error_docs
from service.audit import AuditReport, AuditRequest, render_html, render_md, run_audit
from service.common import check_batch_size, check_text

router = APIRouter(tags=["audit"])


@router.post(
    "/v1/audit",
    response_model=AuditReport,
    responses={
        200: {
            "description": "The audit as JSON (format json), a self-contained HTML page (html) or Markdown (md).",
            "content": {"text/html": {}, "text/markdown": {}},
        },
        **error_docs(*JSON_BODY, *BOUNDED, "text_too_large", "too_many_items", "model_unavailable"),
    },
    dependencies=[ADMITTED],
)
def audit(body: AuditRequest, extractor: ExtractorDep, settings: SettingsDep) -> AuditReport | Response:
    """Audit reports for oversight: completeness, failed rules, text-vs-table conflicts and, for several
    years of one unit, cross-year checks; the same limits as /v1/extract/batch."""
    check_batch_size(len(body.items), settings)
    for i, item in enumerate(body.items):
        check_text(item.text, settings, where=f"items[{i}].text")
    items = [(item.name or f"报告{i + 1}", item.text) for i, item in enumerate(body.items)]
    report = run_audit(items, extractor, body.options)
    if body.format == "html":
        return HTMLResponse(render_html(report))
    if body.format == "md":
        return Response(render_md(report), media_type="text/markdown")
    return report
