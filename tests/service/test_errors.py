"""The error catalogue (service/errors.py) is the one list: every raising site, README and OpenAPI agree with it."""

import ast
import re

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.errors import ERRORS, ServiceError
from service.settings import Settings
from tests.paths import ROOT

SOURCES = sorted([*(ROOT / "service").rglob("*.py"), *(ROOT / "govreport").rglob("*.py")])


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def raised_codes() -> dict[str, list[str]]:
    """Code → where: the first argument of every ``ServiceError(...)``, ``super().__init__(...)`` of a
    ServiceError subclass and ``error_response(...)``, and the values of the HTTP-error code map."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        subclasses = {
            n for c in ast.walk(tree) if isinstance(c, ast.ClassDef) and "ServiceError" in map(_name, c.bases)
            for n in ast.walk(c)
        }  # fmt: skip
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Assign) and any(_name(t) == "_HTTP_CODES" for t in node.targets):
                assert isinstance(node.value, ast.Dict)
                for value in node.value.values:
                    assert isinstance(value, ast.Constant)
                    found.setdefault(value.value, []).append(where)
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name == "ServiceError" or (name == "__init__" and node in subclasses):
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), f"{where}: code not literal"
                found.setdefault(first.value, []).append(where)
            elif name == "error_response" and node.args and isinstance(node.args[0], ast.Constant):
                found.setdefault(node.args[0].value, []).append(where)
    return found


def test_every_raised_code_is_in_the_catalogue_and_every_catalogued_code_is_raised():
    found = raised_codes()
    assert {code: where for code, where in found.items() if code not in ERRORS} == {}
    assert set(ERRORS) - set(found) == set()


def test_an_unknown_code_is_refused_where_it_is_raised():
    with pytest.raises(ValueError, match="unknown error code"):
        ServiceError("no_such_code", "message")
    error = ServiceError("job_running", "a job runs")
    assert (error.status, error.code, error.message) == (409, "job_running", "a job runs")


def readme_errors() -> dict[str, int]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| status | code | when |") :].split("\n\n", 1)[0]
    rows = re.findall(r"^\| (\d{3}) \| `(\w+)` \|", table, re.M)
    assert len(rows) == len({code for _, code in rows}), "a code listed twice"
    return {code: int(status) for status, code in rows}


def test_readme_error_table_is_the_catalogue():
    assert readme_errors() == {code: error.status for code, error in ERRORS.items()}


def test_openapi_error_docs_come_from_the_catalogue():
    spec = TestClient(create_app(Settings(default_tagger="lexicon"))).get("/openapi.json").json()
    documented: set[str] = set()
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if not status.startswith(("4", "5")) or "ErrorResponse" not in str(response.get("content")):
                    continue
                codes = re.findall(r"^- `(\w+)`:", response["description"], re.M)
                assert codes, (path, method, status)
                for code in codes:
                    assert ERRORS[code].status == int(status), (path, method, code)
                documented.update(codes)
    # every code but the ones any path answers (routing) is documented on a route that raises it
    assert set(ERRORS) - documented == {"not_found", "method_not_allowed"}
