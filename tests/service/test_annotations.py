"""Annotation records and the append-only store (service/annotations.py); splits, BIO, normalised
examples, weak labels and tool interchange (training/splits.py, bio.py, annotation_formats.py).

All texts are synthetic; the stand-off corpus is a temporary directory.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError

from service import annotations as ann
from service.annotations import (
    AnnotationError,
    AnnotationRecord,
    AnnotationStore,
    CorpusFileChanged,
    CorpusFileMissing,
    CorpusRef,
    resolve_text,
)
from service.normalize import normalize
from service.tagging import Span
from training.annotation_formats import (
    LABEL_STUDIO_CONFIG,
    export_preannotations,
    from_doccano,
    from_label_studio,
    to_doccano,
    to_label_studio,
    weak_label,
)
from training.bio import BIO_LABELS, from_char_bio, normalised_example, to_char_bio
from training.splits import assign_splits

# Traditional script, full-width digits and punctuation, CRLF, a zero-width space inside a number
# and a crawler comment: every normalisation that changes offsets or characters.
TRAD = "二、主動公開政府信息情況\r\n本年度主動公開政府信息４\u200b２８條，其中規範性文件１２件。<!--[endif]-->\r\n"
SIMPLE = "一、总体情况\n本年度共收到申请36件,办结35件。\n"


def span_of(text: str, piece: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece), label


def trad_spans() -> list[tuple[int, int, str]]:
    return [
        span_of(TRAD, "二、主動公開政府信息情況", "HEADING"),
        span_of(TRAD, "主動公開政府信息", "METRIC", nth=1),
        span_of(TRAD, "４\u200b２８條", "NUMBER"),
        span_of(TRAD, "規範性文件", "METRIC"),
        span_of(TRAD, "１２件", "NUMBER"),
    ]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "raw").mkdir(parents=True)
    (root / "raw" / "trad-2019.txt").write_bytes(TRAD.encode("utf-8"))
    (root / "raw" / "simple-2020.txt").write_bytes(SIMPLE.encode("utf-8"))
    return root


def standoff(record_id: str = "trad-2019", spans=None) -> AnnotationRecord:
    return AnnotationRecord(
        id=record_id,
        corpus=CorpusRef(path="raw/trad-2019.txt", sha256=sha(TRAD)),
        spans=trad_spans() if spans is None else spans,
    )


def embedded(record_id: str = "own", text: str = SIMPLE, spans=None, **kw) -> AnnotationRecord:
    spans = [span_of(text, "36件", "NUMBER")] if spans is None else spans
    return AnnotationRecord(id=record_id, text=text, spans=spans, **kw)


@pytest.fixture
def store(tmp_path: Path, corpus: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations", corpus_dir=corpus)


# --- validation


def test_record_sorts_spans_and_defaults() -> None:
    r = embedded(spans=[(12, 15, "NUMBER"), (0, 6, "HEADING")])
    assert r.spans == [(0, 6, "HEADING"), (12, 15, "NUMBER")]
    assert r.source == "hand" and r.split is None and r.meta == {} and r.gold is None


@pytest.mark.parametrize(
    "spans",
    [
        [(3, 3, "NUMBER")],  # empty
        [(5, 2, "NUMBER")],  # reversed
        [(-1, 2, "NUMBER")],  # negative
        [(0, 4, "HEADING"), (3, 6, "METRIC")],  # overlap
        [(0, 4, "NUMBER"), (0, 4, "NUMBER")],  # duplicate
        [(0, 2, "PERSON")],  # unknown label
        [(0, len(SIMPLE) + 1, "HEADING")],  # beyond the embedded text
    ],
)
def test_record_rejects_bad_spans(spans) -> None:
    with pytest.raises(ValidationError):
        embedded(spans=spans)


def test_record_needs_exactly_one_text() -> None:
    ref = CorpusRef(path="raw/a.txt", sha256="0" * 64)
    with pytest.raises(ValidationError, match="exactly one"):
        AnnotationRecord(id="x", text="abc", corpus=ref)
    with pytest.raises(ValidationError, match="exactly one"):
        AnnotationRecord(id="x")


@pytest.mark.parametrize("path", ["/etc/passwd", "../secret.txt", "raw/../../x.txt", "C:/x.txt"])
def test_corpus_path_must_stay_inside_corpus(path: str) -> None:
    with pytest.raises(ValidationError):
        CorpusRef(path=path, sha256="0" * 64)


def test_corpus_sha_must_be_hex() -> None:
    with pytest.raises(ValidationError):
        CorpusRef(path="raw/a.txt", sha256="not-a-digest")
    assert CorpusRef(path="raw/a.txt", sha256="A" * 64).sha256 == "a" * 64


def test_record_rejects_unknown_fields_and_values() -> None:
    with pytest.raises(ValidationError):
        AnnotationRecord(id="x", text="abc", spns=[])
    with pytest.raises(ValidationError):
        embedded(split="validation")
    with pytest.raises(ValidationError):
        embedded(source="llm")


# --- stand-off resolution


def test_resolve_embedded_and_standoff(corpus: Path) -> None:
    assert resolve_text(embedded(), corpus) == SIMPLE
    assert resolve_text(standoff(), corpus) == TRAD


def test_resolve_sha_mismatch_is_a_clear_error(corpus: Path) -> None:
    (corpus / "raw" / "trad-2019.txt").write_text(TRAD + "追加", encoding="utf-8")
    with pytest.raises(CorpusFileChanged, match=r"raw/trad-2019\.txt|sha256"):
        resolve_text(standoff(), corpus)


def test_resolve_missing_file(corpus: Path) -> None:
    (corpus / "raw" / "trad-2019.txt").unlink()
    with pytest.raises(CorpusFileMissing, match="not found"):
        resolve_text(standoff(), corpus)


def test_resolve_checks_span_bounds(corpus: Path) -> None:
    with pytest.raises(AnnotationError, match="beyond"):
        resolve_text(standoff(spans=[(0, len(TRAD) + 5, "HEADING")]), corpus)


# --- the store: append-only versions


def test_add_keeps_every_version_and_latest_wins(store: AnnotationStore) -> None:
    assert store.add([embedded(spans=[])]) == ["own"]
    assert store.add([embedded(), standoff()]) == ["own", "trad-2019"]
    assert [len(r.spans) for r in store.history("own")] == [0, 1]
    latest = store.latest()
    assert set(latest) == {"own", "trad-2019"}
    assert latest["own"].spans == [span_of(SIMPLE, "36件", "NUMBER")]
    # Files are immutable: one per add, nothing rewritten.
    assert sorted(p.name for p in store.records_dir.iterdir()) == ["00000001.jsonl", "00000002.jsonl"]
    # A fresh store object on the same directory sees the same thing.
    again = AnnotationStore(store.root, corpus_dir=store.corpus_dir)
    assert again.latest() == latest


def test_add_validates_the_whole_batch_first(store: AnnotationStore) -> None:
    store.add([embedded()])
    with pytest.raises(ValidationError):
        store.add([embedded("other"), {"id": "bad", "text": "ab", "spans": [[0, 9, "NUMBER"]]}])
    assert list(store.latest()) == ["own"]


def test_add_rejects_standoff_records_whose_file_changed(store: AnnotationStore) -> None:
    bad = AnnotationRecord(id="t", corpus=CorpusRef(path="raw/trad-2019.txt", sha256="f" * 64))
    with pytest.raises(CorpusFileChanged):
        store.add([bad])
    assert store.latest() == {}


def test_add_keeps_corpus_texts_standoff(store: AnnotationStore) -> None:
    """An embedded text that is a corpus file is stored as a reference, never copied."""
    store.add([AnnotationRecord(id="copy", text=TRAD, spans=trad_spans())])
    r = store.latest()["copy"]
    assert r.text is None and r.corpus == CorpusRef(path="raw/trad-2019.txt", sha256=sha(TRAD))
    stored = "".join(p.read_text(encoding="utf-8") for p in store.records_dir.glob("*.jsonl"))
    assert "主動公開" not in stored
    assert resolve_text(r, store.corpus_dir) == TRAD


def test_load_by_split(store: AnnotationStore) -> None:
    store.add([embedded("a", split="train"), embedded("b", text=SIMPLE + "x", split="test")])
    assert [r.id for r in store.load("test")] == ["b"]
    assert [r.id for r in store.load()] == ["a", "b"]


# --- the store: atomic writes


def test_failed_publish_leaves_store_intact(store: AnnotationStore, monkeypatch) -> None:
    store.add([embedded()])
    before = store.latest()
    files_before = sorted(p.name for p in store.records_dir.iterdir())

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(ann.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        store.add([embedded(spans=[]), standoff()])
    monkeypatch.undo()
    assert store.latest() == before
    assert sorted(p.name for p in store.records_dir.iterdir()) == files_before  # no temp, no claim
    store.add([standoff()])
    assert set(store.latest()) == {"own", "trad-2019"}


def test_failure_mid_write_publishes_nothing(store: AnnotationStore, monkeypatch) -> None:
    store.add([embedded()])
    real = ann._dumps
    calls = {"n": 0}

    def dumps_then_crash(record):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("killed mid-write")
        return real(record)

    monkeypatch.setattr(ann, "_dumps", dumps_then_crash)
    with pytest.raises(RuntimeError):
        store.add([embedded("half-1", text="一二三", spans=[]), embedded("half-2", text="四五六", spans=[])])
    monkeypatch.undo()
    assert calls["n"] == 2  # the first record was written to the temp file
    assert list(store.latest()) == ["own"]
    assert [p.name for p in store.records_dir.iterdir()] == ["00000001.jsonl"]


def test_crash_leftovers_are_ignored(store: AnnotationStore) -> None:
    store.add([embedded()])
    # What a killed writer can leave: a partial temp file and an empty claimed number.
    (store.records_dir / ".tmp-dead.part").write_text('{"id": "half", "te', encoding="utf-8")
    (store.records_dir / "00000002.jsonl").touch()
    assert list(store.latest()) == ["own"]
    store.add([standoff()])
    assert (store.records_dir / "00000003.jsonl").exists()
    assert set(store.latest()) == {"own", "trad-2019"}


def test_concurrent_adds_lose_nothing(store: AnnotationStore) -> None:
    def worker(k: int) -> None:
        s = AnnotationStore(store.root, corpus_dir=store.corpus_dir)
        for j in range(5):
            s.add([embedded(f"w{k}-{j}", text=f"文本{k}{j}", spans=[])])

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.latest()) == 30
    assert len(list(store.records_dir.glob("*.jsonl"))) == 30


# --- splits


def test_assign_splits_by_report(store: AnnotationStore) -> None:
    records = [embedded(f"r{i:02d}", text=f"报告{i}" + SIMPLE, spans=[]) for i in range(20)]
    # A second record of the same report (weak labels, other id) must land on the same side.
    records.append(AnnotationRecord(id="r03-weak", text="报告3" + SIMPLE, source="weak"))
    store.add(records)
    result = assign_splits(store, seed=13)
    assert set(result) == {r.id for r in records}
    assert result["r03-weak"] == result["r03"]
    counts = {s: sum(1 for k, v in result.items() if v == s and k != "r03-weak") for s in ("train", "dev", "test")}
    assert counts == {"train": 16, "dev": 2, "test": 2}
    # Stored as new versions.
    assert [r.split for r in store.history("r05")] == [None, result["r05"]]
    assert {r.id for r in store.load("test")} == {k for k, v in result.items() if v == "test"}
    # Reproducible, and a second run changes nothing (no new versions).
    n_files = len(list(store.records_dir.glob("*.jsonl")))
    assert assign_splits(store, seed=13) == result
    assert len(list(store.records_dir.glob("*.jsonl"))) == n_files


def test_assign_splits_keeps_existing_and_fills_new(store: AnnotationStore) -> None:
    store.add([embedded(f"r{i}", text=f"报告{i}", spans=[]) for i in range(10)])
    first = assign_splits(store, seed=1)
    store.add([embedded(f"n{i}", text=f"新报告{i}", spans=[]) for i in range(10)])
    second = assign_splits(store, seed=99)
    assert all(second[k] == v for k, v in first.items())
    assert all(second[f"n{i}"] in ("train", "dev", "test") for i in range(10))
    fresh = assign_splits(store, seed=99, reassign=True)
    assert set(fresh) == set(second)


def test_assign_splits_small_set_gets_every_split(store: AnnotationStore) -> None:
    store.add([embedded(f"r{i}", text=f"报告{i}", spans=[]) for i in range(3)])
    assert sorted(assign_splits(store, seed=0).values()) == ["dev", "test", "train"]


# --- BIO


def test_bio_labels_match_model_contract() -> None:
    assert BIO_LABELS == ["O", "B-HEADING", "I-HEADING", "B-METRIC", "I-METRIC", "B-NUMBER", "I-NUMBER"]


def test_label_studio_config_names_every_label() -> None:
    assert LABEL_STUDIO_CONFIG.count("<Label value=") == 3 and '<Label value="METRIC"/>' in LABEL_STUDIO_CONFIG


def test_bio_round_trip_random() -> None:
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(0, 40)
        text = "".join(rng.choice("主动公开４２８條 \n") for _ in range(n))
        spans, pos = [], 0
        while pos < n:
            pos += rng.randint(0, 3)  # adjacent spans (gap 0) included
            end = pos + rng.randint(1, 5)
            if end > n:
                break
            spans.append((pos, end, rng.choice(["HEADING", "METRIC", "NUMBER"])))
            pos = end
        labels = to_char_bio(text, spans)
        assert len(labels) == len(text)
        assert from_char_bio(labels) == spans


def test_bio_examples() -> None:
    assert to_char_bio("收到36件", [(2, 5, "NUMBER")]) == ["O", "O", "B-NUMBER", "I-NUMBER", "I-NUMBER"]
    # Two adjacent spans of one label stay two spans.
    assert from_char_bio(["B-NUMBER", "I-NUMBER", "B-NUMBER"]) == [(0, 2, "NUMBER"), (2, 3, "NUMBER")]
    # A stray I- starts a span (as conlleval does).
    assert from_char_bio(["O", "I-METRIC", "I-METRIC", "I-NUMBER"]) == [(1, 3, "METRIC"), (3, 4, "NUMBER")]
    with pytest.raises(AnnotationError):
        from_char_bio(["B-PERSON"])
    with pytest.raises(AnnotationError):
        to_char_bio("abc", [(0, 2, "NUMBER"), (1, 3, "METRIC")])


# --- normalised examples and weak labels


def test_normalised_example_maps_spans(corpus: Path) -> None:
    comment = span_of(TRAD, "<!--[endif]-->", "METRIC")
    record = standoff(spans=[*trad_spans(), comment])
    text, spans = normalised_example(record, corpus)
    assert text == normalize(TRAD).text
    assert [(text[s:e], lab) for s, e, lab in spans] == [
        ("二、主动公开政府信息情况", "HEADING"),
        ("主动公开政府信息", "METRIC"),
        ("428条", "NUMBER"),  # full-width digits, zero-width space dropped, 條 → 条
        ("规范性文件", "METRIC"),
        ("12件", "NUMBER"),
    ]  # the span over the crawler comment collapsed to nothing and was dropped
    bio = to_char_bio(text, spans)
    assert from_char_bio(bio) == spans


def test_normalised_example_crlf_inside_span() -> None:
    text = "一、概述\r\n二、主動公開\r\n"
    record = embedded(text=text, spans=[(0, 6, "HEADING"), (6, 12, "HEADING")])
    norm_text, spans = normalised_example(record)
    assert norm_text == "一、概述\n二、主动公开\n"
    assert [norm_text[s:e] for s, e, _ in spans] == ["一、概述\n", "二、主动公开"]


class FakeTagger:
    """Tags fixed strings of the normalised text."""

    def __init__(self, pieces: dict[str, str]) -> None:
        self.pieces = pieces

    def tag(self, text: str) -> list[Span]:
        out = [Span(text.index(p), text.index(p) + len(p), lab, 0.5) for p, lab in self.pieces.items()]
        return sorted(out, key=lambda s: s.start)


def test_weak_label_maps_back_to_original() -> None:
    tagger = FakeTagger({"428条": "NUMBER", "主动公开政府信息情况": "METRIC", "二、主动公开政府信息情况": "HEADING"})
    spans = weak_label(TRAD, tagger)
    # The overlapping METRIC inside the heading loses to the longer HEADING.
    assert [(TRAD[s:e], lab) for s, e, lab in spans] == [
        ("二、主動公開政府信息情況", "HEADING"),
        ("４\u200b２８條", "NUMBER"),
    ]


def test_weak_label_with_lexicon() -> None:
    spans = weak_label(TRAD)
    assert spans == ann.check_spans(spans, len(TRAD))  # sorted, disjoint, in bounds
    found = {(normalize(TRAD[s:e]).text, lab) for s, e, lab in spans}
    assert ("二、主动公开政府信息情况", "HEADING") in found
    assert ("428条", "NUMBER") in found
    assert ("规范性文件", "METRIC") in found


# --- doccano


def test_doccano_round_trip_embedded() -> None:
    record = embedded(gold={"t2.active": 36}, split="dev", meta={"note": "测试"})
    line = json.dumps(to_doccano(record, SIMPLE), ensure_ascii=False)
    obj = json.loads(line)
    assert obj["text"] == SIMPLE and obj["label"] == [[s, e, lab] for s, e, lab in record.spans]
    assert from_doccano(obj) == record


def test_doccano_round_trip_standoff_reattaches(corpus: Path) -> None:
    record = standoff()
    obj = json.loads(json.dumps(to_doccano(record, resolve_text(record, corpus)), ensure_ascii=False))
    assert obj["text"] == TRAD  # the tool needs the text
    back = from_doccano(obj)
    assert back == record and back.text is None


def test_doccano_export_shape_from_the_tool(corpus: Path) -> None:
    """doccano re-exports with its own integer id, meta columns flattened, spans edited."""
    exported = to_doccano(standoff(), TRAD)
    exported.update(id=17, Comments=[], label=exported["label"][:2])
    back = from_doccano(exported)
    assert back.id == "trad-2019" and back.meta == {"doccano_id": 17}
    assert back.spans == trad_spans()[:2] and back.corpus is not None


def test_doccano_standoff_changed_text_is_refused() -> None:
    exported = to_doccano(standoff(), TRAD)
    exported["text"] = TRAD.replace("\r\n", "\n")  # e.g. the tool normalised line ends
    exported["label"] = []
    with pytest.raises(CorpusFileChanged):
        from_doccano(exported)
    kept = from_doccano(exported, embed_on_mismatch=True)
    assert kept.text == exported["text"] and "corpus_mismatch" in kept.meta


def test_export_checks_text_matches_record() -> None:
    with pytest.raises(CorpusFileChanged):
        to_doccano(standoff(), TRAD + " ")
    with pytest.raises(AnnotationError):
        to_label_studio(embedded(), SIMPLE + " ")


# --- Label Studio


def test_label_studio_round_trip_embedded() -> None:
    record = embedded(spans=[span_of(SIMPLE, "一、总体情况", "HEADING"), span_of(SIMPLE, "36件", "NUMBER")])
    task = json.loads(json.dumps(to_label_studio(record, SIMPLE), ensure_ascii=False))
    result = task["annotations"][0]["result"]
    assert task["data"]["text"] == SIMPLE
    assert result[1] == {
        "id": "r1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": record.spans[1][0], "end": record.spans[1][1], "text": "36件", "labels": ["NUMBER"]},
    }
    assert from_label_studio(task) == record


def test_label_studio_round_trip_standoff(corpus: Path) -> None:
    record = standoff()
    task = to_label_studio(record, resolve_text(record, corpus))
    assert task["data"]["corpus"]["path"] == "raw/trad-2019.txt"
    assert from_label_studio(task) == record


def test_label_studio_predictions_and_correction() -> None:
    weak = embedded(source="weak", meta={"model_version": "lexicon-1"})
    task = to_label_studio(weak, SIMPLE)
    assert "annotations" not in task
    pred = task["predictions"][0]
    assert pred["model_version"] == "lexicon-1" and pred["score"] == 1.0
    assert from_label_studio(task).source == "weak"
    # The annotator fixes the pre-annotation: the record comes back "corrected".
    fixed = dict(pred["result"][0], value={"start": 16, "end": 19, "text": SIMPLE[16:19], "labels": ["NUMBER"]})
    task["annotations"] = [
        {"was_cancelled": True, "result": []},
        {"result": [fixed, {"type": "relation", "from_id": "r0", "to_id": "r0"}]},
    ]
    back = from_label_studio(task)
    assert back.source == "corrected" and back.spans == [(16, 19, "NUMBER")]


def test_label_studio_utf16_offsets_are_repaired() -> None:
    text = "𠀀区本年度收到申请36件。"  # an astral CJK character: two UTF-16 code units
    s, e, _ = span_of(text, "36件", "NUMBER")
    region = {"from_name": "label", "to_name": "text", "type": "labels"}
    task = {
        "data": {"text": text, "record_id": "astral"},
        "annotations": [
            {"result": [dict(region, value={"start": s + 1, "end": e + 1, "text": "36件", "labels": ["NUMBER"]})]}
        ],
    }
    assert from_label_studio(task).spans == [(s, e, "NUMBER")]
    task["annotations"][0]["result"][0]["value"]["text"] = "37件"
    with pytest.raises(AnnotationError):
        from_label_studio(task)


# --- pre-annotation export (the active-learning loop)


def test_export_preannotations_label_studio(tmp_path: Path) -> None:
    texts = {"trad": TRAD, "own": SIMPLE}
    ref = {"trad": {"path": "raw/trad-2019.txt", "sha256": sha(TRAD)}}

    def predict(text: str):
        return [Span(s, e, lab, 0.5) for s, e, lab in weak_label(text)]

    out = export_preannotations(
        texts, predict, "label-studio", tmp_path / "ls" / "tasks.json", model_version="m1", corpus=ref
    )
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["record_id"] for t in tasks] == ["trad", "own"]
    assert all(t["predictions"][0]["model_version"] == "m1" for t in tasks)
    assert tasks[0]["predictions"][0]["score"] == 0.5
    assert tasks[0]["predictions"][0]["result"][0]["score"] == 0.5
    back = from_label_studio(tasks[0])
    assert back.source == "weak" and back.text is None and back.corpus == CorpusRef(**ref["trad"])
    assert back.spans == weak_label(TRAD)
    assert not list((tmp_path / "ls").glob(".*"))  # no temp file left behind


def test_export_preannotations_doccano(tmp_path: Path) -> None:
    out = export_preannotations({"own": SIMPLE}, weak_label, "doccano", tmp_path / "pre.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    obj = json.loads(lines[0])
    assert len(lines) == 1 and obj["text"] == SIMPLE and obj["source"] == "weak"
    assert [tuple(x) for x in obj["label"]] == weak_label(SIMPLE)
    back = from_doccano(obj)  # reviewed in doccano, imported back
    assert back.source == "corrected" and back.meta["model_version"] == "lexicon"


def test_export_preannotations_refuses_wrong_corpus_ref(tmp_path: Path) -> None:
    with pytest.raises(CorpusFileChanged):
        export_preannotations(
            {"x": SIMPLE},
            weak_label,
            "doccano",
            tmp_path / "pre.jsonl",
            corpus={"x": {"path": "raw/trad-2019.txt", "sha256": sha(TRAD)}},
        )
    assert not (tmp_path / "pre.jsonl").exists()


# -- bounds and retirement ------------------------------------------------------------------------


def _nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth - 1):
        value = {"x": value}
    return value


def test_meta_nesting_and_size_are_bounded_so_what_is_stored_reads_back(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    base = {"id": "r", "text": "主动公开政府信息336条", "spans": [[0, 8, "METRIC"]]}
    store.add([{**base, "meta": _nested(ann.MAX_NESTING)}], verify=False)  # at the bound: fine
    with pytest.raises(ValidationError, match="nests deeper"):
        store.add([{**base, "meta": _nested(200)}], verify=False)
    with pytest.raises(ValidationError, match="larger than"):
        store.add([{**base, "gold": {"x": "字" * ann.MAX_FREE_FORM_BYTES}}], verify=False)
    assert [r.id for r in store.load()] == ["r"]


def test_a_withdrawn_record_leaves_training_data_and_keeps_its_history(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    store.add([{"id": "a", "text": "受理申请12件", "spans": [], "split": "train"},
               {"id": "b", "text": "受理申请13件", "spans": [], "split": "train"}], verify=False)  # fmt: skip
    store.withdraw("a", "wrong report")
    assert [r.id for r in store.load("train")] == ["b"]
    history = store.history("a")
    assert [r.withdrawn for r in history] == [False, True] and history[-1].meta["withdrawn_reason"] == "wrong report"
    with pytest.raises(KeyError):
        store.withdraw("nope", "x")


def test_an_unreadable_stored_record_is_skipped_with_a_warning(tmp_path: Path, caplog) -> None:
    store = AnnotationStore(tmp_path)
    store.add([{"id": "ok", "text": "受理申请12件", "spans": []}], verify=False)
    (store.records_dir / "00000002.jsonl").write_text('{"id": "bad", "meta": ' + "[" * 300 + "]" * 300 + "}\n")
    with caplog.at_level("WARNING", logger="govreport.annotations"):
        assert [r.id for r in store.load()] == ["ok"]
    assert "00000002.jsonl:1: unreadable record skipped" in caplog.text
