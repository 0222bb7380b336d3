"""BIO tags and training examples: annotation spans turned into what the tagger learns from.

The tagger labels each character of the NORMALISED text (``service.normalize``) with a tag of
``BIO_LABELS``; annotations hold spans over the ORIGINAL text, so ``normalised_example`` maps them
through the ``Normalized`` offset maps first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from service.annotations import AnnotationError, AnnotationRecord, SpanTuple, check_spans, resolve_text
from service.normalize import normalize
from service.schema import LABELS

#: The tagger's label list (docs/model-contract.md), index = class id: O, then B-/I- per entity label.
BIO_LABELS: list[str] = ["O", *(f"{prefix}-{label}" for label in LABELS for prefix in ("B", "I"))]

#: a span as a (start, end, label[, score]) tuple, a dict or a ``service.tagging.Span``
SpanLike = Any
#: a training example: normalised text and its gold spans
Example = tuple[str, Sequence[SpanLike]]


def scored_span(x: SpanLike) -> tuple[int, int, str, float]:
    """(start, end, label, score) of a span given in any accepted form (score 1.0 when it has none)."""
    if isinstance(x, Mapping):
        return int(x["start"]), int(x["end"]), str(x["label"]), float(x.get("score", 1.0))
    if hasattr(x, "start") and hasattr(x, "label"):
        return int(x.start), int(x.end), str(x.label), float(getattr(x, "score", 1.0))
    if len(x) == 4:
        return int(x[0]), int(x[1]), str(x[2]), float(x[3])
    start, end, label = x
    return int(start), int(end), str(label), 1.0


def span_triples(spans: Iterable[SpanLike]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each span given in any accepted form."""
    return [(s, e, label) for s, e, label, _ in map(scored_span, spans)]


def to_char_bio(text: str, spans: Iterable[SpanLike]) -> list[str]:
    """One BIO label per character of `text` (labels from ``BIO_LABELS``).

    Args:
        text: the text the spans index.
        spans: disjoint spans, in any form ``span_triples`` accepts.
    """
    labels = ["O"] * len(text)
    for start, end, label in check_spans(span_triples(spans), len(text)):
        labels[start] = f"B-{label}"
        for i in range(start + 1, end):
            labels[i] = f"I-{label}"
    return labels


def from_char_bio(labels: Sequence[str]) -> list[SpanTuple]:
    """Spans from per-character BIO labels; an I- tag that does not continue a span starts one."""
    spans: list[SpanTuple] = []
    start: int | None = None
    current: str | None = None
    for i, tag in enumerate([*labels, "O"]):
        if tag == "O":
            prefix, label = "O", None
        else:
            prefix, sep, label = tag.partition("-")
            if not sep or prefix not in ("B", "I") or label not in LABELS:
                raise AnnotationError(f"position {i}: unknown BIO label {tag!r}")
        if current is not None and (prefix != "I" or label != current):
            assert start is not None
            spans.append((start, i, current))  # type: ignore[arg-type]
            current = None
        if label is not None and current is None:
            start, current = i, label
    return spans


def normalised_example(record: AnnotationRecord, corpus_dir: Path | None = None) -> tuple[str, list[SpanTuple]]:
    """The record as the tagger sees it: normalised text and spans in its coordinates.

    A normalised character belongs to the span holding the last original character that produced
    it (``Normalized.to_normalized``), so disjoint spans stay disjoint; spans whose characters were
    all deleted (zero-width characters, HTML comments) are dropped.

    Args:
        record: the annotation.
        corpus_dir: where stand-off paths are resolved (default: ``Settings.corpus_dir``).
    """
    text = resolve_text(record, corpus_dir)
    norm = normalize(text)
    out: list[SpanTuple] = []
    for start, end, label in record.spans:
        ns, ne = norm.to_normalized(start), norm.to_normalized(end)
        if ns < ne:
            out.append((ns, ne, label))
    return norm.text, out
