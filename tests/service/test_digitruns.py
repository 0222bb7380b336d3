"""Tests for service.digitruns: cutting flattened table digit runs back into cells."""

import itertools
import random
import re

import pytest

from service.digitruns import (
    ColumnEquation,
    ColumnRules,
    SplitLimitExceeded,
    count_splits,
    enumerate_splits,
    last_is_sum,
    placements,
    solve_row,
    solve_rows,
    solve_table,
)


def values(splits):
    return [s.values for s in splits]


def tok(*parts, start=0):
    """Tokens for a space-separated run, with offsets as in the source 'parts joined by spaces'."""
    out, pos = [], start
    for p in parts:
        out.append((p, pos))
        pos += len(p) + 1
    return out


# ---------------------------------------------------------------- single runs


def test_898989_most_plausible_is_equal_lengths_but_not_unique():
    splits = enumerate_splits([("898989", 0)], 3)
    assert len(splits) > 1
    assert splits[0].values == [89, 89, 89]
    assert splits[0].plausibility > splits[1].plausibility
    # ranking is monotone
    ps = [s.plausibility for s in splits]
    assert ps == sorted(ps, reverse=True)


def test_t3_row_sum_check_leaves_one_survivor():
    tokens = [("230", 120), ("000023", 124)]
    assert len(solve_row(tokens, 7)) > 1
    (only,) = solve_row(tokens, 7, check=last_is_sum)
    assert only.values == [23, 0, 0, 0, 0, 0, 23]
    assert all(isinstance(v, int) for v in only.values)


def test_all_zero_runs():
    (z7,) = enumerate_splits([("0000000", 5)], 7)
    assert z7.values == [0] * 7
    (z15,) = enumerate_splits([("000000000000000", 0)], 15)
    assert z15.values == [0] * 15
    (z15b,) = enumerate_splits(tok("000", "000000000000"), 15)
    assert z15b.values == [0] * 15
    assert enumerate_splits([("0000000", 0)], 6) == []  # "00" is never a cell


def test_leading_zero_rule():
    assert enumerate_splits([("0181", 0)], 1) == []
    assert values(enumerate_splits([("0181", 0)], 2)) == [[0, 181]]
    for s in enumerate_splits([("3960181", 0)], 3):
        for c in s.cells:
            assert c.text == "0" or not c.text.startswith("0")
    assert [396, 0, 181] in values(enumerate_splits([("3960181", 0)], 3))


def test_ambiguous_run_returns_all_alternatives():
    splits = solve_row([("3960181", 10)], 3)
    got = values(splits)
    assert len(got) == count_splits([("3960181", 10)], 3) > 1
    assert len({tuple(v) for v in got}) == len(got)
    assert [396, 0, 181] in got and [39, 60, 181] in got and [3960, 18, 1] in got


def test_decimal_stays_in_one_cell():
    splits = enumerate_splits([("13575394432.52", 0)], 2)
    assert [1357, 5394432.52] in values(splits)
    for s in splits:
        dotted = [c for c in s.cells if "." in c.text]
        assert len(dotted) == 1
        assert isinstance(dotted[0].value, float)
        assert all(not c.text.startswith(".") and not c.text.endswith(".") for c in s.cells)
    assert enumerate_splits([("1.5", 0)], 2) == []  # "1." | "5" and "1" | ".5" are not cells
    assert values(enumerate_splits([("0.5", 0)], 1)) == [[0.5]]


def test_year_and_cumulative():
    splits = solve_row([("294981916", 0)], 2, check=lambda v: v[1] >= v[0])
    assert splits[0].values == [2949, 81916]
    assert len(splits) > 1  # 294 | 981916 etc. also pass: still ambiguous, ranked second
    assert [29498, 1916] not in values(splits)


def test_a_minus_starts_a_negative_cell_only_when_allowed_and_is_never_dropped():
    assert enumerate_splits(tok("-5", "3"), 2) == []
    assert values(enumerate_splits(tok("-5", "3"), 2, allow_negative=True)) == [[-5, 3]]
    # 本年增/减 glued after 上一年项目数量: "12-3" is 12 | -3, never 12 | 3
    assert values(enumerate_splits([("12-3", 0)], 2, allow_negative=True)) == [[12, -3]]
    assert enumerate_splits([("12-3", 0)], 2) == []
    with pytest.raises(ValueError):
        enumerate_splits([("12a", 0)], 1)


def test_offsets_are_source_offsets():
    text = "一、本年新收政府信息公开申请数量230 000023二、"
    m = list(re.finditer(r"[0-9.]+", text))
    tokens = [(x.group(), x.start()) for x in m]
    (s,) = solve_row(tokens, 7, check=last_is_sum)
    for c in s.cells:
        assert text[c.start : c.end] == c.text
    assert [(c.start, c.end) for c in s.cells][:3] == [(16, 18), (18, 19), (20, 21)]
    (d,) = [x for x in enumerate_splits([("13575394432.52", 40)], 2) if x.values[0] == 1357]
    assert [(c.start, c.end) for c in d.cells] == [(40, 44), (44, 54)]


