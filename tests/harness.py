"""One harness for the app tests: AppTest helpers and browser-page helpers (the server and
Chromium themselves come from ``devkit.browser`` and the fixtures in ``conftest.py``)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from streamlit.testing.v1 import AppTest

from devkit.app_driver import panel, run_with, send_filters
from geo.counts.database import CountsDatabaseError, Row
from geo.fields import REGISTRY
from geo.paths import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


# --- printed documents ---
def pdf_text(tmp_path: Path, data: bytes) -> str:
    """The text of a PDF (poppler's ``pdftotext``; the ``poppler`` fixture checks for it)."""
    path = tmp_path / "map.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return out.stdout


def squeeze(text: str) -> str:
    """The text without white space: what a PDF's line breaks cannot change."""
    return re.sub(r"\s+", "", text)


# --- counts ---
def written_rows(database) -> list[Row]:
    """The counters a recorder has written so far: none while its thread has not made the
    tables yet (SQLite's file exists before them)."""
    try:
        return database.rows()
    except CountsDatabaseError:
        return []


# --- AppTest ---
def run_app(**params: str) -> AppTest:
    """The app with these query parameters, after its first run."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choose_file(at: AppTest, file_name: str, data: bytes) -> AppTest:
    """Choose a file in the upload box (what reading it gives is shown at once)."""
    return at.file_uploader(key="upload_file").set_value((file_name, data, XLSX)).run()


def upload(at: AppTest, file_name: str, data: bytes, **roles: str) -> AppTest:
    """Upload a table, set any column ``roles`` (role → column), press 「この表で地図を作る」."""
    choose_file(at, file_name, data)
    for role, column in roles.items():
        (box,) = [s for s in at.sidebar.selectbox if (s.key or "").endswith(f"_role_{role}")]
        box.set_value(column)
    (build,) = [b for b in at.button if (b.key or "").startswith("FormSubmitter:upload_roles_")]
    return build.click().run()


def _widget_id(nodes, key: str) -> str:
    (widget_id,) = [n.proto.id for n in nodes if n.proto.id.endswith(f"-{key}")]
    return widget_id


def open_overview(at: AppTest, *, tab: str | None = None) -> AppTest:
    """Open the overview; ``tab`` (「グラフ」 or 「数値の表」) chooses what its charts show."""
    if not any(n.proto.id.endswith("-overview") and n.proto.expanded for n in at.expander):
        at = run_with(at, **{_widget_id(at.expander, "overview"): ("bool_value", True)})
    if tab is not None:
        tabs = at.get("tab_container")
        keys = ("overview_matrix_view", "overview_rounds_view")
        at = run_with(at, **{_widget_id(tabs, key): ("string_value", tab) for key in keys})
    return at


def select_in_chart(at: AppTest, chart: str, param: str, point: dict) -> AppTest:
    """What the frontend sends when a mark of overview chart ``chart`` is clicked: the chart's
    selection ``param`` holds that mark's fields."""
    (node,) = [c for c in at.get("vega_lite_chart") if f"overview_{chart}_" in c.proto.id]
    selection = json.dumps({"selection": {param: [point]}})
    return run_with(at, **{node.proto.id: ("string_value", selection)})


def facet_labels(at: AppTest, facet: str) -> dict:
    """The options of ``facet``'s group as the panel labels them (with their counts): value →
    label, in the order offered."""
    data = panel(at)[1]
    (group,) = [g for g in data["facets"] if g["name"] == facet]
    counts, template = data["counts"][facet], data["words"]["option_count"]
    return {
        REGISTRY[facet].item(o["value"]): template.format(
            label=o["label"], count=counts.get(o["value"], 0)
        )
        for o in group["options"]
    }


def legends(at: AppTest) -> list[str]:
    """The panel's facet groups, by their legends."""
    return [group["legend"] for group in panel(at)[1]["facets"]]


def chosen(at: AppTest, facet: str) -> list:
    """The values checked in ``facet``'s group, in the order offered."""
    checked = set(panel(at)[1]["chosen"][facet])
    return [value for value in facet_labels(at, facet) if str(value) in checked]


def choose(at: AppTest, facet: str, values) -> AppTest:
    """Check exactly ``values`` in ``facet``'s group (what a person's clicks leave), then run."""
    return send_filters(at, **{facet: list(values)})


def search(at: AppTest, keyword: str) -> AppTest:
    """Type ``keyword`` in the panel's search field and press Enter."""
    return send_filters(at, keyword=keyword)


def reset_filters(at: AppTest) -> AppTest:
    """The panel's reset button: nothing checked, no keyword."""
    data = panel(at)[1]
    return send_filters(at, keyword="", **{facet: [] for facet in data["chosen"]})


def result_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if re.search(r" / \d+ ", m.value))


def listed(at: AppTest) -> list[str]:
    """The project list's entries, in order (their button labels)."""
    return [b.label for b in at.button if (b.key or "").startswith("pick_")]


def pick(at: AppTest, project_id: str) -> AppTest:
    return at.button(key=f"pick_{project_id}").click().run()


def params(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def plain(markdown: str) -> str:
    """Text as a reader sees it: ``md_escape``'s backslashes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def notices(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def detail_texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def ui_texts(at: AppTest) -> list[str]:
    """Every text a person reads in the rendered app: labels, options, messages, markdown."""
    texts: list[str] = []
    for kind in (
        *("title", "header", "subheader", "markdown", "caption"),
        *("info", "warning", "error", "success"),
    ):
        texts += [e.value for e in getattr(at, kind)]
    for kind in ("checkbox", "radio", "selectbox", "text_input", "button"):
        for widget in getattr(at, kind):
            texts.append(widget.label)
            texts += [str(o) for o in getattr(widget, "options", [])]
    return texts


# The overview matrix's cells: Vega's SVG marks, each labelled with its prefecture, sector and
# count ("prefecture: 大阪府; sector: …; 件数: 4").
CELLS = ".vega-embed path[aria-roledescription='rect mark']"


def count_legend(frame) -> tuple[str, list[tuple[str, str]], int]:
    """Under the count colouring: the level shown, the legend's classes (colour as #RRGGBB,
    label) and how many areas are drawn."""
    return frame.evaluate(
        """() => {
          const hex = (rgb) => "#" + rgb.match(/\\d+/g).slice(0, 3)
            .map((n) => Number(n).toString(16).padStart(2, "0")).join("").toUpperCase();
          const rows = [...document.querySelectorAll(".kasegi-legend-body > div:not(.title):not(.note)")]
            .map((row) => [hex(row.querySelector("i").style.background), row.textContent]);
          const areas = document.querySelectorAll(
            ".leaflet-kasegiPrefAreas-pane path, .leaflet-kasegiMuniAreas-pane path").length;
          return [document.querySelector(".leaflet-container").dataset.countLevel, rows, areas];
        }"""
    )


def check_count_levels(frame, table) -> list[tuple[str, str]]:
    """Under the count colouring: prefectures in the server's classes of their counts, then
    (one zoom step in) municipalities, every area with a project drawn; the municipal rows."""
    from geo.table.choropleth import classify_counts, municipality_counts, prefecture_counts

    for level, counts in (
        ("prefecture", prefecture_counts(table)),
        ("municipality", municipality_counts(table)),
    ):
        if level == "municipality":
            frame.locator(".leaflet-control-zoom-in").click()
        frame.wait_for_selector(f".leaflet-container[data-count-level='{level}']")
        _, rows, areas = count_legend(frame)
        assert [colour for colour, _ in rows] == list(
            classify_counts(list(counts.values())).colours
        )
        assert areas == len(counts)
    return rows
