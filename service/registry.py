"""Model versions on disk, which one serves, and background training jobs.

Layout under ``settings.models_root``::

    versions/<version>/   models trained by users (never overwritten)
    ACTIVE                the version the service serves (absent: "default")
    jobs/<id>/            one training job: request.json, status.json (written by the trainer), log.txt
    .lock                 the registry lock (see below)

Version "default" is the directory ``settings.model_dir`` (``models_root/default`` as shipped).
The rule for which model serves lives here only, in ``ModelRegistry.active_path``: the version
``ACTIVE`` names if its directory exists, else "default".

Several processes (API workers, CLIs) and several ``ModelRegistry`` objects share these files, so
every write (the ACTIVE pointer, naming a new version, starting a job) happens under one file lock.

Training runs in a separate process (``govreport train``) so the service never imports ``training``;
the model directory and ``status.json`` are the only things the two share. Whether a job's process
is still alive is kept by the process itself: it inherits a locked file descriptor on
``jobs/<id>/running.lock``, and the lock is free once it and everything it started are gone, also
across a restart of the service and without the pid-reuse and zombie pitfalls of a recorded pid.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock
from pydantic import BaseModel, Field, ValidationError

from service.errors import ServiceError
from service.files import write_atomic
from service.jobs import JobRequest, JobStatus
from service.settings import Settings

DEFAULT = "default"
#: Error of a job whose status is not final and whose process is gone, when this process did not start it.
INTERRUPTED = "interrupted (the service restarted)"
_FINAL = ("succeeded", "failed")
_RUNNING_LOCK = "running.lock"

M = TypeVar("M", bound=BaseModel)


def _read_model(model: type[M], path: Path) -> M | None:
    """The file validated as ``model``, or None if it is missing or not valid."""
    try:
        return model.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return None


class _Card(BaseModel):
    """The fields of ``model_card.json`` a version listing shows."""

    name: str | None = None
    created: str | None = None
    base_model: str | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)


class ModelVersion(_Card):
    """One model version: its name, what its ``model_card.json`` says, and whether it serves."""

    version: str
    active: bool = Field(description="the version that serves")


class ModelRegistry:
    """The model versions under ``root``; the one place that answers "which model directory serves"."""

    def __init__(self, root: Path, default_dir: Path) -> None:
        self.root = root
        self.default_dir = default_dir
        # One lock object per file in this process (threads wait, nested use in a thread is fine);
        # flock on the file makes other processes wait.
        self.lock = FileLock(root / ".lock", is_singleton=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelRegistry:
        return cls(settings.models_root, settings.model_dir)

    def path(self, version: str) -> Path:
        """The directory of a version (which may not exist); a name that cannot be a version is 404."""
        if version == DEFAULT:
            return self.default_dir
        if not version or "/" in version or "\\" in version or version.startswith("."):
            raise ServiceError("model_not_found", f"no model version {version!r}")
        return self.root / "versions" / version

    @property
    def active_version(self) -> str:
        """The version ``ACTIVE`` names when its directory exists, else "default"."""
        try:
            version = (self.root / "ACTIVE").read_text(encoding="utf-8").strip()
            return version if self.path(version).is_dir() else DEFAULT
        except (OSError, ServiceError):
            return DEFAULT

    def active_path(self) -> Path:
        """The model directory that serves."""
        return self.path(self.active_version)

    def versions(self) -> list[ModelVersion]:
        """The default version first, then trained versions by name (their names start with the time)."""
        found = [(DEFAULT, self.default_dir)] if self.default_dir.is_dir() else []
        if (self.root / "versions").is_dir():
            found += sorted(
                (p.name, p) for p in (self.root / "versions").iterdir() if p.is_dir() and not p.name.startswith(".")
            )
        active = self.active_version
        out = []
        for version, d in found:
            card = _read_model(_Card, d / "model_card.json") or _Card()
            out.append(ModelVersion(version=version, **card.model_dump(), active=version == active))
        return out

    def activate(self, version: str, load: Callable[[Path], None]) -> None:
        """Under the lock: ``load`` the version's directory (it raises if the model does not load, and
        nothing changes), then point ACTIVE at it, so that what serves and what ACTIVE says agree."""
        with self.lock:
            path = self.path(version)
            if not path.is_dir():
                raise ServiceError("model_not_found", f"no model version {version!r}")
            load(path)
            write_atomic(self.root / "ACTIVE", version + "\n")

    def new_version_name(self) -> str:
        """A name no version has (call under ``lock``): the time, then a random suffix."""
        while True:
            name = time.strftime("v%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
            if not self.path(name).exists():
                return name


class Job(JobStatus):
    """A training job as the API shows it: what it was asked (request.json) and how far it is (status.json)."""

    id: str
    version: str = Field(description="the model version the job writes")
    from_version: str = Field(serialization_alias="from", description="the model version it fine-tunes")
    epochs: int
    created: str = Field(description="UTC time the job was started, ISO 8601")


def _running(job_dir: Path) -> bool:
    """Whether the job's process (or a child of it) still holds the lock it inherited at its start."""
    try:
        fd = os.open(job_dir / _RUNNING_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also frees the lock if we got it
    return False


def _tail(log: Path) -> str | None:
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-2000:]
    except OSError:
        return None


