"""govgraph on Apache Spark: the same network, read and measured where one machine is not enough.

Install with ``pip install "govgraph[spark]"``. A network lives in Spark as
DataFrames read from a Parquet folder, the format ``net.write("x.parquet")``
writes and ``gg.read`` reads back (each table a file or a folder of part
files, as Spark writes them)::

    from govgraph import spark as ggs

    session = ggs.session()                       # local[2]; pass a master URL for a cluster
    city = ggs.SparkNetwork.read(session, "city.parquet")
    ggs.degrees(city)                             # degree and strength, by aggregation
    ggs.components(city)                          # connected pieces, by label propagation
    ggs.pagerank(city)                            # by power iteration, to a tolerance
    city.write("copy.parquet")

What is exact: degree and strength (sums), components (label propagation
runs to a fixed point); PageRank stops within a stated tolerance. This
package grows with issue #20 (halo partitions for coverage and matching,
sampled betweenness).
"""

from govgraph.spark.measures import components, degrees, pagerank
from govgraph.spark.network import SparkNetwork, session

__all__ = ["SparkNetwork", "components", "degrees", "pagerank", "session"]
