"""Copies of the app behind HAProxy on 127.0.0.1, for ``bench.cluster`` and the tests.

The balancer runs the deployment's own ``deploy/haproxy.cfg``: only its ``bind`` line and its
``server`` lines are replaced (by a free port and the copies started here), and a stats
socket is added so that the caller can wait for HAProxy to see a copy up or down instead of
sleeping. Every port is reserved for the cluster's life (``devkit.ports``). Copies run from this checkout and share its ``static/gen``, as on a VM.
"""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from devkit.browser import (
    ARTIFACTS,
    REPO_ROOT,
    is_healthy,
    server_env,
    streamlit_command,
    wait_healthy,
)
from devkit.ports import reserved_ports
from devkit.waiting import wait_until

HAPROXY = "/usr/sbin/haproxy"
HAPROXY_CFG = REPO_ROOT / "deploy" / "haproxy.cfg"
BACKEND = "app"
START_TIMEOUT_S = 90.0
_SERVER_LINE = re.compile(r"^(\s*)server\s+\S+\s+\S+(.*)$")
_BIND_LINE = re.compile(r"^(\s*)bind\s+\S+(.*)$")
# What only works over HTTPS: a second bind (with ssl), the redirect to it, and the cookie's
# Secure and SameSite=None (a browser refuses SameSite=None without Secure).
_REDIRECT_LINE = re.compile(r"^\s*http-request\s+redirect\s+scheme\s+https\b")
_COOKIE_HTTPS = re.compile(r'(?<=httponly) secure attr "SameSite=None"$')


def balancer_config(template: str, *, port: int, replica_ports: list[int], stats: Path) -> str:
    """``template`` (haproxy.cfg's text) bound to 127.0.0.1:``port``, its backend's servers
    replaced by one per replica port (named and cookied app1 … appN, options kept from the
    file's first server line), and a stats socket at ``stats``. Plain HTTP: what needs a
    certificate (``_REDIRECT_LINE``, ``_COOKIE_HTTPS``, a second bind) is left out."""
    lines, servers_at, options, bound = [], None, "", False
    for line in template.splitlines():
        if (bound and _BIND_LINE.match(line)) or _REDIRECT_LINE.match(line):
            continue  # the HTTPS bind and the redirect to it
        line = _COOKIE_HTTPS.sub("", line)
        if (match := _SERVER_LINE.match(line)) is not None:
            if servers_at is None:
                servers_at, indent = len(lines), match.group(1)
                options = re.sub(r"\bcookie\s+\S+", "cookie {name}", match.group(2))
            continue
        if (match := _BIND_LINE.match(line)) is not None and not bound:
            line, bound = f"{match.group(1)}bind 127.0.0.1:{port}{match.group(2)}", True
        lines.append(line)
        if line.strip() == "global":
            lines.append(f"    stats socket {stats} mode 600 level admin")
    if servers_at is None or not bound:
        raise ValueError(f"{HAPROXY_CFG.name}: no `bind` or no `server` line to replace")
    servers = [
        f"{indent}server app{n} 127.0.0.1:{p}{options.format(name=f'app{n}')}"
        for n, p in enumerate(replica_ports, start=1)
    ]
    lines[servers_at:servers_at] = servers
    return "\n".join(lines) + "\n"


