// The shown projects' areas (one per code, prefecture-wide beneath municipal), from the
// polygons loaded once above; a layer script passes its group and the area entries.
function areaLayer(group, areas, pane) {
  return L.geoJSON(null, {
    pane: pane,
    style: function (f) {
      var a = areas[f.properties.code];
      var fill = a.fill_opacity || (a.level === "prefecture" ? 0.18 : 0.45);
      return { color: a.border || a.colour, weight: a.level === "prefecture" ? 1 : 2,
               fillColor: a.colour, fillOpacity: fill, opacity: 0.9 };
    },
    onEachFeature: function (f, layer) {
      var area = areas[f.properties.code];
      layer.bindTooltip(area.tooltip, { sticky: true });
      var positions = area.click.properties.kasegi_pos;
      if (!positions) return K.reportsAs(layer, area.click);
      // A clustered layer's area names catalog positions: reported as ids (layer.js keeps
      // the catalog's ids in K.catalogIds once it has loaded).
      layer.toGeoJSON = function () {
        var ids = positions.map(function (p) { return (K.catalogIds || [])[p]; });
        return { type: "Feature", geometry: null, properties: { kasegi_ids: ids.filter(Boolean) } };
      };
      K.reportsAs(layer, null);
    },
  }).addTo(group);
}
// A project the compared view marks (added or changed since an earlier version): its icon's
// class, a badge, and the word in its accessible name (config.marks, config.mark_words).
K.marked = function (config, id, html, title) {
  var mark = (config.marks || {})[id];
  if (!mark) return { className: "kasegi-marker", html: html, title: title };
  var word = config.mark_words[mark];
  return {
    className: "kasegi-marker kasegi-" + mark,
    html: html + '<b class="kasegi-badge" aria-hidden="true">' + K.esc(word) + "</b>",
    title: title + " (" + word + ")",
  };
};
K.drawAreas = function (group, areas) {
  var prefectureAreas = areaLayer(group, areas, "kasegiPrefAreas");
  var municipalAreas = areaLayer(group, areas, "kasegiMuniAreas");
  K.boundaries.then(function (features) {
    Object.keys(areas).forEach(function (code) {
      var f = features[code];
      if (f) (areas[code].level === "prefecture" ? prefectureAreas : municipalAreas).addData(f);
    });
  });
};

// The count colouring: areas coloured by how many shown projects they hold, prefectures below
// ``counts.zoom`` and municipalities from it, each level with its own classed legend.
K.drawCounts = function (group, counts) {
  var layers = {};
  Object.keys(counts.levels).forEach(function (level) {
    layers[level] = L.layerGroup();
    K.drawAreas(layers[level], counts.levels[level].areas);
  });
  function show() {
    var level = map.getZoom() < counts.zoom ? "prefecture" : "municipality";
    Object.keys(layers).forEach(function (name) {
      if (name === level) group.addLayer(layers[name]);
      else group.removeLayer(layers[name]);
    });
    K.setLegend(counts.levels[level].legend_html);
    map.getContainer().dataset.countLevel = level;
  }
  if (K.showCounts) map.off("zoomend", K.showCounts);
  K.showCounts = show;
  map.on("zoomend", show);
  show();
};
