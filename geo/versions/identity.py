"""Ids that survive a re-export: a row without an id of its own gets one derived from what
identifies it (its name and its areas, normalised), never from its position; and, given the
previous version, a row that is a previous row keeps that row's id.

The rules, in order (each match records its rule, which ``changes.csv`` reports):
``given`` — the table's own id column; ``name+area`` — the same normalised name and areas;
``name`` — the same name, one row on each side; ``area+similar name`` — the same areas and a
name at least ``SIMILAR_NAME`` alike, one best row on each side. A row matching none is new.
"""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

SIMILAR_NAME = 0.8  # difflib's ratio of two normalised names


class IdentityError(ValueError):
    """Two rows that claim one id; the message names both lines and the id."""


@dataclass(frozen=True)
class RowKey:
    """What identifies a row of the new table."""

    line: int
    name: str
    codes: tuple[str, ...]
    given: str = ""  # the table's own id (a valid slug), if any


@dataclass(frozen=True)
class Claim:
    id: str
    rule: str  # "given", "name+area", "name", "area+similar name" or "new"


def normalised_name(name: str) -> str:
    """Width, case and spacing folded: 「ＡＢＣ プロジェクト」 and 「abcプロジェクト」 are one name."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def derived_id(name: str, codes: Sequence[str]) -> str:
    """A short ASCII id from the normalised name and the sorted area codes."""
    key = f"{normalised_name(name)}|{';'.join(sorted(codes))}"
    return "p-" + hashlib.blake2b(key.encode("utf-8"), digest_size=5).hexdigest()


def assign_ids(rows: Sequence[RowKey], previous: pd.DataFrame | None = None) -> dict[int, Claim]:
    """Each row's id (by line) and the rule that gave it; IdentityError when two rows claim
    one id (the same id given twice, or one previous row matched twice equally well)."""
    claims: dict[int, Claim] = {}
    taken: dict[str, int] = {}

    def claim(row: RowKey, pid: str, rule: str) -> None:
        if pid in taken:
            raise IdentityError(
                f"lines {taken[pid]} and {row.line} both claim the id {pid!r} ({rule})"
            )
        taken[pid] = row.line
        claims[row.line] = Claim(pid, rule)

    for row in rows:
        if row.given:
            claim(row, row.given, "given")
    rest = [r for r in rows if r.line not in claims]
    old = _previous_rows(previous, exclude=set(taken))
    for rule, key in (("name+area", _name_area), ("name", _name)):
        rest = _match_exact(rest, old, rule=rule, key=key, claim=claim)
    rest = _match_similar(rest, old, claim=claim)
    for row in rest:
        base = derived_id(row.name, row.codes)
        pid, n = base, 2
        while pid in taken or pid in old:
            pid, n = f"{base}-{n}", n + 1
        claim(row, pid, "new")
    return claims


def _previous_rows(previous: pd.DataFrame | None, *, exclude: set[str]) -> dict[str, RowKey]:
    if previous is None or previous.empty:
        return {}
    return {
        pid: RowKey(0, name, tuple(codes))
        for pid, name, codes in zip(
            previous["id"], previous["name_ja"], previous["area_codes"], strict=True
        )
        if pid not in exclude
    }


def _name_area(row: RowKey) -> tuple:
    return (normalised_name(row.name), tuple(sorted(row.codes)))


def _name(row: RowKey) -> tuple:
    return (normalised_name(row.name),)


def _match_exact(rest, old: dict[str, RowKey], *, rule: str, key, claim) -> list[RowKey]:
    """Rows whose ``key`` equals a previous row's: paired in order for ``name+area`` (a list
    may repeat a project), only when one row on each side for ``name``."""
    by_key: dict[tuple, list[str]] = {}
    for pid, prev in old.items():
        by_key.setdefault(key(prev), []).append(pid)
    new_by_key: dict[tuple, list[RowKey]] = {}
    for row in rest:
        new_by_key.setdefault(key(row), []).append(row)
    left = []
    for row in rest:
        ids = by_key.get(key(row), [])
        paired = rule == "name+area" or (len(ids) == 1 and len(new_by_key[key(row)]) == 1)
        if ids and paired:
            pid = ids.pop(0)
            old.pop(pid)
            claim(row, pid, rule)
        else:
            left.append(row)
    return left


def _match_similar(rest, old: dict[str, RowKey], *, claim) -> list[RowKey]:
    """Same areas, close names: each previous row goes to its best new row; two new rows
    equally close to one previous row is a claim the build cannot settle."""
    pairs = []
    for row in rest:
        for pid, prev in old.items():
            if sorted(prev.codes) != sorted(row.codes):
                continue
            ratio = difflib.SequenceMatcher(
                None, normalised_name(row.name), normalised_name(prev.name)
            ).ratio()
            if ratio >= SIMILAR_NAME:
                pairs.append((ratio, row, pid))
    pairs.sort(key=lambda p: (-p[0], p[1].line))
    done: set[int] = set()
    for position, (ratio, row, pid) in enumerate(pairs):
        if row.line in done or pid not in old:
            continue
        rival = next(
            (
                r
                for q, r, p in pairs[position + 1 :]
                if p == pid and q == ratio and r.line not in done
            ),
            None,
        )
        if rival is not None:
            raise IdentityError(
                f"lines {row.line} and {rival.line} both claim the id {pid!r} "
                f"(area+similar name, {ratio:.2f} alike)"
            )
        old.pop(pid)
        done.add(row.line)
        claim(row, pid, "area+similar name")
    return [r for r in rest if r.line not in done]
