"""Copies of the app behind HAProxy, measured: ``python -m bench.cluster --replicas 1,2``.

For each replica count it starts the copies and HAProxy on 127.0.0.1 (``devkit.cluster``: the
deployment's own ``deploy/haproxy.cfg``), drives ``bench.load``'s visitors through the
balancer and reports visits per minute, CPU per visit and p95 per step. Then, with the last
count (at least 2), two runs where copies go away under load:

- failover: one copy is killed (SIGKILL) while visits run; its visitors reconnect as
  Streamlit's frontend does, HAProxy sends them to a live copy, and each visit's view is
  checked against the one it had (count, open project);
- rolling restart: each copy in turn is stopped (SIGTERM), started again and waited for.

Reported: visits completed, reconnected, restored, failed, and wrong views. It stops by itself.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable

from bench.load import Failover, run_load
from bench.stream_session import cpu_seconds, stream_url
from bench.visit_plan import VISIT_STEPS
from devkit.cluster import Cluster, running_cluster
from devkit.waiting import wait_until
from geo import paths

WARM_VISITS = 2  # a copy reads and publishes its data once, at its first visit


def _warm(cluster: Cluster) -> None:
    for replica in cluster.replicas:
        run_load(stream_url(replica.base), [replica.pid], WARM_VISITS, 1, empty=False)


def measure(replicas: int, visitors: int, concurrency: int, env: dict[str, str]) -> dict:
    """One load run through the balancer in front of ``replicas`` warm copies."""
    with running_cluster(replicas, env) as cluster:
        _warm(cluster)
        pids = [r.pid for r in cluster.replicas]
        balancer_cpu = cpu_seconds(cluster.haproxy.pid)
        result = run_load(stream_url(cluster.base), pids, visitors, concurrency, empty=False)
        done = max(visitors - result["failures"], 1)
        result["balancer_cpu_per_visit"] = (cpu_seconds(cluster.haproxy.pid) - balancer_cpu) / done
        result["taken_out"] = sum(cluster.times_taken_out().values())  # a busy copy failing checks
        return result


def under_disruption(
    replicas: int,
    visitors: int,
    concurrency: int,
    env: dict[str, str],
    disrupt: Callable[[Cluster], None],
) -> dict:
    """A load run during which ``disrupt(cluster)`` runs once a quarter of the visits are
    done; the failover counts of every visit."""
    with running_cluster(replicas, env) as cluster:
        _warm(cluster)
        failover = Failover()
        result: dict = {}
        pids = [r.pid for r in cluster.replicas]

        def load() -> None:
            result.update(
                run_load(
                    stream_url(cluster.base),
                    pids,
                    visitors,
                    concurrency,
                    empty=False,
                    failover=failover,
                )
            )

        runner = threading.Thread(target=load)
        runner.start()
        _wait_for_visits(cluster, concurrency)
        started = time.perf_counter()
        disrupt(cluster)
        result_disrupt_s = time.perf_counter() - started
        runner.join()
    done = visitors - result["failures"]
    return {
        **result,
        "completed": done,
        "reconnected": failover.reconnects,
        "restored": failover.restored,
        "wrong": failover.wrong,
        "disrupt_s": result_disrupt_s,
    }


def _wait_for_visits(cluster: Cluster, concurrency: int) -> None:
    """Until every copy holds open visits (HAProxy's current sessions), so a copy that goes
    away takes visitors with it."""

    def everywhere() -> bool:
        sessions = cluster.current_sessions()
        return all(sessions.get(r.name, 0) > 0 for r in cluster.replicas)

    wait_until(
        everywhere,
        timeout=60,
        what=lambda: f"no open visits on every copy: {cluster.current_sessions()}",
    )


def kill_one(cluster: Cluster) -> None:
    """SIGKILL the first copy; HAProxy sees it down by its health checks."""
    cluster.replicas[0].kill()
    cluster.wait_for(cluster.replicas[0].name, "DOWN")


def rolling_restart(cluster: Cluster) -> None:
    for replica in cluster.replicas:
        cluster.restart(replica)


def _p95_ms(result: dict, step: str) -> float:
    values = sorted(result["latencies"].get(step, []))
    return values[min(len(values) - 1, int(0.95 * len(values)))] * 1000 if values else float("nan")


def _per_minute(result: dict) -> float:
    return len(result["latencies"].get("open", [])) / result["wall"] * 60


def _pooled(results: list[dict]) -> dict:
    """The rounds of one replica count as one run: their latencies together."""
    latencies: dict[str, list[float]] = {}
    for result in results:
        for step, values in result["latencies"].items():
            latencies.setdefault(step, []).extend(values)
    return {"latencies": latencies}


# Where a visit's CPU goes: the app's copies, HAProxy, and the visitors (this process).
_CPU = ("cpu_per_visit", "balancer_cpu_per_visit", "client_cpu_per_visit")


def report(levels: dict[int, list[dict]], concurrency: int) -> None:
    """Visits a minute as the median of the rounds (and their range): this machine's other
    work moves single runs by a fifth either way. Cores busy: all three CPU shares a visit
    times visits a second; the visitors run on the same cores as the copies."""
    rounds = len(next(iter(levels.values())))
    print(f"\nthrough HAProxy, {concurrency} visitors at a time, {rounds} rounds:")
    print(
        "| replicas | visits/min (median, range) | CPU a visit: copies + HAProxy + visitors "
        "| cores busy | failed | taken out by checks | peak MB a copy | p95 per step (ms) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for replicas, results in levels.items():
        rates = sorted(_per_minute(r) for r in results)
        cpu = {k: statistics.median(r[k] for r in results) for k in _CPU}
        busy = statistics.median(sum(r[k] for k in _CPU) * _per_minute(r) / 60 for r in results)
        shares = " + ".join(f"{cpu[k] * 1000:.0f}" for k in _CPU)
        pooled = _pooled(results)
        steps = ", ".join(f"{s} {_p95_ms(pooled, s):.0f}" for s in VISIT_STEPS)
        print(
            f"| {replicas} | {statistics.median(rates):.0f} ({rates[0]:.0f}–{rates[-1]:.0f}) | "
            f"{shares} ms | {busy:.2f} | {sum(r['failures'] for r in results)} | "
            f"{sum(r['taken_out'] for r in results)} | "
            f"{max(r['peak_mb'] for r in results):.0f} | {steps} |"
        )
    if len(levels) > 1:
        (first, low), *_, (last, high) = sorted(levels.items())
        gain = statistics.median(map(_per_minute, high)) / statistics.median(map(_per_minute, low))
        print(f"{last} copies serve {gain:.2f}× the visits a minute of {first} (medians)")


def report_disruption(name: str, result: dict, visitors: int) -> None:
    print(
        f"{name}: {visitors} visits — completed {result['completed']}, "
        f"reconnected {result['reconnected']}, restored {result['restored']}, "
        f"failed {result['failures']}, wrong views {len(result['wrong'])} "
        f"(disruption took {result['disrupt_s']:.1f} s; p95 open "
        f"{_p95_ms(result, 'open'):.0f} ms)"
    )
    for wrong in result["wrong"]:
        print(f"  wrong view: {wrong}")
    for error, count in result["errors"].items():
        print(f"  failed ×{count}: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    parser.add_argument("--replicas", default="1,2", help="replica counts, comma-separated")
    parser.add_argument("--visitors", type=int, default=120, help="visits per run")
    parser.add_argument("--concurrency", type=int, default=20, help="visitors at a time")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each replica count")
    parser.add_argument(
        "--no-disruption", action="store_true", help="skip the failover and rolling runs"
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.replicas.split(",")]
    env = {"BOUNDARIES_DIR": str(paths.boundaries_dir()), "DATASET_DIR": str(paths.dataset_dir())}
    levels: dict[int, list[dict]] = {n: [] for n in counts}
    for round_ in range(args.rounds):  # alternate the order: drift of the machine cancels
        for replicas in counts if round_ % 2 == 0 else counts[::-1]:
            levels[replicas].append(measure(replicas, args.visitors, args.concurrency, env))
            wall = levels[replicas][-1]["wall"]
            print(f"round {round_ + 1}, {replicas} replicas: done in {wall:.0f} s", flush=True)
    report(levels, args.concurrency)
    if args.no_disruption:
        return
    replicas = max(2, counts[-1])
    print(f"\n{replicas} replicas, {args.concurrency} visitors at a time:")
    for name, disrupt in (
        ("failover (one copy killed)", kill_one),
        ("rolling restart", rolling_restart),
    ):
        result = under_disruption(replicas, args.visitors, args.concurrency, env, disrupt)
        report_disruption(name, result, args.visitors)


if __name__ == "__main__":
    main()