def test_tokens_each_yield_a_cell_and_cells_do_not_cross():
    assert enumerate_splits(tok("12", "34"), 1) == []
    got = values(enumerate_splits(tok("12", "34"), 3))
    assert sorted(got) == [[1, 2, 34], [12, 3, 4]]


def _brute(tokens, n, allow_negative=False):
    cell = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
    per_token = []
    for text, _ in tokens:
        opts = []
        for k in range(1, len(text) + 1):
            for cuts in itertools.combinations(range(1, len(text)), k - 1):
                bounds = (0, *cuts, len(text))
                parts = [text[a:b] for a, b in itertools.pairwise(bounds)]
                ok = all(cell.fullmatch(p) for p in parts)
                ok = ok and all(not p.startswith("-") for p in parts[1:])
                ok = ok and (allow_negative or not parts[0].startswith("-"))
                if ok:
                    opts.append(parts)
        per_token.append(opts)
    out = set()
    for combo in itertools.product(*per_token):
        flat = [p for parts in combo for p in parts]
        if len(flat) == n:
            out.add(tuple(flat))
    return out


def test_matches_brute_force():
    rng = random.Random(7)
    for _ in range(150):
        tokens = [
            ("".join(rng.choice("0001234.") for _ in range(rng.randint(1, 6))), 0) for _ in range(rng.randint(1, 3))
        ]
        n = rng.randint(1, 8)
        got = {tuple(c.text for c in s.cells) for s in enumerate_splits(tokens, n)}
        assert got == _brute(tokens, n), tokens
        assert count_splits(tokens, n) == len(got)


def test_cap_keeps_the_most_plausible_and_solve_row_refuses_to_truncate():
    tokens = [("123456789012", 0)]
    full = enumerate_splits(tokens, 4)
    assert len(full) == count_splits(tokens, 4) > 5
    capped = enumerate_splits(tokens, 4, max_splits=5)
    assert values(capped) == values(full[:5])
    # the best-first walk used for capped output ranks exactly like the full sort
    for text, n in [("3960181", 3), ("1000100101", 5), ("230000023", 7), ("10203040506070", 6)]:
        full = enumerate_splits([(text, 0)], n)
        for cap in (1, 3, len(full) - 1):
            assert values(enumerate_splits([(text, 0)], n, max_splits=cap)) == values(full[:cap])
    with pytest.raises(SplitLimitExceeded):
        solve_row(tokens, 4, max_splits=5)


# ---------------------------------------------------------------- tables

# rows: A, B, T with the column rule A + B == T (a miniature t3.balance)
RULE = ColumnRules((ColumnEquation.parts_equal_total([0, 1], [2], name="balance"),))


def test_column_rule_fixes_rows_that_are_ambiguous_alone():
    rows = [tok("1210"), tok("345"), tok("4615")]
    assert len(solve_row(rows[0], 3)) == 3 and len(solve_row(rows[2], 3)) == 3
    (combo,) = solve_rows(rows, 3, table_check=RULE)
    assert [s.values for s in combo] == [[1, 2, 10], [3, 4, 5], [4, 6, 15]]
    # the same answer from an opaque callable (no partial-sum pruning)
    (combo2,) = solve_rows(rows, 3, table_check=lambda t: RULE(t))
    assert [s.values for s in combo2] == [[1, 2, 10], [3, 4, 5], [4, 6, 15]]


def test_table_ambiguity_is_kept():
    # "1100" is 11|0|0 or 1|10|0; with B = 0|0|0 both readings balance against the same T
    rows = [tok("1100"), tok("000"), tok("1100")]
    combos = solve_rows(rows, 3, table_check=RULE)
    got = [[s.values for s in c] for c in combos]
    assert len(got) == 2
    assert [[11, 0, 0], [0, 0, 0], [11, 0, 0]] in got
    assert [[1, 10, 0], [0, 0, 0], [1, 10, 0]] in got
    assert len(solve_rows(rows, 3, table_check=RULE, beam=1)) == 1
    assert solve_rows(rows, 3) and len(solve_rows(rows, 3)) == 4  # no table rule: 2 x 1 x 2


def test_row_checks_and_per_row_widths():
    rows = [tok("230", "000023"), tok("1210")]
    combos = solve_rows(rows, [7, 3], row_check=[last_is_sum, None])
    assert len(combos) == 3
    assert all(c[0].values == [23, 0, 0, 0, 0, 0, 23] for c in combos)
    assert solve_rows([tok("999")], 7) == []


T3_ROWS = 25  # 2021 form: 0 new, 1 carried, 2..22 outcomes, 23 total, 24 carried forward


def _t3_rules():
    return ColumnRules(
        (
            ColumnEquation.parts_equal_total(range(2, 23), [23], name="t3.results_sum"),
            ColumnEquation.parts_equal_total([0, 1], [23, 24], name="t3.balance"),
        )
    )


