"""Normalise report text for processing, keeping every character traceable to the text as sent.

Tagging, structuring and matching run on ``Normalized.text``, but the output contract
(shared/spec/output.md) reports offsets into the text exactly as the user sent it. So every step
records, per normalised character, the range of original characters that produced it
(``to_original`` / ``to_normalized``).

Steps (1:1 unless stated; one consistent decision each, so lexicons need only one form):

- Full-width ASCII U+FF01–U+FF5E → U+0021–U+007E: "４２８" → "428", "（" → "(", "，" → ",",
  "：" → ":". CJK punctuation without an ASCII twin stays: "。", "、", "《》", "“”", "〔〕".
- Kangxi radicals U+2F00–U+2FD5 (PDF text layers) → the ideograph they look like ("⼀" → "一").
- Box-drawing characters (text browsers' tables, ``w3m -dump``): the horizontal strokes → "-", the
  vertical ones, corners and junctions → "|", so ``│3 │├──┼──┤`` reads as a pipe row and its rule.
- Pandoc's simple tables (``pandoc -t plain``): a rule of dash runs one space apart under the header
  gives each column's place, in display columns (a Chinese character takes two); the space between two
  columns, and the one before the first (pandoc indents a table), in every line of the table → "|",
  so its rows read as pipe rows, blank cells kept.
- A Word table's cells joined by single spaces, a blank cell empty and a merged cell repeated in every
  column it covers (kreuzberg's DOCX text, as python-docx gives its rows): a block of lines between
  blank lines that split at single spaces into as many fields each, one of them with a merged cell's
  copies side by side → their spaces "\t", so they read as tab rows (``行政事业性收费  2 2`` is a
  blank 上一年项目数量 and a 本年增/减 of 2).
- Space-like characters (NBSP, U+2000–U+200A, U+202F, U+205F, U+3000) → " "; "\\t" and "\\n" are
  kept; "\\v", "\\f", U+0085, U+2028, U+2029 → "\\n".
- Deleted: zero-width/format characters (U+00AD, U+200B–U+200D, U+2060, U+FEFF), HTML comments
  left by crawlers ("<!--[if !supportLists]-->", "<!--[endif]-->"), and Markdown's escaping
  backslash before ASCII punctuation but "|" (a converter's ``2\\.重复申请`` is ``2.重复申请``; ``\\|`` is
  a pipe inside a cell, no cell edge, and stays).
- n→1: "\\r\\n" and "\\r" → "\\n"; "&nbsp;", "&ensp;", "&emsp;", "&thinsp;" → " "; "<br>" → "\\n", but
  " " in a Markdown table's row (Markdown converters of PDFs break a cell's lines so: ``|2.其他法律行政
  法规禁止公<br>开|8|``, ``|行政处罚|0<br>7|36225|``: two values in one cell).
- Traditional → simplified with OpenCC ``t2s``, always: simplified text passes through except for
  variant characters (衆 → 众), so catalogs and models see one script. ``script`` describes the
  original. OpenCC runs line by line; a line whose length changes is aligned with difflib.
- Crawler page headers ("标题: …", "原文链接: …") are kept in the text; ``body_start`` points past the
  "==== 正文 ====" separator line when there is one.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import opencc

Script = Literal["simplified", "traditional"]

#: The original is "traditional" when t2s changes more than this share of its CJK characters...
TRADITIONAL_MIN_SHARE = 0.03
#: ...and at least this many, so a few variant characters do not flip a simplified report.
TRADITIONAL_MIN_CHARS = 5

# Longest piece handed to difflib; longer lines whose length changes are converted in slices.
_MAX_ALIGN = 2000

_Edit = tuple[int, int, str]

#: PDF text tools give some characters as CJK radicals (U+2E80 block) that NFKC leaves alone: their
#: unified ideographs, after Unicode's EquivalentUnifiedIdeograph.txt (the Kangxi radicals of U+2F00
#: are NFKC-mapped below).
RADICALS = dict(
    zip(
        "⺠⻄⻅⻆⻈⻉⻋⻐⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
        "民西见角讠贝车钅長长门雨青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
        strict=True,
    )
)


#: Words of a box-drawing character's name that give it a vertical stroke ("BOX DRAWINGS LIGHT UP AND
#: HORIZONTAL" is a junction, "BOX DRAWINGS LIGHT HORIZONTAL" a rule).
_VERTICAL_PARTS = ("VERTICAL", "UP", "DOWN")


def _char_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    for cp in range(0x2F00, 0x2FD6):
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    table.update({ord(radical): ideograph for radical, ideograph in RADICALS.items()})
    for cp in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
        table[cp] = " "
    for cp in (0x0B, 0x0C, 0x85, 0x2028, 0x2029):
        table[cp] = "\n"
    for cp in range(0x2500, 0x2580):  # box drawing but its diagonals: a stroke with no vertical part is "-"
        name = unicodedata.name(chr(cp))
        if "DIAGONAL" not in name:
            table[cp] = "|" if any(w in name for w in _VERTICAL_PARTS) else "-"
    assert all(len(v) == 1 for v in table.values())  # translate must stay 1:1 for the offset map
    return table


_TABLE = _char_table()
_NOISE = re.compile(
    r"<!--.*?-->|&(?:nbsp|ensp|emsp|thinsp);|\r\n?|[\u00ad\u200b-\u200d\u2060\ufeff]|\\(?=[!-{}~])|<br\s*/?>",
    re.S | re.I,
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
#: a simple table's rule: the dashes of each column, one space apart
_RULE = re.compile(r" *-+(?: -+)+ *\r?")
_RULE_LINE = re.compile(rf"^{_RULE.pattern}$", re.M)
#: a multiline table's rule above its header and under its last row
_FULL_RULE = re.compile(r" *-{3,} *\r?")
#: a word of three characters or more twice, one space apart: a merged cell's copies (see _joined_cells)
_COPIES = re.compile(r"(?:^| )([^ \n]{3,}) \1(?= |\r?$)", re.M)
_NUMBER_FIELD = re.compile(r"-?\d[\d,.]*")
_BODY_SEPARATOR = re.compile(r"^[ \t]*={3,}[ \t]*正文[ \t]*={3,}[ \t]*$", re.M)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Normalized:
    """The normalised text plus the map back to the original, so results can cite the user's text."""

    original: str
    text: str
    script: Script
    body_start: int
    # Normalised char i came from original[_starts[i]:_ends[i]]; both arrays are non-decreasing.
    _starts: Sequence[int] = field(repr=False, compare=False)
    _ends: Sequence[int] = field(repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to the smallest span of `original` that produced it (end exclusive).

        An empty span maps to an empty span just after the original of ``text[:start]``, so
        ``to_original(s, s)[0] == to_original(0, s)[1]``.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside normalised text of {len(self.text)}")
        if start == end:
            at = self._ends[start - 1] if start else 0
            return at, at
        return self._starts[start], self._ends[end - 1]

    def page_breaks(self) -> list[int]:
        """Where each page of the original ends ("\\f", which ``pdftotext`` writes between pages), as
        offsets of ``text`` (where it is a line break)."""
        return [self.to_normalized(m.start()) for m in re.finditer("\f", self.original)]

    def to_normalized(self, orig_offset: int) -> int:
        """Offset in `text` of the char produced from `orig_offset` (or from the next kept char if
        that one was deleted); ``len(original)`` maps to ``len(text)``."""
        if not 0 <= orig_offset <= len(self.original):
            raise ValueError(f"offset {orig_offset} outside original text of {len(self.original)}")
        return bisect_right(self._ends, orig_offset)


def normalize(text: str) -> Normalized:
    """Normalise `text` (see the module docstring) and keep the map back to it."""
    starts = array("q", range(len(text)))
    ends = array("q", range(1, len(text) + 1))
    # Noise is found in the original (so a full-width "＜！－－" is not a comment) and cut from the
    # translated copy, which has the same offsets because the table is 1:1.
    noise = [(m.start(), m.end(), _noise_replacement(m.group(), text, m.start())) for m in _NOISE.finditer(text)]
    translated = text.translate(_TABLE)
    gaps, joined = _column_gaps(text), _joined_cells(text)
    if gaps or joined:
        chars = list(translated)
        for at in gaps:
            chars[at] = "|"
        for at in joined:
            chars[at] = "\t"
        translated = "".join(chars)
    cleaned, starts, ends = _apply(translated, starts, ends, noise)

    t2s, changed = _t2s_edits(cleaned)
    out, starts, ends = _apply(cleaned, starts, ends, t2s)

    cjk = len(_CJK.findall(cleaned))
    traditional = changed >= TRADITIONAL_MIN_CHARS and changed > TRADITIONAL_MIN_SHARE * cjk
    return Normalized(
        original=text,
        text=out,
        script="traditional" if traditional else "simplified",
        body_start=_body_start(out),
        _starts=starts,
        _ends=ends,
    )


def display_width(text: str) -> int:
    """Columns a text takes on a page: a Chinese character two, a digit or a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _column_gaps(text: str) -> list[int]:
    """Offsets of the spaces before and between the columns of each simple table of ``text``: in every
    line of the table, where its rule has the space before a column's dashes (pandoc indents a table; a
    rule with no edge before its first column is left alone, as a row whose first cell is blank would
    lose it). A simple table is the lines around its rule up to a blank one; a multiline table (rows
    that wrap, a blank line between them) the lines from the full-width rule above its header to the
    one under its last row. A table some line of which prints a character at a gap is not one either."""
    out: list[int] = []
    if not _RULE_LINE.search(text):
        return out
    lines, starts = _lines(text)
    for at, rule in enumerate(lines):
        if not (rule.startswith(" ") and _RULE.fullmatch(rule)):
            continue
        gaps = [m.start() for m in re.finditer(" (?=-)", rule)]  # display columns: the rule is ASCII
        top, bottom = at, at + 1
        while top > 0 and lines[top - 1].strip():
            top -= 1
        if _FULL_RULE.fullmatch(lines[top]):
            bottom = next((i + 1 for i in range(at + 1, len(lines)) if _FULL_RULE.fullmatch(lines[i])), bottom)
        else:
            while bottom < len(lines) and lines[bottom].strip():
                bottom += 1
        spaces = [[] if _FULL_RULE.fullmatch(lines[i]) else _gap_spaces(lines[i], gaps) for i in range(top, bottom)]
        if all(s is not None for s in spaces):
            out += [starts[top + k] + i for k, s in enumerate(spaces) for i in s or ()]
    return out


def _lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text`` and where each starts."""
    lines = text.split("\n")
    return lines, [0, *itertools.accumulate(len(line) + 1 for line in lines)]


