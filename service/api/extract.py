"""``POST /v1/extract``, ``/v1/extract/batch`` and ``/v1/extract/file``: the indicators of reports."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from service import pipeline
from service.api.deps import ADMITTED, ExtractorDep, SettingsDep
from service.api.responses import BOUNDED, JSON_BODY, error_docs
from service.common import check_batch_size, check_text
from service.errors import ServiceError
from service.schema import BatchRequest, BatchResponse, ExtractOptions, ExtractRequest, ExtractResult

router = APIRouter(tags=["extract"])

_DOCUMENT = ("file_too_large", "document_too_large", "unsupported_document_type", "invalid_document")
_PDF = ("encrypted_document", "no_text_layer", "undecodable_text")


@router.post(
    "/v1/extract",
    response_model=ExtractResult,
    responses=error_docs(*JSON_BODY, *BOUNDED, "text_too_large", "model_unavailable"),
    dependencies=[ADMITTED],
)
def extract(body: ExtractRequest, extractor: ExtractorDep, settings: SettingsDep) -> ExtractResult:
    """Extract the indicators of one report text."""
    check_text(body.text, settings)
    return extractor.extract(body.text, body.options)


@router.post(
    "/v1/extract/batch",
    response_model=BatchResponse,
    responses=error_docs(*JSON_BODY, *BOUNDED, "text_too_large", "too_many_items", "model_unavailable"),
    dependencies=[ADMITTED],
)
def extract_batch(body: BatchRequest, extractor: ExtractorDep, settings: SettingsDep) -> BatchResponse:
    """Extract several report texts; the results are in the order of the items."""
    check_batch_size(len(body.items), settings)
    for i, item in enumerate(body.items):
        check_text(item.text, settings, where=f"items[{i}].text")
    return BatchResponse(results=[extractor.extract(item.text, item.options) for item in body.items])


_FILE_FIELDS = frozenset({"file", "tagger", "include_entities"})


async def _known_form_fields(request: Request) -> None:
    """A form field this route does not know, or an empty option, is an error, as in JSON (a typo must not
    mean the default)."""
    form = await request.form()
    unknown = sorted(set(form.keys()) - _FILE_FIELDS)
    if unknown:
        raise ServiceError("invalid_input", f"unknown form fields: {', '.join(map(repr, unknown[:5]))}")
    empty = [name for name in ("tagger", "include_entities") if form.get(name) == ""]
    if empty:  # FastAPI would read an empty field as unset: the default, which the client did not ask for
        raise ServiceError("invalid_input", f"empty form fields: {', '.join(empty)}; leave them out for the default")


@router.post(
    "/v1/extract/file",
    response_model=ExtractResult,
    responses=error_docs(*JSON_BODY, *BOUNDED, *_DOCUMENT, *_PDF, "text_too_large", "model_unavailable"),
    dependencies=[Depends(_known_form_fields), ADMITTED],
)
def extract_file(
    extractor: ExtractorDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="The report: PDF, DOCX, HTML or text (UTF-8, GB18030).")],
    tagger: Annotated[Literal["model", "lexicon"] | None, Form()] = None,
    include_entities: Annotated[bool, Form()] = True,
) -> ExtractResult:
    """Extract the indicators of one report file. The answer's ``document.text`` is the text read
    from the file, which every offset indexes; each value of a PDF names its ``page``."""
    doc = pipeline.read_checked(file.file.read(settings.max_upload_bytes + 1), file.filename, settings)
    return extractor.extract_document(doc, ExtractOptions(tagger=tagger, include_entities=include_entities))
