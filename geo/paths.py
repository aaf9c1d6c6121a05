"""Where the project's files live; environment variables let a deployment move them."""

from __future__ import annotations

import os
from pathlib import Path

from geo.dataset import PROJECTS_FILE
from geo.environment import BOUNDARIES_DIR, DATASET_DIR, N03_CACHE_DIR, PROJECTS_CSV

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_BOUNDARIES = REPO_ROOT.parent / "shared" / "boundaries"


def dataset_dir() -> Path:
    """The dataset shown: a folder with ``dataset.toml`` and ``projects.csv``."""
    return Path(os.environ.get(DATASET_DIR, REPO_ROOT / "data"))


def projects_csv(dataset: Path | None = None) -> Path:
    """The dataset's table, unless ``PROJECTS_CSV`` names another file for it."""
    default = (dataset or dataset_dir()) / PROJECTS_FILE
    return Path(os.environ.get(PROJECTS_CSV, default))


def boundaries_dir() -> Path:
    """Folder holding the built municipalities.geojson and prefectures.geojson."""
    return Path(os.environ.get(BOUNDARIES_DIR, REPO_ROOT / "data"))


def raw_dir() -> Path:
    """Download cache for MLIT's N03 zips (git-ignored)."""
    return Path(os.environ.get(N03_CACHE_DIR, REPO_ROOT / "data" / "raw"))
