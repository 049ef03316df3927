"""One save at a time, and no half-written network read: a lease and a commit marker in the database.

A save is many transactions (one per batch), so two saves at once, or a save
killed half-way, could leave a store empty or mixed. The store keeps one
``(:GovGraphStore {name: "store"})`` node:

``lease_owner``, ``lease_until``
    The save allowed to write, and until when (epoch milliseconds). A save
    takes the lease before it writes and renews it between batches; another
    save waits for it. A lease its owner stopped renewing (a killed client)
    expires after ``lease_seconds`` and the next save takes over.
``saving``, ``started_at``
    The save that began writing and has not finished (null when none).
``committed``, ``committed_at``
    The last save that finished.

:func:`~govgraph.store.Neo4jStore.load` reads only when no save is
unfinished, and checks the marker again after reading, so it never returns a
network half of one save and half of another.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import Driver, ManagedTransaction

from govgraph.errors import GovGraphError

__all__ = ["Lease", "StoreState", "read_state"]

_STATE = "MERGE (s:GovGraphStore {name: 'store'})"


@dataclass(frozen=True)
class StoreState:
    """What the marker says: the save in progress (if any) and the last one that finished."""

    saving: str | None
    started_at: int | None
    committed: str | None
    lease_owner: str | None
    lease_until: int | None
    now: int

    @property
    def unfinished(self) -> bool:
        return self.saving is not None

    @property
    def in_progress(self) -> bool:
        """A save is writing and still renewing its lease."""
        return self.unfinished and self.lease_until is not None and self.lease_until > self.now

    def explain(self) -> str:
        started = _when(self.started_at)
        if self.in_progress:
            return f"a save started at {started} is still writing; load again when it has finished"
        return (
            f"the last save (started at {started}) did not finish, so the store holds only part of it; "
            "save the network again"
        )


def read_state(driver: Driver, database: str | None) -> StoreState:
    """The marker, as it is now (a store that never had one: nothing unfinished)."""
    records, _, _ = driver.execute_query(
        "OPTIONAL MATCH (s:GovGraphStore {name: 'store'}) "
        "RETURN s.saving AS saving, s.started_at AS started_at, s.committed AS committed, "
        "s.lease_owner AS lease_owner, s.lease_until AS lease_until, timestamp() AS now",
        database_=database,
        routing_="r",
    )
    row = records[0]
    return StoreState(
        row["saving"], row["started_at"], row["committed"], row["lease_owner"], row["lease_until"], row["now"]
    )


class Lease:
    """The right to write, held by one save (``stamp``) at a time.

    Parameters
    ----------
    driver, database
        Where the store is.
    stamp : str
        The save's own mark.
    seconds : float
        How long the lease lasts unless renewed.
    wait : float
        How long to wait for another save's lease before giving up.
    """

    def __init__(self, driver: Driver, database: str | None, stamp: str, seconds: float, wait: float) -> None:
        self._driver, self._database, self.stamp = driver, database, stamp
        self._milliseconds = int(seconds * 1000)
        self._wait = wait

    def _run(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [
                record.data() for record in tx.run(query, stamp=self.stamp, ms=self._milliseconds, **params)
            ]

        with self._driver.session(database=self._database) as session:
            return session.execute_write(work)

    def acquire(self) -> None:
        """Take the lease, waiting while another live save holds it; mark this save as begun."""
        deadline = time.monotonic() + self._wait
        pause = 0.05
        while True:
            # MERGE and SET lock the one node: two saves asking at once are served one after the other.
            (row,) = self._run(
                f"{_STATE} WITH s, timestamp() AS now "
                "WITH s, now, "
                "  (s.lease_owner IS NULL OR s.lease_until < now OR s.lease_owner = $stamp) AS free "
                "FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END | "
                "  SET s.lease_owner = $stamp, s.lease_until = now + $ms, "
                "      s.saving = $stamp, s.started_at = now) "
                "RETURN free, s.lease_owner AS owner, s.lease_until AS until"
            )
            if row["free"]:
                return
            if time.monotonic() > deadline:
                raise GovGraphError(
                    f"another save holds this store (until {_when(row['until'])}); "
                    "try again when it has finished"
                )
            time.sleep(pause)
            pause = min(pause * 2, 1.0)

    def renew(self) -> None:
        """Keep the lease; refuse to go on when another save took it over (this one stalled too long)."""
        (row,) = self._run(
            f"{_STATE} WITH s, timestamp() AS now, s.lease_owner = $stamp AS mine "
            "FOREACH (_ IN CASE WHEN mine THEN [1] ELSE [] END | SET s.lease_until = now + $ms) "
            "RETURN mine"
        )
        if not row["mine"]:
            raise GovGraphError("this save stalled so long that another took the store over; save again")

    def commit(self) -> None:
        """Mark this save finished and give the lease back."""
        (row,) = self._run(
            f"{_STATE} WITH s, s.lease_owner = $stamp AS mine "
            "FOREACH (_ IN CASE WHEN mine THEN [1] ELSE [] END | "
            "  SET s.committed = $stamp, s.committed_at = timestamp(), s.saving = null, "
            "      s.lease_owner = null, s.lease_until = null) "
            "RETURN mine"
        )
        if not row["mine"]:
            raise GovGraphError("this save stalled so long that another took the store over; save again")

    def release(self) -> None:
        """Give the lease back after a failed save; the store stays marked unfinished."""
        self._run(
            f"{_STATE} WITH s WHERE s.lease_owner = $stamp SET s.lease_owner = null, s.lease_until = null"
        )


def _when(milliseconds: object) -> str:
    if not isinstance(milliseconds, int):
        return "an unknown time"
    return datetime.fromtimestamp(milliseconds / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
