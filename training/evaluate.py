"""The model evaluation report: span scores, indicator scores, consistency rules, errors, charts.

    govreport evaluate --model models/versions/v3 --data test [--compare models/versions/v2] [--out DIR]

``evaluate(model_dir, records_or_split, compare=None, out_dir=None)`` tags and extracts every
evaluated report once per model and returns the report as a dict (the content of ``report.json``);
with ``out_dir`` it also writes ``report.json``, ``report.md`` and ``report.html`` there
(``write_report``). All three carry the same numbers; the HTML is self-contained (inline CSS, charts
as base64 PNG, no external URL), the Markdown refers to the charts as PNG files beside it.

What is measured:

* **Spans** (the tagger alone, on the normalised text; ``training.metrics``, the scores training
  reports too): seqeval precision/recall/F1 per label and overall, strict (IOB2 scheme,
  ``mode="strict"``) and the lenient *overlap* variant of ``overlap_scores`` (a predicted span is
  right when it shares a character with a gold span of the same label).
* **Indicators** (tagger + rules pipeline) against the stand-off gold values of ``gold_dir``
  (default ``<annotations dir>/gold``), a gold file matched to an evaluated record by the sha256 of
  the text (a gold file whose name matches a record but whose sha256 does not is reported as
  skipped). Scored with ``training.score.score_report`` and ``summarise``: exactly the numbers of
  ``govreport score`` on those reports with the same tagger.
* **Consistency rules**: pass / fail / not assessable per rule of ``ExtractResult.checks``.
* **Errors**: every wrong or missed value of the scoring, with ±30 characters of context.
* With ``compare``: the second model's numbers side by side and the gold values one model gets
  right and the other does not; with ``curve``: a learning curve over models trained on growing
  data (x = training characters of their model cards).

A model is a model directory (docs/model-contract.md) or ``"lexicon"`` for the lexicon tagger
(a baseline to compare with).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import re
import shlex
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from service.annotations import (
    SPLITS,
    AnnotationError,
    AnnotationRecord,
    AnnotationStore,
    resolve_text,
    sha256_text,
)
from service.catalog import get_catalog
from service.files import write_atomic
from service.linking import Link
from service.normalize import normalize
from service.numbers import Quantity
from service.pipeline import Extractor
from service.schema import LABELS, ExtractOptions, ExtractResult
from service.settings import get_settings
from service.tagger_model import ModelTagger
from service.tagging import LexiconTagger, Span, Tagger
from training.bio import Example, from_char_bio, normalised_example, span_triples, to_char_bio
from training.metrics import evaluate_examples, overlap_scores, strict_f1
from training.model_io import shown_path, write_model_card
from training.score import GoldReport, ReportScore, load_gold, score_report, summarise

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
LEXICON = "lexicon"
CONTEXT = 30  # characters of context either side of an error's value
REPORT_FILES = ("report.json", "report.md", "report.html")

# -------------------------------------------------------------------------------------------- taggers


class _EvalTagger:
    """The tagger under evaluation, caching its per-character tags so that the span scores and the
    extraction pipeline tag each text once. ``tag`` and ``tag_and_link`` give exactly what the wrapped
    tagger gives: the pipeline reads a model's links as it does in the service."""

    def __init__(self, inner: Tagger, name: str, version: str) -> None:
        self.inner = inner
        self.name = name
        self.version = version
        self.link_head = inner.link_head if isinstance(inner, ModelTagger) else None
        self._cache: dict[str, tuple[list[str], list[float]]] = {}

    def _keep(self, text: str, tags: tuple[list[str], list[float]]) -> tuple[list[str], list[float]]:
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[hashlib.sha256(text.encode("utf-8")).hexdigest()] = tags
        return tags

    def tag_and_link(self, text: str, counts: Sequence[Quantity]) -> tuple[list[Span], list[Link]]:
        assert isinstance(self.inner, ModelTagger)
        tags, scores, links = self.inner.tags_and_links(text, counts)
        return self.inner.spans(text, *self._keep(text, (tags, scores))), links

    def char_tags(self, text: str) -> tuple[list[str], list[float]]:
        cached = self._cache.get(hashlib.sha256(text.encode("utf-8")).hexdigest())
        if cached is not None:
            return cached
        if isinstance(self.inner, ModelTagger):
            return self._keep(text, self.inner.char_tags(text))
        # the lexicon tagger: BIO tags from its (possibly overlapping) spans
        spans, taken = [], [False] * len(text)
        for s in sorted(self.inner.tag(text), key=lambda x: (x.start, -(x.end - x.start))):
            if s.label in LABELS and 0 <= s.start < s.end <= len(text) and not any(taken[s.start : s.end]):
                spans.append((s.start, s.end, s.label))
                taken[s.start : s.end] = [True] * (s.end - s.start)
        return self._keep(text, (to_char_bio(text, spans), [1.0] * len(text)))

    def tag(self, text: str) -> list[Span]:
        if isinstance(self.inner, ModelTagger):
            return self.inner.spans(text, *self.char_tags(text))
        return self.inner.tag(text)


