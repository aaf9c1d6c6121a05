// The shown projects' areas, one per code (prefecture-wide beneath municipal): the first
// project's colour, a tooltip naming the first config.area_listed, a click reporting the
// first config.area_click. Only areas whose entry changed are restyled.
function drawAreas(state, positions) {
  var data = state.data;
  var titles = data.title[config.language] || data.title.ja;
  var byCode = {};
  positions.forEach(function (p) {
    data.areas[p].forEach(function (code) { (byCode[code] = byCode[code] || []).push(p); });
  });
  if (!config.areas) byCode = {};  // the count colouring draws its own (K.drawCounts)
  K.boundaries.then(function (features) {
    Object.keys(state.areas).forEach(function (code) {
      if (!byCode[code]) {
        state.areaHosts[state.areas[code].level].removeLayer(state.areas[code].layer);
        delete state.areas[code];
      }
    });
    Object.keys(byCode).forEach(function (code) {
      var listed = byCode[code];
      var colour = colourOf(data, listed[0])[0];
      var signature = colour + "|" + listed.length + "|" + listed.slice(0, config.area_click).join(",");
      var area = state.areas[code];
      if (area && area.signature === signature) return;
      var level = code.length === 2 ? "prefecture" : "municipality";
      var style = { color: colour, weight: level === "prefecture" ? 1 : 2, fillColor: colour,
                    fillOpacity: level === "prefecture" ? 0.18 : 0.45, opacity: 0.9 };
      var names = listed.slice(0, config.area_listed).map(function (p) { return titles[p]; });
      if (listed.length > config.area_listed) {
        names[names.length - 1] += config.labels.and_more.replace("{count}", listed.length - config.area_listed);
      }
      var ids = listed.slice(0, config.area_click).map(function (p) { return data.id[p]; });
      if (!area) {
        if (!features[code]) return;
        area = state.areas[code] = {
          level: level,
          layer: L.geoJSON(features[code], { pane: level === "prefecture" ? "kasegiPrefAreas" : "kasegiMuniAreas" }),
        };
        area.layer.addTo(state.areaHosts[level]);
      }
      area.signature = signature;
      area.layer.setStyle(style);
      area.layer.eachLayer(function (layer) {
        layer.unbindTooltip();
        layer.bindTooltip(lines(names), { sticky: true });
        K.reportsAs(layer, { type: "Feature", geometry: null, properties: { kasegi_ids: ids } });
      });
    });
    map.getContainer().dataset.areas = String(Object.keys(state.areas).length);
  });
}
