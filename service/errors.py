"""Every error code of the service, as data: code → HTTP status and what it means.

This is the one list. Code raises ``ServiceError(code, message)`` and the status comes from here;
the API's OpenAPI ``responses`` are built from it (``service.api.responses``), and a test checks
that README's error table says the same and that no code is raised that is not listed here. The CLI
turns the same errors into a message and an exit code.
"""

from __future__ import annotations

from typing import NamedTuple


class ErrorCode(NamedTuple):
    status: int
    meaning: str


ERRORS: dict[str, ErrorCode] = {
    "unauthorized": ErrorCode(401, "an admin endpoint without the right `Authorization: Bearer` token"),
    "admin_disabled": ErrorCode(403, "an admin endpoint while `GOVREPORT_ADMIN_TOKEN` is unset"),
    "not_found": ErrorCode(404, "no such path"),
    "model_not_found": ErrorCode(404, "no such model version"),
    "report_not_found": ErrorCode(404, "the model version has no evaluation report"),
    "job_not_found": ErrorCode(404, "no such training job"),
    "annotation_not_found": ErrorCode(404, "no annotation record with that id"),
    "method_not_allowed": ErrorCode(405, "wrong method for the path (with an `Allow` header)"),
    "job_running": ErrorCode(409, "a training job is already running"),
    "request_timeout": ErrorCode(408, "a POST body that did not arrive within `GOVREPORT_BODY_TIMEOUT_S`"),
    "request_too_large": ErrorCode(413, "the raw body is over the byte bound, checked before any parsing"),
    "text_too_large": ErrorCode(413, "a text (each batch item too) over `GOVREPORT_MAX_TEXT_CHARS` characters"),
    "too_many_items": ErrorCode(413, "a batch over `GOVREPORT_MAX_BATCH_ITEMS` items"),
    "file_too_large": ErrorCode(413, "an uploaded file over `GOVREPORT_MAX_UPLOAD_BYTES`"),
    "document_too_large": ErrorCode(413, "a DOCX that unpacks to more than 200 MB"),
    "unsupported_media_type": ErrorCode(415, "a body that is not JSON (multipart for `/v1/extract/file`)"),
    "unsupported_document_type": ErrorCode(415, "a file that is not PDF, DOCX, HTML or text"),
    "invalid_json": ErrorCode(422, "the body is not JSON (syntax error, not UTF-8)"),
    "invalid_input": ErrorCode(422, "JSON that does not fit the request; a blank text or file"),
    "invalid_document": ErrorCode(422, "a damaged PDF, DOCX or HTML file"),
    "encrypted_document": ErrorCode(422, "a PDF that needs a password"),
    "no_text_layer": ErrorCode(
        422, "a PDF with no text layer that OCR cannot read (no ocr extra, too many pages, no text found)"
    ),
    "undecodable_text": ErrorCode(422, "a text file not in UTF-8, UTF-16 (with BOM) or GB18030"),
    "invalid_annotation": ErrorCode(422, "annotation records that do not validate (nothing is stored)"),
    "model_invalid": ErrorCode(422, "a model version that does not load (the served model stays)"),
    "internal_error": ErrorCode(500, "anything unexpected; logged, the client gets a generic message"),
    "not_implemented": ErrorCode(501, "the indicator catalog is not part of this build"),
    "training_unavailable": ErrorCode(501, "training is not installed (the Docker image leaves it out)"),
    "not_ready": ErrorCode(503, "`/readyz` while the extractor is not ready"),
    "model_unavailable": ErrorCode(503, "the model tagger was asked for but no model is loaded"),
    "overloaded": ErrorCode(
        503, "every extraction slot is busy and the waiting line is full (`Retry-After` says when to retry)"
    ),
    "timeout": ErrorCode(504, "the extraction did not finish within `GOVREPORT_TIME_BUDGET_S`"),
}


class ServiceError(Exception):
    """A refusal the caller can act on: a stable code of ``ERRORS`` (which gives the status) and a message.

    An unknown code is a programming error and fails here, at the raising site.
    """

    def __init__(self, code: str, message: str, *, headers: dict[str, str] | None = None) -> None:
        if code not in ERRORS:
            raise ValueError(f"unknown error code {code!r}: add it to service.errors.ERRORS")
        super().__init__(message)
        self.status = ERRORS[code].status
        self.code = code
        self.message = message
        self.headers = headers  # HTTP headers of the answer (Retry-After, WWW-Authenticate)
