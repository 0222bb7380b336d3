"""The extraction pipeline: normalise → tag → structure → map → check, into an ``Extraction``.

One ``Extractor`` serves the CLI, the REST API, batch runs and the audit. ``run`` reads one report
top to bottom into an ``Extraction`` (service/extraction.py); ``extract`` gives its JSON result. Every
step works on the normalised text; offsets are mapped back to the text exactly as sent where the
steps' output becomes the result's (sections, indicators).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

from service.budget import check_deadline
from service.catalog import Catalog, get_catalog
from service.checks import RuleCheck, check_all
from service.common import check_text
from service.documents import Document, read_document
from service.errors import ServiceError
from service.extraction import Extraction
from service.linking import Link, LinkingTagger
from service.mapping import prose_counts, read_prose
from service.normalize import Normalized, normalize
from service.numbers import Quantity, find_quantities
from service.schema import ExtractOptions, ExtractResult, Indicator, ModelInfo, ReportInfo, Section, Unmapped
from service.sections import build_sections, numbered_headings
from service.settings import Settings, get_settings
from service.tables import Table, read_tables
from service.tagging import (
    LexiconTagger,
    Span,
    Tagger,
    at_column_gaps,
    numbers_as_found,
    outside_images,
    short_names_inside_words,
    whole_digit_runs,
    with_spans_of,
)

logger = logging.getLogger("govreport.pipeline")

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_HINT = re.compile(r"(信息公开|政务公开)")


def report_info(norm: Normalized) -> ReportInfo:
    """Title, organisation and year from the report's first lines (or a crawler header's 标题)."""
    text = norm.text
    header = re.search(r"^标题[:：]\s*(.+)$", text, re.M)
    title = header.group(1).strip() if header else None
    if title is None:
        # The title may wrap over two or three lines ("2024 年上海市科委政府信息公开工作\n年度报告").
        lines = [ln.strip().lstrip("#").strip() for ln in text[norm.body_start :].splitlines()]
        lines = [ln for ln in lines if ln and ln not in ("正文",)][:6]
        for i in range(len(lines)):
            joined = "".join(lines[i : i + 3])
            m = re.search(r"^.{0,60}?(?:年度报告|工作报告|的报告|年报)", joined)
            if m and _TITLE_HINT.search(m.group()):
                title = m.group()
                break
    year = None
    org = None
    if title:
        ym = _YEAR.search(title)
        year = int(ym.group(1)) if ym else None
        body = re.sub(r"^\s*(?:19|20)\d{2}\s*年度?", "", title)  # "2016年鸭河工区信息公开工作年度报告"
        org = re.split(r"(?:关于)?(?:19|20)\d{2}\s*年|政府信息公开|信息公开|政务公开", body)[0].strip() or None
    if year is None:
        ym = re.search(r"统计期限?自\s*((?:19|20)\d{2})\s*年", text) or _YEAR.search(text[norm.body_start :][:300])
        year = int(ym.group(1)) if ym else None
    return ReportInfo(title=title, organization=org, year=year, script=norm.script)


def _template(tables: list[Table], year: int | None, catalog: Catalog) -> str:
    votes = Counter(t.template for t in tables if t.template and t.key in ("t2", "t3", "general"))
    by_year = catalog.template_for_year(year)
    if not votes:
        return by_year or "unknown"
    top = votes.most_common()
    if len(top) > 1 and top[0][1] == top[1][1]:
        return by_year if by_year is not None and by_year in votes else "mixed"
    return top[0][0]


#: A table value in a failed rule is not one to take as is: the report's arithmetic or our reading is off.
CONF_FAILED_RULE = 0.75
#: the highest confidence of a value read from a scan
OCR_CONFIDENCE = 0.85


def _flag_failed(indicators: list[Indicator], checks: list[RuleCheck]) -> None:
    """Flag every value a failed rule relates on the value itself (text-vs-table: the text's value)."""
    failed: dict[str, list[str]] = {}
    for c in checks:
        if c.status == "fail":
            for cell in c.cells:
                failed.setdefault(cell.id, []).append(c.rule)
    for ind in indicators:
        rules = sorted({r for r in failed.get(ind.id, []) if (r == "text_vs_table") == (ind.source == "text")})
        if rules and ind.period == "year" and ind.value is not None:
            ind.failed_rules = rules
            ind.confidence = min(ind.confidence, CONF_FAILED_RULE)


class _StageClock:
    """Seconds spent in each step of one run (the benchmark prints them; cheap enough to always keep)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self._last
        self._last = now
        check_deadline()  # between steps too: a request past its time budget ends here


class ModelUnavailable(ServiceError):
    """The model tagger was asked for but is not loaded: 503, never a silent fallback."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "model_unavailable", f"the tagger model is not loaded ({reason}); use the lexicon tagger or load a model"
        )


