"""Fine-tune the character-level tagger and evaluate it with seqeval.

    govreport train --from models/default --out runs/r1 --epochs 3     # the same options as:
    python -m training.train --from models/default --out runs/r1 --epochs 3
    python -m training.train --config run.json          # TrainConfig fields as JSON (flags override them)

``train(TrainConfig(...))`` does the same from Python, on the annotation store or on ``(text, spans)``
examples given directly (``train_examples=...``). The options are ``training.config.TrainConfig``'s.

Texts are cut into windows of ``max_len - 2`` characters overlapping by ``stride`` (the same windows the
service tags with), one token per character, BIO labels per character and -100 on [CLS]/[SEP]/padding.
The loop is plain PyTorch: AdamW with a higher learning rate for the freshly initialised classifier head
than for the pretrained body, a linear schedule with warm-up, dev seqeval F1 after every epoch with
early stopping, and a resumable checkpoint after every epoch. The best epoch's model is written as a
model directory (docs/model-contract.md) with a model card holding data sizes, parameters and metrics.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from datasets import Dataset
from safetensors.torch import load_file
from tqdm.auto import tqdm  # type: ignore[import-untyped]
from transformers import (
    AutoModelForTokenClassification,
    AutoTokenizer,
    HfArgumentParser,
    PreTrainedModel,
    PreTrainedTokenizerBase,
    get_linear_schedule_with_warmup,
    set_seed,
)
from transformers.hf_argparser import DataClassType

from service.annotations import AnnotationRecord, AnnotationStore
from service.files import write_atomic
from service.jobs import JobStatus
from service.numbers import find_quantities
from service.schema import LABELS
from service.settings import get_settings
from service.tagger_model import PROBE, TorchTagger, encode_windows, inference_tokenizer, window_starts
from training import evaluate as evaluation
from training.bio import BIO_LABELS, Example, SpanLike, normalised_example, span_triples, to_char_bio
from training.config import TrainConfig
from training.metrics import evaluate_examples
from training.model_io import save_model_dir, shown_path

logger = logging.getLogger(__name__)

CHECKPOINTS = "checkpoints"
BEST = "best"
_CKPT = re.compile(r"checkpoint-(\d+)$")


# ----------------------------------------------------------------------------------------------- data


def windowed_dataset(
    examples: Sequence[Example], tokenizer: PreTrainedTokenizerBase, max_len: int = 512, stride: int = 128
) -> Dataset:
    """One row per window: ``input_ids``, ``labels`` (label ids, -100 on special tokens), ``example``.

    examples: (text, spans) pairs.
    tokenizer: the one-token-per-character tokenizer.
    max_len: tokens per window including [CLS]/[SEP].
    stride: overlap between windows in characters.
    """
    label_id = {label: i for i, label in enumerate(BIO_LABELS)}
    backend = inference_tokenizer(tokenizer.backend_tokenizer)
    rows: dict[str, list[Any]] = {"input_ids": [], "labels": [], "example": []}
    for k, (text, spans) in enumerate(examples):
        if not text:
            continue
        tags = [label_id[t] for t in to_char_bio(text, spans)]
        starts = window_starts(len(text), max_len - 2, stride)
        for ids, chars in encode_windows(backend, text, starts, max_len - 2):
            rows["input_ids"].append(ids)
            rows["labels"].append([tags[c] if c >= 0 else -100 for c in chars])
            rows["example"].append(k)
    return Dataset.from_dict(rows)


def _collate(rows: dict[str, list[Any]], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(ids) for ids in rows["input_ids"])
    n = len(rows["input_ids"])
    input_ids = torch.full((n, width), pad_id, dtype=torch.long)
    labels = torch.full((n, width), -100, dtype=torch.long)
    mask = torch.zeros((n, width), dtype=torch.long)
    for r, (ids, labs) in enumerate(zip(rows["input_ids"], rows["labels"], strict=True)):
        input_ids[r, : len(ids)] = torch.tensor(ids)
        labels[r, : len(labs)] = torch.tensor(labs)
        mask[r, : len(ids)] = 1
    return {"input_ids": input_ids, "attention_mask": mask, "labels": labels}


def _data_summary(examples: Sequence[Example], n_windows: int | None = None) -> dict[str, Any]:
    counts = Counter(label for ex in examples for _, _, label in span_triples(ex[1]))
    out: dict[str, Any] = {
        "examples": len(examples),
        "chars": sum(len(t) for t, _ in examples),
        "spans": {label: counts.get(label, 0) for label in LABELS},
    }
    if n_windows is not None:
        out["windows"] = n_windows
    return out


def _store(config: TrainConfig) -> AnnotationStore:
    assert config.annotations_dir is not None  # set by _resolved
    return AnnotationStore(config.annotations_dir, config.corpus_dir)


def _examples_from_store(config: TrainConfig) -> tuple[list[Example], list[Example], list[Example]]:
    """train/dev/test examples (normalised text, spans) from the annotation store's newest records.

    Records without a split go to train (``training.splits.assign_splits`` decides splits by report).
    """
    store = _store(config)
    splits: dict[str, list[Example]] = {"train": [], "dev": [], "test": []}
    unsplit = 0
    for record in store.load():
        unsplit += record.split is None
        splits[record.split or "train"].append(normalised_example(record, store.corpus_dir))
    if unsplit:
        logger.warning("%d annotation records have no split; training on them", unsplit)
    return splits["train"], splits["dev"], splits["test"]


# ------------------------------------------------------------------------------------ model and optim


def _load_model(config: TrainConfig) -> tuple[PreTrainedModel, PreTrainedTokenizerBase, str]:
    if (config.base_model is None) == (config.from_model is None):
        raise ValueError("give exactly one of base_model (new head) or from_model (continue a tagger)")
    src = config.from_model or config.base_model
    assert src is not None
    if not src.is_dir():
        raise FileNotFoundError(f"model directory not found: {src}")
    tokenizer = AutoTokenizer.from_pretrained(src, local_files_only=True)
    if config.from_model is not None:
        labels_path = src / "labels.json"
        if labels_path.is_file() and json.loads(labels_path.read_text(encoding="utf-8")) != BIO_LABELS:
            raise ValueError(f"{labels_path} differs from {BIO_LABELS}; cannot keep its head")
        model = AutoModelForTokenClassification.from_pretrained(src, dtype=torch.float32, local_files_only=True)
    else:
        model = AutoModelForTokenClassification.from_pretrained(
            src,
            dtype=torch.float32,
            local_files_only=True,
            num_labels=len(BIO_LABELS),
            id2label=dict(enumerate(BIO_LABELS)),
            label2id={label: i for i, label in enumerate(BIO_LABELS)},
            ignore_mismatched_sizes=True,
        )
    model = model.float()
    if config.num_layers and config.num_layers < model.config.num_hidden_layers:
        encoder = model.base_model.encoder
        encoder.layer = encoder.layer[: config.num_layers]
        model.config.num_hidden_layers = len(encoder.layer)
    ids, chars = encode_windows(inference_tokenizer(tokenizer.backend_tokenizer), PROBE, [0])[0]
    if len(ids) != len(PROBE) + 2 or chars[1:-1] != list(range(len(PROBE))):
        raise ValueError(f"{src}: the tokenizer does not give one token per character")
    return model, tokenizer, str(src)


def _load_teacher(config: TrainConfig, tokenizer: PreTrainedTokenizerBase) -> PreTrainedModel | None:
    """The frozen tagger a student learns from (``--teacher``): same labels, same tokens."""
    if config.teacher is None:
        return None
    labels_path = config.teacher / "labels.json"
    if not labels_path.is_file() or json.loads(labels_path.read_text(encoding="utf-8")) != BIO_LABELS:
        raise ValueError(f"{config.teacher}: a teacher needs the labels {BIO_LABELS} (labels.json)")
    if AutoTokenizer.from_pretrained(config.teacher, local_files_only=True).get_vocab() != tokenizer.get_vocab():
        raise ValueError(f"{config.teacher}: the teacher's tokenizer differs from the student's")
    teacher = AutoModelForTokenClassification.from_pretrained(
        config.teacher, dtype=torch.float32, local_files_only=True
    )
    return teacher.float().eval().requires_grad_(False)


def distillation_loss(
    student: torch.Tensor, teacher: torch.Tensor, mask: torch.Tensor, temperature: float
) -> torch.Tensor:
    """KL(teacher ‖ student) of the softened label distributions, averaged over real tokens, scaled by T²
    so its gradients keep their size whatever the temperature (Hinton et al., 2015)."""
    kl = torch.nn.functional.kl_div(
        torch.log_softmax(student / temperature, dim=-1),
        torch.log_softmax(teacher / temperature, dim=-1),
        reduction="none",
        log_target=True,
    ).sum(-1)
    weights = mask.to(kl.dtype)
    return (kl * weights).sum() / weights.sum().clamp(min=1) * temperature**2


def _optimizer(model: PreTrainedModel, config: TrainConfig) -> torch.optim.AdamW:
    """AdamW with four groups: head/body × decay/no decay (biases and LayerNorm weights)."""
    groups: dict[tuple[bool, bool], list[torch.nn.Parameter]] = {}
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        head = name.startswith("classifier.")
        decay = param.ndim > 1 and "LayerNorm" not in name
        groups.setdefault((head, decay), []).append(param)
    return torch.optim.AdamW(
        [
            {
                "params": params,
                "lr": config.lr_head if head else config.lr_body,
                "weight_decay": config.weight_decay if decay else 0.0,
            }
            for (head, decay), params in sorted(groups.items())
        ]
    )


# ------------------------------------------------------------------------------------------ checkpoints


@dataclass
class TrainState:
    """What a checkpoint records besides weights, optimiser and scheduler."""

    epochs_done: int = 0  # complete epochs
    step_in_epoch: int = 0  # steps done in the next epoch (a run stopped by max_steps/max_minutes)
    global_step: int = 0
    best_f1: float | None = None
    best_epoch: int | None = None
    bad_epochs: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    resumed_from: list[int] = field(default_factory=list)


def latest_checkpoint(out_dir: Path | str) -> Path | None:
    """The newest complete checkpoint directory in ``out_dir/checkpoints``, if any."""
    ckpt_dir = Path(out_dir) / CHECKPOINTS
    found = []
    if ckpt_dir.is_dir():
        for p in ckpt_dir.iterdir():
            m = _CKPT.match(p.name)
            if m and (p / "trainer_state.json").is_file():
                found.append((int(m.group(1)), p))
    return max(found)[1] if found else None


def _save_checkpoint(
    out_dir: Path,
    model: PreTrainedModel,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    state: TrainState,
    keep: int,
) -> Path:
    ckpt_dir = out_dir / CHECKPOINTS
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    final = ckpt_dir / f"checkpoint-{state.global_step}"
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=ckpt_dir))
    model.save_pretrained(tmp)
    torch.save(optimizer.state_dict(), tmp / "optimizer.pt")
    torch.save(scheduler.state_dict(), tmp / "scheduler.pt")
    torch.save(
        {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()},
        tmp / "rng_state.pt",
    )
    (tmp / "trainer_state.json").write_text(json.dumps(dataclasses.asdict(state), indent=2) + "\n", encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    os.replace(tmp, final)
    old = sorted((int(m.group(1)), p) for p in ckpt_dir.iterdir() if (m := _CKPT.match(p.name)) and p != final)
    for _, p in old[: max(0, len(old) - max(keep, 1) + 1)]:
        shutil.rmtree(p, ignore_errors=True)
    return final


def _load_checkpoint(
    path: Path, model: PreTrainedModel, optimizer: torch.optim.Optimizer, scheduler: Any
) -> TrainState:
    model.load_state_dict(load_file(path / "model.safetensors"))
    optimizer.load_state_dict(torch.load(path / "optimizer.pt", weights_only=True))
    # The scheduler keeps its step count; its lambda (and so the total steps) is the current config's,
    # so resuming with more epochs stretches the linear decay over the new total.
    scheduler.load_state_dict(torch.load(path / "scheduler.pt", weights_only=False))
    rng = torch.load(path / "rng_state.pt", weights_only=False)
    random.setstate(rng["python"])
    np.random.set_state(rng["numpy"])
    torch.set_rng_state(rng["torch"])
    raw = json.loads((path / "trainer_state.json").read_text(encoding="utf-8"))
    return TrainState(**raw)


# ------------------------------------------------------------------------------------------------ train


def _params_for_card(config: TrainConfig) -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(config):
        if f.name not in ("out_dir", "model_dir", "progress"):
            value = getattr(config, f.name)
            out[f.name] = shown_path(value) if isinstance(value, Path) else value
    return out


def _resolved(config: TrainConfig, from_store: bool) -> TrainConfig:
    """The config with the defaults that depend on the machine filled in, so the card shows what ran."""
    settings = get_settings()
    changes: dict[str, Any] = {}
    if config.out_dir is None:
        changes["out_dir"] = Path("runs") / time.strftime("%Y%m%d-%H%M%S")
    if from_store:
        changes["annotations_dir"] = config.annotations_dir or settings.annotations_dir
        changes["corpus_dir"] = config.corpus_dir or settings.corpus_dir
    if config.base_model is None and config.from_model is None:
        from training.base_model import ensure_base_model

        changes["base_model"] = ensure_base_model()
    return dataclasses.replace(config, **changes)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}"


def train(
    config: TrainConfig,
    *,
    train_examples: Sequence[Example] | None = None,
    dev_examples: Sequence[Example] = (),
    test_examples: Sequence[Example] = (),
) -> Path:
    """Fine-tune a tagger per ``config`` and write the best epoch's model directory; return its path.

    Trains on the annotation store's splits (``config.annotations_dir``), or on ``(normalised text,
    spans)`` examples given here. A failure is written to the status file before it is raised.
    """
    if train_examples is None and (dev_examples or test_examples):
        raise ValueError("dev_examples and test_examples need train_examples")
    status = StatusWriter(config.status_file)
    try:
        config = _resolved(config, from_store=train_examples is None)
        if train_examples is None:
            return _train(config, *_examples_from_store(config), status, from_store=True)
        return _train(config, train_examples, dev_examples, test_examples, status, from_store=False)
    except Exception as exc:
        status(state="failed", error=f"{type(exc).__name__}: {exc}")
        raise


def _train(
    config: TrainConfig,
    train_ex: Sequence[Example],
    dev_ex: Sequence[Example],
    test_ex: Sequence[Example],
    report: StatusWriter,
    *,
    from_store: bool,
) -> Path:
    started = time.monotonic()
    assert config.out_dir is not None  # set by _resolved
    out_dir = config.out_dir
    model_dir = Path(config.model_dir) if config.model_dir else out_dir / "model"
    if config.model_dir and model_dir.exists():
        raise FileExistsError(f"{model_dir} exists; model directories are never overwritten")
    if config.max_len < 3 or config.max_len > 512:
        raise ValueError(f"max_len must be in [3, 512]: {config.max_len}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if config.num_threads:
        torch.set_num_threads(config.num_threads)
    set_seed(config.seed)

    if config.synthetic:
        from training.synthetic import generate

        train_ex = list(train_ex) + [
            synthetic_example(r.text, r.spans) for r in generate(config.synthetic, seed=config.seed)
        ]
    if not train_ex:
        raise ValueError("no training examples")

    model, tokenizer, source = _load_model(config)
    teacher = _load_teacher(config, tokenizer)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    data = windowed_dataset(train_ex, tokenizer, config.max_len, config.stride)
    steps_per_epoch = math.ceil(len(data) / config.batch_size)
    total_steps = steps_per_epoch * config.epochs
    if config.max_steps is not None:
        total_steps = min(total_steps, config.max_steps)
    optimizer = _optimizer(model, config)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * total_steps), max(total_steps, 1))
    logger.info(
        "training on %d examples / %d windows (%d steps/epoch), dev %d, test %d; source %s",
        len(train_ex),
        len(data),
        steps_per_epoch,
        len(dev_ex),
        len(test_ex),
        source,
    )

    state = TrainState()
    ckpt = latest_checkpoint(out_dir) if config.resume else None
    if ckpt is not None:
        state = _load_checkpoint(ckpt, model, optimizer, scheduler)
        state.resumed_from.append(state.global_step)
        logger.info("resuming from %s (epoch %d, step %d)", ckpt, state.epochs_done + 1, state.global_step)
    else:
        if config.resume:
            logger.info("resume requested but no checkpoint in %s: starting from scratch", out_dir / CHECKPOINTS)
        if (out_dir / CHECKPOINTS).exists():  # a fresh run must not mix with an earlier run's checkpoints
            logger.info("removing the earlier run's %s", out_dir / CHECKPOINTS)
            shutil.rmtree(out_dir / CHECKPOINTS)

    def tagger_of(net: PreTrainedModel, version: str) -> TorchTagger:
        """The model as the service tags with it: the same windows."""
        return TorchTagger(
            net,
            tokenizer.backend_tokenizer,
            BIO_LABELS,
            config.name,
            version,
            max_chars=config.max_len - 2,
            stride=config.stride,
            batch_windows=config.eval_batch_windows,
        )

    def evaluate_dev() -> dict[str, Any] | None:
        if not dev_ex:
            return None
        model.eval()
        return evaluate_examples(tagger_of(model, "dev"), dev_ex)

    def out_of_budget() -> str | None:
        if config.max_steps is not None and state.global_step >= config.max_steps:
            return f"max_steps {config.max_steps} reached"
        if config.max_minutes is not None and time.monotonic() - started >= config.max_minutes * 60:
            return f"max_minutes {config.max_minutes} used"
        return None

    report(state="running", epoch=state.epochs_done + 1, step=state.global_step, total_steps=total_steps)
    stop = out_of_budget()
    if config.patience is not None and state.bad_epochs >= config.patience:
        stop = "early stopping (in the checkpoint)"
    while stop is None and state.epochs_done < config.epochs:
        epoch = state.epochs_done  # 0-based index of the epoch in progress
        model.train()
        # The order depends only on seed and epoch, so a resumed epoch skips exactly the batches done.
        order = torch.randperm(len(data), generator=torch.Generator().manual_seed(config.seed + epoch)).tolist()
        skip = state.step_in_epoch
        epoch_start, losses = time.monotonic(), []
        bar = tqdm(
            total=steps_per_epoch,
            initial=skip,
            desc=f"epoch {epoch + 1}/{config.epochs}",
            disable=not config.progress,
            leave=False,
        )
        for step in range(skip, steps_per_epoch):
            batch = _collate(data[order[step * config.batch_size : (step + 1) * config.batch_size]], pad_id)
            output = model(**batch)
            loss = output.loss
            if teacher is not None:
                with torch.no_grad():
                    taught = teacher(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
                kd = distillation_loss(output.logits, taught, batch["attention_mask"], config.kd_temperature)
                loss = config.kd_alpha * loss + (1 - config.kd_alpha) * kd
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            state.global_step += 1
            state.step_in_epoch = step + 1
            losses.append(loss.item())
            bar.update(1)
            bar.set_postfix(loss=f"{losses[-1]:.4f}")
            if state.global_step % 10 == 0:
                report(
                    state="running",
                    epoch=epoch + 1,
                    step=state.global_step,
                    total_steps=total_steps,
                    loss=losses[-1],
                    best_dev_f1=state.best_f1,
                )
            if (stop := out_of_budget()) is not None:
                break
        bar.close()
        complete = state.step_in_epoch >= steps_per_epoch
        if complete:
            state.epochs_done, state.step_in_epoch = epoch + 1, 0

        dev = evaluate_dev()
        f1 = dev["overall"]["f1"] if dev else None
        improved = state.best_f1 is None or (f1 is not None and f1 > state.best_f1) or dev is None
        if improved:
            state.best_f1, state.best_epoch, state.bad_epochs = f1, epoch + 1, 0
            save_model_dir(
                model,
                tokenizer,
                BIO_LABELS,
                {
                    "name": config.name,
                    "version": f"epoch-{epoch + 1}",
                    "base_model": source,
                    "metrics": {"dev": dev} if dev else {},
                },
                out_dir / CHECKPOINTS / BEST,
                overwrite=True,
            )
        elif complete:
            state.bad_epochs += 1
        state.history.append(
            {
                "epoch": epoch + 1,
                "complete": complete,
                "global_step": state.global_step,
                "loss": float(np.mean(losses)) if losses else None,
                "dev_f1": f1,
                "seconds": round(time.monotonic() - epoch_start, 2),
            }
        )
        _save_checkpoint(out_dir, model, optimizer, scheduler, state, config.keep_checkpoints)
        logger.info(
            "epoch %d/%d%s step %d loss %.4f dev F1 %s (best %s @ epoch %s) %.1fs",
            epoch + 1,
            config.epochs,
            "" if complete else " (partial)",
            state.global_step,
            state.history[-1]["loss"] or float("nan"),
            _fmt(f1),
            _fmt(state.best_f1),
            state.best_epoch,
            state.history[-1]["seconds"],
        )
        if config.patience is not None and state.bad_epochs >= config.patience:
            stop = f"early stopping: no better dev F1 for {state.bad_epochs} epochs"
    if stop:
        logger.info("stopped: %s", stop)

    best_dir = out_dir / CHECKPOINTS / BEST
    if not (best_dir / "model.safetensors").is_file():  # nothing trained (e.g. max_steps=0): the start model
        save_model_dir(
            model, tokenizer, BIO_LABELS, {"name": config.name, "version": "start"}, best_dir, overwrite=True
        )
    best = AutoModelForTokenClassification.from_pretrained(best_dir, dtype=torch.float32, local_files_only=True)
    best_tagger = tagger_of(best.eval(), "best")
    metrics: dict[str, Any] = {}
    if dev_ex:
        metrics["dev"] = evaluate_examples(best_tagger, dev_ex)
    if test_ex:
        metrics["test"] = evaluate_examples(best_tagger, test_ex)
    n_params = sum(p.numel() for p in best.parameters())
    card = {
        "name": config.name,
        "version": config.version or time.strftime("%Y%m%d-%H%M%S", time.gmtime()),
        "base_model": source,
        "data": {
            "train": _data_summary(train_ex, len(data)),
            "dev": _data_summary(dev_ex),
            "test": _data_summary(test_ex),
        },
        "parameters": _params_for_card(config) | {"parameter_count": n_params},
        "metrics": metrics,
        "training": {
            "best_epoch": state.best_epoch,
            "best_dev_f1": state.best_f1,
            "global_step": state.global_step,
            "epochs_run": len({h["epoch"] for h in state.history}),
            "stopped": stop,
            "resumed_from_step": state.resumed_from,
            "history": state.history,
        },
    }
    written = save_model_dir(
        best, tokenizer, BIO_LABELS, card, model_dir, fp16=config.fp16, overwrite=config.model_dir is None
    )
    logger.info("model written to %s (%.1fs)", written, time.monotonic() - started)
    write_evaluation_report(config, written, dev_ex, test_ex, from_store=from_store)
    if config.link_head:
        _fit_link_head(written)
    report(
        state="succeeded",
        step=state.global_step,
        total_steps=total_steps,
        model_dir=str(written),
        version=card["version"],
        metrics={k: v["overall"] for k, v in metrics.items()},
    )
    return written


def write_evaluation_report(
    config: TrainConfig, model_dir: Path, dev_ex: Sequence[Example], test_ex: Sequence[Example], *, from_store: bool
) -> Path | None:
    """Write the evaluation report (training/evaluate.py) into ``model_dir/report``.

    Evaluated on the store's test records if there are any, else its dev records (then indicator
    scores against the gold values come along); with examples given in Python, on the test examples,
    else the dev ones (span scores only). A failure is logged and never loses the trained model.
    """
    try:
        data: Any = None
        if from_store:
            store = _store(config)
            data = next((split for split in ("test", "dev") if store.load(split)), None)
        else:
            data = list(test_ex) or list(dev_ex) or None
        if data is None:
            logger.info("no test or dev data: no evaluation report")
            return None
        out = Path(model_dir) / "report"
        evaluation.evaluate(
            model_dir,
            data,
            out_dir=out,
            annotations_dir=config.annotations_dir,
            corpus_dir=config.corpus_dir,
            num_threads=config.num_threads,
        )
        logger.info("evaluation report written to %s", out / "report.html")
        return out
    except Exception:
        logger.exception("the evaluation report failed; the model at %s is kept", model_dir)
        return None


def _fit_link_head(model_dir: Path) -> None:
    """A link head for the new network (training/link.py); a failure is logged and never loses the model."""
    from training import link

    try:
        scores = link.fit(model_dir)
        logger.info(
            "link head written (unseen dev links: %s)",
            {k: scores["unseen_dev"].get(k) for k in ("precision", "recall")},
        )
    except Exception:
        logger.exception("the link head failed; the model at %s is kept, without one", model_dir)


def synthetic_example(text: str, spans: Iterable[SpanLike]) -> Example:
    """A synthetic report as the tagger sees real ones: normalised, one NUMBER span per flattened run,
    and every counting number of the prose a NUMBER (docs/annotation.md)."""
    record = AnnotationRecord.model_validate(
        {"id": "synthetic", "text": text, "spans": merge_adjacent_numbers(spans), "source": "synthetic"}
    )
    norm_text, norm_spans = normalised_example(record)
    taken = sorted((s, e) for s, e, _ in norm_spans)
    for q in find_quantities(norm_text):
        if q.kind == "metric" and q.unit and not any(s < q.end and q.start < e for s, e in taken):
            norm_spans.append((q.start, q.end, "NUMBER"))
    return norm_text, sorted(norm_spans)


def merge_adjacent_numbers(spans: Iterable[SpanLike]) -> list[tuple[int, int, str]]:
    """One NUMBER span per flattened run (docs/annotation.md): cells that touch are merged."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in sorted(span_triples(spans)):
        if out and label == "NUMBER" and out[-1][2] == "NUMBER" and out[-1][1] == s:
            out[-1] = (out[-1][0], e, label)
        else:
            out.append((s, e, label))
    return out


