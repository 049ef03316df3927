"""Resource matching: which resource should answer which resident need.

``categories`` holds the bilingual taxonomy of needs and resources;
``scoring`` finds, scores and explains the candidates for each need;
``strategies`` assigns resources to needs under capacity; ``evaluation``
compares strategies and follows needs to resolution; ``simulation`` replays
needs over many periods.
"""

from govgraph.matching.categories import TAXONOMY, Category, Taxonomy
from govgraph.matching.evaluation import BUILT_IN_STRATEGIES, compare_strategies, service_pipeline
from govgraph.matching.scoring import COMPONENTS, SCORE_WEIGHTS, candidates, suggest
from govgraph.matching.simulation import simulate
from govgraph.matching.strategies import (
    REASONS,
    STRATEGIES,
    Matching,
    MatchingProblem,
    grid_match_rates,
    match,
    problem_from,
    register_strategy,
)

__all__ = [
    "BUILT_IN_STRATEGIES",
    "COMPONENTS",
    "REASONS",
    "SCORE_WEIGHTS",
    "STRATEGIES",
    "TAXONOMY",
    "Category",
    "Matching",
    "MatchingProblem",
    "Taxonomy",
    "candidates",
    "compare_strategies",
    "grid_match_rates",
    "match",
    "problem_from",
    "register_strategy",
    "service_pipeline",
    "simulate",
    "suggest",
]
