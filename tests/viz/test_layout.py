"""The layout by place: containers, positions that group a place's partners, and loops in bad data."""

from __future__ import annotations

import numpy as np

from govgraph.viz import places_layout


def test_containers_follow_buildings_then_grids_then_communities(datun):
    parent = datun.places["container"]
    assert parent["FC-R0023"] == "FC-B03"  # the building a resident lives in
    assert parent["FC-M01"] == "FC-L1"  # a micro grid sits in its large grid
    assert parent["FC-L1"] == "FC"
    kinds = datun.partners["kind"]
    assert parent[kinds == "community"].isna().all()
    assert parent.reindex(parent.dropna().unique()).index.isin(datun.partners.index).all()


def test_partners_sit_nearest_their_own_place(datun):
    xy = places_layout(datun)
    assert xy.index.equals(datun.partners.index) and np.isfinite(xy.to_numpy()).all()
    parent = datun.places["container"]
    residents = datun.partners.index[datun.partners["kind"] == "resident"]
    buildings = datun.partners.index[datun.partners["kind"] == "building"]
    home = xy.loc[parent[residents]].to_numpy()
    # Each resident is closer to its own building than to any other building.
    nearest = np.argmin(
        ((xy.loc[residents].to_numpy()[:, None, :] - xy.loc[buildings].to_numpy()[None, :, :]) ** 2).sum(-1),
        axis=1,
    )
    assert (buildings[nearest] == parent[residents].to_numpy()).mean() > 0.99
    assert np.linalg.norm(xy.loc[residents].to_numpy() - home, axis=1).max() < 1_000
    # No two partners share a position.
    assert not xy.duplicated().any()
