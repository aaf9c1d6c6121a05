// Armed before a filter click (bench/__main__.py, bench/scale.py): the page's own clock from
// the click to the first animation frame in which the map shows the change, and to the first
// in which the server's run has answered. Read in the page, each frame, so a busy main thread
// (the rerun's deltas being drawn) cannot delay the reading as polling from outside would.
// Both conditions come as the source of a function returning true or false.
([mapShows, serverAnswered]) => {
  const map = new Function("return (" + mapShows + ")()");
  const server = new Function("return (" + serverAnswered + ")()");
  const times = (window.__changeTimes = { click: null, map: null, server: null });
  document.addEventListener("click", () => { times.click = performance.now(); }, { capture: true, once: true });
  function frame() {
    if (times.click !== null) {
      if (times.map === null && map()) times.map = performance.now();
      if (times.server === null && server()) times.server = performance.now();
    }
    if (times.map === null || times.server === null) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
}
