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

// Enter or Space on a focused marker is a click (so the app hears it too: Leaflet's own Enter
// only opens the popup).
function pressable(marker, title, onFocus) {
  marker.on("add", function () {
    var element = marker.getElement();
    element.setAttribute("aria-label", title);
    if (element.kasegiKeys) return;
    element.kasegiKeys = true;
    L.DomEvent.on(element, "keydown", function (e) {
      if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
        L.DomEvent.preventDefault(e);
        marker.fire("click", { originalEvent: e }, true);
      }
    });
    if (onFocus) L.DomEvent.on(element, "focus", function () { onFocus(element); });
  });
}

// A cluster is a named button (its count, "N件"): Tab reaches it, Enter zooms into it.
var ClusterIcon = L.DivIcon.extend({
  createIcon: function (old) {
    var div = L.DivIcon.prototype.createIcon.call(this, old);
    div.setAttribute("role", "button");
    div.setAttribute("aria-label", this.options.label);
    div.title = this.options.label;
    var cluster = this.options.cluster;
    L.DomEvent.on(div, "keydown", function (e) {
      if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
        L.DomEvent.preventDefault(e);
        cluster.zoomToBounds({ padding: [20, 20] });
      }
    });
    return div;
  },
});

// What one catalog's markers are drawn into: a cluster group or a plain group, on the map
// itself (the app's per-rerun group is replaced on every rerun), with the markers made so far
// kept by position for when a filter shows them again.
function newLayerState(key) {
  var host = config.clustered
    ? L.markerClusterGroup({
        chunkedLoading: true,
        // Called before the group's last refresh of its clusters: drawn once that is done.
        chunkProgress: function (done, total) {
          if (done === total && state && state.onDrawn) setTimeout(state.onDrawn, 0);
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

function colourOf(data, p) {
  var scheme = data.colours[config.colour_by] || data.colours.single;
  return scheme.palette[scheme.index[p]];
}

// A numbered marker's popup: the title at once, then the whole popup (its fields and
// summary) from its shard or the layer, and the correction link a dataset offers.
function popupHtml(data, p) {
  if (config.popups) return Promise.resolve(config.popups[p]);
  var shard = Math.floor(p / data.popups.shard);
  var url = data.popups.url + config.language + "-" + shard + ".json";
  K.shards = K.shards || {};
  if (!K.shards[url]) K.shards[url] = K.fetchJson(url);
  return K.shards[url].then(function (popups) { return popups[p % data.popups.shard]; });
}

function fillPopup(data, p, box) {
  if (!box.kasegiFilling) {
    box.kasegiFilling = popupHtml(data, p).then(function (html) {
      if (!html) return;
      box.innerHTML = html;
      var correction = (config.corrections || {})[p];
      if (correction) {
        var line = box.firstChild.appendChild(document.createElement("p"));
        line.className = "meta";
        var link = line.appendChild(document.createElement("a"));
        link.href = correction;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.textContent = config.labels.correction;
      }
    });
  }
  return box.kasegiFilling;
}

function makeMarker(state, p) {
  var data = state.data;
  var id = data.id[p];
  var no = data.no[p];
  var colour = colourOf(data, p);
  var titles = data.title[config.language] || data.title.ja;
  var look = K.marked(
    config, id, '<span style="background:' + colour[0] + ";color:" + colour[1] + '">' + no + "</span>", titles[p]
  );
  var title = look.title;
  var icon = L.divIcon({
    className: look.className,
    html: look.html,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
  var marker = L.marker([data.lat[p], data.lon[p]], {
    icon: icon, kasegiNo: no, kasegiColour: colour[0], riseOnHover: !config.clustered,
    keyboard: true, title: title, alt: title,
  });
  K.reportsAs(marker, { type: "Feature", geometry: null, properties: { kasegi_ids: [id] } });
  var popupOptions = { maxWidth: Math.max(160, Math.min(360, map.getSize().x - 80)), autoPanPadding: [20, 20] };
  if (config.clustered) {
    // Tooltip and popup made when first shown: thousands of markers cost no DOM until then.
    marker.bindTooltip(function () { return lines([title]); }, { direction: "top", offset: [0, -size / 2] });
    marker.bindPopup(function () {
      var popup = document.createElement("div");
      popup.className = "kasegi-popup";
      popup.appendChild(document.createElement("h4")).textContent = title;
      popup.appendChild(document.createElement("p")).textContent = config.labels.detail;
      return popup;
    }, popupOptions);
    pressable(marker, title);
    marker.kasegiOpen = function () {
      state.host.zoomToShowLayer(marker, function () { marker.openPopup(); });
    };
    return marker;
  }
  marker.bindTooltip(lines([title]), { direction: "top", offset: [0, -size / 2], interactive: true });
  // Hoverable (WCAG 1.4.13): the pointer may move from the marker onto its tooltip, which
  // then stays until the pointer leaves both (or Esc).
  marker.off("mouseout", marker.closeTooltip);
  marker.on("mouseout", function (e) {
    var tip = marker.getTooltip().getElement();
    var to = e.originalEvent && e.originalEvent.relatedTarget;
    if (!(tip && to && tip.contains(to))) marker.closeTooltip();
  });
  marker.on("tooltipopen", function () {
    var tip = marker.getTooltip().getElement();
    if (tip.kasegiHoverable) return;
    tip.kasegiHoverable = true;
    L.DomEvent.on(tip, "mouseleave", function (e) {
      var element = marker.getElement();
      if (!(element && e.relatedTarget && element.contains(e.relatedTarget))) marker.closeTooltip();
    });
  });
  var box = document.createElement("div");
  var heading = box.appendChild(document.createElement("div"));
  heading.className = "kasegi-popup";
  heading.appendChild(document.createElement("h4")).textContent = title;
  // Popups fit a phone: never wider than the map less their padding.
  marker.bindPopup(box, popupOptions);
  marker.on("popupopen", function (e) {
    if (box.kasegiFilled) return;
    fillPopup(data, p, box).then(function () {
      box.kasegiFilled = true;
      if (e.popup.isOpen()) e.popup.update();
    });
  });
  // A named button in number order (Tab), opened with Enter or Space exactly as a click; Esc
  // closes the popup (Leaflet) and focus comes back here when it was inside the popup.
  pressable(marker, title, function (element) {
    // Keyboard focus only: panning under a mouse press would make the click miss.
    if (element.matches(":focus-visible")) K.revealFocused(marker);
  });
  marker.on("popupclose", function (e) {
    var active = document.activeElement;
    var content = e.popup && e.popup.getElement();
    var element = marker.getElement();
    if (element && (active === document.body || (content && content.contains(active)))) {
      element.focus({ preventScroll: true });
    }
  });
  // A shared view is kept as sent: the popup, filled first, must not pan the map away.
  marker.kasegiOpen = function (autoPan) {
    fillPopup(data, p, box).then(function () {
      box.kasegiFilled = true;
      marker.getPopup().options.autoPan = autoPan;
      marker.openPopup();
      marker.getPopup().options.autoPan = true;
    });
  };
  return marker;
}

// Numbered markers are reached by Tab in number order: their icons in the pane in that order
// (a marker added by a later filter change would otherwise come last).
function orderIcons() {
  var icons = [];
  Object.keys(K.markers).forEach(function (id) {
    var element = K.markers[id].getElement();
    if (element) icons.push([K.markers[id].options.kasegiNo, element]);
  });
  icons.sort(function (a, b) { return a[0] - b[0]; });
  var pane = map.getPane("markerPane");
  icons.forEach(function (pair) { pane.appendChild(pair[1]); });
}

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

// The layers are on the map before this script returns: st_folium's frontend then makes
// their clicks (theirs and their markers') the app's.
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
  // added and removed (data-shown, data-added, data-removed).
  function drawn() {
    state.onDrawn = null;
    var container = map.getContainer();
    container.dataset.added = String(adding.length);
    container.dataset.removed = String(removing.length);
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
      state.host.addLayers(adding);
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
