"""``/v1/models``: model versions, their reports, which one serves, and training jobs (admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field, field_validator

from service.api.deps import REQUIRE_ADMIN, ExtractorDep, JobsDep, RegistryDep
from service.api.responses import ADMIN, JSON_BODY, error_docs
from service.errors import ServiceError
from service.registry import Job, ModelVersion
from service.schema import ModelInfo, RequestModel

router = APIRouter(tags=["models"])


class ModelVersions(BaseModel):
    versions: list[ModelVersion]


class Activated(BaseModel):
    active: str
    model: ModelInfo


class TrainRequest(RequestModel):
    epochs: int = Field(default=2, ge=1, le=50)
    from_version: str | None = Field(default=None, description="Version to fine-tune further; default the active one.")
    max_minutes: float | None = Field(default=None, gt=0, le=7 * 24 * 60, allow_inf_nan=False)

    @field_validator("epochs", "max_minutes", mode="before")
    @classmethod
    def _json_numbers(cls, value: Any) -> Any:
        """Numbers as JSON numbers (2 and 2.0 are the same integer in JSON; "2" and true are not numbers)."""
        if isinstance(value, str | bool):
            raise ValueError("must be a JSON number")
        return value


class JobList(BaseModel):
    jobs: list[Job] = Field(description="newest first")


@router.get("/v1/models")
def list_models(registry: RegistryDep) -> ModelVersions:
    """Model versions with their metrics; ``active`` marks the one being served."""
    return ModelVersions(versions=registry.versions())


@router.get(
    "/v1/models/{version}/report",
    response_class=FileResponse,
    responses=error_docs("model_not_found", "report_not_found"),
)
def model_report(version: str, registry: RegistryDep) -> FileResponse:
    """The evaluation report written with the model (HTML)."""
    path = registry.path(version) / "report" / "report.html"
    if not path.is_file():
        raise ServiceError("report_not_found", f"no evaluation report for model version {version!r}")
    return FileResponse(path, media_type="text/html")


@router.post(
    "/v1/models/{version}/activate",
    dependencies=[REQUIRE_ADMIN],
    responses=error_docs(*ADMIN, "model_not_found", "model_invalid"),
)
def activate(version: str, registry: RegistryDep, extractor: ExtractorDep) -> Activated:
    """Load the version, then swap it in atomically; the previous version stays on disk."""
    registry.activate(version, extractor.swap_model)
    return Activated(active=version, model=extractor.model_info)


@router.post(
    "/v1/models/train",
    dependencies=[REQUIRE_ADMIN],
    status_code=202,
    responses=error_docs(*ADMIN, *JSON_BODY, "model_not_found", "job_running", "training_unavailable"),
)
def start_training(body: TrainRequest, jobs: JobsDep) -> Job:
    """Start a background training job on the stored annotations; poll GET /v1/models/jobs/{id}."""
    return jobs.start(body.epochs, body.from_version, body.max_minutes)


@router.get("/v1/models/jobs", dependencies=[REQUIRE_ADMIN], responses=error_docs(*ADMIN))
def list_jobs(jobs: JobsDep) -> JobList:
    """Every training job, newest first."""
    return JobList(jobs=jobs.jobs())


@router.get("/v1/models/jobs/{job_id}", dependencies=[REQUIRE_ADMIN], responses=error_docs(*ADMIN, "job_not_found"))
def job_status(job_id: str, jobs: JobsDep) -> Job:
    """A training job: what it was asked and how far it is (a job whose process is gone reads as failed)."""
    return jobs.job(job_id)
