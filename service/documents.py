"""Documents in: a PDF, Word (.docx), HTML or text file turned into the text the pipeline reads.

Where a document has table cells, the cells themselves are read (HTML ``<table>``, DOCX tables,
pdfplumber's table finder on a PDF's ruling lines) and written one row per line, cells separated by
tabs, a blank cell as an empty field: the rendering the table reader takes most exactly, since a
blank never moves a value. A cell covered by a merged cell is left out, as a browser's copy does, so
a label printed beside several rows stands once. The text returned is the one the offsets of the
result index; for a PDF each page's start offset is kept so every value can name its page.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

from service.errors import ServiceError

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it logs every odd font of a PDF as a warning

Kind = Literal["text", "html", "docx", "pdf"]

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})
_WS = re.compile(r"[ \t\r\n\u3000\xa0]+")
#: Fewer visible characters than this on every page: the PDF is a scan without a text layer.
_MIN_TEXT_CHARS = 20
#: A .docx is a zip: refuse one whose parts unpack to more than this many bytes (a zip bomb).
_MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass
class Document:
    text: str
    kind: Kind
    page_starts: list[int] = field(default_factory=list)  # offset in ``text`` where each PDF page begins
    filename: str | None = None
    sha256: str | None = None  # of the file's bytes: what annotations and corpus runs pin the report by
    ocr: bool = False  # the text was read by OCR (a scan): every value is one to check

    def page_of(self, offset: int) -> int | None:
        """1-based page of a text offset (PDF only)."""
        return bisect_right(self.page_starts, offset) if self.page_starts else None


def sniff(data: bytes, filename: str | None) -> Kind:
    """The document's kind, from its first bytes before its name (names lie more often than bytes)."""
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if suffix in ("", ".docx") or _is_docx(data):
            return "docx"
        raise ServiceError(
            "unsupported_document_type", f"{suffix or 'zip'} files are not read; send PDF, DOCX, HTML or text"
        )
    if suffix in (".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".ofd") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ServiceError(
            "unsupported_document_type",
            f"{suffix or 'this'} files are not read; save the report as PDF, DOCX, HTML or text",
        )
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        suffix in (".html", ".htm", ".xhtml")
        or head.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<table" in head
    ):
        return "html"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ServiceError("unsupported_document_type", "a binary file of unknown type; send PDF, DOCX, HTML or text")
    return "text"


def read_document(data: bytes, filename: str | None = None, ocr_pages: int = 0) -> Document:
    """Read a document of any accepted kind; bad files raise ``ServiceError`` (4xx, stable code).

    ocr_pages: a PDF with no text layer is read by OCR when it has at most this many pages and the
        ``ocr`` extra is installed (0: never)."""
    if not data:
        raise ServiceError("invalid_input", "the file is empty")
    kind = sniff(data, filename)
    sha = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        try:
            text, pages = _read_pdf(data)
        except ServiceError as e:
            from service import ocr

            if e.code != "no_text_layer" or not ocr_pages or not ocr.available():
                raise
            text, pages = ocr.read_scanned_pdf(data, ocr_pages)
            if not _has_text(text):
                raise ServiceError("no_text_layer", "the PDF has no text layer, and OCR found no text in it") from e
            return Document(text, kind, pages, filename, sha, ocr=True)
        return Document(text, kind, pages, filename, sha)
    if kind == "docx":
        return Document(_read_docx(data), kind, filename=filename, sha256=sha)
    text = decode_text(data)
    return Document(_read_html(text) if kind == "html" else text, kind, filename=filename, sha256=sha)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which covers GBK and GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ServiceError("undecodable_text", "the file is not text in UTF-8, UTF-16 or GB18030")


# -- cells to lines ----------------------------------------------------------------------------


def _cell_text(s: str | None) -> str:
    """One cell on one line: a label wrapped inside its cell is joined (no spaces between CJK)."""
    text = _WS.sub(" ", s or "").strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


def _row_line(cells: list[str | None]) -> str | None:
    """A table row as one tab-separated line; ``None`` cells (covered by a merged cell) are left out."""
    texts = [_cell_text(c) for c in cells if c is not None]
    return "\t".join(texts) if any(texts) else None


# -- HTML ----------------------------------------------------------------------------------------


def _read_html(source: str) -> str:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as e:
        raise ServiceError("invalid_document", f"the HTML could not be parsed: {e}") from e
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _WS.sub(" ", "".join(buf)).strip()
        if line:
            lines.append(line)
        buf.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            buf.append(el.tail or "")
            return
        if tag == "table":
            flush()
            lines.extend(line for row in _html_rows(el) if (line := _row_line(row)))
            buf.append(el.tail or "")
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        buf.append(el.text or "")
        for child in el:
            walk(child)
        if block:
            flush()
        buf.append(el.tail or "")

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return "\n".join(lines)


def _html_rows(table: object) -> list[list[str | None]]:
    """The table's rows with rowspan/colspan laid out on a grid; covered positions are ``None``."""
    grid: dict[tuple[int, int], str | None] = {}
    rows = [tr for tr in table.iter("tr") if _own_table(tr) is table]  # type: ignore[attr-defined]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = td.text_content()
            c += cs
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _own_table(tr: object) -> object:
    el = tr.getparent()  # type: ignore[attr-defined]
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 100))
    except ValueError:
        return 1


# -- DOCX ----------------------------------------------------------------------------------------


