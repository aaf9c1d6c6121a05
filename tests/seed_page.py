"""An independent reading of the source page text, so the CSV is checked against the page
itself rather than against a list copied from the CSV."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_ROUND = re.compile(r"^第(\d)弾 登録プロジェクトの概要\((\d+)月(\d+)日発表\)")
_PREFECTURE = re.compile(r"^【(\S+?[府県])】$")
_PROJECT = re.compile(r"^(?P<name>.+?)\s*【(?P<lead>[^】:]+)】$")
_LINK = re.compile(r"\((?P<label>[^()]*(?:\([^()]*\))?[^()]*)へ\)$")
_APPLICANT = re.compile(r"【申込機関:(?P<applicant>[^】]+)】$")
# The page spaces its paragraphs with no-break spaces (U+00A0): lone "\xa0" lines between
# projects, and once glued to the end of a summary (No.4). They are layout, not text: the
# table keeps none, and the parser strips them (with ordinary white space) from line ends.
PAGE_SPACING = " \t\r\n\u00a0\u3000"


@dataclass
class PageProject:
    round: int
    month: int
    day: int
    prefecture: str
    name: str
    lead: str
    summary_lines: list[str] = field(default_factory=list)
    link_label: str = ""

    @property
    def applicant(self) -> str:
        m = _APPLICANT.search(self.summary_lines[-1]) if self.summary_lines else None
        return m.group("applicant") if m else ""

    @property
    def summary(self) -> str:
        return _APPLICANT.sub("", "\n".join(self.summary_lines))


def parse_page(path: Path) -> list[PageProject]:
    projects: list[PageProject] = []
    round_info = prefecture = None
    current: PageProject | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip(PAGE_SPACING)
        if line.startswith("このページに関する"):
            break
        if m := _ROUND.match(line):
            round_info, current = tuple(int(g) for g in m.groups()), None
        elif round_info is None or not line:
            continue
        elif m := _PREFECTURE.match(line):
            prefecture, current = m.group(1), None
        elif m := _PROJECT.match(line):
            current = PageProject(*round_info, prefecture, m.group("name"), m.group("lead"))
            projects.append(current)
        elif current is not None and "サイト" in line and (m := _LINK.search(line)):
            current.link_label, current = m.group("label"), None
        elif current is not None:
            current.summary_lines.append(line)
    return projects
