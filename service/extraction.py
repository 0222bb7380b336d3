"""What the extractor found in one report: the object the pipeline builds and the audit reads.

The JSON result (``schema.ExtractResult``, the public contract) is its serialisation, ``result()``;
nothing reads the JSON back. Offsets: ``spans`` and ``tables`` index the normalised text
(``norm.text``), which the steps that built them read; sections, indicators, unmapped and the checks'
evidence index the text as sent (``text``), as the JSON does — ``norm.to_original`` maps the first
to the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service.checks import RuleCheck
from service.normalize import Normalized
from service.schema import (
    LABELS,
    DocumentInfo,
    Entity,
    ExtractResult,
    Indicator,
    ModelInfo,
    ReportInfo,
    Section,
    Unmapped,
)
from service.tables import Table
from service.tagging import Span

if TYPE_CHECKING:
    from service.documents import Document


@dataclass
class Extraction:
    """One report as ``Extractor.run`` read it."""

    norm: Normalized  # the text as sent (``norm.original``) and its normalisation
    report: ReportInfo
    tagger: ModelInfo  # the tagger that read it
    spans: list[Span]  # the tagger's, whole digit runs joined
    sections: list[Section]  # from the tagger's headings
    numbered_headings: list[Section]  # every canonical section's heading, tagged or not (see sections.py)
    tables: list[Table]  # the form tables found, a table whose cells could not be read without cells
    indicators: list[Indicator]
    unmapped: list[Unmapped]
    checks: list[RuleCheck]
    warnings: list[str]
    document: Document | None = None  # the file the text was read from (file input)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per pipeline step

    @property
    def text(self) -> str:
        return self.norm.original

    def entities(self) -> list[Entity]:
        """The tagged spans in the text as sent."""
        out = []
        for s in (s for s in self.spans if s.label in LABELS):
            start, end = self.norm.to_original(s.start, s.end)
            out.append(Entity(label=s.label, text=self.text[start:end], start=start, end=end, score=round(s.score, 4)))  # type: ignore[arg-type]
        return out

    def result(self, include_entities: bool = True) -> ExtractResult:
        """The JSON result. A file's carries the text read from it (a text file's, decoded), which its
        offsets index."""
        return ExtractResult(
            model=self.tagger,
            report=self.report,
            sections=self.sections,
            entities=self.entities() if include_entities else [],
            indicators=self.indicators,
            unmapped=self.unmapped,
            checks=[c.to_schema() for c in self.checks],
            warnings=self.warnings,
            document=self._document_info(),
        )

    def _document_info(self) -> DocumentInfo | None:
        doc = self.document
        if doc is None:
            return None
        pages = len(doc.page_starts) or None
        return DocumentInfo(
            filename=doc.filename, kind=doc.kind, sha256=doc.sha256, ocr=doc.ocr, pages=pages, text=doc.text
        )
