"""A real Streamlit server and Debian's Chromium (driven by Playwright) for end-to-end tests
and benchmarks. Every request that is not to this machine's loopback is blocked."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

from devkit.ports import reserved_port
from devkit.waiting import wait_until
from geo.paths import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


SERVER = "serve.py"  # the app as it is deployed: app.py with /ready and its start
HEALTH_PATH = "/_stcore/health"  # the process answers
READY_PATH = "/ready"  # the copy can serve the map (serve.py)


@contextlib.contextmanager
def streamlit_server(
    env: dict[str, str], script: str = SERVER, timeout: float = 90
) -> Iterator[str]:
    """`streamlit run` on a reserved loopback port; yields its base URL once /_stcore/health
    is ok."""
    with running_streamlit(env, script, timeout) as (base, _):
        yield base


def streamlit_command(port: int, script: str = SERVER) -> list[str]:
    """``streamlit run`` of ``script`` on 127.0.0.1:``port`` (this checkout's settings)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]


_COUNTS_FOLDER: list[Path] = []


def server_env(env: dict[str, str]) -> dict[str, str]:
    """The environment of a server the tests or benchmarks start: this process's, ``env``
    over it, and, unless one of them names one, a counts database of this process's own
    (``geo.counts``): a test or benchmark never counts into ``data/counts.sqlite3``."""
    merged = {**os.environ, **env}
    if "COUNTS_DATABASE_URL" not in merged:
        if not _COUNTS_FOLDER:
            _COUNTS_FOLDER.append(Path(tempfile.mkdtemp(prefix="kasegi-counts-")))
        merged["COUNTS_DATABASE_URL"] = f"sqlite://{_COUNTS_FOLDER[0] / 'counts.sqlite3'}"
    return merged


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@contextlib.contextmanager
def running_streamlit(
    env: dict[str, str], script: str = SERVER, timeout: float = 90, cwd: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like ``streamlit_server``, also yielding the server process (for memory figures);
    ``cwd``: another checkout of the app (a benchmark's "before")."""
    with reserved_port() as port, _started(env, script, timeout, cwd, port) as running:
        yield running


@contextlib.contextmanager
def _started(
    env: dict[str, str], script: str, timeout: float, cwd: Path | None, port: int
) -> Iterator[tuple[str, subprocess.Popen]]:
    command = streamlit_command(port, script)
    log = server_log(f"http://127.0.0.1:{port}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd or REPO_ROOT,
            env=server_env(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, timeout=timeout, process=process, log=log.read_text)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def server_log(base: str) -> Path:
    """Where the server at ``base`` (``running_streamlit``'s) writes its output."""
    return ARTIFACTS / f"server-{base.rsplit(':', 1)[1]}.log"


def block_non_loopback(context, blocked: list[str]) -> None:
    """Abort every request whose host is not loopback (tiles included): the app must work offline."""

    def handle(route):
        host = urlparse(route.request.url).hostname or ""
        if host in LOOPBACK:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", handle)


def wait_healthy(
    base: str,
    *,
    timeout: float,
    process: subprocess.Popen | None = None,
    log: Callable[[], str] = str,
    path: str = HEALTH_PATH,
) -> None:
    """Until ``base`` + ``path`` answers 200 (``READY_PATH``: the copy is ready): a
    RuntimeError with the server's ``log`` when its ``process`` exits first, a TimeoutError
    when ``timeout`` seconds pass."""

    def exited() -> str | None:
        if process is not None and process.poll() is not None:
            return f"{base}: the server exited early: {log()[-3000:]}"
        return None

    wait_until(
        lambda: is_healthy(base, path),
        timeout=timeout,
        what=lambda: f"{base}: no answer on {path}: {log()[-3000:]}",
        give_up=exited,
    )


def is_healthy(base: str, path: str = HEALTH_PATH) -> bool:
    """Whether ``base`` + ``path`` answers 200 now."""
    try:
        with urllib.request.urlopen(f"{base}{path}", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} not found: install Debian's chromium (make browser)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
