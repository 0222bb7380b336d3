"""The shipped default model: it loads, serves requests that ask for it, and its card has held-out metrics."""

import json

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import Settings
from tests.paths import DEFAULT_MODEL

MODEL = DEFAULT_MODEL
TEXT = "某区2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息336条，受理政府信息公开申请12件。\n"


def test_the_card_reports_test_metrics_per_label():
    card = json.loads((MODEL / "model_card.json").read_text(encoding="utf-8"))
    per_label = card["metrics"]["test"]["per_label"]
    assert set(per_label) == {"HEADING", "METRIC", "NUMBER"}
    assert card["data"]["test"]["examples"] >= 5 and card["parameters"]["parameter_count"] > 1_000_000


@pytest.mark.slow
def test_the_service_loads_it_and_uses_it_when_asked():
    with TestClient(create_app(Settings(model_dir=MODEL, default_tagger="model"))) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["model"]["name"] == "govreport-tagger"
        result = client.post("/v1/extract", json={"text": TEXT}).json()
        assert result["model"]["name"] == "govreport-tagger"
        assert {e["label"] for e in result["entities"]} >= {"METRIC", "NUMBER"}
        for e in result["entities"]:
            assert TEXT[e["start"] : e["end"]] == e["text"]
