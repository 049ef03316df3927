"""Shared fixtures: a five-partner street, the Datun North network and its report, hostile strings, writers."""

from __future__ import annotations

from pathlib import Path

import hypothesis.strategies as st
import pandas as pd
import pytest

import govgraph as gg
from govgraph.report import REPORT_STEPS

#: Strings that must stay data everywhere: markup and script, Cypher, spreadsheet formulas,
#: separators and line breaks, a line separator that ends JavaScript strings, and sheer size.
HOSTILE_STRINGS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '1号楼 <a href="javascript:alert(1)">x</a>',
    "X</script><script>alert(1)</script>",
    "}) DETACH DELETE n //",
    "`) MATCH (n) DETACH DELETE n //",
    "'; MATCH (n) DETACH DELETE n; //",
    "`backtick` 'single' \"double\" \\backslash\\",
    '=HYPERLINK("http://example.com","x")',
    "+1-1",
    "@SUM(A1)",
    "line\nbreak\r\nwindows",
    "逗号,分隔；分号",
    "🏠 社区 emoji",
    "\u2028</script>",
    "x" * 40_000,
)
#: The one every page test looks for.
HOSTILE = HOSTILE_STRINGS[0]


def hostile_text(*, control: bool = True, max_bytes: int | None = None) -> st.SearchStrategy[str]:
    """Hostile strings, and any other text (without control characters unless ``control``)."""
    excluded = ("Cs",) if control else ("Cs", "Cc")
    text = st.one_of(
        st.sampled_from(HOSTILE_STRINGS),
        st.text(alphabet=st.characters(blacklist_categories=excluded), min_size=1, max_size=30),
    )
    return text if max_bytes is None else text.filter(lambda value: len(value.encode("utf-8")) <= max_bytes)


@pytest.fixture(scope="session")
def datun() -> gg.PartnerNetwork:
    return gg.load_dataset("datun_north")


@pytest.fixture(scope="session")
def datun_report(datun, tmp_path_factory) -> Path:
    """The report on Datun North, built once for every test that reads it: the ``index.html`` path."""
    steps: list[str] = []
    index = gg.report(datun, tmp_path_factory.mktemp("datun-report"), progress=steps.append)
    assert steps == list(REPORT_STEPS)
    return index


def small_tables() -> dict[str, pd.DataFrame]:
    """A community, a grid, a building, a grid worker and a resident with one need."""
    partners = pd.DataFrame(
        {
            "id": ["C1", "G1", "B1", "W1", "R1"],
            "kind": ["community", "grid", "building", "grid_worker", "resident"],
            "name": ["富成花园社区", "第一网格", "1号楼", "网格员甲", "居民甲"],
            "community": ["C1"] * 5,
            "grid": [None, "G1", "G1", "G1", "G1"],
            "households": [None, None, 120, None, None],
            "phone": [None, None, None, None, "010-1234"],
        }
    )
    relations = pd.DataFrame(
        {
            "source": ["G1", "B1", "W1", "R1", "W1"],
            "target": ["C1", "G1", "B1", "B1", "R1"],
            "relation": ["part_of", "part_of", "responsible_for", "resides_in", "visits"],
            "weight": [1.0, 1.0, 1.0, 1.0, 3.0],
        }
    )
    needs = pd.DataFrame({"id": ["N1"], "requester": ["R1"], "category": ["repair"], "urgency": [3]})
    resources = pd.DataFrame({"id": ["S1"], "provider": ["W1"], "category": ["repair"], "capacity": [2]})
    return {"partners": partners, "relations": relations, "needs": needs, "resources": resources}


@pytest.fixture
def small() -> gg.PartnerNetwork:
    return gg.PartnerNetwork.from_frames(**small_tables())


def write_csvs(folder: Path, encoding: str = "utf-8", **tables: str) -> Path:
    """Write CSV texts (as given, header included) into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


VALID_PARTNERS = (
    "id,kind,name,community,grid\nC1,community,社区,C1,\nG1,grid,网格,C1,\nB1,building,楼,C1,G1\n"
)
VALID_RELATIONS = "source,target,relation\nG1,C1,part_of\nB1,G1,part_of\n"
