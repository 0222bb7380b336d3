"""Tests for service.xorder: the column order of the pieces ``pdftotext -layout`` starts."""

import re

from service.digitruns import placements
from service.xorder import XOrder

LABELS = ["自然人", "商业企业", "科研机构", "总计"]


def _layout(lines: list[list[tuple[int, str]]]) -> str:
    out = []
    for words in lines:
        line = ""
        for col, word in words:
            line = line.ljust(col) + word
        out.append(line)
    return "\n".join(out)


def _rows(text: str, first: int) -> list[list[tuple[str, int]]]:
    """The numbers of each line from ``first`` on, as (text, start) tokens."""
    lines = text.split("\n")
    at = sum(len(line) + 1 for line in lines[:first])
    out = []
    for line in lines[first:]:
        out.append([(m.group(), at + m.start()) for m in re.finditer(r"\d+", line)])
        at += len(line) + 1
    return out


def _order(text: str, first: int, breaks: tuple[int, ...] = ()) -> tuple[XOrder, list[list[tuple[str, int]]]]:
    """The order of ``text``'s rows from line ``first`` on, its pages ending at ``breaks`` and at the
    text's end (pdftotext ends every page with a form feed)."""
    rows = _rows(text, first)
    header_end = sum(len(line) + 1 for line in text.split("\n")[:first])
    spans = [[(s, s + len(t)) for t, s in row] for row in rows]
    return XOrder(text, (*breaks, len(text)), spans, (0, header_end), LABELS), rows


HEADER = [[(20, "自然"), (26, "商业"), (32, "科研"), (38, "总计")], [(21, "人"), (26, "企业"), (32, "机构")]]
#: three rows under HEADER, each value starting where its column's header piece does
UNDER = [[(2, "甲"), (20, "5"), (38, "5")], [(2, "乙"), (26, "3"), (38, "3")], [(2, "丙"), (32, "2"), (38, "2")]]


def _sums(row: list[tuple[str, int]]) -> list:
    return placements(row, 4, check=lambda v: sum(v[:-1]) == v[-1])


def test_a_value_starting_left_of_a_columns_header_piece_is_in_no_column_right_of_it():
    order, rows = _order(_layout([*HEADER, *UNDER]), 2)
    assert order.applies  # the three totals stand at one place
    cands = [_sums(row) for row in rows]
    assert [len(c) for c in cands] == [3, 3, 3]  # the sums leave each value in any of three columns
    pruned = order.prune(cands)
    assert pruned is not None
    # 3 and 2, starting where 商业 and 科研 do, are in no column right of theirs; they may be in the
    # column left of it (next test)
    assert [[s.values for s in row] for row in pruned] == [
        [[5, 0, 0, 5]],
        [[3, 0, 0, 3], [0, 3, 0, 3]],
        [[0, 2, 0, 2], [0, 0, 2, 2]],
    ]


def test_a_header_squeezed_left_of_its_columns_values_bounds_no_value_left_of_its_column():
    # pdftotext printed a 表三 header 2 to 4 characters left of its columns' values: 企业 starts where,
    # and before, 自然人's values end or start (synthetic values)
    header = [[(25, "自然"), (35, "科研")], [(26, "人 商业")], [(28, "企业"), (35, "机构")], [(42, "总计")]]
    rows = [
        [(2, "甲甲甲甲甲甲"), (27, "17 1"), (46, "18")],
        [(2, "乙乙乙乙乙乙乙"), (28, "5"), (46, "5")],
        [(2, "丙丙丙"), (32, "2"), (46, "2")],
    ]
    order, toks = _order(_layout([*header, *rows]), 4)
    assert order.applies
    assert [(p.x, p.lo) for p in order.header] == [(25, 0), (35, 2), (26, 0), (28, 1), (35, 2), (42, 3)]
    pruned = order.prune([_sums(row) for row in toks])
    assert pruned is not None
    # 17 may be 自然人's though 企业 starts before it ends, and 5 though 企业 starts where it does (17 and 1,
    # one space apart, stand in neighbouring columns: next test)
    assert [s.values for s in pruned[0]] == [[17, 1, 0, 18], [0, 17, 1, 18]]
    assert [s.values for s in pruned[1]] == [[5, 0, 0, 5], [0, 5, 0, 5]]


