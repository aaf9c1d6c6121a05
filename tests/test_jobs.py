"""How many jobs (uploads, prints) run at once: one per core the process may really use, so
a copy in a pod limited to 2 CPUs on a 64-core node stays within its memory limit."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import types
from pathlib import Path

import pytest

from devkit.waiting import wait_until
from geo.cores import usable_cores
from geo.jobs import WORKER_NICENESS, JobFailed, Limits, run_job

NODE_CORES = 64


@pytest.fixture(autouse=True)
def big_node(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(NODE_CORES)))


@pytest.mark.parametrize(
    ("files", "cores"),
    [
        ({"cpu.max": "200000 100000\n"}, 2),  # cgroup v2, 2 CPUs
        ({"cpu.max": "150000 100000\n"}, 2),  # 1.5 CPUs: a job may use the part core
        ({"cpu.max": "50000 100000\n"}, 1),  # less than a core: still one job
        ({"cpu.max": "max 100000\n"}, NODE_CORES),  # no quota
        ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3),  # v1
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, NODE_CORES),
        ({"cpu.max": "lots\n"}, NODE_CORES),  # a format we do not know: no cap
        ({}, NODE_CORES),  # no cgroup file system
    ],
)
def test_jobs_run_one_per_core_of_the_containers_quota(tmp_path, files, cores):
    root = _tree(tmp_path, files)
    assert usable_cores(root, _membership(tmp_path, "0::/\n")) == cores


UNIT = "system.slice/kasegi-map@8501.service"


@pytest.mark.parametrize(
    ("membership", "files", "cores"),
    [
        # systemd's CPUQuota=200% on the unit (cgroup v2): read where the process lives.
        (f"0::/{UNIT}\n", {f"{UNIT}/cpu.max": "200000 100000\n", "cpu.max": "max 100000"}, 2),
        # A quota on a parent slice caps the unit below it.
        (f"0::/{UNIT}\n", {"system.slice/cpu.max": "100000 100000\n"}, 1),
        # cgroup v1, the cpu controller mounted with cpuacct.
        (
            f"4:cpu,cpuacct:/{UNIT}\n3:memory:/{UNIT}\n",
            {
                f"cpu,cpuacct/{UNIT}/cpu.cfs_quota_us": "300000\n",
                f"cpu,cpuacct/{UNIT}/cpu.cfs_period_us": "100000\n",
            },
            3,
        ),
        (f"0::/{UNIT}\n", {f"{UNIT}/cpu.max": "max 100000\n"}, NODE_CORES),
        ("", {}, NODE_CORES),  # no /proc/self/cgroup to read
    ],
)
def test_the_quota_is_read_in_the_processs_own_cgroup(tmp_path, membership, files, cores):
    root = _tree(tmp_path, files)
    assert usable_cores(root, _membership(tmp_path, membership)) == cores


def _tree(tmp_path, files: dict[str, str]):
    root = tmp_path / "cgroup"
    root.mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _membership(tmp_path, text: str):
    path = tmp_path / "proc-self-cgroup"
    path.write_text(text)
    return path


# --- fair jobs: one per visitor, cancelled when not wanted, a bounded queue, below the web ---


def _hold(marker: str, fifo: str) -> str:
    """A job that says it runs (its pid in ``marker``) and then waits for the test to let it
    finish (a writer on ``fifo``): as long as the test wants, with no clock involved."""
    Path(marker).write_text(str(os.getpid()))
    with open(fifo) as release:
        return release.read()


def _niceness() -> int:
    return os.nice(0)


@pytest.fixture
def held(tmp_path):
    """(start a held job in a thread → its outcome box, release all held jobs)."""
    fifo = tmp_path / "release"
    os.mkfifo(fifo)
    threads = []

    def start(name: str, **options) -> dict:
        box: dict = {}
        marker = tmp_path / f"{name}.pid"

        def work() -> None:
            try:
                box["result"] = run_job(_hold, str(marker), str(fifo), limits=LIMITS, **options)
            except JobFailed as err:
                box["failed"] = err.kind

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        threads.append(thread)
        box["marker"], box["thread"] = marker, thread
        return box

    yield start
    for thread in threads:  # let every job still held finish
        while thread.is_alive():
            with contextlib.suppress(OSError):
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
            thread.join(0.2)


LIMITS = Limits(memory_mb=100, cpu_s=30)


def _running(box: dict) -> int:
    """Until the held job's worker has started: its pid."""
    marker = box["marker"]
    wait_until(
        lambda: marker.exists() and marker.read_text(), timeout=60, what="the job never started"
    )
    return int(marker.read_text())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_a_worker_runs_below_the_web_process():
    assert run_job(_niceness, limits=LIMITS) == min(os.nice(0) + WORKER_NICENESS, 19)


def test_a_worker_never_runs_the_parents_main_script(tmp_path, monkeypatch):
    """In Streamlit's server ``__main__`` is the app's script: a job must not run it again."""
    ran = tmp_path / "ran"
    script = tmp_path / "script.py"
    script.write_text(f"from pathlib import Path\nPath({str(ran)!r}).write_text('ran')\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert run_job(os.getpid, limits=LIMITS) != os.getpid()
    assert not ran.exists()
    assert sys.modules["__main__"] is main


def test_asking_again_cancels_the_visitors_first_job(held):
    first = held("first", owner="session-1")
    pid = _running(first)
    assert run_job(_niceness, limits=LIMITS, owner="session-1") >= WORKER_NICENESS
    first["thread"].join(30)
    assert first.get("failed") == "cancelled" and not _alive(pid)


def test_a_job_whose_visitor_left_is_cancelled(held):
    left = threading.Event()
    job = held("left", owner="session-2", gone=left.is_set)
    pid = _running(job)
    left.set()  # the tab closed: Streamlit's runtime no longer has the session
    job["thread"].join(30)
    assert job.get("failed") == "cancelled" and not _alive(pid)


def test_the_queue_is_bounded_and_a_waiting_job_can_be_cancelled(held, monkeypatch):
    monkeypatch.setattr("geo.jobs._slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr("geo.jobs.QUEUE_MAX", 1)
    running = held("running", owner="a")
    _running(running)
    told = threading.Event()
    gone = threading.Event()
    waiting = held("waiting", owner="b", on_wait=told.set, gone=gone.is_set)
    assert told.wait(30)  # the second job waits for the one slot
    with pytest.raises(JobFailed) as refused:
        run_job(_niceness, limits=LIMITS, owner="c")
    assert refused.value.kind == "busy"  # a third is refused at once, not queued
    gone.set()
    waiting["thread"].join(30)
    assert waiting.get("failed") == "cancelled" and not waiting["marker"].exists()
