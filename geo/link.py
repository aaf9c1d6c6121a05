"""The shareable view as a link: the one codec of the query string, used by the app, its share
dialog, ``python -m geo print --view`` and the tests.

Keys and values are short, stable and language-neutral (slugs and codes, never labels or list
positions); defaults are omitted and lists sorted, so one view has one URL. Decoding never
raises: a value the vocabulary does not know is dropped (not clamped into something the sender
did not mean) and named, so the app can say what it ignored and a command can refuse it.

One piece: every key is written (``encode``) and read (``decode``) side by side here, so no key
can be added to one and not the other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from geo.choices import DEFAULT_BASEMAP, DEFAULT_COLOUR_BY, LANGUAGES, Display, Options
from geo.table.filters import Filters

KEYWORD_MAX = 100
NAMED_MAX = 40  # characters of an ignored key or value that a notice shows
ZOOM_RANGE = (5, 18)
ZOOM_DECIMALS = 1  # the map zooms in tenths (Leaflet's zoomSnap) to fill its frame
# The map's reach: generous around the seven prefectures, rounded to the URL's step.
VIEW_BOX = (132.0, 32.0, 139.0, 37.5)  # (min_lon, min_lat, max_lon, max_lat)
LL_DECIMALS = 3
_NUMBER = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,6})?")
_ZOOM = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,3})?")
# What each key names, for a command's refusal ("unknown sector nope (known: …)").
KEY_NAMES = {
    "sector": "sector",
    "pref": "prefecture",
    "round": "round",
    "q": "keyword",
    "p": "project",
    "color": "colouring",
    "base": "base map",
    "z": "zoom",
    "ll": "centre",
    "lang": "language",
    "view": "view",
    "v": "version",
    "since": "version to compare with",
}
_STREAMLIT_KEYS = ("embed", "embed_options")  # Streamlit's own


@dataclass(frozen=True)
class LinkState:
    """Everything a shared link reopens (slugs and codes, never labels)."""

    sectors: tuple[str, ...] = ()
    prefectures: tuple[str, ...] = ()
    rounds: tuple[int, ...] = ()
    keyword: str = ""
    project: str | None = None
    colour_by: str = DEFAULT_COLOUR_BY
    basemap: str = DEFAULT_BASEMAP
    center: tuple[float, float] | None = None  # (lat, lon), rounded to LL_DECIMALS
    zoom: float | None = None  # in tenths (``ZOOM_DECIMALS``); a whole zoom is written whole
    lang: str | None = None
    embed: bool = False
    version: str = ""  # a version of the list by its date (``v=2016-11-16``); "": the current
    since: str = ""  # the version whose changes are shown (``since=2016-12-02``); "": none

    @classmethod
    def of_view(
        cls,
        filters: Filters,
        *,
        display: Display | None = None,
        language: str | None = None,
        project: str | None = None,
        view: tuple[tuple[float, float], float] | None = None,
        version: str = "",
        since: str = "",
    ) -> LinkState:
        """The link of a view as the app holds it (the one place ``Filters`` become a link)."""
        display = display or Display()
        return normalise(
            cls(
                sectors=tuple(filters.sectors),
                prefectures=tuple(filters.prefectures),
                rounds=tuple(filters.rounds),
                keyword=filters.keyword,
                project=project,
                colour_by=display.colour_by,
                basemap=display.basemap,
                center=view[0] if view else None,
                zoom=view[1] if view else None,
                lang=language,
                version=version,
                since=since,
            )
        )

    @property
    def filters(self) -> Filters:
        """What the link filters by (the one place a link becomes ``Filters``)."""
        return Filters(
            sectors=frozenset(self.sectors),
            prefectures=frozenset(self.prefectures),
            rounds=frozenset(self.rounds),
            keyword=self.keyword,
        )

    @property
    def display(self) -> Display:
        return Display(colour_by=self.colour_by, basemap=self.basemap)


DEFAULT = LinkState()


@dataclass(frozen=True)
class Vocabulary:
    """The values a link may hold; anything else is ignored."""

    sectors: frozenset[str]
    prefectures: frozenset[str]
    rounds: frozenset[int]
    projects: frozenset[str]
    colour_by: frozenset[str]
    basemaps: frozenset[str]
    languages: frozenset[str] = field(default_factory=lambda: frozenset(LANGUAGES))
    versions: frozenset[str] = frozenset()  # the list's dated versions (``History.keys``)
    current_version: str = ""  # named in a link, it is the current list: ""


def vocabulary(options: Options, project_ids: Iterable[str]) -> Vocabulary:
    """What a link may name: the dataset's options (``geo.choices.options_for``, with its
    versions) and its projects (of every version: a link to a removed one is told so)."""
    return Vocabulary(
        sectors=frozenset(options.facets.get("sectors", ())),
        prefectures=frozenset(options.facets.get("prefectures", ())),
        rounds=frozenset(options.facets.get("rounds", ())),
        projects=frozenset(project_ids),
        colour_by=frozenset(options.choices["colour_by"][0]),
        basemaps=frozenset(options.choices["basemap"][0]),
        versions=frozenset(options.versions),
        current_version=options.versions[-1] if options.versions else "",
    )


class Ignored(str):
    """One ``key=value`` item of a link that its vocabulary does not know: reads as the
    notice shows it (``named``), and keeps its key and whole value for a command's refusal."""

    key: str
    value: str

    def __new__(cls, key: str, value: str) -> Ignored:
        item = super().__new__(cls, named(key, value))
        item.key, item.value = key, value
        return item


