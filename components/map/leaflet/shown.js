// The shown projects' bitset (components/map/shown_mask.py): position p of the marker catalog
// is bit p % 8 (least significant first) of byte p / 8, the bytes in base64. Returns a
// Uint8Array of 0/1 per catalog position.
K.decodeShown = function (text, size) {
  var bytes = atob(text);
  if (bytes.length !== Math.ceil(size / 8)) {
    throw new Error(bytes.length + " bytes cannot hold a catalog of " + size);
  }
  var shown = new Uint8Array(size);
  for (var p = 0; p < size; p++) shown[p] = (bytes.charCodeAt(p >> 3) >> (p & 7)) & 1;
  return shown;
};
