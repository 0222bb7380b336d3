"""Span annotations for the character-level tagger: records, an append-only store, interchange.

An ``AnnotationRecord`` holds character spans (HEADING / METRIC / NUMBER) over one report text, in
offsets of the ORIGINAL text (as the user sent it or as the corpus file decodes). The text is either
embedded (a user's own document) or stand-off: a path relative to the corpus directory plus the
file's sha256, so third-party report texts never get copied into the repository.

The store (``AnnotationStore``) is append-only JSONL: every ``add`` publishes one new numbered file
(``root/records/00000001.jsonl``, ...) written to a temporary file, fsynced and moved into place with
``os.replace``; a later record with the same id is a new version and the old one stays on disk.

Training examples are normalised like the runtime input (``service.normalize``), with spans mapped
through the ``Normalized`` offset maps. Doccano and Label Studio files embed the text (the tools need
it); importing them re-attaches the stand-off reference when the text still matches its sha256.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from service.files import write_atomic
from service.normalize import normalize

Label = Literal["HEADING", "METRIC", "NUMBER"]
LABELS: tuple[str, ...] = get_args(Label)
#: (start, end, label): end exclusive, offsets into the original text.
SpanTuple = tuple[int, int, Label]
Split = Literal["train", "dev", "test"]
SPLITS: tuple[str, ...] = get_args(Split)
Source = Literal["hand", "corrected", "weak", "synthetic"]
#: The tagger's label list (docs/model-contract.md), index = class id.
BIO_LABELS: tuple[str, ...] = ("O", *(f"{p}-{lab}" for lab in LABELS for p in ("B", "I")))

#: A Label Studio labeling config matching the exported tasks (character granularity for Chinese).
LABEL_STUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="HEADING"/>
    <Label value="METRIC"/>
    <Label value="NUMBER"/>
  </Labels>
  <Text name="text" value="$text" granularity="symbol"/>
</View>
"""

_RECORD_FILE = re.compile(r"^(\d{8,})\.jsonl$")
_LABEL_PRECEDENCE = {label: i for i, label in enumerate(LABELS)}


class AnnotationError(ValueError):
    """An annotation cannot be used as it is (bad spans, text mismatch, unreadable store)."""


class StandOffError(AnnotationError):
    """A stand-off record's corpus file is missing, unreadable or not the annotated version."""


class CorpusFileMissing(StandOffError):
    pass


class CorpusFileChanged(StandOffError):
    pass


class CorpusRef(BaseModel):
    """A corpus file, relative to the corpus directory, pinned by the sha256 of its bytes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @field_validator("sha256", mode="before")
    @classmethod
    def _lower(cls, v: Any) -> Any:
        return v.lower() if isinstance(v, str) else v

    @field_validator("path")
    @classmethod
    def _relative(cls, v: str) -> str:
        p = PurePosixPath(v.replace("\\", "/"))
        if not v or p.is_absolute() or ".." in p.parts or re.match(r"^[A-Za-z]:", v):
            raise ValueError(f"corpus path {v!r} must be relative to the corpus dir, without '..'")
        return p.as_posix()


class AnnotationRecord(BaseModel):
    """Spans over one report text; exactly one of ``text`` (embedded) or ``corpus`` (stand-off)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    text: str | None = None
    corpus: CorpusRef | None = None
    spans: list[SpanTuple] = []
    gold: dict[str, Any] | None = None
    split: Split | None = None
    source: Source = "hand"
    meta: dict[str, Any] = {}

    @field_validator("spans")
    @classmethod
    def _check_spans(cls, spans: list[SpanTuple]) -> list[SpanTuple]:
        return check_spans(spans)

    @model_validator(mode="after")
    def _one_text(self) -> AnnotationRecord:
        if (self.text is None) == (self.corpus is None):
            raise ValueError("exactly one of text (embedded) and corpus (stand-off) must be set")
        if self.text is not None:
            check_spans(self.spans, len(self.text))
        return self


