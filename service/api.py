"""HTTP API of govreport: ``create_app()`` and the module-level ``app`` (``uvicorn service.api:app``).

Every error is a JSON body ``{"error": {"code": ..., "message": ...}}`` (see README, "API"):

======  ==========================  =======================================================
status  code                        when
======  ==========================  =======================================================
413     request_too_large           raw body over ``max_body_bytes`` (before parsing)
413     text_too_large              a text over ``max_text_chars`` characters
413     too_many_items              a batch over ``max_batch_items`` items
413     file_too_large              an uploaded file over ``max_upload_bytes``
413     document_too_large          a DOCX that unpacks to more than 200 MB
415     unsupported_media_type      POST without ``Content-Type: application/json`` (multipart for files)
415     unsupported_document_type   a file that is not PDF, DOCX, HTML or text
422     invalid_document            a damaged PDF, DOCX or HTML file
422     encrypted_document          a password-protected PDF
422     no_text_layer               a scanned PDF without text (no OCR here)
422     undecodable_text            a text file not in UTF-8, UTF-16 or GB18030
422     invalid_json                body is not JSON (syntax error, not UTF-8)
422     invalid_input               JSON that does not fit the request model; blank text
404     not_found                   unknown path
405     method_not_allowed          known path, wrong method (``Allow`` header set)
501     not_implemented             the indicator catalog is not part of this build
503     not_ready                   /readyz only: the extractor is not ready
503     model_unavailable           the model tagger was asked for but is not loaded
500     internal_error              anything unexpected (logged; no details to the client)
======  ==========================  =======================================================
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import admin, pipeline
from service.audit import AuditReport, AuditRequest, render_html, render_md, run_audit
from service.common import (
    BODY_OVERHEAD_BYTES,
    ServiceError,
    check_batch_size,
    check_text,
    load_catalog,
    max_body_bytes,
)
from service.schema import BatchRequest, BatchResponse, ErrorResponse, ExtractOptions, ExtractRequest, ExtractResult
from service.settings import Settings, get_settings

logger = logging.getLogger("govreport.api")

_STATUS_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
    501: "not_implemented",
    503: "not_ready",
}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorResponse.model_validate({"error": {"code": code, "message": message}})
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _error_doc(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


_POST_ERRORS: dict[int | str, dict[str, Any]] = {
    413: _error_doc("request_too_large, text_too_large or too_many_items"),
    415: _error_doc("unsupported_media_type: the body must be sent as application/json"),
    422: _error_doc("invalid_json (body is not JSON) or invalid_input (does not fit the request model)"),
    500: _error_doc("internal_error"),
}
_FILE_ERRORS: dict[int | str, dict[str, Any]] = {
    413: _error_doc("request_too_large, file_too_large, document_too_large or text_too_large"),
    415: _error_doc("unsupported_media_type (not multipart/form-data) or unsupported_document_type"),
    422: _error_doc("invalid_input, invalid_document, encrypted_document, no_text_layer or undecodable_text"),
    500: _error_doc("internal_error"),
}


# --- the extractor ---------------------------------------------------------------------------


def extractor_dependency(request: Request) -> pipeline.Extractor:
    """The app's extractor, loaded at startup. Tests override this with ``app.dependency_overrides``."""
    extractor = getattr(request.app.state, "extractor", None)
    if extractor is None:  # the lifespan did not run (an app used without starting it)
        extractor = request.app.state.extractor = pipeline.get_extractor()
    return extractor


ExtractorDep = Annotated[pipeline.Extractor, Depends(extractor_dependency)]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Load the models before the server accepts requests; a failure to load stops the start.
    extractor = await run_in_threadpool(pipeline.build_extractor, app.state.settings)
    app.state.extractor = extractor
    logger.info("extractor loaded: ready=%s model=%s", extractor.ready, extractor.model_info.model_dump())
    yield


# --- body guard and last-resort error handler ------------------------------------------------


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


