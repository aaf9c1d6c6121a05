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

function colourOf(data, p) {
  var scheme = data.colours[config.colour_by] || data.colours.single;
  return scheme.palette[scheme.index[p]];
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
  K.reportsAs(marker, { type: "Feature", geometry: null, properties: { kasegi_ids: [id], kasegi_via: "marker" } });
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
