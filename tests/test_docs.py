"""The README documents the schema as defined in code."""

from geo.paths import REPO_ROOT
from geo.schema import N03_ATTRIBUTION, schema_markdown


def test_readme_tables_match_the_schema():
    assert schema_markdown() in (REPO_ROOT / "README.md").read_text("utf-8")


def test_readme_carries_the_n03_attribution():
    assert N03_ATTRIBUTION in (REPO_ROOT / "README.md").read_text("utf-8")
