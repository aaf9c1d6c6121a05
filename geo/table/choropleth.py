"""Counting the shown projects per area, in classes: the "count" colouring of the map.

A project counts once in each municipality it names (its ``area_codes`` of five digits) and
once in its prefecture. A prefecture-wide project (codes of two digits only) names no
municipality: it is counted at the prefecture level and stated in the municipal legend.

Classes come from mapclassify (geopandas' classifier): each count its own class when there are
few distinct counts, else natural breaks (Fisher-Jenks) or quantiles, whichever fits these
counts better (the lower absolute deviation around class medians, mapclassify's ``adcm``).
"""

from __future__ import annotations

import functools
import warnings
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Paul Tol's YlOrBr (sequential, colour-blind safe), five steps from light to dark.
CLASS_COLOURS = ("#FFF7BC", "#FEC44F", "#FB9A29", "#CC4C02", "#662506")
MAX_CLASSES = len(CLASS_COLOURS)
# Fisher-Jenks is quadratic in the number of values (mapclassify without numba): it runs on
# this many counts taken at evenly spaced quantiles, and its breaks are applied to all.
_JENKS_SAMPLE = 60


@dataclass(frozen=True)
class CountClasses:
    """Classes of counts: class ``k`` holds ``lower[k]`` … ``upper[k]`` (whole numbers)."""

    method: str  # "each" (every count its class), "natural_breaks" or "quantiles"
    lower: tuple[int, ...]
    upper: tuple[int, ...]

    @property
    def colours(self) -> tuple[str, ...]:
        """Spread over the palette, so that two classes are as distinct as five (one class:
        the middle colour, which stands out from the base map)."""
        if len(self.upper) == 1:
            return (CLASS_COLOURS[MAX_CLASSES // 2],)
        steps = np.linspace(0, MAX_CLASSES - 1, len(self.upper)).round().astype(int)
        return tuple(CLASS_COLOURS[i] for i in steps)

    def colour_of(self, count: int) -> str:
        for upper, colour in zip(self.upper, self.colours, strict=True):
            if count <= upper:
                return colour
        return self.colours[-1]


def municipality_counts(projects: pd.DataFrame) -> dict[str, int]:
    """Municipality code → how many of the projects name it."""
    return dict(
        Counter(
            code
            for codes in projects["area_codes"].tolist()
            for code in set(codes)
            if len(code) == 5
        )
    )


def prefecture_counts(projects: pd.DataFrame) -> dict[str, int]:
    """Prefecture code → how many of the projects are in it (prefecture-wide ones included)."""
    return dict(Counter(projects["prefecture_code"].tolist()))


def prefecture_wide(projects: pd.DataFrame) -> int:
    """How many of the projects name no municipality (their whole prefecture)."""
    return sum(all(len(code) == 2 for code in codes) for codes in projects["area_codes"].tolist())


def classify_counts(counts: list[int] | tuple[int, ...]) -> CountClasses | None:
    """Classes for these counts (None when there are none)."""
    return _classify(tuple(sorted(counts)))


@functools.lru_cache(maxsize=256)
def _classify(counts: tuple[int, ...]) -> CountClasses | None:
    if not counts:
        return None
    distinct = sorted({int(c) for c in counts})
    if len(distinct) <= MAX_CLASSES:
        return CountClasses("each", tuple(distinct), tuple(distinct))
    import mapclassify  # scipy and scikit-learn: loaded when first needed, not at start-up

    values = np.array(counts)
    sample = np.quantile(values, np.linspace(0, 1, _JENKS_SAMPLE), method="nearest")
    with warnings.catch_warnings():  # "Numba not installed", "not enough unique values"
        warnings.simplefilter("ignore")
        candidates = {
            "natural_breaks": _whole(mapclassify.FisherJenks(sample, k=MAX_CLASSES).bins, distinct),
            "quantiles": _whole(mapclassify.Quantiles(values, k=MAX_CLASSES).bins, distinct),
        }
        fit = {
            name: mapclassify.UserDefined(values, bins=list(upper)).adcm
            for name, upper in candidates.items()
        }
    method = min(fit, key=lambda name: (fit[name], name != "natural_breaks"))
    upper = candidates[method]
    lower = (distinct[0], *(u + 1 for u in upper[:-1]))
    return CountClasses(method, lower, upper)


def _whole(bins: np.ndarray, distinct: list[int]) -> tuple[int, ...]:
    """Breaks as whole counts that occur, each class holding at least one, the last the
    largest count."""
    upper = sorted({max(v for v in distinct if v <= b) for b in bins if b >= distinct[0]})
    if not upper or upper[-1] != distinct[-1]:
        upper.append(distinct[-1])
    return tuple(upper)
