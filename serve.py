"""The app's server: ``streamlit run serve.py`` (``make run``, the image, the units).

It is ``app.py`` served by Streamlit with three things more: at start, each wrong setting is
logged in one line and the current list is loaded and published; ``/ready`` answers 200
only when the copy can serve the map as it should (``components.readiness``) — the check a
balancer or Kubernetes uses, where ``/_stcore/health`` only says the process is up; and the
map's content-addressed files are cached for good, its code preloaded by the page
(``components.static_headers``).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from components.map.assets import preload_links
from components.readiness import log_settings_at_start, prepare_at_start, readiness_problems
from components.static_headers import StaticHeaders

READY_PATH = "/ready"


async def ready(request: Request) -> PlainTextResponse:
    problems = await run_in_threadpool(readiness_problems)
    text = "ready\n" if not problems else "not ready\n" + "".join(f"{p}\n" for p in problems)
    headers = {"Cache-Control": "no-store"}
    return PlainTextResponse(text, status_code=503 if problems else 200, headers=headers)


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    log_settings_at_start()
    prepare_at_start()
    yield


app = st.App(
    "app.py",
    routes=[Route(READY_PATH, ready, methods=["GET", "HEAD"])],
    middleware=[Middleware(StaticHeaders, preload=preload_links)],
    lifespan=lifespan,
)
