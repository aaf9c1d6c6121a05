"""Where counts are kept: one table of (day, event, key) → count, added to by upserts so that
several copies of the app writing at once lose no increment. SQLite (WAL mode) on one
machine, PostgreSQL (``psycopg`` 3) when ``COUNTS_DATABASE_URL`` names one. The schema is the
app's own: created and migrated here, one numbered step at a time, under a lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

Increment = tuple[date, str, str]  # (day, event, key)
Row = tuple[date, str, str, int]

# Each step of the schema, in order; a database at version N has run the first N. Never edit
# a step that has shipped: add one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the counters
        "CREATE TABLE counts (day DATE NOT NULL, event TEXT NOT NULL, key TEXT NOT NULL, "
        "count BIGINT NOT NULL, PRIMARY KEY (day, event, key))",
    ),
    (  # 2: increments lost while the database was away, by day (counted, never silent)
        "CREATE TABLE lost (day DATE PRIMARY KEY, count BIGINT NOT NULL)",
        "CREATE INDEX counts_by_event ON counts (event, day)",
    ),
)
LATEST = len(MIGRATIONS)


class CountsDatabaseError(RuntimeError):
    """The database could not be reached or written (the recorder keeps the increments)."""


class CountsDatabase:
    """The SQL both databases share; a subclass opens connections and names its driver."""

    mark = "?"  # the driver's parameter mark
    where: str  # what the database is, for log lines (never a password)

    def connection(self) -> Any:
        raise NotImplementedError

    def _lock(self, cursor: Any) -> None:
        """Hold the schema's lock for the transaction (two copies starting together)."""

    def _begin(self, cursor: Any) -> None:
        """Start a transaction (psycopg starts one by itself)."""

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        try:
            with closing(self.connection()) as conn:
                cursor = conn.cursor()
                self._begin(cursor)
                try:
                    yield cursor
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()
        except self.driver_errors() as err:
            raise CountsDatabaseError(f"{self.where}: {err}".strip()) from err

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)

    def version(self) -> int:
        with self.transaction() as cur:
            return self._version(cur)

    def _version(self, cur: Any) -> int:
        cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        cur.execute("SELECT max(version) FROM schema_version")
        found = cur.fetchone()[0]
        return int(found or 0)

    def migrate(self, *, to: int = LATEST) -> int:
        """Bring the schema to version ``to``; returns the version it was at."""
        with self.transaction() as cur:
            self._lock(cur)
            start = self._version(cur)
            for number in range(start + 1, to + 1):
                for statement in MIGRATIONS[number - 1]:
                    cur.execute(statement)
                cur.execute(f"INSERT INTO schema_version (version) VALUES ({self.mark})", (number,))
        return start

    def add(
        self, increments: Mapping[Increment, int], lost: Mapping[date, int] | None = None
    ) -> None:
        """Add each increment to its counter, and ``lost`` to the day's lost count, in one
        transaction: all are written or none."""
        m = self.mark
        with self.transaction() as cur:
            if increments:
                cur.executemany(
                    f"INSERT INTO counts (day, event, key, count) VALUES ({m}, {m}, {m}, {m}) "
                    "ON CONFLICT (day, event, key) DO UPDATE SET count = counts.count + "
                    "excluded.count",
                    [(day.isoformat(), ev, key, n) for (day, ev, key), n in increments.items()],
                )
            if lost:  # None or empty: nothing lost
                cur.executemany(
                    f"INSERT INTO lost (day, count) VALUES ({m}, {m}) ON CONFLICT (day) "
                    "DO UPDATE SET count = lost.count + excluded.count",
                    [(day.isoformat(), n) for day, n in lost.items()],
                )

    def rows(self, *, since: date | None = None) -> list[Row]:
        """Every counter (from ``since``), by day, event and key."""
        where = f" WHERE day >= {self.mark}" if since else ""
        with self.transaction() as cur:
            cur.execute(
                f"SELECT day, event, key, count FROM counts{where} ORDER BY day, event, key",
                (since.isoformat(),) if since else (),
            )
            return [(_day(d), e, k, int(n)) for d, e, k, n in cur.fetchall()]

    def lost(self) -> int:
        with self.transaction() as cur:
            cur.execute("SELECT coalesce(sum(count), 0) FROM lost")
            return int(cur.fetchone()[0])

    def prune(self, *, before: date) -> int:
        """Delete the counters of days before ``before`` (the retention); how many went."""
        with self.transaction() as cur:
            cur.execute(f"DELETE FROM counts WHERE day < {self.mark}", (before.isoformat(),))
            gone = cur.rowcount
            cur.execute(f"DELETE FROM lost WHERE day < {self.mark}", (before.isoformat(),))
            return gone


class SqliteCounts(CountsDatabase):
    """A file beside the data, in WAL mode: readers (the CLI) never block the app's writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = f"SQLite {path}"

    def connection(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _begin(self, cursor: Any) -> None:
        cursor.execute("BEGIN IMMEDIATE")  # the write lock: one migration at a time


class PostgresCounts(CountsDatabase):
    """One table for every copy behind the balancer."""

    mark = "%s"

    def __init__(self, url: str) -> None:
        self.url = url
        parts = urlsplit(url)
        self.where = f"PostgreSQL {parts.hostname or 'local socket'}{parts.path}"

    def connection(self) -> Any:
        import psycopg  # only a deployment with PostgreSQL pays for the import

        return psycopg.connect(self.url, connect_timeout=5)

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        import psycopg

        return (psycopg.Error,)

    def _lock(self, cursor: Any) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(7350001)")  # any fixed number of ours


def open_database(url: str) -> CountsDatabase:
    """The database a URL names: ``sqlite:///ABSOLUTE/PATH`` or ``postgresql://…``.
    ValueError names what is wrong."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = unquote(urlsplit(url).path)
        if not path or path == "/":
            raise ValueError("a sqlite URL names its file: sqlite:///path/to/counts.sqlite3")
        return SqliteCounts(Path(path))
    if scheme in ("postgresql", "postgres"):
        return PostgresCounts(url)
    raise ValueError(f"{scheme or 'no'} scheme: use sqlite:///FILE or postgresql://…")


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
