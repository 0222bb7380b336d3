"""Atomic writes: a reader sees the old content or the new, never a part; no temp file is left behind."""

import os

import pytest

from service import files
from service.files import write_atomic


def test_text_and_bytes_are_written_whole_and_directories_made(tmp_path):
    path = write_atomic(tmp_path / "a" / "b.json", '{"标题": 1}\n')
    assert path.read_text(encoding="utf-8") == '{"标题": 1}\n'
    write_atomic(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in path.parent.iterdir()] == ["b.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    path = write_atomic(tmp_path / "status.json", "old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["status.json"]
