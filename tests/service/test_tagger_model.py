"""The model tagger (service/tagger_model.py) on a tiny random model built in code."""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything loads from local directories

import itertools

import numpy as np
import pytest
import torch
from transformers import AutoTokenizer

from service.pipeline import Extractor
from service.schema import ExtractOptions
from service.settings import Settings
from service.tagger_model import (
    ONNX_FILE,
    ModelTagger,
    OnnxTagger,
    TorchTagger,
    decode_bio,
    encode_windows,
    owner_windows,
    viterbi_bio,
    window_starts,
)
from service.tagging import Span
from training.model_io import BIO_LABELS, build_tiny_model, save_model_dir

REPORT = "鸭河工区管委会2019年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息336条, 其中 政府网站公开 12 条。\n"
TEXT = (REPORT * 30)[:1500]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


@pytest.fixture(scope="module")
def tagger(model_dir: Path) -> ModelTagger:
    return ModelTagger.load(model_dir)


@pytest.fixture(scope="module")
def torch_tagger(model_dir: Path) -> TorchTagger:
    t = ModelTagger.load(model_dir, runtime="torch")
    assert isinstance(t, TorchTagger)
    return t


def test_model_dir_has_contract_files(model_dir: Path) -> None:
    for name in (
        "config.json",
        "model.safetensors",
        ONNX_FILE,
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "labels.json",
        "model_card.json",
        "model_card.md",
    ):
        assert (model_dir / name).is_file(), name
    assert json.loads((model_dir / "labels.json").read_text()) == BIO_LABELS
    config = json.loads((model_dir / "config.json").read_text())
    assert [config["id2label"][str(i)] for i in range(len(BIO_LABELS))] == BIO_LABELS
    assert json.loads((model_dir / "tokenizer_config.json").read_text())["tokenizer_class"] == "PreTrainedTokenizerFast"
    card = json.loads((model_dir / "model_card.json").read_text())
    assert {"name", "version", "created", "base_model", "data", "parameters", "metrics"} <= set(card)
    assert card["onnx"]["file"] == ONNX_FILE


def test_load_reads_card_and_runs_eval_fp32(torch_tagger: TorchTagger, model_dir: Path) -> None:
    card = json.loads((model_dir / "model_card.json").read_text())
    assert (torch_tagger.name, torch_tagger.version) == (card["name"], card["version"])
    assert not torch_tagger.model.training
    assert all(p.dtype == torch.float32 for p in torch_tagger.model.parameters())


def test_a_directory_with_onnx_runs_on_onnx_runtime_and_agrees_with_torch(
    tagger: ModelTagger, torch_tagger: TorchTagger, model_dir: Path, tmp_path: Path
) -> None:
    assert isinstance(tagger, OnnxTagger) and tagger.runtime == "onnx"
    onnx, ref = tagger.char_probs(TEXT), torch_tagger.char_probs(TEXT)
    assert onnx.shape == ref.shape
    assert (onnx.argmax(-1) == ref.argmax(-1)).mean() > 0.97  # int8 weights: near, not equal
    without = tmp_path / "no-onnx"
    shutil.copytree(model_dir, without)
    (without / ONNX_FILE).unlink()
    assert isinstance(ModelTagger.load(without), TorchTagger)  # auto: torch when there is no ONNX file
    with pytest.raises(FileNotFoundError, match=ONNX_FILE):
        ModelTagger.load(without, runtime="onnx")


