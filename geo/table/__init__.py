"""The project table the app shows and what is computed over it: joined to its areas and
prepared once (``prepare``, ``join``), filtered (``filters``), counted (``aggregates``,
``choropleth``)."""
