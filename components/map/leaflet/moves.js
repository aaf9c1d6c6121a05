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
    if (K.onSettled) K.onSettled();
  }, 0);
};