class _BodyTooLarge(Exception):
    pass


class GuardMiddleware:
    """Checks POST bodies before they are read, and turns unexpected exceptions into JSON 500s.

    ``json_routes`` maps the path of each JSON POST route to the largest body it accepts, and
    ``upload_routes`` that of each multipart (file upload) route. Those routes get 415 for another
    Content-Type and 413 for a body over the limit, from the Content-Length header or, for a
    streamed body, as soon as the count passes it.
    """

    def __init__(self, app: ASGIApp, json_routes: dict[str, int], upload_routes: dict[str, int]) -> None:
        self.app = app
        self.json_routes = json_routes
        self.upload_routes = upload_routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        path, post = scope["path"], scope["method"] == "POST"
        upload = post and path in self.upload_routes
        limit = (self.upload_routes if upload else self.json_routes).get(path) if post else None
        state = {"started": False, "too_large": False, "received": 0}

        def too_large() -> JSONResponse:
            return error_response(
                413, "request_too_large", f"the request body is larger than {limit:,} bytes; texts are limited in characters"
            )

        if limit is not None:
            headers = Headers(scope=scope)
            content_type = headers.get("content-type")
            if upload and not (content_type or "").lower().startswith("multipart/form-data"):
                await error_response(
                    415, "unsupported_media_type", "send the file as multipart/form-data in the field 'file'"
                )(scope, receive, send)
                return
            if not upload and not _is_json(content_type):
                await error_response(
                    415, "unsupported_media_type", "send the request body as JSON with 'Content-Type: application/json'"
                )(scope, receive, send)
                return
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                await too_large()(scope, receive, send)
                return

        async def guarded_receive() -> Message:
            message = await receive()
            if limit is not None and message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["too_large"] = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if state["too_large"]:
                return  # the framework's answer to the aborted read is replaced by our 413
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except Exception:
            if state["started"]:
                raise
            if not state["too_large"]:
                logger.exception("unexpected error on %s %s", scope["method"], scope["path"])
                await error_response(500, "internal_error", "internal server error")(scope, receive, send)
                return
        if state["too_large"]:
            await too_large()(scope, receive, send)


# --- exception handlers ----------------------------------------------------------------------


