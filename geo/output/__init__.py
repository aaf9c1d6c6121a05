"""What the app and the command line hand to people: tables and map data of a view
(``exports``) and the printable map (``printing``)."""
