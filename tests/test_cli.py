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


def test_validate_names_each_broken_version(built_dir, tmp_path):
    """A broken earlier version is an error of ``geo validate`` (each named, relative to the
    dataset folder), where the app shows it as a notice and keeps the others."""
    import shutil

    folder = tmp_path / "kansai"
    shutil.copytree(REPO_ROOT / "data" / "versions", folder / "versions")
    for name in ("dataset.toml", "projects.csv"):
        shutil.copy(REPO_ROOT / "data" / name, folder / name)
    versions = folder / "versions"
    (versions / "2016-11-16" / "dataset.toml").write_text("title = 1\n", "utf-8")
    (versions / "2016-10-24" / "version.toml").write_text("date = 2016-10-24T10:00:00\n")
    (versions / "README.md").write_text("earlier lists\n", "utf-8")
    env = {"PATH": "/usr/bin:/bin", "BOUNDARIES_DIR": str(built_dir), "DATASET_DIR": str(folder)}
    checked = run("validate", env=env)
    assert checked.returncode == 1
    lines = checked.stderr.splitlines()
    assert lines[0].startswith("error: version versions/2016-10-24/version.toml: ")
    assert "no time of day" in lines[0]
    assert lines[1].startswith("error: version versions/2016-11-16/dataset.toml: title")
    assert len(lines) == 2 and str(tmp_path) not in checked.stderr
    assert "note: versions/README.md: not a version folder (ignored)" in checked.stdout
