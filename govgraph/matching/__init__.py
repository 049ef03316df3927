"""Resource matching: which resource should answer which resident need.

So far: the bilingual taxonomy of need and resource categories.
"""

from govgraph.matching.categories import TAXONOMY, Category, Taxonomy

__all__ = ["TAXONOMY", "Category", "Taxonomy"]
