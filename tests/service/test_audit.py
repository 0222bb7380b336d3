"""The per-report audit (service/audit/, POST /v1/audit, ``govreport audit``).

Fast tests run on short synthetic reports read by the lexicon tagger; the slow ones run on
../shared/corpus (skipped where it is absent) and take a screenshot of the batch HTML with chromium
(skipped where /usr/bin/chromium is absent).
"""

import json
import re
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from govreport.cli import app as cli_app
from service import pipeline
from service.api import create_app
from service.audit import AuditReport, audit, audit_one, render_html, render_md, run_audit
from service.audit.models import RuleCell
from service.checks import check_all
from service.pipeline import Extractor
from service.schema import ExtractOptions
from service.settings import Settings

LEX = ExtractOptions(tagger="lexicon")
SETTINGS = Settings(default_tagger="lexicon")

# A consistent 2021 表三 (every rule holds): (label, seven cells)
T3 = {
    "new_received": ("一、本年新收政府信息公开申请数量", [12, 1, 0, 0, 0, 0, 13]),
    "carried_over": ("二、上年结转政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
    "granted": ("（一）予以公开", [5, 1, 0, 0, 0, 0, 6]),
    "partial": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
    "denied_state_secret": ("1.属于国家秘密", [0] * 7),
    "denied_law_forbidden": ("2.其他法律行政法规禁止公开", [0] * 7),
    "denied_three_safety": ("3.危及“三安全一稳定”", [0] * 7),
    "denied_third_party": ("4.保护第三方合法权益", [0] * 7),
    "denied_internal_affairs": ("5.属于三类内部事务信息", [0] * 7),
    "denied_process_info": ("6.属于四类过程性信息", [2, 0, 0, 0, 0, 0, 2]),
    "denied_enforcement_file": ("7.属于行政执法案卷", [0] * 7),
    "denied_admin_query": ("8.属于行政查询事项", [0] * 7),
    "unable_not_held": ("1.本机关不掌握相关政府信息", [3, 0, 0, 0, 0, 0, 3]),
    "unable_needs_creation": ("2.没有现成信息需要另行制作", [0] * 7),
    "unable_unclear": ("3.补正后申请内容仍不明确", [0] * 7),
    "not_processed_petition": ("1.信访举报投诉类申请", [0] * 7),
    "not_processed_repeat": ("2.重复申请", [0] * 7),
    "not_processed_publication": ("3.要求提供公开出版物", [0] * 7),
    "not_processed_massive": ("4.无正当理由大量反复申请", [0] * 7),
    "not_processed_confirm": ("5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    "other_no_correction": ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
    "other_unpaid_fee": ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    "other_other": ("3.其他", [1, 0, 0, 0, 0, 0, 1]),
    "total": ("（七）总计", [12, 1, 0, 0, 0, 0, 13]),
    "carried_forward": ("四、结转下年度继续办理", [2, 0, 0, 0, 0, 0, 2]),
}
T4_RUN = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
SECTIONS = ("overview", "problems", "other_matters")


def report(
    org: str = "某某区人民政府",
    year: int = 2022,
    *,
    rows: dict | None = None,
    coercion: str = "0",
    skip: tuple[str, ...] = (),
    prose: str = "全年主动公开政府信息336条。",
) -> str:
    """A short 2021-form report: six sections, 表二 and 表三 as pipe rows, 表四 as one line of 15 numbers."""
    t3 = {**T3, **(rows or {})}
    t2 = (
        "| 第二十条第（一）项 |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章 | 0 | 0 | 3 |\n| 行政规范性文件 | 2 | 1 | 20 |\n"
        "| 第二十条第（五）项 |\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 120 |\n"
        "| 第二十条第（六）项 |\n| 信息内容 | 本年处理决定数量 |\n| 行政处罚 | 35 |\n"
        f"| 行政强制 | {coercion} |\n"
        "| 第二十条第（八）项 |\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 0 |\n"
    )
    parts = [f"{org}{year}年政府信息公开工作年度报告\n"]
    if "overview" not in skip:
        parts.append(f"一、总体情况\n{year}年，我区认真做好政府信息公开工作。{prose}\n")
    parts.append("二、主动公开政府信息情况\n" + t2)
    parts.append(
        "三、收到和处理政府信息公开申请情况\n"
        + "\n".join(f"| {label} | " + " | ".join(str(v) for v in vals) + " |" for label, vals in t3.values())
        + "\n"
    )
    parts.append(
        "四、政府信息公开行政复议、行政诉讼情况\n结果维持 结果纠正 其他结果 尚未审结 总计\n"
        + "   ".join(map(str, T4_RUN))
        + "\n"
    )
    if "problems" not in skip:
        parts.append("五、存在的主要问题及改进情况\n一是公开质量有待提高。\n")
    if "other_matters" not in skip:
        parts.append("六、其他需要报告的事项\n无。\n")
    return "".join(parts)


PRE2019 = (
    "某县人民政府2017年政府信息公开工作年度报告\n一、概述\n2017年，我县扎实推进政府信息公开工作。\n"
    "二、主动公开政府信息情况\n2017年，全县主动公开政府信息336条。<script>alert(1)</script>\n"
    "三、依申请公开政府信息情况\n全年未收到政府信息公开申请。\n"
    "四、因政府信息公开申请提起行政复议、行政诉讼的情况\n全年未发生行政复议、行政诉讼。\n"
    "五、存在的主要问题及改进情况\n一是公开质量有待提高。\n六、其他需要报告的事项\n无。\n"
    "附件:政府信息公开情况统计表\n统 计 指 标 | 单位 | 统计数 |\n"
    "(一)主动公开政府信息数 | 条 | 517 |\n其中:主动公开规范性文件数 | 条 | 64 |\n"
    "2.政府网站公开政府信息数 | 条 | 517 |\n"
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(SETTINGS)


def run(extractor: Extractor, *items: tuple[str, str]) -> AuditReport:
    return run_audit(list(items), extractor, LEX)


# --- one report ------------------------------------------------------------------------------


def test_a_complete_consistent_report_has_no_findings(extractor):
    got = run(extractor, ("a.txt", report()))
    r = got.reports[0]
    assert (r.organization, r.year, r.template) == ("某某区人民政府", 2022, "2021")
    assert r.problems == 0 and r.counts.total == 0
    assert not r.failed_rules and not r.conflicts and not r.blank_cells and not r.missing_sections
    assert r.passed_checks > 0 and not r.not_assessable
    assert [t.status for t in r.tables] == ["found", "found", "found"]
    # "三、收到和处理…" sits right above its table: found in the text, never called missing
    assert {s.key: s.status for s in r.sections}["requests"] in ("found", "found_in_text")


def test_a_missing_section_is_reported(extractor):
    got = run(extractor, ("a.txt", report(skip=("problems",))))
    r = got.reports[0]
    assert r.missing_sections == ["problems"]
    assert r.counts.missing_sections == 1 and r.problems == 1
    assert "存在的主要问题及改进情况：**未检出**" in render_md(got)


def test_a_slash_cell_is_listed_with_raw_table_row_and_column(extractor):
    text = report(coercion="/")
    r = run(extractor, ("a.txt", text)).reports[0]
    [cell] = r.blank_cells
    assert cell.id == "t2.coercion.decisions" and cell.kind == "mark" and cell.evidence.raw == "/"
    assert (cell.table, cell.row_label, cell.column_label) == ("t2", "行政强制", "处理决定数量")
    assert text[cell.evidence.start : cell.evidence.end] == "/"
    # the row has no value at all: listed, but counted once (as its blank cell)
    assert [(e.row, e.reason) for e in r.empty_rows] == [("coercion", "all_blank")]
    assert r.problems == 1 and not r.failed_rules


def test_a_failing_t3_balance_names_table_rule_cells_and_values(extractor):
    got = run(extractor, ("a.txt", report(rows={"carried_forward": (T3["carried_forward"][0], [3, 0, 0, 0, 0, 0, 3])})))
    r = got.reports[0]
    balance = [f for f in r.failed_rules if f.rule == "t3.balance"]
    assert {f.where for f in balance} == {"natural_person column", "total column"}
    f = next(f for f in balance if f.where == "natural_person column")
    assert f.table == "t3" and f.table_name.startswith("表三")
    assert "第一项加第二项之和等于第三项加第四项之和" in f.meaning
    assert f.where_label == "“自然人”列"
    assert [(c.id, c.value, c.side) for c in f.cells] == [
        ("t3.new_received.natural_person", 12, "left"),
        ("t3.carried_over.natural_person", 2, "left"),
        ("t3.total.natural_person", 12, "right"),
        ("t3.carried_forward.natural_person", 3, "right"),
    ]
    assert (f.left, f.right) == (14, 15)
    # only failed rules are findings: nothing else is said about the tables that add up
    assert {f.rule for f in r.failed_rules} == {"t3.balance"}
    assert r.counts.failed_rules == 2
    html = render_html(got, tagged=False)
    assert "第一项加第二项之和等于第三项加第四项之和" in html and "表三 收到和处理政府信息公开申请情况" in html


def test_a_rule_with_a_blank_cell_could_not_be_checked_and_is_no_finding(extractor):
    rows = {"carried_forward": (T3["carried_forward"][0], [2, 0, 0, 0, 0, 0, "/"])}
    r = run(extractor, ("a.txt", report(rows=rows))).reports[0]
    assert not r.failed_rules
    assert any(u.rule == "t3.balance" and u.missing == ["t3.carried_forward.total"] for u in r.not_assessable)
    assert [c.id for c in r.blank_cells] == ["t3.carried_forward.total"]


def test_a_text_vs_table_conflict_shows_both_evidences(extractor):
    r = run(extractor, ("old.txt", PRE2019)).reports[0]
    assert r.template == "pre2019"
    [c] = r.conflicts
    assert c.id == "active.total" and (c.text.value, c.table_value) == (336, 517)
    [table] = c.table
    assert PRE2019[c.text.start : c.text.end] == c.text.raw == "336条"
    assert "主动公开政府信息" in c.text.before and c.text.source == "text"
    assert table.raw == "517" and table.source == "table" and "主动公开政府信息数" in table.before
    assert r.problems == 1 and not r.failed_rules


def test_prose_of_a_2021_report_is_checked_against_the_form_cells_of_the_same_fact(extractor):
    # 收到申请 is 表三's 本年新收 总计 (13); 行政诉讼 the sum of 表四's two 诉讼 blocks (0 + 0)
    text = report(prose="全年收到政府信息公开申请15件，行政诉讼2件。")
    r = run(extractor, ("a.txt", text)).reports[0]
    by_id = {c.id: c for c in r.conflicts}
    received, litigation = by_id["request.received"], by_id["litigation.total"]
    assert (received.text.value, received.table_value, [t.id for t in received.table]) == (
        15, 13, ["t3.new_received.total"]
    )  # fmt: skip
    assert "新收政府信息公开申请数量" in received.table[0].before and received.table[0].raw == "13"
    assert (litigation.text.value, litigation.table_value) == (2, 0)
    assert [t.id for t in litigation.table] == ["t4.litigation_direct.total", "t4.litigation_after_review.total"]
    md = render_md(run(extractor, ("a.txt", text)))
    assert "正文 **2** ≠ 表格 **0**" in md and md.count("【0】") >= 2
    # prose that agrees: no conflict
    assert not run(extractor, ("a.txt", report(prose="全年收到政府信息公开申请13件。"))).reports[0].conflicts


def test_the_report_text_is_escaped_in_the_html(extractor):
    html = render_html(run(extractor, ("old.txt", PRE2019)))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- several reports ---------------------------------------------------------------------------


def test_two_years_of_one_unit_with_a_carried_over_mismatch(extractor):
    over5 = {
        "carried_over": (T3["carried_over"][0], [5, 0, 0, 0, 0, 0, 5]),
        "carried_forward": (T3["carried_forward"][0], [5, 0, 0, 0, 0, 0, 5]),
    }
    got = run(
        extractor,
        ("2022.txt", report("某市某某区人民政府", 2022, rows=over5)),  # the same unit, its name in full
        ("2021.txt", report("某某区人民政府", 2021)),
    )
    assert [r.problems for r in got.reports] == [1, 0]  # this year's report (tables fine on their own)
    [unit] = got.units
    assert unit.years == [2021, 2022] and set(unit.names) == {"某市某某区人民政府", "某某区人民政府"}
    [check] = unit.carry_checks
    assert (check.from_year, check.to_year, check.status) == (2021, 2022, "fail")
    assert (check.carried_forward.value, check.carried_over.value) == (2, 5)
    assert check.carried_forward.id == "t3.carried_forward.total" and check.carried_over.id == "t3.carried_over.total"
    assert got.reports[0].counts.cross_year == 1 and got.reports[0].cross_year == [check]
    yoy = {row.key: [c.value for c in row.cells] for row in unit.yoy}
    assert yoy["requests"] == [13, 13] and yoy["review"] == [1, 1] and yoy["active"] == [336, 336]
    assert yoy["litigation"] == [0, 0]
    assert unit.yoy[0].cells[1].change == 0
    md = render_md(got)
    assert "不一致" in md and "2021 → 2022" in md


def test_matching_years_pass_and_other_units_are_not_compared(extractor):
    got = run(
        extractor,
        ("a21.txt", report("某某区人民政府", 2021)),
        ("a22.txt", report("某某区人民政府", 2022)),
        ("b22.txt", report("另一县人民政府", 2022)),
    )
    [unit] = got.units
    assert [c.status for c in unit.carry_checks] == ["pass"]
    assert sum(r.problems for r in got.reports) == 0


def test_batch_html_is_self_contained_sortable_and_tagged(extractor):
    got = run(extractor, ("a21.txt", report(year=2021)), ("a22.txt", report(year=2022)), ("old.txt", PRE2019))
    html = render_html(got)
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<script>" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) and "@import" not in html
    assert 'id="summary-table"' in html and 'class="sortable"' in html and "addEventListener" in html
    assert html.count("<details>") >= 3 and 'class="entities"' in html  # displaCy, one per report
    assert all(f'href="#{row.anchor}"' in html for row in got.summary)
    data = json.loads(got.model_dump_json())
    assert [row["name"] for row in data["summary"]] == ["a21.txt", "a22.txt", "old.txt"]
    assert "tagged" not in json.dumps(data)  # the highlighted text is for the HTML only


def test_audit_takes_results_directly(extractor):
    text = report()
    got = audit([("x.txt", extractor.run(text, LEX))])
    assert got.reports[0].name == "x.txt" and got.summary[0].problems == 0


def test_findings_are_the_checks_cells_with_their_evidence(extractor):
    extraction = extractor.run(report(), LEX)
    upheld = next(i for i in extraction.indicators if i.id == "t4.review.upheld")
    upheld.value = 5  # the text prints 1: what the audit shows is what the check read
    extraction.checks = check_all(extraction.indicators)
    [f] = audit([("a.txt", extraction)]).reports[0].failed_rules
    assert (f.rule, f.table, f.where, f.where_label, f.left, f.right) == (
        "t4.block_sum", "t4", "review block", "“行政复议”栏", 5, 1
    )  # fmt: skip
    assert f.cells[0] == RuleCell(
        id="t4.review.upheld",
        label="行政复议 / 结果维持",
        value=5,
        raw="1",
        start=upheld.start,
        end=upheld.end,
        side="left",
    )


def test_sections_and_tables_are_the_extractions(extractor):
    extraction = extractor.run(report(), LEX)
    # "三、收到和处理…" stands in 表二's region: no section, but a numbered heading the audit finds it by
    r = audit_one("a.txt", extraction, "report-1")
    assert {s.key: s.status for s in r.sections}["requests"] == "found_in_text"
    extraction.numbered_headings = []
    next(t for t in extraction.tables if t.key == "t4").cells = []
    r = audit_one("a.txt", extraction, "report-1")
    assert {s.key: s.status for s in r.sections}["requests"] == "missing"
    assert {t.key: t.status for t in r.tables}["t4"] == "unread" and r.missing_tables == ["t4"]


# --- the HTTP API ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(default_tagger="lexicon", max_batch_items=3, max_text_chars=5000))) as c:
        yield c


def test_api_returns_json_by_default(client):
    body = {"items": [{"text": report(year=2021), "name": "a21.txt"}, {"text": report(year=2022)}]}
    response = client.post("/v1/audit", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    data = AuditReport.model_validate(response.json())
    assert [r.name for r in data.reports] == ["a21.txt", "报告2"]
    assert data.units[0].carry_checks[0].status == "pass"


@pytest.mark.parametrize(
    ("fmt", "media", "marker"), [("html", "text/html", "<!DOCTYPE html>"), ("md", "text/markdown", "## 汇总")]
)
def test_api_renders_html_and_markdown(client, fmt, media, marker):
    response = client.post("/v1/audit", json={"items": [{"text": report(skip=("problems",))}], "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media) and "charset=utf-8" in response.headers["content-type"]
    assert marker in response.text and "存在的主要问题及改进情况" in response.text


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_report_name_is_text_never_markup(client, fmt):
    name = "<img src=x onerror=alert(1)>.txt"
    response = client.post("/v1/audit", json={"items": [{"text": report(), "name": name}], "format": fmt})
    assert response.status_code == 200, response.text
    assert "<img" not in response.text and "&lt;img src=x onerror=alert(1)&gt;" in response.text


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"items": []}, 422, "invalid_input"),
        ({"items": [{"text": "   "}]}, 422, "invalid_input"),
        ({"items": [{"text": "x"}], "format": "pdf"}, 422, "invalid_input"),
        ({"items": [{"text": "x"}] * 4}, 413, "too_many_items"),
        ({"items": [{"text": "x" * 5001}]}, 413, "text_too_large"),
    ],
)
def test_api_errors(client, body, status, code):
    response = client.post("/v1/audit", json=body)
    assert response.status_code == status and response.json()["error"]["code"] == code


def test_api_error_on_bad_json_and_media_type(client):
    response = client.post("/v1/audit", content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_json"
    response = client.post("/v1/audit", content=b"text", headers={"content-type": "text/plain"})
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_media_type"
    response = client.get("/v1/audit")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


# --- the command line --------------------------------------------------------------------------


def test_cli_audit_writes_each_format(tmp_path, monkeypatch, extractor):
    monkeypatch.setattr(pipeline, "get_extractor", lambda: extractor)
    files = []
    for year in (2021, 2022):
        path = tmp_path / f"r{year}.txt"
        path.write_text(report(year=year), encoding="utf-8")
        files.append(str(path))
    runner = CliRunner()
    result = runner.invoke(cli_app, ["audit", *files, "--out", str(tmp_path / "a.html"), "--tagger", "lexicon"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(cli_app, ["audit", *files, "--format", "json", "--out", str(tmp_path / "a.out")])
    assert result.exit_code == 0, result.output
    assert AuditReport.model_validate_json((tmp_path / "a.out").read_text(encoding="utf-8")).units
    result = runner.invoke(cli_app, ["audit", files[0]])
    assert result.exit_code == 0 and "## 汇总" in result.stdout
    result = runner.invoke(cli_app, ["audit", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2


# --- the real corpus (slow) ----------------------------------------------------------------------

CORPUS = SETTINGS.corpus_dir
REPORTS = sorted((CORPUS / "raw").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not REPORTS, reason="../shared/corpus is not here")


@pytest.fixture(scope="module")
def corpus_audit(extractor) -> AuditReport:
    return run(extractor, *[(p.name, p.read_text(encoding="utf-8")) for p in REPORTS])


def _by_name(got: AuditReport) -> dict:
    return {r.name: r for r in got.reports}


@pytest.mark.slow
@needs_corpus
def test_corpus_findings(corpus_audit):
    reports = _by_name(corpus_audit)

    def conflicts(name):
        return {(c.id, c.text.value, c.table_value) for c in reports[name].conflicts}

    assert ("active.total", 1913, 739) in conflicts("fujian-pingtan-syq-2012.txt")
    assert ("active.total", 4970, 72804) in conflicts("fujian-pingtan-syq-2013.txt")
    hongze = reports["jiangsu-huaian-hongzequ-gov-2023.txt"].failed_rules
    assert {(f.rule, f.where) for f in hongze} >= {
        ("t4.block_sum", "review block"), ("t4.block_sum", "litigation_after_review block")
    }  # fmt: skip
    review = next(f for f in hongze if f.where == "review block")
    assert review.table_name.startswith("表四") and (review.left, review.right) == (11, 0)
    for clean in ("jiangsu-huaian-city-gov-2024.txt", "fujian-pingtan-syq-2021.txt"):
        assert not reports[clean].failed_rules, clean
    for r in corpus_audit.reports:  # not_assessable is never a finding
        assert all(f.rule != "text_vs_table" for f in r.failed_rules)
        assert r.problems == r.counts.total


@pytest.mark.slow
@needs_corpus
def test_corpus_cross_year_over_the_pingtan_series(corpus_audit):
    unit = next(u for u in corpus_audit.units if u.unit == "平潭综合实验区")
    assert {2019, 2021, 2022, 2024, 2025} <= set(unit.years)
    checks = {(c.from_year, c.to_year): c for c in unit.carry_checks}
    assert checks[(2021, 2022)].status == "pass" and checks[(2021, 2022)].carried_over.value == 1
    assert (2024, 2025) in checks
    assert {"requests", "review"} <= {row.key for row in unit.yoy}
    md = render_md(corpus_audit)
    assert "2021 → 2022" in md


@pytest.mark.slow
@needs_corpus
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is not installed")
def test_corpus_batch_html_screenshot(corpus_audit, tmp_path):
    page = tmp_path / "audit.html"
    page.write_text(render_html(corpus_audit), encoding="utf-8")
    png = tmp_path / "audit.png"
    subprocess.run(
        [
            "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", f"--screenshot={png}", "--window-size=1280,2400", page.as_uri(),
        ],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert png.is_file() and png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
