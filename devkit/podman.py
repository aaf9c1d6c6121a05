"""The container image built and run with Debian's podman, for the tests and ``bench.image``.

No registry is reachable from the CI machines, so the base image is made here: Debian 12
from Debian's own packages with ``mmdebstrap``, imported with ``podman import``. That base
carries this machine's extra certificate authorities (a closed network's proxy, where there
is one) and tells pip to use the system's list, so the image's build reaches PyPI as this
machine does; the Dockerfile itself knows nothing of it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from devkit.browser import REPO_ROOT, wait_healthy
from devkit.serve import serving_folder

PODMAN = "/usr/bin/podman"
MMDEBSTRAP = "/usr/bin/mmdebstrap"
CONTAINERS_CONF = Path(__file__).with_name("containers.conf")
DEBIAN_MIRROR = "http://deb.debian.org/debian"
BASE_PACKAGES = "python3,python3-venv,ca-certificates"
EXTRA_CAS = Path("/usr/local/share/ca-certificates")
APP_USER = "10001"
DOCKERFILE = REPO_ROOT / "Dockerfile"
# The tests' base and image (bench.image builds its own, without the build cache).
TEST_BASE_TAG = "localhost/kasegi-test-base:bookworm"
TEST_IMAGE_TAG = "localhost/kasegi-map:test"


@functools.cache
def image_volumes() -> list[str]:
    """The image's writable directories, as the Dockerfile declares them (``VOLUME``): the
    published files (served) first, then the scratch (never served)."""
    (line,) = re.findall(r"^VOLUME\s+(.+?)\s*$", DOCKERFILE.read_text("utf-8"), re.MULTILINE)
    return line.split()


def published_dir() -> str:
    return image_volumes()[0]


def scratch_dir() -> str:
    return image_volumes()[1]


class PodmanError(RuntimeError):
    """A podman or mmdebstrap command failed; the message holds its output."""


def podman(*args: str, timeout: float = 120, check: bool = True) -> str:
    """Run ``podman args`` with this machine's settings (``containers.conf``); its stdout."""
    done = _run(args, timeout)
    if check and done.returncode != 0:
        raise PodmanError(f"podman {' '.join(args[:2])} failed: {done.stderr[-3000:]}")
    return done.stdout


def podman_succeeds(*args: str, timeout: float = 120) -> bool:
    """Whether ``podman args`` exits 0 (for a command expected to be refused)."""
    return _run(args, timeout).returncode == 0


def _run(args: tuple[str, ...], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PODMAN, *args],
        env={**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_base_image(tag: str, folder: Path) -> None:
    """Debian 12 with python3 (mmdebstrap), imported as ``tag``."""
    tarball = folder / "base.tar"
    hook = (
        f'mkdir -p "$1{EXTRA_CAS}" && cp -r {EXTRA_CAS}/. "$1{EXTRA_CAS}/" '
        '&& chroot "$1" update-ca-certificates'
    )
    done = subprocess.run(
        [
            MMDEBSTRAP,
            "--variant=apt",
            f"--include={BASE_PACKAGES}",
            f"--customize-hook={hook}",
            "bookworm",
            str(tarball),
            DEBIAN_MIRROR,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise PodmanError(f"mmdebstrap failed: {done.stderr[-3000:]}")
    podman(
        "import", "--change", "ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt", str(tarball), tag
    )
    tarball.unlink()


@dataclass(frozen=True)
class Built:
    tag: str
    seconds: float
    size_mb: float


@contextlib.contextmanager
def served_n03(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """The N03 files of ``folder`` served on 127.0.0.1: yields them as a build's
    ``N03_SOURCE`` (URLs, as ``geo build --source`` takes them) and the paths fetched so far."""
    with serving_folder(folder) as (base_url, seen):
        yield " ".join(f"{base_url}/{p.name}" for p in sorted(folder.glob("N03*"))), seen


def build_app_image(tag: str, *, base: str, n03_source: str, no_cache: bool = False) -> Built:
    """The repository's Dockerfile built as ``tag`` (Docker's format, so that HEALTHCHECK is
    kept), from ``base`` with boundaries from ``n03_source``; its build time and size."""
    started = time.perf_counter()
    podman(
        "build",
        *(["--no-cache"] if no_cache else []),
        "--format",
        "docker",
        "--network",
        "host",
        "--build-arg",
        f"BASE={base}",
        "--build-arg",
        f"N03_SOURCE={n03_source}",
        "-t",
        tag,
        str(REPO_ROOT),
        timeout=1800,
    )
    seconds = time.perf_counter() - started
    size = int(podman("image", "inspect", tag, "--format", "{{.Size}}").strip())
    return Built(tag, seconds, size / 1e6)


class ImageBuild:
    """The app's image built from a fresh base in a thread of its own, from the start of a
    test run: the build mostly waits on Debian's and PyPI's mirrors, and the browser tests
    use the processors meanwhile. It takes only what they leave: its thread, and so every
    process it starts, runs at the lowest priority (``NICENESS``; Linux's niceness is a
    thread's, and a child inherits it). ``result`` waits for it (and raises what it raised)."""

    NICENESS = 19

    def __init__(self, tag: str, *, base: str, n03_dir: Path) -> None:
        self.tag, self.base, self.n03_dir = tag, base, n03_dir
        self._built: Built | None = None
        self._seen: list[str] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._build, name="image-build", daemon=True)

    def start(self) -> ImageBuild:
        self._thread.start()
        return self

    @staticmethod
    def missing() -> str | None:
        """Why this machine cannot build it (None when it can)."""
        for tool in (PODMAN, MMDEBSTRAP):
            if not os.path.exists(tool):
                return f"{tool} missing: run `make deploy-tools`"
        if os.geteuid() != 0:
            return "podman and mmdebstrap run as root here"
        return None

    def _build(self) -> None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.NICENESS)
        try:
            with tempfile.TemporaryDirectory(prefix="kasegi-base-") as folder:
                build_base_image(self.base, Path(folder))
            with served_n03(self.n03_dir) as (sources, seen):
                self._built = build_app_image(self.tag, base=self.base, n03_source=sources)
                self._seen = list(seen)
        except BaseException as err:  # handed to whoever waits for the image
            self._error = err

    def result(self) -> tuple[Built, list[str]]:
        """The image, and the N03 paths its build fetched."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._built is not None
        return self._built, self._seen


def run_args(port: int) -> list[str]:
    """How the tests run the image: root file system read-only, no /tmp, only the image's
    volumes writable (each a tmpfs owned by the app's user), on the host's loopback."""
    mounts = [
        arg
        for volume in image_volumes()
        for arg in ("--mount", f"type=tmpfs,destination={volume},chown=true")
    ]
    return [
        "--read-only",
        "--read-only-tmpfs=false",
        *mounts,
        "-e",
        f"STREAMLIT_SERVER_PORT={port}",
        "-e",
        "STREAMLIT_SERVER_ADDRESS=127.0.0.1",
    ]


@contextlib.contextmanager
def running_container(image: str, name: str, port: int) -> Iterator[str]:
    """The image as container ``name`` (``run_args``); yields its base URL once healthy."""
    podman("rm", "-f", name, check=False)
    podman("run", "-d", "--name", name, *run_args(port), image)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, timeout=120, log=lambda: podman("logs", name, check=False))
        yield base
    finally:
        podman("rm", "-f", "-t", "5", name, check=False)
