"""Shared fixtures: the real N03 input beside the repository and boundaries built from it once;
the boundaries the app tests run on; a real server and Debian's Chromium for browser tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from devkit.browser import CHROMIUM, launch_chromium, streamlit_server
from devkit.pages import offline_context
from devkit.podman import TEST_BASE_TAG, TEST_IMAGE_TAG, ImageBuild
from geo.boundaries.built_layers import read_boundaries
from geo.boundaries.n03_build import build_boundaries
from geo.boundaries.n03_sources import fetch_sources
from geo.dataset import load_dataset
from geo.paths import REPO_ROOT, SHARED_BOUNDARIES
from geo.projects import load_projects
from geo.table.prepare import prepare

from .tiny_boundaries import write_tiny_boundaries

DATASET_DIR = REPO_ROOT / "data"
PROJECTS_CSV = DATASET_DIR / "projects.csv"
SEED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "000_5ce560fd9f7fcee9.txt"


def pytest_configure(config: pytest.Config) -> None:
    """Counts made by the tests' pages (their own servers inherit this) go to a database of
    the run's own, never to the developer's ``data/counts.sqlite3``."""
    if "COUNTS_DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="kasegi-counts-"))
        os.environ["COUNTS_DATABASE_URL"] = f"sqlite://{folder / 'counts.sqlite3'}"


# The container image's build, started with the run when its tests are in it.
IMAGE_BUILD = pytest.StashKey[ImageBuild]()
IMAGE_TESTS = "test_image.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses Debian's Chromium is a ``browser`` test, whatever its file: the
    mark follows from the fixture, so ``make check`` can never run one by mistake. The
    image's tests run last: its build (``pytest_collection_finish``) has the whole run."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.path.name == IMAGE_TESTS)  # stable: the rest keep order


def pytest_collection_finish(session: pytest.Session) -> None:
    """The image takes minutes to build, mostly waiting on package mirrors: when its tests
    are to run, it is built in the background from the start (``devkit.podman.ImageBuild``)
    while the other tests run, and its fixture waits for it. Where it cannot be built, the
    fixture says why."""
    wanted = any(item.path.name == IMAGE_TESTS for item in session.items)
    if wanted and ImageBuild.missing() is None and _n03_source().is_dir():
        build = ImageBuild(TEST_IMAGE_TAG, base=TEST_BASE_TAG, n03_dir=_n03_source())
        session.config.stash[IMAGE_BUILD] = build.start()


def missing_input(reason: str) -> None:
    """Outside CI a missing ../shared input skips; in CI it is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _n03_source() -> Path:
    return Path(os.environ.get("N03_TEST_SOURCE", SHARED_BOUNDARIES))


@pytest.fixture(scope="session")
def n03_dir() -> Path:
    """The simplified N03 set (../shared/boundaries, or N03_TEST_SOURCE)."""
    directory = _n03_source()
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
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_boundaries(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def app_boundaries_dir(request: pytest.FixtureRequest) -> Path:
    """The boundaries the app-level tests use: built from the real N03 input when it is there
    (always in CI), else the tiny hand-made set, so they also run on a bare checkout."""
    if _n03_source().is_dir() or os.environ.get("CI"):
        return request.getfixturevalue("built_dir")
    return request.getfixturevalue("tiny_dir")


@pytest.fixture(scope="session")
def app_boundaries(app_boundaries_dir: Path):
    return read_boundaries(app_boundaries_dir)


@pytest.fixture(scope="session")
def dataset():
    """The Kansai dataset's description (data/dataset.toml)."""
    return load_dataset(DATASET_DIR)


@pytest.fixture(scope="session")
def projects(dataset):
    return load_projects(PROJECTS_CSV, dataset)


@pytest.fixture(scope="session")
def table(projects, app_boundaries):
    """The Kansai projects prepared over the app's boundaries (``geo.table.prepare``)."""
    municipalities, prefectures, _ = app_boundaries
    return prepare(projects, municipalities, prefectures)


@pytest.fixture(scope="session")
def poppler() -> None:
    """poppler-utils, which reads printed PDFs back (``harness.pdf_text``)."""
    if not shutil.which("pdftotext"):
        missing_input("poppler-utils missing: run `make browser` (apt-get install poppler-utils)")


@pytest.fixture(scope="session")
def large_dataset(boundaries, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset folder of 5,000 generated firms all over Kansai (real N03 boundaries)."""
    from devkit.tables import write_firm_dataset

    municipalities, prefectures, _ = boundaries
    return write_firm_dataset(
        tmp_path_factory.mktemp("large") / "firms", 5000, municipalities, prefectures
    )


@pytest.fixture
def app_env(app_boundaries_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """AppTest runs the app in this process: point it at the test boundaries."""
    monkeypatch.setenv("BOUNDARIES_DIR", str(app_boundaries_dir))
    return app_boundaries_dir


# --- browser tests: a real server and Debian's Chromium ---


@pytest.fixture(scope="module")
def server(app_boundaries_dir: Path):
    """The app on the test boundaries, a server per module: in-process AppTest runs between
    modules publish the map's files into the same static/gen, which a server started long
    before would no longer find."""
    with streamlit_server({"BOUNDARIES_DIR": str(app_boundaries_dir)}) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        missing_input(f"{CHROMIUM} missing: run `make browser`")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def open_context(browser):
    """A factory of offline browser contexts (every non-loopback request blocked), closed
    after the test; each context has ``.blocked``, the requests it refused."""
    contexts = []

    def make(**options):
        context = offline_context(browser, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_context):
    """A page in a fresh offline context (Japanese locale, desktop size)."""
    context = open_context()
    page = context.new_page()
    page.blocked = context.blocked
    return page