def check_spans(spans: Iterable[Sequence[Any]], text_len: int | None = None) -> list[SpanTuple]:
    """Validate spans and return them sorted: 0 <= start < end (<= text_len), known label, disjoint.

    Args:
        spans: (start, end, label) triples.
        text_len: length of the text the spans index, when known.
    """
    out: list[SpanTuple] = []
    for span in spans:
        if len(span) != 3:
            raise AnnotationError(f"span {span!r} is not (start, end, label)")
        start, end, label = span
        if isinstance(start, bool) or isinstance(end, bool) or not (isinstance(start, int) and isinstance(end, int)):
            raise AnnotationError(f"span {span!r}: offsets must be integers")
        if label not in LABELS:
            raise AnnotationError(f"span {span!r}: unknown label {label!r} (known: {', '.join(LABELS)})")
        if not 0 <= start < end:
            raise AnnotationError(f"span {span!r}: needs 0 <= start < end")
        if text_len is not None and end > text_len:
            raise AnnotationError(f"span {span!r} ends beyond the text ({text_len} characters)")
        out.append((start, end, label))
    out.sort()
    for prev, cur in zip(out, out[1:]):
        if cur[0] < prev[1]:
            raise AnnotationError(f"spans {prev!r} and {cur!r} overlap")
    return out


