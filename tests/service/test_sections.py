"""Section headings: found in every layout real reports use, keyed to the form's six sections."""

from service.sections import build_sections, find_headings, heading_level, numbered_headings, section_key


def test_section_keys_of_the_form_and_its_variants():
    assert section_key("一、总体情况") == "overview"
    assert section_key("二、主动公开政府信息情况") == "active_disclosure"
    assert section_key("三、收到和处理政府信息公开申请情况") == "requests"
    assert section_key("四、政府信息公开行政复议、行政诉讼情况") == "review_litigation"
    assert section_key("五、存在的主要问题及改进情况") == "problems"
    assert section_key("六、其他需要报告的事项") == "other_matters"
    assert section_key("（一）予以公开") is None


def test_headings_on_their_own_lines_but_not_table_rows_or_sentences():
    # normalised text: half-width brackets
    text = (
        "一、总体情况\n本年度工作有序推进。\n(一)主动公开\n2.其他法律行政法规禁止公开\n"
        "三、本年度办理结果，依法依规答复了全部申请并按时办结。\n## 五、存在的主要问题及改进情况\n"
    )
    found = [text[s:e] for s, e in find_headings(text)]
    assert found == ["一、总体情况", "(一)主动公开", "五、存在的主要问题及改进情况"]  # no table row, no sentence


def test_levels_and_keys_of_built_sections():
    text = "二、主动公开政府信息情况\n(一)规章\n"
    sections = build_sections(text, find_headings(text))
    assert [(s.heading, s.level, s.key) for s in sections] == [
        ("二、主动公开政府信息情况", 1, "active_disclosure"),
        ("(一)规章", 2, None),
    ]
    assert heading_level("## 一、总体情况") == 1


def test_numbered_headings_glued_into_crawler_text_are_still_found():
    text = "…其他0000000四、政府信息公开行政复议、行政诉讼情况行政复议结果维持…五、存在的主要问题及改进情况…"
    keys = {s.key: text[s.start : s.end] for s in numbered_headings(text)}
    assert keys["review_litigation"].startswith("四、政府信息公开行政复议")
    assert keys["problems"].startswith("五、存在的主要问题")
