"""Pseudonymising personal data before a network is shared or shown."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

import pandas as pd

from govgraph.analysis._places import containers
from govgraph.errors import GovGraphError
from govgraph.network import PartnerNetwork

__all__ = ["CONTACT_COLUMNS", "anonymize", "shown_names"]

#: Column names treated as contact or identity fields: phone, mobile, email,
#: WeChat, address, ID card, in English or Chinese.
CONTACT_COLUMNS = re.compile(
    r"(phone|mobile|tel|email|e_mail|wechat|address|id_card|idcard|电话|手机|微信|邮箱|地址|身份证)",
    re.IGNORECASE,
)


def anonymize(
    net: PartnerNetwork,
    salt: str = "",
    *,
    kinds: Iterable[str] = ("resident",),
    contact_columns: Iterable[str] | None = None,
    ids: bool = False,
) -> PartnerNetwork:
    """A copy of the network with personal names and contact fields pseudonymised.

    Names of partners of the given ``kinds`` become ``"居民#3fa9c2d1"``
    (the kind's Chinese label and a keyed hash of the original); every cell
    of a contact column, in any table, becomes ``"#"`` and a keyed hash.
    The same input and ``salt`` always give the same pseudonyms, so
    anonymised extracts from different days can still be joined; the
    structure (ids, kinds, relations, needs, resources) is unchanged.

    Parameters
    ----------
    net : PartnerNetwork
    salt : str
        Secret key of the hash (HMAC-SHA256). Keep it secret and keep it
        the same across extracts: without it names cannot be guessed back
        from a list of common names.
    kinds : iterable of str
        Partner kinds whose names are personal (default: residents).
    contact_columns : iterable of str, optional
        Columns to pseudonymise in every table; by default every column
        whose name matches :data:`CONTACT_COLUMNS`.
    ids : bool
        Also replace the ids of partners of ``kinds`` (for ids that are
        themselves personal, such as ID-card numbers), everywhere they are
        referenced.

    Returns
    -------
    PartnerNetwork

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> safe = gg.anonymize(net, salt="street-office-secret")
    >>> safe.partners.loc["FC-R0001", "name"].startswith("居民#")
    True
    >>> gg.anonymize(net, salt="street-office-secret") == safe
    True
    """
    if not isinstance(salt, str):
        raise GovGraphError(f"salt: expected a string, got {type(salt).__name__}")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [k for k in kinds if k not in net.schema.kinds]
    if unknown:
        raise GovGraphError(f"kinds: unknown partner kinds {unknown}")
    key = salt.encode("utf-8")

    def pseudonym(value: object) -> str:
        digest = hmac.new(key, str(value).encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:12]

    tables = {name: getattr(net, name) for name in ("partners", "relations", "needs", "resources")}
    partners = tables["partners"]
    personal = partners["kind"].isin(kinds) & partners["name"].notna()
    labels = partners.loc[personal, "kind"].map(lambda k: net.schema.kinds[k].label_zh)
    hashed = partners.loc[personal, "name"].map(pseudonym)
    partners.loc[personal, "name"] = labels + "#" + hashed

    for name, table in tables.items():
        columns = _contact_columns(table, contact_columns)
        for column in columns:
            present = table[column].notna()
            table[column] = table[column].astype("object")
            table.loc[present, column] = "#" + table.loc[present, column].map(pseudonym)
            table[column] = table[column].astype("str")
        tables[name] = table

    if ids:
        people = partners.index[partners["kind"].isin(kinds)]
        mapping = {old: f"{partners.at[old, 'kind']}#{pseudonym(old)}" for old in people}
        partners = partners.rename(index=mapping)
        relations = tables["relations"]
        for column in ("source", "target"):
            relations[column] = relations[column].replace(mapping)
        tables["needs"]["requester"] = tables["needs"]["requester"].replace(mapping)
        tables["resources"]["provider"] = tables["resources"]["provider"].replace(mapping)
        partners.index.name = "id"
    tables["partners"] = partners
    return PartnerNetwork.from_frames(**tables, schema=net.schema)


def shown_names(net: PartnerNetwork, names: bool = False, kinds: Iterable[str] = ("resident",)) -> pd.Series:
    """Every partner's name as views and reports show it: a resident by role and place, not by name.

    A partner of the given ``kinds`` shows as its kind's label and the place
    it lives in (``"居民 resident · 3号楼"``: the building it resides in,
    else its grid, else its community, by name; see ``containers``); ``names=True`` keeps the
    real names. Index: partner id.

    Examples
    --------
    >>> import govgraph as gg
    >>> shown = shown_names(gg.load_dataset("datun_north"))
    >>> shown["FC-R0023"], shown["FC-B03"]
    ('居民 resident · 3号楼', '3号楼')
    """
    partners = net.partners
    shown = partners["name"].astype("string").fillna("")
    if names:
        return shown
    hidden = partners["kind"].isin(list(kinds))
    place = containers(net)
    place_name = place.map(shown).fillna("")
    labels = partners["kind"].map(net.schema.kind_label)
    shown[hidden] = (labels + " · " + place_name).where(place_name != "", labels)[hidden]
    return shown


def _contact_columns(table: pd.DataFrame, wanted: Iterable[str] | None) -> list[str]:
    if wanted is None:
        return [c for c in table.columns if CONTACT_COLUMNS.search(str(c))]
    return [c for c in wanted if c in table.columns]
