"""The model evaluation report (training/evaluate.py, ``govreport evaluate``, the report after training)."""

import json
import os
import re
import shutil
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything loads from local directories

import pytest
from typer.testing import CliRunner

from govreport.cli import app
from service.annotations import AnnotationStore, sha256_text
from service.linking import LINK_FILE, NONE
from service.pipeline import Extractor
from service.settings import get_settings
from service.tagger_model import ModelTagger
from tests.fakes import constant_link_head
from tests.paths import ROOT
from training.config import TrainConfig
from training.evaluate import evaluate
from training.metrics import overlap_scores
from training.model_io import build_tiny_model
from training.score import run_scoring, summarise
from training.synthetic import generate
from training.train import train

SPLITS = ["test", "test", "dev", "train"]
REPORTS = generate(len(SPLITS), seed=11)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny annotation store: four synthetic reports with embedded texts (SPLITS), their
    gold files in store/gold (one value changed, so that there are errors), the same texts as corpus
    files in store/corpus (for ``run_scoring``), and a gold file whose text changed (sha256 mismatch)."""
    root = tmp_path_factory.mktemp("store")
    corpus = root / "corpus"
    corpus.mkdir()
    (root / "gold").mkdir()
    reports = REPORTS
    records = []
    for r, split in zip(reports, SPLITS, strict=True):
        records.append({"id": r.id, "text": r.text, "spans": r.spans, "split": split, "source": "synthetic"})
        (corpus / f"{r.id}.txt").write_bytes(r.text.encode("utf-8"))
        values = [dict(v) for v in r.gold]
        if r is reports[0]:  # a wrong gold value: the extractor's value becomes "wrong", the gold "missed"
            v = next(v for v in values if v["source"] == "text" and v.get("value"))
            v["value"] += 1
        gold = {
            "file": f"{r.id}.txt", "corpus_path": f"{r.id}.txt", "sha256": sha256_text(r.text),
            "template": r.template, "style": r.style, "values": values,
        }  # fmt: skip
        (root / "gold" / f"{r.id}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    stale = {"file": "stale.txt", "corpus_path": "stale.txt", "sha256": "0" * 64, "template": "2021",
             "style": "pipe", "values": []}  # fmt: skip
    (root / "gold" / "stale.json").write_text(json.dumps(stale), encoding="utf-8")
    records.append({"id": "stale", "text": "一、总体情况\n本年度主动公开政府信息3条。", "spans": [], "split": "test"})
    AnnotationStore(root, corpus).add(records, verify=False)
    return root


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("models") / "tiny")


@pytest.fixture(scope="module")
def lexicon_report(store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("lexicon-report")
    return evaluate("lexicon", store, out_dir=out, corpus_dir=store / "corpus"), out


def md_tables(md: str) -> dict[str, list[list[str]]]:
    """Markdown tables by the heading above them: rows of cells (header row first, no separator)."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in md.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and not re.match(r"^\|[-:|]+\|$", line):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            tables.setdefault(heading, []).append(cells)
    return tables


def assert_md_matches(md: str, summary: dict) -> None:
    """The Markdown's indicator tables hold exactly ``summarise``'s numbers."""
    tables = md_tables(md)

    def check(cells: list[str], counts: dict) -> None:
        p, r, f1, tp, fp, fn = cells
        assert (float(p), float(r), float(f1)) == (counts["precision"], counts["recall"], counts["f1"])
        assert (int(tp), int(fp), int(fn)) == (counts["tp"], counts["fp"], counts["fn"])

    overall = tables["Overall"][1:]
    assert len(overall) == 1
    check(overall[0][1:7], summary["overall"])
    for heading, group in (("By template", "template"), ("By source", "source"), ("By input style", "style")):
        rows = tables[heading][1:]
        assert [row[1] for row in rows] == list(summary[group])
        for row in rows:
            check(row[2:8], summary[group][row[1]])
    rows = tables["Per report"][1:]
    assert [row[1] for row in rows] == [r["file"] for r in summary["reports"]]
    for row, rep in zip(rows, summary["reports"], strict=True):
        check(row[4:10], rep)


# ------------------------------------------------------------------------------------------- overlap


