"""A dataset from a publisher's table: areas matched to official codes, a marker for every row,
sectors mapped to a vocabulary, and a report of every row that could not be used.

Validate → compute → assemble, like geopandas' ``sjoin``: ``build_dataset`` checks the roles,
matches each row (``_row``), then assembles the table, which is read back through the same
loader as any dataset (``geo.projects.read_projects_text``), so a built dataset is valid by
construction. Nothing is dropped silently: each row's outcome is in ``Build.report``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

from geo.boundaries import METRIC_CRS, WGS84
from geo.dataset import (
    DATASET_FILE,
    PALETTE,
    PROJECTS_FILE,
    Dataset,
    Round,
    Sector,
    Text,
    dataset_toml,
    slug_of,
)
from geo.exports import neutralise_formula
from geo.files import write_atomic
from geo.intake import SourceTable
from geo.join import MARKER_TOLERANCE_M
from geo.matching import AreaIndex
from geo.projects import read_projects_text
from geo.reasons import NO_REASON, Reason, reason
from geo.roles import missing_roles
from geo.schema import COLUMN_NAMES, KANSAI_BBOX

REPORT_FILE = "report.csv"
REPORT_COLUMNS = ("line", "status", "column", "value", "reason", "codes", "candidates")
# Statuses of a report row; the first three keep the row on the map.
KEPT = ("matched", "approximate", "warning")
_SECTOR_SPLIT = re.compile(r"[;；、,，/／\n]")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YEAR = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?(?:年度?)?")


@dataclass(frozen=True)
class ReportRow:
    line: int
    status: str  # matched | approximate | warning | ambiguous | unmatched | invalid
    column: str = ""
    value: str = ""
    reason: Reason = NO_REASON
    codes: str = ""
    candidates: str = ""


@dataclass(frozen=True)
class Build:
    dataset: Dataset
    projects: pd.DataFrame  # ``load_projects``' frame of the kept rows (empty: none kept)
    csv_text: str  # the dataset's projects.csv
    report: tuple[ReportRow, ...]
    source: SourceTable
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def rejected(self) -> list[ReportRow]:
        return [r for r in self.report if r.status not in KEPT]

    def counts(self) -> dict[str, int]:
        """Rows per status (a row with a warning counts once, by its worst status)."""
        worst: dict[int, str] = {}
        for row in self.report:
            if row.line not in worst or worst[row.line] in KEPT:
                worst[row.line] = row.status
        counts: dict[str, int] = {}
        for status in worst.values():
            counts[status] = counts.get(status, 0) + 1
        return counts


class BuildError(ValueError):
    """Roles that make no dataset (no name or area column)."""


def build_dataset(
    table: SourceTable,
    roles: Mapping[str, str],
    municipalities: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame,
    *,
    sectors: Mapping[str, Sector] | None = None,
    title: str | None = None,
    publisher: str = "",
) -> Build:
    """The dataset of ``table`` under ``roles`` (role → column, see ``geo.roles``).

    ``sectors`` maps a sector word of the table to its vocabulary entry; without it each
    distinct word becomes a sector of its own. Raises BuildError when a required role has no
    column; a row that cannot be used is reported, never raised.
    """
    missing = missing_roles(roles)
    if missing:
        raise BuildError(
            f"no column for: {', '.join(missing)} (columns: {', '.join(table.columns)})"
        )
    index = AreaIndex(municipalities)
    places = _Places(municipalities, prefectures)
    vocabulary = dict(sectors) if sectors is not None else _vocabulary_from(table, roles)
    years = _years(table, roles)
    report: list[ReportRow] = []
    records: list[dict[str, str]] = []
    used_ids: set[str] = set()
    for line, cells in table.rows:
        record, notes = _row(
            line,
            cells,
            roles,
            index=index,
            places=places,
            vocabulary=vocabulary,
            years=years,
            used_ids=used_ids,
        )
        report += notes
        if record is not None:
            records.append(record)
    dataset = _describe(table, vocabulary, years, title=title, publisher=publisher)
    text = _csv_text(records)
    frame = read_projects_text(text, dataset, source=table.name) if records else pd.DataFrame()
    return Build(dataset, frame, text, tuple(report), table, dict(roles))


def write_dataset(build: Build, out: Path | str) -> list[Path]:
    """``projects.csv`` (when a row was kept), ``dataset.toml`` and ``report.csv`` in ``out``."""
    out = Path(out)
    written = [out / REPORT_FILE]
    write_atomic(out / REPORT_FILE, report_csv(build.report).encode("utf-8"))
    if not build.projects.empty:
        dataset = replace(build.dataset, directory=str(out), slug=slug_of(out.resolve().name))
        write_atomic(out / PROJECTS_FILE, build.csv_text.encode("utf-8"))
        write_atomic(out / DATASET_FILE, dataset_toml(dataset).encode("utf-8"))
        written = [out / PROJECTS_FILE, out / DATASET_FILE, *written]
    return written


def report_csv(report: Sequence[ReportRow], describe: Callable[[Reason], str] = str) -> str:
    """The report as CSV (UTF-8 with BOM for Excel), reasons put in words by ``describe``
    (English by default). Cells a spreadsheet would run as formulas are neutralised: they
    quote the publisher's table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for row in report:
        cells = [describe(row.reason) if c == "reason" else getattr(row, c) for c in REPORT_COLUMNS]
        writer.writerow([neutralise_formula(str(cell)) for cell in cells])
    return "\ufeff" + buffer.getvalue()


