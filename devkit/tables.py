"""Generated publisher tables: firms in the seven prefectures, written the way publishers
write them (names, addresses or municipality names, 業種, 年度), with a known set of spoiled
rows. Tests check the dataset builder's report against ``FirmTable.spoiled``; benchmarks use
the same tables at 1,000 – 10,000 rows."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

SECTOR_WORDS = ("製造業", "情報通信業", "農業", "観光業", "医療・福祉", "卸売業", "建設業")
HEADER = ("No", "企業名", "都道府県", "所在地", "業種", "選定年度", "緯度", "経度")
# How a row is spoiled → the report status it must get.
SPOILS = {
    "unknown_town": "unmatched",  # a municipality that does not exist
    "bare_ambiguous": "ambiguous",  # 太子町 with no prefecture
    "no_name": "invalid",
    "wrong_prefecture": "unmatched",  # 兵庫県 in the prefecture column, an Osaka address
}


@dataclass
class FirmTable:
    header: tuple[str, ...]
    rows: list[list[object]]
    spoiled: dict[int, str] = field(default_factory=dict)  # sheet/CSV line → expected status

    def xlsx(self) -> bytes:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("企業一覧")
        sheet.append(list(self.header))
        for row in self.rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def csv(self, encoding: str = "utf-8") -> bytes:
        import csv

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.header)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return buffer.getvalue().encode(encoding)


def firm_table(
    municipalities: gpd.GeoDataFrame,
    rows: int,
    *,
    spoil_every: int = 0,
    seed: int = 7,
    coordinates: bool = True,
    distinct_sectors: bool = False,
) -> FirmTable:
    """``rows`` firms in random municipalities; every ``spoil_every``-th row spoiled in turn
    by each kind of ``SPOILS`` (0: none). Half the addresses are full street addresses; with
    ``coordinates``, some rows carry a point inside their area. ``distinct_sectors``: a
    different 業種 in every row, as when the name column is mapped as the sector by mistake."""
    rng = random.Random(seed)
    places = list(
        zip(
            municipalities["code"],
            municipalities["name"],
            municipalities["prefecture"],
            municipalities.geometry.representative_point(),
            strict=True,
        )
    )
    kinds = list(SPOILS)
    table = FirmTable(HEADER, [])
    for n in range(1, rows + 1):
        code, town, prefecture, point = rng.choice(places)
        address = town if rng.random() < 0.5 else f"{prefecture}{town}本町{rng.randint(1, 9)}-{n}"
        with_point = rng.random() < 0.3 and coordinates
        lat, lon = (round(point.y, 6), round(point.x, 6)) if with_point else (None, None)
        row: list[object] = [
            n,
            f"株式会社テスト{n:05d}",
            prefecture,
            address,
            f"業種{n:05d}" if distinct_sectors else rng.choice(SECTOR_WORDS),
            2017 + n % 5,
            lat,
            lon,
        ]
        if spoil_every and n % spoil_every == 0:
            kind = kinds[(n // spoil_every - 1) % len(kinds)]
            _spoil(row, kind)
            table.spoiled[n + 1] = SPOILS[kind]  # line n + 1: the header is line 1
        table.rows.append(row)
    return table


def _spoil(row: list[object], kind: str) -> None:
    if kind == "unknown_town":
        row[2], row[3] = "大阪府", "大阪府存在しない市1-1"
    elif kind == "bare_ambiguous":
        row[2], row[3] = None, "太子町"
    elif kind == "no_name":
        row[1] = None
    elif kind == "wrong_prefecture":
        row[2], row[3] = "兵庫県", "大阪府吹田市岸部新町6-1"
    row[6] = row[7] = None


def write_sample(
    path: Path, municipalities: gpd.GeoDataFrame, *, spoil_every: int = 0
) -> FirmTable:
    """The committed samples: ``sample.xlsx`` (40 firms, the README's example) and
    ``spoiled.xlsx`` (the same with every tenth row spoiled). They hold municipality names
    only: no coordinate derived from the N03 boundaries."""
    table = firm_table(municipalities, 40, spoil_every=spoil_every, seed=1, coordinates=False)
    path.write_bytes(table.xlsx())
    return table


def write_firm_dataset(
    directory: Path,
    rows: int,
    municipalities: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame,
    *,
    seed: int = 7,
) -> Path:
    """A dataset folder of ``rows`` generated firms (none spoiled), built the way
    ``python -m geo dataset`` builds one: for benchmarks and tests at scale."""
    from geo.intake.builder import build_dataset
    from geo.intake.reader import read_table
    from geo.intake.roles import guess_roles
    from geo.versions.publish import write_dataset

    table = read_table(firm_table(municipalities, rows, seed=seed).csv(), "firms.csv")
    build = build_dataset(
        table, guess_roles(table.columns), municipalities, prefectures, title=f"{rows:,} firms"
    )
    write_dataset(build, directory)
    return directory
