"""Corpus runs: many report files into one DuckDB database (and Parquet), resumable and fault-tolerant.

Each file is read, extracted and written by ``process`` — the same per-report step the CLI and the API
use — and its rows are stored in one transaction keyed by the file's content hash, so a re-run skips
what is done and an interrupted run never leaves half a report or duplicate rows. A file that cannot be
read or extracted is stored as a failed report with its error code, and the run goes on.

Tables (one row per report, per value, per check), for SQL across units and years::

    reports     sha256, path, kind, pages, title, organization, year, template, tagger, tagger_version,
                status ('ok' | 'failed'), error_code, error, indicators, warnings, processed_at,
                audit (the report's own audit, JSON), text (as read: the offsets index it)
    indicators  sha256, organization, year, id, label, period, value, unit, source, confidence,
                approximate, raw, start, "end", page, "table", failed_rules
    checks      sha256, organization, year, rule, status, "where", "left", "right", detail

``govreport audit --db DIR`` audits the stored reports (``stored_reports``) without extracting again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from service.audit import ReportAudit, audit_one
from service.errors import ServiceError
from service.pipeline import Extractor, read_checked
from service.schema import ExtractOptions, Indicator
from service.settings import Settings

#: the files a folder contributes (a file named on the command line is read whatever its name)
SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".txt", ".md"})
DATABASE = "govreport.duckdb"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    sha256 VARCHAR PRIMARY KEY, path VARCHAR, kind VARCHAR, pages INTEGER, title VARCHAR,
    organization VARCHAR, year INTEGER, template VARCHAR, tagger VARCHAR, tagger_version VARCHAR,
    status VARCHAR, error_code VARCHAR, error VARCHAR, indicators INTEGER, warnings VARCHAR[],
    processed_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS indicators (
    sha256 VARCHAR, organization VARCHAR, year INTEGER, id VARCHAR, period VARCHAR, value DOUBLE,
    unit VARCHAR, source VARCHAR, confidence DOUBLE, approximate BOOLEAN, raw VARCHAR, start INTEGER,
    "end" INTEGER, page INTEGER, "table" VARCHAR, failed_rules VARCHAR[]
);
CREATE TABLE IF NOT EXISTS checks (
    sha256 VARCHAR, organization VARCHAR, year INTEGER, rule VARCHAR, status VARCHAR, "where" VARCHAR,
    "left" VARCHAR[], "right" VARCHAR[], detail VARCHAR
);
-- added after the first release: a database written before them gains them (and its reports are redone)
ALTER TABLE reports ADD COLUMN IF NOT EXISTS audit JSON;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS text VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS label VARCHAR;
"""


@dataclass
class ReportRows:
    """What one file adds to the database: its report row and its indicator and check rows."""

    report: dict[str, Any]
    indicators: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Summary:
    done: int = 0
    skipped: int = 0
    failed: dict[str, int] = field(default_factory=dict)  # error code -> files


def input_files(inputs: Iterable[Path]) -> list[Path]:
    """The files named, and the report files under the folders named (recursively), in a stable order."""
    out: list[Path] = []
    for p in inputs:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def process(path: Path, data: bytes, extractor: Extractor, settings: Settings, options: ExtractOptions) -> ReportRows:
    """One file's rows: the extraction as rows, or a failed report with the error's stable code."""
    sha = hashlib.sha256(data).hexdigest()
    report: dict[str, Any] = {"sha256": sha, "path": str(path), "processed_at": datetime.now(UTC).replace(tzinfo=None)}
    try:
        doc = read_checked(data, path.name, settings)
        extraction = extractor.run_document(doc, options)
    except ServiceError as exc:
        return ReportRows(report | {"status": "failed", "error_code": exc.code, "error": exc.message})
    except Exception as exc:  # one bad file never stops a corpus run: it is recorded
        return ReportRows(report | {"status": "failed", "error_code": "internal_error", "error": repr(exc)[:500]})
    result = extraction.result(include_entities=False)
    info = result.report
    unit, year = info.organization, info.year
    report |= {
        "kind": doc.kind, "pages": len(doc.page_starts) or None, "title": info.title, "organization": unit,
        "year": year, "template": info.template, "tagger": result.model.name, "tagger_version": result.model.version,
        "status": "ok", "indicators": len(result.indicators), "warnings": result.warnings,
        "audit": audit_one(path.name, extraction, "report").model_dump_json(), "text": extraction.text,
    }  # fmt: skip
    indicators = [{"sha256": sha, "organization": unit, "year": year, **i.model_dump()} for i in result.indicators]
    checks = [{"sha256": sha, "organization": unit, "year": year, **c.model_dump()} for c in result.checks]
    return ReportRows(report, indicators, checks)


