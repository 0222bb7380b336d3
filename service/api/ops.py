"""``GET /healthz`` and ``GET /readyz``: liveness and readiness for the orchestrator."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from service.api.deps import ExtractorDep
from service.api.responses import error_docs
from service.errors import ServiceError
from service.schema import ModelInfo

router = APIRouter(tags=["ops"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    model: ModelInfo


# coroutines: they answer on the event loop, never behind extractions in the thread pool
@router.get("/healthz")
async def healthz() -> Health:
    """Liveness: the process answers."""
    return Health()


@router.get("/readyz", responses=error_docs("not_ready"))
async def readyz(extractor: ExtractorDep) -> Ready:
    """Readiness: the models are loaded; names the model that serves."""
    if not extractor.ready:
        raise ServiceError("not_ready", "the extraction models are not loaded")
    return Ready(model=extractor.model_info)
