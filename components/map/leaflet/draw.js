// What one catalog's markers are drawn into: a cluster group or a plain group, on the map
// itself (the app's per-rerun group is replaced on every rerun), with the markers made so far
// kept by position for when a filter shows them again.
function newLayerState(key) {
  var host = config.clustered
    ? L.markerClusterGroup({
        chunkedLoading: true,
        // Called before the group's last refresh of its clusters: drawn once that is done,
        // at once when addLayers has returned (it took one chunk), else after this task.
        chunkProgress: function (done, total) {
          if (done !== total || !state) return;
          state.chunksDone = true;
          var pending = state.onDrawn;
          if (pending) setTimeout(function () { if (state.onDrawn === pending) pending(); }, 0);
        },
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        maxClusterRadius: 48,
        animate: !K.reducedMotion,
        iconCreateFunction: function (cluster) {
          var count = cluster.getChildCount();
          var side = count < 100 ? 34 : count < 1000 ? 42 : 50;
          return new ClusterIcon({
            className: "kasegi-cluster",
            html: "<span>" + count + "</span>",
            iconSize: [side, side],
            label: config.labels.cluster.replace("{count}", count),
            cluster: cluster,
          });
        },
      })
    : L.featureGroup();
  var state = {
    key: key,
    data: null,  // the catalog, once loaded
    host: host.addTo(map),
    made: {},
    shown: new Uint8Array(0),
    areaHosts: {
      prefecture: L.featureGroup().addTo(map),
      municipality: L.featureGroup().addTo(map),
    },
    areas: {},
  };
  state.clear = function () {
    map.removeLayer(state.host);
    map.removeLayer(state.areaHosts.prefecture);
    map.removeLayer(state.areaHosts.municipality);
  };
  return state;
}

// The layers are on the map before this script returns; their clicks are the app's
// (``K.reportsAs``).
var key = config.catalog_key + "|" + config.clustered + "|" + JSON.stringify(config.marks || {});
if (!K.layer || K.layer.key !== key) {
  if (K.layer) K.layer.clear();
  K.layer = newLayerState(key);
}
var state = K.layer;

catalog().then(function (data) {
  if (K.layer !== state) return;  // a later rerun replaced this layer before it loaded
  if (!state.data) {
    state.data = data;
    state.shown = new Uint8Array(data.id.length);
  }
  K.catalogIds = data.id;
  var shown = K.decodeShown(config.shown, data.id.length);
  var added = [], removed = [], positions = [];
  for (var p = 0; p < shown.length; p++) {
    if (shown[p]) positions.push(p);
    if (shown[p] && !state.shown[p]) added.push(p);
    else if (!shown[p] && state.shown[p]) removed.push(p);
  }
  state.shown = shown;
  var removing = removed.map(function (q) { return state.made[q]; });
  var adding = added.map(function (q) {
    return (state.made[q] = state.made[q] || makeMarker(state, q));
  });
  K.markers = {};
  positions.forEach(function (q) { K.markers[data.id[q]] = state.made[q]; });
  // What a filter change drew, on the map's container: the shown count, and the markers it
  // added and removed (data-shown, data-added, data-removed). A draw that changed no marker
  // (the server's run after the browser drew the same change) leaves the last change's record.
  function drawn() {
    state.onDrawn = null;
    var container = map.getContainer();
    if (adding.length || removing.length || !container.dataset.shown) {
      container.dataset.added = String(adding.length);
      container.dataset.removed = String(removing.length);
    }
    container.dataset.shown = String(positions.length);
    delete container.dataset.settled;  // until K.applyMoves has pushed them apart and moved
    if (!config.clustered) orderIcons();
    K.applyMoves(config, function (id) {
      var marker = K.markers[id];
      return marker ? marker.kasegiOpen : null;
    });
  }
  if (config.clustered) {
    if (removing.length) state.host.removeLayers(removing);
    if (adding.length) {
      state.onDrawn = drawn;
      state.chunksDone = false;
      state.host.addLayers(adding);
      if (state.chunksDone && state.onDrawn === drawn) drawn();  // in this frame
    } else drawn();
  } else {
    removing.forEach(function (marker) { state.host.removeLayer(marker); });
    adding.forEach(function (marker) { state.host.addLayer(marker); });
    drawn();
  }
  drawAreas(state, positions);
  // The few popups a small table shows are fetched now: they open at once.
  if (!config.clustered && !config.popups && data.popups.url) {
    var shards = {};
    positions.forEach(function (q) { shards[Math.floor(q / data.popups.shard)] = q; });
    var wanted = Object.keys(shards);
    if (wanted.length <= 4) wanted.forEach(function (k) { popupHtml(data, shards[k]); });
  }
});
