"""The options of a training run, declared once.

``govreport train`` and ``python -m training.train`` both build their command line from ``TrainConfig``:
each field is an option named after it (``--max-len`` or ``--max_len``, plus the ``aliases`` of its
metadata), with its type, default and help. Changing a default here changes it everywhere. This module
imports nothing heavy, so the CLI can read it without the training extra installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class TrainConfig:
    """Everything a training run depends on besides its data; saved into the model card's ``parameters``.

    Metadata ``help`` and ``aliases`` are argparse's (``transformers.HfArgumentParser`` reads them).
    """

    out_dir: Path | None = field(
        default=None,
        metadata={"help": "Run directory: checkpoints/ and, by default, the final model/ (default: runs/<time>).",
                  "aliases": ["--out"]},
    )  # fmt: skip
    base_model: Path | None = field(
        default=None,
        metadata={"help": "Pretrained encoder directory (one token per character); a new head is added "
                  "(default: the offline multilingual-e5-small build, unless --from is given)."},
    )  # fmt: skip
    from_model: Path | None = field(
        default=None,
        metadata={"help": "A tagger directory to keep fine-tuning (its head is kept).", "aliases": ["--from"]},
    )
    model_dir: Path | None = field(
        default=None, metadata={"help": "Where the final model goes, never overwritten (default: OUT/model)."}
    )
    annotations_dir: Path | None = field(
        default=None,
        metadata={"help": "Annotation store to train on (default: GOVREPORT_ANNOTATIONS_DIR).",
                  "aliases": ["--annotations"]},
    )  # fmt: skip
    corpus_dir: Path | None = field(
        default=None,
        metadata={"help": "Corpus of the stand-off annotations (default: GOVREPORT_CORPUS_DIR).",
                  "aliases": ["--corpus"]},
    )  # fmt: skip
    # 512 and 128 are the windows the service tags with (service.tagger_model MAX_CHARS + 2, STRIDE).
    max_len: int = field(default=512, metadata={"help": "Tokens per window, [CLS] and [SEP] included (at most 512)."})
    stride: int = field(default=128, metadata={"help": "Overlap of consecutive windows, in characters."})
    epochs: int = field(default=4, metadata={"help": "Number of epochs (in total, counting resumed ones)."})
    batch_size: int = field(default=8, metadata={"help": "Windows per training step."})
    lr_body: float = field(default=1e-4, metadata={"help": "Learning rate of the encoder."})
    lr_head: float = field(default=3e-3, metadata={"help": "Learning rate of the classifier head."})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay (not on biases/LayerNorm)."})
    warmup_ratio: float = field(default=0.1, metadata={"help": "Share of the steps with linear warm-up."})
    max_grad_norm: float = field(default=1.0, metadata={"help": "Gradient clipping norm."})
    seed: int = field(default=0, metadata={"help": "Seed of initialisation, shuffling, dropout and synthetic reports."})
    patience: int | None = field(default=3, metadata={"help": "Stop after this many epochs without a better dev F1."})
    resume: bool = field(default=False, metadata={"help": "Continue from the latest checkpoint in OUT."})
    max_steps: int | None = field(default=None, metadata={"help": "Stop after this many optimiser steps in total."})
    max_minutes: float | None = field(
        default=None, metadata={"help": "Stop (with a checkpoint) after this many minutes of this run."}
    )
    keep_checkpoints: int = field(default=2, metadata={"help": "How many epoch checkpoints to keep."})
    eval_batch_windows: int = field(default=16, metadata={"help": "Windows per forward pass when evaluating."})
    name: str = field(default="govreport-tagger", metadata={"help": "Model name for the model card."})
    version: str | None = field(default=None, metadata={"help": "Model version (default: a UTC timestamp)."})
    fp16: bool = field(default=False, metadata={"help": "Store the final weights in half precision."})
    num_threads: int | None = field(default=None, metadata={"help": "torch CPU threads (default: torch's)."})
    progress: bool = field(default=True, metadata={"help": "Show a progress bar."})
    num_layers: int | None = field(
        default=None,
        metadata={"help": "Keep only the first N encoder layers of the base model or --from tagger (faster on CPU).",
                  "aliases": ["--layers"]},
    )  # fmt: skip
    synthetic: int = field(default=0, metadata={"help": "Synthetic reports added to the training data."})
    teacher: Path | None = field(
        default=None,
        metadata={"help": "A tagger directory to distil from: the loss adds the KL divergence from its "
                  "predictions (same tokenizer and labels; e.g. --from it --layers 2 for a smaller student)."},
    )  # fmt: skip
    kd_alpha: float = field(default=0.5, metadata={"help": "With --teacher: weight of the gold labels' loss (the "
                            "teacher's gets 1 - alpha)."})  # fmt: skip
    kd_temperature: float = field(default=2.0, metadata={"help": "With --teacher: softmax temperature of both."})
    link_head: bool = field(
        default=False,
        metadata={"help": "Train a link head (python -m training.link, its defaults) for the new model too: "
                  "prose numbers linked to indicators by a decision of their own (adds minutes)."},
    )  # fmt: skip
    status_file: Path | None = field(
        default=None,
        metadata={"help": "Write progress here as service.jobs.JobStatus JSON (read by GET /v1/models/jobs/{id})."},
    )
