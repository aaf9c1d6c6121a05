"""Response headers for the map's files (ASGI middleware, ``serve.py``).

Every file the map loads from ``static/gen`` is content-addressed (``components.map.assets``:
its name carries a hash of its bytes), so it never changes under its name: the browser may
keep it a year without asking again. And the page names the map's code and stylesheet for
preloading (``Link: rel=preload``), so that the browser fetches them while Streamlit's own
scripts load, before the map component asks for them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

# A content-addressed file: ``<stem>-<16 hex>.<ext>``, or any file in ``<stem>-<16 hex>/``.
HASHED_PATH = re.compile(r"/app/static/gen/[^/]*-[0-9a-f]{16}(?:\.[a-z]+$|/)")
IMMUTABLE = b"public, max-age=31536000, immutable"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class StaticHeaders:
    """Long-lived caching for content-addressed files; preload links on the HTML page.

    ``preload`` gives the ``Link`` header's value (or "" for none), asked for each page.
    """

    def __init__(self, app: Callable, *, preload: Callable[[], str]) -> None:
        self.app = app
        self.preload = preload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hashed = bool(HASHED_PATH.search(scope["path"]))

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message = {**message, "headers": self._headers(message["headers"], hashed)}
            await send(message)

        await self.app(scope, receive, sending)

    def _headers(self, headers: list[tuple[bytes, bytes]], hashed: bool) -> list:
        if hashed:
            kept = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
            return [*kept, (b"cache-control", IMMUTABLE)]
        html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
        links = self.preload() if html else ""
        return [*headers, (b"link", links.encode("latin-1"))] if links else headers
