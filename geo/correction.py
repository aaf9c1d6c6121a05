"""The link a reader follows to ask the publisher for a correction of one project: the
dataset's ``[feedback]`` form (its ``{id}``, ``{name}``, ``{link}`` filled, each URL-encoded)
or a ``mailto:`` with the project's id, name and link prefilled. Data text only ever travels
percent-encoded inside the URL, never as markup."""

from __future__ import annotations

from urllib.parse import quote

from geo.dataset import Feedback
from geo.words import t


def correction_link(
    feedback: Feedback | None, *, project_id: str, name: str, link: str, language: str
) -> str | None:
    """The correction link of one project, or None when the dataset names no ``[feedback]``."""
    if feedback is None:
        return None
    if feedback.url:
        url = feedback.url
        for place, value in (("{id}", project_id), ("{name}", name), ("{link}", link)):
            url = url.replace(place, quote(value, safe=""))
        return url
    values = {"id": project_id, "name": name, "link": link}
    subject = quote(t("correction_subject", language, **values), safe="")
    body = quote(t("correction_body", language, **values), safe="")
    return f"mailto:{feedback.email}?subject={subject}&body={body}"
