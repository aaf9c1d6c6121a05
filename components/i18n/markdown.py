"""Showing data in Streamlit elements that render Markdown (text, button labels): escape it."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^])")
# GFM turns bare URLs and e-mail addresses into links even when escaped: a word joiner (U+2060,
# invisible) after the scheme or "www" and before "@" keeps them plain text.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)(?=[:.])")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Markdown-escape ``text`` so it shows as typed: no links (bare ones included), images,
    emphasis, HTML, math, colours or emoji codes."""
    plain = _AUTOLINK.sub(rf"\1{WORD_JOINER}", str(text)).replace("@", f"{WORD_JOINER}@")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain).replace("\n", "  \n")
