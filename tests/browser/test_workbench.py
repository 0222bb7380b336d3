"""The workbench in a real browser (Playwright driving the system Chromium): upload a PDF and a DOCX, see
the forms with the right values, follow a value to its evidence, correct it into the annotation store,
and download the Excel file. Skipped where no Chromium is installed (``GOVREPORT_CHROMIUM`` names
another executable). ``GOVREPORT_SCREENSHOTS=DIR`` saves the batch and report views there."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

import uvicorn  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from service.annotations import AnnotationStore  # noqa: E402
from service.api import create_app  # noqa: E402
from service.settings import Settings  # noqa: E402
from tests.paths import FIXTURES  # noqa: E402

CHROMIUM = os.environ.get("GOVREPORT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")]

DOCUMENTS = FIXTURES / "documents"
PDF, DOCX = "syn2019-as-printed.pdf", "syn2021-blank-zeros.docx"
TOKEN = "reviewer-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("workbench")
    settings = Settings(
        default_tagger="lexicon", admin_token=TOKEN, annotations_dir=root / "annotations", corpus_dir=root / "corpus",
        models_root=root / "models", model_dir=root / "models" / "default",
    )  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", settings.annotations_dir
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server: tuple[str, Path]) -> Iterator[playwright.Page]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        page.goto(server[0] + "/")
        page.wait_for_selector("body[data-ready]")  # the forms' layout is in
        yield page
        browser.close()


def gold(name: str) -> dict[str, float | None]:
    stem = name.rsplit(".", 1)[0]
    return {v["id"]: v["value"] for v in json.loads((DOCUMENTS / f"{stem}.gold.json").read_text(encoding="utf-8"))}


def shown(value: float | None) -> str:
    """A value as the page prints it (JavaScript's String): 965, 96784.21, a blank cell empty."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def shown_cells(page: playwright.Page) -> dict[str, str]:
    return page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('#forms table.form td[data-id]')]"
        ".map(td => [td.dataset.id, td.textContent]))"
    )


def screenshot(page: playwright.Page, name: str) -> None:
    folder = os.environ.get("GOVREPORT_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_the_workbench_end_to_end(page: playwright.Page, server: tuple[str, Path]) -> None:
    page.set_input_files("#files", [str(DOCUMENTS / PDF), str(DOCUMENTS / DOCX)])
    page.wait_for_function("document.querySelectorAll('#summary tbody tr.ok').length === 2", timeout=120_000)
    page.wait_for_function(
        "[...document.querySelectorAll('#summary tbody tr.ok td:nth-child(5)')].every(td => td.textContent !== '')"
    )
    screenshot(page, "workbench-batch.png")

    # each report as its forms: every value of the gold in its cell, blank cells blank
    for name in (DOCX, PDF):
        page.click(f"#summary tbody tr:has-text('{name}')")
        page.wait_for_selector("#forms table.form")
        cells = shown_cells(page)
        expected = {i: v for i, v in gold(name).items() if i in cells}
        assert len(expected) >= 40, name
        assert {i: cells[i] for i in expected} == {i: shown(v) for i, v in expected.items()}

    # a value's evidence, highlighted in the text read from the PDF, with its page
    page.click('#forms td[data-id="t3.new_received.total"]')
    page.wait_for_selector("#evidence:not([hidden])")
    assert page.inner_text("#text .evidence") == "965"
    assert "第 " in page.inner_text("#evidence") and " 页" in page.inner_text("#evidence")
    screenshot(page, "workbench-report.png")

    # a person tags words the tagger missed: select them in the text, mark them
    page.evaluate(
        """() => {
        const piece = [...document.querySelectorAll('#text [data-s]')].find(el => el.textContent.includes('勾稽关系'));
        const node = piece.firstChild, at = node.textContent.indexOf('勾稽关系');
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + 4);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        document.querySelector('#text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }"""
    )
    page.click("#span-tools button[data-label=METRIC]")
    assert "勾稽关系" in page.locator("#text .tag-METRIC").all_inner_texts()

    # a person corrects it: stored as an attributed annotation of this report
    page.fill("#fix input[name=value]", "966")
    page.click("#fix button[type=submit]")
    assert page.inner_text('#forms td[data-id="t3.new_received.total"]') == "966"
    page.click("#reviewer summary")
    page.fill("#author", "王审核")
    page.fill("#token", TOKEN)
    page.click("#save")
    page.wait_for_function("document.querySelector('#save-status').textContent.startsWith('已保存')")
    [record] = AnnotationStore(server[1]).load()
    assert record.source == "corrected" and record.meta["author"] == "王审核"
    assert record.meta["report_sha256"] == __import__("hashlib").sha256((DOCUMENTS / PDF).read_bytes()).hexdigest()
    assert [(c["id"], c["from"], c["to"]) for c in record.meta["corrected"]] == [("t3.new_received.total", 965, 966)]
    assert record.text is not None and record.meta["tags_edited"]  # the tags go with it, for retraining
    assert any(record.text[s:e] == "勾稽关系" and label == "METRIC" for s, e, label in record.spans)

    # the Excel file: the forms as printed and the long table, the correction in both
    with page.expect_download() as download:
        page.click("[data-export=xlsx]")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames[:1] == ["指标（长表）"] and {"表二", "表三", "表四"} <= set(book.sheetnames)
    rows = list(book["指标（长表）"].iter_rows(values_only=True))
    header = rows[0]
    fixed = [dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == PDF and r[3] == "t3.new_received.total"]
    assert [(r["value"], r["corrected"]) for r in fixed] == [(966, True)]
