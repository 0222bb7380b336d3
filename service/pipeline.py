"""The extraction pipeline: normalise → tag → structure → map → check → JSON.

One ``Extractor`` serves the CLI, the REST API and batch runs. Every step works on the normalised
text; offsets are mapped back to the text exactly as sent only when the result is assembled.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from service.catalog import Catalog, get_catalog
from service.checks import check_all
from service.common import ServiceError, check_text
from service.documents import Document, read_document
from service.mapping import read_prose
from service.normalize import Normalized, normalize
from service.schema import (
    Check,
    DocumentInfo,
    Entity,
    ExtractOptions,
    ExtractResult,
    Indicator,
    ModelInfo,
    ReportInfo,
    Unmapped,
)
from service.sections import build_sections
from service.settings import Settings, get_settings
from service.tables import Table, read_tables
from service.tagging import LexiconTagger, Span, Tagger, whole_digit_runs

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
        return by_year if by_year in votes else "mixed"
    return top[0][0]


#: A table value in a failed rule is not one to take as is: the report's arithmetic or our reading is off.
CONF_FAILED_RULE = 0.75


def _flag_failed(indicators: list[Indicator], checks: list[Check]) -> None:
    """Flag every value a failed rule relates on the value itself (text-vs-table: the text's value)."""
    failed: dict[str, list[str]] = {}
    for c in checks:
        if c.status == "fail":
            for cell in c.left + c.right:
                failed.setdefault(cell, []).append(c.rule)
    for ind in indicators:
        rules = sorted({r for r in failed.get(ind.id, []) if (r == "text_vs_table") == (ind.source == "text")})
        if rules and ind.period == "year" and ind.value is not None:
            ind.failed_rules = rules
            ind.confidence = min(ind.confidence, CONF_FAILED_RULE)


class ModelUnavailable(ServiceError):
    """The model tagger was asked for but is not loaded: 503, never a silent fallback."""

    def __init__(self, reason: str) -> None:
        super().__init__(503, "model_unavailable", f"the tagger model is not loaded ({reason}); use the lexicon tagger or load a model")


class Extractor:
    """Holds the loaded taggers; one instance serves the CLI, the API and batch runs."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None) -> None:
        self.settings = settings
        self.catalog = catalog or get_catalog()
        self.lexicon = LexiconTagger(self.catalog)
        self.model: Tagger | None = None
        self.model_error: str | None = None

    def load_model(self) -> None:
        """Load the served tagger: the active version of the registry, else settings.model_dir."""
        from service.registry import ModelRegistry

        registry = ModelRegistry(self.settings.models_root)
        path = registry.active_path() if (self.settings.models_root / "ACTIVE").is_file() else self.settings.model_dir
        try:
            self.model, self.model_error = self._load(path), None
        except (FileNotFoundError, ImportError, OSError) as e:
            self.model, self.model_error = None, f"{type(e).__name__}: {e}"

    def swap_model(self, path: Path) -> None:
        """Load a model and make it the served one; requests in flight finish with the old one."""
        try:
            model = self._load(path)
        except (FileNotFoundError, OSError) as e:
            raise ServiceError(422, "model_invalid", f"{path.name}: {e}") from e
        self.model, self.model_error = model, None  # one reference assignment: atomic

    @staticmethod
    def _load(path: Path) -> Tagger:
        from service.tagger_model import ModelTagger

        return ModelTagger.load(path)

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

    def extract(self, text: str, options: ExtractOptions | None = None) -> ExtractResult:
        options = options or ExtractOptions()
        tagger = self.tagger(options.tagger)
        norm = normalize(text)
        info = report_info(norm)
        spans = whole_digit_runs(norm.text, tagger.tag(norm.text), self.catalog.markers)
        sections = build_sections(norm.text, [(s.start, s.end) for s in spans if s.label == "HEADING"])
        tables = read_tables(norm.text, spans, self.catalog, info.year)
        # row labels of a table that look like headings ("（二）部分公开…") are not sections
        sections = [s for s in sections if not any(t.start <= s.start < t.end for t in tables)]
        info.template = _template([t for t in tables if t.cells], info.year, self.catalog)  # type: ignore[assignment]
        indicators, unmapped, warnings = self._indicators(norm, spans, tables)
        checks = check_all(indicators, self.catalog)
        _flag_failed(indicators, checks)
        for sec in sections:
            sec.start, sec.end = norm.to_original(sec.start, sec.end)
            sec.heading = text[sec.start : sec.end]
        entities = (
            [self._entity(norm, s) for s in spans if s.label in ("METRIC", "NUMBER", "HEADING")]
            if options.include_entities
            else []
        )
        return ExtractResult(
            model=ModelInfo(name=tagger.name, version=tagger.version),
            report=info,
            sections=sections,
            entities=entities,
            indicators=indicators,
            unmapped=unmapped,
            checks=checks,
            warnings=warnings,
        )

    def extract_document(self, doc: Document, options: ExtractOptions | None = None) -> ExtractResult:
        """Extract a document read by ``read_checked``. A PDF, DOCX or HTML file's result carries the
        text read from it, which its offsets index, and each PDF value its page."""
        result = self.extract(doc.text, options)
        if doc.kind != "text":  # a text file's offsets index the file itself
            for ind in result.indicators:
                ind.page = doc.page_of(ind.start)
            result.document = DocumentInfo(
                filename=doc.filename, kind=doc.kind, pages=len(doc.page_starts) or None, text=doc.text
            )
        return result

    def _entity(self, norm: Normalized, s: Span) -> Entity:
        start, end = norm.to_original(s.start, s.end)
        return Entity(label=s.label, text=norm.original[start:end], start=start, end=end, score=round(s.score, 4))  # type: ignore[arg-type]

    def _indicators(
        self, norm: Normalized, spans: list[Span], tables: list[Table]
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
        prose, unmapped = read_prose(norm.text, spans, self.catalog, regions, norm.body_start)
        warnings += [
            f"{p.id}: the text states it as {p.value} and as {', '.join(map(str, p.others))}; the first is given, flagged"
            for p in prose
            if p.others
        ]
        out += [
            indicator(p.id, p.start, p.end, value=p.value, source="text", confidence=p.confidence,
                      approximate=p.approximate)
            for p in prose
        ]  # fmt: skip
        unmapped_out = [
            Unmapped(metric=u.metric, value=u.value, unit=u.unit, start=s, end=e)
            for u in unmapped
            for s, e in [norm.to_original(u.start, u.end)]
        ]
        return out, unmapped_out, warnings


def read_checked(data: bytes, filename: str | None, settings: Settings) -> Document:
    """A document file read and checked as every input is (API and CLI), before any extraction."""
    if len(data) > settings.max_upload_bytes:
        raise ServiceError(
            413, "file_too_large", f"the file is larger than {settings.max_upload_bytes:,} bytes (GOVREPORT_MAX_UPLOAD_BYTES)"
        )
    doc = read_document(data, filename)
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