class TrainingJobs:
    """Starts ``govreport train`` in the background and reports what its status file says."""

    def __init__(self, registry: ModelRegistry, annotations_dir: Path, corpus_dir: Path) -> None:
        self.registry = registry
        self.annotations_dir = annotations_dir
        self.corpus_dir = corpus_dir
        self.root = registry.root / "jobs"
        # This process's children: polled to reap them and to tell their exit code.
        self._procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, epochs: int, from_version: str | None, max_minutes: float | None) -> Job:
        if find_spec("training") is None:
            raise ServiceError(
                "training_unavailable",
                "this installation cannot train: the 'training' package is not installed (the Docker image "
                "leaves it out); train with 'govreport train' from a source checkout and copy the model "
                "directory into the models root's versions/",
            )
        with self.registry.lock:
            if any(_running(d) for d in self._dirs()):
                raise ServiceError("job_running", "a training job is already running; wait for it to finish")
            base_version = from_version or self.registry.active_version
            base = self.registry.path(base_version)
            if not base.is_dir():
                raise ServiceError("model_not_found", f"no model version {base_version!r} to continue from")
            job_id = uuid.uuid4().hex[:12]
            job_dir = self.root / job_id
            version = self.registry.new_version_name()
            cmd = [
                sys.executable, "-m", "govreport.cli", "train",
                "--annotations", str(self.annotations_dir), "--corpus", str(self.corpus_dir),
                "--from", str(base), "--out", str(job_dir / "run"), "--model-dir", str(self.registry.path(version)),
                "--epochs", str(epochs), "--status-file", str(job_dir / "status.json"), "--version", version,
            ]  # fmt: skip
            if max_minutes:
                cmd += ["--max-minutes", str(max_minutes)]
            request = JobRequest(
                id=job_id,
                version=version,
                from_version=base_version,
                epochs=epochs,
                max_minutes=max_minutes,
                created=datetime.now(UTC).isoformat(),
                command=cmd,
            )
            job_dir.mkdir(parents=True)
            # Locked before anything of the job is visible, so a reader never sees it not running.
            fd = os.open(job_dir / _RUNNING_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                write_atomic(job_dir / "request.json", request.model_dump_json(indent=2))
                write_atomic(job_dir / "status.json", JobStatus(state="queued").model_dump_json())
                with open(job_dir / "log.txt", "ab") as log:
                    self._procs[job_id] = subprocess.Popen(
                        cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, pass_fds=(fd,)
                    )
            except OSError as exc:
                failed = JobStatus(state="failed", error=f"the trainer could not be started: {exc}")
                write_atomic(job_dir / "status.json", failed.model_dump_json())
                raise
            finally:
                os.close(fd)  # the child holds the lock now
        return self.job(job_id)

    def job(self, job_id: str) -> Job:
        job_dir = self.root / job_id
        request = _read_model(JobRequest, job_dir / "request.json") if job_id.isalnum() else None
        if request is None:
            raise ServiceError("job_not_found", f"no training job {job_id!r}")
        running = _running(job_dir)  # before the status: a process gone now wrote its last status already
        status = _read_model(JobStatus, job_dir / "status.json") or JobStatus(state="unknown")
        if status.state not in _FINAL and not running:
            proc = self._procs.get(job_id)
            code = proc.poll() if proc is not None else None
            error = f"the trainer exited with code {code}" if code is not None else INTERRUPTED
            status = status.model_copy(
                update={"state": "failed", "error": error, "log_tail": _tail(job_dir / "log.txt")}
            )
        fields = status.model_dump(exclude={"version"})
        return Job(**fields, id=job_id, version=request.version, from_version=request.from_version,
                   epochs=request.epochs, created=request.created)  # fmt: skip

    def jobs(self) -> list[Job]:
        """Every job, newest first."""
        found = []
        for d in self._dirs():
            try:
                found.append(self.job(d.name))
            except ServiceError:  # a directory that is not a job (e.g. being created, or foreign)
                continue
        return sorted(found, key=lambda j: j.created, reverse=True)

    def _dirs(self) -> list[Path]:
        return [d for d in self.root.iterdir() if d.is_dir()] if self.root.is_dir() else []
