"""The command line (govreport/cli.py), run in-process with typer's CliRunner."""

import json
import sys
import types

import pytest
from typer.testing import CliRunner

from govreport.cli import app
from service import pipeline
from service.schema import ExtractResult
from service.settings import get_settings
from tests.fakes import FakeExtractor

TEXT = "鸭河工区管委会2019年政府信息公开工作年度报告\n一、总体情况\n政府网站公开政府信息336条。"


runner = CliRunner()


@pytest.fixture
def extractor(monkeypatch) -> FakeExtractor:
    fake = FakeExtractor()
    monkeypatch.setattr(pipeline, "get_extractor", lambda: fake)
    return fake


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setenv("GOVREPORT_MAX_TEXT_CHARS", "100")
    get_settings.cache_clear()
    yield 100
    get_settings.cache_clear()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extract_one_file_json(tmp_path, extractor):
    path = write(tmp_path, "report.txt", TEXT)
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["schema_version"] == "1"
    ExtractResult.model_validate(body)
    assert "鸭河工区" in result.stdout  # non-ASCII printed as is, not \u-escaped
    assert extractor.calls == [(TEXT, extractor.calls[0][1])]
    assert extractor.calls[0][1].tagger is None  # default tagger comes from settings


def test_extract_several_files_one_json_per_line(tmp_path, extractor):
    texts = [TEXT, "第二份报告\n政府网站公开政府信息12条。", "第三份报告\n无"]
    paths = [write(tmp_path, f"r{i}.txt", t) for i, t in enumerate(texts)]
    result = runner.invoke(app, ["extract", *map(str, paths), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    titles = [json.loads(line)["report"]["title"] for line in lines]
    assert titles == [t.splitlines()[0] for t in texts]  # in argument order


def test_extract_tagger_option_is_passed(tmp_path, extractor):
    path = write(tmp_path, "report.txt", TEXT)
    result = runner.invoke(app, ["extract", str(path), "--json", "--tagger", "lexicon"])
    assert result.exit_code == 0, result.output
    assert extractor.calls[0][1].tagger == "lexicon"
    bad = runner.invoke(app, ["extract", str(path), "--tagger", "bert"])
    assert bad.exit_code == 2


def test_extract_human_table(tmp_path, extractor):
    path = write(tmp_path, "report.txt", TEXT)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert "active.website" in result.stdout
    assert "336" in result.stdout
    assert "1 indicators" in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


def test_missing_file_exits_2_with_a_message(tmp_path, extractor):
    good = write(tmp_path, "report.txt", TEXT)
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["extract", str(good), str(missing), "--json"])
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr and "no such file" in result.stderr
    assert result.stdout == ""  # every file is checked before anything is printed
    assert extractor.calls == []


def test_gbk_and_bom_text_files_are_read_and_undecodable_ones_exit_2(tmp_path, extractor):
    for name, data in (("gbk.txt", TEXT.encode("gb18030")), ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"))):
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(app, ["extract", str(path)])
        assert result.exit_code == 0, result.output
        assert extractor.calls[-1][0] == TEXT
    bad = tmp_path / "bad.txt"
    bad.write_bytes(TEXT.encode("utf-8")[:30] + b"\x80\xff\x80")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and "UTF-8" in result.stderr


def test_directory_and_blank_file_exit_2(tmp_path, extractor):
    assert runner.invoke(app, ["extract", str(tmp_path)]).exit_code == 2
    blank = write(tmp_path, "blank.txt", " \n")
    result = runner.invoke(app, ["extract", str(blank)])
    assert result.exit_code == 2
    assert "empty" in result.stderr


def test_text_over_the_limit_exits_2(tmp_path, extractor, small_limit):
    ok = write(tmp_path, "ok.txt", "报" * 100)
    assert runner.invoke(app, ["extract", str(ok), "--json"]).exit_code == 0
    over = write(tmp_path, "over.txt", "报" * 101)
    result = runner.invoke(app, ["extract", str(over), "--json"])
    assert result.exit_code == 2
    assert "101" in result.stderr and "limit" in result.stderr
    huge = write(tmp_path, "huge.txt", "x" * 1000)  # caught by the file size, never read
    assert runner.invoke(app, ["extract", str(huge)]).exit_code == 2


def test_indicators_without_a_catalog_exits_1(monkeypatch):
    monkeypatch.setitem(sys.modules, "service.catalog", None)
    result = runner.invoke(app, ["indicators"])
    assert result.exit_code == 1
    assert "catalog" in result.stderr


def test_indicators_prints_the_catalog(monkeypatch):
    catalog = {"indicators": [{"id": "active.website", "label": "政府网站公开政府信息数"}]}
    fake = types.ModuleType("service.catalog")
    fake.get_catalog = lambda: types.SimpleNamespace(as_json=lambda: catalog)
    monkeypatch.setitem(sys.modules, "service.catalog", fake)
    result = runner.invoke(app, ["indicators"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == catalog
    assert "政府网站" in result.stdout


def test_serve_uses_settings_defaults_and_options(monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    assert runner.invoke(app, ["serve"]).exit_code == 0
    settings = get_settings()
    grace = {"timeout_graceful_shutdown": settings.shutdown_grace_s}  # SIGTERM: requests in flight get this long
    assert calls[-1] == ("service.api:app", {"host": settings.host, "port": settings.port, **grace})
    assert runner.invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9001"]).exit_code == 0
    assert calls[-1] == ("service.api:app", {"host": "0.0.0.0", "port": 9001, **grace})


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "extract", "indicators"):
        assert command in result.stdout


@pytest.mark.slow
def test_real_extractor_through_the_cli(tmp_path):
    path = write(tmp_path, "report.txt", TEXT)
    result = runner.invoke(app, ["extract", str(path), "--json", "--tagger", "lexicon"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema_version"] == "1"


def test_an_installation_without_training_still_serves_and_says_so_for_training(tmp_path):
    """The Docker image leaves training/ out: the CLI must import, and training commands give a message."""
    import subprocess
    import sys

    blocker = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'training' or name.startswith('training.'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib.util\n"
        "importlib.util.find_spec = lambda name, package=None: None if name == 'training' else _find(name, package)\n"
    )
    script = (
        "import importlib.util\n_find = importlib.util.find_spec\n" + blocker + "from govreport.cli import app\n"
        "from typer.testing import CliRunner\n"
        "r = CliRunner().invoke(app, ['train', '--epochs', '1'])\n"
        "print(r.exit_code, r.output)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    code, _, message = out.stdout.partition(" ")
    assert code == "1" and "training is not part of this installation" in message
