// Numbered markers that overlap at the current zoom are pushed apart just enough to be read
// and clicked (pairwise repulsion, smallest moves first), and a thin leader line with a dot
// keeps each moved marker tied to its true place.
K.leaders = K.leaders || L.layerGroup().addTo(map);
K.declutter = function () {
  if (K.clustered) {  // Leaflet.markercluster keeps a large table's markers apart
    K.leaders.clearLayers();
    return;
  }
  var markers = Object.keys(K.markers)
    .map(function (id) { return K.markers[id]; })
    .filter(function (m) { return map.hasLayer(m) && m._icon; });
  // Boxes, not circles: a marker is a square target (WCAG 2.5.8), so two markers are apart
  // when their boxes do not overlap; an overlap is undone along its shorter axis.
  var size = config.marker_size, half = size / 2, gap = size + 2;
  var points = markers.map(function (m) { return map.latLngToLayerPoint(m.getLatLng()); });
  var placed = points.map(function (p) { return L.point(p.x, p.y); });
  for (var pass = 0; pass < 300; pass++) {
    var moved = false;
    for (var i = 0; i < placed.length; i++) {
      for (var j = i + 1; j < placed.length; j++) {
        var dx = placed[j].x - placed[i].x, dy = placed[j].y - placed[i].y;
        var overlapX = gap - Math.abs(dx), overlapY = gap - Math.abs(dy);
        if (overlapX <= 0 || overlapY <= 0) continue;
        if (Math.abs(dx) < 0.01 && Math.abs(dy) < 0.01) {  // the same spot: a fixed direction
          var angle = (markers[j].options.kasegiNo * 2.399) % (2 * Math.PI);
          dx = Math.cos(angle); dy = Math.sin(angle);
          overlapX = gap; overlapY = gap;
        }
        var alongX = overlapX < overlapY;
        var push = (alongX ? overlapX : overlapY) / 2 + 0.01;
        var sign = (alongX ? dx : dy) < 0 ? -1 : 1;
        if (alongX) { placed[i].x -= sign * push; placed[j].x += sign * push; }
        else { placed[i].y -= sign * push; placed[j].y += sign * push; }
        moved = true;
      }
    }
    if (!moved) break;
  }
  K.leaders.clearLayers();
  markers.forEach(function (m, k) {
    var shiftX = placed[k].x - points[k].x, shiftY = placed[k].y - points[k].y;
    m._icon.style.marginLeft = shiftX - half + "px";
    m._icon.style.marginTop = shiftY - half + "px";
    var offset = Math.abs(shiftX) + Math.abs(shiftY) > 3;
    m._icon.classList.toggle("kasegi-spread", offset);
    if (offset) {
      var colour = m.options.kasegiColour;
      L.polyline([m.getLatLng(), map.layerPointToLatLng(placed[k])], {
        color: "#222", weight: 1, opacity: 0.8, interactive: false,
      }).addTo(K.leaders);
      L.circleMarker(m.getLatLng(), {
        radius: 3, color: "#222", weight: 1, fillColor: colour, fillOpacity: 1, interactive: false,
      }).addTo(K.leaders);
    }
  });
};
map.on("zoomend", K.declutter);
