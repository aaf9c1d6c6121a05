"""Whether this copy of the app can serve a page as it should — what a balancer's or
Kubernetes' readiness check asks (``serve.py``'s ``/ready``), unlike ``/_stcore/health``,
which answers "ok" before the app has run at all.

Ready: the start's work is done (the current list and every earlier version loaded, joined
and their map files published, so this copy answers for any file a page of any copy names),
every environment setting is right (``geo.environment``) and the current list loads, joins
its boundaries and publishes the map's files. An earlier version that cannot be read is
a notice on the pages that ask for it, not a reason to take the copy out. The answer names
what is wrong by setting or part, never by server path or value (it is public); the server's
log has the details.
"""

from __future__ import annotations

import logging
import threading

from components.data import AppData, data_paths, open_app_data
from components.versions import shown_version
from geo.environment import setting_problems

LOG = logging.getLogger("kasegi")
_lock = threading.Lock()  # one check at a time: the first one loads and publishes
_started = threading.Event()  # the start's publishing is done


def readiness_problems() -> list[str]:
    """What keeps this copy from being ready (empty: ready). Cheap once the data is loaded:
    the data's cache is keyed by the files' sizes and times, so an edit is seen."""
    if not _started.is_set():
        return ["starting: publishing the map's files"]
    problems = setting_problems()
    with _lock:
        data = open_app_data(data_paths())
    if not isinstance(data, AppData):
        LOG.warning("not ready: the current list cannot be read: %s", data)
        problems.append("the current list cannot be read (see the server's log)")
    elif data.problem is not None:
        LOG.warning("not ready: %s: %s", data.problem.kind, data.problem.detail)
        problems.append(f"the map is points only ({data.problem.kind}; see the server's log)")
    return problems


def log_settings_at_start() -> None:
    """One log line per wrong setting, as the server starts."""
    for line in setting_problems():
        LOG.error("bad setting %s", line)


def prepare_at_start() -> None:
    """Load, join and publish the current list and each earlier version before any visitor
    asks (in the background): a copy answers for every map file from the moment it is
    ready, whichever copy served the page that names it (an embed's requests may reach
    any copy)."""
    threading.Thread(target=_prepare, name="kasegi-start", daemon=True).start()


def _prepare() -> None:
    try:
        with _lock:
            data = open_app_data(data_paths())
            if isinstance(data, AppData):
                for key in data.history.keys[:-1]:
                    shown_version(data, key)  # a broken one is a notice later, not a stop
    finally:
        _started.set()
