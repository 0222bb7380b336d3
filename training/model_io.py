"""Writing model directories (docs/model-contract.md): weights, tokenizer, labels, model card.

``save_model_dir`` is the one way a model directory gets written: into a temporary sibling directory
first, then moved into place with ``os.replace``, so a reader never sees half a model and an existing
version directory is never overwritten unless asked. ``build_tiny_model`` makes a tiny random tagger
for tests.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch
from transformers import BertConfig, BertForTokenClassification, PreTrainedModel, PreTrainedTokenizerBase

from service.files import file_sha256, write_atomic
from service.schema import LABELS
from service.settings import REPO_ROOT
from service.tagger_model import ONNX_FILE
from training.bio import BIO_LABELS
from training.tokenizer import build_char_tokenizer, fix_saved_tokenizer, tiny_char_set

CARD_KEYS = ("name", "version", "created", "base_model", "data", "parameters", "metrics")


def build_tiny_model(out_dir: Path | str, chars: Iterable[str] | None = None, seed: int = 0) -> Path:
    """Write a tiny randomly initialised tagger (hidden 32, 2 layers) to ``out_dir``; for tests.

    out_dir: the model directory to create (must not exist).
    chars: the tokenizer's characters; default ``tiny_char_set()``.
    seed: torch seed for the random weights.
    """
    tokenizer = build_char_tokenizer(tiny_char_set() if chars is None else chars)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        pad_token_id=tokenizer.pad_token_id,
        id2label=dict(enumerate(BIO_LABELS)),  # num_labels follows
        label2id={label: i for i, label in enumerate(BIO_LABELS)},
    )
    torch.manual_seed(seed)
    model = BertForTokenClassification(config)
    card = {
        "name": "tiny-random",
        "version": f"tiny-{seed}",
        "base_model": None,
        "data": {},
        "parameters": {"seed": seed, "random_init": True},
        "metrics": {},
    }
    return save_model_dir(model, tokenizer, BIO_LABELS, card, out_dir)


def save_model_dir(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    labels: Sequence[str],
    card: dict[str, Any],
    out_dir: Path | str,
    fp16: bool = False,
    *,
    overwrite: bool = False,
) -> Path:
    """Write a complete model directory atomically and return its path.

    model: a token-classification model with ``len(labels)`` outputs (left unchanged; fp16 saves a copy).
    tokenizer: the one-token-per-character fast tokenizer.
    labels: BIO label per output index; written to labels.json and config.json id2label/label2id.
    card: model card fields (``name``, ``version``, ...); ``created`` and missing keys are filled in.
    out_dir: the directory to create.
    fp16: store the weights in half precision (the service converts them back to fp32).
    overwrite: replace an existing ``out_dir`` (training's own output); otherwise FileExistsError.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not overwrite:
        raise FileExistsError(f"{out_dir} exists; model directories are never overwritten")
    if model.config.num_labels != len(labels):
        raise ValueError(f"model has {model.config.num_labels} outputs but {len(labels)} labels were given")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        model.config.id2label = dict(enumerate(labels))
        model.config.label2id = {label: i for i, label in enumerate(labels)}
        to_save = copy.deepcopy(model).half() if fp16 else model
        to_save.save_pretrained(tmp)
        export_onnx(model, tmp)
        _save_tokenizer(tokenizer, tmp)
        (tmp / "labels.json").write_text(json.dumps(list(labels), ensure_ascii=False) + "\n", encoding="utf-8")
        full_card = {key: card.get(key) for key in CARD_KEYS} | card
        full_card["created"] = card.get("created") or datetime.now(UTC).isoformat(timespec="seconds")
        full_card.setdefault("weights_dtype", "float16" if fp16 else "float32")
        full_card["onnx"] = onnx_card(tmp)
        for key in ("data", "parameters", "metrics"):
            full_card[key] = full_card[key] or {}
        write_model_card(full_card, tmp)
        if out_dir.exists():  # overwrite=True: swap, then drop the old directory
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
            os.replace(out_dir, old / out_dir.name)
            os.replace(tmp, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


#: what ``export_onnx`` writes: the served network (docs/model-contract.md)
#: 7-bit range: x86 CPUs without VNNI (AVX2 only) multiply uint8 by int8 with VPMADDUBSW, whose int16
#: sums saturate on full-range weights; a tiny tagger's logits were then off by twice their size.
ONNX_WEIGHTS = "int8 (dynamic quantisation, per channel, 7-bit range)"


def onnx_card(model_dir: Path) -> dict[str, str]:
    """The model card's ``onnx`` entry; the service refuses a ``model.onnx`` whose checksum differs."""
    return {"file": ONNX_FILE, "weights": ONNX_WEIGHTS, "sha256": file_sha256(model_dir / ONNX_FILE)}


class _WithHidden(torch.nn.Module):
    """The tagger with its last hidden states as a second output (what the link head reads)."""

    def __init__(self, net: PreTrainedModel) -> None:
        super().__init__()
        self.net = net

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out = self.net(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
        return out.logits, out.hidden_states[-1]


def export_onnx(model: PreTrainedModel, out_dir: Path) -> Path:
    """Write ``model.onnx``: the network in fp32 traced by ``torch.onnx``, its weights quantised to int8;
    outputs ``logits`` and ``hidden`` (the last hidden states, for the link head).

    The service runs it on ONNX Runtime (no torch at run time); batch and sequence axes are dynamic.
    model: left unchanged (a copy is traced).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    net = _WithHidden(copy.deepcopy(model).float().eval())
    ids = torch.ones((1, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        with warnings.catch_warnings():  # the tracer's notes on BERT's mask code, constant here
            warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
            warnings.filterwarnings("ignore", message="Exporting aten::index operator")
            warnings.filterwarnings("ignore", category=DeprecationWarning)  # the TorchScript exporter, still in 2.13
            torch.onnx.export(
                net,
                (ids, torch.ones_like(ids)),
                str(fp32),
                input_names=["input_ids", "attention_mask"],
                output_names=["logits", "hidden"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "logits": axes, "hidden": axes},
                opset_version=17,
                dynamo=False,
            )
        logging.disable(logging.WARNING)  # the quantiser logs every tensor on the root logger
        try:
            quantize_dynamic(
                fp32, out_dir / ONNX_FILE, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True
            )
        finally:
            logging.disable(logging.NOTSET)
    return out_dir / ONNX_FILE


def _save_tokenizer(tokenizer: PreTrainedTokenizerBase, out_dir: Path) -> None:
    """tokenizer.json + tokenizer_config.json (class PreTrainedTokenizerFast) + special_tokens_map.json."""
    tokenizer.save_pretrained(out_dir)
    # A tokenizer reloaded with AutoTokenizer (transformers 5: TokenizersBackend) saves its own class name
    # and no special-tokens map; the contract wants PreTrainedTokenizerFast and split_special_tokens.
    fix_saved_tokenizer(out_dir)


def write_model_card(card: dict[str, Any], out_dir: Path | str) -> None:
    """Write ``model_card.json`` and its markdown rendering ``model_card.md`` into ``out_dir``.

    card: the card fields; ``metrics`` maps a split name to an ``evaluate_tagger`` result.
    out_dir: an existing directory.
    """
    out_dir = Path(out_dir)
    write_atomic(out_dir / "model_card.json", json.dumps(card, ensure_ascii=False, indent=2, default=str) + "\n")
    write_atomic(out_dir / "model_card.md", render_model_card(card))


def render_model_card(card: dict[str, Any]) -> str:
    """The markdown rendering of a model card."""
    lines = [f"# {card.get('name')} {card.get('version')}", ""]
    lines += [f"- created: {card.get('created')}", f"- base model: {card.get('base_model') or '—'}"]
    for key, value in card.items():
        if key not in CARD_KEYS and not isinstance(value, dict | list):
            lines.append(f"- {key}: {value}")
    lines += ["", f"Labels: O, B-/I- × {', '.join(LABELS)} (one token per character).", ""]
    for title, key in (("Data", "data"), ("Parameters", "parameters")):
        section = card.get(key) or {}
        if section:
            lines += [f"## {title}", "", "| | |", "|---|---|"]
            lines += [f"| {k} | {_cell(v)} |" for k, v in _flatten(section)]
            lines.append("")
    metrics = card.get("metrics") or {}
    if metrics:
        lines += ["## Metrics", ""]
        for split, result in metrics.items():
            lines += _metrics_section(split, result)
    indicators = card.get("indicators") or {}
    if indicators:
        lines += [
            "## Indicators",
            "",
            f"Against the gold values of {indicators.get('evaluated_on', '?')} (`report/` has the errors in context).",
            "",
            "| | precision | recall | F1 | tp | fp | fn |",
            "|---|---|---|---|---|---|---|",
        ]
        rows = [("**overall**", indicators["overall"]), *indicators.get("by_source", {}).items()]
        rows += [(f"prose: {group}", c) for group, c in indicators.get("prose_by_group", {}).items()]
        for name, c in rows:
            lines.append(
                f"| {name} | {c['precision']:.4f} | {c['recall']:.4f} | {c['f1']:.4f} | {c['tp']} | {c['fp']} | {c['fn']} |"
            )
        lines.append("")
    link = card.get("link_head") or {}
    if link:
        train = link.get("train", {})
        lines += [
            "## Link head",
            "",
            f"`link_head.npz` (`python -m training.link`): prose number → indicator, trained on {train.get('numbers')} "
            f"numbers ({train.get('stated')} stating an indicator) of synthetic reports and of the "
            f"{train.get('dev_reports')} dev reports the tagger trained on"
            + (
                f" and of {train['more_reports']} further reports (`{train['more_gold']}`)"
                if "more_reports" in train
                else ""
            )
            + "; a link counts at probability "
            f"≥ {link.get('threshold')}. Numbers of reports it never saw (`report/link_errors.json` lists the errors):",
            "",
            "| | numbers | stating an indicator | precision | recall | F1 |",
            "|---|---|---|---|---|---|",
        ]
        for split in ("synthetic_dev", "unseen_dev", "held_out"):
            r = link.get(split) or {}
            if r.get("numbers"):
                lines.append(
                    f"| {split} | {r['numbers']} | {r['stated']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |"
                )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _metrics_section(split: str, result: Any) -> list[str]:
    if not isinstance(result, dict) or "overall" not in result:
        return [f"- {split}: {_cell(result)}", ""]
    sizes = ", ".join(f"{k} {result[k]}" for k in ("examples", "chars") if k in result)
    lines = [f"### {split}" + (f" ({sizes})" if sizes else ""), ""]
    for title, part in (("seqeval (default)", result), ("seqeval strict IOB2", result.get("strict"))):
        if not part:
            continue
        lines += [f"{title}:", "", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        rows = [*(part.get("per_label") or {}).items(), ("**overall**", part["overall"])]
        for label, m in rows:
            lines.append(
                f"| {label} | {m.get('precision', 0):.4f} | {m.get('recall', 0):.4f} | "
                f"{m.get('f1', 0):.4f} | {m.get('support', '')} |"
            )
        lines.append("")
    return lines


def _flatten(d: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for k, v in d.items():
        if isinstance(v, dict) and v:
            out += _flatten(v, f"{prefix}{k}.")
        else:
            out.append((f"{prefix}{k}", v))
    return out


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def shown_path(path: Path | str) -> str:
    """A path as a committed card or report shows it: relative to the repository when inside it or
    beside it, else its name (the machine it was made on is nobody's business)."""
    path = Path(path)
    for root, prefix in ((REPO_ROOT, ""), (REPO_ROOT.parent, "../")):
        try:
            return prefix + str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return path.name


def main(argv: list[str] | None = None) -> None:
    """``python -m training.model_io export-onnx DIR``: add ``model.onnx`` to a model directory written
    before training exported it (the card says so); nothing else in the directory changes."""
    import argparse

    from service.tagger_model import ModelTagger, TorchTagger

    parser = argparse.ArgumentParser(prog="python -m training.model_io")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("export-onnx", help=main.__doc__).add_argument("model_dir", type=Path)
    args = parser.parse_args(argv)
    model_dir: Path = args.model_dir
    tagger = ModelTagger.load(model_dir, runtime="torch")
    assert isinstance(tagger, TorchTagger)
    with tempfile.TemporaryDirectory(dir=model_dir) as tmp:
        os.replace(export_onnx(tagger.model, Path(tmp)), model_dir / ONNX_FILE)
    card = json.loads((model_dir / "model_card.json").read_text(encoding="utf-8"))
    card["onnx"] = onnx_card(model_dir)
    write_model_card(card, model_dir)
    print(f"wrote {shown_path(model_dir / ONNX_FILE)}")


if __name__ == "__main__":
    main()
