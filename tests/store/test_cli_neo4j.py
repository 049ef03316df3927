"""govgraph neo4j push | pull | query against the real server."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

import govgraph as gg
from govgraph.cli import main
from tests.conftest import small_tables

pytestmark = pytest.mark.neo4j


def test_push_pull_query(store, datun, tmp_path):
    datun.write(tmp_path / "in")
    runner = CliRunner()
    pushed = runner.invoke(main, ["neo4j", "push", str(tmp_path / "in")])
    assert pushed.exit_code == 0, pushed.output
    assert "3,881 partners" in pushed.output
    pulled = runner.invoke(main, ["neo4j", "pull", "-o", str(tmp_path / "out.xlsx"), "--community", "FC"])
    assert pulled.exit_code == 0, pulled.output
    assert gg.read(tmp_path / "out.xlsx") == datun.subnetwork(communities=["FC"])
    queried = runner.invoke(main, ["neo4j", "query", "reach", "-p", "id=FC-B01", "-p", "hops=1"])
    assert queried.exit_code == 0, queried.output
    assert "FC-M01" in queried.output
    to_file = runner.invoke(
        main, ["neo4j", "query", "key_connectors", "-p", "limit=3", "-o", str(tmp_path / "k.csv")]
    )
    assert to_file.exit_code == 0 and "wrote 3 rows" in to_file.output


def test_push_invalid_data_exits_3_and_sends_nothing(store, tmp_path):
    (tmp_path / "partners.csv").write_text("id,kind\nA,shop\n", encoding="utf-8")
    (tmp_path / "relations.csv").write_text("source,target,relation\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["neo4j", "push", str(tmp_path)])
    assert result.exit_code == 3
    assert len(store.run("MATCH (n) RETURN n")) == 0


def test_wrong_password_is_one_clear_line(neo4j_server, tmp_path):
    result = CliRunner().invoke(
        main, ["neo4j", "query", "key_connectors"], env={"GOVGRAPH_NEO4J_PASSWORD": "nope-nope"}
    )
    assert result.exit_code == 1
    assert "wrong user or password" in result.output and "nope-nope" not in result.output
    bad = CliRunner().invoke(main, ["neo4j", "query", "key_connectors", "-p", "limit"])
    assert bad.exit_code == 2


def test_query_output_is_safe_to_open(store, tmp_path):
    tables = small_tables()
    tables["partners"].loc[0, "name"] = '=HYPERLINK("http://x","社区")'  # the most connected partner
    gg.PartnerNetwork.from_frames(**tables).write(tmp_path / "in")
    runner = CliRunner()
    assert runner.invoke(main, ["neo4j", "push", str(tmp_path / "in"), "--replace"]).exit_code == 0
    out = tmp_path / "k.csv"
    assert runner.invoke(main, ["neo4j", "query", "key_connectors", "-o", str(out)]).exit_code == 0
    with open(out, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert '\'=HYPERLINK("http://x","社区")' in cells
    assert not [c for c in cells if c.startswith("=")]
