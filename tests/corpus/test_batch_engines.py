"""The real corpus through `govreport batch`, here and on Ray Data: the same rows (skipped without ../shared)."""

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from govreport.cli import app
from service import pipeline
from tests.paths import FIXTURES, SHARED_CORPUS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not here"),
]

COLUMNS = {
    "reports": "sha256, kind, pages, title, organization, year, template, tagger, tagger_version, status, "
    "error_code, error, indicators, warnings, audit, text",
    "indicators": 'sha256, organization, year, id, label, period, value, unit, source, confidence, approximate, raw, start, "end", '
    'page, "table", failed_rules',
    "checks": 'sha256, organization, year, rule, status, "where", "left", "right", detail',
}


def table_rows(out: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(out / "govreport.duckdb"), read_only=True) as db:
        return db.execute(f"SELECT {COLUMNS[table]} FROM {table} ORDER BY ALL").fetchall()


def test_the_corpus_gives_the_same_rows_here_and_on_ray(tmp_path: Path, extractor, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.setenv("GOVREPORT_DEFAULT_TAGGER", "lexicon")  # the Ray workers build their extractor from it
    monkeypatch.setattr(pipeline, "get_extractor", lambda: extractor)
    inputs = tmp_path / "in"
    shutil.copytree(SHARED_CORPUS, inputs)
    shutil.copy(FIXTURES / "bad" / "encrypted.pdf", inputs / "locked.pdf")  # a bad file among them
    runs = {}
    for engine in ("local", "ray"):
        out = tmp_path / engine
        result = CliRunner().invoke(
            app, ["batch", str(inputs), "--out", str(out), "--tagger", "lexicon", "--engine", engine]
        )
        assert result.exit_code == 0, result.output
        assert "failed 1 (encrypted_document 1)" in result.output
        runs[engine] = out
    for table in COLUMNS:
        local, ray = table_rows(runs["local"], table), table_rows(runs["ray"], table)
        assert local and local == ray, table
