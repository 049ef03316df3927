"""Network analysis: centrality, brokerage, weak points, communities and summaries."""

from govgraph.analysis.measures import MEASURES, centrality

__all__ = ["MEASURES", "centrality"]
