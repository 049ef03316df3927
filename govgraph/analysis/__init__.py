"""Network analysis: centrality, brokerage, weak points, communities, coverage, plans, summaries, trends
and the statistics a paper asks for (whole-network measures, ego networks, CUG and QAP tests).

Every function takes the network first and returns a table indexed by
partner id (or a frozen result holding such tables); all are re-exported at
the top level (``gg.centrality``, ``gg.brokerage`` ...).
"""

from govgraph.analysis.affiliation import MODES, WEIGHTINGS, Affiliation, affiliation
from govgraph.analysis.brokers import ROLES, brokerage
from govgraph.analysis.egos import ego_summary
from govgraph.analysis.groups import METHODS, CommunityDetection, communities, cross_community_ties
from govgraph.analysis.measures import DIRECTED_MEASURES, MEASURES, centrality
from govgraph.analysis.planning import PLAN_METHODS, UNIT_VALUES, CoveragePlan, plan_coverage
from govgraph.analysis.projects import ThreeLists, project_summary, three_lists
from govgraph.analysis.qap import QAP_METHODS, Dyads, QAPResult, dyads, qap
from govgraph.analysis.reach import CoverageSummary, coverage, coverage_summary
from govgraph.analysis.robustness import WeakPoints, resilience, weak_points
from govgraph.analysis.statistics import CONDITIONING, STATISTICS, CUGTest, cug_test, network_statistics
from govgraph.analysis.summaries import summarize_by
from govgraph.analysis.trends import PERIODS, Changes, case_rates, changes, pool_rates, visit_coverage
from govgraph.analysis.workloads import Workload, workload

__all__ = [
    "CONDITIONING",
    "DIRECTED_MEASURES",
    "MEASURES",
    "METHODS",
    "MODES",
    "PERIODS",
    "PLAN_METHODS",
    "QAP_METHODS",
    "ROLES",
    "STATISTICS",
    "UNIT_VALUES",
    "WEIGHTINGS",
    "Affiliation",
    "CUGTest",
    "Changes",
    "CommunityDetection",
    "CoveragePlan",
    "CoverageSummary",
    "Dyads",
    "QAPResult",
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
    "cug_test",
    "dyads",
    "ego_summary",
    "network_statistics",
    "plan_coverage",
    "pool_rates",
    "project_summary",
    "qap",
    "resilience",
    "summarize_by",
    "three_lists",
    "visit_coverage",
    "weak_points",
    "workload",
]
