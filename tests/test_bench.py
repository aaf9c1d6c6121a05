"""The benchmarks still run: each is run small, in this process (its figures are printed,
never written into docs/speed.md: only ``python -m bench.<name>`` writes them)."""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("module", "argv", "printed"),
    [
        ("bench.overview", ["--rows", "200"], "| overview |"),
        ("bench.printing", ["--runs", "1"], "| A4, 23 projects, median of 1 |"),
    ],
)
def test_a_benchmark_runs_and_prints_its_table(app_env, monkeypatch, capsys, module, argv, printed):
    import importlib

    from geo.paths import REPO_ROOT

    speed = (REPO_ROOT / "docs" / "speed.md").read_text("utf-8")
    monkeypatch.setattr(sys, "argv", [module, *argv])
    importlib.import_module(module).main()
    assert printed in capsys.readouterr().out
    assert (REPO_ROOT / "docs" / "speed.md").read_text("utf-8") == speed  # nothing written
