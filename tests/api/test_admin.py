"""The retraining loop through the API on a tiny random model: annotate, train, inspect, activate."""

import time

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import Settings
from training.model_io import build_tiny_model

TEXT = "某区2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息336条，受理政府信息公开申请12件。\n"


def spans(text: str, n: int) -> list[list]:
    out = []
    for word, label in (("一、总体情况", "HEADING"), ("主动公开政府信息", "METRIC"), (f"{n}条", "NUMBER"),
                        ("受理政府信息公开申请", "METRIC"), ("12件", "NUMBER")):  # fmt: skip
        s = text.index(word)
        out.append([s, s + len(word), label])
    return out


@pytest.fixture()
def app_settings(tmp_path) -> Settings:
    models = tmp_path / "models"
    build_tiny_model(models / "default")
    return Settings(
        models_root=models, model_dir=models / "default", annotations_dir=tmp_path / "annotations",
        corpus_dir=tmp_path / "corpus", admin_token="secret", default_tagger="model",
    )  # fmt: skip


AUTH = {"Authorization": "Bearer secret"}


def test_admin_endpoints_need_the_token(app_settings):
    with TestClient(create_app(app_settings)) as client:
        assert client.post("/v1/models/train", json={}).json()["error"]["code"] == "unauthorized"
        bad = client.post("/v1/models/default/activate", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
    closed = app_settings.model_copy(update={"admin_token": None})
    with TestClient(create_app(closed)) as client:
        assert client.post("/v1/models/train", json={}, headers=AUTH).status_code == 403
        assert client.get("/v1/models/jobs", headers=AUTH).json()["error"]["code"] == "admin_disabled"


def test_training_where_the_training_package_is_not_installed_is_501(app_settings, monkeypatch):
    """The Docker image leaves training/ out: the API says so instead of starting a job that fails."""
    monkeypatch.setattr("service.registry.find_spec", lambda name: None)
    with TestClient(create_app(app_settings)) as client:
        r = client.post("/v1/models/train", json={"epochs": 1}, headers=AUTH)
        assert r.status_code == 501 and r.json()["error"]["code"] == "training_unavailable"
        assert "training" in r.json()["error"]["message"]
        assert client.get("/v1/models/jobs", headers=AUTH).json() == {"jobs": []}


def test_invalid_annotations_are_refused_and_nothing_is_stored(app_settings):
    with TestClient(create_app(app_settings)) as client:
        record = {"id": "x", "text": TEXT, "spans": [[5, 3, "METRIC"]]}
        r = client.post("/v1/annotations", json={"records": [record]}, headers=AUTH)
        assert r.status_code == 422
    assert not (app_settings.annotations_dir / "records").exists() or not any(
        (app_settings.annotations_dir / "records").iterdir()
    )


def test_annotate_retrain_inspect_and_activate_without_restart(app_settings):
    with TestClient(create_app(app_settings)) as client:
        assert client.get("/readyz").json()["model"]["version"] == "tiny-0"
        records = [
            {"id": f"user-{i}", "text": TEXT.replace("336", str(300 + i)), "split": split,
             "spans": spans(TEXT.replace("336", str(300 + i)), 300 + i)}
            for i, split in enumerate(["train", "train", "dev"])
        ]  # fmt: skip
        r = client.post("/v1/annotations", json={"records": records}, headers=AUTH)
        assert r.status_code == 201 and r.json()["count"] == 3

        job = client.post("/v1/models/train", json={"epochs": 1}, headers=AUTH)
        assert job.status_code == 202, job.text
        job_id, version = job.json()["id"], job.json()["version"]
        deadline = time.monotonic() + 240
        while (status := client.get(f"/v1/models/jobs/{job_id}", headers=AUTH).json())["state"] not in (
            "succeeded",
            "failed",
        ):
            assert time.monotonic() < deadline, status
            time.sleep(1)
        assert status["state"] == "succeeded", status
        assert (status["from"], status["version"], status["epochs"]) == ("default", version, 1)
        assert [j["id"] for j in client.get("/v1/models/jobs", headers=AUTH).json()["jobs"]] == [job_id]

        versions = {v["version"]: v for v in client.get("/v1/models").json()["versions"]}
        assert versions["default"]["active"] and "dev" in versions[version]["metrics"]

        r = client.post(f"/v1/models/{version}/activate", headers=AUTH)
        assert r.status_code == 200, r.text
        ready = client.get("/readyz").json()
        assert ready["model"]["version"] == version  # the card names the version the job was given
        assert {v["version"]: v for v in client.get("/v1/models").json()["versions"]}[version]["active"]
        assert client.post("/v1/extract", json={"text": TEXT}).status_code == 200
        # the previous version stays available
        assert client.post("/v1/models/default/activate", headers=AUTH).status_code == 200
        assert client.post("/v1/models/nope/activate", headers=AUTH).status_code == 404


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


#: ways a model directory can be damaged, each applied to a copy of a good one
DAMAGE = {
    "truncated model.onnx": lambda d: _truncate(d / "model.onnx"),
    "truncated weights on torch": lambda d: ((d / "model.onnx").unlink(), _truncate(d / "model.safetensors")),
    "labels.json not JSON": lambda d: (d / "labels.json").write_text('["O", ', encoding="utf-8"),
    "labels.json of the wrong type": lambda d: (d / "labels.json").write_text('{"O": 0}', encoding="utf-8"),
    "model.onnx replaced": lambda d: (d / "model.onnx").write_bytes((d / "model.onnx").read_bytes()[::-1]),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_model_leaves_the_service_up_and_not_ready(app_settings, damage):
    DAMAGE[damage](app_settings.model_dir)
    with TestClient(create_app(app_settings)) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
        assert client.post("/v1/extract", json={"text": TEXT, "options": {"tagger": "lexicon"}}).status_code == 200
        assert client.post("/v1/extract", json={"text": TEXT}).json()["error"]["code"] == "model_unavailable"


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_activating_a_damaged_version_is_422_and_changes_nothing(app_settings, damage):
    import shutil

    version = app_settings.models_root / "versions" / "broken"
    shutil.copytree(app_settings.model_dir, version)
    DAMAGE[damage](version)
    with TestClient(create_app(app_settings)) as client:
        r = client.post("/v1/models/broken/activate", headers=AUTH)
        assert r.status_code == 422 and r.json()["error"]["code"] == "model_invalid", r.text
        assert str(app_settings.models_root) not in r.json()["error"]["message"]  # no server paths
        assert client.get("/readyz").json()["model"]["version"] == "tiny-0"
        assert not (app_settings.models_root / "ACTIVE").exists()


def test_active_naming_a_damaged_version_leaves_the_service_up(app_settings):
    import shutil

    version = app_settings.models_root / "versions" / "broken"
    shutil.copytree(app_settings.model_dir, version)
    _truncate(version / "model.onnx")
    (app_settings.models_root / "ACTIVE").write_text("broken\n", encoding="utf-8")
    with TestClient(create_app(app_settings)) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503


@pytest.mark.parametrize(
    "body",
    [
        b'{"max_minutes": 1e400}',  # infinity once parsed
        b'{"max_minutes": -1}',
        b'{"epochs": 2.5}',
        b'{"epochs": "2"}',
        b'{"epoch": 2}',  # a typo is refused, not ignored
    ],
)
def test_training_parameters_are_validated(app_settings, body):
    with TestClient(create_app(app_settings)) as client:
        r = client.post("/v1/models/train", content=body, headers={**AUTH, "content-type": "application/json"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input", r.text
        assert client.get("/v1/models/jobs", headers=AUTH).json() == {"jobs": []}


def test_a_record_nested_200_deep_is_refused_and_a_stored_one_can_be_withdrawn(app_settings):
    deep: dict = {}
    for _ in range(200):
        deep = {"x": deep}
    record = {"id": "x", "text": TEXT, "spans": spans(TEXT, 336), "split": "train"}
    with TestClient(create_app(app_settings)) as client:
        r = client.post("/v1/annotations", json={"records": [{**record, "meta": deep}]}, headers=AUTH)
        assert r.status_code == 422, r.text
        assert client.post("/v1/annotations", json={"records": [record]}, headers=AUTH).status_code == 201
        r = client.post("/v1/annotations/x/withdraw", json={"reason": "duplicate"}, headers=AUTH)
        assert r.status_code == 200 and r.json() == {"withdrawn": "x"}
        r = client.post("/v1/annotations/nope/withdraw", json={"reason": "x"}, headers=AUTH)
        assert r.status_code == 404 and r.json()["error"]["code"] == "annotation_not_found"
    from service.annotations import AnnotationStore

    store = AnnotationStore(app_settings.annotations_dir)
    assert store.load() == [] and len(store.history("x")) == 2