def sha256_text(text: str) -> str:
    """sha256 of the text's UTF-8 bytes: equal to the corpus file's digest for a resolved text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_text(record: AnnotationRecord, corpus_dir: Path | None = None) -> str:
    """The original text of a record, its spans checked against it.

    Args:
        record: the annotation.
        corpus_dir: where stand-off paths are resolved (default: ``Settings.corpus_dir``).
    """
    if record.text is not None:
        return record.text
    assert record.corpus is not None
    if corpus_dir is None:
        corpus_dir = _settings_corpus_dir()
    path = Path(corpus_dir) / record.corpus.path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusFileMissing(
            f"record {record.id!r}: corpus file {record.corpus.path!r} not found under {corpus_dir}"
        ) from None
    except OSError as e:
        raise StandOffError(f"record {record.id!r}: cannot read {path}: {e}") from e
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.corpus.sha256:
        raise CorpusFileChanged(
            f"record {record.id!r}: {path} has sha256 {digest}, but the annotation was made on "
            f"{record.corpus.sha256}; the file changed, so its spans cannot be trusted"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise StandOffError(f"record {record.id!r}: {path} is not UTF-8: {e}") from e
    try:
        check_spans(record.spans, len(text))
    except AnnotationError as e:
        raise AnnotationError(f"record {record.id!r}: {e}") from None
    return text


def _settings_corpus_dir() -> Path:
    from service.settings import get_settings

    return get_settings().corpus_dir


# ---------------------------------------------------------------------------------------------
# The store


def _dumps(record: AnnotationRecord) -> bytes:
    return record.model_dump_json().encode("utf-8") + b"\n"


class AnnotationStore:
    """Append-only JSONL store of annotation records, one numbered file per ``add``.

    Args:
        root: the store directory (e.g. ``Settings.annotations_dir``); records go to ``root/records``.
        corpus_dir: where stand-off records resolve (default: ``Settings.corpus_dir``).
    """

    def __init__(self, root: Path, corpus_dir: Path | None = None) -> None:
        self.root = Path(root)
        self.records_dir = self.root / "records"
        self._corpus_dir = Path(corpus_dir) if corpus_dir is not None else None

    @property
    def corpus_dir(self) -> Path:
        return self._corpus_dir if self._corpus_dir is not None else _settings_corpus_dir()

    # -- writing

    def add(
        self, records: Iterable[AnnotationRecord | Mapping[str, Any]], *, verify: bool = True
    ) -> list[str]:
        """Validate all records, then append them as one new file (all or nothing); return their ids.

        Args:
            records: records (or dicts) to append; an id already stored becomes a new version.
            verify: resolve stand-off records against the corpus (sha256, span bounds), and turn an
                embedded text that is byte-identical to a corpus file into a stand-off reference.
        """
        # Re-validate records too: a model instance may have been changed after construction.
        batch = [
            AnnotationRecord.model_validate(r.model_dump() if isinstance(r, AnnotationRecord) else r)
            for r in records
        ]
        if verify:
            batch = [self._verified(r) for r in batch]
        if batch:
            self._publish(batch)
        return [r.id for r in batch]

    def _verified(self, record: AnnotationRecord) -> AnnotationRecord:
        if record.corpus is not None:
            resolve_text(record, self.corpus_dir)
            return record
        assert record.text is not None
        ref = self._corpus_file_for(record.text)
        if ref is None:
            return record
        return record.model_copy(update={"text": None, "corpus": ref})

    def _corpus_file_for(self, text: str) -> CorpusRef | None:
        """The corpus file whose bytes are this text, if any (corpus texts are kept stand-off)."""
        corpus = self.corpus_dir
        if not corpus.is_dir():
            return None
        data = text.encode("utf-8")
        digest = None
        for path in sorted(corpus.rglob("*")):
            try:
                if not path.is_file() or path.stat().st_size != len(data):
                    continue
                if digest is None:
                    digest = hashlib.sha256(data).hexdigest()
                if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
                    return CorpusRef(path=path.relative_to(corpus).as_posix(), sha256=digest)
            except OSError:
                continue
        return None

    def _publish(self, batch: list[AnnotationRecord]) -> Path:
        """Write the batch to a temp file, fsync, claim the next free number, os.replace onto it.

        Readers see either no file, an empty claimed file or the complete batch; a crash leaves at
        most an ignored ``.tmp-*`` file or an empty numbered file, never a half-written one.
        """
        self.records_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.records_dir, prefix=".tmp-", suffix=".part")
        tmp = Path(tmp_name)
        claimed: Path | None = None
        published = False
        try:
            with os.fdopen(fd, "wb") as fh:
                for record in batch:
                    fh.write(_dumps(record))
                fh.flush()
                os.fsync(fh.fileno())
            claimed = self._claim_next()
            os.replace(tmp, claimed)
            published = True
            _fsync_dir(self.records_dir)
        finally:
            if not published:
                tmp.unlink(missing_ok=True)
                if claimed is not None and claimed.exists() and claimed.stat().st_size == 0:
                    claimed.unlink()  # release the claimed number
        assert claimed is not None
        return claimed

    def _claim_next(self) -> Path:
        """Create the next numbered file exclusively (O_EXCL), so concurrent writers never collide."""
        files = self._files()
        seq = files[-1][0] + 1 if files else 1
        while True:
            target = self.records_dir / f"{seq:08d}.jsonl"
            try:
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
                return target
            except FileExistsError:
                seq += 1

    # -- reading

    def _files(self) -> list[tuple[int, Path]]:
        if not self.records_dir.is_dir():
            return []
        found = []
        for p in self.records_dir.iterdir():
            m = _RECORD_FILE.match(p.name)
            if m:
                found.append((int(m.group(1)), p))
        return sorted(found)

    def versions(self) -> Iterator[AnnotationRecord]:
        """Every stored version, oldest first (file number, then line)."""
        for _, path in self._files():
            with path.open("rb") as fh:
                for lineno, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        yield AnnotationRecord.model_validate_json(line)
                    except ValueError as e:
                        raise AnnotationError(f"{path}:{lineno}: unreadable record: {e}") from e

    def history(self, record_id: str) -> list[AnnotationRecord]:
        """All versions of one record, oldest first."""
        return [r for r in self.versions() if r.id == record_id]

    def latest(self) -> dict[str, AnnotationRecord]:
        """The newest version of every record, by id (in order of first appearance)."""
        out: dict[str, AnnotationRecord] = {}
        for r in self.versions():
            out[r.id] = r
        return out

    def load(self, split: Split | None = None) -> list[AnnotationRecord]:
        """Newest versions, optionally only those of one split."""
        return [r for r in self.latest().values() if split is None or r.split == split]

    def assign_splits(
        self,
        seed: int,
        ratios: Mapping[str, float] | None = None,
        *,
        reassign: bool = False,
    ) -> dict[str, Split]:
        """Put every report in train/dev/test and store the split as new record versions.

        Splitting is by report: records of the same report (same id, or ids whose texts are the same
        document) always share a split. Reports that already have a split keep it unless
        ``reassign``, so adding data never moves a test report into train; when the records of one
        report disagree, the most held-out split wins (test > dev > train).

        Args:
            seed: makes the assignment of new reports reproducible.
            ratios: share per split (default train 0.8, dev 0.1, test 0.1).
            reassign: ignore stored splits and assign everything afresh.
        """
        ratios = dict(ratios or {"train": 0.8, "dev": 0.1, "test": 0.1})
        if set(ratios) - set(SPLITS) or any(v < 0 for v in ratios.values()) or sum(ratios.values()) <= 0:
            raise AnnotationError(f"ratios must be non-negative shares of {SPLITS}, got {ratios}")
        latest = self.latest()
        groups: dict[str, list[AnnotationRecord]] = defaultdict(list)
        for r in latest.values():
            groups[_document_key(r)].append(r)

        group_split: dict[str, Split] = {}
        if not reassign:
            for key, members in groups.items():
                held = [r.split for r in members if r.split is not None]
                if held:
                    group_split[key] = max(held, key=SPLITS.index)
        have = {s: sum(1 for v in group_split.values() if v == s) for s in SPLITS}
        target = _allocate(len(groups), ratios)
        need = {s: max(0, target[s] - have[s]) for s in SPLITS}
        pending = sorted(
            (k for k in groups if k not in group_split),
            key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest(),
        )
        labels: list[Split] = []
        order: tuple[Split, ...] = ("test", "dev", "train")
        for split in order:
            labels += [split] * need[split]
        labels += ["train"] * max(0, len(pending) - len(labels))
        for key, split in zip(pending, labels):
            group_split[key] = split

        changed = []
        result: dict[str, Split] = {}
        for key, members in groups.items():
            for r in members:
                result[r.id] = group_split[key]
                if r.split != group_split[key]:
                    changed.append(r.model_copy(update={"split": group_split[key]}))
        self.add(changed, verify=False)
        return result


def _document_key(record: AnnotationRecord) -> str:
    if record.corpus is not None:
        return record.corpus.sha256
    assert record.text is not None
    return sha256_text(record.text)


def _allocate(total: int, ratios: Mapping[str, float]) -> dict[str, int]:
    """Largest-remainder counts per split; every split with a share gets one when there is room."""
    norm = sum(ratios.values())
    exact = {s: total * ratios.get(s, 0.0) / norm for s in SPLITS}
    counts = {s: int(exact[s]) for s in SPLITS}
    for s in sorted(SPLITS, key=lambda s: exact[s] - counts[s], reverse=True)[: total - sum(counts.values())]:
        counts[s] += 1
    for s in SPLITS:
        if ratios.get(s, 0.0) > 0 and counts[s] == 0:
            donor = max(SPLITS, key=lambda d: counts[d])
            if counts[donor] > 1:
                counts[donor] -= 1
                counts[s] += 1
    return counts


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# BIO and normalised training examples


def to_char_bio(text: str, spans: Iterable[Sequence[Any]]) -> list[str]:
    """One BIO label per character of `text` (labels from ``BIO_LABELS``).

    Args:
        text: the text the spans index.
        spans: disjoint (start, end, label) spans.
    """
    labels = ["O"] * len(text)
    for start, end, label in check_spans(spans, len(text)):
        labels[start] = f"B-{label}"
        for i in range(start + 1, end):
            labels[i] = f"I-{label}"
    return labels


def from_char_bio(labels: Sequence[str]) -> list[SpanTuple]:
    """Spans from per-character BIO labels; an I- tag that does not continue a span starts one."""
    spans: list[SpanTuple] = []
    start: int | None = None
    current: str | None = None
    for i, tag in enumerate([*labels, "O"]):
        if tag == "O":
            prefix, label = "O", None
        else:
            prefix, sep, label = tag.partition("-")
            if not sep or prefix not in ("B", "I") or label not in LABELS:
                raise AnnotationError(f"position {i}: unknown BIO label {tag!r}")
        if current is not None and (prefix != "I" or label != current):
            assert start is not None
            spans.append((start, i, current))  # type: ignore[arg-type]
            current = None
        if label is not None and current is None:
            start, current = i, label
    return spans


def normalised_example(
    record: AnnotationRecord, corpus_dir: Path | None = None
) -> tuple[str, list[SpanTuple]]:
    """The record as the tagger sees it: normalised text and spans in its coordinates.

    A normalised character belongs to the span holding the last original character that produced
    it (``Normalized.to_normalized``), so disjoint spans stay disjoint; spans whose characters were
    all deleted (zero-width characters, HTML comments) are dropped.

    Args:
        record: the annotation.
        corpus_dir: where stand-off paths are resolved (default: ``Settings.corpus_dir``).
    """
    text = resolve_text(record, corpus_dir)
    norm = normalize(text)
    out: list[SpanTuple] = []
    for start, end, label in record.spans:
        ns, ne = norm.to_normalized(start), norm.to_normalized(end)
        if ns < ne:
            out.append((ns, ne, label))
    return norm.text, out


# ---------------------------------------------------------------------------------------------
# Weak labels (pre-annotation)


@lru_cache(maxsize=1)
def _lexicon_tagger() -> Any:
    from service.catalog import get_catalog
    from service.tagging import LexiconTagger

    return LexiconTagger(get_catalog())


def weak_label(text: str, tagger: Any = None) -> list[SpanTuple]:
    """Pre-annotations for `text`: the tagger runs on the normalised text, spans come back in
    original offsets; overlaps are resolved longest first (HEADING > METRIC > NUMBER on ties).

    Args:
        text: the original text.
        tagger: anything with ``tag(normalised_text) -> list[Span]`` (default: the lexicon tagger).
    """
    norm = normalize(text)
    tagged = (tagger or _lexicon_tagger()).tag(norm.text)
    mapped = []
    for s in tagged:
        if s.label not in LABELS or not 0 <= s.start < s.end <= len(norm.text):
            continue
        start, end = norm.to_original(s.start, s.end)
        if start < end:
            mapped.append((start, end, s.label, getattr(s, "score", 1.0)))
    return [(s, e, lab) for s, e, lab, _ in _non_overlapping(mapped)]


def _non_overlapping(spans: Iterable[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    kept: list[tuple[int, int, str, float]] = []
    order = sorted(spans, key=lambda x: (-(x[1] - x[0]), _LABEL_PRECEDENCE[x[2]], x[0]))
    for cand in order:
        if all(cand[1] <= k[0] or k[1] <= cand[0] for k in kept):
            kept.append(cand)
    return sorted(kept)


def _coerce_span(x: Any) -> tuple[int, int, str, float]:
    """(start, end, label[, score]) from a tuple, a dict or a ``service.tagging.Span``."""
    if isinstance(x, Mapping):
        return int(x["start"]), int(x["end"]), str(x["label"]), float(x.get("score", 1.0))
    if hasattr(x, "start") and hasattr(x, "label"):
        return int(x.start), int(x.end), str(x.label), float(getattr(x, "score", 1.0))
    if len(x) == 4:
        return int(x[0]), int(x[1]), str(x[2]), float(x[3])
    start, end, label = x
    return int(start), int(end), str(label), 1.0


def span_triples(spans: Iterable[Any]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each span given as a tuple, a dict or a ``service.tagging.Span``."""
    return [_coerce_span(x)[:3] for x in spans]  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Interchange: doccano and Label Studio

