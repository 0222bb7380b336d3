"""Train the link head (service/linking.py): prose number + context → indicator id or none.

    python -m training.link --model models/default [--synthetic 1200] [--varied 700] [--seed 11]

Examples are the numbers the pipeline would link (counts outside the tables, after the title) of
synthetic reports, ``--synthetic`` with the generator's fixed phrasings and ``--varied`` with composed
ones (their gold evidence spans say which number states which indicator), and of the dev
reports the tagger trained on (the gold values' evidence strings); every other number is "none". The
dev reports the tagger never trained on are the test set: the head never sees them, and the command
prints its accuracy on their numbers before writing ``link_head.npz`` into the model directory (the
card gets the numbers). The encoder stays as trained: the head reads its states (``ModelTagger.read``).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import torch

from service.catalog import get_catalog
from service.files import write_atomic
from service.linking import LINK_FILE, NONE, Link, LinkHead
from service.mapping import LINK_SURE, prose_counts
from service.normalize import Normalized
from service.numbers import Quantity, find_quantities
from service.pipeline import Extractor
from service.schema import ExtractOptions
from service.settings import get_settings
from service.tagger_model import ModelTagger
from training.model_io import shown_path, write_model_card
from training.score import load_gold, resolve_text
from training.synthetic import generate


@dataclass
class Example:
    report: str
    feats: np.ndarray
    label: str
    context: str  # the number in its sentence, for error listings
    #: a corpus report's number stand-off (sha256 of the text, offsets in it): error files keep no report text
    where: dict[str, Any] | None = None


class _Recorder(LinkHead):
    """A head that keeps the features the pipeline hands it and links nothing: the training examples'
    features come from the very pass that serves, in one encoder run."""

    def __init__(self) -> None:
        super().__init__([NONE], [(np.zeros((1, 1), np.float32), np.zeros(1, np.float32))])
        self.feats = np.zeros((0, 0), np.float32)

    def links(self, feats: np.ndarray) -> list[Link]:
        self.feats = feats
        return [Link(None, 0.0)] * len(feats)


def candidates(extractor: Extractor, text: str) -> tuple[Normalized, list[Quantity], np.ndarray]:
    """The normalised text, the counts the link head decides on (``service.pipeline``'s choice) and their
    features. ``extractor.model`` gets a recording head."""
    tagger = extractor.model
    assert isinstance(tagger, ModelTagger)
    tagger.link_head = recorder = _Recorder()
    extraction = extractor.run(text, ExtractOptions(tagger="model"))
    norm = extraction.norm
    counts = prose_counts(find_quantities(norm.text), norm.body_start)  # the pipeline's, in its order
    by_start = dict(zip((q.start for q in counts), recorder.feats, strict=True))
    qs = prose_counts(counts, norm.body_start, [(t.start, t.end) for t in extraction.tables])
    feats = np.stack([by_start[q.start] for q in qs]) if qs else np.zeros((0, 0), np.float32)
    return norm, qs, feats


def _stand_off(sha256: str, norm: Normalized, q: Quantity) -> dict[str, Any]:
    start, end = norm.to_original(q.start, q.end)
    return {"sha256": sha256, "start": start, "end": end}


def _context(text: str, q: Quantity) -> str:
    return text[max(0, q.start - 24) : q.end + 4].replace("\n", "⏎")


def label_numbers(
    name: str,
    text: str,
    qs: list[Quantity],
    feats: np.ndarray,
    stated: list[tuple[str, float, int, int]],
    stand_off: Callable[[Quantity], dict[str, Any]] | None = None,
) -> list[Example]:
    """``stated``: (id, value, start, end) of each prose gold value in ``text``; a number inside one is
    its id, a number of a stated value elsewhere (a repeat, or evidence not found) is left out, any
    other number is none. ``stand_off``: where a corpus report's number is, for error files."""
    out = []
    values = {round(v, 6) for _, v, _, _ in stated}
    for q, f in zip(qs, feats, strict=True):
        hit = next((i for i, v, s, e in stated if s <= q.start < e and round(float(q.value), 6) == round(v, 6)), None)
        if hit is None and round(float(q.value), 6) in values:
            continue
        out.append(Example(name, f, hit or NONE, _context(text, q), stand_off(q) if stand_off else None))
    return out


def synthetic_examples(extractor: Extractor, n: int, seed: int, phrasing: str = "base") -> list[Example]:
    out: list[Example] = []
    for r in generate(n, seed, phrasing=phrasing):
        norm, qs, feats = candidates(extractor, r.text)
        stated = [
            (g["id"], float(g["value"]), norm.to_normalized(ev[0]), norm.to_normalized(ev[1]))
            for g, ev in zip(r.gold, r.evidence, strict=True)
            if g.get("source") == "text" and ev is not None and g["value"] is not None
        ]
        out += label_numbers(r.id, norm.text, qs, feats, stated)
    return out


def gold_examples(
    extractor: Extractor, reports: set[str] | None, exclude: set[str], source: tuple[Path, Path] | None = None
) -> list[Example]:
    """Examples of the gold reports named in ``reports`` (all when None) and not in ``exclude``; of the dev
    gold, or of ``source`` (gold directory, the directory its texts resolve in)."""
    settings = get_settings()
    gold_dir, corpus_dir = source or (settings.annotations_dir / "gold", settings.corpus_dir)
    out: list[Example] = []
    for gold in load_gold(gold_dir):
        name = Path(gold.file).stem
        if (reports is not None and name not in reports) or name in exclude:
            continue
        try:
            raw = resolve_text(gold, corpus_dir)
        except (OSError, ValueError):  # the corpus is not on this machine (or changed): its reports are left out
            continue
        norm, qs, feats = candidates(extractor, raw)
        stated = []
        for g in gold.values:
            if g.source != "text" or g.value is None or not g.evidence:
                continue
            at = raw.find(g.evidence)
            if at >= 0:
                stated.append((g.id, float(g.value), norm.to_normalized(at), norm.to_normalized(at + len(g.evidence))))
        out += label_numbers(name, norm.text, qs, feats, stated, partial(_stand_off, gold.sha256, norm))
    return out


def train_head(train: list[Example], labels: list[str], epochs: int, seed: int, hidden: int = 256) -> LinkHead:
    torch.manual_seed(seed)
    index = {lab: i for i, lab in enumerate(labels)}
    x = torch.from_numpy(np.stack([e.feats for e in train]))
    y = torch.tensor([index[e.label] for e in train])
    mean, std = x.mean(0), x.std(0) + 1e-4
    first, last = torch.nn.Linear(x.shape[1], hidden), torch.nn.Linear(hidden, len(labels))
    net = torch.nn.Sequential(torch.nn.Dropout(0.1), first, torch.nn.ReLU(), torch.nn.Dropout(0.2), last)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
    xs = (x - mean) / std
    for _ in range(epochs):
        net.train()
        for b in torch.randperm(len(xs)).split(64):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(xs[b]), y[b], label_smoothing=0.05)
            loss.backward()
            opt.step()
    net.eval()
    w0 = first.weight.detach().T  # the standardisation folded into the first layer
    layers = [((w0 / std[:, None]).numpy(), (first.bias.detach() - (mean / std) @ w0).numpy())]
    layers.append((last.weight.detach().T.numpy(), last.bias.detach().numpy()))
    return LinkHead(labels, layers)


