"""Neo4jStore: save a partner network to Neo4j, load it back, run shipped queries.

The graph model (see ``cypher/README.md``)::

    (:Partner:<Kind> {id, kind, name, community, grid, households, extras...})
    (:Partner)-[:<RELATION> {weight, extras...}]->(:Partner)
    (:Partner)-[:RAISED]->(:Need {id, category, urgency, extras...})
    (:Partner)-[:OFFERS]->(:Resource {id, category, capacity, extras...})
    (:Activity {id, name, kind, date, end, place, extras...})
    (:Project {id, name, status, start, end, place, budget, extras...})
    (:Partner)-[:ORGANISES|TAKES_PART_IN|FUNDS|SERVES_IN]->(:Activity|:Project)
    (:Project)-[:ANSWERS]->(:Need)   (:Project)-[:USES]->(:Resource)
    (:GovGraphTable {table, columns, types})   -- the column order and types of each table
    (:GovGraphStore {name: "store"})            -- the lease and commit marker of saves

Date columns become Neo4j temporals: ``Date`` when every value of the
column is a date without a time of day, ``LocalDateTime`` otherwise, so
``WHERE n.created_at >= date("2024-01-01")`` selects by date.

Labels and relationship types come only from the schema (whose keys are
checked identifiers); every value travels as a query parameter. Everything
govgraph writes carries ``_govgraph_saved``; ``mode="replace"`` removes only
such elements, never another application's data. One save writes at a time
and a load never reads half a save (see :mod:`govgraph.store.saves`).
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction, Result
from neo4j import exceptions as neo4j_errors
from neo4j import time as neo4j_time
from pandas.api import types as pdt

from govgraph.errors import DataError, GovGraphError, Problem
from govgraph.model.contract import TABLE_NAMES, TABLES, plain_records, type_of
from govgraph.model.dates import dates_only
from govgraph.model.network import PartnerNetwork, attached, file_tables
from govgraph.model.schema import Schema, check_schema
from govgraph.model.validation import prepare_tables
from govgraph.store.cypher import (
    REQUIRED,
    available_queries,
    cypher_path,
    cypher_statements,
    cypher_statements_from,
    query_parameters,
)
from govgraph.store.saves import Lease, read_state

__all__ = ["DEFAULT_URI", "Neo4jStore"]

log = logging.getLogger(__name__)

DEFAULT_URI = "bolt://127.0.0.1:7687"
#: Internal properties govgraph keeps on nodes and relationships; never loaded as data.
_SAVED, _KEY = "_govgraph_saved", "_govgraph_key"
_OWNED = {"needs": ("Need", "RAISED", "requester"), "resources": ("Resource", "OFFERS", "provider")}
#: The node label of each table whose rows are nodes.
_LABELS = {
    "partners": "Partner",
    "needs": "Need",
    "resources": "Resource",
    "activities": "Activity",
    "projects": "Project",
}
_FETCH_SIZE = 20_000
_PAGE_SIZE = 10_000
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Neo4jStore:
    """A connection to a Neo4j database holding partner networks.

    Parameters
    ----------
    uri, user, password, database : str, optional
        Default to the environment variables ``GOVGRAPH_NEO4J_URI``,
        ``GOVGRAPH_NEO4J_USER``, ``GOVGRAPH_NEO4J_PASSWORD`` and
        ``GOVGRAPH_NEO4J_DATABASE``, then to ``bolt://127.0.0.1:7687``, the
        user ``neo4j`` and the server's default database. The password is
        never logged nor shown in errors.
    schema : Schema, optional
        The kinds and relations this store accepts and loads (default
        :data:`govgraph.DEFAULT_SCHEMA`).
    retry_seconds : float
        How long a batch is retried on transient errors (a leader switch,
        a lost connection) before :meth:`save` gives up.
    lease_seconds : float
        How long a save may go without renewing its lease (it renews between
        batches) before another save may take the store over: how long a
        killed save blocks the next one.
    wait_seconds : float
        How long :meth:`save` waits for another save to finish.

    Raises
    ------
    GovGraphError
        When the server cannot be reached, refuses the user or password, or
        has no such database; the message names the URI, never the password
        (a password inside the URI, ``bolt://user:secret@host``, is taken
        out of it and shown as ``***``).

    Examples
    --------
    >>> import govgraph as gg                                   # doctest: +SKIP
    >>> with gg.Neo4jStore() as store:                          # doctest: +SKIP
    ...     store.save(gg.load_dataset("datun_north"), mode="replace")
    ...     net = store.load(communities=["FC"])
    ...     top = store.query("key_connectors", limit=10)
    """

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        schema: Schema | None = None,
        retry_seconds: float = 30.0,
        lease_seconds: float = 60.0,
        wait_seconds: float = 600.0,
    ) -> None:
        given = uri or os.environ.get("GOVGRAPH_NEO4J_URI") or DEFAULT_URI
        self.uri, uri_user, uri_password = _without_credentials(given)
        self.user = user or os.environ.get("GOVGRAPH_NEO4J_USER") or uri_user or "neo4j"
        self.database = database or os.environ.get("GOVGRAPH_NEO4J_DATABASE") or None
        self.schema = check_schema(schema)
        self._lease_seconds, self._wait_seconds = float(lease_seconds), float(wait_seconds)
        self._lease: Lease | None = None
        secret = (
            password if password is not None else os.environ.get("GOVGRAPH_NEO4J_PASSWORD") or uri_password
        )
        if not secret:
            raise GovGraphError("password: give it or set GOVGRAPH_NEO4J_PASSWORD")
        if self.uri.split("://", 1)[0] not in _SCHEMES or "://" not in self.uri:
            raise GovGraphError(
                f"uri: {self.uri!r} is not a Neo4j URI (expected {', '.join(_SCHEMES)}://host:port)"
            )
        try:
            self._driver: Driver = GraphDatabase.driver(
                self.uri, auth=(self.user, secret), max_transaction_retry_time=retry_seconds
            )
        except (ValueError, neo4j_errors.ConfigurationError) as error:
            raise GovGraphError(f"uri: {self.uri!r} is not a Neo4j URI ({error})") from None
        try:
            with self._errors():
                self._driver.verify_connectivity()
                self._driver.execute_query("RETURN 1", database_=self.database)
        except GovGraphError:
            self._driver.close()
            raise

    def __repr__(self) -> str:
        database = f", database={self.database!r}" if self.database else ""
        return f"Neo4jStore(uri={self.uri!r}, user={self.user!r}{database})"

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self._driver.close()

    # -- errors -----------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn driver errors into GovGraphError naming the URI (never the password)."""
        try:
            yield
        except neo4j_errors.AuthError:
            raise GovGraphError(
                f"Neo4j at {self.uri} refused the user {self.user!r}: wrong user or password"
            ) from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as error:
            raise GovGraphError(f"cannot reach Neo4j at {self.uri}: {_first_line(error)}") from None
        except neo4j_errors.Neo4jError as error:
            if error.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise GovGraphError(f"Neo4j at {self.uri} has no database {self.database!r}") from None
            raise GovGraphError(f"Neo4j at {self.uri}: {error.code}: {error.message}") from None
        except neo4j_errors.DriverError as error:
            raise GovGraphError(f"Neo4j at {self.uri}: {_first_line(error)}") from None

    # -- schema -----------------------------------------------------------------

    def setup_schema(self) -> None:
        """Create govgraph's constraints and indexes (``cypher/schema.cypher``); idempotent."""
        with self._errors():
            for statement in cypher_statements(cypher_path("schema.cypher")):
                self._driver.execute_query(statement, database_=self.database)

    # -- save ---------------------------------------------------------------------

    def save(self, net: PartnerNetwork, mode: str = "merge", batch_size: int = 10_000) -> dict[str, int]:
        """Write a network: partners, relations, needs and resources.

        Parameters
        ----------
        net : PartnerNetwork
        mode : {"merge", "replace"}
            ``merge`` adds or updates every partner, need, resource and
            relation of ``net`` and leaves everything else alone;
            ``replace`` then removes the govgraph data that is not in ``net``
            (partners, needs, resources and relations of the schema's types),
            and nothing else.
        batch_size : int
            Rows per transaction. Each batch is one managed transaction,
            retried on transient errors; saving again after a failure
            completes the data without duplicates.

        Returns
        -------
        dict
            Rows written per table (``partners``, ``relations``, ``needs``,
            ``resources``) and ``deleted``, the elements removed by
            ``replace``.

        Raises
        ------
        GovGraphError
            Before any query is sent when ``net`` uses kinds or relations
            outside this store's schema; when the server fails mid-way.
        DataError
            Before any query is sent when an id, community, grid or category
            is longer than Neo4j can index (:data:`MAX_INDEXED_BYTES`).
        """
        if not isinstance(net, PartnerNetwork):
            raise GovGraphError(f"net: expected a PartnerNetwork, got {type(net).__name__}")
        if mode not in ("merge", "replace"):
            raise GovGraphError(f"mode: expected 'merge' or 'replace', got {mode!r}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise GovGraphError(f"batch_size: expected a positive whole number, got {batch_size!r}")
        self._check_whitelist(net)
        _check_indexable(net)
        self.setup_schema()
        stamp = uuid.uuid4().hex
        counts = {name: 0 for name in TABLE_NAMES}
        with self._errors():
            self._lease = Lease(self._driver, self.database, stamp, self._lease_seconds, self._wait_seconds)
            self._lease.acquire()
            try:
                self._save_tables(net, stamp)
                counts["partners"] = self._save_partners(net.partners, stamp, batch_size)
                for name in _OWNED:
                    counts[name] = self._save_items(name, getattr(net, name), stamp, batch_size)
                for name in ("activities", "projects"):
                    counts[name] = self._save_nodes(name, getattr(net, name), stamp, batch_size)
                counts["relations"] = self._save_relations(net.relations, stamp, batch_size)
                counts["links"] = self._save_relations(net.links, stamp, batch_size, _link_ends(net))
                counts["deleted"] = self._delete_unsaved(stamp, batch_size) if mode == "replace" else 0
                self._lease.commit()
            except BaseException:
                _quietly(self._lease.release)
                raise
            finally:
                self._lease = None
        log.info("saved to %s: %s", self.uri, counts)
        return counts

    def _check_whitelist(self, net: PartnerNetwork) -> None:
        kinds = set(net.partners["kind"].unique()) - set(self.schema.kinds)
        relations = set(net.relations["relation"]) | set(net.links["relation"])
        relations -= set(self.schema.relations)
        categories = {
            c for table in (net.needs, net.resources) for c in table["category"].dropna().unique()
        } - set(self.schema.taxonomy.categories)
        if kinds or relations or categories:
            parts = [f"partner kinds {sorted(kinds)}"] if kinds else []
            parts += [f"relations {sorted(relations)}"] if relations else []
            parts += [f"categories {sorted(categories)}"] if categories else []
            raise GovGraphError(
                f"net: this store's schema does not declare {'; '.join(parts)} (pass schema= to Neo4jStore)"
            )

    def _write(self, query: str, rows: list[dict[str, Any]], batch_size: int, **params: Any) -> None:
        def work(tx: ManagedTransaction, batch: list[dict[str, Any]]) -> None:
            tx.run(query, rows=batch, **params).consume()

        with self._driver.session(database=self.database) as session:
            for start in range(0, len(rows), batch_size):
                if self._lease is not None:
                    self._lease.renew()
                session.execute_write(work, rows[start : start + batch_size])
                log.debug("wrote %d rows", min(start + batch_size, len(rows)))

    def _save_tables(self, net: PartnerNetwork, stamp: str) -> None:
        rows = []
        tables = {**{name: getattr(net, name) for name in TABLE_NAMES}, **file_tables(net)}
        for name, frame in tables.items():
            columns = list(frame.columns)
            rows.append({"table": name, "columns": columns, "types": [type_of(frame[c]) for c in columns]})
        self._write(
            "UNWIND $rows AS row MERGE (t:GovGraphTable {table: row.table}) "
            f"SET t.columns = row.columns, t.types = row.types, t.{_SAVED} = $stamp",
            rows,
            len(rows),
            stamp=stamp,
        )

    def _save_partners(self, partners: pd.DataFrame, stamp: str, batch_size: int) -> int:
        labels = {key: kind.neo4j_label for key, kind in self.schema.kinds.items()}
        for key, group in partners.groupby("kind", sort=False):
            others = ":".join(f"`{label}`" for k, label in labels.items() if k != key)
            query = (
                "UNWIND $rows AS row MERGE (n:Partner {id: row.id}) SET n = row.props "
                f"SET n:`{labels[str(key)]}` REMOVE n:{others}"
            )
            self._write(query, _node_rows(group, stamp), batch_size)
        return len(partners)

    def _save_items(self, name: str, table: pd.DataFrame, stamp: str, batch_size: int) -> int:
        label, relation, link = _OWNED[name]
        rows = _node_rows(table.drop(columns=[link]), stamp)
        for row, owner in zip(rows, table[link]):
            row["owner"] = owner
        query = (
            f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props "
            "WITH n, row MATCH (p:Partner {id: row.owner}) "
            f"MERGE (p)-[r:{relation}]->(n) SET r.{_SAVED} = $stamp "
            f"WITH n, row OPTIONAL MATCH (other:Partner)-[old:{relation}]->(n) WHERE other.id <> row.owner "
            "DELETE old"
        )
        self._write(query, rows, batch_size, stamp=stamp)
        return len(table)

    def _save_nodes(self, name: str, table: pd.DataFrame, stamp: str, batch_size: int) -> int:
        query = f"UNWIND $rows AS row MERGE (n:{_LABELS[name]} {{id: row.id}}) SET n = row.props"
        self._write(query, _node_rows(table, stamp), batch_size)
        return len(table)

    def _save_relations(
        self,
        relations: pd.DataFrame,
        stamp: str,
        batch_size: int,
        ends: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> int:
        """Relations between partners, or links between the nodes whose labels ``ends`` gives row by row.

        Parallel relations of one kind between the same two nodes are told apart by their occurrence
        number, which makes saving idempotent.
        """
        occurrence = relations.groupby(["source", "target", "relation"], sort=False).cumcount()
        props = plain_records(_temporal(relations.drop(columns=["source", "target", "relation"])))
        for row, key in zip(props, occurrence.to_numpy()):
            row[_KEY] = int(key)
            row[_SAVED] = stamp
        rows = [
            {"source": s, "target": t, "key": row[_KEY], "props": row}
            for s, t, row in zip(relations["source"], relations["target"], props)
        ]
        if ends is None:
            ends = (np.full(len(relations), "Partner"), np.full(len(relations), "Partner"))
        groups = pd.DataFrame({"relation": relations["relation"].to_numpy(), "a": ends[0], "b": ends[1]})
        for (key, a, b), where in groups.groupby(["relation", "a", "b"], sort=False).indices.items():
            rel_type = self.schema.relations[str(key)].neo4j_type
            query = (
                f"UNWIND $rows AS row MATCH (a:`{a}` {{id: row.source}}) MATCH (b:`{b}` {{id: row.target}}) "
                f"MERGE (a)-[r:`{rel_type}` {{{_KEY}: row.key}}]->(b) SET r = row.props"
            )
            self._write(query, [rows[i] for i in where], batch_size)
        return len(relations)

    def _delete_unsaved(self, stamp: str, batch_size: int) -> int:
        """Remove govgraph's elements of earlier saves: those marked, but not by this save."""
        types = "|".join(f"`{relation.neo4j_type}`" for relation in self.schema.relations.values())
        statements = [
            f"MATCH (:{label})-[r:{types}]->() WHERE r.{_SAVED} <> $stamp "
            f"CALL (r) {{ DELETE r }} IN TRANSACTIONS OF {batch_size} ROWS RETURN count(*) AS deleted"
            for label in ("Partner", "Project")
        ]
        statements += [
            f"MATCH (n:{label}) WHERE n.{_SAVED} <> $stamp "
            f"CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {batch_size} ROWS RETURN count(*) AS deleted"
            for label in ("Need", "Resource", "Activity", "Project", "Partner")
        ]
        deleted = 0
        with self._driver.session(database=self.database) as session:
            for statement in statements:
                deleted += session.run(statement, stamp=stamp).single(strict=True)["deleted"]
        return deleted

    def import_csv(self, base_url: str) -> dict[str, int]:
        """Import a govgraph CSV folder with the ``LOAD CSV`` scripts of ``cypher/import/``.

        The server reads the files itself: ``base_url`` is the folder's URL as
        the server sees it, ending in ``/`` (``file:///datun_north/`` for a
        folder below its import directory, or an ``https://`` URL). The result
        is the graph :meth:`save` writes; saving the same network afterwards
        changes nothing. Check the folder first (``govgraph validate``): the
        scripts skip rows whose kind or relation the schema does not declare.

        Returns
        -------
        dict
            Nodes and relationships the import created.
        """
        if not isinstance(base_url, str) or not base_url.endswith("/"):
            raise GovGraphError(f"base_url: expected a folder URL ending in '/', got {base_url!r}")
        self.setup_schema()
        stamp = uuid.uuid4().hex
        params = {
            "base": base_url,
            "stamp": stamp,
            "labels": {key: kind.neo4j_label for key, kind in self.schema.kinds.items()},
            "types": {key: relation.neo4j_type for key, relation in self.schema.relations.items()},
        }
        created = {"nodes": 0, "relationships": 0}
        with self._errors():
            lease = Lease(self._driver, self.database, stamp, self._lease_seconds, self._wait_seconds)
            lease.acquire()
            try:
                with self._driver.session(database=self.database) as session:
                    for path in sorted(cypher_path("import").glob("*.cypher")):
                        # The relation steps are rendered for this store's schema (the shipped
                        # files are their rendering for the default schema).
                        if path.name in (RELATIONS_IMPORT, LINKS_IMPORT):
                            text = relations_import(self.schema, links=path.name == LINKS_IMPORT)
                        else:
                            text = path.read_text("utf-8")
                        (statement,) = cypher_statements_from(text)
                        lease.renew()
                        counters = session.run(statement, params).consume().counters
                        created["nodes"] += counters.nodes_created
                        created["relationships"] += counters.relationships_created
                lease.commit()
            except BaseException:
                _quietly(lease.release)
                if self._legacy_quote_escaping():
                    raise GovGraphError(
                        f"Neo4j at {self.uri}: the import failed; this server reads a backslash before a "
                        "quote as an escape (dbms.import.csv.legacy_quote_escaping=true), which breaks "
                        "cells ending in a backslash: set it to false in neo4j.conf, or use store.save"
                    ) from None
                raise
        return created

    def _legacy_quote_escaping(self) -> bool:
        try:
            records, _, _ = self._driver.execute_query(
                "SHOW SETTINGS YIELD name, value WHERE name = 'dbms.import.csv.legacy_quote_escaping' "
                "RETURN value",
                database_=self.database,
            )
        except neo4j_errors.Neo4jError:
            return False
        return bool(records) and str(records[0]["value"]).lower() == "true"

    # -- load -------------------------------------------------------------------

    def load(self, communities: Iterable[str] | None = None) -> PartnerNetwork:
        """Read a network back; equal to what was saved.

        Parameters
        ----------
        communities : iterable of str, optional
            Community ids: only their partners (and the community partners
            themselves), the relations among them and their needs and
            resources, as :meth:`PartnerNetwork.subnetwork` would give.

        Raises
        ------
        DataError
            When the database holds data govgraph did not write that breaks
            its rules, listing every problem.
        GovGraphError
            When a save is writing, or the last one did not finish (the store
            holds part of it), or a save began while this load read: it never
            returns half a network.
        """
        if communities is not None:
            communities = [communities] if isinstance(communities, str) else list(communities)
        kept = "" if communities is None else "AND (p.community IN $communities OR p.id IN $communities)"
        types = {relation.neo4j_type: key for key, relation in self.schema.relations.items()}
        partners: list[dict[str, Any]] = []
        relations: list[list[Any]] = []
        items: dict[str, list[list[Any]]] = {name: [] for name in _OWNED}
        with self._errors():
            before = read_state(self._driver, self.database)
            if before.unfinished:
                raise GovGraphError(f"Neo4j at {self.uri}: {before.explain()}")
            meta = self._read("MATCH (t:GovGraphTable) RETURN t.table AS table, t.columns AS c, t.types AS t")
            for page in self._pages(kept, communities, list(types)):
                partners += page["partners"]
                relations += page["relations"]
                for name in _OWNED:
                    items[name] += page[name]
            linking = [self.schema.relations[key].neo4j_type for key in self.schema.link_relations]
            (taking_part,) = self._read(self._TAKING_PART, types=linking)
            after = read_state(self._driver, self.database)
            if after.unfinished or after.committed != before.committed:
                raise GovGraphError(f"Neo4j at {self.uri}: a save began while the store was read; load again")
        declared = {row["table"]: dict(zip(row["c"], row["t"])) for row in meta}
        raw = {"partners": _frame("partners", partners, declared.get("partners"))}
        for name, (_, _, link) in _OWNED.items():
            raw[name] = _frame(
                name, [{**props, link: owner} for owner, props in items[name]], declared.get(name)
            )
        links = pd.DataFrame(
            taking_part["links"], columns=["source", "target", "type", "props"], dtype=object
        )
        loaded = raw["partners"]["id"]
        for name in ("activities", "projects"):
            frame = _frame(name, taking_part[name], declared.get(name))
            if communities is not None:
                place = frame.get("place", pd.Series(None, index=frame.index, dtype=object))
                frame = frame[attached(place.set_axis(frame["id"]), links, loaded)]
            raw[name] = frame
        nodes = pd.concat([raw[name]["id"] for name in raw])
        links = links[(links["source"].isin(nodes) & links["target"].isin(nodes)).to_numpy()]
        raw["relations"] = _frame(
            "relations",
            [
                {"source": a, "target": b, "relation": types[t], **props}
                for a, b, t, props in [*relations, *links.itertuples(index=False)]
            ],
            declared.get("relations"),
        )
        sources = {name: f"Neo4j {name}" for name in TABLE_NAMES}
        return PartnerNetwork(prepare_tables(raw, self.schema, sources, declared), self.schema)

    def _pages(
        self, kept: str, communities: list[str] | None, types: list[str]
    ) -> Iterator[dict[str, list[Any]]]:
        """The partners in pages by id, each with their relations, needs and resources.

        Paging on the id index keeps the server's memory bounded however large
        the network; returning each table of a page as one list saves the
        driver a message per row.
        """
        kept_target = kept.replace("p.", "b.")
        query = f"""
            MATCH (p:Partner) WHERE p.id > $after {kept}
            WITH p ORDER BY p.id LIMIT $page
            WITH collect(p) AS page
            RETURN [p IN page | p.id][-1] AS last,
                   [p IN page | properties(p)] AS partners,
                   COLLECT {{
                       UNWIND page AS p
                       MATCH (p)-[r]->(b:Partner) WHERE type(r) IN $types {kept_target}
                       RETURN [p.id, b.id, type(r), properties(r)]
                   }} AS relations,
                   COLLECT {{
                       UNWIND page AS p MATCH (p)-[:RAISED]->(n:Need) RETURN [p.id, properties(n)]
                   }} AS needs,
                   COLLECT {{
                       UNWIND page AS p MATCH (p)-[:OFFERS]->(n:Resource) RETURN [p.id, properties(n)]
                   }} AS resources
        """
        after = ""
        while True:
            (page,) = self._read(query, communities, after=after, page=_PAGE_SIZE, types=types)
            if not page["partners"]:
                return
            yield page
            after = page["last"]

    #: Every activity and project, and the links of partners and projects to them and to needs and
    #: resources (few beside the partners: read at once). Each match starts from the labelled end.
    _TAKING_PART = """
        RETURN COLLECT { MATCH (n:Activity) RETURN properties(n) } AS activities,
               COLLECT { MATCH (n:Project) RETURN properties(n) } AS projects,
               COLLECT {
                   MATCH (a:Partner)-[r]->(b:Activity) WHERE type(r) IN $types
                   RETURN [a.id, b.id, type(r), properties(r)] AS link
                   UNION ALL
                   MATCH (a:Partner)-[r]->(b:Project) WHERE type(r) IN $types
                   RETURN [a.id, b.id, type(r), properties(r)] AS link
                   UNION ALL
                   MATCH (a:Project)-[r]->(b) WHERE type(r) IN $types
                   RETURN [a.id, b.id, type(r), properties(r)] AS link
               } AS links
    """

    def _read(self, query: str, communities: list[str] | None = None, **params: Any) -> list[dict[str, Any]]:
        with self._driver.session(
            database=self.database, default_access_mode=READ_ACCESS, fetch_size=_FETCH_SIZE
        ) as session:
            result = session.run(query, communities=communities, **params)
            keys = result.keys()
            # Plain tuples: Record.data() would walk every value again.
            return [dict(zip(keys, tuple(record))) for record in result]

    # -- queries ----------------------------------------------------------------

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a query shipped in ``cypher/queries/NAME.cypher``; one row per record.

        Each file documents its parameters and the columns it returns; see
        :func:`available_queries`.
        """
        names = available_queries()
        if not isinstance(name, str) or not _QUERY_NAME.match(name) or name not in names:
            raise GovGraphError(f"name: no query {name!r}; available: {', '.join(names)}")
        path = cypher_path("queries", f"{name}.cypher")
        declared = query_parameters(path)
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise GovGraphError(f"{name}: unknown parameters {unknown}; it takes {sorted(declared)}")
        arguments = {**{k: v for k, v in declared.items() if v is not REQUIRED}, **params}
        missing = sorted(k for k in declared if k not in arguments)
        if missing:
            raise GovGraphError(f"{name}: missing parameters {missing}")
        (statement,) = cypher_statements(path)
        with self._errors():
            frame = self._driver.execute_query(
                statement, arguments, database_=self.database, routing_="r", result_transformer_=Result.to_df
            )
        return frame

    def run(self, statement: str, **params: Any) -> pd.DataFrame:
        """Run your own Cypher with parameters (values never go into the text).

        Runs in an auto-commit transaction, so ``CALL { ... } IN TRANSACTIONS``
        works; not retried.
        """
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.run(statement, params).to_df()


#: Neo4j refuses to index a property value longer than about 8 KiB (UTF-8).
MAX_INDEXED_BYTES = 8_000
_INDEXED = {
    "partners": ("kind", "community", "grid"),
    "needs": ("category",),
    "resources": ("category",),
    "activities": ("kind", "place"),
    "projects": (),
}


def _check_indexable(net: PartnerNetwork) -> None:
    """Refuse, before anything is sent, values Neo4j could not put in govgraph's indexes."""
    problems = []
    for name, columns in _INDEXED.items():
        table = getattr(net, name)
        for column, values in [("id", table.index.to_series()), *((c, table[c]) for c in columns)]:
            sizes = pc.binary_length(pa.array(values, type=pa.large_string(), from_pandas=True))
            too_long = np.flatnonzero(sizes.fill_null(0).to_numpy(zero_copy_only=False) > MAX_INDEXED_BYTES)
            problems += [
                Problem(
                    f"{name} table",
                    None,
                    column,
                    f"the value of {str(table.index[i])[:40]!r} is longer than the "
                    f"{MAX_INDEXED_BYTES:,} bytes Neo4j can index",
                )
                for i in too_long
            ]
    if problems:
        raise DataError(problems)


RELATIONS_IMPORT = "3_relations.cypher"
LINKS_IMPORT = "8_links.cypher"
_RELATIONS_HEADER = """\
// Import step 3 of 8: relations.csv, the relations between partners. Each relation becomes a
// relationship typed by its relation (one branch per relation the schema declares: Neo4j 5.26 merges
// relationships of a static type hundreds of times faster than of a dynamic one). Parallel relations
// of one kind between the same two partners are numbered in file order, as Neo4jStore.save numbers
// them, so that saving the same network later updates these relationships instead of adding new ones.
// Holds the file in memory while numbering: give the server heap for large files. Rows whose relation
// the schema does not declare are skipped. Generated by govgraph.store.neo4j_store.relations_import.
// Parameters:
//   $base (str) - URL of the folder, ending in "/"
//   $stamp (str) - this import's mark (_govgraph_saved)
"""
_LINKS_HEADER = """\
// Import step 8 of 8: relations.csv again, the rows that join a partner to an activity or project, or
// a project to the need it answers and the resource it uses (after steps 4 to 7 made those nodes).
// Numbered and typed as in step 3. Generated by govgraph.store.neo4j_store.relations_import.
// Parameters:
//   $base (str) - URL of the folder, ending in "/"
//   $stamp (str) - this import's mark (_govgraph_saved)
"""
_PARTNER_ENDS = """\
  MATCH (a:Partner {id: source})
  MATCH (b:Partner {id: target})
  WITH a, b, relation, occurrence, row, typed"""
_LINK_ENDS = """\
  OPTIONAL MATCH (partner:Partner {id: source})
  OPTIONAL MATCH (project:Project {id: source})
  OPTIONAL MATCH (activity:Activity {id: target})
  OPTIONAL MATCH (item:Project {id: target})
  OPTIONAL MATCH (need:Need {id: target})
  OPTIONAL MATCH (resource:Resource {id: target})
  WITH coalesce(partner, project) AS a, coalesce(activity, item, need, resource) AS b,
    relation, occurrence, row, typed
  WHERE a IS NOT NULL AND b IS NOT NULL"""


def relations_import(schema: Schema, *, links: bool = False) -> str:
    """The LOAD CSV statement for the relations between partners in relations.csv (``links``: for its
    rows joining partners to activities and projects), one static-type branch per relation of ``schema``."""
    kinds = [key for key in schema.relations if (key in schema.link_relations) == links]
    branches = "\n".join(
        f'  FOREACH (_ IN CASE WHEN relation = "{key}" THEN [1] ELSE [] END |\n'
        f"    MERGE (a)-[r:`{schema.relations[key].neo4j_type}` {{{_KEY}: occurrence}}]->(b)\n"
        f"    SET r = {{{_KEY}: occurrence, {_SAVED}: $stamp}}\n"
        "    FOREACH (pair IN props | SET r[pair[0]] = pair[1]))"
        for key in kinds
    )
    known = ", ".join(f'"{key}"' for key in kinds)
    header = _LINKS_HEADER if links else _RELATIONS_HEADER
    return f"""{header}MATCH (meta:GovGraphTable {{table: "relations"}})
WITH [i IN range(0, size(meta.columns) - 1) | [meta.columns[i], meta.types[i]]] AS typed
LOAD CSV WITH HEADERS FROM $base + "relations.csv" AS row
WITH typed, row WHERE row.relation IN [{known}]
WITH typed, row.source AS source, row.target AS target, row.relation AS relation, collect(row) AS rows
UNWIND range(0, size(rows) - 1) AS occurrence
WITH typed, source, target, relation, occurrence, rows[occurrence] AS row
CALL (typed, source, target, relation, occurrence, row) {{
{_LINK_ENDS if links else _PARTNER_ENDS}
  WITH a, b, relation, occurrence, [pair IN typed
    WHERE NOT pair[0] IN ["source", "target", "relation"]
      AND row[pair[0]] IS NOT NULL AND row[pair[0]] <> "" |
    [pair[0], CASE pair[1]
      WHEN "int" THEN toInteger(row[pair[0]])
      WHEN "float" THEN toFloat(row[pair[0]])
      WHEN "bool" THEN toBoolean(row[pair[0]])
      WHEN "date" THEN CASE WHEN size(row[pair[0]]) = 10 THEN date(row[pair[0]])
        ELSE localdatetime(replace(row[pair[0]], " ", "T")) END
      ELSE row[pair[0]] END]] AS props
{branches}
}} IN TRANSACTIONS OF 1000 ROWS
"""


def _without_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """The URI without a user and password in it (never shown nor logged), and those two."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri, None, None
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=host)), parts.username, parts.password


def _quietly(action: object) -> None:
    """Run a clean-up that must not hide the error that called for it."""
    try:
        action()  # type: ignore[operator]
    except Exception:
        log.debug("clean-up after a failed save failed too", exc_info=True)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


_TEMPORALS = (neo4j_time.Date, neo4j_time.DateTime)


def _temporal(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns as the values the driver sends as Neo4j temporals: a column of dates without a time
    of day as ``Date``, any other as ``LocalDateTime`` (one type per column, so queries compare them)."""
    dated = [c for c in frame.columns if pdt.is_datetime64_any_dtype(frame[c].dtype)]
    if not dated:
        return frame
    frame = frame.copy()
    for column in dated:
        values = frame[column]
        native = values.dt.date if dates_only(values) else values.dt.to_pydatetime()
        frame[column] = pd.Series(list(native), index=frame.index, dtype=object).where(values.notna(), None)
    return frame


def _link_ends(net: PartnerNetwork) -> tuple[np.ndarray, np.ndarray]:
    """The node label of each link's source and target."""
    links = net.links
    ends = []
    for column in ("source", "target"):
        labels = np.full(len(links), "", dtype=object)
        for name, label in _LABELS.items():
            labels[links[column].isin(getattr(net, name).index).to_numpy()] = label
        ends.append(labels)
    return ends[0], ends[1]


def _node_rows(frame: pd.DataFrame, stamp: str) -> list[dict[str, Any]]:
    rows = []
    for identifier, props in zip(frame.index, plain_records(_temporal(frame))):
        props["id"] = identifier
        props[_SAVED] = stamp
        rows.append({"id": identifier, "props": props})
    return rows


def _frame(table: str, rows: list[dict[str, Any]], declared: dict[str, str] | None) -> pd.DataFrame:
    """Object columns in the saved order; internal properties left out; temporals as Python dates."""
    rows = [{k: v.to_native() if isinstance(v, _TEMPORALS) else v for k, v in row.items()} for row in rows]
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame[[c for c in frame.columns if not str(c).startswith("_govgraph")]]
    required = [c.name for c in TABLES[table] if c.required]
    order = list(dict.fromkeys([*required, *(declared or {})]))
    for column in order:
        if column not in frame.columns:
            frame[column] = pd.Series([None] * len(frame), dtype=object)
    rest = [c for c in frame.columns if c not in order]
    return frame[order + rest]