# Record fields carried through the tools as extra task data (doccano keeps them as "meta" columns).
_CARRIED = ("corpus", "gold", "split", "source", "meta")


def _checked_text(record: AnnotationRecord, text: str) -> str:
    """`text` must be the record's text: equal when embedded, same sha256 when stand-off."""
    if record.text is not None and record.text != text:
        raise AnnotationError(f"record {record.id!r}: the text given is not the record's text")
    if record.corpus is not None and sha256_text(text) != record.corpus.sha256:
        raise CorpusFileChanged(
            f"record {record.id!r}: the text given does not match {record.corpus.path} (sha256)"
        )
    check_spans(record.spans, len(text))
    return text


def _carried(record: AnnotationRecord) -> dict[str, Any]:
    dumped = record.model_dump(mode="json", include=set(_CARRIED))
    return {k: v for k, v in dumped.items() if v not in (None, {}) or k == "source"}


def _rebuild(
    text: str,
    spans: list[SpanTuple],
    record_id: str,
    carried: Mapping[str, Any],
    source: Source,
    *,
    embed_on_mismatch: bool,
) -> AnnotationRecord:
    """A record from an exported (text-embedding) file, stand-off again when the text matches."""
    fields: dict[str, Any] = {k: carried[k] for k in ("gold", "split", "meta") if carried.get(k) is not None}
    check_spans(spans, len(text))
    corpus = carried.get("corpus")
    if corpus:
        ref = CorpusRef.model_validate(corpus)
        if sha256_text(text) == ref.sha256:
            return AnnotationRecord(id=record_id, corpus=ref, spans=spans, source=source, **fields)
        if not embed_on_mismatch:
            raise CorpusFileChanged(
                f"record {record_id!r}: the imported text no longer matches corpus file {ref.path} "
                "(sha256); the tool changed it, so the spans cannot be re-attached stand-off "
                "(pass embed_on_mismatch=True to keep an embedded copy)"
            )
        fields["meta"] = {**fields.get("meta", {}), "corpus_mismatch": ref.model_dump()}
    return AnnotationRecord(id=record_id, text=text, spans=spans, source=source, **fields)


