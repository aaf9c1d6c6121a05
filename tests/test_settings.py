"""The environment's settings (``geo.environment``): each checked, each problem one line that
names the setting and never repeats its value."""

from __future__ import annotations

import pytest

from components.map.basemaps import tiles_for
from geo.environment import SETTINGS, setting_problems, tiles_url, tiles_url_problem


@pytest.mark.parametrize(
    "template",
    [
        "https://t.example/{z}/{x}/{y}.png",
        "http://127.0.0.1:8080/{z}/{x}/{y}.png",
        "https://{s}.tile.example/{z}/{x}/{y}{r}.png",
    ],
)
def test_a_usable_template_is_used(template):
    assert tiles_url_problem(template) is None
    assert tiles_url({"TILES_URL": template}) == template


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("https://t/{z}/{x}/{-y}.png", "{-y} is not a tile placeholder"),
        ("https://t/{z}/{x}/{y}.png?key={apikey}", "{apikey} is not a tile placeholder"),
        ("https://t/{z}/{x}/{y", "unbalanced braces"),
        ("https://t/{0}/{x}/{y}", "{0} is not a tile placeholder"),
        ("https://t/{z}/{x}.png", "no {y} placeholder"),
        ("ftp://t/{z}/{x}/{y}.png", "must start with http:// or https://"),
        ("javascript:alert(1)//{z}/{x}/{y}", "must start with http:// or https://"),
        ("http://[::1/{z}/{x}/{y}", "not a URL"),
    ],
)
def test_a_broken_template_is_named_and_not_used(monkeypatch, template, said):
    assert said in tiles_url_problem(template)
    assert setting_problems({"TILES_URL": template}) == [
        f"TILES_URL: {tiles_url_problem(template)}"
    ]
    assert tiles_url({"TILES_URL": template}) is None
    monkeypatch.setenv("TILES_URL", template)
    assert tiles_for("pale") is None  # the built-in base, never the provider behind its back
    monkeypatch.delenv("TILES_URL")
    assert tiles_for("pale") is not None


def test_every_setting_is_checked_and_a_problem_names_it(tmp_path):
    missing = str(tmp_path / "nowhere")
    env = {"DATASET_DIR": missing, "PROJECTS_CSV": missing, "BOUNDARIES_DIR": missing}
    assert setting_problems(env) == [
        "DATASET_DIR: no such folder",
        "PROJECTS_CSV: no such file",
        "BOUNDARIES_DIR: no such folder",
    ]
    assert setting_problems({"DATASET_DIR": str(tmp_path)}) == []
    assert {s.name for s in SETTINGS} >= {"TILES_URL", "DATASET_DIR", "BOUNDARIES_DIR"}
