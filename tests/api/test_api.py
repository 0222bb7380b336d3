"""The HTTP API (service/api/): the extraction routes and every error code the framework and the guard give."""

import json
import logging
import sys
import types

import pytest
from fastapi.testclient import TestClient

from service import pipeline
from service.api import create_app, extractor_dependency
from service.common import max_body_bytes
from service.schema import (
    BatchResponse,
    ExtractOptions,
    ExtractResult,
)
from service.settings import MAX_BATCH_ITEMS_CEILING, Settings
from tests.fakes import FakeExtractor

TEXT = "鸭河工区管委会2019年政府信息公开工作年度报告\n一、总体情况\n政府网站公开政府信息336条。"


def make_client(
    settings: Settings | None = None, extractor: FakeExtractor | None = None
) -> tuple[TestClient, FakeExtractor]:
    extractor = extractor or FakeExtractor()
    app = create_app(settings or Settings())
    app.dependency_overrides[extractor_dependency] = lambda: extractor
    return TestClient(app, raise_server_exceptions=False), extractor


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


# --- happy paths ------------------------------------------------------------------------------


def test_healthz():
    client, _ = make_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_ready_names_the_model():
    client, _ = make_client()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "model": {"name": "fake", "version": "1", "labels": ["HEADING", "METRIC", "NUMBER"]},
    }


def test_readyz_not_ready_is_503():
    client, _ = make_client(extractor=FakeExtractor(ready=False))
    assert_error(client.get("/readyz"), 503, "not_ready")


def test_extract_returns_the_contract():
    client, extractor = make_client()
    response = client.post("/v1/extract", json={"text": TEXT, "options": {"tagger": "lexicon"}})
    assert response.status_code == 200, response.text
    body = response.json()
    result = ExtractResult.model_validate(body)
    assert body["schema_version"] == "1"
    assert result.report.title == TEXT.splitlines()[0]
    indicator = result.indicators[0]
    assert TEXT[indicator.start : indicator.end] == "336条"
    assert extractor.calls == [(TEXT, ExtractOptions(tagger="lexicon"))]
    assert "鸭河工区" in response.text  # non-ASCII is sent as is


def test_extract_accepts_json_content_type_variants():
    client, _ = make_client()
    for content_type in ("application/json; charset=utf-8", "application/vnd.govreport+json"):
        response = client.post(
            "/v1/extract", content=json.dumps({"text": TEXT}), headers={"content-type": content_type}
        )
        assert response.status_code == 200, (content_type, response.text)


def test_extract_is_not_gated_on_readiness():
    """/readyz reports readiness; what a not-ready extractor does (e.g. fall back to the lexicon
    and name it in ``model``) is the pipeline's decision, not the API's."""
    client, _ = make_client(extractor=FakeExtractor(ready=False))
    assert client.post("/v1/extract", json={"text": TEXT}).status_code == 200


def test_batch_returns_results_in_order():
    client, extractor = make_client()
    texts = [TEXT, "第二份报告\n政府网站公开政府信息12条。"]
    response = client.post("/v1/extract/batch", json={"items": [{"text": t} for t in texts]})
    assert response.status_code == 200, response.text
    results = BatchResponse.model_validate(response.json()).results
    assert [r.report.title for r in results] == [t.splitlines()[0] for t in texts]
    assert [call[0] for call in extractor.calls] == texts


def test_indicators_serves_the_catalog_json(monkeypatch):
    catalog = {"indicators": [{"id": "active.website", "label": "政府网站公开政府信息数"}]}
    fake = types.ModuleType("service.catalog")
    fake.get_catalog = lambda: types.SimpleNamespace(as_json=lambda: catalog)
    monkeypatch.setitem(sys.modules, "service.catalog", fake)
    client, _ = make_client()
    response = client.get("/v1/indicators")
    assert response.status_code == 200
    assert response.json() == catalog


