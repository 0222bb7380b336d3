"""What routes get injected: the settings, the extractor, the model registry, the training jobs, and
the admin check. All of them live on ``app.state`` (set by ``create_app`` and its lifespan); tests
replace them with ``app.dependency_overrides``."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from service import pipeline
from service.budget import Admission
from service.errors import ServiceError
from service.registry import ModelRegistry, TrainingJobs
from service.settings import Settings


# The dependencies are coroutines: FastAPI runs a plain function in its thread pool, where /healthz and
# /readyz would wait behind every extraction in progress.
async def settings_dependency(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def extractor_dependency(request: Request) -> pipeline.Extractor:
    """The app's extractor, loaded at startup (or on first use by an app whose lifespan did not run)."""
    state = request.app.state
    if getattr(state, "extractor", None) is None:
        state.extractor = await run_in_threadpool(pipeline.build_extractor, state.settings)
    extractor: pipeline.Extractor = state.extractor
    return extractor


def registry_dependency(request: Request) -> ModelRegistry:
    registry: ModelRegistry = request.app.state.registry
    return registry


def jobs_dependency(request: Request) -> TrainingJobs:
    jobs: TrainingJobs = request.app.state.jobs
    return jobs


SettingsDep = Annotated[Settings, Depends(settings_dependency)]
ExtractorDep = Annotated[pipeline.Extractor, Depends(extractor_dependency)]
RegistryDep = Annotated[ModelRegistry, Depends(registry_dependency)]
JobsDep = Annotated[TrainingJobs, Depends(jobs_dependency)]


async def require_admin(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """``Authorization: Bearer <GOVREPORT_ADMIN_TOKEN>``; with no token configured, admin is closed, never open."""
    token = settings.admin_token
    if not token:
        raise ServiceError("admin_disabled", "admin endpoints are disabled: set GOVREPORT_ADMIN_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    # RFC 6750: the scheme is case-insensitive, the token is compared exactly
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(" ").encode(), token.encode()):
        raise ServiceError(
            "unauthorized", "send 'Authorization: Bearer <admin token>'", headers={"WWW-Authenticate": "Bearer"}
        )


async def admitted(request: Request) -> AsyncIterator[None]:
    """An extraction slot (``service.budget.Admission``) for the request's whole run."""
    admission: Admission = request.app.state.admission
    async with admission.admit():
        yield


#: For ``dependencies=[ADMITTED]`` on the routes that extract.
ADMITTED = Depends(admitted)

#: For ``dependencies=[REQUIRE_ADMIN]`` on a route or router.
REQUIRE_ADMIN = Depends(require_admin)
