"""What a publisher's words say: a row's sectors (mapped to the dataset's vocabulary) and
date (grouped by year), and the vocabulary and years of a whole table."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from geo.dataset import COLOUR, PALETTE, Dataset, Round, Sector, Text
from geo.intake.reader import SourceTable
from geo.intake.reasons import Reason, reason
from geo.schema import SLUG

_SECTOR_SPLIT = re.compile(r"[;；、,，/／\n]")
_YEAR = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?(?:年度?)?")


class SectorTableError(ValueError):
    """A ``--sectors`` table that cannot be used; the message names the file, line, column."""


def load_sector_table(table: SourceTable) -> dict[str, Sector]:
    """``--sectors``: a table of ``word,slug[,ja,en,colour]`` → word → Sector."""
    needed = {"word", "slug"} - set(table.columns)
    if needed:
        raise SectorTableError(f"{table.name}: sector table needs columns word,slug[,ja,en,colour]")
    sectors: dict[str, Sector] = {}
    by_slug: dict[str, Sector] = {}
    for line, cells in table.rows:
        slug = cells["slug"]
        if not SLUG.fullmatch(slug):
            raise SectorTableError(
                f"{table.name}: line {line}, column 'slug': not a slug ({slug!r})"
            )
        if slug not in by_slug:
            colour = cells.get("colour") or PALETTE[len(by_slug) % len(PALETTE)]
            if not COLOUR.fullmatch(colour):  # checked as dataset.toml's colours are
                raise SectorTableError(
                    f"{table.name}: line {line}, column 'colour': not #RRGGBB ({colour!r})"
                )
            label = Text(cells.get("ja") or cells["word"], cells.get("en", ""))
            by_slug[slug] = Sector(slug, label, colour.upper())
        sectors[fold_word(cells["word"])] = by_slug[slug]
    return sectors


def row_sectors(text: str, vocabulary: Mapping[str, Sector]) -> tuple[list[str], list[str]]:
    slugs: list[str] = []
    unknown: list[str] = []
    for word in filter(None, (w.strip() for w in _SECTOR_SPLIT.split(text))):
        sector = vocabulary.get(fold_word(word))
        if sector is None:
            unknown.append(word)
        elif sector.slug not in slugs:
            slugs.append(sector.slug)
    return slugs, unknown


def row_date(text: str, years: dict[int, int]) -> tuple[date | None, int | None, Reason | None]:
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


def fold_word(word: str) -> str:
    return re.sub(r"\s+", "", word).casefold()


def vocabulary_from(
    table: SourceTable, roles: Mapping[str, str], *, kept: Sequence[Sector] = ()
) -> dict[str, Sector]:
    """Each distinct sector word, in order of first use, a sector of its own. A word of
    ``kept`` (the previous version's sectors) keeps its slug and colour, so a link's
    ``sector=`` means the same after an update; a new word gets a slug never used before."""
    previous = {fold_word(s.label.ja): s for s in kept}
    used = {s.slug for s in kept}
    vocabulary: dict[str, Sector] = {}
    if "sector" not in roles:
        return vocabulary
    for _, cells in table.rows:
        for word in filter(None, (w.strip() for w in _SECTOR_SPLIT.split(cells[roles["sector"]]))):
            key = fold_word(word)
            if key in vocabulary:
                continue
            if key in previous:
                vocabulary[key] = previous[key]
                continue
            n = len(used)
            while f"s{n + 1}" in used:
                n += 1
            used.add(f"s{n + 1}")
            vocabulary[key] = Sector(f"s{n + 1}", Text(word), PALETTE[n % len(PALETTE)])
    return vocabulary


def table_years(table: SourceTable, roles: Mapping[str, str]) -> dict[int, int]:
    """year → round number: the table's years, in order, become its grouping."""
    if "date" not in roles:
        return {}
    found = {
        int(m.group(1))
        for _, cells in table.rows
        if (m := _YEAR.match(cells[roles["date"]].strip()))
    }
    return {year: n for n, year in enumerate(sorted(found), start=1)}


def describe_table(
    table: SourceTable,
    vocabulary: Mapping[str, Sector],
    years: dict[int, int],
    *,
    title: str | None,
    publisher: str,
) -> Dataset:
    """What a built table is: named after its file, its sectors and its years as rounds."""
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
