"""Pre-annotation and interchange with the annotation tools doccano and Label Studio.

``weak_label`` tags a text (lexicon tagger or model) and maps the spans back to its original offsets:
the pre-annotations an annotator corrects. Doccano and Label Studio files embed the text (the tools
need it); importing them re-attaches the stand-off reference (``service.annotations.CorpusRef``)
when the text still matches its sha256, so corpus texts never get copied into the store.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from service.annotations import (
    AnnotationError,
    AnnotationRecord,
    CorpusFileChanged,
    CorpusRef,
    Source,
    SpanTuple,
    check_spans,
    sha256_text,
)
from service.catalog import get_catalog
from service.files import write_atomic
from service.normalize import normalize
from service.schema import LABELS
from service.tagging import LexiconTagger, Tagger
from training.bio import scored_span

_LABEL_PRECEDENCE = {label: i for i, label in enumerate(LABELS)}

#: A Label Studio labeling config matching the exported tasks (character granularity for Chinese).
LABEL_STUDIO_CONFIG = (
    '<View>\n  <Labels name="label" toName="text">\n'
    + "".join(f'    <Label value="{label}"/>\n' for label in LABELS)
    + '  </Labels>\n  <Text name="text" value="$text" granularity="symbol"/>\n</View>\n'
)


# ---------------------------------------------------------------------------------------------
# Weak labels (pre-annotation)


@lru_cache(maxsize=1)
def _lexicon_tagger() -> LexiconTagger:
    return LexiconTagger(get_catalog())


def weak_label(text: str, tagger: Tagger | None = None) -> list[tuple[int, int, str]]:
    """Pre-annotations for `text`: the tagger runs on the normalised text, spans come back in
    original offsets; overlaps are resolved longest first (HEADING > METRIC > NUMBER on ties).

    Args:
        text: the original text.
        tagger: the tagger to run (default: the lexicon tagger).
    """
    norm = normalize(text)
    tagged = (tagger or _lexicon_tagger()).tag(norm.text)
    mapped = []
    for s in tagged:
        if s.label not in LABELS or not 0 <= s.start < s.end <= len(norm.text):
            continue
        start, end = norm.to_original(s.start, s.end)
        if start < end:
            mapped.append((start, end, s.label, getattr(s, "score", 1.0)))
    return [(s, e, lab) for s, e, lab, _ in _non_overlapping(mapped)]


def _non_overlapping(spans: Iterable[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    kept: list[tuple[int, int, str, float]] = []
    order = sorted(spans, key=lambda x: (-(x[1] - x[0]), _LABEL_PRECEDENCE[x[2]], x[0]))
    for cand in order:
        if all(cand[1] <= k[0] or k[1] <= cand[0] for k in kept):
            kept.append(cand)
    return sorted(kept)


# ---------------------------------------------------------------------------------------------
# Interchange: doccano and Label Studio

# Record fields carried through the tools as extra task data (doccano keeps them as "meta" columns).
_CARRIED = ("corpus", "gold", "split", "source", "meta")


def _checked_text(record: AnnotationRecord, text: str) -> str:
    """`text` must be the record's text: equal when embedded, same sha256 when stand-off."""
    if record.text is not None and record.text != text:
        raise AnnotationError(f"record {record.id!r}: the text given is not the record's text")
    if record.corpus is not None and sha256_text(text) != record.corpus.sha256:
        raise CorpusFileChanged(f"record {record.id!r}: the text given does not match {record.corpus.path} (sha256)")
    check_spans(record.spans, len(text))
    return text


def _carried(record: AnnotationRecord) -> dict[str, Any]:
    dumped = record.model_dump(mode="json", include=set(_CARRIED))
    return {k: v for k, v in dumped.items() if v not in (None, {}) or k == "source"}


def _rebuild(
    text: str,
    spans: list[SpanTuple],
    record_id: str,
    carried: Mapping[str, Any],
    source: Source,
    *,
    embed_on_mismatch: bool,
) -> AnnotationRecord:
    """A record from an exported (text-embedding) file, stand-off again when the text matches."""
    fields: dict[str, Any] = {k: carried[k] for k in ("gold", "split", "meta") if carried.get(k) is not None}
    check_spans(spans, len(text))
    corpus = carried.get("corpus")
    if corpus:
        ref = CorpusRef.model_validate(corpus)
        if sha256_text(text) == ref.sha256:
            return AnnotationRecord(id=record_id, corpus=ref, spans=spans, source=source, **fields)
        if not embed_on_mismatch:
            raise CorpusFileChanged(
                f"record {record_id!r}: the imported text no longer matches corpus file {ref.path} "
                "(sha256); the tool changed it, so the spans cannot be re-attached stand-off "
                "(pass embed_on_mismatch=True to keep an embedded copy)"
            )
        fields["meta"] = {**fields.get("meta", {}), "corpus_mismatch": ref.model_dump()}
    return AnnotationRecord(id=record_id, text=text, spans=spans, source=source, **fields)


