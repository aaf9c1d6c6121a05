"""The docs state what the code defines: the schema's columns and the Kansai sectors in
docs/data-format.md, the N03 credit in the README, the upload limit as the reader's."""

from geo.paths import REPO_ROOT
from geo.schema import N03_ATTRIBUTION, schema_markdown

DATA_FORMAT = REPO_ROOT / "docs" / "data-format.md"


def test_the_data_format_tables_match_the_schema():
    assert schema_markdown() in DATA_FORMAT.read_text("utf-8")


def test_readme_carries_the_n03_attribution():
    assert N03_ATTRIBUTION in (REPO_ROOT / "README.md").read_text("utf-8")


def test_the_sector_table_is_the_kansai_datasets():
    from geo.dataset import load_dataset

    rows = [
        f"| `{s.slug}` | {s.label.ja} | {s.label.en} | `{s.colour}` |"
        for s in load_dataset(REPO_ROOT / "data").sectors
    ]
    assert "\n".join(rows) in DATA_FORMAT.read_text("utf-8")


def test_the_upload_limit_is_the_readers():
    import tomllib

    from geo.intake.reader import MAX_BYTES

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_BYTES
