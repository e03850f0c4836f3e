"""Which columns of an R page's '|' text the "N Months Ended" group texts span.

The text lists the group texts, then each column's lines, but not the spans (format
reference 2.2, 8.4 and A2). ``assign_groups`` reads them back by the renderer's own ordering.
"""

from __future__ import annotations

import datetime as dt

from kg.cells import parse_date, parse_group_months


def assign_groups(
    columns: list[tuple[str, ...]], groups: list[str]
) -> tuple[list[str | None], set[int]]:
    """Give the G group texts to the columns (format reference 2.2, 8.4 and A2).

    The renderer orders the columns: durations shorter than about two weeks (no group text),
    then the G groups in order, then the instants that did not merge (no group text). Within
    each part dates descend; an equal date continues only when the column's other labels
    differ. Of the ways to cut the columns so, the one chosen breaks the fewest of these, in
    order:

    * dates descend within each part;
    * within an "N Months Ended" group, dates lie a multiple of N or of 12 months apart
      (comparative periods; two weeks' slack for 52-53-week years);
    * an instant after the groups does not repeat a grouped column's lines (it would have
      merged into that column);
    * a group is a whole run of descending dates (8.4), not a piece of one;
    * as few columns as possible go ungrouped, and rather after the groups than before.

    Returned as uncertain: the columns whose group a split run decided, and those this reading
    groups otherwise than rule 8.4 alone would.
    """
    count = len(columns)
    if not groups or not count:
        return [None] * count, set()
    plain, uncertain = _assign_runs(columns, groups)
    if count > _MAX_GROUP_SEARCH:
        return plain, uncertain
    keys = [_column_key(lines) for lines in columns]
    months = [parse_group_months(g) or 0 for g in groups]
    best: tuple[tuple[int, ...], list[str | None]] | None = None
    for lead in range(count - len(groups) + 1):
        for trail in range(count - lead - len(groups) + 1):
            middle = range(lead, count - trail)
            cut = _cut_groups(keys, middle, months)
            if cut is None:
                continue
            parts, (descending, spacing, splits) = cut
            descending += _disorder(keys, range(lead)) + _disorder(
                keys, range(count - trail, count)
            )
            grouped = {keys[i] for i in middle}
            merged = sum(1 for i in range(count - trail, count) if keys[i] in grouped)
            boundary = (lead and _continues(keys[lead - 1], keys[lead])) + (
                trail and _continues(keys[count - trail - 1], keys[count - trail])
            )
            cost = (descending, spacing, merged, splits + boundary, lead + trail, lead)
            assigned: list[str | None] = [None] * count
            for i, part in zip(middle, parts, strict=True):
                assigned[i] = groups[part]
            if best is None or cost < best[0]:
                best = (cost, assigned)
    if best is None:
        return plain, uncertain
    assigned = best[1]
    return assigned, uncertain | {i for i in range(count) if assigned[i] != plain[i]}


_MAX_GROUP_SEARCH = 24  # columns; wider headers keep rule 8.4 alone
_SLACK_DAYS = 16
_MONTH_DAYS = 365.25 / 12

ColumnKey = tuple[dt.date | None, tuple[str, ...]]


def _column_key(lines: tuple[str, ...]) -> ColumnKey:
    date = next((d for d in map(parse_date, lines) if d), None)
    return date, tuple(line for line in lines if parse_date(line) is None)


def _continues(previous: ColumnKey, key: ColumnKey) -> bool:
    """Whether a column continues the run of descending dates its left neighbour is in."""
    if previous[0] is None or key[0] is None:
        return False
    return key[0] < previous[0] or (key[0] == previous[0] and key[1] != previous[1])


def _disorder(keys: list[ColumnKey], span: range) -> int:
    return sum(1 for i in span[1:] if not _continues(keys[i - 1], keys[i]))


def _spaced(previous: ColumnKey, key: ColumnKey, months: int) -> bool:
    """Whether two columns of one "N Months Ended" group are comparative periods: their
    dates lie a multiple of N, or of 12, months apart."""
    if previous[0] is None or key[0] is None or months <= 0:
        return True
    days = (previous[0] - key[0]).days
    whole = round(days / _MONTH_DAYS)
    if abs(days - whole * _MONTH_DAYS) > _SLACK_DAYS:
        return False
    return whole % months == 0 or whole % 12 == 0


def _cut_groups(
    keys: list[ColumnKey], middle: range, months: list[int]
) -> tuple[list[int], tuple[int, int, int]] | None:
    """Cut ``middle`` into len(months) non-empty consecutive groups, cheapest first by
    (dates out of order, dates not a group's spacing, runs split)."""
    size, count = len(middle), len(months)
    if size < count:
        return None
    Cost = tuple[int, int, int]
    # table[i][g]: the cheapest cut of middle[: i + 1] with column i in group g
    table: list[list[tuple[Cost, int] | None]] = [[None] * count for _ in range(size)]
    table[0][0] = ((0, 0, 0), -1)
    for i in range(1, size):
        previous, key = keys[middle[i - 1]], keys[middle[i]]
        joined = _continues(previous, key)
        for g in range(count):
            options: list[tuple[Cost, int]] = []
            stay = table[i - 1][g]
            if stay is not None:
                (d, s, p), _ = stay
                options.append(
                    ((d + (not joined), s + (not _spaced(previous, key, months[g])), p), g)
                )
            move = table[i - 1][g - 1] if g else None
            if move is not None:
                (d, s, p), _ = move
                options.append(((d, s, p + joined), g - 1))
            if options:  # on a tie stay in the group: 8.4 splits a run after its first column
                table[i][g] = min(options, key=lambda o: (o[0], -o[1]))
    end = table[size - 1][count - 1]
    if end is None:
        return None
    parts = [0] * size
    g = count - 1
    for i in range(size - 1, -1, -1):
        parts[i] = g
        entry = table[i][g]
        assert entry is not None
        g = entry[1]
    return parts, end[0]


def _assign_runs(
    columns: list[tuple[str, ...]], groups: list[str]
) -> tuple[list[str | None], set[int]]:
    """Rule 8.4 alone: the G group texts go to the first G runs of descending column dates.

    An equal date continues a run only when the column's other labels differ. Runs beyond the
    G-th are ungrouped instants. With fewer runs than groups the runs are split, and the
    columns whose group that decided are returned as uncertain.
    """
    if not groups:
        return [None] * len(columns), set()
    runs: list[list[int]] = []
    previous: tuple[object, tuple[str, ...]] | None = None
    for index, lines in enumerate(columns):
        date = next((d for d in map(parse_date, lines) if d), None)
        others = tuple(line for line in lines if parse_date(line) is None)
        continues = (
            previous is not None
            and date is not None
            and previous[0] is not None
            and (date < previous[0] or (date == previous[0] and others != previous[1]))  # type: ignore[operator]
        )
        if continues:
            runs[-1].append(index)
        else:
            runs.append([index])
        previous = (date, others)
    uncertain: set[int] = set()
    while len(runs) < len(groups):
        longest = max(range(len(runs)), key=lambda i: (len(runs[i]), -i))
        run = runs[longest]
        if len(run) < 2:
            break
        runs[longest : longest + 1] = [run[:1], run[1:]]
        uncertain.update(run)
    assigned: list[str | None] = [None] * len(columns)
    for group, run in zip(groups, runs, strict=False):
        for index in run:
            assigned[index] = group
    return assigned, uncertain
