"""A base map that degrades honestly: where tiles cannot be loaded (the tests' browser blocks
every host but this machine, as a closed network does), the built-in base — sea behind, land
filled, prefecture outlines — is drawn and the attribution says so; served by a tile server
that answers (a local stub, through ``TILES_URL``), the tiles show and nothing is said."""

from __future__ import annotations

import http.server
import io
import threading

import pytest

from devkit.browser import streamlit_server
from devkit.pages import TIMEOUT_MS, expect, open_map, shot
from geo.colours import SEA_COLOUR

NOTICE = "地図タイルを読み込めません — 境界のみ表示"
SEA = (34.45, 135.2)  # Osaka Bay, west of Kansai airport: no area, no marker
STUB_TILE = "#8fbc8f"  # what the stub's tiles are painted with


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[k : k + 2], 16) for k in (1, 3, 5))


def _pixel(page, frame, latlng) -> tuple[int, int, int]:
    """The colour the window shows at ``latlng`` of the map."""
    from PIL import Image

    x, y = frame.evaluate(
        "(ll) => { const p = window.kasegi.map.latLngToContainerPoint(ll); return [p.x, p.y]; }",
        list(latlng),
    )
    box = page.locator("[data-kasegi-map]").bounding_box()
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    return image.getpixel((round(box["x"] + x), round(box["y"] + y)))


TILES_OPAQUE_JS = """() => {
  const tiles = [...document.querySelectorAll("[data-kasegi-map] .leaflet-tile-loaded")];
  return tiles.length > 0 && tiles.every((tile) => getComputedStyle(tile).opacity === "1");
}"""


def _close(a, b, tolerance: int = 6) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def test_blocked_tiles_give_the_built_in_base_and_say_so(page, server):
    frame = open_map(page, server, markers=23)
    container = frame.locator(".leaflet-container")
    expect()(container).to_have_attribute(
        "data-base", "built-in (tiles failed)", timeout=TIMEOUT_MS
    )
    expect()(frame.locator(".kasegi-tiles-notice")).to_have_text(NOTICE)
    frame.wait_for_selector(".leaflet-kasegiLand-pane path")
    assert page.blocked, "tile requests were attempted (and blocked)"
    assert _close(_pixel(page, frame, SEA), _rgb(SEA_COLOUR))
    # Land: the ground (under the faint municipal fill and a project's area) is not the sea.
    land = _pixel(page, frame, (35.35, 135.55))  # 京都府 南丹市
    assert not _close(land, _rgb(SEA_COLOUR), 20)
    shot(page, "75-built-in-base")


def test_no_base_map_draws_the_built_in_base_on_purpose(page, server):
    frame = open_map(page, f"{server}/?base=none", markers=23)
    expect()(frame.locator(".leaflet-container")).to_have_attribute("data-base", "built-in")
    assert frame.locator(".kasegi-tiles-notice").count() == 0
    frame.wait_for_selector(".leaflet-kasegiLand-pane path")
    assert _close(_pixel(page, frame, SEA), _rgb(SEA_COLOUR))


@pytest.fixture(scope="module")
def tile_server():
    """A stub tile server on this machine: every tile a flat colour."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), _rgb(STUB_TILE)).save(buffer, format="PNG")
    tile = buffer.getvalue()

    class Tiles(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    server.shutdown()


def test_tiles_that_load_are_shown_without_a_notice(page, app_boundaries_dir, tile_server):
    env = {"BOUNDARIES_DIR": str(app_boundaries_dir), "TILES_URL": tile_server}
    with streamlit_server(env) as base:
        frame = open_map(page, base, markers=23)
        # Loaded, then faded in by Leaflet over 0.2 s: read the colour once they are opaque.
        frame.wait_for_function(TILES_OPAQUE_JS)
        assert frame.locator(".kasegi-tiles-notice").count() == 0
        assert frame.locator(".leaflet-container").get_attribute("data-base") is None
        assert _close(_pixel(page, frame, SEA), _rgb(STUB_TILE))


@pytest.mark.parametrize(
    "template",
    [
        "{z}/{x}/{-y}.png",  # Leaflet's TMS syntax
        "{z}/{x}/{y}.png?key={apikey}",
        "{z}/{x}/{y",
        "{0}/{x}/{y}.png",
    ],
)
def test_a_broken_tiles_url_draws_the_built_in_base_not_an_error(
    page, app_boundaries_dir, template
):
    """A settings mistake (``geo.environment``): every page still opens, on the built-in base
    (the copy is never ready: test_cluster)."""
    env = {"BOUNDARIES_DIR": str(app_boundaries_dir), "TILES_URL": f"http://127.0.0.1:9/{template}"}
    with streamlit_server(env) as base:
        frame = open_map(page, f"{base}/?base=std", markers=23)
        expect()(frame.locator(".leaflet-container")).to_have_attribute("data-base", "built-in")
        assert page.locator("[data-testid='stException']").count() == 0
        assert frame.locator(".leaflet-tile").count() == 0
