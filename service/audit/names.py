"""What the audit calls things, in Chinese: tables, sections, rules, cells, statuses and numbers."""

from __future__ import annotations

from service.catalog import Catalog, get_catalog
from service.checks import TEXT_VS_TABLE, RuleCheck

Number = int | float

TABLE_NAMES: dict[str, str] = {
    "t2": "表二 主动公开政府信息情况",
    "t3": "表三 收到和处理政府信息公开申请情况",
    "t4": "表四 政府信息公开行政复议、行政诉讼情况",
    "general": "统计表（政府信息公开情况统计表）",
}
TABLE_SHORT: dict[str, str] = {"t2": "表二", "t3": "表三", "t4": "表四", "general": "统计表"}

SECTION_NAMES: dict[str, str] = {
    "overview": "总体情况",
    "active_disclosure": "主动公开政府信息情况",
    "requests": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other_matters": "其他需要报告的事项",
}
SIX_SECTIONS = tuple(SECTION_NAMES)
#: 2008 条例 第三十二条: the old reports must state these (an 概述 is customary, not required).
PRE2019_SECTIONS = ("active_disclosure", "requests", "review_litigation", "problems", "other_matters")

CROSS_YEAR_CARRIED_OVER = "cross_year.carried_over"
#: the forms' rules mean what the catalog says; the audit adds its own two
RULE_MEANINGS: dict[str, str] = {
    **{r.id: r.meaning for r in get_catalog().rules.values()},
    TEXT_VS_TABLE: "正文所述数字与表格中同一指标（或表格中表述同一事项的单元格之和）的数字一致",
    CROSS_YEAR_CARRIED_OVER: "本年表三“二、上年结转政府信息公开申请数量”总计"
    "等于上一年度报告表三“四、结转下年度继续办理”总计",
}
SOFT_RULES = frozenset(r.id for r in get_catalog().rules.values() if r.soft)
#: what a rule stated once sums, for the rules over the pre-2019 统计表
ONCE_WHERE = {"pre2019.channels": "按渠道统计的申请数", "pre2019.answers": "按类型统计的答复数"}

STATUS_NAMES = {"pass": "一致", "fail": "不一致", "not_assessable": "无法核验"}
ROW_REASONS = {
    "not_found": "未检出该行",
    "all_blank": "整行空白或为“/”（见上方空白单元格）",
    "unread": "原文中该行后似有数字，但未能自动读取，请人工核对（不计为问题）",
}


def row_label(catalog: Catalog, table: str, row: str) -> str:
    return catalog.tables[table].row(row).label


def column_label(catalog: Catalog, table: str, column: str) -> str:
    label: str = catalog.tables[table].columns[column]["label"]
    return "法人或其他组织·其他" if (table, column) == ("t3", "other_org") else label


def cell_label(catalog: Catalog, cid: str) -> tuple[str, str, str, str]:
    """(row key, row label, column key, column label) of a cell id."""
    d = catalog.indicators.get(cid)
    if d is not None and d.table and d.row and d.column:
        return d.row, row_label(catalog, d.table, d.row), d.column, column_label(catalog, d.table, d.column)
    label = d.label if d is not None else cid
    return cid, label, "year", "本年"


def cell_name(catalog: Catalog, cid: str) -> str:
    _, row, _, col = cell_label(catalog, cid)
    return f"{row} / {col}" if col != "本年" else row


def check_table(check: RuleCheck) -> str:
    """The table a rule's cells are in: the form table it holds in, else (the pre-2019 rules) the 统计表."""
    return check.table or "general"


def where_label(catalog: Catalog, check: RuleCheck) -> str:
    """Where in its table an equation holds: “自然人”列, “行政复议”栏, “本年新收…”行."""
    if check.per == "once":
        return ONCE_WHERE.get(check.rule, check.where)
    d = catalog.indicators[check.cells[0].id]
    assert d.table is not None and d.row is not None and d.column is not None
    if check.per == "column":
        return f"“{column_label(catalog, d.table, d.column)}”列"
    return f"“{row_label(catalog, d.table, d.row)}”{'栏' if check.per == 'block' else '行'}"


def fmt_number(v: Number | None) -> str:
    """A number as the report prints it: 3.0 as 3, a missing one as —."""
    if v is None:
        return "—"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:g}"
    return str(v)
