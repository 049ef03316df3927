"""Dyadic variables and QAP: against least squares on the explicit pairs, brute-force
permutations and R's sna (``netlm``, ``netlogit``, ``qaptest``) on real networks."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import govgraph as gg
from tests.analysis.conftest import as_network
from tests.analysis.rsna import rscript, run_r

TERMS = ["same_grid", "same_kind", "involves_party_member"]


@pytest.fixture(scope="module")
def yy(datun) -> gg.PartnerNetwork:
    return datun.subnetwork(communities=["YY"])


@pytest.fixture(scope="module")
def yy_dyads(yy) -> gg.Dyads:
    return gg.dyads(yy, relations=["visits"], same=["grid", "kind"], involves=["party_member"])


@pytest.fixture(scope="module")
def karate() -> tuple[gg.PartnerNetwork, gg.Dyads]:
    """Zachary's karate club with each member's club: a real network with a real attribute."""
    graph = nx.karate_club_graph()
    net, _ = as_network(graph)
    partners = net.partners.reset_index()
    partners["club"] = [graph.nodes[node]["club"] for node in graph]
    net = gg.PartnerNetwork.from_frames(partners, net.relations)
    return net, gg.dyads(net, same=["club"])


def explicit(d: gg.Dyads, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every variable at every pair (upper triangle undirected, off-diagonal directed)."""
    n = len(d.index)
    if d.directed:
        rows, cols = np.nonzero(~np.eye(n, dtype=bool))
    else:
        rows, cols = np.triu_indices(n, k=1)
    columns = [d.matrix(name).to_numpy()[rows, cols] for name in names]
    return np.column_stack([np.ones(len(rows)), *columns]), (rows, cols)


