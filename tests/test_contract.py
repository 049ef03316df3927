"""One contract for every public analysis (after scikit-network's test_API): a new one joins by being listed.

Each takes the network first, returns rows indexed as it promises, leaves the
network as it was, gives the same answer for the same seed, and refuses
anything that is not a network by naming the argument. The public API speaks
one vocabulary: keyword-only options, ``hops``, ``seed=0``, ``weight`` only
for a relation column.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from tests.matching.lane import lane


@dataclass(frozen=True)
class Analysis:
    """How to call one analysis, and what its rows are indexed by."""

    run: Callable[[gg.PartnerNetwork, int], object]
    rows: str  # "partners": every partner; "some partners"; "needs"; "candidates"; "places"; "other"
    table: Callable[[object], pd.DataFrame] = lambda result: result  # type: ignore[assignment,return-value]


def members(net: gg.PartnerNetwork) -> list[str]:
    if not isinstance(net, gg.PartnerNetwork):
        return []
    return list(net.partners.index[net.partners["kind"] == "party_member"][:40])


def first_need(net: gg.PartnerNetwork) -> str:
    return net.needs.index[0] if isinstance(net, gg.PartnerNetwork) else "N1"


ANALYSES: dict[str, Analysis] = {
    "centrality": Analysis(lambda net, seed: gg.centrality(net, k=8, seed=seed), "partners"),
    "brokerage": Analysis(lambda net, seed: gg.brokerage(net, by="community"), "partners"),
    "weak_points": Analysis(lambda net, seed: gg.weak_points(net), "some partners", lambda r: r.partners),
    "resilience": Analysis(
        lambda net, seed: gg.resilience(net, remove="degree", order="random", steps=5, seed=seed), "other"
    ),
    "communities": Analysis(lambda net, seed: gg.communities(net, seed=seed), "partners", lambda r: r.groups),
    "cross_community_ties": Analysis(lambda net, seed: gg.cross_community_ties(net), "some partners"),
    "coverage": Analysis(lambda net, seed: gg.coverage(net, hops=2), "some partners"),
    "coverage_summary": Analysis(
        lambda net, seed: gg.coverage_summary(net, hops=2), "some partners", lambda r: r.places
    ),
    "workload": Analysis(lambda net, seed: gg.workload(net), "some partners", lambda r: r.providers),
    "plan_coverage": Analysis(
        lambda net, seed: gg.plan_coverage(net, members(net), budget=5), "some partners", lambda r: r.units
    ),
    "candidates": Analysis(lambda net, seed: gg.candidates(net), "candidates"),
    "suggest": Analysis(lambda net, seed: gg.suggest(net, first_need(net)), "candidates"),
    "match": Analysis(
        lambda net, seed: gg.match(net, strategy="fair", seed=seed), "needs", lambda r: r.unmatched
    ),
    "compare_strategies": Analysis(lambda net, seed: gg.compare_strategies(net, seed=seed), "other"),
    "simulate": Analysis(lambda net, seed: gg.simulate(net, "greedy", periods=3, seed=seed), "other"),
    "service_pipeline": Analysis(lambda net, seed: gg.service_pipeline(net), "some partners"),
    "case_rates": Analysis(lambda net, seed: gg.case_rates(net, period="Q"), "other"),
    "visit_coverage": Analysis(lambda net, seed: gg.visit_coverage(net, as_of="2024-12-31"), "some partners"),
    "affiliation": Analysis(lambda net, seed: gg.affiliation(net), "some partners", lambda r: r.partners),
    "project_summary": Analysis(lambda net, seed: gg.project_summary(net), "other"),
    "three_lists": Analysis(lambda net, seed: gg.three_lists(net), "other", lambda r: r.summary),
    "network_statistics": Analysis(
        lambda net, seed: gg.network_statistics(net, by="community", k=8, seed=seed), "other"
    ),
    "cug_test": Analysis(
        lambda net, seed: gg.cug_test(net, "transitivity", reps=5, seed=seed),
        "other",
        lambda r: r.summary().to_frame(),
    ),
    "dyads": Analysis(
        lambda net, seed: gg.dyads(net, same=["community"]),
        "other",
        lambda r: r.matrix("same_community").iloc[:50],
    ),
    "ego_summary": Analysis(lambda net, seed: gg.ego_summary(net), "partners"),
}

#: Public functions that take something other than a network first, or a subject after it.
SUBJECTS = {
    "plan_coverage": ["candidates"],
    "suggest": ["need"],
    "changes": ["before", "after"],
    "pool_rates": ["rates"],
    "simulate": ["strategy"],
    "report": ["out_dir"],
    "save_html": ["path"],
    "write": ["path"],
    "problem_from": ["table", "needs"],
    "check_assignment": ["chosen", "strategy"],
    "grid_match_rates": ["matched"],
    "register_strategy": ["strategy"],
    "cug_test": ["statistic"],
    "ego_summary": ["partners"],
    "qap": ["y", "x"],
}


@pytest.fixture(scope="module", params=["lane", "datun_north"])
def network(request, datun) -> gg.PartnerNetwork:
    return lane() if request.param == "lane" else datun


def comparable(result: object) -> list[pd.DataFrame]:
    """The frames of a result, without the columns that time the run."""
    if isinstance(result, pd.DataFrame):
        frames = [result]
    elif is_dataclass(result):
        frames = [
            getattr(result, f.name)
            for f in fields(result)
            if isinstance(getattr(result, f.name), pd.DataFrame)
        ]
    else:
        frames = []
    return [f.drop(columns=[c for c in f.columns if c == "run_seconds"]) for f in frames]


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_every_analysis_keeps_the_contract(name, network):
    analysis = ANALYSES[name]
    before = {table: getattr(network, table).copy() for table in gg.model.contract.TABLE_NAMES}
    places = network.places.copy()
    result = analysis.run(network, 3)
    table = analysis.table(result)
    assert isinstance(table, pd.DataFrame)
    partners = network.partners.index
    if analysis.rows == "partners":
        assert table.index.equals(partners)
    elif analysis.rows == "some partners":
        assert table.index.isin(partners).all() and table.index.is_unique
    elif analysis.rows == "needs":
        assert table.index.isin(network.needs.index).all()
    elif analysis.rows == "candidates":
        assert list(table.index.names) == ["need", "resource"]
        assert table.index.get_level_values("need").isin(network.needs.index).all()
    # The network is as it was.
    for name_, frame in before.items():
        pd.testing.assert_frame_equal(getattr(network, name_), frame)
    pd.testing.assert_frame_equal(network.places, places)
    # Same seed, same answer.
    for first, again in zip(comparable(result), comparable(analysis.run(network, 3)), strict=True):
        pd.testing.assert_frame_equal(first, again)


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_every_analysis_refuses_what_is_not_a_network(name):
    with pytest.raises(gg.GovGraphError, match="net: expected a PartnerNetwork, got dict"):
        ANALYSES[name].run({}, 0)  # type: ignore[arg-type]


def public_functions() -> dict[str, Callable]:
    found = {}
    for space in (gg, gg.viz, gg.matching, gg.analysis):
        for name in getattr(space, "__all__", []):
            value = getattr(space, name)
            if inspect.isfunction(value):
                found[name] = value
    return found


def test_every_analysis_of_the_api_is_listed_here():
    functions = public_functions()
    analyses = {
        name for name, f in functions.items() if next(iter(inspect.signature(f).parameters), "") == "net"
    }
    others = {"report", "save_html", "network_page", "network_view", "write", "anonymize", "places_layout"}
    others |= {"problem_from"}  # builds what strategies work on
    assert analyses - others == set(ANALYSES)


@pytest.mark.parametrize("name", sorted(public_functions()))
def test_one_vocabulary(name):
    parameters = list(inspect.signature(public_functions()[name]).parameters.values())
    names = [p.name for p in parameters]
    assert not {"max_hops", "salt", "weights"} & set(names), names
    positional = [p.name for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    positional = [p for p in positional if p not in ("options", "kwargs")]
    allowed = {"net", "table", "path", "name", "problem"} | set(SUBJECTS.get(name, []))
    assert len(positional) <= 1 + len(SUBJECTS.get(name, [])) and set(positional) <= allowed, positional
    for parameter in parameters:
        if parameter.name == "seed":
            assert parameter.default == 0 and parameter.annotation in (int, "int"), parameter
        if parameter.name == "hops":
            assert parameter.annotation in (int, "int"), parameter


def test_the_metrics_have_one_name_each():
    m = gg.match(lane(), strategy="greedy")
    table = gg.compare_strategies(lane(), strategies=["greedy"])
    assert list(m.metrics) == list(gg.matching.METRICS) == list(table.columns)
    year = gg.simulate(lane(), "greedy", periods=2)
    assert {"matched", "match_rate", "urgency_weighted_match_rate", "lowest_grid_match_rate"} <= set(
        year.columns
    )
    assert np.isclose(table.loc["greedy", "mean_hops"], m.metrics["mean_hops"])


def readme_signatures() -> list[str]:
    """The signatures the README's API section lists, one per call."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The API in one vocabulary", 1)[1]
    block = section.split("```python", 1)[1].split("```", 1)[0]
    text = re.sub(r",\n\s+", ", ", block)  # signatures continued on the next line
    return [s.strip() for line in text.splitlines() for s in line.split(" ; ") if "(" in s]


