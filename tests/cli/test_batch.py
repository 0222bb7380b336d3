"""govreport batch: a corpus into DuckDB and Parquet, resumable, a bad file recorded and never fatal."""

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from govreport.cli import app
from service import batch, pipeline
from service.audit import AuditReport, audit
from service.documents import read_document
from tests.paths import FIXTURES

GOOD = ["syn2021-blank-zeros.html", "syn2019-as-printed.pdf", "syn2019-as-printed.docx"]


@pytest.fixture
def corpus(tmp_path: Path, extractor, monkeypatch) -> Path:
    monkeypatch.setattr(pipeline, "get_extractor", lambda: extractor)  # the lexicon pipeline: fast
    folder = tmp_path / "in" / "2021"
    folder.mkdir(parents=True)
    for name in GOOD:
        shutil.copy(FIXTURES / "documents" / name, folder / name)
    shutil.copy(FIXTURES / "bad" / "encrypted.pdf", folder / "locked.pdf")
    (folder / "notes.csv").write_text("not a report", encoding="utf-8")  # not a report type: not listed
    return tmp_path / "in"


def rows(out: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(out / batch.DATABASE), read_only=True) as db:
        return db.execute(sql).fetchall()


def test_a_corpus_goes_into_the_database_and_parquet_and_a_bad_file_is_recorded(corpus: Path, tmp_path: Path):
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--tagger", "lexicon"])
    assert result.exit_code == 0, result.output
    assert "extracted 3, skipped (done before) 0, failed 1 (encrypted_document 1)" in result.output
    reports = rows(out, "SELECT status, error_code, year, template FROM reports ORDER BY path")
    assert reports == [("failed", "encrypted_document", None, None), ("ok", None, 2019, "2019"),
                       ("ok", None, 2019, "2019"), ("ok", None, 2021, "2021")]  # fmt: skip
    # the values with their evidence, as the JSON gives them
    [(value, raw, start, end)] = rows(
        out,
        'SELECT value, raw, start, "end" FROM indicators i JOIN reports r USING (sha256) '
        "WHERE r.path LIKE '%blank-zeros.html' AND i.id = 't3.new_received.total'",
    )
    assert value > 0 and raw == str(int(value)) and end > start
    assert rows(out, "SELECT count(*) FROM checks")[0][0] > 0
    for table in ("reports", "indicators", "checks"):
        with duckdb.connect() as db:
            n = db.execute(f"SELECT count(*) FROM '{out / (table + '.parquet')}'").fetchone()[0]
        assert n == rows(out, f"SELECT count(*) FROM {table}")[0][0]


def test_a_rerun_skips_what_is_done_and_duplicates_nothing(corpus: Path, tmp_path: Path):
    out = tmp_path / "run"
    CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--tagger", "lexicon"])
    before = rows(out, "SELECT count(*) FROM indicators")[0][0]
    again = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--tagger", "lexicon"])
    assert "extracted 0, skipped (done before) 3" in again.output
    assert rows(out, "SELECT count(*) FROM indicators")[0][0] == before
    assert rows(out, "SELECT count(*), count(DISTINCT sha256) FROM reports") == [(4, 4)]


def test_an_interrupted_run_resumes_without_redoing_or_duplicating(corpus: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "run"
    real = batch.process
    calls: list[str] = []

    def interrupted(path, *args, **kwargs):
        calls.append(path.name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the user stops the run in the middle of the third file
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "process", interrupted)
    CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--tagger", "lexicon"])
    assert rows(out, "SELECT count(*) FROM reports WHERE status = 'ok'") == [(1,)]
    monkeypatch.setattr(batch, "process", real)
    result = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--tagger", "lexicon"])
    assert "extracted 2, skipped (done before) 1" in result.output
    assert rows(out, "SELECT count(*), count(DISTINCT sha256) FROM reports WHERE status = 'ok'") == [(3, 3)]
    per_report = rows(out, "SELECT sha256, count(*) FROM indicators GROUP BY sha256")
    assert len(per_report) == 3


def test_a_report_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch):
    store = batch.BatchStore(tmp_path / "run")
    rows_ = batch.ReportRows({"sha256": "a" * 64, "path": "x.txt", "status": "ok"}, [{"sha256": "a" * 64, "id": "x"}])
    monkeypatch.setattr(
        store,
        "_insert",
        lambda table, records: (_ for _ in ()).throw(OSError("disk full")) if table == "indicators" else None,
    )
    with pytest.raises(OSError):
        store.write(rows_)
    assert store.db.execute("SELECT count(*) FROM reports").fetchone() == (0,)
    store.close()


