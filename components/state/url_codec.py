"""The shareable view as a URL query string: one pure module, no Streamlit.

Keys and values are short, stable and language-neutral (slugs and codes, never labels or list
positions); defaults are omitted and lists sorted, so one view has one URL. Decoding never
raises: a value the app does not know is dropped (not clamped into something the sender did not
mean) and named, so the app can say what it ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from components.state.options import (
    DEFAULT_BASEMAP,
    DEFAULT_COLOUR_BY,
    LANGUAGES,
    Options,
)

KEYWORD_MAX = 100
NAMED_MAX = 40  # characters of an ignored key or value that a notice shows
ZOOM_RANGE = (5, 18)
# The map's reach: generous around the seven prefectures, rounded to the URL's step.
VIEW_BOX = (132.0, 32.0, 139.0, 37.5)  # (min_lon, min_lat, max_lon, max_lat)
LL_DECIMALS = 3
_NUMBER = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{1,6})?$")


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
    zoom: int | None = None
    lang: str | None = None
    embed: bool = False


DEFAULT = LinkState()


@dataclass(frozen=True)
class Vocabulary:
    """The values a URL may hold; anything else is ignored."""

    sectors: frozenset[str]
    prefectures: frozenset[str]
    rounds: frozenset[int]
    projects: frozenset[str]
    colour_by: frozenset[str]
    basemaps: frozenset[str]
    languages: frozenset[str] = field(default_factory=lambda: frozenset(LANGUAGES))


def vocabulary(options: Options, project_ids) -> Vocabulary:
    """What a URL may name: the dataset's options (``options_for``) and its projects."""
    return Vocabulary(
        sectors=frozenset(options.facets.get("sectors", ())),
        prefectures=frozenset(options.facets.get("prefectures", ())),
        rounds=frozenset(options.facets.get("rounds", ())),
        projects=frozenset(project_ids),
        colour_by=frozenset(options.choices["colour_by"][0]),
        basemaps=frozenset(options.choices["basemap"][0]),
    )


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
        zoom=state.zoom,
        lang=state.lang,
        embed=state.embed,
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
        params["z"] = str(s.zoom)
    if s.center is not None:
        params["ll"] = f"{s.center[0]:.{LL_DECIMALS}f},{s.center[1]:.{LL_DECIMALS}f}"
    if s.lang:
        params["lang"] = s.lang
    if s.embed:
        params["view"] = "embed"
    return params


def query_string(state: LinkState) -> str:
    return urlencode(encode(state), safe=",")


def decode(params: Mapping[str, str | list[str]], vocab: Vocabulary) -> tuple[LinkState, list[str]]:
    """The state a query string describes, and the ``key=value`` items it ignored."""
    ignored: list[str] = []
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
                ignored.append(named(key, item))
        return tuple(sorted(kept))

    for key in params:
        if key in ("embed", "embed_options"):
            continue  # Streamlit's own
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
            and (zoom := ascii_int(raw)) is not None
            and ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]
        ):
            values["zoom"] = zoom
        elif key == "ll" and (center := _center(raw)) is not None:
            values["center"] = center
        elif key == "lang" and raw in vocab.languages:
            values["lang"] = raw
        elif key == "view" and raw == "embed":
            values["embed"] = True
        else:
            ignored.append(named(key, raw))
    return normalise(LinkState(**values)), ignored


def named(key: str, value: str) -> str:
    """``key=value`` as a notice shows it: each side cut to ``NAMED_MAX`` characters, so a
    100 KB value makes a short notice, not a 100 KB one."""

    def cut(text: str) -> str:
        return text if len(text) <= NAMED_MAX else text[: NAMED_MAX - 1] + "…"

    return f"{cut(key)}={cut(value)}"


def ascii_int(raw: str) -> int | None:
    """An integer written in ASCII digits only: ``int()`` also takes ``１`` and ``str.isdigit``
    also takes ``²``, and neither belongs in a URL."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else None


def _center(raw: str) -> tuple[float, float] | None:
    parts = raw.split(",")
    if len(parts) != 2 or not all(_NUMBER.match(p.strip()) for p in parts):
        return None
    lat, lon = (float(p) for p in parts)
    min_lon, min_lat, max_lon, max_lat = VIEW_BOX
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon) or not all(
        map(math.isfinite, (lat, lon))
    ):
        return None
    return (round(lat, LL_DECIMALS), round(lon, LL_DECIMALS))