class StatusWriter:
    """Progress for the service's job endpoint (``service.jobs.JobStatus``), written atomically
    (readers never see a part); a no-op without a path."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def __call__(self, **fields: Any) -> None:
        if self.path is None:
            return
        if fields.get("total_steps"):
            fields["progress"] = round(min(1.0, fields.get("step", 0) / fields["total_steps"]), 4)
        write_atomic(self.path, JobStatus(**fields).model_dump_json())


# -------------------------------------------------------------------------------------------------- CLI


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults in the help, except None: those options say in words what they default to."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return action.help if action.default is None else super()._get_help_string(action)


def main(argv: list[str] | None = None) -> Path:
    """``python -m training.train``: the options of ``TrainConfig``, optionally from a JSON file first."""
    parser = HfArgumentParser(
        DataClassType(TrainConfig),
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--config", type=Path, help="JSON file of TrainConfig fields (flags override them).")
    config_file = parser.parse_known_args(argv)[0].config
    if config_file is not None:
        values = json.loads(config_file.read_text(encoding="utf-8"))
        unknown = set(values) - {f.name for f in dataclasses.fields(TrainConfig)}
        if unknown:
            parser.error(f"{config_file}: unknown fields {', '.join(sorted(unknown))}")
        parser.set_defaults(**values)  # argparse converts string defaults with the field's type
    config, _ = parser.parse_args_into_dataclasses(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return train(config)


if __name__ == "__main__":
    print(main(sys.argv[1:]))
