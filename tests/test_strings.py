"""The UI string catalogs: both languages complete, and no UI text written outside them."""

from __future__ import annotations

import ast
import re
import string
from datetime import date

import pytest

from geo.paths import REPO_ROOT
from geo.words.strings import CATALOG, LANGUAGES, format_date, pick_language

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogs_have_the_same_keys():
    assert set(CATALOG) == set(LANGUAGES)
    assert set(CATALOG["ja"]) == set(CATALOG["en"])


def test_placeholders_match_across_languages():
    for key in CATALOG["ja"]:
        assert placeholders(CATALOG["ja"][key]) == placeholders(CATALOG["en"][key]), key


def test_english_catalog_has_no_japanese_but_the_required_attribution():
    allowed = {"language_ja", "language", "attribution_n03"}
    offenders = [k for k, v in CATALOG["en"].items() if CJK.search(v) and k not in allowed]
    assert offenders == []


@pytest.mark.parametrize(
    ("language", "expected"), [("ja", "2016年10月24日"), ("en", "24 Oct 2016")]
)
def test_dates_per_language(language, expected):
    assert format_date(date(2016, 10, 24), language) == expected


@pytest.mark.parametrize(
    ("query", "locale", "expected"),
    [
        ("en", "ja-JP", "en"),
        ("ja", "en-US", "ja"),
        (None, "en-GB", "en"),
        (None, "fr-FR", "ja"),
        ("xx", None, "ja"),
    ],
)
def test_pick_language(query, locale, expected):
    assert pick_language(query, locale) == expected


# Typography, not words: the separators and quotes a Japanese line is set with.
PUNCTUATION = set("「」・、　")


def test_no_japanese_string_literal_outside_the_catalog():
    """Every word a person reads lives in the catalog (``geo/words/ja.py``, ``en.py``); the
    app, its components and the outputs (exports, the printed map) write none of their own
    (docstrings aside). Data (prefecture names, matching rules) lives in ``geo`` elsewhere."""
    files = [
        REPO_ROOT / "app.py",
        *sorted((REPO_ROOT / "components").rglob("*.py")),
        *sorted((REPO_ROOT / "geo" / "output").rglob("*.py")),
        REPO_ROOT / "geo" / "words" / "facet_text.py",
        REPO_ROOT / "geo" / "words" / "project_text.py",
    ]
    offenders = []
    for path in files:
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ) and CJK.search("".join(c for c in node.value if c not in PUNCTUATION)):
                offenders.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert offenders == []
