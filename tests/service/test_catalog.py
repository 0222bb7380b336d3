"""The catalog: forms, rows, rules and indicators defined once as data, and the look-ups every step uses."""

from service.catalog import get_catalog, without_fillers


def test_every_table_cell_is_an_indicator_and_every_rule_names_known_cells():
    cat = get_catalog()
    for table in ("t2", "t3", "t4"):
        assert table in cat.tables
    for template in ("pre2019", "2019", "2021"):
        for inst in cat.rule_instances(template):
            for cid in (*inst.left, *inst.right):
                assert cid in cat.indicators, (template, inst.rule.id, cid)


def test_the_form_follows_the_year():
    cat = get_catalog()
    assert cat.template_for_year(2015) == "pre2019"
    assert cat.template_for_year(2019) == "2019"
    assert cat.template_for_year(2024) == "2021"
    assert cat.template_for_year(None) is None


def test_row_labels_resolve_exactly_in_any_script_and_close_to_an_alias():
    cat = get_catalog()
    row = cat.resolve_row("t3", "（一）予以公开")
    assert row is not None and row.key == "granted"
    assert cat.resolve_row("t3", "(一)予以公開").key == "granted"  # traditional, half-width brackets
    assert cat.resolve_row("t3", "一本与表格无关的书") is None
    assert [g.id for g in cat.resolve_general_label("主动公开政府信息数")][:1] == ["active.total"]


def test_a_list_marker_printed_with_a_label_rules_out_the_rows_numbered_otherwise():
    cat = get_catalog()
    assert cat.resolve_row("t3", "3.其他").key == "other_other"
    assert cat.resolve_row("t3", "2.其他") is None  # the first line of a wrapped "2.其他法律行政法规禁止公开"
    assert cat.resolve_row("t3", "其他").key == "other_other"  # no marker printed: as before


def test_a_piece_of_one_rows_label_is_that_rows_not_the_row_a_short_alias_in_it_names():
    # 部分公开's parenthetical, tagged apart (printed one character a line), says 其他 but is no 3.其他
    cat = get_catalog()
    assert cat.resolve_row("t3", "区分处理的，只计这一情形，不计其他情形").key == "partial"
    assert cat.resolve_row("t3", "（六）其他处理").key == "other_handling"
    # however short the piece: "其他处", （六）其他处理's first line, is no 3.其他; nor is a model's span of it and
    # the next row's pieces ("其他处 期不补正、行政机关不⏎理 再处理其…申请": 1.申请人…'s values went to 3.其他)
    for label in ("其他处", "其他处 期不补正、行政机关不\n理 再处理其政府信息公开\n申请"):
        row = cat.resolve_row("t3", label)
        assert row is None or row.key != "other_other"
    assert cat.resolve_row("t3", "3.其他 ").key == "other_other"


def test_a_short_alias_with_another_cells_words_after_it_on_its_line_names_no_row():
    # markitdown printed （六）其他处理 and 1.申请人无正当理由逾期不补正…'s label side by side, a piece of each a
    # line, and the model tagged them as one span: 3.其他 took 1.申请人…'s values at 0.95
    cat = get_catalog()
    assert cat.resolve_row("t3", "其他 请人\n处理 无正\n当理\n由逾\n期不\n补\n正、\n行政") is None
    assert cat.resolve_row("t3", "其他 请人\n处理") is None
    assert cat.resolve_row("t3", "3.其他 \n").key == "other_other"  # a row so generic is named alone in its cell


def test_rule_instances_are_compiled_once_per_template():
    cat = get_catalog()
    assert cat.rule_instances("2021") is cat.rule_instances("2021")
    t3_columns = [i for i in cat.rule_instances("2021", "t3") if i.where.endswith("column")]
    assert t3_columns  # 表三's column rules, one equation per applicant column


def test_the_catalog_as_json_lists_ids_labels_units_and_cells():
    body = get_catalog().as_json()
    by_id = {d["id"]: d for d in body["indicators"]}
    assert by_id["t3.granted.total"]["table"] == "t3" and by_id["t3.granted.total"]["unit"]
    assert by_id["active.total"]["label"]


def test_a_prose_fragment_names_its_indicator_unless_the_text_before_it_is_another_word():
    cat = get_catalog()
    assert cat.resolve_prose("网站发布信息", "今年在").id == "active.website"  # "通过" left out
    assert cat.resolve_prose("众号发布信息", "在微信公").id == "active.wechat"
    # "“某区发布”公众号": one account, not the 微信公众号 the phrase names
    assert cat.resolve_prose("众号发布信息", "“某区发布”公") is None
    assert cat.resolve_prose("公众号发布信息", "通过“某区发布”") is None
    assert cat.resolve_prose("公众号发布信息", '通过"某区发布"') is None  # pandoc's Markdown quotes so
    assert cat.resolve_prose("公众号发布信息", "通过微信").id == "active.wechat"


def test_fillers_inside_a_prose_phrase_are_read_through_and_the_phrase_as_printed_otherwise():
    cat = get_catalog()
    assert without_fillers("门户网站共发布信息") == "门户网站发布信息"
    assert without_fillers("公共信息查阅点") == "公共信息查阅点"  # 公共 is a word, not 共
    assert without_fillers("门户网站共向社会公开各类信息") == "门户网站公开信息"
    assert cat.resolve_prose("政府网站公开各类政府信息").id == "active.website"  # not 公开各类政府信息 (total)
    assert cat.resolve_prose("全年公开各类信息").id == "active.total"  # only the printed phrase names it


def test_words_only_a_templates_rows_hold_tell_that_template():
    cat = get_catalog()
    words = cat.template_words("t3", "2021")
    assert {"逾期不补正", "按收费通知"} <= words
    shared = [r.label for r in cat.tables["t3"].rows if r.templates != ("2021",)]
    assert not [w for w in words if any(w in label for label in shared)]
    # a wrapped label's piece names every row whose label holds it
    assert [r.key for r in cat.piece_owners("t3", "行政机关不")] == ["other_no_correction", "other_unpaid_fee"]


def test_a_merged_group_cells_number_and_first_word_are_its_sub_rows_group_and_quotes_fold():
    cat = get_catalog()
    keys = {r.key for r in cat.tables["t3"].rows}
    assert all(set(rows) <= keys for rows in cat.tables["t3"].row_groups.values())
    assert cat.group_piece("t3", "denied_third_party", "（三）不")
    assert cat.group_piece("t3", "denied_third_party", "(三)")
    assert not cat.group_piece("t3", "unable_unclear", "（三）不")  # another group's
    assert not cat.group_piece("t3", "other_other", "（七）总")  # 总计 is a row of its own
    assert not cat.group_piece("t3", "denied_third_party", "不")  # no number: no group's cell
    # a text's curly quotes are the form's straight ones
    assert [r.key for r in cat.piece_owners("t3", "危及“三安全一稳定”")] == ["denied_three_safety"]