def _joined_cells(text: str) -> list[int]:
    """Offsets of the spaces between the cells of Word tables printed cells joined by single spaces: a
    block of two lines or more between blank lines, each of which splits at single spaces into as many
    fields (3 or more; a blank cell an empty field), a number among them, where some line prints a word
    of three characters or more (a Chinese character among them) twice side by side, the copies of a
    merged cell. Other tools print a merged cell once (a narrow header's pieces, ``结果 结果``, are
    shorter), so no table of theirs has that line; a block so alike is no prose either."""
    out: list[int] = []
    if not _COPIES.search(text):
        return out
    lines, starts = _lines(text)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        block = [lines[k].rstrip("\r").split(" ") for k in range(i, j)]
        if (
            len(block) >= 2
            and len({len(f) for f in block}) == 1
            and len(block[0]) >= 3
            and not any("\t" in lines[k] for k in range(i, j))
            and any(a == b and len(a) >= 3 and _CJK.search(a) for f in block for a, b in itertools.pairwise(f))
            and any(_NUMBER_FIELD.fullmatch(x) for f in block for x in f)
        ):
            out += [starts[k] + m.start() for k in range(i, j) for m in re.finditer(" ", lines[k])]
        i = j + 1
    return out


def _gap_spaces(line: str, gaps: list[int]) -> list[int] | None:
    """Where in ``line`` the spaces at display columns ``gaps`` are; ``None`` if a character stands at one."""
    out: list[int] = []
    column, wanted = 0, iter(gaps)
    gap = next(wanted, None)
    for i, c in enumerate(line.rstrip("\r")):
        if gap is None:
            break
        if column >= gap:
            if column > gap or c != " ":
                return None  # a wide character over the gap, or a word in it
            out.append(i)
            gap = next(wanted, None)
        column += display_width(c)
    return out


