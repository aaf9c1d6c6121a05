// The shown projects' areas, one per code (prefecture-wide beneath municipal): the first
// project's colour, a tooltip naming the first config.area_listed, a click reporting the
// first config.area_click. Each area's layer is made once per layer state and kept while a
// filter hides it: a change restyles only the areas whose entry changed, and hides or shows
// the others, without building their polygons, tooltips or clicks again. A tooltip is
// made from the area's names when it opens; a click reports the ids the area has then.
function areaLayer(code, features) {
  var level = code.length === 2 ? "prefecture" : "municipality";
  var area = { level: level, names: [], ids: [], signature: null, shown: false,
               layer: L.geoJSON(features[code], { pane: level === "prefecture" ? "kasegiPrefAreas" : "kasegiMuniAreas" }) };
  area.layer.eachLayer(function (layer) {
    layer.bindTooltip(function () { return lines(area.names); }, { sticky: true });
    layer.toGeoJSON = function () {
      return { type: "Feature", geometry: null, properties: { kasegi_ids: area.ids.slice() } };
    };
    K.reportsAs(layer, null);
  });
  return area;
}

// Hidden, an area stays on the map with its paths not displayed: showing it again builds
// nothing.
function showArea(state, area, shown) {
  if (area.shown === shown) return;
  area.shown = shown;
  if (!area.added) {
    area.added = true;
    area.layer.addTo(state.areaHosts[area.level]);
  }
  area.layer.eachLayer(function (layer) { layer.getElement().style.display = shown ? "" : "none"; });
}

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
      if (!byCode[code]) showArea(state, state.areas[code], false);
    });
    var shown = 0;
    Object.keys(byCode).forEach(function (code) {
      if (!features[code]) return;
      var listed = byCode[code];
      var colour = colourOf(data, listed[0])[0];
      var signature = colour + "|" + listed.length + "|" + listed.slice(0, config.area_click).join(",");
      var area = (state.areas[code] = state.areas[code] || areaLayer(code, features));
      shown += 1;
      if (area.signature !== signature) {
        area.signature = signature;
        var prefecture = area.level === "prefecture";
        area.layer.setStyle({ color: colour, weight: prefecture ? 1 : 2, fillColor: colour,
                              fillOpacity: prefecture ? 0.18 : 0.45, opacity: 0.9 });
        area.names = listed.slice(0, config.area_listed).map(function (p) { return titles[p]; });
        if (listed.length > config.area_listed) {
          area.names[area.names.length - 1] += config.labels.and_more.replace("{count}", listed.length - config.area_listed);
        }
        area.ids = listed.slice(0, config.area_click).map(function (p) { return data.id[p]; });
      }
      showArea(state, area, true);
    });
    map.getContainer().dataset.areas = String(shown);
  });
}
