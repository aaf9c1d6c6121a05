"""Municipality names and addresses as publishers write them → official codes.

Matched against the built N03 boundaries (whose designated cities are already whole cities):
「吹田市」, 「大阪府吹田市」, 「大阪府吹田市岸部新町6-1」 (the longest prefecture + municipality
prefix), 「大阪市北区」 → 大阪市, 「豊能郡豊能町」, 全角/半角 and ケ/ヶ variants, 5-digit codes and
6-digit codes with their check digit, a prefecture name alone for a prefecture-wide row, several
areas joined by ・ or 、. A name found in two prefectures (太子町) without a prefecture is
ambiguous, with both candidates: never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import geopandas as gpd

from geo.intake.reasons import NO_REASON, Reason, reason
from geo.schema import PREFECTURE_BY_CODE

# Several areas in one cell: 「吹田市・摂津市」, 「吹田市、摂津市」, 「吹田市;摂津市」.
_SEPARATORS = re.compile(r"[・、,;/]")
# The tail of an address that a separator cut off: 「…1-2-3, 4F」.
_ADDRESS_TAIL = re.compile(r"[0-9A-Za-z\-#()号階丁目番地の\s]*")  # matched whole
_GUN = re.compile(r"^(.{1,5}?郡)")
# Small kana and variants written interchangeably in place names (龍ヶ崎 / 龍ケ崎).
_VARIANTS = str.maketrans({"ヶ": "ケ", "ヵ": "カ"})


@dataclass(frozen=True)
class Match:
    status: str  # "matched", "ambiguous" or "unmatched"
    codes: tuple[str, ...] = ()
    reason: Reason = NO_REASON
    candidates: tuple[str, ...] = ()  # ambiguous: "太子町 (大阪府 27366)"; unmatched: nearest names


def normalise(text: str) -> str:
    """NFKC (全角 → 半角, ｶﾀｶﾅ → カタカナ), no spaces, ケ/ヶ made one."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", folded).translate(_VARIANTS)


def check_digit(code5: str) -> str:
    """The sixth digit of a 全国地方公共団体コード (weights 6…2, modulus 11)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


class AreaIndex:
    """Names and codes of the mapped municipalities and prefectures."""

    def __init__(self, municipalities: gpd.GeoDataFrame) -> None:
        self.names: dict[str, str] = {}  # code → name as N03 writes it
        self._by_name: dict[str, list[str]] = {}  # normalised name → codes
        for code, name in zip(municipalities["code"], municipalities["name"], strict=True):
            self.names[code] = name
            self._by_name.setdefault(normalise(name), []).append(code)
        for code, prefecture in PREFECTURE_BY_CODE.items():
            self.names[code] = prefecture.ja
        self._prefectures = sorted(
            ((normalise(p.ja), c) for c, p in PREFECTURE_BY_CODE.items()), key=lambda x: -len(x[0])
        )
        self._lengths = sorted({len(n) for n in self._by_name}, reverse=True)

    def prefecture_code(self, text: str) -> str | None:
        """「大阪府」, 「大阪」, 「27」 or 「Osaka」 → "27"."""
        key = normalise(text)
        for code, prefecture in PREFECTURE_BY_CODE.items():
            if (
                key in (code, normalise(prefecture.ja))
                or key.casefold() == prefecture.en.casefold()
            ):
                return code
            if key == normalise(prefecture.ja)[:-1]:  # without 府 / 県
                return code
        return None

    def match(self, text: str, *, prefecture: str | None = None) -> Match:
        """The codes ``text`` names; ``prefecture`` (a code) narrows a bare municipality name."""
        key = normalise(text)
        if not key:
            return Match("unmatched", reason=reason("empty"))
        if re.fullmatch(r"[0-9]{2}|[0-9]{5,6}", key):
            return self._code(key)
        codes: list[str] = []
        for part in filter(None, _SEPARATORS.split(key)):
            if codes and _ADDRESS_TAIL.fullmatch(part):
                continue
            found = self._part(part, prefecture)
            if found.status != "matched":
                return found
            codes += [c for c in found.codes if c not in codes]
        if len({len(c) for c in codes}) > 1:
            return Match("unmatched", reason=reason("mixed_levels"))
        return Match("matched", tuple(codes))

    def _code(self, key: str) -> Match:
        if len(key) == 6:
            if check_digit(key[:5]) != key[5]:
                return Match("unmatched", reason=reason("bad_check_digit", code=key))
            key = key[:5]
        if key in self.names:
            return Match("matched", (key,))
        return Match("unmatched", reason=reason("unknown_code", code=key))

    def _part(self, part: str, hint: str | None) -> Match:
        written, rest = self._strip_prefecture(part)
        if written and hint and written != hint:
            conflict = reason(
                "prefecture_conflict",
                written=PREFECTURE_BY_CODE[written].ja,
                column=PREFECTURE_BY_CODE[hint].ja,
            )
            return Match("unmatched", reason=conflict)
        prefecture = written or hint
        if not rest:
            if written:
                return Match("matched", (written,))
            return Match("unmatched", reason=reason("empty"))
        codes = self._municipality(rest, prefecture)
        if not codes and (gun := _GUN.match(rest)):
            codes = self._municipality(rest[gun.end() :], prefecture)
        if len(codes) == 1:
            return Match("matched", tuple(codes))
        if codes:
            listed = tuple(
                f"{self.names[c]} ({PREFECTURE_BY_CODE[c[:2]].ja} {c})" for c in sorted(codes)
            )
            return Match(
                "ambiguous",
                reason=reason("ambiguous"),
                candidates=listed,
            )
        near = difflib.get_close_matches(
            rest[:8], [self.names[c] for c in self.names if len(c) == 5], n=3, cutoff=0.5
        )
        why = (
            reason("no_municipality_in", prefecture=PREFECTURE_BY_CODE[prefecture].ja)
            if prefecture
            else reason("no_municipality")
        )
        return Match("unmatched", reason=why, candidates=tuple(near))

    def _strip_prefecture(self, part: str) -> tuple[str | None, str]:
        for name, code in self._prefectures:
            if part.startswith(name):
                return code, part[len(name) :]
        return None, part

    def _municipality(self, rest: str, prefecture: str | None) -> list[str]:
        """Codes of the longest municipality name that ``rest`` starts with."""
        for length in self._lengths:
            codes = self._by_name.get(rest[:length], [])
            if prefecture:
                codes = [c for c in codes if c.startswith(prefecture)]
            if codes:
                return codes
        return []
