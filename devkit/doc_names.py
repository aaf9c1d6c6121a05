"""What the docs name, checked against the tree (``tests/test_docs.py``), as Datasette checks
its documentation: every file, module, command, setting and link key that the README,
``docs/`` or a module's docstring names in backticks must exist.

- a file or folder (``geo/view.py``, ``bench/``): in the repository, or a path git ignores
  (what set-up builds: ``data/municipalities.geojson``, ``static/gen``); a bare name
  (``base.js``) must be some file's name;
- a module or name (``geo.view.read_link``): importable, then found by attribute;
- a command: ``python -m <module> …`` (importable; for ``python -m geo <command>``, one of its
  commands), ``make <target>`` (a target of the Makefile);
- a setting (``TILES_URL``): one of ``geo.environment``'s, Streamlit's own
  (``STREAMLIT_…``), or an upper-case name the code uses (a constant, a column);
- a link's keys (``?sector=medical&p=kento``): each one of the field registry's
  (``geo.fields``) or Streamlit's own.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from geo.paths import REPO_ROOT

_TICKED = re.compile(r"``?([^`\n]+?)``?")
_FILE = re.compile(r"(?:[\w.\-]+/)*[\w\-]+\.(?:py|js|css|html|toml|md|yaml|yml|cfg|conf|j2|tmpl)")
_FOLDER = re.compile(r"(?:[\w.\-]+/)+")
_MODULE = re.compile(r"(?:geo|components|devkit|bench|tests)(?:\.\w+)+")
_SETTING = re.compile(r"[A-Z][A-Z0-9]*_[A-Z0-9_]+")
_LINK = re.compile(r"\?[a-z_]+=[^\s&=]*(?:&[a-z_]+=[^\s&=]*)*")
_LINK_KEYS = re.compile(r"(?:^|[?&])([a-z_]+)=")
STREAMLIT_LINK_KEYS = frozenset({"embed", "embed_options"})
# In a comment: a file (``layer.js``, ``components/map/assets.py``) or a module's name.
_COMMENT_NAME = re.compile(
    r"(?<![\w./-])(?:(?:[\w\-]+/)*[\w\-]+\.(?:py|js|css|md)|(?:geo|components|devkit|bench)(?:\.\w+)+)\b"
)


def doc_texts() -> dict[str, str]:
    """The README, ``docs/*.md`` and every module docstring, by where they are."""
    texts = {"README.md": (REPO_ROOT / "README.md").read_text("utf-8")}
    texts |= {
        str(p.relative_to(REPO_ROOT)): p.read_text("utf-8")
        for p in sorted((REPO_ROOT / "docs").glob("*.md"))
    }
    for path in _tracked(".py"):
        docstring = ast.get_docstring(ast.parse((REPO_ROOT / path).read_text("utf-8")))
        if docstring:
            texts[path] = docstring
    return texts


def comment_texts() -> dict[str, str]:
    """The comments of the tree's own scripts, styles and settings (``.js``, ``.css``,
    ``.toml``, ``.cfg``, ``.yaml``): what they name is checked as a doc's backticks are."""
    texts = {}
    for path in _tracked():
        if Path(path).suffix not in {".js", ".css", ".toml", ".cfg", ".yaml", ".j2", ".tmpl"}:
            continue
        lines = (REPO_ROOT / path).read_text("utf-8").splitlines()
        comments = [line for line in lines if re.search(r"(^\s*#|//|/\*|^\s*\*)", line)]
        texts[path] = " ".join(
            f"`{token}`" for line in comments for token in _COMMENT_NAME.findall(line)
        )
    return texts


def missing_anchors(text: str, doc: str = "README.md") -> list[str]:
    """Every Markdown link to a doc's section (``](docs/speed.md#…)``; ``](#…)``: a section
    of ``doc`` itself) whose file or heading does not exist (GitHub's heading anchors)."""
    missing = []
    for target, anchor in re.findall(r"\]\(((?:docs/)?[\w\-]+\.md|README\.md)?#([\w\-]+)\)", text):
        path = REPO_ROOT / (target or doc)
        if target and not path.is_file() and (REPO_ROOT / "docs" / target).is_file():
            path = REPO_ROOT / "docs" / target
        if not path.is_file() or anchor not in _anchors(path):
            missing.append(f"{target}#{anchor}")
    return missing


def _anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#+\s+(.+)$", path.read_text("utf-8"), re.MULTILINE)
    slugs = set()
    for heading in headings:
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        slugs.add(slug)
    return slugs


def missing_names(text: str) -> list[str]:
    """Every name ``text`` puts in backticks that the tree does not have."""
    return [name for name in _ticked(text) if not _exists(name)]


def _ticked(text: str) -> Iterable[str]:
    for match in _TICKED.finditer(text):
        yield match.group(1).strip()


def _exists(name: str) -> bool:
    if "<" in name or "…" in name:
        return True  # a placeholder (``python -m bench.<name>``)
    if name.startswith(("python -m ", "make ")):
        return _command_exists(name)
    if " " in name or name.startswith(("../", "/", "http", "~")):
        return True  # prose, a path outside the repository, an address
    if _FILE.fullmatch(name) or _FOLDER.fullmatch(name):
        return _path_exists(name)
    if _MODULE.fullmatch(name):
        return _importable(name)
    if _SETTING.fullmatch(name):
        return _setting_exists(name)
    if _LINK.fullmatch(name):
        return set(_LINK_KEYS.findall(name)) <= _link_keys()
    return True  # code, values, words: not names of the tree


def _path_exists(name: str) -> bool:
    if "/" not in name.rstrip("/"):
        bare = name.rstrip("/")
        return bare in _basenames() or (REPO_ROOT / bare).exists() or _ignored(name)
    if (REPO_ROOT / name).exists() or _ignored(name):
        return True
    # A path from a folder the text is about (``leaflet/base.js`` in components/map/).
    return any(p.endswith("/" + name.rstrip("/")) or f"/{name}" in f"/{p}" for p in _tracked())


def _importable(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


def _command_exists(command: str) -> bool:
    words = command.split()
    if words[0] == "make":
        return all(target in _make_targets() for target in words[1:] if not target.startswith("-"))
    module = words[2]
    if not _importable(module):
        return False
    if module == "geo" and len(words) > 3 and not words[3].startswith("-"):
        return words[3] in _geo_commands()
    return True


def _setting_exists(name: str) -> bool:
    from geo.environment import SETTINGS

    names = {s.name for s in SETTINGS}
    return name in names or name.startswith("STREAMLIT_") or name in _code_words()


@functools.cache
def _link_keys() -> frozenset[str]:
    from geo.fields import REGISTRY

    return frozenset(f.key for f in REGISTRY.fields) | STREAMLIT_LINK_KEYS


@functools.cache
def _tracked(suffix: str = "") -> tuple[str, ...]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return tuple(p for p in listed if p.endswith(suffix))


@functools.cache
def _basenames() -> frozenset[str]:
    return frozenset(Path(p).name for p in _tracked()) | frozenset(
        part for p in _tracked() for part in Path(p).parts[:-1]
    )


def _ignored(name: str) -> bool:
    check = subprocess.run(["git", "check-ignore", "-q", name], cwd=REPO_ROOT)
    return check.returncode == 0


@functools.cache
def _make_targets() -> frozenset[str]:
    text = (REPO_ROOT / "Makefile").read_text("utf-8")
    return frozenset(re.findall(r"^([\w\-]+):", text, re.MULTILINE))


@functools.cache
def _geo_commands() -> frozenset[str]:
    text = "\n".join((REPO_ROOT / p).read_text("utf-8") for p in _tracked(".py") if "geo/cli/" in p)
    return frozenset(re.findall(r"add_parser\(\s*\"(\w+)\"", text))


@functools.cache
def _code_words() -> frozenset[str]:
    """Every upper-case word of the tree's Python (constants, a library's names such as
    ``RLIMIT_CPU``, column names such as ``N03_004``), the tests' own words left out."""
    source = "\n".join(
        (REPO_ROOT / p).read_text("utf-8") for p in _tracked(".py") if not p.startswith("tests/")
    )
    return frozenset(_SETTING.findall(source))
