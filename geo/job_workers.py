"""How a job's worker process starts: forked from one forkserver per process that has
imported the heavy libraries once, and without the parent's ``__main__``."""

from __future__ import annotations

import multiprocessing
import sys
import threading
import types
from multiprocessing.context import ForkServerContext, ForkServerProcess

# What a worker imports before any job, once (the forkserver's preload).
PRELOAD = [
    "geo.intake.builder",
    "geo.intake.reader",
    "geo.table.prepare",
    "geo.output.printing",
]

_context_lock = threading.Lock()
_context: ForkServerContext | None = None
_main_lock = threading.Lock()
_NO_MAIN = types.ModuleType("__mp_main__")  # no file, no spec: nothing for a worker to run


def forkserver_context() -> ForkServerContext:
    """The process's forkserver context, its preload set before the server starts."""
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def start_without_main(worker: ForkServerProcess) -> None:
    """Start ``worker`` without the parent's ``__main__``: multiprocessing sends its file and
    the worker runs it first. In Streamlit's server ``__main__`` is the app's script, which
    would run again, whole, before each job (0.8 s here, and its side effects). A script run
    that sets a new ``__main__`` meanwhile keeps its own."""
    with _main_lock:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = _NO_MAIN
        try:
            worker.start()
        finally:
            if sys.modules["__main__"] is _NO_MAIN:
                sys.modules["__main__"] = main
