"""The map's files are cached for good (their names change with their bytes) and the page
names the map's code for preloading: the middleware alone, then on the real server."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest

from components.static_headers import IMMUTABLE, StaticHeaders

PRELOAD = "</app/static/gen/kasegi-map-0123456789abcdef.js>; rel=preload; as=script"


def _response(path: str, content_type: bytes, status: int = 200) -> dict[bytes, bytes]:
    """The headers the middleware lets out for a response of ``content_type`` at ``path``."""
    sent = []

    async def app(scope, receive, send):
        headers = [(b"content-type", content_type), (b"cache-control", b"no-cache")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    async def send(message):
        sent.append(message)

    middleware = StaticHeaders(app, preload=lambda: PRELOAD)
    asyncio.run(middleware({"type": "http", "path": path}, None, send))
    return dict(sent[0]["headers"])


@pytest.mark.parametrize(
    "path",
    [
        "/app/static/gen/kasegi-map-0123456789abcdef.js",
        "/app/static/gen/kasegi-base-fedcba9876543210.js",
        "/app/static/gen/leaflet-0123456789abcdef/images/layers.png",
        "/kasegi/app/static/gen/markers-kansai-0123456789abcdef.json",  # a base URL path
    ],
)
def test_a_content_addressed_file_is_cached_for_good(path):
    assert _response(path, b"application/javascript")[b"cache-control"] == IMMUTABLE


@pytest.mark.parametrize(
    "path",
    [
        "/app/static/gen/kasegi-map-0123.js",  # no hash in the name
        "/app/static/gen/notes.json",
        "/app/static/kasegi-map-0123456789abcdef.js",  # not a published file
        "/_stcore/health",
    ],
)
def test_anything_else_keeps_its_own_caching(path):
    assert _response(path, b"application/javascript")[b"cache-control"] == b"no-cache"


def test_the_page_names_the_map_s_code_for_preloading():
    assert _response("/", b"text/html; charset=utf-8")[b"link"] == PRELOAD.encode()
    assert b"link" not in _response("/", b"application/json")
    assert b"link" not in _response("/", b"text/html", status=304)


@pytest.mark.slow
def test_the_server_sends_them(server):
    with urllib.request.urlopen(server) as page:
        links = page.headers["Link"]
    script = links.split(">", 1)[0].removeprefix("<")
    assert script.startswith("/app/static/gen/kasegi-map-") and "rel=preload; as=script" in links
    with urllib.request.urlopen(server + script) as code:
        assert code.headers["Cache-Control"] == IMMUTABLE.decode()
        assert b"window.kasegi" in code.read()
