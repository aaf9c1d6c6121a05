"""A real PostgreSQL server of the tests' own (Debian's ``postgresql`` package), on a Unix
socket in a folder of theirs: no port to race for, nothing shared with the machine's own
cluster. Run as the ``postgres`` user when the tests run as root (``initdb`` refuses root)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from devkit.waiting import wait_until

DATABASE = "kasegi"
USER = "kasegi"
SOCKET_PORT = 5432  # only names the socket file (.s.PGSQL.5432): nothing listens on TCP


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL programs (``/usr/lib/postgresql/<version>/bin``), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@dataclass
class PostgresServer:
    folder: Path
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@/{DATABASE}?host={self.folder}&port={SOCKET_PORT}"

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command], capture_output=True, text=True, check=True, timeout=120
        )

    def start(self) -> None:
        options = f"-c listen_addresses='' -k {self.folder} -p {SOCKET_PORT} -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options,
            "-l", str(self.folder / "postgres.log"), "-w", "start",
        )  # fmt: skip
        wait_until(self.accepting, timeout=60, what="PostgreSQL to accept connections")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop")

    def accepting(self) -> bool:
        done = subprocess.run(
            [str(self.bin / "pg_isready"), "-h", str(self.folder), "-p", str(SOCKET_PORT)],
            capture_output=True,
        )
        return done.returncode == 0


@contextlib.contextmanager
def running_postgres(folder: Path) -> Iterator[PostgresServer]:
    """A new cluster in ``folder`` with database ``kasegi`` owned by role ``kasegi``
    (trusted on the socket), started; stopped and removed after."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL not found: install Debian's postgresql")
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = PostgresServer(folder, bin_dir)
    server._run(
        str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
        "--auth=trust", "--encoding=UTF8", "--no-sync",
    )  # fmt: skip
    server.start()
    try:
        psql = [str(bin_dir / "psql"), "-h", str(folder), "-p", str(SOCKET_PORT), "-U", "postgres"]
        server._run(*psql, "-c", f"CREATE ROLE {USER} LOGIN")
        server._run(*psql, "-c", f"CREATE DATABASE {DATABASE} OWNER {USER}")
        yield server
    finally:
        if server.accepting():
            server.stop()
