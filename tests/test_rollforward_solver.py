"""The roll-forward block solver (kg.readers.rollforward): placing flows so columns foot."""

from __future__ import annotations

from decimal import Decimal

from kg.readers.rollforward import Block, Budget, solve


def _rank(row: int, placed: tuple[int, ...]) -> float:
    return float(sum(placed))  # prefer the left, to make the order of solutions plain


def _block() -> Block:
    """Two columns: 100 -> 130 and 50 -> 45; flows +30 and -5, one value each."""
    return Block(
        opening={1: Decimal(100), 2: Decimal(50)},
        closing={1: Decimal(130), 2: Decimal(45)},
        flows=(3, 4),
        values=((Decimal(30),), (Decimal(-5),)),
    )


def test_the_flows_go_where_every_column_foots() -> None:
    solution = solve(_block(), 2, _rank)
    assert solution is not None
    assert solution.placements == {3: (1,), 4: (2,)}
    assert not solution.tied


def test_a_table_shares_one_budget_of_tries() -> None:
    """A table whose blocks do not foot must not search each of them to the full limit:
    every placement tried is spent from the table's budget, and a search the budget cut
    short gives no answer rather than a partial one."""
    budget = Budget(tries=100)
    assert solve(_block(), 2, _rank, budget=budget) is not None
    used = 100 - budget.tries
    assert used == 4  # two rows, two placements each (the search looks on for ties)
    assert solve(_block(), 2, _rank, budget=Budget(tries=used)) is not None
    assert solve(_block(), 2, _rank, budget=Budget(tries=used - 1)) is None
    assert solve(_block(), 2, _rank, budget=Budget(tries=0)) is None