def test_values_one_space_apart_stand_in_neighbouring_columns_but_before_the_total():
    # a layout text parts the values of neighbouring columns by one space and blank columns by more (on the
    # dev and synthetic renderings with zeros left blank, pdftotext -layout: 190 pairs not ending at the
    # 总计, all neighbours; pypdf's layout mode: 36); a narrow blank 其他 column before the 总计 left one space
    # ("38    1      2 41"). Used where the values are spaced so, whether or not the text marks its pages
    labels = ["自然人", "商业企业", "科研机构", "社会公益组织", "总计"]

    def pruned(rows: list[list[tuple[int, str]]]) -> tuple[XOrder, list[list[list]]]:
        text = _layout([[(20, "自然"), (26, "商业"), (32, "科研"), (38, "社会"), (44, "总计")], *rows])
        toks = _rows(text, 1)
        spans = [[(s, s + len(t)) for t, s in row] for row in toks]
        order = XOrder(text, (), spans, (0, text.index("\n")), labels)
        cands = [placements(row, 5, check=lambda v: sum(v[:-1]) == v[-1]) for row in toks]
        kept = order.prune(cands)
        assert kept is not None
        return order, [sorted(s.values for s in row) for row in kept]

    # 3 1: neighbours; 1 5: the pair ending at the total
    order, kept = pruned([[(2, "甲"), (20, "3 1"), (38, "1 5")], [(2, "乙"), (20, "4"), (44, "4")]])
    assert order.spaced and not order.applies
    assert kept[0] == [[0, 3, 1, 1, 5], [3, 1, 0, 1, 5], [3, 1, 1, 0, 5]]  # not 3/_/1/1/5
    # values one space apart everywhere (pdfplumber's text): the spacing says nothing
    order, kept = pruned([[(2, "甲"), (20, "3 1 1 5")], [(2, "乙"), (20, "4 4")]])
    assert not order.spaced and len(kept[0]) == 4


def test_the_order_is_not_used_where_the_row_totals_do_not_stand_at_one_place():
    # runs of spaces after each label, not columns: the totals stand wherever the labels end
    text = _layout(
        [
            *HEADER,
            [(2, "甲"), (6, "5"), (9, "5")],
            [(2, "乙乙乙乙"), (12, "3"), (16, "3")],
            [(2, "丙丙"), (9, "2"), (12, "2")],
        ]
    )
    order, _ = _order(text, 2)
    assert not order.applies


def _unmarked(lines: list[list[tuple[int, str]]]) -> tuple[XOrder, list[list[tuple[str, int]]]]:
    """The order of a text with no page marks (pypdf's layout mode), its header the first two lines."""
    text = _layout(lines)
    rows = _rows(text, 2)
    header_end = sum(len(line) + 1 for line in text.split("\n")[:2])
    return XOrder(text, (), [[(s, s + len(t)) for t, s in row] for row in rows], (0, header_end), LABELS), rows


def test_a_text_with_no_page_marks_shows_its_pages_where_the_totals_move():
    # the totals at one place, under the header's 总计: one page
    order, rows = _unmarked([*HEADER, *UNDER])
    assert order.applies and order.header
    # the last row three characters right: a page the text does not mark; its pieces are on another
    order, rows = _unmarked([*HEADER, *UNDER[:2], [(2, "丙"), (35, "2"), (41, "2")]])
    assert order.applies and order.header
    pages = [order.starts[s].page for row in rows for _, s in row]
    assert pages[:4] == [0] * 4 and pages[4:] == [1, 1]
    # a moved row whose total stands one space after its last value moves the page too (pypdf's layout
    # text prints "45 4 1 1 51" so; that row's pieces were held against the header of the page before)
    order, rows = _unmarked([*HEADER, *UNDER[:2], [(2, "丙"), (35, "2"), (39, "1 3")]])
    pages = [order.starts[s].page for row in rows for _, s in row if s in order.starts]
    assert pages == [0, 0, 0, 0, 1, 1]
    # all rows three characters right of the header's 总计: the header is on another page than they are
    order, _ = _unmarked([*HEADER, *[[(c + 3 if c > 2 else c, w) for c, w in row] for row in UNDER]])
    assert order.applies and order.header == []
    # totals that move at every row (pdftotext -layout, its form feeds removed): no page holds the order
    jitter = [[(2, f"行{i}"), (20, "1"), (38 + i % 2 * 2, "1")] for i in range(6)]
    order, _ = _unmarked([*HEADER, *jitter])
    assert not order.applies


