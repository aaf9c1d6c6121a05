"""Counts in a real PostgreSQL server (Debian's ``postgresql``), from two copies of the app
behind HAProxy: concurrent visits add up exactly, and an outage of the database loses
nothing while the pages keep working (``geo.counts``, docs/counts.md)."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from bench.load import run_load
from bench.stream_session import stream_url
from devkit.browser import ARTIFACTS
from devkit.cluster import HAPROXY, running_cluster
from devkit.postgres import postgres_bin, running_postgres
from devkit.waiting import wait_until
from geo.counts.database import open_database

from .conftest import missing_input
from .harness import written_rows

pytestmark = pytest.mark.deploy  # HAProxy in front of copies of the app

# One visit of bench.load (bench/visit_plan.py): a link to a sector, the map's report, two
# filters, a project picked in the list. What it counts, once its map has reported:
PER_VISIT = {
    ("visit", "page"): 1,
    ("language", "ja"): 1,
    ("link_opened", "without_project"): 1,
    ("filter_applied", "pref=27"): 1,
    ("filter_applied", "sector=crafts"): 1,
    ("opened_from", "list"): 1,
}
PER_VISIT_TOTAL = sum(PER_VISIT.values()) + 1  # and the project opened (whichever is first)
VISITS = -(-2000 // PER_VISIT_TOTAL)  # at least 2,000 events
OUTAGE_S = 30.0


def totals(database) -> Counter:
    found: Counter = Counter()
    for _day, event, key, count in written_rows(database):
        found[(event, key) if event != "project_opened" else (event, "*")] += count
    return found


def expected(visits: int) -> Counter:
    return Counter(
        {**{k: v * visits for k, v in PER_VISIT.items()}, ("project_opened", "*"): visits}
    )


@pytest.fixture(scope="module")
def counted_cluster(app_boundaries_dir):
    if not os.path.exists(HAPROXY):
        missing_input(f"{HAPROXY} missing: run `make deploy-tools`")
    if postgres_bin() is None:
        missing_input("PostgreSQL missing: run `make deploy-tools`")
    # Not under pytest's own temporary folder: the postgres user could not reach it (0700).
    with tempfile.TemporaryDirectory(prefix="kasegi-postgres-") as folder:
        os.chmod(folder, 0o755)
        with running_postgres(Path(folder) / "cluster") as postgres:
            env = {
                "BOUNDARIES_DIR": str(app_boundaries_dir),
                "COUNTS_DATABASE_URL": postgres.url,
                "COUNTS_FLUSH_SECONDS": "0.5",
            }
            with running_cluster(2, env) as cluster:
                yield cluster, postgres, open_database(postgres.url)


def test_concurrent_visits_through_two_copies_add_up_exactly(counted_cluster):
    cluster, _postgres, database = counted_cluster
    before = totals(database)
    pids = [copy.pid for copy in cluster.replicas]
    result = run_load(stream_url(cluster.base), pids, VISITS, 16, empty=False)
    assert result["failures"] == 0, result["errors"]
    sessions = cluster.total_sessions()
    assert all(n > 0 for n in sessions.values()), sessions  # both copies counted
    want = before + expected(VISITS)
    wait_until(
        lambda: totals(database) == want,
        timeout=60,
        what=lambda: f"{VISITS * PER_VISIT_TOTAL} events counted: {totals(database) - before}",
    )


def test_an_outage_of_the_database_loses_nothing(counted_cluster):
    cluster, postgres, database = counted_cluster
    before = totals(database)
    pids = [copy.pid for copy in cluster.replicas]
    postgres.stop()
    visits, started = 0, time.monotonic()
    while time.monotonic() - started < OUTAGE_S:  # pages used all through the outage
        result = run_load(stream_url(cluster.base), pids, 4, 4, empty=False)
        assert result["failures"] == 0, result["errors"]  # the pages keep working
        visits += 4
    logs = [ARTIFACTS / f"replica-{copy.name}-{copy.port}.log" for copy in cluster.replicas]
    postgres.start()
    wait_until(
        lambda: totals(database) == before + expected(visits),
        timeout=60,
        what=lambda: f"{visits} visits' events written: {totals(database) - before}",
    )
    assert database.lost() == 0
    text = "".join(log.read_text() for log in logs if log.exists())
    assert "increments not written yet" in text
