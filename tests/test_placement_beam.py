"""The placement beam's shortcuts choose what the plain beam chooses.

``kg.readers.placement`` scores each candidate only on the checks its row can cost on, takes
each check's step once per distinct state and builds states only for the candidates it keeps.
Here the plain beam (every check stepped for every parent and option, every child built,
then sorted) is the oracle: on every shared text page with a row shorter than its table, in
both trafilatura modes, both give the same placements, unit categories and ties.
"""

from __future__ import annotations

from typing import Any

import pytest

import kg.readers.placement as placement
import kg.readers.rtext as rtext
from kg.build import read_report
from kg.readers.placement import ColumnInfo, Placement, RowInfo
from kg.readers.placement_checks import Step
from kg.readers.placement_priors import PriorColumn, prior
from tests.corpus import text_pages

# The two widest statements of equity take seconds on the plain beam; the tests of
# test_equity_placement read them.
_SLOW = ("tsla__10k-2021_R6", "f__10k-2024-bodyfrag_R7")


def plain_beam(
    rows: list[RowInfo], columns: list[ColumnInfo], *, money_default: str | None = "monetary"
) -> list[Placement]:
    """``place_rows`` without the shortcuts: the beam as first written."""
    width = len(columns)
    bases = placement._base_columns(columns)
    checks = placement._checks(rows, columns, bases)
    priors = [PriorColumn(c.index, c.group, c.date, c.members) for c in columns]
    equity = all(c.date is None for c in columns) and any(r.kind == "balance" for r in rows)
    solved, tied = placement._solve_roll_forwards(rows, columns, bases, priors, equity)
    families = placement._families(columns)
    beam = [placement._Hypothesis(0, 0.0, tuple(c.initial() for c in checks), ())]
    for index, row in enumerate(rows):
        options = placement._options(row, columns, money_default)
        if index in solved:
            options = [o for o in options if o[0] == solved[index]] or options
        steps = [
            (
                Step(
                    index,
                    placed,
                    categories,
                    row.symbols[: len(placed)],
                    row.numbers[: len(placed)],
                ),
                cost
                + prior(row.label, placed, row.numbers, priors, equity, row.members)
                + placement._FAMILY_SPREAD
                * placement._family_spread(placed, families, row.kind == "balance"),
            )
            for placed, categories, cost in options
        ]
        width_now = max(
            placement._MIN_BEAM, min(placement._BEAM, placement._WORK_PER_ROW // max(1, len(steps)))
        )
        fixed_columns = len({step.columns for step, _ in steps}) == 1
        expanded: dict[object, Any] = {}
        for hypothesis in beam[:width_now]:
            children = [_extend(hypothesis, checks, step, local) for step, local in steps]
            if fixed_columns and len(children) > 1:
                children = [min(children, key=lambda h: (h.cost, h.history))]
            for child in children:
                known = expanded.get(child.states)
                if known is None or (child.cost, child.history) < (known.cost, known.history):
                    expanded[child.states] = child
        beam = sorted(expanded.values(), key=lambda h: (h.cost, h.history))[: placement._BEAM]
        beam = [h for h in beam if h.cost <= beam[0].cost + placement._MARGIN]
    finals = sorted((placement._close(h, checks) for h in beam), key=lambda h: (h.cost, h.history))
    best = finals[0]
    return [
        Placement(
            columns=placed,
            categories=categories,
            tie=(index in tied or placement._is_tie(finals, best, index))
            if 0 < len(placed) < width
            else False,
        )
        for index, (placed, categories) in enumerate(best.history)
    ]


def _extend(hypothesis: Any, checks: list[Any], step: Any, local: float) -> Any:
    violations, evidence, states = hypothesis.violations, 0.0, []
    for check, state in zip(checks, hypothesis.states, strict=True):
        new_state, broken, bonus = check.step(state, step)
        states.append(new_state)
        violations += broken
        evidence += bonus
    return placement._Hypothesis(
        violations,
        hypothesis.prior + local + evidence,
        tuple(states),
        (*hypothesis.history, (step.columns, step.categories)),
    )


def _pages() -> list[Any]:
    paths = []
    for page in text_pages():
        if page.stem in _SLOW:
            continue
        paths += [path for path in (page.text, page.precision) if path is not None]
    return paths


def test_shortcuts_place_as_the_plain_beam(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[str] = []
    differing: list[str] = []
    page = [""]  # the page being read

    def both(rows: list[RowInfo], columns: list[ColumnInfo], **options: Any) -> list[Placement]:
        fast = placement.place_rows(rows, columns, **options)
        if any(0 < len(row.numbers) < len(columns) for row in rows):
            compared.append(page[0])
            if fast != plain_beam(rows, columns, **options):
                differing.append(page[0])
        return fast

    monkeypatch.setattr(rtext, "place_rows", both)
    for path in _pages():
        page[0] = str(path)
        read_report(page[0])
    assert len(compared) >= 60, compared  # pages whose rows the beam had to place (64)
    assert not differing, differing
