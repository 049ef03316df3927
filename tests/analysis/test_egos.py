"""Ego-network summaries against the ego networks themselves and networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import govgraph as gg
from tests.analysis.conftest import as_network, tie_graph


@pytest.fixture(scope="module")
def egos(datun) -> list[str]:
    kinds = datun.partners["kind"]
    picked = [
        kinds[kinds == kind].index[0]
        for kind in ("grid_worker", "party_member", "building", "resident", "community")
    ]
    return [*picked, "FC-W003"]


def test_size_ties_and_density_are_those_of_the_ego_network(datun, egos):
    table = gg.ego_summary(datun, egos)
    assert list(table.index) == egos
    graph = tie_graph(datun)
    for ego in egos:
        around = datun.ego(ego, hops=1)
        alters = around.partners.index.drop(ego)
        among = nx.Graph(graph.subgraph(alters))
        assert table.loc[ego, "size"] == len(alters)
        assert table.loc[ego, "ties"] == among.number_of_edges()
        if len(alters) > 1:
            assert table.loc[ego, "density"] == pytest.approx(nx.density(among))
        else:
            assert np.isnan(table.loc[ego, "density"])


def test_burt_measures_equal_centrality_and_networkx(datun, egos):
    table = gg.ego_summary(datun, egos, weight=None)
    graph = tie_graph(datun, weight=None)  # tie strength: the number of relations
    effective = nx.effective_size(graph, nodes=egos, weight="weight")
    constraint = nx.constraint(graph, nodes=egos, weight="weight")
    for ego in egos:
        assert table.loc[ego, "effective_size"] == pytest.approx(effective[ego])
        assert table.loc[ego, "constraint"] == pytest.approx(constraint[ego])
        assert table.loc[ego, "efficiency"] == pytest.approx(effective[ego] / table.loc[ego, "size"])
    # Equal ties: effective size is size − 2·ties/size (Borgatti 1997).
    karate, _ = as_network(nx.karate_club_graph())
    simple = gg.ego_summary(karate, weight=None)
    np.testing.assert_allclose(simple["effective_size"], simple["size"] - 2 * simple["ties"] / simple["size"])
    weighted = gg.ego_summary(datun)
    measures = gg.centrality(datun, measures=["constraint", "effective_size"])
    np.testing.assert_allclose(weighted["constraint"], measures["constraint"], equal_nan=True)


def test_composition_counts_the_alters(datun, egos):
    table = gg.ego_summary(datun, egos, by=["kind", "community"])
    places = datun.places
    for ego in egos:
        alters = datun.ego(ego).partners.index.drop(ego)
        kinds = datun.partners.loc[alters, "kind"].value_counts()
        for kind, count in kinds.items():
            assert table.loc[ego, f"kind:{kind}"] == count
        kind_columns = [c for c in table.columns if c.startswith("kind:")]
        assert table.loc[ego, kind_columns].sum() == len(alters)
        own = datun.partners.loc[ego, "kind"]
        assert table.loc[ego, "same_kind"] == pytest.approx(kinds.get(own, 0) / len(alters))
        shares = kinds / len(alters)
        assert table.loc[ego, "diversity_kind"] == pytest.approx(1 - (shares**2).sum())
        same = (places.loc[alters, "community"] == places.loc[ego, "community"]).mean()
        assert table.loc[ego, "same_community"] == pytest.approx(same)


def test_every_partner_by_default_and_isolates(small):
    table = gg.ego_summary(small)
    assert table.index.equals(small.partners.index)
    assert (table["size"] >= 0).all()
    lonely = table[table["size"] == 0]
    assert lonely[["density", "effective_size", "constraint", "same_kind"]].isna().all().all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"partners": ["<script>alert(1)</script>"]}, "no partner has the id"),
        ({"partners": "FC-W003"}, "single string"),
        ({"by": ["no_such_column"]}, "by: expected a partner column"),
        ({"relations": ["MATCH (n) DETACH DELETE n"]}, "relations"),
        ({"weight": "no_such_column"}, "weight"),
    ],
)
def test_bad_arguments_name_the_argument(datun, kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.ego_summary(datun, **kwargs)
