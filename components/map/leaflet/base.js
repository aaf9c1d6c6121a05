// Runs once per map load (the base map script is identical between reruns); the first of the
// base map's files (script.py: CODE_PARTS). Draws the municipal and prefectural boundaries, fetched once by URL, and sets up the
// helpers the per-rerun project layer uses (window.kasegi).
var K = (window.kasegi = window.kasegi || {});
K.map = map;
K.markers = K.markers || {};
// In the app the map is an element of the page (component.js), sized by the page; the
// standalone export's map is the whole page, as tall as the window.
var inPage = !!map.getContainer().closest("[data-kasegi-map]");
// Listeners on the page's document and window, removed with this map (``K.teardown``).
var listeners = [];
K.listen = function (target, type, handler, options) {
  target.addEventListener(type, handler, options);
  listeners.push([target, type, handler, options]);
};
K.teardown = function () {
  listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
  listeners = [];
  if (K.resizeObserver) K.resizeObserver.disconnect();
};
K.esc = function (value) {
  return String(value).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
};
// A clicked layer is reported to the app (component.js, ``K.onClick``) as its toGeoJSON():
// make that a small feature naming the layer's projects (components/map/events.py reads it),
// never a polygon. The standalone export has no app: nothing is reported.
K.clicked = function (e) {
  if (K.onClick) K.onClick(e.target.toGeoJSON());
};
K.reportsAs = function (layer, feature) {
  if (feature) layer.toGeoJSON = function () { return feature; };
  layer.off("click", K.clicked);
  layer.on("click", K.clicked);
};
[["kasegiLand", 340], ["kasegiBase", 350], ["kasegiPrefAreas", 380], ["kasegiMuniAreas", 390], ["kasegiOutlines", 395]].forEach(
  function (pane) {
    if (!map.getPane(pane[0])) map.createPane(pane[0]).style.zIndex = pane[1];
  }
);
map.getPane("kasegiOutlines").style.pointerEvents = "none";
map.getPane("kasegiLand").style.pointerEvents = "none";

K.features = {};
function fetchJson(url) {
  return fetch(url).then(function (r) {
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  });
}
K.fetchJson = fetchJson;
// The dataset's marker catalog (layer.js), fetched once per URL; asked for as the map loads.
K.catalogs = K.catalogs || {};
K.fetchCatalog = function (url) {
  if (!K.catalogs[url]) K.catalogs[url] = fetchJson(url);
  return K.catalogs[url];
};
if (config.catalog_url) K.fetchCatalog(config.catalog_url);
var boundaryData = config.boundaries_inline
  ? Promise.resolve(config.boundaries_inline)
  : config.municipalities_url
    ? Promise.all([fetchJson(config.municipalities_url), fetchJson(config.prefectures_url)])
    : null;
K.boundaries = boundaryData
  ? boundaryData.then(function (data) {
      data[0].features.concat(data[1].features).forEach(function (f) {
        K.features[f.properties.code] = f;
      });
      L.geoJSON(data[0], {
        pane: "kasegiBase",
        style: config.municipality_style,
        onEachFeature: function (f, layer) {
          layer.bindTooltip(K.esc(f.properties.name), { sticky: true, className: "kasegi-muni-tip" });
          K.reportsAs(layer, { type: "Feature", geometry: null, properties: {} });
        },
      }).addTo(map);
      L.geoJSON(data[1], { pane: "kasegiOutlines", interactive: false, style: config.prefecture_style }).addTo(map);
      K.prefectureData = data[1];
      map.getContainer().setAttribute("data-boundaries", "loaded");
      return K.features;
    })
  : Promise.resolve(K.features);