def ols_t(design: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ beta
    scale = residual @ residual / (len(y) - design.shape[1])
    return beta, beta / np.sqrt(scale * np.diag(np.linalg.inv(design.T @ design)))


def test_dyads_are_the_variables_they_name(yy, yy_dyads):
    d = yy_dyads
    assert d.names == ("ties", "visits", "same_grid", "same_kind", "involves_party_member")
    ties = d.matrix("ties")
    pattern = yy.ties(weight=None).pattern.toarray()
    np.testing.assert_array_equal(ties.to_numpy(), pattern)
    grid = yy.places["grid"]
    same = d.matrix("same_grid")
    i, j = 3, 40
    a, b = yy.partners.index[i], yy.partners.index[j]
    assert same.loc[a, b] == float(pd.notna(grid[a]) and grid[a] == grid[b])
    assert (np.diag(same.to_numpy()) == 0).all()
    member = (yy.partners["kind"] == "party_member").to_numpy()
    expected = (member[:, None] | member[None, :]).astype(float)
    np.fill_diagonal(expected, 0)
    np.testing.assert_array_equal(d.matrix("involves_party_member").to_numpy(), expected)
    directed = gg.dyads(yy, relations=["visits"], directed=True)
    arcs = yy.ties(weight=None, relations=["visits"], directed=True).pattern.toarray()
    np.testing.assert_array_equal(directed.matrix("visits").to_numpy(), arcs)


@pytest.mark.parametrize("directed", [False, True])
def test_regression_equals_least_squares_on_every_pair(yy, directed):
    d = gg.dyads(
        yy,
        relations=["visits"],
        same=["grid", "kind"],
        involves=["party_member"],
        weight="weight",
        directed=directed,
    )
    fit = gg.qap(d["visits"], d[["ties", *TERMS]], reps=5)
    design, _ = explicit(d, ["ties", *TERMS])
    y = explicit(d, ["visits"])[0][:, 1]
    beta, t = ols_t(design, y)
    np.testing.assert_allclose(fit.table["estimate"].to_numpy(), beta, atol=1e-10)
    np.testing.assert_allclose(fit.table["statistic"].to_numpy(), t, rtol=1e-8)
    residual = y - design @ beta
    assert fit.fit["r_squared"] == pytest.approx(1 - residual @ residual / ((y - y.mean()) @ (y - y.mean())))
    assert fit.fit["pairs"] == len(y)


@pytest.mark.parametrize("permutation", ["y", "dekker"])
def test_permutations_equal_brute_force(yy_dyads, permutation):
    """Relabel the explicit n × n matrices with the same permutations and refit by least squares."""
    d = yy_dyads
    reps, seed = 6, 9
    fit = gg.qap(d["ties"], d[TERMS], permutation=permutation, reps=reps, seed=seed)
    n = len(d.index)
    full = {name: d.matrix(name).to_numpy() for name in ["ties", *TERMS]}
    rows, cols = np.triu_indices(n, k=1)
    design = np.column_stack([np.ones(len(rows)), *[full[name][rows, cols] for name in TERMS]])
    rng = np.random.default_rng(seed)
    for r in range(reps):
        perm = rng.permutation(n)
        if permutation == "y":
            moved = full["ties"][np.ix_(perm, perm)][rows, cols]
            expected = ols_t(design, moved)[1]
        else:
            y = full["ties"][rows, cols]
            expected = np.empty(design.shape[1])
            for j in range(design.shape[1]):
                others = np.delete(design, j, axis=1)
                residual = design[:, j] - others @ np.linalg.lstsq(others, design[:, j], rcond=None)[0]
                square = np.zeros((n, n))
                square[rows, cols] = residual
                square = square + square.T
                moved = square[np.ix_(perm, perm)][rows, cols]
                expected[j] = ols_t(np.column_stack([others, moved]), y)[1][-1]
        np.testing.assert_allclose(fit.distribution.iloc[r].to_numpy(), expected, rtol=1e-7, atol=1e-9)


def test_logit_equals_newton_on_every_pair(yy_dyads):
    d = yy_dyads
    fit = gg.qap(d["ties"], d[["same_grid", "involves_party_member"]], method="logit", reps=3)
    design, _ = explicit(d, ["same_grid", "involves_party_member"])
    y = explicit(d, ["ties"])[0][:, 1]
    beta = np.zeros(design.shape[1])
    for _ in range(50):
        rate = 1 / (1 + np.exp(-design @ beta))
        beta += np.linalg.solve((design * (rate * (1 - rate))[:, None]).T @ design, design.T @ (y - rate))
    np.testing.assert_allclose(fit.table["estimate"].to_numpy(), beta, rtol=1e-8)
    rate = 1 / (1 + np.exp(-design @ beta))
    deviance = -2 * np.sum(y * np.log(rate) + (1 - y) * np.log1p(-rate))
    assert fit.fit["deviance"] == pytest.approx(deviance, rel=1e-9)


def test_correlation_and_repeats(karate):
    d = karate[1]
    fit = gg.qap(d["ties"], d["same_club"], method="correlation", reps=200, seed=1)
    design, _ = explicit(d, ["ties", "same_club"])
    assert fit.table.loc["same_club", "estimate"] == pytest.approx(
        np.corrcoef(design[:, 1], design[:, 2])[0, 1]
    )
    again = gg.qap(d["ties"], d["same_club"], method="correlation", reps=200, seed=1)
    pd.testing.assert_frame_equal(fit.distribution, again.distribution)
    other = gg.qap(d["ties"], d["same_club"], method="correlation", reps=200, seed=2)
    assert not fit.distribution.equals(other.distribution)
    assert fit.table.loc["same_club", "p_greater"] < 0.01  # members tie within their club
    assert "QAP correlation" in repr(fit)


@pytest.fixture(scope="module")
def sna_qap(karate, yy_dyads, tmp_path_factory) -> dict[str, np.ndarray]:
    executable = rscript()
    _, kd = karate
    matrices = {"k_ties": kd.matrix("ties").to_numpy(), "k_club": kd.matrix("same_club").to_numpy()}
    for name in ["ties", *TERMS]:
        matrices[f"y_{name}"] = yy_dyads.matrix(name).to_numpy()
    # Club membership for a second, weaker karate covariate: both in the ten most connected.
    degree = matrices["k_ties"].sum(axis=1)
    top = degree >= np.sort(degree)[-10]
    hubs = (top[:, None] & top[None, :]).astype(float)
    np.fill_diagonal(hubs, 0)
    matrices["k_hubs"] = hubs
    script = """
set.seed(5)
x <- list(m$k_club, m$k_hubs)
f <- netlm(m$k_ties, x, mode = "graph", nullhyp = "qapspp", reps = 1000)
put("lm_coef", f$coefficients); put("lm_t", f$tstat); put("lm_pge", f$pgreq); put("lm_pabs", f$pgreqabs)
g <- netlm(m$k_ties, x, mode = "graph", nullhyp = "qapy", reps = 1000)
put("lmy_pge", g$pgreq); put("lmy_pabs", g$pgreqabs)
l <- netlogit(m$k_ties, x, mode = "graph", nullhyp = "qapy", reps = 1000)
put("logit_coef", l$coefficients); put("logit_pabs", l$pgreqabs); put("logit_dev", l$deviance)
q <- qaptest(list(m$k_ties, m$k_hubs), gcor, g1 = 1, g2 = 2, reps = 1000, mode = "graph")
put("cor", c(q$testval, q$pgreq, q$pleeq))
big <- netlm(m$y_ties, list(m$y_same_grid, m$y_same_kind, m$y_involves_party_member), mode = "graph",
             nullhyp = "qapy", reps = 1)
put("yy_coef", big$coefficients); put("yy_t", big$tstat)
"""
    return run_r(executable, tmp_path_factory.mktemp("qap"), matrices, script)


def test_qap_equals_sna(karate, yy_dyads, sna_qap):
    """Coefficients and t-values exactly; p-values of 1,000 permutations within 0.09 (four joint
    standard errors of two independent runs, √(2 · ¼ / 1000) ≈ 0.022)."""
    net, d = karate
    top = net.ties(weight=None).pattern.toarray().sum(axis=1)
    hubs = top >= np.sort(top)[-10]
    square = (hubs[:, None] & hubs[None, :]).astype(float)
    both = gg.Dyads.from_matrices(
        {"same_club": d.matrix("same_club"), "hubs": pd.DataFrame(square, index=d.index, columns=d.index)}
    )
    x = both[["same_club", "hubs"]]
    y = gg.Dyads.from_matrices({"ties": d.matrix("ties")})
    lm = gg.qap(y, x, permutation="dekker", reps=1000)
    np.testing.assert_allclose(lm.table["estimate"], sna_qap["lm_coef"], atol=1e-12)
    np.testing.assert_allclose(lm.table["statistic"], sna_qap["lm_t"], rtol=1e-9)
    np.testing.assert_allclose(lm.table["p_greater"], sna_qap["lm_pge"], atol=0.09)
    np.testing.assert_allclose(lm.table["p_abs"], sna_qap["lm_pabs"], atol=0.09)
    lmy = gg.qap(y, x, permutation="y", reps=1000)
    np.testing.assert_allclose(lmy.table["p_greater"], sna_qap["lmy_pge"], atol=0.09)
    np.testing.assert_allclose(lmy.table["p_abs"], sna_qap["lmy_pabs"], atol=0.09)
    logit = gg.qap(y, x, method="logit", reps=1000)
    np.testing.assert_allclose(logit.table["estimate"], sna_qap["logit_coef"], rtol=1e-7)
    np.testing.assert_allclose(logit.table["p_abs"], sna_qap["logit_pabs"], atol=0.09)
    assert logit.fit["deviance"] == pytest.approx(sna_qap["logit_dev"][0], rel=1e-9)
    cor = gg.qap(y, x["hubs"], method="correlation", reps=1000)
    value, p_greater, p_less = sna_qap["cor"]
    assert cor.table.loc["hubs", "estimate"] == pytest.approx(value, abs=1e-12)
    assert cor.table.loc["hubs", "p_greater"] == pytest.approx(p_greater, abs=0.09)
    assert cor.table.loc["hubs", "p_less"] == pytest.approx(p_less, abs=0.09)
    # A larger real network: the coefficients of Yuyuan's ties on grid, kind and party members.
    big = gg.qap(yy_dyads["ties"], yy_dyads[TERMS], reps=1)
    np.testing.assert_allclose(big.table["estimate"], sna_qap["yy_coef"], atol=1e-12)
    np.testing.assert_allclose(big.table["statistic"], sna_qap["yy_t"], rtol=1e-9)


def test_bad_input_names_the_problem(yy_dyads, karate):
    d = yy_dyads
    with pytest.raises(gg.GovGraphError, match="y: expected one variable"):
        gg.qap(d[["ties", "visits"]], d[TERMS])
    with pytest.raises(gg.GovGraphError, match="same partners"):
        gg.qap(karate[1]["ties"], d[TERMS])
    with pytest.raises(gg.GovGraphError, match="singular"):
        gg.qap(
            d["ties"],
            d[["same_grid", "same_grid"]]
            if False
            else gg.Dyads(d.index, False, {"a": d.variables["same_grid"], "b": d.variables["same_grid"]}),
        )
    weighted = gg.dyads(karate[0], weight="weight")
    with pytest.raises(gg.GovGraphError, match="0/1 outcome"):
        gg.qap(
            gg.Dyads.from_matrices({"w": weighted.matrix("ties") * 2}), karate[1]["same_club"], method="logit"
        )
    with pytest.raises(gg.GovGraphError, match="method"):
        gg.qap(d["ties"], d[TERMS], method="anova")
    with pytest.raises(gg.GovGraphError, match="dyads: expected some of"):
        d["no_such"]
    with pytest.raises(gg.GovGraphError, match="y, x: expected Dyads"):
        gg.qap(np.eye(3), d[TERMS])  # type: ignore[arg-type]
    with pytest.raises(gg.GovGraphError, match="relations: unknown relation kind"):
        gg.dyads(karate[0], relations=["'; MATCH (n) DETACH DELETE n //"])
    with pytest.raises(gg.GovGraphError, match="same: expected a partner column"):
        gg.dyads(karate[0], same=["<script>"])
    with pytest.raises(gg.GovGraphError, match="involves"):
        gg.dyads(karate[0], involves=["wizard"])


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        (np.ones((3, 4)), "square"),
        (np.array([[0, 1, 0], [0, 0, 0], [0, 0, 0]]), "not symmetric"),
        (np.array([[0, np.nan, 0], [np.nan, 0, 0], [0, 0, 0]]), "missing or infinite"),
        ([["a", "b"], ["c", "d"]], "expected numbers"),
    ],
)
def test_from_matrices_refuses_what_is_not_a_dyadic_variable(matrix, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.Dyads.from_matrices({"m": matrix})


def test_sparse_matrices_with_a_diagonal_equal_least_squares():
    """Sparse input: the diagonal is ignored and every other cell counts, as for dense input."""
    rng = np.random.default_rng(1)
    a = np.triu((rng.random((30, 30)) < 0.2).astype(float), 1)
    a = a + a.T
    np.fill_diagonal(a, 5.0)
    b = np.triu(rng.random((30, 30)) * (rng.random((30, 30)) < 0.3), 1)
    b = b + b.T
    sparse = gg.Dyads.from_matrices({"y": sp.csr_array(a), "x": sp.csr_array(b)})
    dense = gg.Dyads.from_matrices({"y": a, "x": b})
    rows, cols = np.triu_indices(30, 1)
    expected = ols_t(np.column_stack([np.ones(len(rows)), b[rows, cols]]), a[rows, cols])
    for d in (sparse, dense):
        fit = gg.qap(d["y"], d["x"], reps=30, seed=4)
        np.testing.assert_allclose(fit.table["estimate"], expected[0], atol=1e-12)
        np.testing.assert_allclose(fit.table["statistic"], expected[1], rtol=1e-9)
    pd.testing.assert_frame_equal(
        gg.qap(sparse["y"], sparse["x"], reps=30, seed=4).distribution,
        gg.qap(dense["y"], dense["x"], reps=30, seed=4).distribution,
        rtol=1e-9,
    )
