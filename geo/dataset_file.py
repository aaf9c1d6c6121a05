"""A dataset's ``dataset.toml`` written from its description (what ``geo.dataset.load_dataset``
reads back): the builder writes one for every table it builds."""

from __future__ import annotations

import tomli_w

from geo.dataset import Dataset, Edition, Text


def dataset_toml(dataset: Dataset) -> str:
    """The TOML text of ``dataset`` (what ``load_dataset`` reads back)."""
    raw: dict = {
        name: _text_table(text)
        for name, text in (
            ("title", dataset.title),
            ("subtitle", dataset.subtitle),
            ("publisher", dataset.publisher),
        )
        if text.ja
    }
    raw["source"] = {
        "name": _text_table(dataset.source_name),
        **({"url": dataset.source_url} if dataset.source_url else {}),
        **({"date": dataset.source_date} if dataset.source_date else {}),
    }
    raw["attribution"] = {
        "full": _text_table(dataset.attribution),
        "short": _text_table(dataset.attribution_short),
    }
    raw["slug"] = dataset.slug
    if dataset.expected_rows is not None:
        raw["expected_rows"] = dataset.expected_rows
    raw["sectors"] = [
        {"slug": s.slug, **_text_table(s.label), "colour": s.colour} for s in dataset.sectors
    ]
    if dataset.rounds:
        raw["rounds"] = {
            "name": _text_table(dataset.round_name),
            "values": [
                {
                    "number": r.number,
                    **_text_table(r.label),
                    **({"date": r.date} if r.date else {}),
                    "colour": r.colour,
                }
                for r in dataset.rounds
            ],
        }
    if dataset.edition is not None:
        raw["version"] = edition_table(dataset.edition)
    if dataset.feedback is not None:
        raw["feedback"] = (
            {"url": dataset.feedback.url}
            if dataset.feedback.url
            else {"email": dataset.feedback.email}
        )
    return tomli_w.dumps(raw)


def edition_table(edition: Edition) -> dict:
    """``[version]`` of a dataset.toml, and the whole of a past version's ``version.toml``."""
    return {
        "date": edition.date,
        **({"note": _text_table(edition.note)} if edition.note.ja else {}),
    }


def _text_table(text: Text) -> dict[str, str]:
    return {"ja": text.ja, **({"en": text.en} if text.en else {})}