@dataclass
class _Model:
    """A model under evaluation: its tagger, an extractor using it and what the card says."""

    ref: str
    info: dict[str, Any]
    tagger: _EvalTagger
    extractor: Extractor
    option: Literal["model", "lexicon"]  # ExtractOptions.tagger

    def extract(self, text: str) -> ExtractResult:
        return self.extractor.extract(text, ExtractOptions(tagger=self.option))


def load_model(model: Path | str, num_threads: int | None = None) -> _Model:
    """A model directory (or ``"lexicon"``) ready to evaluate, its extractor tagging through the cache."""
    settings = get_settings()
    info: dict[str, Any]
    if str(model) == LEXICON:
        catalog = get_catalog()
        tagger = _EvalTagger(LexiconTagger(catalog), LEXICON, "catalog")
        info = {"name": LEXICON, "version": "catalog", "dir": None, "created": None, "base_model": None,
                "train_chars": None, "data": {}}  # fmt: skip
        return _Model(LEXICON, info, tagger, Extractor(settings, catalog, lexicon=tagger), "lexicon")
    model_dir = Path(model)
    inner = ModelTagger.load(model_dir, num_threads=num_threads)
    card_path = model_dir / "model_card.json"
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    data = card.get("data") or {}
    info = {
        "name": inner.name,
        "version": inner.version,
        "dir": str(model_dir),
        "created": card.get("created"),
        "base_model": card.get("base_model"),
        "train_chars": (data.get("train") or {}).get("chars"),
        "data": data,
    }
    tagger = _EvalTagger(inner, inner.name, inner.version)
    return _Model(str(model_dir), info, tagger, Extractor(settings, model=tagger), "model")


# ----------------------------------------------------------------------------------------------- data


@dataclass
class _Doc:
    """One evaluated report."""

    id: str
    text: str  # as the extractor receives it (original)
    norm_text: str  # as the tagger sees it
    spans: list[tuple[int, int, str]]  # gold spans over norm_text
    sha256: str
    names: set[str] = field(default_factory=set)  # file names a gold file may be matched by
    gold: GoldReport | None = None


@dataclass
class _Data:
    docs: list[_Doc]
    info: dict[str, Any]


