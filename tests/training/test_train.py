"""Training (training/train.py) end to end on a tiny random model and synthetic examples."""

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything loads from local directories

import pytest
from safetensors.torch import load_file
from typer.testing import CliRunner

import training.train
from govreport.cli import app
from service.annotations import AnnotationStore
from service.jobs import JobStatus
from service.tagger_model import MAX_CHARS, STRIDE, ModelTagger
from training.bio import BIO_LABELS, to_char_bio
from training.config import TrainConfig
from training.metrics import evaluate_examples, evaluate_tagger
from training.model_io import build_tiny_model
from training.splits import assign_splits
from training.tokenizer import build_char_tokenizer, tiny_char_set
from training.train import latest_checkpoint, main, train, windowed_dataset

METRICS = ["主动公开政府信息", "收到政府信息公开申请", "行政复议", "新制发规范性文件", "政府网站公开信息"]
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def synthetic(n: int, seed: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Short reports: a heading line, then "本年度{metric}{n}条。" (spans: HEADING, METRIC, NUMBER)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        heading, metric, number = rng.choice(HEADINGS), rng.choice(METRICS), str(rng.randint(1, 9999))
        text = f"{heading}\n本年度{metric}{number}条。"
        m = len(heading) + 1 + 3
        n = m + len(metric)
        spans = [(0, len(heading), "HEADING"), (m, n, "METRIC"), (n, n + len(number) + 1, "NUMBER")]
        out.append((text, spans))
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("base") / "tiny")


EXAMPLES = {"train_examples": synthetic(20, 0), "dev_examples": synthetic(6, 1), "test_examples": synthetic(6, 2)}


def config(base: Path, out: Path, **kw: object) -> TrainConfig:
    values: dict = dict(
        out_dir=out,
        base_model=base,
        epochs=2,
        batch_size=4,
        lr_body=3e-3,  # a random tiny body learns only with a high rate
        lr_head=1e-2,
        patience=None,
        progress=False,
        version="test",
        num_threads=1,  # a tiny model gains nothing from threads, and they thrash on a busy machine
    )
    values.update(kw)
    return TrainConfig(**values)


def fit(base: Path, out: Path, **kw: object) -> Path:
    """Train on the synthetic EXAMPLES."""
    return train(config(base, out, **kw), **EXAMPLES)


def test_train_writes_a_model_dir_with_metrics_and_resumes(base: Path, tmp_path: Path) -> None:
    model_dir = fit(base, tmp_path / "run")
    assert model_dir == tmp_path / "run" / "model"
    tagger = ModelTagger.load(model_dir)
    assert (tagger.name, tagger.version) == ("govreport-tagger", "test")
    assert json.loads((model_dir / "labels.json").read_text()) == BIO_LABELS
    card = json.loads((model_dir / "model_card.json").read_text())
    for split in ("dev", "test"):
        m = card["metrics"][split]
        assert set(m["per_label"]) == {"HEADING", "METRIC", "NUMBER"}
        assert 0.0 <= m["overall"]["f1"] <= 1.0 and m["overall"]["support"] == 18
        assert "overall" in m["strict"]
    assert card["data"]["train"]["examples"] == 20 and card["data"]["train"]["spans"]["NUMBER"] == 20
    assert card["parameters"]["lr_head"] == 1e-2 and card["parameters"]["parameter_count"] > 0
    assert "| **overall** |" in (model_dir / "model_card.md").read_text()

    ckpt = latest_checkpoint(tmp_path / "run")
    assert ckpt is not None and ckpt.name == "checkpoint-10"  # 20 windows / batch 4 × 2 epochs
    for name in ("model.safetensors", "optimizer.pt", "scheduler.pt", "rng_state.pt", "trainer_state.json"):
        assert (ckpt / name).is_file()
    first = card["training"]["history"]
    assert [h["epoch"] for h in first] == [1, 2]

    resumed = json.loads((fit(base, tmp_path / "run", epochs=3, resume=True) / "model_card.json").read_text())
    history = resumed["training"]["history"]
    assert [h["epoch"] for h in history] == [1, 2, 3]
    assert history[:2] == first  # continued from the checkpoint, not retrained
    assert resumed["training"]["resumed_from_step"] == [10]
    assert resumed["training"]["global_step"] == 15
    assert latest_checkpoint(tmp_path / "run").name == "checkpoint-15"  # type: ignore[union-attr]


