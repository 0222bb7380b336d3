"""The model registry: which model serves (one rule), its cross-process lock, and training jobs that
outlive the process that started them."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import Timeout

from service import registry as registry_module
from service.errors import ServiceError
from service.jobs import JobRequest, JobStatus
from service.pipeline import Extractor
from service.registry import INTERRUPTED, ModelRegistry, TrainingJobs
from service.settings import Settings


def make_registry(tmp_path: Path) -> ModelRegistry:
    """A models root with a trained version "v1"; version "default" lives elsewhere (GOVREPORT_MODEL_DIR)."""
    (tmp_path / "shipped").mkdir()
    (tmp_path / "models" / "versions" / "v1").mkdir(parents=True)
    return ModelRegistry(tmp_path / "models", tmp_path / "shipped")


@pytest.mark.parametrize(
    ("pointer", "served"),
    [(None, "shipped"), ("v1\n", "models/versions/v1"), ("gone", "shipped"), ("../etc", "shipped"), ("", "shipped")],
    ids=["no-pointer", "a-version", "a-missing-version", "not-a-version-name", "empty"],
)
def test_the_active_pointer_wins_when_it_names_a_version_else_the_model_dir(tmp_path, pointer, served):
    registry = make_registry(tmp_path)
    if pointer is not None:
        (registry.root / "ACTIVE").write_text(pointer)
    assert registry.active_path() == tmp_path / served
    assert [v.version for v in registry.versions() if v.active] == ["v1" if served.endswith("v1") else "default"]


def test_the_extractor_loads_what_the_registry_names(tmp_path, monkeypatch):
    registry = make_registry(tmp_path)
    loaded: list[Path] = []
    monkeypatch.setattr(Extractor, "_load", staticmethod(lambda path: loaded.append(path)))
    settings = Settings(models_root=registry.root, model_dir=registry.default_dir, default_tagger="lexicon")
    Extractor(settings).load_model()
    (registry.root / "ACTIVE").write_text("v1\n")
    Extractor(settings).load_model()
    assert loaded == [tmp_path / "shipped", tmp_path / "models" / "versions" / "v1"]


def test_activation_writes_the_pointer_only_once_the_model_loaded(tmp_path):
    registry = make_registry(tmp_path)
    loaded: list[Path] = []
    registry.activate("v1", loaded.append)
    assert loaded == [registry.root / "versions" / "v1"] and registry.active_version == "v1"

    def broken(path: Path) -> None:
        raise ServiceError("model_invalid", "does not load")

    with pytest.raises(ServiceError, match="does not load"):
        registry.activate("default", broken)
    assert registry.active_version == "v1"
    with pytest.raises(ServiceError) as missing:
        registry.activate("v2", loaded.append)
    assert missing.value.code == "model_not_found" and registry.active_version == "v1"


def test_one_lock_for_every_registry_object_thread_and_process(tmp_path):
    first, second = make_registry(tmp_path), ModelRegistry(tmp_path / "models", tmp_path / "shipped")
    with first.lock, second.lock:  # the same lock, re-entered in this thread
        outcome: list[str] = []

        def other_thread() -> None:
            try:
                second.lock.acquire(timeout=0.2)
            except Timeout:
                outcome.append("waits")

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert outcome == ["waits"]
        other_process = subprocess.run(
            [sys.executable, "-c", "import sys, filelock; filelock.FileLock(sys.argv[1]).acquire(timeout=0.2)",
             str(first.root / ".lock")],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert other_process.returncode != 0 and "Timeout" in other_process.stderr


# --- jobs ---------------------------------------------------------------------------------------


def write_job(root: Path, job_id: str, created: str, state: str) -> None:
    job_dir = root / "jobs" / job_id
    job_dir.mkdir(parents=True)
    request = JobRequest(id=job_id, version=f"v-{job_id}", from_version="default", epochs=1, created=created)
    (job_dir / "request.json").write_text(request.model_dump_json())
    (job_dir / "status.json").write_text(JobStatus(state=state, progress=0.5).model_dump_json())  # type: ignore[arg-type]
    (job_dir / "log.txt").write_text("epoch 1\n")


def test_a_job_left_unfinished_by_a_restart_reads_as_failed_and_jobs_list_newest_first(tmp_path):
    registry = make_registry(tmp_path)
    write_job(registry.root, "old", "2024-01-01T00:00:00+00:00", "succeeded")
    write_job(registry.root, "new", "2024-02-01T00:00:00+00:00", "running")
    jobs = TrainingJobs(registry, tmp_path / "annotations", tmp_path / "corpus")
    listed = jobs.jobs()
    assert [j.id for j in listed] == ["new", "old"]
    assert (listed[0].state, listed[0].error, listed[0].log_tail) == ("failed", INTERRUPTED, "epoch 1\n")
    assert (listed[1].state, listed[1].error) == ("succeeded", None)
    assert listed[0].model_dump(by_alias=True)["from"] == "default"
    with pytest.raises(ServiceError) as missing:
        jobs.job("nope")
    assert missing.value.code == "job_not_found"


def test_a_running_job_is_seen_from_another_process_and_blocks_a_second(tmp_path, monkeypatch):
    """The trainer is replaced by a short sleep; the job is started, looked at by a TrainingJobs of
    another "process" (a fresh object: no child of its own), then finishes."""
    registry = make_registry(tmp_path)
    popen = subprocess.Popen

    def fake_trainer(cmd, **kwargs):
        assert cmd[1:4] == ["-m", "govreport.cli", "train"]
        return popen([sys.executable, "-c", "import time; time.sleep(1.5)"], **kwargs)

    monkeypatch.setattr(registry_module.subprocess, "Popen", fake_trainer)
    jobs = TrainingJobs(registry, tmp_path / "annotations", tmp_path / "corpus")
    job = jobs.start(1, None, None)
    assert (job.state, job.from_version) == ("queued", "default")
    assert job.version.startswith("v") and not registry.path(job.version).exists()
    restarted = TrainingJobs(registry, tmp_path / "annotations", tmp_path / "corpus")
    assert restarted.job(job.id).state == "queued"
    with pytest.raises(ServiceError) as busy:
        restarted.start(1, None, None)
    assert busy.value.code == "job_running"

    deadline = time.monotonic() + 30
    while jobs.job(job.id).state == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert (jobs.job(job.id).state, jobs.job(job.id).error) == ("failed", "the trainer exited with code 0")
    assert restarted.job(job.id).error == INTERRUPTED


def test_training_is_refused_where_the_training_package_is_not_installed(tmp_path, monkeypatch):
    monkeypatch.setattr(registry_module, "find_spec", lambda name: None)
    jobs = TrainingJobs(make_registry(tmp_path), tmp_path / "annotations", tmp_path / "corpus")
    with pytest.raises(ServiceError) as refused:
        jobs.start(1, None, None)
    assert (refused.value.status, refused.value.code) == (501, "training_unavailable")
    assert not (jobs.root).exists()
