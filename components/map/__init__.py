"""The map: pure Folium builders (``base_map``, ``project_layer``), its scripts and
stylesheets (``leaflet/``, ``map.css``, loaded by ``script``), the page's own component that
draws it (``component``, mounted by ``render``), what it reports (``events``), geometry on the
table (``geometry``), the standalone export (``standalone``) and the files it serves
(``assets``)."""