def load_sector_table(table: SourceTable) -> dict[str, Sector]:
    """``--sectors``: a table of ``word,slug[,ja,en,colour]`` → word → Sector."""
    needed = {"word", "slug"} - set(table.columns)
    if needed:
        raise BuildError(f"{table.name}: sector table needs columns word,slug[,ja,en,colour]")
    sectors: dict[str, Sector] = {}
    by_slug: dict[str, Sector] = {}
    for line, cells in table.rows:
        slug = cells["slug"]
        if not _SLUG.match(slug):
            raise BuildError(f"{table.name}: line {line}, column 'slug': not a slug ({slug!r})")
        if slug not in by_slug:
            colour = cells.get("colour") or PALETTE[len(by_slug) % len(PALETTE)]
            label = Text(cells.get("ja") or cells["word"], cells.get("en", ""))
            by_slug[slug] = Sector(slug, label, colour.upper())
        sectors[_fold(cells["word"])] = by_slug[slug]
    return sectors


# --- one row ---


def _row(
    line: int,
    cells: Mapping[str, str],
    roles: Mapping[str, str],
    *,
    index: AreaIndex,
    places: _Places,
    vocabulary: Mapping[str, Sector],
    years: dict[int, int],
    used_ids: set[str],
) -> tuple[dict[str, str] | None, list[ReportRow]]:
    def cell(role: str) -> str:
        return cells.get(roles[role], "") if role in roles else ""

    notes: list[ReportRow] = []

    def warn(role: str, why: Reason, value: str | None = None) -> None:
        """A note on a row that stays on the map."""
        shown = cell(role) if value is None else value
        notes.append(ReportRow(line, "warning", roles[role], shown, why))

    name = cell("name")
    if not name:
        return None, [ReportRow(line, "invalid", roles["name"], "", reason("no_name"))]
    hint = None
    if cell("prefecture"):
        hint = index.prefecture_code(cell("prefecture"))
        if hint is None:
            warn("prefecture", reason("unknown_prefecture"))
    match = index.match(cell("area"), prefecture=hint)
    if match.status != "matched":
        return None, [
            *notes,
            ReportRow(
                line,
                match.status,
                roles["area"],
                cell("area"),
                match.reason,
                candidates=" / ".join(match.candidates),
            ),
        ]
    codes = match.codes
    lat, lon, approximate = _marker(cells, roles, codes, places, warn)
    first = index.names[codes[0]]
    note = (
        Text(f"位置は概略（{first}の代表点）", f"Approximate: a point inside {first}")
        if approximate
        else Text("表の座標", "Coordinates from the table")
    )
    sector_slugs, unknown = _sectors(cell("sector"), vocabulary)
    if unknown:
        warn("sector", reason("unknown_sectors", words=", ".join(unknown)))
    when, round_no, date_note = _when(cell("date"), years)
    if date_note:
        warn("date", date_note)
    url = cell("url")
    if url and not re.match(r"^https?://[^\s<>\"']+$", url):
        warn("url", reason("not_a_url"))
        url = ""
    record = {
        "id": _row_id(cell("id"), line, used_ids),
        "round": str(round_no or ""),
        "announced": when.isoformat() if when else "",
        "area_codes": ";".join(codes),
        "lead": index.names[codes[0]] if len(codes) == 1 else "",
        "name_ja": name,
        "name_en": cell("name_en"),
        "summary_ja": cell("summary"),
        "url": url,
        "sectors": ";".join(sector_slugs),
        "lat": f"{lat:.6f}",
        "lon": f"{lon:.6f}",
        "location_note": note.ja,
        "location_note_en": note.en,
    }
    status = "approximate" if approximate else "matched"
    areas_text = "・".join(index.names[c] for c in codes)
    kept = ReportRow(
        line, status, roles["area"], cell("area"), NO_REASON, ";".join(codes), areas_text
    )
    return record, [kept, *notes]


def _marker(
    cells: Mapping[str, str],
    roles: Mapping[str, str],
    codes: tuple[str, ...],
    places: _Places,
    warn: Callable[..., None],
) -> tuple[float, float, bool]:
    """(lat, lon, approximate): the row's own coordinates when they lie in (or within the
    join's tolerance of) its area, else a point inside the area."""
    raw = (cells.get(roles.get("lat", ""), ""), cells.get(roles.get("lon", ""), ""))
    if all(raw):
        try:
            lat, lon = (float(v) for v in raw)
        except ValueError:
            lat = lon = float("nan")
        west, south, east, north = KANSAI_BBOX
        if not (south <= lat <= north and west <= lon <= east):
            warn("lat", reason("point_outside_region"), f"{raw[0]},{raw[1]}")
        elif places.distance_m(codes, lon, lat) <= MARKER_TOLERANCE_M:
            return lat, lon, False
        else:
            warn("lat", reason("point_outside_area"), f"{raw[0]},{raw[1]}")
    lat, lon = places.points[codes[0]]
    return lat, lon, True