def _imported_source(carried: Mapping[str, Any], reviewed: bool) -> Source:
    before = carried.get("source") or "hand"
    if not reviewed:
        return "weak"
    return "corrected" if before in ("weak", "corrected") else before


def to_doccano(record: AnnotationRecord, text: str) -> dict[str, Any]:
    """A doccano sequence-labeling JSONL object; the text is embedded, record fields ride along.

    Args:
        record: the annotation.
        text: its text (``resolve_text(record)``).
    """
    _checked_text(record, text)
    return {
        "record_id": record.id,
        "text": text,
        "label": [[s, e, lab] for s, e, lab in record.spans],
        **_carried(record),
    }


def from_doccano(
    obj: Mapping[str, Any], *, source: Source | None = None, embed_on_mismatch: bool = False
) -> AnnotationRecord:
    """A record from a doccano JSONL object (as exported by doccano or by ``to_doccano``).

    Args:
        obj: one parsed JSONL line: ``text``, ``label`` (or ``labels`` / ``entities``), record fields.
        source: override the inferred source (pre-annotations come back as "corrected").
        embed_on_mismatch: keep an embedded copy when a stand-off text no longer matches its sha256.
    """
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise AnnotationError("doccano object has no text")
    raw = obj.get("label", obj.get("labels", obj.get("entities", [])))
    spans: list[SpanTuple] = []
    for item in raw or []:
        if isinstance(item, Mapping):
            start, end, label = item["start_offset"], item["end_offset"], item["label"]
        else:
            start, end, label = item
        spans.append((int(start), int(end), label))
    spans = sorted(set(spans))
    record_id = obj.get("record_id") or (str(obj["id"]) if obj.get("id") is not None else None)
    if not record_id:
        raise AnnotationError("doccano object has neither record_id nor id")
    carried = dict(obj)
    meta = dict(carried.get("meta") or {})
    if obj.get("record_id") and obj.get("id") is not None:
        meta["doccano_id"] = obj["id"]
    if obj.get("Comments"):
        meta["doccano_comments"] = obj["Comments"]
    carried["meta"] = meta
    return _rebuild(
        text,
        spans,
        str(record_id),
        carried,
        source or _imported_source(carried, reviewed=True),
        embed_on_mismatch=embed_on_mismatch,
    )


