"""`python -m geo build` then `python -m geo validate`, as a user runs them."""

from __future__ import annotations

import subprocess
import sys

from geo.paths import REPO_ROOT


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_build_then_validate(n03_dir, tmp_path, monkeypatch):
    env = {
        "PATH": "/usr/bin:/bin",
        "BOUNDARIES_DIR": str(tmp_path),
        "N03_CACHE_DIR": str(tmp_path / "raw"),
    }
    built = run("build", "--source", str(n03_dir), env=env)
    assert built.returncode == 0, built.stderr
    assert "262 input features → 215 municipalities" in built.stdout
    assert (tmp_path / "municipalities.geojson").exists()
    checked = run("validate", env=env)
    assert checked.returncode == 0, checked.stderr
    assert "ok: 23 projects" in checked.stdout


def test_validate_fails_on_a_displaced_marker(boundaries, built_dir, tmp_path):
    source = (REPO_ROOT / "data" / "projects.csv").read_text("utf-8")
    broken = tmp_path / "projects.csv"
    # Move 豊岡's marker onto 西脇 (well outside 豊岡市).
    broken.write_text(source.replace("35.54430,134.82000", "34.99000,134.97000"), "utf-8")
    assert broken.read_text("utf-8") != source
    env = {"PATH": "/usr/bin:/bin", "BOUNDARIES_DIR": str(built_dir), "PROJECTS_CSV": str(broken)}
    checked = run("validate", env=env)
    assert checked.returncode == 1
    assert "project 'toyooka-bags': marker (34.99, 134.97)" in checked.stderr


def test_validate_without_boundaries_says_how_to_build(tmp_path):
    checked = run("validate", env={"PATH": "/usr/bin:/bin", "BOUNDARIES_DIR": str(tmp_path)})
    assert checked.returncode == 1
    assert "python -m geo build" in checked.stderr