class Extractor:
    """Holds the loaded taggers; one instance serves the CLI, the API and batch runs."""

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog | None = None,
        *,
        lexicon: Tagger | None = None,
        model: Tagger | None = None,
    ) -> None:
        """``lexicon`` and ``model`` stand in for the taggers it would use (evaluation passes its own)."""
        self.settings = settings
        self.catalog = catalog or get_catalog()
        self.lexicon: Tagger = lexicon or LexiconTagger(self.catalog)
        self.model: Tagger | None = model
        self.model_error: str | None = None

    def load_model(self) -> None:
        """Load the served tagger from the directory the model registry names (``ModelRegistry.active_path``)."""
        from service.registry import ModelRegistry

        path = ModelRegistry.from_settings(self.settings).active_path()
        try:
            self.model, self.model_error = self._load(path), None
        except Exception as e:  # a model directory is outside input: whatever is wrong, the service stays up
            self.model, self.model_error = None, f"{type(e).__name__}: {e}"
            logger.warning("no model served: %s", self.model_error)

    def swap_model(self, path: Path) -> None:
        """Load a model and make it the served one; requests in flight finish with the old one."""
        try:
            model = self._load(path)
        except Exception as e:  # damaged, inconsistent, or without model.onnx where torch is not installed
            raise ServiceError("model_invalid", f"{path.name}: {e}") from e
        self.model, self.model_error = model, None  # one reference assignment: atomic

    def _load(self, path: Path) -> Tagger:
        from service.tagger_model import ModelTagger

        return ModelTagger.load(path, runtime=self.settings.model_runtime)

    @property
    def ready(self) -> bool:
        """Ready when the default tagger is loaded (the lexicon needs nothing)."""
        return self.settings.default_tagger == "lexicon" or self.model is not None

    def tagger(self, name: str | None) -> Tagger:
        name = name or self.settings.default_tagger
        if name == "lexicon":
            return self.lexicon
        if self.model is None:
            raise ModelUnavailable(self.model_error or "no model loaded")
        return self.model

    @property
    def model_info(self) -> ModelInfo:
        """The default tagger's name and version ("unavailable" while the model is not loaded)."""
        try:
            t = self.tagger(None)
        except ModelUnavailable:
            return ModelInfo(name="unavailable", version="")
        return ModelInfo(name=t.name, version=t.version)

    def run(self, text: str, options: ExtractOptions | None = None) -> Extraction:
        """Read one report: normalise, tag, read its tables and sections, map its values, check them."""
        tagger = self.tagger((options or ExtractOptions()).tagger)
        clock = _StageClock()
        norm = normalize(text)
        info = report_info(norm)
        clock.lap("normalise")
        quantities = find_quantities(norm.text)
        linked: dict[int, Link] = {}
        if isinstance(tagger, LinkingTagger) and tagger.link_head is not None:  # links decided in the tagging pass
            counts = prose_counts(quantities, norm.body_start)
            spans, links = tagger.tag_and_link(norm.text, counts)
            linked = {q.start: link for q, link in zip(counts, links, strict=True)}
        else:
            spans = tagger.tag(norm.text)
        spans = outside_images(norm.text, whole_digit_runs(norm.text, spans, self.catalog.markers))
        # the rules read the model's spans and, where it tagged nothing or less of a metric, the lexicon's
        read = spans
        if tagger is not self.lexicon:
            spans = at_column_gaps(norm.text, numbers_as_found(norm.text, spans, quantities))
            spans = short_names_inside_words(norm.text, spans, self.catalog.row_aliases)
            read = with_spans_of(norm.text, spans, outside_images(norm.text, self.lexicon.tag(norm.text)))
        clock.lap("tag")
        tables = read_tables(norm.text, read, self.catalog, info.year, norm.page_breaks())
        info.template = _template([t for t in tables if t.cells], info.year, self.catalog)  # type: ignore[assignment]
        headings = build_sections(norm.text, [(s.start, s.end) for s in spans if s.label == "HEADING"])
        # row labels of a table that look like headings ("（二）部分公开…") are not sections
        sections = [s for s in headings if not any(t.start <= s.start < t.end for t in tables)]
        clock.lap("structure")
        indicators, unmapped, warnings = self._indicators(norm, read, tables, linked, quantities)
        clock.lap("map")
        checks = check_all(indicators, self.catalog)
        _flag_failed(indicators, checks)
        clock.lap("check")
        return Extraction(
            timings=clock.laps,
            norm=norm,
            report=info,
            tagger=ModelInfo(name=tagger.name, version=tagger.version),
            spans=spans,
            sections=_in_original(norm, sections),
            numbered_headings=_in_original(norm, numbered_headings(norm.text)),
            tables=tables,
            indicators=indicators,
            unmapped=unmapped,
            checks=checks,
            warnings=warnings,
        )

    def run_document(self, doc: Document, options: ExtractOptions | None = None) -> Extraction:
        """Read a document read by ``read_checked``; each value of a PDF gets its page."""
        extraction = self.run(doc.text, options)
        extraction.document = doc
        if doc.kind != "text":
            for ind in extraction.indicators:
                ind.page = doc.page_of(ind.start)
        if doc.ocr:  # a digit OCR misread is a confident wrong number: every value is one to check
            for ind in extraction.indicators:
                ind.confidence = min(ind.confidence, OCR_CONFIDENCE)
            extraction.warnings.insert(0, "the text was read by OCR from a scan: check every value against the page")
        return extraction

    def extract(self, text: str, options: ExtractOptions | None = None) -> ExtractResult:
        """The JSON result of ``run``."""
        options = options or ExtractOptions()
        return self.run(text, options).result(options.include_entities)

    def extract_document(self, doc: Document, options: ExtractOptions | None = None) -> ExtractResult:
        """The JSON result of ``run_document``: with the text read from the file, which its offsets index."""
        options = options or ExtractOptions()
        return self.run_document(doc, options).result(options.include_entities)

    def _indicators(
        self,
        norm: Normalized,
        spans: list[Span],
        tables: list[Table],
        links: dict[int, Link],
        quantities: list[Quantity],
    ) -> tuple[list[Indicator], list[Unmapped], list[str]]:
        def indicator(id_: str, start: int, end: int, **fields: object) -> Indicator:
            d = self.catalog.indicators[id_]
            s, e = norm.to_original(start, end)
            return Indicator(id=id_, label=d.label, unit=d.unit, raw=norm.original[s:e], start=s, end=e, **fields)  # type: ignore[arg-type]

        out: list[Indicator] = []
        warnings: list[str] = []
        for t in tables:
            warnings += t.warnings
            out += [
                indicator(c.id, c.start, c.end, value=c.value, period=c.period, source="table",
                          confidence=c.confidence, table=t.key)
                for c in t.cells
            ]  # fmt: skip
        regions = [(t.start, t.end) for t in tables]
        tabled: dict[str, set[int | float]] = {}
        for t in tables:
            for c in t.cells:
                if c.period == "year" and c.value is not None:
                    tabled.setdefault(c.id, set()).add(c.value)
        prose, unmapped = read_prose(
            norm.text, spans, self.catalog, regions, norm.body_start, links, quantities, tabled
        )
        warnings += [
            f"{p.id}: the text states it as {p.value} and as {', '.join(map(str, p.others))}; the first is given, flagged"
            for p in prose
            if p.others
        ]
        out += [
            indicator(p.id, p.start, p.end, value=p.value, period=p.period, source="text",
                      confidence=p.confidence, approximate=p.approximate)
            for p in prose
        ]  # fmt: skip
        unmapped_out = [
            Unmapped(metric=u.metric, value=u.value, unit=u.unit, start=s, end=e)
            for u in unmapped
            for s, e in [norm.to_original(u.start, u.end)]
        ]
        return out, unmapped_out, warnings


def _in_original(norm: Normalized, sections: list[Section]) -> list[Section]:
    """Sections found in the normalised text, with the offsets and heading of the text as sent."""
    for sec in sections:
        sec.start, sec.end = norm.to_original(sec.start, sec.end)
        sec.heading = norm.original[sec.start : sec.end]
    return sections


def read_checked(data: bytes, filename: str | None, settings: Settings) -> Document:
    """A document file read and checked as every input is (API and CLI), before any extraction."""
    if len(data) > settings.max_upload_bytes:
        raise ServiceError(
            "file_too_large",
            f"the file is larger than {settings.max_upload_bytes:,} bytes (GOVREPORT_MAX_UPLOAD_BYTES)",
        )
    doc = read_document(data, filename, ocr_pages=settings.ocr_max_pages)
    check_text(doc.text, settings, where=filename or "the document's text")
    return doc


def build_extractor(settings: Settings) -> Extractor:
    """An extractor with both taggers loaded (the model when its directory is there)."""
    extractor = Extractor(settings)
    extractor.load_model()
    return extractor


@lru_cache
def get_extractor() -> Extractor:
    return build_extractor(get_settings())
