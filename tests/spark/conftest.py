"""A real Spark session in local mode (``local[2]``) for the Spark tests.

pyspark comes with ``govgraph[test]``; Spark needs Java 17. Without either these tests skip,
unless GOVGRAPH_REQUIRE_SPARK=1 (as in CI), when they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest


def no_spark(reason: str) -> None:
    if os.environ.get("GOVGRAPH_REQUIRE_SPARK") == "1":
        pytest.fail(f"GOVGRAPH_REQUIRE_SPARK=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        no_spark('pyspark is not installed: pip install "govgraph[spark]"')
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        no_spark("no Java: Spark needs Java 17")
    from govgraph import spark as ggs

    session = ggs.session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
