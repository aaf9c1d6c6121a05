"""Two copies of the app behind HAProxy (deploy/haproxy.cfg as shipped, on 127.0.0.1): a visit
through the balancer, a copy killed under a visitor — generated and in Chromium — and small
load runs with a copy killed and with a rolling restart. Everything stops by itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from bench.cluster import kill_one, rolling_restart, under_disruption
from bench.load import Failover, visit
from bench.stream_session import LOST, Session, stream_url
from bench.visit_plan import SHARED_LINK
from devkit.browser import ARTIFACTS, REPO_ROOT
from devkit.cluster import HAPROXY, HAPROXY_CFG, balancer_config, running_cluster
from devkit.pages import expect, map_frame, open_map, result_count, shot, wait_ready
from devkit.waiting import wait_until

from .conftest import missing_input

pytestmark = pytest.mark.deploy  # HAProxy in front of copies of the app


SHARED = "?sector=medical&pref=27&p=kento"  # the probe: a filtered view, one selected


@pytest.fixture(scope="module")
def env(app_boundaries_dir):
    if not os.path.exists(HAPROXY):
        missing_input(f"{HAPROXY} missing: run `make deploy-tools`")
    return {"BOUNDARIES_DIR": str(app_boundaries_dir)}


@pytest.fixture
def cluster(env):
    with running_cluster(2, env) as cluster:
        yield cluster


def test_the_shipped_config_is_valid_and_only_its_servers_and_bind_are_replaced(tmp_path):
    shipped = HAPROXY_CFG.read_text("utf-8")
    config = balancer_config(
        shipped, port=18000, replica_ports=[18001, 18002, 18003], stats=tmp_path / "s"
    )
    lines = config.splitlines()
    assert [line.split()[1:4] for line in lines if line.strip().startswith("server ")] == [
        ["app1", "127.0.0.1:18001", "cookie"],
        ["app2", "127.0.0.1:18002", "cookie"],
        ["app3", "127.0.0.1:18003", "cookie"],
    ]
    assert "    server app3 127.0.0.1:18003 cookie app3" in lines
    assert "    bind 127.0.0.1:18000" in lines
    # Plain HTTP on loopback: the HTTPS bind, the redirect and the cookie's HTTPS-only
    # attributes are left out; everything else is the file's own, line for line.
    assert [line for line in lines if line.strip().startswith("bind ")] == [
        "    bind 127.0.0.1:18000"
    ]
    assert not [line for line in lines if "redirect scheme https" in line]
    cookie = next(line for line in shipped.splitlines() if line.strip().startswith("cookie "))
    assert cookie.endswith('httponly secure attr "SameSite=None"')
    assert cookie.removesuffix(' secure attr "SameSite=None"') in lines
    kept = [
        line
        for line in shipped.splitlines()
        if not line.strip().startswith(("server ", "bind ", "cookie "))
        and "redirect scheme https" not in line
    ]
    assert [line for line in lines if line in kept] == kept
    # The shipped file with a certificate where it names one (made here, self-signed).
    certificate = tmp_path / "kasegi-map.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=kasegi-map.example.jp", "-keyout", str(certificate)]
        + ["-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    certificate.write_text(certificate.read_text() + (tmp_path / "cert.pem").read_text())
    with_certificate = shipped.replace("/etc/haproxy/certs/kasegi-map.pem", str(certificate))
    assert with_certificate != shipped
    for text in (with_certificate, config):
        path = tmp_path / "check.cfg"
        path.write_text(text, "utf-8")
        checked = subprocess.run(
            [HAPROXY, "-c", "-f", str(path)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    with pytest.raises(ValueError, match="no `bind` or no `server`"):
        balancer_config(
            "defaults\n    mode http\n", port=1, replica_ports=[2], stats=tmp_path / "s"
        )


def test_a_visit_through_the_balancer_and_a_killed_copy_under_it(cluster):
    """A generated visitor on one copy; that copy is killed between two steps: the visitor
    reconnects through the balancer, lands on the other copy, its view is the one it had,
    and the rest of the visit passes its checks."""
    assert visit(stream_url(cluster.base))["reruns"] == 6  # a whole visit, every check passed
    failover = Failover()
    with Session(stream_url(cluster.base), query=SHARED_LINK) as session:
        session.rerun()
        before = session.view()
        assert before[0] == "**11 / 23 件**"  # the medical sector
        serving = [name for name, n in cluster.current_sessions().items() if n > 0]
        assert len(serving) == 1  # this visitor's WebSocket, nobody else's
        victim = next(r for r in cluster.replicas if r.name == serving[0])
        other = next(r for r in cluster.replicas if r is not victim)
        given_before = cluster.total_sessions()[other.name]
        victim.kill()
        with pytest.raises(LOST):  # the connection died under the step
            session.rerun()
        session.reconnect()
        assert session.view() == before
        assert cluster.current_sessions()[other.name] == 1
        assert cluster.total_sessions()[other.name] > given_before
    # A whole visit on the one copy left, with the failover path ready and unused.
    steps = visit(stream_url(cluster.base), failover=failover)
    assert steps["reruns"] == 6 and failover.reconnects == 0


def test_a_browser_on_a_killed_copy_gets_its_view_back_from_the_other(cluster, page):
    """Chromium on a shared link with a project open; its copy is killed (SIGKILL). Streamlit's
    frontend reconnects, HAProxy sends it to the other copy (the cookie says which), and the
    page shows the same view: same filters, same count, same project, no error."""
    open_map(page, cluster.base + "/" + SHARED)
    detail = page.locator(".st-key-detail_panel")
    expect()(detail).to_contain_text("No.10 ")
    count = result_count(page, "4 / 23 件")  # medical in Osaka
    expect()(count).to_be_visible()
    victim = next(r for r in cluster.replicas if r.name == _cookie(page))
    other = next(r for r in cluster.replicas if r is not victim)
    app = page.locator("[data-testid='stApp']")
    victim.kill()
    _wait_for_cookie(page, other.name)  # set by HAProxy on the frontend's first retry
    expect()(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=60_000)
    wait_ready(page)
    assert cluster.current_sessions()[other.name] >= 1  # the page's WebSocket is there now
    expect()(detail).to_contain_text("No.10 ")
    expect()(count).to_be_visible()
    map_frame(page)  # the map drawn again, from the other copy's files
    assert {"sector=medical", "pref=27", "p=kento"} <= set(page.url.split("?")[1].split("&"))
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[role='dialog']").count() == 0  # no "connection error" left open
    shot(page, "cluster-failover-restored")


@pytest.mark.parametrize("disrupt", [kill_one, rolling_restart], ids=["killed", "rolling"])
def test_a_small_load_run_loses_no_visit_when_copies_go_away(env, disrupt):
    result = under_disruption(2, 12, 4, env, disrupt)
    assert result["failures"] == 0, result
    assert result["wrong"] == []
    assert result["restored"] == result["reconnected"]
    assert result["completed"] == 12


def _wait_for_cookie(page, value: str, timeout_s: float = 60) -> None:
    """Until the browser holds HAProxy's cookie naming ``value`` (it is HttpOnly: read from the
    context, polled)."""
    wait_until(
        lambda: _cookie(page) == value,
        timeout=timeout_s,
        what=lambda: f"the cookie still names {_cookie(page)}, not {value}",
    )


def _cookie(page) -> str | None:
    return {c["name"]: c["value"] for c in page.context.cookies()}.get("KASEGI")


BROKEN_TILES = {"TILES_URL": "https://tiles.example/{z}/{x}/{-y}.png"}  # Leaflet's TMS syntax


def _broken_list(folder) -> dict[str, str]:
    """A dataset folder whose current list is dated with a time of day: it cannot be read."""
    shutil.copytree(
        REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("*.geojson", "*.json")
    )
    toml = folder / "dataset.toml"
    toml.write_text(
        toml.read_text("utf-8").replace("date = 2016-12-09", "date = 2016-12-09T10:00:00")
    )
    return {"DATASET_DIR": str(folder)}


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        ("tiles", "TILES_URL: {-y} is not a tile placeholder"),
        ("list", "the current list cannot be read (see the server's log)"),
    ],
)
def test_a_broken_copy_is_never_ready_and_the_other_serves(env, tmp_path, broken, said):
    """The rollout case: a copy started with a bad ``TILES_URL``, or with a current list it
    cannot read, answers /_stcore/health but not /ready, so HAProxy never sends it a visitor,
    even once restarted; the good copy serves every visit through the balancer."""
    settings = BROKEN_TILES if broken == "tiles" else _broken_list(tmp_path / "kansai")
    with running_cluster(2, env, broken={"app2": settings}) as cluster:
        bad = cluster.replicas[1]
        answer = _settled_ready(bad.base)
        assert answer[0] == 503 and said in answer[1]
        assert "example" not in answer[1] and str(tmp_path) not in answer[1]  # no value, no path
        assert _get(bad.base + "/_stcore/health")[0] == 200  # the process is up all the same
        assert _settled_ready(cluster.replicas[0].base) == (200, "ready\n")
        cluster.wait_check("app2", check_code="503")
        given = cluster.total_sessions()["app2"]
        for _ in range(4):
            assert visit(stream_url(cluster.base))["reruns"] == 6
        assert cluster.total_sessions()["app2"] == given
        bad.stop()
        cluster.wait_check("app2", check_status="L4CON")  # HAProxy saw it gone
        bad.start()
        cluster.wait_check("app2", check_code="503")  # and checked the new process's /ready
        assert cluster.server_states()["app2"] == "DOWN"
        assert cluster.total_sessions()["app2"] == given
        if broken == "tiles":  # one log line naming the setting, at each start
            log = (ARTIFACTS / f"replica-app2-{bad.port}.log").read_text()
            assert log.count("bad setting TILES_URL: {-y} is not a tile placeholder") == 2


def _settled_ready(base: str) -> tuple[int, str]:
    """``/ready``'s answer once the copy's start is done (its own condition, not a clock)."""

    def settled() -> tuple[int, str] | None:
        answer = _get(base + "/ready")
        return None if answer[1].startswith("not ready\nstarting") else answer

    return wait_until(settled, timeout=60, what=f"{base}/ready still says it is starting")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()