def test_no_report_files_in_the_inputs_is_an_error(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "empty"), "--out", str(tmp_path / "run")])
    assert result.exit_code == 2 and "no report files" in result.output


def test_the_audit_of_a_corpus_run_reads_the_database_and_agrees_with_the_files(
    corpus: Path, tmp_path: Path, extractor
):
    out = tmp_path / "run"
    CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--tagger", "lexicon"])
    result = CliRunner().invoke(app, ["audit", "--db", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    stored = AuditReport.model_validate_json(result.output)
    files = sorted((corpus / "2021").glob("syn*"))
    direct = audit([(f.name, extractor.run_document(read_document(f.read_bytes(), f.name))) for f in files])

    def view(report: AuditReport) -> dict:
        drop = {"anchor", "generated_at", "from_anchor", "to_anchor"}
        return {
            "reports": sorted((r.model_dump(exclude={"anchor"}) for r in report.reports), key=lambda r: r["name"]),
            "units": [u.model_dump(exclude={"anchor", "carry_checks"}) for u in report.units],
            "carry": [c.model_dump(exclude=drop) for u in report.units for c in u.carry_checks],
        }

    assert len(stored.reports) == 3 and view(stored) == view(direct)
    assert [r.anchor for r in stored.reports] == ["report-1", "report-2", "report-3"]


def test_the_audit_of_a_corpus_run_selects_by_unit_and_year(corpus: Path, tmp_path: Path):
    out = tmp_path / "run"
    CliRunner().invoke(app, ["batch", str(corpus), "--out", str(out), "--tagger", "lexicon"])

    def audited(*args: str) -> list[tuple[str, int]]:
        result = CliRunner().invoke(app, ["audit", "--db", str(out), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return [(r.name, r.year) for r in AuditReport.model_validate_json(result.output).reports]

    assert audited("--year", "2021") == [("syn2021-blank-zeros.html", 2021)]
    assert len(audited("--year", "2019", "--year", "2021")) == 3
    unit = rows(out, "SELECT organization FROM reports WHERE year = 2021")[0][0]
    assert ("syn2021-blank-zeros.html", 2021) in audited("--unit", unit[-4:])
    nothing = CliRunner().invoke(app, ["audit", "--db", str(out), "--unit", "没有这个单位"])
    assert nothing.exit_code == 1 and "no extracted report matches" in nothing.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give report FILEs or --db DIR"),
        (["--db", "nowhere", "x.txt"], "give report FILEs or --db DIR"),
        (["--db", "nowhere"], "no govreport.duckdb"),
        (["x.txt", "--year", "2021"], "use them with --db"),
    ],
)
def test_the_audit_needs_files_or_a_run(args: list[str], message: str, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["audit", *args])
    assert result.exit_code == 2 and message in result.output


def test_reports_stored_before_reports_kept_their_audit_are_redone(tmp_path: Path):
    out = tmp_path / "run"
    out.mkdir()
    with duckdb.connect(str(out / batch.DATABASE)) as db:  # a database of the first release
        db.execute("CREATE TABLE reports (sha256 VARCHAR PRIMARY KEY, path VARCHAR, status VARCHAR)")
        db.execute("INSERT INTO reports VALUES ('a', 'x.txt', 'ok')")
    store = batch.BatchStore(out)
    assert store.done() == set() and "audit" in store.columns["reports"]
    store.close()
