"""The gold reports as the documents users hold (HTML, PDF, Word), the text their tools get out of
them, and how well the extractor reads each (development and benchmarks only).

    python -m training.renderings build --out runs/renderings [--only NAME ...] [--force]
        [--variants as_printed,blank_zeros] [--synthetic N --seed S] [--css CSS] [--tools a,b]
    python -m training.renderings score --dir runs/renderings [--tagger lexicon|model] [--tools a,b] [--json]
    python -m training.renderings fixtures --out tests/fixtures/documents

Variants: NAME/ prints the gold values as they are; NAME~bz/ ("blank zeros") prints every table cell
whose gold value is 0 as an empty cell, as many units do, and its gold has no value there (a value
output for such a cell is a false positive). ``--synthetic N`` adds the reports with tables among
``training.synthetic.generate(N, S)`` as syn-S-I[~bz]/ (I: the index in ``generate``; their text and gold
saved as NAME.source.json), scored in a section of their own. ``fixtures`` writes the two synthetic
reports the test suite reads (no browser or PDF tool needed there: the files are committed).

Why: the corpus has one text per report, from one tool; users send the same tables through many tools
and each loses something else (blank cells, row order, merged labels: ../shared/notes/renderings.md).
Each report's tables are rebuilt as the official forms, merged cells included, from its gold values
(a form cell without a gold value is blank, as in real reports); the prose around them is the corpus
text. The PDF/HTML/Word libraries are dev-only: they are imported inside the functions using them.
"""

from __future__ import annotations

import argparse
import html
import importlib
import io
import json
import logging
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from service.catalog import get_catalog
from service.documents import read_document
from service.files import write_atomic
from service.pipeline import Extractor
from service.schema import ExtractOptions, ExtractResult
from service.settings import get_settings
from training.score import Counts, GoldReport, GoldValue, load_gold, resolve_text, score_report

CHROMIUM = Path("/usr/bin/chromium")
HELD_OUT_REPORTS = (
    "shanghai-city-gov-office-2025-pdfmd",
    "shanghai-stcsm-kewei-2024-pdfmd",
    "jiangsu-huaian-hongzequ-gov-2024",
)
#: tools no rule was written from: scored apart. PyMuPDF, html2text, lynx, docx2txt, pdfplumber's layout
#: text, pymupdf4llm, pandoc's plain text (of HTML and DOCX) and Markdown, kreuzberg's PDF and DOCX text
#: and docx2python were held out once and read since.
HELD_OUT_TOOLS = (
    "pypdf", "pdftotext_stream", "inscriptis", "trafilatura", "html_text", "markdownify",
    "links", "html_to_markdown", "kreuzberg_html",
)  # fmt: skip
# via service.documents; file_scan: the PDF printed and scanned (pages as images), read by OCR (slow: only
# when asked for with --tools)
FILE_TOOLS = {"file_pdf": "pdf", "file_html": "html", "file_docx": "docx", "file_scan": "pdf"}
CONFIDENT = 0.9
TITLES = {
    "t2": ("主动公开政府信息情况",),
    "t3": ("收到和处理政府信息公开申请情况",),  # searched before a table's values
    "t4": ("行政复议、行政诉讼情况", "行政诉讼情况"),
    "general": ("统计表", "統計表", "通过不同渠道和方式公开政府信息的情况"),
}
VARIANT_IDS = {  # gold ids only the 2021 form has, only the 2019 form has
    "t2": (
        r"\.(issued|repealed|in_force)$|^t2\.fees\.amount$",
        r"\.(made|published|total_public|previous|change)$|^t2\.procurement\.",
    ),
    "t3": (r"^t3\.other_(no_correction|unpaid_fee|other)\.", r"^t3\.other_handling\."),
}
_PAGE_NO = re.compile(r"^\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$")
_HEADING_LEAD = re.compile(r"^[#*\s]*(?:表[二三四][：:]?)?\s*(?:[一二三四五六七八九十]+\s*、)?\s*$")
_SECTION = re.compile(r"^[#*\s]*(?:[一二三四五六七八九十]+\s*、|[（(][一二三四五六七八九十]+[)）])")


# -- the official forms ----------------------------------------------------------------------------
@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


Grid = list[list[Cell]]
Block = str | Grid  # a paragraph or a table
Values = dict[tuple[str, str], str]  # (id, period) -> printed value


