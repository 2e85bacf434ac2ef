"""Small-cell suppression: no published figure may reveal fewer than five people.

A table of counts of people (team members by sex, survivors by age group, recipients of
material support...) is published with its row totals, column totals and grand total. Every
count from 1 to ``THRESHOLD - 1`` is shown as "<5" (*primary* suppression; 0 is shown: it
reveals nobody). A hidden count must not be recoverable from what is shown, so more cells are
hidden (*complementary* suppression, shown as "×") until none can be worked back:

1. each row and column (with its total) holds either no hidden count or at least two: one
   hidden count alone is its total minus the others;
2. no hidden count is pinned by the bounds a reader knows: a "<5" is 1 to 4, a "×" is 0 or
   at least 5 (it is not "<5"). Two "<5" summing to 8 are both 4; "<5" and "×" summing to 6
   are 1 and 5; and a row can narrow what a column allows (bounds propagated over every row
   and column until nothing changes);
3. no hidden count is fixed by the rows and columns taken together (exact linear algebra over
   the table's equations: two blocks of hidden counts joined by one cell give that cell away).

Complements are taken in the line that needs one: the smallest count above zero not yet
hidden (the least information lost), then a total, then a zero.

The module is pure (no Django): ``suppress_table`` and ``suppress_vector`` take counts and
return which are hidden and why; ``jpt.insights.presenter`` applies it to every table of
people before anything is shown, exported, charted or printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 5
SMALL = "small"  # shown as "<5"
COMPLEMENT = "complement"  # shown as "×"
COMPLEMENT_SIGN = "×"
INF = float("inf")

Mark = str | None


def small_label(threshold: int = THRESHOLD) -> str:
    return f"<{threshold}"


def display(value: int | None, mark: Mark, threshold: int = THRESHOLD) -> str:
    """What a count shows once suppressed."""
    if mark == SMALL:
        return small_label(threshold)
    if mark == COMPLEMENT:
        return COMPLEMENT_SIGN
    return "—" if value is None else str(value)


@dataclass(frozen=True)
class Suppressed:
    """Marks of a table: ``cells[i][j]``, ``row_totals[i]``, ``col_totals[j]``, ``total``;
    each None (shown), ``SMALL`` or ``COMPLEMENT``."""

    cells: tuple[tuple[Mark, ...], ...]
    row_totals: tuple[Mark, ...]
    col_totals: tuple[Mark, ...]
    total: Mark

    @property
    def hidden(self) -> int:
        marks = [m for row in self.cells for m in row]
        marks += [*self.row_totals, *self.col_totals, self.total]
        return sum(1 for m in marks if m)


# Positions: ("c", i, j) a cell, ("r", i) a row total, ("k", j) a column total, ("t",) the
# grand total. A line is (parts, whole): the parts add up to the whole.
Pos = tuple
Line = tuple[tuple[Pos, ...], Pos]


def suppress_table(cells: Sequence[Sequence[int]], *, threshold: int = THRESHOLD) -> Suppressed:
    """Suppress a table of counts of people published with its margins (see the module)."""
    rows = [list(row) for row in cells]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("Every row of a table has the same number of cells.")
    if any(value < 0 for row in rows for value in row):
        raise ValueError("Counts are never negative.")
    values: dict[Pos, int] = {}
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            values[("c", i, j)] = int(value)
        values[("r", i)] = sum(row)
    for j in range(width):
        values[("k", j)] = sum(row[j] for row in rows)
    values[("t",)] = sum(values[("r", i)] for i in range(len(rows)))

    lines: list[Line] = []
    for i in range(len(rows)):
        lines.append((tuple(("c", i, j) for j in range(width)), ("r", i)))
    for j in range(width):
        lines.append((tuple(("c", i, j) for i in range(len(rows))), ("k", j)))
    lines.append((tuple(("k", j) for j in range(width)), ("t",)))
    lines.append((tuple(("r", i) for i in range(len(rows))), ("t",)))
    lines = [line for line in lines if line[0]]

    marks = _suppress(values, lines, threshold)
    return Suppressed(
        cells=tuple(tuple(marks.get(("c", i, j)) for j in range(width)) for i in range(len(rows))),
        row_totals=tuple(marks.get(("r", i)) for i in range(len(rows))),
        col_totals=tuple(marks.get(("k", j)) for j in range(width)),
        total=marks.get(("t",)),
    )


def suppress_vector(
    values: Sequence[int], *, threshold: int = THRESHOLD
) -> tuple[tuple[Mark, ...], Mark]:
    """One row of counts and its total (women, men | all): the marks of each and of the total."""
    result = suppress_table([list(values)], threshold=threshold)
    return result.cells[0], result.row_totals[0]


# --------------------------------------------------------------------------------------------
# The procedure
# --------------------------------------------------------------------------------------------


def _suppress(values: dict[Pos, int], lines: list[Line], threshold: int) -> dict[Pos, str]:
    marks: dict[Pos, str] = {pos: SMALL for pos, value in values.items() if 0 < value < threshold}
    for _round in range(len(values) + 1):
        line = _line_with_one_hidden(lines, marks)
        if line is None:
            line = _line_of_leak(values, lines, marks, threshold)
        if line is None:
            return marks
        complement = _complement(line, values, marks)
        if complement is None:  # nothing left to hide in that line: nothing better to do
            return marks
        marks[complement] = COMPLEMENT
    return marks


def _members(line: Line) -> tuple[Pos, ...]:
    parts, whole = line
    return (*parts, whole)


def _line_with_one_hidden(lines: list[Line], marks: dict) -> Line | None:
    for line in lines:
        if sum(1 for pos in _members(line) if pos in marks) == 1:
            return line
    return None


def _complement(line: Line, values: dict, marks: dict) -> Pos | None:
    """The member of ``line`` to hide next: the smallest count above zero not hidden yet (a
    cell before a total), else a zero cell."""
    shown = [pos for pos in _members(line) if pos not in marks]
    if not shown:
        return None

    def rank(pos):
        value = values[pos]
        return (value == 0, pos[0] != "c", value, pos)

    return min(shown, key=rank)


def _line_of_leak(values: dict, lines: list[Line], marks: dict, threshold: int) -> Line | None:
    """A line through a hidden count that can be worked back (by the bounds in one line, or
    by all the lines together), or None."""
    leaked = _bounds_leak(values, lines, marks, threshold)
    if leaked is None:
        leaked = _determined(values, lines, marks)
    if leaked is None:
        return None
    for line in lines:
        if leaked in _members(line) and any(pos not in marks for pos in _members(line)):
            return line
    return None


# Bounds: what a reader knows of a hidden count, as a union of integer intervals, narrowed
# line by line until nothing changes (bounds propagation over the lines' sums).

Intervals = list[tuple[float, float]]
MAX_INTERVALS = 64


def _domain(mark: str, threshold: int) -> Intervals:
    if mark == SMALL:
        return [(1, threshold - 1)]
    return [(0, 0), (threshold, INF)]


def _negate(domain: Intervals) -> Intervals:
    return sorted((-hi, -lo) for lo, hi in domain)


def _merge(intervals) -> Intervals:
    merged: list[list[float]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    if len(merged) > MAX_INTERVALS:  # keep it small: the hull only widens what is possible
        return [(merged[0][0], merged[-1][1])]
    return [tuple(interval) for interval in merged]


def _sumset(a: Intervals, b: Intervals) -> Intervals:
    return _merge([(lo1 + lo2, hi1 + hi2) for lo1, hi1 in a for lo2, hi2 in b])


def _intersect(a: Intervals, b: Intervals) -> Intervals:
    out = []
    for lo1, hi1 in a:
        for lo2, hi2 in b:
            lo, hi = max(lo1, lo2), min(hi1, hi2)
            if lo <= hi:
                out.append((lo, hi))
    return _merge(out)


def _single(domain: Intervals) -> bool:
    return len(domain) == 1 and domain[0][0] == domain[0][1]


def _bounds_leak(values: dict, lines: list[Line], marks: dict, threshold: int) -> Pos | None:
    """A hidden count whose value the bounds pin down: each line's sum narrows what each of
    its hidden counts can be, given what the others can be, until nothing changes."""
    domains: dict[Pos, Intervals] = {pos: _domain(mark, threshold) for pos, mark in marks.items()}
    equations = []
    for parts, whole in lines:
        sign = dict.fromkeys(parts, 1)
        sign[whole] = -1
        hidden = [pos for pos in sign if pos in marks]
        if len(hidden) < 2:
            continue
        constant = -sum(sign[pos] * values[pos] for pos in sign if pos not in marks)
        equations.append(([(pos, sign[pos]) for pos in hidden], constant))
    for _pass in range(4 * len(marks) + 4):
        changed = False
        for members, constant in equations:
            for target, target_sign in members:
                others: Intervals = [(0, 0)]
                for pos, pos_sign in members:
                    if pos != target:
                        domain = domains[pos]
                        others = _sumset(others, domain if pos_sign == 1 else _negate(domain))
                # target_sign * x = constant - others
                possible = [(constant - hi, constant - lo) for lo, hi in others]
                if target_sign == -1:
                    possible = _negate(possible)
                narrowed = _intersect(domains[target], _merge(possible))
                if narrowed != domains[target]:
                    domains[target] = narrowed
                    changed = True
                if _single(narrowed):
                    return target
        if not changed:
            return None
    return None


# Linear algebra: a hidden count fixed by the table's equations taken together.


def _determined(values: dict, lines: list[Line], marks: dict) -> Pos | None:
    unknowns = sorted(marks)
    index = {pos: k for k, pos in enumerate(unknowns)}
    matrix: list[list[Fraction]] = []
    for parts, whole in lines:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for pos, coefficient in [*((p, 1) for p in parts), (whole, -1)]:
            if pos in index:
                row[index[pos]] += coefficient
            else:
                row[-1] -= coefficient * values[pos]
        if any(row[:-1]):
            matrix.append(row)
    pivots = _reduce(matrix, len(unknowns))
    free = set(range(len(unknowns))) - set(pivots.values())
    for row_index, column in pivots.items():
        if not any(matrix[row_index][c] for c in free):
            return unknowns[column]
    return None


def _reduce(matrix: list[list[Fraction]], width: int) -> dict[int, int]:
    """Reduce ``matrix`` in place to reduced row echelon form; {row: its pivot column}."""
    pivots: dict[int, int] = {}
    row = 0
    for column in range(width):
        found = next((r for r in range(row, len(matrix)) if matrix[r][column]), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        lead = matrix[row][column]
        matrix[row] = [value / lead for value in matrix[row]]
        for other in range(len(matrix)):
            if other != row and matrix[other][column]:
                factor = matrix[other][column]
                matrix[other] = [
                    a - factor * b for a, b in zip(matrix[other], matrix[row], strict=True)
                ]
        pivots[row] = column
        row += 1
        if row == len(matrix):
            break
    return pivots
