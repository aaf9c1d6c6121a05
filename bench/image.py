"""The container image, measured: ``python -m bench.image`` (root, podman and mmdebstrap).

Builds a Debian 12 base with ``mmdebstrap`` (no registry is reachable here), then the
repository's Dockerfile on it with no cache, its boundaries from the N03 files of
``../shared/boundaries`` served on 127.0.0.1 (``--n03 DIR`` for others). Reports both build
times, the image's size and its largest layers (what a deployer pulls). It removes what it
built unless told ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from devkit.podman import build_app_image, build_base_image, podman, served_n03
from geo.paths import SHARED_BOUNDARIES

BASE_TAG = "localhost/kasegi-bench-base:bookworm"
IMAGE_TAG = "localhost/kasegi-map:bench"
LARGEST_LAYERS = 6


def largest_layers(tag: str, count: int = LARGEST_LAYERS) -> list[tuple[float, str]]:
    """The image's ``count`` largest layers: (MB, the instruction that made it)."""
    history = json.loads(podman("history", "--no-trunc", "--format", "json", tag))
    layers = [(h["size"] / 1e6, " ".join(h["CreatedBy"].split())[:90]) for h in history]
    return sorted(layers, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.image", description=__doc__)
    parser.add_argument("--n03", type=Path, default=SHARED_BOUNDARIES, help="folder of N03 files")
    parser.add_argument("--keep", action="store_true", help=f"keep {IMAGE_TAG} and its base")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        build_base_image(BASE_TAG, Path(folder))
        base_s = time.perf_counter() - started
    base_mb = int(podman("image", "inspect", BASE_TAG, "--format", "{{.Size}}")) / 1e6
    try:
        with served_n03(args.n03) as (sources, _):
            built = build_app_image(IMAGE_TAG, base=BASE_TAG, n03_source=sources, no_cache=True)
        print(f"base (mmdebstrap bookworm + python3): {base_s:.0f} s, {base_mb:.0f} MB")
        print(f"image, no cache: {built.seconds:.0f} s, {built.size_mb:.0f} MB in all")
        print("largest layers:")
        for size_mb, created_by in largest_layers(IMAGE_TAG):
            print(f"  {size_mb:7.1f} MB  {created_by}")
    finally:
        if not args.keep:
            podman("rmi", "-f", IMAGE_TAG, BASE_TAG, check=False)


if __name__ == "__main__":
    main()