def load_data(
    records_or_split: str | Path | Sequence[AnnotationRecord] | Sequence[Example],
    *,
    annotations_dir: Path | None = None,
    corpus_dir: Path | None = None,
    gold_dir: Path | None = None,
) -> _Data:
    """The reports to evaluate and their gold files.

    Args:
        records_or_split: ``"train"``/``"dev"``/``"test"`` (those records of the annotation store
            ``annotations_dir``, default ``Settings.annotations_dir``), an annotation store directory
            (all its records), annotation records, or ``(normalised text, spans)`` examples.
        annotations_dir: the store a split is taken from.
        corpus_dir: where stand-off records resolve (default ``Settings.corpus_dir``).
        gold_dir: gold files (default: ``gold/`` of the annotation store, if there is one).
    """
    settings = get_settings()
    corpus = Path(corpus_dir) if corpus_dir is not None else settings.corpus_dir
    info: dict[str, Any] = {"corpus_dir": shown_path(corpus)}
    records: list[AnnotationRecord] | None = None
    examples: list[Example] | None = None
    store_root: Path | None = None
    if isinstance(records_or_split, (str, Path)):
        if isinstance(records_or_split, str) and records_or_split in SPLITS:
            store_root = Path(annotations_dir) if annotations_dir is not None else settings.annotations_dir
            records = AnnotationStore(store_root, corpus).load(records_or_split)  # type: ignore[arg-type]
            info |= {"kind": "split", "split": records_or_split, "annotations_dir": shown_path(store_root)}
        else:
            store_root = Path(records_or_split)
            if not store_root.is_dir():
                raise FileNotFoundError(
                    f"{records_or_split}: neither a split ({', '.join(SPLITS)}) nor an annotation store directory"
                )
            records = AnnotationStore(store_root, corpus).load()
            info |= {"kind": "store", "split": None, "annotations_dir": shown_path(store_root)}
    else:
        items = list(records_or_split)
        if all(isinstance(r, AnnotationRecord) for r in items):
            records = items  # type: ignore[assignment]
            info |= {"kind": "records", "split": None}
            if annotations_dir is not None:
                store_root = Path(annotations_dir)
        else:
            examples = items  # type: ignore[assignment]
            info |= {"kind": "examples", "split": None, "corpus_dir": None}
    if gold_dir is None and store_root is not None and (store_root / "gold").is_dir():
        gold_dir = store_root / "gold"

    docs: list[_Doc] = []
    skipped: list[str] = []
    for record in records or []:
        try:
            text = resolve_text(record, corpus)
            norm_text, spans = normalised_example(record, corpus)
        except (AnnotationError, OSError) as e:
            skipped.append(f"{record.id}: {e}")
            continue
        names = {record.id, f"{record.id}.txt"}
        if record.corpus is not None:
            names.add(Path(record.corpus.path).name)
            names.add(record.corpus.path)
        docs.append(_Doc(record.id, text, norm_text, list(spans), sha256_text(text), names))
    for i, (text, example_spans) in enumerate(examples or []):
        if text:
            docs.append(
                _Doc(f"example-{i}", text, normalize(text).text, sorted(span_triples(example_spans)), sha256_text(text))
            )

    gold_files: list[str] = []
    if gold_dir is not None and Path(gold_dir).is_dir():
        by_sha = {d.sha256: d for d in docs}
        by_name: dict[str, _Doc] = {}
        for d in docs:
            for n in d.names:
                by_name.setdefault(n, d)
        for gold in load_gold(Path(gold_dir)):
            doc = by_sha.get(gold.sha256)
            if doc is None:
                named = (
                    by_name.get(gold.file) or by_name.get(gold.corpus_path) or by_name.get(Path(gold.corpus_path).name)
                )
                if named is not None:
                    skipped.append(
                        f"gold {gold.file}: sha256 {gold.sha256[:12]} does not match record {named.id}'s text"
                    )
                continue
            if doc.gold is not None:
                continue
            doc.gold = gold
            gold_files.append(gold.file)
    info |= {
        "gold_dir": shown_path(gold_dir) if gold_dir is not None else None,
        "records": [d.id for d in docs],
        "n_records": len(docs),
        "chars": sum(len(d.norm_text) for d in docs),
        "gold_files": gold_files,
        "skipped": skipped,
    }
    return _Data(docs, info)


# ------------------------------------------------------------------------------------------ evaluation


def _r(x: float) -> float:
    return round(float(x), 4)


def _rounded(block: dict[str, Any]) -> dict[str, Any]:
    """Span scores rounded like training.score's (4 decimals)."""

    def one(m: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "precision": _r(m["precision"]),
            "recall": _r(m["recall"]),
            "f1": _r(m["f1"]),
            "support": int(m["support"]),
        }

    return {"overall": one(block["overall"]), "per_label": {k: one(v) for k, v in block["per_label"].items()}}


def _fmt_value(v: float | None) -> str:
    if v is None:
        return "-"
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def _context(text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "before": text[max(0, start - CONTEXT) : start],
        "text": text[start:end],
        "after": text[end : end + CONTEXT],
        "start": start,
        "end": end,
    }


