// The map as the page's own component (components/map/component.py). Called on every run with
// that run's data, on the same element: Leaflet and our code load once per page, a base map's
// script once per base (a new base replaces the map), and the project layer is drawn from
// each run's config by layer.js. What the map reports goes to the app as one state value.
// A filter changed in the panel (components/ui/filter_panel.js) is drawn at once from the
// catalog (filter.js); the server's run for it follows, and a run for an older change than the
// one shown is not drawn (each change has a sequence number, the layer says which it answers).

const REPORT_DELAY_MS = 250;  // a click and the move its popup makes are one report, one run
const INPUT_MS = 500;  // a move starting this soon after the person's input is theirs
const files = (window.__kasegiFiles = window.__kasegiFiles || {});  // URL → Promise, per page

function loadScript(url) {
  if (!files[url]) {
    files[url] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = false;
      script.onload = resolve;
      script.onerror = () => reject(new Error(url + ": not loaded"));
      document.head.appendChild(script);
    });
  }
  return files[url];
}

function loadStyle(url) {
  if (!files[url]) {
    files[url] = new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url;
      link.onload = resolve;
      link.onerror = resolve;  // the map works unstyled rather than not at all
      document.head.appendChild(link);
    });
  }
  return files[url];
}

// A file the map will fetch (its catalog, the boundaries), asked for now, beside the scripts,
// rather than after them: base.js's fetch() then finds it in the preload cache.
function prefetch(url, as) {
  if (files[url]) return;
  files[url] = true;
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = as;
  if (as === "fetch") link.crossOrigin = "anonymous";
  link.href = url;
  document.head.appendChild(link);
}

// A base map's script runs again whenever its map is made (a switch back to an earlier base):
// a new script element each time, from its static URL or, for an upload, from a Blob.
function runBaseScript(base) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    const blob = base.script_url ? null : URL.createObjectURL(new Blob([base.script], { type: "text/javascript" }));
    script.src = base.script_url || blob;
    script.onload = () => { script.remove(); if (blob) URL.revokeObjectURL(blob); resolve(); };
    script.onerror = () => reject(new Error("the base map's script did not load"));
    document.head.appendChild(script);
  });
}

function viewOf(map) {
  const bounds = map.getBounds(), center = map.getCenter();
  return {
    bounds: {
      _southWest: { lat: bounds.getSouth(), lng: bounds.getWest() },
      _northEast: { lat: bounds.getNorth(), lng: bounds.getEast() },
    },
    zoom: map.getZoom(),
    center: { lat: center.lat, lng: center.lng },
  };
}

// One map per element: made for a base, kept across runs, replaced when the base changes.
async function makeMap(holder, base) {
  base.prefetch.forEach((url) => prefetch(url, "fetch"));
  if (base.script_url) prefetch(base.script_url, "script");
  // All at once; the scripts still run in their order (async = false).
  await Promise.all([...base.css.map(loadStyle), ...base.js.map(loadScript)]);
  const kept = window.kasegi || {};
  // A new base starts from a clean slate: only our code and what was fetched stay.
  const { code, css, decodeShown, filtering, catalogs, shards } = kept;
  window.kasegi = { code, css, decodeShown, filtering, catalogs, shards };
  const canvas = document.createElement("div");
  canvas.id = base.id;
  canvas.className = "folium-map";
  holder.root.appendChild(canvas);
  await runBaseScript(base);
  const map = window[base.id];
  window[base.id] = undefined;  // the script's global (a var: it cannot be deleted)
  const K = window.kasegi;
  K.map = map;
  let clicks = 0, feature = null, sent = null, timer = null;
  // Whether the view was moved by the person (a drag, the wheel, a key, a button, a popup
  // opened by a click) or by the map itself (a fit the app asked for, the page resizing the
  // map): a move that starts within INPUT_MS of their input is theirs. Only theirs goes into
  // the link (components/state/moves.py).
  let inputAt = -Infinity, byUser = false;
  const container = map.getContainer();
  ["pointerdown", "wheel", "keydown", "touchstart"].forEach((type) => {
    container.addEventListener(type, () => { inputAt = performance.now(); }, { capture: true, passive: true });
  });
  map.on("movestart zoomstart", () => {
    if (performance.now() - inputAt < INPUT_MS) byUser = true;
  });
  // The browser's "do not track me" (a setting its person chose): the app counts nothing of
  // this page (components/state/usage.py). Browsers send it with the page, not with
  // Streamlit's WebSocket, so the map says it with its first report.
  const REFUSES_COUNTING = navigator.doNotTrack === "1" || navigator.globalPrivacyControl === true;
  function send() {
    timer = null;
    const user = byUser;
    byUser = false;
    const value = Object.assign({ last_object_clicked_count: clicks || null, last_active_drawing: feature, user: user,
      counting_refused: REFUSES_COUNTING }, viewOf(map));
    const text = JSON.stringify(value);
    if (text === sent) return;
    sent = text;
    holder.setStateValue("report", value);
  }
  function soon() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(send, REPORT_DELAY_MS);
  }
  K.onClick = (clicked) => { clicks += 1; feature = clicked; soon(); };
  map.on("moveend", soon);
  // The opening view, once: when the first layer has been drawn and its moves made (a
  // shared link's fit), not before them and again after (two runs for one opening).
  K.onSettled = () => {
    K.onSettled = null;
    if (timer) clearTimeout(timer);
    send();
  };
  return { base: base.digest, map: map, K: K, canvas: canvas, group: null, layer: null,
           stop: () => { if (timer) clearTimeout(timer); } };
}