@dataclass
class Replica:
    """One copy of the app on a fixed port: started, killed and started again in place."""

    name: str
    port: int
    env: dict[str, str]
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} is not running"
        return self.process.pid

    def start(self) -> None:
        log = ARTIFACTS / f"replica-{self.name}-{self.port}.log"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with log.open("a") as out:
            self.process = subprocess.Popen(
                streamlit_command(self.port),
                cwd=REPO_ROOT,
                env=server_env(self.env),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_healthy(self.base, timeout=START_TIMEOUT_S, process=self.process, log=log.read_text)

    def kill(self) -> None:
        """SIGKILL: no goodbye to its visitors, as when a machine dies."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, as a rolling restart or ``systemctl restart`` stops a copy."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Cluster:
    """HAProxy on ``base`` in front of ``replicas``."""

    base: str
    replicas: list[Replica]
    haproxy: subprocess.Popen
    stats: Path
    log: Path

    def _servers(self) -> dict[str, dict[str, str]]:
        """HAProxy's statistics of each of the backend's servers (its stats socket)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.stats))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        header, *rows = data.decode().splitlines()
        columns = header.lstrip("# ").split(",")
        servers = {}
        for row in rows:
            values = dict(zip(columns, row.split(","), strict=False))
            if values.get("pxname") == BACKEND and values.get("svname", "").startswith("app"):
                servers[values["svname"]] = values
        return servers

    def server_states(self) -> dict[str, str]:
        """Each server's status as HAProxy's health checks see it ("UP", "DOWN", …)."""
        return {name: v["status"].split()[0] for name, v in self._servers().items()}

    def current_sessions(self) -> dict[str, int]:
        """Connections open to each server now (a visitor's WebSocket is one)."""
        return {name: int(v["scur"] or 0) for name, v in self._servers().items()}

    def total_sessions(self) -> dict[str, int]:
        """Connections each server has been given so far."""
        return {name: int(v["stot"] or 0) for name, v in self._servers().items()}

    def times_taken_out(self) -> dict[str, int]:
        """How often the health checks found each server down (UP → DOWN transitions)."""
        return {name: int(v["chkdown"] or 0) for name, v in self._servers().items()}

    def checks(self, name: str) -> dict[str, str]:
        """HAProxy's last health check of ``name`` (``check_status`` "L7STS", ``check_code``
        "503" …) and its count of failed checks (``chkfail``)."""
        server = self._servers()[name]
        return {k: server.get(k, "") for k in ("check_status", "check_code", "chkfail")}

    def wait_check(self, name: str, timeout: float = 30.0, **expected: str) -> None:
        """Until HAProxy's last health check of ``name`` is as ``expected`` (keys of
        ``checks``: ``check_status="L4CON"`` for a copy that refuses connections)."""
        wait_until(
            lambda: all(self.checks(name)[k] == v for k, v in expected.items()),
            timeout=timeout,
            what=lambda: f"HAProxy's last check of {name}: {self.checks(name)}",
        )

    def wait_for(self, name: str, status: str, timeout: float = 30.0) -> None:
        """Until HAProxy's health checks see server ``name`` as ``status`` ("UP"/"DOWN")."""
        wait_until(
            lambda: self.server_states().get(name) == status,
            timeout=timeout,
            what=lambda: f"HAProxy sees {name} as {self.server_states().get(name)}, not {status}",
        )

    def restart(self, replica: Replica) -> None:
        """Stop one copy (SIGTERM), start it again, and wait until HAProxy sends to it."""
        replica.stop()
        replica.start()
        self.wait_for(replica.name, "UP")


@contextlib.contextmanager
def running_cluster(
    replicas: int, env: dict[str, str], *, broken: dict[str, dict[str, str]] | None = None
) -> Iterator[Cluster]:
    """``replicas`` copies of the app and HAProxy in front, all on 127.0.0.1; stopped after.
    ``broken``: copy name → settings added to ``env`` that must keep that copy from ever
    being ready (it is awaited DOWN, the others UP)."""
    broken = broken or {}
    if not Path(HAPROXY).exists():
        raise FileNotFoundError(
            f"{HAPROXY} not found: install Debian's haproxy (make deploy-tools)"
        )
    names = [f"app{n}" for n in range(1, replicas + 1)]
    # Every port held for the cluster's whole life: a copy restarted in place finds its own.
    with (
        reserved_ports(replicas + 1) as (port, *ports),
        tempfile.TemporaryDirectory(prefix="kasegi-haproxy-") as folder,
    ):
        copies = [
            Replica(name, p, {**env, **broken.get(name, {})})
            for name, p in zip(names, ports, strict=True)
        ]
        stats = Path(folder) / "stats.sock"
        config = Path(folder) / "haproxy.cfg"
        config.write_text(
            balancer_config(
                HAPROXY_CFG.read_text("utf-8"),
                port=port,
                replica_ports=[c.port for c in copies],
                stats=stats,
            ),
            "utf-8",
        )
        log = ARTIFACTS / "haproxy.log"
        haproxy = None
        try:
            for copy in copies:
                copy.start()
            with log.open("w") as out:
                haproxy = subprocess.Popen(
                    [HAPROXY, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT
                )
            cluster = Cluster(f"http://127.0.0.1:{port}", copies, haproxy, stats, log)
            wait_until(
                lambda: stats.exists() and is_healthy(cluster.base),
                timeout=30,
                what=lambda: f"haproxy did not start: {log.read_text()}",
                give_up=lambda: (
                    f"haproxy exited: {log.read_text()}" if haproxy.poll() is not None else None
                ),
            )
            for copy in copies:
                cluster.wait_for(copy.name, "DOWN" if copy.name in broken else "UP")
            yield cluster
        finally:
            if haproxy is not None:
                haproxy.terminate()
                haproxy.wait(timeout=10)
            for copy in copies:
                copy.stop()
