"""Municipal and prefectural boundaries from MLIT N03: where the input comes from
(``n03_sources``) and how the two layers are built from it (``n03_build``)."""