def test_a_damaged_onnx_file_is_a_model_dir_error(model_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(model_dir, broken)
    data = (broken / ONNX_FILE).read_bytes()
    (broken / ONNX_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(OSError, match=ONNX_FILE):
        ModelTagger.load(broken)


def test_serving_an_onnx_model_imports_neither_torch_nor_transformers(model_dir: Path) -> None:
    code = (
        "import sys; from service.tagger_model import ModelTagger; "
        f"t = ModelTagger.load({str(model_dir)!r}); t.tag('主动公开政府信息336条'); "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == ""


def test_tag_long_text_gives_valid_spans(tagger: ModelTagger) -> None:
    spans = tagger.tag(TEXT)
    assert spans  # a random model tags plenty
    assert all(isinstance(s, Span) for s in spans)
    assert all(0 <= s.start < s.end <= len(TEXT) for s in spans)
    assert all(s.label in ("HEADING", "METRIC", "NUMBER") for s in spans)
    assert all(0.0 < s.score <= 1.0 for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))  # sorted, disjoint


def test_special_token_strings_in_the_text_are_ordinary_characters(tagger: ModelTagger) -> None:
    text = "见[CLS]与[SEP][PAD]第3条"
    _ids, chars = encode_windows(tagger.tokenizer, text, [0])[0]
    assert chars == [-1, *range(len(text)), -1]
    assert tagger.char_probs(text).shape == (len(text), len(BIO_LABELS))


def test_tag_empty_text(tagger: ModelTagger) -> None:
    assert tagger.tag("") == []


@pytest.mark.parametrize("stride", [0, 1, 64, 128, 300])
def test_stitched_output_covers_every_char_whatever_the_stride(model_dir: Path, stride: int) -> None:
    t = ModelTagger.load(model_dir)
    t.stride = stride
    probs = t.char_probs(TEXT)
    assert probs.shape == (len(TEXT), len(BIO_LABELS))
    assert np.allclose(probs.sum(-1), 1.0, atol=1e-5)


def test_each_char_takes_the_window_where_it_is_farthest_from_an_edge(tagger: ModelTagger) -> None:
    starts = window_starts(len(TEXT), tagger.max_chars, tagger.stride)
    assert len(starts) == 4 and starts[-1] == len(TEXT) - tagger.max_chars
    owner = owner_windows(len(TEXT), starts, tagger.max_chars)
    stitched = tagger.char_probs(TEXT)
    for w, s in enumerate(starts):
        alone = tagger.char_probs(TEXT[s : s + tagger.max_chars])  # that window on its own
        mine = np.flatnonzero(owner == w)
        assert len(mine) > 0
        assert np.allclose(stitched[mine], alone[mine - s], atol=1e-5)


def test_window_starts_overlap_by_stride() -> None:
    assert window_starts(510) == [0]
    assert window_starts(511) == [0, 1]
    starts = window_starts(2000)
    assert starts[:2] == [0, 382] and starts[-1] == 2000 - 510
    assert all(b - a <= 510 - 128 for a, b in itertools.pairwise(starts))


def test_owner_is_the_most_central_window() -> None:
    owner = owner_windows(1000, [0, 490], 510)  # overlap 490..509
    assert owner[0] == 0 and owner[999] == 1
    assert owner[499] == 0 and owner[500] == 1  # the middle of the overlap


def test_decode_bio_starts_a_span_on_a_dangling_inside_tag() -> None:
    tags = ["I-NUMBER", "I-NUMBER", "O", "B-METRIC", "I-METRIC", "I-NUMBER", "B-HEADING", "B-HEADING"]
    scores = [0.5, 0.7, 0.9, 1.0, 0.8, 0.6, 0.4, 0.2]
    spans = decode_bio(tags, scores)
    assert [(s.start, s.end, s.label) for s in spans] == [
        (0, 2, "NUMBER"),
        (3, 5, "METRIC"),
        (5, 6, "NUMBER"),
        (6, 7, "HEADING"),
        (7, 8, "HEADING"),
    ]
    assert spans[0].score == pytest.approx(0.6)


def test_the_models_spans_never_start_or_end_on_whitespace() -> None:
    from service.tagger_model import _trimmed

    text = "不是政府信息\n申请信息不存在数\n 12 \n"
    spans = _trimmed(text, [Span(0, 7, "METRIC"), Span(16, 21, "NUMBER"), Span(6, 7, "METRIC")])
    assert [text[s.start : s.end] for s in spans] == ["不是政府信息", "12"]  # a span of whitespace alone goes


def test_a_models_number_span_over_a_cell_edge_is_two_numbers() -> None:
    # pymupdf4llm's row "|…|0|0|1|": the model tagged "0|1" one NUMBER, and the row lost both cells
    from service.tagger_model import _trimmed

    text = "|部分公开|1|0|0|1|\n规章\t3\t5"
    spans = _trimmed(text, [Span(10, 13, "NUMBER"), Span(18, 21, "NUMBER"), Span(1, 5, "METRIC")])
    assert [text[s.start : s.end] for s in spans] == ["0", "1", "3", "5", "部分公开"]


def test_viterbi_keeps_a_doubtful_character_inside_its_span() -> None:
    """Argmax would read 主 / 开政府信息 (动公 lean O); the best valid sequence is one METRIC."""
    labels = ["O", "B-METRIC", "I-METRIC"]
    probs = np.array(
        [
            [0.99, 0.005, 0.005],
            [0.35, 0.63, 0.02],
            [0.54, 0.04, 0.42],
            [0.74, 0.03, 0.23],
            [0.1, 0.09, 0.81],
            [0.17, 0.13, 0.7],
            [0.1, 0.05, 0.85],
            [0.99, 0.005, 0.005],
        ]
    )
    argmax = [labels[i] for i in probs.argmax(1)]
    assert argmax[2:4] == ["O", "O"]
    path = [labels[i] for i in viterbi_bio(probs, labels)]
    assert path == ["O", "B-METRIC"] + ["I-METRIC"] * 5 + ["O"]


def test_viterbi_never_opens_with_an_inside_tag() -> None:
    labels = ["O", "B-NUMBER", "I-NUMBER", "B-METRIC", "I-METRIC"]
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(len(labels)), size=200)
    path = [labels[i] for i in viterbi_bio(probs, labels)]
    for prev, tag in zip(["O", *path], path, strict=False):
        if tag.startswith("I-"):
            assert prev[2:] == tag[2:] and prev != "O"


def test_concurrent_tagging_matches_sequential(tagger: ModelTagger) -> None:
    texts = [TEXT[i * 100 :] for i in range(6)]
    expected = [tagger.tag(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(tagger.tag, texts))
    assert got == expected


def test_missing_dir_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ModelTagger.load(tmp_path / "nope")


def test_missing_file_raises_file_not_found(model_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(model_dir, broken)
    (broken / "labels.json").unlink()
    with pytest.raises(FileNotFoundError, match=r"labels\.json"):
        ModelTagger.load(broken)


def test_fp16_weights_load_as_fp32(torch_tagger: TorchTagger, model_dir: Path, tmp_path: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    card = json.loads((model_dir / "model_card.json").read_text())
    half = save_model_dir(torch_tagger.model, tokenizer, BIO_LABELS, card, tmp_path / "half", fp16=True)
    assert (half / "model.safetensors").stat().st_size < (model_dir / "model.safetensors").stat().st_size * 0.6
    assert all(p.dtype == torch.float32 for p in torch_tagger.model.parameters())  # the caller's model is untouched
    loaded = ModelTagger.load(half, runtime="torch")
    assert isinstance(loaded, TorchTagger)
    assert all(p.dtype == torch.float32 for p in loaded.model.parameters())
    assert np.allclose(loaded.char_probs(REPORT), torch_tagger.char_probs(REPORT), atol=1e-2)


def test_save_model_dir_never_clobbers(torch_tagger: TorchTagger, model_dir: Path, tmp_path: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    out = save_model_dir(torch_tagger.model, tokenizer, BIO_LABELS, {"name": "x", "version": "1"}, tmp_path / "v1")
    with pytest.raises(FileExistsError):
        save_model_dir(torch_tagger.model, tokenizer, BIO_LABELS, {"name": "x", "version": "2"}, out)
    assert json.loads((out / "model_card.json").read_text())["version"] == "1"
    assert [p.name for p in tmp_path.iterdir()] == ["v1"]  # no temp dirs left behind


def test_pipeline_loads_and_uses_the_model(model_dir: Path) -> None:
    extractor = Extractor(Settings(model_dir=model_dir))
    extractor.load_model()
    assert extractor.model is not None, extractor.model_error
    card = json.loads((model_dir / "model_card.json").read_text())
    assert extractor.model.name == card["name"]
    result = extractor.extract(TEXT, ExtractOptions(tagger="model"))
    assert result.model.name == card["name"] and result.model.version == card["version"]
    assert all(0 <= e.start < e.end <= len(TEXT) for e in result.entities)


def test_pipeline_without_model_dir_reports_the_error(tmp_path: Path) -> None:
    extractor = Extractor(Settings(model_dir=tmp_path / "missing"))
    extractor.load_model()
    assert extractor.model is None
    assert extractor.model_error and extractor.model_error.startswith("FileNotFoundError")


def test_a_model_onnx_that_is_not_the_one_its_card_names_is_refused(model_dir: Path, tmp_path: Path) -> None:
    other = build_tiny_model(tmp_path / "other", seed=1)
    swapped = tmp_path / "swapped"
    shutil.copytree(model_dir, swapped)
    shutil.copy(other / ONNX_FILE, swapped / ONNX_FILE)  # a valid network, not this directory's
    with pytest.raises(OSError, match="checksum"):
        ModelTagger.load(swapped)
