"""Which of the catalog's projects a filter shows, as a bitset: what travels per filter change.

Position ``p`` of the marker catalog is bit ``p % 8`` (least significant first) of byte
``p // 8``; the bytes travel as base64. 5,000 projects take 836 characters whatever the filter,
where a list of positions took up to 25 KB. ``layer.js`` (``K.decodeShown``) reads it back.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

import numpy as np


def encode_shown(positions: Iterable[int], size: int) -> str:
    """The bitset of ``positions`` (each in ``range(size)``) over a catalog of ``size``."""
    bits = np.zeros(size, dtype=bool)
    index = np.fromiter(positions, dtype=np.int64)
    if index.size and (index.min() < 0 or index.max() >= size):
        raise ValueError(f"a position outside the catalog of {size}: {index.min()}..{index.max()}")
    bits[index] = True
    return base64.b64encode(np.packbits(bits, bitorder="little").tobytes()).decode("ascii")


def decode_shown(text: str, size: int) -> list[int]:
    """The positions ``encode_shown`` encoded (for tests and tools; the browser has its own)."""
    data = np.frombuffer(base64.b64decode(text, validate=True), dtype=np.uint8)
    if data.size != (size + 7) // 8:
        raise ValueError(f"{data.size} bytes cannot hold a catalog of {size}")
    bits = np.unpackbits(data, bitorder="little")[:size].astype(bool)
    return np.flatnonzero(bits).tolist()
