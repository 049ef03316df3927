"""Pseudonymising personal data before a network is shared or shown."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.checks import check_kinds, check_network
from govgraph.model.contract import TABLE_NAMES
from govgraph.model.network import PartnerNetwork

__all__ = ["CONTACT_COLUMNS", "anonymize"]

#: Column names treated as contact or identity fields: phone, mobile, email,
#: WeChat, address, ID card, in English or Chinese.
CONTACT_COLUMNS = re.compile(
    r"(phone|mobile|tel|email|e_mail|wechat|address|id_card|idcard|电话|手机|微信|邮箱|地址|身份证)",
    re.IGNORECASE,
)


def anonymize(
    net: PartnerNetwork,
    *,
    key: str,
    kinds: Iterable[str] | None = None,
    contact_columns: Iterable[str] | None = None,
    ids: bool = False,
) -> PartnerNetwork:
    """A copy of the network with personal names and contact fields pseudonymised.

    Names of partners of the given ``kinds`` become ``"居民#3fa9c2d1"``
    (the kind's Chinese label and a keyed hash of the original); every cell
    of a contact column, in any table, becomes ``"#"`` and a keyed hash.
    The same input and ``key`` always give the same pseudonyms, so
    anonymised extracts from different days can still be joined; the
    structure (ids, kinds, relations, needs, resources) is unchanged.

    Parameters
    ----------
    net : PartnerNetwork
    key : str
        Secret key of the hash (HMAC-SHA256), not empty. Keep it secret and
        keep it the same across extracts: without it names cannot be
        guessed back from a list of common names.
    kinds : iterable of str, optional
        Partner kinds whose names are personal (default: the schema's
        residents, the kinds with the ``resident`` role).
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
    >>> safe = gg.anonymize(net, key="street-office-secret")
    >>> safe.partners.loc["FC-R0001", "name"].startswith("居民#")
    True
    >>> gg.anonymize(net, key="street-office-secret") == safe
    True
    """
    net = check_network(net)
    if not isinstance(key, str):
        raise GovGraphError(f"key: expected a string, got {type(key).__name__}")
    if not key:
        raise GovGraphError("key: must not be empty; without a secret key pseudonyms can be guessed back")
    kinds = list(net.schema.kinds_with("resident")) if kinds is None else check_kinds(net, kinds, "kinds")
    secret = key.encode("utf-8")

    def pseudonym(value: object) -> str:
        digest = hmac.new(secret, str(value).encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:12]

    tables = {name: getattr(net, name) for name in TABLE_NAMES}
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


def _contact_columns(table: pd.DataFrame, wanted: Iterable[str] | None) -> list[str]:
    if wanted is None:
        return [c for c in table.columns if CONTACT_COLUMNS.search(str(c))]
    return [c for c in wanted if c in table.columns]
