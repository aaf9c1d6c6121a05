"""Measuring and wrapping text for the printed sheet without a layout pass per text: CJK
characters are one em wide, others about 0.55."""

from __future__ import annotations

import unicodedata


def text_width_em(text: str) -> float:
    """Width of ``text`` in ems: wide (CJK) characters 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def wrap(text: str, width_em: float, *, max_lines: int = 4) -> list[str]:
    """Lines of at most ``width_em``; the last of ``max_lines`` ends with "…" when cut."""
    lines, line, used = [], "", 0.0
    for char in text.replace("\n", " "):
        w = text_width_em(char)
        if used + w > width_em and line:
            lines.append(line)
            line, used = "", 0.0
            if len(lines) == max_lines:
                break
        line += char
        used += w
    else:
        if line:
            lines.append(line)
        return lines or [""]
    last = lines[-1]
    while last and text_width_em(last + "…") > width_em:
        last = last[:-1]
    return [*lines[:-1], last + "…"]


# --- pages ---
