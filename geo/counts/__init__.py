"""Which projects, filters and links people use, counted without tracking anyone
(``docs/counts.md``): each event adds one to a counter of its day (Japan's time) and key;
no visitor, session, address or browser is ever stored. ``events`` names what is counted,
``recorder`` batches increments in memory and writes them off the page's path, ``database``
keeps them (SQLite by default, PostgreSQL for several copies), ``report`` reads them back
with small counts hidden."""
