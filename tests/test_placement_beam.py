"""The placement beam's shortcuts choose what the plain beam chooses.

``kg.readers.placement`` scores each candidate only on the checks its row can cost on, takes
each check's step once per distinct state and builds states only for the candidates it keeps.
Here the plain beam (every check stepped for every parent and option, every child built,
then sorted) is the oracle, run through the same table set-up and row options: on every
shared text page with a row shorter than its table, in both trafilatura modes, both give the
same placements, unit categories and ties.
"""

from __future__ import annotations

from typing import Any

import pytest

import kg.readers.placement as placement
import kg.readers.rtext as rtext
from kg.build import read_report
from kg.readers.placement import ColumnInfo, Placement, RowInfo
from kg.readers.placement_checks import Step
from tests.corpus import text_pages

# The two widest statements of equity take seconds on the plain beam; the tests of
# test_equity_placement read them.
_SLOW = ("tsla__10k-2021_R6", "f__10k-2024-bodyfrag_R7")


def plain_expand(
    parents: list[Any],
    checks: list[Any],
    steps: list[tuple[Step, float]],
    canonical: list[dict[Any, Any]],
    *,
    fixed_columns: bool,
) -> list[Any]:
    """The beam's growth by one row as first written: every child built, then sorted."""
    expanded: dict[object, Any] = {}
    for hypothesis in parents:
        children = [_extend(hypothesis, checks, step, local) for step, local in steps]
        if fixed_columns and len(children) > 1:
            children = [min(children, key=lambda h: (h.cost, h.history))]
        for child in children:
            known = expanded.get(child.states)
            if known is None or (child.cost, child.history) < (known.cost, known.history):
                expanded[child.states] = child
    return sorted(expanded.values(), key=lambda h: (h.cost, h.history))[: placement._BEAM]


def _extend(hypothesis: Any, checks: list[Any], step: Step, local: float) -> Any:
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
            money_default = options.get("money_default", "monetary")
            plain = placement._place_rows(rows, columns, money_default, plain_expand)
            if fast != plain:
                differing.append(page[0])
        return fast

    monkeypatch.setattr(rtext, "place_rows", both)
    for path in _pages():
        page[0] = str(path)
        read_report(page[0])
    assert len(compared) >= 60, compared  # pages whose rows the beam had to place (64)
    assert not differing, differing
