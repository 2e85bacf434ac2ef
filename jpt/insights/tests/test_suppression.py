"""Small-cell suppression (``jpt.insights.suppression``): a pure function, tested as a reader
would attack its output.

``feasible_values`` is the attacker: given what a table shows (the counts not hidden, the
totals not hidden, "<5" meaning 1 to 4 and "×" meaning 0 or at least 5), it enumerates every
table consistent with it and returns, for each hidden cell, the values it could have. A
suppression holds when every hidden count has at least two.
"""

from __future__ import annotations

import random

import pytest

from jpt.insights import suppression
from jpt.insights.suppression import COMPLEMENT, SMALL, suppress_table, suppress_vector

# --------------------------------------------------------------------------------------------
# The attacker
# --------------------------------------------------------------------------------------------


def _domain(mark, cap):
    if mark == SMALL:
        return range(1, 5)
    return [0, *range(5, cap + 1)]


def feasible_values(
    cells, result, *, cap=None, exhaustive=False
) -> dict[tuple[int, int], set[int]]:
    """For each hidden cell (i, j): the values it takes in tables that show exactly what
    ``result`` shows (every one if ``exhaustive``, else until each has two). Hidden margins
    only constrain by their domain."""
    rows, cols = len(cells), len(cells[0])
    grand = sum(map(sum, cells))
    cap = cap if cap is not None else (grand if result.total is None else 2 * grand + 10)
    row_totals = [sum(row) for row in cells]
    col_totals = [sum(cells[i][j] for i in range(rows)) for j in range(cols)]
    hidden = [(i, j) for i in range(rows) for j in range(cols) if result.cells[i][j]]
    seen: dict[tuple[int, int], set[int]] = {pos: set() for pos in hidden}
    grid = [[None if result.cells[i][j] else cells[i][j] for j in range(cols)] for i in range(rows)]

    def margin_ok(value, mark, true_value):
        if mark is None:
            return value == true_value
        return value in _domain(mark, 10**9) if mark == SMALL else (value == 0 or value >= 5)

    def consistent(complete: bool) -> bool:
        for i in range(rows):
            known = sum(v for v in grid[i] if v is not None)
            if all(grid[i][j] is not None for j in range(cols)):
                if not margin_ok(known, result.row_totals[i], row_totals[i]):
                    return False
            elif result.row_totals[i] is None and known > row_totals[i]:
                return False  # a shown total bounds the row
        for j in range(cols):
            column = [grid[i][j] for i in range(rows)]
            known = sum(v for v in column if v is not None)
            if all(v is not None for v in column):
                if not margin_ok(known, result.col_totals[j], col_totals[j]):
                    return False
            elif result.col_totals[j] is None and known > col_totals[j]:
                return False
        if complete:
            return margin_ok(sum(map(sum, grid)), result.total, grand)
        return True

    def search(k: int) -> None:
        if not exhaustive and all(len(values) >= 2 for values in seen.values()):
            return
        if k == len(hidden):
            if consistent(True):
                for i, j in hidden:
                    seen[(i, j)].add(grid[i][j])
            return
        i, j = hidden[k]
        for value in _domain(result.cells[i][j], cap):
            grid[i][j] = value
            if consistent(False):
                search(k + 1)
        grid[i][j] = None

    search(0)
    return seen


def assert_protected(cells, result=None):
    result = result or suppress_table(cells)
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            if 0 < value < suppression.THRESHOLD:
                assert result.cells[i][j] == SMALL, (cells, i, j)
    for pos, values in feasible_values(cells, result).items():
        assert len(values) >= 2, f"{cells}: the hidden cell {pos} can only be {values}"
    return result


# --------------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------------


def test_nothing_hidden_when_every_count_is_five_or_more():
    result = suppress_table([[5, 12], [30, 7]])
    assert result.hidden == 0


def test_zero_is_shown():
    marks, total = suppress_vector([0, 9, 12])
    assert marks == (None, None, None)
    assert total is None


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_one_to_four_is_shown_as_less_than_five(small):
    marks, _total = suppress_vector([small, 0, 0, 40, 20])
    assert marks[0] == SMALL
    assert suppression.display(small, marks[0]) == "<5"


def test_the_worked_back_case_a_second_cell_is_hidden():
    """3 women and 14 men of 17: with "<5" alone, 17 − 14 gives the 3 back."""
    values = [3, 14]
    marks, total = suppress_vector(values)
    assert marks == (SMALL, COMPLEMENT)
    assert total is None  # the total stays: nothing can be worked back from it now
    # What a reader sees: "<5", "×", 17. Each hidden count could be several values.
    shown = [v for v, m in zip(values, marks, strict=True) if m is None]
    assert shown == []
    result = suppress_table([values])
    assert feasible_values([values], result, exhaustive=True) == {
        (0, 0): {1, 2, 3, 4},
        (0, 1): {13, 14, 15, 16},
    }