@pytest.mark.parametrize("text", readme_signatures())
def test_the_readme_shows_the_real_signatures(text):
    name, _, arguments = text.partition("(")
    target: object = gg
    for piece in name.replace("net.", "PartnerNetwork.").split(".")[1 if name.startswith("gg.") else 0 :]:
        target = getattr(gg if piece == "PartnerNetwork" else target, piece)
    real = inspect.signature(target)  # type: ignore[arg-type]
    shown = ast.parse(f"def f({arguments}: pass").body[0].args  # type: ignore[attr-defined]
    kinds = [(a.arg, "positional") for a in shown.args] + [(a.arg, "keyword") for a in shown.kwonlyargs]
    if shown.kwarg:
        kinds.append((shown.kwarg.arg, "options"))
    parameters = [p for p in real.parameters.values() if p.name != "self"]
    expected = [
        (p.name, {"KEYWORD_ONLY": "keyword", "VAR_KEYWORD": "options"}.get(p.kind.name, "positional"))
        for p in parameters
    ]
    assert kinds == expected, text
    defaults = [*shown.defaults, *[d for d in shown.kw_defaults if d is not None]]
    shown_defaults = [ast.literal_eval(d) for d in defaults]
    real_defaults = [p.default for p in parameters if p.default is not inspect.Parameter.empty]
    assert shown_defaults == [tuple(d) if isinstance(d, list) else d for d in real_defaults], text
