"""The map: pure Folium builders (``layers``), its scripts and stylesheet (``leaflet/``,
``map.css``, loaded by ``script``), what it reports (``events``), geometry on the table
(``geometry``), the one ``st_folium`` call (``render``), the standalone export (``export``)
and the files it serves (``assets``)."""
