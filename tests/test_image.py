"""The container image, built here with Debian's podman from a local mmdebstrap base (no
registry is reachable): it runs with a read-only root file system and no /tmp, answers
/_stcore/health (its own HEALTHCHECK too), a generated visit through it passes, and
`podman kube play` of deploy/kubernetes/deployment.yaml (one replica) answers the health
check. Root only (podman, mmdebstrap); in CI a missing tool fails, elsewhere it skips."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from bench.load import visit
from bench.stream_session import stream_url
from devkit.browser import READY_PATH, wait_healthy
from devkit.podman import (
    APP_USER,
    TEST_BASE_TAG,
    TEST_IMAGE_TAG,
    ImageBuild,
    image_volumes,
    podman,
    podman_succeeds,
    published_dir,
    running_container,
    scratch_dir,
)
from devkit.ports import reserved_port
from geo.paths import REPO_ROOT

from .conftest import IMAGE_BUILD, missing_input

pytestmark = pytest.mark.deploy


@pytest.fixture(scope="module")
def image(n03_dir, request):
    """The app's image, built from a fresh Debian base with the test N03 files served over
    HTTP on 127.0.0.1 (``N03_SOURCE`` as URLs, as ``geo build --source`` takes them): the
    build the run started (``conftest.pytest_collection_finish``)."""
    if reason := ImageBuild.missing():
        missing_input(reason)
    built, seen = request.config.stash[IMAGE_BUILD].result()  # started with the run
    assert {f"/{p.name}" for p in n03_dir.glob("N03*")} <= set(seen)  # built from these
    yield built
    podman("rmi", "-f", TEST_IMAGE_TAG, TEST_BASE_TAG, check=False)


def test_the_image_declares_its_user_volume_health_and_command(image):
    config = yaml.safe_load(podman("image", "inspect", image.tag, "--format", "{{json .Config}}"))
    assert config["User"] == APP_USER
    assert sorted(config["Volumes"]) == sorted(image_volumes())
    assert image_volumes() == ["/app/static/gen", "/app/scratch"]  # scratch is never served
    # podman keeps a Docker-format image's HEALTHCHECK beside its config, not in it.
    health = yaml.safe_load(
        podman("image", "inspect", image.tag, "--format", "{{json .HealthCheck}}")
    )
    assert "/ready" in " ".join(health["Test"])
    assert config["Cmd"] == ["streamlit", "run", "serve.py"]
    # The boundaries were built into it, and nothing of the build's input came along.
    listing = podman("run", "--rm", image.tag, "ls", "/app/data", "/app")
    assert "municipalities.geojson" in listing and "prefectures.geojson" in listing
    assert "N03" not in listing and "tests" not in listing.split()


@pytest.fixture
def port() -> Iterator[int]:
    """A loopback port for the container (host networking), held until the test ends."""
    with reserved_port() as port:
        yield port


def test_the_image_serves_a_visit_from_a_read_only_root(image, port):
    name = f"kasegi-test-{port}"
    with running_container(image.tag, name, port) as base:
        wait_healthy(base, timeout=120, path=READY_PATH)
        published = podman("exec", name, "ls", published_dir())
        for version in ("2016-10-24", "2016-11-16", "2016-12-02"):  # before any visit
            assert f"markers-kasegigashira-{version}-" in published, version
        steps = visit(stream_url(base))  # 「4 / 23 件」, 「5 / 23 件」, the detail panel …
        assert steps["reruns"] == 6
        podman("healthcheck", "run", name)  # the image's own HEALTHCHECK passes
        # Only the declared directory is writable; it holds the app's published copies.
        for path in ("/app/x", "/tmp/x", "/opt/venv/x", "/var/tmp/x"):
            assert not podman_succeeds("exec", name, "touch", path), path
        assert podman_succeeds("exec", name, "touch", f"{published_dir()}/x")
        published = podman("exec", name, "ls", published_dir())
        assert "kasegi-map-" in published and "municipalities-" in published
        # Published at start, and the scratch (a worker's socket, fonts) beside, never inside.
        assert "matplotlib" not in published and not [n for n in published.split() if "pymp" in n]
        assert podman_succeeds("exec", name, "touch", f"{scratch_dir()}/x")


def test_kube_play_of_the_deployment_answers_the_health_check(image, tmp_path, port):
    """The shipped Deployment with one replica, this image, and the host's network (these
    machines have no container network): the container port and probes moved to a free port."""
    deployment = yaml.safe_load((REPO_ROOT / "deploy/kubernetes/deployment.yaml").read_text())
    deployment["spec"]["replicas"] = 1
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    container["image"] = image.tag
    container.pop("ports")  # host networking maps no ports
    container["env"] = [  # only 127.0.0.1: the image's own address is 0.0.0.0
        {"name": "STREAMLIT_SERVER_PORT", "value": str(port)},
        {"name": "STREAMLIT_SERVER_ADDRESS", "value": "127.0.0.1"},
    ]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        container[probe]["httpGet"]["port"] = port
    manifest = tmp_path / "deployment.yaml"
    manifest.write_text(yaml.safe_dump(deployment), "utf-8")
    podman("kube", "down", str(manifest), check=False)
    try:
        podman("kube", "play", "--network", "host", str(manifest), timeout=300)
        name = f"{deployment['metadata']['name']}-pod-0-{container['name']}"
        wait_healthy(
            f"http://127.0.0.1:{port}", timeout=120, log=lambda: podman("logs", name, check=False)
        )
        inspected = yaml.safe_load(podman("inspect", name, "--format", "{{json .HostConfig}}"))
        assert inspected["ReadonlyRootfs"] is True
        assert not podman_succeeds("exec", name, "touch", "/app/x")
        assert podman_succeeds("exec", name, "touch", f"{published_dir()}/x")  # the emptyDir
        assert podman("exec", name, "id", "-u").strip() == APP_USER
    finally:
        podman("kube", "down", str(manifest), check=False)
