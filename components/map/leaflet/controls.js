// Fullscreen: the map's element alone.
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
K.listen(document, "fullscreenchange", function () { map.invalidateSize(); });

// Accessibility: the standalone page zooms (folium's page forbids it) and has a language
// (the app's page sets its own); motion only when wanted, tooltips dismissible with Esc (WCAG
// 1.4.4, 3.1.1, 2.3.3, 1.4.13).
if (!inPage) {
  document.querySelectorAll('meta[name="viewport"]').forEach(function (meta) {
    meta.setAttribute("content", "width=device-width, initial-scale=1.0");
  });
  document.documentElement.lang = config.language;
}
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
// Wherever the focus is in the page (Leaflet's own Esc works only on the map's container).
K.listen(document, "keydown", onEscape);
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
