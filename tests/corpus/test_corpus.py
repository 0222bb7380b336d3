"""The real reports of ../shared/corpus through the REST API (skipped where the corpus is absent)."""

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.pipeline import Extractor
from service.schema import ExtractResult
from service.settings import Settings
from tests.paths import DEFAULT_MODEL, GOLD
from training.score import run_scoring, summarise

SETTINGS = Settings(default_tagger="lexicon")
CORPUS = SETTINGS.corpus_dir
REPORTS = sorted((CORPUS / "raw").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt")) if CORPUS.is_dir() else []

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not REPORTS, reason="../shared/corpus is not here")]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(SETTINGS)) as c:
        yield c


@pytest.fixture(scope="module")
def results(client) -> dict[str, tuple[str, ExtractResult]]:
    out = {}
    for path in REPORTS:
        text = path.read_text(encoding="utf-8")
        response = client.post("/v1/extract", json={"text": text, "options": {"tagger": "lexicon"}})
        assert response.status_code == 200, (path.name, response.text)
        out[path.name] = (text, ExtractResult.model_validate(response.json()))
    return out


def test_every_report_returns_the_contract_with_evidence_offsets(results):
    for name, (text, result) in results.items():
        assert result.indicators, name
        for ind in result.indicators:
            assert text[ind.start : ind.end] == ind.raw, (name, ind.id)
        for ent in result.entities:
            assert text[ent.start : ent.end] == ent.text, name
        for sec in result.sections:
            assert text[sec.start : sec.end] == sec.heading, name
        assert result.report.year is not None, name


def test_templates_and_script(results):
    assert results["001_9dc727e9681ee325.txt"][1].report.script == "traditional"
    assert results["fujian-pingtan-syq-2015.txt"][1].report.template == "pre2019"
    assert results["fujian-pingtan-syq-2019.txt"][1].report.template == "2019"
    assert results["jiangsu-huaian-hongzequ-gov-2023.txt"][1].report.template == "2021"


def failed(result: ExtractResult, rule: str) -> list[str]:
    return [c.detail for c in result.checks if c.rule == rule and c.status == "fail"]


def test_known_internal_contradictions_are_reported(results):
    conflicts = failed(results["fujian-pingtan-syq-2012.txt"][1], "text_vs_table")
    assert any("active.total" in d and "1913" in d and "739" in d for d in conflicts)
    conflicts = failed(results["fujian-pingtan-syq-2013.txt"][1], "text_vs_table")
    assert any("active.total" in d and "4970" in d and "72804" in d for d in conflicts)
    assert any(
        d.startswith("review block") for d in failed(results["jiangsu-huaian-hongzequ-gov-2023.txt"][1], "t4.block_sum")
    )


def test_nothing_false_is_said_about_tables_that_add_up(results):
    for name in ("jiangsu-huaian-city-gov-2024.txt", "jiangsu-suqian-shuyang-county-gov-2025-ocrmd.txt",
                 "fujian-pingtan-syq-2021.txt", "fujian-pingtan-syq-2025.txt"):  # fmt: skip
        result = results[name][1]
        for rule in ("t3.balance", "t3.results_sum", "t3.columns_sum", "t4.block_sum"):
            assert not failed(result, rule), (name, rule)


def test_dev_gold_floor_and_every_ambiguous_cell_flagged():
    scores, skipped = run_scoring(GOLD, CORPUS, Extractor(SETTINGS), "lexicon")
    assert not skipped
    summary = summarise(scores)
    print(summary["overall"], summary["ambiguous"])
    assert summary["overall"]["f1"] >= 0.95
    assert summary["ambiguous"]["flagged"] == summary["ambiguous"]["cells"]


def test_dev_gold_the_shipped_model_is_better_than_the_lexicon_overall_and_on_flattened_text_as_good_on_tables():
    """The fine-tuned tagger behind the same rules, against the lexicon tagger (README, model card). On
    tables the two read the same cells since the lexicon reads a glued row that looks like a mobile
    number (the model's one table value more until then)."""
    model_dir = DEFAULT_MODEL
    extractor = Extractor(Settings(model_dir=model_dir, default_tagger="model"))
    extractor.load_model()
    assert extractor.ready, extractor.model_error
    summary = {}
    for tagger in ("model", "lexicon"):
        scores, skipped = run_scoring(GOLD, CORPUS, extractor, tagger)
        assert not skipped
        summary[tagger] = summarise(scores)
        print(tagger, summary[tagger]["overall"], summary[tagger]["source"], summary[tagger]["style"])
    model, lexicon = summary["model"], summary["lexicon"]
    assert model["overall"]["f1"] > lexicon["overall"]["f1"]
    assert model["source"]["table"]["f1"] >= lexicon["source"]["table"]["f1"]
    assert model["style"]["flattened"]["f1"] > lexicon["style"]["flattened"]["f1"]
    # prose is not asserted: through the same rules both taggers are within two values of each other
    assert model["ambiguous"]["flagged"] == model["ambiguous"]["cells"]