def _locate_missed(doc: _Doc, result: ExtractResult, err: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """Where a missed gold value is in the text: its gold evidence, else where the model read that
    indicator, else the only annotated NUMBER span with that value."""
    assert doc.gold is not None
    value = _fmt_value(err["gold"])
    for g in doc.gold.values:
        if (g.id, g.period, g.source) != (err["id"], err["period"], err["source"]) or not g.evidence:
            continue
        at = doc.text.find(g.evidence)
        if at < 0:  # the evidence may be quoted in normalised form
            norm = normalize(doc.text)
            n_at = norm.text.find(normalize(g.evidence).text)
            if n_at < 0:
                continue
            at, at_end = norm.to_original(n_at, n_at + len(normalize(g.evidence).text))
        else:
            at_end = at + len(g.evidence)
        m = re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.])", doc.text[at:at_end])
        if m:  # the value itself inside its evidence (a whole number, not the 0 of 2022)
            return _context(doc.text, at + m.start(), at + m.end()), "gold evidence"
        return _context(doc.text, at, at_end), "gold evidence"
    for ind in result.indicators:
        if ind.id == err["id"] and ind.period == err["period"]:
            return _context(doc.text, ind.start, ind.end), f"the model read {_fmt_value(ind.value)} ({ind.source}) here"
    norm = normalize(doc.text)
    row_label = _row_label_span(doc, norm.text, err["id"])
    if row_label is not None:
        start, end = norm.to_original(*row_label)
        return _context(doc.text, start, end), "row label of the value (annotated METRIC)"
    hits = [
        (s, e) for s, e, lab in doc.spans
        if lab == "NUMBER" and "".join(ch for ch in norm.text[s:e] if ch.isdigit() or ch == ".") == value
    ]  # fmt: skip
    if len(hits) == 1:
        start, end = norm.to_original(*hits[0])
        return _context(doc.text, start, end), "the only annotated NUMBER span with this value"
    return None, "not located"


@lru_cache(maxsize=4096)
def _label_names(table: str | None, label: str) -> frozenset[str]:
    """The table rows (``table.row``) or general indicator ids a printed row label names."""
    catalog = get_catalog()
    if table is None:
        return frozenset(g.id for g in catalog.resolve_general_label(label))
    row = catalog.resolve_row(table, label)
    return frozenset([f"{table}.{row.key}"] if row else [])


def _row_label_span(doc: _Doc, norm_text: str, indicator_id: str) -> tuple[int, int] | None:
    """The first annotated METRIC span (normalised offsets) naming the row of a table indicator."""
    d = get_catalog().indicators.get(indicator_id)
    if d is None:
        return None
    want = f"{d.table}.{d.row}" if d.table else d.id
    for s, e, lab in doc.spans:
        if lab == "METRIC" and want in _label_names(d.table, norm_text[s:e]):
            return s, e
    return None


def _errors(doc: _Doc, result: ExtractResult, score: ReportScore) -> list[dict[str, Any]]:
    out = []
    used: set[int] = set()
    for err in score.errors:
        row: dict[str, Any] = {
            "file": score.file, "record": doc.id, "kind": err["kind"], "source": err["source"], "id": err["id"],
            "period": err["period"], "gold": err.get("gold"), "predicted": err.get("predicted"),
        }  # fmt: skip
        if err["kind"] == "wrong":
            row["evidence"], row["where"] = None, "not located"
            for k, ind in enumerate(result.indicators):
                if (
                    k not in used and ind.id == err["id"] and ind.period == err["period"] and ind.source == err["source"]
                    and ind.value is not None and round(float(ind.value), 6) == err["predicted"]
                ):  # fmt: skip
                    used.add(k)
                    row["evidence"], row["where"] = _context(doc.text, ind.start, ind.end), "predicted value"
                    golds = (
                        [g.value for g in doc.gold.values if (g.id, g.period) == (ind.id, ind.period)]
                        if doc.gold
                        else []
                    )
                    row["gold"] = golds[0] if golds else None
                    break
        else:
            row["evidence"], row["where"] = _locate_missed(doc, result, err)
            preds = [i.value for i in result.indicators if (i.id, i.period) == (err["id"], err["period"])]
            row["predicted"] = preds[0] if preds else None
        out.append(row)
    out.sort(key=lambda r: (r["id"], r["period"], r["kind"]))
    return out