def _ls_result(
    text: str, spans: Iterable[tuple[int, int, str, float]], with_score: bool
) -> list[dict[str, Any]]:
    out = []
    for i, (start, end, label, score) in enumerate(spans):
        item: dict[str, Any] = {
            "id": f"r{i}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
        }
        if with_score:
            item["score"] = score
        out.append(item)
    return out


def _prediction(text: str, spans: Sequence[tuple[int, int, str, float]], model_version: str) -> dict[str, Any]:
    score = sum(s[3] for s in spans) / len(spans) if spans else 1.0
    return {"model_version": model_version, "score": score, "result": _ls_result(text, spans, True)}


def to_label_studio(
    record: AnnotationRecord, text: str, *, as_prediction: bool | None = None, model_version: str | None = None
) -> dict[str, Any]:
    """A Label Studio task (JSON import format) with ``data.text`` embedded.

    Spans of hand/corrected/synthetic records go in ``annotations``; weak ones in ``predictions``
    (pre-annotations for correction).

    Args:
        record: the annotation.
        text: its text (``resolve_text(record)``).
        as_prediction: force the spans into predictions (True) or annotations (False).
        model_version: the predictions' model_version (default ``meta["model_version"]`` or "weak").
    """
    _checked_text(record, text)
    spans = [(s, e, lab, 1.0) for s, e, lab in record.spans]
    task: dict[str, Any] = {"data": {"text": text, "record_id": record.id, **_carried(record)}}
    if as_prediction if as_prediction is not None else record.source == "weak":
        version = model_version or str(record.meta.get("model_version", "weak"))
        task["predictions"] = [_prediction(text, spans, version)]
    else:
        task["annotations"] = [{"result": _ls_result(text, spans, False)}]
    return task


