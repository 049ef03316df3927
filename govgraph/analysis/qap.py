"""Dyadic variables and the quadratic assignment procedure (QAP).

A dyadic variable gives a number to every pair of partners: whether they are
tied by a relation kind, whether they share a community, whether one of them
is a party member. :func:`dyads` builds them from a network;
:func:`qap` correlates or regresses one on others and judges the result by
relabelling the partners at random, which keeps every network's structure
and breaks only the link between them (Krackhardt 1988; Dekker, Krackhardt
& Snijders 2007).

The variables are never stored as n × n tables. Each is *ties* (a sparse
matrix), *labels* (a code per partner and a table of values by the two
codes: "same community" is the identity table) or, when given so, a dense
matrix. Everything the regressions need is a sum over pairs of two
variables, one of them relabelled, and each such sum costs the ties of one
of them or the partners, not the pairs: 1,000 permutations of a regression
on Datun North's 3,881 partners take a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.errors import GovGraphError
from govgraph.model.checks import (
    check_choice,
    check_count,
    check_group_column,
    check_kinds,
    check_network,
    check_seed,
)
from govgraph.model.network import PartnerNetwork

__all__ = ["QAP_METHODS", "Dyads", "QAPResult", "dyads", "qap"]

#: What :func:`qap` can fit.
QAP_METHODS = ("correlation", "regression", "logit")
_INTERCEPT = "(intercept)"
#: Above this many pairs a logit (which works pair by pair) is refused.
_LOGIT_PAIRS = 60_000_000


@dataclass(frozen=True)
class _Variable:
    """One dyadic variable: exactly one of ``ties``, ``codes`` (with ``table``) or ``dense``."""

    ties: sp.csr_array | None = None
    codes: np.ndarray | None = None
    table: np.ndarray | None = None
    dense: np.ndarray | None = None

    def at(self, rows: np.ndarray, cols: np.ndarray, keys: np.ndarray | None = None) -> np.ndarray:
        """Values at the pairs ``(rows[i], cols[i])``; ``keys`` are this variable's sorted tie keys."""
        if self.codes is not None:
            assert self.table is not None
            return self.table[self.codes[rows], self.codes[cols]]
        if self.dense is not None:
            return self.dense[rows, cols]
        assert self.ties is not None and keys is not None
        n = self.ties.shape[0]
        wanted = rows.astype(np.int64) * n + cols
        where = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        found = (keys[where] == wanted) if len(keys) else np.zeros(len(wanted), bool)
        return np.where(found, self.ties.data[where] if len(keys) else 0.0, 0.0)

    def values(self, n: int) -> np.ndarray:
        """The full n × n matrix (diagonal included as stored)."""
        if self.codes is not None:
            assert self.table is not None
            return self.table[self.codes[:, None], self.codes[None, :]].astype(np.float64)
        if self.dense is not None:
            return self.dense.astype(np.float64)
        assert self.ties is not None
        return self.ties.toarray()


