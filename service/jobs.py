"""The training job contract between the service and the trainer (``training/``).

The service owns these types: it writes a ``JobRequest`` when it starts a job and reads the
``JobStatus`` the trainer writes (atomically) into the job's directory. Neither side imports the other.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

JobState = Literal["queued", "running", "succeeded", "failed", "unknown"]


class JobRequest(BaseModel):
    """What a training job was asked to do (``jobs/<id>/request.json``)."""

    id: str
    version: str = Field(description="the model version the job writes")
    from_version: str = Field(description="the model version it fine-tunes")
    epochs: int
    max_minutes: float | None = None
    created: str = Field(description="UTC time the job was started, ISO 8601")
    command: list[str] = Field(default_factory=list, description="the trainer's command line, for a rerun by hand")


class JobStatus(BaseModel):
    """Progress of a training job (``jobs/<id>/status.json``), written by the trainer."""

    state: JobState
    progress: float = Field(default=0.0, ge=0.0, le=1.0)
    epoch: int | None = None
    step: int | None = None
    total_steps: int | None = None
    loss: float | None = None
    best_dev_f1: float | None = None
    model_dir: str | None = None
    version: str | None = None
    metrics: dict[str, Any] = Field(default_factory=dict, description="the model card's overall metrics per split")
    error: str | None = None
    log_tail: str | None = None
