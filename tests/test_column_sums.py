"""How a statement of equity's columns add up across a row (kg.readers.column_sums)."""

from __future__ import annotations

from decimal import Decimal

from kg.readers.column_sums import Relation, column_sums

# Tesla's 2021 statement of equity (tsla__10k-2021_R6): its 19 columns' members as printed.
NOTES = "Convertible Senior Notes due in 2024 [Member]"
OFFERING = "May 2019 Public Offering [Member]"
REVISION = "Revision of Prior Period, Accounting Standards Update, Adjustment [Member]"
TESLA = [
    (),
    (NOTES,),
    (OFFERING,),
    (REVISION,),
    ("Redeemable Noncontrolling Interests [Member]",),
    ("Common Stock [Member]",),
    ("Common Stock [Member]", OFFERING),
    ("Additional Paid-In Capital [Member]",),
    ("Additional Paid-In Capital [Member]", NOTES),
    ("Additional Paid-In Capital [Member]", OFFERING),
    ("Additional Paid-In Capital [Member]", REVISION),
    ("Accumulated Other Comprehensive (Loss) Income [Member]",),
    ("Accumulated Deficit [Member]",),
    ("Accumulated Deficit [Member]", REVISION),
    ("Total Stockholder's Equity [Member]",),
    ("Total Stockholder's Equity [Member]", NOTES),
    ("Total Stockholder's Equity [Member]", OFFERING),
    ("Total Stockholder's Equity [Member]", REVISION),
    ("Noncontrolling Interests in Subsidiaries [Member]",),
]


def _numbers(*values: int) -> tuple[Decimal | None, ...]:
    return tuple(Decimal(v) for v in values)


def test_components_subtotal_and_total_per_family() -> None:
    relations = set(column_sums(TESLA).relations)
    assert Relation(15, (6, 8, 12, 13)) in relations  # stockholders' equity = components
    assert Relation(1, (15, 19)) in relations  # total = stockholders' + noncontrolling
    assert Relation(1, (6, 8, 12, 13, 19)) in relations  # rows that skip the subtotal
    assert Relation(17, (7, 10)) in relations  # the offering's family adds up on its own
    # Redeemable noncontrolling interests are temporary equity: in no sum.
    assert all(5 not in r.parts and r.total != 5 for r in relations)


def test_a_row_that_adds_up_across_is_evidence_of_its_columns() -> None:
    sums = column_sums(TESLA)
    compensation = _numbers(973, 973, 973)  # "Stock-based compensation"
    assert sums.evidence((1, 8, 15), compensation) < 0  # total, paid-in capital, subtotal
    assert sums.evidence((12, 13, 19), compensation) == 0
    # "Purchase of convertible note hedges | (476) | 476 | 476": a turned sign still adds up.
    assert sums.evidence((1, 8, 15), _numbers(-476, 476, 476)) < 0
    # "Net (loss) income": total = stockholders' (862 loss) + noncontrolling (39).
    net = _numbers(-823, 48, -862, -862, 39)
    assert sums.evidence((1, 5, 13, 15, 19), net) < sums.evidence((1, 5, 6, 8, 15), net)


def test_zeros_are_no_evidence() -> None:
    """Ford prints rows of zeros beside one value; zeros add up under any placement."""
    ford = column_sums(
        [(), ("Capital Stock",), ("Retained Earnings [Member]",), ("Parent [Member]",)]
    )
    assert ford.evidence((1, 2, 3), _numbers(0, 0, 0)) == 0


def test_best_placements_keep_those_that_add_up() -> None:
    sums = column_sums(TESLA)
    every = [(1, 8, 15), (1, 12, 15), (12, 13, 19), (2, 9, 16)]
    best = sums.best_placements(every, _numbers(973, 973, 973))
    assert (1, 8, 15) in best
    assert (1, 12, 15) in best
    assert (12, 13, 19) not in best
    # A table whose columns do not add up (no equity components) keeps every placement.
    assert column_sums([(), ()]).best_placements(every, _numbers(1, 2, 3)) == every