def _imported_source(carried: Mapping[str, Any], reviewed: bool) -> Source:
    before: Source = carried.get("source") or "hand"
    if not reviewed:
        return "weak"
    return "corrected" if before in ("weak", "corrected") else before


def to_doccano(record: AnnotationRecord, text: str) -> dict[str, Any]:
    """A doccano sequence-labeling JSONL object; the text is embedded, record fields ride along.

    Args:
        record: the annotation.
        text: its text (``resolve_text(record)``).
    """
    _checked_text(record, text)
    return {
        "record_id": record.id,
        "text": text,
        "label": [[s, e, lab] for s, e, lab in record.spans],
        **_carried(record),
    }


def from_doccano(
    obj: Mapping[str, Any], *, source: Source | None = None, embed_on_mismatch: bool = False
) -> AnnotationRecord:
    """A record from a doccano JSONL object (as exported by doccano or by ``to_doccano``).

    Args:
        obj: one parsed JSONL line: ``text``, ``label`` (or ``labels`` / ``entities``), record fields.
        source: override the inferred source (pre-annotations come back as "corrected").
        embed_on_mismatch: keep an embedded copy when a stand-off text no longer matches its sha256.
    """
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise AnnotationError("doccano object has no text")
    raw = obj.get("label", obj.get("labels", obj.get("entities", [])))
    spans: list[SpanTuple] = []
    for item in raw or []:
        if isinstance(item, Mapping):
            start, end, label = item["start_offset"], item["end_offset"], item["label"]
        else:
            start, end, label = item
        spans.append((int(start), int(end), label))
    spans = sorted(set(spans))
    record_id = obj.get("record_id") or (str(obj["id"]) if obj.get("id") is not None else None)
    if not record_id:
        raise AnnotationError("doccano object has neither record_id nor id")
    carried = dict(obj)
    meta = dict(carried.get("meta") or {})
    if obj.get("record_id") and obj.get("id") is not None:
        meta["doccano_id"] = obj["id"]
    if obj.get("Comments"):
        meta["doccano_comments"] = obj["Comments"]
    carried["meta"] = meta
    return _rebuild(
        text,
        spans,
        str(record_id),
        carried,
        source or _imported_source(carried, reviewed=True),
        embed_on_mismatch=embed_on_mismatch,
    )


def _ls_result(text: str, spans: Iterable[tuple[int, int, str, float]], with_score: bool) -> list[dict[str, Any]]:
    out = []
    for i, (start, end, label, score) in enumerate(spans):
        item: dict[str, Any] = {
            "id": f"r{i}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
        }
        if with_score:
            item["score"] = score
        out.append(item)
    return out


def _prediction(text: str, spans: Sequence[tuple[int, int, str, float]], model_version: str) -> dict[str, Any]:
    score = sum(s[3] for s in spans) / len(spans) if spans else 1.0
    return {"model_version": model_version, "score": score, "result": _ls_result(text, spans, True)}


def to_label_studio(
    record: AnnotationRecord, text: str, *, as_prediction: bool | None = None, model_version: str | None = None
) -> dict[str, Any]:
    """A Label Studio task (JSON import format) with ``data.text`` embedded.

    Spans of hand/corrected/synthetic records go in ``annotations``; weak ones in ``predictions``
    (pre-annotations for correction).

    Args:
        record: the annotation.
        text: its text (``resolve_text(record)``).
        as_prediction: force the spans into predictions (True) or annotations (False).
        model_version: the predictions' model_version (default ``meta["model_version"]`` or "weak").
    """
    _checked_text(record, text)
    spans = [(s, e, lab, 1.0) for s, e, lab in record.spans]
    task: dict[str, Any] = {"data": {"text": text, "record_id": record.id, **_carried(record)}}
    if as_prediction if as_prediction is not None else record.source == "weak":
        version = model_version or str(record.meta.get("model_version", "weak"))
        task["predictions"] = [_prediction(text, spans, version)]
    else:
        task["annotations"] = [{"result": _ls_result(text, spans, False)}]
    return task


def _utf16_to_index(text: str) -> Callable[[int], int]:
    """Map JavaScript (UTF-16 code unit) offsets to Python indices."""
    units = [0]
    for ch in text:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
    where = {u: i for i, u in enumerate(units)}

    def conv(u: int) -> int:
        if u not in where:
            raise AnnotationError(f"offset {u} falls inside a surrogate pair")
        return where[u]

    return conv


