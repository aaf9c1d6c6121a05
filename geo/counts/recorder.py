"""Increments kept in memory and written off the page's path: ``add`` only takes a lock and
bumps a counter; a daemon thread writes the batch every few seconds. A failed write is logged
with its number of increments and retried at the next turn, never shown to a visitor; what
no longer fits in memory while the database is away is counted as lost, and that number is
logged and written when it returns."""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from geo import environment as env_names
from geo.counts.database import CountsDatabase, CountsDatabaseError, Increment, open_database
from geo.counts.events import KEY_MAX, Event, today
from geo.counts.report import write_open_data
from geo.paths import REPO_ROOT

LOG = logging.getLogger("kasegi.counts")
DEFAULT_DATABASE = REPO_ROOT / "data" / "counts.sqlite3"
PENDING_MAX = 50_000  # distinct counters held while the database is away


@dataclass(frozen=True)
class CountsConfig:
    """The counting settings (``geo.environment``), read once per process."""

    enabled: bool = True
    database_url: str = f"sqlite://{DEFAULT_DATABASE}"
    token: str | None = None
    retention_days: int = 730
    open_data: bool = False
    flush_seconds: float = 5.0


def counts_config(env: Mapping[str, str] | None = None) -> CountsConfig:
    """The settings, each wrong one read as unset (``environment.setting_problems`` has named
    it in the log)."""
    env = os.environ if env is None else env
    wrong = {line.split(":", 1)[0] for line in env_names.setting_problems(env)}

    def value(name: str) -> str | None:
        return env.get(name) or None if name not in wrong else None

    base = CountsConfig()
    return CountsConfig(
        enabled=value(env_names.COUNTS) != "off",
        database_url=value(env_names.COUNTS_DATABASE_URL) or base.database_url,
        token=value(env_names.COUNTS_TOKEN),
        retention_days=int(value(env_names.COUNTS_RETENTION_DAYS) or base.retention_days),
        open_data=value(env_names.COUNTS_OPEN_DATA) == "on",
        flush_seconds=float(value(env_names.COUNTS_FLUSH_SECONDS) or base.flush_seconds),
    )


class Recorder:
    """One per process: the app's sessions add, one thread writes."""

    def __init__(
        self,
        database: CountsDatabase,
        *,
        flush_seconds: float = 5.0,
        retention_days: int = 730,
        open_data: Path | None = None,
        pending_max: int = PENDING_MAX,
    ) -> None:
        self.database = database
        self.flush_seconds = flush_seconds
        self.retention_days = retention_days
        self.open_data = open_data
        self.pending_max = pending_max
        self._pending: Counter[Increment] = Counter()
        self._lost: Counter[date] = Counter()
        self._lock = threading.Lock()  # guards _pending and _lost
        self._writing = threading.Lock()  # one write at a time (the thread, a final flush)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._migrated = False
        self._daily_done: date | None = None

    def add(self, event: Event, key: str) -> None:
        """Count one ``event`` of ``key`` today. Never blocks on the database."""
        counter = (today(), event.name, str(key)[:KEY_MAX])
        with self._lock:
            if counter in self._pending or len(self._pending) < self.pending_max:
                self._pending[counter] += 1
            else:
                self._lost[counter[0]] += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="counts", daemon=True)
                self._thread.start()

    def flush(self) -> bool:
        """Write what is pending now; False when the database could not take it (kept)."""
        with self._writing:
            with self._lock:
                batch, self._pending = self._pending, Counter()
                lost, self._lost = self._lost, Counter()
            try:
                if not self._migrated:
                    self.database.migrate()
                    self._migrated = True
                if batch or lost:
                    self.database.add(batch, lost)
            except CountsDatabaseError as err:
                self._keep(batch, lost)
                LOG.warning(
                    "counts: %d increments not written yet (%s); retrying in %g s",
                    sum(batch.values()),
                    err,
                    self.flush_seconds,
                )
                return False
            if lost:
                LOG.warning(
                    "counts: %d increments lost while the database was away", sum(lost.values())
                )
            try:  # after the batch is written: a failure here never writes it twice
                self._daily()
            except CountsDatabaseError as err:
                LOG.warning("counts: retention not applied yet (%s)", err)
            return True

    def _keep(self, batch: Counter[Increment], lost: Counter[date]) -> None:
        """Put a batch that could not be written back in front of what came since."""
        with self._lock:
            for counter, n in batch.items():
                if counter in self._pending or len(self._pending) < self.pending_max:
                    self._pending[counter] += n
                else:
                    self._lost[counter[0]] += n
            self._lost.update(lost)

    def _daily(self) -> None:
        """Once a day: forget counts older than the retention; publish the open-data CSV."""
        day = today()
        if self._daily_done == day:
            return
        self.database.prune(before=day - timedelta(days=self.retention_days))
        if self.open_data is not None:
            try:
                write_open_data(self.database.rows(), self.open_data)
            except OSError as err:
                LOG.warning("counts: open data not written to %s (%s)", self.open_data, err)
        self._daily_done = day

    def _run(self) -> None:
        while not self._stop.wait(self.flush_seconds):
            self.flush()

    def close(self) -> None:
        """Stop the thread and write what is left (the process is ending)."""
        self._stop.set()
        self.flush()


_RECORDER: Recorder | None = None
_MADE = threading.Lock()


def process_recorder(config: CountsConfig, open_data: Path | None) -> Recorder:
    """The process's recorder, made on first use (never at import), flushed at exit."""
    global _RECORDER
    with _MADE:
        if _RECORDER is None:
            _RECORDER = Recorder(
                open_database(config.database_url),
                flush_seconds=config.flush_seconds,
                retention_days=config.retention_days,
                open_data=open_data if config.open_data else None,
            )
            atexit.register(_RECORDER.close)
        return _RECORDER
