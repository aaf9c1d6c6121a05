"""What is counted: each event's name and what its key is, defined once for the app, the
CLI, the owner page and the tests. A key is never a visitor's own text (a typed keyword is
counted as ``keyword``, not as its words)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

JST = timezone(timedelta(hours=9), "JST")


@dataclass(frozen=True)
class Event:
    name: str
    key: str  # what the key is, for docs/counts.md and the owner page


PROJECT_OPENED = Event("project_opened", "the project's id")
OPENED_FROM = Event("opened_from", "where a project was opened: marker, area, list or link")
FILTER_APPLIED = Event("filter_applied", "facet=value added to the filters, or keyword")
LINK_OPENED = Event("link_opened", "with_project or without_project")
VISIT = Event("visit", "page or embed: a page opened (a tab, not a person)")
LANGUAGE = Event("language", "the language a page opened in, or switched to")
EXPORT = Event("export", "the file's format: csv, geojson, html")
PRINT = Event("print", "the printed map's format: pdf, svg, png")
EVENTS: tuple[Event, ...] = (
    PROJECT_OPENED,
    OPENED_FROM,
    FILTER_APPLIED,
    LINK_OPENED,
    VISIT,
    LANGUAGE,
    EXPORT,
    PRINT,
)
EVENT_NAMES = frozenset(event.name for event in EVENTS)
KEY_MAX = 200  # longer keys are cut: a key is a code or an id, never free text

# Counts below this leave the database as "< 5" (the owner page, the CLI, every CSV).
SMALL_COUNT = 5
SMALL_SHOWN = f"< {SMALL_COUNT}"

# The browser's "do not count me": either header, set to 1, and nothing is counted.
REFUSAL_HEADERS = ("dnt", "sec-gpc")


def refuses_counting(headers: Mapping[str, str]) -> bool:
    """Whether a request's headers ask not to be tracked (``DNT: 1`` or ``Sec-GPC: 1``)."""
    lowered = {str(k).lower(): str(v).strip() for k, v in headers.items()}
    return any(lowered.get(name) == "1" for name in REFUSAL_HEADERS)


def today() -> date:
    """The day an event is counted in: Japan's date (UTC+9), the publisher's day."""
    return datetime.now(JST).date()


def facet_key(facet: str, value: object) -> str:
    return f"{facet}={value}"