def test_a_marked_page_whose_totals_move_keeps_the_order_on_either_side_of_the_move():
    # pdftotext -layout, right-aligned cells: a page's first rows printed 7 characters left of the rest,
    # whose totals stand at one place (at 38, then at 45): the order holds among the rows on either side
    moved = [[(2, label), (27 + i, "1"), (45, "1")] for i, label in enumerate("丁戊己")]
    text = _layout([*HEADER, *UNDER, *moved])
    order, rows = _order(text, 2)
    assert order.applies and order.header
    pages = [order.starts[s].page for row in rows for _, s in row]
    assert pages[:6] == [0] * 6 and pages[6:] == [1] * 6
    # rows set apart one at a time are no runs: the totals stand nowhere in particular
    order, _ = _order(_layout([*HEADER, *UNDER, moved[0], UNDER[0], moved[1]]), 2)
    assert not order.applies


def test_a_header_whose_pieces_break_the_order_among_themselves_places_nothing():
    # 商业 (second column) starting where 人 (first) does: the header's pieces are not where its columns are
    header = [[(20, "自然"), (38, "总计")], [(21, "人")], [(21, "商业")]]
    text = _layout(
        [
            *header,
            [(2, "甲"), (28, "5"), (38, "5")],
            [(2, "乙"), (28, "3"), (38, "3")],
            [(2, "丙"), (28, "2"), (38, "2")],
        ]
    )
    order, _ = _order(text, 3)
    assert order.header == []
    # nor a header naming one column only
    text = _layout([[(21, "人")], [(2, "甲"), (28, "5"), (38, "5")]])
    assert _order(text, 1)[0].header == []


def test_the_order_holds_within_a_page():
    rows = [[(2, "甲"), (29, "5"), (38, "5")], [(2, "乙"), (20, "3"), (38, "3")], [(2, "丙"), (32, "2"), (38, "2")]]
    text = _layout([*HEADER, *rows])
    order, toks = _order(text, 2)
    pruned = order.prune([_sums(row) for row in toks])
    assert pruned is not None and [s.values for s in pruned[0]] == [[0, 5, 0, 5], [0, 0, 5, 5]]  # after 商业's piece
    # the same rows on the page after the header's: only their own order counts, and 3, 5, 2 standing
    # left to right fit every reading of each (all three in one column, say)
    order, toks = _order(text, 2, breaks=(text.index("甲") - 1,))
    pruned = order.prune([_sums(row) for row in toks])
    assert pruned is not None and [len(row) for row in pruned] == [3, 3, 3]


def test_a_row_no_reading_of_which_keeps_the_order_leaves_it_unused():
    # two values of one row, both left of 自然人's header piece: the text does not keep the order
    rows = [
        [(2, "甲"), (12, "1"), (15, "1"), (38, "2")],
        [(2, "乙"), (26, "3"), (38, "3")],
        [(2, "丙"), (32, "2"), (38, "2")],
    ]
    order, toks = _order(_layout([*HEADER, *rows]), 2)
    assert order.applies and order.prune([_sums(row) for row in toks]) is None