def _utf16_to_index(text: str) -> Callable[[int], int]:
    """Map JavaScript (UTF-16 code unit) offsets to Python indices."""
    units = [0]
    for ch in text:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
    where = {u: i for i, u in enumerate(units)}

    def conv(u: int) -> int:
        if u not in where:
            raise AnnotationError(f"offset {u} falls inside a surrogate pair")
        return where[u]

    return conv


def _ls_spans(text: str, result: Iterable[Mapping[str, Any]]) -> list[SpanTuple]:
    spans: set[SpanTuple] = set()
    utf16: Callable[[int], int] | None = None
    for item in result:
        if item.get("type") != "labels":
            continue  # relations, choices, text areas: not spans
        value = item["value"]
        labels = value.get("labels") or []
        if len(labels) != 1:
            raise AnnotationError(f"region {item.get('id')!r}: expected one label, got {labels!r}")
        start, end = int(value["start"]), int(value["end"])
        quoted = value.get("text")
        if quoted is not None and text[start:end] != quoted:
            # Old Label Studio versions counted UTF-16 code units (astral characters count twice).
            utf16 = utf16 or _utf16_to_index(text)
            try:
                start, end = utf16(start), utf16(end)
            except AnnotationError:
                pass
            if text[start:end] != quoted:
                raise AnnotationError(
                    f"region {item.get('id')!r}: text[{value['start']}:{value['end']}] is not {quoted!r}"
                )
        spans.add((start, end, labels[0]))
    return sorted(spans)


