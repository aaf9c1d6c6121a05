"""How many jobs (uploads, prints) run at once: one per core the process may really use, so
a copy in a pod limited to 2 CPUs on a 64-core node stays within its memory limit."""

from __future__ import annotations

import pytest

from geo.jobs import usable_cores

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
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert usable_cores(tmp_path) == cores