def _read_docx(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > _MAX_UNPACKED_BYTES:
                raise ServiceError("document_too_large", "the DOCX unpacks to more than 200 MB")
        doc = docx.Document(io.BytesIO(data))
    except ServiceError:
        raise
    except Exception as e:  # python-docx raises KeyError, ValueError, zipfile errors... on a bad file
        raise ServiceError("invalid_document", "the file is not a readable DOCX document") from e
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(block.text.strip())
        elif isinstance(block, Table):
            seen: list[object] = []  # the cells' XML elements, kept alive so ``in`` compares identity
            for row in block.rows:
                cells: list[str | None] = []
                for cell in row.cells:  # python-docx repeats a merged cell in every position it covers
                    cells.append(None if any(cell._tc is tc for tc in seen) else cell.text)
                    seen.append(cell._tc)
                if line := _row_line(cells):
                    lines.append(line)
    return "\n".join(lines)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


# -- PDF -----------------------------------------------------------------------------------------


def _read_pdf(data: bytes) -> tuple[str, list[int]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    parts: list[str] = []
    page_starts: list[int] = []
    offset = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_pdf_page(page) for page in pdf.pages]
    except Exception as e:  # pdfminer raises many types on a damaged file; pdfplumber wraps some
        cause = e.args[0] if isinstance(e, PdfminerException) and e.args else e
        if isinstance(cause, PDFPasswordIncorrect):
            raise ServiceError("encrypted_document", "the PDF is encrypted; send it without a password") from e
        raise ServiceError("invalid_document", "the file is not a readable PDF") from e
    for before, after in itertools.pairwise(pages):
        if before and after and isinstance(before[-1], _Table) and isinstance(after[0], _Table):
            _join_split_row(before[-1], after[0])
    for items in pages:
        page_starts.append(offset)
        text = "\n".join(item if isinstance(item, str) else "\n".join(item.lines()) for item in items)
        parts.append(text)
        offset += len(text) + 1
    text = "\n".join(parts)
    if not _has_text(text):
        raise ServiceError("no_text_layer", "the PDF has no text layer (a scan); run OCR on it first and send the text")
    return text, page_starts


def _has_text(text: str) -> bool:
    """Enough characters to be a report's text (a scan's text layer is empty or a few stray marks)."""
    return len(re.sub(r"\s", "", text)) >= _MIN_TEXT_CHARS


def _open_table_edges(page: object) -> list[float]:
    """Where a table split over two pages is left open: a browser prints the row it splits with its
    column rules but no rule above it (top of the next page) or below it (foot of the page), and the
    table finder, which needs closed cells, then drops the row's values into the text as "7 7" with
    their columns lost. The topmost and bottommost ends of three or more column rules close it."""
    verticals = [e for e in page.edges if e["orientation"] == "v"]  # type: ignore[attr-defined]
    ends = []
    for key, pick in (("top", min), ("bottom", max)):
        at = pick((round(e[key]) for e in verticals), default=None)
        if at is not None and sum(1 for e in verticals if round(e[key]) == at) >= 3:
            ends.append(float(at))
    return ends


@dataclass
class _Table:
    """A table of a PDF page: its rows of cells, and whether no rule closes its top or its bottom."""

    rows: list[list[str | None]]
    open_top: bool
    open_bottom: bool

    def lines(self) -> list[str]:
        return [line for row in self.rows if (line := _row_line(row))]


def _join_split_row(before: _Table, after: _Table) -> None:
    """A row a page break splits (the table left open at the foot of one page and at the top of the
    next): the end of its label, alone in its row with every other cell empty ("或重新出具已获取信息"
    under "5.要求行政机关确认 0 0 …"), joins the row it ends, so the label names its row again. A
    blank row printed after a clean break is closed above: it stays a row."""
    if not (before.open_bottom and after.open_top and before.rows and after.rows):
        return
    last, texts = before.rows[-1], [_cell_text(c) for c in after.rows[0]]
    if len(last) != len(texts) or not any(texts) or any(re.fullmatch(r"[-+]?\d[\d,.]*", t) for t in texts):
        return
    if any(t and last[j] is None for j, t in enumerate(texts)):
        return  # text under a cell merged from above: no continuation of this row's own cells
    before.rows[-1] = [c if not t else _cell_text(f"{c or ''} {t}") for c, t in zip(last, texts)]
    del after.rows[0]


def _ruled(rules: list[dict[str, Any]], bbox: tuple[float, float, float, float], y: float) -> bool:
    """Whether the page's horizontal ``rules`` run along half the table's width or more at ``y``."""
    x0, _, x1, _ = bbox
    at = [e for e in rules if abs(e["top"] - y) < 1.5]
    covered: float = sum(max(0.0, min(e["x1"], x1) - max(e["x0"], x0)) for e in at)
    return covered >= (x1 - x0) / 2


def _pdf_page(page: object) -> list[str | _Table]:
    """A page's text lines and tables in reading order (top to bottom)."""
    tables = page.find_tables({"explicit_horizontal_lines": _open_table_edges(page)})  # type: ignore[attr-defined]
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, float]) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    items: list[tuple[float, str | _Table]] = []
    for line in page.filter(outside).extract_text_lines():  # type: ignore[attr-defined]
        if line["text"].strip():
            items.append((line["top"], line["text"].strip()))
    horizontal = [e for e in page.edges if e["orientation"] == "h"]  # type: ignore[attr-defined]
    for t in tables:
        if rows := [row for row in t.extract() if _row_line(row)]:
            open_top, open_bottom = (not _ruled(horizontal, t.bbox, y) for y in (t.bbox[1], t.bbox[3]))
            items.append((t.bbox[1], _Table(rows, open_top, open_bottom)))
    return [item for _, item in sorted(items, key=lambda x: x[0])]
