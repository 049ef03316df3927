"""govgraph on Apache Spark: the same network, read and measured where one machine is not enough.

Install with ``pip install "govgraph[spark]"``. A network lives in Spark as
DataFrames read from a Parquet folder, the format ``net.write("x.parquet")``
writes and ``gg.read`` reads back (each table a file or a folder of part
files, as Spark writes them)::

    from govgraph import spark as ggs

    session = ggs.session()                       # local[2]; pass a master URL for a cluster
    ggs.problems(session, "city.parquet")         # gg.read's checks: every problem, located
    city = ggs.SparkNetwork.read(session, "city.parquet")
    # or a synthetic city of 400 communities (1M partners), made in parallel:
    # city = ggs.synthetic_city(session, 400)
    ggs.degrees(city)                             # degree and strength, by aggregation
    ggs.components(city)                          # connected pieces, by label propagation
    ggs.pagerank(city)                            # by power iteration, to a tolerance
    ggs.path_measures(city, k=2000)               # sampled betweenness and closeness, over tasks
    placed = ggs.places(city)                     # where every partner is, as net.places
    ggs.coverage(city, placed, unit="building")   # gg.coverage, community by community
    ggs.candidates(city, placed)                  # gg.candidates, community by community
    ggs.match(city, placed, strategy="optimal")   # gg.match, each competing group in one task
    city.write("copy.parquet")

What is exact: degree and strength (sums), components (label propagation
runs to a fixed point), places, coverage and candidates (govgraph's own
functions on each community's piece with a halo of the ties they look
across; see :mod:`govgraph.spark.partitions`); PageRank stops within a
stated tolerance; sampled betweenness and closeness equal ``gg.centrality``'s
on the same sample of sources; matching solves each group of competing
needs and resources whole (see :mod:`govgraph.spark.matching`), so no resource
is assigned twice and ``optimal``, ``greedy`` and ``stable`` give
``gg.match``'s figures.
"""

from govgraph.spark.matching import CityMatching, match
from govgraph.spark.measures import components, degrees, pagerank, path_measures
from govgraph.spark.network import SparkNetwork, session
from govgraph.spark.partitions import candidates, coverage, halo, places
from govgraph.spark.synthetic import synthetic_city
from govgraph.spark.validation import PROBLEM_COLUMNS, problems

__all__ = [
    "PROBLEM_COLUMNS",
    "CityMatching",
    "SparkNetwork",
    "candidates",
    "components",
    "coverage",
    "degrees",
    "halo",
    "match",
    "pagerank",
    "path_measures",
    "places",
    "problems",
    "session",
    "synthetic_city",
]