def normalise(state: LinkState) -> LinkState:
    """The canonical form of a state: sorted unique lists, trimmed keyword, rounded centre."""
    center = None
    if state.center is not None:
        center = (round(state.center[0], LL_DECIMALS), round(state.center[1], LL_DECIMALS))
    return LinkState(
        sectors=tuple(sorted(set(state.sectors))),
        prefectures=tuple(sorted(set(state.prefectures))),
        rounds=tuple(sorted(set(state.rounds))),
        keyword=" ".join(state.keyword.split()),
        project=state.project,
        colour_by=state.colour_by,
        basemap=state.basemap,
        center=center,
        zoom=None if state.zoom is None else round(state.zoom, ZOOM_DECIMALS),
        lang=state.lang,
        embed=state.embed,
        version=state.version,
        since=state.since if state.since != state.version or not state.since else "",
    )


def encode(state: LinkState) -> dict[str, str]:
    """Query parameters for ``state``, in a fixed key order; defaults left out."""
    s = normalise(state)
    params: dict[str, str] = {}
    if s.sectors:
        params["sector"] = ",".join(s.sectors)
    if s.prefectures:
        params["pref"] = ",".join(s.prefectures)
    if s.rounds:
        params["round"] = ",".join(map(str, s.rounds))
    if s.keyword:
        params["q"] = s.keyword
    if s.project:
        params["p"] = s.project
    if s.colour_by != DEFAULT.colour_by:
        params["color"] = s.colour_by
    if s.basemap != DEFAULT.basemap:
        params["base"] = s.basemap
    if s.zoom is not None:
        params["z"] = zoom_text(s.zoom)
    if s.center is not None:
        params["ll"] = f"{s.center[0]:.{LL_DECIMALS}f},{s.center[1]:.{LL_DECIMALS}f}"
    if s.lang:
        params["lang"] = s.lang
    if s.version:
        params["v"] = s.version
    if s.since:
        params["since"] = s.since
    if s.embed:
        params["view"] = "embed"
    return params


def query_string(state: LinkState) -> str:
    return urlencode(encode(state), safe=",")


def link_url(state: LinkState, base: str) -> str:
    """The link itself: the app's address and the state's query."""
    query = query_string(state)
    return f"{base}?{query}" if query else base


def query_params(link: str) -> dict[str, str]:
    """The parameters of an app link (``http://…/?sector=medical``) or of its query alone;
    a repeated key keeps its last value, as in Streamlit."""
    query = urlsplit(link).query if "://" in link else link.lstrip("?")
    return {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}


