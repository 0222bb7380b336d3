"""The learned link from a prose number to the indicator it states (or to none).

The tagger finds NUMBER spans; which indicator a number in a sentence states ("市科委通过部门网站当年发布
政府信息 393 件" → active.total, "解答咨询300人次" → none) is a decision on the number and its context.
A link head makes it: a small network over the tagger's own encoder states at the number, over the
characters before it and over those after it (``link_features``). It is trained by ``training/link.py``
on the gold values' evidence and shipped in the model directory (``link_head.npz``, see
docs/model-contract.md). Where a catalog alias names an indicator right before its number, the alias
decides (service/mapping.py): on reports from outside the corpus the head, trained on few real reports,
was wrong there more often than the alias. The head links the numbers and facts the aliases leave; the
aliases are the only path of the lexicon tagger.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from service.numbers import Quantity
    from service.tagging import Span

LINK_FILE = "link_head.npz"
NONE = "none"  # the head's label for a number that states no indicator
LEFT = 24  # characters of context before the number
RIGHT = 6  # characters after the number's digits: its unit and what follows


def link_features(hidden: np.ndarray, rows: np.ndarray, start: int, end: int) -> np.ndarray:
    """The features of the number at ``[start, end)`` (its digits): the encoder state of its first
    character and the mean states of the ``LEFT`` characters before and the ``RIGHT`` after it.

    hidden: one window's last hidden states, ``(tokens, size)``.
    rows: for each character position (relative to the window's start), its token row; -1 for none.
    start, end: relative to the window's start; context is cut at the window's edges.
    """
    size = hidden.shape[-1]

    def mean(a: int, b: int) -> np.ndarray:
        r = rows[max(a, 0) : max(min(b, len(rows)), 0)]
        r = r[r >= 0]
        return hidden[r].mean(0) if len(r) else np.zeros(size, dtype=np.float32)

    first = rows[start] if 0 <= start < len(rows) else -1
    own = hidden[first] if first >= 0 else np.zeros(size, dtype=np.float32)
    return np.concatenate([own, mean(start - LEFT, start), mean(end, end + RIGHT)]).astype(np.float32)


@dataclass(frozen=True)
class Link:
    id: str | None  # None: the number states no indicator
    p: float  # the head's probability of that decision


@runtime_checkable
class LinkingTagger(Protocol):
    """A tagger that links counts as it tags (the model, when its directory ships a link head)."""

    link_head: LinkHead | None

    def tag_and_link(self, text: str, counts: Sequence[Quantity]) -> tuple[list[Span], list[Link]]: ...


class LinkHead:
    """A multi-layer perceptron (ReLU) from link features to ``labels`` (``NONE`` first); numpy only."""

    def __init__(self, labels: Sequence[str], layers: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        if not labels or labels[0] != NONE:
            raise ValueError(f"a link head's first label must be {NONE!r}")
        if layers[-1][0].shape[1] != len(labels):
            raise ValueError(f"the link head has {layers[-1][0].shape[1]} outputs but {len(labels)} labels")
        self.labels = list(labels)
        self.layers = [(w.astype(np.float32), b.astype(np.float32)) for w, b in layers]

    @property
    def input_size(self) -> int:
        return int(self.layers[0][0].shape[0])

    @staticmethod
    def load(model_dir: Path) -> LinkHead | None:
        """The head a model directory ships, or None when it has none (older directories)."""
        path = model_dir / LINK_FILE
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as z:
            labels = json.loads(str(z["labels"]))
            n = sum(1 for k in z.files if k.startswith("w"))
            layers = [(z[f"w{i}"], z[f"b{i}"]) for i in range(n)]
        return LinkHead(labels, layers)

    def save(self, path: Path) -> None:
        arrays = {f"w{i}": w for i, (w, _) in enumerate(self.layers)}
        arrays |= {f"b{i}": b for i, (_, b) in enumerate(self.layers)}
        with path.open("wb") as f:
            np.savez(f, labels=np.array(json.dumps(self.labels, ensure_ascii=False)), **arrays)  # type: ignore[arg-type]

    def probs(self, feats: np.ndarray) -> np.ndarray:
        x = feats.astype(np.float32)
        for i, (w, b) in enumerate(self.layers):
            x = x @ w + b
            if i < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        e = np.exp(x - x.max(-1, keepdims=True))
        out: np.ndarray = e / e.sum(-1, keepdims=True)
        return out

    def links(self, feats: np.ndarray) -> list[Link]:
        if len(feats) == 0:
            return []
        p = self.probs(feats)
        best = p.argmax(-1)
        return [Link(None if k == 0 else self.labels[k], float(p[i, k])) for i, k in enumerate(best.tolist())]
