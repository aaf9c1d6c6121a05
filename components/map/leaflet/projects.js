// The per-rerun layer: numbered markers and highlighted areas of the filtered projects.
// Only codes, colours and escaped texts travel here; the polygons were loaded once by base.js.
var K = (window.kasegi = window.kasegi || {});
K.markers = {};
function areaLayer(pane) {
  return L.geoJSON(null, {
    pane: pane,
    style: function (f) {
      var a = config.areas[f.properties.code];
      return { color: a.colour, weight: a.level === "prefecture" ? 1 : 2, fillColor: a.colour,
               fillOpacity: a.level === "prefecture" ? 0.18 : 0.45, opacity: 0.9 };
    },
    onEachFeature: function (f, layer) {
      var area = config.areas[f.properties.code];
      layer.bindTooltip(area.tooltip, { sticky: true });
      K.reportsAs(layer, area.click);
    },
  }).addTo(group);
}
var prefectureAreas = areaLayer("kasegiPrefAreas");
var municipalAreas = areaLayer("kasegiMuniAreas");
K.boundaries.then(function (features) {
  Object.keys(config.areas).forEach(function (code) {
    var f = features[code];
    if (f) (config.areas[code].level === "prefecture" ? prefectureAreas : municipalAreas).addData(f);
  });
});

config.markers.forEach(function (m) {
  var icon = L.divIcon({
    className: "kasegi-marker",
    html: '<span style="background:' + m.colour + ";color:" + m.text_colour + '">' + m.no + "</span>",
    iconSize: [config.marker_size, config.marker_size],
    iconAnchor: [config.marker_size / 2, config.marker_size / 2],
  });
  var marker = L.marker([m.lat, m.lon], {
    icon: icon, kasegiNo: m.no, kasegiColour: m.colour, riseOnHover: true, keyboard: true, alt: "No." + m.no,
  });
  marker.bindTooltip(m.tooltip, { direction: "top", offset: [0, -config.marker_size / 2] });
  marker.bindPopup(m.popup, { maxWidth: 360, autoPanPadding: [20, 20] });
  K.reportsAs(marker, m.click);
  marker.addTo(group);
  K.markers[m.id] = marker;
});

// Moves requested by the app run once per token: the group script is re-evaluated only when
// its text changes, and a token already handled must not move the map again.
setTimeout(function () {
  K.declutter();
  var fit = config.fit;
  if (fit && K.fitToken !== fit.token) {
    K.fitToken = fit.token;
    map.fitBounds(fit.bounds, { padding: [30, 30], maxZoom: 11, animate: false });
    K.declutter();
  }
  var focus = config.focus;
  if (focus && K.focusToken !== focus.token) {
    K.focusToken = focus.token;
    if (focus.center) map.setView(focus.center, focus.zoom, { animate: false });
    else if (focus.bounds) map.fitBounds(focus.bounds, { padding: [30, 30], maxZoom: 11, animate: false });
    K.declutter();
    var marker = focus.id && K.markers[focus.id];
    if (marker) {
      // A shared view is kept as sent: the popup must not pan the map away from it.
      marker.getPopup().options.autoPan = !focus.center;
      marker.openPopup();
      marker.getPopup().options.autoPan = true;
    }
  }
}, 0);
