"""Argument checks shared by the analyses: each names the argument it rejects."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.network import PartnerNetwork


def check_network(net: object) -> PartnerNetwork:
    if not isinstance(net, PartnerNetwork):
        raise GovGraphError(f"net: expected a PartnerNetwork, got {type(net).__name__}")
    return net


def check_choice(value: object, options: Collection[str], name: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise GovGraphError(f"{name}: expected one of {sorted(options)}, got {value!r}")
    return value


def check_count(value: object, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise GovGraphError(f"{name}: expected a whole number of at least {minimum}, got {value!r}")
    return int(value)


def check_seed(seed: object) -> int:
    """None means 0: results are reproducible unless the caller asks otherwise."""
    if seed is None:
        return 0
    return check_count(seed, "seed", minimum=0)


def check_kinds(net: PartnerNetwork, kinds: Iterable[str] | str, name: str) -> list[str]:
    listed = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [k for k in listed if k not in net.schema.kinds]
    if unknown:
        raise GovGraphError(f"{name}: unknown partner kinds {unknown}")
    return listed


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
    """A partner attribute to group by: ``kind``, ``community``, ``grid`` or any extra column."""
    partners = net.partners
    if not isinstance(by, str) or by not in partners.columns:
        columns = sorted(map(str, partners.columns))
        raise GovGraphError(f"{name}: expected a partner column {columns}, got {by!r}")
    return partners[by]
