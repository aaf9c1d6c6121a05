"""The shape of the code, checked: one-way flow (``geo`` → ``components`` → ``app.py``), no
cycle between ``components/state`` and ``components/map``, one module per name, modules of one
job, and a README that guides while ``docs/`` holds the reference."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from geo.paths import REPO_ROOT

MODULE_MAX_LINES = 300
README_MAX_LINES = 300


def _modules(folder: str) -> list[Path]:
    return sorted((REPO_ROOT / folder).rglob("*.py"))


def _imported(path: Path) -> set[str]:
    """Every module name ``path`` imports, at any depth (lazy imports count too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _imports_from(folder: str, prefix: str) -> list[str]:
    return [
        f"{path.relative_to(REPO_ROOT)}: {name}"
        for path in _modules(folder)
        for name in sorted(_imported(path))
        if name == prefix or name.startswith(prefix + ".")
    ]


def test_state_and_map_do_not_import_each_other():
    """``state`` uses the map's types (events, moves, geometry); the map is told what to do
    by its caller and never reaches into the session."""
    assert _imports_from("components/state", "components.map"), "the map's types are the map's"
    assert _imports_from("components/map", "components.state") == []


@pytest.mark.parametrize("below", ["streamlit", "components", "app"])
def test_geo_imports_neither_streamlit_nor_the_app(below):
    assert _imports_from("geo", below) == []


def test_the_app_data_needs_no_folium_builder():
    names = _imported(REPO_ROOT / "components" / "data.py")
    builders = ("folium", "components.map.base_map", "components.map.project_layer")
    assert not [n for n in names if n.split(".")[0] == "folium" or n.startswith(builders)]


@pytest.mark.parametrize("tree", ["geo", "components"])
def test_no_two_modules_share_a_name(tree):
    by_name = defaultdict(list)
    for path in _modules(tree):
        if path.stem not in ("__init__", "__main__"):
            by_name[path.stem].append(str(path.relative_to(REPO_ROOT)))
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


@pytest.mark.parametrize("tree", ["geo", "components"])
def test_modules_are_small_or_say_why_they_are_one_piece(tree):
    """Over ``MODULE_MAX_LINES`` a module's docstring must say why it is one piece."""
    long = []
    for path in _modules(tree):
        lines = path.read_text("utf-8").count("\n")
        docstring = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        if lines > MODULE_MAX_LINES and "One piece:" not in docstring:
            long.append(f"{path.relative_to(REPO_ROOT)}: {lines} lines")
    assert long == []


def test_bench_has_no_import_cycle():
    graph = {
        f"bench.{path.stem}": {n for n in _imported(path) if n.startswith("bench.")}
        for path in _modules("bench")
    }
    graph = {module: {n for n in names if n in graph} for module, names in graph.items()}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for name in graph.get(start, ()):
            if name == target or (name not in seen and reaches(name, target, seen | {name})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, {m})] == []


def test_the_readme_is_a_guide_and_links_every_docs_page():
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    assert readme.count("\n") <= README_MAX_LINES
    linked = set(re.findall(r"\]\((docs/[^)#]+\.md)", readme))
    pages = {str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "docs").glob("*.md")}
    assert pages and pages <= linked, pages - linked
    assert linked <= pages, linked - pages  # no link to a page that does not exist


def test_the_readme_keeps_its_two_commands():
    quickstart = (REPO_ROOT / "README.md").read_text("utf-8").split("## Quickstart", 1)[1]
    commands = re.findall(r"^(make \w+)", quickstart.split("```")[1], flags=re.M)
    assert commands == ["make run", "make test"]


# A wait for a time, not for a condition: a sleep, Playwright's fixed wait, a quiet period.
_TIMED_WAITS = re.compile(
    r"\b(?:time\.sleep|asyncio\.sleep|wait_for_timeout|wait_idle|setTimeout)\s*\(|\bQUIET_?S?\b"
)
_THE_POLL = Path("devkit") / "waiting.py"  # the one poll loop: how often to look, not how long


_SCENARIO = "// the scenario's gap"  # a gap that is the test's subject (two clicks 50 ms apart)


def timed_waits(text: str) -> list[int]:
    """The lines of ``text`` that wait for a time."""
    return [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if _TIMED_WAITS.search(line) and not line.rstrip().endswith(_SCENARIO)
    ]


def test_tests_and_benchmarks_wait_for_conditions_never_for_a_time():
    files = [
        path
        for folder in ("tests", "bench", "devkit")
        for path in sorted((REPO_ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".js"}
        and path.relative_to(REPO_ROOT) != _THE_POLL
        and path.name != "test_structure.py"
        and not {"static", "artifacts"} & set(path.relative_to(REPO_ROOT).parts)  # generated
    ]
    assert len(files) > 40
    found = {
        str(path.relative_to(REPO_ROOT)): lines
        for path in files
        if (lines := timed_waits(path.read_text("utf-8")))
    }
    assert found == {}
    # …and the check can fail: each kind of timed wait is found.
    for line in (
        "time.sleep(0.1)",
        "page.wait_for_timeout(20)",
        "await asyncio.sleep(1)",
        "QUIET_S = 0.6",
        "wait_idle(page)",
        "setTimeout(done, 400)",
    ):
        assert timed_waits(f"x = 1\n{line}\n") == [2], line
    assert timed_waits((REPO_ROOT / _THE_POLL).read_text("utf-8"))  # the poll does sleep
