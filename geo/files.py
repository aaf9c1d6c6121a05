"""Files the project generates are written whole or not at all.

Each write goes to a unique temporary file beside the target (two concurrent builds never
share one), is flushed to disk, then renamed over the target: a reader sees the old file or
the new one, and a killed writer leaves at most a stray ``.<name>.kasegi-*.tmp``, which the
next write in that folder removes once it is old. Only such files — this program's own, by
their ``TEMP_MARK`` — are ever removed: another program's ``.draft.tmp`` beside them stays.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
TEMP_MARK = ".kasegi-"  # in the name of every temp file this program writes, and only those
STALE_TEMP_SECONDS = 600  # older temp files are a killed writer's, not a running one's


def write_atomic(target: Path, data: bytes | str) -> None:
    """Write ``data`` to ``target`` atomically (unique temp file, fsync, rename)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stray_temps(target.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(
        prefix=f".{target.name}{TEMP_MARK}", suffix=TEMP_SUFFIX, dir=target.parent
    )
    try:
        # mkstemp makes the file private (0600); the target gets what open() would give it,
        # so a build by root is readable by the app's own user (the container image).
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_directory(target.parent)


def _umask() -> int:
    """The process's umask, read without setting it (other threads create files meanwhile)."""
    with contextlib.suppress(OSError, StopIteration, ValueError):
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("Umask:"))[6:], 8)
    mask = os.umask(0o022)  # no /proc: reading the mask means setting it, set straight back
    os.umask(mask)
    return mask


def remove_stray_temps(directory: Path, older_than_s: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temp files a killed writer of ours left in ``directory``; return them."""
    removed = []
    now = time.time()
    for path in Path(directory).glob(f".*{TEMP_MARK}*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            if now - path.stat().st_mtime > older_than_s:
                path.unlink()
                removed.append(path)
    return removed


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
