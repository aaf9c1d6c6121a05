"""Heavy work on a stranger's input — reading, matching and preparing an uploaded table,
making a printed map — in a worker process of its own, with a memory and a CPU-time limit,
and at most one job per core at a time: a file that escapes every check kills only its worker,
the server goes on answering everyone else, and the visitor is told what happened.

Workers are forked from a forkserver that has imported the heavy libraries once, so a job
starts in milliseconds, not the seconds a fresh interpreter takes. A job is a module-level
function; its arguments and result travel pickled. Errors the function raises on purpose
(``TableError`` …, each built from its message) are raised again here as themselves; running
out of memory or time is a ``JobFailed`` that says so.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# What a worker imports before any job, once (the forkserver's preload).
PRELOAD = [
    "geo.intake.builder",
    "geo.intake.reader",
    "geo.table.prepare",
    "geo.output.printing",
]
CGROUP = Path("/sys/fs/cgroup")


def usable_cores(cgroup: Path = CGROUP) -> int:
    """The cores this process may use: its CPU affinity, capped by its container's CPU quota
    (cgroup v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``), which ``os.cpu_count`` ignores. A pod
    limited to 2 CPUs on a 64-core node runs 2 jobs at a time, not 64, and so stays within
    its memory limit (docs/deploy.md)."""
    cores = len(os.sched_getaffinity(0))
    quota = _cpu_quota(cgroup)
    return cores if quota is None else max(1, min(cores, math.ceil(quota)))


def _cpu_quota(cgroup: Path) -> float | None:
    """CPUs' worth of time a period allows, or None for no quota."""
    try:
        if (cgroup / "cpu.max").is_file():  # v2: "max 100000" or "200000 100000"
            quota, period = (cgroup / "cpu.max").read_text().split()
            return None if quota == "max" else int(quota) / int(period)
        if (cgroup / "cpu" / "cpu.cfs_quota_us").is_file():  # v1: -1 for none
            quota = int((cgroup / "cpu" / "cpu.cfs_quota_us").read_text())
            period = int((cgroup / "cpu" / "cpu.cfs_period_us").read_text())
            return None if quota < 0 else quota / period
    except (OSError, ValueError):  # unreadable or unknown format: no cap is known
        return None
    return None


SLOTS = usable_cores()  # jobs running at once, process-wide
QUEUE_TIMEOUT_S = 120.0  # a job waiting longer than this is refused ("busy")


@dataclass(frozen=True)
class Limits:
    """A job's bounds: memory beyond what a fresh worker holds, and CPU seconds."""

    memory_mb: int = 300
    cpu_s: int = 10

    @property
    def wall_s(self) -> float:
        """Wall time before the worker is stopped (CPU time, waiting for its turn aside)."""
        return self.cpu_s * 3 + 15


# A sheet of ``geo.intake.limits.MAX_CELLS`` cells takes 3.5 s of reading on a quiet day here
# and up to 9 s on a slow one (2026-12-07): the bound leaves that twice over, so a table the
# limits admit is never refused for time.
UPLOAD_LIMITS = Limits(memory_mb=300, cpu_s=20)
PRINT_LIMITS = Limits(memory_mb=600, cpu_s=30)


class JobFailed(RuntimeError):
    """A job that its worker could not finish: ``kind`` is "memory", "time", "busy" or
    "crashed", and the message says so in a sentence."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


# Errors a job raises on purpose, raised again here as themselves (built from the message).
_RERAISED: dict[str, type[Exception]] = {}


def reraised(*classes: type[Exception]) -> None:
    """Register exception classes (constructible from one message) that a job may raise."""
    for cls in classes:
        _RERAISED[f"{cls.__module__}.{cls.__qualname__}"] = cls


_slots = threading.BoundedSemaphore(SLOTS)
_context_lock = threading.Lock()
_context: Any = None


def run_job(
    function: Callable[..., Any],
    *args: Any,
    limits: Limits,
    on_wait: Callable[[], None] | None = None,
    **kwargs: Any,
) -> Any:
    """``function(*args, **kwargs)`` in a worker within ``limits``; ``on_wait`` is called
    once when the job must wait for a free slot (so the page can say "waiting")."""
    if not _slots.acquire(blocking=False):
        if on_wait is not None:
            on_wait()
        if not _slots.acquire(timeout=QUEUE_TIMEOUT_S):
            raise JobFailed("busy", "the server is busy with other work: try again in a minute")
    try:
        return _run(function, args, kwargs, limits)
    finally:
        _slots.release()


def _run(function: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits) -> Any:
    context = _forkserver()
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(send, function, args, kwargs, limits), daemon=True)
    worker.start()
    send.close()
    try:
        if not receive.poll(limits.wall_s):
            raise JobFailed("time", f"the work took longer than {limits.wall_s:.0f} s")
        outcome = receive.recv()
    except EOFError:  # the worker died before it could answer
        worker.join(5)
        raise _died(worker.exitcode, limits) from None
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join(5)
    status, *rest = outcome
    if status == "ok":
        return rest[0]
    kind, name, message = rest
    if kind == "raised" and name in _RERAISED:
        raise _RERAISED[name](message)
    raise JobFailed(kind, message)


def _died(exitcode: int | None, limits: Limits) -> JobFailed:
    import signal

    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return JobFailed("time", f"the work needed more than {limits.cpu_s} s of computing")
    return JobFailed("crashed", f"the work stopped unexpectedly (exit {exitcode})")


def _forkserver():
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def _work(send, function: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits) -> None:
    """In the worker: set the limits, run, send back the result or what went wrong."""
    _limit(limits)
    try:
        outcome: tuple = ("ok", function(*args, **kwargs))
    except MemoryError:
        outcome = ("failed", "memory", "", _memory_message(limits))
    except Exception as err:  # sent to the caller, which raises it again or names it
        name = f"{type(err).__module__}.{type(err).__qualname__}"
        kind = "raised" if name in _RERAISED else "crashed"
        message = str(err) if kind == "raised" else f"{type(err).__name__}: {err}"
        outcome = ("failed", kind, name, message)
    try:
        send.send(outcome)
    except MemoryError:  # a result too big to send is a job too big
        send.send(("failed", "memory", "", _memory_message(limits)))
    send.close()


def _memory_message(limits: Limits) -> str:
    return f"the work needed more than {limits.memory_mb} MB of memory"


def _limit(limits: Limits) -> None:
    """Memory: what this worker holds now (its share of the forkserver's libraries) plus
    ``memory_mb``, as ``RLIMIT_DATA`` (heap and anonymous mappings, not shared libraries).
    CPU: ``RLIMIT_CPU``, after which the kernel stops the worker (SIGXCPU, then SIGKILL)."""
    data = _vm_data_bytes()
    budget = data + limits.memory_mb * 2**20
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (budget, budget))
    used = int(time.process_time())
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (used + limits.cpu_s, used + limits.cpu_s + 2))


def _vm_data_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _register_known_errors() -> None:
    from geo.dataset import DatasetError
    from geo.intake.builder import BuildError
    from geo.intake.limits import TableError
    from geo.intake.publisher_words import SectorTableError
    from geo.output.printing.print_view import PrintError

    reraised(TableError, BuildError, SectorTableError, PrintError, DatasetError)


_register_known_errors()
