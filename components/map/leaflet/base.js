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
// A clicked layer is reported to the app by st_folium as its toGeoJSON(): make that a small
// feature naming the layer's projects (components/map/events.py reads it), never a polygon.
K.reportsAs = function (layer, feature) {
  layer.toGeoJSON = function () { return feature; };
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

// Moves requested by the app run once per token: a layer script is re-evaluated only when its
// text changes, and a token already handled must not move the map again. ``opener(id)`` gives
// the function that opens that project's popup (or null).
// A popup measures itself when it opens. Until Leaflet's stylesheet has loaded it is a plain
// block as wide as the map, so a popup opened that early (a shared link's) would sit far to
// the left of its marker: lay the open popups out again as each late stylesheet arrives.
K.popupLayoutAfterStyles = function () {
  document.querySelectorAll("link[rel='stylesheet']").forEach(function (link) {
    if (link.sheet || link.kasegiWatched) return;
    link.kasegiWatched = true;
    link.addEventListener("load", function () {
      map.eachLayer(function (layer) { if (layer instanceof L.Popup) layer.update(); });
    });
  });
};
K.applyMoves = function (config, opener) {
  setTimeout(function () {
    K.declutter();
    if (K.startView) K.clearLegend();  // the opening view, now that its markers are drawn
    var fit = config.fit;
    if (fit && K.fitToken !== fit.token) {
      K.fitToken = fit.token;
      map.fitBounds(fit.bounds, L.extend(K.fitPadding(), { maxZoom: 11, animate: false }));
      K.declutter();
      K.clearLegend();
    }
    var focus = config.focus;
    if (focus && K.focusToken !== focus.token) {
      K.focusToken = focus.token;
      if (focus.center) map.setView(focus.center, focus.zoom, { animate: false });
      else if (focus.bounds) map.fitBounds(focus.bounds, L.extend(K.fitPadding(focus.id), { maxZoom: 11, animate: false }));
      K.declutter();
      if (!focus.center) K.clearLegend();
      var open = focus.id && opener(focus.id);
      K.popupLayoutAfterStyles();
      // The fit left room for the popup: opening it never moves the map a second time (one
      // view for the app to hear per selection), and a shared view is kept as sent.
      if (open) open(false);
    }
    // Drawn, pushed apart and moved: the map is settled on this many markers (data-settled,
    // what devkit.pages.wait_markers waits for; data-shown is set before this).
    var container = map.getContainer();
    container.dataset.settled = container.dataset.shown || "";
  }, 0);
};

// Our stylesheet first: the legend's size (below) depends on it.
var style = document.createElement("style");
style.textContent = K.css;
document.head.appendChild(style);

// Legend and attributions: plain HTML built (and escaped) on the server. The legend folds
// away behind its own button (aria-expanded), and fitted views leave room for it open.
var legend = L.control({ position: "bottomright" });
legend.onAdd = function () {
  var div = L.DomUtil.create("div", "kasegi-legend");
  var toggle = L.DomUtil.create("button", "kasegi-legend-toggle", div);
  toggle.type = "button";
  var body = L.DomUtil.create("div", "kasegi-legend-body", div);
  body.id = "kasegi-legend-body";
  body.innerHTML = config.legend_html;
  toggle.setAttribute("aria-controls", body.id);
  function show(open) {
    body.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.textContent = open ? config.legend_labels.hide : config.legend_labels.show;
  }
  L.DomEvent.on(toggle, "click", function () {
    K.legendChosen = true;  // the reader's choice: no fitted view folds it again
    show(body.hidden);
  });
  K.showLegend = show;
  show(true);
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  return div;
};
legend.addTo(map);
// The credits first: a fitted view leaves room for their height.
config.attributions.forEach(function (text) { map.attributionControl.addAttribution(text); });
K.setLegend = function (html) {
  var box = legend.getContainer();
  if (box) box.querySelector(".kasegi-legend-body").innerHTML = html;
};
// Padding for a fitted view: room for a marker's icon at the edges, clear of the zoom buttons,
// and clear of the page's side panel where it lies over the map (desktops). The legend no
// longer pushes the view out: where it would cover a fitted marker it folds (``clearLegend``).
K.panelOverlap = function () {
  try {
    var frame = window.frameElement;
    var panel = frame && window.parent.document.getElementById("kasegi-side-panel");
    if (!panel || !panel.offsetParent) return 0;  // folded, or below the map (phones)
    var f = frame.getBoundingClientRect(), p = panel.getBoundingClientRect();
    if (p.top >= f.bottom || p.bottom <= f.top) return 0;
    return Math.max(0, Math.min(f.right, p.right) - Math.max(f.left, p.left));
  } catch (err) { return 0; }  // another origin (an embedding page): no panel of ours
};
// The controls of the right-hand corners (legend, attribution) move left of the panel.
K.placeControls = function () {
  var overlap = K.panelOverlap() + "px";
  if (overlap === K.overlap) return;
  K.overlap = overlap;
  map.getContainer().querySelectorAll(".leaflet-right").forEach(function (corner) {
    corner.style.right = overlap;
  });
};
K.fitPadding = function (withPopup) {
  K.placeControls();
  var room = config.marker_size / 2 + 10;
  // The credits' height, and a line more for the notice that tiles failed (which may come
  // after the opening view: it must not move the map once the app has its first view).
  var credit = map.attributionControl.getContainer().offsetHeight + 14;
  var size = map.getSize();
  // A project brought into view with its popup: room above for the popup, half its width
  // on each side (popups are at most 360 px wide and about 260 px tall here).
  var up = withPopup ? Math.min(260, size.y * 0.45) : 0;
  var side = withPopup ? Math.min(180, (size.x - K.panelOverlap()) * 0.3) : 0;
  return {
    paddingTopLeft: [Math.max(50, side), room + up],
    paddingBottomRight: [Math.max(room, side) + K.panelOverlap(), room + credit],
  };
};
// The open legend folds when it would cover a marker of the fitted view.
K.clearLegend = function () {
  var box = legend.getContainer();
  if (!box || K.legendChosen || box.querySelector(".kasegi-legend-body").hidden) return;
  var r = box.getBoundingClientRect();
  var icons = map.getContainer().querySelectorAll(".kasegi-marker, .kasegi-cluster");
  var covered = Array.prototype.some.call(icons, function (icon) {
    var m = icon.getBoundingClientRect();
    return m.right > r.left && m.left < r.right && m.bottom > r.top && m.top < r.bottom;
  });
  if (covered) K.showLegend(false);
};
// The map fills its frame (on a desktop the page makes the frame as tall as the window). Its
// opening view shows every marker of the dataset above the open legend, so that the legend
// never covers a marker there; fitted before the map first reports its view, and again if the
// frame is resized before anyone or anything (a link, a filter's fit) moved the map.
K.startView = !!config.home_bounds;
K.fitHome = function () {
  if (!K.startView || K.fitToken || K.focusToken || map.getSize().y < 200) return;
  K.fittingHome = true;
  map.fitBounds(config.home_bounds, L.extend(K.fitPadding(), { maxZoom: 10, animate: false }));
  K.fittingHome = false;
  K.declutter();
  K.clearLegend();
};
map.on("dragstart zoomstart", function () { if (!K.fittingHome) K.startView = false; });
function fillFrame() {
  K.placeControls();
  var height = window.innerHeight;
  var container = map.getContainer();
  if (height > 200 && container.offsetHeight !== height) {
    container.style.height = height + "px";
    map.invalidateSize({ pan: false });
  }
  K.fitHome();
}
window.addEventListener("resize", fillFrame);
fillFrame();

// A base map that degrades honestly: where tiles cannot be loaded (a closed network, offline),
// the boundaries the app already has are the base — sea behind, land filled, prefecture
// outlines — and the attribution says so; ``base=none`` draws the same base on purpose.
K.drawBuiltInBase = function (failed) {
  if (K.builtInBase) return;
  K.builtInBase = true;
  var container = map.getContainer();
  container.style.background = config.sea_colour;
  container.dataset.base = failed ? "built-in (tiles failed)" : "built-in";
  K.boundaries.then(function () {
    if (K.prefectureData) {
      L.geoJSON(K.prefectureData, { pane: "kasegiLand", interactive: false, style: config.land_style }).addTo(map);
    }
  });
  if (failed) {
    map.attributionControl.addAttribution('<span class="kasegi-tiles-notice">' + K.esc(config.tiles_notice) + "</span>");
  }
};
var tiles = null;
map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) tiles = layer; });
if (!tiles) {
  K.drawBuiltInBase(false);
} else {
  var loaded = 0, failed = 0;
  tiles.on("tileload", function () { loaded += 1; });
  tiles.on("tileerror", function () {
    failed += 1;
    if (failed >= 4 && loaded === 0) K.drawBuiltInBase(true);  // none came: tiles are blocked
  });
}

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

