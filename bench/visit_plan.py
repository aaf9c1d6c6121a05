"""The visit both visitors make — the browser-free generator (``bench.load``) and Chromium
(``bench.browser_visit``): one definition, so the two are compared step for step and neither
imports the other."""

from __future__ import annotations

SHARED_LINK = "sector=medical"  # what every visitor opens

# Each step is one rerun of the app.
VISIT_STEPS = (
    "open",
    "map reports",
    "filter 1",
    "filter 2",
    "select",
    "map follows",  # the view the map fitted to the project, room left for its popup
)

# The two filter steps: (name, the option's checkbox clicked in the sidebar, result shown).
FILTER_STEPS = (
    ("filter 1", "大阪府", "4 / 23 件"),  # the link's sector, now in Osaka
    ("filter 2", "地場産業", "5 / 23 件"),  # a second sector adds No.9 (堺市)
)
