"""A publisher's table turned into a dataset: read with limits (``reader``), columns given
roles (``roles``), areas matched to official codes (``matching``), each row's outcome named
(``reasons``), the dataset built (``builder``)."""
