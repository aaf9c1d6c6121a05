// The per-rerun layer of a large table: the shown projects as numbered markers in clusters
// (Leaflet.markercluster), which split as the map zooms in. Only positions in the dataset's
// marker catalog and colour indices travel here; the catalog (ids, numbers, places, names) is
// fetched once per URL (or comes inline for an uploaded table). Names are set as text, never
// as markup. Clicking a marker selects its project: the app shows it in the detail panel.
var K = (window.kasegi = window.kasegi || {});
K.markers = {};
K.clustered = true;
K.catalogs = K.catalogs || {};
K.drawAreas(group, config.areas);
if (config.counts) K.drawCounts(group, config.counts);

function catalog() {
  if (config.catalog) return Promise.resolve(config.catalog);
  if (!K.catalogs[config.catalog_url]) {
    K.catalogs[config.catalog_url] = fetch(config.catalog_url).then(function (r) {
      if (!r.ok) throw new Error(config.catalog_url + ": " + r.status);
      return r.json();
    });
  }
  return K.catalogs[config.catalog_url];
}

function textOf(value) {
  var span = document.createElement("span");
  span.textContent = value;
  return span;
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

var clusters = L.markerClusterGroup({
  chunkedLoading: true,
  showCoverageOnHover: false,
  spiderfyOnMaxZoom: true,
  maxClusterRadius: 48,
  animate: !K.reducedMotion,
  iconCreateFunction: function (cluster) {
    var count = cluster.getChildCount();
    var size = count < 100 ? 34 : count < 1000 ? 42 : 50;
    return new ClusterIcon({
      className: "kasegi-cluster",
      html: "<span>" + count + "</span>",
      iconSize: [size, size],
      label: config.labels.cluster.replace("{count}", count),
      cluster: cluster,
    });
  },
});
clusters.addTo(group);
K.clusters = clusters;

catalog().then(function (data) {
  K.catalogIds = data.id;
  var size = config.marker_size;
  var titles = data.title[config.language] || data.title.ja;
  var markers = config.shown.map(function (position, k) {
    var colour = config.palette[config.colour[k]];
    var id = data.id[position];
    var look = K.marked(
      config, id, '<span style="background:' + colour[0] + ";color:" + colour[1] + '">' + data.no[position] + "</span>",
      titles[position]
    );
    var title = look.title;
    var icon = L.divIcon({
      className: look.className,
      html: look.html,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
    var marker = L.marker([data.lat[position], data.lon[position]], {
      icon: icon, kasegiNo: data.no[position], kasegiColour: colour[0], keyboard: true,
      title: title, alt: title,
    });
    // Tooltip and popup made when first shown: thousands of markers cost no DOM until then.
    marker.bindTooltip(function () { return textOf(title); }, { direction: "top", offset: [0, -size / 2] });
    marker.bindPopup(function () {
      var popup = document.createElement("div");
      popup.className = "kasegi-popup";
      popup.appendChild(document.createElement("h4")).textContent = title;
      popup.appendChild(document.createElement("p")).textContent = config.labels.detail;
      return popup;
    }, { maxWidth: Math.max(160, Math.min(360, map.getSize().x - 80)) });
    K.reportsAs(marker, { type: "Feature", geometry: null, properties: { kasegi_ids: [id] } });
    marker.on("add", function () {
      var element = marker.getElement();
      element.setAttribute("aria-label", title);
      L.DomEvent.on(element, "keydown", function (e) {
        if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
          L.DomEvent.preventDefault(e);
          marker.fire("click", { originalEvent: e }, true);
        }
      });
    });
    K.markers[id] = marker;
    return marker;
  });
  clusters.addLayers(markers);
  map.getContainer().setAttribute("data-shown", String(markers.length));
  K.applyMoves(config, function (id) {
    var marker = K.markers[id];
    return marker ? function () {
      clusters.zoomToShowLayer(marker, function () { marker.openPopup(); });
    } : null;
  });
});
