"""Heavy work on a stranger's input — reading, matching and preparing an uploaded table,
making a printed map — in a worker process of its own, with a memory and a CPU-time limit,
and at most one job per core at a time: a file that escapes every check kills only its worker,
the server goes on answering everyone else, and the visitor is told what happened.

Workers are forked from a forkserver that has imported the heavy libraries once
(``geo.job_workers``), so a job starts in milliseconds, not the seconds a fresh interpreter
takes. A job is a module-level
function; its arguments and result travel pickled. Errors the function raises on purpose
(``TableError`` …, each built from its message) are raised again here as themselves; running
out of memory or time is a ``JobFailed`` that says so.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geo.cores import usable_cores
from geo.job_workers import forkserver_context, start_without_main

LOG = logging.getLogger("kasegi.jobs")
SLOTS = usable_cores()  # jobs running at once, process-wide
QUEUE_MAX = 2 * SLOTS  # jobs waiting for a slot; one more is refused at once ("busy")
QUEUE_TIMEOUT_S = 60.0  # a job waiting longer than this is refused ("busy")
POLL_S = 0.25  # how often a waiting or running job asks whether it is still wanted
WORKER_NICENESS = 10  # workers yield the CPU to the web process that answers every visitor


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


# What one copy of the app may hold at once, for its memory limit (a systemd unit's
# MemoryMax=, a pod's limit; tests/test_deploy.py checks both against this): the web process
# under load (about 250 MB measured by bench.cluster, doubled), the forkserver with the
# preloaded libraries (about 130 MB seen, rounded up), and per running job its memory limit
# and the worker's own pages.
WEB_PROCESS_MB = 500
FORKSERVER_MB = 250
WORKER_OWN_MB = 50


def memory_budget_mb(jobs: int) -> int:
    """The memory a copy running ``jobs`` jobs at once may need, in MB."""
    largest = max(UPLOAD_LIMITS.memory_mb, PRINT_LIMITS.memory_mb)
    return WEB_PROCESS_MB + FORKSERVER_MB + jobs * (largest + WORKER_OWN_MB)


class JobFailed(RuntimeError):
    """A job that its worker could not finish: ``kind`` is "memory", "time", "busy",
    "cancelled" or "crashed", and the message says so in a sentence."""

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
_queue_lock = threading.Lock()
_waiting = 0
_owned: dict[str, threading.Event] = {}  # owner → the cancel event of its one job


def run_job(
    function: Callable[..., Any],
    *args: Any,
    limits: Limits,
    on_wait: Callable[[], None] | None = None,
    owner: str | None = None,
    gone: Callable[[], bool] | None = None,
    **kwargs: Any,
) -> Any:
    """``function(*args, **kwargs)`` in a worker within ``limits``; ``on_wait`` is called
    once when the job must wait for a free slot (so the page can say "waiting").

    ``owner`` (a session) has at most one job: asking again cancels the one it has. ``gone``
    says the owner has left (its tab closed): its job is cancelled, waiting or running. At
    most ``QUEUE_MAX`` jobs wait; one more is refused at once."""
    cancel = _claim(owner)
    left = gone if gone is not None else lambda: False
    stopped = lambda: cancel.is_set() or left()  # noqa: E731
    try:
        _take_slot(on_wait, stopped)
        try:
            return _run(function, args, kwargs, limits, stopped)
        finally:
            _slots.release()
    except JobFailed as failed:
        if failed.kind == "cancelled":  # its worker is stopped by now
            why = "asked again" if cancel.is_set() else "its visitor left"
            LOG.warning("job %s cancelled (%s)", getattr(function, "__name__", "?"), why)
        raise
    finally:
        _unclaim(owner, cancel)


def _busy() -> JobFailed:
    return JobFailed("busy", "the server is busy with other work: try again in a minute")


def _cancelled() -> JobFailed:
    return JobFailed("cancelled", "the work was no longer wanted")


def _claim(owner: str | None) -> threading.Event:
    cancel = threading.Event()
    if owner is not None:
        with _queue_lock:
            earlier = _owned.get(owner)
            if earlier is not None:
                earlier.set()  # the same visitor asked again: the earlier job is not wanted
            _owned[owner] = cancel
    return cancel


def _unclaim(owner: str | None, cancel: threading.Event) -> None:
    with _queue_lock:
        if owner is not None and _owned.get(owner) is cancel:
            del _owned[owner]


def _take_slot(on_wait: Callable[[], None] | None, stopped: Callable[[], bool]) -> None:
    global _waiting
    if _slots.acquire(blocking=False):
        return
    with _queue_lock:
        if _waiting >= QUEUE_MAX:
            raise _busy()
        _waiting += 1
    try:
        if on_wait is not None:
            on_wait()
        deadline = time.monotonic() + QUEUE_TIMEOUT_S
        while not _slots.acquire(timeout=POLL_S):
            if stopped():
                raise _cancelled()
            if time.monotonic() > deadline:
                raise _busy()
    finally:
        with _queue_lock:
            _waiting -= 1


def _run(
    function: Callable[..., Any],
    args: tuple,
    kwargs: dict,
    limits: Limits,
    stopped: Callable[[], bool],
) -> Any:
    context = forkserver_context()
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(send, function, args, kwargs, limits), daemon=True)
    start_without_main(worker)
    send.close()
    try:
        deadline = time.monotonic() + limits.wall_s
        while not receive.poll(POLL_S):
            if stopped():
                raise _cancelled()
            if time.monotonic() > deadline:
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


def _work(send, function: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits) -> None:
    """In the worker: set the limits, run, send back the result or what went wrong."""
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
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
