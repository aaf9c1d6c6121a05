// Our stylesheet first (once per page): the legend's size (below) depends on it.
if (!document.getElementById("kasegi-map-css")) {
  var style = document.createElement("style");
  style.id = "kasegi-map-css";
  style.textContent = K.css;
  document.head.appendChild(style);
}

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
  var panel = document.getElementById("kasegi-side-panel");
  if (!panel || !panel.offsetParent) return 0;  // none, folded, or below the map (phones)
  var f = map.getContainer().getBoundingClientRect(), p = panel.getBoundingClientRect();
  if (p.top >= f.bottom || p.bottom <= f.top) return 0;
  return Math.max(0, Math.min(f.right, p.right) - Math.max(f.left, p.left));
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
