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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd

from geo.boundaries.areas import AreaShapes
from geo.dataset import (
    Dataset,
    Sector,
    Text,
)
from geo.intake.build_report import KEPT, ReportRow
from geo.intake.limits import MAX_FACET_VALUES
from geo.intake.matching import AreaIndex
from geo.intake.publisher_words import (
    describe_table,
    row_date,
    row_sectors,
    table_years,
    vocabulary_from,
)
from geo.intake.reader import SourceTable
from geo.intake.reasons import NO_REASON, Reason, reason
from geo.intake.roles import missing_roles
from geo.projects import read_projects_text
from geo.schema import COLUMN_NAMES, HTTP_URL, KANSAI_BBOX, SLUG
from geo.table.join import MARKER_TOLERANCE_M
from geo.versions.identity import IdentityError, RowKey, assign_ids


@dataclass(frozen=True)
class Build:
    dataset: Dataset
    projects: pd.DataFrame  # ``load_projects``' frame of the kept rows (empty: none kept)
    csv_text: str  # the dataset's projects.csv
    report: tuple[ReportRow, ...]
    source: SourceTable
    roles: dict[str, str] = field(default_factory=dict)
    # How each kept row got its id (``geo.versions.identity``: given, name+area, …, new).
    matched_by: dict[str, str] = field(default_factory=dict)

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
    shapes: AreaShapes | None = None,
    previous: tuple[pd.DataFrame, Dataset] | None = None,
) -> Build:
    """The dataset of ``table`` under ``roles`` (role → column, see ``geo.intake.roles``).

    ``sectors`` maps a sector word of the table to its vocabulary entry; without it each
    distinct word becomes a sector of its own. ``shapes``: the boundaries' ``AreaShapes``
    when the caller keeps them (made here otherwise). ``previous``: the table and description of the
    version this one replaces: matching rows keep its ids (``geo.versions.identity``), its
    sector words keep their slugs. Raises
    BuildError when a required role has no column or two rows claim one id; a row that cannot
    be used is reported, never raised.
    """
    missing = missing_roles(roles)
    if missing:
        raise BuildError(
            f"no column for: {', '.join(missing)} (columns: {', '.join(table.columns)})"
        )
    index = AreaIndex(municipalities)
    places = shapes if shapes is not None else AreaShapes(municipalities, prefectures)
    kept = previous[1].sectors if previous is not None else ()
    vocabulary = dict(sectors) if sectors is not None else vocabulary_from(table, roles, kept=kept)
    years = table_years(table, roles)
    _check_facet_sizes(roles, sectors=vocabulary, years=years)
    report: list[ReportRow] = []
    records: dict[int, dict[str, str]] = {}
    for line, cells in table.rows:
        record, notes = _row(
            line,
            cells,
            roles,
            index=index,
            places=places,
            vocabulary=vocabulary,
            years=years,
        )
        report += notes
        if record is not None:
            records[line] = record
    keys = [
        RowKey(line, r["name_ja"], tuple(r["area_codes"].split(";")), r["id"])
        for line, r in records.items()
    ]
    try:
        claims = assign_ids(keys, previous[0] if previous is not None else None)
    except IdentityError as err:
        raise BuildError(f"{table.name}: {err}") from None
    for line, record in records.items():
        record["id"] = claims[line].id
    report = [
        replace(r, id=claims[r.line].id, matched_by=claims[r.line].rule)
        if r.status in ("matched", "approximate") and r.line in claims
        else r
        for r in report
    ]
    dataset = describe_table(table, vocabulary, years, title=title, publisher=publisher)
    text = _csv_text(list(records.values()))
    frame = read_projects_text(text, dataset, source=table.name) if records else pd.DataFrame()
    matched_by = {c.id: c.rule for c in claims.values()}
    return Build(dataset, frame, text, tuple(report), table, dict(roles), matched_by)


def _check_facet_sizes(
    roles: Mapping[str, str], *, sectors: Mapping[str, Sector], years: Mapping[int, int]
) -> None:
    """BuildError naming the column whose words would make more filters than a page can
    offer (``MAX_FACET_VALUES``), before any row is built."""
    for role, count in (("sector", len({s.slug for s in sectors.values()})), ("date", len(years))):
        if count > MAX_FACET_VALUES:
            column = roles.get(role, "--sectors")
            raise BuildError(
                f"column {column!r} ({role}) has {count:,} different values; at most "
                f"{MAX_FACET_VALUES} can be filters: choose another column for {role}, or none"
            )


# --- one row ---


def _row(
    line: int,
    cells: Mapping[str, str],
    roles: Mapping[str, str],
    *,
    index: AreaIndex,
    places: AreaShapes,
    vocabulary: Mapping[str, Sector],
    years: dict[int, int],
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
    sector_slugs, unknown = row_sectors(cell("sector"), vocabulary)
    if unknown:
        warn("sector", reason("unknown_sectors", words=", ".join(unknown)))
    when, round_no, date_note = row_date(cell("date"), years)
    if date_note:
        warn("date", date_note)
    url = cell("url")
    if url and not HTTP_URL.fullmatch(url):
        warn("url", reason("not_a_url"))
        url = ""
    record = {
        "id": _given_id(cell("id")),
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
    places: AreaShapes,
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


def _given_id(given: str) -> str:
    """The table's own id when it is a valid slug; else none (one is derived)."""
    slug = given.strip().casefold()
    return slug if SLUG.fullmatch(slug) else ""


# --- whole table ---


def _csv_text(records: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMN_NAMES), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({c: record.get(c, "") for c in COLUMN_NAMES})
    return buffer.getvalue()
