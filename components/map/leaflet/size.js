// The map fills its element (on a desktop the page makes it as tall as the window). Its
// opening view shows every marker of the dataset above the open legend, so that the legend
// never covers a marker there; fitted before the map first reports its view, and again if the
// element is resized before anyone or anything (a link, a filter's fit) moved the map.
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
function fillWindow() {
  var height = window.innerHeight;
  var container = map.getContainer();
  if (height > 200 && container.offsetHeight !== height) {
    container.style.height = height + "px";
    map.invalidateSize({ pan: false });
  }
}
function resized() {
  K.placeControls();
  if (inPage) map.invalidateSize({ pan: false });
  else fillWindow();
  K.fitHome();
}
if (inPage) {
  K.resizeObserver = new ResizeObserver(resized);
  K.resizeObserver.observe(map.getContainer());
} else {
  K.listen(window, "resize", resized);
}
resized();
