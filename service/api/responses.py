"""The API's error answers: the JSON body of every error, and each route's OpenAPI ``responses``,
both from the one catalogue of codes (``service.errors.ERRORS``)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from service.errors import ERRORS
from service.schema import ErrorBody, ErrorResponse

#: What every JSON POST route can answer before its own checks run.
JSON_BODY = ("request_too_large", "request_timeout", "unsupported_media_type", "invalid_json", "invalid_input")
#: What every extracting route can answer (``service.budget``).
BOUNDED = ("overloaded", "timeout")
#: What every admin route can answer.
ADMIN = ("unauthorized", "admin_disabled")


def error_response(code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """``{"error": {"code", "message"}}`` with the code's status."""
    body = ErrorResponse(error=ErrorBody(code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=ERRORS[code].status, headers=headers)


def error_docs(*codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the codes a route answers (and ``internal_error``), one entry a status."""
    by_status: dict[int, list[str]] = {}
    for code in dict.fromkeys((*codes, "internal_error")):
        by_status.setdefault(ERRORS[code].status, []).append(f"- `{code}`: {ERRORS[code].meaning}")
    return {
        status: {"model": ErrorResponse, "description": "\n".join(lines)} for status, lines in sorted(by_status.items())
    }
