"""The tiles under the map: each base map a view may name (``geo.choices.BASEMAP_KEYS``) and
where its tiles and credit come from. A key without an entry here draws no tiles (the
built-in base: boundaries on a sea-coloured ground).

``TILES_URL`` (a ``{z}/{x}/{y}`` template) serves every tiled base map from one server of the
deployer's — a mirror inside a closed network such as LGWAN, or a test's stub. A template
that cannot be filled (``geo.environment``) draws the built-in base, never an error page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from geo.environment import tiles_url, tiles_url_broken


@dataclass(frozen=True)
class Tiles:
    url: str
    attribution_url: str
    attribution_key: str  # catalog key of the provider's name


_GSI_TERMS = "https://maps.gsi.go.jp/development/ichiran.html"
_GSI = "https://cyberjapandata.gsi.go.jp/xyz"
TILES: dict[str, Tiles] = {
    "pale": Tiles(f"{_GSI}/pale/{{z}}/{{x}}/{{y}}.png", _GSI_TERMS, "attribution_gsi"),
    "std": Tiles(f"{_GSI}/std/{{z}}/{{x}}/{{y}}.png", _GSI_TERMS, "attribution_gsi"),
    "photo": Tiles(f"{_GSI}/seamlessphoto/{{z}}/{{x}}/{{y}}.jpg", _GSI_TERMS, "attribution_gsi"),
    "osm": Tiles(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright",
        "attribution_osm",
    ),
}


def tiles_for(basemap: str) -> Tiles | None:
    """The tiles of ``basemap`` (None: the built-in base), from ``TILES_URL`` when set."""
    tiles = TILES.get(basemap)
    if tiles is None or tiles_url_broken():
        return None
    mirror = tiles_url()
    return replace(tiles, url=mirror) if mirror else tiles
