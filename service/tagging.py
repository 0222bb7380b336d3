"""The tagger interface and the lexicon tagger.

A tagger labels character spans of the normalised text as HEADING, METRIC or NUMBER. Everything after
it (structure, mapping, checks) reads only these spans and the text, so the fine-tuned model and the
lexicon tagger are interchangeable. The lexicon tagger is the baseline, the weak labeller for training
data and the ``--tagger lexicon`` option.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Protocol

from service.catalog import Catalog
from service.numbers import find_quantities
from service.sections import find_headings


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # HEADING / METRIC / NUMBER
    score: float = 1.0


class Tagger(Protocol):
    name: str
    version: str

    def tag(self, text: str) -> list[Span]: ...


@dataclass(frozen=True)
class Compact:
    """Text with whitespace removed (but kept, as one space, between two digits) and a map back.

    Row labels wrapped or spaced by PDF layout ("三 、本 年 度办 理 结果") match their aliases here.
    """

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Compact:
        chars: list[str] = []
        origin: list[int] = []
        n = len(text)
        i = 0
        while i < n:
            c = text[i]
            if c.isspace():
                j = i
                while j < n and text[j].isspace():
                    j += 1
                if chars and chars[-1].isdigit() and j < n and text[j].isdigit():
                    chars.append(" ")
                    origin.append(i)
                i = j
                continue
            chars.append(c)
            origin.append(i)
            i += 1
        return cls("".join(chars), tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


_CLAUSE_END = re.compile(r"[。；;!?！？\n]")
_MARKER_AFTER = re.compile(r"[.、．]")


class LexiconTagger:
    """Catalog aliases → METRIC, number patterns → NUMBER, heading patterns → HEADING."""

    name = "lexicon"
    version = "1"

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        table_aliases: set[str] = set()
        self.markers: dict[str, str] = {}
        for table in catalog.tables.values():
            for row in table.rows:
                for a in row.aliases:
                    table_aliases.add(a)
                    if row.marker:
                        self.markers[a] = row.marker
        for g in catalog.general:
            table_aliases.update(g.table_aliases)
        prose = {p for g in catalog.general for p in g.prose} - table_aliases
        self.table_aliases = frozenset(a for a in table_aliases if a)
        self.prose_aliases = frozenset(a for a in prose if a)
        alts = sorted(self.table_aliases | self.prose_aliases, key=len, reverse=True)
        self._alias_re = re.compile("|".join(re.escape(a) for a in alts))

    def tag(self, text: str) -> list[Span]:
        spans = [Span(s, e, "HEADING") for s, e in find_headings(text)]
        metrics = self._metrics(text)
        spans += metrics
        spans += self._numbers(text, metrics)
        return sorted(spans, key=lambda s: (s.start, s.end))

    def _metrics(self, text: str) -> list[Span]:
        comp = Compact.of(text)
        out = []
        for m in self._alias_re.finditer(comp.text):
            alias = m.group()
            after = comp.text[m.end() : m.end() + 48]
            stop = _CLAUSE_END.search(after)
            window = after[: stop.start()] if stop else after
            if alias in self.table_aliases:
                # A row label is followed by its cells; short generic labels ("其他", "规章") must be
                # followed almost at once, or they are just words of a sentence.
                reach = 3 if len(alias) <= 3 else 40
                if not re.search(r"[\d|/—-]", after[:reach]) and not re.search(r"\d", window[:reach]):
                    continue
            else:
                if not re.search(r"[\d零一二两三四五六七八九十百千万]", window[:24]):
                    continue
            s, e = comp.span(m.start(), m.end())
            out.append(Span(s, e, "METRIC"))
        return out

    def _numbers(self, text: str, metrics: list[Span]) -> list[Span]:
        metric_at = {m.start: m for m in metrics}
        comp_metric_starts = sorted(metric_at)
        out = []
        for q in find_quantities(text):
            if q.kind != "metric":
                continue
            start, end = q.start, q.end
            # A list marker glued to the previous cell's digits: "00000002.其他法律…" → "0000000".
            nxt = q.number_end
            if nxt < len(text) and _MARKER_AFTER.match(text, nxt):
                label_start = _next_metric_start(comp_metric_starts, nxt + 1, text)
                if label_start is not None:
                    alias = text[label_start : metric_at[label_start].end]
                    marker = self.markers.get(re.sub(r"\s", "", alias), "")
                    digits = text[start:nxt]
                    cut = len(marker) if marker and digits.endswith(marker) else 1
                    if len(digits) <= cut:
                        continue
                    end = nxt - cut
            out.append(Span(start, end, "NUMBER"))
        return out


def _next_metric_start(starts: list[int], pos: int, text: str) -> int | None:
    """The METRIC span starting at pos (whitespace allowed in between), if any."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    i = bisect.bisect_left(starts, pos)
    if i < len(starts) and starts[i] == pos:
        return pos
    return None
