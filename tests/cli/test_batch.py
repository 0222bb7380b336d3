"""govreport batch: a corpus into DuckDB and Parquet, resumable, a bad file recorded and never fatal."""

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from govreport.cli import app
from service import batch, pipeline
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
