"""Pseudonymising personal data before a network is shared or shown.

What counts as personal, and is replaced by :func:`anonymize`:

- the names of residents (the kinds with the schema's ``resident`` role);
- every cell of a contact column, found by its name (:data:`CONTACT_COLUMNS`:
  phone, 电话, 手机, 联系方式, 地址, 住址, 身份证, ID, QQ, 微信, e-mail ...);
- in every other text column, what looks like a contact by its content
  (:data:`CONTACT_PATTERNS`: mobile and landline numbers, 18-digit ID-card
  numbers, e-mail addresses), wherever it stands in the text.

:func:`personal_data` says, column by column, what :func:`anonymize` replaces.
Views and reports (pages, the report, match explanations) never show a
resident's name unless asked; that is :func:`govgraph.model.places.shown_names`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.checks import check_kinds, check_network
from govgraph.model.network import PartnerNetwork, file_tables

__all__ = ["CONTACT_COLUMNS", "CONTACT_PATTERNS", "anonymize", "personal_data"]

#: Column names treated as contact or identity fields, in English or Chinese.
CONTACT_COLUMNS = re.compile(
    r"phone|mobile|\btel\b|telephone|e[-_ ]?mail|wechat|weixin|\bqq\b|address|\baddr\b|passport|"
    r"id[-_ ]?(card|number|no)\b|^id$|idcard|"
    r"电话|手机|联系方式|联系人方式|微信|邮箱|地址|住址|身份证|证件号|护照|qq号",
    re.IGNORECASE,
)

#: What a contact looks like inside text, by what it is.
CONTACT_PATTERNS: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "mobile numbers": re.compile(r"(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)"),
        "ID-card numbers": re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"),
        "landline numbers": re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"),
        "e-mail addresses": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    }
)

#: Columns that hold ids, kinds and categories: structure, never personal text.
_STRUCTURE = {
    "kind",
    "relation",
    "category",
    "source",
    "target",
    "requester",
    "provider",
    "community",
    "grid",
}


def personal_data(
    net: PartnerNetwork,
    *,
    kinds: Iterable[str] | None = None,
    contact_columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """What :func:`anonymize` would replace: one row per table and column.

    Returns
    -------
    DataFrame
        Columns ``table``, ``column``, ``what`` (``resident names``,
        ``contact column``, or the kind of contact found in text, see
        :data:`CONTACT_PATTERNS`) and ``cells`` (how many cells change).

    Examples
    --------
    >>> import govgraph as gg
    >>> found = gg.privacy.personal_data(gg.load_dataset("datun_north"))
    >>> found[["table", "column", "what"]].values.tolist()[:2]
    [['partners', 'name', 'resident names'], ['partners', 'phone', 'contact column']]
    """
    net = check_network(net)
    rows = [
        (table, column, what, int(mask.sum()))
        for table, column, what, mask in _plan(net, kinds, contact_columns)
    ]
    return pd.DataFrame(rows, columns=["table", "column", "what", "cells"])


def anonymize(
    net: PartnerNetwork,
    *,
    key: str,
    kinds: Iterable[str] | None = None,
    contact_columns: Iterable[str] | None = None,
    ids: bool = False,
) -> PartnerNetwork:
    """A copy of the network with personal names and contact data pseudonymised.

    Names of partners of the given ``kinds`` become ``"居民#3fa9c2d1"``
    (the kind's Chinese label and a keyed hash of the original); every cell
    of a contact column, in any table, becomes ``"#"`` and a keyed hash; a
    mobile number, ID-card number or e-mail address inside any other text
    becomes ``"#"`` and the keyed hash of what it replaced. The same input
    and ``key`` always give the same pseudonyms, so anonymised extracts from
    different days can still be joined; the structure (ids, kinds, relations,
    needs, resources) is unchanged. :func:`personal_data` lists what is replaced.

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
        Columns to pseudonymise whole, in every table; by default every column
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
    secret = key.encode("utf-8")

    def pseudonym(value: object) -> str:
        digest = hmac.new(secret, str(value).encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:12]

    tables = file_tables(net)
    partners = tables["partners"]
    for table, column, what, mask in _plan(net, kinds, contact_columns):
        frame = tables[table]
        values = frame.loc[mask, column].astype("object")
        if what == _RESIDENT_NAMES:
            labels = frame.loc[mask, "kind"].map(lambda k: net.schema.kinds[k].label_zh)
            replaced = labels + "#" + values.map(pseudonym)
        elif what == _WHOLE_CELL:
            replaced = "#" + values.map(pseudonym)
        else:
            pattern = CONTACT_PATTERNS[what]
            replaced = values.map(lambda text, p=pattern: p.sub(lambda m: "#" + pseudonym(m.group()), text))
        frame[column] = frame[column].astype("object")
        frame.loc[mask, column] = replaced
        frame[column] = frame[column].astype("str")

    if ids:
        people = partners.index[partners["kind"].isin(_personal_kinds(net, kinds))]
        mapping = {old: f"{partners.at[old, 'kind']}#{pseudonym(old)}" for old in people}
        tables["partners"] = partners.rename(index=mapping).rename_axis("id")
        relations = tables["relations"]
        for column in ("source", "target"):
            relations[column] = relations[column].replace(mapping)
        tables["needs"]["requester"] = tables["needs"]["requester"].replace(mapping)
        tables["resources"]["provider"] = tables["resources"]["provider"].replace(mapping)
    return PartnerNetwork.from_frames(**tables, schema=net.schema)


_RESIDENT_NAMES = "resident names"
_WHOLE_CELL = "contact column"


def _personal_kinds(net: PartnerNetwork, kinds: Iterable[str] | None) -> list[str]:
    return list(net.schema.kinds_with("resident")) if kinds is None else check_kinds(net, kinds, "kinds")


def _plan(
    net: PartnerNetwork, kinds: Iterable[str] | None, contact_columns: Iterable[str] | None
) -> list[tuple[str, str, str, pd.Series]]:
    """(table, column, what, cells) for everything personal, in the order it is replaced."""
    chosen = _personal_kinds(net, kinds)
    wanted = None
    if contact_columns is not None:
        wanted = [contact_columns] if isinstance(contact_columns, str) else [str(c) for c in contact_columns]
    plan = []
    partners = net.partners
    residents = partners["kind"].isin(chosen) & partners["name"].notna()
    if residents.any():
        plan.append(("partners", "name", _RESIDENT_NAMES, residents))
    for table, frame in file_tables(net).items():
        for column in frame.columns:
            values = frame[column]
            if not pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
                values.dtype
            ):
                if _is_contact(column, wanted) and values.notna().any():
                    plan.append((table, column, _WHOLE_CELL, values.notna()))
                continue
            if _is_contact(column, wanted):
                if values.notna().any():
                    plan.append((table, column, _WHOLE_CELL, values.notna()))
                continue
            if column in _STRUCTURE:
                continue
            text = values.astype("str")
            for what, pattern in CONTACT_PATTERNS.items():
                found = text.str.contains(pattern, regex=True).fillna(False).astype(bool)
                if table == "partners" and column == "name":
                    found &= ~residents
                if found.any():
                    plan.append((table, column, what, found))
    return plan


def _is_contact(column: object, wanted: list[str] | None) -> bool:
    name = str(column)
    return name in wanted if wanted is not None else bool(CONTACT_COLUMNS.search(name))