def test_overlap_scores_count_a_span_right_when_it_overlaps_one_of_its_label() -> None:
    gold = [[(0, 5, "HEADING"), (10, 14, "METRIC"), (14, 18, "NUMBER")], [(3, 6, "NUMBER")]]
    pred = [
        [(0, 3, "HEADING"), (3, 5, "HEADING"), (10, 12, "NUMBER"), (20, 22, "METRIC")],  # split, wrong label, stray
        [(2, 4, "NUMBER")],  # boundary off by one
    ]
    s = overlap_scores(gold, pred)
    assert s["per_label"]["HEADING"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert s["per_label"]["METRIC"]["precision"] == 0.0 and s["per_label"]["METRIC"]["recall"] == 0.0
    assert s["per_label"]["NUMBER"]["precision"] == 0.5 and s["per_label"]["NUMBER"]["recall"] == 0.5
    # micro average: 3 of 5 predictions right, 2 of 4 gold spans found
    assert s["overall"]["precision"] == pytest.approx(3 / 5) and s["overall"]["recall"] == pytest.approx(2 / 4)
    assert s["overall"]["support"] == 4
    # touching is not overlapping (end exclusive)
    assert overlap_scores([[(0, 2, "NUMBER")]], [[(2, 4, "NUMBER")]])["overall"]["f1"] == 0.0
    empty = overlap_scores([[]], [[]])
    assert empty["overall"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


# -------------------------------------------------------------------------------------------- report


def test_report_files_carry_the_same_numbers(lexicon_report: tuple[dict, Path], store: Path) -> None:
    report, out = lexicon_report
    for name in ("report.json", "report.md", "report.html", "span_f1.png", "template_f1.png"):
        assert (out / name).is_file(), name
    assert json.loads((out / "report.json").read_text(encoding="utf-8")) == json.loads(json.dumps(report))
    data = report["header"]["data"]
    assert data["kind"] == "store" and data["n_records"] == 5
    assert sorted(data["gold_files"]) == sorted(f"{r.id}.txt" for r in REPORTS)
    assert any("stale.txt" in s and "sha256" in s for s in data["skipped"])
    assert report["header"]["command"].startswith("govreport evaluate --model lexicon --data ")
    m = report["model"]
    md = (out / "report.md").read_text(encoding="utf-8")
    spans = md_tables(md)["Span scores (tagger)"]
    overall = next(row for row in spans if row[1] == "overall")
    assert float(overall[4]) == m["spans"]["strict"]["overall"]["f1"]
    assert float(overall[7]) == m["spans"]["overlap"]["overall"]["f1"]
    checks = {row[1]: row for row in md_tables(md)["Consistency rules"][1:]}
    assert int(checks["all"][2]) == m["checks"]["total"]["pass"] > 0
    assert sum(c["pass"] + c["fail"] + c["not_assessable"] for c in m["checks"]["rules"].values()) == sum(
        m["checks"]["total"].values()
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"{m['indicators']['overall']['f1']:.4f}" in html
    assert html.count("data:image/png;base64,") == 2
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # self-contained
    assert "<link" not in html and "<script" not in html


def test_errors_are_shown_in_context_with_the_value_marked(lexicon_report: tuple[dict, Path]) -> None:
    report, out = lexicon_report
    errors = report["model"]["errors"]
    kinds = {e["kind"] for e in errors}
    assert kinds == {"wrong", "missed"}
    wrong = next(e for e in errors if e["kind"] == "wrong" and e["source"] == "text")
    missed = next(e for e in errors if e["kind"] == "missed" and e["id"] == wrong["id"])
    assert missed["gold"] == wrong["predicted"] + 1  # the changed gold value
    ev = wrong["evidence"]
    assert ev["text"].startswith(str(int(wrong["predicted"]))) and len(ev["before"]) <= 30 and len(ev["after"]) <= 30
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"<mark>{ev['text']}</mark>" in html
    md = (out / "report.md").read_text(encoding="utf-8")
    assert f"**{ev['text']}**" in md


def test_markdown_indicator_numbers_equal_govreport_score(lexicon_report: tuple[dict, Path], store: Path) -> None:
    """The report's indicator numbers are training.score's for the same reports and tagger."""
    report, out = lexicon_report
    scores, skipped = run_scoring(store / "gold", store / "corpus", Extractor(get_settings()), "lexicon")
    assert [s.split(":")[0] for s in skipped] == ["stale.txt"]
    summary = summarise(scores)
    assert summary["overall"]["tp"] > 0 and summary["overall"]["fn"] > 0
    assert report["model"]["indicators"] == summary
    assert_md_matches((out / "report.md").read_text(encoding="utf-8"), summary)
    # and literally what `govreport score` prints for those gold files
    cli = CliRunner().invoke(app, ["score", "--gold", str(store / "gold"), "--corpus", str(store / "corpus"),
                                   "--tagger", "lexicon", "--json"])  # fmt: skip
    assert cli.exit_code == 0, cli.output
    assert_md_matches((out / "report.md").read_text(encoding="utf-8"), json.loads(cli.stdout))


def test_a_model_s_link_head_is_evaluated_as_the_service_uses_it(store: Path, tiny: Path, tmp_path: Path) -> None:
    """The report scores what the service gives with the model: its link head's decisions included."""
    model = tmp_path / "linked"
    shutil.copytree(tiny, model)
    constant_link_head([NONE, "request.received"], 3 * 32, "request.received").save(model / LINK_FILE)
    report = evaluate(model, "test", out_dir=tmp_path / "out", annotations_dir=store, corpus_dir=store / "corpus",
                      num_threads=1)  # fmt: skip
    test_files = {f"{r.id}.txt" for r, split in zip(REPORTS, SPLITS, strict=True) if split == "test"}

    def scored(model_dir: Path) -> dict:
        extractor = Extractor(get_settings(), model=ModelTagger.load(model_dir, num_threads=1))
        scores, _ = run_scoring(store / "gold", store / "corpus", extractor, "model")
        return summarise(s for s in scores if s.file in test_files)

    assert report["model"]["indicators"] == scored(model)
    assert scored(model) != scored(tiny)  # the head decided something


def test_model_dir_report_equals_score_with_that_model_and_compares(store: Path, tiny: Path, tmp_path: Path) -> None:
    report = evaluate(tiny, "test", compare="lexicon", out_dir=tmp_path, annotations_dir=store,
                      corpus_dir=store / "corpus", num_threads=1)  # fmt: skip
    extractor = Extractor(get_settings(), model=ModelTagger.load(tiny, num_threads=1))
    scores, _ = run_scoring(store / "gold", store / "corpus", extractor, "model")
    test_files = {f"{r.id}.txt" for r, split in zip(REPORTS, SPLITS, strict=True) if split == "test"}
    summary = summarise(s for s in scores if s.file in test_files)
    assert report["model"]["indicators"] == summary
    assert_md_matches_first_model((tmp_path / "report.md").read_text(encoding="utf-8"), summary, report)
    assert report["model"]["info"]["name"] == "tiny-random" and report["compare"]["info"]["name"] == "lexicon"
    assert report["header"]["data"]["split"] == "test" and report["header"]["data"]["n_records"] == 3
    cmp = report["comparison"]
    lex_tp = report["compare"]["indicators"]["overall"]["tp"]
    tiny_tp = report["model"]["indicators"]["overall"]["tp"]
    assert len(cmp["losses"]) - len(cmp["wins"]) == lex_tp - tiny_tp
    assert cmp["both_right"] + len(cmp["losses"]) == lex_tp
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Comparison:" in html and html.count("data:image/png;base64,") == 2


def assert_md_matches_first_model(md: str, summary: dict, report: dict) -> None:
    """With --compare the tables have a row per model; the first model's rows hold its numbers."""
    name = f"{report['model']['info']['name']} {report['model']['info']['version']}"
    kept = "\n".join(line for line in md.splitlines()
                     if not line.startswith("| ") or line.startswith((f"| {name} |", "| model |")))  # fmt: skip
    assert_md_matches(kept, summary)


def test_learning_curve_from_model_cards(store: Path, tmp_path: Path) -> None:
    dirs = []
    for i, chars in enumerate((5000, 1000)):
        d = build_tiny_model(tmp_path / f"m{i}", seed=i)
        card = json.loads((d / "model_card.json").read_text(encoding="utf-8"))
        card["data"] = {"train": {"examples": 2, "chars": chars}}
        (d / "model_card.json").write_text(json.dumps(card), encoding="utf-8")
        dirs.append(d)
    report = evaluate(dirs[0], "dev", out_dir=tmp_path / "out", curve=dirs, annotations_dir=store,
                      corpus_dir=store / "corpus", num_threads=1)  # fmt: skip
    assert [p["train_chars"] for p in report["curve"]] == [1000, 5000]
    assert all(p["indicator_f1"] is not None for p in report["curve"])
    assert (tmp_path / "out" / "learning_curve.png").is_file()
    assert "Learning curve" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_cli_evaluate_writes_into_the_model_dir(store: Path, tiny: Path, tmp_path: Path) -> None:
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny, model)
    result = CliRunner().invoke(
        app, ["evaluate", "--model", str(model), "--data", "dev", "--annotations", str(store),
              "--corpus", str(store / "corpus")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads((model / "report" / "report.json").read_text(encoding="utf-8"))
    assert report["header"]["data"]["records"] == [REPORTS[2].id]
    assert report["header"]["command"].startswith("govreport evaluate --model ")
    assert str(model / "report" / "report.html") in result.output
    # the model's own report puts the indicator scores, prose by indicator group too, into its card
    card = json.loads((model / "model_card.json").read_text(encoding="utf-8"))
    assert card["indicators"]["evaluated_on"] == "the dev split"
    assert card["indicators"]["overall"] == report["model"]["indicators"]["overall"]
    assert card["indicators"]["prose_by_group"] == report["model"]["indicators"]["prose_group"]
    assert "## Indicators" in (model / "model_card.md").read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["evaluate", "--model", str(tmp_path / "nope"), "--data", "dev"])
    assert bad.exit_code == 2
    bad = CliRunner().invoke(app, ["evaluate", "--model", str(model), "--data", str(tmp_path / "no-store")])
    assert bad.exit_code == 2
    (tmp_path / "empty").mkdir()
    bad = CliRunner().invoke(app, ["evaluate", "--model", str(model), "--data", str(tmp_path / "empty")])
    assert bad.exit_code == 2 and "nothing to evaluate" in bad.output


# --------------------------------------------------------------------------------------------- train


def test_train_writes_the_report_into_the_model_dir(store: Path, tiny: Path, tmp_path: Path) -> None:
    cfg = TrainConfig(out_dir=tmp_path / "run", base_model=tiny, annotations_dir=store, corpus_dir=store / "corpus",
                      epochs=1, max_steps=1, batch_size=4, max_len=128, stride=32, patience=None, progress=False,
                      version="t", num_threads=1)  # fmt: skip
    model_dir = train(cfg)
    report = json.loads((model_dir / "report" / "report.json").read_text(encoding="utf-8"))
    assert report["header"]["data"]["split"] == "test" and report["model"]["indicators"] is not None
    assert (model_dir / "report" / "report.html").is_file()


def test_a_failing_report_does_not_lose_the_model(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import training.evaluate

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("no report today")

    monkeypatch.setattr(training.evaluate, "evaluate", boom)
    examples = [
        ("一、总体情况\n本年度主动公开政府信息12条。", [(0, 6, "HEADING"), (10, 18, "METRIC"), (18, 21, "NUMBER")])
    ]
    cfg = TrainConfig(out_dir=tmp_path / "run", base_model=tiny, epochs=1, batch_size=2, patience=None, progress=False,
                      version="t", num_threads=1)  # fmt: skip
    model_dir = train(cfg, train_examples=examples, dev_examples=examples)
    assert (model_dir / "model.safetensors").is_file() and not (model_dir / "report").exists()
    assert "no report today" in caplog.text


# ---------------------------------------------------------------------------------------------- real


@pytest.mark.slow
def test_real_dev_split_report(tiny: Path, tmp_path: Path) -> None:
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"no corpus at {corpus}")
    annotations = ROOT / "data" / "annotations"
    report = evaluate("lexicon", "dev", out_dir=tmp_path, annotations_dir=annotations, corpus_dir=corpus)
    data = report["header"]["data"]
    assert data["n_records"] >= 1 and len(data["gold_files"]) == data["n_records"] and not data["skipped"]
    extractor = Extractor(get_settings())
    scores, _ = run_scoring(annotations / "gold", corpus, extractor, "lexicon")
    summary = summarise(s for s in scores if s.file in set(data["gold_files"]))
    assert_md_matches((tmp_path / "report.md").read_text(encoding="utf-8"), summary)
    assert summary["overall"]["f1"] > 0.8
    # the model path (a random tiny model: only that it runs end to end on real reports)
    report = evaluate(tiny, "dev", out_dir=tmp_path / "tiny", annotations_dir=annotations, corpus_dir=corpus,
                      num_threads=1)  # fmt: skip
    assert report["model"]["indicators"] is not None and (tmp_path / "tiny" / "report.html").is_file()
