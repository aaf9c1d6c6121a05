"""An app link's view, read without the app: ``python -m geo print --view '?sector=medical'``.

The app's URL codec (``components.state.url_codec``) owns the link format; this reads the
part of it a printed map needs — filters, colouring, language — and writes it back in the
codec's canonical form for the printed link (a test keeps the two in step). Unlike a link
opened in the app, which ignores unknown values with a notice, a command names them and stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from geo.dataset import Dataset
from geo.filters import Filters
from geo.printing import PrintError, PrintView
from geo.schema import PREFECTURE_BY_CODE

LANGUAGES = ("ja", "en")
COLOURINGS = ("sector", "round", "single", "count")
DEFAULT_COLOUR_BY = "sector"


@dataclass(frozen=True)
class ViewQuery:
    sectors: tuple[str, ...] = ()
    prefectures: tuple[str, ...] = ()
    rounds: tuple[str, ...] = ()
    keyword: str = ""
    language: str | None = None
    colour_by: str | None = None

    def view(self, dataset: Dataset, *, base_url: str) -> PrintView:
        """The print view, every value checked against ``dataset``; raises PrintError naming
        each unknown value and what is known."""
        problems = []

        def known(name: str, values, vocabulary) -> None:
            bad = [v for v in values if v not in vocabulary]
            if bad:
                problems.append(
                    f"unknown {name} {', '.join(map(str, bad))} (known: "
                    f"{', '.join(map(str, vocabulary)) or 'none'})"
                )

        known("sector", self.sectors, tuple(dataset.sector_by_slug))
        known("prefecture", self.prefectures, tuple(PREFECTURE_BY_CODE))
        known("round", self.rounds, tuple(map(str, dataset.round_by_number)))
        language = self.language or "ja"
        known("language", [language], LANGUAGES)
        colour_by = self.colour_by or DEFAULT_COLOUR_BY
        known("colouring", [colour_by], COLOURINGS)
        if problems:
            raise PrintError("; ".join(problems))
        filters = Filters(
            sectors=frozenset(self.sectors),
            prefectures=frozenset(self.prefectures),
            rounds=frozenset(int(r) for r in self.rounds),
            keyword=" ".join(self.keyword.split()),
        )
        return PrintView(
            filters, colour_by, language, link_of(filters, colour_by, language, base_url)
        )


def view_query(link: str) -> ViewQuery:
    """The view of an app link (``http://…/?sector=medical&lang=en``) or of its query."""
    query = urlsplit(link).query if "://" in link else link.lstrip("?")
    params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}

    def listed(key: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in params.get(key, "").split(",") if p.strip())

    return ViewQuery(
        sectors=listed("sector"),
        prefectures=listed("pref"),
        rounds=listed("round"),
        keyword=params.get("q", ""),
        language=params.get("lang"),
        colour_by=params.get("color"),
    )


def link_of(filters: Filters, colour_by: str, language: str, base_url: str) -> str:
    """The app link of this view, in the codec's canonical form (keys in its order, lists
    sorted, the default colouring left out, the language always given)."""
    params: dict[str, str] = {}
    if filters.sectors:
        params["sector"] = ",".join(sorted(filters.sectors))
    if filters.prefectures:
        params["pref"] = ",".join(sorted(filters.prefectures))
    if filters.rounds:
        params["round"] = ",".join(map(str, sorted(filters.rounds)))
    if filters.keyword:
        params["q"] = filters.keyword
    if colour_by != DEFAULT_COLOUR_BY:
        params["color"] = colour_by
    params["lang"] = language
    return f"{base_url}?{urlencode(params, safe=',')}"
