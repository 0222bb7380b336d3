"""The workbench's page and the routes it added: the forms' layout, the export (CSV and Excel), and a
stored correction read back. The page itself is tested in a browser (tests/browser)."""

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from service.api import create_app
from service.catalog import get_catalog
from service.settings import Settings
from tests.paths import FIXTURES

AUTH = {"Authorization": "Bearer secret"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    root = tmp_path_factory.mktemp("wb")
    settings = Settings(
        default_tagger="lexicon", admin_token="secret", annotations_dir=root / "annotations",
        corpus_dir=root / "corpus", models_root=root / "models", model_dir=root / "models" / "default",
    )  # fmt: skip
    return TestClient(create_app(settings))


@pytest.fixture(scope="module")
def pdf_result(client: TestClient) -> dict:
    data = (FIXTURES / "documents" / "syn2019-as-printed.pdf").read_bytes()
    return client.post("/v1/extract/file", files={"file": ("r.pdf", data)}).json()


def test_the_page_and_its_assets_are_served_from_the_package(client: TestClient):
    page = client.get("/")
    assert page.status_code == 200 and "政府信息公开年报核查工作台" in page.text
    assert 'src="static/workbench.js"' in page.text and "http" not in page.text.split("<body>")[1]  # no CDN
    for asset in ("workbench.js", "workbench.css"):
        assert client.get(f"/static/{asset}").status_code == 200
    assert "/" not in client.get("/openapi.json").json()["paths"]  # the page is no API operation


def test_the_forms_cover_every_table_cell_of_the_catalog_once_per_template(client: TestClient):
    forms = client.get("/v1/forms").json()
    catalog = get_catalog()
    for template in ("2019", "2021"):
        cells = [c for t in forms["templates"][template] for g in t["groups"] for r in g["rows"] for c in r["cells"]]
        expected = {i.id for i in catalog.indicators.values() if i.table and template in i.templates}
        assert len(cells) == len(set(cells)) and set(cells) == expected
    t3 = next(t for t in forms["templates"]["2021"] if t["key"] == "t3")
    assert len(t3["groups"]) == 1 and [c["label"] for c in t3["groups"][0]["columns"]][-1] == "总计"
    general = [c for g in forms["templates"]["pre2019"][0]["groups"] for r in g["rows"] for c in r["cells"]]
    assert set(general) == {g.id for g in catalog.general}
    assert forms["rules"]["t3.columns_sum"].startswith("各类申请人之和等于总计")


def test_csv_export_is_the_long_table_with_corrections_marked(client: TestClient, pdf_result: dict):
    body = {
        "format": "csv",
        "reports": [{"name": "r.pdf", "result": pdf_result, "corrected": ["t3.new_received.total"]}],
    }
    response = client.post("/v1/export", json=body)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads Chinese CSV only with a BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == len(pdf_result["indicators"])
    total = next(r for r in rows if r["id"] == "t3.new_received.total")
    assert (total["value"], total["corrected"], total["unit"], total["year"]) == (
        "965",
        "True",
        "沭河市生态环境局",
        "2019",
    )
    assert pdf_result["document"]["text"][int(total["start"]) : int(total["end"])] == total["evidence"]


def test_excel_export_lays_out_each_form_and_the_long_table(client: TestClient, pdf_result: dict):
    body = {
        "format": "xlsx",
        "reports": [{"name": "r.pdf", "result": pdf_result}, {"name": "again.pdf", "result": pdf_result}],
    }
    response = client.post("/v1/export", json=body)
    assert response.status_code == 200 and 'filename="govreport.xlsx"' in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["指标（长表）", "表二", "表三", "表四"]
    t3 = [r for r in book["表三"].iter_rows(values_only=True)]
    assert sum(1 for r in t3 if r[0] and str(r[0]).startswith(("r.pdf", "again.pdf"))) == 2  # one block a report
    header = t3[1]
    assert header[1:] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    first = next(r for r in t3 if r[0] == "一、本年新收政府信息公开申请数量")
    assert first[1:] == (933, 25, 7, 0, 0, 0, 965)
    assert book["指标（长表）"].max_row == 1 + 2 * len(pdf_result["indicators"])


@pytest.mark.parametrize(
    "body",
    [{"format": "pdf", "reports": []}, {"format": "csv", "reports": []}, {"format": "csv", "reports": [{"name": "x"}]}],
)
def test_a_bad_export_request_is_a_clear_422(client: TestClient, body: dict):
    response = client.post("/v1/export", json=body)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"


def test_a_stored_correction_is_read_back_and_an_unknown_one_is_404(client: TestClient):
    record = {"id": "workbench-abc", "text": "全年受理申请12件。", "spans": [[6, 9, "NUMBER"]], "source": "corrected",
              "meta": {"author": "王审核", "corrected": [{"id": "request.received", "from": 12, "to": 13}]}}  # fmt: skip
    assert client.get("/v1/annotations/workbench-abc").status_code == 401  # reviewers only
    assert client.post("/v1/annotations", json={"records": [record]}, headers=AUTH).status_code == 201
    back = client.get("/v1/annotations/workbench-abc", headers=AUTH).json()
    assert back["meta"]["corrected"][0]["to"] == 13 and back["spans"] == [[6, 9, "NUMBER"]]
    missing = client.get("/v1/annotations/nothing", headers=AUTH)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "annotation_not_found"
