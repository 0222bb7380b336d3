"""Scanned PDFs: text by OCR (RapidOCR, the PP-OCR models on ONNX Runtime, shipped in its wheel: offline).

Installed with the ``ocr`` extra; without it a PDF with no text layer is refused (``no_text_layer``).
Each page is rendered (pypdfium2, which pdfplumber already needs) and read into text boxes. The boxes
become lines, each box placed at the character column of its x-position on the page, so a table comes
out as ``pdftotext -layout`` would print it, except that the columns are true: the x of every box is
measured, where ``pdftotext`` squeezes the columns of lines with many Chinese characters. The grid reader
then places the values of rows with blank cells by those columns, and the form's sums check them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from itertools import accumulate
from statistics import median
from typing import Any

from service.budget import check_deadline
from service.errors import ServiceError
from service.normalize import display_width

#: render scale (1.5 = 108 dpi): the models read report print well from there, and recognition, which is
#: most of the time, depends on the number of boxes, not on the pixels
SCALE = 1.5
#: the lowest recognition score a box is kept with (RapidOCR's default, 0.5, drops a lone "0" in a
#: table cell: read right, but with a score of 0.3 to 0.5); every value from a scan is flagged anyway
TEXT_SCORE = 0.3


def available() -> bool:
    return find_spec("rapidocr_onnxruntime") is not None


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


Box = tuple[float, float, float, float, str]  # x0, top, x1, bottom, text


def column_unit(boxes: list[Box]) -> float:
    """One character column, in pixels: the median width per column of the boxes."""
    return median((x1 - x0) / max(display_width(t), 1) for x0, _, x1, _, t in boxes)


def page_text(boxes: list[Box], unit: float | None = None) -> str:
    """Lines of one page from its boxes: boxes whose middles are within half a box height are one line;
    each box stands where it stands on the page, its middle at the column of its middle (at least two
    spaces after the box before it, so cells stay apart; a box over the one before it goes to a line of
    its own after it). ``unit``: the document's column width (``column_unit`` of all its pages: a
    table printed over two pages keeps its columns); by default, the page's own."""
    if not boxes:
        return ""
    unit = unit or column_unit(boxes)
    height = median(b - t for _, t, _, b, _ in boxes)
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        middle = (box[1] + box[3]) / 2
        if lines and abs(middle - median((b[1] + b[3]) / 2 for b in lines[-1])) <= height / 2:
            lines[-1].append(box)
        else:
            lines.append([box])
    out = []
    for line in lines:
        while line:
            text, over = "", []
            for box in sorted(line):
                x0, _, x1, _, t = box
                # the box's middle at the column of the middle of its pixels: a box is wider than its
                # characters (more so a lone digit's), so its left edge would put a column's values
                # left of its header
                column = round((x0 + x1) / 2 / unit - display_width(t) / 2)
                if text and column < len(text):
                    # over the box before it (the lines of a wrapped cell taken for one): a line of
                    # its own after this one, never pushing the values after it under another column
                    over.append(box)
                    continue
                gap = column - len(text)
                text += " " * (max(gap, 2) if text else max(gap, 0)) + t
            out.append(text.rstrip())
            line = over
    return "\n".join(out)


def read_scanned_pdf(data: bytes, max_pages: int) -> tuple[str, list[int]]:
    """The text of a PDF's pages by OCR and the offset where each page starts; at most ``max_pages``
    pages (a longer scan is refused: several seconds a page)."""
    import numpy as np
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:  # pdfplumber read it, pdfium does not: no text either way
        raise ServiceError("invalid_document", "the file is not a readable PDF") from e
    try:
        if len(pdf) > max_pages:
            raise ServiceError(
                "no_text_layer",
                f"the PDF has no text layer and {len(pdf)} pages; OCR reads at most {max_pages} "
                "(GOVREPORT_OCR_MAX_PAGES): run OCR on it first and send the text",
            )
        pages: list[list[Box]] = []
        for page in pdf:
            check_deadline()
            image = page.render(scale=SCALE).to_pil()
            found, _ = _engine()(np.asarray(image), use_cls=False, text_score=TEXT_SCORE)
            pages.append(
                [(b[0][0], b[0][1], b[2][0], b[2][1], str(t).strip()) for b, t, _ in found or [] if str(t).strip()]
            )
        unit = column_unit([b for boxes in pages for b in boxes]) if any(pages) else None
        parts = [page_text(boxes, unit) for boxes in pages]
        starts = list(accumulate((len(t) + 1 for t in parts), initial=0))[:-1]
        return "\n".join(parts), starts
    finally:
        pdf.close()