def test_indicators_without_a_catalog_is_501(monkeypatch):
    monkeypatch.setitem(sys.modules, "service.catalog", None)  # makes the import fail
    client, _ = make_client()
    assert_error(client.get("/v1/indicators"), 501, "not_implemented")


def test_openapi_and_docs():
    client, _ = make_client()
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/v1/extract", "/v1/extract/batch", "/v1/indicators", "/healthz", "/readyz"} <= set(spec["paths"])
    error_422 = spec["paths"]["/v1/extract"]["post"]["responses"]["422"]
    assert error_422["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")


# --- 422 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "  \n\t "}, "text"),
        ({"text": 123}, "text"),
        ({"text": TEXT, "options": {"tagger": "bert"}}, "options.tagger"),
        ([TEXT], "body"),
        ("just a string", "body"),
    ],
    ids=["missing", "empty", "blank", "not-a-string", "bad-option", "array", "string"],
)
def test_extract_invalid_input(payload, where):
    client, extractor = make_client()
    error = assert_error(client.post("/v1/extract", json=payload), 422, "invalid_input")
    assert error["message"].startswith(where)
    assert extractor.calls == []


def test_extract_empty_body_is_invalid_input():
    client, _ = make_client()
    assert_error(
        client.post("/v1/extract", content=b"", headers={"content-type": "application/json"}), 422, "invalid_input"
    )


@pytest.mark.parametrize(
    "raw",
    [b'{"text": "abc"', b"{text: 1}", b"\x00\x01", b'{"text": "\xff\xfe"}'],
    ids=["truncated", "unquoted", "binary", "not-utf8"],
)
def test_extract_malformed_json(raw):
    client, extractor = make_client()
    assert_error(
        client.post("/v1/extract", content=raw, headers={"content-type": "application/json"}), 422, "invalid_json"
    )
    assert extractor.calls == []


def test_batch_invalid_input():
    client, _ = make_client()
    assert_error(client.post("/v1/extract/batch", json={"items": []}), 422, "invalid_input")
    assert_error(client.post("/v1/extract/batch", json={"texts": [TEXT]}), 422, "invalid_input")
    error = assert_error(
        client.post("/v1/extract/batch", json={"items": [{"text": TEXT}, {"text": " "}]}), 422, "invalid_input"
    )
    assert "items[1].text" in error["message"]


# --- 413 --------------------------------------------------------------------------------------


def test_text_at_the_limit_passes_one_over_is_413():
    client, extractor = make_client(Settings(max_text_chars=100))
    assert client.post("/v1/extract", json={"text": "报" * 100}).status_code == 200
    error = assert_error(client.post("/v1/extract", json={"text": "报" * 101}), 413, "text_too_large")
    assert "101" in error["message"] and "100" in error["message"]
    assert len(extractor.calls) == 1


def test_batch_item_over_the_limit_is_413_and_nothing_runs():
    client, extractor = make_client(Settings(max_text_chars=100))
    items = [{"text": "报" * 10}, {"text": "报" * 101}]
    error = assert_error(client.post("/v1/extract/batch", json={"items": items}), 413, "text_too_large")
    assert "items[1]" in error["message"]
    assert extractor.calls == []


def test_batch_over_max_items_is_413():
    client, extractor = make_client(Settings(max_batch_items=2))
    assert client.post("/v1/extract/batch", json={"items": [{"text": TEXT}] * 2}).status_code == 200
    assert_error(client.post("/v1/extract/batch", json={"items": [{"text": TEXT}] * 3}), 413, "too_many_items")
    assert len(extractor.calls) == 2