def test_training_is_deterministic(base: Path, tmp_path: Path) -> None:
    a = json.loads((fit(base, tmp_path / "a", epochs=1) / "model_card.json").read_text())
    b = json.loads((fit(base, tmp_path / "b", epochs=1) / "model_card.json").read_text())
    assert [h["loss"] for h in a["training"]["history"]] == [h["loss"] for h in b["training"]["history"]]
    assert a["metrics"] == b["metrics"]


def test_max_steps_stops_mid_epoch_and_resume_finishes_it(base: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    card = json.loads((fit(base, out, max_steps=3) / "model_card.json").read_text())
    assert card["training"]["global_step"] == 3 and "max_steps" in card["training"]["stopped"]
    assert card["training"]["history"][-1]["complete"] is False
    card = json.loads((fit(base, out, resume=True) / "model_card.json").read_text())
    assert card["training"]["global_step"] == 10
    assert [(h["epoch"], h["complete"]) for h in card["training"]["history"]] == [(1, False), (1, True), (2, True)]


def test_a_fresh_run_discards_an_earlier_runs_checkpoints(base: Path, tmp_path: Path) -> None:
    fit(base, tmp_path / "run", epochs=3)
    fit(base, tmp_path / "run", epochs=1)
    names = sorted(p.name for p in (tmp_path / "run" / "checkpoints").iterdir())
    assert names == ["best", "checkpoint-5"]


def test_from_model_keeps_the_head_and_status_is_a_job_status(base: Path, tmp_path: Path) -> None:
    trained = fit(base, tmp_path / "first", epochs=1)
    status = tmp_path / "status.json"
    again = fit(base, tmp_path / "second", base_model=None, from_model=trained, max_steps=0, status_file=status)
    before, after = load_file(trained / "model.safetensors"), load_file(again / "model.safetensors")
    assert before.keys() == after.keys()
    assert all((before[k] == after[k]).all() for k in before)  # classifier.* included
    done = JobStatus.model_validate_json(status.read_text(encoding="utf-8"))
    assert (done.state, done.model_dir, done.version) == ("succeeded", str(again), "test")
    assert set(done.metrics) == {"dev", "test"}


def test_distillation_loss_is_zero_only_where_the_student_agrees() -> None:
    import torch

    from training.train import distillation_loss

    teacher = torch.randn(2, 5, len(BIO_LABELS))
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
    assert distillation_loss(teacher.clone(), teacher, mask, 2.0).item() == pytest.approx(0.0, abs=1e-6)
    other = teacher.clone()
    other[0, 3:] = torch.randn(2, len(BIO_LABELS))  # padding: not counted
    assert distillation_loss(other, teacher, mask, 2.0).item() == pytest.approx(0.0, abs=1e-6)
    other[1, 0] = -teacher[1, 0]
    assert distillation_loss(other, teacher, mask, 2.0).item() > 0.01


def test_a_smaller_student_learns_from_a_teacher(base: Path, tmp_path: Path) -> None:
    teacher = fit(base, tmp_path / "teacher", epochs=1)
    student = fit(base, tmp_path / "student", base_model=None, from_model=teacher, teacher=teacher, num_layers=1,
                  epochs=1, kd_alpha=0.3)  # fmt: skip
    card = json.loads((student / "model_card.json").read_text())
    assert card["parameters"]["teacher"] and card["parameters"]["kd_alpha"] == 0.3
    assert json.loads((student / "config.json").read_text())["num_hidden_layers"] == 1
    assert card["training"]["history"][0]["loss"] > 0


def test_a_teacher_with_other_labels_is_refused(base: Path, tmp_path: Path) -> None:
    teacher = fit(base, tmp_path / "teacher", epochs=1)
    (teacher / "labels.json").write_text(json.dumps(["O", "B-X", "I-X"]), encoding="utf-8")
    with pytest.raises(ValueError, match="teacher needs the labels"):
        fit(base, tmp_path / "student", teacher=teacher, epochs=1)


def test_a_job_reads_running_from_its_first_step(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    states: list[tuple[str, int | None]] = []
    write = training.train.StatusWriter.__call__

    def spy(self: training.train.StatusWriter, **fields: Any) -> None:
        states.append((fields["state"], fields.get("step")))
        write(self, **fields)

    monkeypatch.setattr(training.train.StatusWriter, "__call__", spy)
    fit(base, tmp_path / "run", epochs=1, status_file=tmp_path / "status.json")
    assert states[0] == ("running", 0) and states[-1][0] == "succeeded"


def test_explicit_model_dir_is_never_overwritten_and_the_failure_is_reported(base: Path, tmp_path: Path) -> None:
    (tmp_path / "v1").mkdir()
    status = tmp_path / "status.json"
    with pytest.raises(FileExistsError):
        fit(base, tmp_path / "run", model_dir=tmp_path / "v1", status_file=status)
    failed = JobStatus.model_validate_json(status.read_text(encoding="utf-8"))
    assert failed.state == "failed" and failed.error is not None and "FileExistsError" in failed.error


def test_default_windows_are_the_services() -> None:
    assert (TrainConfig().max_len, TrainConfig().stride) == (MAX_CHARS + 2, STRIDE)


def test_govreport_train_and_the_module_take_the_same_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both command lines are built from TrainConfig: the same names, defaults and resulting config."""
    configs: list[TrainConfig] = []
    monkeypatch.setattr(training.train, "train", lambda config: configs.append(config) or tmp_path)
    # the options the service starts a job with (service.registry), and the other documented ones
    argv = ["--annotations", "a", "--corpus", "c", "--from", "m", "--out", "o", "--model-dir", "o/model",
            "--epochs", "2", "--status-file", "s.json", "--version", "v9", "--max-minutes", "1.5", "--batch-size", "4", "--max-len", "128",
            "--stride", "32", "--layers", "2", "--synthetic", "3", "--seed", "5", "--fp16", "--resume"]  # fmt: skip
    result = CliRunner().invoke(app, ["train", *argv])
    assert result.exit_code == 0, result.output
    training.train.main(argv)
    expected = TrainConfig(
        annotations_dir=Path("a"), corpus_dir=Path("c"), from_model=Path("m"), out_dir=Path("o"),
        model_dir=Path("o/model"), epochs=2, status_file=Path("s.json"), version="v9", max_minutes=1.5, batch_size=4,
        max_len=128,
        stride=32, num_layers=2, synthetic=3, seed=5, fp16=True, resume=True,
    )  # fmt: skip
    assert configs == [expected, expected]
    assert CliRunner().invoke(app, ["train"]).exit_code == 0
    training.train.main([])
    assert configs[2:] == [TrainConfig(), TrainConfig()]  # the same defaults


def test_module_reads_a_json_config_that_flags_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    configs: list[TrainConfig] = []
    monkeypatch.setattr(training.train, "train", lambda config: configs.append(config) or tmp_path)
    config_file = tmp_path / "run.json"
    config_file.write_text(json.dumps({"out_dir": "runs/x", "epochs": 7, "fp16": True}), encoding="utf-8")
    training.train.main(["--config", str(config_file), "--epochs", "2"])
    assert configs == [TrainConfig(out_dir=Path("runs/x"), epochs=2, fp16=True)]
    config_file.write_text(json.dumps({"epoch": 7}), encoding="utf-8")
    with pytest.raises(SystemExit):
        training.train.main(["--config", str(config_file)])


def test_windowed_dataset_cuts_long_texts_with_stride() -> None:
    tokenizer = build_char_tokenizer(tiny_char_set())
    text = "主动公开政府信息336条。" * 100  # 1,300 characters
    spans = [(i * 13 + 8, i * 13 + 12, "NUMBER") for i in range(100)]
    data = windowed_dataset([(text, spans)], tokenizer, max_len=512, stride=128)
    assert len(data) == 4
    for row in data:
        assert len(row["input_ids"]) == len(row["labels"]) <= 512
        assert row["labels"][0] == row["labels"][-1] == -100
        assert -100 not in row["labels"][1:-1]
    first = data[0]["labels"][1:-1]
    assert [BIO_LABELS[i] for i in first[7:13]] == ["O", "B-NUMBER", "I-NUMBER", "I-NUMBER", "I-NUMBER", "O"]


class GoldTagger:
    """Answers the gold tags: evaluation must then score 1.0 everywhere."""

    def __init__(self, examples: list) -> None:
        self.tags = {text: to_char_bio(text, spans) for text, spans in examples}

    def char_tags(self, text: str) -> tuple[list[str], list[float]]:
        return self.tags[text], [1.0] * len(text)


def test_evaluate_examples_perfect_and_evaluate_tagger_shape(base: Path) -> None:
    examples = synthetic(5, 3)
    perfect = evaluate_examples(GoldTagger(examples), examples)
    assert perfect["overall"]["f1"] == 1.0 and perfect["strict"]["overall"]["f1"] == 1.0
    assert perfect["per_label"]["METRIC"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 5}
    result = evaluate_tagger(base, examples)
    assert result["examples"] == 5 and result["chars"] == sum(len(t) for t, _ in examples)
    assert set(result) >= {"overall", "per_label", "strict"}


def test_cli_trains_from_an_annotation_store(base: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    store = AnnotationStore(tmp_path / "annotations", corpus_dir=corpus)
    records = [
        {"id": f"r{i}", "text": text, "spans": spans, "source": "synthetic"}
        for i, (text, spans) in enumerate(synthetic(12, 4))
    ]
    store.add(records)
    assign_splits(store, seed=0)
    model_dir = main(
        [
            "--out_dir", str(tmp_path / "run"),
            "--base_model", str(base),
            "--annotations_dir", str(tmp_path / "annotations"),
            "--corpus_dir", str(corpus),
            "--epochs", "1",
            "--batch_size", "4",
            "--no-progress",
        ]
    )  # fmt: skip
    card = json.loads((model_dir / "model_card.json").read_text())
    assert card["data"]["train"]["examples"] + card["data"]["dev"]["examples"] + card["data"]["test"]["examples"] == 12
    assert card["data"]["dev"]["examples"] >= 1 and "dev" in card["metrics"]
    assert card["parameters"]["annotations_dir"] == "annotations"  # outside the repository: its name only


def test_without_the_training_extra_train_and_evaluate_say_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in [*sys.modules]:
        if module.partition(".")[0] in ("datasets", "seqeval") or module in ("training.train", "training.evaluate"):
            monkeypatch.delitem(sys.modules, module)
    monkeypatch.delitem(sys.modules, "training.metrics", raising=False)
    monkeypatch.setitem(sys.modules, "datasets", None)  # not installed
    monkeypatch.setitem(sys.modules, "seqeval", None)
    evaluate = ["evaluate", "--model", "lexicon", "--data", "dev", "--out", str(tmp_path / "report")]
    for argv in (["train"], evaluate):
        result = CliRunner().invoke(app, argv)
        assert result.exit_code == 1 and "pip install 'govreport[train]'" in result.output, result.output
    assert not (tmp_path / "report").exists()
