"""Ego networks summarised: how big, how closed and how varied each partner's contacts are.

``net.ego(partner)`` gives one partner's ego network as a network;
:func:`ego_summary` measures many egos at once without building them:
size, ties among the alters, density, Burt's effective size, efficiency
and constraint, and the composition of the alters by kind or place.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.analysis.spectral import constraint, effective_size
from govgraph.analysis.statistics import triangles
from govgraph.model.checks import check_group_column, check_network, check_partner_ids, check_relations
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import partner_table

__all__ = ["ego_summary"]


def ego_summary(
    net: PartnerNetwork,
    partners: Iterable[str] | None = None,
    *,
    by: Iterable[str] = ("kind", "community"),
    relations: Iterable[str] | None = None,
    weight: str | None = "weight",
) -> pd.DataFrame:
    """Burt's ego-network measures and the composition of every ego's alters.

    Parameters
    ----------
    net : PartnerNetwork
    partners : iterable of str, optional
        The egos (default: every partner).
    by : iterable of str
        Partner columns to describe the alters by (default ``kind`` and
        ``community``; ``community`` and ``grid`` are the partners' places).
    relations : iterable of str, optional
        The relation kinds that count as ties.
    weight : str or None
        Relation column of tie strength for constraint and effective size
        (default ``"weight"``; None counts every tie as 1).

    Returns
    -------
    DataFrame
        Index: the egos. Columns ``kind``, ``name``, ``community``, ``grid``;

        - ``size``: alters (partners tied to the ego, either direction);
        - ``ties``: ties among the alters; ``density``: those over
          ``size(size−1)/2`` (NaN below two alters);
        - ``effective_size``, ``efficiency`` (effective size over size) and
          ``constraint``: Burt's structural holes, as :func:`centrality`
          computes them (NaN without alters);
        - for each column ``c`` of ``by``: ``same_<c>``, the share of alters
          with the ego's value; ``diversity_<c>``, Blau's index ``1 − Σ pₖ²``
          over the alters' values (alters without a value form one more
          value); and ``<c>:<value>``, the number of alters with each value.

    See Also
    --------
    PartnerNetwork.ego : one ego network, as a network.

    Notes
    -----
    Size, ties and density are those of sna's ``ego.extract`` networks with
    the ego removed (egor's ``ego_density``). Effective size and constraint
    use the proportions of each contact's ties in the whole network, as
    networkx and igraph do (Burt 1992); egor's, computed inside the ego
    network alone, differ for alters with ties outside it. For equal ties
    the effective size is ``size − 2·ties/size`` either way (Borgatti 1997).

    References
    ----------
    Burt, R. S. (1992). Structural Holes. Harvard University Press.
    Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
    Blau, P. M. (1977). Inequality and Heterogeneity. Free Press.

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> table = gg.ego_summary(net, ["FC-W003"], by=["kind"])
    >>> int(table.loc["FC-W003", "size"]) == len(net.ego("FC-W003").partners) - 1
    True
    """
    net = check_network(net)
    relations = check_relations(net, relations)
    columns = [by] if isinstance(by, str) else list(by)
    groups = {column: check_group_column(net, column) for column in columns}
    ids = net.partners.index
    chosen = (
        np.arange(len(ids))
        if partners is None
        else ids.get_indexer(check_partner_ids(net, partners, "partners"))
    )
    graph = net.ties(weight=weight, relations=relations)
    pattern = graph.pattern
    size = np.diff(pattern.indptr).astype(np.float64)
    closed = triangles(pattern)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(size > 1, closed / (size * (size - 1) / 2), np.nan)
        effective = effective_size(graph.strength, pattern)
        table = partner_table(net).iloc[chosen].copy()
        table["size"] = size[chosen].astype(np.int64)
        table["ties"] = closed[chosen].astype(np.int64)
        table["density"] = density[chosen]
        table["effective_size"] = effective[chosen]
        table["efficiency"] = (effective / size)[chosen]
        table["constraint"] = constraint(graph.strength, pattern)[chosen]
    for column, labels in groups.items():
        codes, values = pd.factorize(labels.astype("string"))
        missing = codes < 0
        codes = np.where(missing, len(values), codes)
        member = sp.csr_array(
            (np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=(len(codes), len(values) + 1)
        )
        counts = (pattern[chosen] @ member).toarray() if len(chosen) else np.zeros((0, len(values) + 1))
        own = counts[np.arange(len(chosen)), codes[chosen]]
        own = np.where(missing[chosen], 0.0, own)
        with np.errstate(divide="ignore", invalid="ignore"):
            alters = size[chosen]
            table[f"same_{column}"] = np.where(alters > 0, own / alters, np.nan)
            shares = counts / alters[:, None]
            table[f"diversity_{column}"] = np.where(alters > 0, 1.0 - (shares * shares).sum(axis=1), np.nan)
        for position, value in enumerate(values):
            table[f"{column}:{value}"] = counts[:, position].astype(np.int64)
    return table