@pytest.mark.parametrize("path", ["/v1/extract/batch", "/v1/audit"])
def test_two_million_items_in_a_small_body_are_refused_before_any_is_parsed(path):
    """4 MB of `0,` once took 26 s and 2 GB while every item was validated; the count comes first now."""
    client, extractor = make_client(Settings(max_batch_items=5))  # a body bound of 6 MB
    body = b'{"items": [' + b",".join([b"0"] * 2_000_000) + b"]}"
    error = assert_error(
        client.post(path, content=body, headers={"content-type": "application/json"}), 413, "too_many_items"
    )
    assert error["message"] == "the batch has 2000000 items; the limit is 5 (GOVREPORT_MAX_BATCH_ITEMS)"
    assert extractor.calls == []


def test_the_batch_limit_cannot_be_set_above_the_schemas_ceiling():
    with pytest.raises(ValueError, match="max_batch_items"):
        Settings(max_batch_items=MAX_BATCH_ITEMS_CEILING + 1)


def test_body_far_over_the_limit_is_413_before_parsing():
    settings = Settings(max_text_chars=100)
    client, extractor = make_client(settings)
    body = json.dumps({"text": "x" * (max_body_bytes(settings) + 1)}).encode()
    assert_error(
        client.post("/v1/extract", content=body, headers={"content-type": "application/json"}), 413, "request_too_large"
    )
    # not JSON at all: still refused for its size, never parsed
    junk = b"{" * (max_body_bytes(settings) + 1)
    assert_error(
        client.post("/v1/extract", content=junk, headers={"content-type": "application/json"}), 413, "request_too_large"
    )
    assert extractor.calls == []


def test_streamed_body_over_the_limit_is_413():
    settings = Settings(max_text_chars=100)
    client, extractor = make_client(settings)
    chunk = b" " * 16384

    def body():  # no Content-Length: sent chunked
        yield b'{"text": "'
        for _ in range(max_body_bytes(settings) // len(chunk) + 2):
            yield chunk
        yield b'"}'

    response = client.post("/v1/extract", content=body(), headers={"content-type": "application/json"})
    assert_error(response, 413, "request_too_large")
    assert extractor.calls == []


def test_batch_body_limit_scales_with_max_items():
    settings = Settings(max_text_chars=100, max_batch_items=3)
    client, _ = make_client(settings)
    assert max_body_bytes(settings, 3) == 3 * max_body_bytes(settings)
    body = b" " * (max_body_bytes(settings) + 10) + json.dumps({"items": [{"text": TEXT}]}).encode()
    assert (
        client.post("/v1/extract/batch", content=body, headers={"content-type": "application/json"}).status_code == 200
    )
    assert_error(
        client.post("/v1/extract", content=body, headers={"content-type": "application/json"}), 413, "request_too_large"
    )


def test_escaped_json_of_a_text_at_the_limit_is_accepted():
    """json.dumps escapes CJK as \\uXXXX (6 bytes a character): a text at the limit still fits."""
    settings = Settings(max_text_chars=1000)
    client, _ = make_client(settings)
    body = json.dumps({"text": "报" * 1000}).encode()  # ensure_ascii=True
    assert len(body) > 4 * 1000
    assert client.post("/v1/extract", content=body, headers={"content-type": "application/json"}).status_code == 200


# --- 415, 404, 405 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]
)
def test_non_json_content_type_is_415(content_type):
    client, extractor = make_client()
    headers = {"content-type": content_type} if content_type else {}
    for path in ("/v1/extract", "/v1/extract/batch", "/v1/audit", "/v1/annotations", "/v1/models/train"):
        request = client.build_request("POST", path, content=json.dumps({"text": TEXT}).encode(), headers=headers)
        if content_type is None:
            request.headers.pop("content-type", None)
        assert_error(client.send(request), 415, "unsupported_media_type")
    assert extractor.calls == []


def test_unknown_path_is_json_404():
    client, _ = make_client()
    assert_error(client.get("/v2/nothing"), 404, "not_found")
    assert_error(client.post("/v1/nothing", content=b"x", headers={"content-type": "text/plain"}), 404, "not_found")