@dataclass(frozen=True)
class Dyads:
    """Dyadic variables over the same partners; index one or several by name.

    Attributes
    ----------
    index : pandas.Index
        Partner ids, in the order of the rows and columns.
    directed : bool
        Whether a pair ``(i, j)`` differs from ``(j, i)``; undirected
        variables are symmetric and count each pair once.
    names : tuple of str
        The variables, in order.

    Examples
    --------
    >>> import govgraph as gg
    >>> d = gg.dyads(gg.load_dataset("datun_north"), same=["community"])
    >>> d.names
    ('ties', 'same_community')
    >>> d["ties"].matrix().shape
    (3881, 3881)
    """

    index: pd.Index
    directed: bool
    variables: Mapping[str, _Variable] = field(repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.variables)

    def __len__(self) -> int:
        return len(self.variables)

    def __getitem__(self, names: str | Sequence[str]) -> Dyads:
        wanted = [names] if isinstance(names, str) else list(names)
        unknown = [name for name in wanted if name not in self.variables]
        if unknown or not wanted:
            raise GovGraphError(f"dyads: expected some of {list(self.variables)}, got {wanted!r}")
        return Dyads(self.index, self.directed, {name: self.variables[name] for name in wanted})

    def matrix(self, name: str | None = None) -> pd.DataFrame:
        """One variable as a partners × partners table (the only one when ``name`` is None)."""
        if name is None:
            if len(self.variables) != 1:
                raise GovGraphError(f"matrix: name one of {list(self.variables)}")
            name = next(iter(self.variables))
        values = self[name].variables[name].values(len(self.index))
        np.fill_diagonal(values, 0.0)
        return pd.DataFrame(values, index=self.index, columns=self.index)

    @classmethod
    def from_matrices(
        cls, matrices: Mapping[str, object], *, index: Iterable[object] | None = None, directed: bool = False
    ) -> Dyads:
        """Dyadic variables from square tables (numpy arrays, DataFrames or scipy sparse matrices).

        The diagonal is ignored. Undirected variables must be symmetric.
        DataFrames must all carry the same ids on both axes (``index`` then
        defaults to them).
        """
        if not matrices:
            raise GovGraphError("matrices: expected at least one named matrix")
        variables: dict[str, _Variable] = {}
        ids: pd.Index | None = None if index is None else pd.Index(list(index))
        for name, matrix in matrices.items():
            if isinstance(matrix, pd.DataFrame):
                if not matrix.index.equals(matrix.columns):
                    raise GovGraphError(f"matrices[{name!r}]: rows and columns must name the same partners")
                if ids is None:
                    ids = matrix.index
                elif not matrix.index.equals(ids):
                    raise GovGraphError(f"matrices[{name!r}]: its partners differ from the first matrix's")
                matrix = matrix.to_numpy()
            if sp.issparse(matrix):
                values = sp.csr_array(matrix, dtype=np.float64)
            else:
                try:
                    values = np.asarray(matrix, dtype=np.float64)
                except (TypeError, ValueError):
                    raise GovGraphError(f"matrices[{name!r}]: expected numbers") from None
            if values.ndim != 2 or values.shape[0] != values.shape[1]:
                raise GovGraphError(f"matrices[{name!r}]: expected a square table, got shape {values.shape}")
            n = values.shape[0]
            if ids is None:
                ids = pd.RangeIndex(n)
            if n != len(ids):
                raise GovGraphError(f"matrices[{name!r}]: expected {len(ids)} rows, got {n}")
            if sp.issparse(values):
                values = _sorted(values)
                finite = np.isfinite(values.data).all()
                symmetric = (abs(values - values.T) > 0).nnz == 0
                variable = _Variable(ties=values)
            else:
                values = values.copy()
                np.fill_diagonal(values, 0.0)
                finite = bool(np.isfinite(values).all())
                symmetric = bool(np.array_equal(values, values.T))
                variable = _Variable(dense=values)
            if not finite:
                raise GovGraphError(f"matrices[{name!r}]: holds missing or infinite values")
            if not directed and not symmetric:
                raise GovGraphError(
                    f"matrices[{name!r}]: not symmetric; pass directed=True for directed pairs"
                )
            variables[str(name)] = variable
        assert ids is not None
        return cls(ids, bool(directed), variables)


def _sorted(matrix: sp.csr_array) -> sp.csr_array:
    """The matrix without its diagonal or stored zeros, in sorted order: its data lines up with its keys."""
    matrix = sp.csr_array(matrix, dtype=np.float64)
    matrix.sum_duplicates()
    matrix = sp.csr_array(matrix - sp.dia_array((matrix.diagonal(), 0), shape=matrix.shape))
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


