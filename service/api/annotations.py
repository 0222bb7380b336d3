"""``POST /v1/annotations`` (admin): hand-checked span annotations, validated and appended."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.annotations import AnnotationError, AnnotationRecord, AnnotationStore
from service.api.deps import REQUIRE_ADMIN, SettingsDep
from service.api.responses import ADMIN, JSON_BODY, error_docs
from service.errors import ServiceError
from service.schema import RequestModel

router = APIRouter(tags=["annotations"], dependencies=[REQUIRE_ADMIN])


class AnnotationsRequest(RequestModel):
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


class Withdrawal(RequestModel):
    reason: str = Field(min_length=1, max_length=2000, description="why the record no longer counts")


class Withdrawn(BaseModel):
    withdrawn: str


@router.post(
    "/v1/annotations/{record_id}/withdraw",
    responses=error_docs(*ADMIN, *JSON_BODY, "annotation_not_found"),
)
def withdraw_annotation(record_id: str, body: Withdrawal, settings: SettingsDep) -> Withdrawn:
    """Retire a record: a new version marked withdrawn, which training leaves out; nothing is overwritten."""
    store = AnnotationStore(settings.annotations_dir, corpus_dir=settings.corpus_dir)
    try:
        store.withdraw(record_id, body.reason)
    except KeyError:
        raise ServiceError("annotation_not_found", f"no annotation record {record_id!r}") from None
    return Withdrawn(withdrawn=record_id)


@router.get("/v1/annotations/{record_id}", responses=error_docs(*ADMIN, "annotation_not_found"))
def get_annotation(record_id: str, settings: SettingsDep) -> AnnotationRecord:
    """The newest version of a record (the workbench reads the corrections people made to a report)."""
    store = AnnotationStore(settings.annotations_dir, corpus_dir=settings.corpus_dir)
    record = store.latest().get(record_id)
    if record is None or record.withdrawn:
        raise ServiceError("annotation_not_found", f"no annotation record {record_id!r}")
    return record
