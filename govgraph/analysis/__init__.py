"""Network analysis: centrality, brokerage, weak points, communities, coverage, plans, summaries and trends.

Every function takes the network first and returns a table indexed by
partner id (or a frozen result holding such tables); all are re-exported at
the top level (``gg.centrality``, ``gg.brokerage`` ...).
"""

from govgraph.analysis.affiliation import MODES, WEIGHTINGS, Affiliation, affiliation
from govgraph.analysis.brokers import ROLES, brokerage
from govgraph.analysis.groups import METHODS, CommunityDetection, communities, cross_community_ties
from govgraph.analysis.measures import MEASURES, centrality
from govgraph.analysis.planning import PLAN_METHODS, UNIT_VALUES, CoveragePlan, plan_coverage
from govgraph.analysis.projects import ThreeLists, project_summary, three_lists
from govgraph.analysis.reach import CoverageSummary, coverage, coverage_summary
from govgraph.analysis.robustness import WeakPoints, resilience, weak_points
from govgraph.analysis.summaries import summarize_by
from govgraph.analysis.trends import PERIODS, Changes, case_rates, changes, pool_rates, visit_coverage
from govgraph.analysis.workloads import Workload, workload

__all__ = [
    "MEASURES",
    "METHODS",
    "MODES",
    "PERIODS",
    "PLAN_METHODS",
    "ROLES",
    "UNIT_VALUES",
    "WEIGHTINGS",
    "Affiliation",
    "Changes",
    "CommunityDetection",
    "CoveragePlan",
    "CoverageSummary",
    "ThreeLists",
    "WeakPoints",
    "Workload",
    "affiliation",
    "brokerage",
    "case_rates",
    "centrality",
    "changes",
    "communities",
    "coverage",
    "coverage_summary",
    "cross_community_ties",
    "plan_coverage",
    "pool_rates",
    "project_summary",
    "resilience",
    "summarize_by",
    "three_lists",
    "visit_coverage",
    "weak_points",
    "workload",
]
