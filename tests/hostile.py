"""A hostile data set made by the tests: every free-text field of the 23 projects, the
municipality names and the boundaries' date carry script, Markdown, template and formula
payloads. It still passes ``python -m geo validate``: hostile text is valid data."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

from geo.boundaries.built_layers import META_FILE, MUNICIPALITIES_FILE
from geo.dataset import Text, load_dataset
from geo.dataset_file import dataset_toml
from geo.paths import REPO_ROOT

from .tiny_boundaries import write_tiny_boundaries

XSS = (
    "<script>window.top.__xss=(window.top.__xss||0)+1</script>"
    '<img src=x onerror="window.top.__xss=(window.top.__xss||0)+1">'
    '"><svg onload="window.top.__xss=(window.top.__xss||0)+1">'
    " javascript:window.top.__xss=1"
)
# Free-text columns and the formula each one starts with (a spreadsheet would run it).
FORMULA_COLUMNS = {
    "applicant": '=HYPERLINK("http://127.0.0.1:{port}/formula","x")',
    "name_en": "@SUM(1+1)",
    "lead_en": "-2+3",
    "location_note_en": "+1",
}
TEXT_COLUMNS = (
    "lead",
    "lead_en",
    "name_ja",
    "name_en",
    "summary_ja",
    "summary_en",
    "applicant",
    "link_label",
    "location_note",
    "location_note_en",
)


def payload(port: int, marker: Path) -> str:
    """Everything at once; ``marker`` is the file a template payload would create if run."""
    return (
        f"{XSS} ![x](http://127.0.0.1:{port}/md-image.png) [l](http://127.0.0.1:{port}/md-link)"
        f" http://127.0.0.1:{port}/bare **b** $x^2$ :red[c] {{{{7*7}}}} {{% raw %}} {{# "
        f"{{{{ lipsum.__globals__.os.popen('touch {marker}').read() }}}}"
    )


def write_hostile_dataset(directory: Path, *, port: int, marker: Path) -> tuple[Path, Path]:
    """(projects.csv, boundaries dir) with the payloads; returns their paths. ``directory`` is
    a dataset: its dataset.toml (title, sectors, rounds, attribution) carries them too."""
    text = payload(port, marker)
    kansai = load_dataset(REPO_ROOT / "data")
    hostile = replace(
        kansai,
        title=Text(f"地図 {text}", f"Map {text}"),
        subtitle=Text(f"副題 {text}"),
        attribution=Text(f"出典 {text}"),
        attribution_short=Text(f"出典 {text}"),
        sectors=tuple(replace(s, label=Text(f"{s.label.ja} {text}")) for s in kansai.sectors),
        rounds=tuple(replace(r, label=Text(f"{r.label.ja} {text}")) for r in kansai.rounds),
        round_name=Text(f"回 {text}"),
    )
    (directory / "dataset.toml").write_text(dataset_toml(hostile), "utf-8")
    rows = list(csv.DictReader(io.StringIO((REPO_ROOT / "data/projects.csv").read_text("utf-8"))))
    for row in rows:
        for column in TEXT_COLUMNS:
            start = FORMULA_COLUMNS.get(column, "").format(port=port)
            row[column] = f"{start}{row[column]} {text}" if start else f"{row[column]} {text}"
    csv_path = directory / "projects.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    csv_path.write_text(buffer.getvalue(), "utf-8")
    boundaries = write_tiny_boundaries(directory / "boundaries")
    layer = json.loads((boundaries / MUNICIPALITIES_FILE).read_text("utf-8"))
    for feature in layer["features"]:
        feature["properties"]["name"] += f" {text}"
    (boundaries / MUNICIPALITIES_FILE).write_text(json.dumps(layer, ensure_ascii=False), "utf-8")
    (boundaries / META_FILE).write_text(json.dumps({"as_of": f"2021-01-01 {text}"}), "utf-8")
    return csv_path, boundaries
