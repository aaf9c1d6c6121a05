// Runs once per map load (the base map script is identical between reruns).
// Draws the municipal and prefectural boundaries, fetched once by URL, and sets up the
// helpers the per-rerun project layer uses (window.kasegi).
var K = (window.kasegi = window.kasegi || {});
K.markers = K.markers || {};
K.esc = function (value) {
  return String(value).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
};
[["kasegiBase", 350], ["kasegiPrefAreas", 380], ["kasegiMuniAreas", 390], ["kasegiOutlines", 395]].forEach(
  function (pane) {
    if (!map.getPane(pane[0])) map.createPane(pane[0]).style.zIndex = pane[1];
  }
);
map.getPane("kasegiOutlines").style.pointerEvents = "none";

K.features = {};
function fetchJson(url) {
  return fetch(url).then(function (r) {
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  });
}
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
        },
      }).addTo(map);
      L.geoJSON(data[1], { pane: "kasegiOutlines", interactive: false, style: config.prefecture_style }).addTo(map);
      map.getContainer().setAttribute("data-boundaries", "loaded");
      return K.features;
    })
  : Promise.resolve(K.features);

// Numbered markers that overlap at the current zoom are spread on a small circle around
// their common centre, so every number stays readable and clickable. Clusters whose spread
// markers would touch another cluster are merged and spread again.
K.declutter = function () {
  var markers = Object.keys(K.markers)
    .map(function (id) { return K.markers[id]; })
    .filter(function (m) { return map.hasLayer(m) && m._icon; });
  var size = config.marker_size, half = size / 2;
  var points = markers.map(function (m) { return map.latLngToLayerPoint(m.getLatLng()); });
  var parent = markers.map(function (_, i) { return i; });
  function root(i) { while (parent[i] !== i) i = parent[i] = parent[parent[i]]; return i; }
  function near(a, b) { return a.distanceTo(b) < size + 1; }
  for (var i = 0; i < markers.length; i++)
    for (var j = i + 1; j < markers.length; j++)
      if (near(points[i], points[j])) parent[root(i)] = root(j);
  var placed = points.slice();
  for (var pass = 0; pass < 8; pass++) {
    var clusters = {};
    markers.forEach(function (m, k) { (clusters[root(k)] = clusters[root(k)] || []).push(k); });
    Object.keys(clusters).forEach(function (key) {
      var members = clusters[key].sort(function (a, b) {
        return markers[a].options.kasegiNo - markers[b].options.kasegiNo;
      });
      var n = members.length, cx = 0, cy = 0;
      members.forEach(function (k) { cx += points[k].x / n; cy += points[k].y / n; });
      var radius = n > 1 ? Math.max(size * 0.7, (size + 3) / (2 * Math.sin(Math.PI / n))) : 0;
      members.forEach(function (k, index) {
        var angle = -Math.PI / 2 + (2 * Math.PI * index) / n;
        placed[k] = n > 1 ? L.point(cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)) : points[k];
      });
    });
    var merged = false;
    for (var a = 0; a < markers.length; a++)
      for (var b = a + 1; b < markers.length; b++)
        if (root(a) !== root(b) && near(placed[a], placed[b])) { parent[root(a)] = root(b); merged = true; }
    if (!merged) break;
  }
  markers.forEach(function (m, k) {
    m._icon.style.marginLeft = placed[k].x - points[k].x - half + "px";
    m._icon.style.marginTop = placed[k].y - points[k].y - half + "px";
    m._icon.classList.toggle("kasegi-spread", placed[k] !== points[k]);
  });
};
map.on("zoomend", K.declutter);

// Legend and attributions: plain HTML built (and escaped) on the server.
var legend = L.control({ position: "bottomright" });
legend.onAdd = function () {
  var div = L.DomUtil.create("div", "kasegi-legend");
  div.innerHTML = config.legend_html;
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  return div;
};
legend.addTo(map);
config.attributions.forEach(function (text) { map.attributionControl.addAttribution(text); });

// Fullscreen: the component iframe allows it.
var full = L.control({ position: "topleft" });
full.onAdd = function () {
  var a = L.DomUtil.create("a", "kasegi-fullscreen leaflet-bar");
  a.href = "#";
  a.setAttribute("role", "button");
  a.title = config.fullscreen_label;
  a.setAttribute("aria-label", config.fullscreen_label);
  a.innerHTML =
    '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
  L.DomEvent.on(a, "click", function (e) {
    L.DomEvent.preventDefault(e);
    var el = map.getContainer();
    if (document.fullscreenElement) document.exitFullscreen();
    else if (el.requestFullscreen) el.requestFullscreen();
  });
  return a;
};
full.addTo(map);
document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });

var style = document.createElement("style");
style.textContent = config.css;
document.head.appendChild(style);
