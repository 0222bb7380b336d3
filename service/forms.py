"""The official forms as a page or a spreadsheet lays them out, from the catalog (the one definition).

Per template, each table is a list of *groups*: consecutive rows that share one header of columns —
表三 is one grid, 表四 one grid of blocks, 表二 one group per item of 第二十条 (规章 and 规范性文件 share
theirs). The pre-2019 reports print no fixed form: their 统计表 is the general indicators, one group
per subject. The workbench (``GET /v1/forms``) and the Excel export read this, so a row added to the
catalog shows everywhere.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from service.audit.names import RULE_MEANINGS, TABLE_NAMES
from service.catalog import Catalog, get_catalog

#: the subjects of the general indicators, in the order a 统计表 prints them
GENERAL_GROUPS: dict[str, str] = {
    "active": "主动公开情况",
    "request": "依申请公开情况",
    "response": "答复情况",
    "fees": "收费及减免情况",
    "review": "行政复议",
    "litigation": "行政诉讼",
    "complaint": "申诉、举报",
    "meeting": "会议及活动",
    "org": "机构及人员",
}


def _groups(catalog: Catalog, table: str, template: str) -> list[dict[str, Any]]:
    t = catalog.tables[table]
    groups: list[dict[str, Any]] = []
    for row in (r for r in t.rows if template in r.columns):
        cols = row.columns[template]
        if not groups or [c["key"] for c in groups[-1]["columns"]] != list(cols):
            groups.append({"columns": [{"key": c, "label": t.columns[c]["label"]} for c in cols], "rows": []})
        cells = (
            [catalog.cell_id(table, row.key, c) for c in cols] if table != "t4" else [f"t4.{row.key}.{c}" for c in cols]
        )
        groups[-1]["rows"].append({"key": row.key, "label": row.label, "cells": cells})
    return groups


@lru_cache
def forms() -> dict[str, Any]:
    """``{"templates": {template: [table, ...]}, "rules": {rule id: meaning}}``; a table is
    ``{"key", "title", "unit", "groups": [{"columns": [{"key", "label"}], "rows": [{"key", "label",
    "cells": [indicator id per column]}]}]}``."""
    catalog = get_catalog()
    templates: dict[str, list[dict[str, Any]]] = {}
    for template in ("2019", "2021"):
        templates[template] = [
            {
                "key": key,
                "title": TABLE_NAMES[key],
                "unit": catalog.tables[key].unit,
                "groups": _groups(catalog, key, template),
            }
            for key in ("t2", "t3", "t4")
        ]
    year = [{"key": "year", "label": "本年"}]
    templates["pre2019"] = [
        {
            "key": "general",
            "title": TABLE_NAMES["general"],
            "unit": None,
            "groups": [
                {
                    "title": title,
                    "columns": year,
                    "rows": [{"key": g.id, "label": g.label, "cells": [g.id]} for g in members],
                }
                for group, title in GENERAL_GROUPS.items()
                if (members := [g for g in catalog.general if g.group == group])
            ],
        }
    ]
    return {"templates": templates, "rules": dict(RULE_MEANINGS)}


def layout(template: str) -> list[dict[str, Any]]:
    """The tables of a template; a report of unknown form is shown as the 2021 form (the current one)."""
    tables: list[dict[str, Any]] = forms()["templates"].get(template) or forms()["templates"]["2021"]
    return tables
