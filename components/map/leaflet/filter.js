// A filter answered in the browser (components/ui/filter_panel.js asks, the map answers in the
// next frame): which of the marker catalog's projects match, and each facet's counts under the
// other filters, the rule of geo/table/filters.py (FacetIndex) over the catalog's facet columns
// (marker_catalog.catalog_data). The server answers the same change a moment later and its
// answer is the one that stays.
K.filtering = (function () {
  // fold_text: NFKC, casefold, katakana ァ…ヶ → hiragana. JavaScript has no casefold: upper
  // then lower case gives it (with its expansions: ß → SS → ss, ᾀ → ἈΙ → ἀι), except for
  // ς (lower case keeps it final), ẞ, dotless ı (kept) and Cherokee, which folds to its
  // capitals. The projects' side is folded on the server (search.json);
  // tests/test_filter_panel.py compares the two over the whole BMP.
  function fold(text) {
    var nfkc = String(text).normalize("NFKC");
    var cased = nfkc.replace(/[^ı]+/g, function (run) { return run.toUpperCase().toLowerCase(); });
    return cased.replace(/[ςß\u30a1-\u30f6\uab70-\uabbf\u13f8-\u13fd]/g, function (c) {
      var code = c.charCodeAt(0);
      if (c === "ς") return "σ";
      if (c === "ß") return "ss";  // from ẞ, whose upper case is itself
      if (code >= 0x30a1 && code <= 0x30f6) return String.fromCharCode(code - 0x60);  // katakana
      if (code >= 0xab70) return String.fromCharCode(code - 0x97d0);  // Cherokee small → capital
      return String.fromCharCode(code - 8);  // ᏸ…ᏽ → Ᏸ…Ᏽ
    });
  }

  // The rows of ``data`` having a chosen value of each facet but ``skip`` and every keyword
  // term; ``search``: the folded text per row (needed only when there are terms).
  function mask(data, search, chosen, terms, skip) {
    var size = data.id.length;
    var keep = new Uint8Array(size).fill(1);
    Object.keys(data.facets).forEach(function (facet) {
      var wanted = chosen[facet] || [];
      if (facet === skip || !wanted.length) return;
      var column = data.facets[facet];
      var codes = {};
      column.values.forEach(function (value, k) { if (wanted.indexOf(value) >= 0) codes[k] = true; });
      for (var p = 0; p < size; p++) {
        if (!keep[p]) continue;
        var has = false, cell = column.rows[p];
        for (var j = 0; j < cell.length && !has; j++) has = codes[cell[j]] === true;
        if (!has) keep[p] = 0;
      }
    });
    terms.forEach(function (term) {
      for (var p = 0; p < size; p++) if (keep[p] && search[p].indexOf(term) < 0) keep[p] = 0;
    });
    return keep;
  }

  // What the panel shows and the map draws for (chosen, keyword): the matching rows, their
  // number, and per facet value → how many under the other filters.
  function match(data, search, chosen, keyword) {
    var terms = fold(keyword || "").split(/\s+/).filter(Boolean);
    var shown = mask(data, search, chosen, terms, null);
    var counts = {}, total = 0;
    for (var p = 0; p < shown.length; p++) total += shown[p];
    Object.keys(data.facets).forEach(function (facet) {
      var column = data.facets[facet];
      var rows = mask(data, search, chosen, terms, facet);
      var tally = {};
      for (var p = 0; p < rows.length; p++) {
        if (!rows[p]) continue;
        column.rows[p].forEach(function (k) {
          var value = column.values[k];
          tally[value] = (tally[value] || 0) + 1;
        });
      }
      counts[facet] = tally;
    });
    return { shown: shown, count: total, counts: counts, needsSearch: terms.length > 0 };
  }

  // The inverse of K.decodeShown (components/map/shown_mask.py): 0/1 per position → base64.
  function encode(shown) {
    var bytes = new Uint8Array(Math.ceil(shown.length / 8));
    for (var p = 0; p < shown.length; p++) if (shown[p]) bytes[p >> 3] |= 1 << (p & 7);
    var text = "";
    for (var k = 0; k < bytes.length; k++) text += String.fromCharCode(bytes[k]);
    return btoa(text);
  }

  // The folded search text of a catalog: inline (an upload) or fetched once per catalog.
  var searches = {};
  function search(data) {
    if (data.search) return Promise.resolve(data.search);
    var url = data.popups.url + "search.json";
    if (!searches[url]) {
      searches[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    }
    return searches[url];
  }

  return { fold: fold, match: match, encode: encode, search: search };
})();
