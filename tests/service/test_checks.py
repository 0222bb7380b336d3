"""Every consistency rule of the spec: pass, fail and not_assessable."""

from service.catalog import get_catalog
from service.checks import check_all
from service.schema import Indicator

# the result rows of the 2019 form, as the catalog's rule states them (（六）其他处理 last)
_T3 = get_catalog().tables["t3"]
T3_RESULT_ROWS = tuple(r for r in get_catalog().rules["t3.results_sum"].left if "2019" in _T3.row(r).templates)

T3_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def ind(id_: str, value: float | None, source: str = "table", raw: str | None = None) -> Indicator:
    return Indicator(
        id=id_, label=id_, value=value, unit="件", source=source, raw=raw or str(value), start=0, end=1, confidence=1.0
    )  # type: ignore[arg-type]


def row(key: str, natural: int, total: int | None = None) -> list[Indicator]:
    vals = [natural, 0, 0, 0, 0, 0, natural if total is None else total]
    return [ind(f"t3.{key}.{c}", v) for c, v in zip(T3_COLS, vals)]


def statuses(checks, rule):
    return {c.where: c.status for c in checks if c.rule == rule}


def t3_table(granted=5, total=5, carried_forward=0):
    rows = row("new_received", 4) + row("carried_over", 1) + row("granted", granted)
    for key in (*T3_RESULT_ROWS[1:],):
        rows += row(key, 0)
    return rows + row("total", total) + row("carried_forward", carried_forward)


def test_t3_balance_and_results_sum_pass_on_a_consistent_table():
    checks = check_all(t3_table())
    assert set(statuses(checks, "t3.balance").values()) == {"pass"}
    assert set(statuses(checks, "t3.results_sum").values()) == {"pass"}
    assert set(statuses(checks, "t3.columns_sum").values()) == {"pass"}


def test_t3_balance_fails_and_names_the_cells():
    checks = check_all(t3_table(carried_forward=2))
    bal = [c for c in checks if c.rule == "t3.balance" and c.status == "fail"]
    assert bal and "carried_forward 2" in bal[0].detail and "natural_person column" in bal[0].detail


def test_t3_results_sum_fails():
    checks = check_all(t3_table(granted=4))
    assert statuses(checks, "t3.results_sum")["natural_person column"] == "fail"


def test_t3_columns_sum_fails_on_a_row():
    checks = check_all(row("new_received", 3, total=4))
    assert statuses(checks, "t3.columns_sum")["new_received row"] == "fail"


def test_blank_cells_make_a_rule_not_assessable_not_failed():
    indicators = t3_table()
    indicators = [i for i in indicators if i.id != "t3.carried_forward.total"] + [
        ind("t3.carried_forward.total", None, raw="")
    ]
    checks = check_all(indicators)
    assert statuses(checks, "t3.balance")["total column"] == "not_assessable"
    [total] = [c for c in checks if c.rule == "t3.balance" and c.where == "total column"]
    assert total.missing == ["t3.carried_forward.total"]
    assert total.to_schema().detail == "total column: missing t3.carried_forward.total"


def test_t4_block_sum():
    blocks = {
        "review": [10, 1, 0, 0, 0],
        "litigation_direct": [0, 0, 0, 0, 0],
        "litigation_after_review": [1, 0, 0, 1, 2],
    }
    cols = ("upheld", "corrected", "other", "pending", "total")
    checks = check_all([ind(f"t4.{b}.{c}", v) for b, vals in blocks.items() for c, v in zip(cols, vals)])
    assert statuses(checks, "t4.block_sum") == {
        "review block": "fail",
        "litigation_direct block": "pass",
        "litigation_after_review block": "pass",
    }


def test_pre2019_soft_rules():
    ok = [ind("request.received", 7), ind("request.received_online", 3), ind("request.received_letter", 4)]
    assert statuses(check_all(ok), "pre2019.channels") == {"applications by channel": "pass"}
    bad = [ind("request.answered", 5), ind("request.answered_granted", 3), ind("request.answered_partial", 1)]
    assert statuses(check_all(bad), "pre2019.answers") == {"answers by kind": "fail"}


def test_text_vs_table_conflict_names_both_values():
    checks = check_all([ind("active.total", 739), ind("active.total", 1913, source="text", raw="1913条")])
    conflict = [c for c in checks if c.rule == "text_vs_table"]
    assert conflict[0].status == "fail" and "1913" in conflict[0].detail and "739" in conflict[0].detail
    agree = check_all([ind("active.total", 739), ind("active.total", 739, source="text")])
    assert [c.status for c in agree if c.rule == "text_vs_table"] == ["pass"]


def test_a_check_keeps_the_cells_it_read_with_their_values_and_evidence():
    indicators = t3_table(carried_forward=2)
    [bal] = [c for c in check_all(indicators) if c.rule == "t3.balance" and c.where == "natural_person column"]
    assert (bal.status, bal.table, bal.per) == ("fail", "t3", "column")
    assert [(c.id, c.value) for c in bal.left] == [
        ("t3.new_received.natural_person", 4),
        ("t3.carried_over.natural_person", 1),
    ]
    assert [(c.id, c.value) for c in bal.right] == [
        ("t3.total.natural_person", 5),
        ("t3.carried_forward.natural_person", 2),
    ]
    by_id = {i.id: i for i in indicators}
    assert all(c.evidence is by_id[c.id] for c in bal.cells)
    # the JSON's check is its serialisation
    check = bal.to_schema()
    assert (
        check.detail == "natural_person column: new_received 4 + carried_over 1 = 5 ≠ total 5 + carried_forward 2 = 7"
    )
    assert (check.where, check.left, check.right) == (
        "natural_person column",
        [c.id for c in bal.left],
        [c.id for c in bal.right],
    )