def dyads(
    net: PartnerNetwork,
    *,
    relations: Iterable[str] = (),
    same: Iterable[str] = (),
    involves: Iterable[str] = (),
    weight: str | None = None,
    directed: bool = False,
) -> Dyads:
    """Dyadic variables of a network, for :func:`qap`.

    Parameters
    ----------
    net : PartnerNetwork
    relations : iterable of str
        Relation kinds, each a variable of that name: 1 where the two
        partners are joined by a relation of that kind. Always present:
        ``ties``, joined by any relation.
    same : iterable of str
        Partner columns (``"community"``, ``"grid"`` — the partners' places
        — ``"kind"`` or any extra), each a variable ``same_<column>``: 1 when
        both partners have the same value (0 when either has none).
    involves : iterable of str
        Partner kinds, each a variable ``involves_<kind>``: 1 when at least
        one of the two partners is of that kind.
    weight : str, optional
        Relation column summed into the tie variables instead of 1.
    directed : bool
        False (default): pairs are unordered and tie variables symmetric.
        True: pairs are ordered and tie variables follow the relations'
        direction (see ``net.ties(directed=True)``).

    Returns
    -------
    Dyads

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> d = gg.dyads(net, relations=["leads"], same=["grid"], involves=["party_member"])
    >>> d.names
    ('ties', 'leads', 'same_grid', 'involves_party_member')
    """
    net = check_network(net)
    if not isinstance(directed, bool):
        raise GovGraphError(f"directed: expected True or False, got {directed!r}")
    variables: dict[str, _Variable] = {}
    kinds = [relations] if isinstance(relations, str) else list(relations)
    for kind in [None, *kinds]:
        if kind is not None and kind not in net.schema.relations:
            raise GovGraphError(f"relations: unknown relation kind {kind!r}")
        graph = net.ties(weight=weight, relations=None if kind is None else [kind], directed=directed)
        matrix = graph.pattern if weight is None else graph.strength
        variables["ties" if kind is None else str(kind)] = _Variable(ties=_sorted(matrix))
    for column in [same] if isinstance(same, str) else list(same):
        codes, values = pd.factorize(check_group_column(net, column, "same").astype("string"))
        table = np.eye(len(values) + 1)
        table[-1, -1] = 0.0  # code -1 (no value) is the last row: never "the same"
        variables[f"same_{column}"] = _Variable(codes=np.where(codes < 0, len(values), codes), table=table)
    for kind in check_kinds(net, list([involves] if isinstance(involves, str) else involves), "involves"):
        member = (net.partners["kind"] == kind).to_numpy().astype(np.int64)
        variables[f"involves_{kind}"] = _Variable(codes=member, table=np.array([[0.0, 1.0], [1.0, 1.0]]))
    return Dyads(net.partners.index, directed, variables)


# -- sums over pairs with one variable relabelled ------------------------------------


class _Pairs:
    """Sums ``Σ_{i≠j} a[i, j] · b[π(i), π(j)]`` over the variables of one design.

    Variables are addressed by position; position ``-1`` is the constant 1.
    Tie keys and pair lists are prepared once.
    """

    def __init__(self, variables: Sequence[_Variable], n: int, directed: bool) -> None:
        self.variables = list(variables)
        self.n = n
        # Undirected variables are symmetric: sums over ordered pairs are twice those over pairs.
        self.scale = 1.0 if directed else 0.5
        self.keys: list[np.ndarray | None] = []
        self.pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = []
        for v in self.variables:
            if v.ties is None:
                self.keys.append(None)
                self.pairs.append(None)
                continue
            coo = sp.coo_array(v.ties)  # no diagonal, sorted (see _sorted): keys line up with the data
            rows, cols = coo.row.astype(np.int64), coo.col.astype(np.int64)
            self.keys.append(rows * n + cols)
            self.pairs.append((rows, cols, coo.data))

    @property
    def count(self) -> float:
        """Number of pairs."""
        return self.n * (self.n - 1) * self.scale

    def total(self, a: int) -> float:
        """Sum of a variable over all pairs (unchanged by relabelling)."""
        return self.inner(a, -1, None)

    def inner(self, a: int, b: int, perm: np.ndarray | None) -> float:
        """Sum over pairs of ``a`` times ``b`` relabelled by ``perm`` (None: not relabelled)."""
        n = self.n
        ident = np.arange(n) if perm is None else perm
        if a == -1 and b == -1:
            return self.count
        if a == -1 or b == -1:
            # The constant: any relabelling leaves a variable's total as it was.
            return self._total(b if a == -1 else a)
        va, vb = self.variables[a], self.variables[b]
        if va.ties is not None:
            rows, cols, data = self.pairs[a]  # type: ignore[misc]
            return float(data @ vb.at(ident[rows], ident[cols], self.keys[b])) * self.scale
        if vb.ties is not None:
            inverse = np.empty(n, dtype=np.int64)
            inverse[ident] = np.arange(n)
            rows, cols, data = self.pairs[b]  # type: ignore[misc]
            return float(data @ va.at(inverse[rows], inverse[cols], self.keys[a])) * self.scale
        if va.codes is not None and vb.codes is not None:
            assert va.table is not None and vb.table is not None
            u, w = va.codes, vb.codes[ident]
            joint = np.zeros((va.table.shape[0], vb.table.shape[0]))
            np.add.at(joint, (u, w), 1.0)
            both = float(((va.table @ joint @ vb.table.T) * joint).sum())
            diagonal = float((np.diag(va.table)[u] * np.diag(vb.table)[w]).sum())
            return (both - diagonal) * self.scale
        # Dense on at least one side: the full tables.
        left, right = va.values(n), vb.values(n)[np.ix_(ident, ident)]
        np.fill_diagonal(left, 0.0)
        return float((left * right).sum()) * self.scale

    def _total(self, a: int) -> float:
        v = self.variables[a]
        if v.ties is not None:
            return float(self.pairs[a][2].sum()) * self.scale  # type: ignore[index]
        if v.codes is not None:
            assert v.table is not None
            counts = np.bincount(v.codes, minlength=v.table.shape[0]).astype(np.float64)
            return float(counts @ v.table @ counts - (np.diag(v.table) * counts).sum()) * self.scale
        values = v.values(self.n)
        return float(values.sum() - np.trace(values)) * self.scale


