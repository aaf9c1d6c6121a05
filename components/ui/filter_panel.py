"""The filter panel: each facet a group of checkboxes in a fieldset (its legend the facet's
name, each option with its count), a search field and a reset button, as the page's own
Streamlit component (``filter_panel.js``). Each group and the field carry their field's input
key (``geo.fields``: ``data-input="f_sector"``, ``id="f_keyword"``).

A change is answered in the browser first: the panel tells the map (``leaflet/component.js``),
which draws the projects its catalog says match and tells the panel their counts in the same
frame; then the panel sets its state value, whose callback (``state.inputs``) takes the change
and the run updates the list, the detail and the link. Every change carries a sequence number:
the panel and the map ignore a run that answers an older change than the one they show.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from components.component_module import component_js
from components.map.component import FILTER_EVENTS
from components.state import inputs, store
from geo.choices import options_for
from geo.dataset import Dataset
from geo.fields import REGISTRY
from geo.link import KEYWORD_MAX
from geo.table.filters import FacetIndex, Filters
from geo.words import t
from geo.words.facet_text import facet_label, facet_title

COMPONENT_NAME = "kasegi_filters"
# A facet with more options than this scrolls in a box of its own (an uploaded table's sectors).
FACET_SCROLL = 12
# The words the panel shows; "option_count" and "result_count" are templates it fills in.
PANEL_WORDS = ("filters", "keyword", "keyword_help", "reset", "option_count", "result_count")


@functools.cache
def _panel_component():
    """Registered once per process (its files read then), on the first run that draws it."""
    here = Path(__file__).parent
    return st.components.v2.component(
        COMPONENT_NAME,
        js=component_js("kasegi-filter-panel", (here / "filter_panel.js").read_text("utf-8")),
        css=(here / "filter_panel.css").read_text("utf-8"),
        isolate_styles=False,  # the page's theme (fonts, colours) reaches the panel
    )


def panel_data(
    facets_index: FacetIndex,
    filters: Filters,
    dataset: Dataset,
    language: str,
    *,
    shown: int,
    total: int,
) -> dict:
    """What the panel draws: its facets and their options (values as the URL writes them),
    what is chosen, each option's count under the other filters (``facets_index``, the
    table's), ``shown`` of ``total`` projects, and its words."""
    facets = options_for(dataset).facets
    counts = {facet: facets_index.counts(filters, facet) for facet in facets}
    return {
        "seq": store.filters_seq(),
        "events": FILTER_EVENTS,
        "language": language,
        "facets": [
            {
                "name": facet,
                "input": REGISTRY[facet].widget,
                "legend": facet_title(facet, dataset, language),
                "scroll": len(values) > FACET_SCROLL,
                "options": [
                    {"value": str(v), "label": facet_label(facet, v, dataset, language)}
                    for v in values
                ],
            }
            for facet, values in facets.items()
        ],
        "chosen": {facet: [str(v) for v in filters.chosen(facet)] for facet in facets},
        "keyword": filters.keyword,
        "keyword_input": REGISTRY["keyword"].widget,
        "keyword_max": KEYWORD_MAX,
        "counts": {facet: {str(v): n for v, n in counts[facet].items()} for facet in facets},
        "shown": shown,
        "total": total,
        "words": {word: t(word, language) for word in PANEL_WORDS},
    }


def render_filter_panel(data: dict) -> None:
    """Draw the panel with ``panel_data``; its change reaches the state through its callback."""
    _panel_component()(data=data, height="content", **inputs.filter_panel())
