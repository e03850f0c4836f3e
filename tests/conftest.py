"""Shared fixtures: the example pages and the shared EDGAR corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus import REPO, shared_data


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_data()
