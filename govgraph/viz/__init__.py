"""Views of the network: offline interactive pages (pyvis / vis-network) and the report's charts."""

from govgraph.viz.layout import places_layout
from govgraph.viz.network import LAYOUTS, MAX_NODES, NetworkPage, network_page, network_view, save_html

__all__ = [
    "LAYOUTS",
    "MAX_NODES",
    "NetworkPage",
    "network_page",
    "network_view",
    "places_layout",
    "save_html",
]
