"""The field registry: every shareable value defined once, read by the link, the state, the
widgets and the command line. A throwaway facet added as one entry (plus its words) shows up
in all of them."""

from __future__ import annotations

import argparse

import pytest
import streamlit as st

from geo.choices import options_for
from geo.cli.print_command import add_view_options, flag_params
from geo.fields import REGISTRY, Field
from geo.link import LinkState, decode, encode, vocabulary
from geo.table.filters import Filters, filter_projects
from geo.words.strings import CATALOG

from .harness import choose, chosen, facet_labels, legends, params, result_text, run_app

# "Applicant type": who leads a project, the prefecture or a municipality (the table's
# ``level`` column). One entry, its filter rule (the column) and its words.
LEVELS = Field(
    "levels",
    "level",
    "facet",
    (),
    "lead type",
    word="lead_level",
    flag="--level",
    widget="f_level",
    column="level",
    values=lambda dataset: ("prefecture", "municipality"),
)
WORDS = {
    "ja": {
        "lead_level": "主体の種類",
        "lead_level_prefecture": "府県",
        "lead_level_municipality": "市町村",
    },
    "en": {
        "lead_level": "Lead",
        "lead_level_prefecture": "Prefecture",
        "lead_level_municipality": "City",
    },
}


@pytest.fixture
def levels(monkeypatch):
    for language, words in WORDS.items():
        for key, word in words.items():
            monkeypatch.setitem(CATALOG[language], key, word)
    st.cache_resource.clear()  # the app's tables index their facets once per process
    with REGISTRY.extended(LEVELS):
        yield LEVELS
    st.cache_resource.clear()


def test_every_field_has_one_key_one_name_and_one_input():
    fields = REGISTRY.fields
    for attribute in ("name", "key"):
        values = [getattr(f, attribute) for f in fields]
        assert len(values) == len(set(values)), attribute
    widgets = [f.widget for f in fields if f.widget]
    assert len(widgets) == len(set(widgets))
    flags = [f.flag for f in fields if f.flag]
    assert len(flags) == len(set(flags))
    assert all(f.column and f.values for f in REGISTRY.facets)


def test_a_clashing_field_is_refused():
    with pytest.raises(ValueError, match="clashes"), REGISTRY.extended(REGISTRY["sectors"]):
        pass
    assert REGISTRY.names.count("sectors") == 1


def test_a_throwaway_facet_is_in_the_link(levels, dataset, projects):
    state = LinkState.build(sectors=("medical",), levels=("prefecture",))
    assert encode(state) == {"sector": "medical", "level": "prefecture"}
    vocab = vocabulary(options_for(dataset), projects["id"])
    decoded, ignored = decode({"level": "prefecture,nope"}, vocab)
    assert decoded.levels == {"prefecture"} and ignored == ["level=nope"]
    assert (
        len(filter_projects(projects, decoded.filters)) == (projects["level"] == "prefecture").sum()
    )


def test_a_throwaway_facet_is_in_the_state_and_its_input(levels, app_env, projects):
    at = run_app(level="prefecture")
    assert not at.exception
    prefecture_wide = int((projects["level"] == "prefecture").sum())
    assert result_text(at) == f"**{prefecture_wide} / 23 件**"
    assert chosen(at, "levels") == ["prefecture"]
    assert "主体の種類" in legends(at)
    assert list(facet_labels(at, "levels").values()) == [
        f"府県（{prefecture_wide}）",
        f"市町村（{23 - prefecture_wide}）",
    ]
    at = choose(at, "levels", ["prefecture", "municipality"])
    assert params(at)["level"] == "municipality,prefecture"


def test_a_throwaway_facet_is_on_the_command_line(levels, dataset, projects):
    parser = argparse.ArgumentParser()
    add_view_options(parser)
    args = parser.parse_args(["--level", "prefecture"])
    wanted = flag_params(args, {"level": "municipality"})
    assert wanted == {"level": "municipality,prefecture"}
    state, ignored = decode(wanted, vocabulary(options_for(dataset), projects["id"]))
    assert not ignored and state.filters == Filters(levels={"municipality", "prefecture"})


def test_filters_refuse_a_facet_the_registry_does_not_know():
    with pytest.raises(TypeError, match="no facet named 'levels'"):
        Filters(levels={"prefecture"})