# -- the procedure ---------------------------------------------------------------------


@dataclass(frozen=True)
class QAPResult:
    """Result of :func:`qap`.

    Attributes
    ----------
    table : DataFrame
        One row per term (``(intercept)`` first for the regressions): the
        ``estimate`` (correlation or coefficient), its test ``statistic``
        (the correlation itself, the t-value of a least-squares
        coefficient, the z-value of a logit one), the permutation
        distribution's ``q2.5``, ``median`` and ``q97.5``, and the shares of
        permutations with a statistic at most (``p_less``), at least
        (``p_greater``) and at least as far from 0 (``p_abs``) as observed —
        sna's ``pleeq``, ``pgreq`` and ``pgreqabs``.
    distribution : DataFrame
        The statistic under each permutation (rows) for each term (columns).
    fit : dict
        ``pairs`` and, for a regression, ``r_squared`` and
        ``adjusted_r_squared``, ``residual_se``; for a logit ``deviance``,
        ``null_deviance`` and ``aic``.
    method, permutation : str
    reps, seed : int
    """

    table: pd.DataFrame
    distribution: pd.DataFrame = field(repr=False)
    fit: dict[str, float]
    method: str
    permutation: str
    reps: int
    seed: int

    def __repr__(self) -> str:
        head = f"QAP {self.method} ({self.permutation} permutations, reps={self.reps}, seed={self.seed})"
        facts = ", ".join(f"{k}={v:.6g}" for k, v in self.fit.items())
        return f"{head}\n{self.table.to_string()}\n{facts}"