def accuracy(head: LinkHead, examples: list[Example], threshold: float) -> dict[str, Any]:
    """Link P/R/F1 over the numbers that state an indicator, taking a link at probability ≥ ``threshold``."""
    if not examples:
        return {"numbers": 0}
    links = head.links(np.stack([e.feats for e in examples]))
    tp = fp = fn = 0
    errors = []
    for e, link in zip(examples, links, strict=True):
        pred = link.id if link.id is not None and link.p >= threshold else NONE
        if pred != NONE and pred == e.label:
            tp += 1
            continue
        if pred != NONE:
            fp += 1
        if e.label != NONE:
            fn += 1
        if pred != e.label:
            where = e.where or {"context": e.context}  # a synthetic report's text is ours to show
            errors.append({"report": e.report, "gold": e.label, "predicted": pred, "p": round(link.p, 3), **where})
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"numbers": len(examples), "stated": tp + fn, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f1, 4), "errors": errors}  # fmt: skip


def fit(
    model_dir: Path,
    *,
    synthetic: int = 1200,
    varied: int = 700,
    seed: int = 11,
    epochs: int = 20,
    threshold: float = LINK_SURE,
    write: bool = True,
    more: tuple[Path, Path] | None = None,
) -> dict[str, Any]:
    """Train a link head for the network in ``model_dir`` and (``write``) add it there, with its scores
    in the model card; returns the scores (errors included). The annotation store's train split are the
    dev reports trained on; the other gold reports are scored apart (held-out ones on their own).
    ``more``: a gold directory of further reports to train on and the directory their texts resolve in."""
    from service.annotations import AnnotationStore
    from training.renderings import HELD_OUT_REPORTS

    settings = get_settings()
    tagger = ModelTagger.load(model_dir)
    if not tagger.has_hidden:
        raise ValueError(
            f"{model_dir.name}: model.onnx gives no hidden states; run python -m training.model_io export-onnx"
        )
    extractor = Extractor(settings, get_catalog(), model=tagger)
    trained = {r.id for r in AnnotationStore(settings.annotations_dir).load("train")}
    synth = synthetic_examples(extractor, synthetic, seed) + synthetic_examples(extractor, varied, seed, "varied")
    dev_train = gold_examples(extractor, trained, set())
    more_train = gold_examples(extractor, None, set(), more) if more else []
    random.Random(seed).shuffle(synth)
    cut = len(synth) // 10
    train, synth_dev = synth[cut:] + dev_train + more_train, synth[:cut]
    counts = Counter(e.label for e in train)
    head = train_head(train, [NONE, *sorted(lab for lab in counts if lab != NONE)], epochs, seed)
    report = {
        "train": {"numbers": len(train), "stated": sum(v for k, v in counts.items() if k != NONE),
                  "synthetic_reports": synthetic, "varied_reports": varied,
                  "dev_reports": len({e.report for e in dev_train}),
                  **({"more_reports": len({e.report for e in more_train}), "more_gold": shown_path(more[0])}
                     if more else {})},
        "threshold": threshold,
        "synthetic_dev": accuracy(head, synth_dev, threshold),
        "unseen_dev": accuracy(head, gold_examples(extractor, None, trained | set(HELD_OUT_REPORTS)), threshold),
        "held_out": accuracy(head, gold_examples(extractor, set(HELD_OUT_REPORTS) - trained, set()), threshold),
    }  # fmt: skip
    if write:
        tmp = model_dir / f".{LINK_FILE}.tmp"
        head.save(tmp)
        tmp.replace(model_dir / LINK_FILE)
        card = json.loads((model_dir / "model_card.json").read_text(encoding="utf-8"))
        card["link_head"] = {k: ({kk: vv for kk, vv in v.items() if kk != "errors"} if isinstance(v, dict) else v)
                             for k, v in report.items()}  # fmt: skip
        write_model_card(card, model_dir)
        write_atomic(model_dir / "report" / "link_errors.json", json.dumps(report, ensure_ascii=False, indent=1))
    return report


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m training.link", description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=Path("models/default"), help="model directory (gets link_head.npz)")
    ap.add_argument("--synthetic", type=int, default=1200, help="synthetic reports with the fixed phrasings")
    ap.add_argument("--varied", type=int, default=700, help="synthetic reports with composed phrasings")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--threshold", type=float, default=LINK_SURE, help="link probability counted as a decision")
    ap.add_argument("--dry-run", action="store_true", help="print the scores, write nothing")
    ap.add_argument("--more", type=Path, nargs=2, metavar=("GOLD", "TEXTS"),
                    help="train on these gold files too, their texts resolved in TEXTS")  # fmt: skip
    args = ap.parse_args(argv)
    try:
        report = fit(args.model, synthetic=args.synthetic, varied=args.varied, seed=args.seed, epochs=args.epochs,
                     threshold=args.threshold, write=not args.dry_run, more=tuple(args.more) if args.more else None)  # fmt: skip
    except (OSError, ValueError) as e:
        raise SystemExit(str(e)) from e
    for split in ("synthetic_dev", "unseen_dev", "held_out"):
        r = report[split]
        print(f"{split:14} numbers {r['numbers']:5}  stated {r.get('stated', 0):4}  "
              f"P {r.get('precision', 0):.3f}  R {r.get('recall', 0):.3f}  F1 {r.get('f1', 0):.3f}")  # fmt: skip
        for err in r.get("errors", [])[:40] if split != "synthetic_dev" else []:
            shown = err.get("context") or "at {start}-{end}".format(**err)
            print(
                f"   {err['report'][:28]:28} gold {err['gold']:28} pred {err['predicted']:28} {err['p']:.2f}  {shown}"
            )
    if not args.dry_run:
        print(f"wrote {shown_path(args.model / LINK_FILE)}")


if __name__ == "__main__":
    main()
