"""Documents in: HTML, DOCX, PDF and text files read into the text the pipeline reads, the same through
the CLI and ``POST /v1/extract/file``; bad files get a clear 4xx code."""

import io
import json

import docx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from govreport.cli import app as cli_app
from service import pipeline
from service.api import create_app, extractor_dependency
from service.common import ServiceError
from service.documents import read_document
from service.settings import Settings
from tests.paths import FIXTURES

DOCUMENTS = FIXTURES / "documents"  # made by python -m training.renderings fixtures
BAD = FIXTURES / "bad"  # an encrypted PDF and a scan, made with PyMuPDF
TITLE = "某某区人民政府2022年政府信息公开工作年度报告"
T3_ROWS = [  # (label, group label on its first row, cells; None = a blank cell)
    ("一、本年新收政府信息公开申请数量", None, [17, None, None, None, None, None, 17]),
    ("二、上年结转政府信息公开申请数量", None, [2, None, None, None, None, None, 2]),
    ("（一）予以公开", "三、本年度办理结果", [9, None, None, None, None, None, 9]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, [3, None, None, None, None, None, 3]),
    ("1.属于国家秘密", "（三）不予公开", [None] * 7),
    ("（七）总计", None, [12, None, None, None, None, None, 12]),
    ("四、结转下年度继续办理", None, [7, None, None, None, None, None, 7]),
]
TEXT_AROUND = "一、总体情况\n2022年，我区全年共收到政府信息公开申请17件。\n三、收到和处理政府信息公开申请情况\n"
TAIL = "五、存在的主要问题及改进情况\n一是公开质量有待提高。\n"


def html_report() -> str:
    """The official form's shape: three label columns, group labels spanning rows, labels over columns."""
    rows = ['<tr><th colspan="3" rowspan="2">申请人情况</th><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th>'
            '<th rowspan="2">总计</th></tr>',
            "<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>"]  # fmt: skip
    for label, group, cells in T3_ROWS:
        tds = "".join(f"<td>{'' if v is None else v}</td>" for v in cells)
        if group == "三、本年度办理结果":
            head = f'<td rowspan="4">{group}</td><td colspan="2">{label}</td>'
        elif group:
            head = f"<td>{group}</td><td>{label}</td>"
        elif label.startswith(("一、", "二、", "四、")):
            head = f'<td colspan="3">{label}</td>'
        else:
            head = f'<td colspan="2">{label}</td>'
        rows.append(f"<tr>{head}{tds}</tr>")
    body = "".join(f"<p>{line}</p>" for line in TEXT_AROUND.splitlines())
    return (
        f"<html><head><title>x</title><style>td{{border:1px}}</style></head><body><h1>{TITLE}</h1>{body}"
        f"<table border=1>{''.join(rows)}</table><script>var a = 1;</script>"
        + "".join(f"<p>{line}</p>" for line in TAIL.splitlines())
        + "</body></html>"
    )


def docx_report() -> bytes:
    d = docx.Document()
    d.add_paragraph(TITLE)
    for line in TEXT_AROUND.splitlines():
        d.add_paragraph(line)
    table = d.add_table(rows=len(T3_ROWS), cols=9)
    for r, (label, group, cells) in enumerate(T3_ROWS):
        if group or r in (3, 5, 6):  # two label columns: a group label, or a label merged over both
            table.cell(r, 1).text = label
            if group:
                table.cell(r, 0).text = group
        else:
            table.cell(r, 0).merge(table.cell(r, 1)).text = label
        for c, v in enumerate(cells):
            table.cell(r, 2 + c).text = "" if v is None else str(v)
    table.cell(2, 0).merge(table.cell(5, 0))  # 三、本年度办理结果 spans its rows
    for line in TAIL.splitlines():
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def t3_values(result) -> dict[str, object]:
    return {i.id: i.value for i in result.indicators if i.source == "table" and i.value is not None}


EXPECTED = {
    "t3.new_received.natural_person": 17, "t3.new_received.total": 17, "t3.carried_over.natural_person": 2,
    "t3.carried_over.total": 2, "t3.granted.natural_person": 9, "t3.granted.total": 9,
    "t3.partial.natural_person": 3, "t3.partial.total": 3, "t3.total.natural_person": 12, "t3.total.total": 12,
    "t3.carried_forward.natural_person": 7, "t3.carried_forward.total": 7,
}  # fmt: skip


@pytest.mark.parametrize("name,data", [("report.html", html_report().encode()), ("report.docx", docx_report())])
def test_html_and_docx_tables_are_read_cell_by_cell_merged_cells_once_blanks_kept(extractor, name, data):
    doc = read_document(data, name)
    assert doc.kind == name.rsplit(".", 1)[1]
    lines = doc.text.splitlines()
    assert lines[0] == TITLE and "var a" not in doc.text
    assert "一、本年新收政府信息公开申请数量\t17\t\t\t\t\t\t17" in lines  # blank cells are empty fields
    assert sum("三、本年度办理结果" in line for line in lines) == 1  # a merged cell stands once
    result = extractor.extract_document(doc)
    assert t3_values(result) == EXPECTED
    assert all(i.confidence >= 0.9 for i in result.indicators if i.source == "table")
    assert result.document is not None and result.document.text == doc.text
    for ind in result.indicators:  # offsets index the text read from the file, which the result returns
        assert result.document.text[ind.start : ind.end] == ind.raw


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_files_in_any_common_encoding(encoding):
    text = TITLE + "\n" + TEXT_AROUND
    doc = read_document(text.encode(encoding), "report.txt")
    assert (doc.kind, doc.text) == ("text", text)


