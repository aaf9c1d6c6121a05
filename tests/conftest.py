"""Shared fixtures: the real N03 input beside the repository and boundaries built from it once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.boundaries import build_boundaries, read_boundaries
from geo.paths import REPO_ROOT, SHARED_BOUNDARIES
from geo.projects import load_projects
from geo.sources import fetch_sources

PROJECTS_CSV = REPO_ROOT / "data" / "projects.csv"
SEED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "000_5ce560fd9f7fcee9.txt"


def missing_input(reason: str) -> None:
    """Outside CI a missing ../shared input skips; in CI it is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def n03_dir() -> Path:
    """The simplified N03 set (../shared/boundaries, or N03_TEST_SOURCE)."""
    directory = Path(os.environ.get("N03_TEST_SOURCE", SHARED_BOUNDARIES))
    if not directory.is_dir():
        missing_input(f"N03 input not found at {directory} (set N03_TEST_SOURCE)")
    return directory


@pytest.fixture(scope="session")
def built_dir(n03_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("boundaries")
    build_boundaries(fetch_sources([str(n03_dir)], out / "raw"), out)
    return out


@pytest.fixture(scope="session")
def boundaries(built_dir: Path):
    return read_boundaries(built_dir)


@pytest.fixture(scope="session")
def projects():
    return load_projects(PROJECTS_CSV)


# --- browser tests: a real server and Debian's Chromium, shared by the browser test modules ---


@pytest.fixture(scope="module")
def server(built_dir):
    from .browser_harness import streamlit_server

    with streamlit_server({"BOUNDARIES_DIR": str(built_dir)}) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from .browser_harness import CHROMIUM, launch_chromium

    if not os.path.exists(CHROMIUM):
        missing_input(f"{CHROMIUM} missing: run `make browser`")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    from .browser_harness import block_non_loopback

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    blocked: list[str] = []
    block_non_loopback(context, blocked)
    page = context.new_page()
    page.blocked = blocked
    yield page
    context.close()
