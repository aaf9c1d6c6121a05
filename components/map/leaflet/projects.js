// The per-rerun layer: numbered markers and highlighted areas of the filtered projects.
// Only codes, colours and escaped texts travel here; the polygons were loaded once by base.js.
var K = (window.kasegi = window.kasegi || {});
K.markers = {};
K.clustered = false;
K.drawAreas(group, config.areas);
if (config.counts) K.drawCounts(group, config.counts);

config.markers.forEach(function (m) {
  var look = K.marked(
    config, m.id, '<span style="background:' + m.colour + ";color:" + m.text_colour + '">' + m.no + "</span>", m.title
  );
  m.title = look.title;
  var icon = L.divIcon({
    className: look.className,
    html: look.html,
    iconSize: [config.marker_size, config.marker_size],
    iconAnchor: [config.marker_size / 2, config.marker_size / 2],
  });
  var marker = L.marker([m.lat, m.lon], {
    icon: icon, kasegiNo: m.no, kasegiColour: m.colour, riseOnHover: true, keyboard: true,
    title: m.title, alt: m.title,
  });
  marker.bindTooltip(m.tooltip, { direction: "top", offset: [0, -config.marker_size / 2], interactive: true });
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
      var icon = marker.getElement();
      if (!(icon && e.relatedTarget && icon.contains(e.relatedTarget))) marker.closeTooltip();
    });
  });
  // Popups fit a phone: never wider than the map less their padding.
  marker.bindPopup(m.popup, { maxWidth: Math.max(160, Math.min(360, map.getSize().x - 80)), autoPanPadding: [20, 20] });
  K.reportsAs(marker, m.click);
  // A named button in number order (Tab), opened with Enter or Space exactly as a click (so the
  // app hears it too: Leaflet's own Enter only opens the popup); Esc closes the popup
  // (Leaflet) and focus comes back here when it was inside the popup.
  marker.on("add", function () {
    var iconElement = marker.getElement();
    iconElement.setAttribute("aria-label", m.title);
    L.DomEvent.on(iconElement, "keydown", function (e) {
      if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
        L.DomEvent.preventDefault(e);
        marker.fire("click", { originalEvent: e }, true);
      }
    });
    L.DomEvent.on(iconElement, "focus", function () {
      // Keyboard focus only: panning under a mouse press would make the click miss.
      if (iconElement.matches(":focus-visible")) K.revealFocused(marker);
    });
  });
  marker.on("popupclose", function (e) {
    var active = document.activeElement;
    var content = e.popup && e.popup.getElement();
    var iconElement = marker.getElement();
    if (iconElement && (active === document.body || (content && content.contains(active)))) {
      iconElement.focus({ preventScroll: true });
    }
  });
  marker.addTo(group);
  K.markers[m.id] = marker;
});

map.getContainer().setAttribute("data-shown", String(config.markers.length));
K.applyMoves(config, function (id) {
  var marker = K.markers[id];
  return marker ? function (autoPan) {
    // A shared view is kept as sent: the popup must not pan the map away from it.
    marker.getPopup().options.autoPan = autoPan;
    marker.openPopup();
    marker.getPopup().options.autoPan = true;
  } : null;
});