def _loc(loc: tuple[Any, ...]) -> str:
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _validation_message(errors: list[dict[str, Any]]) -> str:
    shown = [f"{_loc(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in errors[:5]]
    if len(errors) > 5:
        shown.append(f"and {len(errors) - 5} more")
    return "; ".join(shown)


async def _on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    bad_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
    if bad_json is not None:
        detail = (bad_json.get("ctx") or {}).get("error", "syntax error")
        loc = bad_json.get("loc", ())
        where = f" at position {loc[1]}" if len(loc) > 1 and isinstance(loc[1], int) else ""
        return error_response(422, "invalid_json", f"the request body is not valid JSON: {detail}{where}")
    return error_response(422, "invalid_input", _validation_message(errors))


async def _on_service_error(request: Request, exc: ServiceError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message)


async def _on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400:
        # FastAPI's answer to a body it could not decode (e.g. not UTF-8): same class as bad JSON.
        return error_response(422, "invalid_json", "the request body could not be decoded as UTF-8 JSON")
    code = _STATUS_CODES.get(exc.status_code, "client_error" if exc.status_code < 500 else "internal_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 404:
        message = f"no such path: {request.url.path}"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


# --- the app ---------------------------------------------------------------------------------


def _version() -> str:
    try:
        return version("govreport")
    except PackageNotFoundError:
        return "0+unknown"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="govreport",
        version=_version(),
        description="Standard indicators of Chinese 政府信息公开工作年度报告 from report text, as JSON.",
        lifespan=_lifespan,
    )
    app.state.settings = settings

    @app.post("/v1/extract", response_model=ExtractResult, responses=_POST_ERRORS, tags=["extract"])
    def extract(body: ExtractRequest, extractor: ExtractorDep) -> ExtractResult:
        """Extract the indicators of one report text."""
        check_text(body.text, settings)
        return extractor.extract(body.text, body.options)

    @app.post("/v1/extract/batch", response_model=BatchResponse, responses=_POST_ERRORS, tags=["extract"])
    def extract_batch(body: BatchRequest, extractor: ExtractorDep) -> BatchResponse:
        """Extract several report texts; the results are in the order of the items."""
        check_batch_size(len(body.items), settings)
        for i, item in enumerate(body.items):
            check_text(item.text, settings, where=f"items[{i}].text")
        return BatchResponse(results=[extractor.extract(item.text, item.options) for item in body.items])

    @app.post("/v1/extract/file", response_model=ExtractResult, responses=_FILE_ERRORS, tags=["extract"])
    def extract_file(
        extractor: ExtractorDep,
        file: Annotated[UploadFile, File(description="The report: PDF, DOCX, HTML or text (UTF-8, GB18030).")],
        tagger: Annotated[Literal["model", "lexicon"] | None, Form()] = None,
        include_entities: Annotated[bool, Form()] = True,
    ) -> ExtractResult:
        """Extract the indicators of one report file. The answer's ``document.text`` is the text read
        from the file, which every offset indexes; each value of a PDF names its ``page``."""
        doc = pipeline.read_checked(file.file.read(settings.max_upload_bytes + 1), file.filename, settings)
        return extractor.extract_document(doc, ExtractOptions(tagger=tagger, include_entities=include_entities))

    @app.post(
        "/v1/audit",
        response_model=AuditReport,
        responses={
            200: {
                "description": "The audit as JSON (format json), a self-contained HTML page (html) or Markdown (md).",
                "content": {"text/html": {}, "text/markdown": {}},
            },
            **_POST_ERRORS,
        },
        tags=["audit"],
    )
    def audit(body: AuditRequest, extractor: ExtractorDep) -> Any:
        """Audit reports for oversight: completeness, failed rules, text-vs-table conflicts and, for several
        years of one unit, cross-year checks; the same limits as /v1/extract/batch."""
        check_batch_size(len(body.items), settings)
        for i, item in enumerate(body.items):
            check_text(item.text, settings, where=f"items[{i}].text")
        items = [(item.name or f"报告{i + 1}", item.text) for i, item in enumerate(body.items)]
        report = run_audit(items, extractor, body.options)
        if body.format == "html":
            return HTMLResponse(render_html(report))
        if body.format == "md":
            return Response(render_md(report), media_type="text/markdown")
        return report

    @app.get(
        "/v1/indicators",
        tags=["catalog"],
        responses={501: _error_doc("not_implemented: no catalog in this build"), 500: _error_doc("internal_error")},
    )
    def indicators() -> dict[str, Any]:
        """The catalog of standard indicators (ids, labels, units, tables)."""
        return load_catalog()

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], responses={503: _error_doc("not_ready")})
    def readyz(extractor: ExtractorDep) -> dict[str, Any]:
        """Readiness: the models are loaded; names the model that serves."""
        if not extractor.ready:
            raise ServiceError(503, "not_ready", "the extraction models are not loaded")
        return {"status": "ready", "model": extractor.model_info.model_dump()}

    app.include_router(admin.router)
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ServiceError, _on_service_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_error)  # type: ignore[arg-type]

    single, batch = max_body_bytes(settings), max_body_bytes(settings, settings.max_batch_items)
    upload_routes = {"/v1/extract/file": settings.max_upload_bytes + BODY_OVERHEAD_BYTES}
    json_routes = {
        route.path: batch if route.path.endswith("/batch") or route.path == "/v1/audit" else single
        for route in app.routes
        if isinstance(route, APIRoute) and "POST" in route.methods and route.path not in upload_routes
    }
    app.add_middleware(GuardMiddleware, json_routes=json_routes, upload_routes=upload_routes)
    return app


app = create_app()
