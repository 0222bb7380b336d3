"""Training the link head (training/link.py) on a tiny random model."""

import hashlib
import json
import os
from functools import partial
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import pytest

from service.catalog import get_catalog
from service.linking import NONE
from service.mapping import prose_counts
from service.normalize import normalize
from service.numbers import find_quantities
from service.pipeline import Extractor
from service.settings import Settings
from service.tagger_model import ModelTagger
from training.link import Example, _stand_off, accuracy, fit, label_numbers, synthetic_examples, train_head
from training.model_io import build_tiny_model


def test_numbers_are_labelled_by_the_evidence_they_lie_in() -> None:
    text = "主动公开政府信息336条，接待来访33人次，其中网站公开336条。"
    qs = prose_counts(find_quantities(text), 0)
    feats = np.zeros((len(qs), 3), np.float32)
    start = text.index("336")
    examples = label_numbers("r", text, qs, feats, [("active.total", 336.0, start, start + 4)])
    # the first 336 is the stated one; 33 states nothing; the second 336 (a repeat?) is left out
    assert [e.label for e in examples] == ["active.total", NONE]
    assert examples[1].context.endswith("33人次，其中网")
    assert examples[1].where is None  # a synthetic text: its context may be listed
    # a corpus report's numbers are kept stand-off: its sha256 and offsets in the text as sent
    norm = normalize(text)
    corpus = label_numbers("r", norm.text, qs, feats, [], partial(_stand_off, "ab" * 32, norm))
    at = text.index("33人次")
    assert corpus[1].where == {"sha256": "ab" * 32, "start": at, "end": at + 4}


def test_head_learns_separable_links() -> None:
    rng = np.random.default_rng(0)
    labels = [NONE, "active.total", "review.total"]
    centres = rng.normal(size=(3, 12)) * 3
    train = [
        Example("r", (centres[k] + rng.normal(size=12)).astype(np.float32), labels[k], "")
        for k in range(3)
        for _ in range(60)
    ]
    head = train_head(train, labels, epochs=30, seed=0, hidden=16)
    test = [
        Example("r", (centres[k] + rng.normal(size=12)).astype(np.float32), labels[k], "")
        for k in range(3)
        for _ in range(20)
    ]
    scores = accuracy(head, test, 0.5)
    assert scores["numbers"] == 60 and scores["stated"] == 40
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95


@pytest.mark.slow
def test_synthetic_examples_follow_the_generator_gold(tmp_path: Path) -> None:
    tagger = ModelTagger.load(build_tiny_model(tmp_path / "m"))
    examples = synthetic_examples(Extractor(Settings(), model=tagger), 6, seed=3, phrasing="varied")
    assert examples and all(e.feats.shape == (3 * 32,) for e in examples)
    ids = {e.label for e in examples} - {NONE}
    assert ids and ids <= set(get_catalog().general_by_id)


@pytest.mark.slow
def test_fit_adds_a_head_the_tagger_then_uses(tmp_path: Path) -> None:
    model_dir = build_tiny_model(tmp_path / "m")
    scores = fit(model_dir, synthetic=4, varied=4, epochs=2)
    assert scores["train"]["numbers"] > 0 and "errors" in scores["synthetic_dev"]
    tagger = ModelTagger.load(model_dir)
    assert tagger.link_head is not None and tagger.link_head.labels[0] == NONE
    card = json.loads((model_dir / "model_card.json").read_text(encoding="utf-8"))
    assert card["link_head"]["train"]["varied_reports"] == 4
    assert "## Link head" in (model_dir / "model_card.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_fit_trains_on_more_gold_reports(tmp_path: Path) -> None:
    model_dir = build_tiny_model(tmp_path / "m")
    text = "某区2022年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息336条，接待来访33人次。\n"
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "r.txt").write_text(text, encoding="utf-8")
    gold = {"file": "r.txt", "corpus_path": "texts/r.txt", "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "template": "2021", "style": "prose",
            "values": [{"id": "active.total", "value": 336, "source": "text", "evidence": "主动公开政府信息336条"}]}  # fmt: skip
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "r.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    base = fit(model_dir, synthetic=2, varied=2, epochs=1, write=False)
    more = fit(model_dir, synthetic=2, varied=2, epochs=1, write=False, more=(tmp_path / "gold", tmp_path))
    assert more["train"]["dev_reports"] == base["train"]["dev_reports"]
    assert more["train"]["more_reports"] == 1 and "more_reports" not in base["train"]
    assert more["train"]["stated"] == base["train"]["stated"] + 1  # 336 states active.total; 33人次 is none
    assert more["train"]["numbers"] == base["train"]["numbers"] + 2
