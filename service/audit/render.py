"""The audit as one self-contained HTML page (inline CSS and JS, no external URL) or Markdown, with
the Jinja2 templates in ``service/templates``."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from service.audit.models import AuditReport
from service.audit.names import ROW_REASONS, RULE_MEANINGS, STATUS_NAMES, TABLE_SHORT, Number, fmt_number
from service.schema import Entity

if TYPE_CHECKING:
    from jinja2 import Environment
    from spacy.language import Language

ENTITY_COLORS = {"HEADING": "#c7d2fe", "METRIC": "#fde68a", "NUMBER": "#bbf7d0"}


@lru_cache
def _nlp() -> Language:
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
        return str(displacy.render(doc, style="ent", page=False, options={"colors": ENTITY_COLORS}))


def _signed(v: Number | None) -> str:
    return "—" if v is None else ("+" if v > 0 else "") + fmt_number(v)


@lru_cache
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("service", "templates"),
        # Markdown too: a report's name is user input, and Markdown passes raw HTML through to the page
        autoescape=select_autoescape(enabled_extensions=("html", "md"), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = fmt_number
    env.filters["signed"] = _signed
    env.filters["pct"] = lambda v: "" if v is None else f"{'+' if v > 0 else ''}{v:g}%"
    env.filters["md"] = lambda v: str("" if v is None else v).replace("|", "\\|").replace("\n", " ")
    return env


def _context(report: AuditReport) -> dict[str, Any]:
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
    tags = {
        a.anchor: tagged_html(a._extraction.text, a._extraction.entities())
        for a in report.reports
        if tagged and a._extraction is not None and a._extraction.text
    }
    return environment().get_template("audit.html").render(**_context(report), tagged=tags)


def render_md(report: AuditReport) -> str:
    return environment().get_template("audit.md").render(**_context(report))


def render(report: AuditReport, fmt: str) -> str:
    """The audit in ``fmt``: html, md, or json (anything else)."""
    if fmt == "html":
        return render_html(report)
    if fmt == "md":
        return render_md(report)
    return report.model_dump_json(indent=2)
