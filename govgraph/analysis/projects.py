"""Projects close the loop: 需求清单、资源清单、项目清单 side by side.

A community keeps three lists: the needs residents raise, the resources
partners offer, and the projects that answer the one with the other.
:func:`project_summary` says, for each project, whom it involves, which
needs it answers and which resources it uses; :func:`three_lists` puts the
lists side by side per grid or community and finds what falls between them:
open needs that no project answers and no resource of their community
offers, resources no project uses, and projects that answer no recorded
need.

>>> import govgraph as gg
>>> lists = gg.three_lists(gg.load_dataset("datun_north"), level="community")
>>> int(lists.summary.loc["OL", "projects_without_need"])
2
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from govgraph.model.checks import check_level, check_network
from govgraph.model.network import PartnerNetwork
from govgraph.model.vocabulary import CLOSED_STATUSES, RESOLVED_STATUSES

__all__ = ["ThreeLists", "project_summary", "three_lists"]


def project_summary(net: PartnerNetwork) -> pd.DataFrame:
    """Every project with whom it involves, the needs it answers and the resources it uses.

    Returns
    -------
    DataFrame
        Index: project id, as ``net.projects``. Columns ``name``,
        ``status``, ``start``, ``end``, ``budget``, ``grid`` and
        ``community`` (of its place), ``partners`` (partners linked to it
        by any relation), ``organisers`` (their names, comma-separated),
        ``needs_answered``, ``needs_resolved`` (of those, resolved or
        evaluated) and ``resources_used``.

    Examples
    --------
    >>> import govgraph as gg
    >>> summary = gg.project_summary(gg.load_dataset("datun_north"))
    >>> row = summary.loc["YY-PRJ01"]
    >>> row["status"], int(row["needs_answered"]), int(row["resources_used"])
    ('done', 4, 1)
    """
    net = check_network(net)
    projects, links, schema = net.projects, net.links, net.schema
    table = projects[["name", "status", "start", "end", "budget"]].copy()
    places = net.places
    table["grid"] = places["grid"].reindex(projects["place"]).to_numpy()
    table["community"] = places["community"].reindex(projects["place"]).to_numpy()
    joined = links[links["target"].isin(projects.index) & links["source"].isin(net.partners.index)]
    table["partners"] = _count(joined.drop_duplicates(["source", "target"])["target"], projects.index)
    organising = joined[joined["relation"].isin(schema.relations_with("organising"))]
    names = net.partners["name"].fillna(pd.Series(net.partners.index, index=net.partners.index))
    table["organisers"] = (
        organising.assign(name=names.reindex(organising["source"]).to_numpy())
        .groupby("target")["name"]
        .agg(lambda n: ",".join(dict.fromkeys(n)))
        .reindex(projects.index)
    )
    answers = _answers(net)
    status = net.needs.get("status", pd.Series(pd.NA, index=net.needs.index, dtype="str"))
    resolved = status.isin(RESOLVED_STATUSES).reindex(answers["need"]).to_numpy(dtype=bool)
    table["needs_answered"] = _count(answers["project"], projects.index)
    table["needs_resolved"] = _count(answers["project"][resolved], projects.index)
    uses = links[links["relation"].isin(schema.relations_with("use"))]
    table["resources_used"] = _count(uses.drop_duplicates(["source", "target"])["source"], projects.index)
    return table


@dataclass(frozen=True)
class ThreeLists:
    """The needs, resources and projects lists side by side, and what falls between them.

    Attributes
    ----------
    level : str
    needs : DataFrame
        Open needs (not resolved, evaluated or rejected) that no project
        answers and no resource of their community offers (a resource whose
        category answers the need's, see the taxonomy), by need id:
        ``category``, ``status``, ``grid``, ``community``.
    resources : DataFrame
        Resources no project uses, by id: ``category``, ``capacity``,
        ``provider``, ``grid``, ``community``.
    projects : DataFrame
        Projects that answer no recorded need, by id: ``name``,
        ``status``, ``grid``, ``community``.
    summary : DataFrame
        Index: every place of the level, plus ``(none)`` for what lies in
        no place of it. Columns ``name``, ``needs`` (all), ``open_needs``,
        ``needs_answered_by_project``, ``needs_without_answer`` (the rows
        of ``needs``), ``resources``, ``resources_unused``, ``projects``,
        ``projects_without_need``.
    """

    level: str
    needs: pd.DataFrame
    resources: pd.DataFrame
    projects: pd.DataFrame
    summary: pd.DataFrame


def three_lists(net: PartnerNetwork, *, level: str = "grid") -> ThreeLists:
    """Needs without a project or a resource, resources no project uses, projects without a need.

    Parameters
    ----------
    net : PartnerNetwork
    level : {"grid", "community"}
        Where each row counts: a need at its requester's place, a resource
        at its provider's, a project at its ``place`` (see ``net.places``;
        the innermost grid).

    Returns
    -------
    ThreeLists
    """
    net = check_network(net)
    check_level(level, options=("grid", "community"))
    places = net.places
    needs, resources, projects = net.needs, net.resources, net.projects
    answers = _answers(net)
    uses = net.links[net.links["relation"].isin(net.schema.relations_with("use"))]
    taxonomy = net.schema.taxonomy

    need_places = places.reindex(needs["requester"]).set_axis(needs.index)
    status = needs.get("status", pd.Series(pd.NA, index=needs.index, dtype="str"))
    open_need = ~status.isin(CLOSED_STATUSES).to_numpy(dtype=bool)
    answered = needs.index.isin(answers["need"])
    resource_places = places.reindex(resources["provider"]).set_axis(resources.index)
    offered = set(zip(resource_places["community"], resources["category"]))
    has_resource = np.array(
        [
            any((community, c) in offered for c in taxonomy.answering(category))
            for community, category in zip(need_places["community"], needs["category"])
        ],
        dtype=bool,
    )
    unanswered = open_need & ~answered & ~has_resource
    need_list = needs.loc[unanswered, ["category"]].assign(
        status=status[unanswered].to_numpy(),
        grid=need_places["grid"][unanswered].to_numpy(),
        community=need_places["community"][unanswered].to_numpy(),
    )
    unused = ~resources.index.isin(uses["target"])
    resource_list = resources.loc[unused, ["category", "capacity", "provider"]].assign(
        grid=resource_places["grid"][unused].to_numpy(),
        community=resource_places["community"][unused].to_numpy(),
    )
    project_places = places.reindex(projects["place"]).set_axis(projects.index)
    without = ~projects.index.isin(answers["project"])
    project_list = projects.loc[without, ["name", "status"]].assign(
        grid=project_places["grid"][without].to_numpy(),
        community=project_places["community"][without].to_numpy(),
    )

    partners = net.partners
    level_places = partners[partners["kind"].isin(net.schema.kinds_at(level))][["name"]]
    index = level_places.index.append(pd.Index(["(none)"]))
    summary = level_places.reindex(index)
    counted = {
        "needs": need_places[level],
        "open_needs": need_places[level][open_need],
        "needs_answered_by_project": need_places[level][answered],
        "needs_without_answer": need_list[level],
        "resources": resource_places[level],
        "resources_unused": resource_list[level],
        "projects": project_places[level],
        "projects_without_need": project_list[level],
    }
    for column, where in counted.items():
        summary[column] = where.fillna("(none)").value_counts().reindex(index, fill_value=0).astype("int64")
    summary.index.name = level
    if not summary.loc["(none)"].drop("name").any():
        summary = summary.drop(index="(none)")
    return ThreeLists(level, need_list, resource_list, project_list, summary)


def _answers(net: PartnerNetwork) -> pd.DataFrame:
    """(project, need) pairs of the ``answers`` links, each once."""
    links = net.links
    answering = links[links["relation"].isin(net.schema.relations_with("answer"))]
    pairs = answering.drop_duplicates(["source", "target"])
    return pd.DataFrame({"project": pairs["source"].to_numpy(), "need": pairs["target"].to_numpy()})


def _count(values: pd.Series, index: pd.Index) -> pd.Series:
    return values.value_counts().reindex(index, fill_value=0).astype("int64")
