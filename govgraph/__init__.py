"""govgraph: stakeholder networks of grid-based community governance.

Party organisations, grid workers, property managers, merchants, social
organisations, professionals, volunteers and residents form one graph of
community partners. govgraph reads and validates that graph from the tables
coordinators keep, and analyses who holds it together, who is reached, and
which resource should answer which need.

>>> import govgraph as gg
>>> net = gg.load_dataset("datun_north")
>>> int(net.summary().loc["FC", "merchant"])
35
"""

from typing import TYPE_CHECKING, Any

from govgraph import analysis, datasets, io, matching, model, viz
from govgraph.analysis import (
    Affiliation,
    Changes,
    CommunityDetection,
    CoveragePlan,
    CoverageSummary,
    CUGTest,
    Dyads,
    QAPResult,
    ThreeLists,
    WeakPoints,
    Workload,
    affiliation,
    brokerage,
    case_rates,
    centrality,
    changes,
    communities,
    coverage,
    coverage_summary,
    cross_community_ties,
    cug_test,
    dyads,
    ego_summary,
    network_statistics,
    plan_coverage,
    pool_rates,
    project_summary,
    qap,
    resilience,
    summarize_by,
    three_lists,
    visit_coverage,
    weak_points,
    workload,
)
from govgraph.datasets import load_dataset
from govgraph.errors import DataError, GovGraphError, InfeasiblePlanError, Problem, SchemaError
from govgraph.io import import_ledger, read, read_ledger, write
from govgraph.matching import (
    Matching,
    candidates,
    compare_strategies,
    match,
    service_pipeline,
    simulate,
    suggest,
)
from govgraph.model import (
    DEFAULT_SCHEMA,
    LEVELS,
    TAXONOMY,
    Adjacency,
    Category,
    PartnerKind,
    PartnerNetwork,
    RelationKind,
    Schema,
    Taxonomy,
    Ties,
)
from govgraph.privacy import anonymize
from govgraph.report import report

if TYPE_CHECKING:
    from govgraph.store import Neo4jStore

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SCHEMA",
    "LEVELS",
    "TAXONOMY",
    "Adjacency",
    "Affiliation",
    "CUGTest",
    "Category",
    "Changes",
    "CommunityDetection",
    "CoveragePlan",
    "CoverageSummary",
    "DataError",
    "Dyads",
    "GovGraphError",
    "InfeasiblePlanError",
    "Matching",
    "Neo4jStore",
    "PartnerKind",
    "PartnerNetwork",
    "Problem",
    "QAPResult",
    "RelationKind",
    "Schema",
    "SchemaError",
    "Taxonomy",
    "ThreeLists",
    "Ties",
    "WeakPoints",
    "Workload",
    "__version__",
    "affiliation",
    "analysis",
    "anonymize",
    "brokerage",
    "candidates",
    "case_rates",
    "centrality",
    "changes",
    "communities",
    "compare_strategies",
    "coverage",
    "coverage_summary",
    "cross_community_ties",
    "cug_test",
    "datasets",
    "dyads",
    "ego_summary",
    "import_ledger",
    "io",
    "load_dataset",
    "match",
    "matching",
    "model",
    "network_statistics",
    "plan_coverage",
    "pool_rates",
    "project_summary",
    "qap",
    "read",
    "read_ledger",
    "report",
    "resilience",
    "service_pipeline",
    "simulate",
    "suggest",
    "summarize_by",
    "three_lists",
    "visit_coverage",
    "viz",
    "weak_points",
    "workload",
    "write",
]


def __getattr__(name: str) -> Any:
    if name == "Neo4jStore":  # the neo4j driver loads on first use
        from govgraph.store import Neo4jStore

        return Neo4jStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
