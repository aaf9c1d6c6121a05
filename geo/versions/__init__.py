"""A list published more than once: its dated versions (``history``), what changed between two
of them (``changes``) and the ids that keep a shared link on the same project (``identity``)."""
