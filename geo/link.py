"""The shareable view as a link: the one codec of the query string, used by the app, its share
dialog, ``python -m geo print --view`` and the tests.

Keys and values are short, stable and language-neutral (slugs and codes, never labels or list
positions); defaults are omitted and lists sorted, so one view has one URL. Decoding never
raises: a value the vocabulary does not know is dropped (not clamped into something the sender
did not mean) and named, so the app can say what it ignored and a command can refuse it.

One piece: the keys are the field registry's (``geo.fields``), every kind written
(``_write``) and read (``_read``) side by side here, so no key can be added to one and not the
other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from geo.choices import DEFAULT_BASEMAP, DEFAULT_COLOUR_BY, LANGUAGES, Display, Options
from geo.fields import REGISTRY, Field
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
_STREAMLIT_KEYS = ("embed", "embed_options")  # Streamlit's own
# Streamlit's own parameter that hides its chrome: an embedded page's address carries it
# beside ``view=embed`` (the app cannot write it to the URL itself).
STREAMLIT_EMBED = ("embed", "true")


@dataclass(frozen=True)
class LinkState:
    """Everything a shared link reopens (slugs and codes, never labels): the registry's fields
    (``geo.fields``), the facets and keyword as one ``Filters``. ``state.sectors`` and
    ``state.keyword`` read the filters."""

    filters: Filters = field(default_factory=Filters)
    project: str | None = None
    colour_by: str = DEFAULT_COLOUR_BY
    basemap: str = DEFAULT_BASEMAP
    center: tuple[float, float] | None = None  # (lat, lon), rounded to LL_DECIMALS
    zoom: float | None = None  # in tenths (``ZOOM_DECIMALS``); a whole zoom is written whole
    lang: str | None = None
    embed: bool = False
    version: str = ""  # a version of the list by its date (``v=2016-11-16``); "": the current
    since: str = ""  # the version whose changes are shown (``since=2016-12-02``); "": none

    def __getattr__(self, name: str) -> Any:
        if name == "keyword":
            return self.filters.keyword
        if name in REGISTRY.facet_names:
            return self.filters.chosen(name)
        raise AttributeError(name)

    @classmethod
    def build(cls, **values: Any) -> LinkState:
        """A state from the registry's field names (``sectors=…, keyword=…, zoom=…``)."""
        facets = {n: values.pop(n) for n in REGISTRY.facet_names if n in values}
        keyword = values.pop("keyword", "")
        return cls(filters=Filters(keyword=keyword, **facets), **values)

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
        """The link of a view as the app holds it."""
        display = display or Display()
        return normalise(
            cls(
                filters=filters,
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
    def display(self) -> Display:
        return Display(colour_by=self.colour_by, basemap=self.basemap)


@dataclass(frozen=True)
class Vocabulary:
    """The values a link may hold; anything else is ignored. ``facets`` and ``choices`` are
    keyed by the registry's field names."""

    facets: Mapping[str, frozenset]
    projects: frozenset[str]
    choices: Mapping[str, frozenset[str]]
    languages: frozenset[str] = field(default_factory=lambda: frozenset(LANGUAGES))
    versions: frozenset[str] = frozenset()  # the list's dated versions (``History.keys``)
    current_version: str = ""  # named in a link, it is the current list: ""

    def known(self, field_: Field) -> list:
        """What a field may hold, sorted, for a refusal's hint ([] for free values)."""
        if field_.kind == "facet":
            return sorted(self.facets.get(field_.name, ()))
        if field_.kind == "choice":
            return sorted(self.choices.get(field_.name, ()))
        if field_.kind == "language":
            return sorted(self.languages)
        if field_.kind == "version":
            return sorted(self.versions)
        return []


def vocabulary(options: Options, project_ids: Iterable[str]) -> Vocabulary:
    """What a link may name: the dataset's options (``geo.choices.options_for``, with its
    versions) and its projects (of every version: a link to a removed one is told so)."""
    return Vocabulary(
        facets={name: frozenset(values) for name, values in options.facets.items()},
        projects=frozenset(project_ids),
        choices={name: frozenset(values) for name, (values, _) in options.choices.items()},
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
    filters = state.filters
    return replace(
        state,
        filters=Filters(keyword=" ".join(filters.keyword.split()), **dict(filters.items())),
        center=center,
        zoom=None if state.zoom is None else round(state.zoom, ZOOM_DECIMALS),
        since=state.since if state.since != state.version or not state.since else "",
    )


def encode(state: LinkState) -> dict[str, str]:
    """Query parameters for ``state``, in the registry's key order; defaults left out."""
    s = normalise(state)
    params: dict[str, str] = {}
    for f in REGISTRY.fields:
        text = _write(f, getattr(s, f.name))
        if text:
            params[f.key] = text
    return params


def _write(f: Field, value: Any) -> str:
    """One field's value as the URL writes it ("": left out)."""
    if f.kind == "facet":
        return ",".join(map(str, sorted(value)))
    if f.kind == "zoom":
        return "" if value is None else zoom_text(value)
    if f.kind == "center":
        return "" if value is None else f"{value[0]:.{LL_DECIMALS}f},{value[1]:.{LL_DECIMALS}f}"
    if f.kind == "embed":
        return "embed" if value else ""
    if f.kind == "choice":
        return "" if value == f.default else value
    return value or ""


def query_string(state: LinkState) -> str:
    return urlencode(encode(state), safe=",")


def link_url(state: LinkState, base: str) -> str:
    """The link itself: the app's address and the state's query."""
    query = query_string(state)
    return f"{base}?{query}" if query else base


def embed_url(state: LinkState, base: str) -> str:
    """The address an iframe embeds: the state as an embedded view, and Streamlit's own
    parameter that hides its chrome."""
    params = {**encode(replace(state, embed=True)), STREAMLIT_EMBED[0]: STREAMLIT_EMBED[1]}
    return f"{base}?{urlencode(params, safe=',')}"


def query_params(link: str) -> dict[str, str]:
    """The parameters of an app link (``http://…/?sector=medical``) or of its query alone;
    a repeated key keeps its last value, as in Streamlit. A link that cannot be read is read
    as no parameters (its items are then none)."""
    try:
        query = urlsplit(link).query if "://" in link else link.lstrip("?")
    except ValueError:  # an unbalanced "[" in the host
        query = link.partition("?")[2]
    return {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}


def decode(
    params: Mapping[str, str | list[str]], vocab: Vocabulary
) -> tuple[LinkState, list[Ignored]]:
    """The state a query string describes, and the items it ignored."""
    ignored: list[Ignored] = []
    values: dict[str, object] = {}
    for key in params:
        if key in _STREAMLIT_KEYS:
            continue
        raw = params[key]
        if isinstance(raw, list):  # a repeated key: the last one wins, as in Streamlit
            raw = raw[-1] if raw else ""
        raw = str(raw)
        f = REGISTRY.by_key(key)
        if f is not None and f.kind == "facet":
            values[f.name] = _read_facet(f, raw, vocab, ignored)
            continue
        value = _read(f, raw, vocab) if f is not None else _UNKNOWN
        if value is _UNKNOWN:
            ignored.append(Ignored(key, raw))
        else:
            values[f.name] = value
    return normalise(LinkState.build(**values)), ignored


_UNKNOWN = object()


def _read_facet(f: Field, raw: str, vocab: Vocabulary, ignored: list[Ignored]) -> tuple:
    known = vocab.facets.get(f.name, frozenset())
    kept: list = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        try:
            value = f.item(item)
        except ValueError:
            value = _UNKNOWN
        if value in known and value not in kept:
            kept.append(value)
        else:
            ignored.append(Ignored(f.key, item))
    return tuple(sorted(kept))


def _read(f: Field, raw: str, vocab: Vocabulary) -> object:
    """One field's value from its URL text, or ``_UNKNOWN``."""
    kind = f.kind
    if kind == "keyword":
        return " ".join(raw.split()) if len(raw) <= KEYWORD_MAX else _UNKNOWN
    if kind == "project":
        return raw if raw in vocab.projects else _UNKNOWN
    if kind == "choice":
        return raw if raw in vocab.choices.get(f.name, ()) else _UNKNOWN
    if kind == "zoom":
        if not _ZOOM.fullmatch(raw):
            return _UNKNOWN
        zoom = round(float(raw), ZOOM_DECIMALS)
        return zoom if ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1] else _UNKNOWN
    if kind == "center":
        center = _center(raw)
        return _UNKNOWN if center is None else center
    if kind == "language":
        return raw if raw in vocab.languages else _UNKNOWN
    if kind == "embed":
        return True if raw == "embed" else _UNKNOWN
    if kind == "version" and raw in vocab.versions:
        return "" if raw == vocab.current_version else raw
    return _UNKNOWN


def refusal(ignored: list[Ignored], vocab: Vocabulary) -> str:
    """What a command says of a link's unknown values: each kind once, with what is known
    (``unknown round 9 (known: 1, 2, 3, 4)``)."""
    by_key: dict[str, list[str]] = {}
    for item in ignored:
        by_key.setdefault(item.key, []).append(_visible(_cut(item.value)))
    parts = []
    for key, bad in by_key.items():
        f = REGISTRY.by_key(key)
        name = f.describes if f else f"key {_visible(_cut(key))}"
        known = vocab.known(f) if f else []
        listed = f.kind in ("facet", "choice", "language", "version") if f else False
        hint = f" (known: {', '.join(map(str, known)) or 'none'})" if listed else ""
        parts.append(f"unknown {name} {', '.join(bad)}{hint}")
    return "; ".join(parts)


def named(key: str, value: str) -> str:
    """``key=value`` as a notice shows it: each side cut to ``NAMED_MAX`` characters, so a
    100 KB value makes a short notice, not a 100 KB one."""
    return f"{_cut(key)}={_cut(value)}"


def _cut(text: str) -> str:
    return text if len(text) <= NAMED_MAX else text[: NAMED_MAX - 1] + "…"


def _visible(text: str) -> str:
    """What cannot be printed (a control character, a lone surrogate) written as its code,
    so a command's one line never hides or breaks on it."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def zoom_text(zoom: float) -> str:
    """``10`` for a whole zoom (as links always had it), ``8.7`` for a fitted one."""
    text = f"{round(zoom, ZOOM_DECIMALS):.{ZOOM_DECIMALS}f}".rstrip("0").rstrip(".")
    return text


def _center(raw: str) -> tuple[float, float] | None:
    parts = [part.strip(" ") for part in raw.split(",")]  # spaces only: float() takes more
    if len(parts) != 2 or not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    lat, lon = (float(p) for p in parts)
    min_lon, min_lat, max_lon, max_lat = VIEW_BOX
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon) or not all(
        map(math.isfinite, (lat, lon))
    ):
        return None
    return (round(lat, LL_DECIMALS), round(lon, LL_DECIMALS))