function removeMap(made) {
  made.stop();
  if (made.K.teardown) made.K.teardown();
  made.map.remove();
  made.canvas.remove();
}

// A change of the filter panel, drawn with the last run's layer and the projects the catalog
// says it shows; the panel hears the counts. Before the map and its catalog are there, the
// server's run draws it.
function preview(holder, change) {
  holder.seq = Math.max(holder.seq, change.seq);
  const made = holder.made, state = made && made.K.layer;
  if (!made || !made.config || !state || !state.data) return;
  const F = made.K.filtering, data = state.data;
  const search = change.keyword.trim() ? F.search(data) : Promise.resolve(null);
  search.then((texts) => {
    if (change.seq !== holder.seq || holder.made !== made) return;  // a newer change, a new map
    const result = F.match(data, texts, change.chosen, change.keyword);
    const clustered = result.count > made.config.cluster_at;
    draw(made, Object.assign({}, made.config, { shown: F.encode(result.shown), clustered: clustered, seq: change.seq }));
    window.dispatchEvent(new CustomEvent(holder.events.answer, { detail: { seq: change.seq, count: result.count, counts: result.counts } }));
  }).catch((err) => console.error(err));  // the server's run draws it
}

function draw(made, layer) {
  const text = JSON.stringify(layer);
  if (text === made.layer) return;
  made.layer = text;
  if (made.group) made.map.removeLayer(made.group);
  made.group = L.featureGroup().addTo(made.map);
  made.K.code["layer.js"](made.map, made.group, layer);
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let holder = parentElement.__kasegiMap;
  if (!holder) {
    const root = document.createElement("div");
    root.setAttribute("data-kasegi-map", "1");
    root.setAttribute("role", "region");
    parentElement.appendChild(root);
    holder = parentElement.__kasegiMap = { root: root, made: null, pending: Promise.resolve(), seq: 0 };
    holder.onChange = (e) => preview(holder, e.detail);
    holder.events = data.events;  // component.py's FILTER_EVENTS
    window.addEventListener(holder.events.change, holder.onChange);
  }
  holder.setStateValue = setStateValue;
  holder.root.setAttribute("aria-label", data.base.label);
  holder.root.style.height = data.base.height + "px";
  // Runs in order: a run's layer is drawn on the map of its own base.
  holder.pending = holder.pending.then(async () => {
    if (!holder.made || holder.made.base !== data.base.digest) {
      if (holder.made) removeMap(holder.made);
      holder.made = null;
      holder.made = await makeMap(holder, data.base);
    }
    // A run for an older change than the one shown: the run for the newer one follows.
    if (holder.made.config && (data.layer.seq || 0) < holder.seq) return;
    holder.made.config = data.layer;
    draw(holder.made, data.layer);
  }).catch((err) => {
    holder.root.dataset.error = String(err && err.message || err);
    console.error(err);
  });
  return () => {
    if (parentElement.isConnected) return;  // a newer run's call: the map stays
    window.removeEventListener(holder.events.change, holder.onChange);
    holder.pending.then(() => { if (holder.made) removeMap(holder.made); });
  };
}