def _gold_outcomes(doc: _Doc, score: ReportScore) -> dict[tuple[str, str, str, float], tuple[int, int]]:
    """Per gold value (source, id, period, value): (how often in gold, how often found)."""
    assert doc.gold is not None
    gold = Counter(
        (g.source, g.id, g.period, round(float(g.value), 6))
        for g in doc.gold.values
        if not g.ambiguous and g.value is not None
    )
    missed = Counter((e["source"], e["id"], e["period"], e["gold"]) for e in score.errors if e["kind"] == "missed")
    return {k: (n, n - missed.get(k, 0)) for k, n in gold.items()}


def _check_summary(per_doc: Sequence[tuple[str, ExtractResult]]) -> dict[str, Any]:
    rules: dict[str, Counter[str]] = defaultdict(Counter)
    failures = []
    for doc_id, result in per_doc:
        for c in result.checks:
            rules[c.rule][c.status] += 1
            if c.status == "fail":
                failures.append({"record": doc_id, "rule": c.rule, "detail": c.detail})
    statuses = ("pass", "fail", "not_assessable")
    table = {rule: {s: cnt.get(s, 0) for s in statuses} for rule, cnt in sorted(rules.items())}
    total = {s: sum(t[s] for t in table.values()) for s in statuses}
    return {"rules": table, "total": total, "failures": failures}


def evaluate_model(model: _Model, data: _Data) -> dict[str, Any]:
    """Everything the report says about one model on the data (see the module docstring)."""
    docs = data.docs
    examples = [(d.norm_text, d.spans) for d in docs if d.norm_text]
    seq = evaluate_examples(model.tagger, examples)
    preds = [from_char_bio(model.tagger.char_tags(t)[0]) for t, _ in examples]
    lenient = overlap_scores([s for _, s in examples], preds)
    per_record: list[dict[str, Any]] = []
    results: list[tuple[str, ExtractResult]] = []
    scores: list[tuple[_Doc, ReportScore, ExtractResult]] = []
    for d in docs:
        result = model.extract(d.text)
        results.append((d.id, result))
        row: dict[str, Any] = {
            "record": d.id,
            "chars": len(d.norm_text),
            "gold": d.gold.file if d.gold else None,
            "span_f1_strict": None,
            "span_f1_overlap": None,
            "indicators": None,
        }
        if d.norm_text:
            y_true, y_pred = [to_char_bio(d.norm_text, d.spans)], [model.tagger.char_tags(d.norm_text)[0]]
            has = any(t != "O" for t in y_true[0] + y_pred[0])
            row["span_f1_strict"] = _r(strict_f1(y_true, y_pred)) if has else None
            o = overlap_scores([d.spans], [from_char_bio(y_pred[0])])["overall"]
            row["span_f1_overlap"] = _r(o["f1"]) if has else None
        statuses = Counter(c.status for c in result.checks)
        row["checks"] = {s: statuses.get(s, 0) for s in ("pass", "fail", "not_assessable")}
        if d.gold is not None:
            s = score_report(d.gold, result)
            scores.append((d, s, result))
            row["indicators"] = s.total.as_dict()
        per_record.append(row)

    # report order of `govreport score`: gold files sorted by name
    scores.sort(key=lambda x: x[0].gold.file)  # type: ignore[union-attr]
    indicators = None
    errors: list[dict[str, Any]] = []
    outcomes: dict[tuple[str, str, str, str, float], tuple[int, int]] = {}
    predicted: dict[tuple[str, str, str, str], list[Any]] = defaultdict(list)
    if scores:
        indicators = summarise(s for _, s, _ in scores)
        for d, s, result in scores:
            errors += _errors(d, result, s)
            for k, v in _gold_outcomes(d, s).items():
                outcomes[(s.file, *k)] = v
            for ind in result.indicators:
                predicted[(s.file, ind.source, ind.id, ind.period)].append(ind.value)
    return {
        "info": model.info,
        "spans": {
            "strict": _rounded(seq["strict"]),
            "default": _rounded(seq),
            "overlap": _rounded(lenient),
            "examples": seq["examples"],
            "chars": seq["chars"],
        },
        "indicators": indicators,
        "checks": _check_summary(results),
        "errors": errors,
        "per_record": per_record,
        "_outcomes": outcomes,
        "_predicted": predicted,
    }


