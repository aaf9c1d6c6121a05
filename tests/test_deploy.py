"""deploy/kubernetes/*.yaml against Kubernetes' own schemas (kubernetes-validate, offline, the
newest version it knows, strict: an unknown field fails), and what the deployment promises:
health probes, a read-only root, a non-root user, the one writable directory, cookie affinity
with WebSocket timeouts, and the pieces naming each other."""

from __future__ import annotations

import copy
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from devkit.podman import published_dir
from geo.paths import REPO_ROOT

MANIFESTS = sorted((REPO_ROOT / "deploy" / "kubernetes").glob("*.yaml"))
HEALTH = "/_stcore/health"


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
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == HEALTH
    (mount,) = container["volumeMounts"]
    assert mount["mountPath"] == published_dir()  # the image's one writable directory
    (volume,) = pod["volumes"]
    assert volume["name"] == mount["name"] and "emptyDir" in volume
    resources = container["resources"]
    assert set(resources) == {"requests", "limits"}
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def test_the_pieces_name_each_other():
    deployment, service, ingress = (
        _load(f"{n}.yaml") for n in ("deployment", "service", "ingress")
    )
    hpa, pdb = _load("hpa.yaml"), _load("pdb.yaml")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert pdb["spec"]["minAvailable"] < deployment["spec"]["replicas"]
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
