"""How many cores this process may really use: what the jobs (``geo.jobs``) are sized by."""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def usable_cores(cgroup: Path = CGROUP, membership: Path = PROC_CGROUP) -> int:
    """The process's CPU affinity, capped by the CPU quota of the cgroup it lives in and of
    each cgroup above it (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``), which ``os.cpu_count``
    ignores. A pod limited to 2 CPUs on a 64-core node, or a systemd unit with
    ``CPUQuota=200%``, runs 2 jobs at a time, not 64, and so stays within its memory limit
    (docs/deploy.md)."""
    cores = len(os.sched_getaffinity(0))
    quotas = [q for folder in cgroup_folders(cgroup, membership) if (q := _cpu_quota(folder))]
    return cores if not quotas else max(1, min(cores, math.ceil(min(quotas))))


def cgroup_folders(root: Path, membership: Path) -> list[Path]:
    """The folders of the cgroups this process is in and of each one above them, as
    ``/proc/self/cgroup`` names them (v2: its ``0::`` line; v1: the ``cpu`` controller's),
    and the root itself (inside a container, the namespace's root is ``/``)."""
    try:
        lines = membership.read_text().splitlines()
    except OSError:
        lines = []
    folders: list[Path] = []
    for line in lines:
        number, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if number == "0" and not controllers:
            top = root
        elif "cpu" in controllers.split(","):
            top = root / controllers if (root / controllers).is_dir() else root / "cpu"
        else:
            continue
        folder = top / path.strip("/")
        while folder != top and top in folder.parents:
            folders.append(folder)
            folder = folder.parent
        folders.append(top)
    return folders + [root]


def _cpu_quota(folder: Path) -> float | None:
    """CPUs' worth of time a period allows in the cgroup at ``folder``, or None for none."""
    try:
        if (folder / "cpu.max").is_file():  # v2: "max 100000" or "200000 100000"
            quota, period = (folder / "cpu.max").read_text().split()
            return None if quota == "max" else int(quota) / int(period)
        for v1 in (folder, folder / "cpu"):  # v1: -1 for none
            if (v1 / "cpu.cfs_quota_us").is_file():
                quota = int((v1 / "cpu.cfs_quota_us").read_text())
                period = int((v1 / "cpu.cfs_period_us").read_text())
                return None if quota < 0 else quota / period
    except (OSError, ValueError):  # unreadable or unknown format: no cap is known
        return None
    return None
