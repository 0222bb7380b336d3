"""Bounded work (service/budget.py): a full server answers 503 with Retry-After at once, liveness never
waits behind extractions, a request past its time budget ends with 504; and the admin bearer scheme."""

import asyncio
import json
import threading

import anyio
from fastapi.testclient import TestClient

from service.api import create_app
from service.api.deps import extractor_dependency
from service.pipeline import Extractor
from service.settings import Settings
from tests.api.test_api import TEXT, assert_error
from tests.fakes import FakeExtractor


class BlockingExtractor(FakeExtractor):
    """Holds every extraction until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.release = threading.Event()

    def extract(self, text, options=None):
        self.started.set()
        assert self.release.wait(30)
        return super().extract(text, options)


def test_a_full_server_answers_503_with_retry_after_and_stays_live():
    extractor = BlockingExtractor()
    app = create_app(Settings(max_running=1, max_waiting=0))

    async def blocking_extractor() -> BlockingExtractor:  # a coroutine, as the dependency it replaces
        return extractor

    app.dependency_overrides[extractor_dependency] = blocking_extractor
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.portal is not None
        # one worker thread in all, as when every thread of the pool is busy extracting
        client.portal.call(lambda: setattr(anyio.to_thread.current_default_thread_limiter(), "total_tokens", 1))
        first: dict = {}
        worker = threading.Thread(target=lambda: first.update(r=client.post("/v1/extract", json={"text": TEXT})))
        worker.start()
        assert extractor.started.wait(30)
        answers: dict = {}
        probe = threading.Thread(
            target=lambda: answers.update(
                busy=client.post("/v1/extract", json={"text": TEXT}),
                health=client.get("/healthz"),
                ready=client.get("/readyz"),
            )
        )
        probe.start()
        probe.join(10)  # before, these waited for the busy thread: liveness starved behind extraction
        assert not probe.is_alive(), "a request waited behind the extraction"
        assert_error(answers["busy"], 503, "overloaded")
        assert answers["busy"].headers["retry-after"] == "1"
        assert answers["health"].status_code == 200 and answers["ready"].status_code == 200
        extractor.release.set()
        worker.join(30)
        assert first["r"].status_code == 200
        assert client.post("/v1/extract", json={"text": TEXT}).status_code == 200  # the slot came back
    assert len(extractor.calls) == 2  # the refused request never ran


def test_a_request_past_its_time_budget_ends_with_504(extractor: Extractor):
    app = create_app(Settings(time_budget_s=1e-6, default_tagger="lexicon"))
    app.dependency_overrides[extractor_dependency] = lambda: extractor
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_error(client.post("/v1/extract", json={"text": TEXT * 50}), 504, "timeout")
        assert "GOVREPORT_TIME_BUDGET_S" in error["message"]
    # outside a request there is no budget: the CLI and batch runs are not cut short
    assert extractor.extract(TEXT * 50).indicators


def test_the_bearer_scheme_is_case_insensitive_and_the_token_exact(tmp_path):
    app = create_app(Settings(admin_token="secret", models_root=tmp_path, annotations_dir=tmp_path / "a"))
    with TestClient(app, raise_server_exceptions=False) as client:
        for header in ("Bearer secret", "bearer secret", "BEARER secret"):
            assert client.get("/v1/models/jobs", headers={"Authorization": header}).status_code == 200, header
        for header in ("secret", "Bearer secretx", "Bearer Secret", "Basic secret", "Bearer"):
            r = client.get("/v1/models/jobs", headers={"Authorization": header})
            assert_error(r, 401, "unauthorized")
            assert r.headers["www-authenticate"] == "Bearer"


def test_a_stalled_body_is_answered_408_and_the_connection_released():
    app = create_app(Settings(body_timeout_s=0.2))
    sent: list[dict] = []

    async def stalled_receive():
        await asyncio.sleep(3600)  # the client never sends its body

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/v1/extract", "raw_path": b"/v1/extract", "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
        "http_version": "1.1", "scheme": "http", "server": ("test", 80), "client": ("test", 1), "root_path": "",
    }  # fmt: skip
    asyncio.run(asyncio.wait_for(app(scope, stalled_receive, send), timeout=10))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 408 and json.loads(body)["error"]["code"] == "request_timeout"


def test_request_ids_are_echoed_or_made():
    client = TestClient(create_app(Settings()))
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"}).headers["x-request-id"]
    assert made != "bad id\twith spaces" and len(made) == 32
    assert client.post("/v1/extract", json={}).headers["x-request-id"]  # errors carry one too