// Accessibility of the map document itself: zooming allowed (folium's page forbids it), its
// language, motion only when wanted, tooltips dismissible with Esc (WCAG 1.4.4, 3.1.1, 2.3.3,
// 1.4.13).
document.querySelectorAll('meta[name="viewport"]').forEach(function (meta) {
  meta.setAttribute("content", "width=device-width, initial-scale=1.0");
});
document.documentElement.lang = config.language;
K.reducedMotion = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
if (K.reducedMotion) {
  map._zoomAnimated = false;
  map.options.zoomAnimation = false;
  map.options.fadeAnimation = false;
  map.options.markerZoomAnimation = false;
}
function onEscape(e) {
  if (e.key !== "Escape") return;
  map.eachLayer(function (layer) { if (layer.closeTooltip) layer.closeTooltip(); });
  map.closePopup();  // Leaflet's own Esc works only while the map container itself has focus
}
document.addEventListener("keydown", onEscape);
// A tooltip opened by hovering is dismissed with Esc wherever the focus is: in the host page
// too, when it is ours (same origin; an embedding page on another origin is left alone).
try {
  if (window.parent !== window && window.parent.document && !window.parent.__kasegiEscape) {
    window.parent.__kasegiEscape = true;
    window.parent.document.addEventListener("keydown", function (e) {
      var frames = window.parent.document.querySelectorAll("iframe[data-kasegi-map]");
      frames.forEach(function (frame) {
        var inner = frame.contentWindow;
        if (inner && inner.kasegiEscape) inner.kasegiEscape(e);
      });
    });
  }
} catch (err) { /* another origin: nothing to do */ }
window.kasegiEscape = onEscape;
// Leaflet focuses its container on the first mouse press, and the browser then scrolls the
// host page to show the whole container: the marker under the pointer moves before the button
// is released, and the click misses. Focus it first, without scrolling.
map.getContainer().addEventListener("mousedown", function () {
  var container = map.getContainer();
  if (document.activeElement !== container && !container.contains(document.activeElement)) {
    container.focus({ preventScroll: true });
  }
}, true);
// Embedded: the host page scrolls under one finger; two fingers move the map (WCAG 2.5.1).
if (config.gesture_text && map.gestureHandling) {
  map.options.gestureHandlingOptions = { text: config.gesture_text, duration: 1500 };
  map.gestureHandling.enable();
}
// A control overlaps the map's corners: keep a focused marker out from under them (2.4.11).
K.revealFocused = function (marker) {
  var legendBox = legend.getContainer();
  map.panInside(marker.getLatLng(), {
    paddingTopLeft: [60, 40],
    paddingBottomRight: [
      (legendBox ? legendBox.offsetWidth : 0) + 30 + K.panelOverlap(),  // nor under the panel
      (legendBox ? legendBox.offsetHeight : 0) + 30,
    ],
    animate: !K.reducedMotion,
  });
};

map.getContainer().style.setProperty("--kasegi-marker-size", config.marker_size + "px");

