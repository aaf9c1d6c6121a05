// A numbered marker's popup: the title at once, then the whole popup (its fields and
// summary) from its shard or the layer, and the correction link a dataset offers.
function popupHtml(data, p) {
  if (config.popups) return Promise.resolve(config.popups[p]);
  var shard = Math.floor(p / data.popups.shard);
  var url = data.popups.url + config.language + "-" + shard + ".json";
  K.shards = K.shards || {};
  if (!K.shards[url]) K.shards[url] = K.fetchJson(url);
  return K.shards[url].then(function (popups) { return popups[p % data.popups.shard]; });
}

function fillPopup(data, p, box) {
  if (!box.kasegiFilling) {
    box.kasegiFilling = popupHtml(data, p).then(function (html) {
      if (!html) {  // not sent yet (a filter answered in the browser): the next open asks again
        box.kasegiFilling = null;
        return;
      }
      box.innerHTML = html;
      var correction = (config.corrections || {})[p];
      if (correction) {
        var line = box.firstChild.appendChild(document.createElement("p"));
        line.className = "meta";
        var link = line.appendChild(document.createElement("a"));
        link.href = correction;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.textContent = config.labels.correction;
      }
    });
  }
  return box.kasegiFilling;
}
