// A base map that degrades honestly: where tiles cannot be loaded (a closed network, offline),
// the boundaries the app already has are the base — sea behind, land filled, prefecture
// outlines — and the attribution says so; ``base=none`` draws the same base on purpose.
K.drawBuiltInBase = function (failed) {
  if (K.builtInBase) return;
  K.builtInBase = true;
  var container = map.getContainer();
  container.style.background = config.sea_colour;
  container.dataset.base = failed ? "built-in (tiles failed)" : "built-in";
  K.boundaries.then(function () {
    if (K.prefectureData) {
      L.geoJSON(K.prefectureData, { pane: "kasegiLand", interactive: false, style: config.land_style }).addTo(map);
    }
  });
  if (failed) {
    map.attributionControl.addAttribution('<span class="kasegi-tiles-notice">' + K.esc(config.tiles_notice) + "</span>");
  }
};
var tiles = null;
map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) tiles = layer; });
if (!tiles) {
  K.drawBuiltInBase(false);
} else {
  var loaded = 0, failed = 0;
  tiles.on("tileload", function () { loaded += 1; });
  tiles.on("tileerror", function () {
    failed += 1;
    if (failed >= 4 && loaded === 0) K.drawBuiltInBase(true);  // none came: tiles are blocked
  });
}
