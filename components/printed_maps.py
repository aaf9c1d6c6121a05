"""Printed maps for the app: each made by a worker (``geo.jobs``: its own memory and CPU
limits, one job per core) and kept in a bounded cache, so the same view of the same data is
made once however often it is asked for, and a burst of clicks queues instead of piling up."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from components.data import AppData
from geo.jobs import PRINT_LIMITS, run_job
from geo.output.printing import PrintView, print_map

CACHE_BYTES = 64 * 2**20  # documents kept, all sizes together
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def printed_map(
    data: AppData,
    view: PrintView,
    *,
    paper: str,
    fmt: str,
    on_wait: Callable[[], None] | None = None,
    **job: Any,
) -> bytes:
    """The document of ``view`` over ``data``, from the cache or made in a worker. Raises
    ``PrintError`` (too many projects, a missing font) or ``geo.jobs.JobFailed``. ``job``:
    whose job it is (``store.job_owner``). An upload's document, or one with a typed
    keyword, is never kept in this process-wide cache."""
    key = (data.version, view, paper, fmt, data.as_of)
    kept = data.dataset.directory is not None and not view.filters.keyword
    with _lock:
        if kept and key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    municipalities, prefectures = data.areas or (None, None)
    document = run_job(
        print_map,
        data.projects,
        limits=PRINT_LIMITS,
        on_wait=on_wait,
        **job,
        dataset=data.dataset,
        municipalities=municipalities,
        prefectures=prefectures,
        view=view,
        paper=paper,
        fmt=fmt,
        as_of=data.as_of,
    )
    if not kept:
        return document
    with _lock:
        _cache[key] = document
        while sum(map(len, _cache.values())) > CACHE_BYTES and len(_cache) > 1:
            _cache.popitem(last=False)
    return document