def normalize_label(s: str) -> str:
    """For catalog aliases and matching: normalize(s).text with ALL whitespace removed.

    PDF and crawler text scatters spaces inside headings ("三 、本 年 度办 理 结果"), and Chinese labels
    never need them.
    """
    return _WHITESPACE.sub("", normalize(s).text)


def _noise_replacement(match: str, text: str, at: int) -> str:
    if match[0] == "\r":
        return "\n"
    if match[0] == "&":
        return " "
    if match[:3].lower() == "<br":  # a line break; inside a Markdown table's cell, which has no lines, a space
        return " " if text[text.rfind("\n", 0, at) + 1 : at].lstrip().startswith("|") else "\n"
    return ""  # HTML comment or zero-width character


def _apply(text: str, starts: array[int], ends: array[int], edits: list[_Edit]) -> tuple[str, array[int], array[int]]:
    """Replace ``text[a:b]`` by ``repl`` for each sorted, non-overlapping edit; new characters map
    proportionally onto the original range of what they replaced (1:1 when lengths match)."""
    if not edits:
        return text, starts, ends
    parts: list[str] = []
    new_starts: array[int] = array("q")
    new_ends: array[int] = array("q")
    pos = 0
    for a, b, repl in edits:
        parts.append(text[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        pos = b
        k = len(repl)
        if not k:
            continue
        parts.append(repl)
        if k == b - a:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
            continue
        if a == b:  # pure insertion: attribute it to the neighbouring source character
            if not text:
                new_starts.extend([0] * k)
                new_ends.extend([0] * k)
                continue
            a, b = (a - 1, a) if a else (0, 1)
        m = b - a
        for j in range(k):
            lo = a + j * m // k
            hi = a + -(-(j + 1) * m // k)
            new_starts.append(starts[lo])
            new_ends.append(ends[hi - 1])
    parts.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(parts), new_starts, new_ends


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _t2s(s: str) -> str:
    simplified: str = _converter().convert(s)  # opencc has no type hints
    return simplified


def _t2s_edits(text: str) -> tuple[list[_Edit], int]:
    """Edits that turn `text` simplified, and how many source characters they change."""
    edits: list[_Edit] = []
    changed = 0
    pos = 0
    for line in text.split("\n"):
        changed += _convert_piece(line, pos, edits)
        pos += len(line) + 1
    return edits, changed


def _convert_piece(piece: str, offset: int, edits: list[_Edit]) -> int:
    conv = _t2s(piece)
    if conv == piece:
        return 0
    if len(conv) == len(piece):
        edits.append((offset, offset + len(piece), conv))
        return sum(a != b for a, b in zip(piece, conv))
    if len(piece) > _MAX_ALIGN:  # keep difflib's cost bounded; may split a rare phrase
        return sum(
            _convert_piece(piece[i : i + _MAX_ALIGN], offset + i, edits) for i in range(0, len(piece), _MAX_ALIGN)
        )
    changed = 0
    matcher = difflib.SequenceMatcher(None, piece, conv, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append((offset + i1, offset + i2, conv[j1:j2]))
            changed += max(i2 - i1, j2 - j1)
    return changed


def _body_start(text: str) -> int:
    m = _BODY_SEPARATOR.search(text)
    if m is None:
        return 0
    return min(m.end() + 1, len(text))
