"""Span scores of a tagger: seqeval precision / recall / F1 (default and strict IOB2) and the lenient
overlap variant. Training scores its dev epochs with them and the evaluation report its models, so
both report the same numbers.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from seqeval.metrics import classification_report, f1_score
from seqeval.scheme import IOB2

from service.schema import LABELS
from service.tagger_model import ModelTagger
from training.bio import Example, to_char_bio


class CharTagger(Protocol):
    """What span scoring needs of a tagger: one BIO tag (and its probability) per character."""

    def char_tags(self, text: str) -> tuple[list[str], list[float]]: ...


def seqeval_report(y_true: list[list[str]], y_pred: list[list[str]], **mode: Any) -> dict[str, Any]:
    """``{"overall", "per_label"}`` of seqeval, each ``{"precision", "recall", "f1", "support"}``.

    mode: seqeval's ``mode`` and ``scheme`` (``mode="strict", scheme=IOB2``), or nothing for its default.
    """
    report = classification_report(y_true, y_pred, output_dict=True, zero_division=0, **mode)
    per_label = {}
    for label in LABELS:
        m = report.get(label, {})
        per_label[label] = {
            "precision": float(m.get("precision", 0.0)),
            "recall": float(m.get("recall", 0.0)),
            "f1": float(m.get("f1-score", 0.0)),
            "support": int(m.get("support", 0)),
        }
    micro = report.get("micro avg", {})
    overall = {
        "precision": float(micro.get("precision", 0.0)),
        "recall": float(micro.get("recall", 0.0)),
        "f1": float(f1_score(y_true, y_pred, zero_division=0, **mode)),
        "support": int(micro.get("support", 0)),
    }
    return {"overall": overall, "per_label": per_label}


def strict_f1(y_true: list[list[str]], y_pred: list[list[str]]) -> float:
    """seqeval's strict IOB2 span F1."""
    return float(f1_score(y_true, y_pred, mode="strict", scheme=IOB2, zero_division=0))


def evaluate_examples(tagger: CharTagger, examples: Sequence[Example]) -> dict[str, Any]:
    """seqeval scores (per label and overall; default and strict IOB2) of a tagger on (text, spans) examples.

    Returns ``{"overall", "per_label", "strict": {"overall", "per_label"}, "examples", "chars"}``.
    """
    y_true = [to_char_bio(text, spans) for text, spans in examples if text]
    y_pred = [tagger.char_tags(text)[0] for text, _ in examples if text]
    has_entities = any(t != "O" for seq in y_true + y_pred for t in seq)
    if has_entities:
        result = seqeval_report(y_true, y_pred)
        result["strict"] = seqeval_report(y_true, y_pred, mode="strict", scheme=IOB2)
    else:  # seqeval cannot build a report without any entity
        zero = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
        empty = {"overall": dict(zero), "per_label": {label: dict(zero) for label in LABELS}}
        result = empty | {"strict": json.loads(json.dumps(empty))}
    result["examples"] = len(y_true)
    result["chars"] = sum(len(seq) for seq in y_true)
    return result


def evaluate_tagger(model_dir: Path | str, examples: Sequence[Example]) -> dict[str, Any]:
    """Load a model directory (docs/model-contract.md) and score it on (normalised text, spans) examples."""
    return evaluate_examples(ModelTagger.load(model_dir), examples)


def overlap_scores(
    gold: Sequence[Iterable[tuple[int, int, str]]],
    pred: Sequence[Iterable[tuple[int, int, str]]],
    labels: Sequence[str] = LABELS,
) -> dict[str, Any]:
    """Lenient span precision/recall/F1: overlap with a span of the same label counts as a match.

    A predicted span is correct when it shares at least one character with a gold span of the same
    label; a gold span is found when at least one predicted span of the same label shares a character
    with it. precision = correct predicted spans / predicted spans, recall = found gold spans / gold
    spans, F1 their harmonic mean. So a prediction cut in two still finds its gold span (recall) and
    both halves count as correct; one long prediction over two gold spans finds both. Overall numbers
    are micro-averaged over labels, like seqeval's.

    Args:
        gold: per document, the gold (start, end, label) spans (end exclusive).
        pred: per document, the predicted spans, in the same order of documents.
        labels: the labels to score.

    Returns:
        ``{"overall": {...}, "per_label": {label: {...}}}``, each ``{"precision", "recall", "f1",
        "support"}`` with support = number of gold spans (seqeval's shape).
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold documents but {len(pred)} predicted")
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    right_pred: Counter[str] = Counter()
    found_gold: Counter[str] = Counter()
    for gold_doc, pred_doc in zip(gold, pred, strict=True):
        g_by: dict[str, list[tuple[int, int]]] = defaultdict(list)
        p_by: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for s, e, lab in gold_doc:
            g_by[lab].append((s, e))
        for s, e, lab in pred_doc:
            p_by[lab].append((s, e))
        for lab in labels:
            g, p = g_by.get(lab, []), p_by.get(lab, [])
            n_gold[lab] += len(g)
            n_pred[lab] += len(p)
            if not g or not p:
                continue
            g_cov, p_cov = _coverage(g), _coverage(p)
            right_pred[lab] += sum(1 for s, e in p if _covered(g_cov, s, e))
            found_gold[lab] += sum(1 for s, e in g if _covered(p_cov, s, e))

    def prf(tp_p: int, np_: int, tp_g: int, ng: int) -> dict[str, float | int]:
        precision = tp_p / np_ if np_ else 0.0
        recall = tp_g / ng if ng else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": ng}

    per_label = {lab: prf(right_pred[lab], n_pred[lab], found_gold[lab], n_gold[lab]) for lab in labels}
    overall = prf(
        sum(right_pred[lab] for lab in labels), sum(n_pred[lab] for lab in labels),
        sum(found_gold[lab] for lab in labels), sum(n_gold[lab] for lab in labels),
    )  # fmt: skip
    return {"overall": overall, "per_label": per_label}


def _coverage(spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Merged, sorted intervals of the characters the spans cover (starts, ends)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [m[0] for m in merged], [m[1] for m in merged]


def _covered(cov: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """Whether any character of [start, end) lies in the covered intervals."""
    starts, ends = cov
    i = bisect_left(ends, start + 1)  # the first interval ending after `start`
    return i < len(starts) and starts[i] < end