def test_a_header_cell_over_several_columns_bounds_them_when_printed_whole():
    # a header cell 法人 over 商业企业 and 科研机构: a value starting right of it is in none of the
    # columns left of them (not 自然人's)
    header = [[(20, "自然人"), (28, "法人"), (38, "总计")]]
    rows = [[(20, "5"), (38, "5")], [(30, "3"), (38, "3")], [(2, "丙"), (33, "2"), (38, "2")]]
    text = _layout([*header, *rows])
    spans = [[(s, s + len(t)) for t, s in row] for row in _rows(text, 1)]
    order = XOrder(text, (len(text),), spans, (0, text.index("\n")), LABELS, [("法人", 1, 2)])
    assert order.applies and [(p.lo, p.hi) for p in order.header] == [(0, 0), (1, 2), (3, 3)]
    pruned = order.prune([_sums(row) for row in _rows(text, 1)])
    assert pruned is not None
    assert [s.values for s in pruned[1]] == [[0, 3, 0, 3], [0, 0, 3, 3]]  # right of 法人: not 自然人's
    # a part of it is no such bound: 法人或其他组织 printed whole is the cell, "法人" alone may be a wrap
    order = XOrder(text, (len(text),), spans, (0, text.index("\n")), LABELS, [("法人或其他组织", 1, 2)])
    assert [(p.lo, p.hi) for p in order.header] == [(0, 0), (3, 3)]


def test_a_value_starting_its_line_starts_a_piece():
    text = "12 3\n  4  5 6\n7"
    order = XOrder(text, (), [], (0, 0), LABELS)
    assert order._piece_start(3) is None  # "3": one space before it
    starts = [order._piece_start(text.index(c)) for c in "14567"]
    assert [p and (p.page, p.x, p.end, p.last_word) for p in starts] == [
        (0, 0, 4, "3"),  # the piece "12 3"
        (0, 2, 3, "4"),
        (0, 5, 8, "6"),
        None,
        (0, 0, 1, "7"),
    ]


def test_a_value_starting_left_of_where_a_value_piece_ends_is_in_no_column_right_of_its_last_word():
    # 4 starts after 商业's start and before 300 (商业企业's) ends: not in 科研机构's column
    rows = [[(2, "甲"), (26, "300"), (38, "300")], [(2, "乙"), (28, "4"), (38, "4")], UNDER[2]]
    order, toks = _order(_layout([*HEADER, *rows]), 2)
    pruned = order.prune([_sums(row) for row in toks])
    assert pruned is not None and [s.values for s in pruned[1]] == [[0, 4, 0, 4]]
    # a header word's end is no such bound: Chinese text may end further right on the page than in
    # the text (a value right of 上一年项目数量's column started before its end), so 4 starting
    # before 商业 ends may still be in 科研机构's column
    rows = [[(2, "甲"), (27, "4"), (38, "4")], UNDER[1], UNDER[2]]
    order, toks = _order(_layout([*HEADER, *rows]), 2)
    pruned = order.prune([_sums(row) for row in toks])
    assert pruned is not None and [s.values for s in pruned[0]] == [[0, 4, 0, 4], [0, 0, 4, 4]]


def test_a_header_word_naming_several_columns_names_those_that_keep_the_order_with_the_other_words():
    # 表四 prints 维持 and 总计 over each block: the 维持 starting left of 行政复议's cell names the first
    # block's column, and the other words follow from it
    labels = ["结果维持", "总计", "结果维持", "总计"]
    header = [[(6, "行政复议"), (30, "行政诉讼")], [(1, "维持"), (12, "总计"), (24, "维持"), (36, "总计")]]
    text = _layout([*header, [(0, "1"), (12, "1")]])
    rows = _rows(text, 2)
    spans = [[(s, s + len(t)) for t, s in row] for row in rows]
    groups = [("行政复议", 0, 1), ("行政诉讼", 2, 3)]
    # 表四's one row shows no order of its own: 表三 of the same text does
    order = XOrder(text, (len(text),), spans, (0, text.rindex("\n")), labels, groups, ordered=True)
    assert [(p.lo, p.hi) for p in order.header] == [(0, 1), (2, 3), (0, 0), (1, 1), (2, 2), (3, 3)]
    # "1 1" fits either block by the sums; starting left of the first 维持, it is the first block's
    cands = [placements(rows[0], 4, check=lambda v: v[0] == v[1] and v[2] == v[3])]
    assert [s.values for s in cands[0]] == [[1, 1, 0, 0], [0, 0, 1, 1]]
    pruned = order.prune(cands)
    assert pruned is not None and [s.values for s in pruned[0]] == [[1, 1, 0, 0]]
