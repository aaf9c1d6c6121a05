"""What a print is asked for: the view (filters, colouring, language, link), the paper and
the format, and the one error a print raises."""

from __future__ import annotations

from dataclasses import dataclass

from geo.choices import DEFAULT_COLOUR_BY
from geo.table.filters import Filters
from geo.words.strings import DEFAULT_LANGUAGE

PAPERS: dict[str, tuple[float, float]] = {  # inches (width, height)
    "a4-landscape": (11.69, 8.27),
    "a4-portrait": (8.27, 11.69),
    "a3-landscape": (16.54, 11.69),
    "a3-portrait": (11.69, 16.54),
}
FORMATS = ("pdf", "svg", "png")


# Above this many shown projects a print is refused with advice: matplotlib sets every
# character of the list as a placed glyph (about 2 ms a project here), so 10,000 print in
# about 20 s, within the print job's 30 s of CPU; 20,000 would not.
PRINT_MAX_PROJECTS = 10_000


class PrintError(ValueError):
    """A print that cannot be made (a missing font, an unknown paper or format)."""


@dataclass(frozen=True)
class PrintView:
    """What to print: the view's filters, colouring and language, and its link."""

    filters: Filters = Filters()
    colour_by: str = DEFAULT_COLOUR_BY
    language: str = DEFAULT_LANGUAGE
    link: str = ""
    overview: bool = False  # the sector × prefecture counts beside the legend
