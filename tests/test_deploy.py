"""deploy/kubernetes/*.yaml against Kubernetes' own schemas (kubernetes-validate, offline, the
newest version it knows, strict: an unknown field fails), and what the deployment promises:
health probes, a read-only root, a non-root user, the one writable directory, cookie affinity
with WebSocket timeouts, and the pieces naming each other."""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from devkit.podman import image_volumes
from geo.jobs import memory_budget_mb
from geo.paths import REPO_ROOT

MANIFESTS = sorted((REPO_ROOT / "deploy" / "kubernetes").glob("*.yaml"))
HEALTH = "/_stcore/health"  # the process is up
READY = "/ready"  # serve.py: the settings and the current list are sound


def _load(name: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "deploy" / "kubernetes" / name).read_text("utf-8"))


def test_every_kind_is_there():
    kinds = sorted(yaml.safe_load(p.read_text("utf-8"))["kind"] for p in MANIFESTS)
    assert kinds == sorted(
        ["Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget"]
    )


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_a_manifest_is_valid_for_a_current_kubernetes(path: Path):
    version = kubernetes_validate.latest_version()
    assert tuple(int(n) for n in version.split(".")[:2]) >= (1, 30)
    for document in yaml.safe_load_all(path.read_text("utf-8")):
        kubernetes_validate.validate(document, version, strict=True)


def test_the_validator_refuses_a_broken_manifest():
    """The check above can fail: a misspelt field and a wrong type are refused."""
    version = kubernetes_validate.latest_version()
    deployment = _load("deployment.yaml")
    misspelt = copy.deepcopy(deployment)
    misspelt["spec"]["replica"] = misspelt["spec"].pop("replicas")
    wrong_type = copy.deepcopy(deployment)
    wrong_type["spec"]["replicas"] = "three"
    for broken in (misspelt, wrong_type):
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(broken, version, strict=True)


def test_the_deployment_runs_read_only_as_a_user_with_health_probes():
    deployment = _load("deployment.yaml")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert deployment["spec"]["replicas"] == 3
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    for probe in ("startupProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == HEALTH
    assert container["readinessProbe"]["httpGet"]["path"] == READY  # a broken copy: never
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert sorted(mounts) == sorted(image_volumes())  # the image's writable directories
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert set(volumes) == set(mounts.values())
    assert all("emptyDir" in v for v in volumes.values())
    resources = container["resources"]
    assert set(resources) == {"requests", "limits"}
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def test_the_pods_memory_holds_its_jobs_and_the_image_is_pinned():
    (container,) = _load("deployment.yaml")["spec"]["template"]["spec"]["containers"]
    limits = container["resources"]["limits"]
    jobs = math.ceil(float(limits["cpu"]))  # geo.jobs runs one job per core of the quota
    assert _mebibytes(limits["memory"]) >= memory_budget_mb(jobs)
    assert re.fullmatch(r"[\w.\-/]+:[\w.\-]+@sha256:[0-9a-f]{64}", container["image"])
    assert ":latest" not in container["image"]


def test_the_units_memory_holds_its_jobs():
    unit = (REPO_ROOT / "deploy/systemd/kasegi-map@.service").read_text("utf-8")
    settings = dict(
        line.split("=", 1)
        for line in unit.splitlines()
        if line and not line.startswith("#")
        if "=" in line
    )
    jobs = math.ceil(int(settings["CPUQuota"].rstrip("%")) / 100)
    assert int(settings["MemoryMax"].rstrip("M")) >= memory_budget_mb(jobs)
    assert "static/gen" not in settings["Environment"]  # scratch is never served


@pytest.mark.parametrize("replicas", range(2, 11))
def test_a_drain_never_takes_more_than_a_third_nor_every_copy(replicas):
    budget = _load("pdb.yaml")["spec"]
    assert set(budget) >= {"maxUnavailable"} and "minAvailable" not in budget
    share = int(budget["maxUnavailable"].rstrip("%")) / 100
    allowed = math.ceil(replicas * share)  # Kubernetes rounds a percentage up
    assert 1 <= allowed < replicas and allowed <= math.ceil(replicas / 3)


def _mebibytes(quantity: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()
    return int(number) * (1024 if unit == "Gi" else 1)


def test_the_pieces_name_each_other():
    deployment, service, ingress = (
        _load(f"{n}.yaml") for n in ("deployment", "service", "ingress")
    )
    hpa, pdb = _load("hpa.yaml"), _load("pdb.yaml")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert hpa["spec"]["minReplicas"] == deployment["spec"]["replicas"]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    (port,) = service["spec"]["ports"]
    assert backend["port"]["name"] == port["name"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert port["targetPort"] in {p["name"] for p in container["ports"]}


def test_the_ingress_keeps_a_visitor_on_one_copy_and_its_websocket_open():
    annotations = _load("ingress.yaml")["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert annotations[prefix + "affinity"] == "cookie"
    assert int(annotations[prefix + "proxy-read-timeout"]) >= 3600
    assert int(annotations[prefix + "proxy-send-timeout"]) >= 3600


def test_the_ingress_is_https_with_a_cookie_an_embed_sends_and_room_for_an_upload():
    ingress = _load("ingress.yaml")
    annotations = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert annotations[prefix + "session-cookie-samesite"] == "None"
    assert annotations[prefix + "session-cookie-secure"] == "true"
    (tls,) = ingress["spec"]["tls"]
    assert tls["secretName"] and tls["hosts"] == [ingress["spec"]["rules"][0]["host"]]
    upload_mb = int(re.search(r"maxUploadSize\s*=\s*(\d+)", _config()).group(1))
    body_mb = int(annotations[prefix + "proxy-body-size"].rstrip("m"))
    assert body_mb >= upload_mb * 1.1  # a file just under the limit gets the app's message


def _config() -> str:
    return (REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8")