def _sectors(text: str, vocabulary: Mapping[str, Sector]) -> tuple[list[str], list[str]]:
    slugs: list[str] = []
    unknown: list[str] = []
    for word in filter(None, (w.strip() for w in _SECTOR_SPLIT.split(text))):
        sector = vocabulary.get(_fold(word))
        if sector is None:
            unknown.append(word)
        elif sector.slug not in slugs:
            slugs.append(sector.slug)
    return slugs, unknown


def _when(text: str, years: dict[int, int]) -> tuple[date | None, int | None, Reason | None]:
    """(date when the cell gives a whole one, round number of its year, why it is unusable)."""
    if not text:
        return None, None, None
    found = _YEAR.match(text.strip())
    if not found:
        return None, None, reason("not_a_date")
    year, month, day = (int(g) if g else None for g in found.groups())
    try:
        when = date(year, month, day) if month and day else None
    except ValueError:
        return None, None, reason("not_a_real_date")
    return when, years.get(year), None


def _row_id(given: str, line: int, used: set[str]) -> str:
    slug = given.strip().casefold()
    candidate = slug if _SLUG.match(slug) else f"row-{line}"
    if candidate in used:
        candidate = f"row-{line}"
    used.add(candidate)
    return candidate


# --- whole table ---


def _fold(word: str) -> str:
    return re.sub(r"\s+", "", word).casefold()


def _vocabulary_from(table: SourceTable, roles: Mapping[str, str]) -> dict[str, Sector]:
    """Each distinct sector word, in order of first use, a sector of its own."""
    vocabulary: dict[str, Sector] = {}
    if "sector" not in roles:
        return vocabulary
    for _, cells in table.rows:
        for word in filter(None, (w.strip() for w in _SECTOR_SPLIT.split(cells[roles["sector"]]))):
            key = _fold(word)
            if key not in vocabulary:
                n = len(vocabulary)
                vocabulary[key] = Sector(f"s{n + 1}", Text(word), PALETTE[n % len(PALETTE)])
    return vocabulary


def _years(table: SourceTable, roles: Mapping[str, str]) -> dict[int, int]:
    """year → round number: the table's years, in order, become its grouping."""
    if "date" not in roles:
        return {}
    found = {
        int(m.group(1))
        for _, cells in table.rows
        if (m := _YEAR.match(cells[roles["date"]].strip()))
    }
    return {year: n for n, year in enumerate(sorted(found), start=1)}


def _describe(
    table: SourceTable,
    vocabulary: Mapping[str, Sector],
    years: dict[int, int],
    *,
    title: str | None,
    publisher: str,
) -> Dataset:
    name = Path(table.name).name
    sectors = tuple({s.slug: s for s in vocabulary.values()}.values())
    rounds = tuple(
        Round(n, Text(f"{year}年", str(year)), None, PALETTE[(n - 1) % len(PALETTE)])
        for year, n in years.items()
    )
    return Dataset(
        title=Text(title or Path(name).stem),
        subtitle=Text(""),
        publisher=Text(publisher),
        source_name=Text(name),
        attribution=Text(f"データ: {name}", f"Data: {name}"),
        attribution_short=Text(f"データ: {name}", f"Data: {name}"),
        sectors=sectors,
        round_name=Text("年", "Year"),
        rounds=rounds,
    )


def _csv_text(records: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMN_NAMES), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({c: record.get(c, "") for c in COLUMN_NAMES})
    return buffer.getvalue()


class _Places:
    """The areas' shapes in metres and a point inside each, computed once per build."""

    def __init__(self, municipalities: gpd.GeoDataFrame, prefectures: gpd.GeoDataFrame) -> None:
        frame = pd.concat(
            [municipalities[["code", "geometry"]], prefectures[["code", "geometry"]]],
            ignore_index=True,
        )
        shapes = gpd.GeoSeries(frame.geometry.values, index=frame["code"], crs=WGS84)
        # representative_point, not the centroid, which can fall outside a crescent-shaped town
        self.points = {
            code: (round(p.y, 6), round(p.x, 6))
            for code, p in zip(shapes.index, shapes.representative_point(), strict=True)
        }
        metric = shapes.to_crs(METRIC_CRS)
        self._metric = dict(zip(metric.index, metric.values, strict=True))
        self._to_metric = Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)

    def distance_m(self, codes: tuple[str, ...], lon: float, lat: float) -> float:
        shape = shapely.union_all([self._metric[c] for c in codes])
        return float(shape.distance(shapely.Point(*self._to_metric.transform(lon, lat))))