def test_text_vs_table_keeps_both_values_with_their_evidence():
    text, table = ind("active.total", 1913, source="text", raw="1913条"), ind("active.total", 739)
    [check] = [c for c in check_all([table, text]) if c.rule == "text_vs_table"]
    assert [(c.value, c.evidence) for c in check.left] == [(1913, text)]
    assert [(c.value, c.evidence) for c in check.right] == [(739, table)]


def test_a_rule_with_a_missing_cell_fails_where_the_cells_it_has_already_exceed_the_other_side():
    # a row the text did not let us read (None) hid that 表三's 总计 says 3 where 予以公开 alone makes 5:
    # the counts can only add, so the equation fails whatever the missing cell holds
    indicators = [i for i in t3_table(granted=5, total=3) if i.id != "t3.partial.natural_person"]
    [results] = [c for c in check_all(indicators) if c.rule == "t3.results_sum" and c.where == "natural_person column"]
    assert results.status == "fail" and results.missing == ["t3.partial.natural_person"]
    assert "partial ? (0)" in results.detail and "= 5 ≠ total 3" in results.detail  # its row's 总计 is 0
    unbounded = [i for i in indicators if i.id != "t3.partial.total"]
    [results] = [c for c in check_all(unbounded) if c.rule == "t3.results_sum" and c.where == "natural_person column"]
    assert results.status == "fail" and "partial ? +" in results.detail and "= ≥ 5 ≠ total 3" in results.detail
    # where what it has does not exceed the other side the missing cell may make it hold: not assessable
    indicators = [
        i for i in t3_table(granted=2, total=3) if i.id not in ("t3.partial.natural_person", "t3.partial.total")
    ]
    assert statuses(check_all(indicators), "t3.results_sum")["natural_person column"] == "not_assessable"


def test_a_missing_cell_is_bounded_by_the_other_rules_and_a_rule_they_break_fails():
    # pdftotext printed rows' cells out of order (research 5 where the form has natural_person's) and a row
    # was not read: 表三's total column fixes that row's 总计 at 1 (8 less the rest), which bounds its cells,
    # so the research column's results make at most 2 against a 总计 of 5, whatever the row holds
    def cells(key, natural=0, research=0):
        vals = dict(zip(T3_COLS, (natural, 0, research, 0, 0, 0, natural + research)))
        return [ind(f"t3.{key}.{c}", v) for c, v in vals.items()]

    indicators = cells("new_received", 3, 5) + cells("carried_over") + cells("partial", 3) + cells("total", 3, 5)
    indicators += cells("denied_state_secret", research=1) + cells("unable_not_held", 3) + cells("carried_forward")
    read = {"new_received", "carried_over", "partial", "total", "denied_state_secret", "unable_not_held"}
    indicators += [c for key in T3_RESULT_ROWS if key not in read | {"unable_needs_creation"} for c in cells(key)]
    [research] = [c for c in check_all(indicators) if c.rule == "t3.results_sum" and c.where == "research column"]
    assert research.status == "fail" and research.missing == ["t3.unable_needs_creation.research"]
    assert "unable_needs_creation ? (≤ 1)" in research.detail and "= 1 to 2 ≠ total 5" in research.detail
    # with a second row not read the bounds leave room for the equation to hold: not assessable
    indicators = [i for i in indicators if not i.id.startswith("t3.unable_not_held.")]
    assert statuses(check_all(indicators), "t3.results_sum")["research column"] == "not_assessable"


def test_text_vs_table_compares_prose_with_the_form_cells_that_state_the_same_fact():
    # 2019 on: "全年收到政府信息公开申请8件" is 表三's 本年新收 总计, another id (the catalog's same_as)
    checks = check_all([ind("t3.new_received.total", 4), ind("request.received", 8, source="text", raw="8件")])
    [check] = [c for c in checks if c.rule == "text_vs_table"]
    assert (check.status, check.where) == ("fail", "request.received")
    assert [(c.id, c.value) for c in check.right] == [("t3.new_received.total", 4)]
    assert check.detail == "request.received: text 8 ('8件' at 0) ≠ table t3.new_received.total 4"
    # 行政诉讼 in prose is the sum of 表四's two 诉讼 blocks (same_as_sum)
    litigation = [ind("t4.litigation_direct.total", 2), ind("t4.litigation_after_review.total", 1)]
    [check] = [
        c for c in check_all([*litigation, ind("litigation.total", 3, source="text")]) if c.rule == "text_vs_table"
    ]
    assert check.status == "pass" and [c.id for c in check.right] == [
        "t4.litigation_direct.total",
        "t4.litigation_after_review.total",
    ]
    assert "table t4.litigation_direct.total 2 + t4.litigation_after_review.total 1 = 3" in check.detail
    # a block not read: the sum is not known, nothing is compared
    partial = check_all([litigation[0], ind("litigation.total", 3, source="text")])
    assert not [c for c in partial if c.rule == "text_vs_table"]
