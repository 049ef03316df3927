"""The model: the domain every other part of govgraph stands on.

- :mod:`~govgraph.model.schema`: kinds of partner and relation, their labels,
  which relation joins which kinds, and their roles (which kinds are places
  of which level, which relations mean nesting, residence, location,
  leadership, responsibility);
- :mod:`~govgraph.model.taxonomy`: need and resource categories, their
  Chinese aliases, and which resource answers which need;
- :mod:`~govgraph.model.contract` and :mod:`~govgraph.model.validation`: the
  frame contract (columns, types) and the rules every table passes;
- :mod:`~govgraph.model.network`: :class:`PartnerNetwork`, immutable frames
  with cached views: :attr:`~PartnerNetwork.places` (where every partner is,
  :mod:`~govgraph.model.places`), :meth:`~PartnerNetwork.ties` (the tie graph,
  :mod:`~govgraph.model.ties`), the adjacency and the networkx graph;
- :mod:`~govgraph.model.checks`: the argument checks of every public function.

Nothing here imports from the packages above it (``io``, ``analysis``,
``matching``, ``viz``, ``store``, ``report``).
"""

from govgraph.model.network import Adjacency, PartnerNetwork
from govgraph.model.places import PLACE_RULES, UNITS
from govgraph.model.schema import (
    DEFAULT_SCHEMA,
    KIND_ROLES,
    LEVELS,
    RELATION_ROLES,
    PartnerKind,
    RelationKind,
    Schema,
)
from govgraph.model.taxonomy import TAXONOMY, Category, Taxonomy
from govgraph.model.ties import Ties

__all__ = [
    "DEFAULT_SCHEMA",
    "KIND_ROLES",
    "LEVELS",
    "PLACE_RULES",
    "RELATION_ROLES",
    "TAXONOMY",
    "UNITS",
    "Adjacency",
    "Category",
    "PartnerKind",
    "PartnerNetwork",
    "RelationKind",
    "Schema",
    "Taxonomy",
    "Ties",
]
