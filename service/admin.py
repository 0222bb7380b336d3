"""Admin endpoints: store annotations, train a new model version, list versions, activate one.

All of them but the listings require ``Authorization: Bearer <GOVREPORT_ADMIN_TOKEN>``; with no token
configured they are disabled (403), never open.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from service.annotations import AnnotationError, AnnotationRecord, AnnotationStore
from service.common import ServiceError
from service.pipeline import Extractor
from service.registry import ModelRegistry, TrainingJobs
from service.settings import Settings

router = APIRouter(prefix="/v1", tags=["admin"])


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _extractor(request: Request) -> Extractor:
    return request.app.state.extractor


def _jobs(request: Request) -> TrainingJobs:
    state = request.app.state
    if getattr(state, "jobs", None) is None:
        s: Settings = state.settings
        state.jobs = TrainingJobs(ModelRegistry(s.models_root), s.annotations_dir, s.corpus_dir)
    return state.jobs


def require_admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    token = _settings(request).admin_token
    if not token:
        raise ServiceError(403, "admin_disabled", "admin endpoints are disabled: set GOVREPORT_ADMIN_TOKEN")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ServiceError(401, "unauthorized", "send 'Authorization: Bearer <admin token>'")


Admin = Depends(require_admin)


class AnnotationsRequest(BaseModel):
    records: list[AnnotationRecord] = Field(min_length=1, max_length=1000)


class TrainRequest(BaseModel):
    epochs: int = Field(default=2, ge=1, le=50)
    from_version: str | None = Field(default=None, description="Version to fine-tune further; default the active one.")
    max_minutes: float | None = Field(default=None, gt=0)


@router.post("/annotations", dependencies=[Admin], status_code=201)
def add_annotations(body: AnnotationsRequest, request: Request) -> dict[str, Any]:
    """Validate and append annotation records (never overwritten: a record with a known id is a new version)."""
    s = _settings(request)
    store = AnnotationStore(s.annotations_dir, corpus_dir=s.corpus_dir)
    try:
        ids = store.add(body.records, verify=True)
    except (AnnotationError, ValueError, OSError) as exc:
        raise ServiceError(422, "invalid_annotation", str(exc)) from exc
    return {"stored": ids, "count": len(ids)}


@router.post("/models/train", dependencies=[Admin], status_code=202)
def start_training(body: TrainRequest, request: Request) -> dict[str, Any]:
    """Start a background training job on the stored annotations; poll GET /v1/models/jobs/{id}."""
    return _jobs(request).start(body.epochs, body.from_version, body.max_minutes)


@router.get("/models/jobs/{job_id}", dependencies=[Admin])
def job_status(job_id: str, request: Request) -> dict[str, Any]:
    return _jobs(request).status(job_id)


@router.get("/models")
def list_models(request: Request) -> dict[str, Any]:
    """Model versions with their metrics; ``active`` marks the one being served."""
    return {"versions": _jobs(request).registry.versions()}


@router.get("/models/{version}/report", response_class=FileResponse)
def model_report(version: str, request: Request) -> FileResponse:
    """The evaluation report written with the model (HTML)."""
    path: Path = _jobs(request).registry.path(version) / "report" / "report.html"
    if not path.is_file():
        raise ServiceError(404, "report_not_found", f"no evaluation report for model version {version!r}")
    return FileResponse(path, media_type="text/html")


@router.post("/models/{version}/activate", dependencies=[Admin])
def activate(version: str, request: Request) -> dict[str, Any]:
    """Load the version, then swap it in atomically; the previous version stays on disk."""
    registry = _jobs(request).registry
    extractor = _extractor(request)
    path = registry.path(version)
    if not path.is_dir():
        raise ServiceError(404, "model_not_found", f"no model version {version!r}")
    extractor.swap_model(path)  # raises if it does not load: nothing changes
    registry.set_active(version)
    return {"active": version, "model": extractor.model_info.model_dump()}