def from_label_studio(
    task: Mapping[str, Any], *, source: Source | None = None, embed_on_mismatch: bool = False
) -> AnnotationRecord:
    """A record from a Label Studio task (an element of its JSON export, or of ``to_label_studio``).

    The first annotation that is not cancelled wins; a task without one is imported from its first
    prediction with source "weak".

    Args:
        task: the task: ``data.text``, ``annotations[*].result``, ``predictions[*].result``.
        source: override the inferred source.
        embed_on_mismatch: keep an embedded copy when a stand-off text no longer matches its sha256.
    """
    data = task.get("data") or {}
    text = data.get("text")
    if not isinstance(text, str):
        raise AnnotationError("Label Studio task has no data.text")
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    predictions = task.get("predictions") or []
    if annotations:
        result, reviewed = annotations[0].get("result") or [], True
    elif predictions:
        result, reviewed = predictions[0].get("result") or [], False
    else:
        result, reviewed = [], True
    record_id = data.get("record_id") or (str(task["id"]) if task.get("id") is not None else None)
    if not record_id:
        raise AnnotationError("Label Studio task has neither data.record_id nor id")
    carried = dict(data)
    carried["meta"] = dict(data.get("meta") or {})
    if data.get("record_id") and task.get("id") is not None:
        carried["meta"]["label_studio_id"] = task["id"]
    if reviewed and predictions:
        carried["source"] = "weak"  # the annotator corrected pre-annotations
    return _rebuild(
        text,
        _ls_spans(text, result),
        str(record_id),
        carried,
        source or _imported_source(carried, reviewed),
        embed_on_mismatch=embed_on_mismatch,
    )


def export_preannotations(
    texts: Mapping[str, str],
    tagger_spans: Callable[[str], Iterable[Any]],
    fmt: Literal["doccano", "label-studio"],
    out: Path,
    *,
    model_version: str = "lexicon",
    corpus: Mapping[str, CorpusRef | Mapping[str, str]] | None = None,
) -> Path:
    """Write predicted spans as pre-annotations for correction in doccano or Label Studio.

    Args:
        texts: record id -> original text.
        tagger_spans: text -> spans in its original offsets ((start, end, label[, score]) tuples or
            ``Span`` objects), e.g. ``weak_label`` or a model's predictions.
        fmt: "doccano" (JSONL) or "label-studio" (a JSON list of tasks with ``predictions``).
        out: the file to write (atomically replaced).
        model_version: recorded with the predictions.
        corpus: record id -> corpus reference, for texts that are corpus files (re-attached on import).
    """
    items: list[dict[str, Any]] = []
    for record_id, text in texts.items():
        raw = [_coerce_span(x) for x in tagger_spans(text)]
        spans = _non_overlapping(
            s for s in raw if s[2] in LABELS and 0 <= s[0] < s[1] <= len(text)
        )
        carried: dict[str, Any] = {"source": "weak", "meta": {"model_version": model_version}}
        ref = (corpus or {}).get(record_id)
        if ref is not None:
            ref = ref if isinstance(ref, CorpusRef) else CorpusRef.model_validate(ref)
            if sha256_text(text) != ref.sha256:
                raise CorpusFileChanged(f"{record_id!r}: text does not match {ref.path} (sha256)")
            carried["corpus"] = ref.model_dump()
        if fmt == "doccano":
            label = [[s, e, lab] for s, e, lab, _ in spans]
            items.append({"record_id": record_id, "text": text, "label": label, **carried})
        elif fmt == "label-studio":
            items.append(
                {
                    "data": {"text": text, "record_id": record_id, **carried},
                    "predictions": [_prediction(text, spans, model_version)],
                }
            )
        else:
            raise AnnotationError(f"unknown format {fmt!r} (doccano or label-studio)")
    return write_atomic(out, dump_export(items, fmt))


def dump_export(items: list[dict[str, Any]], fmt: str) -> str:
    """doccano JSONL (one task a line) or a Label Studio JSON array."""
    if fmt == "doccano":
        return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
