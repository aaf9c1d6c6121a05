"""House rules the layout depends on, checked on the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from geo.paths import REPO_ROOT

PYTHON_FILES = [
    p
    for folder in ("components", "geo", "bench", "devkit")
    for p in (REPO_ROOT / folder).rglob("*.py")
] + [REPO_ROOT / "app.py"]
STATE = REPO_ROOT / "components" / "state"


def _attribute_uses(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return [
        f"{path.relative_to(REPO_ROOT)}:{node.lineno} {node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in names
    ]


def test_only_the_state_package_touches_session_state_and_query_params():
    outside = [p for p in PYTHON_FILES if STATE not in p.parents]
    uses = [u for p in outside for u in _attribute_uses(p, {"session_state", "query_params"})]
    assert uses == []
    # The check can fail: the state package itself does use them.
    assert any(_attribute_uses(p, {"session_state"}) for p in STATE.glob("*.py"))


_MARKUP = re.compile(
    r"<(?:script|style|div|button|iframe|span|p|a)\b|\{[^{}]*:[^{}]*;|\bfunction\s*\(|\{%", re.I
)


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }


def test_no_multi_line_css_js_or_html_inside_python_strings():
    found = []
    for path in PYTHON_FILES:
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                text = node.value
                if "\n" in text.strip() and _MARKUP.search(text):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert found == []


def test_bench_does_not_import_tests():
    imports = [
        f"{p.name}: {node.module}"
        for p in (REPO_ROOT / "bench").glob("*.py")
        for node in ast.walk(ast.parse(p.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests")
    ]
    assert imports == []