def _random_t3(rng):
    """A consistent t3 table: sparse outcome rows, then totals derived so every rule holds."""
    table = [[0] * 7 for _ in range(T3_ROWS)]
    for r in rng.sample(range(2, 23), 6):
        for c in (0, 1, 5):
            if rng.random() < 0.6:
                table[r][c] = rng.choice([1, 2, 3, 5, 10, 12, 30, 101, 230])
    for c in range(6):
        table[23][c] = sum(table[r][c] for r in range(2, 23))
        table[24][c] = rng.choice([0, 0, 1, 4])
        table[1][c] = min(rng.choice([0, 0, 2]), table[23][c] + table[24][c])
        table[0][c] = table[23][c] + table[24][c] - table[1][c]
    for row in table:
        row[6] = sum(row[:6])
    return table


def _flatten(row, rng, start):
    """Digits of adjacent cells run together; a space survives between some cells only."""
    text = ""
    for i, v in enumerate(row):
        if i and rng.random() < 0.25:
            text += " "
        text += str(v)
    return [(m.group(), start + m.start()) for m in re.finditer(r"\S+", text)]


def test_t3_sized_table_is_solved_jointly():
    rng = random.Random(3)
    rules = _t3_rules()
    for _ in range(5):
        table = _random_t3(rng)
        assert rules(table) and all(last_is_sum(r) for r in table)
        rows = [_flatten(r, rng, 100 * i) for i, r in enumerate(table)]
        combos = solve_rows(rows, 7, row_check=last_is_sum, table_check=rules)
        got = [[s.values for s in c] for c in combos]
        assert table in got
        assert all(rules(t) for t in got)
        for combo in combos:
            for split, toks in zip(combo, rows):
                assert split.cells[0].start == toks[0][1]


def test_t3_sized_table_without_row_checks():
    """Without the 总计 row rule every row has hundreds of readings; the column rules alone
    must still find the table quickly (not a timed assert: the suite just has to stay fast)."""
    rng = random.Random(11)
    rules = _t3_rules()
    for _ in range(3):
        table = _random_t3(rng)
        rows = [_flatten(r, rng, 100 * i) for i, r in enumerate(table)]
        got = [[s.values for s in c] for c in solve_rows(rows, 7, table_check=rules)]
        assert table in got


def test_partial_sum_search_equals_exhaustive_search():
    rng = random.Random(5)
    rules = ColumnRules(
        (
            ColumnEquation.parts_equal_total([0, 1], [2], name="balance"),
            ColumnEquation(((3, 1), (2, -1), (3, 1)), columns=(0,), name="duplicate terms"),
        )
    )
    seen_ambiguous = False
    for _ in range(60):
        a = [rng.choice([0, 0, 1, 2, 10, 11, 20]) for _ in range(3)]
        b = [rng.choice([0, 1, 10]) for _ in range(3)]
        t = [x + y for x, y in zip(a, b)]
        x = [t[0] // 2 if t[0] % 2 == 0 else 0, rng.randint(0, 9), rng.randint(0, 9)]
        rows = [tok("".join(map(str, row))) for row in (a, b, t, x)]
        fast = solve_rows(rows, 3, table_check=rules)
        slow = solve_rows(rows, 3, table_check=lambda tb: rules(tb))
        assert [[s.values for s in c] for c in fast] == [[s.values for s in c] for c in slow]
        seen_ambiguous |= len(fast) > 1
    assert seen_ambiguous


def test_decimal_columns_use_a_tolerance():
    rules = ColumnRules((ColumnEquation.parts_equal_total([0, 1], [2]),))
    rows = [tok("0.1", "0.2"), tok("0.2", "0.1"), tok("0.3", "0.3")]
    (combo,) = solve_rows(rows, 2, table_check=rules)
    assert [s.values for s in combo] == [[0.1, 0.2], [0.2, 0.1], [0.3, 0.3]]


def test_bad_rules_are_reported():
    with pytest.raises(ValueError):
        solve_rows([tok("12")], 2, table_check=ColumnRules((ColumnEquation(((5, 1),)),)))


def test_a_table_of_many_open_parts_is_solved_with_its_total_chosen_first():
    # a 表三 with zero cells blank and every value in one column: twelve parts and their total, each
    # placeable in any of six columns; the parts' partial sums explode unless the total bounds them
    values = [2, 11, 1, 2, 1, 2, 2, 2, 2, 7, 1, 2]
    rows = [[(str(v), 10 * i)] for i, v in enumerate([*values, sum(values)])]
    cands = [placements(toks, 6) for toks in rows]
    total = len(values)
    rules = ColumnRules((ColumnEquation.parts_equal_total(list(range(total)), [total]),))
    combos = solve_table(cands, [6] * len(rows), table_check=rules, beam=64, max_states=2000)
    assert len(combos) == 6  # the same column for every row: which one the sums cannot tell
    assert all(len({s.cells.index(next(c for c in s.cells if not c.blank)) for s in combo}) == 1 for combo in combos)
