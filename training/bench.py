"""Speed benchmark: the shipped pipeline side by side with a bert-base-sized tagger and the lexicon tagger.

    python -m training.bench [--variants model,model-torch,bert-base,lexicon] [--sizes 2000,5000,20000] [--runs 7]
                             [--out runs/bench.json]

Each variant runs in a process of its own (so its peak RSS and load time are its own): end-to-end
latency p50/p95 per input size (texts cut from synthetic reports, and the corpus reports when
../shared is here), reports/s and chars/s one report at a time and batched (one extraction per core
at a time), the seconds per pipeline step, model-load time, peak RSS,
and indicator F1 on the dev gold (where the corpus is here). ``model`` is the shipped model as served
(ONNX Runtime, int8), ``model-torch`` the same directory on torch. The bert-base variant has random
weights (768 hidden, 12 layers, the shipped tokenizer) on the shipped model's runtime: its speed is what
counts, its F1 is meaningless. The
parent also times ``govreport extract FILE`` as a user runs it (start-up, model load, one file).
Ratios are against the first variant.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from service.files import write_atomic
from service.settings import REPO_ROOT, get_settings

VARIANTS = ("model", "model-torch", "bert-base", "lexicon")
#: the command as installed beside this Python (a virtual environment need not be on PATH)
_GOVREPORT = str(Path(sys.executable).parent / "govreport")


def _texts(sizes: list[int]) -> dict[str, list[str]]:
    """Inputs by name: ``2000`` etc. (synthetic report text cut or repeated to that many characters),
    and ``corpus`` (the corpus reports, where ../shared is here)."""
    from training.synthetic import generate

    reports = [r.text for r in generate(12, 4242)]
    out: dict[str, list[str]] = {}
    for n in sizes:
        out[str(n)] = [(t * (n // len(t) + 1))[:n] for t in reports[:5]]
    corpus = get_settings().corpus_dir
    reports = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))] if corpus.is_dir() else []
    if reports:
        out["corpus"] = reports
    return out


def _extractor(variant: str) -> tuple[Any, float]:
    """The variant's extractor and the seconds it took to load."""
    from service.pipeline import Extractor, build_extractor

    settings = get_settings()
    started = time.perf_counter()
    if variant == "model":
        extractor = build_extractor(settings)
    elif variant == "model-torch":
        extractor = build_extractor(settings.model_copy(update={"model_runtime": "torch"}))
    elif variant == "lexicon":
        extractor = Extractor(settings.model_copy(update={"default_tagger": "lexicon"}))
    else:
        extractor = Extractor(settings, model=_bert_base(settings.model_dir))
    return extractor, time.perf_counter() - started


def _bert_base(model_dir: Path) -> Any:
    """A bert-base-sized token classifier with random weights over the shipped tokenizer, on the runtime
    the shipped model runs on (ONNX Runtime, int8, when it has ``model.onnx``)."""
    import torch
    from tokenizers import Tokenizer
    from transformers import BertConfig, BertForTokenClassification

    from service.tagger_model import ONNX_FILE, OnnxTagger, TorchTagger, default_threads
    from training.model_io import export_onnx

    labels = json.loads((model_dir / "labels.json").read_text(encoding="utf-8"))
    shipped = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config = BertConfig(
        vocab_size=shipped["vocab_size"],
        hidden_size=768,
        num_hidden_layers=12,
        num_attention_heads=12,
        intermediate_size=3072,
        max_position_embeddings=512,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    torch.manual_seed(0)
    model = BertForTokenClassification(config).eval()
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    if not (model_dir / ONNX_FILE).is_file():
        return TorchTagger(model, tokenizer, labels, "bert-base-random", "0")
    out = Path(tempfile.mkdtemp(prefix="bert-base-"))
    atexit.register(shutil.rmtree, out, True)
    path = export_onnx(model, out)
    return OnnxTagger(path, tokenizer, labels, "bert-base-random", "0", default_threads(), config.pad_token_id or 0)


def _f1(extractor: Any) -> float | None:
    """Indicator F1 on the dev gold (None without the corpus)."""
    from training.score import run_scoring, summarise

    settings = get_settings()
    gold = REPO_ROOT / "data" / "annotations" / "gold"
    if not settings.corpus_dir.is_dir() or not gold.is_dir():
        return None
    tagger = "lexicon" if extractor.settings.default_tagger == "lexicon" else "model"
    scores, _ = run_scoring(gold, settings.corpus_dir, extractor, tagger)
    return float(summarise(scores)["overall"]["f1"])


def _worker(variant: str, sizes: list[int], runs: int, with_f1: bool) -> dict[str, Any]:
    extractor, load_s = _extractor(variant)
    out: dict[str, Any] = {"variant": variant, "load_s": load_s, "inputs": {}, "stages": {}}
    for name, texts in _texts(sizes).items():
        extractor.run(texts[0])  # warm-up
        latencies: list[float] = []
        stages: dict[str, list[float]] = {}
        chars = 0
        for i in range(max(runs, len(texts)) if name == "corpus" else runs):
            text = texts[i % len(texts)]
            started = time.perf_counter()
            extraction = extractor.run(text)
            latencies.append(time.perf_counter() - started)
            chars += len(text)
            for stage, seconds in extraction.timings.items():
                stages.setdefault(stage, []).append(seconds)
        total = sum(latencies)
        out["inputs"][name] = {
            "p50_s": statistics.median(latencies),
            "p95_s": statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 2 else latencies[0],
            "reports_per_s": len(latencies) / total,
            "chars_per_s": chars / total,
        }
        out["stages"][name] = {stage: statistics.median(v) for stage, v in stages.items()}
        out["inputs"][name] |= _batched(extractor, texts, runs)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["f1"] = _f1(extractor) if with_f1 and variant != "bert-base" else None
    return out


def _batched(extractor: Any, texts: list[str], runs: int) -> dict[str, Any]:
    """Throughput of many reports at once, as a server or a corpus run gets them: one extraction per
    usable core at a time (the service's ``GOVREPORT_MAX_RUNNING`` slots do the same)."""
    from concurrent.futures import ThreadPoolExecutor

    workers = len(os.sched_getaffinity(0))
    batch = [texts[i % len(texts)] for i in range(max(runs, len(texts), 2 * workers))]
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(extractor.run, batch))
    wall = time.perf_counter() - started
    return {
        "batched_workers": workers,
        "batched_reports_per_s": len(batch) / wall,
        "batched_chars_per_s": sum(map(len, batch)) / wall,
    }


