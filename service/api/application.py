"""The FastAPI application: ``create_app`` wires the routers, the body guard and the error handlers.

Every error leaves as ``{"error": {"code", "message"}}`` with the status of its code in
``service.errors.ERRORS``: ``ServiceError`` raised anywhere below, FastAPI's validation errors
(``invalid_json``, ``invalid_input``), routing errors (``not_found``, ``method_not_allowed``), the
guard's refusals before a body is read, and anything unexpected (``internal_error``, logged).
"""

import asyncio
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import pipeline
from service.api import annotations, audit, catalog, extract, models, ops, workbench
from service.api.responses import error_response
from service.budget import Admission
from service.common import BODY_OVERHEAD_BYTES, max_body_bytes
from service.errors import ServiceError
from service.registry import ModelRegistry, TrainingJobs
from service.settings import Settings, get_settings

logger = logging.getLogger("govreport.api")

#: JSON POST routes that take several texts: their body bound is the batch's.
_BATCH_ROUTES = frozenset({"/v1/extract/batch", "/v1/audit", "/v1/annotations", "/v1/export"})
#: The codes of the framework's own HTTP errors (400: a body FastAPI could not decode).
_HTTP_CODES = {400: "invalid_json", 404: "not_found", 405: "method_not_allowed"}


#: a text of one full window: what the warm-up runs in every extraction slot
_WARM_UP = "某区政府信息公开工作年度报告\n一、总体情况\n" + "全年主动公开政府信息336条，受理政府信息公开申请12件。" * 20


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Load the models before the server accepts requests (a model that does not load leaves it not
    # ready), then run every extraction slot once: the first requests are not slower than the rest, and
    # the idle process already holds what a full load needs, so memory stays flat under load.
    settings: Settings = app.state.settings
    extractor = await run_in_threadpool(pipeline.build_extractor, settings)
    app.state.extractor = extractor
    if extractor.ready:
        try:
            await asyncio.gather(*(run_in_threadpool(extractor.extract, _WARM_UP) for _ in range(settings.max_running)))
        except Exception:  # a warm-up is no reason not to start
            logger.exception("warm-up extraction failed")
    logger.info("extractor loaded: ready=%s model=%s", extractor.ready, extractor.model_info.model_dump())
    yield


# --- body guard and last-resort error handler ------------------------------------------------


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


class _BodyTooLarge(Exception):
    """The body read is abandoned (too large, or stalled)."""


class _NotUtf8(Exception):
    pass


#: the first bytes of JSON in UTF-16 or UTF-32 (RFC 8259: JSON between systems is UTF-8)
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00")


class GuardMiddleware:
    """Checks POST bodies before they are read, and turns unexpected exceptions into JSON 500s.

    ``json_routes`` maps the path of each JSON POST route to the largest body it accepts, and
    ``upload_routes`` that of each multipart (file upload) route. Those routes get 415 for another
    Content-Type and 413 for a body over the limit, from the Content-Length header or, for a
    streamed body, as soon as the count passes it.
    """

    def __init__(
        self, app: ASGIApp, json_routes: dict[str, int], upload_routes: dict[str, int], body_timeout_s: float
    ) -> None:
        self.app = app
        self.json_routes = json_routes
        self.upload_routes = upload_routes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        path, post = scope["path"], scope["method"] == "POST"
        upload = post and path in self.upload_routes
        limit = (self.upload_routes if upload else self.json_routes).get(path) if post else None
        state = {"started": False, "too_large": False, "not_utf8": False, "stalled": False, "received": 0}

        def too_large() -> JSONResponse:
            return error_response(
                "request_too_large", f"the request body is larger than {limit:,} bytes; texts are limited in characters"
            )

        if limit is not None:
            headers = Headers(scope=scope)
            content_type = headers.get("content-type")
            if upload and not (content_type or "").lower().startswith("multipart/form-data"):
                await error_response(
                    "unsupported_media_type", "send the file as multipart/form-data in the field 'file'"
                )(scope, receive, send)
                return
            if not upload and not _is_json(content_type):
                await error_response(
                    "unsupported_media_type", "send the request body as JSON with 'Content-Type: application/json'"
                )(scope, receive, send)
                return
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                await too_large()(scope, receive, send)
                return

        async def guarded_receive() -> Message:
            if limit is None:
                return await receive()
            try:  # a client that stops sending its body holds a connection and a buffer: not for long
                message = await asyncio.wait_for(receive(), timeout=self.body_timeout_s)
            except TimeoutError:
                state["stalled"] = True
                raise _BodyTooLarge from None
            if message["type"] == "http.request":
                body = message.get("body", b"")
                if not upload and state["received"] == 0 and body[:2] and body[:2].startswith(_WIDE_STARTS):
                    state["not_utf8"] = True
                    raise _NotUtf8
                state["received"] += len(body)
                if state["received"] > limit:
                    state["too_large"] = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if state["too_large"] or state["not_utf8"] or state["stalled"]:
                return  # the framework's answer to the aborted read is replaced by ours
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except Exception:
            if state["started"]:
                raise
            if not (state["too_large"] or state["not_utf8"] or state["stalled"]):
                logger.exception("unexpected error on %s %s", scope["method"], scope["path"])
                await error_response("internal_error", "internal server error")(scope, receive, send)
                return
        if state["too_large"]:
            await too_large()(scope, receive, send)
        elif state["not_utf8"]:
            await error_response("invalid_json", "the request body must be UTF-8 JSON (RFC 8259)")(scope, receive, send)
        elif state["stalled"]:
            message = f"the request body did not arrive within {self.body_timeout_s:g} s (GOVREPORT_BODY_TIMEOUT_S)"
            await error_response("request_timeout", message)(scope, receive, send)


_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """``X-Request-ID``: the client's (when it is a plain token of at most 128 characters) or a new one;
    echoed on the response and named in the log line of every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("x-request-id", "")
        request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info(
                "%s %s %s %d %.3fs", request_id, scope["method"], scope["path"], status, time.perf_counter() - started
            )


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
        return error_response("invalid_json", f"the request body is not valid JSON: {detail}{where}")
    too_many = next(
        (e for e in errors if e.get("type") == "too_long" and tuple(e.get("loc", ())) == ("body", "items")), None
    )
    if too_many is not None:  # refused by the schema before any item was parsed
        settings: Settings = request.app.state.settings
        count = (too_many.get("ctx") or {}).get("actual_length")
        return error_response(
            "too_many_items",
            f"the batch has {count} items; the limit is {settings.max_batch_items} (GOVREPORT_MAX_BATCH_ITEMS)",
        )
    return error_response("invalid_input", _validation_message(errors))


async def _on_service_error(request: Request, exc: ServiceError) -> JSONResponse:
    return error_response(exc.code, exc.message, headers=exc.headers)


async def _on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code)
    if code is None:  # no route raises another one: a fault of ours
        logger.error("unexpected HTTP error %s on %s %s: %s", exc.status_code, request.method, request.url.path, exc)
        return error_response("internal_error", "internal server error")
    message = {
        # JSON syntax errors are 422 with their position (above); what the decoder gives up on is this
        "invalid_json": "the request body could not be decoded: bytes that are not UTF-8, arrays or objects "
        "nested too deeply, or a number with too many digits",
        "not_found": f"no such path: {request.url.path}",
        "method_not_allowed": f"{request.method} is not allowed on {request.url.path}",
    }[code]
    return error_response(code, message, headers=getattr(exc, "headers", None))


# --- the app ---------------------------------------------------------------------------------


def _version() -> str:
    try:
        return version("govreport")
    except PackageNotFoundError:
        return "0+unknown"


def _openapi_with_limits(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """The schema with this server's configured batch limit (the models carry only its ceiling)."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes, description=app.description)
        for name in ("BatchRequest", "AuditRequest"):
            schema["components"]["schemas"][name]["properties"]["items"]["maxItems"] = settings.max_batch_items
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="govreport",
        version=_version(),
        description="Standard indicators of Chinese 政府信息公开工作年度报告 from report text, as JSON.",
        lifespan=_lifespan,
    )
    registry = ModelRegistry.from_settings(settings)
    app.state.settings = settings
    app.state.registry = registry
    app.state.jobs = TrainingJobs(registry, settings.annotations_dir, settings.corpus_dir)
    app.state.admission = Admission(settings.max_running, settings.max_waiting, settings.time_budget_s)
    app.openapi = lambda: _openapi_with_limits(app, settings)  # type: ignore[method-assign]
    routers = [module.router for module in (extract, audit, catalog, ops, models, annotations, workbench)]
    for router in routers:
        app.include_router(router)
    app.mount("/static", workbench.static_files(), name="static")
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(ServiceError, _on_service_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_error)  # type: ignore[arg-type]

    # Every JSON POST route is guarded; the routes that take several texts get the batch bound.
    single, batch = max_body_bytes(settings), max_body_bytes(settings, settings.max_batch_items)
    upload_routes = {"/v1/extract/file": settings.max_upload_bytes + BODY_OVERHEAD_BYTES}
    json_routes = {
        route.path: batch if route.path in _BATCH_ROUTES else single
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and "POST" in (route.methods or ()) and route.path not in upload_routes
    }
    app.add_middleware(
        GuardMiddleware, json_routes=json_routes, upload_routes=upload_routes, body_timeout_s=settings.body_timeout_s
    )
    app.add_middleware(RequestIdMiddleware)
    return app
