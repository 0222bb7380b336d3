"""Span annotations for the character-level tagger: records and their append-only store.

An ``AnnotationRecord`` holds character spans (HEADING / METRIC / NUMBER) over one report text, in
offsets of the ORIGINAL text (as the user sent it or as the corpus file decodes). The text is either
embedded (a user's own document) or stand-off: a path relative to the corpus directory plus the
file's sha256, so third-party report texts never get copied into the repository.

The store (``AnnotationStore``) is append-only JSONL: every ``add`` publishes one new numbered file
(``root/records/00000001.jsonl``, ...) written to a temporary file, fsynced and moved into place with
``os.replace``; a later record with the same id is a new version and the old one stays on disk.

This is what the service needs to accept annotations (``POST /v1/annotations``). Turning them into
training data (BIO tags, splits, pre-annotation, doccano / Label Studio files) is ``training``'s.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from service.schema import LABELS, Label

#: (start, end, label): end exclusive, offsets into the original text.
SpanTuple = tuple[int, int, Label]
Split = Literal["train", "dev", "test"]
SPLITS: tuple[str, ...] = get_args(Split)
Source = Literal["hand", "corrected", "weak", "synthetic"]

_RECORD_FILE = re.compile(r"^(\d{8,})\.jsonl$")
#: bounds of a record's free-form ``meta`` and ``gold``: what is stored must always read back
MAX_NESTING = 16
MAX_FREE_FORM_BYTES = 64 * 1024

logger = logging.getLogger("govreport.annotations")


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
    withdrawn: bool = Field(default=False, description="this version retires the record: training leaves it out")

    @field_validator("meta", "gold")
    @classmethod
    def _bounded(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None:
            if _depth(value) > MAX_NESTING:
                raise ValueError(f"nests deeper than {MAX_NESTING} levels")
            if len(json.dumps(value, ensure_ascii=False).encode("utf-8")) > MAX_FREE_FORM_BYTES:
                raise ValueError(f"is larger than {MAX_FREE_FORM_BYTES:,} bytes as JSON")
        return value

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


def _depth(value: Any, limit: int = MAX_NESTING + 1) -> int:
    """Nesting depth of JSON-like data, counted no further than ``limit``."""
    if limit <= 0 or not isinstance(value, dict | list):
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(c, limit - 1) for c in children), default=0)


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
    for prev, cur in itertools.pairwise(out):
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

    def add(self, records: Iterable[AnnotationRecord | Mapping[str, Any]], *, verify: bool = True) -> list[str]:
        """Validate all records, then append them as one new file (all or nothing); return their ids.

        Args:
            records: records (or dicts) to append; an id already stored becomes a new version.
            verify: resolve stand-off records against the corpus (sha256, span bounds), and turn an
                embedded text that is byte-identical to a corpus file into a stand-off reference.
        """
        # Re-validate records too: a model instance may have been changed after construction.
        batch = [
            AnnotationRecord.model_validate(r.model_dump() if isinstance(r, AnnotationRecord) else r) for r in records
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
                    except ValueError as e:  # stored before the bounds of today, or damaged by hand: skipped
                        logger.warning("%s:%d: unreadable record skipped: %s", path.name, lineno, e)

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
        """Newest versions that are not withdrawn, optionally only those of one split."""
        return [r for r in self.latest().values() if not r.withdrawn and (split is None or r.split == split)]

    def withdraw(self, record_id: str, reason: str) -> AnnotationRecord:
        """Retire a record: a new version marked withdrawn (nothing is overwritten; history keeps all)."""
        current = self.latest().get(record_id)
        if current is None:
            raise KeyError(record_id)
        retired = current.model_copy(update={"withdrawn": True, "meta": {**current.meta, "withdrawn_reason": reason}})
        self._publish([retired])
        return retired


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
