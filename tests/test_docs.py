"""The docs state what the code defines: the schema's columns and the Kansai sectors in
docs/data-format.md, the N03 credit in the README, the upload limit as the reader's."""

import re

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


def _named_tests(text: str) -> list[tuple[str, str | None]]:
    """Each ``tests/file.py`` or ``tests/file.py::test`` a doc names (``::test`` alone
    continues the file named before it)."""
    import re

    named, current = [], None
    for path, test, alone in re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`|`::(\w+)`", text):
        current = path or current
        named.append((current, test or alone or None))
    return named


def _missing_tests(text: str) -> list[str]:
    missing = []
    for path, test in _named_tests(text):
        source = REPO_ROOT / path
        if not source.is_file():
            missing.append(path)
        elif test and f"def {test}(" not in source.read_text("utf-8"):
            missing.append(f"{path}::{test}")
    return missing


def test_every_test_a_doc_names_exists():
    docs = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
    named = [n for doc in docs for n in _named_tests(doc.read_text("utf-8"))]
    assert len(named) >= 10  # the security table's tests among them
    assert [m for doc in docs for m in _missing_tests(doc.read_text("utf-8"))] == []
    # …and the check can fail: a renamed test and a missing file are found.
    assert _missing_tests("`tests/test_jobs.py::test_no_such_test` `tests/test_nope.py`") == [
        "tests/test_jobs.py::test_no_such_test",
        "tests/test_nope.py",
    ]


def test_every_name_the_docs_give_exists():
    """Files, modules, commands, settings and link keys named in the README, docs/ and every
    module's docstring (``devkit.doc_names``)."""
    from devkit.doc_names import doc_texts, missing_names

    texts = doc_texts()
    assert len(texts) > 100  # README, docs/ and the modules' docstrings
    assert {where: m for where, text in texts.items() if (m := missing_names(text))} == {}


def test_every_name_a_comment_gives_exists():
    """Files and modules named in the comments of the scripts, styles and settings."""
    from devkit.doc_names import comment_texts, missing_names

    texts = comment_texts()
    assert ".streamlit/config.toml" in texts and "components/map/leaflet/base.js" in texts
    assert {where: m for where, text in texts.items() if (m := missing_names(text))} == {}


def test_every_section_the_docs_link_to_exists():
    from devkit.doc_names import doc_texts, missing_anchors

    found = {where: m for where, text in doc_texts().items() if (m := missing_anchors(text, where))}
    assert found == {}


def test_the_name_checks_can_fail():
    """Each kind of name is found missing when it is (and found when it exists)."""
    from devkit.doc_names import missing_anchors, missing_names

    text = (
        "`geo/nope.py` `nope.js` `geo.view.nope` `geo.nope` `python -m geo nope` "
        "`python -m bench.nope` `make nope` `NO_SUCH_SETTING` `?sector=medical&nope=1` "
        "`geo/view.py` `leaflet/layer.js` `geo.view.read_link` `python -m geo print` "
        "`make check` `TILES_URL` `?sector=medical&p=kento` `data/municipalities.geojson`"
    )
    assert missing_names(text) == [
        "geo/nope.py",
        "nope.js",
        "geo.view.nope",
        "geo.nope",
        "python -m geo nope",
        "python -m bench.nope",
        "make nope",
        "NO_SUCH_SETTING",
        "?sector=medical&nope=1",
    ]
    links = "[a](docs/speed.md#nope) [b](#nope) [c](docs/speed.md#visitors-a-browser-free-load-generator)"
    assert missing_anchors(links, "docs/speed.md") == ["docs/speed.md#nope", "#nope"]


# A measured time or ratio: one machine's figure, which belongs in docs/ (written by bench/).
_MEASURED = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:ms|s|seconds?|minutes?)\b|\d×|visits a minute")


def test_the_readme_links_to_figures_instead_of_quoting_them():
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    assert _MEASURED.findall(readme) == []
    assert "docs/speed.md" in readme
    for quoted in ("0.34 s at 5,000 rows", "built in 70 s", "219 visits a minute", "1.79×"):
        assert _MEASURED.search(quoted), quoted


SPEED = REPO_ROOT / "docs" / "speed.md"


def _tables_outside_blocks(text: str) -> list[str]:
    """The first row of every Markdown table of ``text`` that no benchmark's block holds,
    before the history (records of past runs, kept with their commits and dates)."""
    from bench.report import _BLOCK

    current = text.split("\n## History", 1)[0]
    bare = _BLOCK.sub("", current)
    rows, outside = bare.splitlines(), []
    for n, line in enumerate(rows):
        starts = line.lstrip().startswith("|") and not (n and rows[n - 1].lstrip().startswith("|"))
        if starts:
            outside.append(line.strip())
    return outside


def test_the_speed_figures_are_written_by_the_benchmarks():
    """Every table of figures in docs/speed.md is a benchmark's block (``bench.report``),
    stamped with the command that wrote it, the date and the machine."""
    from bench.report import STAMP, blocks
    from devkit.doc_names import missing_names

    text = SPEED.read_text("utf-8")
    found = blocks(text)
    assert {"bench", "bench.facet_memory", "bench.printing"} <= set(found)
    for name, body in found.items():
        stamp = STAMP.match(body.strip().splitlines()[0])
        assert stamp, f"{name}: no stamp line"
        assert missing_names(f"`python -m {stamp['name']}`") == [], name
        assert "cores" in stamp["machine"] and "Python" in stamp["machine"], name
    assert _tables_outside_blocks(text) == []
    # …and the check can fail: a table typed by hand is found.
    assert _tables_outside_blocks("# x\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n") == ["| a | b |"]


def test_write_figures_replaces_only_its_own_block(tmp_path):
    from bench.report import blocks, write_figures

    doc = tmp_path / "speed.md"
    doc.write_text(
        "# Speed\n\nprose before\n\n<!-- bench:bench.x -->\nold\n<!-- /bench:bench.x -->\n\nafter\n"
    )
    write_figures("bench.x", "| a |\n| --- |\n| 1 |", doc=doc)
    write_figures("bench.y", "| b |\n| --- |\n| 2 |", doc=doc)
    text = doc.read_text()
    assert "prose before" in text and "after" in text and "old" not in text
    assert blocks(text)["bench.x"].endswith("| 1 |\n") and "| 2 |" in blocks(text)["bench.y"]
    assert text.index("bench.x") < text.index("after") < text.index("bench.y")


def test_a_run_beside_another_checkout_names_the_command_it_was(tmp_path, monkeypatch):
    """A ``--before`` run writes a block of its own, stamped with the command that ran."""
    from bench.report import STAMP, blocks, recorded

    doc = tmp_path / "speed.md"
    doc.write_text("# Speed\n")
    monkeypatch.setattr("sys.argv", ["bench", "--before", "/tmp/x"])
    with recorded("bench/before-abc1234", doc=doc):
        print("| a |\n| --- |\n| 1 |")
    stamp = STAMP.match(blocks(doc.read_text())["bench/before-abc1234"].strip().splitlines()[0])
    assert stamp and stamp["name"] == "bench"
    assert "`python -m bench --before /tmp/x`" in doc.read_text()