def qap(
    y: Dyads,
    x: Dyads,
    *,
    method: str = "regression",
    permutation: str = "y",
    reps: int = 1000,
    seed: int = 0,
) -> QAPResult:
    """Quadratic assignment: correlate or regress one dyadic variable on others, tested by permutation.

    Parameters
    ----------
    y : Dyads
        One variable, the outcome (``d["ties"]``, say).
    x : Dyads
        One or more variables over the same partners.
    method : {"correlation", "regression", "logit"}
        ``"correlation"``: Pearson's r of ``y`` with each variable of ``x``
        (sna ``qaptest`` with ``gcor``); ``"regression"`` (default): least
        squares with an intercept (sna ``netlm``); ``"logit"``: logistic
        regression of a 0/1 ``y`` (sna ``netlogit``).
    permutation : {"y", "dekker"}
        ``"y"``: relabel the outcome's partners (sna's ``qapy``);
        ``"dekker"``: for each term, relabel the residual of that variable
        regressed on the others (double semi-partialling, sna's ``qapspp``,
        robust to collinear variables). The correlation always relabels ``y``.
    reps : int
        Permutations (default 1000).
    seed : int
        Seed of the permutations (default 0): the same seed repeats the result.

    Returns
    -------
    QAPResult

    Raises
    ------
    GovGraphError
        For variables over different partners or directedness, a logit of a
        ``y`` that is not 0/1, a singular design (a variable that is constant
        or a combination of others), or a logit on more than 60 million pairs.

    Notes
    -----
    Undirected variables count each pair once (sna's ``mode="graph"``), the
    diagonal never. With ``reps`` permutations a p-value is known to about
    ``√(p(1−p)/reps)``. A logit is fitted to counts of the pairs sharing
    the same values (tie and label variables take few values), so a
    permutation costs the outcome's ties with ``"y"`` and every pair with
    ``"dekker"``.

    References
    ----------
    Krackhardt, D. (1988). Predicting with networks: nonparametric multiple
    regression analysis of dyadic data. Social Networks, 10(4), 359–381.
    Dekker, D., Krackhardt, D., & Snijders, T. A. B. (2007). Sensitivity of
    MRQAP tests to collinearity and autocorrelation conditions.
    Psychometrika, 72(4), 563–581.

    Examples
    --------
    >>> import govgraph as gg
    >>> d = gg.dyads(gg.load_dataset("datun_north"), same=["grid", "kind"])
    >>> fit = gg.qap(d["ties"], d[["same_grid", "same_kind"]], reps=100)
    >>> row = fit.table.loc["same_grid"]
    >>> bool(row["estimate"] > 0), float(row["p_greater"])
    (True, 0.0)
    """
    method = check_choice(method, QAP_METHODS, "method")
    permutation = check_choice(permutation, ("y", "dekker"), "permutation")
    reps = check_count(reps, "reps")
    seed = check_seed(seed)
    if not isinstance(y, Dyads) or not isinstance(x, Dyads):
        raise GovGraphError("y, x: expected Dyads (from gg.dyads or Dyads.from_matrices)")
    if len(y) != 1:
        raise GovGraphError(f"y: expected one variable, got {list(y.names)}")
    if not y.index.equals(x.index) or y.directed != x.directed:
        raise GovGraphError("y, x: expected variables over the same partners, both directed or both not")
    if len(y.index) < 3:
        raise GovGraphError(f"y: expected at least 3 partners, got {len(y.index)}")
    names = list(x.names)
    rng = np.random.default_rng(seed)
    n = len(y.index)
    perms = [rng.permutation(n) for _ in range(reps)]
    pairs = _Pairs([*x.variables.values(), next(iter(y.variables.values()))], n, y.directed)
    if method == "correlation":
        estimate, observed, draws, fit = _correlation(pairs, perms)
        terms = names
    elif method == "regression":
        estimate, observed, draws, fit = _regression(pairs, perms, permutation)
        terms = [_INTERCEPT, *names]
    else:
        estimate, observed, draws, fit = _logit(pairs, perms, permutation)
        terms = [_INTERCEPT, *names]
    distribution = pd.DataFrame(draws, columns=pd.Index(terms, name="term"))
    low, mid, high = np.quantile(draws, [0.025, 0.5, 0.975], axis=0)
    table = pd.DataFrame(
        {
            "estimate": estimate,
            "statistic": observed,
            "q2.5": low,
            "median": mid,
            "q97.5": high,
            "p_less": (draws <= observed).mean(axis=0),
            "p_greater": (draws >= observed).mean(axis=0),
            "p_abs": (np.abs(draws) >= np.abs(observed)).mean(axis=0),
        },
        index=pd.Index(terms, name="term"),
    )
    return QAPResult(table, distribution, fit, method, permutation, reps, seed)


