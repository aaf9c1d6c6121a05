// The per-rerun layer: which of the marker catalog's projects a filter shows (a bitset,
// config.shown), drawn as the difference from what this map already shows. The markers and
// the areas live in layers of their own that outlast a rerun (K.layer); a filter change adds
// and removes only the markers that changed (Leaflet.markercluster's addLayers/removeLayers
// in bulk above config.clustered's threshold, keeping its clusters), and restyles only the
// areas whose projects changed. The catalog (ids, numbers, places, names, areas, colours) is
// fetched once per URL, or comes inline for an uploaded table; a numbered marker's popup is
// fetched with its shard when it first opens (or comes inline). Names are set as text, never
// as markup; a popup is HTML escaped on the server.
var K = (window.kasegi = window.kasegi || {});
var size = config.marker_size;
K.clustered = config.clustered;
if (config.counts) K.drawCounts(group, config.counts);

function catalog() {
  return config.catalog ? Promise.resolve(config.catalog) : K.fetchCatalog(config.catalog_url);
}

// Lines of text (a tooltip's), never markup.
function lines(texts) {
  var box = document.createElement("span");
  texts.forEach(function (text, k) {
    if (k) box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(text));
  });
  return box;
}
