"""Counts read back for people: the owner page, ``python -m geo counts`` and the open-data
CSV all come from here, so they agree. A count below ``SMALL_COUNT`` leaves as "< 5"
wherever it leaves the database, so that no single visit can be picked out."""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from geo.counts.database import Row
from geo.counts.events import (
    EXPORT,
    FILTER_APPLIED,
    LANGUAGE,
    LINK_OPENED,
    OPENED_FROM,
    PRINT,
    PROJECT_OPENED,
    SMALL_COUNT,
    SMALL_SHOWN,
    VISIT,
    Event,
)
from geo.output.exports import neutralise_formula

CSV_COLUMNS = ("day", "event", "key", "count")
TOP_ROWS = 20  # rows of each table the owner page and the CLI show (the CSV has every row)


def shown_count(count: int) -> str:
    """A count as it may leave the database: "< 5" below five."""
    return SMALL_SHOWN if count < SMALL_COUNT else str(count)


@dataclass(frozen=True)
class Table:
    """One table of the summary: (key, total) by total, largest first."""

    event: Event
    rows: tuple[tuple[str, int], ...]


def totals(rows: Iterable[Row], event: Event) -> Table:
    summed: dict[str, int] = defaultdict(int)
    for _day, name, key, count in rows:
        if name == event.name:
            summed[key] += count
    ordered = sorted(summed.items(), key=lambda item: (-item[1], item[0]))
    return Table(event, tuple(ordered))


SUMMARY_EVENTS = (PROJECT_OPENED, FILTER_APPLIED, LINK_OPENED, OPENED_FROM, VISIT, LANGUAGE)
SUMMARY_EVENTS += (EXPORT, PRINT)


def summary(rows: list[Row]) -> list[Table]:
    """The owner's tables: top projects, filters, links, where projects were opened, visits,
    languages, exports and prints, each over the whole period kept."""
    return [totals(rows, event) for event in SUMMARY_EVENTS]


def week_of(day: date) -> date:
    """The Monday a day's week starts on."""
    return day - timedelta(days=day.weekday())


def weekly(rows: Iterable[Row]) -> dict[date, dict[str, int]]:
    """Week (its Monday) → event → total, weeks in order."""
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, name, _key, count in rows:
        weeks[week_of(day)][name] += count
    return {week: dict(weeks[week]) for week in sorted(weeks)}


def counts_csv(rows: Iterable[Row]) -> str:
    """One line per day, event and key, its count as it may leave ("< 5"); every cell that a
    spreadsheet would run as a formula neutralised (a key may name an uploaded value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for day, name, key, count in rows:
        writer.writerow([day.isoformat(), name, neutralise_formula(key), shown_count(count)])
    return buffer.getvalue()


def write_open_data(rows: Iterable[Row], path: Path) -> None:
    """The counts CSV published for anyone, replaced whole (readers never see half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(counts_csv(rows).encode("utf-8"))
    os.replace(partial, path)


def labelled(table: Table, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """A table's rows for people: (the key's name where one is known, its count as shown)."""
    return [(names.get(key, key), shown_count(count)) for key, count in table.rows]
