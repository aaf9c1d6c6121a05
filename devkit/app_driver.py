"""Driving the app in ``AppTest`` as the browser would, for the tests and ``bench``: widget
states AppTest cannot set itself (charts, expanders, tabs, our own components), and the filter
panel's change (``components/ui/filter_panel.js`` sends the same)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from components.map.component import MAP_KEY, REPORT
from components.state.inputs import FILTER_CHANGE, FILTER_PANEL


def run_with(at: AppTest, **values: tuple[str, object]) -> AppTest:
    """Run with these widget states added (widget id → (proto field, value)): what the
    frontend sends for widgets AppTest cannot operate (charts, expanders, tabs)."""
    states = at._tree.get_widget_states()
    for widget_id, (field, value) in values.items():
        state = states.widgets.add()
        state.id = widget_id
        setattr(state, field, value)
    return at._run(states)


def panel(at: AppTest) -> tuple[str, dict]:
    """The filter panel's element id and the data its last run sent (what the browser draws)."""
    (node,) = [n for n in at.get("bidi_component") if n.proto.id.endswith(f"-{FILTER_PANEL}")]
    return node.proto.id, json.loads(node.proto.json)


def has_panel(at: AppTest) -> bool:
    """Whether the app drew the filter panel (an earlier checkout had checkboxes)."""
    return any(n.proto.id.endswith(f"-{FILTER_PANEL}") for n in at.get("bidi_component"))


def send_filters(at: AppTest, *, keyword: str | None = None, **facets) -> AppTest:
    """What the panel sends for a person's change: every facet's checked values (``facets``
    replacing some) and the keyword, with the next sequence number; then the run."""
    element, data = panel(at)
    change = panel_change(data, keyword=keyword, **facets)
    return run_with(at, **{element: ("json_value", json.dumps(change))})


def panel_change(data: dict, *, keyword: str | None = None, **facets) -> dict:
    """The panel's state value after a change from what its run drew (``data``): every
    facet's checked values (``facets`` replacing some), the keyword, the next sequence number."""
    picked = {name: [str(v) for v in values] for name, values in facets.items()}
    change = {
        "seq": data["seq"] + 1,
        "chosen": {**data["chosen"], **picked},
        "keyword": data["keyword"] if keyword is None else keyword,
    }
    return {FILTER_CHANGE: change}


def report_map(at: AppTest, **report: object) -> AppTest:
    """What the map reports (``leaflet/component.js``: its view, a click, whether the
    browser refuses counting); then the run it causes."""
    (node,) = [n for n in at.get("bidi_component") if n.proto.id.endswith(f"-{MAP_KEY}")]
    return run_with(at, **{node.proto.id: ("json_value", json.dumps({REPORT: report}))})


def map_opened(at: AppTest, *, refused: bool = False) -> AppTest:
    """The map's first report, as a browser sends it once the map is drawn."""
    view = {"center": {"lat": 34.8, "lng": 135.6}, "zoom": 8, "user": False}
    return report_map(at, counting_refused=refused, **view)
