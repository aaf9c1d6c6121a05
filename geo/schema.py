"""The one definition of ``projects.csv`` and its controlled vocabularies.

The loader, the validator, the README's column table and the tests all read from here, so a
column or a sector is added in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("id", True, "Stable ASCII slug, used in links (e.g. `toyooka-bags`)."),
    Column("no", True, "Display number 1–23: by round (第1弾→第4弾), then the page's order."),
    Column("round", True, "Announcement round 1–4 (第1弾…第4弾)."),
    Column("announced", True, "Announcement date of the round, ISO (2016-10-24 …)."),
    Column("prefecture", True, "Prefecture the page lists the project under (福井県 … 和歌山県)."),
    Column("lead", True, "The lead body given in 【】 on the page."),
    Column("lead_en", True, "The lead body in English (e.g. 豊岡市 → Toyooka City)."),
    Column("level", True, "`prefecture` (prefecture-wide) or `municipality`."),
    Column(
        "area_codes",
        True,
        "Official codes separated by `;`: 5-digit municipality codes (N03_007; designated "
        "cities by their city code, e.g. 大阪市 27100) or the 2-digit prefecture code.",
    ),
    Column(
        "area_names_en", True, "English names of `area_codes`, in the same order, `;`-separated."
    ),
    Column("name_ja", True, "Project name as on the page."),
    Column("name_en", True, "Project name in English (our translation)."),
    Column("summary_ja", True, "The page's summary, without the 【申込機関:…】 note."),
    Column("summary_en", True, "Summary in English (our translation)."),
    Column("applicant", False, "Applying organisation (【申込機関:…】) where the page names one."),
    Column("link_label", False, "Text of the page's 「…について(…へ)」 link, e.g. 西脇市のサイト."),
    Column("url", False, "Official URL of the project's site, only when known to be right."),
    Column("sectors", True, "Sector slugs separated by `;`; the first is the primary sector."),
    Column(
        "sector_evidence",
        True,
        "Words of `summary_ja` that justify each sector: `slug:word,word;slug:word`.",
    ),
    Column("lat", True, "Marker latitude (WGS84)."),
    Column("lon", True, "Marker longitude (WGS84)."),
    Column("location_note", True, "What the marker point is (facility or office)."),
    Column("location_note_en", True, "`location_note` in English."),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)

# Columns the code adds to the table: by the loader (``load_projects``) and by
# ``geo.catalog.prepare`` (join, bounds, search). Declared here beside the CSV's own columns so
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
class Sector:
    slug: str
    ja: str
    en: str
    colour: str


# Colours: Paul Tol's colour-blind-safe "muted" scheme, one colour per sector.
SECTORS: tuple[Sector, ...] = (
    Sector("medical", "医療・健康・ライフサイエンス", "Medical, health & life science", "#CC6677"),
    Sector(
        "manufacturing", "ものづくり・先端技術", "Manufacturing & advanced technology", "#332288"
    ),
    Sector("agri-food", "農林業・食", "Agriculture, forestry & food", "#117733"),
    Sector("crafts", "地場産業・地域ブランド", "Local industries & regional brands", "#DDCC77"),
    Sector("environment", "環境・エネルギー", "Environment & energy", "#44AA99"),
    Sector("culture", "観光・文化・コンテンツ", "Tourism, culture & content", "#AA4499"),
    Sector("digital", "IT・デジタル", "Digital & IT", "#88CCEE"),
    Sector("networks", "産学官金連携・起業・人材", "Partnerships, startups & talent", "#882255"),
    Sector("overseas", "海外展開・販路開拓", "Overseas & new markets", "#999933"),
)
SECTOR_BY_SLUG: dict[str, Sector] = {s.slug: s for s in SECTORS}


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

# The four announcement rounds of 2016 (the page gives month and day; registration began in
# September 2016, so every round is in 2016).
ROUNDS: dict[int, date] = {
    1: date(2016, 10, 24),
    2: date(2016, 11, 16),
    3: date(2016, 12, 2),
    4: date(2016, 12, 9),
}

# Designated cities (政令指定都市) of the area: their wards are dissolved into the city code.
DESIGNATED_CITIES: dict[str, str] = {
    "26100": "京都市",
    "27100": "大阪市",
    "27140": "堺市",
    "28100": "神戸市",
}

# Generous box around the seven prefectures: (min_lon, min_lat, max_lon, max_lat).
KANSAI_BBOX: tuple[float, float, float, float] = (134.0, 33.3, 136.9, 36.4)

SOURCE_PAGE = {
    "publisher_ja": "近畿経済産業局",
    "publisher_en": "Kinki Bureau of Economy, Trade and Industry",
    "title_ja": "地域発!「ローカル・イノベーション・プロジェクト」の登録一覧"
    "(関西☆地域発!稼ぎ頭プロジェクト)",
    "updated": date(2017, 3, 24),
}
N03_ATTRIBUTION = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成"


def schema_markdown() -> str:
    """The README's tables of columns and sectors (a test keeps the README in step)."""
    columns = ["| column | required | meaning |", "| --- | --- | --- |"]
    columns += [
        f"| `{c.name}` | {'yes' if c.required else ''} | {c.description} |" for c in COLUMNS
    ]
    sectors = ["| slug | 日本語 | English | colour |", "| --- | --- | --- | --- |"]
    sectors += [f"| `{s.slug}` | {s.ja} | {s.en} | `{s.colour}` |" for s in SECTORS]
    return "\n".join(columns) + "\n\n" + "\n".join(sectors)