class BatchStore:
    """The run's database: ``DIR/govreport.duckdb``; ``export`` writes the tables as Parquet beside it."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.db = duckdb.connect(str(out_dir / DATABASE))
        self.db.execute(_SCHEMA)
        self.columns = {
            t: [c[0] for c in self.db.execute(f"DESCRIBE {t}").fetchall()] for t in ("reports", "indicators", "checks")
        }

    def done(self) -> set[str]:
        """The content hashes of the files already extracted (a failed file is tried again: cheap, and
        its row replaced; so is a report stored before reports kept their audit)."""
        done = "SELECT sha256 FROM reports WHERE status = 'ok' AND audit IS NOT NULL"
        return {row[0] for row in self.db.execute(done).fetchall()}

    def write(self, rows: ReportRows) -> None:
        """All of a report's rows, or none of them."""
        sha = rows.report["sha256"]
        self.db.execute("BEGIN TRANSACTION")
        try:
            for table in ("reports", "indicators", "checks"):
                self.db.execute(f"DELETE FROM {table} WHERE sha256 = ?", [sha])
            self._insert("reports", [rows.report])
            self._insert("indicators", rows.indicators)
            self._insert("checks", rows.checks)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _insert(self, table: str, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        columns = self.columns[table]
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.db.executemany(
            f"INSERT INTO {table} ({quoted}) VALUES ({marks})", [[r.get(c) for c in columns] for r in records]
        )

    def export(self) -> dict[str, Path]:
        """Each table as ``DIR/<table>.parquet`` (rewritten whole: Parquet files are not appended to)."""
        out = {}
        for table in ("reports", "indicators", "checks"):
            path = self.out_dir / f"{table}.parquet"
            self.db.execute(f"COPY {table} TO '{path}' (FORMAT parquet)")
            out[table] = path
        return out

    def close(self) -> None:
        self.db.close()


@dataclass
class StoredReport:
    """A report as a corpus run stored it: what the cross-year checks read (``audit.history.Reported``)."""

    text: str
    indicators: list[Indicator]


def stored_reports(
    out_dir: Path, unit: str | None = None, years: Sequence[int] = ()
) -> list[tuple[ReportAudit, StoredReport]]:
    """The audits and values of a run's extracted reports, by unit, year and file; ``unit``: a part of
    the unit's name; ``years``: only these years."""
    path = out_dir / DATABASE
    if not path.is_file():
        raise FileNotFoundError(f"{out_dir}: no {DATABASE} (run govreport batch --out {out_dir} first)")
    where, params = ["status = 'ok'", "audit IS NOT NULL"], list[object]()
    if unit:
        where.append("contains(organization, ?)")
        params.append(unit)
    if years:
        where.append(f"year IN ({', '.join('?' for _ in years)})")
        params += list(years)
    with duckdb.connect(str(path), read_only=True) as db:
        reports = db.execute(
            f"SELECT sha256, audit, text FROM reports WHERE {' AND '.join(where)} ORDER BY organization, year, path",
            params,
        ).fetchall()
        wanted = [sha for sha, _, _ in reports]
        fields = list(Indicator.model_fields)
        quoted = ", ".join(f'"{f}"' for f in fields)
        values: dict[str, list[Indicator]] = {sha: [] for sha in wanted}
        if wanted:
            rows = db.execute(
                f"SELECT sha256, {quoted} FROM indicators WHERE sha256 IN ({', '.join('?' for _ in wanted)}) "
                "ORDER BY rowid",  # the order the extraction gave them: the first printed value counts
                wanted,
            ).fetchall()
            for sha, *row in rows:
                values[sha].append(Indicator.model_validate(dict(zip(fields, row, strict=True))))
    return [(ReportAudit.model_validate_json(a), StoredReport(text, values[sha])) for sha, a, text in reports]


Engine = Literal["local", "ray"]


def run(
    files: list[Path],
    store: BatchStore,
    settings: Settings,
    options: ExtractOptions,
    *,
    engine: Engine = "local",
    extractor: Extractor | None = None,
) -> Iterator[tuple[Path, str]]:
    """Process every file not done yet; yields (file, "done" | "skipped" | "failed:<code>") as it goes.

    ``local`` runs ``process`` here with ``extractor``; ``ray`` runs the same ``process`` on Ray Data
    workers, each holding its own extractor, and this process writes their rows (one writer)."""
    done = store.done()
    todo: list[tuple[Path, bytes]] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:  # gone or unreadable since it was listed: recorded under its path's hash
            key = hashlib.sha256(str(path).encode()).hexdigest()
            store.write(ReportRows({"sha256": key, "path": str(path), "status": "failed", "error_code": "unreadable_file",
                                    "error": str(exc), "processed_at": datetime.now(UTC).replace(tzinfo=None)}))  # fmt: skip
            yield path, "failed:unreadable_file"
            continue
        if hashlib.sha256(data).hexdigest() in done:
            yield path, "skipped"
        else:
            todo.append((path, data))
    if engine == "ray":
        results: Iterable[ReportRows] = _on_ray(todo, options)
    else:
        if extractor is None:
            raise ValueError("the local engine needs an extractor")
        results = (process(path, data, extractor, settings, options) for path, data in todo)
    for rows in results:
        store.write(rows)
        status = rows.report["status"]
        yield Path(rows.report["path"]), "done" if status == "ok" else f"failed:{rows.report['error_code']}"


class _RayWorker:
    """A Ray Data actor: loads the extractor once, then runs ``process`` on each file it is given."""

    def __init__(self, options: dict[str, Any]) -> None:
        from service.pipeline import build_extractor
        from service.settings import get_settings

        self.settings = get_settings()
        self.extractor = build_extractor(self.settings)
        self.options = ExtractOptions.model_validate(options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        out = []
        for path, data in zip(batch["path"], batch["data"]):
            rows = process(Path(str(path)), bytes(data), self.extractor, self.settings, self.options)
            out.append(json.dumps(asdict(rows), ensure_ascii=False, default=str))
        return {"rows": out}


def _on_ray(todo: list[tuple[Path, bytes]], options: ExtractOptions) -> Iterator[ReportRows]:
    """The files' rows computed on Ray Data: a local Ray, or the cluster ``RAY_ADDRESS`` names."""
    if not todo:
        return
    import ray

    ray.init(ignore_reinit_error=True, include_dashboard=False, log_to_driver=False)
    items = [{"path": str(path), "data": data} for path, data in todo]
    ds = ray.data.from_items(items).map_batches(
        _RayWorker,
        fn_constructor_kwargs={"options": options.model_dump()},
        batch_size=1,
        concurrency=max(1, min(len(todo), int(ray.available_resources().get("CPU", 1)))),  # type: ignore[no-untyped-call]
    )
    for row in ds.iter_rows():
        record = json.loads(row["rows"])
        record["report"]["processed_at"] = datetime.fromisoformat(record["report"]["processed_at"])
        yield ReportRows(**record)


def summary_lines(summary: Summary, store: BatchStore) -> list[str]:
    row = store.db.execute(
        "SELECT (SELECT count(*) FROM reports WHERE status = 'ok'), (SELECT count(*) FROM indicators)"
    ).fetchone()
    ok, values = row if row else (0, 0)
    failed = ", ".join(f"{code} {n}" for code, n in sorted(summary.failed.items()))
    return [
        f"extracted {summary.done}, skipped (done before) {summary.skipped}, "
        f"failed {sum(summary.failed.values())}" + (f" ({failed})" if failed else ""),
        f"the database holds {ok} reports and {values} values: {store.out_dir / DATABASE}",
    ]
