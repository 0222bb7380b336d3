"""Indicator-level scoring of extraction results against stand-off gold values.

A predicted value is right only when id, period and value all match a gold value. Gold cells marked
``ambiguous`` (a flattened run the text cannot settle) are left out of precision and recall; for them
we report whether the extractor flagged the cell instead of presenting a guess as certain.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from service.pipeline import Extractor
from service.schema import ExtractOptions, ExtractResult

FLAG_CONFIDENCE = 0.6  # a value output with at most this confidence counts as flagged


class GoldValue(BaseModel):
    id: str
    period: Literal["year", "cumulative"] = "year"
    value: float | int | None
    source: Literal["table", "text"] = "table"
    ambiguous: bool = False
    candidates: list[float | int] = []
    approximate: bool = False
    evidence: str | None = None
    note: str | None = None


class GoldReport(BaseModel):
    file: str
    corpus_path: str
    sha256: str
    year: int | None = None
    template: str
    organization: str | None = None
    style: str
    values: list[GoldValue]
    notes: str | None = None


def load_gold(gold_dir: Path) -> list[GoldReport]:
    return [GoldReport.model_validate_json(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def resolve_text(gold: GoldReport, corpus_dir: Path) -> str:
    """The report text a gold file refers to, verified by sha256 (stand-off annotation)."""
    path = corpus_dir / gold.corpus_path
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != gold.sha256:
        raise ValueError(f"{path}: sha256 {digest} does not match the gold file's {gold.sha256}")
    return data.decode("utf-8")


def _key(id_: str, period: str, value: float | int) -> tuple[str, str, float]:
    return id_, period, round(float(value), 6)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }  # fmt: skip


@dataclass
class ReportScore:
    file: str
    template: str
    style: str
    by_source: dict[str, Counts] = field(default_factory=dict)
    prose_groups: dict[str, Counts] = field(default_factory=dict)  # prose ("text") by indicator group
    ambiguous: int = 0
    ambiguous_flagged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        c = Counts()
        for v in self.by_source.values():
            c.add(v)
        return c


def score_report(gold: GoldReport, result: ExtractResult) -> ReportScore:
    amb_ids = {(g.id, g.period) for g in gold.values if g.ambiguous}
    flagged_rows = {w.split(":")[0] for w in result.warnings}
    score = ReportScore(gold.file, gold.template, gold.style)
    for source in ("table", "text"):
        gold_keys = Counter(
            _key(g.id, g.period, g.value)
            for g in gold.values
            if g.source == source and not g.ambiguous and g.value is not None
        )
        pred_keys: Counter[tuple[str, str, float]] = Counter()
        for ind in result.indicators:
            if ind.source != source or ind.value is None or (ind.id, ind.period) in amb_ids:
                continue
            pred_keys[_key(ind.id, ind.period, ind.value)] += 1
        tp = sum((gold_keys & pred_keys).values())
        c = Counts(tp=tp, fp=sum(pred_keys.values()) - tp, fn=sum(gold_keys.values()) - tp)
        score.by_source[source] = c
        if source == "text":
            for group in {k[0].partition(".")[0] for k in gold_keys.keys() | pred_keys.keys()}:
                g_keys = Counter({k: v for k, v in gold_keys.items() if k[0].startswith(group + ".")})
                p_keys = Counter({k: v for k, v in pred_keys.items() if k[0].startswith(group + ".")})
                g_tp = sum((g_keys & p_keys).values())
                score.prose_groups[group] = Counts(
                    tp=g_tp, fp=sum(p_keys.values()) - g_tp, fn=sum(g_keys.values()) - g_tp
                )
        for k in gold_keys - pred_keys:
            score.errors.append({"kind": "missed", "source": source, "id": k[0], "period": k[1], "gold": k[2]})
        for k in pred_keys - gold_keys:
            score.errors.append({"kind": "wrong", "source": source, "id": k[0], "period": k[1], "predicted": k[2]})
    for g in gold.values:
        if not g.ambiguous:
            continue
        score.ambiguous += 1
        preds = [i for i in result.indicators if i.id == g.id and i.period == g.period]
        row = ".".join(g.id.split(".")[:2])
        if not preds or any(i.confidence <= FLAG_CONFIDENCE for i in preds) or row in flagged_rows:
            score.ambiguous_flagged += 1
    return score


def run_scoring(
    gold_dir: Path, corpus_dir: Path, extractor: Extractor, tagger: str | None = None
) -> tuple[list[ReportScore], list[str]]:
    scores, skipped = [], []
    for gold in load_gold(gold_dir):
        try:
            text = resolve_text(gold, corpus_dir)
        except (OSError, ValueError) as e:
            skipped.append(f"{gold.file}: {e}")
            continue
        result = extractor.extract(text, ExtractOptions(tagger=tagger))  # type: ignore[arg-type]
        scores.append(score_report(gold, result))
    return scores, skipped


def summarise(scores: Iterable[ReportScore]) -> dict[str, Any]:
    scores = list(scores)
    overall = Counts()
    groups: dict[str, dict[str, Counts]] = {
        "template": defaultdict(Counts),
        "style": defaultdict(Counts),
        "source": defaultdict(Counts),
        "prose_group": defaultdict(Counts),
    }
    for s in scores:
        overall.add(s.total)
        groups["template"][s.template].add(s.total)
        groups["style"][s.style].add(s.total)
        for src, c in s.by_source.items():
            groups["source"][src].add(c)
        for grp, c in s.prose_groups.items():
            groups["prose_group"][grp].add(c)
    return {
        "overall": overall.as_dict(),
        **{name: {k: v.as_dict() for k, v in sorted(g.items())} for name, g in groups.items()},
        "ambiguous": {"cells": sum(s.ambiguous for s in scores), "flagged": sum(s.ambiguous_flagged for s in scores)},
        "reports": [
            {"file": s.file, "template": s.template, "style": s.style, **s.total.as_dict(),
             "ambiguous": s.ambiguous, "ambiguous_flagged": s.ambiguous_flagged}
            for s in scores
        ],
    }  # fmt: skip


def format_summary(summary: dict[str, Any]) -> str:
    lines = [f"{'report':48} {'tmpl':7} {'style':17} {'P':>6} {'R':>6} {'F1':>6}  amb(flagged)"]
    for r in summary["reports"]:
        lines.append(
            f"{r['file'][:48]:48} {r['template']:7} {r['style']:17} {r['precision']:6.3f} {r['recall']:6.3f} "
            f"{r['f1']:6.3f}  {r['ambiguous']}({r['ambiguous_flagged']})"
        )
    for group in ("template", "style", "source", "prose_group"):
        lines.append("")
        lines.append("prose by indicator group:" if group == "prose_group" else f"by {group}:")
        for k, c in summary[group].items():
            lines.append(
                f"  {k:20} P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}  (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})"
            )
    o = summary["overall"]
    a = summary["ambiguous"]
    lines.append("")
    lines.append(
        f"overall: P {o['precision']:.3f}  R {o['recall']:.3f}  F1 {o['f1']:.3f}  (tp {o['tp']}, fp {o['fp']}, fn {o['fn']})"
    )
    lines.append(f"ambiguous gold cells: {a['cells']}, flagged by the extractor: {a['flagged']}")
    return "\n".join(lines)


def dump(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2)