def test_the_complement_is_the_smallest_count_above_zero():
    """The least information lost: the smallest non-zero count, never a zero when there is
    one, and a cell before a total."""
    marks, total = suppress_vector([2, 0, 30, 9, 50])
    assert marks == (SMALL, None, None, COMPLEMENT, None)
    assert total is None


def test_a_small_total_is_hidden_too():
    marks, total = suppress_vector([3, 0, 0])
    assert marks == (SMALL, None, None)
    assert total == SMALL


def test_a_row_and_a_column_each_need_two():
    """The 2×2 case: one small count hides its row's and its column's partner, and the cell
    they share then needs hiding too, or it gives the partners back."""
    cells = [[3, 10], [8, 12]]
    result = assert_protected(cells)
    assert result.cells == ((SMALL, COMPLEMENT), (COMPLEMENT, COMPLEMENT))
    assert result.row_totals == (None, None)
    assert result.col_totals == (None, None)
    assert result.total is None


def test_no_line_keeps_a_single_hidden_count():
    cells = [[1, 7, 9], [6, 0, 11], [8, 2, 15]]
    result = assert_protected(cells)
    grid = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.col_totals, result.total])
    for line in [*grid, *zip(*grid, strict=True)]:
        assert sum(1 for mark in line if mark) != 1


def test_two_small_counts_pinned_by_their_total_are_not_left_alone():
    """4 and 4 of 8 (the rest shown): two "<5" adding up to 8 can only be 4 and 4."""
    values = [4, 4, 20]
    marks, _total = suppress_vector(values)
    assert marks == (SMALL, SMALL, COMPLEMENT)
    assert_protected([values])


def test_a_small_count_pinned_by_the_gap_of_its_complement():
    """1 and 5 hidden, 10 shown, 16 in all: "<5" + "×" = 6 with "×" 0 or ≥ 5 leaves only 1
    and 5. One more count is hidden."""
    values = [1, 5, 10]
    marks, _total = suppress_vector(values)
    assert marks == (SMALL, COMPLEMENT, COMPLEMENT)
    assert_protected([values])


def test_two_blocks_joined_by_one_cell_do_not_give_it_away():
    """Every line with two hidden counts is not enough: two 2×2 blocks of hidden counts
    joined by one hidden cell fix that cell (the rows of one block minus its columns). The
    linear-algebra check hides more."""
    values, lines = _table([[10, 20, 5, 30], [30, 10, 40, 6], [7, 25, 10, 20], [40, 8, 20, 10]])
    marks = dict.fromkeys([("c", 0, 0), ("c", 0, 1), ("c", 1, 0), ("c", 1, 1)], SMALL)
    marks.update(dict.fromkeys([("c", 2, 2), ("c", 2, 3), ("c", 3, 2), ("c", 3, 3)], SMALL))
    marks[("c", 1, 2)] = COMPLEMENT
    assert suppression._determined(values, lines, marks) == ("c", 1, 2)
    marks[("c", 1, 3)] = COMPLEMENT
    marks[("c", 2, 1)] = COMPLEMENT
    assert suppression._determined(values, lines, marks) is None


def test_suppression_never_leaves_a_hidden_count_that_can_be_worked_out():
    """Random small tables, each attacked by enumeration."""
    rng = random.Random(11)
    for _ in range(120):
        rows, cols = rng.randint(1, 3), rng.randint(1, 3)
        cells = [
            [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14]) for _c in range(cols)] for _r in range(rows)
        ]
        result = suppress_table(cells)
        hidden = sum(1 for row in result.cells for mark in row if mark)
        if hidden > 5:
            continue  # too many for the enumeration to be quick; the rules still ran
        assert_protected(cells, result)


def test_marks_and_display():
    assert suppression.display(3, SMALL) == "<5"
    assert suppression.display(30, COMPLEMENT) == "×"
    assert suppression.display(30, None) == "30"
    assert suppression.display(None, None) == "—"


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress_table([[-1, 2]])


def test_an_empty_table():
    result = suppress_table([])
    assert result.hidden == 0


def _table(cells):
    """The positions and lines ``suppress_table`` builds, for testing its helpers."""
    values, lines = {}, []
    rows, cols = len(cells), len(cells[0])
    for i in range(rows):
        for j in range(cols):
            values[("c", i, j)] = cells[i][j]
        values[("r", i)] = sum(cells[i])
        lines.append((tuple(("c", i, j) for j in range(cols)), ("r", i)))
    for j in range(cols):
        values[("k", j)] = sum(cells[i][j] for i in range(rows))
        lines.append((tuple(("c", i, j) for i in range(rows)), ("k", j)))
    values[("t",)] = sum(map(sum, cells))
    lines.append((tuple(("k", j) for j in range(cols)), ("t",)))
    lines.append((tuple(("r", i) for i in range(rows)), ("t",)))
    return values, lines