def H(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:  # a printed label of the form
    return Cell(text, rowspan, colspan, header=True)


def _fmt(value: float | int) -> str:
    f = float(value)
    return str(int(f)) if f.is_integer() else f"{f:.6f}".rstrip("0").rstrip(".")


T2_ITEMS = {"第二十条第（一）项": ("regulations", "normative_documents"), "第二十条第（五）项": ("licensing", "other_services"),
            "第二十条第（六）项": ("penalty", "coercion"), "第二十条第（八）项": ("fees",), "第二十条第（九）项": ("procurement",)}  # fmt: skip
T2_PRINTED = {
    ("2021", "decisions"): "本年处理决定数量",
    ("2019", "normative_documents"): "规范性文件",
}  # vs catalog labels


def form_t2(vals: Values, variant: str) -> Grid:
    """表二: an item title row, its 信息内容 header row, its rows; four grid columns, so an item with
    fewer value columns stretches its last one (as the form prints 处理决定数量 or 收费金额)."""
    cat = get_catalog()
    t = cat.tables["t2"]
    grid: Grid = []
    for item, keys in T2_ITEMS.items():
        rows = [t.row(k) for k in keys if variant in t.row(k).columns]
        if not rows:
            continue
        cols = rows[0].columns[variant]
        spans = [1] * (len(cols) - 1) + [4 - len(cols)]
        grid.append([H(item, 1, 4)])
        heads = [H(T2_PRINTED.get((variant, c), t.columns[c]["label"]), 1, s) for c, s in zip(cols, spans)]
        grid.append([H("信息内容"), *heads])
        grid += [
            [H(T2_PRINTED.get((variant, r.key), r.label))]
            + [Cell(vals.get((cat.cell_id("t2", r.key, c), "year"), ""), 1, s) for c, s in zip(cols, spans)]
            for r in rows
        ]
    return grid


def form_t3(vals: Values, variant: str) -> Grid:
    """表三: three label columns; 三、本年度办理结果 and the （三）（四）（五）(2021:（六）) groups span rows."""
    t = get_catalog().tables["t3"]
    cols, keys = list(t.columns), [r.key for r in t.rows]

    def row(key: str, *head: Cell) -> list[Cell]:
        return [*head, *(Cell(vals.get((f"t3.{key}.{c}", "year"), "")) for c in cols)]

    other = ("（六）其他处理", [k for k in keys if k.startswith("other_") and k != "other_handling"])
    results = [(None, ["granted"]), (None, ["partial"]), *(
        (label, [k for k in keys if k.startswith(prefix)])
        for label, prefix in (("（三）不予公开", "denied_"), ("（四）无法提供", "unable_"), ("（五）不予处理", "not_processed_"))
    ), other if variant == "2021" else (None, ["other_handling"]), (None, ["total"])]  # fmt: skip
    spanning = {span: name for name, span in t.header_groups.items()}  # 申请人情况 over all, 法人或其他组织
    grid: Grid = [
        [
            H("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            H(spanning[cols[0], cols[-1]], 1, 7),
        ],
        [H(t.columns[cols[0]]["label"], 2), H(spanning[cols[1], cols[-2]], 1, 5), H(t.columns[cols[-1]]["label"], 2)],
        [H(t.columns[c]["label"]) for c in cols[1:-1]],
        row("new_received", H(t.row("new_received").label, 1, 3)),
        row("carried_over", H(t.row("carried_over").label, 1, 3)),
    ]
    lead = [H("三、本年度办理结果", sum(len(ks) for _, ks in results))]
    for label, ks in results:
        for i, k in enumerate(ks):
            group = [H(label, len(ks))] if label and i == 0 else []  # a group's label beside its first row
            head = [H(t.row(k).label, 1, 2)] if label is None else [*group, H(t.row(k).label)]
            grid.append(row(k, *lead, *head))
            lead = []
    grid.append(row("carried_forward", H(t.row("carried_forward").label, 1, 3)))
    return grid


def form_t4(vals: Values) -> Grid:
    """表四: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), the column labels, one row of 15 values."""
    t = get_catalog().tables["t4"]
    cols = [c["label"] for c in t.columns.values()]
    review, direct, after = (b.aliases[0] for b in t.rows)
    (litigation,) = t.header_groups  # 行政诉讼, over the two litigation blocks
    return [
        [H(review, 1, 5), H(litigation, 1, 10)],
        [*(H(c, 2) for c in cols), H(direct, 1, 5), H(after, 1, 5)],
        [H(c) for c in cols * 2],
        [Cell(vals.get((f"t4.{b.key}.{c}", "year"), "")) for b in t.rows for c in t.columns],
    ]


def form_general(vals: Values, ids: set[str], cumulative: bool) -> Grid:
    """The pre-2019 统计表: the gold's rows in 统计表 (catalog) order; 历年累计 when the gold has it."""
    head = ["指标名称", "计量单位", "本年数", "历年累计"] if cumulative else ["统计指标", "单位", "统计数"]
    periods = ("year", "cumulative") if cumulative else ("year",)
    rows = [g for g in get_catalog().general if g.id in ids]
    return [[H(h) for h in head]] + [
        [H(g.label), H(g.unit), *(Cell(vals.get((g.id, p), "")) for p in periods)] for g in rows
    ]


def forms(gold: GoldReport) -> dict[str, Grid]:
    """The report's tables as official forms; the 2019 or 2021 variant is read off the gold's ids."""
    table_values = [v for v in gold.values if v.source == "table"]
    vals: Values = {(v.id, v.period): _fmt(v.value) for v in table_values if v.value is not None}
    by_table: dict[str, set[str]] = {}
    for v in table_values:
        by_table.setdefault(table_key(v.id), set()).add(v.id)

    def variant(key: str) -> str:
        new, old = (re.compile(p) for p in VARIANT_IDS[key])
        if any(new.search(i) for i in by_table[key]):
            return "2021"
        return "2019" if gold.template == "2019" or any(old.search(i) for i in by_table[key]) else "2021"

    out: dict[str, Grid] = {}
    if "t2" in by_table:
        out["t2"] = form_t2(vals, variant("t2"))
    if "t3" in by_table:
        out["t3"] = form_t3(vals, variant("t3"))
    if "t4" in by_table:
        out["t4"] = form_t4(vals)
    if "general" in by_table:
        out["general"] = form_general(vals, by_table["general"], any(v.period == "cumulative" for v in table_values))
    return out


# -- the document: corpus prose with each table region replaced by its form --------------------------
@lru_cache(maxsize=1)
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(text: str) -> str:
    return _s2t().convert(text)


def _title_end(text: str, key: str, lo: int, hi: int) -> int | None:
    """Where the title of table ``key`` in text[lo:hi] ends: the first one printed as a heading
    (三、收到和处理…, ## 表三：…), else the last one (crawler text has a whole page on one line)."""
    titles = dict.fromkeys(t for title in TITLES[key] for t in (title, _traditional(title)))  # synthetic reports
    patterns = [r"\s*".join(map(re.escape, t)) for t in titles]
    found = sorted((lo + m.start(), lo + m.end()) for p in patterns for m in re.finditer(p, text[lo:hi]))
    headings = [e for s, e in found if _HEADING_LEAD.match(text[text.rfind("\n", 0, s) + 1 : s])]
    return headings[0] if headings else found[-1][1] if found else None


def table_key(id_: str) -> str:
    """The form a table gold id is printed in: t2, t3, t4, or the pre-2019 统计表 ("general")."""
    return id_.split(".")[0] if id_[:2] in ("t2", "t3", "t4") else "general"


def regions(text: str, groups: dict[str, list[tuple[int, int]]], exact: bool = False) -> dict[str, tuple[int, int]]:
    """Each table's span in the text, given the (start, end) of its values: from the line of its first
    value, widened back to just after its title (the original's column headers must not stay behind as
    prose), to the line of its last value, widened over rows without a value read (pipe rows, page
    numbers) up to the next sentence or section; with ``exact`` values (every value of the table is
    known: synthetic reports) only over empty lines, page numbers and pipe rows ("5、…" headings and
    wrapped prose lines, which the general rule would take for rows, stay)."""
    out: dict[str, tuple[int, int]] = {}
    prev_end = 0
    for key, spans in sorted(groups.items(), key=lambda kv: min(kv[1])):
        a, b = min(s for s, _ in spans), max(e for _, e in spans)
        start = text.rfind("\n", 0, a) + 1
        title = _title_end(text, key, max(prev_end, a - 1500), a)
        if title is not None:
            line_end = text.find("\n", title)
            start = line_end + 1 if 0 <= line_end < a else title  # crawler text: title on the value's line
        elif a - start > 300:
            start = a  # one long line: keep the prose before the table
        end = len(text) if text.find("\n", b) < 0 else text.find("\n", b)
        if end - b > 80:  # the line goes on with prose (crawler text): stop after the value and its unit
            end = b + len(re.match(r"\s*(?:万元|元)?", text[b:]).group())  # type: ignore[union-attr]
        else:
            for m in re.finditer(r"\n([^\n]*)", text[end:]):
                line = m.group(1)
                if exact:
                    if line.strip() and not _PAGE_NO.match(line) and not line.lstrip().startswith("|"):
                        break
                    end += len(m.group())
                    continue
                other_title = any(t in line for k, ts in TITLES.items() if k != key for t in ts)
                if "。" in line or _SECTION.match(line) or other_title:
                    break
                end += len(m.group())
        out[key] = (max(start, prev_end), end)
        prev_end = end
    return out


@dataclass
class Layout:
    """A report's document without its table values: the title, and blocks in reading order (a paragraph
    per non-empty line, or the key of a table); ``where`` tells how each table was placed."""

    title: str
    blocks: list[str | tuple[str]]
    where: dict[str, str]
    traditional: bool = False  # the report is in traditional script: so are its forms

    def fill(self, gold: GoldReport) -> list[Block]:
        """The blocks with each table drawn as its official form, filled from ``gold``."""
        tables = forms(gold)
        if self.traditional:
            tables = {k: [[replace(c, text=_traditional(c.text)) for c in row] for row in grid]
                      for k, grid in tables.items()}  # fmt: skip
        return [tables[b[0]] if isinstance(b, tuple) else b for b in self.blocks]


def compose(
    gold: GoldReport,
    text: str,
    extractor: Extractor,
    cells: dict[str, list[tuple[int, int]]] | None = None,
    traditional: bool = False,
) -> Layout:
    """The layout of ``text`` with its tables cut out; ``cells`` (table key -> spans of its values) when
    known (synthetic reports), else where the extractor reads the table values."""
    result = extractor.extract(text, ExtractOptions(tagger="lexicon"))
    title = result.report.title or Path(gold.file).stem
    body = re.search(r"^=+\s*正文\s*=+\s*$", text, re.M)  # crawler header lines are not the report
    body_start = body.end() if body else 0
    keys, exact = set(forms(gold)), cells is not None
    if cells is None:
        cells = {}
        for i in result.indicators:
            if i.source == "table" and i.table in keys:
                cells.setdefault(i.table, []).append((i.start, i.end))
    spans = regions(text, {k: v for k, v in cells.items() if k in keys}, exact=exact)
    placed = [(a, b, k) for k, (a, b) in spans.items()]
    for key in keys - spans.keys():  # the values were not found: after its title, else at the end
        t_end = _title_end(text, key, body_start, len(text))
        at = len(text) if t_end is None else (text.find("\n", t_end) + 1 or len(text))
        placed.append((at, at, key))

    def paragraphs(chunk: str) -> list[str | tuple[str]]:
        return [s.strip() for s in chunk.splitlines() if s.strip() and not _PAGE_NO.match(s)]

    blocks: list[str | tuple[str]] = []
    pos = body_start
    for a, b, key in sorted(placed):
        blocks += [*paragraphs(text[pos : max(a, pos)]), (key,)]
        pos = max(b, pos)
    blocks += paragraphs(text[pos:])
    squeezed, lead = re.sub(r"\s+", "", title), ""
    while blocks and isinstance(line := blocks[0], str) and squeezed.startswith(lead + re.sub(r"\s+", "", line)):
        lead += re.sub(r"\s+", "", line)  # the title's lines: printed once, as the heading
        del blocks[0]
    where = {k: f"{'found' if k in spans else 'placed'} {a}-{b}" for a, b, k in placed}
    return Layout(title, blocks, where, traditional)


# -- documents ---------------------------------------------------------------------------------------
def to_html(title: str, blocks: list[Block], css: str = "") -> str:
    """The page; ``css`` is added to its style sheet (the fixtures' font)."""

    def cell(c: Cell) -> str:
        tag = "th" if c.header else "td"
        span = "".join(f' {a}="{n}"' for a, n in (("rowspan", c.rowspan), ("colspan", c.colspan)) if n > 1)
        return f"<{tag}{span}>{html.escape(c.text)}</{tag}>"

    parts = [f"<h1>{html.escape(title)}</h1>"]
    for b in blocks:
        if isinstance(b, str):
            parts.append(f"<p>{html.escape(b)}</p>")
        else:
            parts += ["<table border=1>", *("<tr>" + "".join(cell(c) for c in row) + "</tr>" for row in b), "</table>"]
    style = ("body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-size:11pt}"
             "table{border-collapse:collapse;width:100%;margin:8pt 0}"
             "td,th{padding:2pt 4pt;font-weight:normal}") + css  # fmt: skip
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{style}</style></head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")  # fmt: skip


def placements(grid: Grid) -> tuple[list[tuple[int, int, Cell]], int]:
    """(row, column, cell) on the form's grid, past the positions an earlier rowspan covers; and the width."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            c += cell.colspan
    return out, max(c for _, c in taken) + 1


def write_docx(title: str, blocks: list[Block], path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=0)
    for b in blocks:
        if isinstance(b, str):
            doc.add_paragraph(b)
            continue
        cells, ncols = placements(b)
        table = doc.add_table(rows=len(b), cols=ncols)
        table.style = "Table Grid"
        for r, c, cell in cells:  # merge first: a merge joins the texts of the cells it merges
            if cell.rowspan > 1 or cell.colspan > 1:
                table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        for r, c, cell in cells:
            table.cell(r, c).text = cell.text
    doc.save(str(path))


def print_pdf(html_path: Path, pdf_path: Path) -> None:
    """Headless Chromium, as a user's "print to PDF"; a private profile so parallel runs do not collide."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path.resolve()}", html_path.resolve().as_uri()],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip


# -- what users' tools make of the documents -----------------------------------------------------------
TOOL_SOURCE = {  # tool -> the document it reads
    **dict.fromkeys(("pdftotext_layout", "pdftotext_raw", "pdfplumber", "pypdfium2", "pymupdf"), "pdf"),
    **dict.fromkeys(("bs4", "html2text", "browser_copy"), "html"),
    "docx_text": "docx",
    # more converters people pipe reports through (text browsers, LLM pre-processors, PDF libraries)
    **dict.fromkeys(("pdfminer", "pypdf", "pypdf_layout", "pdftotext_stream", "markitdown_pdf"), "pdf"),
    **dict.fromkeys(("pdfplumber_layout", "pymupdf4llm"), "pdf"),  # added after the rest, scored before they were read
    **dict.fromkeys(("w3m", "lynx", "inscriptis", "pandoc_plain", "pandoc_gfm", "markitdown_html"), "html"),
    **dict.fromkeys(("docx2txt", "mammoth_md", "pandoc_docx", "markitdown_docx"), "docx"),
    # crawlers' extractors and LangChain's HTML to Markdown: scored before they were read
    **dict.fromkeys(("trafilatura", "html_text", "markdownify"), "html"),
    # two more text browsers, pandoc's own Markdown, a Rust HTML to Markdown converter, kreuzberg (a
    # document extraction library for LLM pipelines) on the three files, docx2python: scored before they
    # were read (pandoc's Markdown, kreuzberg's PDF and DOCX text and docx2python read since)
    **dict.fromkeys(("elinks", "links", "pandoc_md", "html_to_markdown", "kreuzberg_html"), "html"),
    "kreuzberg_pdf": "pdf",
    **dict.fromkeys(("kreuzberg_docx", "docx2python"), "docx"),
}
#: the command-line tools among them (poppler's pdftotext, Debian's w3m, lynx, elinks, links2, pandoc): a
#: tool not installed is left out
_COMMANDS = {
    "pdftotext_layout": ["pdftotext", "-layout", "-enc", "UTF-8", "{}", "-"],
    "pdftotext_raw": ["pdftotext", "-enc", "UTF-8", "{}", "-"],  # no flag: poppler's reading order
    "pdftotext_stream": ["pdftotext", "-raw", "-enc", "UTF-8", "{}", "-"],
    "w3m": ["w3m", "-dump", "-I", "UTF-8", "-O", "UTF-8", "-cols", "160", "-T", "text/html", "{}"],
    "lynx": ["lynx", "-dump", "-nolist", "-assume_charset=utf-8", "-display_charset=utf-8", "-width=160", "{}"],
    "pandoc_plain": ["pandoc", "-f", "html", "-t", "plain", "--wrap=none", "{}"],
    "pandoc_gfm": ["pandoc", "-f", "html", "-t", "gfm", "--wrap=none", "{}"],
    "pandoc_docx": ["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", "{}"],
    "pandoc_md": ["pandoc", "-f", "html", "-t", "markdown", "--wrap=none", "{}"],
    "elinks": [
        "elinks",
        "-dump",
        "-dump-charset",
        "utf-8",
        "-dump-width",
        "160",
        "-no-references",
        "-no-numbering",
        "{}",
    ],
    "links": ["links2", "-dump", "-width", "160", "-codepage", "utf-8", "{}"],
}


def tool_text(tool: str, path: Path) -> str:
    """The text ``tool`` gets out of the document at ``path`` (its libraries are dev-only: imported here)."""
    if tool in _COMMANDS:
        args = [str(path) if a == "{}" else a for a in _COMMANDS[tool]]
        return subprocess.run(args, check=True, capture_output=True, timeout=120).stdout.decode("utf-8")
    if tool == "pdfminer":
        from pdfminer.high_level import extract_text

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        return str(extract_text(str(path)))
    if tool.startswith("pypdf"):
        from pypdf import PdfReader

        pages = PdfReader(str(path)).pages
        if tool == "pypdf_layout":
            return "\n".join(page.extract_text(extraction_mode="layout") for page in pages)
        return "\n".join(page.extract_text() for page in pages)
    if tool.startswith("markitdown"):
        from markitdown import MarkItDown

        return str(MarkItDown().convert(str(path)).text_content)
    if tool == "inscriptis":
        from inscriptis import get_text

        return str(get_text(path.read_text(encoding="utf-8")))
    if tool == "trafilatura":  # the main text a crawler keeps of a page (its defaults: tables as pipe rows)
        import trafilatura

        return str(trafilatura.extract(path.read_text(encoding="utf-8")) or "")
    if tool == "html_text":  # Scrapy's html-text: a block a line
        import html_text

        return str(html_text.extract_text(path.read_text(encoding="utf-8")))
    if tool == "markdownify":  # HTML to Markdown as LLM pipelines do it (LangChain's transformer)
        from markdownify import markdownify

        return str(markdownify(path.read_text(encoding="utf-8")))
    if tool == "html_to_markdown":
        from html_to_markdown import convert

        return str(convert(path.read_text(encoding="utf-8")).content)
    if tool.startswith("kreuzberg"):  # its defaults, but no cache of results on disk
        import kreuzberg

        return str(kreuzberg.extract_file_sync(path, config=kreuzberg.ExtractionConfig(use_cache=False)).content)
    if tool == "docx2python":
        from docx2python import docx2python

        with docx2python(path) as content:
            return str(content.text)
    if tool == "docx2txt":
        import docx2txt

        return str(docx2txt.process(str(path)))
    if tool == "mammoth_md":  # mammoth's Markdown (escapes "2." as "2\\.")
        import mammoth

        with path.open("rb") as f:
            return str(mammoth.convert_to_markdown(f).value)
    if tool.startswith("pdfplumber"):
        import pdfplumber

        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a warning per glyph of a font without FontBBox
        with pdfplumber.open(path) as pdf:  # layout=True: words placed at their x, as pdftotext -layout does
            return "\n".join(page.extract_text(layout=tool == "pdfplumber_layout") or "" for page in pdf.pages)
    if tool == "pymupdf4llm":  # the Markdown LLM pipelines feed on: tables found on the page, as pipes
        import pymupdf4llm

        return str(pymupdf4llm.to_markdown(str(path), use_ocr=False, show_progress=False))
    if tool == "pypdfium2":
        import pypdfium2

        pdfium = pypdfium2.PdfDocument(path)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdfium)
        finally:
            pdfium.close()
    if tool == "pymupdf":
        import pymupdf

        with pymupdf.open(path) as mu:
            return "".join(page.get_text() for page in mu)
    if tool == "bs4":
        from bs4 import BeautifulSoup

        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").get_text("\n")
    if tool == "html2text":
        import html2text

        h = html2text.HTML2Text()
        h.body_width = 0
        return h.handle(path.read_text(encoding="utf-8"))
    if tool == "browser_copy":  # innerText: a line per block, a row's cells joined by tabs, a blank cell an
        import lxml.html  # empty field; a position under an earlier row's rowspan has no cell, prints nothing

        text = lambda el: " ".join(el.text_content().split())  # noqa: E731
        body = lxml.html.fromstring(path.read_text(encoding="utf-8")).find("body")
        row = lambda tr: "\t".join(text(c) for c in tr if c.tag in ("td", "th"))  # noqa: E731
        return "".join((row(el) if el.tag == "tr" else text(el)) + "\n" for el in body.iter("h1", "p", "tr"))
    if tool == "docx_text":  # as scripts use python-docx: a merged cell is repeated in every grid column it covers
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = Document(str(path))
        lines: list[str] = []
        for el in doc.element.body.iterchildren():
            if el.tag.endswith("}p"):
                lines.append(Paragraph(el, doc).text)
            elif el.tag.endswith("}tbl"):
                lines += ["\t".join(c.text for c in row.cells) for row in Table(el, doc).rows]
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown tool {tool!r}")


# -- what is rendered: corpus and synthetic reports, as printed or with their zeros left blank ----------
VARIANTS = {"as_printed": "", "blank_zeros": "~bz"}  # variant -> suffix of the rendering's name
VARIANT_TITLES = {"as_printed": "as printed", "blank_zeros": "blank zeros"}
SYNTHETIC_NAME = re.compile(r"^syn-(\d+)-(\d+)$")


@dataclass
class Source:
    """A report to render: its gold (as printed), its text (the prose around the tables), and for a
    synthetic report where its table values are in that text."""

    name: str
    gold: GoldReport
    text: str
    split: str  # "dev" | "held_out" | "synthetic"
    cells: dict[str, list[tuple[int, int]]] | None = None
    traditional: bool = False

    def layout(self, extractor: Extractor) -> Layout:
        return compose(self.gold, self.text, extractor, self.cells, self.traditional)


def blank_zeros(gold: GoldReport) -> GoldReport:
    """The gold of the rendering whose table cells with value 0 are printed empty: those cells keep their
    id with value None (a blank cell, as a missing gold value: a value predicted for it is a false
    positive and a blank guess), so the forms keep their rows and variant."""
    values = [v.model_copy(update={"value": None}) if v.source == "table" and v.value == 0 and not v.ambiguous
              else v for v in gold.values]  # fmt: skip
    return gold.model_copy(update={"values": values})


def variant_gold(gold: GoldReport, variant: str) -> GoldReport:
    return blank_zeros(gold) if variant == "blank_zeros" else gold


def table_golds(only: list[str] | None = None) -> list[GoldReport]:
    """The gold reports with table values: the only ones a rendering changes."""
    golds = load_gold(get_settings().annotations_dir / "gold")
    return [g for g in golds if any(v.source == "table" for v in g.values) and (not only or Path(g.file).stem in only)]


def corpus_sources(only: list[str] | None = None) -> list[Source]:
    corpus = get_settings().corpus_dir
    out = []
    for g in table_golds(only):
        name = Path(g.file).stem
        out.append(Source(name, g, resolve_text(g, corpus), "held_out" if name in HELD_OUT_REPORTS else "dev"))
    return out


def synthetic_sources(n: int, seed: int, only: list[str] | None = None) -> list[Source]:
    """``training.synthetic.generate(n, seed)``'s reports with table values, named syn-SEED-I (I: the
    report's index in ``generate``); the evidence of each table value gives where its table is."""
    from training.synthetic import generate

    out = []
    for i, r in enumerate(generate(n, seed)):
        name = f"syn-{seed}-{i}"
        table = [k for k, g in enumerate(r.gold) if g["source"] == "table"]
        if not table or (only and name not in only):
            continue
        gold = GoldReport(file=f"{name}.txt", corpus_path="", sha256="", template=r.template, style=r.style,
                          values=[GoldValue.model_validate(g) for g in r.gold], notes=f"synthetic {r.id}")  # fmt: skip
        cells: dict[str, list[tuple[int, int]]] = {}
        for k in table:
            if r.evidence[k] is not None:
                cells.setdefault(table_key(r.gold[k]["id"]), []).append(r.evidence[k])  # type: ignore[arg-type]
        out.append(Source(name, gold, r.text, "synthetic", cells, r.script == "traditional"))
    return out


def save_source(src: Source, path: Path) -> None:
    """A synthetic report as rendered (text, gold, where its tables are): scored from this file, so that
    a change of training.synthetic between build and score cannot pair documents with another gold."""
    data = {"name": src.name, "notes": src.gold.notes, "template": src.gold.template, "style": src.gold.style,
            "traditional": src.traditional, "values": [v.model_dump(exclude_defaults=True) for v in src.gold.values],
            "cells": src.cells, "text": src.text}  # fmt: skip
    _write_if_changed(path, json.dumps(data, ensure_ascii=False, indent=0) + "\n")


def load_source(path: Path) -> Source:
    d = json.loads(path.read_text(encoding="utf-8"))
    gold = GoldReport(file=f"{d['name']}.txt", corpus_path="", sha256="", template=d["template"], style=d["style"],
                      values=[GoldValue.model_validate(v) for v in d["values"]], notes=d["notes"])  # fmt: skip
    cells = {k: [tuple(span) for span in v] for k, v in d["cells"].items()}
    return Source(d["name"], gold, d["text"], "synthetic", cells, d["traditional"])


def rendered_sources(root: Path) -> list[Source]:
    """The sources of the renderings under ``root``: the corpus's, and the synthetic reports as saved by
    build (NAME.source.json; without one, regenerated from the name: report I of seed S does not depend
    on how many were generated, but does on the version of training.synthetic)."""
    names = {p.name.split("~")[0] for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()
    out = [s for s in corpus_sources() if s.name in names]
    seeds: dict[int, int] = {}
    for name in sorted(filter(SYNTHETIC_NAME.match, names), key=lambda n: [int(x) for x in n.split("-")[1:]]):
        saved = [root / f"{name}{suffix}" / f"{name}{suffix}.source.json" for suffix in VARIANTS.values()]
        if path := next((p for p in saved if p.is_file()), None):
            out.append(load_source(path))
        else:
            seed, i = map(int, name.split("-")[1:])
            seeds[seed] = max(seeds.get(seed, 0), i + 1)
    regenerated = [s for seed, n in sorted(seeds.items()) for s in synthetic_sources(n, seed) if s.name in names]
    return out + regenerated


# -- build -----------------------------------------------------------------------------------------
def _write_if_changed(path: Path, data: str) -> bool:
    if path.is_file() and path.read_bytes() == data.encode("utf-8"):  # bytes: pypdfium2's CRLF kept
        return False
    write_atomic(path, data)
    return True


def _documents(
    layout: Layout,
    gold: GoldReport,
    files: dict[str, Path],
    sources: set[str],
    force: bool,
    css: str,
    compact_pdf: bool,
) -> list[str]:
    blocks = layout.fill(gold)
    fresh = _write_if_changed(files["html"], to_html(layout.title, blocks, css)) or force
    made = ["html" if fresh else "html (unchanged)"]
    if fresh or not files["docx"].is_file():
        write_docx(layout.title, blocks, files["docx"])
        made.append("docx")
    if "pdf" in sources and (fresh or not files["pdf"].is_file()):
        print_pdf(files["html"], files["pdf"])
        if compact_pdf:
            import pymupdf

            with pymupdf.open(files["pdf"]) as pdf:
                data = pdf.tobytes(garbage=4, deflate=True, use_objstms=1)
            files["pdf"].write_bytes(data)
        made.append("pdf")
    return made


def render(
    layout: Layout,
    gold: GoldReport,
    name: str,
    folder: Path,
    sources: set[str],
    force: bool = False,
    css: str = "",
    compact_pdf: bool = False,
    tools: list[str] | None = None,
) -> list[str]:
    """NAME.html/.docx/.pdf and NAME.<tool>.txt in ``folder`` (files of ``sources`` only); what changed.
    ``tools``: only their texts, from the documents as built (a tool added to a set built before).
    ``compact_pdf``: the printed PDF rewritten with object streams (PyMuPDF), before any tool reads it."""
    files = {ext: folder / f"{name}.{ext}" for ext in ("html", "pdf", "docx")}
    made = ["documents as built"] if tools else _documents(layout, gold, files, sources, force, css, compact_pdf)
    texts, missing = [], []
    for t, src in TOOL_SOURCE.items():
        if src not in sources or (tools and t not in tools):
            continue
        try:
            text = tool_text(t, files[src])
        except (ImportError, FileNotFoundError):  # the tool's library or program is not installed
            missing.append(t)
            continue
        if _write_if_changed(folder / f"{name}.{t}.txt", text):
            texts.append(t)
    return [
        *made,
        f"texts changed: {', '.join(texts) or 'none'}",
        *([f"not installed: {', '.join(missing)}"] * bool(missing)),
    ]


def build(
    out: Path,
    only: list[str] | None = None,
    force: bool = False,
    variants: list[str] | None = None,
    synthetic: int = 0,
    seed: int = 0,
    css: str = "",
    tools: list[str] | None = None,
) -> None:
    """Idempotent: a file is written when its content changes; the PDF and Word files when the HTML does.
    Every report in every variant: NAME/ as printed, NAME~bz/ with its zero table cells blank.
    ``css``: added to the page's style sheet (``table{table-layout:fixed}``: columns as wide when blank).
    ``tools``: only their texts, from the documents as built."""
    variants = variants or list(VARIANTS)
    extractor = Extractor(get_settings())
    sources = {"html", "docx"} | ({"pdf"} if CHROMIUM.exists() else set())
    if "pdf" not in sources:
        print(f"{CHROMIUM} not found: no PDF, no {', '.join(t for t, src in TOOL_SOURCE.items() if src == 'pdf')}")
    reports = corpus_sources(only) + (synthetic_sources(synthetic, seed, only) if synthetic else [])
    for src in reports:
        layout = src.layout(extractor)
        tables = ", ".join(f"{k} {v}" for k, v in sorted(layout.where.items()))
        for variant in variants:
            name = src.name + VARIANTS[variant]
            made = render(layout, variant_gold(src.gold, variant), name, out / name, sources, force, css, tools=tools)
            if src.split == "synthetic":
                save_source(src, out / name / f"{name}.source.json")
            print(f"{name}: {'; '.join(made)} | tables: {tables}", flush=True)


# -- score -----------------------------------------------------------------------------------------
def confident(gold: GoldReport, result: ExtractResult) -> tuple[int, int]:
    """(values output with confidence >= 0.9, how many of them are gold values): what a user would trust."""
    amb = {(g.id, g.period) for g in gold.values if g.ambiguous}
    gold_keys = Counter((g.id, g.period, round(float(g.value), 6))
                        for g in gold.values if g.value is not None and not g.ambiguous)  # fmt: skip
    pred = Counter((i.id, i.period, round(float(i.value), 6)) for i in result.indicators
                   if i.confidence >= CONFIDENT and i.value is not None and (i.id, i.period) not in amb)  # fmt: skip
    return sum(pred.values()), sum((pred & gold_keys).values())


def blank_guesses(gold: GoldReport, result: ExtractResult) -> list[float]:
    """Confidences of values output for cells the rendering leaves blank (gold value missing or ambiguous):
    score_report leaves ambiguous ids out, so a value guessed into a blank cell would go unseen."""
    blank = {(g.id, g.period) for g in gold.values if g.source == "table" and (g.value is None or g.ambiguous)}
    return [i.confidence for i in result.indicators if (i.id, i.period) in blank and i.value is not None]


def explain(errors: list[dict[str, Any]], gold: GoldReport, result: ExtractResult, text: str) -> list[dict[str, Any]]:
    """score_report's errors with what a reader needs: the gold cell ("blank" when printed empty), the
    value output instead of a missed one, the confidence, and the line of ``text`` the value was read on."""
    cells = {(g.id, g.period): g for g in gold.values}
    out_by_key: dict[tuple[str, str], list[Any]] = {}
    for i in result.indicators:
        if i.value is not None:
            out_by_key.setdefault((i.id, i.period), []).append(i)
    out = []
    for e in errors:
        e = dict(e)
        g, inds = cells.get((e["id"], e["period"])), out_by_key.get((e["id"], e["period"]), [])
        if e["kind"] == "wrong":
            e["cell"] = "not in gold" if g is None else "blank" if g.value is None else "value"
            if g is not None and g.value is not None:
                e["gold"] = g.value
            hit = next((i for i in inds if round(float(i.value), 6) == e["predicted"]), None)
        else:
            hit = inds[0] if inds else None  # the value output instead, if any
            if hit is not None:
                e["output_instead"] = hit.value
        if hit is not None:
            line_start = text.rfind("\n", 0, hit.start) + 1
            line_end = text.find("\n", hit.end)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            e |= {"confidence": hit.confidence, "raw": hit.raw,
                  "line": line if len(line) <= 240 else line[max(0, hit.start - line_start - 120):][:240]}  # fmt: skip
        out.append(e)
    return out


def scanned(pdf: bytes, dpi: int = 150) -> bytes:
    """The PDF printed and scanned: each page an image (grey, ``dpi``), no text layer."""
    import pypdfium2 as pdfium

    pages = [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdfium.PdfDocument(pdf)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def score(root: Path, tagger: str = "lexicon", tools: list[str] | None = None, unseen: bool = False) -> dict[str, Any]:
    """Extract from every rendering under ``root`` ("corpus" = the report's own text, as printed only)
    and score against the gold of the rendering's variant; ``unseen``: only the corpus reports the
    tagger model never trained on."""
    settings = get_settings()
    extractor = Extractor(settings)
    if tagger == "model":
        extractor.load_model()
    tools = tools or ["corpus", *TOOL_SOURCE, *(t for t in FILE_TOOLS if t != "file_scan")]
    reports: dict[str, dict[str, Any]] = {}
    info: dict[str, dict[str, str]] = {}
    trained = _trained_reports()
    for src in rendered_sources(root):
        if unseen and (src.split == "synthetic" or src.name in trained):
            continue
        for variant, suffix in VARIANTS.items():
            name, gold = src.name + suffix, variant_gold(src.gold, variant)
            if not (root / name).is_dir():
                continue
            info[name] = {"report": src.name, "variant": variant, "split": src.split}
            for tool in tools:
                path = root / name / (f"{name}.{FILE_TOOLS[tool]}" if tool in FILE_TOOLS else f"{name}.{tool}.txt")
                doc = None
                if tool == "corpus":
                    text = src.text if variant == "as_printed" else None  # the report's text prints its zeros
                elif tool in FILE_TOOLS:
                    if path.is_file():
                        data = scanned(path.read_bytes()) if tool == "file_scan" else path.read_bytes()
                        doc = read_document(data, path.name, ocr_pages=100)
                    text = doc.text if doc is not None else None
                else:
                    text = path.read_bytes().decode("utf-8") if path.is_file() else None  # CRLF kept
                if text is None:
                    continue
                try:
                    options = ExtractOptions(tagger=tagger)  # type: ignore[arg-type]
                    result = extractor.extract_document(doc, options) if doc else extractor.extract(text, options)
                except Exception as e:  # a crash is a result too: counted, the run goes on
                    reports.setdefault(name, {})[tool] = {"crash": f"{type(e).__name__}: {e}"}
                    print(f"{name} {tool}: extractor crashed ({type(e).__name__}: {e})", flush=True)
                    continue
                s, (n, right) = score_report(gold, result), confident(gold, result)
                guesses = None if tool == "corpus" else blank_guesses(gold, result)  # blank only in renderings
                reports.setdefault(name, {})[tool] = {**s.total.as_dict(), "confident": n, "confident_right": right,
                                                      "blank_guesses": guesses,
                                                      "errors": explain(s.errors, gold, result, text)}  # fmt: skip
    return {"tagger": tagger, "tools": tools, "held_out_reports": list(HELD_OUT_REPORTS),
            "held_out_tools": list(HELD_OUT_TOOLS), "report_info": info, "reports": reports}  # fmt: skip


def _tool_rows(reports: dict[str, Any], names: list[str], tools: list[str], indent: str) -> list[str]:
    lines = [f"{indent}{'tool':17}   n    TP    FP    FN      P      R     F1  n>=.9  P>=.9  blank(>=.9)"]
    held_tools = [t for t in tools if t in HELD_OUT_TOOLS]
    crashes: Counter[str] = Counter()
    for tool in [*(t for t in tools if t not in held_tools), "held-out tools:", *held_tools]:
        rows = [reports[n][tool] for n in names if tool in reports.get(n, {})]
        crashes[tool] = sum("crash" in r for r in rows)
        rows = [r for r in rows if "crash" not in r]
        if tool.endswith(":") or not rows:
            lines.append(f"{indent}{tool}" + ("" if tool.endswith(":") else "  (no renderings)"))
            continue
        c = Counts(*(sum(r[k] for r in rows) for k in ("tp", "fp", "fn")))
        n, right = sum(r["confident"] for r in rows), sum(r["confident_right"] for r in rows)
        p_conf = f"{right / n:6.3f}" if n else f"{'-':>6}"
        guesses = [x for r in rows for x in r["blank_guesses"] or []]
        blank = "-" if tool == "corpus" else f"{len(guesses)}({sum(x >= CONFIDENT for x in guesses)})"
        lines.append(f"{indent}{tool:17} {len(rows):3} {c.tp:5} {c.fp:5} {c.fn:5} "
                     f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {n:6} {p_conf}  {blank:>11}")  # fmt: skip
    if +crashes:
        crashed = ", ".join(f"{t} {k}" for t, k in crashes.items() if k)
        lines.append(f"{indent}extractor crashed (not in the rows): {crashed}")
    return lines


def format_scores(scores: dict[str, Any]) -> str:
    """A section per variant (dev and held-out reports apart), one for the synthetic reports and one
    for the reports the tagger model never trained on (a part per variant in each); one row per tool,
    the held-out tools under their own line."""
    reports, tools = scores["reports"], scores["tools"]
    info = scores.get("report_info") or {
        n: {"variant": "as_printed", "split": "held_out" if n in HELD_OUT_REPORTS else "dev"} for n in reports
    }  # scores.json before variants
    trained = _trained_reports()

    def names(variant: str, keep: Callable[[str, dict[str, str]], bool]) -> list[str]:
        return [n for n, i in info.items() if i["variant"] == variant and keep(n, i)]

    def split_is(split: str) -> Callable[[str, dict[str, str]], bool]:
        return lambda n, i: i["split"] == split

    def unseen(n: str, i: dict[str, str]) -> bool:
        return i["split"] != "synthetic" and n.split("~")[0] not in trained

    sections = [
        (
            VARIANT_TITLES[v],
            [("dev reports", names(v, split_is("dev"))), ("held-out reports", names(v, split_is("held_out")))],
        )
        for v in VARIANTS
    ]
    sections.append(("synthetic", [(VARIANT_TITLES[v], names(v, split_is("synthetic"))) for v in VARIANTS]))
    sections.append(("dev and held-out reports the tagger model never trained on",
                     [(VARIANT_TITLES[v], names(v, unseen)) for v in VARIANTS]))  # fmt: skip
    lines = []
    for section, parts in sections:
        if not any(part for _, part in parts):
            continue
        lines.append(f"== {section} ==")
        for title, part in parts:
            lines.append(f"{title} ({len(part)})")
            if part:
                lines += _tool_rows(reports, part, tools, "  ")
            lines.append("")
    return "\n".join(lines).rstrip()


def _trained_reports() -> set[str]:
    """Ids of the annotated reports in the tagger's training split (report-level splits)."""
    from service.annotations import AnnotationStore

    return {r.id for r in AnnotationStore(get_settings().annotations_dir).load("train")}


# -- fixtures for the test suite -------------------------------------------------------------------
FIXTURE_SEED = 2024
# Small files: Chromium embeds Noto CJK (an OpenType collection) as Type 3 glyph procedures, ~0.5 MB a
# report; a TrueType font (Debian fonts-wqy-microhei) is embedded as a subset, ~5 times smaller. No bold
# (a synthesised bold is Type 3 again). Unlike Noto, it does not make pdfplumber print Kangxi radicals.
FIXTURE_FONT = "WenQuanYi Micro Hei"
FIXTURE_CSS = f"body,h1{{font-family:'{FIXTURE_FONT}',sans-serif;font-weight:normal}}"
FIXTURES = (("syn2021-blank-zeros", "2021", "blank_zeros"), ("syn2019-as-printed", "2019", "as_printed"))


def _t3_nontrivial(gold: GoldReport) -> bool:
    """A 表三 worth reading: values in several applicant columns, refusals, and zeros among them."""
    t3 = {v.id: v.value for v in gold.values if v.id.startswith("t3.") and v.value is not None}
    cols = {i.rsplit(".", 1)[1] for i, x in t3.items() if x and i.startswith("t3.new_received.")} - {"total"}
    refused = sum(1 for i, x in t3.items() if x and re.match(r"t3\.(denied|unable|not_processed)_", i))
    return len(cols) >= 3 and refused >= 3 and 25 <= sum(1 for x in t3.values() if x) <= 60


def fixture_sources(seed: int = FIXTURE_SEED, scan: int = 200) -> list[tuple[str, Source, str]]:
    """(fixture name, source, variant): the first synthetic report of each wanted form whose text is
    simplified line-broken prose (not a crawler's one line), that prints its zeros (the variant decides),
    with a non-trivial 表三."""
    from training.synthetic import generate

    reports = generate(scan, seed)
    by_name = {s.name: s for s in synthetic_sources(scan, seed)}
    out = []
    for fixture, template, variant in FIXTURES:
        for i, r in enumerate(reports):
            src = by_name.get(f"syn-{seed}-{i}")
            if (src and r.template == template and r.script == "simplified" and r.style not in ("flattened", "prose")
                    and not {"mixed_t3", "blank_zeros"} & set(r.features) and _t3_nontrivial(src.gold)):  # fmt: skip
                out.append((fixture, src, variant))
                break
        else:
            raise SystemExit(f"no {template} report with a non-trivial 表三 among {scan} of seed {seed}")
    return out


def fixtures(out: Path, seed: int = FIXTURE_SEED) -> None:
    """NAME.html/.docx/.pdf, NAME.<tool>.txt and NAME.gold.json (the table values of the variant's gold:
    {id, period, value}, value null for a cell printed blank) for the two fixture reports."""
    missing = [] if CHROMIUM.exists() else [str(CHROMIUM)]
    fonts = subprocess.run(["fc-list", f":family={FIXTURE_FONT}"], capture_output=True, text=True).stdout
    missing += [] if fonts.strip() else [f"the font {FIXTURE_FONT} (Debian fonts-wqy-microhei)"]
    for module in ("pdfplumber", "pypdfium2", "pymupdf", "bs4", "html2text", "docx"):
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise SystemExit(f"the fixtures need every tool: missing {', '.join(missing)}")
    extractor = Extractor(get_settings())
    out.mkdir(parents=True, exist_ok=True)
    for name, src, variant in fixture_sources(seed):
        gold = variant_gold(src.gold, variant)
        made = render(
            src.layout(extractor), gold, name, out, {"html", "docx", "pdf"}, css=FIXTURE_CSS, compact_pdf=True
        )
        values = [{"id": v.id, "period": v.period, "value": v.value} for v in gold.values if v.source == "table"]
        _write_if_changed(out / f"{name}.gold.json", "[\n" + ",\n".join(json.dumps(v) for v in values) + "\n]\n")
        print(f"{name} ({src.name}, {src.gold.template}, {VARIANT_TITLES[variant]}): {'; '.join(made)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m training.renderings", description=(__doc__ or "").split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="NAME[~bz]/ with .html/.pdf/.docx and NAME.<tool>.txt for each report with tables")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--only", nargs="+", metavar="NAME")
    b.add_argument("--force", action="store_true", help="rewrite the PDF and Word files even if the HTML is unchanged")
    b.add_argument(
        "--variants",
        type=lambda v: [x for x in v.split(",") if x],
        default=list(VARIANTS),
        help=f"comma-separated, of {', '.join(VARIANTS)} (default: both)",
    )
    b.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="N",
        help="also the reports with tables among training.synthetic.generate(N, SEED)",
    )
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--css", default="", help="added to the pages' style sheet, e.g. 'table{table-layout:fixed}'")
    b.add_argument(
        "--tools",
        type=lambda v: [t for t in v.split(",") if t],
        help="only these tools' texts, from the documents as built",
    )
    s = sub.add_parser("score", help="extract from every rendering and score against the gold values")
    s.add_argument("--dir", type=Path, required=True)
    s.add_argument("--tagger", choices=("lexicon", "model"), default="lexicon")
    s.add_argument("--tools", type=lambda v: [t for t in v.split(",") if t], help="comma-separated (default: all)")
    s.add_argument("--json", action="store_true", help="print the scores as JSON instead of the table")
    s.add_argument("--unseen", action="store_true", help="only the corpus reports the tagger model never trained on")
    s.add_argument("--out", type=Path, help="where the scores go as JSON (default: DIR/scores.json)")
    f = sub.add_parser("fixtures", help="the documents of tests/fixtures/documents (two synthetic reports)")
    f.add_argument("--out", type=Path, required=True)
    f.add_argument("--seed", type=int, default=FIXTURE_SEED)
    args = parser.parse_args(argv)
    if args.command == "build":
        if unknown := set(args.variants) - VARIANTS.keys():
            parser.error(f"unknown variant(s) {', '.join(sorted(unknown))}: choose from {', '.join(VARIANTS)}")
        build(args.out, args.only, args.force, args.variants, args.synthetic, args.seed, args.css, args.tools)
        return
    if args.command == "fixtures":
        fixtures(args.out, args.seed)
        return
    scores = score(args.dir, args.tagger, args.tools, args.unseen)
    write_atomic(args.out or args.dir / "scores.json", json.dumps(scores, ensure_ascii=False, indent=1))
    print(json.dumps(scores, ensure_ascii=False, indent=1) if args.json else format_scores(scores))


if __name__ == "__main__":
    main()
