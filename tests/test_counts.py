"""Counting what people use (``geo.counts``, ``components/state/usage.py``): the database and
its migrations, the recorder's batching and retries, the "< 5" rule, the CLI, and each
action of the app adding exactly one to its counter (AppTest)."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from datetime import date, timedelta

import pandas as pd
import pytest

import geo.counts.recorder as recorder_module
from components.state import usage
from devkit.app_driver import map_opened, report_map
from devkit.waiting import wait_until
from geo.counts import events
from geo.counts.database import (
    LATEST,
    MIGRATIONS,
    CountsDatabaseError,
    SqliteCounts,
    open_database,
)
from geo.counts.events import refuses_counting, today
from geo.counts.recorder import Recorder, counts_config
from geo.counts.report import counts_csv, shown_count, summary, weekly, write_open_data
from geo.environment import setting_problems
from geo.paths import REPO_ROOT

from .harness import (
    choose,
    notices,
    params,
    pick,
    plain,
    reset_filters,
    run_app,
    search,
    written_rows,
)

IDS = list(pd.read_csv(REPO_ROOT / "data" / "projects.csv")["id"])
TOKEN = "owner-token-0123456789abcdef"
DAY = date(2026, 12, 7)


# --- the database ---
def test_a_new_database_is_migrated_to_the_latest_version(tmp_path):
    database = SqliteCounts(tmp_path / "counts.sqlite3")
    assert database.migrate() == 0
    assert database.version() == LATEST
    assert database.migrate() == LATEST  # nothing more to do
    with sqlite3.connect(tmp_path / "counts.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("old", range(1, LATEST))
def test_each_old_version_migrates_and_keeps_its_counts(tmp_path, old):
    database = SqliteCounts(tmp_path / "counts.sqlite3")
    database.migrate(to=old)
    with database.transaction() as cur:  # written as a copy of that version wrote it
        cur.execute(
            "INSERT INTO counts (day, event, key, count) VALUES ('2026-12-01', 'visit', 'page', 7)"
        )
    assert database.migrate() == old
    assert database.version() == LATEST
    database.add({(DAY, "visit", "page"): 2}, {DAY: 3})
    assert database.rows() == [(date(2026, 12, 1), "visit", "page", 7), (DAY, "visit", "page", 2)]
    assert database.lost() == 3


def test_increments_add_up_across_writers(tmp_path):
    """Upserts: eight writers adding at once lose nothing (as copies behind a balancer)."""
    database = SqliteCounts(tmp_path / "counts.sqlite3")
    database.migrate()

    def write() -> None:
        for _ in range(25):
            database.add({(DAY, "visit", "page"): 1, (DAY, "export", "csv"): 2})

    writers = [threading.Thread(target=write) for _ in range(8)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert database.rows() == [(DAY, "export", "csv", 400), (DAY, "visit", "page", 200)]


def test_retention_forgets_old_days(tmp_path):
    database = SqliteCounts(tmp_path / "counts.sqlite3")
    database.migrate()
    database.add({(DAY - timedelta(days=800), "visit", "page"): 1, (DAY, "visit", "page"): 1})
    assert database.prune(before=DAY - timedelta(days=730)) == 1
    assert database.rows() == [(DAY, "visit", "page", 1)]


def test_the_recorder_enforces_the_retention_and_publishes_once_a_day(tmp_path):
    database = SqliteCounts(tmp_path / "counts.sqlite3")
    database.migrate()
    old = today() - timedelta(days=31)
    database.add({(old, "visit", "page"): 9, (today(), "visit", "page"): 1})
    published = tmp_path / "gen" / "counts.csv"
    recorder = Recorder(database, flush_seconds=3600, retention_days=30, open_data=published)
    assert recorder.flush() is True
    assert database.rows() == [(today(), "visit", "page", 1)]
    assert published.read_bytes().decode("utf-8") == counts_csv(database.rows())
    recorder.add(events.VISIT, "page")
    assert recorder.flush() is True  # the same day: not published again
    assert published.read_bytes().decode("utf-8") == counts_csv([(today(), "visit", "page", 1)])


def test_a_database_url_is_checked():
    assert isinstance(open_database("sqlite:///tmp/x.sqlite3"), SqliteCounts)
    with pytest.raises(ValueError, match="sqlite:///"):
        open_database("sqlite://")
    with pytest.raises(ValueError, match="mysql scheme"):
        open_database("mysql://db/counts")
    problems = setting_problems(
        {"COUNTS_DATABASE_URL": "mysql://db", "COUNTS_TOKEN": "short", "COUNTS": "maybe"}
    )
    assert problems == [
        "COUNTS: on or off",
        "COUNTS_DATABASE_URL: mysql scheme: use sqlite:///FILE or postgresql://…",
        "COUNTS_TOKEN: shorter than 16 characters",
    ]
    assert counts_config({"COUNTS_TOKEN": "short", "COUNTS": "maybe"}).token is None


def test_the_schema_steps_are_never_empty():
    assert LATEST == len(MIGRATIONS) >= 2 and all(MIGRATIONS)


# --- the recorder ---
class Failing(SqliteCounts):
    """A database that refuses writes while ``down`` is set."""

    down = True

    def add(self, increments, lost=None):
        if self.down:
            raise CountsDatabaseError("connection refused")
        super().add(increments, lost)


def test_a_failed_write_is_logged_and_retried(tmp_path, caplog):
    database = Failing(tmp_path / "counts.sqlite3")
    recorder = Recorder(database, flush_seconds=3600)
    for _ in range(3):
        recorder.add(events.VISIT, "page")
    with caplog.at_level(logging.WARNING, logger="kasegi.counts"):
        assert recorder.flush() is False
    assert "3 increments not written yet (connection refused)" in caplog.text
    recorder.add(events.VISIT, "page")
    database.down = False
    assert recorder.flush() is True
    assert database.rows() == [(today(), "visit", "page", 4)]


class PruneFails(SqliteCounts):
    def prune(self, *, before):
        raise CountsDatabaseError("disk I/O error")


def test_a_failed_daily_task_never_writes_a_batch_twice(tmp_path, caplog):
    database = PruneFails(tmp_path / "counts.sqlite3")
    recorder = Recorder(database, flush_seconds=3600)
    recorder.add(events.VISIT, "page")
    with caplog.at_level(logging.WARNING, logger="kasegi.counts"):
        assert recorder.flush() is True
        assert recorder.flush() is True
    assert "retention not applied yet (disk I/O error)" in caplog.text
    assert database.rows() == [(today(), "visit", "page", 1)]


def test_what_no_longer_fits_is_counted_as_lost(tmp_path, caplog):
    database = Failing(tmp_path / "counts.sqlite3")
    recorder = Recorder(database, flush_seconds=3600, pending_max=2)
    for key in ("a", "b", "c", "c", "a"):
        recorder.add(events.PROJECT_OPENED, key)
    assert recorder.flush() is False
    database.down = False
    with caplog.at_level(logging.WARNING, logger="kasegi.counts"):
        assert recorder.flush() is True
    assert "2 increments lost while the database was away" in caplog.text
    assert [row[2:] for row in database.rows()] == [("a", 2), ("b", 1)]
    assert database.lost() == 2


def test_the_thread_writes_without_being_asked(tmp_path):
    database = SqliteCounts(tmp_path / "counts.sqlite3")
    recorder = Recorder(database, flush_seconds=0.05)
    recorder.add(events.EXPORT, "csv")
    written = wait_until(
        lambda: written_rows(database),
        timeout=20,
        what="the recorder's thread to write",
    )
    assert written == [(today(), "export", "csv", 1)]
    recorder.close()


# --- what leaves the database ---
def test_small_counts_leave_as_less_than_five(tmp_path):
    assert [shown_count(n) for n in (1, 4, 5, 120)] == ["< 5", "< 5", "5", "120"]
    rows = [(DAY, "project_opened", "=HYPERLINK(1)", 3), (DAY, "visit", "page", 9)]
    text = counts_csv(rows)
    assert text.splitlines() == [
        "day,event,key,count",
        "2026-12-07,project_opened,'=HYPERLINK(1),< 5",
        "2026-12-07,visit,page,9",
    ]
    write_open_data(rows, tmp_path / "open" / "counts.csv")
    assert (tmp_path / "open" / "counts.csv").read_bytes().decode("utf-8") == text


def test_the_summary_and_the_weeks():
    rows = [
        (date(2026, 12, 7), "project_opened", "a", 3),  # a Monday
        (date(2026, 12, 8), "project_opened", "b", 6),
        (date(2026, 12, 13), "project_opened", "a", 4),  # Sunday: the same week
        (date(2026, 12, 14), "visit", "page", 5),
    ]
    projects = summary(rows)[0]
    assert projects.event is events.PROJECT_OPENED and projects.rows == (("a", 7), ("b", 6))
    assert weekly(rows) == {
        date(2026, 12, 7): {"project_opened": 13},
        date(2026, 12, 14): {"visit": 5},
    }


def test_do_not_track_and_global_privacy_control():
    assert refuses_counting({"DNT": "1"}) and refuses_counting({"sec-gpc": "1"})
    assert not refuses_counting({"DNT": "0", "User-Agent": "x"})


def test_the_cli_prints_and_writes_csv(tmp_path):
    url = f"sqlite://{tmp_path / 'counts.sqlite3'}"
    database = open_database(url)
    database.migrate()
    database.add({(DAY, "project_opened", IDS[0]): 12, (DAY, "project_opened", IDS[1]): 2})
    run = [sys.executable, "-m", "geo", "counts", "--database", url]
    printed = subprocess.run(run, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert f"    12  {IDS[0]} " in printed.stdout and f"   < 5  {IDS[1]} " in printed.stdout
    out = tmp_path / "counts.csv"
    subprocess.run([*run, "--csv", str(out)], cwd=REPO_ROOT, check=True, capture_output=True)
    assert out.read_bytes().decode("utf-8") == counts_csv(database.rows())
    bad = subprocess.run([*run[:-1], "mysql://x"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "error: --database: mysql scheme" in bad.stderr


# --- the app: each action adds one to its counter ---
@pytest.fixture
def counted(app_env, tmp_path, monkeypatch):
    """The app's process counting into a database of this test's; returns a reader of what
    was counted, as a Counter of (event, key)."""
    monkeypatch.setenv("COUNTS_DATABASE_URL", f"sqlite://{tmp_path / 'counts.sqlite3'}")
    monkeypatch.setenv("COUNTS_TOKEN", TOKEN)
    monkeypatch.setenv("COUNTS_FLUSH_SECONDS", "3600")  # written when read, not by the clock
    usage.config.cache_clear()
    monkeypatch.setattr(recorder_module, "_RECORDER", None)

    def read() -> Counter:
        usage.counts_database()  # flushes
        rows = recorder_module._RECORDER.database.rows()
        return Counter({(event, key): n for _day, event, key, n in rows})

    yield read
    if recorder_module._RECORDER is not None:
        recorder_module._RECORDER.close()
    usage.config.cache_clear()


def test_each_action_adds_one(counted):
    at = run_app()
    assert counted() == {}  # held until the browser says whether it may be counted
    at = map_opened(at)
    assert counted() == {("visit", "page"): 1, ("language", "ja"): 1}
    at = choose(at, "sectors", ["medical"])
    at = choose(at, "sectors", ["medical", "culture"])
    at = choose(at, "sectors", ["culture"])  # a value dropped: nothing applied
    at = choose(at, "sectors", ["culture", "<script>"])  # unknown to the dataset: not counted
    at = search(at, "観光")
    at = reset_filters(at)
    at = pick(at, IDS[5])
    assert counted() == {
        ("visit", "page"): 1,
        ("language", "ja"): 1,
        ("filter_applied", "sector=medical"): 1,
        ("filter_applied", "sector=culture"): 1,
        ("filter_applied", "keyword"): 1,
        ("project_opened", IDS[5]): 1,
        ("opened_from", "list"): 1,
    }


def test_a_shared_link_counts_once(counted):
    at = map_opened(run_app(sector="medical", p=IDS[3], lang="en"))
    at.run()  # a rerun of the same page is not a new link
    assert counted() == {
        ("visit", "page"): 1,
        ("language", "en"): 1,
        ("link_opened", "with_project"): 1,
        ("project_opened", IDS[3]): 1,
        ("opened_from", "link"): 1,
    }


def test_an_embed_counts_as_one(counted):
    map_opened(run_app(view="embed"))
    assert counted() == {
        ("visit", "embed"): 1,
        ("language", "ja"): 1,
        ("link_opened", "without_project"): 1,
    }


def test_a_click_on_the_map_says_marker_or_area(counted):
    at = map_opened(run_app())
    marker = {"type": "Feature", "properties": {"kasegi_ids": [IDS[1]], "kasegi_via": "marker"}}
    area = {"type": "Feature", "properties": {"kasegi_ids": [IDS[2]]}}
    at = report_map(at, last_object_clicked_count=1, last_active_drawing=marker)
    at = report_map(at, last_object_clicked_count=2, last_active_drawing=area)
    at = report_map(at, last_object_clicked_count=2, last_active_drawing=area)  # not a click
    found = counted()
    assert found[("opened_from", "marker")] == 1 and found[("opened_from", "area")] == 1
    assert found[("project_opened", IDS[1])] == 1 and found[("project_opened", IDS[2])] == 1


def test_a_print_counts_its_format(counted):
    at = map_opened(run_app(sector="medical", lang="en"))
    at.button(key="open_share").click().run()
    at.button(key="open_share").click()  # AppTest reruns the page: the dialog opened again
    at.button(key="print_make").click().run()
    assert "Save the PDF" in [b.label for b in at.get("download_button")]
    assert counted()[("print", "pdf")] == 1


def test_a_browser_that_refuses_is_never_counted(counted):
    at = map_opened(run_app(sector="medical", p=IDS[3]), refused=True)
    at = choose(at, "sectors", ["medical", "culture"])
    at = pick(at, IDS[0])
    assert counted() == {}


def test_counting_off_counts_nothing(counted, monkeypatch):
    monkeypatch.setenv("COUNTS", "off")
    usage.config.cache_clear()
    at = choose(run_app(), "sectors", ["medical"])
    assert recorder_module._RECORDER is None and not at.exception


def test_the_owner_page_needs_its_token(counted):
    owner = run_app(view="counts", token=TOKEN)
    assert [t.value for t in owner.title] == ["地図の利用状況"]
    assert not owner.exception
    for wrong in ({"token": TOKEN[:-1] + "x"}, {}):
        page = run_app(view="counts", **wrong)
        assert [t.value for t in page.title] != ["地図の利用状況"]
        assert "view=counts" in plain(notices(page))  # an unknown key, ignored
    assert "token" not in params(choose(page, "sectors", ["medical"]))


def test_the_owner_page_agrees_with_the_database(counted, tmp_path):
    counted()  # the recorder made, its database migrated
    database = recorder_module._RECORDER.database
    database.add({(DAY, "project_opened", IDS[3]): 12, (DAY, "project_opened", IDS[4]): 2})
    owner = run_app(view="counts", token=TOKEN)
    assert "よく開かれたプロジェクト" in [s.value for s in owner.subheader]
    names = pd.read_csv(REPO_ROOT / "data" / "projects.csv").set_index("id")["name_ja"]
    first = owner.table[0].value
    assert list(first.itertuples(name=None)) == [(names[IDS[3]], "12"), (names[IDS[4]], "< 5")]