def _ls_spans(text: str, result: Iterable[Mapping[str, Any]]) -> list[SpanTuple]:
    spans: set[SpanTuple] = set()
    utf16: Callable[[int], int] | None = None
    for item in result:
        if item.get("type") != "labels":
            continue  # relations, choices, text areas: not spans
        value = item["value"]
        labels = value.get("labels") or []
        if len(labels) != 1:
            raise AnnotationError(f"region {item.get('id')!r}: expected one label, got {labels!r}")
        start, end = int(value["start"]), int(value["end"])
        quoted = value.get("text")
        if quoted is not None and text[start:end] != quoted:
            # Old Label Studio versions counted UTF-16 code units (astral characters count twice).
            utf16 = utf16 or _utf16_to_index(text)
            with contextlib.suppress(AnnotationError):
                start, end = utf16(start), utf16(end)
            if text[start:end] != quoted:
                raise AnnotationError(
                    f"region {item.get('id')!r}: text[{value['start']}:{value['end']}] is not {quoted!r}"
                )
        spans.add((start, end, labels[0]))
    return sorted(spans)


def from_label_studio(
    task: Mapping[str, Any], *, source: Source | None = None, embed_on_mismatch: bool = False
) -> AnnotationRecord:
    """A record from a Label Studio task (an element of its JSON export, or of ``to_label_studio``).

    The first annotation that is not cancelled wins; a task without one is imported from its first
    prediction with source "weak".

    Args:
        task: the task: ``data.text``, ``annotations[*].result``, ``predictions[*].result``.
        source: override the inferred source.
        embed_on_mismatch: keep an embedded copy when a stand-off text no longer matches its sha256.
    """
    data = task.get("data") or {}
    text = data.get("text")
    if not isinstance(text, str):
        raise AnnotationError("Label Studio task has no data.text")
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    predictions = task.get("predictions") or []
    if annotations:
        result, reviewed = annotations[0].get("result") or [], True
    elif predictions:
        result, reviewed = predictions[0].get("result") or [], False
    else:
        result, reviewed = [], True
    record_id = data.get("record_id") or (str(task["id"]) if task.get("id") is not None else None)
    if not record_id:
        raise AnnotationError("Label Studio task has neither data.record_id nor id")
    carried = dict(data)
    carried["meta"] = dict(data.get("meta") or {})
    if data.get("record_id") and task.get("id") is not None:
        carried["meta"]["label_studio_id"] = task["id"]
    if reviewed and predictions:
        carried["source"] = "weak"  # the annotator corrected pre-annotations
    return _rebuild(
        text,
        _ls_spans(text, result),
        str(record_id),
        carried,
        source or _imported_source(carried, reviewed),
        embed_on_mismatch=embed_on_mismatch,
    )


def export_preannotations(
    texts: Mapping[str, str],
    tagger_spans: Callable[[str], Iterable[Any]],
    fmt: Literal["doccano", "label-studio"],
    out: Path,
    *,
    model_version: str = "lexicon",
    corpus: Mapping[str, CorpusRef | Mapping[str, str]] | None = None,
) -> Path:
    """Write predicted spans as pre-annotations for correction in doccano or Label Studio.

    Args:
        texts: record id -> original text.
        tagger_spans: text -> spans in its original offsets ((start, end, label[, score]) tuples or
            ``Span`` objects), e.g. ``weak_label`` or a model's predictions.
        fmt: "doccano" (JSONL) or "label-studio" (a JSON list of tasks with ``predictions``).
        out: the file to write (atomically replaced).
        model_version: recorded with the predictions.
        corpus: record id -> corpus reference, for texts that are corpus files (re-attached on import).
    """
    items: list[dict[str, Any]] = []
    for record_id, text in texts.items():
        raw = [scored_span(x) for x in tagger_spans(text)]
        spans = _non_overlapping(s for s in raw if s[2] in LABELS and 0 <= s[0] < s[1] <= len(text))
        carried: dict[str, Any] = {"source": "weak", "meta": {"model_version": model_version}}
        ref = (corpus or {}).get(record_id)
        if ref is not None:
            ref = ref if isinstance(ref, CorpusRef) else CorpusRef.model_validate(ref)
            if sha256_text(text) != ref.sha256:
                raise CorpusFileChanged(f"{record_id!r}: text does not match {ref.path} (sha256)")
            carried["corpus"] = ref.model_dump()
        if fmt == "doccano":
            label = [[s, e, lab] for s, e, lab, _ in spans]
            items.append({"record_id": record_id, "text": text, "label": label, **carried})
        elif fmt == "label-studio":
            items.append(
                {
                    "data": {"text": text, "record_id": record_id, **carried},
                    "predictions": [_prediction(text, spans, model_version)],
                }
            )
        else:
            raise AnnotationError(f"unknown format {fmt!r} (doccano or label-studio)")
    return write_atomic(out, dump_export(items, fmt))


def dump_export(items: list[dict[str, Any]], fmt: str) -> str:
    """doccano JSONL (one task a line) or a Label Studio JSON array."""
    if fmt == "doccano":
        return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
