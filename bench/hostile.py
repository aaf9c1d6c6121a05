"""Hostile uploads against their budget: ``python -m bench.hostile``.

1. Every file of ``devkit.hostile_spreadsheets`` read as the app reads an upload (in a worker,
   ``geo.jobs``), with the worker's peak extra memory and CPU time — the budget is 300 MB and
   10 s, or a clear refusal — beside the same read without the checks (openpyxl, the naive
   baseline) where that is safe to try at all.
2. Four hostile uploads at once in four Chromium tabs against one server, while a fifth tab
   changes filters: the server's ``/_stcore/health`` is polled throughout, its memory sampled.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from devkit.browser import launch_chromium, rss_mb, running_streamlit
from devkit.hostile_spreadsheets import Hostile, corpus
from devkit.pages import TIMEOUT_MS, choose_option, expect, offline_page, open_map, wait_markers
from geo import paths
from geo.intake.reader import TableError
from geo.intake.upload_jobs import read_table
from geo.jobs import UPLOAD_LIMITS, JobFailed, Limits, run_job

SIDEBAR = "[data-testid='stSidebar']"
TOGETHER = ("bomb.xlsx", "wide.xlsx", "shared-bomb.xlsx", "tiny.csv")


def measured_read(data: bytes, name: str) -> tuple[str, float, float]:
    """In a worker: (outcome, peak extra memory in MB, CPU seconds) of reading the file."""
    start_rss = _status_kb("VmRSS")
    started = time.process_time()
    try:
        table = read_table(data, name)
        outcome = f"{len(table.rows):,} rows"
    except TableError as err:
        outcome = "refused: " + str(err).removeprefix(name + ": ")
    cpu = time.process_time() - started
    return outcome, (_status_kb("VmHWM") - start_rss) / 1024, cpu


def measured_naive_read(data: bytes, name: str) -> tuple[str, float, float]:
    """The baseline, in a worker: the same file read without the checks, as the app read it
    before — openpyxl's read-only workbook (or the csv module) over the whole file."""
    import csv
    import io

    import openpyxl

    start_rss = _status_kb("VmRSS")
    started = time.process_time()
    try:
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"))))
        else:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
        outcome = f"{len(rows):,} rows"
    except Exception as err:  # whatever the unguarded reader raises is the finding
        outcome = f"{type(err).__name__}: {str(err)[:60]}"
    cpu = time.process_time() - started
    return outcome, (_status_kb("VmHWM") - start_rss) / 1024, cpu


NAIVE_LIMITS = Limits(memory_mb=1024, cpu_s=20)  # the baseline is stopped there


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def worker_costs(files: list[Hostile], reader=measured_read, limits: Limits | None = None):
    """(file, outcome, peak extra MB, CPU s) of each file read by ``reader`` in a worker."""
    rows = []
    for hostile in files:
        data = hostile.data()
        try:
            outcome, memory, cpu = run_job(
                reader, data, hostile.name, limits=limits or Limits(memory_mb=2048, cpu_s=120)
            )
        except JobFailed as failed:
            outcome, memory, cpu = f"stopped: {failed}", float("nan"), float("nan")
        rows.append((hostile.name, outcome, memory, cpu))
    return rows


@dataclass
class Together:
    uploads: dict[str, str]  # file → what the page said
    before_mb: float
    health_checks: int
    health_failures: int
    slowest_health_s: float
    peak_server_mb: float
    filter_changes: int


def uploads_at_once(base: str, pid: int, browser, folder: Path, names=TOGETHER) -> Together:
    """``names`` uploaded at once in tabs of their own while another tab changes filters."""
    stop = threading.Event()
    health = {"checks": 0, "failures": 0, "slowest": 0.0, "peak": rss_mb(pid)}

    def watch() -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as answer:
                    ok = answer.status == 200
            except OSError:
                ok = False
            health["checks"] += 1
            health["failures"] += not ok
            health["slowest"] = max(health["slowest"], time.monotonic() - started)
            health["peak"] = max(health["peak"], rss_mb(pid))
            stop.wait(0.25)

    pages = [offline_page(browser) for _ in names]
    other = offline_page(browser)
    for page in [*pages, other]:
        open_map(page, base, markers=23)
        page.locator(SIDEBAR).get_by_text("自分の表で地図を作る").click()
    health["before"] = rss_mb(pid)  # every tab open: the uploads' own cost is what follows
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    said: dict[str, str] = {}
    changes = 0
    try:
        for page, name in zip(pages, names, strict=True):  # all four before any is read
            page.locator(f"{SIDEBAR} input[type='file']").set_input_files(str(folder / name))
        for label, count in _filter_steps():
            choose_option(other, label)
            wait_markers(other, count)
            changes += 1
        for page, name in zip(pages, names, strict=True):
            alert = page.locator(f"{SIDEBAR} [data-testid='stAlertContentError']").first
            expect()(alert).to_be_visible(timeout=TIMEOUT_MS * 3)
            said[name] = alert.inner_text()
    finally:
        stop.set()
        watcher.join()
        for page in [*pages, other]:
            page.context.close()
    return Together(
        said,
        health["before"],
        health["checks"],
        health["failures"],
        health["slowest"],
        health["peak"],
        changes,
    )


def _filter_steps() -> list[tuple[str, int]]:
    """Osaka, then Osaka and Hyogo: each option and the projects it leaves shown."""
    from geo.dataset import load_dataset
    from geo.projects import load_projects
    from geo.table.filters import Filters, filter_projects

    table = load_projects(paths.projects_csv(), load_dataset(paths.dataset_dir()))
    steps, chosen = [], set()
    for label, code in (("大阪府", "27"), ("兵庫県", "28")):
        chosen.add(code)
        steps.append((label, len(filter_projects(table, Filters(prefectures=frozenset(chosen))))))
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.parse_args()
    files = corpus()
    ours = worker_costs(files)
    naive = worker_costs(files, measured_naive_read, NAIVE_LIMITS)
    print("| file | outcome | peak extra memory | CPU | naive: outcome | memory | CPU |")
    print("| --- | --- | ---: | ---: | --- | ---: | ---: |")
    for (name, outcome, memory, cpu), (_, n_outcome, n_memory, n_cpu) in zip(
        ours, naive, strict=True
    ):
        print(
            f"| {name} | {outcome[:70]} | {memory:.0f} MB | {cpu:.2f} s "
            f"| {n_outcome[:50]} | {n_memory:.0f} MB | {n_cpu:.2f} s |"
        )
    budget = UPLOAD_LIMITS
    print(f"\nbudget: {budget.memory_mb} MB and {budget.cpu_s} s in the worker, or a refusal")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        for hostile in files:
            if hostile.name in TOGETHER:
                (Path(folder) / hostile.name).write_bytes(hostile.data())
        env = {"BOUNDARIES_DIR": str(paths.boundaries_dir())}
        with running_streamlit(env) as (base, process), sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            result = uploads_at_once(base, process.pid, browser, Path(folder))
            browser.close()
    print(f"\n{len(TOGETHER)} hostile uploads at once ({', '.join(TOGETHER)}), one tab filtering:")
    for name, text in result.uploads.items():
        print(f"- {name}: {text[:100]}")
    print(
        f"health: {result.health_checks} checks, {result.health_failures} failed, slowest "
        f"{result.slowest_health_s:.2f} s; server memory {result.before_mb:.0f} → peak "
        f"{result.peak_server_mb:.0f} MB; filter changes done: {result.filter_changes}; "
        f"{os.cpu_count()} cores, max RSS of this process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )


if __name__ == "__main__":
    main()