def test_html_sniffed_without_a_name_and_a_gbk_page():
    doc = read_document(html_report().encode("gb18030"), None)
    assert doc.kind == "html" and doc.text.startswith(TITLE)


@pytest.mark.parametrize(
    "name,data,status,code",
    [
        ("empty.txt", b"", 422, "invalid_input"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", 422, "invalid_document"),
        ("broken.docx", b"PK\x03\x04 not really a zip", 422, "invalid_document"),
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 415, "unsupported_document_type"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", 415, "unsupported_document_type"),
        ("bad.txt", b"\x80\xff\x80\xff", 422, "undecodable_text"),
        ("encrypted.pdf", (BAD / "encrypted.pdf").read_bytes(), 422, "encrypted_document"),
        ("scan.pdf", (BAD / "scanned-no-text.pdf").read_bytes(), 422, "no_text_layer"),
    ],
)
def test_bad_files_get_a_clear_error(name, data, status, code):
    with pytest.raises(ServiceError) as e:
        read_document(data, name)
    assert (e.value.status, e.value.code) == (status, code)
    assert "/" not in e.value.message  # no server paths in messages


def test_a_docx_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr("service.documents._MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ServiceError) as e:
        read_document(docx_report(), "big.docx")
    assert (e.value.status, e.value.code) == (413, "document_too_large")


# -- the API and the CLI run the same path --------------------------------------------------------


def client(extractor: pipeline.Extractor, settings: Settings | None = None) -> TestClient:
    app = create_app(settings or Settings(default_tagger="lexicon"))
    app.dependency_overrides[extractor_dependency] = lambda: extractor
    return TestClient(app, raise_server_exceptions=False)


def test_api_extract_file(extractor):
    c = client(extractor)
    r = c.post("/v1/extract/file", files={"file": ("report.docx", docx_report())}, data={"tagger": "lexicon"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["document"]["kind"] == "docx" and body["document"]["filename"] == "report.docx"
    assert t3_values(pipeline.ExtractResult.model_validate(body)) == EXPECTED


def test_api_extract_file_errors(extractor):
    c = client(extractor, Settings(default_tagger="lexicon", max_upload_bytes=5000))
    r = c.post("/v1/extract/file", files={"file": ("scan.pdf", (BAD / "scanned-no-text.pdf").read_bytes())})
    assert (r.status_code, r.json()["error"]["code"]) == (422, "no_text_layer")
    r = c.post("/v1/extract/file", files={"file": ("big.docx", docx_report())})
    assert r.status_code == 413 and r.json()["error"]["code"] in ("file_too_large", "request_too_large")
    r = c.post("/v1/extract/file", json={"text": "x"})
    assert (r.status_code, r.json()["error"]["code"]) == (415, "unsupported_media_type")
    r = c.post("/v1/extract/file", files={"file": ("a.txt", b"report")}, data={"tagger": "bert"})
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_input")
    r = c.post("/v1/extract/file", files={"attachment": ("a.txt", b"report")})  # no field "file"
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_input")


def test_cli_extract_reads_documents(tmp_path, monkeypatch, extractor):
    monkeypatch.setattr(pipeline, "get_extractor", lambda: extractor)
    path = tmp_path / "report.html"
    path.write_text(html_report(), encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["extract", str(path), "--json", "--tagger", "lexicon"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["document"]["kind"] == "html"
    assert t3_values(pipeline.ExtractResult.model_validate(body)) == EXPECTED
    scan = tmp_path / "scan.pdf"
    scan.write_bytes((BAD / "scanned-no-text.pdf").read_bytes())
    result = CliRunner().invoke(cli_app, ["extract", str(scan)])
    assert result.exit_code == 2 and "no text layer" in result.stderr


# -- the committed renderings of two synthetic reports: every tool's text and the files themselves ---

TOOLS = (
    "pdftotext_layout",
    "pdftotext_raw",
    "pdfplumber",
    "pypdfium2",
    "pymupdf",
    "bs4",
    "html2text",
    "browser_copy",
    "docx_text",
)
KEEP_BLANKS = ("html2text", "browser_copy", "docx_text", "html", "docx", "pdf")  # blank cells stay visible


def rendering_scores(extractor, name: str, source: str) -> tuple[int, int, int, int]:
    """(right, wrong, wrong with confidence ≥ 0.9, missed) for the table values of one rendering."""
    gold = {(g["id"], g["period"]): g["value"] for g in json.loads((DOCUMENTS / f"{name}.gold.json").read_text())}
    path = DOCUMENTS / (f"{name}.{source}.txt" if source in TOOLS else f"{name}.{source}")
    result = extractor.extract_document(read_document(path.read_bytes(), path.name))
    pred = {(i.id, i.period): i for i in result.indicators if i.source == "table" and i.value is not None}
    right = sum(1 for k, i in pred.items() if gold.get(k) == i.value)
    wrong = [i for k, i in pred.items() if gold.get(k) != i.value]
    return right, len(wrong), sum(i.confidence >= 0.9 for i in wrong), sum(v is not None for v in gold.values()) - right


@pytest.mark.slow
@pytest.mark.parametrize("name", ["syn2021-blank-zeros", "syn2019-as-printed"])
@pytest.mark.parametrize("source", [*TOOLS, "html", "docx", "pdf"])
def test_renderings_of_the_fixtures(extractor, name, source):
    right, wrong, confident_wrong, missed = rendering_scores(extractor, name, source)
    assert confident_wrong == 0  # a value given as certain is right
    assert right / (right + wrong) >= 0.99
    if source in KEEP_BLANKS or (name.endswith("as-printed") and source != "pdftotext_raw"):
        assert missed == 0  # where the text keeps every cell, every value is read


def test_every_value_of_a_pdf_names_its_page(extractor):
    doc = read_document((DOCUMENTS / "syn2019-as-printed.pdf").read_bytes(), "report.pdf")
    result = extractor.extract_document(doc)
    assert doc.kind == "pdf" and result.document is not None and result.document.pages == len(doc.page_starts) > 1
    for ind in result.indicators:
        page = ind.page or 0
        assert 1 <= page <= result.document.pages
        assert (
            doc.page_starts[page - 1]
            <= ind.start
            < (doc.page_starts[page] if page < len(doc.page_starts) else len(doc.text) + 1)
        )


def _ruled_pdf(*pages: tuple[list[tuple[float, float, float, float]], list[tuple[float, float, str]]]) -> bytes:
    """A PDF of 300×200 pt pages of straight rules and Helvetica words, no library needed."""
    n = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n)).encode()
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, (rules, words) in enumerate(pages):
        ops = ["0.5 w", *(f"{x0} {y0} m {x1} {y1} l S" for x0, y0, x1, y1 in rules)]
        ops += [f"BT /F1 10 Tf {x} {y} Td ({w}) Tj ET" for x, y, w in words]
        stream = "\n".join(ops).encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out, offsets = io.BytesIO(b"%PDF-1.4\n"), []
    out.seek(0, io.SEEK_END)
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_table_row_left_open_by_a_page_break_keeps_its_columns():
    """A browser prints the row a page break splits with its column rules but no rule above it; the row's
    cells are still read as cells (blank ones kept), not as loose words "7 7"."""
    xs = [10, 100, 150, 200, 250]
    rules = [(10, y, 250, y) for y in (160, 130)]  # no rule along the top (y=190) of the first row
    rules += [(x, 190, x, 130) for x in xs]
    words = [(15, 170, "open"), (105, 170, "7"), (205, 170, "7"), (15, 140, "closed"), (105, 140, "1"), (155, 140, "2")]
    words.append((10, 50, "A line of text under the table."))
    doc = read_document(_ruled_pdf((rules, words)), "split.pdf")
    assert doc.text.splitlines() == ["open\t7\t\t7", "closed\t1\t2\t", "A line of text under the table."]


def test_a_row_split_by_a_page_break_gets_its_label_back():
    """The end of a row's label, alone at the top of the next page's table (every other cell empty),
    joins the row it ends where the break left the table open (no rule under the first page's last
    row nor over the next page's first); a row with a number of its own, or a blank row closed above,
    is a row of its own."""
    xs = [10, 150, 200, 250]
    first = [(10, y, 250, y) for y in (190, 160)] + [(x, 190, x, 130) for x in xs]  # open at its foot
    first_words = [(15, 170, "head"), (155, 170, "1"), (205, 170, "1"), (15, 140, "long label"), (155, 140, "7")]
    first_words.append((205, 140, "7"))
    second = [(10, 160, 250, 160)] + [(x, 190, x, 160) for x in xs]  # open at its top
    doc = read_document(_ruled_pdf((first, first_words), (second, [(15, 170, "continued")])), "split.pdf")
    assert doc.text.splitlines() == ["head\t1\t1", "long label continued\t7\t7"] and len(doc.page_starts) == 2
    doc = read_document(_ruled_pdf((first, first_words), (second, [(15, 170, "next"), (155, 170, "3")])), "x.pdf")
    assert doc.text.splitlines() == ["head\t1\t1", "long label\t7\t7", "next\t3\t"]
    closed = [(10, 190, 250, 190), *second]
    doc = read_document(_ruled_pdf((first, first_words), (closed, [(15, 170, "blank row")])), "x.pdf")
    assert doc.text.splitlines() == ["head\t1\t1", "long label\t7\t7", "blank row\t\t"]