def _correlation(
    pairs: _Pairs, perms: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    k = len(pairs.variables) - 1
    y, count = k, pairs.count
    sy, syy = pairs.total(y), pairs.inner(y, y, None)
    sx = np.array([pairs.total(j) for j in range(k)])
    sxx = np.array([pairs.inner(j, j, None) for j in range(k)])
    spread = np.sqrt((sxx - sx * sx / count) * (syy - sy * sy / count))
    if np.any(spread == 0):
        raise GovGraphError("x, y: a variable is the same for every pair; its correlation is undefined")

    def r(perm: np.ndarray | None) -> np.ndarray:
        sxy = np.array([pairs.inner(j, y, perm) for j in range(k)])
        return (sxy - sx * sy / count) / spread

    observed = r(None)
    draws = np.array([r(perm) for perm in perms])
    return observed, observed, draws, {"pairs": count}


def _moments(pairs: _Pairs, perm: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Cross products of the design (constant first) and of the design with the relabelled outcome."""
    k = len(pairs.variables) - 1
    columns = [-1, *range(k)]
    xtx = np.array([[pairs.inner(a, b, None) for b in columns] for a in columns])
    xty = np.array([pairs.inner(a, k, perm) for a in columns])
    return xtx, xty


def _regression(
    pairs: _Pairs, perms: list[np.ndarray], permutation: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    k = len(pairs.variables) - 1
    count, y = pairs.count, k
    syy = pairs.inner(y, y, None)
    xtx, xty = _moments(pairs, None)
    columns = [-1, *range(k)]
    p = len(columns)
    inverse = _inverse(xtx)
    beta = inverse @ xty

    def t_values(gram_inverse: np.ndarray, cross: np.ndarray) -> np.ndarray:
        coef = gram_inverse @ cross
        residual = max(syy - coef @ cross, 0.0)
        scale = residual / (count - p)
        with np.errstate(divide="ignore", invalid="ignore"):
            return coef / np.sqrt(scale * np.diag(gram_inverse))

    observed = t_values(inverse, xty)
    draws = np.empty((len(perms), p))
    if permutation == "y":
        for r, perm in enumerate(perms):
            draws[r] = t_values(inverse, _moments_y(pairs, columns, perm))
    else:
        # Dekker: the residual e_j of x_j on the others is Σ w_l x_l; relabelled, its cross
        # products with the design and y are sums of the same pair sums.
        weights = []
        for j in range(p):
            others = [i for i in range(p) if i != j]
            gamma = np.linalg.solve(xtx[np.ix_(others, others)], xtx[others, j])
            w = np.zeros(p)
            w[j], w[others] = 1.0, -gamma
            weights.append(w)
        for r, perm in enumerate(perms):
            mixed = np.array([[pairs.inner(a, b, perm) for b in columns] for a in columns])
            toward_y = np.array([pairs.inner(y, b, perm) for b in columns])
            for j, w in enumerate(weights):
                design = xtx.copy()
                cross = xty.copy()
                column = mixed @ w
                design[j, :] = design[:, j] = column
                design[j, j] = w @ xtx @ w
                cross[j] = toward_y @ w
                draws[r, j] = t_values(_inverse(design), cross)[j]
    total = syy - pairs.total(y) ** 2 / count
    residual = syy - beta @ xty
    r2 = 1.0 - residual / total if total > 0 else np.nan
    fit = {
        "pairs": count,
        "r_squared": r2,
        "adjusted_r_squared": 1.0 - (1.0 - r2) * (count - 1) / (count - p),
        "residual_se": float(np.sqrt(max(residual, 0.0) / (count - p))),
    }
    return beta, observed, draws, fit


def _moments_y(pairs: _Pairs, columns: list[int], perm: np.ndarray) -> np.ndarray:
    y = len(pairs.variables) - 1
    return np.array([pairs.inner(a, y, perm) for a in columns])


def _inverse(gram: np.ndarray) -> np.ndarray:
    if np.linalg.cond(gram) > 1e12:
        raise GovGraphError("x: a variable is constant or a combination of the others; the fit is singular")
    return np.asarray(np.linalg.inv(gram))


# -- logit on pair counts ----------------------------------------------------------------


def _pair_index(n: int, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    if directed:
        rows, cols = np.nonzero(~np.eye(n, dtype=bool))
    else:
        rows, cols = np.triu_indices(n, k=1)
    return rows.astype(np.int64), cols.astype(np.int64)


def _logit(
    pairs: _Pairs, perms: list[np.ndarray], permutation: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, float]]:
    n, k = pairs.n, len(pairs.variables) - 1
    directed = pairs.scale == 1.0
    if pairs.count > _LOGIT_PAIRS:
        raise GovGraphError(f"method: a logit works pair by pair; {int(pairs.count):,} pairs are too many")
    rows, cols = _pair_index(n, directed)
    outcome = pairs.variables[k]
    y_full = outcome.values(n)
    if not np.isin(y_full[rows, cols], (0.0, 1.0)).all():
        raise GovGraphError("y: a logit needs a 0/1 outcome (ties without weights)")
    design = np.column_stack(
        [np.ones(len(rows))] + [v.at(rows, cols, pairs.keys[i]) for i, v in enumerate(pairs.variables[:k])]
    )
    patterns, pattern_of = np.unique(design, axis=0, return_inverse=True)
    pattern_of = pattern_of.ravel()
    sizes = np.bincount(pattern_of, minlength=len(patterns)).astype(np.float64)
    lookup = np.full((n, n), -1, dtype=np.int64)
    lookup[rows, cols] = pattern_of
    if not directed:
        lookup[cols, rows] = pattern_of
    positive_rows, positive_cols = np.nonzero(np.triu(y_full, 1) if not directed else y_full)

    def successes(perm: np.ndarray | None) -> np.ndarray:
        ident = np.arange(n) if perm is None else perm
        inverse = np.empty(n, dtype=np.int64)
        inverse[ident] = np.arange(n)
        # y relabelled is 1 at pairs (i, j) with y[π(i), π(j)] = 1, that is at (π⁻¹(a), π⁻¹(b)).
        hit = lookup[inverse[positive_rows], inverse[positive_cols]]
        return np.bincount(hit, minlength=len(patterns)).astype(np.float64)

    observed_success = successes(None)
    beta, cov, deviance = _binomial_fit(patterns, sizes, observed_success)
    observed = _z(beta, cov)
    p = design.shape[1]
    draws = np.empty((len(perms), p))
    if permutation == "y":
        for r, perm in enumerate(perms):
            b, c, _ = _binomial_fit(patterns, sizes, successes(perm))
            draws[r] = _z(b, c)
    else:
        gram = (patterns * sizes[:, None]).T @ patterns
        y_pairs = y_full[rows, cols]
        groups = []
        for j in range(p):
            others = [i for i in range(p) if i != j]
            gamma = np.linalg.solve(gram[np.ix_(others, others)], gram[others, j])
            residual = patterns[:, j] - patterns[:, others] @ gamma
            reduced, reduced_of = np.unique(patterns[:, others], axis=0, return_inverse=True)
            groups.append((residual, reduced, reduced_of.ravel()[pattern_of] * len(patterns)))
        for r, perm in enumerate(perms):
            moved = lookup[perm[rows], perm[cols]]
            for j, (residual, reduced, base) in enumerate(groups):
                # Pairs grouped by their own values of the other terms and the relabelled residual.
                joint = base + moved
                size = np.bincount(joint, minlength=len(reduced) * len(patterns)).astype(np.float64)
                hit = np.bincount(joint, weights=y_pairs, minlength=len(size))
                ids = np.flatnonzero(size)
                table = np.column_stack([reduced[ids // len(patterns)], residual[ids % len(patterns)]])
                b, c, _ = _binomial_fit(table, size[ids], hit[ids])
                draws[r, j] = _z(b, c)[-1]
    null_rate = observed_success.sum() / sizes.sum()
    null = -2.0 * float(_log_likelihood(np.full(len(sizes), null_rate), sizes, observed_success))
    fit = {"pairs": pairs.count, "deviance": deviance, "null_deviance": null, "aic": deviance + 2 * p}
    return beta, observed, draws, fit


def _z(beta: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Wald z-values; NaN where a fit separates the pairs and a variance is not positive."""
    variance = np.diag(cov)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(variance > 0, beta / np.sqrt(np.where(variance > 0, variance, 1.0)), np.nan)


def _log_likelihood(rate: np.ndarray, sizes: np.ndarray, hits: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = hits * np.log(rate) + (sizes - hits) * np.log1p(-rate)
    return float(np.nansum(np.where((hits == 0) & (rate == 0), 0.0, terms)))


def _binomial_fit(
    design: np.ndarray, sizes: np.ndarray, hits: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """Logistic regression of ``hits`` out of ``sizes`` by Newton's method (R's ``glm``, binomial)."""
    beta = np.zeros(design.shape[1])
    for _ in range(100):
        eta = design @ beta
        rate = 1.0 / (1.0 + np.exp(-eta))
        weight = sizes * rate * (1.0 - rate)
        hessian = (design * weight[:, None]).T @ design
        step = np.linalg.lstsq(hessian, design.T @ (hits - sizes * rate), rcond=None)[0]
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10 * (1.0 + np.max(np.abs(beta))):
            break
    eta = design @ beta
    rate = 1.0 / (1.0 + np.exp(-eta))
    weight = sizes * rate * (1.0 - rate)
    cov = np.linalg.pinv((design * weight[:, None]).T @ design)
    return beta, cov, -2.0 * _log_likelihood(rate, sizes, hits)
