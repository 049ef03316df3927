"""Argument checks shared by every public function: each names the argument it rejects."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.network import PartnerNetwork
from govgraph.model.schema import LEVELS

__all__ = [
    "check_choice",
    "check_count",
    "check_group_column",
    "check_kinds",
    "check_level",
    "check_network",
    "check_partner_ids",
    "check_relations",
    "check_seed",
]


def check_network(net: object, name: str = "net") -> PartnerNetwork:
    if not isinstance(net, PartnerNetwork):
        raise GovGraphError(f"{name}: expected a PartnerNetwork, got {type(net).__name__}")
    return net


def check_choice(value: object, options: Collection[str], name: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise GovGraphError(f"{name}: expected one of {sorted(options)}, got {value!r}")
    return value


def check_level(value: object, name: str = "level", options: Collection[str] = LEVELS) -> str:
    """A place level (see :data:`govgraph.model.schema.LEVELS`), among ``options``."""
    return check_choice(value, [level for level in LEVELS if level in options], name)


def check_count(value: object, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise GovGraphError(f"{name}: expected a whole number of at least {minimum}, got {value!r}")
    return int(value)


def check_seed(seed: object) -> int:
    """A seed of random draws: a whole number of at least 0 (default 0 everywhere)."""
    return check_count(seed, "seed", minimum=0)


def check_kinds(net: PartnerNetwork, kinds: Iterable[str] | str, name: str) -> list[str]:
    listed = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [k for k in listed if k not in net.schema.kinds]
    if unknown:
        raise GovGraphError(f"{name}: unknown partner kinds {unknown}")
    return listed


def check_relations(net: PartnerNetwork, relations: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """A filter of relation kinds (None: every relation), as a sorted tuple of known kinds."""
    if relations is None:
        return None
    listed = [relations] if isinstance(relations, str) else list(relations)
    unknown = sorted({r for r in listed if r not in net.schema.relations}, key=str)
    if unknown:
        raise GovGraphError(f"relations: unknown relation kinds {unknown}")
    return tuple(sorted(set(listed)))


def check_partner_ids(net: PartnerNetwork, ids: Iterable[object], name: str) -> list[str]:
    if isinstance(ids, str):
        raise GovGraphError(f"{name}: expected a list of partner ids, got the single string {ids!r}")
    listed = [str(i) for i in ids]
    missing = pd.Index(listed).difference(net.partners.index)
    if len(missing):
        raise GovGraphError(f"{name}: no partner has the id(s) {list(missing[:10])}")
    duplicated = pd.Index(listed)[pd.Index(listed).duplicated()]
    if len(duplicated):
        raise GovGraphError(f"{name}: a partner id is listed twice: {list(duplicated.unique()[:10])}")
    return listed


def check_group_column(net: PartnerNetwork, by: object, name: str = "by") -> pd.Series:
    """A partner attribute to group by: ``kind``, ``community``, ``grid`` or any extra column.

    ``community`` and ``grid`` are the partners' places (see ``net.places``).
    """
    partners = net.partners
    if not isinstance(by, str) or by not in partners.columns:
        columns = sorted(map(str, partners.columns))
        raise GovGraphError(f"{name}: expected a partner column {columns}, got {by!r}")
    if by in ("community", "grid"):
        return net.places[by]
    return partners[by]
