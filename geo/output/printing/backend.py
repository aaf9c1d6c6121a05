"""matplotlib as the printed map's back end: the CJK font, headless, text never parsed as
math or TeX, and the figures saved as PDF, SVG or PNG."""

from __future__ import annotations

import io
from pathlib import Path

from geo.output.printing.print_view import PrintError

PNG_DPI = 300
FONT_FAMILY = "Noto Sans CJK JP"
FONT_PACKAGE = "fonts-noto-cjk"
FONT_FILES = tuple(
    Path("/usr/share/fonts/opentype/noto") / f"NotoSansCJK-{w}.ttc" for w in ("Regular", "Bold")
)


def draw_text(figure, x, y, text, *, size, **options):
    """All document text goes through here: never mathtext, never TeX."""
    return figure.text(x, y, text, fontsize=size, parse_math=False, usetex=False, **options)


def pyplot():
    """matplotlib with the CJK font, headless; PDF fonts embedded as outlines with their
    Unicode (text stays selectable), SVG text kept as text."""
    import matplotlib

    matplotlib.use("agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    try:
        _find_font(font_manager)
    except ValueError:
        raise PrintError(
            f"the font '{FONT_FAMILY}' is missing: install the Debian package {FONT_PACKAGE} "
            f"(apt-get install {FONT_PACKAGE})"
        ) from None
    plt.rcParams.update(
        {
            "font.family": FONT_FAMILY,
            "pdf.fonttype": 42,
            "ps.fonttype": 42,  # the PDF backend groups glyphs by it: 3 would split every
            # 256 characters into another subset of the whole CJK font (1.5 s each)
            "svg.fonttype": "none",
            "text.usetex": False,
            # One shaping for every text: without a language, digits next to kana and kanji
            # take other glyphs than digits alone, and each set is another font subset.
            "text.language": "ja",
            "axes.unicode_minus": False,
            "svg.hashsalt": "kasegi",  # the same view gives the same SVG
        }
    )
    return plt


def _find_font(font_manager) -> None:
    """Raises ValueError when the font is not found, even after adding the Debian package's
    files (matplotlib's font cache may predate the font's installation)."""
    properties = font_manager.FontProperties(family=FONT_FAMILY)
    try:
        font_manager.findfont(properties, fallback_to_default=False)
        return
    except ValueError:
        for path in FONT_FILES:
            if path.exists():
                font_manager.fontManager.addfont(str(path))
    font_manager.findfont(properties, fallback_to_default=False)


def save(figures, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "pdf":
        from matplotlib.backends.backend_pdf import PdfPages

        with PdfPages(buffer, metadata={"Creator": "kasegi map", "CreationDate": None}) as pdf:
            for figure in figures:
                pdf.savefig(figure)
    elif fmt == "svg":
        figures[0].savefig(buffer, format="svg", metadata={"Date": None})
    else:
        figures[0].savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()