def _compare_items(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Gold values one model gets right and the other does not (wins = the first model's)."""
    wins, losses = [], []
    both_right = both_wrong = 0
    for key in sorted(set(a["_outcomes"]) | set(b["_outcomes"])):
        n, ra = a["_outcomes"].get(key, (0, 0))
        _, rb = b["_outcomes"].get(key, (n, 0))
        file, source, id_, period, value = key
        item = {
            "file": file, "source": source, "id": id_, "period": period, "gold": value,
            "model": a["_predicted"].get((file, source, id_, period), []),
            "compare": b["_predicted"].get((file, source, id_, period), []),
        }  # fmt: skip
        both_right += min(ra, rb)
        both_wrong += n - max(ra, rb)
        if ra > rb:
            wins.append(item)
        elif rb > ra:
            losses.append(item)
    return {"wins": wins, "losses": losses, "both_right": both_right, "both_wrong": both_wrong}


def _public(ev: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in ev.items() if not k.startswith("_")}


def _curve_point(ev: dict[str, Any]) -> dict[str, Any]:
    ind = ev["indicators"]
    return {
        "model": ev["info"]["dir"] or ev["info"]["name"],
        "name": ev["info"]["name"],
        "version": ev["info"]["version"],
        "train_chars": ev["info"]["train_chars"],
        "span_f1_strict": ev["spans"]["strict"]["overall"]["f1"],
        "span_f1_overlap": ev["spans"]["overlap"]["overall"]["f1"],
        "indicator_f1": ind["overall"]["f1"] if ind else None,
    }


def default_command(
    model_dir: Path | str,
    data: Any,
    compare: Path | str | None = None,
    out_dir: Path | str | None = None,
    curve: Sequence[Path | str] = (),
    annotations_dir: Path | None = None,
    corpus_dir: Path | None = None,
    gold_dir: Path | None = None,
) -> str:
    """The ``govreport evaluate`` command line that reproduces a report (as far as it can)."""
    parts = ["govreport", "evaluate", "--model", str(model_dir)]
    if isinstance(data, (str, Path)):
        parts += ["--data", str(data)]
    else:
        parts += ["--data", "<records given in Python>"]
    for flag, value in (
        ("--annotations", annotations_dir),
        ("--corpus", corpus_dir),
        ("--gold", gold_dir),
        ("--compare", compare),
    ):
        if value is not None:
            parts += [flag, str(value)]
    for c in curve:
        parts += ["--curve", str(c)]
    if out_dir is not None:
        parts += ["--out", str(out_dir)]
    return shlex.join(parts)


def evaluate(
    model_dir: Path | str,
    records_or_split: str | Path | Sequence[AnnotationRecord] | Sequence[Example],
    compare: Path | str | None = None,
    out_dir: Path | str | None = None,
    *,
    curve: Sequence[Path | str] = (),
    annotations_dir: Path | None = None,
    corpus_dir: Path | None = None,
    gold_dir: Path | None = None,
    command: str | None = None,
    num_threads: int | None = None,
) -> dict[str, Any]:
    """Evaluate a model (and optionally compare it with another); return the report's content.

    Args:
        model_dir: the model directory, or ``"lexicon"``.
        records_or_split: a split name of the annotation store, a store directory, annotation
            records or ``(normalised text, spans)`` examples (see ``load_data``).
        compare: a second model directory (or ``"lexicon"``) to put side by side.
        out_dir: write report.json/.md/.html (and the charts' PNGs) there; None: write nothing.
        curve: model directories trained on growing data, for the learning curve.
        annotations_dir: the store a split is taken from (default ``Settings.annotations_dir``).
        corpus_dir: where stand-off records resolve (default ``Settings.corpus_dir``).
        gold_dir: gold files (default ``gold/`` in the annotation store).
        command: the command line to show in the header (default: an equivalent ``govreport evaluate``).
        num_threads: torch CPU threads for the model (default: the service's choice).
    """
    data = load_data(records_or_split, annotations_dir=annotations_dir, corpus_dir=corpus_dir, gold_dir=gold_dir)
    if not data.docs:
        what = records_or_split if isinstance(records_or_split, (str, Path)) else "the records given"
        raise ValueError(
            f"nothing to evaluate: no readable records in {what}; {'; '.join(data.info['skipped'])}".rstrip("; ")
        )
    main = evaluate_model(load_model(model_dir, num_threads), data)
    other = evaluate_model(load_model(compare, num_threads), data) if compare is not None else None
    points = []
    if curve:
        seen: set[str] = set()
        for ref, ev in [(str(model_dir), main), *([(str(compare), other)] if other else [])]:
            seen.add(os.path.realpath(ref))
            if ev is not None and ev["info"]["train_chars"] is not None:
                points.append(_curve_point(ev))
        for c in curve:
            if os.path.realpath(str(c)) in seen:
                continue
            seen.add(os.path.realpath(str(c)))
            ev = evaluate_model(load_model(c, num_threads), data)
            points.append(_curve_point(ev))
        points.sort(key=lambda p: (p["train_chars"] is None, p["train_chars"] or 0))
    report = {
        "schema": "govreport-evaluation/1",
        "header": {
            "title": f"Evaluation of {main['info']['name']} {main['info']['version']}",
            "model": main["info"],
            "compare": other["info"] if other else None,
            "data": data.info,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": command
            or default_command(
                model_dir, records_or_split, compare, out_dir, curve, annotations_dir, corpus_dir, gold_dir
            ),
            "cwd": shown_path(os.getcwd()),
        },
        "model": _public(main),
        "compare": _public(other) if other else None,
        "comparison": _compare_items(main, other) if other else None,
        "curve": points or None,
    }
    if out_dir is not None:
        write_report(report, out_dir)
        if _is_own_report(model_dir, out_dir) and main["indicators"]:
            _card_indicators(Path(model_dir), main["indicators"], data.info)
    return report


def _is_own_report(model_dir: Path | str, out_dir: Path | str) -> bool:
    """The report written into the model's own directory (``model_dir/report``), as training does."""
    return str(model_dir) != LEXICON and Path(out_dir).resolve() == (Path(model_dir) / "report").resolve()


def _card_indicators(model_dir: Path, summary: Mapping[str, Any], data: Mapping[str, Any]) -> None:
    """Put the indicator scores (overall, by source, prose by indicator group) into the model card."""
    card = json.loads((model_dir / "model_card.json").read_text(encoding="utf-8"))
    card["indicators"] = {
        "evaluated_on": f"the {data['split']} split" if data.get("split") else f"the {data.get('kind', 'given')} data",
        "overall": summary["overall"],
        "by_source": summary["source"],
        "prose_by_group": summary["prose_group"],
    }
    write_model_card(card, model_dir)


# ----------------------------------------------------------------------------------------------- charts


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def _label(info: Mapping[str, Any]) -> str:
    text = f"{info['name']} {info['version']}"
    return text if text.isascii() else (info["version"] if str(info["version"]).isascii() else "model")


def charts(report: Mapping[str, Any]) -> dict[str, bytes]:
    """PNG charts of a report: per-label span F1, per-template indicator F1, learning curve."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out: dict[str, bytes] = {}
    a, b = report["model"], report["compare"]
    labels = [*LABELS, "overall"]

    def f1s(ev: Mapping[str, Any], mode: str) -> list[float]:
        block = ev["spans"][mode]
        return [block["per_label"][lab]["f1"] for lab in LABELS] + [block["overall"]["f1"]]

    fig, ax = plt.subplots(figsize=(7, 3.4))
    series = [
        (f"{_label(a['info'])} strict", f1s(a, "strict"), "#3b6ea8", None),
        (f"{_label(a['info'])} overlap", f1s(a, "overlap"), "#9dbbe0", None),
    ]
    if b:
        series = [
            series[0],
            (f"{_label(b['info'])} strict", f1s(b, "strict"), "#d2773a", None),
            series[1],
            (f"{_label(b['info'])} overlap", f1s(b, "overlap"), "#f0bf99", None),
        ]
    _bars(ax, labels, series)
    ax.set_title("Span F1 per label (seqeval strict IOB2 / overlap)")
    out["span_f1.png"] = _png(fig)

    models = [ev for ev in (a, b) if ev and ev["indicators"]]
    if models:
        templates = sorted({t for ev in models for t in ev["indicators"]["template"]})
        fig, ax = plt.subplots(figsize=(7, 3.4))
        series = [
            (_label(ev["info"]),
             [ev["indicators"]["template"].get(t, {}).get("f1", 0.0) for t in templates] + [ev["indicators"]["overall"]["f1"]],
             color, None)
            for ev, color in zip(models, ("#3b6ea8", "#d2773a"), strict=False)
        ]  # fmt: skip
        _bars(ax, [*templates, "overall"], series)
        ax.set_title("Indicator F1 per template (against gold values)")
        out["template_f1.png"] = _png(fig)

    points = [p for p in report.get("curve") or [] if p["train_chars"] is not None]
    if points:
        fig, ax = plt.subplots(figsize=(7, 3.4))
        xs = [p["train_chars"] for p in points]
        ax.plot(xs, [p["span_f1_strict"] for p in points], "o-", color="#3b6ea8", label="span F1 (strict)")
        ax.plot(xs, [p["span_f1_overlap"] for p in points], "o--", color="#9dbbe0", label="span F1 (overlap)")
        if any(p["indicator_f1"] is not None for p in points):
            ax.plot(
                xs,
                [p["indicator_f1"] if p["indicator_f1"] is not None else float("nan") for p in points],
                "s-",
                color="#4a9a5b",
                label="indicator F1",
            )
        ax.set_xlabel("training characters (model card data.train.chars)")
        ax.set_ylabel("F1")
        ax.set_ylim(0, 1.05)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
        ax.set_title("Learning curve")
        out["learning_curve.png"] = _png(fig)
    return out


def _bars(ax: Any, groups: Sequence[str], series: Sequence[tuple[str, list[float], str, str | None]]) -> None:
    n = len(series)
    width = 0.8 / n
    for i, (name, values, color, hatch) in enumerate(series):
        xs = [g + (i - (n - 1) / 2) * width for g in range(len(groups))]
        bars = ax.bar(xs, values, width, label=name, color=color, hatch=hatch)
        for rect, v in zip(bars, values, strict=True):
            ax.annotate(
                f"{v:.2f}",
                (rect.get_x() + rect.get_width() / 2, rect.get_height()),
                ha="center",
                va="bottom",
                fontsize=7,
                xytext=(0, 1),
                textcoords="offset points",
            )
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("F1")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=min(n, 4), frameon=False)


# ---------------------------------------------------------------------------------------------- writing


def _oneline(s: str | None) -> str:
    return "" if s is None else s.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def _md_cell(s: Any) -> str:
    return _oneline(str(s)).replace("|", "\\|")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["oneline"] = _oneline
    env.filters["md"] = _md_cell
    env.filters["value"] = _fmt_value
    env.filters["values"] = lambda vs: ", ".join(_fmt_value(v) for v in vs) if vs else "-"
    env.filters["f"] = lambda x: "-" if x is None else f"{float(x):.4f}"
    env.filters["pct"] = lambda x: "-" if x is None else f"{100 * float(x):.1f}"
    return env


def render(report: Mapping[str, Any], chart_png: Mapping[str, bytes] | None = None) -> tuple[str, str]:
    """The report as (Markdown, HTML)."""
    chart_png = charts(report) if chart_png is None else chart_png
    env = _environment()
    context = {"r": report, "labels": list(LABELS), "charts": sorted(chart_png)}
    md = env.get_template("report.md.j2").render(**context)
    inline = {name: "data:image/png;base64," + base64.b64encode(png).decode("ascii") for name, png in chart_png.items()}
    html = env.get_template("report.html.j2").render(**context, inline=inline)
    return md, html


def write_report(report: Mapping[str, Any], out_dir: Path | str) -> dict[str, Path]:
    """Write report.json, report.md (charts as PNG files beside it) and report.html (charts inline)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    chart_png = charts(report)
    md, html = render(report, chart_png)
    written = {}
    for name, png in chart_png.items():
        write_atomic(out / name, png)
        written[name] = out / name
    write_atomic(out / "report.json", (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    write_atomic(out / "report.md", md.encode("utf-8"))
    write_atomic(out / "report.html", html.encode("utf-8"))
    for name in REPORT_FILES:
        written[name] = out / name
    return written
