"""What became of every row of a publisher's table: one report row each (``report.csv``
beside the dataset, and the app's upload report), never a row dropped silently."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.intake.reasons import NO_REASON, Reason
from geo.output.exports import neutralise_formula

REPORT_FILE = "report.csv"
REPORT_COLUMNS = (
    *("line", "status", "column", "value", "reason", "codes", "candidates"),
    *("id", "matched_by"),
)
# Statuses of a report row; the first three keep the row on the map.
KEPT = ("matched", "approximate", "warning")


@dataclass(frozen=True)
class ReportRow:
    line: int
    status: str  # matched | approximate | warning | ambiguous | unmatched | invalid
    column: str = ""
    value: str = ""
    reason: Reason = NO_REASON
    codes: str = ""
    candidates: str = ""
    # A kept row's id, and how it got it (``geo.versions.identity``: given, name+area, name,
    # area+similar name, new): what a link to it names, and why it is the previous one's.
    id: str = ""
    matched_by: str = ""


def report_csv(report: Sequence[ReportRow], describe: Callable[[Reason], str] = str) -> str:
    """The report as CSV (UTF-8 with BOM for Excel), reasons put in words by ``describe``
    (English by default). Cells a spreadsheet would run as formulas are neutralised: they
    quote the publisher's table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for row in report:
        cells = [describe(row.reason) if c == "reason" else getattr(row, c) for c in REPORT_COLUMNS]
        writer.writerow([neutralise_formula(str(cell)) for cell in cells])
    return "\ufeff" + buffer.getvalue()
