"""The deliverables around the code: the Dockerfile lints, CI runs exactly the README's commands."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)[:2]


def test_readme_opens_with_the_setup_and_test_commands():
    setup, test = _readme_commands()
    assert setup.startswith("python3 -m venv .venv && .venv/bin/pip install torch==2.13.0 && ")
    assert setup.endswith(".venv/bin/govreport serve")
    assert test == '.venv/bin/python -m pytest -m "slow or not slow"'


def test_ci_runs_the_readme_test_command():
    _, test = _readme_commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "set -euo pipefail" in commands
    assert commands[-1] == test
    torch = next(i for i, c in enumerate(commands) if "pip install" in c and "torch==2.13.0" in c)
    project = next(i for i, c in enumerate(commands) if "pip install" in c and "-e '.[dev,train]'" in c)
    assert torch < project


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install -e '.[dev,train]' brings it)")
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
