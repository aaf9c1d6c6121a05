// The filter panel (components/ui/filter_panel.py): each facet a fieldset of native checkboxes,
// a search field, a reset button, and a polite status line with the shown count. A change is
// sent to the map first (an event it answers in the same frame with the new counts,
// components/map/leaflet/component.js), then to the server as the state value "change".
// Every change has a sequence number: a run answering an older change than the one shown
// leaves the panel as it is. Words are set as text, never as markup.

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function element(parent, tag, className) {
  const made = parent.appendChild(document.createElement(tag));
  if (className) made.className = className;
  return made;
}

function build(parentElement, data) {
  const words = data.words;
  const form = element(parentElement, "form", "kasegi-filters");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", words.filters);
  const boxes = {};  // facet → value → { input, text, label }
  data.facets.forEach((facet) => {
    const group = element(form, "fieldset");
    group.dataset.input = facet.input;
    element(group, "legend").textContent = facet.legend;
    const list = element(group, "div", facet.scroll ? "kasegi-options kasegi-scroll" : "kasegi-options");
    boxes[facet.name] = {};
    facet.options.forEach((option) => {
      const label = element(list, "label");
      const input = element(label, "input");
      input.type = "checkbox";
      input.name = facet.name;
      input.value = option.value;
      const text = element(label, "span");
      boxes[facet.name][option.value] = { input: input, text: text, label: option.label };
    });
  });
  const field = element(form, "div", "kasegi-keyword");
  const search = document.createElement("input");
  const label = element(field, "label");
  label.htmlFor = search.id = data.keyword_input;
  label.textContent = words.keyword;
  field.appendChild(search);
  search.type = "search";
  search.maxLength = data.keyword_max;
  search.autocomplete = "off";
  search.enterKeyHint = "search";
  search.setAttribute("aria-describedby", data.keyword_input + "-help");
  const help = element(field, "p", "kasegi-help");
  help.id = data.keyword_input + "-help";
  help.textContent = words.keyword_help;
  const reset = element(form, "button", "kasegi-reset");
  reset.type = "button";
  reset.textContent = words.reset;
  const status = element(form, "p", "kasegi-status");
  status.setAttribute("role", "status");  // polite: "14 / 23 件" after each change
  return { form, boxes, search, reset, status, words };
}

function makePanel(parentElement, data) {
  const view = build(parentElement, data);
  const local = { seq: data.seq, chosen: {}, keyword: "", sentKeyword: "" };
  let serverKeyword = null;  // the keyword the last run taken had: a new one is put in the field
  let setState = null;

  function active() {
    return Object.keys(local.chosen).some((f) => local.chosen[f].length) || local.keyword.trim() !== "";
  }
  function showChosen() {
    Object.keys(view.boxes).forEach((facet) => {
      const chosen = local.chosen[facet] || [];
      Object.keys(view.boxes[facet]).forEach((value) => {
        view.boxes[facet][value].input.checked = chosen.indexOf(value) >= 0;
      });
    });
    view.reset.disabled = !active();
  }
  function showCounts(counts, shown, total) {
    Object.keys(view.boxes).forEach((facet) => {
      const tally = counts[facet] || {};
      Object.keys(view.boxes[facet]).forEach((value) => {
        const box = view.boxes[facet][value];
        const text = fill(view.words.option_count, { label: box.label, count: tally[value] || 0 });
        if (box.text.textContent !== text) box.text.textContent = text;
      });
    });
    const line = fill(view.words.result_count, { shown: shown, total: total });
    if (view.status.textContent !== line) view.status.textContent = line;
  }
  let total = data.total;
  // The map's answer to this panel's latest change (or to the keyword being typed).
  function onAnswer(e) {
    if (e.detail.seq === local.seq) showCounts(e.detail.counts, e.detail.count, total);
  }
  const events = data.events;  // components/map/component.py's FILTER_EVENTS
  window.addEventListener(events.answer, onAnswer);

  function change() {
    return { seq: local.seq, chosen: JSON.parse(JSON.stringify(local.chosen)), keyword: local.keyword };
  }
  // A change: the map draws it now, the server takes it next.
  function commit() {
    local.seq += 1;
    local.sentKeyword = local.keyword;
    view.reset.disabled = !active();
    const sent = change();
    window.dispatchEvent(new CustomEvent(events.change, { detail: sent }));
    setState("change", sent);
  }
  view.form.addEventListener("change", (e) => {
    const input = e.target;
    if (input.type !== "checkbox") return;
    const facet = input.name;
    local.chosen[facet] = Object.keys(view.boxes[facet]).filter((v) => view.boxes[facet][v].input.checked);
    commit();
  });
  // Typing is shown on the map as it goes; the keyword is sent with Enter or on leaving the field.
  view.search.addEventListener("input", () => {
    local.keyword = view.search.value;
    window.dispatchEvent(new CustomEvent(events.change, { detail: change() }));
  });
  function commitKeyword() {
    local.keyword = view.search.value;
    if (local.keyword !== local.sentKeyword) {
      local.sentKeyword = local.keyword;
      commit();
    }
  }
  view.search.addEventListener("change", commitKeyword);
  view.form.addEventListener("submit", (e) => { e.preventDefault(); commitKeyword(); });
  view.reset.addEventListener("click", () => {
    Object.keys(local.chosen).forEach((facet) => { local.chosen[facet] = []; });
    local.keyword = local.sentKeyword = view.search.value = "";
    showChosen();
    commit();
    view.search.focus();  // the button is disabled now: focus stays in the panel
  });

  return {
    // A run's data: what it says is chosen, unless this panel has shown a newer change since.
    take(next, setStateValue) {
      setState = setStateValue;
      total = next.total;
      if (next.seq < local.seq) return;
      local.seq = next.seq;
      local.chosen = JSON.parse(JSON.stringify(next.chosen));
      if (next.keyword !== serverKeyword) {
        serverKeyword = next.keyword;
        local.keyword = local.sentKeyword = view.search.value = next.keyword;
      }
      showChosen();
      showCounts(next.counts, next.shown, next.total);
    },
    remove() {
      window.removeEventListener(events.answer, onAnswer);
      view.form.remove();
    },
  };
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  // The same panel across runs (focus and typing kept), made again when its words change.
  const shape = JSON.stringify([data.facets, data.words, data.keyword_max, data.keyword_input]);
  let panel = parentElement.__kasegiPanel;
  if (!panel || panel.shape !== shape) {
    if (panel) panel.remove();
    panel = parentElement.__kasegiPanel = makePanel(parentElement, data);
    panel.shape = shape;
  }
  panel.take(data, setStateValue);
  return () => {
    if (parentElement.isConnected) return;  // a newer run's call: the panel stays
    panel.remove();
    parentElement.__kasegiPanel = null;
  };
}
