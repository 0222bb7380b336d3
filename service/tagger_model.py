"""The fine-tuned tagger: a character-level ``BertForTokenClassification`` read from a model directory.

The model directory (``docs/model-contract.md``) is the only thing this module shares with
``training/``; nothing here imports ``training``. A directory with ``model.onnx`` (every directory
training writes) runs on ONNX Runtime, so serving and the command line never import torch or
transformers; one without it runs on torch (``TorchTagger``, also what training evaluates in memory). Text is tagged one token per character, in windows of
at most 510 characters overlapping by 128; each character takes the prediction of the window in which
it lies farthest from an edge. The per-character label sequence is the most probable *valid* BIO
sequence (``viterbi_bio``: no I-X after O or after another label), so that a doubtful character in
the middle of a metric does not cut it into fragments; the sequence is then decoded into spans.

``window_starts``, ``owner_windows`` and ``encode_windows`` are public so that training cuts and
encodes its examples exactly as inference does.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from tokenizers import Tokenizer

from service.budget import check_deadline
from service.files import file_sha256
from service.linking import LINK_FILE, Link, LinkHead, link_features
from service.numbers import Quantity
from service.tagging import Span

if TYPE_CHECKING:
    from transformers import PreTrainedModel

MAX_CHARS = 510  # 512 positions minus [CLS] and [SEP]
STRIDE = 128  # overlap between consecutive windows
BATCH_WINDOWS = 8
ONNX_FILE = "model.onnx"
REQUIRED_FILES = ("config.json", "tokenizer.json", "labels.json", "model_card.json")  # and weights:
WEIGHTS = {"onnx": ONNX_FILE, "torch": "model.safetensors"}
Runtime = Literal["auto", "onnx", "torch"]


class ModelDirError(OSError):
    """A model directory whose files are present but inconsistent (an OSError, like a missing file)."""


def window_starts(n: int, max_chars: int = MAX_CHARS, stride: int = STRIDE) -> list[int]:
    """Start offsets of the windows covering ``n`` characters.

    n: text length.
    max_chars: window length in characters.
    stride: overlap between consecutive windows; the last window is aligned to the end of the text.
    """
    if not 0 <= stride < max_chars:
        raise ValueError(f"stride must be in [0, max_chars): {stride=} {max_chars=}")
    if n <= max_chars:
        return [0]
    step = max_chars - stride
    starts = list(range(0, n - max_chars, step))
    starts.append(n - max_chars)
    return starts


def owner_windows(n: int, starts: Sequence[int], max_chars: int = MAX_CHARS) -> np.ndarray:
    """For each character, the index of the window in which it lies farthest from an edge (ties: earlier)."""
    owner = np.zeros(n, dtype=np.int64)
    best = np.full(n, -1, dtype=np.int64)
    for w, s in enumerate(starts):
        e = min(s + max_chars, n)
        pos = np.arange(s, e)
        dist = np.minimum(pos - s, e - 1 - pos)
        better = dist > best[s:e]
        best[s:e][better] = dist[better]
        owner[s:e][better] = w
    return owner


def inference_tokenizer(tokenizer: Tokenizer) -> Tokenizer:
    """A copy of ``tokenizer`` set up for ``encode_windows``: no padding or truncation, and special-token
    strings in the text ("[CLS]") split into characters like any other text."""
    copy = Tokenizer.from_str(tokenizer.to_str())
    copy.no_padding()
    copy.no_truncation()
    copy.encode_special_tokens = True
    return copy


#: checked at load: whitespace, digits, punctuation and a literal special-token string, one token each
PROBE = "年度 报告\n1,234条[CLS]"


def encode_windows(
    tokenizer: Tokenizer, text: str, starts: Sequence[int], max_chars: int = MAX_CHARS
) -> list[tuple[list[int], list[int]]]:
    """Token ids of each window (with [CLS]/[SEP]) and, per token, the absolute character it stands for.

    Special tokens get -1. Should a character ever yield several tokens, only the first one carries it.
    tokenizer: a ``tokenizers.Tokenizer`` as made by ``inference_tokenizer``.
    """
    pieces = [text[s : s + max_chars] for s in starts]
    out = []
    for s, enc in zip(starts, tokenizer.encode_batch(pieces, add_special_tokens=True), strict=True):
        chars: list[int] = []
        last = -1
        for (a, b), special in zip(enc.offsets, enc.special_tokens_mask, strict=True):
            if special or b <= a or a == last:
                chars.append(-1)
            else:
                chars.append(s + a)
                last = a
        out.append((list(enc.ids), chars))
    return out


def allowed_transitions(labels: Sequence[str]) -> np.ndarray:
    """``allowed[i, j]``: may label ``j`` follow label ``i`` in IOB2? (I-X only after B-X or I-X.)"""
    n = len(labels)
    allowed = np.ones((n, n), dtype=bool)
    for j, to in enumerate(labels):
        if to.startswith("I-"):
            for i, frm in enumerate(labels):
                allowed[i, j] = frm[2:] == to[2:] and frm[:2] in ("B-", "I-")
    return allowed


def viterbi_bio(probs: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """The label index sequence maximising the product of per-character probabilities among valid IOB2
    sequences (a sequence may not start with I-X).

    probs: shape ``(n, len(labels))``, rows summing to 1.
    """
    n, k = probs.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    allowed = allowed_transitions(labels)
    penalty = np.where(allowed, 0.0, -np.inf)
    logp = np.log(np.clip(probs, 1e-12, None))
    score = logp[0] + np.array([-np.inf if lab.startswith("I-") else 0.0 for lab in labels])
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + penalty  # (from, to)
        back[t] = cand.argmax(0)
        score = cand[back[t], np.arange(k)] + logp[t]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def _trimmed(text: str, spans: list[Span]) -> list[Span]:
    """The spans without the whitespace the model let in at their edges (a label column's line break):
    a span starts and ends on a character of what it names, as docs/annotation.md has it. A NUMBER
    span over a cell edge (``0|1`` of pymupdf4llm's ``|0|1|``) is the numbers of two cells: cut there."""
    out = []
    for s in spans:
        edges = [i for i in range(s.start, s.end) if s.label == "NUMBER" and text[i] in "|\t"]
        for before, end in itertools.pairwise([s.start - 1, *edges, s.end]):
            start = before + 1
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                out.append(Span(start, end, s.label, s.score))
    return out


def decode_bio(tags: Sequence[str], scores: Sequence[float]) -> list[Span]:
    """Spans from per-character BIO tags; an I- tag without a matching open span starts one.

    tags: one tag per character ("O", "B-X", "I-X").
    scores: per character, the probability of its tag; a span's score is their mean.
    """
    spans: list[Span] = []
    start, label = -1, ""

    def close(end: int) -> None:
        if start >= 0:
            spans.append(Span(start, end, label, float(np.mean(scores[start:end]))))

    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            close(i)
            start, label = -1, ""
            continue
        prefix, name = tag.split("-", 1)
        if prefix == "I" and start >= 0 and name == label:
            continue
        close(i)
        start, label = i, name
    close(len(tags))
    return spans


def _json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:  # JSONDecodeError is a ValueError
        raise ModelDirError(f"{path.parent.name}/{path.name} is not valid JSON: {e}") from e


def default_threads() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


class ModelTagger:
    """A ``Tagger`` backed by a token-classification network; safe to share between request threads.

    Subclasses run the network (``_logits``); windows, stitching and decoding are the same for all.
    """

    runtime = ""

    def __init__(
        self,
        tokenizer: Tokenizer,
        labels: Sequence[str],
        name: str,
        version: str,
        *,
        pad_id: int,
        max_chars: int = MAX_CHARS,
        stride: int = STRIDE,
        batch_windows: int = BATCH_WINDOWS,
    ) -> None:
        """tokenizer: one token per character; copied (``inference_tokenizer``), the caller's stays as it is.
        labels: BIO label per output index."""
        self.tokenizer = inference_tokenizer(tokenizer)
        self.labels = list(labels)
        self.name = name
        self.version = version
        self.max_chars = max_chars
        self.stride = stride
        self.batch_windows = batch_windows
        pad = self.tokenizer.token_to_id("[PAD]")
        self.pad_id = pad if pad is not None else pad_id
        self.o_index = self.labels.index("O") if "O" in self.labels else 0
        self.link_head: LinkHead | None = None  # set by ``load`` when the directory ships one

    @staticmethod
    def load(model_dir: Path | str, *, runtime: Runtime = "auto", num_threads: int | None = None) -> ModelTagger:
        """Load a model directory for CPU inference: ONNX Runtime when it has ``model.onnx`` (``auto``),
        else torch in fp32.

        model_dir: a directory per docs/model-contract.md.
        num_threads: intra-op threads; default: the usable CPUs, at most 8.
        """
        model_dir = Path(model_dir)
        if not model_dir.is_dir():
            raise FileNotFoundError(f"model directory not found: {model_dir.name}")
        if runtime == "auto":
            runtime = "onnx" if (model_dir / ONNX_FILE).is_file() else "torch"
        missing = [f for f in (*REQUIRED_FILES, WEIGHTS[runtime]) if not (model_dir / f).is_file()]
        if missing:
            raise FileNotFoundError(f"model directory {model_dir.name} lacks {', '.join(missing)}")
        labels, card, config = (_json_file(model_dir / f) for f in ("labels.json", "model_card.json", "config.json"))
        if not (isinstance(labels, list) and labels and all(isinstance(x, str) for x in labels)):
            raise ModelDirError(f"{model_dir.name}/labels.json is not a list of labels")
        if not isinstance(card, dict) or not isinstance(config, dict):
            raise ModelDirError(f"{model_dir.name}: model_card.json and config.json must be JSON objects")
        id2label = config.get("id2label") or {}
        if not isinstance(id2label, dict) or [id2label.get(str(i)) for i in range(len(id2label))] != labels:
            raise ModelDirError(f"{model_dir.name}: labels.json {labels} disagrees with config.json id2label")
        try:
            tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except Exception as e:  # the tokenizers library raises plain Exceptions for a damaged file
            raise ModelDirError(f"{model_dir.name}/tokenizer.json cannot be read: {e}") from e
        threads = num_threads or default_threads()
        name, version = str(card.get("name", model_dir.name)), str(card.get("version", "0"))
        tagger: ModelTagger
        if runtime == "onnx":
            expected = (card.get("onnx") or {}).get("sha256")
            if expected and file_sha256(model_dir / ONNX_FILE) != expected:
                raise ModelDirError(f"{model_dir.name}/{ONNX_FILE} does not match the checksum in its model card")
            pad_id = int(config.get("pad_token_id") or 0)
            tagger = OnnxTagger(model_dir / ONNX_FILE, tokenizer, labels, name, version, threads, pad_id)
        else:
            tagger = TorchTagger.from_dir(model_dir, tokenizer, labels, name, version, threads)
        ids, chars = encode_windows(tagger.tokenizer, PROBE, [0])[0]
        if chars[1:-1] != list(range(len(PROBE))) or len(ids) != len(PROBE) + 2:
            raise ModelDirError(f"{model_dir.name}/tokenizer.json does not give one token per character")
        try:
            head = LinkHead.load(model_dir)
        except (OSError, ValueError, KeyError) as e:  # a damaged or inconsistent npz
            raise ModelDirError(f"{model_dir.name}/{LINK_FILE} cannot be read: {e}") from e
        if head is not None:
            size = 3 * int(config.get("hidden_size") or 0)
            if not tagger.has_hidden or head.input_size != size:
                raise ModelDirError(
                    f"{model_dir.name}/{LINK_FILE} reads {head.input_size} features; the network gives "
                    + (f"{size}" if tagger.has_hidden else "no hidden states (re-export model.onnx)")
                )
            tagger.link_head = head
        return tagger

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray, hidden: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """Logits of a batch of windows, shape ``(batch, width, len(labels))``, and, when ``hidden``,
        the encoder's last hidden states ``(batch, width, hidden_size)``."""
        raise NotImplementedError

    @property
    def has_hidden(self) -> bool:
        """Whether the network gives its hidden states (what a link head reads)."""
        return False

    def char_probs(self, text: str) -> np.ndarray:
        """Label probabilities per character, shape ``(len(text), len(labels))``, windows stitched."""
        return self.read(text)[0]

    def read(self, text: str, points: Sequence[tuple[int, int]] = ()) -> tuple[np.ndarray, np.ndarray | None]:
        """``char_probs`` and, for each ``(start, end)`` of ``points``, its link features
        (``service.linking.link_features``) from the window in which ``start`` is farthest from an edge.

        points: character spans (numbers) to describe; none, or a network without hidden states: ``None``.
        """
        n = len(text)
        probs = np.zeros((n, len(self.labels)), dtype=np.float32)
        feats = None
        if n == 0:
            return probs, feats
        want = bool(points) and self.has_hidden
        probs[:, self.o_index] = 1.0  # a character the tokenizer might drop stays "O"
        starts = window_starts(n, self.max_chars, self.stride)
        owner = owner_windows(n, starts, self.max_chars)
        by_window: dict[int, list[int]] = {}
        for i, (s, _) in enumerate(points if want else ()):
            by_window.setdefault(int(owner[s]), []).append(i)
        encoded = encode_windows(self.tokenizer, text, starts, self.max_chars)
        for b in range(0, len(encoded), self.batch_windows):
            check_deadline()  # a request's time budget (service.budget) ends the tagging between windows
            batch = encoded[b : b + self.batch_windows]
            width = max(len(ids) for ids, _ in batch)
            input_ids = np.full((len(batch), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, (ids, _) in enumerate(batch):
                input_ids[r, : len(ids)] = ids
                mask[r, : len(ids)] = 1
            need = want and any(b + r in by_window for r in range(len(batch)))
            logits, hidden = self._forward(input_ids, mask, need)
            logits = logits.astype(np.float32)
            e = np.exp(logits - logits.max(-1, keepdims=True))
            window_probs = e / e.sum(-1, keepdims=True)
            for r, (_, chars) in enumerate(batch):
                pos = np.asarray(chars)
                tok = np.arange(len(chars))
                pos, tok = pos[pos >= 0], tok[pos >= 0]
                mine = owner[pos] == b + r
                probs[pos[mine]] = window_probs[r, tok[mine]]
                if hidden is not None and b + r in by_window:
                    w0 = starts[b + r]
                    rows = np.full(self.max_chars, -1, dtype=np.int64)  # character - w0 -> token row
                    rows[pos - w0] = tok
                    h = hidden[r].astype(np.float32)
                    if feats is None:
                        feats = np.zeros((len(points), 3 * h.shape[-1]), dtype=np.float32)
                    for i in by_window[b + r]:
                        feats[i] = link_features(h, rows, points[i][0] - w0, points[i][1] - w0)
        return probs, feats

    def tag_and_link(self, text: str, counts: Sequence[Quantity]) -> tuple[list[Span], list[Link]]:
        """The spans and the link of each of ``counts``, in one pass (needs a link head)."""
        tags, scores, links = self.tags_and_links(text, counts)
        return self.spans(text, tags, scores), links

    def tags_and_links(self, text: str, counts: Sequence[Quantity]) -> tuple[list[str], list[float], list[Link]]:
        if self.link_head is None:
            raise ValueError("this model directory ships no link head")
        probs, feats = self.read(text, [(q.start, q.number_end or q.end) for q in counts])
        links = self.link_head.links(feats) if feats is not None else []
        return *self.best_tags(probs), links

    def best_tags(self, probs: np.ndarray) -> tuple[list[str], list[float]]:
        """The BIO tag of each character (best valid sequence, ``viterbi_bio``) and its probability."""
        path = viterbi_bio(probs, self.labels)
        return [self.labels[i] for i in path.tolist()], probs[np.arange(len(path)), path].tolist()

    def char_tags(self, text: str) -> tuple[list[str], list[float]]:
        return self.best_tags(self.char_probs(text))

    def tag(self, text: str) -> list[Span]:
        return self.spans(text, *self.char_tags(text))

    @staticmethod
    def spans(text: str, tags: Sequence[str], scores: Sequence[float]) -> list[Span]:
        """The spans of per-character tags, as the pipeline reads them."""
        return _trimmed(text, decode_bio(tags, scores))


class OnnxTagger(ModelTagger):
    """The network on ONNX Runtime (``model.onnx``, int8 weights as training exports it)."""

    runtime = "onnx"

    def __init__(
        self,
        path: Path,
        tokenizer: Tokenizer,
        labels: Sequence[str],
        name: str,
        version: str,
        threads: int,
        pad_id: int,
    ) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime raises its own classes for a damaged file
            raise ModelDirError(f"{path.name} cannot be loaded: {str(e).replace(str(path), path.name)}") from e
        outputs = self.session.get_outputs()[0].shape
        if isinstance(outputs[-1], int) and outputs[-1] != len(labels):
            raise ModelDirError(f"{path.name} has {outputs[-1]} outputs but {len(labels)} labels")
        self._hidden = "hidden" in {o.name for o in self.session.get_outputs()}
        # one window a run: int8 activations are quantised over the whole input, so a window batched
        # with others would tag differently than alone (and it is no slower)
        super().__init__(tokenizer, labels, name, version, pad_id=pad_id, batch_windows=1)

    @property
    def has_hidden(self) -> bool:
        return self._hidden

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray, hidden: bool) -> tuple[np.ndarray, np.ndarray | None]:
        names = ["logits", "hidden"] if hidden and self._hidden else ["logits"]
        out = self.session.run(names, {"input_ids": input_ids, "attention_mask": mask})
        return out[0], (out[1] if len(out) > 1 else None)


class TorchTagger(ModelTagger):
    """The network on torch: a directory without ``model.onnx``, or a model training holds in memory."""

    runtime = "torch"

    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer: Tokenizer,
        labels: Sequence[str],
        name: str,
        version: str,
        *,
        max_chars: int = MAX_CHARS,
        stride: int = STRIDE,
        batch_windows: int = BATCH_WINDOWS,
    ) -> None:
        """model: a token-classification model whose outputs follow ``labels``; used as is (eval mode is
        the caller's business when it is also being trained)."""
        if model.config.num_labels != len(labels):
            raise ModelDirError(f"model has {model.config.num_labels} outputs but {len(labels)} labels")
        self.model = model
        super().__init__(
            tokenizer,
            labels,
            name,
            version,
            pad_id=model.config.pad_token_id or 0,
            max_chars=max_chars,
            stride=stride,
            batch_windows=batch_windows,
        )

    @classmethod
    def from_dir(
        cls, model_dir: Path, tokenizer: Tokenizer, labels: Sequence[str], name: str, version: str, threads: int
    ) -> TorchTagger:
        import torch
        from transformers import AutoModelForTokenClassification

        torch.set_num_threads(threads)  # process-wide
        try:
            model = AutoModelForTokenClassification.from_pretrained(
                model_dir, dtype=torch.float32, local_files_only=True
            )
        except Exception as e:  # safetensors and transformers raise their own classes for damaged weights
            raise ModelDirError(f"{model_dir.name}: the weights cannot be loaded: {e}") from e
        model = model.float().eval()  # fp16 weights (the shipped default may be fp16) run in fp32 on CPU
        return cls(model, tokenizer, labels, name, version)

    @property
    def has_hidden(self) -> bool:
        return True

    def _forward(self, input_ids: np.ndarray, mask: np.ndarray, hidden: bool) -> tuple[np.ndarray, np.ndarray | None]:
        import torch

        with torch.inference_mode():
            out = self.model(
                input_ids=torch.from_numpy(input_ids),
                attention_mask=torch.from_numpy(mask),
                output_hidden_states=hidden,
            )
            states = out.hidden_states[-1].float().numpy() if hidden else None
            return out.logits.float().numpy(), states
