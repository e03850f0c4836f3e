"""The roll-forward block solver (kg.readers.rollforward): placing flows so columns foot."""

from __future__ import annotations

from decimal import Decimal

from kg.readers.rollforward import Block, Budget, sign_doubts, solve


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


def test_a_value_of_doubtful_sign_foots_either_way() -> None:
    """Tesla 2021 prints "Purchase of convertible note hedges | (476) | 476 | 476": the total
    column falls by 476 and so does paid-in capital, though it prints 476. The second and
    third values are the negatives of the first: their signs are in doubt, and the block
    foots with them turned."""
    assert sign_doubts((Decimal(-476), Decimal(476), Decimal(476))) == (False, True, True)
    assert sign_doubts((Decimal(17), Decimal(7), Decimal(17))) == (False, False, False)
    block = Block(
        opening={1: Decimal(5757), 2: Decimal(10248)},
        closing={1: Decimal(5281), 2: Decimal(9772)},
        flows=(3,),
        values=((Decimal(-476), Decimal(476)),),
    )
    solution = solve(block, 2, _rank)
    assert solution is not None
    assert solution.placements == {3: (1, 2)}


def test_placements_differing_only_in_a_free_column_are_one_choice() -> None:
    """A column no balance constrains takes any value: the search does not tell apart
    placements that differ only there, and hands them all to the beam as choices instead
    of reporting the row as tied."""
    block = Block(
        opening={1: Decimal(100)},
        closing={1: Decimal(130)},
        flows=(3,),
        values=((Decimal(30), Decimal(7)),),
    )
    solution = solve(block, 3, _rank)
    assert solution is not None
    assert solution.placements == {3: (1, 2)}
    assert solution.choices == {3: frozenset({(1, 2), (1, 3)})}
    assert not solution.tied
