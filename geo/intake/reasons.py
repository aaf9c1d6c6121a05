"""Why a row of a publisher's table could not be used as it is: a kind and its values, so the
command line and report.csv say it in English and the app in the reader's language
(``components.i18n`` has a ``reason_<kind>`` string for each kind below)."""

from __future__ import annotations

from dataclasses import dataclass

# kind → the English text (its values in braces).
REASONS: dict[str, str] = {
    "empty": "empty",
    "no_name": "no name",
    "bad_check_digit": "6-digit code with a wrong check digit ({code})",
    "unknown_code": "no mapped area has the code {code}",
    "prefecture_conflict": "{written} in the area, {column} in the prefecture column",
    "mixed_levels": "mixes a prefecture-wide and a municipal area",
    "ambiguous": "the name exists in more than one prefecture; add the prefecture",
    "no_municipality": "no municipality matches",
    "no_municipality_in": "no municipality in {prefecture} matches",
    "unknown_prefecture": "not a mapped prefecture; ignored",
    "unknown_sectors": "sector words not in the table: {words}",
    "not_a_date": "not a date or year (2019, 2019-04-01, 2019/4/1); left out",
    "not_a_real_date": "not a real date; left out",
    "not_a_url": "not an http(s) URL; left out",
    "point_outside_region": "not a point in the mapped region; a point inside the area is used",
    "point_outside_area": "the point is outside the area; a point inside the area is used",
}


@dataclass(frozen=True)
class Reason:
    kind: str
    values: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return REASONS[self.kind].format(**dict(self.values)) if self.kind else ""


def reason(kind: str, **values: str) -> Reason:
    if kind not in REASONS:
        raise KeyError(f"unknown reason kind {kind!r}")
    return Reason(kind, tuple(values.items()))


NO_REASON = Reason("")
