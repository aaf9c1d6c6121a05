"""Memory after sessions end: a short soak in CI (docs/speed.md reports the 200-session bench)."""

from __future__ import annotations

import pytest

from bench.soak import soak

# Its own server (not the fixture's), 100 sessions of the load generator in turn.
pytestmark = pytest.mark.slow

SESSIONS = 100
BOUND_MB = 20.0


def test_server_memory_comes_back_after_sessions_expire(app_boundaries_dir):
    result = soak(SESSIONS, env={"BOUNDARIES_DIR": str(app_boundaries_dir)})
    assert result.after_sessions_mb > 0 and result.baseline_mb > 0
    assert result.growth_mb <= BOUND_MB, result
