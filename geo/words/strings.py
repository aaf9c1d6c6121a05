"""Every word a person reads, one catalog per language: the app, the printed map and the
report's reasons look strings up with ``t``."""

from __future__ import annotations

from datetime import date

from geo.dataset import Dataset, Edition
from geo.words import en, ja

LANGUAGES = ("ja", "en")  # one catalog each: ja.py, en.py
DEFAULT_LANGUAGE = "ja"
CATALOG: dict[str, dict[str, str]] = {"ja": ja.WORDS, "en": en.WORDS}


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The catalog string for ``key``; a missing key is a bug and raises KeyError."""
    text = CATALOG[language][key]
    return text.format(**values) if values else text


def format_date(value: date, language: str = DEFAULT_LANGUAGE) -> str:
    """2016年10月24日 / 24 Oct 2016."""
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b} {value.year}"


def attribution_lines(
    dataset: Dataset,
    as_of: str | None,
    with_boundaries: bool,
    language: str,
    *,
    short: bool = False,
) -> list[str]:
    """The dataset's source and, when boundaries are shown, the required N03 credit with its
    date."""
    lines = [(dataset.attribution_short if short else dataset.attribution).get(language)]
    if dataset.edition is not None:
        lines.append(version_text(dataset, language))
    if with_boundaries:
        lines.append(
            t("attribution_n03", language, as_of=as_of or t("attribution_n03_unknown", language))
        )
    return lines


def version_text(dataset: Dataset, language: str) -> str:
    """Which version of the list is shown (``[version]``): every view, export and print
    says it."""
    if dataset.edition is None:
        return ""
    return t("attribution_version", language, version=version_name(dataset.edition, language))


def version_name(edition: Edition, language: str) -> str:
    """「2016-12-02（第3弾 発表）」: a version by its date and note (its date alone without one)."""
    day = edition.date.isoformat()
    note = edition.note.get(language)
    return t("version_name", language, date=day, note=note) if note else day


def pick_language(query_value: str | None, browser_locale: str | None) -> str:
    """``?lang=`` wins; else the browser's language when we have it; else Japanese."""
    if query_value in LANGUAGES:
        return query_value
    prefix = (browser_locale or "").split("-")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE
