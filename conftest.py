"""Fixtures for every test and doctest: a strategy registered by one test does not leak into the next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from govgraph.matching import strategies


@pytest.fixture(autouse=True)
def _restore_strategy_registry() -> Iterator[None]:
    saved = dict(strategies._REGISTRY)
    yield
    strategies._REGISTRY.clear()
    strategies._REGISTRY.update(saved)
