"""``POST /v1/annotations`` (admin): hand-checked span annotations, validated and appended."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.annotations import AnnotationError, AnnotationRecord, AnnotationStore
from service.api.deps import REQUIRE_ADMIN, SettingsDep
from service.api.responses import ADMIN, JSON_BODY, error_docs
from service.errors import ServiceError

router = APIRouter(tags=["annotations"], dependencies=[REQUIRE_ADMIN])


class AnnotationsRequest(BaseModel):
    records: list[AnnotationRecord] = Field(min_length=1, max_length=1000)


class AnnotationsStored(BaseModel):
    stored: list[str] = Field(description="the ids stored, in the order sent")
    count: int


@router.post("/v1/annotations", status_code=201, responses=error_docs(*ADMIN, *JSON_BODY, "invalid_annotation"))
def add_annotations(body: AnnotationsRequest, settings: SettingsDep) -> AnnotationsStored:
    """Validate and append annotation records (never overwritten: a record with a known id is a new version)."""
    store = AnnotationStore(settings.annotations_dir, corpus_dir=settings.corpus_dir)
    try:
        ids = store.add(body.records, verify=True)
    except (AnnotationError, ValueError, OSError) as exc:
        raise ServiceError("invalid_annotation", str(exc)) from exc
    return AnnotationsStored(stored=ids, count=len(ids))