def _cli_seconds(runs: int) -> float:
    """Wall time of ``govreport extract FILE --json`` (start-up, model load, one 5,000-character file)."""
    text = _texts([5000])["5000"][0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_text(text, encoding="utf-8")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([_GOVREPORT, "extract", str(path), "--json"], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def table(results: list[dict[str, Any]], cli_s: float | None) -> str:
    base = results[0]
    names = list(base["inputs"])
    lines = [
        f"{'variant':10} {'input':>7} {'p50 s':>8} {'p95 s':>8} {'rep/s':>7} {'kchar/s':>8} {'×p50':>6}"
        f"   batched: {'rep/s':>7} {'kchar/s':>8}"
    ]
    for r in results:
        for name in names:
            m, b = r["inputs"][name], base["inputs"][name]
            lines.append(
                f"{r['variant']:10} {name:>7} {m['p50_s']:8.3f} {m['p95_s']:8.3f} {m['reports_per_s']:7.1f} "
                f"{m['chars_per_s'] / 1000:8.1f} {m['p50_s'] / b['p50_s']:6.2f}"
                f"            {m['batched_reports_per_s']:7.1f} {m['batched_chars_per_s'] / 1000:8.1f}"
            )
    lines.append("")
    lines.append(
        f"{'variant':10} {'load s':>7} {'peak RSS MB':>11} {'F1 dev gold':>11}   seconds per step (5,000 chars)"
    )
    for r in results:
        f1 = "—" if r["f1"] is None else f"{r['f1']:.3f}"
        steps = r["stages"].get("5000") or next(iter(r["stages"].values()))
        shown = ", ".join(f"{k} {v:.4f}" for k, v in steps.items())
        lines.append(f"{r['variant']:10} {r['load_s']:7.2f} {r['peak_rss_mb']:11.0f} {f1:>11}   {shown}")
    if cli_s is not None:
        lines += ["", f"govreport extract FILE (one 5,000-character file, start-up included): {cli_s:.2f} s"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--sizes", default="2000,5000,20000")
    parser.add_argument("--runs", type=int, default=7, help="extractions per input size")
    parser.add_argument("--no-f1", action="store_true", help="skip the indicator F1 on the dev gold")
    parser.add_argument("--no-cli", action="store_true", help="skip timing govreport extract")
    parser.add_argument("--out", type=Path, default=Path("runs/bench.json"))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.worker:
        print(json.dumps(_worker(args.worker, sizes, args.runs, not args.no_f1)))
        return
    results = []
    for variant in args.variants.split(","):
        cmd = [
            sys.executable,
            "-m",
            "training.bench",
            "--worker",
            variant,
            "--sizes",
            args.sizes,
            "--runs",
            str(args.runs),
        ]
        cmd += ["--no-f1"] if args.no_f1 else []
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    cli_s = None if args.no_cli else _cli_seconds(3)
    print(table(results, cli_s))
    write_atomic(args.out, json.dumps({"results": results, "cli_extract_s": cli_s}, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
