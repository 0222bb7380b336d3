"""Model versions on disk, the active pointer, and background training jobs.

Layout under ``settings.models_root``::

    default/              the shipped model (version "default")
    versions/<version>/   models trained by users (never overwritten)
    ACTIVE                the version the service serves (absent: "default")
    jobs/<id>/            one training job: request.json, status.json (written by the trainer), log.txt

Training runs in a separate process (``govreport train``) so the service never imports ``training``;
the model directory and ``status.json`` are the only things the two share.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from service.common import ServiceError
from service.files import write_atomic

DEFAULT = "default"


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class ModelRegistry:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def path(self, version: str) -> Path:
        if version == DEFAULT:
            return self.root / DEFAULT
        if not version or "/" in version or version.startswith("."):
            raise ServiceError(404, "model_not_found", f"no model version {version!r}")
        return self.root / "versions" / version

    @property
    def active_version(self) -> str:
        pointer = self.root / "ACTIVE"
        try:
            version = pointer.read_text(encoding="utf-8").strip()
        except OSError:
            return DEFAULT
        return version if version and self.path(version).is_dir() else DEFAULT

    def active_path(self) -> Path:
        return self.path(self.active_version)

    def versions(self) -> list[dict[str, Any]]:
        dirs = [self.root / DEFAULT] if (self.root / DEFAULT).is_dir() else []
        if (self.root / "versions").is_dir():
            dirs += sorted(p for p in (self.root / "versions").iterdir() if p.is_dir() and not p.name.startswith("."))
        active = self.active_version
        out = []
        for d in dirs:
            version = DEFAULT if d == self.root / DEFAULT else d.name
            card = read_json(d / "model_card.json") or {}
            out.append(
                {
                    "version": version,
                    "name": card.get("name"),
                    "created": card.get("created"),
                    "base_model": card.get("base_model"),
                    "metrics": card.get("metrics", {}),
                    "active": version == active,
                }
            )
        return out

    def set_active(self, version: str) -> None:
        with self._lock:
            if not self.path(version).is_dir():
                raise ServiceError(404, "model_not_found", f"no model version {version!r}")
            write_atomic(self.root / "ACTIVE", version + "\n")

    def new_version_name(self) -> str:
        return time.strftime("v%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]


class TrainingJobs:
    """Starts ``govreport train`` in the background and reports what its status file says."""

    def __init__(self, registry: ModelRegistry, annotations_dir: Path, corpus_dir: Path) -> None:
        self.registry = registry
        self.annotations_dir = annotations_dir
        self.corpus_dir = corpus_dir
        self.root = registry.root / "jobs"
        self._procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, epochs: int, from_version: str | None, max_minutes: float | None) -> dict[str, Any]:
        if any(p.poll() is None for p in self._procs.values()):
            raise ServiceError(409, "job_running", "a training job is already running; wait for it to finish")
        base = self.registry.path(from_version) if from_version else self.registry.active_path()
        if not base.is_dir():
            raise ServiceError(404, "model_not_found", f"no model to continue from at {base.name!r}")
        job_id = uuid.uuid4().hex[:12]
        job_dir = self.root / job_id
        version = self.registry.new_version_name()
        out = self.registry.path(version)
        cmd = [
            sys.executable, "-m", "govreport.cli", "train",
            "--annotations", str(self.annotations_dir), "--corpus", str(self.corpus_dir),
            "--from", str(base), "--out", str(job_dir / "run"), "--model-dir", str(out), "--epochs", str(epochs),
            "--status-file", str(job_dir / "status.json"),
        ]  # fmt: skip
        if max_minutes:
            cmd += ["--max-minutes", str(max_minutes)]
        request = {"id": job_id, "version": version, "from": base.name, "epochs": epochs, "command": cmd}
        write_atomic(job_dir / "request.json", json.dumps(request, ensure_ascii=False, indent=2))
        write_atomic(job_dir / "status.json", json.dumps({"state": "queued", "progress": 0.0}))
        log = open(job_dir / "log.txt", "ab")  # noqa: SIM115 — handed to the child process
        self._procs[job_id] = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        return self.status(job_id)

    def status(self, job_id: str) -> dict[str, Any]:
        job_dir = self.root / job_id
        request = read_json(job_dir / "request.json") if job_id.isalnum() else None
        if request is None:
            raise ServiceError(404, "job_not_found", f"no training job {job_id!r}")
        status = read_json(job_dir / "status.json") or {"state": "unknown"}
        proc = self._procs.get(job_id)
        if proc is not None and proc.poll() is not None and status.get("state") not in ("succeeded", "failed"):
            tail = (job_dir / "log.txt").read_text(encoding="utf-8", errors="replace")[-2000:]
            status = {**status, "state": "failed", "error": f"trainer exited with code {proc.returncode}", "log_tail": tail}
        return {"id": job_id, "version": request["version"], "from": request["from"], **status}
