"""The one definition of a dataset's ``projects.csv`` and of the region it is mapped on.

The loader, the validator, the column table of docs/data-format.md and the tests all read from here, so a
column is added in exactly one place. A dataset's own vocabularies (sectors, rounds) and its
title and source are data: ``geo.dataset`` reads them from its ``dataset.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str


# The required core is what a map of projects cannot do without; every other column may be
# left out of a dataset's table, and the app hides what a dataset does not have.
COLUMNS: tuple[Column, ...] = (
    Column("id", True, "Stable ASCII slug, used in links (e.g. `toyooka-bags`)."),
    Column("no", False, "Display number from 1 (default: the row's order)."),
    Column(
        "round",
        False,
        "Number of the dataset's grouping (`[rounds]` of `dataset.toml`; here 第1弾…第4弾).",
    ),
    Column("announced", False, "Date, ISO (default: the round's date)."),
    Column(
        "prefecture",
        False,
        "Prefecture the project is listed under (福井県 … 和歌山県; default: from `area_codes`).",
    ),
    Column("lead", False, "The lead body (on the Kansai page, the name given in 【】)."),
    Column("lead_en", False, "The lead body in English (e.g. 豊岡市 → Toyooka City)."),
    Column(
        "level", False, "`prefecture` (prefecture-wide) or `municipality` (default: from codes)."
    ),
    Column(
        "area_codes",
        True,
        "Official codes separated by `;`: 5-digit municipality codes (N03_007; designated "
        "cities by their city code, e.g. 大阪市 27100) or the 2-digit prefecture code.",
    ),
    Column("area_names_en", False, "English names of `area_codes`, in the same order."),
    Column("name_ja", True, "Project name."),
    Column("name_en", False, "Project name in English (default: `name_ja`)."),
    Column("summary_ja", False, "Summary."),
    Column("summary_en", False, "Summary in English."),
    Column("applicant", False, "Applying organisation (【申込機関:…】) where the page names one."),
    Column("link_label", False, "Text of the page's 「…について(…へ)」 link, e.g. 西脇市のサイト."),
    Column("url", False, "Official URL of the project's site, only when known to be right."),
    Column(
        "sectors",
        False,
        "Sector slugs of `dataset.toml`, separated by `;`; the first is the primary sector.",
    ),
    Column(
        "sector_evidence",
        False,
        "Words of `summary_ja` that justify each sector: `slug:word,word;slug:word`.",
    ),
    Column("lat", True, "Marker latitude (WGS84)."),
    Column("lon", True, "Marker longitude (WGS84)."),
    Column("location_note", False, "What the marker point is (facility, office, or approximate)."),
    Column("location_note_en", False, "`location_note` in English."),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)

# Columns the code adds to the table: by the loader (``load_projects``) and by
# ``geo.table.prepare.prepare`` (join, bounds, search). Declared here beside the CSV's own columns so
# no module has to guess what an enriched frame holds.
DERIVED_COLUMNS: tuple[Column, ...] = (
    Column("line", True, "Line of the row in the file (loader), named in error messages."),
    Column("prefecture_code", True, "2-digit code of `prefecture` (loader)."),
    Column("primary_sector", True, "First of `sectors` (loader)."),
    Column(
        "area_label",
        True,
        "Japanese area names joined by ・ (N03 names; `lead` without boundaries).",
    ),
    Column("area_label_en", True, "`area_names_en` joined by a comma."),
    Column("bounds", True, "(west, south, east, north) around the area and the marker."),
    Column("search_text", True, "Folded text of every searchable column (keyword search)."),
)
DERIVED_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in DERIVED_COLUMNS)
REQUIRED_COLUMNS: frozenset[str] = frozenset(c.name for c in COLUMNS if c.required)
LEVELS: tuple[str, ...] = ("prefecture", "municipality")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Prefecture:
    code: str
    ja: str
    en: str


PREFECTURES: tuple[Prefecture, ...] = (
    Prefecture("18", "福井県", "Fukui"),
    Prefecture("25", "滋賀県", "Shiga"),
    Prefecture("26", "京都府", "Kyoto"),
    Prefecture("27", "大阪府", "Osaka"),
    Prefecture("28", "兵庫県", "Hyogo"),
    Prefecture("29", "奈良県", "Nara"),
    Prefecture("30", "和歌山県", "Wakayama"),
)
PREFECTURE_BY_NAME: dict[str, Prefecture] = {p.ja: p for p in PREFECTURES}
PREFECTURE_BY_CODE: dict[str, Prefecture] = {p.code: p for p in PREFECTURES}
# What a Japanese prefecture name ends with (大阪府, 兵庫県), dropped where columns are narrow.
PREFECTURE_SUFFIXES = ("府", "県")

# A stable ASCII id (a project's, a sector's, a dataset's), matched whole (``fullmatch``).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A web link a page may carry (matched whole): http(s), no spaces, quotes or angle brackets.
HTTP_URL = re.compile(r"https?://[^\s<>\"']+")
# An e-mail address a ``mailto:`` link may carry (matched whole): no spaces, quotes, brackets.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# Coordinates as stored and drawn, and a metric CRS for tolerances and distances (JGD2011 /
# UTM zone 53N covers 132°E–138°E).
WGS84 = "EPSG:4326"
METRIC_CRS = "EPSG:6690"

# Designated cities (政令指定都市) of the area: their wards are dissolved into the city code.
DESIGNATED_CITIES: dict[str, str] = {
    "26100": "京都市",
    "27100": "大阪市",
    "27140": "堺市",
    "28100": "神戸市",
}

# Generous box around the seven prefectures: (min_lon, min_lat, max_lon, max_lat).
KANSAI_BBOX: tuple[float, float, float, float] = (134.0, 33.3, 136.9, 36.4)

N03_ATTRIBUTION = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"


def schema_markdown() -> str:
    """The column table of docs/data-format.md (``tests/test_docs.py`` checks it is there)."""
    columns = ["| column | required | meaning |", "| --- | --- | --- |"]
    columns += [
        f"| `{c.name}` | {'yes' if c.required else ''} | {c.description} |" for c in COLUMNS
    ]
    return "\n".join(columns)