def test_wrong_method_is_json_405():
    client, _ = make_client()
    response = client.get("/v1/extract")
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "POST"
    assert_error(client.post("/healthz", json={}), 405, "method_not_allowed")


# --- 500 --------------------------------------------------------------------------------------


def test_unexpected_error_is_a_generic_json_500_and_logged(caplog):
    client, _ = make_client(extractor=FakeExtractor(error=RuntimeError("secret detail /srv/models")))
    with caplog.at_level(logging.ERROR, logger="govreport.api"):
        response = client.post("/v1/extract", json={"text": TEXT})
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert error["message"] == "internal server error"
    assert any("secret detail" in (r.exc_text or "") for r in caplog.records)


def test_unexpected_error_in_batch_is_a_json_500():
    client, _ = make_client(extractor=FakeExtractor(error=ValueError("boom")))
    assert_error(client.post("/v1/extract/batch", json={"items": [{"text": TEXT}]}), 500, "internal_error")


def test_catalog_fault_is_a_json_500(monkeypatch):
    fake = types.ModuleType("service.catalog")

    def broken():
        raise KeyError("tables.yaml")

    fake.get_catalog = broken
    monkeypatch.setitem(sys.modules, "service.catalog", fake)
    client, _ = make_client()
    assert_error(client.get("/v1/indicators"), 500, "internal_error")


# --- startup ----------------------------------------------------------------------------------


def test_models_load_at_startup(monkeypatch):
    fake = FakeExtractor()
    loads = []
    monkeypatch.setattr(pipeline, "build_extractor", lambda settings: loads.append(1) or fake)
    app = create_app(Settings())
    with TestClient(app) as client:
        assert loads == [1]  # loaded by the lifespan, before the first request
        assert app.state.extractor is fake
        assert client.get("/readyz").json()["model"]["name"] == "fake"
        assert client.post("/v1/extract", json={"text": TEXT}).status_code == 200
    assert loads == [1]


@pytest.mark.slow
def test_real_extractor_end_to_end():
    """The shipped pipeline behind the API, started as in production (lifespan loads it)."""
    app = create_app()
    with TestClient(app) as client:
        ready = client.get("/readyz")
        assert ready.status_code == (200 if app.state.extractor.ready else 503), ready.text
        response = client.post("/v1/extract", json={"text": TEXT, "options": {"tagger": "lexicon"}})
        assert response.status_code == 200, response.text
        result = ExtractResult.model_validate(response.json())
        assert result.schema_version == "1"
        for indicator in result.indicators:
            assert 0 <= indicator.start <= indicator.end <= len(TEXT)


# --- a strict contract --------------------------------------------------------------------------


def test_an_unknown_option_is_refused_by_name_never_ignored():
    client, extractor = make_client()
    error = assert_error(
        client.post("/v1/extract", json={"text": TEXT, "options": {"taggr": "lexicon"}}), 422, "invalid_input"
    )
    assert "options.taggr" in error["message"]
    assert_error(client.post("/v1/extract", json={"text": TEXT, "txet": "x"}), 422, "invalid_input")
    assert extractor.calls == []


@pytest.mark.parametrize("value", [0, 1, "true", "no"])
def test_booleans_are_json_booleans(value):
    client, _ = make_client()
    body = {"text": TEXT, "options": {"include_entities": value}}
    assert_error(client.post("/v1/extract", json=body), 422, "invalid_input")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_body_that_is_not_utf8_is_refused(encoding):
    client, extractor = make_client()
    body = json.dumps({"text": TEXT}, ensure_ascii=False).encode(encoding)
    response = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
    assert_error(response, 422, "invalid_json")
    assert extractor.calls == []


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"text": ' + b"1" * 100_000 + b"}"])
def test_json_the_decoder_gives_up_on_is_named_for_what_it_may_be(body):
    client, _ = make_client()
    response = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
    error = assert_error(response, 422, "invalid_json")
    assert "nested too deeply" in error["message"] and "too many digits" in error["message"]
