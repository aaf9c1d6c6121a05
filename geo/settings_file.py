"""A settings file (``dataset.toml``) read within bounds: a page of settings, not a way to make
``tomllib`` recurse a hundred thousand levels deep or read megabytes."""

from __future__ import annotations

import tomllib
from pathlib import Path

TOML_MAX_BYTES = 256 * 1024
TOML_MAX_DEPTH = 32


def read_settings(path: Path) -> dict:
    """The TOML at ``path``; ValueError saying what is wrong (size, depth, syntax, encoding);
    FileNotFoundError when there is none."""
    if path.stat().st_size > TOML_MAX_BYTES:
        raise ValueError(f"larger than {TOML_MAX_BYTES // 1024} KB")
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"not valid TOML: {err}") from None
    if _nesting(text) > TOML_MAX_DEPTH:
        raise ValueError(f"nested deeper than {TOML_MAX_DEPTH} levels")
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as err:
        raise ValueError(f"not valid TOML: {err}") from None


def _nesting(text: str) -> int:
    """The deepest nesting of arrays and inline tables (brackets in strings count too, which
    only errs on the safe side): ``tomllib`` recurses once per level."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest
