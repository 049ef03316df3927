"""Resource matching: which resource should answer which resident need.

``scoring`` finds, scores and explains the candidates for each need (with
``trust`` for the paths through which a requester reaches a provider);
``problem`` is the form every strategy works on; ``strategies`` holds the
registry and the built-in strategies; ``assignment`` runs one
(:func:`match`); ``evaluation`` compares strategies and follows needs to
resolution; ``simulation`` replays needs over many periods. The categories
and which resource answers which need are the model's taxonomy
(:data:`govgraph.TAXONOMY`).
"""

from govgraph.matching.assignment import METRICS, REASONS, Matching, match
from govgraph.matching.evaluation import compare_strategies, service_pipeline
from govgraph.matching.problem import MatchingProblem, check_assignment, grid_match_rates, problem_from
from govgraph.matching.scoring import COMPONENTS, SCORE_WEIGHTS, candidates, suggest
from govgraph.matching.simulation import simulate
from govgraph.matching.strategies import BUILT_IN_STRATEGIES, STRATEGIES, register_strategy

__all__ = [
    "BUILT_IN_STRATEGIES",
    "COMPONENTS",
    "METRICS",
    "REASONS",
    "SCORE_WEIGHTS",
    "STRATEGIES",
    "Matching",
    "MatchingProblem",
    "candidates",
    "check_assignment",
    "compare_strategies",
    "grid_match_rates",
    "match",
    "problem_from",
    "register_strategy",
    "service_pipeline",
    "simulate",
    "suggest",
]
