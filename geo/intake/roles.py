"""Which column of a publisher's table is which: guessed from Japanese and English headers,
overridable one by one (``--map name=事業名``), and always printed, so nothing is assumed
silently."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    key: str
    words: tuple[str, ...]  # header words, most specific first
    required: bool = False


ROLES: tuple[Role, ...] = (
    Role(
        "name",
        (
            "事業名",
            "プロジェクト名",
            "企業名",
            "会社名",
            "法人名",
            "事業者名",
            "名称",
            "name",
            "company",
            "project",
            "title",
            "名",
        ),
        required=True,
    ),
    Role(
        "area",
        (
            "市区町村",
            "市町村",
            "所在地",
            "住所",
            "自治体",
            "municipality",
            "address",
            "city",
            "location",
            "area",
            "地域",
        ),
        required=True,
    ),
    Role("prefecture", ("都道府県", "府県", "prefecture", "県")),
    Role(
        "sector",
        ("分野", "業種", "産業", "sector", "industry", "category", "カテゴリ"),
    ),
    Role(
        "date",
        ("登録日", "選定日", "日付", "年月日", "年度", "date", "year", "年"),
    ),
    Role("lat", ("緯度", "latitude", "lat")),
    Role("lon", ("経度", "longitude", "lon", "lng")),
    Role("url", ("url", "ホームページ", "ウェブサイト", "website", "web", "hp")),
    Role("summary", ("概要", "内容", "説明", "summary", "description")),
    Role("name_en", ("英語名", "英文名", "name_en", "english")),
    # Only a column that says it is an id: a "No" or 番号 column numbers the rows, and a row
    # keeps its id when rows are inserted above it (geo.versions.identity).
    Role("id", ("id", "識別子", "識別番号")),
)
ROLE_BY_KEY: dict[str, Role] = {r.key: r for r in ROLES}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "").replace("_", "")


def guess_roles(columns: Sequence[str]) -> dict[str, str]:
    """role → column, each column used once: an exact header first, then a header containing
    the role's word, the roles in ``ROLES`` order (name before name_en, lat before …)."""
    folded = {c: _fold(c) for c in columns}
    taken: set[str] = set()
    roles: dict[str, str] = {}
    for exact in (True, False):
        for role in ROLES:
            if role.key in roles:
                continue
            for word in map(_fold, role.words):
                found = [
                    c
                    for c in columns
                    if c not in taken
                    and (folded[c] == word if exact else len(word) > 1 and word in folded[c])
                ]
                if found:
                    roles[role.key] = found[0]
                    taken.add(found[0])
                    break
    return {r.key: roles[r.key] for r in ROLES if r.key in roles}


def apply_overrides(
    guessed: Mapping[str, str], overrides: Mapping[str, str], columns: Sequence[str]
) -> dict[str, str]:
    """``guessed`` with ``role=column`` overrides; an empty column removes the role. Raises
    ValueError naming an unknown role or column."""
    roles = dict(guessed)
    for key, column in overrides.items():
        if key not in ROLE_BY_KEY:
            raise ValueError(f"unknown role '{key}' (roles: {', '.join(ROLE_BY_KEY)})")
        if column and column not in columns:
            raise ValueError(f"no column '{column}' for {key} (columns: {', '.join(columns)})")
        roles = {k: c for k, c in roles.items() if c != column}
        if column:
            roles[key] = column
        else:
            roles.pop(key, None)
    return {r.key: roles[r.key] for r in ROLES if r.key in roles}


def missing_roles(roles: Mapping[str, str]) -> list[str]:
    return [r.key for r in ROLES if r.required and r.key not in roles]