def decode(
    params: Mapping[str, str | list[str]], vocab: Vocabulary
) -> tuple[LinkState, list[Ignored]]:
    """The state a query string describes, and the items it ignored."""
    ignored: list[Ignored] = []
    values: dict[str, object] = {}

    def single(key: str) -> str:
        value = params[key]
        if isinstance(value, list):  # a repeated key: the last one wins, as in Streamlit
            return str(value[-1]) if value else ""
        return str(value)

    def listed(key: str, known, convert=str) -> tuple:
        kept = []
        for item in filter(None, (part.strip() for part in single(key).split(","))):
            try:
                value = convert(item)
            except ValueError:
                value = None
            if value in known and value not in kept:
                kept.append(value)
            else:
                ignored.append(Ignored(key, item))
        return tuple(sorted(kept))

    for key in params:
        if key in _STREAMLIT_KEYS:
            continue
        raw = single(key)
        if key == "sector":
            values["sectors"] = listed(key, vocab.sectors)
        elif key == "pref":
            values["prefectures"] = listed(key, vocab.prefectures)
        elif key == "round":
            values["rounds"] = listed(key, vocab.rounds, ascii_int)
        elif key == "q" and len(raw) <= KEYWORD_MAX:
            values["keyword"] = " ".join(raw.split())
        elif key == "p" and raw in vocab.projects:
            values["project"] = raw
        elif key == "color" and raw in vocab.colour_by:
            values["colour_by"] = raw
        elif key == "base" and raw in vocab.basemaps:
            values["basemap"] = raw
        elif (
            key == "z"
            and _ZOOM.fullmatch(raw)
            and ZOOM_RANGE[0] <= (zoom := round(float(raw), ZOOM_DECIMALS)) <= ZOOM_RANGE[1]
        ):
            values["zoom"] = zoom
        elif key == "ll" and (center := _center(raw)) is not None:
            values["center"] = center
        elif key == "lang" and raw in vocab.languages:
            values["lang"] = raw
        elif key == "view" and raw == "embed":
            values["embed"] = True
        elif key in ("v", "since") and raw in vocab.versions:
            values["version" if key == "v" else "since"] = (
                "" if raw == vocab.current_version else raw
            )
        else:
            ignored.append(Ignored(key, raw))
    return normalise(LinkState(**values)), ignored


def refusal(ignored: list[Ignored], vocab: Vocabulary) -> str:
    """What a command says of a link's unknown values: each kind once, with what is known
    (``unknown round 9 (known: 1, 2, 3, 4)``)."""
    known = {
        "sector": sorted(vocab.sectors),
        "pref": sorted(vocab.prefectures),
        "round": sorted(vocab.rounds),
        "color": sorted(vocab.colour_by),
        "base": sorted(vocab.basemaps),
        "lang": sorted(vocab.languages),
        "v": sorted(vocab.versions),
        "since": sorted(vocab.versions),
    }
    by_key: dict[str, list[str]] = {}
    for item in ignored:
        by_key.setdefault(item.key, []).append(_cut(item.value))
    parts = []
    for key, bad in by_key.items():
        name = KEY_NAMES.get(key, f"key {_cut(key)}")
        hint = f" (known: {', '.join(map(str, known[key])) or 'none'})" if key in known else ""
        parts.append(f"unknown {name} {', '.join(bad)}{hint}")
    return "; ".join(parts)


def named(key: str, value: str) -> str:
    """``key=value`` as a notice shows it: each side cut to ``NAMED_MAX`` characters, so a
    100 KB value makes a short notice, not a 100 KB one."""
    return f"{_cut(key)}={_cut(value)}"


def _cut(text: str) -> str:
    return text if len(text) <= NAMED_MAX else text[: NAMED_MAX - 1] + "…"


def zoom_text(zoom: float) -> str:
    """``10`` for a whole zoom (as links always had it), ``8.7`` for a fitted one."""
    text = f"{round(zoom, ZOOM_DECIMALS):.{ZOOM_DECIMALS}f}".rstrip("0").rstrip(".")
    return text


def ascii_int(raw: str) -> int | None:
    """An integer written in ASCII digits only: ``int()`` also takes ``１`` and ``str.isdigit``
    also takes ``²``, and neither belongs in a URL."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else None


def _center(raw: str) -> tuple[float, float] | None:
    parts = raw.split(",")
    if len(parts) != 2 or not all(_NUMBER.fullmatch(p.strip()) for p in parts):
        return None
    lat, lon = (float(p) for p in parts)
    min_lon, min_lat, max_lon, max_lat = VIEW_BOX
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon) or not all(
        map(math.isfinite, (lat, lon))
    ):
        return None
    return (round(lat, LL_DECIMALS), round(lon, LL_DECIMALS))
