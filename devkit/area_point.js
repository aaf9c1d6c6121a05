// A point of the area `code` (container pixels) where its own path in `pane` is the topmost
// element, so a hover or click there reaches it and not a marker, a cluster, a legend or a
// panel; the sample closest to the area's centre wins. null when no sample is uncovered.
([code, pane]) => {
  const map = window.kasegi.map;
  let layer = null;
  map.eachLayer((l) => {
    if (l.feature && l.feature.properties.code === code && l.options.pane === pane) layer = l;
  });
  if (!layer || !layer._path) return null;
  const box = map.getContainer().getBoundingClientRect();
  const bounds = layer.getBounds();
  const centre = map.latLngToContainerPoint(bounds.getCenter());
  const steps = 24, hits = [];
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const lat = bounds.getSouth() + ((bounds.getNorth() - bounds.getSouth()) * i) / steps;
      const lng = bounds.getWest() + ((bounds.getEast() - bounds.getWest()) * j) / steps;
      const p = map.latLngToContainerPoint([lat, lng]);
      if (p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height) continue;
      if (document.elementFromPoint(box.left + p.x, box.top + p.y) === layer._path) {
        hits.push([p.x, p.y, Math.hypot(p.x - centre.x, p.y - centre.y)]);
      }
    }
  }
  hits.sort((a, b) => a[2] - b[2]);
  return hits.length ? [hits[0][0], hits[0][1]] : null;
}
