"""The bounds a stranger's table is read within, each checked before or while reading — never
after the whole file has been parsed, when it would protect nothing."""

from __future__ import annotations

MAX_BYTES = 10 * 1024 * 1024  # 10 MB: also the app's upload limit
MAX_ROWS = 20_000  # non-empty rows below the header
MAX_COLUMNS = 200
CELL_MAX = 20_000  # characters of one cell
MAX_CELLS = 1_000_000  # cells a sheet may hold (empty ones included): 3.5–9 s of reading
# An .xlsx is a zip: what its directory may declare, checked before anything is inflated.
ZIP_MAX_MEMBERS = 2_000
ZIP_MAX_MEMBER_BYTES = 128 * 2**20
ZIP_MAX_TOTAL_BYTES = 256 * 2**20
ZIP_MAX_RATIO = 100  # spreadsheets' XML packs 5–30 times; a zip bomb packs thousands of times
ZIP_RATIO_FROM_BYTES = 2**20  # smaller parts cannot bomb, whatever their ratio
SETTINGS_PART_BYTES = 8 * 2**20  # the workbook, its relationships and styles: read whole
# Values one facet (sector, year) may have: each is a checkbox in the sidebar, a legend entry
# and a colour. A name column mapped as the sector by mistake gives one value per row.
MAX_FACET_VALUES = 100


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why and what to do."""
