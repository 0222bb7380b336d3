"""Section headings of a report: where they are, their level, and which canonical section they open.

The lexicon tagger uses ``find_headings`` to propose HEADING spans; the pipeline turns whatever
HEADING spans the tagger produced (lexicon or model) into ``Section`` records with ``build_sections``,
and keeps ``numbered_headings`` for what they miss, so that no section the text has is called missing.
"""

from __future__ import annotations

import re

from service.schema import Section

_CN_NUM = "一二三四五六七八九十"
# Level-1 headings: "一、总体情况", "五、政府信息公开工作存在的主要问题…", "1、 基本情况", "## 一、…";
# level 2: "（一）…". Real reports glue headings to "[image: …]" markers or to the previous sentence
# (crawler text), so the inline form is accepted only when the heading names a known section.
_LINE_HEADING = re.compile(
    rf"^[ \t#]*(?:\[image:[^\]]*\])*[ \t]*(?P<h>(?:[{_CN_NUM}]{{1,3}}|\d{{1,2}})[ \t]*[、.][ \t]*[^\n]{{2,40}}?)[ \t]*$",
    re.M,
)
_LINE_SUBHEADING = re.compile(rf"^[ \t#]*(?P<h>\([{_CN_NUM}]{{1,3}}\)[、]?[^\n。]{{2,30}})[ \t]*$", re.M)
# A numbered heading anywhere (crawler text glues "…0000000四、政府信息公开行政复议…" into one line);
# a lookahead, so that one candidate does not swallow the next.
_ORDINAL_HEADING = re.compile(rf"(?<![（({_CN_NUM}])(?=[{_CN_NUM}]{{1,2}}[ \t]*[、.．][ \t]*([^。；;，,\n]{{2,40}}))")
_INLINE_HEADING = re.compile(
    rf"(?P<h>[{_CN_NUM}]{{1,2}}、[ \t]*[^\n，。；、\d]{{0,28}}?(?:情况|事项|概述|问题|措施|计划))"
)

# Canonical section keys of the 2019/2021 forms and the variants real reports use.
SECTION_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("review_litigation", ("行政复议", "行政诉讼")),
    ("requests", ("收到和处理政府信息公开申请", "依申请公开", "政府信息公开申请情况")),
    ("active_disclosure", ("主动公开",)),
    ("problems", ("存在的主要问题", "存在的问题", "主要问题及改进", "问题及改进", "问题和改进")),
    ("other_matters", ("其他需要报告的事项", "其他事项")),
    ("overview", ("总体情况", "概述", "基本情况")),
)


def section_key(heading: str) -> str | None:
    for key, words in SECTION_KEYS:
        if any(w in heading for w in words):
            return key
    return None


def find_headings(text: str) -> list[tuple[int, int]]:
    """Candidate heading spans (start, end) in normalised text."""
    spans: dict[int, int] = {}
    for m in _LINE_HEADING.finditer(text):
        h = m.group("h")
        # A numbered line that is really a sentence (long, ends with 。) is not a heading.
        if h.endswith(("。", "；", ";")) or len(h) > 40:
            continue
        if h[0].isdigit() and not section_key(h):
            continue  # "2.其他法律行政法规禁止公开" is a table row; "1、 基本情况" is a heading
        spans[m.start("h")] = m.end("h")
    for m in _LINE_SUBHEADING.finditer(text):
        if "|" not in m.group("h"):  # a table row, not a heading
            spans.setdefault(m.start("h"), m.end("h"))
    for m in _INLINE_HEADING.finditer(text):
        if (
            section_key(m.group("h"))
            and m.start("h") not in spans
            and not any(s <= m.start("h") < e for s, e in spans.items())
        ):
            spans[m.start("h")] = m.end("h")
    return sorted(spans.items())


def heading_level(heading: str) -> int:
    h = heading.lstrip("#[ \t")
    return 2 if h.startswith("(") else 1


def build_sections(text: str, heading_spans: list[tuple[int, int]]) -> list[Section]:
    """Sections from HEADING spans (normalised offsets; the pipeline maps them to the original)."""
    out = []
    for start, end in heading_spans:
        heading = text[start:end].strip()
        level = heading_level(heading)
        out.append(
            Section(
                key=section_key(heading) if level == 1 else None,
                heading=heading,
                level=level,
                start=start,
                end=end,
            )
        )
    return out


def numbered_headings(text: str) -> list[Section]:
    """Each canonical section's first numbered heading wherever it stands (normalised offsets): glued
    into a line by crawler text, or inside a table's region where headings are no sections."""
    found: dict[str, Section] = {}
    for m in _ORDINAL_HEADING.finditer(text):
        key = section_key(m.group(1)[:25])
        if key and key not in found:
            end = min(m.end(1), m.start(1) + 25)
            found[key] = Section(key=key, heading=text[m.start() : end], level=1, start=m.start(), end=end)
    return list(found.values())
