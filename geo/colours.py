"""The colour of a project under a colouring (its primary sector, its round, or one colour),
and the text colour that reads on it: shared by the interactive map and the printed one."""

from __future__ import annotations

from geo.dataset import PALETTE, Dataset

# A project without a value for the colouring (no sector, no round): white text reads at 5.7:1.
MISSING_COLOUR = "#666666"
SINGLE_COLOUR = PALETTE[1]


def project_colour(dataset: Dataset, colour_by: str, *, primary_sector: str, round_no: int) -> str:
    """``colour_by`` is "sector", "round", "single" or "count" (``options.COLOUR_BY``; under
    "count" the areas carry the colours and every marker has one)."""
    if colour_by == "round":
        round_ = dataset.round_by_number.get(round_no)
        return round_.colour if round_ else MISSING_COLOUR
    if colour_by == "sector":
        sector = dataset.sector_by_slug.get(primary_sector)
        return sector.colour if sector else MISSING_COLOUR
    return SINGLE_COLOUR


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (#rrggbb)."""
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000" if luminance > 0.45 else "#fff"


# The built-in base (no tiles, or tiles that cannot be loaded) and the printed map's: sea
# behind, land filled, the same on the screen and on paper.
SEA_COLOUR = "#cfe0ec"
LAND_COLOUR = "#f4f2ec"
